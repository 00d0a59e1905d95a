"""A function triggered by a bucket on Google Cloud: the French request of a function "déclenchée par un bucket
GCS" renders a Cloud Functions 2nd gen event trigger on the bucket's new objects (Eventarc,
google.cloud.storage.object.v1.finalized, filtered on the bucket, in the bucket's location, retried), delivered as
a dedicated service account holding run.invoker on that function and eventarc.eventReceiver, with Cloud Storage's
service agent publishing to Eventarc's topic, and a decision saying so; it passes every gate (offline schema
validation, Checkov 0 failed). A function something else starts stays as it was; what one trigger cannot serve is
refused in one line.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project, run_cli
from iacf_core.toolkit.hcl import Block, blocks, load_file, parsed_files

REQUEST = "Une fonction Cloud Functions déclenchée par un bucket GCS qui écrit dans Firestore, en prod sur GCP"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-storage-trigger")


def _modules(project: Path) -> dict[str, dict[str, Any]]:
    return {b.labels[0]: b.body for b in blocks(load_file(project / "main.tf"), None, "module", 1)}


def _resources(project: Path) -> list[tuple[Path, Block]]:
    return [(path.relative_to(project), b) for path, doc in parsed_files(project)
            for b in blocks(doc, path, "resource", 2)]


def _root(project: Path, address: str) -> dict[str, Any]:
    found = [b.body for path, b in _resources(project) if b.address == address and path == Path("main.tf")]
    assert len(found) == 1, address
    return found[0]


def _decision(project: Path, decision_id: str) -> str:
    text = (project / "DECISIONS.md").read_text()
    start = text.index(f"### `{decision_id}`")
    end = text.find("\n### ", start + 1)
    return text[start:end if end > 0 else None]


def _spec(components: list[dict[str, Any]], connections: list[dict[str, str]]) -> dict[str, Any]:
    return {"project": "objects", "cloud": "gcp", "environment": "dev", "components": components,
            "connections": connections}


def test_the_reading_makes_the_bucket_the_function_trigger() -> None:
    res = run_cli("parse", REQUEST, "--json")
    assert res.exit_code == 0, res.stderr
    reading = json.loads(res.stdout)
    fn = next(c for c in reading["components"] if c["id"] == "fn")
    assert fn["params"]["trigger_bucket"] == "storage" and "event_source" not in fn["params"]
    decisions = {d["id"]: d for d in reading["decisions"]}
    assert decisions["gcp.fn.trigger"]["components"] == ["fn", "storage"]
    assert "invoked by its storage trigger" in decisions["gcp.fn.private"]["title"]


def test_each_new_object_of_the_bucket_triggers_the_function(project: Path) -> None:
    fn = _modules(project)["fn"]
    assert fn["storage_trigger"] == {"bucket": "${module.storage.name}", "location": "${module.storage.location}",
                                     "service_account_email": "${google_service_account.fn_trigger.email}"}
    assert "pubsub_trigger" not in fn and "invokers" not in fn
    assert fn["service_account_email"] == "${google_service_account.fn.email}"  # it still runs as its own identity
    assert fn["env"] == {"STORAGE_BUCKET": "${module.storage.name}", "TABLE_DATABASE": "${module.table.name}"}
    module = (project / "modules" / "cloud_function" / "main.tf").read_text()
    trigger = module[module.index('dynamic "event_trigger" {\n    for_each = var.storage_trigger'):]
    trigger = trigger[:trigger.index("\n  }\n")]
    for line in ("trigger_region        = event_trigger.value.location",
                 'event_type            = "google.cloud.storage.object.v1.finalized"',
                 'retry_policy          = "RETRY_POLICY_RETRY"',
                 "service_account_email = event_trigger.value.service_account_email",
                 'attribute = "bucket"', "value     = event_trigger.value.bucket"):
        assert line in trigger, line
    # the trigger's region is the bucket's location, lowercase
    outputs = (project / "modules" / "gcs_bucket" / "outputs.tf").read_text()
    assert "value       = lower(google_storage_bucket.this.location)" in outputs
    assert 'output "fn_trigger"' in (project / "outputs.tf").read_text()
    assert "eventarc.googleapis.com" in _root(project, "google_project_service.this")["for_each"]


def test_each_identity_holds_exactly_what_eventarc_needs(project: Path) -> None:
    assert _root(project, "google_service_account.fn_trigger")["account_id"] == "${local.name}-fn-event"
    assert _root(project, "google_project_iam_member.fn_trigger_events") == {
        "project": "${var.project_id}", "role": "roles/eventarc.eventReceiver",
        "member": "${google_service_account.fn_trigger.member}"}
    assert _root(project, "google_project_iam_member.storage_agent_publisher") == {
        "project": "${var.project_id}", "role": "roles/pubsub.publisher",
        "member": "${data.google_storage_project_service_account.this.member}"}
    assert "google_storage_project_service_account" in (project / "main.tf").read_text()
    assert _root(project, "google_service_account_iam_member.fn_trigger_tokens")["role"] == \
        "roles/iam.serviceAccountTokenCreator"
    deployer = _root(project, "google_service_account_iam_member.fn_deployer")["for_each"]
    assert "trigger = google_service_account.fn_trigger.name" in deployer
    # the root's project-level roles: the build logs, the trigger's receiver and the storage agent's publisher;
    # the runtime identity gets none of them
    project_grants = {(str(b.body.get("role")), str(b.body.get("member"))) for path, b in _resources(project)
                      if b.labels[0] == "google_project_iam_member" and path == Path("main.tf")}
    assert ("roles/eventarc.eventReceiver", "${google_service_account.fn_trigger.member}") in project_grants
    assert not [g for g in project_grants if "google_service_account.fn.member" in g[1]]
    assert sorted(role for role, _ in project_grants) == [
        "roles/eventarc.eventReceiver", "roles/logging.logWriter", "roles/pubsub.publisher"]
    # the apply identity may grant these two roles, and creates the trigger with cloudfunctions.admin
    tfvars = (project / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert '"roles/eventarc.eventReceiver"' in tfvars and '"roles/pubsub.publisher"' in tfvars
    assert '"roles/cloudfunctions.admin"' in tfvars
    readme = (project / "README.md").read_text()
    assert "run.googleapis.com eventarc.googleapis.com; do gcloud beta services identity create" in readme
    assert "Each new object of storage triggers the function" in readme


def test_the_decision_says_what_triggers_it_who_delivers_and_why(project: Path) -> None:
    trigger = _decision(project, "gcp.fn.trigger")
    assert "fn runs on each new object of storage" in trigger
    assert "- **Trigger:** fn reads storage and nothing else starts it" in trigger
    for words in ("google.cloud.storage.object.v1.finalized", "in the bucket's location europe-west9",
                  "RETRY_POLICY_RETRY", "for up to 24 hours", "roles/run.invoker on this function's Cloud Run service",
                  "roles/eventarc.eventReceiver on the project", "roles/pubsub.publisher on the project",
                  "roles/iam.serviceAccountTokenCreator on that account only", "Eventarc API is enabled"):
        assert words in trigger, words
    assert "loops" not in trigger  # the function only reads the bucket
    assert "invoked by its storage trigger" in _decision(project, "gcp.fn.private")
    assert "the Cloud Storage trigger of fn is created" in (project / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("components", "connections", "triggered"), [
    # a function the app invokes stays an HTTP function, whatever it reads
    ([{"kind": "web_app"}, {"kind": "function"}, {"kind": "object_storage"}],
     [{"from": "app", "to": "fn", "access": "invoke"}, {"from": "fn", "to": "storage", "access": "read"}], False),
    # a bucket the function only writes never triggers it (that would loop)
    ([{"kind": "function"}, {"kind": "object_storage"}],
     [{"from": "fn", "to": "storage", "access": "write"}], False),
    # the queue it consumes triggers it: one trigger per function
    ([{"kind": "function"}, {"kind": "object_storage"}, {"kind": "queue"}],
     [{"from": "fn", "to": "storage", "access": "read"}, {"from": "fn", "to": "queue", "access": "consume"}], False),
    # read and write: triggered, and the decision warns of the loop
    ([{"kind": "function"}, {"kind": "object_storage", "name": "uploads"}],
     [{"from": "fn", "to": "uploads", "access": "read_write"}], True),
])
def test_only_a_function_nothing_else_starts_is_triggered_by_what_it_reads(
        tmp_path: Path, components: list[dict[str, Any]], connections: list[dict[str, str]], triggered: bool) -> None:
    out = generated_project(tmp_path, _spec(components, connections), "objects")
    fn = _modules(out)["fn"]
    assert ("storage_trigger" in fn) is triggered
    main = (out / "main.tf").read_text()
    assert ("storage_agent_publisher" in main) is triggered and ("fn_trigger_events" in main) is triggered
    decisions = (out / "DECISIONS.md").read_text()
    if triggered:
        assert fn["storage_trigger"]["bucket"] == "${module.uploads.name}"
        assert "every object it writes triggers it again" in _decision(out, "gcp.fn.trigger")
    elif "pubsub_trigger" not in fn:
        assert "gcp.fn.trigger" not in decisions and "eventarc" not in main


def test_an_event_driven_function_runs_at_most_540_seconds(tmp_path: Path) -> None:
    spec = _spec([{"kind": "function", "params": {"timeout_seconds": 900}}, {"kind": "object_storage"}],
                 [{"from": "fn", "to": "storage", "access": "read"}])
    assert_refused(tmp_path / "out", spec,
                   "function 'fn' is triggered by storage's new objects: an event-driven Cloud Function runs at most")


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)
