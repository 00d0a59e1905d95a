"""Connections on AWS, pair by pair: each one is its own IAM statements on exact ARNs (and the data key only through
that resource's service), its environment variables and, for a database or a cache, its security group rules;
removing a connection removes exactly those. Rules: a worker consumes a queue, an HTTP API's code is its
function's, a function is triggered only by a bucket it reads."""

from __future__ import annotations

import re
from typing import Any

import pytest

from iacf_core import Spec
from iacf_core.kernel.errors import SpecError
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack, generate
from iacf_core.kernel.plugins import Plugins


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


COMPONENTS: list[dict[str, Any]] = [
    {"kind": "web_app", "params": {"framework": "django"}},
    {"kind": "relational_database"},
    {"kind": "cache"},
    {"kind": "function", "name": "resize"},
    {"kind": "function", "name": "report"},
    {"kind": "worker"},
    {"kind": "queue", "name": "jobs"},
    {"kind": "topic", "name": "events"},
    {"kind": "nosql_table", "name": "orders"},
    {"kind": "object_storage", "name": "uploads"},
]
CONNECTIONS = [
    ("app", "db", "connect"), ("app", "cache", "connect"), ("app", "orders", "read_write"),
    ("app", "uploads", "write"), ("app", "jobs", "send"), ("app", "resize", "invoke"),
    ("resize", "uploads", "read"), ("report", "orders", "read"), ("report", "db", "connect"),
    ("report", "events", "publish"), ("worker", "jobs", "consume"),
]


def render(plugins: Plugins, connections: list[tuple[str, str, str]], components: list[dict] | None = None,
           env: str = "dev") -> str:
    spec = Spec.model_validate({
        "project": "shop", "cloud": "aws", "environment": env, "components": components or COMPONENTS,
        "connections": [{"from": s, "to": t, "access": a} for s, t, a in connections]})
    result = generate(spec, plugins, None)
    return next(f.content for f in result.files if f.path == "main.tf")


def blocks(main: str) -> dict[str, str]:
    """Top-level blocks of main.tf by address (``module.app``, ``aws_iam_role_policy.resize``)."""
    found = {}
    for match in re.finditer(r'^(resource|module|data) "([^"]+)"(?: "([^"]+)")? \{\n.*?^\}', main, re.M | re.S):
        kind, first, second = match.groups()
        address = f"module.{first}" if kind == "module" else f"{'data.' if kind == 'data' else ''}{first}.{second}"
        found[address] = match.group(0)
    return found


def statements(block: str) -> dict[str, str]:
    """The policy statements of a block, by Sid, each as its text."""
    return {m.group(1): m.group(0) for m in re.finditer(r'\{\s*Sid\s+= "([A-Za-z0-9]+)".*?\n\s*\},', block, re.S)}


def policies(main: str) -> dict[str, dict[str, str]]:
    """Every role's statements: the Lambda roles' inline policies and the web app's task role."""
    found = {}
    for address, block in blocks(main).items():
        if address.startswith("aws_iam_role_policy.") or (address.startswith("module.")
                                                          and "task_role_policy_json" in block):
            found[address] = statements(block)
    return found


@pytest.fixture(scope="module")
def full(plugins: Plugins) -> str:
    return render(plugins, CONNECTIONS)


def test_each_connection_is_its_statements_on_exact_arns(full):
    roles = policies(full)
    app = roles["module.app"]
    assert set(app) == {"InvokeResize", "ReadWriteOrders", "WriteUploadsObjects", "SendToJobs", "DataKey",
                        "ConnectToDbAsItsOwnUser", "ConnectToCacheAsItsOwnUser"}
    assert re.search(r'Action\s+= \["s3:DeleteObject", "s3:PutObject"\]\s+Resource = "\$\{module\.uploads\.bucket_arn'
                     r'\}/\*"', app["WriteUploadsObjects"]), "write is no read: no GetObject, no ListBucket"
    assert re.search(r'Resource = \[aws_lambda_function\.resize\.arn, "\$\{aws_lambda_function\.resize\.arn\}:\*"\]',
                     app["InvokeResize"])
    report = roles["aws_iam_role_policy.report"]
    assert re.search(r'Action\s+= \["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"\]', report["ReadOrders"])
    assert "Scan" not in full and "PutItem" not in report["ReadOrders"]
    assert "ConnectToDbAsItsOwnUser" in report and "ConsumeJobs" in roles["aws_iam_role_policy.worker"]
    assert not any("Credentials" in sid or "AuthToken" in sid for found in roles.values() for sid in found)
    # the data key: only the actions the levels need, only through the connected resources' services
    assert re.search(r'Action\s+= \["kms:Decrypt", "kms:GenerateDataKey"\]', app["DataKey"])
    assert '["dynamodb.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com", ' \
           '"sqs.${local.region}.amazonaws.com"]' in app["DataKey"]
    resize = roles["aws_iam_role_policy.resize"]
    assert '"kms:ViaService" = ["s3.${local.region}.amazonaws.com", "sqs.${local.region}.amazonaws.com"]' \
        in resize["DataKey"], "s3 for the bucket it reads, sqs for its dead-letter queue"
    for role, found in roles.items():
        for sid, text in found.items():
            assert 'Resource = "*"' not in text or sid == "Tracing" or "Describe" in sid, (role, sid)


@pytest.mark.parametrize("removed", CONNECTIONS, ids=["-".join(c) for c in CONNECTIONS])
def test_removing_a_connection_removes_exactly_its_statements(plugins, full, removed):
    source, target, access = removed
    without = render(plugins, [c for c in CONNECTIONS if c != removed])
    before, after = policies(full), policies(without)
    role = "module.app" if source == "app" else f"aws_iam_role_policy.{source}"
    for other in before:
        if other != role:
            assert before[other] == after.get(other, {}), f"{other} changed when {removed} was removed"
    if removed == ("worker", "jobs", "consume"):  # a worker consumes a queue whatever the list says (a rule)
        assert before[role] == after[role]
        return
    camel = target.replace("_", " ").title().replace(" ", "")
    gone = {sid for sid in set(before[role]) - set(after.get(role, {}))}
    changed = {sid for sid in set(before[role]) & set(after.get(role, {})) if before[role][sid] != after[role][sid]}
    if target in ("db", "cache"):  # reached on the network: its own IAM-authenticated user at most
        assert gone <= {f"ConnectTo{camel}AsItsOwnUser", "VpcNetworkInterfaces", "DescribeNetworkInterfaces"}
    else:
        assert gone and all(camel in sid for sid in gone), gone
        assert changed <= {"DataKey"}, changed
    # the environment names only connected components
    variable = {"db": "DB_HOST", "cache": "CACHE_HOST", "orders": "ORDERS_TABLE", "uploads": "UPLOADS_BUCKET",
                "jobs": "JOBS_URL", "events": "EVENTS_ARN", "resize": "RESIZE_FUNCTION"}[target]
    block = "module.app" if source == "app" else f"aws_lambda_function.{source}"
    assert variable in blocks(full)[block] and variable not in blocks(without)[block]


def test_only_connected_data_stores_open_their_security_groups(plugins, full):
    app_rules = blocks(full)["module.app_security_group_rules"]
    assert "db    = {" in app_rules and "cache = {" in app_rules
    found = blocks(full)
    assert "aws_vpc_security_group_ingress_rule.db_from_report" in found
    assert "aws_vpc_security_group_ingress_rule.cache_from_report" not in found, "report is not connected to it"
    assert "vpc_config {" in found["aws_lambda_function.report"]
    assert "vpc_config {" not in found["aws_lambda_function.resize"], "no private data tier connected: no VPC"
    without = blocks(render(plugins, [c for c in CONNECTIONS if c[:2] != ("app", "cache")]))
    assert "cache" not in without["module.app_security_group_rules"]
    assert "CACHE_AUTH_TOKEN" not in without["module.app"]


def test_a_function_is_triggered_only_by_a_bucket_it_reads_and_nobody_invokes(plugins, full):
    assert "aws_cloudwatch_event_rule.resize_uploads" not in blocks(full), "the app invokes resize"
    free = render(plugins, [c for c in CONNECTIONS if c != ("app", "resize", "invoke")])
    assert "aws_cloudwatch_event_rule.resize_uploads" in blocks(free)
    writer = render(plugins, [("resize", "uploads", "write")], COMPONENTS[3:4] + COMPONENTS[9:])
    assert "aws_cloudwatch_event_rule" not in writer, "a bucket the function only writes would loop"


def test_a_worker_with_no_queue_linked_consumes_the_first_and_says_so(plugins):
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "components": COMPONENTS,
                                "connections": [{"from": "app", "to": "jobs", "access": "send"}]})
    stack = build_stack(spec, plugins)
    assert [(c.target, c.access) for c in stack.grants("worker")] == [("jobs", "consume")]
    assert stack.components["worker"].params["source_queues"] == ["jobs"]
    assert any(d.id == "aws.worker.source" for d in stack.decisions)


def test_a_function_that_consumes_a_queue_is_fed_by_it(plugins):
    main = render(plugins, [("resize", "jobs", "consume")], [COMPONENTS[3], COMPONENTS[6]])
    mapping = blocks(main)["aws_lambda_event_source_mapping.resize"]
    assert "event_source_arn        = aws_sqs_queue.jobs.arn" in mapping


def test_an_http_api_uses_what_its_function_uses(plugins):
    spec = Spec.model_validate({"project": "shop", "cloud": "aws", "components": [
        {"kind": "http_api"}, {"kind": "function", "name": "a"}, {"kind": "function", "name": "b"},
        {"kind": "nosql_table", "name": "orders"}],
        "connections": [{"from": "api", "to": "b", "access": "invoke"},
                        {"from": "api", "to": "orders", "access": "read"}]})
    stack = build_stack(spec, plugins)
    assert stack.components["api"].params["target"] == "b"
    assert [(c.target, c.access) for c in stack.grants("b")] == [("orders", "read")]
    assert stack.grants("a") == [] and [c.target for c in stack.grants("api")] == ["b"]
    assert any(d.id == "aws.api.code" for d in stack.decisions)
    two = spec.model_copy(update={"connections": [*spec.connections[:1], spec.connections[0].of("api", "a", "invoke")]})
    with pytest.raises(SpecError, match="an HTTP API routes to one function"):
        build_stack(two, plugins)


def test_a_request_with_verbs_generates_what_it_says(plugins):
    parsed = parse_request("An API that reads the orders table and publishes to the events topic, and a worker "
                           "that consumes the jobs queue, on AWS", plugins.registry)
    stack = build_stack(parsed.spec, plugins, parsed.defaults, notes=parsed.notes)
    assert [(c.source, c.target, c.access) for c in stack.connections] == [
        ("app", "orders", "read"), ("app", "events", "publish"), ("worker", "jobs", "consume")]
    result = generate(parsed.spec, plugins, None, notes=parsed.notes)
    main = next(f.content for f in result.files if f.path == "main.tf")
    app = policies(main)["module.app"]
    assert set(app) == {"ReadOrders", "PublishToEvents", "DataKey"}
    assert set(policies(main)["aws_iam_role_policy.worker"]) >= {"ConsumeJobs"}
    assert "SendToJobs" not in main, "nobody is said to send to the jobs queue"
    readme = next(f.content for f in result.files if f.path == "README.md")
    assert "| `app` | `orders` | read |" in readme and "app -->|read| orders" in readme


def test_no_link_two_functions_one_table_is_a_decision_shown_by_parse(iacf_cli):
    res = iacf_cli("parse", "Une fonction Lambda, une tâche planifiée et une table DynamoDB sur AWS")
    assert res.exit_code == 0, res.stderr
    assert "# connections (2: who may use what):" in res.stdout
    assert "#   fn -> table (read_write)" in res.stdout and "#   job -> table (read_write)" in res.stdout
    assert "Each component that runs code uses every data store: no link was stated [least-privilege]" in res.stdout


def test_spec_connection_errors_exit_2_one_line_each(iacf_cli, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("project: shop\ncloud: aws\ncomponents:\n  - kind: function\n  - kind: topic\n"
                    "connections:\n  - {from: fn, to: topics, access: publish}\n  - {from: fn, to: topic, access: read}\n"
                    "  - {from: topic, to: fn, access: invoke}\n")
    res = iacf_cli("generate", "--spec", str(path), "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert "connections[0] (fn -> topics, publish): no component is named 'topics'; did you mean 'topic'?" in lines[0]
    assert "connections[1] (fn -> topic, read): topic (topic) accepts publish, not read" in lines[1]
    assert "connections[2] (topic -> fn, invoke): topic (topic) runs no code" in lines[2]
