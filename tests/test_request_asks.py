"""What a request asks besides its components is honoured or refused, never silently dropped nor read as a
different stack: how a component is reached (private, internal, public, from named networks only), high
availability, the time zone of a schedule, a container of a store, a framework said of a function or of a
cluster, abbreviations and services not generated, and words that are no names (English and French)."""

from __future__ import annotations

import pytest

from iacf_core.testing import assert_refused, parse_json, run_cli


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


_parsed = parse_json


def _asked(parsed: dict) -> list[tuple[str, str | None, dict]]:
    return [(c["kind"], c.get("name"), c["params"]) for c in parsed["spec"]["components"]]


def _decisions(parsed: dict) -> dict[str, dict]:
    return {d["id"]: d for d in parsed["decisions"]}


# -- how a component is reached ------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "says"), [
    # an internal-only entry point is not generated on any cloud's web apps, static sites, or AWS / GCP APIs
    ("A Flask web app, private only, no public access, with a MySQL database, in staging on AWS",
     "'private only': web applications on aws are served to the internet, behind a web application firewall; an "
     "internal-only entry point is not generated yet"),
    ("A Flask app not exposed to the internet on AWS", "'app not exposed to the internet': web applications on aws"),
    ("An internal API with Django on AWS", "'internal api': web applications on aws"),
    ("Une API interne sur AWS", "'api interne': web applications on aws"),
    ("Une app Django privée, pas exposée sur internet, sur GCP", "web applications on gcp are served to the internet"),
    ("A private Django app on Azure", "'private django': web applications on azure"),
    ("A static website, internal only, on AWS", "'internal only': static sites are served to the internet"),
    ("A serverless API with Lambda, not exposed to the internet, on AWS",
     "'not exposed to the internet': HTTP APIs on aws are published to the internet"),
    # the word is said of the component nearer to it
    ("A Lambda behind a private API Gateway on AWS", "'private api gateway': HTTP APIs on aws"),
    ("Une application Flask accessible uniquement en interne sur AWS", "web applications on aws"),
    # access from named networks only is not generated: refused, whatever follows
    ("A Django app accessible only from our office IP 203.0.113.0/24 on AWS",
     "'accessible only from our office ip 203.0.113.0/24': access from named networks only (an IP allowlist, an "
     "office, a VPN) is not generated yet"),
    ("Une app Django accessible uniquement depuis notre VPN sur AWS",
     "'accessible uniquement depuis notre vpn': access from named networks only"),
    ("A Django app with an IP whitelist on AWS", "'ip whitelist': access from named networks only"),
    ("A Django app for 10.0.0.0/8 on AWS", "'10.0.0.0/8': access from named networks only"),
    # a public one of a private kind: refused, never generated private in silence
    ("A public S3 bucket on AWS", "'public s3 bucket': buckets are private by governance (public access blocked); "
                                  "a static site is the public way to serve files; a public object storage is not"),
    ("un bucket S3 public", "'bucket s3 public': buckets are private by governance"),
    ("public database access for our BI tool on AWS",
     "'public database': a relational database is private: only the components granted access reach it"),
    ("Une file d'attente publique sur GCP", "a public queue is not generated"),
    ("A publicly accessible Lambda on AWS", "functions are started by their triggers"),
])
def test_an_exposure_the_stack_cannot_have_is_refused(tmp_path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)


def test_an_internal_api_is_one_the_cloud_does_not_publish():
    parsed = _parsed("An internal API with Azure Functions")
    api = next(c for c in parsed["spec"]["components"] if c["kind"] == "http_api")
    assert api["params"]["internet_facing"] is False
    assert "is not published to the internet" in _decisions(parsed)["core.request.private-api"]["title"]
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "decision"), [
    ("A private S3 bucket on AWS", "core.request.private-storage"),
    ("Un bucket S3 privé pour les sauvegardes sur AWS", "core.request.private-storage"),
    ("A Redis cache with no public access on AWS", "core.request.private-cache"),
    ("A private GKE cluster in staging on GCP", "core.request.private-k8s"),
    ("A public website with Django on AWS", "core.request.public-app"),
    # "accessible only from" a component of the stack: private, the component's own way
    ("A Django app and a PostgreSQL database accessible only from the app, on AWS", "core.request.private-db"),
])
def test_an_exposure_the_stack_has_is_honoured_and_recorded(request_text, decision):
    parsed = _parsed(request_text)
    assert decision in _decisions(parsed)
    assert parsed["unused_words"] == []


@pytest.mark.parametrize("request_text", ["A Lambda that writes to a private S3 bucket on AWS",
                                          "Une Lambda qui écrit dans un bucket S3 privé sur AWS"])
def test_how_a_component_is_reached_leaves_its_links_as_said(request_text):
    parsed = _parsed(request_text)
    assert [(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]] == [("fn", "storage", "write")]
    assert "core.request.private-storage" in _decisions(parsed)


def test_an_exposure_word_qualifying_no_component_is_listed_not_used():
    parsed = _parsed("Serverless REST API with Lambda and DynamoDB for a small internal tool, staging on AWS")
    assert {"internal", "tool"} <= set(parsed["unused_words"])


# -- high availability ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "args", "says"), [
    ("Highly available Django app with PostgreSQL in dev on AWS", (),
     "'highly available': dev is generated in one availability zone (one database instance, one NAT gateway); high "
     "availability is what prod generates: ask for prod"),
    ("Une app Django hautement disponible en recette sur AWS", (), "'hautement disponible': staging is generated"),
    ("A multi-AZ PostgreSQL database on GCP", ("--env", "dev"), "'multi-az': dev is generated in one"),
    ("A Django app in prod without high availability on AWS", (), "prod is generated over several availability"),
])
def test_availability_an_environment_does_not_have_is_refused(tmp_path, request_text, args, says):
    assert_refused(tmp_path / "out", request_text, says, *args)


@pytest.mark.parametrize(("request_text", "env"), [
    ("Highly available Django app with PostgreSQL on AWS", "prod"),  # no environment named: prod's
    ("Django with PostgreSQL in prod, encrypted, highly available and secure, on AWS", "prod"),
    ("Une base PostgreSQL haute disponibilité en production sur Azure", "prod"),
    ("A Django app in dev, no need for high availability, on AWS", "dev"),
])
def test_availability_an_environment_has_is_honoured(request_text, env):
    parsed = _parsed(request_text)
    assert parsed["spec"]["environment"] == env
    assert parsed["unused_words"] == []
    assert ("core.request.high-availability" in _decisions(parsed)) is (env == "prod")


def test_no_environment_and_high_availability_is_prod_by_a_decision():
    parsed = _parsed("Highly available Django app with PostgreSQL on AWS")
    (default,) = [d for d in parsed["defaults"] if d.startswith("environment: ")]
    assert "prod (none named, and the request asks for 'highly available'" in default


# -- the time zone of a schedule -----------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "schedule", "zone"), [
    ("A job every day at 2am CET on AWS", "0 2 * * *", "Europe/Paris"),
    ("Une tâche planifiée tous les jours à 2h heure de Paris sur AWS", "0 2 * * *", "Europe/Paris"),
    ("A daily scheduled job at 2am PST on GCP", "0 2 * * *", "America/Los_Angeles"),
    ("A scheduled job every day at 6:30 Europe/Paris time on AWS", "30 6 * * *", "Europe/Paris"),
    ("Une tâche planifiée chaque nuit à 3h (heure de New York) sur GCP", "0 3 * * *", "America/New_York"),
    ("A cron job every weekday at 7am Tokyo time, AWS, in Paris", "0 7 * * 1-5", "Asia/Tokyo"),
    ("Une tâche planifiée tous les jours à 14h30 GMT-5 sur GCP", "30 14 * * *", "Etc/GMT+5"),
])
def test_a_time_zone_is_the_job_s_time_zone_and_no_region(request_text, schedule, zone):
    parsed = _parsed(request_text)
    (job,) = [c for c in parsed["spec"]["components"] if c["kind"] == "scheduled_job"]
    assert (job["params"]["schedule"], job["params"]["timezone"]) == (schedule, zone)
    assert parsed["spec"].get("region") == ("eu-west-3" if request_text.endswith("in Paris") else None)
    assert zone in _decisions(parsed)["core.request.schedule-time"]["title"]
    assert parsed["unused_words"] == []


def test_the_time_zone_reaches_the_scheduler(tmp_path):
    res = run_cli("generate", "Une tâche planifiée tous les jours à 2h heure de Paris sur AWS", "--out",
                  str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 0, res.stderr
    assert "EventBridge Scheduler runs the job: cron(0 2 * * ? *) (Europe/Paris)" in \
        (tmp_path / "out" / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("request_text", "says"), [
    ("A scheduled job every day at 2am CET on Azure", "'at 2am cet': scheduled jobs on azure run in UTC (no time "
                                                      "zone): give the time in UTC"),
    ("Une tâche planifiée tous les jours à 2h heure de Paris sur Azure", "'heure de paris': scheduled jobs on azure"),
    # an abbreviation iacf does not read is not left as UTC
    ("A scheduled job every day at 2am IST on AWS", "'IST' after the time is no time zone iacf reads"),
])
def test_a_time_zone_the_scheduler_does_not_take_is_refused(tmp_path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)


# -- a container of a store; a framework said of a function or a cluster -------------------------------------


@pytest.mark.parametrize(("request_text", "kinds"), [
    ("A Cosmos DB container for orders on Azure", ["nosql_table"]),
    ("A blob container for uploads on Azure", ["object_storage"]),
    ("Un conteneur blob sur Azure", ["object_storage"]),
    ("Un conteneur de stockage sur Azure", ["object_storage"]),
    ("A Docker container with PostgreSQL on AWS", ["web_app", "relational_database"]),  # a container alone: an app
    # a framework said of a function is its runtime: one function, no container beside it
    ("A Lambda with FastAPI on AWS", ["function"]),
    ("A Cloud Function with Flask on GCP", ["function"]),
    ("A Django app on Lambda", ["function"]),
    ("A Django app and a Lambda with FastAPI on AWS", ["web_app", "function"]),
])
def test_a_word_said_of_another_component_is_that_component(request_text, kinds):
    parsed = _parsed(request_text)
    assert [c["kind"] for c in parsed["spec"]["components"]] == kinds
    if "FastAPI" in request_text or "Flask" in request_text:
        assert "Functions in Python" in _decisions(parsed)["core.request.function-language"]["title"]


@pytest.mark.parametrize(("request_text", "says"), [
    ("A Spring Boot Azure Function", "the request asks for Spring Boot functions ('spring boot'); generated "
                                     "functions are Python"),
    ("An Azure Function in .NET", "the request asks for ASP.NET Core functions"),
    ("Une fonction Lambda avec Express sur AWS", "the request asks for Express functions"),
    ("A Django app on GKE", "'app on gke': apps are not deployed on a Kubernetes cluster"),
    ("Une app Django déployée sur le cluster AKS", "apps are not deployed on a Kubernetes cluster"),
    ("Microservices on k8s on Azure", "'microservices on k8s': apps are not deployed on a Kubernetes cluster"),
    ("A container registry on AWS", "cannot generate 'container_registry' (asked by 'container registry')"),
    ("Un registre de conteneurs sur Azure", "cannot generate 'container_registry'"),
])
def test_an_app_where_it_is_not_generated_is_refused(tmp_path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)


# -- abbreviations, services not generated, words that are no names ------------------------------------------


@pytest.mark.parametrize(("request_text", "asked", "unused"), [
    ("Django-app with PostgreSQL on AWS", [("web_app", None), ("relational_database", None)], []),
    ("DDB table and SQS q and S3 bkt on AWS", [("nosql_table", None), ("queue", None), ("object_storage", None)],
     ["q"]),
    ("APIGW + lambda + ddb on aws", [("http_api", None), ("function", None), ("nosql_table", None)], []),
    ("Django-App mit PostgreSQL auf AWS", [("web_app", None), ("relational_database", None)], ["mit", "auf"]),
    ("Cheap Django app on AWS", [("web_app", None)], ["cheap"]),
    ("Une app Django conforme ISO 27001 sur AWS", [("web_app", None)], ["conforme", "iso", "27001"]),
    ("Django app w/ PG & Redis on AWS", [("web_app", None), ("relational_database", None), ("cache", None)], []),
    ("Django con PostgreSQL on AWS", [("web_app", None), ("relational_database", None)], ["con"]),
    # after "named", a letter is a name
    ("three Lambdas named a, b and c on AWS", [("function", "a"), ("function", "b"), ("function", "c")], []),
])
def test_abbreviations_are_read_and_other_words_are_no_names(request_text, asked, unused):
    parsed = _parsed(request_text)
    assert [(kind, name) for kind, name, _ in _asked(parsed)] == asked
    assert parsed["unused_words"] == unused


def test_a_version_written_with_a_v_is_the_engine_version():
    parsed = _parsed('A Django app with "PostgreSQL" (v16) on AWS')
    assert _asked(parsed)[1] == ("relational_database", None, {"engine": "postgres", "engine_version": "16"})
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "says"), [
    ("Data lake on AWS with S3, Glue and Athena",
     "cannot generate 'data_lake' (asked by 'data lake'), 'data_pipeline' (asked by 'glue'), 'query_service' "
     "(asked by 'athena')"),
    ("Lambda@Edge on AWS", "cannot generate 'edge_function' (asked by 'lambda@edge')"),
    ("A static site with Lambda@Edge on AWS", "cannot generate 'edge_function'"),
])
def test_services_not_generated_are_refused_not_dropped(tmp_path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)
