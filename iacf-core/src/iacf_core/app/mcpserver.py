"""``iacf mcp``: the CLI's commands as MCP tools, over stdio (official ``mcp`` SDK, the ``mcp`` extra).

Each tool is one entry of :data:`TOOLS`: the command it runs and how its arguments map to that command's
argv. A call runs ``python -m iacf_core <command> <argv> --json`` with the server's own interpreter, so a
tool does exactly what the command line does (same code path, exit codes and JSON output) and a crash in one
call cannot take the server down. A tool is listed only when the installed CLI has its command, so entries
for commands added by later releases appear as soon as the command exists. The ``--json`` output is returned
as structured content, described by the command's shipped JSON Schema (:mod:`iacf_core.app.outputs`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .. import __version__
from .outputs import COMMANDS, load_schema, schema_file

SCHEMA_URI = "iacf://schemas/"
"""Resources ``iacf://schemas/<command>.json``: the JSON Schemas of the commands' outputs."""

EXIT_CODES = "Exit codes: 0 ok, 1 a gate found errors (the result says which), 2 bad input, 3 plugin problem."


@dataclass(frozen=True)
class Param:
    """One tool argument: a positional argument of the command (``flag`` None) or an option."""

    name: str
    description: str
    flag: str | None = None
    type: Literal["string", "boolean"] = "string"
    required: bool = False


@dataclass(frozen=True)
class ToolDef:
    """One MCP tool: which CLI command it runs and how its arguments become argv."""

    name: str
    command: tuple[str, ...]
    description: str
    params: tuple[Param, ...] = ()
    json_flag: bool = True
    read_only: bool = True
    destructive: bool = False

    @property
    def command_line(self) -> str:
        return " ".join(self.command)

    def input_schema(self) -> dict[str, Any]:
        props = {p.name: {"type": p.type, "description": p.description} for p in self.params}
        return {"type": "object", "properties": props, "required": [p.name for p in self.params if p.required],
                "additionalProperties": False}

    def argv(self, arguments: Mapping[str, Any]) -> list[str]:
        """The command line for ``arguments``; ``ValueError`` names the first bad one."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(arguments) - set(known))
        if unknown:
            raise ValueError(f"unknown argument(s) for {self.name}: {', '.join(unknown)}")
        options: list[str] = []
        positional: list[str] = []
        for p in self.params:
            value = arguments.get(p.name)
            if value is None:
                if p.required:
                    raise ValueError(f"{self.name}: argument {p.name!r} is required")
                continue
            if p.type == "boolean":
                if not isinstance(value, bool):
                    raise ValueError(f"{self.name}: argument {p.name!r} must be true or false")
                if value and p.flag:
                    options.append(p.flag)
                continue
            if not isinstance(value, str):
                raise ValueError(f"{self.name}: argument {p.name!r} must be a string")
            if p.flag is None:
                positional.append(value)
            else:
                options += [p.flag, value]
        json_flag = ["--json"] if self.json_flag else []
        # `--` ends the options: a request such as "-x" stays a request
        return [*self.command, *options, *json_flag, *(["--", *positional] if positional else [])]


_CLOUD = Param("cloud", "Cloud plugin to use (see the plugins tool), e.g. aws.", "--cloud")
_ENV = Param("env", "Environment: dev, staging or prod.", "--env")
_REGION = Param("region", "Region: its code (eu-west-3) or a city, country or area of one (Paris, France Central).",
                "--region")
_PROJECT = Param("project", "Project slug used in names and tags (3-15 chars).", "--project")
_POLICY = Param("policy", "Organisation policy file (default: ./iacf.toml when present).", "--policy")
_OWNER = Param("owner", "Owner tag (wins over the request and the policy).", "--owner")
_COST_CENTER = Param("cost_center", "CostCenter tag (wins over the request and the policy).", "--cost-center")

TOOLS: tuple[ToolDef, ...] = (
    ToolDef("parse", ("parse",), "Parse a request (French or English) into a Spec, checked as `generate` checks it; "
            "lists the words not understood, every default taken, the components and the decisions known before "
            "rendering. Writes nothing. " + EXIT_CODES,
            (Param("request", "What to deploy, e.g. 'App web Django avec PostgreSQL en prod sur AWS'.",
                   required=True), _CLOUD, _ENV, _REGION, _PROJECT, _OWNER, _COST_CENTER, _POLICY)),
    ToolDef("schema", ("schema",), "The JSON Schema of the Spec (the format of spec files), with every installed "
            "component kind's parameters (a union discriminated by `kind`).", (_CLOUD,), json_flag=False),
    ToolDef("plugins", ("plugins",), "Installed plugins, clouds and component kinds."),
    ToolDef("generate", ("generate",), "Generate a Terraform project from a request or a spec file into `out`, "
            "then run the validation gates. Returns components, decisions, controls, gates and findings. "
            + EXIT_CODES,
            (Param("request", "What to deploy (give this or `spec`)."),
             Param("spec", "Path of a YAML or JSON spec file (give this or `request`).", "--spec"),
             Param("out", "Output folder (created; must be empty unless `force`).", "--out", required=True),
             _CLOUD, _ENV, _REGION, _PROJECT, _OWNER, _COST_CENTER,
             Param("force", "Replace a non-empty output folder.", "--force", "boolean"),
             Param("no_validate", "Skip every validation gate.", "--no-validate", "boolean"),
             _POLICY),
            read_only=False, destructive=True),  # `force` replaces the output folder
    ToolDef("validate", ("validate",), "Run the validation gates (HCL, secrets, tags, ingress, coverage, fmt, "
            "validate, Checkov) on a Terraform folder. " + EXIT_CODES,
            (Param("directory", "A Terraform project folder.", required=True), _POLICY)),
    # commands of the emulator and the module factory: listed once the installed CLI has them
    ToolDef("verify", ("verify",), "Deploy-test a generated project on a local cloud emulator and report what "
            "was applied. " + EXIT_CODES,
            (Param("directory", "A generated project folder.", required=True),
             Param("endpoint", "URL of a running emulator (default: start one).", "--endpoint")),
            read_only=False),
    ToolDef("preflight", ("preflight",), "Read the target cloud account of a generated project, read-only, with "
            "the user's credentials: which account singletons already exist, the import blocks that adopt them "
            "and the policy settings that leave them to their owner. Exit codes: 0 nothing collides, 1 singletons "
            "exist (the result says what to do), 2 bad input (no credentials, endpoint unreachable).",
            (Param("directory", "A generated project folder.", required=True),
             Param("endpoint", "URL of an emulator to read instead of the cloud.", "--endpoint"))),
    ToolDef("catalog", ("catalog",), "List the modules of a module factory (name, cloud, kinds provided, version).",
            (Param("factory", "Path or URL of the module factory repository.", "--factory", required=True),)),
    ToolDef("publish", ("publish",), "Validate a module, compute its next version from its interface change and "
            "open a pull request on the module factory. " + EXIT_CODES,
            (Param("module_dir", "The module folder to publish.", required=True),
             Param("factory", "Path or URL of the module factory repository.", "--factory", required=True)),
            read_only=False),
)


def cli_commands() -> set[tuple[str, ...]]:
    """Every command path of the installed CLI, e.g. ``("generate",)`` or ``("factory", "init")``."""
    import typer.main

    from .cli import app

    found: set[tuple[str, ...]] = set()

    def walk(group: Any, prefix: tuple[str, ...]) -> None:
        for name, cmd in getattr(group, "commands", {}).items():
            found.add((*prefix, name))
            walk(cmd, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return found


def available_tools() -> list[ToolDef]:
    """The tools whose command the installed CLI has."""
    commands = cli_commands()
    return [t for t in TOOLS if t.command in commands]


async def run_command(argv: list[str]) -> tuple[int, str, str]:
    """Run ``python -m iacf_core ARGV`` with this interpreter; (exit code, stdout, stderr)."""
    import anyio

    # stdin closed: the server's own stdin carries the MCP messages
    proc = await anyio.run_process([sys.executable, "-m", "iacf_core", *argv], stdin=subprocess.DEVNULL, check=False)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


async def call(tool: ToolDef, arguments: Mapping[str, Any]) -> tuple[bool, dict[str, Any] | None, str]:
    """Run a tool: (is_error, structured result, text). Exit 1 is a result (a gate failed), not an error."""
    try:
        argv = tool.argv(arguments)
    except ValueError as exc:
        return True, None, str(exc)
    code, out, err = await run_command(argv)
    data: Any = None
    if out.strip():
        try:
            data = json.loads(out)
        except ValueError:
            data = None
    if code in (0, 1) and isinstance(data, dict):
        return False, data, out
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("iacf: ")]  # one line per error (a spec may have several)
    message = "\n".join(errors or lines[-1:]) or f"iacf {tool.command_line} exited with {code}"
    return True, None, f"{message} (exit code {code})"


def build_server() -> Any:
    """The MCP server (low-level API: the tool list is data, not decorated functions)."""
    import mcp.types as types
    from mcp.server.lowlevel import Server

    tools = {t.name: t for t in available_tools()}

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        listed = []
        for t in tools.values():
            listed.append(types.Tool(
                name=t.name, description=t.description, input_schema=t.input_schema(),
                output_schema=load_schema(t.command_line),
                annotations=types.ToolAnnotations(read_only_hint=t.read_only, destructive_hint=t.destructive,
                                                  open_world_hint=False),
            ))
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        tool = tools.get(params.name)
        if tool is None:
            return types.CallToolResult(content=[types.TextContent(text=f"unknown tool {params.name!r}")],
                                        is_error=True)
        is_error, data, text = await call(tool, params.arguments or {})
        return types.CallToolResult(content=[types.TextContent(text=text)], structured_content=data,
                                    is_error=is_error)

    schema_uris = {f"{SCHEMA_URI}{schema_file(command)}": command for command in COMMANDS}

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        return types.ListResourcesResult(resources=[
            types.Resource(uri=uri, name=f"{command.replace(' ', '-')}-output-schema",
                           mime_type="application/schema+json",
                           description=f"JSON Schema of the output of `iacf {command}`.")
            for uri, command in sorted(schema_uris.items())
        ])

    async def read_resource(ctx: Any, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        command = schema_uris.get(str(params.uri))
        if command is None:
            raise ValueError(f"unknown resource {params.uri}")
        text = json.dumps(load_schema(command), indent=2, sort_keys=True)
        return types.ReadResourceResult(contents=[
            types.TextResourceContents(uri=str(params.uri), mime_type="application/schema+json", text=text)])

    return Server("iacf", version=__version__, title="IaC Factory",
                  instructions="Generate and validate Terraform projects with the iacf CLI. Call `parse` first and "
                  "show the Spec to the user before `generate`; paths are relative to the server's folder.",
                  on_list_tools=list_tools, on_call_tool=call_tool,
                  on_list_resources=list_resources, on_read_resource=read_resource)


def serve() -> None:
    """Serve over stdio until the client closes the connection."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server()

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)
