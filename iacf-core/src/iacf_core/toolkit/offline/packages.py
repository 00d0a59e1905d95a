"""The CDK provider binding packages on PyPI that carry a provider's schema, and reading them.

A binding wheel holds ``<module>/_jsii/<name>@<version>.jsii.tgz``: an npm tarball with the ``.jsii`` assembly
(JSON: every class, with its base class and source file) and ``lib/<resource>/index.js`` (the generated code,
with the TypeScript it was compiled from in its source map). Downloading uses pip; a folder of wheels named by
``IACF_SCHEMA_WHEELHOUSE`` is looked at first, for machines that reach no package index.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cdk_source import ENTRY_BASES


class PackageError(RuntimeError):
    """A schema package cannot be downloaded or does not have the expected layout."""


@dataclass(frozen=True)
class SchemaPackage:
    """A PyPI distribution whose wheel binds one release of a Terraform provider."""

    provider: str
    distribution: str
    version: str

    @property
    def requirement(self) -> str:
        return f"{self.distribution}=={self.version}"

    @property
    def wheel_prefix(self) -> str:
        return f"{self.distribution.replace('-', '_')}-{self.version}-"


# Each release names the provider version it binds (its README's first line); these are pinned on purpose.
KNOWN_PACKAGES: dict[str, SchemaPackage] = {
    # aws 5.99.1: the last aws 5.x binding (cdktf-provider-aws 20.x binds aws 6.x)
    "aws": SchemaPackage("aws", "cdktf-cdktf-provider-aws", "19.65.1"),
    # azurerm 4.81.0, the last 4.x (18.x binds azurerm 5.x)
    "azurerm": SchemaPackage("azurerm", "cdktn-provider-azurerm", "17.0.0"),
    # google 7.46.1
    "google": SchemaPackage("google", "cdktn-provider-google", "20.3.1"),
}

_PROVIDER_LINE = re.compile(r"bindings for ([\w-]+)/([\w-]+) provider version ([0-9][0-9A-Za-z.+-]*)")
_JSII_ENTRY = re.compile(
    r'"base": "cdkt\w*\.(' + "|".join(ENTRY_BASES) + r')",\n\s*"docs": \{.*?\n\s*"fqn": "([^"]+)",'
    r'.*?"locationInModule": \{\n\s*"filename": "([^"]+)"',
    re.S,
)


def package_for(name: str) -> SchemaPackage:
    """A known provider (``aws``, ``azurerm``, ``google``) or an explicit ``provider=distribution==version``."""
    if name in KNOWN_PACKAGES:
        return KNOWN_PACKAGES[name]
    match = re.fullmatch(r"([a-z0-9-]+)=([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.+-]*)", name)
    if match is None:
        known = ", ".join(sorted(KNOWN_PACKAGES))
        raise PackageError(f"no schema package known for provider {name!r} (known: {known}; "
                           "or name one as provider=distribution==version)")
    return SchemaPackage(match.group(1), match.group(2), match.group(3))


def find_wheel(package: SchemaPackage, folder: Path) -> Path | None:
    found = sorted(folder.glob(f"{package.wheel_prefix}*.whl"))
    return found[0] if found else None


def download_wheel(package: SchemaPackage, dest: Path) -> Path:
    """The package's wheel: from ``IACF_SCHEMA_WHEELHOUSE`` when it holds it, else ``pip download`` into ``dest``."""
    house = os.environ.get("IACF_SCHEMA_WHEELHOUSE")
    if house:
        local = find_wheel(package, Path(house).expanduser())
        if local is not None:
            return local
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
           "--quiet", "--dest", str(dest), package.requirement]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900)
    wheel = find_wheel(package, dest)
    if proc.returncode != 0 or wheel is None:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip() and "WARNING" not in ln]
        reason = lines[-1].strip() if lines else f"pip exited with {proc.returncode}"
        raise PackageError(f"cannot download {package.requirement}: {reason}")
    return wheel


@dataclass(frozen=True)
class Entry:
    """A class of the assembly that binds a schema entry: its base class, name and compiled module."""

    base: str
    class_name: str
    module: str


@dataclass(frozen=True)
class Assembly:
    """What the assembly says about the binding: the provider's address and version, and its entry classes."""

    namespace: str
    provider: str
    provider_version: str
    entries: tuple[Entry, ...]


def read_assembly(text: str) -> Assembly:
    """The provider and entry classes of a ``.jsii`` assembly (pretty-printed JSON with sorted keys)."""
    line = _PROVIDER_LINE.search(text)
    if line is None:
        raise PackageError("the assembly names no provider version (no 'bindings for <ns>/<name> provider version')")
    entries = []
    for base, fqn, filename in _JSII_ENTRY.findall(text):
        module = "lib/" + filename.removeprefix("src/").split("/")[0]
        entries.append(Entry(base, fqn.rsplit(".", 1)[-1], module))
    if not entries:
        raise PackageError("the assembly lists no resource, data source or provider class")
    return Assembly(line.group(1), line.group(2), line.group(3), tuple(sorted(set(entries), key=lambda e: e.module)))


def read_wheel(wheel: Path) -> tuple[Assembly, Iterator[tuple[str, list[str]]]]:
    """The assembly of a binding wheel, and an iterator over its modules: ``(lib/<dir>, [text of each .js])``.

    Large resources spread their nested block classes over ``lib/<dir>/index-structs/*.js``: a module is every
    compiled file of one folder.
    """
    try:
        with zipfile.ZipFile(wheel) as zf:
            names = [n for n in zf.namelist() if n.endswith(".jsii.tgz")]
            if len(names) != 1:
                raise PackageError(f"{wheel.name} holds {len(names)} .jsii.tgz files, expected one")
            data = zf.read(names[0])
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError(f"cannot read {wheel}: {exc}") from None
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        assembly: Assembly | None = None
        folders: dict[str, list[str]] = {}
        for member in tar:
            path = member.name.removeprefix("package/")
            if path == ".jsii":
                assembly = read_assembly(_text(tar, member))
            elif path.startswith("lib/") and path.endswith(".js") and path.count("/") >= 2:
                folders.setdefault("/".join(path.split("/")[:2]), []).append(_text(tar, member))
    if assembly is None:
        raise PackageError(f"{wheel.name} has no .jsii assembly")
    return assembly, iter(sorted(folders.items()))


def _text(tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    handle = tar.extractfile(member)
    if handle is None:
        return ""
    return handle.read().decode("utf-8")
