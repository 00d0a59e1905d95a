"""The modules the AWS plugin seeds a module factory with (``iacf factory init``).

A seeded module is a vendored module (``templates/modules/<name>``, plain HCL copied verbatim into generated
projects) plus what a factory module needs besides: ``examples/basic`` and offline ``terraform test`` files
asserting its security defaults (``factory_seed/<name>``). A module without both is not seeded.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from iacf_core import FactoryModuleSource

CLOUD = "aws"


def _read_tree(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in rel or "/.terraform" in f"/{rel}" or rel.endswith(".terraform.lock.hcl"):
            continue
        out[rel] = path.read_text(encoding="utf-8")
    return out


def seed_modules(modules_by_kind: dict[str, tuple[str, ...]]) -> list[FactoryModuleSource]:
    provides: dict[str, set[str]] = {}
    for kind, names in modules_by_kind.items():
        for name in names:
            provides.setdefault(name, set()).add(kind)
    root = Path(str(files("iacf_aws")))
    seeds = root / "factory_seed"
    result = []
    for name in sorted(provides):
        extra = seeds / name
        if not (extra / "tests").is_dir() or not (extra / "examples" / "basic").is_dir():
            continue
        module_files = _read_tree(root / "templates" / "modules" / name)
        readme = module_files.get("README.md", f"# {name}\n")
        title = readme.split("\n\n")[1] if readme.count("\n\n") >= 1 else ""
        title = " ".join(title.split())
        result.append(FactoryModuleSource(cloud=CLOUD, name=name, provides=tuple(sorted(provides[name])),
                                          files={**module_files, **_read_tree(extra)}, description=title))
    return result
