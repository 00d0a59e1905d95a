"""The worker and scheduled_job kinds on Azure: a Container Apps worker (no ingress, single revision, KEDA on its
queue) and a Container Apps job (cron, timeout, retries) sharing one internal, VNet-injected environment; their
identities granted per resource; prod/dev differences recorded; bad parameters refused.

One dev stack (French request) is generated per module; `iacf validate` (fmt, offline validate, Checkov, the kit's
gates) runs on it once. A prod stack with both kinds is the seed's "all" stack (Checkov and the one verify run of
every module); a staging one is a contract sample."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = ("Un worker Container Apps qui consomme la file Service Bus commandes et écrit dans le stockage blob, et un "
           "job Container Apps toutes les heures qui lit PostgreSQL, en dev sur Azure")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-container-apps")


def _block(main: str, header: str) -> str:
    return main.split(header + " {")[1].split("\n}\n")[0]


def test_one_internal_environment_in_its_own_delegated_subnet(dev: Path) -> None:
    main = (dev / "main.tf").read_text()
    assert main.count('source = "./modules/container_apps_environment"') == 1
    env = _block(main, 'module "apps"')
    assert 'subnet_id                  = module.network.subnet_ids["apps"]' in env
    assert re.search(r"zone_redundant\s+= false", env)
    assert re.search(r"apps_subnet\s+= true", _block(main, 'module "network"'))
    module = (dev / "modules" / "container_apps_environment" / "main.tf").read_text()
    assert re.search(r"internal_load_balancer_enabled\s+= true", module)
    assert re.search(r'public_network_access\s+= "Disabled"', module)
    network = (dev / "modules" / "network" / "main.tf").read_text()
    assert 'apps = { index = 5, delegation = "Microsoft.App/environments" }' in network
    decisions = (dev / "DECISIONS.md").read_text()
    assert "zone redundancy to cost less: it is off on purpose" in decisions
    assert "Azure does not offer one" in decisions  # no customer-managed key on Container Apps, said so


def test_worker_scales_on_its_queue_with_a_scaler_identity(dev: Path) -> None:
    main = (dev / "main.tf").read_text()
    worker = _block(main, 'module "worker"')
    assert 'queueName = "commandes"' in worker and 'scope = module.bus.queue_ids["commandes"]' in worker
    assert re.search(r"min_replicas\s+= 0", worker)  # dev scales to zero on an empty queue
    assert "environment_id            = module.apps.id" in worker
    receiver = _block(main, 'resource "azurerm_role_assignment" "worker_commandes_receiver"')
    assert "module.worker.identity_principal_id" in receiver and 'queue_ids["commandes"]' in receiver
    blob = _block(main, 'resource "azurerm_role_assignment" "worker_storage"')
    assert 'container_scopes["files"]' in blob
    module = (dev / "modules" / "container_app_worker" / "main.tf").read_text()
    assert 'revision_mode = "Single"' in module and "ingress" not in module.replace("no ingress", "")
    assert '"Azure Service Bus Data Owner"' in module and "password_secret_name" not in module


def test_job_runs_the_hourly_words_as_a_cron(dev: Path) -> None:
    job = _block((dev / "main.tf").read_text(), 'module "job"')
    assert 'cron_expression           = "0 * * * *"' in job
    assert re.search(r"retry_limit\s+= 0", job) and "DATABASE_HOST = module.db.fqdn" in job
    decisions = (dev / "DECISIONS.md").read_text()
    assert "rate(1 hour) is run as the cron 0 * * * *" in decisions and "UTC only" in decisions


def test_ci_and_example_name_the_images(dev: Path) -> None:
    workflow = (dev / ".github" / "workflows" / "terraform.yml").read_text()
    example = (dev / "terraform.tfvars.example").read_text()
    for name in ("worker_image", "worker_registry_server", "job_image", "job_registry_server"):
        assert f"TF_VAR_{name}:" in workflow and name in example, name


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-container-apps")
def test_every_gate_passes(dev: Path) -> None:
    assert_every_gate_passes(dev, min_resources=80,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def _spec(tmp_path: Path, env: str, components: list[dict[str, object]]) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({"project": "shop", "cloud": "azure", "environment": env,
                                    "components": components}))
    return spec


def test_secrets_are_key_vault_references(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "staging", [{"kind": "worker", "params": {"secrets": ["api-token"], "min_replicas": 1}},
                                       {"kind": "scheduled_job", "params": {"schedule": "30 2 * * 1-5",
                                                                           "parallelism": 2}}])
    out = generated_project(tmp_path, spec, "out")
    main = (out / "main.tf").read_text()
    worker = _block(main, 'module "worker"')
    assert '{ setting = "API_TOKEN", name = "api-token" }' in worker and "scale_rules" not in worker
    assert 'cron_expression           = "30 2 * * 1-5"' in _block(main, 'module "job"')
    assert "--name api-token" in (out / "README.md").read_text()


@pytest.mark.parametrize(("env", "params", "says"), [
    ("prod", {"kind": "worker", "params": {"min_replicas": 1}}, "at least 2 replicas"),
    ("dev", {"kind": "worker", "params": {"min_replicas": 4, "max_replicas": 2}}, "below min_replicas"),
    ("dev", {"kind": "worker", "params": {"cpu": 0.3}}, "cpu"),
    ("dev", {"kind": "worker", "params": {"min_replicas": 0}}, "needs a queue to scale on"),
    ("dev", {"kind": "worker", "params": {"batch_size": 5}}, "batch_size"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "cron(0 3 * * ? *)"}}, "5 fields"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "0 25 * * *"}}, "outside 0-23"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "rate(45 minutes)"}}, "no even unix cron"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "rate(1 days)"}}, "write rate(1 day)"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "*/0 * * * *"}}, "steps by 0"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule_expression": "0 3 * * FRY"}}, "FRY is none of"),
    ("dev", {"kind": "scheduled_job", "params": {"timezone": "Europe/Paris"}}, "timezone"),
    ("dev", {"kind": "scheduled_job", "params": {"schedule": "0 1 * * *", "schedule_expression": "0 2 * * *"}},
     "not both"),
    ("dev", {"kind": "scheduled_job", "params": {"retry_limit": 20}}, "retry_limit"),
    ("dev", {"kind": "scheduled_job", "params": {"secrets": ["a", "a"]}}, "each secret is named once"),
])
def test_bad_parameters_exit_2(env: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", _spec(tmp_path, env, [params]), says)


@pytest.mark.parametrize(("written", "cron"), [
    ("0 3 * * *", "0 3 * * *"), ("0  3 * * *", "0 3 * * *"), ("rate(1 minute)", "* * * * *"),
    ("rate(15 minutes)", "*/15 * * * *"), ("rate(1 hour)", "0 * * * *"), ("rate(6 hours)", "0 */6 * * *"),
    ("rate(1 day)", "0 0 * * *"), ("rate(7 days)", "0 0 * * 0"),
    # unix cron's names, as the other clouds take them
    ("30 2 * JAN-JUN MON-FRI", "30 2 * JAN-JUN MON-FRI"), ("0 6 * * 0", "0 6 * * 0"), ("0 6 * * 1-6", "0 6 * * 1-6"),
])
def test_a_schedule_is_the_cron_container_apps_runs(written: str, cron: str) -> None:
    from iacf_azure.params import cron_of

    assert cron_of(written) == cron


@pytest.mark.parametrize("written", ["0 6 * * 7", "0 6 * * 5-7", "0 6 * * 1,7"])
def test_sunday_as_7_is_refused_container_apps_counts_0_6(written: str) -> None:
    from iacf_azure.params import cron_of

    with pytest.raises(ValueError, match="0-6 from Sunday: write Sunday as 0 or SUN"):
        cron_of(written)
