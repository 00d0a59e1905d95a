"""docs/cli-reference.md is generated from the typer app and must be current."""

from __future__ import annotations

from pathlib import Path

from iacf_core.app.clidoc import reference_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli-reference.md"


def test_cli_reference_is_current():
    assert PAGE.read_text() == reference_markdown(), "regenerate: python -m iacf_core.app.clidoc > docs/cli-reference.md"


def test_every_command_and_option_is_documented():
    import typer.main

    from iacf_core.app.cli import app

    page = reference_markdown()
    for name, command in typer.main.get_command(app).commands.items():
        assert f"## iacf {name}\n" in page
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert f"`{opt}`" in page.split(f"## iacf {name}\n", 1)[1].split("\n## ", 1)[0]


def test_commands_with_a_schema_name_it():
    page = reference_markdown()
    assert "JSON output schema: `iacf_core/schemas/generate.json`." in page
    assert "JSON output schema: `iacf_core/schemas/schema.json`." in page
