from __future__ import annotations

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.request.parser import parse_request


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
    defaults = {d.id: d for d in result.defaults}
    assert defaults["core.default.environment"].title == "Default environment: dev"
    assert defaults["core.default.cloud"].why.startswith("The request does not state the cloud: fake (")
    assert defaults["core.default.environment"].alternatives == [
        "state the environment in the request or pass --env"]
    assert {d.rule for d in result.defaults} == {"core.defaults"}


def test_defaults_travel_as_decisions_to_the_stack(plugins):
    """The parser's defaults reach the Stack as they are (typed, never re-split from text), the policy's
    defaults follow them, and the words nobody understood stay on the Stack."""
    from iacf_core.engine.pipeline import build_stack

    result = parse(plugins, "Django app flux quantique")
    stack = build_stack(result.spec, plugins, result.defaults, unused=result.unused)
    ids = [d.id for d in stack.decisions if d.rule == "core.defaults"]
    assert ids == ["core.default.cloud", "core.default.environment", "core.default.project",
                   "core.default.owner", "core.default.cost_center", "core.default.region"]
    cost = next(d for d in stack.decisions if d.id == "core.default.cost_center")
    assert cost.why == "The request does not state the cost center: unassigned (no policy value)."
    assert cost.alternatives == ["state the cost center in the request or pass --cost-center"]
    assert stack.unused_words == result.unused == ["flux", "quantique"]
    assert all(d.id != "core.default.owner" for d in result.defaults)  # the parser's list is not changed


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


@pytest.mark.parametrize(("text", "unused"), [("Приложение Django на", ["приложение", "на"]),
                                               ("一个 Django 应用", ["一个", "应用"]),
                                               ("Django μετά", ["μετα"])])
def test_words_of_another_script_are_reported_not_dropped(plugins, text, unused):
    # a word the reader cannot understand is listed, whatever its script: a negation or an ask written in Cyrillic
    # would otherwise vanish without a trace
    assert parse(plugins, text).unused == unused


def test_empty_request(plugins):
    with pytest.raises(SpecError, match="empty"):
        parse(plugins, "   ")


def test_gibberish_names_no_component(plugins):
    with pytest.raises(SpecError, match="no component") as err:
        parse(plugins, "qwzx blorp fnarg")
    assert "qwzx blorp fnarg" in str(err.value)


def test_oracle_alone_is_the_database_and_oracle_cloud_the_cloud(plugins):
    spec = parse(plugins, "Spring Boot with an Oracle database").spec
    assert [(c.kind, c.params.get("engine")) for c in spec.components] == [("web_app", None),
                                                                           ("relational_database", "oracle")]
    with pytest.raises(SpecError, match="'oracle'.*installed clouds: fake"):
        parse(plugins, "Spring Boot with PostgreSQL on OCI")


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


# -- every word used, a stop word, or reported -------------------------------------------------------------


def test_stop_words_are_neither_used_nor_reported(plugins):
    result = parse(plugins, "I would like to have a Django app, if possible, with PostgreSQL")
    assert result.unused == ["possible"]
    assert "would" not in result.used and "would" not in result.unused


def test_words_and_clauses():
    from iacf_core.kernel.text import words

    seq = words("Django, Node.js et l’équipe Paiements; fin.")
    assert [(w.text, w.clause) for w in seq] == [("django", 0), ("node.js", 1), ("et", 1), ("l", 1),
                                                 ("equipe", 1), ("paiements", 1), ("fin", 2)]
    assert seq[5].original == "Paiements"


@pytest.mark.parametrize(("a", "b", "distance"), [("django", "djnago", 1), ("prod", "prood", 1), ("abc", "abc", 0),
                                                  ("kubernetes", "kubernetis", 1), ("ca", "abc", 3)])
def test_edit_distance_counts_a_swap_as_one(a, b, distance):
    from iacf_core.kernel.text import edit_distance

    assert edit_distance(a, b) == distance


@pytest.mark.parametrize(("text", "hint"), [("Djnago app en prood", "'django'"), ("Django in stagign", "'staging'"),
                                             ("Django avec Postgrsql", "'postgresql'"), ("Falsk app", "'flask'"),
                                             ("Django sur Amazn", "'amazon'"), ("Django à Berln", "'berlin'")])
def test_near_miss_is_refused(plugins, text, hint):
    with pytest.raises(SpecError, match="did you mean") as err:
        parse(plugins, text)
    assert hint in str(err.value)


@pytest.mark.parametrize("text", ["Django with a note on the state of the core protection", "Django, line by line",
                                  "Django app for the prediction of sales", "Django: index of documents",
                                  "Django app that worked fine, now with PostgreSQL", "Django functional tests"])
def test_ordinary_words_near_the_catalogue_are_only_reported(plugins, text):
    assert parse(plugins, text).spec.components[0].kind == "web_app"


def test_plural_of_a_term_is_the_term(plugins):
    spec = parse(plugins, "Django app with the databases").spec
    assert [c.kind for c in spec.components] == ["web_app", "relational_database"]


@pytest.mark.parametrize(("text", "databases"), [
    ("Django app with two databases", 2), ("Django app with 3 databases", 3),
    ("App Django avec deux bases de données", 2), ("Django app with a database", 1)])
def test_a_number_before_a_component_is_that_many_components(plugins, text, databases):
    result = parse(plugins, text)
    kinds = [c.kind for c in result.spec.components]
    assert kinds == ["web_app"] + ["relational_database"] * databases
    counted = [n for n in result.notes if n.id.startswith("core.request.count-")]
    assert len(counted) == (databases > 1)
    assert not {"two", "deux", "3"} & set(result.unused)


# -- words read from the rest of the request -------------------------------------------------------------


def test_app_alone_is_a_web_app_with_a_decision(plugins):
    result = parse(plugins, "Une appli avec une base de données en prod")
    assert [c.kind for c in result.spec.components] == ["web_app", "relational_database"]
    assert [n.id for n in result.notes] == ["core.request.app-as-web-app"]
    assert result.notes[0].rule == "core.request"


def test_app_with_other_compute_is_the_whole(plugins):
    result = parse(plugins, "Serverless app with a function and a queue")
    assert "web_app" not in [c.kind for c in result.spec.components]
    assert "core.request.app-is-the-whole" in [n.id for n in result.notes]


@pytest.mark.parametrize(("text", "kinds"), [
    ("An API with a function", ["http_api", "function"]),
    ("Une API avec une base PostgreSQL", ["web_app", "relational_database"]),
    ("Flask REST API", ["web_app"]),
    ("API HTTP serverless", ["http_api", "function"]),
])
def test_api_reading(plugins, text, kinds):
    assert [c.kind for c in parse(plugins, text).spec.components] == kinds


def test_language_gives_a_container_and_go_needs_context(plugins):
    spec = parse(plugins, "App Go avec PostgreSQL").spec
    assert spec.components[0].params == {"framework": "go"}
    spec = parse(plugins, "Let's go with Django").spec
    assert spec.components[0].params == {"framework": "django"}
    spec = parse(plugins, "Python Django app").spec
    assert [c.params for c in spec.components] == [{"framework": "django"}]


def test_functions_in_another_language_are_refused(plugins):
    with pytest.raises(SpecError, match="Go functions"):
        parse(plugins, "A serverless function written in Go")
    result = parse(plugins, "A serverless function in Python")
    assert [c.kind for c in result.spec.components] == ["function"]
    assert "core.request.function-language" in [n.id for n in result.notes]


def test_static_framework_and_worker_on_functions(plugins):
    result = parse(plugins, "Next.js static frontend with a worker on serverless functions")
    assert [c.kind for c in result.spec.components] == ["static_site", "worker"]
    assert {"core.request.static-framework", "core.request.worker-on-functions"} <= {n.id for n in result.notes}


def test_schedule_words_set_the_rate(plugins):
    spec = parse(plugins, "A function run every hour").spec
    assert [(c.kind, c.params) for c in spec.components] == [("scheduled_job", {"schedule": "rate(1 hour)"})]


# -- negations -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Django sans WAF", "Django without encryption", "Django, logs disabled",
                                  "Django avec PostgreSQL mais pas de chiffrement", "Django, no TLS",
                                  "Django app, turn off the firewall", "Django sans WAF ni chiffrement"])
def test_mandatory_control_off_is_refused(plugins, text):
    with pytest.raises(SpecError, match="mandatory control") as err:
        parse(plugins, text)
    assert "\n" not in str(err.value)


def test_negated_component_is_excluded_and_negated_environment_refused(plugins):
    result = parse(plugins, "Django app without a database")
    assert [c.kind for c in result.spec.components] == ["web_app"]
    assert result.excluded == {"relational_database": "database"}
    with pytest.raises(SpecError, match="negates environment prod"):
        parse(plugins, "Django, not in prod")
    assert parse(plugins, "Django app, no personal data").spec.data_classification == "internal"
    assert parse(plugins, "Django app with personal data").spec.data_classification == "confidential"


def test_negation_of_an_unknown_word_is_reported(plugins):
    assert parse(plugins, "Django app without downtime").unused == ["without", "downtime"]


# -- owner, cost center, regions --------------------------------------------------------------------------


def test_owner_and_cost_center(plugins):
    spec = parse(plugins, "Django, le propriétaire est team-payments, centre de coût cc-4242").spec
    assert (spec.owner, spec.cost_center) == ("team-payments", "cc-4242")
    spec = parse(plugins, "Django owner Team-A", owner="team-b").spec
    assert spec.owner == "team-b"
    with pytest.raises(SpecError, match="several owners"):
        parse(plugins, "Django owner team-a, owner team-b")
    with pytest.raises(SpecError, match="not a valid tag value"):
        parse(plugins, "Django", cost_center="cc 1;drop")


@pytest.mark.parametrize(("text", "owner"), [
    ("Django app for the payments team", "payments"),
    ("App Django pour l'équipe paiements", "paiements"),
    ("Django app managed by team data-platform", "data-platform"),
    ("Django app built by the Core-Banking squad", "Core-Banking"),
    # no team name beside the team word, or a word of the vocabulary there: no owner read
    ("Django app for my team", None),
    ("Django app for the team", None),
    ("Django app for the PostgreSQL team", None),
    # "owner X" says it: the team is not a second owner
    ("Django app for the loans team. Owner: team-loans", "team-loans"),
])
def test_a_team_after_for_or_by_is_the_owner(plugins, text, owner):
    result = parse(plugins, text)
    assert result.spec.owner == owner
    if owner is not None:
        assert owner.lower() not in [w.lower() for w in result.unused]
        (note,) = [n for n in result.notes if n.id == "core.request.tag-owner"]
        assert f"Owner={owner}" in note.why


def test_region_of_another_cloud_or_no_region_is_refused(plugins):
    with pytest.raises(SpecError, match="'eu-west-9' is not a region of fake; nearest"):
        parse(plugins, "Django in eu-west-9")


@pytest.mark.parametrize(("text", "kinds"), [
    ("Spring Boot with a MongoDB database", ["web_app", "document_database"]),
    ("Une app avec une base de données MongoDB", ["web_app", "document_database"]),
    ("Django app with a Redis DB", ["web_app", "cache"]),
    ("Une app avec une base de données Redis et une base PostgreSQL", ["web_app", "cache", "relational_database"]),
    ("A Redis database and a PostgreSQL database", ["cache", "relational_database"]),
    # not beside the store: a database of its own
    ("A MongoDB cluster and a database", ["document_database", "relational_database"]),
    ("Redis with a database", ["cache", "relational_database"]),
])
def test_a_database_word_beside_another_store_names_that_store(plugins, text, kinds):
    assert [c.kind for c in parse(plugins, text).spec.components] == kinds


@pytest.mark.parametrize(("text", "unused"), [
    ("Un bucket privé pour les sauvegardes", ["prive"]),
    ("Une file d'attente publique", ["publique"]),
])
def test_how_a_component_is_reached_is_no_name_and_is_listed_unused(plugins, text, unused):
    result = parse(plugins, text)
    assert [c.name for c in result.spec.components] == [None]
    assert result.unused == unused


def test_an_entry_point_asked_private_is_refused_not_named(plugins):
    with pytest.raises(SpecError, match=r"^'private internal django': web applications on fake are served to the "
                                        r"internet"):
        parse(plugins, "A private internal Django app")


@pytest.mark.parametrize(("text", "kinds", "unused"), [
    ("Django/PostgreSQL/Redis in prod", ["web_app", "relational_database", "cache"], []),
    ("A function that reads/writes a NoSQL table", ["function", "nosql_table"], []),
    # a choice between two of one kind is not two components
    ("A worker with a redis/valkey cache", ["worker", "cache"], []),
])
def test_words_joined_by_a_slash(plugins, text, kinds, unused):
    result = parse(plugins, text)
    assert [c.kind for c in result.spec.components] == kinds
    assert result.unused == unused


@pytest.mark.parametrize("text", ["Une app Django avec une base PostgreSQL hautement disponible",
                                  "Django with a high availability PostgreSQL", "A highly available Django app"])
def test_availability_words_are_understood_and_no_name(plugins, text):
    result = parse(plugins, text)
    assert [c.name for c in result.spec.components] == [None] * len(result.spec.components)
    assert result.unused == []


@pytest.mark.parametrize(("text", "kinds"), [
    ("A static site hosted on a bucket with a CDN", ["static_site"]),
    ("Un site statique hébergé sur un bucket", ["static_site"]),
    # a bucket of its own: joined by 'and', or named
    ("A static site and a bucket", ["static_site", "object_storage"]),
    ("A static site and the uploads bucket", ["static_site", "object_storage"]),
])
def test_a_bucket_word_beside_a_static_site_says_where_its_files_are(plugins, text, kinds):
    result = parse(plugins, text)
    assert [c.kind for c in result.spec.components] == kinds
    assert ("core.request.static-site-bucket" in [n.id for n in result.notes]) == (kinds == ["static_site"])


@pytest.mark.parametrize(("text", "unused"), [
    ("A topic delivering to a queue consumed by a function", ["delivering"]),
    ("A topic fanning out to two queues", ["fanning"]),
    ("A topic that fans out to a queue", ["fans"]),
    ("A function publishing to a topic, and a queue subscribed to the topic", ["subscribed", "to"]),
    ("Un topic qui diffuse vers une file", ["diffuse"]),  # a topic publishes to nothing: reported
    # a verb before a component, after a relative pronoun or another component, is no name either
    ("A function which scans files uploaded to a bucket", ["scans", "uploaded"]),
    ("A function that handles uploads", ["handles"]),
    ("A function scanning files", ["scanning"]),
    # a French participle agreeing with the component, then a preposition
    ("Une fonction qui analyse les fichiers déposés dans un bucket", ["analyse", "deposes"]),
    ("Une file chargée par une fonction", ["chargee"]),
])
def test_a_verb_right_after_a_component_is_no_name(plugins, text, unused):
    result = parse(plugins, text)
    assert [c.name for c in result.spec.components] == [None] * len(result.spec.components)
    assert [w for w in result.unused if w not in ("out", "two")] == unused


@pytest.mark.parametrize(("text", "names"), [
    ("La file commandes et la table clients", ["commandes", "clients"]),
    ("A queue named processed", ["processed"]),
    ("The billing queue", ["billing"]),
    ("The processed bucket and a function", ["processed", None]),
    # a word that does not agree with the component, or a word after "the", is a name
    ("La table employés sur la base NoSQL", ["employes"]),
    ("Une fonction qui lit la table commandes dans la région Paris", [None, "commandes"]),
])
def test_names_right_after_a_component_or_named_are_kept(plugins, text, names):
    assert [c.name for c in parse(plugins, text).spec.components] == names


@pytest.mark.parametrize(("text", "name", "unused"), [
    ("Une file nommée cœur", "coeur", []),
    ("Une fonction au cœur du système", None, ["coeur", "systeme"]),
    ("Une manœuvre : une file", None, ["manoeuvre"]),
    ("A queue named æther", "aether", []),
])
def test_ligatures_are_spelt_out_not_dropped(plugins, text, name, unused):
    result = parse(plugins, text)
    assert [c.name for c in result.spec.components] == [name]
    assert result.unused == unused


def test_a_team_name_keeps_its_ligature_as_letters(plugins):
    assert parse(plugins, "Une fonction, équipe : Cœur").spec.owner == "Coeur"


@pytest.mark.parametrize(("text", "slug"), [
    ("kubernetes-cluster", "kubernetes"), ("relational-database-app", "relational"), ("static-site", "static-site"),
    ("ab-cdefghijklmnopqrstu", "ab-cdefghijklmn"), ("Équipe données 2026", "equipe-donnees"),
    ("Cœur de métier", "coeur-de-metier")])
def test_a_long_project_slug_is_cut_at_a_whole_word(text, slug):
    from iacf_core.kernel.models import slugify

    assert slugify(text) == slug
