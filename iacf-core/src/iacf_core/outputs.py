"""The ``--json`` output of each command, as pydantic models: the contract the Claude Code plugin, the MCP
server and scripts rely on.

Each model's JSON Schema is shipped in ``iacf_core/schemas/<command>.json`` (regenerate with
``python -m iacf_core.outputs``; a test fails when a file is out of date, and another validates real outputs
against them). A field is only ever added within a major version; removing or renaming one is a breaking change.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import Component, Control, Decision, Finding, GateResult, Spec

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Report(_Output):
    validated: bool = Field(description="False when the gates were not run (`--no-validate`).")
    gates: list[GateResult] = Field(description="One entry per gate, in the order they ran.")
    findings: list[Finding] = Field(description="Every finding; `severity: error` ones fail the run.")


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


class ParseOutput(_Output):
    """`iacf parse REQUEST --json`: the Spec understood, and which words were used."""

    spec: Spec = Field(description="The Spec understood from the request (fields left at their default omitted).")
    used_words: list[str] = Field(description="Words of the request that produced part of the Spec.")
    unused_words: list[str] = Field(description="Words that were not understood (never silently dropped).")
    defaults: list[str] = Field(description="One line per value that was not stated and was defaulted.")


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
}
"""Command name → model of its ``--json`` output. Commands added later register here."""

COMMANDS: tuple[str, ...] = tuple(sorted([*MODELS, "schema"]))
"""Every command with a shipped JSON Schema."""


def build_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``command``'s JSON output, built from its model."""
    if command == "schema":
        schema = _schema_output_schema()
    else:
        schema = MODELS[command].model_json_schema(mode="serialization")
        schema["title"] = f"iacf {command} --json"
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def load_schema(command: str) -> dict[str, Any] | None:
    """The shipped JSON Schema of ``command``'s JSON output, or None when it has none."""
    path = resources.files("iacf_core").joinpath("schemas").joinpath(f"{command}.json")
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def render(command: str) -> str:
    return json.dumps(build_schema(command), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (the package's ``schemas/`` by default)."""
    written = []
    for command in COMMANDS:
        path = folder / f"{command}.json"
        path.write_text(render(command), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "schemas"
    for p in write_all(target):
        sys.stdout.write(f"wrote {p}\n")
