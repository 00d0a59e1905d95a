"""DECISIONS.md says exactly what each decision did: the resource addresses it produced or configured (read from
the rendered HCL), in prose with no doubled word, naming no service the stack does not have and no policy that
does not exist. Scanned over many stacks: every kind, every environment, with and without a policy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from iacf_core.engine import docs
from iacf_core.toolkit.addresses import Address
from iacf_core.kernel.models import ComponentRequest, Spec, Stack
from iacf_core.engine.pipeline import build_stack, render_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.kernel.policy import Policy
from iacf_core.request.policyfile import load_policy
from iacf_core.kernel.rendering import Renderer


def comp(kind: str, name: str | None = None, **params: str) -> ComponentRequest:
    return ComponentRequest(kind=kind, name=name, params=params)


# (environment, components, policy): together they use every kind the AWS plugin renders
STACKS: dict[str, tuple[str, list[ComponentRequest], str | None]] = {
    "web-prod": ("prod", [comp("web_app", framework="django"), comp("relational_database", engine="postgres")],
                 None),
    "web-generic-dev": ("dev", [comp("web_app")], None),
    "web-data-staging": ("staging", [comp("web_app", framework="rails"), comp("relational_database",
                                     engine="mysql"), comp("object_storage"), comp("queue"), comp("topic")], None),
    "two-apps-dev": ("dev", [comp("web_app", "api", framework="fastapi"), comp("web_app", "admin",
                             framework="nextjs"), comp("cache", engine="redis")], None),
    "aurora-prod": ("prod", [comp("web_app", framework="spring"), comp("relational_database",
                             engine="aurora-postgresql"), comp("cache")], "policy"),
    "serverless-dev": ("dev", [comp("http_api"), comp("function"), comp("nosql_table")], None),
    "serverless-prod": ("prod", [comp("http_api"), comp("nosql_table"), comp("topic")], "policy"),
    "jobs-staging": ("staging", [comp("worker"), comp("scheduled_job"), comp("function", "thumbs"),
                                 comp("object_storage")], None),
    "fn-db-dev": ("dev", [comp("function"), comp("relational_database")], None),
    "db-only-dev": ("dev", [comp("relational_database", engine="mariadb")], None),
    "storage-only-prod": ("prod", [comp("object_storage")], None),
    "queue-only-dev": ("dev", [comp("queue")], None),
    "site-prod": ("prod", [comp("static_site")], None),
    "site-api-dev": ("dev", [comp("static_site"), comp("http_api"), comp("function")], "policy"),
}

POLICY = """\
owner = "team-payments"
cost_center = "cc-4242"

[terraform]
version = "1.11"

[budget]
monthly_amount = 900

[logs]
retention_days = { dev = 14, staging = 90, prod = 731 }

[account_baseline]
provided = ["audit-trail", "threat-detection"]
"""


@dataclass
class Generated:
    stack: Stack
    files: dict[str, str]
    addresses: dict[str, list[Address]] = field(default_factory=dict)


@cache
def plugins() -> Plugins:
    return Plugins()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    policy_file = tmp_path_factory.mktemp("policy") / "iacf.toml"
    policy_file.write_text(POLICY)
    out: dict[str, Generated] = {}
    real = docs.affected
    for name, (env, components, policy) in STACKS.items():
        captured: dict[str, list[Address]] = {}

        def spy(*args, _into=captured, **kwargs):  # type: ignore[no-untyped-def]
            _into.update(real(*args, **kwargs))
            return _into

        spec = Spec(project="demo", cloud="aws", environment=env, components=components)  # type: ignore[arg-type]
        stack = build_stack(spec, plugins(), policy=load_policy(policy_file) if policy else Policy())
        docs.affected = spy  # type: ignore[assignment]
        try:
            files = render_stack(stack, plugins(), Renderer(plugins().registry))
        finally:
            docs.affected = real  # type: ignore[assignment]
        out[name] = Generated(stack, {f.path: f.content for f in files if f.encoding == "utf-8"}, captured)
    return out


# -- exact resources -----------------------------------------------------------------------------------------


def declared_in(files: dict[str, str]) -> set[str]:
    """Every ``<type>.<name>`` declared anywhere in the project (root, modules, bootstrap)."""
    found = set()
    for path, text in files.items():
        if path.endswith(".tf"):
            found.update(f"{t}.{n}" for t, n in re.findall(r'^resource\s+"([a-z0-9_]+)"\s+"([a-z0-9_]+)"', text,
                                                             re.M))
    return found


def test_each_decision_lists_its_own_resources_read_from_the_hcl(generated):
    for name, gen in generated.items():
        declared = declared_in(gen.files)
        decisions_md = gen.files["DECISIONS.md"]
        for decision in gen.stack.decisions:
            found = gen.addresses.get(decision.id, [])
            if decision.components:
                assert found, f"{name}: {decision.id} lists no resource"
            for address in found:
                assert address.resource in declared, f"{name}: {decision.id} lists {address.address}, not declared"
                assert f"`{address.address}`" in decisions_md


def test_resources_of_the_seed_decisions(generated):
    gen = generated["web-prod"]
    listed = {d: [a.address for a in found] for d, found in gen.addresses.items()}
    assert listed["aws.db.multi-az"] == ["module.db.aws_db_instance.this"]
    assert listed["aws.app.ecr"] == ["module.app.aws_ecr_lifecycle_policy.this", "module.app.aws_ecr_repository.this"]
    assert listed["aws.edge.waf"] == [f"module.waf.{r}" for r in (
        "aws_cloudwatch_log_group.this", "aws_cloudwatch_log_resource_policy.this", "aws_wafv2_web_acl.this",
        "aws_wafv2_web_acl_association.this", "aws_wafv2_web_acl_logging_configuration.this")]
    assert "module.network.aws_flow_log.this" in listed["aws.network.vpc"]  # it added the network: all of it
    assert {a.root for a in gen.addresses["aws.state.locking"]} == {"bootstrap"}
    assert listed["aws.state.locking"] == ["module.state_backend.aws_dynamodb_table.lock",
                                           "module.state_backend.aws_s3_bucket.state"]
    # a project-wide decision: every log group of the project, wherever it is
    assert "module.governance.aws_cloudwatch_log_group.cloudtrail" in listed["aws.logs.retention"]
    assert "- **Resources affected:** in `bootstrap/`: `module.state_backend.aws_dynamodb_table.lock`" \
        in gen.files["DECISIONS.md"]


def test_every_scope_pattern_matches_something(generated):
    """A pattern that matches nothing in any stack is stale (a renamed resource, a removed decision)."""
    from iacf_aws.scopes import SCOPES

    def used(pattern: str) -> bool:
        return any(a.matches(pattern.replace("{component}", c))
                   for gen in generated.values() for d in gen.stack.decisions if pattern in d.resources
                   for c in (d.components or [""]) for a in gen.addresses.get(d.id, []))

    stale = [f"{key}: {pattern}" for key, patterns in SCOPES.items() for pattern in patterns if not used(pattern)]
    assert not stale


# -- wording -------------------------------------------------------------------------------------------------

CODE_SPAN = re.compile(r"`[^`\n]*`")
DOUBLED = re.compile(r"\b([A-Za-z][A-Za-z'-]*)\s+\1\b", re.IGNORECASE)
# prose written into the code: comments and descriptions
TF_PROSE = re.compile(r'^\s*#\s?(?P<comment>.*)$|\b(?:description|comment)\s*=\s*"(?P<text>[^"]*)"', re.M)


def prose(files: dict[str, str]) -> dict[str, str]:
    out = {}
    for path, text in files.items():
        if path.endswith(".md"):
            out[path] = CODE_SPAN.sub(" ", text)
        elif path.endswith((".tf", ".tfvars", ".example")):
            out[path] = "\n".join(m["comment"] or m["text"] or "" for m in TF_PROSE.finditer(text))
    return out


def test_no_doubled_word_in_the_docs_and_the_code(generated):
    doubled = []
    for name, gen in generated.items():
        for path, text in prose(gen.files).items():
            for line in text.splitlines():
                doubled += [f"{name}/{path}: {m[0]!r} in {line.strip()[:140]!r}" for m in DOUBLED.finditer(line)]
    assert not doubled, "\n".join(doubled[:40])


def kinds(stack: Stack) -> set[str]:
    return {c.kind for c in stack.components.values()}


def engines(stack: Stack) -> set[str]:
    return {str(c.params.get("engine", "")) for c in stack.components.values()}


FUNCTIONS = {"function", "worker", "scheduled_job"}
# a service named in a decision's title, reason or trigger, or in the code's prose, must be in the stack
SERVICES: dict[str, object] = {
    r"\bRDS\b": lambda s: "relational_database" in kinds(s),
    r"\bAurora\b": lambda s: any(e.startswith("aurora") for e in engines(s)),
    r"\bPerformance Insights\b": lambda s: "relational_database" in kinds(s),
    # a database's users are created by a one-off ECS Fargate task (module db_users)
    r"\b(?:ECS|Fargate|ECR)\b": lambda s: bool({"web_app", "relational_database"} & kinds(s)),
    r"\b(?:ALB|[Ll]oad [Bb]alancer)\b": lambda s: "load_balancer" in kinds(s),
    r"\bLambda\b": lambda s: bool(FUNCTIONS & kinds(s)),
    r"\bDynamoDB\b": lambda s: "nosql_table" in kinds(s)
    or (s.components.get("state") is not None and s.components["state"].params.get("lock_mode") != "lockfile"),
    r"\bSQS\b": lambda s: bool({"queue", *FUNCTIONS} & kinds(s)),
    r"\bSNS\b": lambda s: bool({"topic", "account_baseline"} & kinds(s)),
    r"\b(?:ElastiCache|Valkey)\b": lambda s: "cache" in kinds(s),
    r"\bCloudFront\b": lambda s: "static_site" in kinds(s),
    r"\bAPI Gateway\b": lambda s: "http_api" in kinds(s),
    r"\bEventBridge\b": lambda s: "scheduled_job" in kinds(s) or any(
        c.params.get("trigger_bucket") for c in s.components.values()) or bool(_findings(s)),
    r"\bWAF\b": lambda s: bool({"load_balancer", "static_site"} & kinds(s)),
}


def _findings(stack: Stack) -> list[str]:
    from iacf_aws.notifications import findings  # the detectors whose findings EventBridge rules forward

    return findings(stack)


def absent_services(stack: Stack, text: str) -> list[str]:
    return [pattern for pattern, present in SERVICES.items()
            if re.search(pattern, text) and not present(stack)]  # type: ignore[operator]


def test_no_decision_names_a_service_the_stack_does_not_have(generated):
    wrong = []
    for name, gen in generated.items():
        for d in gen.stack.decisions:
            for part in ("title", "why", "trigger"):
                missing = absent_services(gen.stack, getattr(d, part))
                wrong += [f"{name}: {d.id}.{part} names {m}" for m in missing]
        root_prose = "\n".join(t for p, t in prose(gen.files).items() if p.endswith(".tf") and "/" not in p)
        wrong += [f"{name}: the code's comments and descriptions name {m}"
                  for m in absent_services(gen.stack, root_prose)]
    assert not wrong, "\n".join(wrong)


def test_no_trigger_cites_a_policy_that_does_not_exist(generated):
    for name, gen in generated.items():
        with_policy = STACKS[name][2] is not None
        for d in gen.stack.decisions:
            cites = re.search(r"\bpolicy(?: \S+)? \[", d.trigger)  # "policy iacf.toml [terraform] version = 1.11"
            if not with_policy:
                assert not cites, f"{name}: {d.id} trigger {d.trigger!r} cites a policy, and there is none"
            elif cites:
                assert "iacf.toml" in d.trigger, f"{name}: {d.id} trigger {d.trigger!r} names no policy file"


def test_a_policy_value_is_cited_where_it_decided(generated):
    gen = generated["aurora-prod"]
    triggers = {d.id: d.trigger for d in gen.stack.decisions}
    assert triggers["aws.state.locking"].endswith("iacf.toml [terraform] version = 1.11")
    assert triggers["aws.governance.budget"].endswith("iacf.toml [budget] monthly_amount = 900")
    assert triggers["aws.logs.retention"].endswith("iacf.toml [logs] retention_days.prod = 731")
    assert generated["web-prod"].stack.decisions and (
        {d.id: d.trigger for d in generated["web-prod"].stack.decisions}["aws.state.locking"]
        == "Terraform 1.5 (product default; no [terraform] version in a policy)")


def test_the_key_descriptions_name_only_what_uses_them(generated):
    keys = generated["queue-only-dev"].files["main.tf"]
    data = re.search(r'module "kms_data" \{.*?description\s+=\s+"([^"]+)"', keys, re.S)
    assert data and "SQS" in data[1] and "RDS" not in data[1], data
    prod = generated["web-prod"].files["main.tf"]
    data = re.search(r'module "kms_data" \{.*?description\s+=\s+"([^"]+)"', prod, re.S)
    assert data and "RDS" in data[1] and "SQS" not in data[1], data


def test_policy_file_fixture_is_valid(tmp_path: Path):
    path = tmp_path / "iacf.toml"
    path.write_text(POLICY)
    assert load_policy(path).terraform.version == "1.11"


def test_the_line_reader_agrees_with_python_hcl2(generated):
    """Addresses are read line by line from fmt-clean HCL; python-hcl2 must see the same blocks."""
    from iacf_core.toolkit.addresses import top_level_blocks
    from iacf_core.toolkit.hcl import blocks, load_text

    # every template and module appears in these stacks; python-hcl2 is slow, so each distinct file is read once
    varied = ("web-data-staging", "aurora-prod", "serverless-prod", "jobs-staging", "fn-db-dev", "site-api-dev")
    texts = {text for name in varied for path, text in generated[name].files.items() if path.endswith(".tf")}
    for text in sorted(texts):
        doc = load_text(text)
        expected = [("resource", b.labels) for b in blocks(doc, None, "resource", 2)]
        expected += [("module", b.labels, b.body.get("source")) for b in blocks(doc, None, "module", 1)]
        seen = top_level_blocks(text)
        got = [("resource", b.labels) for b in seen if b.kind == "resource"]
        got += [("module", b.labels, b.source) for b in seen if b.kind == "module"]
        assert sorted(got, key=str) == sorted(expected, key=str), text[:200]


EDGE_CASES = (
    'resource "a" "b" {}\nmodule "m" {\n  source = "./modules/m"\n}\n',
    'module "m" {\n  count  = 1\n  source = "./x"\n  source = "./y"\n}\nresource "t" "n" {\n',  # unclosed
    'module "m" {\n}\n  source = "./late"\n',  # a source after the closing brace is nobody's
    'resource "a" "b" {\n  x = <<EOT\nresource "c" "d" {\nEOT\n}\n',  # a header inside a heredoc body
    'data "x" "y" {\n}\nresource "only_one_label" {\n}\nmodule "m" "two" {\n}\nresource  "a"\t"b"  {  }  \n',
    'resource "a" "b" {\r\n}\r\nmodule "m" {\r\n  source = "./m"\r\n}\r\n',  # other line ends: line by line
    "", "\n\n", '}\nresource "a" "b" { }',
)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_the_whole_text_reading_is_the_line_reading(text):
    from iacf_core.toolkit.addresses import _blocks_by_line, top_level_blocks

    assert top_level_blocks(text) == _blocks_by_line(text)


def test_the_whole_text_reading_is_the_line_reading_on_every_generated_file(generated):
    from iacf_core.toolkit.addresses import _blocks_by_line, top_level_blocks

    texts = {text for stack in generated.values() for path, text in stack.files.items() if path.endswith(".tf")}
    assert len(texts) > 100
    for text in sorted(texts):
        assert top_level_blocks(text) == _blocks_by_line(text)
