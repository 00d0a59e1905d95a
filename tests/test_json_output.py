"""Real ``--json`` outputs of every command validate against the JSON Schemas shipped in iacf-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from iacf_core.app.outputs import load_schema
from iacf_core.testing import env_vars

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (nox installs it)")

from conftest import SEED, SEED_DEV  # noqa: E402

README = Path(__file__).resolve().parents[1] / "README.md"


def check(command: str, data: dict) -> None:
    schema = load_schema(command)
    assert schema is not None
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_parse_json(iacf_cli):
    res = iacf_cli("parse", SEED, "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    check("parse", data)
    assert data["spec"]["environment"] == "prod"


def test_generate_json(iacf_cli, tmp_path):
    res = iacf_cli("generate", SEED_DEV, "--out", str(tmp_path / "out"), "--no-validate", "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    check("generate", data)
    assert data["validated"] is False and data["decisions"] and data["controls"]


def test_validate_json_with_findings(iacf_cli, tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_security_group_rule" "ssh" {\n  type        = "ingress"\n  from_port   = 22\n'
        '  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n'
    )
    with env_vars(IACF_CHECKOV=str(tmp_path / "no-checkov"), IACF_TERRAFORM=str(tmp_path / "no-terraform")):
        res = iacf_cli("validate", str(tmp_path), "--json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    check("validate", data)
    assert data["ok"] is False and any(f["gate"] == "ingress" for f in data["findings"])
    assert {g["gate"]: g["status"] for g in data["gates"]}["checkov"] == "skipped"


def test_plugins_json(iacf_cli):
    res = iacf_cli("plugins", "--json")
    data = json.loads(res.stdout)
    check("plugins", data)
    assert "aws" in [c["name"] for c in data["clouds"]]


def test_schema_output_is_a_schema_that_accepts_the_readme_spec(iacf_cli):
    res = iacf_cli("schema")
    data = json.loads(res.stdout)
    check("schema", data)
    spec = yaml.safe_load(README.read_text().split("A spec file:\n\n```yaml\n", 1)[1].split("```", 1)[0])
    jsonschema.Draft202012Validator(data).validate(spec)


def test_a_drifted_output_is_rejected(iacf_cli):
    data = json.loads(iacf_cli("parse", SEED, "--json").stdout)
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError, match="surprise"):
        check("parse", data)
    del data["surprise"], data["unused_words"]
    with pytest.raises(jsonschema.ValidationError, match="unused_words"):
        check("parse", data)
