"""A function consuming a queue on Google Cloud is triggered by its messages: an English request in dev and a prod
spec render a Cloud Functions 2nd gen event trigger on the queue's topic, delivered as a dedicated service account
granted on that function only (no project-level role), with no pull subscription nobody reads and the dead-letter
step in the README; both pass every gate (offline schema validation, Checkov 0 failed). A function an HTTP API
fronts, or one nothing triggers, stays an HTTP function; what one trigger cannot serve is refused in one line.

One project per request, shared by the module; Checkov and validate run once per project.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_module_tests_pass, assert_refused, generated_project
from iacf_core.toolkit.hcl import Block, blocks, load_file, parsed_files

REQUEST = "a Cloud Function that consumes a Pub/Sub queue on GCP"
REQUEST_FR = "Une fonction Cloud Functions qui consomme une file Pub/Sub en prod sur GCP"
SPEC = """\
project: shop
cloud: gcp
environment: prod
components:
  - kind: web_app
  - kind: function
    name: indexer
    params: {timeout_seconds: 300}
  - kind: function
    name: pricing
  - kind: queue
    name: orders
    params: {max_delivery_attempts: 12}
  - kind: object_storage
    name: exports
connections:
  - {from: app, to: orders, access: send}
  - {from: indexer, to: orders, access: consume}
  - {from: indexer, to: exports, access: write}
  - {from: app, to: pricing, access: invoke}
"""
# an HTTP API in front of the function: it stays an HTTP function and keeps pulling the queue
API_SPEC = """\
project: apiq
cloud: gcp
environment: staging
components:
  - kind: http_api
  - kind: function
  - kind: queue
    name: jobs
connections:
  - {from: api, to: fn, access: invoke}
  - {from: fn, to: jobs, access: consume}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-fn-trigger")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, yaml.safe_load(SPEC), "gcp-fn-trigger-prod")


def _modules(project: Path) -> dict[str, dict[str, Any]]:
    return {b.labels[0]: b.body for b in blocks(load_file(project / "main.tf"), None, "module", 1)}


def _resources(project: Path) -> list[tuple[Path, Block]]:
    """Every resource of the project and its vendored modules, with the file it is in."""
    return [(path.relative_to(project), b) for path, doc in parsed_files(project)
            for b in blocks(doc, path, "resource", 2)]


def _resource(project: Path, address: str) -> dict[str, Any]:
    found = [b.body for path, b in _resources(project) if b.address == address and path == Path("main.tf")]
    assert len(found) == 1, address
    return found[0]


def _decision(project: Path, decision_id: str) -> str:
    text = (project / "DECISIONS.md").read_text()
    start = text.index(f"### `{decision_id}`")
    end = text.find("\n### ", start + 1)
    return text[start:end if end > 0 else None]


def test_the_function_is_triggered_by_the_queue_topic(project: Path) -> None:
    fn = _modules(project)["fn"]
    assert fn["pubsub_trigger"] == {"topic": "${module.queue.topic_id}",
                                    "service_account_email": "${google_service_account.fn_trigger.email}"}
    assert "env" not in fn  # nothing to pull: no subscription in its environment
    assert fn["service_account_email"] == "${google_service_account.fn.email}"  # it still runs as its own identity
    module = (project / "modules" / "cloud_function" / "main.tf").read_text()
    trigger = module[module.index('dynamic "event_trigger"'):]
    trigger = trigger[:trigger.index("\n  }\n")]
    for line in ("trigger_region        = var.region",
                 'event_type            = "google.cloud.pubsub.topic.v1.messagePublished"',
                 "pubsub_topic          = event_trigger.value.topic",
                 'retry_policy          = "RETRY_POLICY_RETRY"',
                 "service_account_email = event_trigger.value.service_account_email"):
        assert line in trigger, line
    # the queue keeps its dead-letter topic but no pull subscription that nobody would read
    queue = _modules(project)["queue"]
    assert queue["pull_subscription"] is False and "consumers" not in queue
    outputs = (project / "outputs.tf").read_text()
    assert 'output "fn_trigger"' in outputs and 'output "queue_dead_letter_topic"' in outputs
    assert 'output "queue_subscription"' not in outputs
    assert "eventarc.googleapis.com" in _resource(project, "google_project_service.this")["for_each"]


def test_the_trigger_identity_is_granted_on_the_function_only(project: Path) -> None:
    sa = _resource(project, "google_service_account.fn_trigger")
    assert sa["account_id"] == "${local.name}-fn-event"
    tokens = _resource(project, "google_service_account_iam_member.fn_trigger_tokens")
    assert tokens == {"service_account_id": "${google_service_account.fn_trigger.name}",
                      "role": "roles/iam.serviceAccountTokenCreator",
                      "member": "serviceAccount:service-${local.number}@gcp-sa-pubsub.iam.gserviceaccount.com"}
    # the deploying identity may attach the trigger's account (the deployment acts as it)
    deployer = _resource(project, "google_service_account_iam_member.fn_deployer")["for_each"]
    assert "trigger = google_service_account.fn_trigger.name" in deployer
    invoker = [b.body for path, b in _resources(project)
               if b.address == "google_cloud_run_v2_service_iam_member.trigger"]
    assert invoker == [{"count": "${local.trigger_account == null ? 0 : 1}",
                        "name": "${google_cloudfunctions2_function.this.service_config[0].service}",
                        "location": "${var.region}", "role": "roles/run.invoker",
                        "member": "serviceAccount:${local.trigger_account}"}]
    # nothing about the trigger is granted on the project, and the trigger's account holds nothing else
    project_roles = {str(b.body.get("role")) for _, b in _resources(project)
                     if b.labels[0].startswith("google_project_iam")}
    assert not project_roles & {"roles/run.invoker", "roles/eventarc.eventReceiver",
                                "roles/iam.serviceAccountTokenCreator", "roles/pubsub.subscriber"}
    mentions = [b.address for _, b in _resources(project) if "fn_trigger" in str(b.body)]
    assert sorted(mentions) == ["google_service_account_iam_member.fn_deployer",
                                "google_service_account_iam_member.fn_trigger_tokens"]
    # the runtime identity is no subscriber of the queue: the pushes bring the messages
    assert "consumers" not in _modules(project)["queue"]
    agents = (project / "README.md").read_text()
    assert re.search(r"for s in [^;]* eventarc\.googleapis\.com;", agents)
    assert "eventReceiver" not in (project / "bootstrap" / "iacf.auto.tfvars").read_text()


def test_decisions_explain_the_trigger_and_the_subscription_it_replaces(project: Path) -> None:
    trigger = _decision(project, "gcp.fn.trigger")
    assert "fn runs on each message of queue" in trigger and "- **Trigger:** fn consumes queue" in trigger
    for words in ("RETRY_POLICY_RETRY", "roles/run.invoker on this function's Cloud Run service only",
                  "roles/iam.serviceAccountTokenCreator on that account only", "8 April 2021",
                  "roles/eventarc.eventReceiver serves triggers of other event sources",
                  "queue has no pull subscription", "the same 5 attempts and 1-day retention",
                  "the runtime service account as the trigger's identity"):
        assert words in trigger, words
    assert "invoked by its queue trigger" in _decision(project, "gcp.fn.private")
    pubsub = _decision(project, "gcp.queue.pubsub")
    assert "Pub/Sub work queue pushed to fn" in pubsub and "No pull subscription" in pubsub
    assert "consumer fn (Eventarc trigger)" in _decision(project, "gcp.queue.access")


def test_the_readme_attaches_the_dead_letter_topic_to_the_trigger_subscription(project: Path) -> None:
    readme = (project / "README.md").read_text()
    step = readme[readme.index("**Dead-letter topic of fn's trigger**"):]
    step = step[:step.index("\n\n")]
    assert 'gcloud eventarc triggers describe "$(terraform output -raw fn_trigger)"' in step
    assert '--dead-letter-topic="$(terraform output -raw queue_dead_letter_topic)" --max-delivery-attempts=5' in step
    assert "--message-retention-duration=1d" in step
    assert "--role=roles/pubsub.subscriber" in step and "@gcp-sa-pubsub.iam.gserviceaccount.com" in step


def test_prod_triggers_only_the_consuming_function(prod: Path) -> None:
    modules = _modules(prod)
    assert modules["indexer"]["pubsub_trigger"]["topic"] == "${module.orders.topic_id}"
    assert modules["indexer"]["timeout_seconds"] == 300
    # the function the app calls stays an HTTP function, invoked by the app only
    assert "pubsub_trigger" not in modules["pricing"]
    assert modules["pricing"]["invokers"] == {"app": "${google_service_account.app.email}"}
    accounts = {b.labels[1] for _, b in _resources(prod) if b.labels[0] == "google_service_account"}
    assert "indexer_trigger" in accounts and "pricing_trigger" not in accounts
    orders = modules["orders"]
    assert orders["publishers"] == {"app": "${google_service_account.app.email}"}
    assert orders["pull_subscription"] is False and orders["max_delivery_attempts"] == 12
    readme = (prod / "README.md").read_text()
    assert readme.count("**Dead-letter topic of") == 1
    assert "--max-delivery-attempts=12" in readme and "--message-retention-duration=7d" in readme
    decisions = (prod / "DECISIONS.md").read_text()
    assert "gcp.indexer.trigger" in decisions and "gcp.pricing.trigger" not in decisions
    assert "the same 12 attempts and 7-day retention" in _decision(prod, "gcp.indexer.trigger")


def test_a_french_request_triggers_the_function(tmp_path: Path) -> None:
    out = generated_project(tmp_path, REQUEST_FR, "fr")
    assert _modules(out)["fn"]["pubsub_trigger"]["topic"] == "${module.queue.topic_id}"
    assert "gcp.fn.trigger" in (out / "DECISIONS.md").read_text()


def test_a_function_behind_an_http_api_stays_an_http_function(tmp_path: Path) -> None:
    out = generated_project(tmp_path, yaml.safe_load(API_SPEC), "api")
    modules = _modules(out)
    assert "pubsub_trigger" not in modules["fn"]
    assert modules["fn"]["env"] == {"JOBS_SUBSCRIPTION": "${module.jobs.subscription_id}"}
    assert modules["jobs"]["consumers"] == {"fn": "${google_service_account.fn.email}"}
    assert "pull_subscription" not in modules["jobs"]
    assert "eventarc" not in (out / "main.tf").read_text()
    assert "gcp.fn.trigger" not in (out / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("components", "connections", "says"), [
    # one event trigger per function
    ([{"kind": "function"}, {"kind": "queue", "name": "orders"}, {"kind": "queue", "name": "mails"}],
     [{"from": "fn", "to": "orders", "access": "consume"}, {"from": "fn", "to": "mails", "access": "consume"}],
     "function 'fn' consumes mails, orders: on Google Cloud a Cloud Function has one event trigger"),
    # the trigger takes every message: a second consumer would take them a second time
    ([{"kind": "function"}, {"kind": "worker"}, {"kind": "queue", "name": "jobs"}],
     [{"from": "fn", "to": "jobs", "access": "consume"}, {"from": "worker", "to": "jobs", "access": "consume"}],
     "queue 'jobs' is consumed by fn, worker: a function consuming a queue is triggered by every message"),
    ([{"kind": "function"}, {"kind": "function", "name": "audit"}, {"kind": "queue", "name": "jobs"}],
     [{"from": "fn", "to": "jobs", "access": "consume"}, {"from": "audit", "to": "jobs", "access": "consume"}],
     "queue 'jobs' is consumed by audit, fn"),
    # an event-driven function runs at most 540 s
    ([{"kind": "function", "params": {"timeout_seconds": 900}}, {"kind": "queue"}],
     [{"from": "fn", "to": "queue", "access": "consume"}],
     "function 'fn' is triggered by queue's messages: an event-driven Cloud Function runs at most 540 s"),
])
def test_what_one_trigger_cannot_serve_is_refused(tmp_path: Path, components: list[dict[str, Any]],
                                                  connections: list[dict[str, str]], says: str) -> None:
    spec = {"project": "triggers", "cloud": "gcp", "environment": "dev", "components": components,
            "connections": connections}
    assert_refused(tmp_path / "out", spec, says)


def test_an_http_function_may_still_run_an_hour(tmp_path: Path) -> None:
    spec = {"project": "slow", "cloud": "gcp", "environment": "dev",
            "components": [{"kind": "function", "params": {"timeout_seconds": 3600}}]}
    out = generated_project(tmp_path, spec, "slow")
    assert _modules(out)["fn"]["timeout_seconds"] == 3600 and "pubsub_trigger" not in _modules(out)["fn"]


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes_in_prod(prod: Path) -> None:
    assert_every_gate_passes(prod)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_module_mocked_tests_run_the_trigger(project: Path, tmp_path: Path) -> None:
    # the HTTP default, each trigger and its identity, the 540 s limit; the pubsub module without pull subscription
    assert_module_tests_pass(project, "cloud_function", "gcp", "google", 5, tmp_path / "fn")
    assert_module_tests_pass(project, "pubsub", "gcp", "google", 4, tmp_path / "pubsub")
