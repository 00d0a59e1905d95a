"""``iacf module init DIR``: the skeleton of a new factory module, complete but for its resources.

Every file the publish structure checks ask for is written: the module's Terraform files, a README whose tables
come from the HCL, an empty CHANGELOG, ``iacf-module.yaml``, ``examples/basic`` and an offline
``terraform test`` with ``mock_provider``. The only resource is a placeholder that ``iacf publish`` refuses
until it is replaced.
"""

from __future__ import annotations

from pathlib import Path

from ..kernel.models import RenderedFile
from ..kernel.registry import CloudInfo
from ..kernel.writer import check_destination, write_atomic
from ..toolkit.modules import MANIFEST, NAME_RE, FactoryError, ModuleManifest
from .interface import read_interface, with_docs

# the first line of the placeholder: publish refuses a module that still has it
PLACEHOLDER = "# iacf module init: replace this placeholder with the module's resources."
UNRELEASED = "0.0.0"

MAIN_TF = PLACEHOLDER + """
# Keep every input in variables.tf and every output in outputs.tf, each with a description; assert the
# security-relevant defaults in tests/ (they run offline against a mocked provider).
resource "terraform_data" "placeholder" {
  input = {
    name = var.name
    tags = var.tags
  }
}
"""

VARIABLES_TF = """\
variable "name" {
  type        = string
  description = "Name of the resources the module creates (prefix them with the project and environment)."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every taggable resource, besides the provider's default tags."
  default     = {}
}
"""

OUTPUTS_TF = """\
output "name" {
  description = "Name of the resources the module created."
  value       = var.name
}
"""


def _versions(cloud: CloudInfo) -> str:
    assert cloud.provider is not None
    p = cloud.provider
    return (f'terraform {{\n  required_version = ">= 1.5.0"\n\n  required_providers {{\n    {p.name} = {{\n'
            f'      source  = "{p.source}"\n      version = "{p.version}"\n    }}\n  }}\n}}\n')


def _example(name: str) -> str:
    return (f"# The smallest useful call of {name}.\n"
            f'module "{name}" {{\n  source = "../.."\n\n  name = "example-dev-{name.replace("_", "-")}"\n}}\n\n'
            f'output "name" {{\n  description = "Name of the resources created."\n  value       = '
            f"module.{name}.name\n}}\n")


def _test(cloud: CloudInfo) -> str:
    assert cloud.provider is not None
    return (f"# Offline: the {cloud.provider.name} provider is mocked, so no account or credentials are needed.\n"
            f'mock_provider "{cloud.provider.name}" {{}}\n\n'
            'variables {\n  name = "test"\n}\n\n'
            'run "defaults" {\n  command = plan\n\n  assert {\n    condition     = output.name == "test"\n'
            '    error_message = "the module must expose the name it was given"\n  }\n}\n')


def skeleton_files(name: str, cloud: CloudInfo, provides: list[str],
                   description: str) -> tuple[ModuleManifest, dict[str, str]]:
    """The manifest and the files of a new module (paths relative to its folder)."""
    if not NAME_RE.match(name):
        raise FactoryError(f"module name {name!r} (the folder's name) must be lower-case letters, digits and _, "
                           "starting with a letter")
    if cloud.provider is None:
        raise FactoryError(f"the {cloud.name} plugin declares no Terraform provider: it cannot have module "
                           "skeletons")
    manifest = ModuleManifest(name=name, cloud=cloud.name, version=UNRELEASED, provides=sorted(set(provides)),
                              description=description)
    files = {"main.tf": MAIN_TF, "variables.tf": VARIABLES_TF, "outputs.tf": OUTPUTS_TF,
             "versions.tf": _versions(cloud), "CHANGELOG.md": "# Changelog\n", MANIFEST: manifest.dump(),
             "examples/basic/main.tf": _example(name), "tests/defaults.tftest.hcl": _test(cloud)}
    readme = f"# {name}\n\n{description or 'What the module creates, and the security defaults it enforces.'}\n"
    files["README.md"] = with_docs(readme, read_interface(files))
    return manifest, dict(sorted(files.items()))


def init_module(directory: Path, cloud: CloudInfo, provides: list[str], description: str = "",
                force: bool = False) -> ModuleManifest:
    """Write the skeleton of module ``directory.name`` into ``directory`` (created; must be empty)."""
    manifest, files = skeleton_files(directory.name, cloud, provides, description)
    check_destination(directory, force)
    write_atomic(directory, [RenderedFile(path=p, content=c) for p, c in files.items()], force)
    return manifest
