"""``iacf mcp`` driven by the official MCP SDK's own client over stdio, as any MCP client would."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("mcp", reason="the mcp extra is not installed (pip install 'iacf-core[mcp]')")
jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (nox installs it)")

import anyio  # noqa: E402
from conftest import SEED, SEED_DEV  # noqa: E402
from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters  # noqa: E402

from iacf_core.app.mcpserver import TOOLS, available_tools, cli_commands  # noqa: E402
from iacf_core.app.outputs import COMMANDS, load_schema, schema_file  # noqa: E402

pytestmark = pytest.mark.xdist_group("mcp")


def session(scenario, cwd: Path, **env: str):
    """Start `python -m iacf_core mcp` in ``cwd``, run ``scenario(client)``, return its result."""

    async def main():
        params = StdioServerParameters(command=sys.executable, args=["-m", "iacf_core", "mcp"], cwd=str(cwd),
                                       env={**os.environ, **env})
        async with Client(params, read_timeout_seconds=300) as client:
            return await scenario(client)

    return anyio.run(main)


def test_tools_are_listed_with_the_shipped_schemas(tmp_path):
    async def scenario(client):
        return (await client.list_tools()).tools

    tools = {t.name: t for t in session(scenario, tmp_path)}
    assert set(tools) == {t.name for t in available_tools()}
    assert {"parse", "schema", "plugins", "generate", "validate"} <= set(tools)
    for definition in available_tools():
        listed = tools[definition.name]
        assert listed.input_schema == definition.input_schema()
        assert listed.output_schema == load_schema(definition.command_line)
    assert tools["generate"].annotations.read_only_hint is False
    assert tools["generate"].annotations.destructive_hint is True  # --force replaces the output folder
    assert tools["validate"].annotations.destructive_hint is False
    assert tools["parse"].annotations.read_only_hint is True


def test_output_schemas_are_resources(tmp_path):
    async def scenario(client):
        listed = (await client.list_resources()).resources
        read = await client.read_resource("iacf://schemas/generate.json")
        return listed, read

    listed, read = session(scenario, tmp_path)
    assert sorted(str(r.uri) for r in listed) == sorted(f"iacf://schemas/{schema_file(c)}" for c in COMMANDS)
    assert json.loads(read.contents[0].text) == load_schema("generate")


def test_parse_and_generate_return_what_the_cli_prints(tmp_path, iacf_cli):
    async def scenario(client):
        parsed = await client.call_tool("parse", {"request": SEED})
        generated = await client.call_tool("generate", {"request": SEED_DEV, "out": "infra", "no_validate": True})
        again = await client.call_tool("generate", {"request": SEED_DEV, "out": "infra", "no_validate": True})
        empty = await client.call_tool("parse", {"request": "   "})
        wrong = await client.call_tool("validate", {"folder": "infra"})
        schema = await client.call_tool("schema", {})
        return parsed, generated, again, empty, wrong, schema

    parsed, generated, again, empty, wrong, schema = session(scenario, tmp_path)
    assert not schema.is_error and schema.structured_content == json.loads(iacf_cli("schema").stdout)

    assert not parsed.is_error
    assert parsed.structured_content == json.loads(iacf_cli("parse", SEED, "--json").stdout)
    assert json.loads(parsed.content[0].text) == parsed.structured_content

    assert not generated.is_error
    data = generated.structured_content
    jsonschema.validate(data, load_schema("generate"))
    assert data["out"] == "infra" and data["spec"]["environment"] == "dev"
    assert sorted(data["files"]) == sorted(p.relative_to(tmp_path / "infra").as_posix()
                                           for p in (tmp_path / "infra").rglob("*") if p.is_file())

    assert again.is_error and "not empty" in again.content[0].text and "(exit code 2)" in again.content[0].text
    assert empty.is_error and empty.content[0].text.startswith("iacf: error: ")
    assert wrong.is_error and wrong.content[0].text == "unknown argument(s) for validate: folder"


def test_validate_reports_failed_gates_as_a_result(tmp_path):
    project = tmp_path / "tf"
    project.mkdir()
    (project / "main.tf").write_text(
        'resource "aws_security_group_rule" "ssh" {\n  type        = "ingress"\n  from_port   = 22\n'
        '  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n'
    )

    async def scenario(client):
        return await client.call_tool("validate", {"directory": "tf"})

    result = session(scenario, tmp_path, IACF_CHECKOV=str(tmp_path / "none"), IACF_TERRAFORM=str(tmp_path / "none"))
    assert not result.is_error
    data = result.structured_content
    assert data["ok"] is False and data["exit_code"] == 1
    assert any(f["gate"] == "ingress" and f["severity"] == "error" for f in data["findings"])


@pytest.mark.parametrize("tool", TOOLS, ids=[t.name for t in TOOLS])
def test_every_tool_maps_to_real_options_of_its_command(tool):
    """Tools of commands this CLI does not have yet (verify, catalog, publish) are checked once it has them."""
    import typer.main

    from iacf_core.app.cli import app

    if tool.command not in cli_commands():
        pytest.skip(f"`iacf {tool.command_line}` is not a command of this CLI yet: the {tool.name} tool is hidden")
    command = typer.main.get_command(app)
    for part in tool.command:
        command = command.commands[part]
    options = {opt for p in command.params for opt in getattr(p, "opts", []) if opt.startswith("-")}
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    for param in tool.params:
        if param.flag is not None:
            assert param.flag in options, f"{tool.name}: {param.flag} is not an option of iacf {tool.command_line}"
    assert len([p for p in tool.params if p.flag is None]) == len(arguments)
    if tool.json_flag:
        assert "--json" in options
    if load_schema(tool.command_line) is None:
        pytest.skip(f"no JSON Schema shipped for `iacf {tool.command_line} --json` yet (iacf_core.app.outputs.MODELS)")
