"""Request fidelity on AWS: the stack is exactly what was asked, or a clear refusal (exit 2).

Each family of the issue is covered by its own examples and by unseen requests of the same family (French and
English, typos, other word orders); a corpus of plain requests checks that ordinary words never trigger a
near-miss refusal.
"""

from __future__ import annotations

import json

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.testing import run_cli


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


def stack_for(plugins, text, **kw):
    parsed = parse_request(text, plugins.registry, **kw)
    return build_stack(parsed.spec, plugins, parsed.defaults, notes=parsed.notes, excluded=parsed.excluded)


def asked(stack) -> dict[str, str]:
    """Component id → kind of what the request asked for."""
    return {c.id: c.kind for c in stack.components.values() if c.provenance.source == "request"}


def added(stack) -> set[str]:
    return {c.kind for c in stack.components.values() if c.provenance.source == "dependency"}


def refusal(plugins, text, **kw) -> str:
    with pytest.raises(SpecError) as err:
        stack_for(plugins, text, **kw)
    message = str(err.value)
    assert "\n" not in message
    return message


# -- web applications from any web-app word ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "App Go avec PostgreSQL en prod sur AWS",
    "Application en Go avec une base PostgreSQL en prod sur AWS",
    "A Go web app with PostgreSQL in production on AWS",
    "PostgreSQL and a Golang service in prod on AWS",
])
def test_go_is_a_containerised_web_app(plugins, text):
    stack = stack_for(plugins, text)
    assert asked(stack) == {"app": "web_app", "db": "relational_database"}
    app = stack.components["app"].params
    assert (app["framework"], app["port"], app["health_check_path"]) == ("go", 8080, "/healthz")
    note = next(d for d in stack.decisions if d.rule == "core.request" and "Go web application" in d.title)
    assert "programming language" in note.why and "8080" in note.why


@pytest.mark.parametrize("text", [
    "Une appli web avec une base de données en prod",
    "Une application avec une base de données en prod",
    "An app with a database in prod",
    "Un site web avec PostgreSQL en production",
    "Deploy my app with a MySQL database in prod",
    "Backend with a relational database, prod",
])
def test_app_word_makes_a_web_app(plugins, text):
    stack = stack_for(plugins, text)
    assert sorted(asked(stack).values()) == ["relational_database", "web_app"]
    assert stack.environment == "prod"


@pytest.mark.parametrize(("text", "language"), [("Python app with a DynamoDB table", "python"),
                                                ("Application Ruby avec Redis", "ruby"),
                                                ("Java microservice with PostgreSQL", "java")])
def test_language_alone_is_a_container_of_that_language(plugins, text, language):
    stack = stack_for(plugins, text)
    assert stack.components["app"].params["framework"] == language


@pytest.mark.parametrize("text", ["I want to go live with a Django app", "Let's go: FastAPI and PostgreSQL"])
def test_go_the_verb_is_no_language(plugins, text):
    stack = stack_for(plugins, text)
    assert stack.components["app"].params["framework"] in ("django", "fastapi")


def test_app_for_an_existing_application_adds_nothing(plugins):
    for text in ("A bucket for my app on AWS", "Une base PostgreSQL pour mon application existante"):
        stack = stack_for(plugins, text)
        assert "web_app" not in asked(stack).values()
        assert any(d.id == "core.request.existing-app" for d in stack.decisions)


# -- APIs over functions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "A Lambda + DynamoDB API",
    "Serverless Python API on AWS Lambda with a DynamoDB table",
    "Une API avec une fonction Lambda et une table DynamoDB en staging",
    "DynamoDB table behind a REST API on Lambda",
])
def test_api_with_functions_is_an_http_api(plugins, text):
    stack = stack_for(plugins, text)
    kinds = sorted(asked(stack).values())
    assert kinds == ["function", "http_api", "nosql_table"]
    assert "web_app" not in {c.kind for c in stack.components.values()}
    assert "network" not in stack.components, "no NAT gateway for a serverless API"
    assert stack.components["api"].params["target"] == "fn"
    assert any(d.id == "core.request.api-on-functions" for d in stack.decisions)


def test_api_without_function_is_a_web_service(plugins):
    stack = stack_for(plugins, "Une API avec PostgreSQL en staging")
    assert sorted(asked(stack).values()) == ["relational_database", "web_app"]
    assert any(d.id == "core.request.api-as-web-service" for d in stack.decisions)


def test_api_with_a_framework_is_the_web_app(plugins):
    stack = stack_for(plugins, "Django REST API with PostgreSQL")
    assert sorted(asked(stack).values()) == ["relational_database", "web_app"]


# -- nothing unasked is added ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Next.js static frontend and a serverless API with DynamoDB",
    "Frontend Next.js statique et une API serverless avec DynamoDB en prod",
    "A static Next.js frontend, a serverless API and a DynamoDB table",
])
def test_static_frontend_is_a_static_site_not_a_container(plugins, text):
    stack = stack_for(plugins, text)
    kinds = {c.kind for c in stack.components.values()}
    assert sorted(asked(stack).values()) == ["http_api", "nosql_table", "static_site"]
    assert not kinds & {"web_app", "load_balancer", "network"}, "no ECS service, ALB, WAF on an ALB, NAT gateway"
    # the components added by a rule (the API's function; AWS Backup for prod data) carry their decision
    assert added(stack) == {"function", "encryption_keys"} | ({"backup"} if stack.is_prod else set())
    assert stack.components["fn"].provenance.decision == "aws.api.function"
    assert any(d.id == "core.request.static-framework" for d in stack.decisions)


def test_next_js_app_is_still_a_container(plugins):
    assert asked(stack_for(plugins, "A Next.js app with PostgreSQL")) == {"app": "web_app", "db": "relational_database"}


@pytest.mark.parametrize(("text", "kind"), [
    ("worker Lambda", "worker"),
    ("A Lambda worker consuming an SQS queue in staging", "worker"),
    ("Un worker sur Lambda", "worker"),
    ("Lambda function triggered by a cron", "scheduled_job"),
    ("Une fonction Lambda planifiée", "scheduled_job"),
])
def test_function_word_qualifies_a_worker_or_job(plugins, text, kind):
    stack = stack_for(plugins, text)
    assert [k for k in asked(stack).values() if k != "queue"] == [kind]
    assert "function" not in {c.kind for c in stack.components.values()}


def test_a_worker_and_a_function_stay_two(plugins):
    stack = stack_for(plugins, "A worker and a Lambda function on AWS")
    assert sorted(asked(stack).values()) == ["function", "worker"]


def test_every_added_component_has_its_decision(plugins):
    for text in ("Next.js static frontend and a serverless API with DynamoDB", "App Go avec PostgreSQL en prod",
                 "worker Lambda", "A Lambda + DynamoDB API"):
        stack = stack_for(plugins, text)
        ids = {d.id for d in stack.decisions}
        for comp in stack.components.values():
            if comp.provenance.source == "dependency":
                assert comp.provenance.decision in ids, (text, comp.id)


def test_excluded_component_is_not_generated(plugins):
    stack = stack_for(plugins, "Django sans base de données en dev")
    assert asked(stack) == {"app": "web_app"}
    assert any(d.id == "core.request.without-relational_database" for d in stack.decisions)
    message = refusal(plugins, "API HTTP sans fonction Lambda")
    assert "excludes function" in message and "A Lambda function behind the HTTP API" in message
    assert "both asks for" in refusal(plugins, "Django with PostgreSQL and no database")


# -- mandatory controls ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "control"), [
    ("App Go avec PostgreSQL en prod sur AWS sans WAF", "web-application-firewall"),
    ("Django app without encryption", "default-encryption"),
    ("Django app, no logs", "log-retention"),
    ("pas de chiffrement pour la base PostgreSQL", "default-encryption"),
    ("Django app with the WAF disabled", "web-application-firewall"),
    ("FastAPI without TLS", "encryption-in-transit"),
    ("Une API Lambda sans journaux ni chiffrement", "log-retention"),
    ("Django on AWS, skip the KMS keys", "encryption-keys"),
])
def test_turning_a_mandatory_control_off_is_refused(plugins, text, control):
    message = refusal(plugins, text)
    assert f"mandatory control {control}" in message and "cannot turn a mandatory control off" in message


def test_account_level_control_names_the_policy_exception(plugins):
    message = refusal(plugins, "Django app on AWS without GuardDuty")
    assert "threat-detection" in message and '[account_baseline] provided = ["threat-detection"]' in message
    assert "[account_baseline]" not in refusal(plugins, "Django app sans WAF")


# -- near misses, regions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "suggestions"), [
    ("App web Djnago avec PostgreSQl en prood sur AWS", ["'django'", "'prod'"]),
    ("Flsak app on AWS", ["'flask'"]),
    ("Django with Postgress in staging", None),  # a plural-looking form of a term is the term
    ("Django avec MySLQ en prod", ["'mysql'"]),
    ("Django app in stagging", ["'staging'"]),
    ("A Kubernetis cluster on AWS", ["'kubernetes'"]),
    ("Django in Frankfrut", ["'frankfurt'"]),
    ("Django on AWSS", None),
    ("Rails app with Redsi", ["'redis'"]),
    ("Django in eu-west3", ["'eu-west-3'"]),
])
def test_near_miss_is_refused_with_did_you_mean(plugins, text, suggestions):
    if suggestions is None:
        stack_for(plugins, text)  # understood, not refused
        return
    message = refusal(plugins, text)
    assert "did you mean" in message
    for s in suggestions:
        assert s in message


@pytest.mark.parametrize(("code", "nearest"), [("us-east-9", "us-east-1"), ("eu-west-7", "eu-west-1"),
                                               ("ap-southeast-9", "ap-southeast-1")])
def test_region_shaped_word_that_is_no_region_is_refused(plugins, code, nearest):
    message = refusal(plugins, f"Django in {code}")
    assert f"'{code}' is not a region of aws" in message and nearest in message


def test_region_option_and_text_region_are_checked(plugins):
    assert stack_for(plugins, "Django in us-east-2").region == "us-east-2"
    assert "'mars-1' is not a region of aws: name a region code" in refusal(plugins, "Django", region="mars-1")


# -- owner and cost center ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "owner", "cost_center"), [
    ("App web Django en prod, le propriétaire est team-payments, centre de coût cc-4242", "team-payments", "cc-4242"),
    ("Django app owner team-x cost center CC-1", "team-x", "CC-1"),
    ("Django app, owned by Team-Data, CC-4242", "Team-Data", "CC-4242"),
    ("Application Django, propriétaire : équipe-web, centre de coûts 7781", "equipe-web", "7781"),
    ("A Django app; the owner of this project is team-x and the cost centre is CC-9", "team-x", "CC-9"),
])
def test_owner_and_cost_center_from_the_request(plugins, text, owner, cost_center):
    parsed = parse_request(text, plugins.registry)
    assert (parsed.spec.owner, parsed.spec.cost_center) == (owner, cost_center)
    assert parsed.unused == []
    stack = build_stack(parsed.spec, plugins, parsed.defaults, notes=parsed.notes)
    assert (stack.spec.owner, stack.spec.cost_center) == (owner, cost_center)
    assert {"core.request.tag-owner", "core.request.tag-cost-center"} <= {d.id for d in stack.decisions}


def test_owner_options_win_over_the_text(plugins):
    parsed = parse_request("Django app owner team-x", plugins.registry, owner="team-y", cost_center="cc-9")
    assert (parsed.spec.owner, parsed.spec.cost_center) == ("team-y", "cc-9")
    assert "owner without a value" in refusal(plugins, "Django app, owner")


# -- the CLI: parse validates as generate, options -------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("Django avec Kafka sur AWS",),
    ("Django sur AWS", "--region", "mars-1"),
    ("App web Djnago avec PostgreSQl en prood sur AWS",),
    ("App Go avec PostgreSQL en prod sur AWS sans WAF",),
    ("Django in us-east-9 on AWS",),
    ("Django app", "--owner", "team x;"),
])
def test_parse_fails_as_generate_does(tmp_path, args):
    parse = run_cli("parse", *args)
    gen = run_cli("generate", *args, "--out", str(tmp_path / "out"), "--no-validate")
    assert parse.exit_code == gen.exit_code == 2
    assert parse.stderr == gen.stderr and parse.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_parse_json_shows_the_stack_and_decisions():
    res = run_cli("parse", "Next.js static frontend and a serverless API with DynamoDB", "--json",
                  "--owner", "team-web", "--cost-center", "cc-12")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert (data["spec"]["owner"], data["spec"]["cost_center"]) == ("team-web", "cc-12")
    kinds = {c["id"]: (c["kind"], c["provenance"]["source"]) for c in data["components"]}
    assert kinds["fn"] == ("function", "dependency") and kinds["site"] == ("static_site", "request")
    ids = {d["id"] for d in data["decisions"]}
    assert {"aws.api.function", "core.request.static-framework", "core.default.region"} <= ids
    human = run_cli("parse", "Next.js static frontend and a serverless API with DynamoDB")
    assert "A Lambda function behind the HTTP API" in human.stdout and "static site" in human.stdout


def test_generate_spec_file_takes_owner_options(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("project: shop\ncloud: aws\ncomponents:\n  - kind: queue\n")
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--no-validate", "--json",
                  "--owner", "team-q", "--cost-center", "cc-3")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["spec"]["owner"] == "team-q"
    assert 'Owner' in (tmp_path / "out" / "providers.tf").read_text()


# -- ordinary requests are not refused -------------------------------------------------------------------------

PLAIN = [
    "I would like a Django application with a PostgreSQL database in production on AWS",
    "We need a simple Flask API for our mobile app users, with a MySQL database, in staging",
    "Please deploy a Rails app with PostgreSQL and a Redis cache in Ireland for production",
    "Spring Boot service in Frankfurt with an Aurora PostgreSQL database, prod",
    "Our team wants a FastAPI backend and a React frontend, with PostgreSQL, in the Paris region",
    "Je voudrais une application Django avec une base PostgreSQL en production à Paris",
    "Nous avons besoin d'une API Express avec MySQL en recette",
    "Une application Laravel avec MariaDB pour notre équipe, en préproduction",
    "Un site statique React servi par CloudFront en production",
    "Une file SQS et un worker qui traite les messages en dev",
    "A Lambda function that processes images uploaded to an S3 bucket, in dev",
    "A nightly scheduled job that cleans old records in a DynamoDB table",
    "Serverless REST API with Lambda and DynamoDB for a small internal tool, staging",
    "An SQS queue with a worker that sends emails to our customers",
    "A static website for the marketing team with CloudFront, production",
    "Django app with PostgreSQL, deletion protection and backups handled for us, in prod",
    "Rails app with a Redis cache to speed up page rendering, staging",
    "A topic SNS for order notifications and a Lambda function that reads messages",
    "Une fonction Lambda déclenchée chaque nuit pour générer des rapports",
    "Une API serverless pour le catalogue produits avec une table DynamoDB",
    "Spring Boot application with MySQL, monitored closely, for the payments team in production",
    "A Node.js application with PostgreSQL, deployed in London for UK customers",
    "Next.js app with PostgreSQL for our online store in production",
    "Django with PostgreSQL in prod, encrypted, highly available and secure",
    "Application FastAPI conteneurisée avec PostgreSQL, données personnelles, en production",
    "A web application in Tokyo with a MySQL database for testing",
    "Une application web Symfony avec MySQL, hébergée en Allemagne, en recette",
    "Flask app and a PostgreSQL database; the app stores user documents in S3",
    "Un backend Go avec PostgreSQL pour notre application mobile en production",
    "An ASP.NET Core app with SQL Server-like relational database in staging",
    "Express app with Redis and PostgreSQL, expect heavy traffic, in prod",
    "A Django app for our internal team with a database, in the dev environment",
    "Une application Rails avec Redis pour les sessions et PostgreSQL en production",
    "Un bucket S3 pour stocker les factures et une fonction Lambda qui les traite",
    "A worker that consumes jobs from an SQS queue and writes results to DynamoDB",
    "A cron job every hour that exports data to S3 in production",
    "Django app with PostgreSQL and a queue for background jobs, staging",
    "Rails application with PostgreSQL for the new customer portal in production",
    "Deploy a Laravel app with MariaDB in Ireland for production traffic",
    "A FastAPI service with a Redis cache and a PostgreSQL database, production, protection against deletion",
    "Quarkus microservice with PostgreSQL in production",
    "Une application Spring Boot avec une base Aurora MySQL pour la facturation, en prod",
    "Django app with PostgreSQL; the state should be stored remotely",
    "A React single page application with a FastAPI backend in staging",
    "Une API Django documentée avec PostgreSQL, en recette",
    "Node.js app with MongoDB-like needs served from PostgreSQL in dev",
    "A Django app with PostgreSQL in prod, with 3 nodes for the web tier",
    "Django app with PostgreSQL and S3 uploads for user avatars in production",
    "Un site web Django avec PostgreSQL et un cache Redis, disponible en production",
    "Flask API to index documents into DynamoDB, staging",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_requests_are_not_refused(plugins, text):
    parsed = parse_request(text, plugins.registry)
    assert parsed.spec.components


SCHEDULED = {"A nightly scheduled job that cleans old records in a DynamoDB table": "rate(1 day)",
             "Une fonction Lambda déclenchée chaque nuit pour générer des rapports": "rate(1 day)",
             "A cron job every hour that exports data to S3 in production": "rate(1 hour)",
             "Une tâche planifiée toutes les 15 minutes en dev": "rate(15 minutes)"}


@pytest.mark.parametrize("text", SCHEDULED)
def test_schedule_words_become_the_job_s_schedule(plugins, text):
    stack = stack_for(plugins, text, cloud="aws")
    (job,) = stack.by_kind("scheduled_job")
    assert job.params["schedule_expression"] == SCHEDULED[text]  # the variable's default
    decision = next(d for d in stack.decisions if d.id == f"aws.{job.id}.schedule")
    assert SCHEDULED[text] in decision.title and "its default is the stated schedule" in decision.why
    assert decision.trigger.startswith(f"schedule = {SCHEDULED[text]}")


def test_a_time_of_day_becomes_an_eventbridge_cron(plugins):
    stack = stack_for(plugins, "Une tâche planifiée chaque nuit à 2h30 qui écrit dans un bucket S3, en dev",
                      cloud="aws")
    (job,) = stack.by_kind("scheduled_job")
    assert job.params["schedule_expression"] == "cron(30 2 * * ? *)"
    decision = next(d for d in stack.decisions if d.id == f"aws.{job.id}.schedule")
    assert "cron(30 2 * * ? *) (UTC)" in decision.title
    assert any(d.id == "core.request.schedule-time" for d in stack.decisions)


@pytest.mark.parametrize(("text", "links"), [
    ("A Lambda function triggered by an SQS queue writing to DynamoDB in prod on AWS",
     [("fn", "queue", "consume"), ("fn", "table", "write")]),
    ("Une fonction Lambda déclenchée par une file SQS qui écrit dans DynamoDB sur AWS",
     [("fn", "queue", "consume"), ("fn", "table", "write")]),
    ("A function triggered by S3 uploads on AWS", [("fn", "storage", "read")]),
])
def test_triggered_by_takes_the_queue_messages_or_the_bucket_objects(plugins, text, links):
    stack = stack_for(plugins, text)
    spec = parse_request(text, plugins.registry).spec
    assert sorted((c.source, c.target, c.access) for c in spec.connections or []) == sorted(links)
    assert {"fn", links[0][1]} <= set(stack.components)


def test_a_function_triggered_by_a_topic_is_refused_with_what_to_write(plugins):
    with pytest.raises(SpecError, match="a topic accepts publish, not 'triggered by' .*consumed from a queue"):
        parse_request("A function triggered by an SNS topic on AWS", plugins.registry)


@pytest.mark.parametrize("text", ["Two Lambda functions sharing a DynamoDB table on AWS",
                                  "Deux fonctions Lambda qui partagent une table DynamoDB sur AWS"])
def test_sharing_a_table_is_using_it(plugins, text):
    spec = parse_request(text, plugins.registry).spec  # two functions: both share it
    assert [(c.source, c.target, c.access) for c in spec.connections or []] == [
        ("fn", "table", "read_write"), ("fn_2", "table", "read_write")]


def test_a_static_site_hosted_on_s3_is_one_site(plugins):
    stack = stack_for(plugins, "A static site hosted on S3 with CloudFront in prod on AWS")
    assert asked(stack) == {"site": "static_site"}


@pytest.mark.parametrize("text", ["A Lambda worker processing an SQS queue on AWS",
                                  "Un worker Lambda traitant les messages de la file SQS sur AWS"])
def test_processing_a_queue_is_consuming_it(plugins, text):
    spec = parse_request(text, plugins.registry).spec
    assert [c.kind for c in spec.components] == ["worker", "queue"] and spec.components[0].name is None
    assert [(c.source, c.target, c.access) for c in spec.connections or []] == [("worker", "queue", "consume")]
