"""Reading a spec file as the request reader reads its words (cloud, environment, region, kind), every problem at
once with its line, YAML's conversions named, and path options that may not be empty."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fake_cloud import FakeCloud
from pydantic import BaseModel, ConfigDict

from iacf_core import CloudInfo, ComponentKind, Term, hookimpl
from iacf_core.kernel.plugins import Plugins, get_plugin_manager

SPEC = "project: shop\ncloud: fake\ncomponents:\n  - kind: web_app\n"


class Nimbus:
    """A second cloud, with its own region (westeurope, also named Amsterdam)."""

    @hookimpl
    def iacf_register_clouds(self, register: Callable[[CloudInfo], None]) -> None:
        register(CloudInfo(name="nimbus", title="Nimbus", default_region="westeurope", regions=("westeurope",)))

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        register(ComponentKind(name="web_app", clouds=("nimbus",)))

    @hookimpl
    def iacf_register_vocabulary(self, register: Callable[[Term], None]) -> None:
        register(Term("nimbus", "cloud", "nimbus"))
        register(Term("westeurope", "region", "westeurope", cloud="nimbus"))
        register(Term("amsterdam", "region", "westeurope", cloud="nimbus"))


@pytest.fixture
def plugins() -> Plugins:
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", FakeCloud()), ("nimbus", Nimbus())]))


def error_lines(res):
    lines = res.stderr.splitlines()
    assert lines and all(line.startswith("iacf: error: ") for line in lines), res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
    return [line.removeprefix("iacf: error: ") for line in lines]


def generate(fake_cli, tmp_path, body: str, *options: str):
    spec = tmp_path / "s.yaml"
    spec.write_text(body)
    return fake_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "o"), "--no-validate", "--json",
                    *options)


def refused(fake_cli, tmp_path, body: str, *options: str) -> list[str]:
    """The error lines of a spec refused with exit code 2, nothing written; each names the file and a line."""
    res = generate(fake_cli, tmp_path, body, *options)
    assert res.exit_code == 2, res.stdout
    assert not (tmp_path / "o").exists()
    lines = error_lines(res)
    return [line.removeprefix(f"spec file {tmp_path / 's.yaml'}, ") for line in lines]


# -- 1. environments: the names --env takes -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "env", "noted"), [
    ("production", "prod", True), ("uat", "staging", True), ("qa", "staging", True), ("Prod", "prod", False),
    ("recette", "staging", True), ("PRODUCTION", "prod", True),
])
def test_a_spec_takes_every_name_of_an_environment_and_records_the_reading(fake_cli, tmp_path, name, env, noted):
    res = generate(fake_cli, tmp_path, SPEC + f"environment: {name}\n")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["spec"]["environment"] == env
    decisions = {d["id"]: d for d in data["decisions"]}
    assert ("core.spec.environment" in decisions) is noted
    if noted:
        assert decisions["core.spec.environment"]["title"] == f"The environment is {env}, from {name!r}"
        assert "core.spec.environment" in (tmp_path / "o" / "DECISIONS.md").read_text()


def test_the_spec_and_env_read_environment_names_alike(fake_cli, tmp_path):
    """One reader: every name of the vocabulary is the same environment for --env and for a spec file."""
    from iacf_core.app.commands.options import environment
    from iacf_core.request.inputs import environment_name
    from iacf_core.request.params import data_file

    names = [str(w) for words in data_file("vocabulary.yaml")["environment"].values() for w in words]
    assert len(names) > 20
    for name in [*names, "PROD", "Staging"]:
        assert environment(name).value == environment_name(name), name
    for name in ("moon", "prod ", "", "productionn"):
        assert environment_name(name) is None
        with pytest.raises(Exception, match="is not one of 'dev', 'staging', 'prod'"):
            environment(name)


def test_a_name_that_is_no_environment_is_refused_with_the_accepted_ones(fake_cli, tmp_path):
    lines = refused(fake_cli, tmp_path, SPEC + "environment: moon\n")
    assert lines == ["line 5: environment: 'moon' is not one of 'dev', 'staging', 'prod' (nor a name of one, such "
                     "as production, recette, uat)"]
    res = fake_cli("generate", "Django sur FakeCloud", "--env", "moon", "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and "'moon' is not one of 'dev', 'staging', 'prod' (nor a name of one, such as " \
        "production, recette, uat)" in res.stderr


def test_env_replaces_a_spec_environment_given_by_name(fake_cli, tmp_path):
    res = generate(fake_cli, tmp_path, SPEC + "environment: production\n", "--env", "dev")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    ids = [d["id"] for d in data["decisions"]]
    assert data["spec"]["environment"] == "dev" and "core.override.environment" in ids
    assert "core.spec.environment" not in ids  # the file's value is replaced: no reading of it to record


# -- 2. regions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "code", "noted"), [
    ("Paris", "fr-1", True), ("BERLIN", "de-1", True), ("FR-1", "fr-1", False), ("de-1", "de-1", False),
    ("'Paris, Paris'", "fr-1", True),
])
def test_a_region_by_its_code_in_any_case_or_by_a_place_the_cloud_names(fake_cli, tmp_path, given, code, noted):
    res = generate(fake_cli, tmp_path, SPEC + f"region: {given}\n")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["spec"]["region"] == code
    notes = [d for d in data["decisions"] if d["id"] == "core.spec.region"]
    assert len(notes) == noted
    if noted:
        assert notes[0]["title"] == f"The region is {code}, from {given.strip(chr(39))!r}"


@pytest.mark.parametrize(("given", "expected"), [
    ("westeurope", "line 5: region: 'westeurope' is a nimbus region (westeurope), and this stack is on fake: name a "
                   "fake region or pass --region"),
    ("Amsterdam", "line 5: region: 'amsterdam' is a nimbus region (westeurope), and this stack is on fake"),
    ("Paris Berlin", "line 5: region: 'Paris Berlin' names several fake regions: de-1 (berlin), fr-1 (paris); keep "
                     "one"),
    ("fr-9", "line 5: region: 'fr-9' is not a region of fake: name a region code (nearest: fr-1, de-1) or a city "
             "or country of one"),
    ("Paris Tokyo", "line 5: region: 'Paris Tokyo' is not a region of fake"),
    ("'fr-1 '", "line 5: region: 'fr-1 ' is not a region of fake"),
])
def test_a_region_of_another_cloud_an_ambiguous_or_unknown_one_is_refused(fake_cli, tmp_path, given, expected):
    (line,) = refused(fake_cli, tmp_path, SPEC + f"region: {given}\n")
    assert line.startswith(expected), line


def test_region_option_replaces_the_spec_region_unread(fake_cli, tmp_path):
    res = generate(fake_cli, tmp_path, SPEC + "region: westeurope\n", "--region", "de-1")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["region"] == "de-1"


def test_regions_are_read_for_the_cloud_of_the_cloud_option(fake_cli, tmp_path):
    res = generate(fake_cli, tmp_path, SPEC.replace("cloud: fake", "cloud: nimbus") + "region: Paris\n",
                   "--cloud", "fake")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["region"] == "fr-1"


# -- 3. clouds ---------------------------------------------------------------------------------------------


def test_the_cloud_in_any_case(fake_cli, tmp_path):
    res = generate(fake_cli, tmp_path, SPEC.replace("cloud: fake", "cloud: FAKE"))
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["spec"]["cloud"] == "fake"
    assert not [d for d in data["decisions"] if d["id"].startswith(("core.spec.", "core.override."))]
    res = generate(fake_cli, tmp_path, SPEC.replace("cloud: fake", "cloud: Fake"), "--cloud", "fake", "--force")
    assert res.exit_code == 0 and "core.override.cloud" not in res.stdout  # the same cloud: nothing replaced


def test_a_cloud_typo_gets_the_cloud_options_did_you_mean(fake_cli, tmp_path):
    (line,) = refused(fake_cli, tmp_path, SPEC.replace("cloud: fake", "cloud: Fak"))
    assert line == "line 2: the spec file names cloud 'fak', which is not installed; did you mean 'fake'? installed " \
                   "clouds: fake, nimbus"
    res = fake_cli("generate", "Django", "--cloud", "fak", "--out", str(tmp_path / "o"))
    (option,) = error_lines(res)
    assert option.split("cloud 'fak'", 1)[1] == line.split("cloud 'fak'", 1)[1]


# -- 4. kinds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "near"), [("web_ap", "web_app"), ("Web_App", "web_app"), ("web-app", "web_app"),
                                            ("relational_db", "relational_database")])
def test_a_kind_the_catalogue_lacks_is_refused_with_the_nearest(fake_cli, tmp_path, kind, near):
    (line,) = refused(fake_cli, tmp_path, SPEC.replace("kind: web_app", f"kind: {kind}"))
    assert line == (f"line 4: components[0].kind: the fake catalogue cannot generate {kind!r}; did you mean "
                    f"{near!r}? supported components: relational_database, web_app")


def test_a_kind_is_refused_for_an_unknown_cloud_too(fake_cli, tmp_path):
    lines = refused(fake_cli, tmp_path, SPEC.replace("cloud: fake", "cloud: mars").replace("web_app", "Web_app"))
    assert [line.split(":", 1)[0] for line in lines] == ["line 2", "line 4"]
    assert lines[1].startswith("line 4: components[0].kind: no installed cloud generates 'Web_app'; did you mean "
                               "'web_app'?")


# -- 5. YAML conversions -----------------------------------------------------------------------------------


def test_values_yaml_converted_are_named_with_their_text(fake_cli, tmp_path):
    body = ("project: yes\ncloud: fake\nowner: NO\ncost_center: 0123\ntags: {Team: on, Year: 2024}\ncomponents:\n"
            "  - kind: relational_database\n    params: {engine_version: 16}\n"
            "  - kind: relational_database\n    params: {engine_version: 8.10}\n")
    assert refused(fake_cli, tmp_path, body) == [
        "line 1: project: yes was read as true by YAML; quote it: 'yes'",
        "line 3: owner: NO was read as false by YAML; quote it: 'NO'",
        "line 4: cost_center: 0123 was read as the number 83 by YAML; quote it: '0123'",
        "line 5: tags.Team: on was read as true by YAML; quote it: 'on'",
        "line 5: tags.Year: 2024 was read as a number by YAML; quote it: '2024'",
        "line 8: components[0] 'db' (relational_database): params.engine_version: 16 was read as a number by YAML; "
        "quote it: '16'",
        "line 10: components[1] 'db_2' (relational_database): params.engine_version: 8.10 was read as the number "
        "8.1 by YAML; quote it: '8.10'",
    ]
    quoted = ("project: 'yes'\ncloud: fake\nowner: 'NO'\ncost_center: '0123'\ncomponents:\n"
              "  - kind: relational_database\n    params: {engine_version: '16'}\n")
    res = generate(fake_cli, tmp_path, quoted)
    assert res.exit_code == 0, res.stderr
    spec = json.loads(res.stdout)["spec"]
    assert (spec["project"], spec["owner"], spec["cost_center"]) == ("yes", "NO", "0123")
    assert spec["components"][0]["params"] == {"engine_version": "16"}


def test_a_real_boolean_or_a_json_number_is_not_blamed_on_yaml(fake_cli, tmp_path):
    lines = refused(fake_cli, tmp_path, SPEC + "owner: true\ncost_center: '12'\n")
    assert lines == ["line 5: owner: must be a string (value: True)"]
    spec = tmp_path / "s.json"
    spec.write_text('{"project": "shop", "cloud": "fake", "owner": 12, "components": [{"kind": "web_app"}]}')
    res = fake_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "o"))
    assert error_lines(res) == [f"spec file {spec}: owner: must be a string (value: 12)"]


def test_a_parameter_of_several_types_says_them_plainly(fake_cli, tmp_path, monkeypatch):
    from iacf_core.app.commands import options

    class Tables(Nimbus):
        @hookimpl
        def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
            register(ComponentKind(name="table", clouds=("nimbus",), params=_literal_false_params()))

    plugins = Plugins(get_plugin_manager(load_entry_points=False, extra=[("nimbus", Tables())]))
    monkeypatch.setattr(options, "plugins", lambda: plugins)
    lines = refused(fake_cli, tmp_path, "project: shop\ncloud: nimbus\ncomponents:\n  - kind: table\n"
                                        "    params: {sort_key: true}\n")
    assert lines == ["line 5: components[0] 'table' (table): params.sort_key = true: must be a string, or false"]


def _literal_false_params() -> type[BaseModel]:
    from typing import Literal

    class Keys(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)

        sort_key: str | Literal[False] | None = None

    return Keys


# -- 6. merge keys -----------------------------------------------------------------------------------------


def test_a_merge_key_is_refused_with_its_line(fake_cli, tmp_path):
    body = "base: &b {kind: web_app}\nproject: shop\ncloud: fake\ncomponents:\n  - <<: *b\n    name: a\n"
    assert refused(fake_cli, tmp_path, body) == [
        "line 5, column 5: YAML merge keys (<<) are not supported; write the fields out"]
    # a key written "<<" (quoted) is an ordinary key
    (line,) = refused(fake_cli, tmp_path, SPEC + "'<<': 1\n")
    assert line.startswith("line 5: <<: unknown field")


# -- 7. empty paths ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "option"), [
    (("generate", "--spec", "", "--out", "o"), "--spec"),
    (("generate", "Django sur FakeCloud", "-o", ""), "--out"),
    (("generate", "Django sur FakeCloud", "--out", "  "), "--out"),
    (("generate", "--spec", "s.yaml", "-o", ""), "--out"),
    (("generate", "Django sur FakeCloud", "--policy", "", "--out", "o"), "--policy"),
    (("parse", "Django sur FakeCloud", "--policy", ""), "--policy"),
    (("generate", "--batch", "", "--out", "o"), "--batch"),
])
def test_an_empty_path_is_refused_not_read_as_the_current_folder(fake_cli, tmp_path, monkeypatch, args, option):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(SPEC)
    res = fake_cli(*args)
    assert res.exit_code == 2
    assert error_lines(res) == [f"{option} needs a path"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


# -- 8. every problem at once, each with its line -----------------------------------------------------------


def test_every_problem_of_a_spec_at_once_each_with_its_line(fake_cli, tmp_path):
    body = ("project: Shop\n"                                             # 1 schema
            "cloud: fake\n"
            "region: fr-9\n"                                              # 3 region
            "components:\n"
            "  - kind: web_app\n"
            "    name: a\n"
            "    params: {framework: djang, port: 0}\n"                   # 7 two parameters
            "  - kind: relational_database\n"
            "    name: a\n"                                               # 9 duplicate name
            "    params:\n"
            "      engine: oracle\n"                                      # 11 parameter
            "      colour: red\n"                                         # 12 unknown parameter
            "connections:\n"
            "  - {from: a, to: nowhere, access: connect}\n")              # 14 connection
    lines = refused(fake_cli, tmp_path, body)
    assert [line.split(":", 1)[0] for line in lines] == [
        "line 1", "line 3", "line 7", "line 7", "line 9", "line 11", "line 12", "line 14"]
    assert "project: must be 3-15 characters" in lines[0]
    assert "params.framework = 'djang' is not allowed; did you mean 'django'?" in lines[2]
    assert "params.port = 0" in lines[3]
    assert "components[1]: name 'a' is already the name of components[0]" in lines[4]
    assert "params.engine = 'oracle' is not allowed" in lines[5]
    assert "unknown parameter 'colour'" in lines[6]
    assert lines[7].startswith("line 14: connections[0] (a -> nowhere, connect): ")


def test_parameters_are_checked_for_the_spec_environment(fake_cli, tmp_path):
    body = ("project: shop\ncloud: fake\nenvironment: production\ncomponents:\n  - kind: relational_database\n"
            "    params: {backup_retention_days: 3}\n")
    (line,) = refused(fake_cli, tmp_path, body)
    assert line.startswith("line 6: components[0] 'db' (relational_database): params.backup_retention_days = 3: "
                           "prod keeps")
    res = generate(fake_cli, tmp_path, body, "--env", "dev")
    assert res.exit_code == 0, res.stderr


def test_the_parameters_of_valid_components_are_checked_beside_schema_errors(fake_cli, tmp_path):
    body = ("project: shop\ncloud: fake\ncomponents:\n  - kind: web_app\n    params: {port: 0}\n"
            "  - kind: web_app\n    extra: 1\n  - kind: relational_database\n    params: {engine: oracle}\n")
    lines = refused(fake_cli, tmp_path, body)
    assert [line.split(": ", 2)[1] for line in lines] == [
        "components[0] 'app' (web_app)", "components[1].extra", "components[2] 'db' (relational_database)"]


# -- 9. plain wording ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tail", "expected"), [
    ("components: []\n", "line 3: components: at least one component is needed"),
    ("components: [3]\n", "line 3: components[0]: must be a mapping of fields such as {kind: web_app} (value: 3)"),
    ("components: [{kind: web_app}]\nconnections: [x]\n",
     "line 4: connections[0]: must be a mapping of fields such as {from: app, to: db, access: connect} "
     "(value: 'x')"),
    ("components: [{kind: web_app}]\ntags: [a]\n", "line 4: tags: must be a mapping of fields (value: ['a'])"),
    ("components: {kind: web_app}\n", "line 3: components: must be a list (value: {'kind': 'web_app'})"),
    ("environment: 1\ncomponents: [{kind: web_app}]\n",
     "line 3: environment: must be 'dev', 'staging' or 'prod' (value: 1)"),
    ("data_classification: secret\ncomponents: [{kind: web_app}]\n",
     "line 3: data_classification: must be 'public', 'internal', 'confidential' or 'restricted' (value: 'secret')"),
])
def test_validation_errors_in_plain_words(fake_cli, tmp_path, tail, expected):
    (line,) = refused(fake_cli, tmp_path, "project: shop\ncloud: fake\n" + tail)
    assert line == expected
    assert "Input should" not in line and "instance of" not in line and "after validation" not in line
