"""worker (Cloud Run worker pool), scheduled_job (Cloud Run job + Cloud Scheduler) and http_api (HTTPS load balancer
with Cloud Armor in front of a Cloud Function) on Google Cloud: an English request in staging carrying all three
passes every gate (offline schema validation, Checkov 0 failed); a French prod
request and a dev spec show the environment's rules and the stated schedule; each workload is granted on what it
uses only; the two modules' mocked terraform tests run; bad parameters are refused in one line.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from iacf_core import VerifyOptions
from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project
from iacf_gcp.schedule import unix_cron

REQUEST = "A serverless API on a Cloud Function, a worker consuming a Pub/Sub queue and a nightly Cloud Run job " \
          "writing to a GCS bucket in staging on Google Cloud"
REQUEST_FR = "Un worker Cloud Run qui consomme une file Pub/Sub et écrit dans un bucket GCS en prod sur GCP"
SPEC = """\
project: reports
cloud: gcp
environment: dev
components:
  - kind: scheduled_job
    name: report
    params: {schedule: "cron(30 6 ? * MON-FRI *)", timezone: Europe/Paris, max_retries: 0, tasks: 4,
             timeout_seconds: 900, secrets: [SMTP_PASSWORD]}
  - kind: object_storage
    name: exports
  - kind: relational_database
connections:
  - {from: report, to: exports, access: write}
  - {from: report, to: db, access: connect}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-apps")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST_FR, "gcp-worker-fr")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, yaml.safe_load(SPEC), "gcp-job-spec")


def _block(text: str, start: str) -> str:
    block = text[text.index(start):]
    return block[:block.index("\n}\n")]


def test_worker_pulls_its_queue_with_its_own_identity(project: Path) -> None:
    main = (project / "main.tf").read_text()
    worker = _block(main, 'module "worker" {')
    assert 'source = "./modules/cloud_run_worker"' in worker
    assert re.search(r'kms_key += module\.kms\.key_ids\["containers"\]', worker)
    assert re.search(r"QUEUE_SUBSCRIPTION = module\.queue\.subscription_id", worker)
    assert "instances             = 1" in worker and "secrets" not in worker
    # the worker consumes the queue (subscriber on its subscription), publishes nothing, has no bucket grant
    queue = _block(main, 'module "queue" {')
    assert re.search(r"consumers = \{\s+worker = google_service_account\.worker\.email\s+\}", queue)
    assert "publishers" not in queue
    assert "worker" not in _block(main, 'module "storage" {')
    assert "serverless-robot-prod.iam.gserviceaccount.com" in main  # Cloud Run's agent may use the containers key
    module = (project / "modules" / "cloud_run_worker" / "main.tf").read_text()
    assert 'resource "google_cloud_run_v2_worker_pool" "this"' in module
    assert 'egress = "ALL_TRAFFIC"' in module and "ingress" not in module.split("resource")[-1]
    assert "allUsers" not in main + module and "google_project_iam_member" not in module


def test_job_is_started_by_its_own_invoker(project: Path) -> None:
    main = (project / "main.tf").read_text()
    job = _block(main, 'module "job" {')
    assert 'schedule                      = "0 3 * * *"' in job  # "nightly"
    assert 'time_zone                     = "UTC"' in job
    assert "invoker_service_account_email = google_service_account.job_scheduler.email" in job
    assert "timeout_seconds               = 1800" in job and "max_retries                   = 3" in job
    assert re.search(r"STORAGE_BUCKET = module\.storage\.name", job)
    storage = _block(main, 'module "storage" {')
    assert re.search(r'job = \{ email = google_service_account\.job\.email, access = "write" \}', storage)
    module = (project / "modules" / "cloud_run_job" / "main.tf").read_text()
    invoker = _block(module, 'resource "google_cloud_run_v2_job_iam_member" "invoker" {')
    assert "name     = google_cloud_run_v2_job.this.name" in invoker and '"roles/run.invoker"' in invoker
    assert "oauth_token" in module and ":run" in module
    tfvars = (project / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert '"roles/cloudscheduler.admin"' in tfvars and '"roles/run.admin"' in tfvars
    workflow = (project / ".github" / "workflows" / "terraform.yml").read_text()
    assert "TF_VAR_worker_image" in workflow and "TF_VAR_job_image" in workflow
    decisions = (project / "DECISIONS.md").read_text()
    assert "gcp.job.schedule" in decisions and "rate(1 day) translated to unix cron" in decisions
    assert "gcp.worker.worker-pool" in decisions and "CIS GCP 4.1" in decisions


def test_api_fronts_its_function_with_cloud_armor_and_iam(project: Path) -> None:
    main = (project / "main.tf").read_text()
    lb = _block(main, 'module "api_lb" {')
    assert "cloud_run_service     = module.fn.service" in lb and 'source = "./modules/https_lb"' in lb
    assert "rate_limit_per_minute = 1200" in lb
    fn = _block(main, 'module "fn" {')
    assert 'ingress_settings = "ALLOW_INTERNAL_AND_GCLB"' in fn and "invokers" not in fn
    callers = _block(main, 'resource "google_cloud_run_v2_service_iam_member" "api_callers" {')
    assert "name     = module.fn.service" in callers and '"roles/run.invoker"' in callers
    assert "allUsers" not in main and "allAuthenticatedUsers" not in main
    # the function is the API's code: the bucket and the queue are not its business here
    assert "fn =" not in _block(main, 'module "storage" {') and "fn =" not in _block(main, 'module "queue" {')
    decisions = (project / "DECISIONS.md").read_text()
    assert "gcp.api.api" in decisions and "google-beta" in decisions and "gcp.api_lb.armor" in decisions
    assert "internal ingress and the load balancer of api" in decisions


def test_api_connections_are_its_functions(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("project: orders\ncloud: gcp\nenvironment: prod\ncomponents:\n  - kind: http_api\n"
                    "    params: {rate_limit_per_minute: 600}\n  - kind: function\n  - kind: nosql_table\n"
                    "connections:\n  - {from: api, to: table, access: read}\n")
    out = generated_project(tmp_path, spec, "out")
    main = (out / "main.tf").read_text()
    assert "rate_limit_per_minute = 600" in _block(main, 'module "api_lb" {')
    assert re.search(r'fn += \{ email = google_service_account\.fn\.email, access = "read" \}', main)
    assert "gcp.api.code" in (out / "DECISIONS.md").read_text()


def test_prod_worker_keeps_two_protected_instances(prod: Path) -> None:
    worker = _block((prod / "main.tf").read_text(), 'module "worker" {')
    assert "instances             = 2" in worker and "deletion_protection   = true" in worker
    assert re.search(r"STORAGE_BUCKET += module\.storage\.name", worker)
    decisions = (prod / "DECISIONS.md").read_text()
    assert "2 always-on instance(s)" in decisions and "pulling from queue" in decisions


def test_dev_job_takes_the_stated_schedule_and_secrets(dev: Path) -> None:
    main = (dev / "main.tf").read_text()
    job = _block(main, 'module "report" {')
    assert 'schedule                      = "30 6 * * MON-FRI"' in job
    assert 'time_zone                     = "Europe/Paris"' in job
    assert "tasks                         = 4" in job and "max_retries                   = 0" in job
    assert 'secrets                       = ["SMTP_PASSWORD"]' in job
    assert 'key_of_stored_values          = module.kms.key_ids["secrets"]' in job
    assert "deletion_protection           = false" in job
    assert re.search(r"DB_INSTANCE += module\.db\.connection_name", job)
    db = _block(main, 'module "db" {')
    assert re.search(r"report = google_service_account\.report\.email", db)
    assert "report-5432" in main or "report to db" in main  # the firewall lets the job reach the database
    decisions = (dev / "DECISIONS.md").read_text()
    assert "Deletion protection is deliberately off in dev" in decisions
    assert "gcp.report.secrets" in decisions
    assert "SMTP_PASSWORD" in (dev / "README.md").read_text()


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_worker_and_job_modules_mocked_tests_run(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("grpc", reason="the offline extra of iacf-core runs the schema-only provider")
    if shutil.which("terraform") is None:
        pytest.skip("terraform not installed")
    from iacf_core.toolkit.verify import verify_mocked

    # the new modules alone: the seed's verify test runs the others
    for module in ("cloud_run_job", "cloud_run_worker"):
        shutil.copytree(project / "modules" / module, tmp_path / "modules" / module)
    report = verify_mocked(tmp_path, VerifyOptions(cloud="gcp"), provider="google", why="mocked module test")
    assert [(r.root, r.ok) for r in report.roots] == [("modules/cloud_run_job", True),
                                                      ("modules/cloud_run_worker", True)], report.roots
    assert all("2 run(s) passed" in r.message for r in report.roots)


@pytest.mark.parametrize(("written", "cron"), [
    ("0 3 * * *", "0 3 * * *"),
    ("rate(5 minutes)", "*/5 * * * *"),
    ("rate(1 hour)", "0 * * * *"),
    ("rate(1 day)", "0 3 * * *"),
    ("rate(7 days)", "0 3 * * MON"),
    ("cron(0 8 ? * MON-FRI *)", "0 8 * * MON-FRI"),
    ("*/15 9-17 1,15 JAN-JUN *", "*/15 9-17 1,15 JAN-JUN *"),
    ("rate(60 minutes)", "0 * * * *"), ("rate(24 hours)", "0 0 * * *"),
])
def test_schedules_mean_the_same_in_unix_cron(written: str, cron: str) -> None:
    assert unix_cron(written) == (cron, None)


@pytest.mark.parametrize(("written", "why"), [
    ("0 3 * *", "a unix cron has 5 fields (minute hour day-of-month month day-of-week), e.g. 0 3 * * *; Cloud "
                "Scheduler also takes rate(N minutes|hours|days) and cron(m h dom month dow year)"),
    ("0 25 * * *", "cron field 2 (hour: 25) goes outside 0-23"),
    ("*/0 * * * *", "cron field 1 (minute: */0) steps by 0: a step is 1 or more"),
    ("0 3 * * FRY", "cron field 5 (day-of-week: FRY): FRY is none of SUN, MON, TUE, WED, THU, FRI, SAT"),
    ("rate(7 minutes)", "rate(7 minutes) has no even unix cron: use a number of minutes dividing 60, or a unix cron"),
    ("rate(1 days)", "write rate(1 day)"),
    ("cron(0 8 ? * 2 *)", "days of the week are numbered differently in unix cron: name them (MON-FRI)"),
    ("at(2030-01-01T00:00:00)", "Cloud Scheduler runs jobs on a recurring schedule only: no one-time at(...)"),
])
def test_schedules_cloud_scheduler_cannot_run_are_said(written: str, why: str) -> None:
    assert unix_cron(written) == (None, why)


@pytest.mark.parametrize(("kind", "params", "field"), [
    ("worker", "{instances: 0}", "instances"),
    ("worker", "{cpu: '1', memory: 8Gi}", "memory"),
    ("worker", "{secrets: [api_token]}", "secrets"),
    ("scheduled_job", "{schedule: 'rate(7 minutes)'}", "schedule"),
    ("scheduled_job", "{schedule: 'at(2030-01-01T00:00:00)'}", "schedule"),
    ("scheduled_job", "{schedule: '0 25 * * *'}", "schedule"),
    ("scheduled_job", "{timezone: Paris}", "timezone"),
    ("scheduled_job", "{max_retries: 11}", "max_retries"),
    ("http_api", "{throttling_rate_limit: 10}", "throttling_rate_limit"),
    ("http_api", "{rate_limit_per_minute: 10}", "rate_limit_per_minute"),
])
def test_bad_parameters_are_refused(tmp_path: Path, kind: str, params: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: jobs\ncloud: gcp\nenvironment: dev\ncomponents:\n"
                    f"  - kind: {kind}\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)


def test_an_api_without_a_function_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("project: apis\ncloud: gcp\nenvironment: dev\ncomponents:\n  - kind: http_api\n")
    assert_refused(tmp_path / "out", spec, "routes to one Cloud Function")


def test_a_worker_cannot_use_a_cache(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("project: jobs\ncloud: gcp\nenvironment: dev\ncomponents:\n  - kind: worker\n  - kind: cache\n"
                    "connections:\n  - {from: worker, to: cache, access: connect}\n")
    assert_refused(tmp_path / "out", spec, "worker 'worker' connects to cache")
