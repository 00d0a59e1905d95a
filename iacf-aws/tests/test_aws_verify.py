"""The AWS side of ``iacf verify`` that needs neither terraform nor moto: roots, variables, teardown, input."""

from __future__ import annotations

import json

import pytest

from iacf_aws import verify as aws_verify
from iacf_aws.emulator import teardown_overrides


def test_root_modules_bootstrap_first_then_main(tmp_path):
    for folder in ("bootstrap", "modules/rds", ".iacf", "docs"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "bootstrap" / "main.tf").write_text("")
    (tmp_path / "modules" / "main.tf").write_text("")
    (tmp_path / ".iacf" / "x.tf").write_text("")
    (tmp_path / "main.tf").write_text("")
    assert aws_verify.root_modules(tmp_path) == ["bootstrap", "."]


def test_variables_from_the_example_unless_the_user_wrote_tfvars(tmp_path):
    assert aws_verify.var_files(tmp_path) == ()
    (tmp_path / "terraform.tfvars.example").write_text('domain_name = "app.example.com"\n')
    assert aws_verify.var_files(tmp_path) == ("terraform.tfvars.example",)
    (tmp_path / "terraform.tfvars").write_text('domain_name = "mine.example.com"\n')
    assert aws_verify.var_files(tmp_path) == ()  # terraform loads the user's own file from the copy


def change(address, rtype, name, module="", **after):
    return {"address": address, "mode": "managed", "type": rtype, "name": name, "module_address": module or None,
            "change": {"actions": ["create"], "after": after}}


def test_teardown_overrides_land_in_each_module_folder():
    plan = {
        "configuration": {"root_module": {"module_calls": {
            "db": {"source": "./modules/rds", "module": {}},
            "state": {"source": "./modules/state_backend", "module": {"module_calls": {
                "logs": {"source": "../s3_bucket"}}}},
            "remote": {"source": "terraform-aws-modules/vpc/aws"},
        }}},
        "resource_changes": [
            change("module.db.aws_db_instance.this", "aws_db_instance", "this", "module.db",
                   deletion_protection=True, skip_final_snapshot=False),
            change("module.state.aws_dynamodb_table.lock[0]", "aws_dynamodb_table", "lock", "module.state",
                   deletion_protection_enabled=True),
            change('module.state.module.logs["a"].aws_s3_bucket.this', "aws_s3_bucket", "this",
                   'module.state.module.logs["a"]', force_destroy=False),
            change("aws_s3_bucket.open", "aws_s3_bucket", "open", force_destroy=True),  # nothing to lift
            change("aws_lb.alb", "aws_lb", "alb", enable_deletion_protection=True),
            change("aws_lb.skipped", "aws_lb", "skipped", enable_deletion_protection=True),
            change("module.remote.aws_lb.x", "aws_lb", "x", "module.remote", enable_deletion_protection=True),
        ],
    }
    files, lifted = teardown_overrides(plan, exclude={"aws_lb.skipped"})
    assert sorted(files) == [".", "modules/rds", "modules/s3_bucket", "modules/state_backend"]
    assert 'resource "aws_db_instance" "this" {\n  deletion_protection = false\n  skip_final_snapshot = true\n}' \
        in files["modules/rds"]
    assert 'resource "aws_dynamodb_table" "lock" {\n  deletion_protection_enabled = false\n}' \
        in files["modules/state_backend"]
    assert 'resource "aws_s3_bucket" "this" {\n  force_destroy = true\n}' in files["modules/s3_bucket"]
    assert '"alb"' in files["."] and '"open"' not in files["."] and '"skipped"' not in files["."]
    assert lifted == sorted(["module.db.aws_db_instance.this", "module.state.aws_dynamodb_table.lock[0]",
                             'module.state.module.logs["a"].aws_s3_bucket.this', "aws_lb.alb"])


@pytest.fixture
def aws_project(tmp_path):
    (tmp_path / ".iacf").mkdir()
    (tmp_path / ".iacf" / "manifest.json").write_text(json.dumps({"spec": {"cloud": "aws"}}))
    (tmp_path / "main.tf").write_text("")
    return tmp_path


def test_moto_not_installed_exit_2_with_the_pip_command(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setattr(aws_verify, "terraform_setup", lambda: object())
    monkeypatch.setattr(aws_verify, "moto_missing", lambda: True)
    res = iacf_cli("verify", str(aws_project))
    assert res.exit_code == 2
    assert res.stderr == "iacf: error: the local AWS emulator (moto) is not installed: " \
                         "pip install 'iacf-aws[emulator]'\n"


def test_unreachable_endpoint_exit_2(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setattr(aws_verify, "terraform_setup", lambda: object())
    from iacf_aws.emulator import free_port

    res = iacf_cli("verify", str(aws_project), "--endpoint", f"http://127.0.0.1:{free_port()}")
    assert res.exit_code == 2 and res.stderr.startswith("iacf: error: no emulator answers at http://127.0.0.1:")
    assert res.stderr.count("\n") == 1


def test_terraform_missing_exit_2(iacf_cli, aws_project, monkeypatch):
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")
    monkeypatch.setenv("PATH", "/nonexistent")
    res = iacf_cli("verify", str(aws_project))
    assert res.exit_code == 2 and "terraform not found" in res.stderr


GRAPH = '''digraph {
	compound = "true"
	subgraph "root" {
		"[root] aws_elasticache_replication_group.cache (expand)" -> "[root] aws_security_group.cache (expand)"
		"[root] module.app.var.environment (expand)" -> "[root] aws_elasticache_replication_group.cache (expand)"
		"[root] module.app.aws_ecs_task_definition.this (expand)" -> "[root] module.app.var.environment (expand)"
		"[root] module.app.aws_ecs_service.this (expand)" -> "[root] module.app.aws_ecs_task_definition.this (expand)"
		"[root] module.app.aws_iam_role.execution (expand)" -> "[root] module.app (expand)"
		"[root] module.app (close)" -> "[root] module.app.aws_ecs_service.this (expand)"
		"[root] module.app (close)" -> "[root] module.app.aws_iam_role.execution (expand)"
		"[root] aws_vpc_security_group_ingress_rule.in (expand)" -> "[root] aws_security_group.cache (expand)"
	}
}
'''


def test_dependents_of_an_unsupported_resource_are_left_out_of_the_targets():
    from iacf_aws.emulator import config_address, dependents_of_unsupported, graph_edges

    changes = [{"address": a, "type": t} for a, t in (
        ("aws_elasticache_replication_group.cache", "aws_elasticache_replication_group"),
        ("aws_security_group.cache", "aws_security_group"),
        ("aws_vpc_security_group_ingress_rule.in", "aws_vpc_security_group_ingress_rule"),
        ("module.app.aws_ecs_task_definition.this", "aws_ecs_task_definition"),
        ("module.app.aws_ecs_service.this", "aws_ecs_service"),
        ("module.app.aws_iam_role.execution", "aws_iam_role"),
    )]
    assert config_address('module.a["x"].aws_b.c[0]') == "module.a.aws_b.c"
    reason = "depends on aws_elasticache_replication_group, which the emulator cannot create"
    # transitively through a module variable; a module's (close) node is not the module's resources
    assert dependents_of_unsupported(changes, graph_edges(GRAPH)) == {
        "module.app.aws_ecs_service.this": reason, "module.app.aws_ecs_task_definition.this": reason}
    assert dependents_of_unsupported(changes[1:], graph_edges(GRAPH)) == {}


def test_progress_counts_the_resources_terraform_reports_done():
    from iacf_aws.emulator import _DONE, _INIT, _REFRESHED, counter, echo

    seen: list[str] = []
    wanted = ["module.q.aws_sqs_queue.this", 'module.q.aws_kms_key.this["a"]']
    on_line = counter(seen.append, "terraform apply", wanted, _DONE)
    for line in ("module.q.aws_sqs_queue.this: Creating...",
                 "module.q.aws_sqs_queue.this: Still creating... [10s elapsed]",
                 "module.q.aws_sqs_queue.this: Creation complete after 12s [id=https://q]",
                 "module.q.data.aws_iam_policy_document.x: Read complete after 0s [id=1]",
                 "module.other.aws_s3_bucket.b: Creation complete after 1s [id=b]",
                 'module.q.aws_kms_key.this["a"]: Modifications complete after 1s [id=k]',
                 "module.q.aws_sqs_queue.this: Creation complete after 12s [id=https://q]"):
        on_line(line)
    assert seen == ["terraform apply: 1/2 resources", "terraform apply: 2/2 resources"]
    refreshed: list[str] = []
    counter(refreshed.append, "terraform plan", wanted, _REFRESHED, "refreshed")(
        "module.q.aws_sqs_queue.this: Refreshing state... [id=https://q]")
    assert refreshed == ["terraform plan: 1/2 refreshed"]
    steps: list[str] = []
    on_init = echo(steps.append, "terraform init", _INIT)
    for line in ("Initializing the backend...", "", "Initializing provider plugins...",
                 "- Installing hashicorp/aws v5.100.0...", "Terraform has been successfully initialized!"):
        on_init(line)
    assert steps == ["terraform init: Initializing the backend...", "terraform init: Initializing provider plugins...",
                     "terraform init: - Installing hashicorp/aws v5.100.0..."]
