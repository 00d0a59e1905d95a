"""kubernetes_cluster on Google Cloud (GKE): a French request in prod (a cluster next to a web app and its
database) passes every gate (offline schema validation, Checkov 0 failed) with a regional private cluster, a
private endpoint and the hardening the CIS GKE Benchmark asks for; dev runs a zonal cluster with a public endpoint
behind authorized networks as recorded decisions; the gke module's mocked terraform test runs; bad parameters are
refused.

One project per request, shared by the module; Checkov and validate run once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import (
    assert_every_gate_passes,
    assert_module_tests_pass,
    assert_refused,
    generated_project,
)

REQUEST = "Un cluster Kubernetes GKE et une app web Django avec PostgreSQL en prod sur GCP"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "gcp-gke")


def _block(text: str, start: str) -> str:
    block = text[text.index(start):]
    return block[:block.index("\n}\n")]


def test_prod_cluster_is_regional_private_and_encrypted(project: Path) -> None:
    main = (project / "main.tf").read_text()
    block = _block(main, 'module "k8s" {')
    assert 'location            = "europe-west9"' in block
    assert "private_endpoint    = true" in block and 'release_channel     = "REGULAR"' in block
    assert 'kms_key             = module.kms.key_ids["cluster"]' in block
    assert 'boot_disk_kms_key   = module.kms.key_ids["disks"]' in block
    assert "deletion_protection = true" in block
    # the control plane is reached from the stack's own ranges only
    networks = block[block.index("authorized_networks = {"):]
    networks = networks[:networks.index("}")]
    assert re.findall(r'= "([0-9./]+)"', networks) == ["10.0.0.0/20", "100.64.0.0/14"]
    assert "@container-engine-robot.iam.gserviceaccount.com" in main
    assert "@compute-system.iam.gserviceaccount.com" in main
    # the subnet carries the pods' and services' alias ranges; the nodes may leave on HTTPS to Google APIs only
    network = _block(main, 'module "network" {')
    assert re.search(r'"k8s-pods"\s+= "100\.64\.0\.0/14"', network)
    assert re.search(r'"k8s-services"\s+= "100\.96\.0\.0/20"', network)
    rule = network[network.index('"k8s-google-apis" = {'):]
    assert re.match(r'"k8s-google-apis" = \{\s+description[^\n]+\s+target_tags += \["\$\{local\.name\}-k8s"\]\s+'
                    r'ports += \["443"\]\s+to_google_apis = true', rule)
    assert "k8s-internet" not in network and "cloud_nat = false" in network
    # and the stack's database on the Cloud SQL connectors' port, over the private services range (logins stay per
    # workload, IAM)
    rule = network[network.index('"k8s-db" = {'):]
    assert re.match(r'"k8s-db" = \{\s+description[^\n]+\s+target_tags += \["\$\{local\.name\}-k8s"\]\s+ports += '
                    r'\["3307"\]\s+to_private_services = true', rule)
    module = (project / "modules" / "gke" / "main.tf").read_text()
    for setting in ('datapath_provider           = "ADVANCED_DATAPATH"', "enable_private_nodes    = true",
                    'evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"', 'state    = "ENCRYPTED"',
                    "remove_default_node_pool = true", 'mode = "GKE_METADATA"', "enable_secure_boot          = true",
                    'image_type        = "COS_CONTAINERD"', "enable_intranode_visibility = true",
                    'enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]', "auto_repair  = true"):
        assert setting in module, setting
    tfvars = (project / "bootstrap" / "iacf.auto.tfvars").read_text()
    assert '"roles/container.clusterAdmin"' in tfvars and '"roles/container.clusterViewer"' in tfvars
    workload = tfvars[tfvars.index("workload_roles"):]
    assert '"roles/monitoring.metricWriter"' in workload and '"roles/editor"' not in tfvars
    assert '"container.googleapis.com"' in main and '"binaryauthorization.googleapis.com"' in main
    decisions = (project / "DECISIONS.md").read_text()
    for decision in ("gcp.k8s.gke", "gcp.k8s.private", "gcp.k8s.nodes", "gcp.k8s.workloads"):
        assert decision in decisions, decision
    assert "CIS GKE Benchmark" in decisions and "regional (europe-west9, three zones)" in decisions


def test_dev_is_zonal_with_a_public_endpoint_as_decisions(tmp_path: Path) -> None:
    generated_project(tmp_path, "A GKE Kubernetes cluster in dev on Google Cloud in Belgium", "dev")
    main = (tmp_path / "dev" / "main.tf").read_text()
    block = _block(main, 'module "k8s" {')  # "Kubernetes cluster" is the kind's words: its default id
    assert 'location            = "europe-west1-b"' in block and "private_endpoint    = false" in block
    assert "var.k8s_admin_networks" in block and "deletion_protection = false" in block
    assert 'variable "k8s_admin_networks"' in (tmp_path / "dev" / "variables.tf").read_text()
    decisions = (tmp_path / "dev" / "DECISIONS.md").read_text()
    assert decisions.count("a control deliberately off outside prod") == 2


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_every_gate_passes(project: Path) -> None:
    assert_every_gate_passes(project)


@pytest.mark.terraform
@pytest.mark.xdist_group("gcp")
def test_gke_module_mocked_test_runs(project: Path, tmp_path: Path) -> None:
    # the new module alone: the seed's verify test runs the others
    assert_module_tests_pass(project, "gke", "gcp", "google", 4, tmp_path)


@pytest.mark.parametrize(("params", "environment", "field"), [
    ("{regional: false}", "prod", "regional"),
    ("{release_channel: RAPID}", "prod", "release_channel"),
    ("{min_nodes: 4, max_nodes: 2}", "dev", "min_nodes"),
    ("{machine_type: t3.large}", "dev", "machine_type"),
    ("{node_count: 3}", "dev", "node_count"),
])
def test_bad_parameters_are_refused(tmp_path: Path, params: str, environment: str, field: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"project: k8sgke\ncloud: gcp\nenvironment: {environment}\ncomponents:\n"
                    f"  - kind: kubernetes_cluster\n    params: {params}\n")
    assert_refused(tmp_path / "out", spec, field)
