"""The Spec's JSON Schema with the installed plugins' kinds, the references generated from it, and the CLI's
refusal of wrong parameters in a spec file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from iacf_core.app.specdoc import BEGIN, END, installed_markdown, replace_block
from iacf_core.testing import run_cli

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (nox installs it)")

REPO = Path(__file__).resolve().parents[1]
SKILL = REPO / "claude-plugin" / "skills" / "spec-format"


@pytest.fixture(scope="module")
def schema() -> dict:
    res = run_cli("schema")
    assert res.exit_code == 0, res.stderr
    data: dict = json.loads(res.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_the_skill_reference_is_generated_from_the_schema():
    text = (SKILL / "SKILL.md").read_text()
    assert text == replace_block(text, installed_markdown(level=3)), \
        "stale: python -m iacf_core.app.specdoc claude-plugin/skills/spec-format/SKILL.md"
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    for kind in ("web_app", "relational_database", "queue", "scheduled_job", "static_site"):
        assert f"#### `{kind}`" in block
    assert "| `replicas` | integer 1–1000 |" in block


def test_the_schema_lists_every_kind_with_its_parameters(schema):
    from iacf_core.kernel.plugins import Plugins

    registry = Plugins().registry
    mapping = schema["properties"]["components"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {kind for cloud in registry.clouds for kind in registry.kinds_for(cloud)}
    for kind, ref in mapping.items():
        component = schema["$defs"][ref.rsplit("/", 1)[1]]
        given = component["properties"]["params"]
        # one cloud's model, or any of the installed clouds' models when they differ
        refs = [given["$ref"]] if "$ref" in given else [branch["$ref"] for branch in given["anyOf"]]
        for model_ref in refs:
            params = schema["$defs"][model_ref.rsplit("/", 1)[1]]
            assert params["additionalProperties"] is False
            assert params["properties"], f"{kind} declares no parameter"
            for name, prop in params["properties"].items():
                assert prop.get("description"), f"{kind}.{name} has no description"


def test_examples_pass_and_wrong_parameters_fail_the_schema(schema):
    check = jsonschema.Draft202012Validator(schema)
    for path in sorted((SKILL / "examples").glob("*.yaml")):
        assert not list(check.iter_errors(yaml.safe_load(path.read_text()))), path.name
    base = {"project": "shop", "cloud": "aws", "components": [{"kind": "web_app"}]}
    wrong = [
        {"kind": "web_app", "params": {"framework": "djang"}},
        {"kind": "web_app", "params": {"replicas": 0}},
        {"kind": "relational_database", "params": {"engine": "postgress"}},
        {"kind": "queue", "params": {"fifo": "yes"}},
        {"kind": "nosql_table", "params": {"partition_key_type": "X"}},
        {"kind": "function", "params": {"runtime": "python2.7"}},
        {"kind": "static_site", "params": {"spa": "no"}},
        {"kind": "queue", "params": {"framework": "django"}},  # a parameter of another kind
        {"kind": "kafka"},
    ]
    for component in wrong:
        assert list(check.iter_errors({**base, "components": [component]})), component


def test_a_spec_file_with_wrong_parameters_is_exit_2_one_line_each_nothing_written(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({"project": "shop", "cloud": "aws", "environment": "prod", "components": [
        {"kind": "web_app", "params": {"framework": "djang", "replicas": 5}},
        {"kind": "relational_database", "params": {"engine": "postgress"}},
    ]}))
    out = tmp_path / "out"
    res = run_cli("generate", "--spec", str(spec), "--out", str(out), "--no-validate")
    assert res.exit_code == 2
    assert "Traceback" not in res.stderr
    assert "params.framework = 'djang' is not allowed; did you mean 'django'?" in res.stderr
    assert "params.engine = 'postgress' is not allowed; did you mean 'postgres'?" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 2, res.stderr
    assert not out.exists()


def test_schema_for_an_unknown_cloud_is_exit_2():
    res = run_cli("schema", "--cloud", "mars")
    assert res.exit_code == 2 and "'mars' is not installed" in res.stderr
    assert json.loads(run_cli("schema", "--cloud", "aws").stdout)["properties"]["cloud"]["const"] == "aws"


def test_a_kind_takes_the_models_of_the_clouds_that_serve_it_only(schema):
    """With several clouds installed, a kind one cloud serves gets that cloud's parameters, not the neutral ones
    a cloud that does not serve it would bring (wider: memcached for an AWS cache)."""
    from iacf_core.kernel.plugins import Plugins

    registry = Plugins().registry
    mapping = schema["properties"]["components"]["items"]["discriminator"]["mapping"]
    for kind, ref in mapping.items():
        serving = [c for c in sorted(registry.clouds) if kind in registry.kinds_for(c)]
        models = {registry.params_model(kind, c) for c in serving} - {None}
        given = schema["$defs"][ref.rsplit("/", 1)[1]]["properties"]["params"]
        refs = [given["$ref"]] if "$ref" in given else [b["$ref"] for b in given.get("anyOf", [])]
        assert len(refs) == len(models), (kind, serving, refs)
