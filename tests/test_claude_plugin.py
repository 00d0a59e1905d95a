"""The Claude Code plugin (`claude-plugin/`) and the marketplace (`.claude-plugin/marketplace.json`).

The real Claude Code client validates them (`claude plugin validate --strict`) and loads the plugin to connect
to its MCP server (`claude --plugin-dir claude-plugin mcp list`). The client is `claude` on PATH, else
`IACF_CLAUDE`, else it is installed with npm into the cache folder (`~/.cache/iacf/claude`); without npm these
tests are skipped with that reason. Every `iacf` command line the plugin's files use must exist in the CLI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iacf_core.app.mcpserver import cli_commands

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "claude-plugin"
CLAUDE_PACKAGE = "@anthropic-ai/claude-code"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iacf" / "claude"


@pytest.fixture(scope="session")
def claude() -> str:
    explicit = os.environ.get("IACF_CLAUDE")
    if explicit:
        return explicit
    found = shutil.which("claude")
    if found:
        return found
    cached = cache_dir() / "node_modules" / ".bin" / "claude"
    if not cached.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("Claude Code is not installed and npm is not found to install it (set IACF_CLAUDE)")
        cached.parent.parent.parent.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run([npm, "install", "--prefix", str(cache_dir()), "--no-audit", "--no-fund",
                               "--loglevel=error", CLAUDE_PACKAGE], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"npm install {CLAUDE_PACKAGE} failed: {proc.stderr[-2000:]}"
    return str(cached)


def run_claude(claude: str, tmp_path: Path, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    bindir = str(Path(sys.executable).parent)  # where `iacf` is installed
    env = {**os.environ, "HOME": str(home), "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("ANTHROPIC_API_KEY", None)
    env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1"  # no telemetry, no update check
    return subprocess.run([claude, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
                          check=False)


pytestmark = pytest.mark.xdist_group("claude")


def test_plugin_passes_strict_validation(claude, tmp_path):
    proc = run_claude(claude, tmp_path, "plugin", "validate", "--strict", str(PLUGIN))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation passed" in proc.stdout


def test_marketplace_passes_strict_validation(claude, tmp_path):
    proc = run_claude(claude, tmp_path, "plugin", "validate", "--strict", str(REPO))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "marketplace" in proc.stdout and "Validation passed" in proc.stdout


def test_strict_validation_catches_a_broken_manifest_or_agent(claude, tmp_path):
    broken = tmp_path / "plugin"
    shutil.copytree(PLUGIN, broken)
    manifest = broken / ".claude-plugin" / "plugin.json"
    data = json.loads(manifest.read_text())
    data["colour"] = "blue"
    manifest.write_text(json.dumps(data))
    proc = run_claude(claude, tmp_path, "plugin", "validate", "--strict", str(broken))
    assert proc.returncode != 0

    shutil.rmtree(broken)
    shutil.copytree(PLUGIN, broken)
    agent = broken / "agents" / "iacf-architect.md"
    agent.write_text(agent.read_text().replace("\ndescription:", "\nsummary:", 1))
    proc = run_claude(claude, tmp_path, "plugin", "validate", "--strict", str(broken))
    assert proc.returncode != 0 and "iacf-architect.md" in proc.stdout + proc.stderr


def test_the_client_loads_the_plugin_and_connects_to_iacf_mcp(claude, tmp_path):
    if not (Path(sys.executable).parent / "iacf").exists():
        pytest.skip("the iacf script is not installed beside this Python")
    proc = run_claude(claude, tmp_path, "--plugin-dir", str(PLUGIN), "mcp", "list", cwd=tmp_path)
    out = proc.stdout + proc.stderr
    line = next((ln for ln in out.splitlines() if "iacf mcp" in ln), None)  # plugin:iacf:iacf: iacf mcp - ✔ Connected
    assert line is not None, out
    assert line.startswith("plugin:iacf:") and "Connected" in line and "Failed" not in line, out


def test_the_marketplace_installs_the_plugin(claude, tmp_path):
    """What the README tells a team: add this repository as a marketplace, install iacf@iacf."""
    if not (Path(sys.executable).parent / "iacf").exists():
        pytest.skip("the iacf script is not installed beside this Python")
    added = run_claude(claude, tmp_path, "plugin", "marketplace", "add", str(REPO))
    assert added.returncode == 0, added.stdout + added.stderr
    installed = run_claude(claude, tmp_path, "plugin", "install", "iacf@iacf")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    listed = run_claude(claude, tmp_path, "plugin", "list")
    assert "iacf@iacf" in listed.stdout and "enabled" in listed.stdout, listed.stdout
    details = run_claude(claude, tmp_path, "plugin", "details", "iacf@iacf").stdout
    inventory = {ln.split()[0]: ln for ln in details.splitlines() if ln.strip() and ln.startswith("  ")}
    for name in ("generate-infra", "publish-module", "spec-format"):
        assert name in inventory["Skills"], details
    assert "iacf-architect" in inventory["Agents"] and "iacf-governance-reviewer" in inventory["Agents"], details
    assert "PostToolUse" in inventory["Hooks"] and "iacf" in inventory["MCP"], details
    servers = run_claude(claude, tmp_path, "mcp", "list", cwd=tmp_path)
    lines = servers.stdout.splitlines()
    assert any(ln.startswith("plugin:iacf:") and "Connected" in ln for ln in lines), servers.stdout


def test_marketplace_lists_this_plugin():
    market = json.loads((REPO / ".claude-plugin" / "marketplace.json").read_text())
    manifest = json.loads((PLUGIN / ".claude-plugin" / "plugin.json").read_text())
    entry = next(p for p in market["plugins"] if p["name"] == manifest["name"])
    assert (REPO / entry["source"]).resolve() == PLUGIN
    assert entry["version"] == manifest["version"]
    servers = json.loads((PLUGIN / ".mcp.json").read_text())["mcpServers"]
    assert servers["iacf"] == {"command": "iacf", "args": ["mcp"]}


# -- every `iacf ...` command line of the plugin's files uses real commands and flags --------------------------

_SPAN = re.compile(r"`([^`]+)`")  # inline code may wrap over two lines
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def command_lines(path: Path) -> list[str]:
    """`iacf ...` lines inside code blocks and inline code of a Markdown file."""
    text = path.read_text()
    snippets: list[str] = []
    for i, block in enumerate(text.split("```")):
        snippets += block.splitlines() if i % 2 else _SPAN.findall(" ".join(block.splitlines()))
    return [s.strip() for s in snippets if s.strip().startswith("iacf ")]


def used_commands() -> dict[tuple[str, str], set[str]]:
    """(file, command) → flags used with it."""
    known = {" ".join(c) for c in cli_commands()}
    used: dict[tuple[str, str], set[str]] = {}
    for path in sorted(PLUGIN.rglob("*.md")):
        for line in command_lines(path):
            words = line.split()[1:3]
            command = " ".join(words) if " ".join(words) in known else words[0]
            used.setdefault((path.relative_to(PLUGIN).as_posix(), command), set()).update(_FLAG.findall(line))
    return used


USED = used_commands()


def test_the_commands_use_the_cli_with_json():
    assert ("commands/generate-infra.md", "generate") in USED and ("commands/generate-infra.md", "parse") in USED
    assert "--json" in USED[("commands/generate-infra.md", "generate")]
    assert "--json" in USED[("commands/publish-module.md", "publish")]


@pytest.mark.parametrize(("where", "command"), sorted(USED), ids=[f"{f}:{c}" for f, c in sorted(USED)])
def test_every_flag_a_plugin_file_uses_exists(where, command):
    if tuple(command.split()) not in cli_commands():
        pytest.skip(f"`iacf {command}` (used by {where}) is not a command of this CLI yet; checked once it is")
    missing = sorted(USED[(where, command)] - help_flags(command))
    assert not missing, f"{where} uses `iacf {command}` with {missing}, which `iacf {command} --help` does not offer"


def help_flags(command: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-m", "iacf_core", *command.split(), "--help"], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}, check=False)
    assert proc.returncode == 0, proc.stderr
    return set(_FLAG.findall(proc.stdout))


def test_the_flag_check_finds_a_flag_the_cli_lacks(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Run `iacf generate --spec s.yaml\n--colour red --json`, then:\n\n"
                    "```sh\niacf validate out --json\n```\n")
    lines = command_lines(page)
    assert lines == ["iacf generate --spec s.yaml --colour red --json", "iacf validate out --json"]
    assert set(_FLAG.findall(lines[0])) - help_flags("generate") == {"--colour"}


# -- the PostToolUse hook ----------------------------------------------------------------------------------------

def run_hook(event: dict, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
           "IACF_CHECKOV": str(tmp_path / "none"), "IACF_TERRAFORM": str(tmp_path / "none")}
    return subprocess.run([sys.executable, str(PLUGIN / "hooks" / "validate_terraform.py")], input=json.dumps(event),
                          capture_output=True, text=True, env=env, check=False)


def test_hook_reports_blocking_findings_after_a_terraform_edit(generated, tmp_path):
    if not (Path(sys.executable).parent / "iacf").exists():
        pytest.skip("the iacf script is not installed beside this Python")
    project = tmp_path / "project"
    shutil.copytree(generated["dev"], project)
    edited = project / "extra.tf"
    edited.write_text('resource "aws_security_group_rule" "ssh" {\n  type        = "ingress"\n  from_port   = 22\n'
                      '  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n'
                      '  security_group_id = "sg-1"\n}\n')
    proc = run_hook({"tool_name": "Write", "tool_input": {"file_path": str(edited)}}, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "blocking finding" in proc.stderr and "extra.tf" in proc.stderr

    edited.unlink()
    assert run_hook({"tool_name": "Edit", "tool_input": {"file_path": str(project / "main.tf")}},
                    tmp_path).returncode == 0
    assert run_hook({"tool_name": "Edit", "tool_input": {"file_path": str(project / "README.md")}},
                    tmp_path).returncode == 0


# -- the spec-format skill teaches valid Specs ----------------------------------------------------------------------

SKILL = PLUGIN / "skills" / "spec-format"


def skill_specs(tmp_path: Path) -> list[Path]:
    """The example files, and every YAML block of SKILL.md written to a file."""
    files = sorted((SKILL / "examples").glob("*.yaml"))
    blocks = (SKILL / "SKILL.md").read_text().split("```yaml\n")[1:]
    for i, block in enumerate(blocks):
        path = tmp_path / f"block{i}.yaml"
        path.write_text(block.split("```", 1)[0])
        files.append(path)
    return files


def test_skill_examples_are_specs_the_cli_generates(tmp_path, iacf_cli):
    specs = skill_specs(tmp_path)
    assert len(specs) == 6
    for i, spec in enumerate(specs):
        res = iacf_cli("generate", "--spec", str(spec), "--out", str(tmp_path / f"out{i}"), "--no-validate", "--json")
        assert res.exit_code == 0, f"{spec.name}: {res.stderr}"
        assert json.loads(res.stdout)["spec"]["project"]
    links = re.findall(r"\]\((examples/[^)]+)\)", (SKILL / "SKILL.md").read_text())
    assert links and all((SKILL / link).is_file() for link in links)
