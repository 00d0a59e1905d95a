"""How a cloud package lays out its templates and how they become a generated project's files.

A cloud mounts its ``templates/`` folder under a prefix (``TemplateSource``) holding:

* ``<kinds>/<folder>/<file>.j2``: a kind's root pieces, one template per root file (``main.tf.j2``,
  ``variables.tf.j2``...); pieces of the same file from several components are joined by the pipeline;
* ``<kinds>/project/<file>.j2``: the project's own files (versions, providers, backend...);
* ``modules/<name>/``: vendored modules, copied verbatim under ``modules/<name>/``;
* ``bootstrap/``: the root module that creates the remote state, copied verbatim under ``bootstrap/``.

Beside ``templates/``, ``factory_seed/<name>/`` holds what a vendored module needs to enter a module factory
(``examples/basic/`` and ``tests/*.tftest.hcl``): :func:`factory_seed` turns both into the modules the cloud
seeds a factory with.

Core's own ``scaffold/`` templates give every project the same ``.gitignore``, pre-commit and Checkov settings.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..kernel.models import RenderedFile
from ..kernel.registry import FactoryModuleSource
from ..kernel.rendering import Renderer

ROOT_FILES = ("main.tf", "variables.tf", "outputs.tf", "checks.tf", "iacf.auto.tfvars")
"""The root files a kind may add a piece to, in the order they are rendered."""

SCAFFOLD_FILES: tuple[tuple[str, str], ...] = (
    (".gitignore", "gitignore.j2"),
    (".checkov.yaml", "checkov.yaml.j2"),
    (".pre-commit-config.yaml", "pre-commit-config.yaml.j2"),
)
"""Project files every cloud writes from core's ``scaffold/`` templates (output path, template)."""


@dataclass(frozen=True)
class CloudLayout:
    """Where one cloud's templates are, under the prefix its plugin registered."""

    prefix: str
    kinds: str = "kinds"  # folder of the kinds' root pieces and of ``project/``
    root_files: tuple[str, ...] = ROOT_FILES

    def kind_files(self, renderer: Renderer, folder: str, context: Mapping[str, Any]) -> list[RenderedFile]:
        """The root pieces of one component: each root file whose template exists in ``folder``."""
        out = []
        for name in self.root_files:
            template = f"{self.prefix}/{self.kinds}/{folder}/{name}.j2"
            if renderer.exists(template):
                out.append(renderer.file(name, template, **context))
        return out

    def project_files(self, renderer: Renderer, files: Sequence[tuple[str, str]],
                      context: Mapping[str, Any]) -> list[RenderedFile]:
        """The project's files, ``(output path, template under <kinds>/project/)``, in order."""
        return [renderer.file(path, f"{self.prefix}/{self.kinds}/project/{template}", **context)
                for path, template in files]

    def modules(self, renderer: Renderer, names: Iterable[str]) -> list[RenderedFile]:
        """The vendored modules ``names`` (each once, sorted), copied under ``modules/``."""
        out = []
        for name in sorted(set(names)):
            out.extend(renderer.tree(self.prefix, f"modules/{name}", f"modules/{name}"))
        return out

    def bootstrap(self, renderer: Renderer) -> list[RenderedFile]:
        """The state bootstrap root module, copied under ``bootstrap/``."""
        return renderer.tree(self.prefix, "bootstrap", "bootstrap")


def scaffold(renderer: Renderer, *, ignore: Sequence[str] = (), pre_commit: str = "") -> list[RenderedFile]:
    """``.gitignore``, ``.checkov.yaml`` and ``.pre-commit-config.yaml``.

    ``ignore`` adds the cloud's own local-only files to ``.gitignore``; ``pre_commit`` is YAML appended to the
    hooks of ``pre-commit/pre-commit-hooks`` (a cloud's credential detector).
    """
    return [renderer.file(path, f"core/scaffold/{template}", ignore=list(ignore), pre_commit=pre_commit)
            for path, template in SCAFFOLD_FILES]


def binary_file(path: str, data: bytes) -> RenderedFile:
    """A binary file of the project (written from base64)."""
    return RenderedFile(path=path, encoding="base64", content=base64.b64encode(data).decode())


def deterministic_zip(name: str, text: str) -> bytes:
    """A zip holding one file, byte-identical on every run: stored, fixed timestamp, 0644, Unix."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.create_system = 3
        archive.writestr(info, text)
    return buffer.getvalue()


def _read_tree(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in rel or "/.terraform" in f"/{rel}" or rel.endswith(".terraform.lock.hcl"):
            continue
        out[rel] = path.read_text(encoding="utf-8")
    return out


def factory_seed(package: str, cloud: str, modules_by_kind: Mapping[str, Sequence[str]], *,
                 templates: str = "templates", seeds: str = "factory_seed") -> list[FactoryModuleSource]:
    """The modules a cloud seeds a module factory with (``iacf factory init``), sorted by name.

    Each is a vendored module of ``package`` (``<templates>/modules/<name>``) plus its ``<seeds>/<name>``
    folder (``examples/basic`` and ``tests``); a module without both is not seeded. ``modules_by_kind`` (kind →
    module names, :func:`iacf_core.modules_by_kind`) gives what each module provides; the description is the
    first paragraph of the module's README after its title.
    """
    provides: dict[str, set[str]] = {}
    for kind, names in modules_by_kind.items():
        for name in names:
            provides.setdefault(name, set()).add(kind)
    root = Path(str(files(package)))
    result = []
    for name in sorted(provides):
        extra = root / seeds / name
        if not (extra / "tests").is_dir() or not (extra / "examples" / "basic").is_dir():
            continue
        module_files = _read_tree(root / templates / "modules" / name)
        readme = module_files.get("README.md", f"# {name}\n")
        title = " ".join(readme.split("\n\n")[1].split()) if readme.count("\n\n") >= 1 else ""
        result.append(FactoryModuleSource(cloud=cloud, name=name, provides=tuple(sorted(provides[name])),
                                          files={**module_files, **_read_tree(extra)}, description=title))
    return result
