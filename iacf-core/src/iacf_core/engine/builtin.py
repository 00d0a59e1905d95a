"""Core's built-in plugin: cloud-neutral vocabulary, component kinds, templates and static checks.

It is registered exactly like a third-party plugin (see ``DEFAULT_PLUGINS``), under the name ``core``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from ..kernel.hookspecs import hookimpl
from ..kernel.kinds import FIFO_QUEUE_WORDS, FIFO_TOPIC_WORDS
from ..kernel.models import Finding, Stack
from ..kernel.registry import CheckRating, ComponentKind, SecretPattern, TemplateSource, Term
from ..request.params import NEUTRAL_PARAMS, data_file
from ..request.params import frameworks as frameworks  # re-exported: cloud plugins read the framework defaults here
from ..request.times import intervals

# core's static checks (HCL, secrets, coverage) run on every project, whatever its cloud
IACF_EVERY_CLOUD = True

NEUTRAL_KINDS: dict[str, tuple[str, str]] = {
    # kind: (default component id, description)
    "web_app": ("app", "A containerised web application (Django, Rails, Spring...) behind a load balancer."),
    "relational_database": ("db", "A managed relational database (PostgreSQL, MySQL, MariaDB)."),
    "cache": ("cache", "An in-memory cache (Redis, Valkey, Memcached)."),
    "queue": ("queue", "A message queue with a dead-letter queue."),
    "topic": ("topic", "A publish/subscribe topic."),
    "event_stream": ("stream", "An event stream (Kafka-like)."),
    "kubernetes_cluster": ("k8s", "A managed Kubernetes cluster."),
    "function": ("fn", "A serverless function."),
    "http_api": ("api", "A managed HTTP API in front of serverless functions (its connections are its "
                        "function's)."),
    "worker": ("worker", "A background worker consuming a queue."),
    "task_worker": ("tasks", "A long-running worker process of a task queue framework (Celery, Sidekiq, RQ...) "
                             "reading its own broker."),
    "scheduled_job": ("job", "A job run on a schedule (cron)."),
    "document_database": ("docdb", "A document database (MongoDB-like)."),
    "nosql_table": ("table", "A key-value / NoSQL table."),
    "search": ("search", "A search engine cluster."),
    "object_storage": ("storage", "Object storage for uploads and media."),
    "static_site": ("site", "A static website behind a CDN."),
    "data_warehouse": ("dwh", "A data warehouse."),
}

# connections: the levels a component may be given on each kind, the first being the default access every
# component that runs code gets when no connection is stated (a function is only invoked when a link says so)
NEUTRAL_ACCESS: dict[str, tuple[tuple[str, ...], str]] = {
    "nosql_table": (("read_write", "read", "write"), "read_write"),
    "object_storage": (("read_write", "read", "write"), "read_write"),
    "queue": (("send", "consume"), "send"),
    "topic": (("publish",), "publish"),
    "relational_database": (("connect",), "connect"),
    "cache": (("connect",), "connect"),
    "function": (("invoke",), ""),
}
# kinds whose code uses other components (the `from` of a connection)
CLIENT_KINDS = frozenset({"web_app", "function", "worker", "scheduled_job", "http_api"})


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    for name, (default_id, description) in NEUTRAL_KINDS.items():
        access, default = NEUTRAL_ACCESS.get(name, ((), ""))
        register(ComponentKind(name=name, description=description, default_id=default_id,
                               params=NEUTRAL_PARAMS.get(name), access=access, default_access=default,
                               client=name in CLIENT_KINDS))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    from .snapshots import kept_terms

    for term in kept_terms("vocabulary", _vocabulary):
        register(term)


def _vocabulary() -> list[Term]:
    """Core's terms, from ``data/vocabulary.yaml`` and the schedule intervals."""
    found: list[Term] = []
    register = found.append
    vocab = data_file("vocabulary.yaml")
    for env, phrases in vocab["environment"].items():
        for phrase in phrases:
            register(Term(phrase, "environment", env))
    for cloud, phrases in vocab["cloud"].items():
        for phrase in phrases:
            register(Term(phrase, "cloud", cloud))
    for level, phrases in vocab["classification"].items():
        for phrase in phrases:
            register(Term(phrase, "classification", level))
    for framework, phrases in vocab["framework"].items():
        for phrase in phrases:
            register(Term(phrase, "component", "web_app", params=(("framework", framework),)))
    for phrase in vocab["web_app"]:
        register(Term(phrase, "component", "web_app"))
    for language, phrases in vocab["language"].items():
        for phrase in phrases:
            register(Term(phrase, "language", language, params=(("framework", language),)))
    for role, phrases in vocab["qualifier"].items():
        for phrase in phrases:
            register(Term(phrase, "qualifier", role))
    for control, entry in vocab["controls"].items():
        for phrase in entry["words"]:
            register(Term(phrase, "control", control))
    for engine, phrases in vocab["relational_database"].items():
        params = () if engine == "any" else (("engine", engine),)
        for phrase in phrases:
            register(Term(phrase, "component", "relational_database", params=params))
    for engine, phrases in vocab["cache"].items():
        params = () if engine == "any" else (("engine", engine),)
        for phrase in phrases:
            register(Term(phrase, "component", "cache", params=params))
    for when, phrases in vocab["schedule"].items():
        for phrase in phrases if when != "every" else ():  # "every {n} minutes": the even intervals, below
            register(Term(phrase, "component", "scheduled_job", params=(("schedule", when),)))
    for phrase, rate in intervals():
        register(Term(phrase, "component", "scheduled_job", params=(("schedule", rate),)))
    for kind, phrases in vocab["service"].items():
        for phrase in phrases:
            register(Term(phrase, "component", kind))
    for kind, phrases in (("queue", FIFO_QUEUE_WORDS), ("topic", FIFO_TOPIC_WORDS)):
        for phrase in phrases:  # an ordered queue or topic, whichever cloud serves it (a cloud adds its own words)
            register(Term(phrase, "component", kind, params=(("fifo", True),)))
    for phrase in vocab["filler"]:
        register(Term(str(phrase), "filler"))
    return found


# core's own checks: each guards a non-negotiable of every generated project, so each is critical (and a
# policy cannot relax it: the [findings] block list must include critical)
CORE_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("iacf.hcl.parse", "", "Every .tf file parses as HCL"),
    ("iacf.hcl.encoding", "", "Every .tf file is UTF-8"),
    ("iacf.secrets.private-key", "secrets-management", "No private key in code"),
    ("iacf.secrets.github-token", "secrets-management", "No GitHub token in code"),
    ("iacf.secrets.slack-token", "secrets-management", "No Slack token in code"),
    ("iacf.secrets.literal-assignment", "secrets-management", "No literal password, secret or token value"),
    ("iacf.secrets.state-output", "secrets-management", "No output exposes a secret value to the state"),
    ("iacf.coverage.unimplemented", "", "Every required governance control has an implementation"),
    ("iacf.coverage.missing", "", "Every implementing resource of a required control is in the output"),
    ("iacf.coverage.gate", "", "Every gate that meets a required control ran and passed"),
    ("checkov.unexplained-skip", "", "Every Checkov skip says why, next to the skip"),
)


@hookimpl
def iacf_register_checks(register: Callable[[CheckRating], None]) -> None:
    for check, control, title in CORE_CHECKS:
        register(CheckRating(check, "critical", control, title))


@hookimpl
def iacf_register_secret_patterns(register: Callable[[SecretPattern], None]) -> None:
    from ..toolkit.validation.secret_patterns import GENERIC_SECRETS

    for secret in GENERIC_SECRETS:
        register(secret)


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource("core", Path(str(files("iacf_core").joinpath("templates")))))


@hookimpl
def iacf_validate(out_dir: Path, stack: Stack | None) -> list[Finding]:
    from ..toolkit.validation.state_secrets import check_secret_outputs
    from ..toolkit.validation.static import check_coverage, check_hcl, control_records

    # the secrets gate needs every plugin's patterns, and controls met by a gate need every gate's outcome: the
    # validation runner runs those (check_secrets, check_gate_coverage)
    findings = [*check_hcl(out_dir), *check_secret_outputs(out_dir)]
    controls, implementations = control_records(out_dir, stack)
    findings.extend(check_coverage(out_dir, controls, implementations))
    return findings
