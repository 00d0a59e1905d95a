"""`python -m iacf_governance.docs` prints the controls reference page."""

from .plugin import reference_markdown

if __name__ == "__main__":
    print(reference_markdown(), end="")
