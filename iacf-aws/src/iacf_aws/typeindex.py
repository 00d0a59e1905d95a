"""The index of the Terraform types each template folder declares (``data/template_types.json``).

A generate needs the types of its components' template folders to scope the CI roles
(:func:`iacf_aws.delivery.ci_services`). Reading and scanning every folder's templates at each start cost more
than the rest of the AWS governance step, so the index is written from the templates once, shipped with the
package, and checked against them by the test suite (``tests/test_ci_access.py``). After changing a template::

    python -m iacf_aws.typeindex        # rewrites src/iacf_aws/data/template_types.json
"""

from __future__ import annotations

import json
import re
import sys
from importlib.resources import files
from pathlib import Path

from .delivery import TYPE_INDEX, declared_types

TOPS = ("root", "modules")  # bootstrap/ runs with the administrator's credentials: not indexed


# a template's import of a shared partial of its top folder ({% import "aws/root/_alarms.j2" as alarms %}): the
# partial's macros declare resources in the importing folder's files
_PARTIAL = re.compile(r'\{%-?\s*(?:import|include|from)\s+"aws/(root|modules)/(_[\w.-]+)"')


def scan() -> dict[str, list[str]]:
    """``{"root/<kind>" | "modules/<name>": sorted types}`` read from the installed templates, with those of the
    shared partials (``root/_*.j2``) each folder imports."""
    base = Path(str(files("iacf_aws").joinpath("templates")))
    found: dict[str, list[str]] = {}
    for top in TOPS:
        for folder in sorted(p for p in (base / top).iterdir() if p.is_dir() and p.name != "__pycache__"):
            texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*"))
                     if p.suffix in (".tf", ".j2") and p.is_file()]
            partials = sorted({m for text in texts for m in _PARTIAL.findall(text)})
            texts += [(base / where / name).read_text(encoding="utf-8") for where, name in partials]
            found[f"{top}/{folder.name}"] = sorted(declared_types(texts))
    return found


def render(index: dict[str, list[str]]) -> str:
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


def main() -> int:
    target = Path(__file__).resolve().parent / "data" / TYPE_INDEX
    target.write_text(render(scan()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
