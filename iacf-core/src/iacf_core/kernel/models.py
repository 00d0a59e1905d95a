"""The data that flows through a generation: Spec → Stack → rendered files → Findings.

Everything here is a pydantic model so it has a JSON Schema, validates its input and serialises
deterministically. Nothing in this module knows about a particular cloud.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from .policy import ZONE_ID, Policy, check_extra_tag_key, check_tag_value

Environment = Literal["dev", "staging", "prod"]
DataClassification = Literal["public", "internal", "confidential", "restricted"]
CLASSIFICATIONS: tuple[str, ...] = ("public", "internal", "confidential", "restricted")
ENVIRONMENTS: tuple[str, ...] = ("dev", "staging", "prod")
AccessLevel = Literal["read", "write", "read_write", "send", "consume", "publish", "connect", "invoke"]
ACCESS_LEVELS: tuple[str, ...] = get_args(AccessLevel)

_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,13}[a-z0-9]$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]{0,29}$")  # 30: with the project and environment, a name fits 64
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def slugify(text: str, max_len: int = 15) -> str:
    """Turn free text into a project slug: lowercase ascii letters, digits and single dashes; a slug too long is
    cut at the last whole word that fits ("kubernetes-cluster" → "kubernetes")."""
    import unicodedata

    from .text import SPELT

    spelt = "".join(SPELT.get(char, char) for char in text)
    ascii_text = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        head = slug[: max_len + 1]
        cut = head.rfind("-")
        slug = head[:cut] if cut >= max_len // 2 else slug[:max_len]
    slug = slug.strip("-")
    if not slug or not slug[0].isalpha():
        slug = ("p-" + slug).strip("-")
    return slug


# A list or dict default is made by `lambda: []` (or `{}`), not `list`: pydantic reads a factory's signature, and
# a built-in's is parsed from text by the tokenizer (milliseconds at every start-up, for nothing).
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class ComponentRequest(_Model):
    """One component the user asked for: a kind from the catalogue and its parameters."""

    kind: str = Field(description="Component kind, e.g. `web_app` or `relational_database` (see `iacf plugins`).")
    name: str | None = Field(
        default=None,
        description="Identifier of the component in the generated project (snake_case); derived from the kind.",
        json_schema_extra={"pattern": _IDENT.pattern},
    )
    params: dict[str, Any] = Field(
        default_factory=lambda: {},
        description="Parameters of the kind, e.g. `{framework: django, replicas: 4}` or `{engine: postgres}`; each "
        "kind's fields and allowed values are in `iacf schema`. Left out: the environment's default.",
    )
    words: list[str] = Field(
        default_factory=lambda: [],
        description="Words of the request that produced this component (empty for a spec file).",
    )

    @field_validator("name")
    @classmethod
    def _name_is_identifier(cls, value: str | None) -> str | None:
        if value is not None and not _IDENT.fullmatch(value):
            raise ValueError("must be snake_case: a lowercase letter, then lowercase letters, digits or '_' (max 30)")
        return value


class Connection(_Model):
    """One component's access to another: ``from`` uses ``to`` with an access level, and nothing more."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: str = Field(
        alias="from",
        description="Name of the component that uses the other: one that runs code (web_app, function, worker, "
                    "scheduled_job, or an http_api, whose connections are its function's). A component's name is "
                    "its `name`, else the id derived from its kind (`app`, `fn`, `table`, `table_2`...).")
    target: str = Field(alias="to", description="Name of the component it uses.")
    access: AccessLevel = Field(
        description="What `from` may do on `to`; each kind accepts its own levels (see each kind below): read, "
                    "write or read_write (a table, a bucket), send or consume (a queue), publish (a topic), connect "
                    "(a database, a cache), invoke (a function).")

    @classmethod
    def of(cls, source: str, target: str, access: str) -> Connection:
        """``source`` uses ``target`` with ``access`` (checked against the access levels)."""
        return cls.model_validate({"from": source, "to": target, "access": access})

    @model_serializer(mode="wrap")
    def _written_as_in_a_spec(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {"from": data.get("source", data.get("from")), "to": data.get("target", data.get("to")),
                "access": data["access"]}


class Spec(_Model):
    """What the user wants, cloud-neutral. Written by `iacf parse`, by hand as YAML, or by an agent."""

    project: str = Field(
        description="Project slug (3-15 chars, lowercase letters, digits, dashes). Used in resource names and tags.",
        json_schema_extra={"pattern": _SLUG.pattern},
    )
    cloud: str = Field(description="Short name of an installed cloud plugin, e.g. `aws`.")
    environment: Environment = Field(default="dev", description="Deployment environment: dev, staging or prod.")
    region: str | None = Field(
        default=None, min_length=1, description="Cloud region code; the cloud plugin's default when omitted."
    )
    owner: str | None = Field(default=None, description="Value of the Owner tag (policy default, else platform-team).")
    cost_center: str | None = Field(
        default=None, description="Value of the CostCenter tag (policy default, else unassigned)."
    )
    data_classification: DataClassification = Field(
        default="internal",
        description="Most sensitive data the stack holds: public, internal, confidential (personal data...) or "
        "restricted (payment, health...). Tightens governance and is tagged as DataClassification.",
    )
    domain_name: str | None = Field(
        default=None, description="DNS name served by internet-facing entry points (certificate subject)."
    )
    dns_zone: str | None = Field(
        default=None,
        description="ID of the public Route 53 hosted zone holding `domain_name`, in the deployment account "
        "(e.g. Z0123456789ABCDEFGHIJ): Terraform then creates the certificate validation and alias records and "
        "HTTPS is on from the first apply. Omitted: a two-step first deployment (the project README).",
    )
    components: list[ComponentRequest] = Field(min_length=1, description="The components asked for.")
    connections: list[Connection] | None = Field(
        default=None,
        description="Which component may use which, and how. Given (even empty), only these are granted; left "
                    "out, each component that runs code gets the default access to every data store of the stack "
                    "(a recorded decision).")
    tags: dict[str, str] = Field(default_factory=lambda: {}, description="Extra tags added to every taggable resource.")

    @field_validator("project")
    @classmethod
    def _project_is_slug(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(
                "must be 3-15 characters (it prefixes names with tight limits, such as load balancers'): a "
                "lowercase letter first, then lowercase letters, digits or '-', "
                "not ending with '-'"
            )
        return value

    @field_validator("domain_name")
    @classmethod
    def _domain_is_hostname(cls, value: str | None) -> str | None:
        if value is not None and not _DOMAIN.fullmatch(value):
            raise ValueError("must be a lowercase DNS name such as app.example.com")
        return value

    @field_validator("owner", "cost_center")
    @classmethod
    def _tag_values(cls, value: str | None) -> str | None:
        return None if value is None else check_tag_value(value)

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: dict[str, str]) -> dict[str, str]:
        for key, value in tags.items():
            check_extra_tag_key(key)
            check_tag_value(value)
        return tags

    @field_validator("dns_zone")
    @classmethod
    def _zone_is_id(cls, value: str | None) -> str | None:
        if value is not None and not ZONE_ID.fullmatch(value):
            raise ValueError("must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ")
        return value


class Provenance(_Model):
    """Why a component is in the stack."""

    source: Literal["request", "spec", "dependency", "governance", "plugin"]
    decision: str | None = Field(default=None, description="Id of the decision that added it.")
    words: list[str] = Field(default_factory=lambda: [], description="Request words that asked for it.")
    params: dict[str, Any] = Field(
        default_factory=lambda: {},
        description="Parameters stated in the request or spec (validated), before defaults.")


class Component(_Model):
    """A node of the Stack: one deployable unit rendered by one plugin."""

    id: str
    kind: str
    params: dict[str, Any] = Field(default_factory=lambda: {})
    provenance: Provenance
    depends_on: list[str] = Field(default_factory=lambda: [])
    connects_to: list[str] = Field(default_factory=lambda: [])


class Decision(_Model):
    """A choice the generator made, with its reason. DECISIONS.md is rendered from these."""

    id: str = Field(description="Stable id, e.g. `aws.db.multi-az`.")
    title: str
    why: str
    rule: str = Field(description="Rule or control id that made the decision.")
    trigger: str = Field(description="What triggered it: environment, exposure, a word of the request, a default...")
    alternatives: list[str] = Field(default_factory=lambda: [])
    components: list[str] = Field(default_factory=lambda: [])
    resources: list[str] = Field(
        default_factory=lambda: [],
        description="What the decision produced or configured, as patterns resolved against the rendered HCL of its "
        "components (of the whole project when it names none): a resource type or type glob (`aws_db_instance`, "
        "`aws_ecr_*`) or an address glob (`aws_iam_role.*_task`, `module.{component}.*` where `{component}` is each "
        "of its components). Without patterns, the components the decision added count whole.",
    )


class Control(_Model):
    """A governance control (what must exist); cloud plugins say how."""

    id: str
    title: str
    intent: str
    severity: Literal["critical", "high", "medium", "low"] = "high"
    references: list[str] = Field(default_factory=lambda: [])


class ControlImplementation(_Model):
    """How a stack meets one control, one of three ways: by ``resources`` in the output, by a ``gate`` (a check
    iacf runs on the output, which must run and pass), or ``not_applicable`` to this cloud (a reason and a
    ``reference``, a URL or a benchmark item). Resources and a gate may go together (the provider's default tags,
    proven on every resource by the tags gate). ``provided_by`` leaves the control to a system outside."""

    control: str
    components: list[str] = Field(default_factory=lambda: [])
    resources: list[str] = Field(default_factory=lambda: [], description="Terraform resource types implementing it.")
    provided_by: str | None = Field(
        default=None, description="Set when an existing account baseline implements it (policy), not this project."
    )
    note: str = ""
    gate: str | None = Field(
        default=None, description="The validation gate whose run and pass meets the control (e.g. `tags`).")
    not_applicable: str | None = Field(
        default=None, description="Why the control does not apply on this cloud (nothing to create or check).")
    reference: str | None = Field(
        default=None, description="Where the not-applicable reason is stated: a URL or a benchmark item.")

    @model_validator(mode="after")
    def _one_way(self) -> ControlImplementation:
        if self.not_applicable is not None:
            if not self.not_applicable.strip() or not (self.reference or "").strip():
                raise ValueError(f"control {self.control}: not_applicable needs a reason and a reference "
                                 "(a URL or a benchmark item)")
            if self.resources or self.gate:
                raise ValueError(f"control {self.control}: a control not applicable has no resources or gate")
        return self

    @property
    def way(self) -> str:
        """How the control is met: ``provided``, ``not_applicable``, ``gate``, ``resources`` or ``resources+gate``."""
        if self.provided_by:
            return "provided"
        if self.not_applicable is not None:
            return "not_applicable"
        if self.gate:
            return "resources+gate" if self.resources else "gate"
        return "resources"


class CheckovSkip(_Model):
    check: str
    resource: str
    reason: str
    file: str = ""


class Stack(_Model):
    """The resolved architecture: components, their edges, and every decision taken."""

    spec: Spec
    region: str
    policy: Policy = Field(default_factory=Policy)
    components: dict[str, Component] = Field(default_factory=lambda: {})
    decisions: list[Decision] = Field(default_factory=lambda: [])
    controls: list[Control] = Field(default_factory=lambda: [])
    implementations: list[ControlImplementation] = Field(default_factory=lambda: [])
    unused_words: list[str] = Field(default_factory=lambda: [])
    connections: list[Connection] = Field(
        default_factory=lambda: [],
        description="Who may use what (component ids): stated, defaulted or added by a rule.")

    @property
    def cloud(self) -> str:
        return self.spec.cloud

    @property
    def environment(self) -> str:
        return self.spec.environment

    @property
    def is_prod(self) -> bool:
        return self.spec.environment == "prod"

    def by_kind(self, kind: str) -> list[Component]:
        return [c for c in self.components.values() if c.kind == kind]

    def first(self, kind: str) -> Component | None:
        found = self.by_kind(kind)
        return found[0] if found else None

    def decide(self, decision: Decision) -> Decision:
        """Record a decision (idempotent on id: a second call with the same id merges components)."""
        for existing in self.decisions:
            if existing.id == decision.id:
                for comp in decision.components:
                    if comp not in existing.components:
                        existing.components.append(comp)
                return existing
        self.decisions.append(decision)
        return decision

    def add(self, component: Component, decision: Decision | None = None) -> Component:
        """Add a component, recording the decision that added it. Ids must be unique."""
        if component.id in self.components:
            raise ValueError(f"component id {component.id!r} is already in the stack")
        if decision is not None:
            if component.id not in decision.components:
                decision.components.append(component.id)
            self.decide(decision)
            component.provenance.decision = decision.id
        self.components[component.id] = component
        return component

    def ensure(self, component: Component, decision: Decision | None = None) -> Component:
        """The component already under ``component.id``, else ``component`` added with ``decision``.

        A rule that needs a shared piece (one network, one key set) calls it from every place that needs it: the
        first call adds and records why, the others get the same component and record nothing.
        """
        return self.components.get(component.id) or self.add(component, decision)

    def add_unique(self, component: Component, decision: Decision | None = None) -> Component:
        """Add ``component``, suffixing its id (``fn_2``, ``fn_3``...) when the id is taken."""
        base, n = component.id, 2
        while component.id in self.components:
            component.id, n = f"{base}_{n}", n + 1
        return self.add(component, decision)

    @property
    def env_trigger(self) -> str:
        """The trigger of a decision taken because of the environment."""
        return f"environment = {self.environment}"

    def connect(self, source: str, target: str, access: str) -> None:
        """Let ``source`` use ``target`` with ``access`` (idempotent); ``source`` then connects to ``target``."""
        if not any((c.source, c.target, c.access) == (source, target, access) for c in self.connections):
            self.connections.append(Connection.of(source, target, access))
        comp = self.components[source]
        comp.connects_to = sorted({*comp.connects_to, target})

    def disconnect(self, source: str, target: str, access: str | None = None) -> None:
        """Take back ``source``'s access to ``target`` (one level, or all); the edge goes with the last level."""
        self.connections = [c for c in self.connections if (c.source, c.target) != (source, target)
                            or (access is not None and c.access != access)]
        if not self.grants(source, target):
            comp = self.components[source]
            comp.connects_to = [t for t in comp.connects_to if t != target]

    def grants(self, source: str, target: str | None = None) -> list[Connection]:
        """What ``source`` may use (on ``target`` only, when given), in the order granted."""
        return [c for c in self.connections if c.source == source and target in (None, c.target)]

    def users(self, target: str) -> list[Connection]:
        """Who may use ``target``, in the order granted."""
        return [c for c in self.connections if c.target == target]

    def ordered(self) -> list[Component]:
        """Components in a stable dependency order (dependencies first, then by id)."""
        done: list[Component] = []
        seen: set[str] = set()

        def visit(cid: str, trail: tuple[str, ...]) -> None:
            if cid in seen:
                return
            if cid in trail:
                raise ValueError("dependency cycle: " + " -> ".join((*trail, cid)))
            comp = self.components[cid]
            for dep in sorted(comp.depends_on):
                if dep in self.components:
                    visit(dep, (*trail, cid))
            seen.add(cid)
            done.append(comp)

        for cid in sorted(self.components):
            visit(cid, ())
        return done


class RenderedFile(_Model):
    """A file of the generated project. Files with the same path from several components are joined."""

    path: str = Field(description="POSIX path relative to the output folder.")
    content: str
    executable: bool = False
    encoding: Literal["utf-8", "base64"] = Field(
        default="utf-8", description="`base64` for a binary file (content is its base64 text); never joined."
    )

    @model_validator(mode="after")
    def _safe_path(self) -> RenderedFile:
        parts = self.path.split("/")
        if self.path.startswith("/") or ".." in parts or "" in parts or "\\" in self.path:
            raise ValueError(f"unsafe output path {self.path!r}")
        return self


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(_Model):
    """One result of a validation gate."""

    gate: str = Field(description="Gate that produced it: hcl, tags, ingress, secrets, fmt, validate, checkov...")
    check: str = Field(description="Check id, e.g. CKV_AWS_91 or iacf.tags.missing.")
    severity: Severity = Field(description="Outcome: error fails the run, warning and info do not.")
    message: str
    file: str | None = None
    line: int | None = None
    resource: str | None = None
    risk: Literal["critical", "high", "medium", "low"] | None = Field(
        default=None, description="Severity of the check from the plugins' ratings; None when nobody rated it.")
    control: str | None = Field(default=None, description="Governance control the check evidences, if any.")


class GateResult(_Model):
    """The outcome of one validation gate. A tool that is not installed is `skipped`, never `passed`."""

    gate: str
    status: Literal["passed", "failed", "skipped"]
    detail: str = ""
    counts: dict[str, int] = Field(default_factory=lambda: {})
    seconds: float | None = Field(default=None, description=(
        "Wall-clock seconds of the gate. The static gates run in one pass and each shows the time of that pass; "
        "the external tools run alongside it, each timed on its own. Null when the gate was not timed."))
    cached: bool = Field(default=False, description=(
        "True when the tool's answer was kept from an earlier run on exactly the same files with the same tool and "
        "settings (IACF_GATE_CACHE=off asks the tool every time); its seconds are then the lookup's."))


class ValidationReport(_Model):
    gates: list[GateResult] = Field(default_factory=lambda: [])
    findings: list[Finding] = Field(default_factory=lambda: [])

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors and all(g.status != "failed" for g in self.gates)
