"""The JSON Schemas of the ``--json`` outputs: shipped, current, and what the MCP tools map to."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from iacf_core.app import outputs
from iacf_core.app.mcpserver import TOOLS, Param, ToolDef, available_tools, cli_commands


def test_shipped_schemas_are_current():
    for command in outputs.COMMANDS:
        shipped = outputs.load_schema(command)
        assert shipped is not None, f"no schemas/{command}.json: run python -m iacf_core.app.outputs"
        assert shipped == outputs.build_schema(command), f"schemas/{command}.json is stale: python -m iacf_core.app.outputs"


def test_schemas_forbid_unknown_fields_and_require_every_field():
    schema = outputs.build_schema("generate")
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(outputs.GenerateOutput.model_fields)
    assert schema["properties"]["exit_code"]["enum"] == [0, 1]
    assert outputs.load_schema("no-such-command") is None


def test_every_schema_has_a_command():
    assert set(outputs.COMMANDS) <= {" ".join(c) for c in cli_commands()}


def test_argv_puts_options_first_and_ends_them_before_positionals():
    tool = next(t for t in TOOLS if t.name == "generate")
    argv = tool.argv({"request": "-x app", "out": "o", "force": True, "no_validate": False, "env": "dev"})
    assert argv == ["generate", "--out", "o", "--env", "dev", "--force", "--json", "--", "-x app"]
    schema = next(t for t in TOOLS if t.name == "schema")
    assert schema.argv({}) == ["schema"]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"directory": "d", "colour": "red"}, "unknown argument(s) for validate: colour"),
    ({}, "argument 'directory' is required"),
    ({"directory": 3}, "argument 'directory' must be a string"),
])
def test_argv_rejects_bad_arguments(arguments, message):
    tool = next(t for t in TOOLS if t.name == "validate")
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tool.argv(arguments)


def test_boolean_must_be_a_boolean():
    tool = ToolDef("t", ("t",), "", (Param("flag", "", "--flag", "boolean"),))
    with pytest.raises(ValueError, match="must be true or false"):
        tool.argv({"flag": "yes"})


def test_a_tool_is_available_only_when_the_cli_has_its_command(monkeypatch):
    from iacf_core.app import mcpserver

    future = ToolDef("frobnicate", ("frobnicate",), "a command of a later release")
    monkeypatch.setattr(mcpserver, "TOOLS", (*TOOLS, future))
    names = [t.name for t in mcpserver.available_tools()]
    assert "frobnicate" not in names
    assert {"parse", "schema", "plugins", "generate", "validate"} <= set(names)


def test_input_schema_lists_required_arguments():
    tool = next(t for t in available_tools() if t.name == "validate")
    schema = tool.input_schema()
    assert schema["required"] == ["directory"] and schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"directory", "policy"}


def test_mcp_without_the_sdk_is_a_clear_usage_error(monkeypatch, iacf_cli):
    monkeypatch.setitem(sys.modules, "mcp", None)  # import mcp → ImportError
    res = iacf_cli("mcp")
    assert res.exit_code == 2
    assert res.stderr == "iacf: error: the MCP server needs the mcp package: pip install 'iacf-core[mcp]'\n"


def test_tools_follow_the_commands_of_the_cli():
    """Every command the tool table names is exposed (verify, catalog, publish included); a command missing
    from the installed CLI hides its tool, with no other change."""
    from iacf_core.app.cli import app

    names = [t.name for t in available_tools()]
    assert {"parse", "schema", "generate", "validate", "verify", "catalog", "publish"} <= set(names)
    tool = next(t for t in available_tools() if t.name == "catalog")
    assert tool.argv({"factory": "f"}) == ["catalog", "--factory", "f", "--json"]

    index = next(i for i, c in enumerate(app.registered_commands) if c.name == "catalog")
    removed = app.registered_commands.pop(index)
    try:
        assert "catalog" not in [t.name for t in available_tools()]
    finally:
        app.registered_commands.insert(index, removed)
    assert "catalog" in [t.name for t in available_tools()]


def test_every_json_option_has_an_output_model():
    """A command that takes --json prints a model of iacf_core.app.outputs, whose schema is shipped."""
    import typer.main

    from iacf_core.app.cli import app

    def walk(group, prefix=()):
        for name, cmd in getattr(group, "commands", {}).items():
            yield (*prefix, name), cmd
            yield from walk(cmd, (*prefix, name))

    with_json = {" ".join(path) for path, cmd in walk(typer.main.get_command(app))
                 if any("--json" in p.opts for p in cmd.params)}
    assert with_json == set(outputs.MODELS)
    for command in with_json:
        assert outputs.load_schema(command) is not None, f"no schema shipped for {command}"


def test_one_serialisation_path_drops_only_what_the_model_says():
    from iacf_core.kernel.models import Finding, Severity

    report = outputs.ValidateOutput(ok=True, exit_code=0, directory="d", validated=True, gates=[], findings=[
        Finding(gate="tags", check="t", severity=Severity.WARNING, message="m")])
    data = json.loads(report.dump())
    assert data["findings"] == [{"gate": "tags", "check": "t", "severity": "warning", "message": "m"}]
    refused = json.loads(outputs.PublishOutput(module="m", ok=False, exit_code=1, reasons=["r"], gates=[]).dump())
    assert sorted(refused) == ["exit_code", "gates", "module", "ok", "reasons"]
    assert report.dump().endswith("}\n") and list(data) == sorted(data)


def test_help_loads_no_command_implementation():
    """`iacf --help` stays fast: the commands import their implementation when they run."""
    code = ("import contextlib, io, sys\nfrom iacf_core.app.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['--help'])\n"
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
                 .stdout.split())
    heavy = {"iacf_core.engine.pipeline", "iacf_core.request.parser", "iacf_core.kernel.rendering", "iacf_core.factory.ops",
             "iacf_core.toolkit.validation.runner", "iacf_core.app.outputs", "jinja2", "yaml", "iacf_aws"}
    assert not heavy & loaded
