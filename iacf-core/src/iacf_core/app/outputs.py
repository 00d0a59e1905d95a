"""The ``--json`` output of each command, as pydantic models: the contract the Claude Code plugin, the MCP
server and scripts rely on.

Every ``--json`` document is one of these models, written by :meth:`_Output.dump` (the only serialisation
path). Each model's JSON Schema is shipped in ``iacf_core/schemas/<command>.json`` (``factory-init.json`` for
``iacf factory init``; regenerate with ``python -m iacf_core.app.outputs``; a test fails when a file is out of date,
and another validates real outputs against them). A field is only ever added within a major version; removing or
renaming one is a breaking change.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..kernel.models import (
    Component,
    Connection,
    Control,
    Decision,
    Finding,
    GateResult,
    Spec,
    ValidationReport,
)
from ..kernel.reports import Singleton, VerifyRoot

if TYPE_CHECKING:
    from ..engine.batch import BatchItem
    from ..factory.ops import CatalogEntry, HarvestItem, PublishResult
    from ..kernel.reports import PreflightReport

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    # fields whose unset (None) values are left out of the document, and whether unset fields are
    compact: ClassVar[tuple[str, ...]] = ()
    only_set: ClassVar[bool] = False

    def dump(self) -> str:
        """The ``--json`` document: keys sorted, two-space indent, one trailing newline."""
        data = self.model_dump(mode="json", exclude_unset=self.only_set)
        for name in self.compact:
            if name in data:
                value = getattr(self, name)
                data[name] = ([v.model_dump(mode="json", exclude_none=True) for v in value]
                              if isinstance(value, list) else value.model_dump(mode="json", exclude_none=True))
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


class _Report(_Output):
    validated: bool = Field(description="False when the gates were not run (`--no-validate`).")
    gates: list[GateResult] = Field(description="One entry per gate, in the order they ran.")
    findings: list[Finding] = Field(description="Every finding; `severity: error` ones fail the run.")

    compact: ClassVar[tuple[str, ...]] = ("findings",)

    @staticmethod
    def report_fields(report: ValidationReport | None) -> dict[str, Any]:
        """The report's fields (not validated: none)."""
        if report is None:
            return {"validated": False, "gates": [], "findings": []}
        return {"validated": True, "gates": report.gates, "findings": report.findings}


class GenerateOutput(_Report):
    """`iacf generate ... --json`: what was generated, why, and what the gates found."""

    ok: bool = Field(description="True when the project was written and no gate failed.")
    exit_code: Literal[0, 1] = Field(description="The process exit code: 0 ok, 1 a gate found errors.")
    out: str = Field(description="The output folder, as given.")
    spec: Spec = Field(description="The Spec the project was generated from (after overrides and defaults).")
    unused_words: list[str] = Field(description="Words of the request that were not understood.")
    components: list[Component] = Field(description="Every component of the stack, in dependency order.")
    decisions: list[Decision] = Field(description="Every decision taken (DECISIONS.md is rendered from them).")
    controls: list[Control] = Field(description="Governance controls the project implements.")
    files: list[str] = Field(description="Paths of the files written, relative to `out`.")
    factory_modules: dict[str, str] = Field(
        description="With `--factory`: each module taken from the factory → its release tag (empty otherwise).")


ExitCode = Literal[0, 1, 2, 3, 70]


class BatchSpec(_Output):
    """One spec of `iacf generate --batch`: its project, or why it was not generated."""

    spec_file: str = Field(description="The spec file, as the folder or the list names it.")
    out: str | None = Field(default=None, description="Its project folder, `<out>/<project>-<environment>` "
                                                      "(absent when nothing was written).")
    project: str | None = None
    environment: str | None = None
    cloud: str | None = None
    ok: bool = Field(description="True when the project was written and no gate failed.")
    exit_code: ExitCode = Field(description="What `iacf generate --spec` would exit with for this spec alone: 0 ok, "
                                            "1 a gate found errors, 2 bad spec, 3 a plugin failed, 70 internal.")
    errors: list[str] = Field(description="Why the project was not generated or its gates could not run, one line "
                                          "each (empty otherwise).")
    components: int = Field(description="Components of its stack (0 when not generated).")
    files: int = Field(description="Files written (0 when not generated).")
    factory_modules: dict[str, str] = Field(description="With `--factory`: each module taken from the factory → "
                                                        "its release tag.")
    validated: bool = Field(description="False when its gates did not run (`--no-validate`, or not generated).")
    gates: list[GateResult] = Field(description="One entry per gate, in the order they ran.")
    findings: list[Finding] = Field(description="Every finding; `severity: error` ones fail the spec.")


class BatchOutput(_Output):
    """`iacf generate --batch SOURCE --json`: one entry per spec file, in the order of the folder (by name) or
    of the list; the exit code is the worst of theirs."""

    ok: bool = Field(description="True when every spec was generated and passed its gates.")
    exit_code: ExitCode = Field(description="The process exit code: the highest of the specs' exit codes.")
    batch: str = Field(description="The folder of spec files or the list file, as given.")
    out: str = Field(description="The folder holding the projects, as given.")
    validated: bool = Field(description="False when the gates were not run (`--no-validate`).")
    specs: list[BatchSpec]

    compact: ClassVar[tuple[str, ...]] = ("specs",)

    @classmethod
    def of(cls, items: list[BatchItem], source: str, out: Path, validated: bool) -> BatchOutput:
        from ..engine.batch import worst

        specs = []
        for item in items:
            spec, report, used = item.spec, item.report, getattr(item.modules, "used", None) or {}
            specs.append(BatchSpec(
                spec_file=item.shown, out=str(out / item.folder) if item.folder and item.files else None,
                project=spec.project if spec else None, environment=spec.environment if spec else None,
                cloud=spec.cloud if spec else None,
                ok=item.exit_code == 0, exit_code=item.exit_code, errors=item.errors,  # type: ignore[arg-type]
                components=item.components, files=item.files,
                factory_modules={name: rel.tag for name, rel in sorted(used.items())},
                validated=report is not None, gates=report.gates if report else [],
                findings=report.findings if report else []))
        code = worst(items)
        return cls(ok=code == 0, exit_code=code, batch=source, out=str(out),  # type: ignore[arg-type]
                   validated=validated, specs=specs)


class BaselineChoice(_Output):
    mode: Literal["project", "provided"] = Field(
        description="`project`: the project creates the account baseline; `provided`: its owner has it.")
    provided: list[str] = Field(description="The controls the project leaves to their owner.")
    policy: str | None = Field(description="The policy file the choice comes from (null: the default).")
    implies: list[str] = Field(description="What the choice implies, one sentence each.")


class ParseOutput(_Output):
    """`iacf parse REQUEST --json`: the Spec understood, which words were used, and the stack `generate` would
    build from it (checked the same way: kinds, regions, parameters, policy), before rendering."""

    spec: Spec = Field(description="The Spec understood from the request, with the policy's owner and cost center "
                                   "defaults (fields left at their default omitted).")
    used_words: list[str] = Field(description="Words of the request that produced part of the Spec.")
    unused_words: list[str] = Field(description="Words that were not understood (never silently dropped).")
    defaults: list[str] = Field(description="One line per value that was not stated and was defaulted.")
    components: list[Component] = Field(description="Every component of the stack, in dependency order: asked, "
                                                    "or added by a rule (`provenance.decision`).")
    connections: list[Connection] = Field(description="Who may use what (component ids): stated, or the defaults "
                                                      "when none is stated, and those a rule adds.")
    decisions: list[Decision] = Field(description="Every decision known before rendering: how the request was read "
                                                  "(rule `core.request`), defaults, and the rules' choices.")
    account_baseline: BaselineChoice = Field(
        description="Who owns the account baseline, from the policy (`[account_baseline]` in iacf.toml).")

    compact: ClassVar[tuple[str, ...]] = ("spec",)


class ValidateOutput(_Report):
    """`iacf validate DIR --json`: the gates run on a Terraform folder."""

    ok: bool = Field(description="True when no gate failed.")
    exit_code: Literal[0, 1] = Field(description="The process exit code: 0 ok, 1 a gate found errors.")
    directory: str = Field(description="The folder validated, as given.")


class PluginEntry(_Output):
    name: str = Field(description="Entry-point name of the plugin.")
    module: str
    distribution: str = Field(description="Distribution (pip package) that provides it.")
    version: str
    hooks: list[str] = Field(description="Hooks it implements.")


class CloudEntry(_Output):
    name: str
    title: str
    default_region: str


class KindEntry(_Output):
    name: str
    clouds: list[str] = Field(description="Installed clouds that can render this kind.")
    description: str


class PluginsOutput(_Output):
    """`iacf plugins --json`: loaded plugins, clouds and component kinds."""

    plugins: list[PluginEntry]
    clouds: list[CloudEntry]
    component_kinds: list[KindEntry]


class VerifyOutput(_Output):
    """`iacf verify DIR --json`: the deployment test of every root module on a local emulator."""

    ok: bool = Field(description="True when every root module applied, re-planned empty and (unless --keep) "
                                 "was destroyed.")
    exit_code: Literal[0, 1] = Field(description="The process exit code: 0 verified, 1 a stage failed.")
    directory: str = Field(description="The project folder, as given (never modified).")
    cloud: str
    emulator: str = Field(description="The emulator and its version, e.g. `moto 5.2.5`.")
    endpoint: str
    roots: list[VerifyRoot] = Field(description="One entry per root module, in the order they ran.")


class PreflightOutput(_Output):
    """`iacf preflight DIR --json`: the account- and region-level singletons the target account already has."""

    ok: bool = Field(description="True when no singleton the project creates already exists.")
    exit_code: Literal[0, 1] = Field(description="The process exit code: 0 nothing collides, 1 singletons exist.")
    directory: str = Field(description="The project folder, as given (never modified).")
    cloud: str
    account: str = Field(description="The account the credentials reach.")
    region: str = Field(description="The project's region, where the regional singletons were read.")
    endpoint: str | None = Field(description="The emulator endpoint, when one was used.")
    baseline: Literal["project", "provided"] = Field(description="The project's account baseline mode.")
    singletons: list[Singleton] = Field(description="Every singleton checked, in a stable order.")
    provided: list[str] = Field(
        description="`[account_baseline] provided` that leaves every colliding control to its owner.")
    imports_hcl: str = Field(description="The import blocks that adopt every colliding singleton instead.")
    policy_toml: str = Field(description="The `[account_baseline]` section to put in iacf.toml instead "
                                         "(empty when nothing collides).")

    @classmethod
    def of(cls, report: PreflightReport, directory: str) -> PreflightOutput:
        from ..toolkit.preflight import policy_toml

        return cls(ok=report.ok, exit_code=0 if report.ok else 1, directory=directory, **dict(report),
                   imports_hcl=report.imports_hcl(), policy_toml=policy_toml(report))


class CatalogModule(_Output):
    module: str = Field(description="`<cloud>/<name>`.")
    cloud: str
    name: str
    provides: list[str] = Field(description="Component kinds the module implements.")
    latest: str = Field(description="Newest released version.")
    tag: str = Field(description="Release tag of the newest version (`<cloud>-<name>-v<semver>`).")
    versions: list[str] = Field(description="Every released version, oldest first.")
    description: str

    @classmethod
    def of(cls, entry: CatalogEntry) -> CatalogModule:
        rel = entry.release
        return cls(module=rel.key, cloud=rel.cloud, name=rel.name, provides=entry.manifest.provides,
                   latest=rel.version, tag=rel.tag, versions=entry.versions, description=entry.manifest.description)


class CatalogOutput(_Output):
    """`iacf catalog --factory F --json`: the factory's released modules."""

    factory: str = Field(description="The factory, as given (folder or `github:OWNER/REPO`).")
    modules: list[CatalogModule]


class PublishOutput(_Output):
    """`iacf publish MODULE_DIR --factory F --json`: the version computed and the pull request, or the reasons
    the module was refused (then `ok` is false and only `module`, `exit_code`, `reasons` and `gates` are set)."""

    ok: bool
    module: str = Field(description="`<cloud>/<name>` (or the folder when the manifest is unreadable).")
    exit_code: int | None = Field(default=None, description="Set when refused: 1 gate or structure, 2 input.")
    reasons: list[str] = Field(description="Why this bump (published) or why the module was refused.")
    gates: list[GateResult] = Field(description="The publish gates (fmt, validate, terraform test, checkov).")
    bump: Literal["initial", "major", "minor", "patch"] | None = None
    version: str | None = Field(default=None, description="The version the pull request releases.")
    previous: str | None = Field(default=None, description="The latest release before it, if any.")
    pr: int | None = Field(default=None, description="Pull request number; the same when re-published.")
    pr_url: str | None = None
    branch: str | None = Field(default=None, description="`publish/<cloud>-<name>-v<version>`.")
    created: bool | None = Field(default=None, description="True when the pull request was opened by this run.")
    updated: bool | None = Field(default=None, description="True when an open pull request was updated.")
    superseded: list[int] | None = Field(default=None, description="Older open pull requests of the module closed.")
    restored: list[str] | None = Field(
        default=None, description="Files a project's module folder lacked (examples, tests, CHANGELOG, manifest), "
                                  "added from `restored_from`.")
    restored_from: str | None = Field(default=None, description="The release those files came from.")

    only_set: ClassVar[bool] = True  # a refusal carries its four fields only

    @classmethod
    def of(cls, result: PublishResult) -> PublishOutput:
        return cls(ok=True, module=result.module, bump=result.bump, version=result.version,  # type: ignore[arg-type]
                   previous=result.previous, reasons=result.reasons, pr=result.pr, pr_url=result.pr_url,
                   branch=result.branch, created=result.created, updated=result.updated,
                   superseded=result.superseded, restored=result.restored, restored_from=result.restored_from,
                   gates=result.gates)


class HarvestModule(_Output):
    module: str
    path: str = Field(description="Folder of the module in the project.")
    status: str = Field(description="unchanged, changed or new.")
    origin: str | None = Field(description="The release the module came from, when known.")
    command: str | None = Field(description="The `iacf publish` command to run, when there is something to publish.")
    missing: list[str] = Field(description="Files a publishable module still lacks.")

    @classmethod
    def of(cls, item: HarvestItem) -> HarvestModule:
        return cls(module=item.module, path=item.path, status=item.status, origin=item.origin,
                   command=item.command, missing=item.missing)


class HarvestOutput(_Output):
    """`iacf harvest PROJECT_DIR --factory F --json`: what the project could publish back to the factory."""

    project: str
    factory: str
    modules: list[HarvestModule]


class SeededModule(_Output):
    module: str = Field(description="`<cloud>/<name>`.")
    provides: list[str] = Field(description="Component kinds the module implements.")
    version: str = Field(description="Its first release (1.0.0).")


class FactoryInitOutput(_Output):
    """`iacf factory init DIR --json`: the new local factory and the modules it was seeded with."""

    factory: str = Field(description="The factory folder, as given.")
    modules: list[SeededModule]


class FactoryMergeOutput(_Output):
    """`iacf factory merge DIR PR --json`: the pull request merged and the release tag created."""

    pr: int
    tag: str = Field(description="`<cloud>-<name>-v<semver>`.")


class ModuleInitOutput(_Output):
    """`iacf module init DIR --json`: the skeleton of a new module (not released yet)."""

    module: str = Field(description="`<cloud>/<name>`.")
    directory: str = Field(description="The module folder, as given.")
    provides: list[str] = Field(description="Component kinds the module implements.")
    files: list[str] = Field(description="The files written, relative to `directory`, sorted.")


def _schema_output_schema() -> dict[str, Any]:
    """`iacf schema` prints a JSON Schema document: its own schema pins the parts consumers rely on."""
    return {
        "title": "iacf schema",
        "description": "The JSON Schema (draft 2020-12) of the Spec, the format of `--spec` files.",
        "type": "object",
        "required": ["$schema", "title", "type", "properties", "required"],
        "properties": {
            "$schema": {"const": JSON_SCHEMA_DIALECT},
            "title": {"const": "iacf Spec"},
            "type": {"const": "object"},
            "properties": {"type": "object"},
            "required": {"type": "array", "items": {"type": "string"}},
        },
    }


MODELS: dict[str, type[BaseModel]] = {
    "generate": GenerateOutput,
    "parse": ParseOutput,
    "plugins": PluginsOutput,
    "validate": ValidateOutput,
    "verify": VerifyOutput,
    "preflight": PreflightOutput,
    "catalog": CatalogOutput,
    "publish": PublishOutput,
    "harvest": HarvestOutput,
    "factory init": FactoryInitOutput,
    "factory merge": FactoryMergeOutput,
    "module init": ModuleInitOutput,
}
"""Command (its words after ``iacf``) → model of its ``--json`` output. Commands added later register here."""

VARIANTS: dict[str, type[BaseModel]] = {
    "generate --batch": BatchOutput,
}
"""A command with an option that changes the shape of its ``--json`` output → that shape's model."""

COMMANDS: tuple[str, ...] = tuple(sorted([*MODELS, "schema"]))
"""Every command with a shipped JSON Schema."""


def build_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``command``'s JSON output, built from its model."""
    if command == "schema":
        schema = _schema_output_schema()
    else:
        schema = {**MODELS, **VARIANTS}[command].model_json_schema(mode="serialization")
        schema["title"] = f"iacf {command} --json"
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def schema_file(command: str) -> str:
    """The file name of ``command``'s schema: ``factory init`` → ``factory-init.json``, ``generate --batch`` →
    ``generate-batch.json``."""
    return f"{command.replace(' --', '-').replace(' ', '-')}.json"


def load_schema(command: str) -> dict[str, Any] | None:
    """The shipped JSON Schema of ``command``'s JSON output, or None when it has none."""
    path = resources.files("iacf_core").joinpath("schemas").joinpath(schema_file(command))
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def render(command: str) -> str:
    return json.dumps(build_schema(command), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (the package's ``schemas/`` by default)."""
    written = []
    for command in (*COMMANDS, *sorted(VARIANTS)):
        path = folder / schema_file(command)
        path.write_text(render(command), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "schemas"
    for p in write_all(target):
        sys.stdout.write(f"wrote {p}\n")
