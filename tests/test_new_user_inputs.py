"""What a new user found wrong with the inputs: ``--region`` read as a spec file's ``region`` is (a code, or a city,
country or area the cloud's vocabulary names, an availability zone named as such), and a number YAML made of a
Google Cloud memory size answered with a value the field takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.testing import parse_json, run_cli


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


# --region reaches the Spec as given: build_stack (engine/pipeline.py) is to read it with region_code; until then


@pytest.fixture(scope="module")
def registry():
    from iacf_core.app.commands.options import plugins

    return plugins().registry


def _spec(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(body)
    return path


# -- regions: one reading for a spec file's region and --region ---------------------------------------------


@pytest.mark.parametrize(("given", "cloud", "code"), [
    ("France Central", "azure", "francecentral"),
    ("Paris", "azure", "francecentral"),
    ("Paris", "aws", "eu-west-3"),
    ("North Europe", "azure", "northeurope"),
    ("EU-WEST-3", "aws", "eu-west-3"),
    ("europe-west9", "gcp", "europe-west9"),
])
def test_a_region_is_its_code_or_a_place_the_cloud_names(registry, given, cloud, code):
    from iacf_core.request.inputs import region_code

    assert region_code(given, cloud, registry) == code


@pytest.mark.parametrize(("given", "cloud", "says"), [
    ("eu-west-3a", "aws", "eu-west-3a is an availability zone; the region is eu-west-3"),
    ("europe-west9-a", "gcp", "europe-west9-a is an availability zone; the region is europe-west9"),
    ("Atlantis", "aws", "'Atlantis' is not a region of aws: name a region code (nearest: "),
])
def test_an_availability_zone_or_an_unknown_name_is_refused_in_one_line(registry, given, cloud, says):
    from iacf_core.request.inputs import region_code

    with pytest.raises(SpecError) as refused:
        region_code(given, cloud, registry)
    assert refused.value.message.startswith(says) and "\n" not in refused.value.message


def test_a_spec_files_availability_zone_names_its_region(tmp_path):
    spec = _spec(tmp_path, "project: shop\ncloud: aws\nregion: eu-west-3a\ncomponents:\n  - kind: web_app\n")
    res = run_cli("generate", "--spec", str(spec), "-o", str(tmp_path / "o"), "--no-validate")
    assert res.exit_code == 2 and not (tmp_path / "o").exists()
    assert res.stderr.strip().endswith("line 3: region: eu-west-3a is an availability zone; the region is eu-west-3")


@pytest.mark.parametrize(("region", "cloud", "code"), [
    ("France Central", "azure", "francecentral"),
    ("Paris", "azure", "francecentral"),
    ("Paris", "aws", "eu-west-3"),
])
def test_the_region_option_takes_the_names_a_spec_file_takes(region, cloud, code):
    parsed = parse_json("A Django app with PostgreSQL", "--cloud", cloud, "--region", region)
    assert parsed["spec"]["region"] == code


def test_the_region_option_on_a_spec_file_takes_a_name(tmp_path):
    spec = _spec(tmp_path, "project: shop\ncloud: azure\nregion: westeurope\ncomponents:\n  - kind: web_app\n")
    res = run_cli("generate", "--spec", str(spec), "-o", str(tmp_path / "o"), "--no-validate", "--json",
                  "--region", "France Central")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["region"] == "francecentral"


@pytest.mark.parametrize(("region", "says"), [
    ("eu-west-3a", "eu-west-3a is an availability zone; the region is eu-west-3"),
    ("Atlantis", "'Atlantis' is not a region of aws: name a region code (nearest: "),
])
def test_the_region_option_refuses_as_a_spec_file_does(region, says):
    res = run_cli("parse", "A Django app with PostgreSQL", "--cloud", "aws", "--region", region)
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0


# -- a number YAML made of a text field: the hint gives a value the field takes ------------------------------


@pytest.mark.parametrize(("memory", "says"), [
    ("1024", "params.memory: 1024 was read as a number by YAML; memory takes a size with its unit: write '1Gi' or "
             "'1024Mi' (for 1024 MiB)"),
    ("512", "params.memory: 512 was read as a number by YAML; memory takes a size with its unit: write '512Mi' "
            "(for 512 MiB)"),
])
def test_a_memory_number_on_google_cloud_is_answered_with_values_it_takes(tmp_path, memory, says):
    spec = _spec(tmp_path, f"project: shop\ncloud: gcp\ncomponents:\n  - kind: web_app\n    params:\n"
                           f"      memory: {memory}\n")
    res = run_cli("generate", "--spec", str(spec), "-o", str(tmp_path / "o"), "--no-validate")
    assert res.exit_code == 2 and res.stderr.strip().endswith(says), res.stderr
    assert "quote it" not in res.stderr


def test_the_value_the_hint_gives_is_taken(tmp_path):
    spec = _spec(tmp_path, "project: shop\ncloud: gcp\ncomponents:\n  - kind: web_app\n    params:\n"
                           "      memory: '1Gi'\n")
    res = run_cli("generate", "--spec", str(spec), "-o", str(tmp_path / "o"), "--no-validate", "--json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["components"][0]["params"]["memory"] == "1Gi"
