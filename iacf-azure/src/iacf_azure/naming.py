"""Names Azure makes globally unique, computed once for every kind that needs them.

A storage account name is 3 to 24 lowercase letters and digits. A project's account is named
``st`` + the compact project name (``local.compact``, at most 13 characters) + a tag of its component + the 6
characters of ``local.suffix``: the tag is cut in the HCL to the 16 characters ``st`` and the suffix leave, less the
compact name, so the name fits 24 whatever the project's length.

The tag is the component's id without separators, whole when it is short, else its first ``kept`` characters.
``kept`` is 4 for an object storage account and 3 for a static site's: the widths their names were first made with
(a template filter that kept an id whole up to ``kept`` + 5 characters). A name that fitted keeps its value, so no
deployed account is replaced.
"""

from __future__ import annotations

# "st" and the 6-character suffix leave 16 of the 24 characters to the compact name and the tag
STORAGE_NAME_MAX = 24
STORAGE_NAME_ROOM = STORAGE_NAME_MAX - len("st") - 6
# the template filter the names were first made with kept an id whole up to this many characters past its width
_LEEWAY = 5


def storage_account_tag(component_id: str, kept: int) -> str:
    """The component's part of its storage account name, before the HCL cuts it to what the compact name leaves:
    the id without ``_`` and ``-``, whole up to ``kept`` + 5 characters, else its first ``kept``."""
    if kept < 1:
        raise ValueError(f"a storage account tag keeps at least 1 character, not {kept}")
    tag = component_id.replace("_", "").replace("-", "")
    return tag if len(tag) <= kept + _LEEWAY else tag[:kept]


def storage_account_name(component_id: str, kept: int) -> str:
    """The HCL string of the component's storage account name (``kept``: see :func:`storage_account_tag`)."""
    cut = f'substr("{storage_account_tag(component_id, kept)}", 0, {STORAGE_NAME_ROOM} - length(local.compact))'
    return f'"st${{local.compact}}${{{cut}}}${{local.suffix}}"'
