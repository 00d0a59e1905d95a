"""A provider filesystem mirror holding schema-only providers, and the CLI configuration that uses it.

Terraform installs a provider from ``<mirror>/registry.terraform.io/<ns>/<name>/<version>/<os_arch>/`` when the
folder holds an executable named ``terraform-provider-<name>_v<version>``; here that file is a launcher running
:mod:`.server` with the cached schema. Providers not stubbed come from the machine's real mirror, if any.
"""

from __future__ import annotations

import platform
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from .schema import ProviderSchema


class MirrorError(RuntimeError):
    """The schema-only providers cannot be laid out on this platform."""


@dataclass(frozen=True)
class Stub:
    """A schema-only provider laid out in a mirror for one run."""

    schema: ProviderSchema
    executable: Path

    @property
    def label(self) -> str:
        s = self.schema
        return f"{s.provider} {s.version} (schema of {s.package.distribution} {s.package.version})"


def os_arch() -> str:
    """Terraform's name of this platform, e.g. ``linux_amd64``."""
    system = {"linux": "linux", "darwin": "darwin", "freebsd": "freebsd"}.get(sys.platform.rstrip("0123456789"))
    machine = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower())
    if system is None or machine is None:
        raise MirrorError(f"schema-only providers run on Linux and macOS (amd64, arm64), not {sys.platform} "
                          f"{platform.machine()}")
    return f"{system}_{machine}"


def lay_out(mirror: Path, schema: ProviderSchema, patch: Path | None = None) -> Stub:
    """Write the launcher of one schema-only provider into ``mirror``."""
    host, namespace, name = schema.source.split("/")
    folder = mirror / host / namespace / name / schema.version / os_arch()
    folder.mkdir(parents=True, exist_ok=True)
    executable = folder / f"terraform-provider-{name}_v{schema.version}"
    command = [sys.executable, "-m", "iacf_core.toolkit.offline.server", "--schema-dir", str(schema.directory)]
    if patch is not None:
        command += ["--patch", str(patch)]
    executable.write_text(
        "#!/bin/sh\n"
        f"# schema-only provider (validation only): {name} {schema.version} from "
        f"{schema.package.requirement}\n"
        f"exec {shlex.join(command)}\n",
        encoding="utf-8",
    )
    executable.chmod(0o755)
    return Stub(schema, executable)


def cli_config(path: Path, mirror: Path, stubs: list[Stub], real_mirror: Path | None) -> Path:
    """A Terraform CLI configuration installing the stubs from ``mirror`` and every other provider from the
    machine's real mirror (never from a registry: the run is offline)."""
    sources = ", ".join(f'"{s.schema.source}"' for s in stubs)
    text = "provider_installation {\n"
    text += f"  filesystem_mirror {{\n    path    = {_hcl_string(mirror)}\n    include = [{sources}]\n  }}\n"
    if real_mirror is not None:
        text += f"  filesystem_mirror {{\n    path    = {_hcl_string(real_mirror)}\n    exclude = [{sources}]\n  }}\n"
    text += "}\n"
    path.write_text(text, encoding="utf-8")
    return path


def _hcl_string(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'
