"""The index of the Terraform types each template folder declares (``data/template_types.json``).

A generate needs the types of its components' template folders to scope the CI roles
(:func:`iacf_aws.delivery.ci_services`), and the types each root folder declares through its us-east-1
provider to scope what the roles may do there (:func:`iacf_aws.delivery.us_east_1_services`). Reading and
scanning every folder's templates at each start cost more than the rest of the AWS governance step, so the index
is written from the templates once, shipped with the package, and checked against them by the test suite
(``tests/test_ci_access.py``). After changing a template::

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


# a top-level block of a template (HCL formatted: its closing brace is the first one in column 0)
_BLOCK = re.compile(r'^(resource|data|ephemeral|module)\s+"([^"\n]*)"[^\n]*\{[ \t]*\n(.*?)^\}', re.M | re.S)
_ON_US_EAST_1 = re.compile(r"^\s*provider\s*=\s*aws\.us_east_1\s*$", re.M)  # resource or data source
_GIVEN_US_EAST_1 = re.compile(r"^\s*aws\s*=\s*aws\.us_east_1\s*$", re.M)  # a module's providers map
_MODULE_SOURCE = re.compile(r'^\s*source\s*=\s*"\./modules/([a-z0-9_]+)"', re.M)


def scan() -> dict[str, dict[str, list[str]]]:
    """Read from the installed templates: ``folders``, ``{"root/<kind>" | "modules/<name>": sorted types}`` with
    those of the shared partials (``root/_*.j2``) each folder imports; ``us_east_1``, ``{"root/<kind>": sorted
    types}`` of the root folders that declare blocks with ``provider = aws.us_east_1`` or give a module
    ``aws = aws.us_east_1`` (all of that module's types)."""
    base = Path(str(files("iacf_aws").joinpath("templates")))
    folders: dict[str, list[str]] = {}
    texts_of: dict[str, list[str]] = {}
    for top in TOPS:
        for folder in sorted(p for p in (base / top).iterdir() if p.is_dir() and p.name != "__pycache__"):
            texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*"))
                     if p.suffix in (".tf", ".j2") and p.is_file()]
            partials = sorted({m for text in texts for m in _PARTIAL.findall(text)})
            texts += [(base / where / name).read_text(encoding="utf-8") for where, name in partials]
            texts_of[f"{top}/{folder.name}"] = texts
            folders[f"{top}/{folder.name}"] = sorted(declared_types(texts))
    there: dict[str, list[str]] = {}
    for name, texts in texts_of.items():
        if not name.startswith("root/"):
            continue
        found: set[str] = set()
        for block, label, body in (b for text in texts for b in _BLOCK.findall(text)):
            if block == "module":
                if _GIVEN_US_EAST_1.search(body) and (source := _MODULE_SOURCE.search(body)):
                    found.update(folders.get(f"modules/{source.group(1)}", ()))
            elif _ON_US_EAST_1.search(body):
                found.add(label)
        if found:
            there[name] = sorted(found)
    return {"folders": folders, "us_east_1": there}


def render(index: dict[str, dict[str, list[str]]]) -> str:
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


def main() -> int:
    target = Path(__file__).resolve().parent / "data" / TYPE_INDEX
    target.write_text(render(scan()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
