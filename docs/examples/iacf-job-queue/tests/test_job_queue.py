"""The plugin's own tests, with the fixtures iacf-core gives plugin authors (`iacf_plugins`, `iacf_cli`)."""

from __future__ import annotations

import json


def test_the_installed_plugin_is_found_through_its_entry_point(iacf_plugins):
    plugins = iacf_plugins()  # entry points only, as the `iacf` command loads them
    info = next(i for i in plugins.infos() if i.name == "job_queue")
    assert info.distribution == "iacf-job-queue"
    registry = plugins.registry
    assert registry.kinds["job_queue"].clouds == ("aws",)
    assert registry.terms[("job", "queue")].value == "job_queue"


def test_request_renders_the_queue_and_records_decisions(iacf_cli, tmp_path):
    out = tmp_path / "out"
    res = iacf_cli("generate", "Django app with a job queue on AWS", "--out", str(out), "--no-validate", "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert {"id": "jobs", "kind": "job_queue"}.items() <= next(c for c in data["components"]
                                                               if c["kind"] == "job_queue").items()
    assert {"job_queue.jobs.dead-letter", "job_queue.jobs.kms"} <= {d["id"] for d in data["decisions"]}
    tf = (out / "jobs.tf").read_text()
    assert 'resource "aws_sqs_queue" "jobs_dead_letter"' in tf and "maxReceiveCount     = 5" in tf
    assert "Dead-letter queue for jobs" in (out / "DECISIONS.md").read_text()


def test_only_its_own_kind_and_cloud_reach_it(iacf_plugins):
    plugins = iacf_plugins()  # core routes by ownership: the plugin owns job_queue@aws and nothing else
    assert plugins.called_on("iacf_render_module", "aws", kind="job_queue")[0] == "job_queue"
    assert "job_queue" not in plugins.called_on("iacf_render_module", "aws", kind="web_app")
    assert "job_queue" in plugins.called_on("iacf_resolve_dependencies", "aws")
    assert "job_queue" not in plugins.called_on("iacf_resolve_dependencies", "azure")


def test_parameters_are_typed(iacf_cli, tmp_path):
    spec = tmp_path / "spec.yaml"
    head = "project: demo\ncloud: aws\ncomponents:\n  - kind: web_app\n  - kind: job_queue\n"
    spec.write_text(head + "    params: {max_receives: 3}\n")
    out = tmp_path / "out"
    res = iacf_cli("generate", "--spec", str(spec), "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    assert "maxReceiveCount     = 3" in (out / "jobs.tf").read_text()
    spec.write_text(head + "    params: {max_receive: 3}\n")
    res = iacf_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "bad"), "--no-validate")
    assert res.exit_code == 2 and "did you mean 'max_receives'?" in res.stderr
