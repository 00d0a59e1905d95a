from __future__ import annotations

import pytest

from iacf_core.errors import SpecError
from iacf_core.parser import parse_request


def parse(plugins, text, **kw):
    return parse_request(text, plugins.registry, **kw)


def test_seed_request_french(plugins):
    result = parse(plugins, "App web Django avec PostgreSQL en prod sur FakeCloud")
    spec = result.spec
    assert spec.cloud == "fake"
    assert spec.environment == "prod"
    assert [(c.kind, c.params) for c in spec.components] == [
        ("web_app", {"framework": "django"}),
        ("relational_database", {"engine": "postgres"}),
    ]
    assert result.unused == []


@pytest.mark.parametrize(
    ("text", "env"),
    [
        ("Flask app in production", "prod"),
        ("Application Rails en RECETTE", "staging"),
        ("spring boot preprod", "staging"),
        ("Appli Node.js en développement", "dev"),
        ("Développement d'une app Django", "dev"),
        ("django test", "dev"),
        ("django", "dev"),  # default
    ],
)
def test_environments_accent_and_case_insensitive(plugins, text, env):
    assert parse(plugins, text).spec.environment == env


def test_default_environment_is_reported(plugins):
    result = parse(plugins, "Django app")
    assert any(d.startswith("environment: dev") for d in result.defaults)
    assert any(d.startswith("cloud: fake") for d in result.defaults)


def test_region_from_city_of_the_chosen_cloud(plugins):
    assert parse(plugins, "Django à Paris").spec.region == "fr-1"
    assert parse(plugins, "Django in BERLIN").spec.region == "de-1"
    assert parse(plugins, "Django").spec.region is None


def test_two_regions_is_an_error(plugins):
    with pytest.raises(SpecError, match="several regions"):
        parse(plugins, "Django in Paris and Berlin")


def test_two_environments_is_an_error(plugins):
    with pytest.raises(SpecError, match="several environments"):
        parse(plugins, "Django in dev and prod")


def test_options_override_text(plugins):
    spec = parse(plugins, "Django en prod à Paris", environment="dev", region="de-1", project="shop").spec
    assert (spec.environment, spec.region, spec.project) == ("dev", "de-1", "shop")


def test_unknown_words_reported_not_dropped(plugins):
    result = parse(plugins, "Django avec un frobnicator quantique")
    assert result.unused == ["frobnicator", "quantique"]


def test_empty_request(plugins):
    with pytest.raises(SpecError, match="empty"):
        parse(plugins, "   ")


def test_gibberish_names_no_component(plugins):
    with pytest.raises(SpecError, match="no component") as err:
        parse(plugins, "qwzx blorp fnarg")
    assert "qwzx blorp fnarg" in str(err.value)


def test_unknown_cloud_lists_installed(plugins):
    with pytest.raises(SpecError, match="'oracle'.*installed clouds: fake"):
        parse(plugins, "Django app on Oracle Cloud")
    with pytest.raises(SpecError, match="'azure'.*installed clouds: fake"):
        parse(plugins, "Django sur Azure")
    with pytest.raises(SpecError, match="'tencent'"):
        parse(plugins, "Django on Tencent Cloud")


def test_unknown_cloud_option(plugins):
    with pytest.raises(SpecError, match="--cloud names cloud 'nope'"):
        parse(plugins, "Django", cloud="nope")


def test_database_words_merge_with_engine(plugins):
    spec = parse(plugins, "Django avec une base de données PostgreSQL").spec
    assert [(c.kind, c.params) for c in spec.components] == [
        ("web_app", {"framework": "django"}),
        ("relational_database", {"engine": "postgres"}),
    ]


def test_two_engines_give_two_databases(plugins):
    kinds = [(c.kind, c.params.get("engine")) for c in parse(plugins, "Rails with PostgreSQL and MySQL").spec.components]
    assert kinds == [("web_app", None), ("relational_database", "postgres"), ("relational_database", "mysql")]


@pytest.mark.parametrize(
    ("word", "framework"),
    [("Flask", "flask"), ("FastAPI", "fastapi"), ("Rails", "rails"), ("Node.js", "node"),
     ("Express", "express"), ("Spring Boot", "spring"), ("Laravel", "laravel"), ("ASP.NET", "aspnet")],
)
def test_frameworks_are_web_apps(plugins, word, framework):
    comp = parse(plugins, f"{word} app").spec.components[0]
    assert (comp.kind, comp.params["framework"]) == ("web_app", framework)


def test_project_is_derived_and_valid(plugins):
    assert parse(plugins, "Django").spec.project == "django-app"
    assert parse(plugins, "PostgreSQL database").spec.project == "postgres"


def test_parsing_is_deterministic(plugins):
    a = parse(plugins, "App web Django avec PostgreSQL en prod").spec.model_dump_json()
    b = parse(plugins, "App web Django avec PostgreSQL en prod").spec.model_dump_json()
    assert a == b
