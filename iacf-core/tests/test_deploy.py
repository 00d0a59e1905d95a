"""The deploy-test harness of the toolkit, cloud-blind: a profile with no cloud at all, Terraform's built-in
``terraform_data`` resources, and the pieces (graph, progress, teardown, roots) on canned inputs."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest

from iacf_core.kernel.errors import IacfError
from iacf_core.kernel.reports import VerifyOptions
from iacf_core.toolkit.deploy import (
    DONE,
    INIT,
    OVERRIDE_FILE,
    REFRESHED,
    TEARDOWN_FILE,
    Change,
    EmulatorProfile,
    config_address,
    counter,
    dependents_of_unsupported,
    deploy,
    echo,
    graph_edges,
    override_file,
    teardown_overrides,
    tree_hash,
)
from iacf_core.toolkit.verify import root_modules, var_files, verify_project
from iacf_core.toolkit.tools import terraform_setup

# the built-in provider needs no installation: the whole harness runs without a cloud
BUILTIN = EmulatorProfile(
    name="nothing",
    provider_override=lambda endpoint: f"# no provider to point at {endpoint}\n",
    teardown={"terraform_data": {"input": "lifted"}},
    drift={("terraform_data", "input"): "never stored"},
)

PROJECT = {
    "main.tf": 'variable "step" {\n  type    = string\n  default = "one"\n}\n\n'
               'resource "terraform_data" "kept" {\n  input = "protected"\n}\n\n'
               'resource "terraform_data" "step" {\n  input = var.step\n}\n',
    "bootstrap/main.tf": 'resource "terraform_data" "state" {}\n',
    "bootstrap/terraform.tfvars.example": "",
    "modules/x/main.tf": "",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture
def terraform() -> None:
    if terraform_setup() is None:
        pytest.skip("terraform not installed")


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import tempfile

    where = tmp_path / "tmp"
    where.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(where))
    return where


def test_deploy_runs_every_stage_in_a_copy_and_lifts_protections(terraform: None, tmp_path: Path,
                                                                  private_tmp: Path) -> None:
    project = write(tmp_path / "p", PROJECT)
    before = tree_hash(project)
    seen: list[str] = []
    states: list[dict[str, object]] = []
    result = deploy(project, BUILTIN, "http://127.0.0.1:1", then={"step": "two"}, progress=seen.append,
                    after_apply=lambda where: states.append(json.loads((where / "terraform.tfstate").read_text())))
    assert result.ok and result.destroyed, result.message
    assert list(result.stages) == ["init", "plan", "apply", "replan", "destroy"]
    assert all(passed for passed, _s in result.stages.values())
    assert sorted(result.applied) == ["terraform_data.kept", "terraform_data.step"]
    assert result.lifted == ["terraform_data.kept", "terraform_data.step"]  # their input differs from "lifted"
    # the second step's variable reached the apply before the state was read
    (state,) = states
    inputs = {r["name"]: r["instances"][0]["attributes"]["input"]["value"]  # type: ignore[index]
              for r in state["resources"]}  # type: ignore[index]
    assert inputs == {"kept": "protected", "step": "two"}
    assert "terraform plan (step 2: step=two)" in seen and "terraform destroy" in seen
    assert tree_hash(project) == before and list(private_tmp.iterdir()) == []


def test_deploy_keep_leaves_the_copy_with_its_override(terraform: None, tmp_path: Path, private_tmp: Path) -> None:
    project = write(tmp_path / "p", PROJECT)
    result = deploy(project, BUILTIN, "http://e:1", root="bootstrap", destroy=False, keep=True,
                    var_files=("terraform.tfvars.example",))
    assert result.ok and not result.destroyed and result.applied == ["terraform_data.state"]
    kept = Path(result.workdir)
    assert kept.is_relative_to(private_tmp) and kept.name == "bootstrap"
    assert (kept / OVERRIDE_FILE).read_text() == override_file(BUILTIN, "http://e:1")
    assert not (kept / TEARDOWN_FILE).exists() and not (project / "bootstrap" / OVERRIDE_FILE).exists()


def test_deploy_reports_the_failed_stage(terraform: None, tmp_path: Path, private_tmp: Path) -> None:
    project = write(tmp_path / "p", {"main.tf": 'resource "terraform_data" "x" {\n  input = var.nowhere\n}\n'})
    result = deploy(project, BUILTIN, "http://e:1")
    assert not result.ok and result.stage == "plan" and "undeclared" in result.message.lower()
    assert list(private_tmp.iterdir()) == []


def test_verify_project_bad_input_and_the_profile_server(terraform: None, tmp_path: Path) -> None:
    project = write(tmp_path / "p", PROJECT)
    unavailable = EmulatorProfile(name="none", provider_override=lambda _e: "",
                                  unavailable=lambda: "the emulator is not installed: pip install it")
    with pytest.raises(IacfError, match="not installed: pip install it"):
        verify_project(project, VerifyOptions(cloud="x"), unavailable)
    started: list[str] = []

    @contextmanager
    def server():  # type: ignore[no-untyped-def]
        started.append("up")
        yield "http://127.0.0.1:9"
        started.append("down")

    profile = EmulatorProfile(name="builtin", provider_override=lambda _e: "", server=server,
                              version=lambda: "builtin 1.0")
    report = verify_project(project, VerifyOptions(cloud="x"), profile)
    assert started == ["up", "down"] and report.emulator == "builtin 1.0" and report.ok
    assert [r.root for r in report.roots] == ["bootstrap", "."]
    assert [s.status for s in report.roots[1].stages] == ["passed"] * 5


def test_root_modules_bootstrap_first_then_main(tmp_path: Path) -> None:
    for folder in ("bootstrap", "modules/rds", ".iacf", "docs"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "bootstrap" / "main.tf").write_text("")
    (tmp_path / "modules" / "main.tf").write_text("")
    (tmp_path / ".iacf" / "x.tf").write_text("")
    (tmp_path / "main.tf").write_text("")
    assert root_modules(tmp_path) == ["bootstrap", "."]


def test_variables_from_the_example_unless_the_user_wrote_tfvars(tmp_path: Path) -> None:
    assert var_files(tmp_path) == ()
    (tmp_path / "terraform.tfvars.example").write_text('domain_name = "app.example.com"\n')
    assert var_files(tmp_path) == ("terraform.tfvars.example",)
    (tmp_path / "terraform.tfvars").write_text('domain_name = "mine.example.com"\n')
    assert var_files(tmp_path) == ()  # terraform loads the user's own file from the copy


def test_tree_hash_sees_content_and_mode_but_not_tool_state(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": "x", "bootstrap/main.tf": ""})
    first = tree_hash(tmp_path)
    write(tmp_path, {".terraform/providers/x": "binary", "terraform.tfstate": "{}"})
    assert tree_hash(tmp_path) == first
    (tmp_path / "main.tf").chmod(0o600)
    assert tree_hash(tmp_path) != first


def test_emulator_drift_only_for_updates_of_known_attributes() -> None:
    known = {("t", "a"): "not stored"}
    assert Change("t.x", "t", ["update"], ["a"]).is_emulator_drift(known)
    assert not Change("t.x", "t", ["update"], ["a", "b"]).is_emulator_drift(known)
    assert not Change("t.x", "t", ["delete", "create"], ["a"]).is_emulator_drift(known)


def test_teardown_overrides_only_for_what_differs() -> None:
    plan = {"configuration": {"root_module": {"module_calls": {"m": {"source": "./modules/m", "module": {}}}}},
            "resource_changes": [
                {"address": "module.m.t_db.this", "mode": "managed", "type": "t_db", "name": "this",
                 "module_address": "module.m", "change": {"after": {"protect": True, "other": 1}}},
                {"address": "t_db.open", "mode": "managed", "type": "t_db", "name": "open",
                 "change": {"after": {"protect": False}}}]}
    files, lifted = teardown_overrides(plan, {"t_db": {"protect": False}})
    assert files == {"modules/m": "# Written by iacf for an emulator teardown; never part of the project.\n\n"
                                  'resource "t_db" "this" {\n  protect = false\n}\n'}
    assert lifted == ["module.m.t_db.this"]


GRAPH = '''digraph {
	compound = "true"
	subgraph "root" {
		"[root] x_cache.cache (expand)" -> "[root] x_group.cache (expand)"
		"[root] module.app.var.environment (expand)" -> "[root] x_cache.cache (expand)"
		"[root] module.app.x_task.this (expand)" -> "[root] module.app.var.environment (expand)"
		"[root] module.app.x_service.this (expand)" -> "[root] module.app.x_task.this (expand)"
		"[root] module.app.x_role.execution (expand)" -> "[root] module.app (expand)"
		"[root] module.app (close)" -> "[root] module.app.x_service.this (expand)"
		"[root] module.app (close)" -> "[root] module.app.x_role.execution (expand)"
		"[root] x_rule.in (expand)" -> "[root] x_group.cache (expand)"
	}
}
'''


def test_dependents_of_an_unsupported_resource_are_left_out_of_the_targets() -> None:
    changes = [{"address": a, "type": a.rsplit(".", 2)[-2]} for a in (
        "x_cache.cache", "x_group.cache", "x_rule.in", "module.app.x_task.this", "module.app.x_service.this",
        "module.app.x_role.execution")]
    assert config_address('module.a["x"].aws_b.c[0]') == "module.a.aws_b.c"
    reason = "depends on x_cache, which the emulator cannot create"
    # transitively through a module variable; a module's (close) node is not the module's resources
    assert dependents_of_unsupported(changes, graph_edges(GRAPH), {"x_cache"}) == {
        "module.app.x_service.this": reason, "module.app.x_task.this": reason}
    assert dependents_of_unsupported(changes[1:], graph_edges(GRAPH), {"x_cache"}) == {}


def test_progress_counts_the_resources_terraform_reports_done() -> None:
    seen: list[str] = []
    wanted = ["module.q.x_queue.this", 'module.q.x_key.this["a"]']
    on_line = counter(seen.append, "terraform apply", wanted, DONE)
    for line in ("module.q.x_queue.this: Creating...",
                 "module.q.x_queue.this: Still creating... [10s elapsed]",
                 "module.q.x_queue.this: Creation complete after 12s [id=https://q]",
                 "module.q.data.x_policy.x: Read complete after 0s [id=1]",
                 "module.other.x_bucket.b: Creation complete after 1s [id=b]",
                 'module.q.x_key.this["a"]: Modifications complete after 1s [id=k]',
                 "module.q.x_queue.this: Creation complete after 12s [id=https://q]"):
        on_line(line)
    assert seen == ["terraform apply: 1/2 resources", "terraform apply: 2/2 resources"]
    refreshed: list[str] = []
    counter(refreshed.append, "terraform plan", wanted, REFRESHED, "refreshed")(
        "module.q.x_queue.this: Refreshing state... [id=https://q]")
    assert refreshed == ["terraform plan: 1/2 refreshed"]
    steps: list[str] = []
    on_init = echo(steps.append, "terraform init", INIT)
    for line in ("Initializing the backend...", "", "Initializing provider plugins...",
                 "- Installing hashicorp/x v1.0.0...", "Terraform has been successfully initialized!"):
        on_init(line)
    assert steps == ["terraform init: Initializing the backend...", "terraform init: Initializing provider plugins...",
                     "terraform init: - Installing hashicorp/x v1.0.0..."]
