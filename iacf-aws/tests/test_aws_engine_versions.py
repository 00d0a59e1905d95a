"""Database and cache engine versions on AWS: only the versions the data file offers (the major versions AWS
supports in standard support, and the tested full version of each) are accepted; any other is refused in one line
naming what is offered, exit 2, from a spec file as from a request; defaults are offered versions; and what the
Terraform modules derive from a version (parameter group family, the database-users client image) stays
consistent with the data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import iacf_aws
from iacf_aws.identities import CLIENT_IMAGE, client_image
from iacf_aws.params import engine_major
from iacf_aws.sizing import sizing
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.errors import SpecError
from iacf_core.kernel.models import Spec
from iacf_core.kernel.plugins import Plugins
from iacf_core.testing import run_cli

ENGINES: dict[str, Any] = sizing()["engines"]
# what the product offers: the major versions AWS supports in standard support, each with its tested full version
EXPECTED: dict[str, dict[str, str]] = {
    "postgres": {"18": "18.1", "17": "17.7", "16": "16.11", "15": "15.15", "14": "14.20"},
    "mysql": {"8.4": "8.4.7"},
    "mariadb": {"11.8": "11.8.6", "11.4": "11.4.10", "10.11": "10.11.16"},
    "aurora-postgresql": {"17": "17.6", "16": "16.10", "15": "15.14", "14": "14.19"},
    "aurora-mysql": {"8.0": "8.0.mysql_aurora.3.10.4"},
}
DEFAULTS = {"postgres": "16", "mysql": "8.4", "mariadb": "10.11", "aurora-postgresql": "16", "aurora-mysql": "8.0"}
CACHE_ENGINES: dict[str, Any] = sizing()["cache_engines"]
TEMPLATES = Path(iacf_aws.__file__).parent / "templates" / "modules"


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def _spec_file(tmp_path: Path, kind: str, params: dict[str, Any]) -> Path:
    spec = tmp_path / "spec.yaml"
    lines = ["project: shop", "cloud: aws", "components:", f"  - kind: {kind}", "    params:"]
    lines += [f'      {key}: "{value}"' for key, value in params.items()]
    spec.write_text("\n".join(lines) + "\n")
    return spec


def _generate(tmp_path: Path, *args: str) -> Any:
    return run_cli("generate", *args, "-o", str(tmp_path / "out"), "--no-validate")


# -- refused -----------------------------------------------------------------------------------------------------

REFUSED_SPECS = [
    # a minor that does not exist: used to pass (its major is offered) and fail only at terraform apply
    ("relational_database", {"engine_version": "16.99"},
     "'16.99': not a PostgreSQL version offered; use the major version 16 (AWS creates and upgrades its current "
     "minor version) or the tested full version 16.11"),
    # a retired minor (RDS stopped creating 16.8 on 2026-05-01)
    ("relational_database", {"engine_version": "16.8"},
     "'16.8': not a PostgreSQL version offered; use the major version 16 (AWS creates and upgrades its current "
     "minor version) or the tested full version 16.11"),
    # out of standard support
    ("relational_database", {"engine_version": "13"},
     "'13': not a PostgreSQL major version offered; use one of: 18, 17, 16, 15, 14"),
    ("relational_database", {"engine": "mysql", "engine_version": "8.0"},
     "'8.0': not a MySQL major version offered; use one of: 8.4"),
    ("relational_database", {"engine": "mysql", "engine_version": "8.0.40"},
     "'8.0.40': not a MySQL major version offered; use one of: 8.4"),
    ("relational_database", {"engine": "mariadb", "engine_version": "10.6"},
     "'10.6': not a MariaDB major version offered; use one of: 11.8, 11.4, 10.11"),
    ("relational_database", {"engine": "aurora-postgresql", "engine_version": "13"},
     "'13': not a Aurora PostgreSQL major version offered; use one of: 17, 16, 15, 14"),
    ("relational_database", {"engine": "aurora-mysql", "engine_version": "8.0.mysql_aurora.3.08.0"},
     "not a Aurora MySQL version offered; use the major version 8.0 (AWS creates and upgrades its current minor "
     "version) or the tested full version 8.0.mysql_aurora.3.10.4"),
]


@pytest.mark.parametrize(("kind", "params", "said"), REFUSED_SPECS, ids=lambda v: str(v)[:40])
def test_a_spec_naming_a_version_aws_does_not_offer_is_refused_in_one_line(tmp_path, kind, params, said):
    res = _generate(tmp_path, "--spec", str(_spec_file(tmp_path, kind, params)))
    assert res.exit_code == 2, res.stdout
    assert "params.engine_version = " in res.stderr and said in res.stderr, res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.endswith(said + "\n"), res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("request_text", "said"), [
    ("a web app with a PostgreSQL 9 database on AWS",
     "params.engine_version = '9': not a PostgreSQL major version offered; use one of: 18, 17, 16, 15, 14"),
    ("a MySQL 5.6 database on AWS",
     "params.engine_version = '5.6': not a MySQL major version offered; use one of: 8.4"),
    ("a MySQL 8.0 database on AWS",
     "params.engine_version = '8.0': not a MySQL major version offered; use one of: 8.4"),
    ("a MariaDB 10.6 database on AWS",
     "params.engine_version = '10.6': not a MariaDB major version offered; use one of: 11.8, 11.4, 10.11"),
])
def test_a_request_naming_a_version_aws_does_not_offer_is_refused_in_one_line(tmp_path, request_text, said):
    for res in (run_cli("parse", request_text), _generate(tmp_path, request_text)):
        assert res.exit_code == 2, res.stdout
        assert res.stderr.count("\n") == 1 and res.stderr.endswith(said + "\n"), res.stderr
    assert not (tmp_path / "out").exists()


# -- accepted ----------------------------------------------------------------------------------------------------

OFFERED = [(engine, version) for engine, versions in EXPECTED.items()
           for major, tested in versions.items() for version in (major, tested)]


def _db(plugins: Plugins, params: dict[str, Any]) -> tuple[Any, str]:
    """The database component a spec with these parameters builds, and its version decision's text."""
    spec = Spec.model_validate({"project": "shop", "cloud": "aws",
                                "components": [{"kind": "relational_database", "params": params}]})
    stack = build_stack(spec, plugins)
    decision = next(d for d in stack.decisions if d.id == "aws.db.version")
    return stack.components["db"], f"{decision.title} | {decision.why} | {' ; '.join(decision.alternatives)}"


@pytest.mark.parametrize(("engine", "version"), OFFERED, ids=lambda v: str(v))
def test_every_offered_version_is_accepted_and_generated(plugins, engine, version):
    db, decision = _db(plugins, {"engine": engine, "engine_version": version})
    major = engine_major(engine, version)
    tested = EXPECTED[engine][major]
    assert db.params["family"] == engine + major
    # a major version is generated as such (or, without a major prefix, as its tested version); a full version as is
    prefix = ENGINES[engine].get("major_prefix", True)
    assert db.params["engine_version"] == (version if version != major or prefix else tested)
    assert db.params["auto_minor_version_upgrade"] is (version == major and prefix)
    # the decision names the tested full version (pinned, or the alternative to the major version)
    assert tested in decision
    # and only that full version of the major is accepted: another minor of it is refused, naming both
    other = re.sub(r"[0-9]+$", lambda m: str(int(m.group()) + 1), tested)
    with pytest.raises(SpecError, match=re.escape(f"use the major version {major} (AWS creates and upgrades its "
                                                  f"current minor version) or the tested full version {tested}")):
        _db(plugins, {"engine": engine, "engine_version": other})


@pytest.mark.parametrize(("request_text", "engine", "version"), [
    ("a PostgreSQL 18 database on AWS", "postgres", "18"),
    ("an Aurora PostgreSQL 17 database on AWS", "aurora-postgresql", "17"),
    ("a MariaDB 11.8 database on AWS", "mariadb", "11.8"),
])
def test_a_request_naming_an_offered_version_gets_it(request_text, engine, version):
    res = run_cli("parse", "--json", request_text)
    assert res.exit_code == 0, res.stderr
    db = next(c for c in json.loads(res.stdout)["spec"]["components"] if c["kind"] == "relational_database")
    assert (db["params"].get("engine", "postgres"), db["params"]["engine_version"]) == (engine, version)


def test_the_schema_lists_the_offered_versions():
    res = run_cli("schema", "--cloud", "aws")
    assert res.exit_code == 0, res.stderr
    text = res.stdout
    assert "postgres: 18, 17, 16, 15, 14; mysql: 8.4; mariadb: 11.8, 11.4, 10.11" in text
    assert "mysql: 8.4.7" in text and "postgres: 18.1, 17.7, 16.11" in text
    assert "valkey: 8.0, 7.2; redis: 7.1, 7.0, 6.2" in text
    for retired in ("8.0.40", "16.8", "10.6", "mysql: 8.4, 8.0", "postgres 16, mysql 8.0"):
        assert retired not in text


# -- defaults ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", list(EXPECTED))
def test_the_default_version_is_offered_and_generated(plugins, engine):
    default = DEFAULTS[engine]
    assert ENGINES[engine]["default"] == default and default in EXPECTED[engine]
    db, decision = _db(plugins, {"engine": engine})
    assert engine_major(engine, db.params["engine_version"]) == default
    assert db.params["family"] == engine + default
    assert EXPECTED[engine][default] in decision


def test_the_data_offers_the_versions_in_standard_support_and_no_other():
    """The data file lists exactly the expected versions (majors in standard support, their tested full versions),
    none of those AWS has retired, and the caches' defaults among their versions."""
    assert {engine: table["versions"] for engine, table in ENGINES.items()} == EXPECTED
    retired = {"postgres": {"13", "12", "11"}, "mysql": {"8.0", "5.7"}, "mariadb": {"10.6", "10.5", "10.4"},
               "aurora-postgresql": {"13", "12", "11"}, "aurora-mysql": {"5.7"}}
    for engine, majors in retired.items():
        assert not majors & set(ENGINES[engine]["versions"]), engine
    assert not {"4.0", "5.0"} & set(CACHE_ENGINES["redis"]["versions"])
    for engine, table in CACHE_ENGINES.items():
        assert table["default"] in table["versions"]
        for version, family in table["versions"].items():  # the parameter group family of each version
            assert re.fullmatch(rf"{engine}{version.split('.')[0]}(\.x)?", family), (engine, version, family)


# -- data and templates ------------------------------------------------------------------------------------------

def _template_family(engine: str, version: str) -> str:
    """The parameter group family the Terraform modules derive from engine_version, read from their text (the
    same expressions, evaluated here)."""
    parts = version.split(".")
    rds = (TEMPLATES / "rds" / "main.tf").read_text()
    aurora = (TEMPLATES / "aurora" / "main.tf").read_text()
    assert 'family      = "postgres${split(".", var.engine_version)[0]}"' in rds
    assert 'family      = "mysql${local.major_2_parts}"' in rds
    assert 'family      = "mariadb${local.major_2_parts}"' in rds
    assert "major_2_parts = join(\".\", slice(local.version_parts, 0, min(2, length(local.version_parts))))" in rds
    assert 'family      = "aurora-postgresql${split(".", var.engine_version)[0]}"' in aurora
    assert 'family      = "aurora-mysql${join(".", slice(split(".", var.engine_version), 0, 1))}.0"' in aurora
    return {"postgres": f"postgres{parts[0]}", "mysql": f"mysql{'.'.join(parts[:2])}",
            "mariadb": f"mariadb{'.'.join(parts[:2])}", "aurora-postgresql": f"aurora-postgresql{parts[0]}",
            "aurora-mysql": f"aurora-mysql{parts[0]}.0"}[engine]


@pytest.mark.parametrize(("engine", "version"), OFFERED, ids=lambda v: str(v))
def test_data_and_templates_agree_on_each_offered_version(engine, version):
    major = engine_major(engine, version)
    tested = ENGINES[engine]["versions"][major]
    assert tested == EXPECTED[engine][major]
    # the tested full version belongs to its major
    assert engine_major(engine, tested) == major and tested.startswith(f"{major}.")
    # the family the module derives is the one the plan records (engine + major)
    assert _template_family(engine, version) == engine + major
    # the database-users task's client runs the engine's major version (Aurora MySQL 3 is MySQL 8.0)
    tag = {"aurora-mysql": "mysql:8.0"}.get(engine) or (
        f"postgres:{major}-alpine" if "postgres" in engine else f"{engine}:{major}")
    assert client_image(engine, version) == CLIENT_IMAGE.format(image=tag)

