"""queue and topic on Google Cloud (Pub/Sub): a French request for a queue in dev passes every gate (offline
schema validation, Checkov 0 failed); a prod spec with a topic, a queue, a sender and a consumer grants each on
its resource only; the pubsub module's mocked terraform test runs; bad parameters are refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_module_tests_pass, assert_refused, generated_project

REQUEST = "Une app web Django avec une file Pub/Sub en dev sur GCP"
SPEC = """\
project: orders
cloud: gcp
environment: prod
components:
  - kind: web_app
    params: {framework: django}
  - kind: web_app
    name: mailer
    params: {framework: flask}
  - kind: queue
    name: emails
    params: {max_delivery_attempts: 20}
  - kind: topic
    name: events
connections:
  - {from: app, to: emails, access: send}
  - {from: mailer, to: emails, access: consume}
  - {from: app, to: events, access: publish}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-pubsub")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, yaml.safe_load(SPEC), "gcp-pubsub-spec")


def test_queue_is_encrypted_with_a_dead_letter_and_its_sender_granted(project: Path) -> None:
    main = (project / "main.tf").read_text()
    assert main.count('source = "./modules/pubsub"') == 1  # "file Pub/Sub" is one queue, not a queue and a topic
    assert 'kms_key                = module.kms.key_ids["messages"]' in main
    assert "@gcp-sa-pubsub.iam.gserviceaccount.com" in main
    assert re.search(r"publishers = \{\s+app = google_service_account\.app\.email\s+\}", main)
    assert "consumers" not in main
    assert re.search(r"QUEUE_TOPIC += module\.queue\.topic_id", main)
    assert "message_retention_days = 1" in main and "max_delivery_attempts  = 5" in main
    module = (project / "modules" / "pubsub" / "main.tf").read_text()
    assert module.count("allowed_persistence_regions = [var.region]") == 2
    assert "dead_letter_policy" in module and 'ttl = ""' in module
    assert "google_project_iam" not in module
    decisions = (project / "DECISIONS.md").read_text()
    assert "gcp.queue.pubsub" in decisions and "Dev keeps one day of backlog" in decisions


def test_prod_grants_each_client_on_its_resource_only(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    emails = main[main.index('module "emails"'):main.index('module "events"')]
    assert re.search(r"publishers = \{\s+app = google_service_account\.app\.email\s+\}", emails)
    assert re.search(r"consumers = \{\s+mailer = google_service_account\.mailer\.email\s+\}", emails)
    assert "max_delivery_attempts  = 20" in emails and "message_retention_days = 7" in emails
    events = main[main.index('module "events"'):]
    assert "max_delivery_attempts  = 10" in events and "mailer" not in events.split("depends_on")[0]
    assert re.search(r"EMAILS_SUBSCRIPTION += module\.emails\.subscription_id", main)
    decisions = (prod / "DECISIONS.md").read_text()
    assert "emails: publishers app; consumers mailer" in decisions


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_pubsub_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "pubsub", "gcp", "google", 4, tmp_path)


@pytest.mark.parametrize(("kind", "params", "field"), [
    ("queue", "{max_delivery_attempts: 2}", "max_delivery_attempts"),
    ("topic", "{message_retention_days: 31}", "message_retention_days"),
    ("queue", "{visibility_timeout_seconds: 30}", "visibility_timeout_seconds"),
])
def test_bad_parameters_are_refused(tmp_path: Path, kind: str, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: msgs\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: {kind}\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
