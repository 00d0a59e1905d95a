"""The organisation policy file (``iacf.toml``): tags, budget, regions, log retention, account baseline,
notifications, plus the sections plugins register (``[aws]``...).

Found in the working folder (``./iacf.toml``) or given with ``--policy FILE``. Every field is optional; an
invalid file stops the run with exit code 2 and a message naming the line, the field and the reason. Core's
sections are cloud-neutral: what only one cloud understands lives in that cloud's section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .errors import SpecError

if TYPE_CHECKING:
    from .registry import PolicySection

M = TypeVar("M", bound=BaseModel)

POLICY_FILE = "iacf.toml"
MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TAG_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.:/=+@-]{0,127}$")
# what cloud tag APIs accept in a value (AWS: letters, digits, spaces and _ . : / = + - @, at most 256): anything
# else (quotes, $, {}, ;, control characters) passes Terraform and the emulators but fails on the real API
_TAG_VALUE = re.compile(r"^[\w .:/=+@-]{0,256}$")


def check_tag_value(value: str) -> str:
    """``value`` if a cloud accepts it as a tag value; ``ValueError`` naming the rule otherwise."""
    if not _TAG_VALUE.fullmatch(value):
        raise ValueError("a tag value holds at most 256 letters, digits, spaces and _ . : / = + - @")
    return value


# the tags iacf writes itself on every resource: an extra tag of the same key (in any case or spelling, as a
# Google label key would be written) would replace the stack's own value ("Environment: prod" on a dev stack)
GENERATED_TAGS = (*MANDATORY_TAGS, "DataClassification")


def check_extra_tag_key(key: str, generated: tuple[str, ...] = GENERATED_TAGS) -> str:
    """``key`` if it is a valid tag key and none of the ``generated`` tags; ``ValueError`` otherwise."""
    check_tag_key(key)
    plain = re.sub(r"[^a-z0-9]", "", key.lower())
    taken = next((t for t in generated if t.lower() == plain), None)
    if taken is not None:
        raise ValueError(f"{key!r} is the {taken} tag iacf writes on every resource from the stack itself; "
                         f"give its value with the {taken} setting (project, environment, owner, cost_center, "
                         "data_classification), not as an extra tag")
    return key


def check_tag_key(key: str) -> str:
    if not _TAG_KEY.fullmatch(key) or key.lower().startswith("aws:"):
        raise ValueError(f"{key!r} is not a valid tag key (a letter, then up to 127 letters, digits or "
                         "_ . : / = + - @; not aws:)")
    return key
ZONE_ID = re.compile(r"^[A-Z0-9]{1,32}$")  # a Route 53 hosted zone ID


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class TagPolicy(_Strict):
    required: list[str] = Field(default_factory=lambda: [],  # not `list`: see kernel.models._Model
                                description="Tag keys required besides the five mandatory ones.")
    values: dict[str, str] = Field(default_factory=lambda: {}, description="Values of the extra required tags.")
    allowed: dict[str, list[str]] = Field(default_factory=lambda: {}, description="Allowed values per tag key.")

    @field_validator("required")
    @classmethod
    def _keys(cls, keys: list[str]) -> list[str]:
        for key in keys:
            check_tag_key(key)
        return keys

    @model_validator(mode="after")
    def _values_for_required(self) -> TagPolicy:
        missing = [k for k in self.required if k not in MANDATORY_TAGS and k not in self.values]
        if missing:
            raise ValueError(f"required tag(s) {', '.join(missing)} need a value in [tags.values]")
        for key, value in self.values.items():
            check_extra_tag_key(key, MANDATORY_TAGS)  # a policy may set DataClassification for every stack
            check_tag_value(value)
            allowed = self.allowed.get(key)
            if allowed and value not in allowed:
                raise ValueError(f"value {value!r} of tag {key} is not in its allowed values {allowed}")
        return self


class BudgetPolicy(_Strict):
    monthly_amount: float = Field(default=0, ge=0, description="Monthly budget in USD; 0 uses the environment default.")
    recipients: list[str] = Field(
        default_factory=lambda: [],
        description="Extra addresses that receive the budget alerts directly from the budget service (finance, "
                    "for example); [notifications] emails receive them too, through the notifications topic.")

    @field_validator("recipients")
    @classmethod
    def _emails(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _EMAIL.fullmatch(value):
                raise ValueError(f"{value!r} is not an e-mail address")
        return values


class RegionPolicy(_Strict):
    allowed: list[str] = Field(default_factory=lambda: [], description="Regions a project may use (empty: any).")
    default: str | None = Field(default=None, description="Region used when the request names none.")

    @model_validator(mode="after")
    def _default_allowed(self) -> RegionPolicy:
        if self.default and self.allowed and self.default not in self.allowed:
            raise ValueError(f"default region {self.default!r} is not in the allowed regions")
        return self


class LogPolicy(_Strict):
    retention_days: dict[str, int] = Field(
        default_factory=lambda: {}, description="Log retention per environment, e.g. {dev = 30, prod = 365}."
    )

    @field_validator("retention_days")
    @classmethod
    def _valid(cls, values: dict[str, int]) -> dict[str, int]:
        # any number of days up to ten years; a cloud whose log service accepts only some values checks them
        # in its own section's rules (AWS: CloudWatch Logs' list)
        for env, days in values.items():
            if env not in ("dev", "staging", "prod"):
                raise ValueError(f"unknown environment {env!r} (dev, staging, prod)")
            if not 1 <= days <= 3653:
                raise ValueError(f"{days} days for {env}: give 1 to 3653 days")
        return values


# Controls whose implementation is an account-level singleton (one trail, detector, recorder... per account or
# region): with ``mode = "provided"`` the project leaves every one of them to the account's owner.
ACCOUNT_CONTROLS = ("audit-trail", "threat-detection", "posture-management", "config-recording", "access-analysis",
                    "password-policy", "data-access-logging")


class BaselinePolicy(_Strict):
    mode: Literal["project", "provided"] = Field(
        default="project",
        description="Who owns the account baseline (audit trail, threat detection, posture management, "
                    "configuration recording, access analysis, password policy, account-wide storage and encryption "
                    "defaults): `project` creates it (one project per account and region), `provided` leaves all of "
                    "it to an organization, Control Tower or another project.",
    )
    provided: list[str] = Field(
        default_factory=lambda: [],
        description="With mode = \"project\": the control ids an existing baseline already implements (the project "
                    "creates the others). `iacf preflight DIR` lists the ones a target account already has.",
    )
    managed_by: str | None = Field(
        default=None, description="Who owns the provided controls, e.g. \"Control Tower\" (shown in DECISIONS.md).")

    @model_validator(mode="after")
    def _one_choice(self) -> BaselinePolicy:
        if self.mode == "provided" and self.provided:
            raise ValueError("list controls in provided only with mode = \"project\": mode = \"provided\" already "
                             "leaves every account-level control to its owner")
        return self

    def left_to_owner(self) -> list[str]:
        """The control ids this project does not implement itself."""
        return list(ACCOUNT_CONTROLS) if self.mode == "provided" else list(self.provided)

    def summary(self) -> list[str]:
        """What the choice implies, one line each (``iacf parse`` shows them)."""
        owner = self.managed_by or "the organization (Control Tower, a landing zone) or another project"
        if self.mode == "provided":
            return [f"provided by {owner}: the project creates no account-level singleton (trail, threat detector, "
                    "posture management, configuration recorder, access analyzer, password policy, account-wide "
                    "storage and encryption defaults) and records them as provided",
                    "alarms on the audit trail belong to its owner; the project keeps its own budget"]
        lines = ["created by this project: the account-level singletons (trail, threat detector, posture "
                 "management, configuration recorder, access analyzer, password policy, account-wide storage and "
                 "encryption defaults); one project per account and region may own them",
                 "before the first apply, `iacf preflight DIR` lists the ones the target account already has"]
        if self.provided:
            lines.insert(1, f"except {', '.join(sorted(self.provided))}: provided by {owner}")
        return lines


class NotificationPolicy(_Strict):
    emails: list[str] = Field(
        default_factory=lambda: [],
        description="E-mail addresses subscribed to the project's notifications topic: budget alerts, security "
                    "alarms, database events and backup notifications. Required in prod unless the cloud's section "
                    "names an existing topic instead (e.g. [aws] sns_topic_arn).",
    )

    @field_validator("emails")
    @classmethod
    def _emails(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _EMAIL.match(value):
                raise ValueError(f"{value!r} is not an e-mail address")
        if len(set(values)) != len(values):
            raise ValueError("an address is listed twice")
        return values


class GovernancePolicy(_Strict):
    provided_elsewhere: list[str] = Field(
        default_factory=lambda: [],
        description="Control ids implemented outside this project (an organisation-wide baseline, another "
                    "pipeline): the project neither creates nor checks them, and DECISIONS.md says so. Needed to "
                    "generate without a plugin that declares the controls a cloud requires.",
    )

    @field_validator("provided_elsewhere")
    @classmethod
    def _control_ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.match(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", value):
                raise ValueError(f"{value!r} is not a control id (such as audit-trail)")
        return sorted(set(values))


class TerraformPolicy(_Strict):
    version: str = Field(default="1.5", description="Oldest Terraform version the organisation runs (e.g. 1.11).")

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not re.fullmatch(r"^1\.\d+(\.\d+)?$", value):
            raise ValueError("must look like 1.5 or 1.11.2")
        if tuple(int(p) for p in value.split(".")[:2]) < (1, 5):
            raise ValueError("generated code needs Terraform >= 1.5")
        return value

    def at_least(self, major: int, minor: int) -> bool:
        """Whether the oldest Terraform to support is ``major.minor`` or later."""
        return tuple(int(p) for p in self.version.split(".")[:2]) >= (major, minor)


class DeliveryPolicy(_Strict):
    github_repository: str | None = Field(
        default=None, description="GitHub repository (OWNER/NAME) whose workflows may assume the CI roles.")
    plan_branches: list[str] = Field(
        default_factory=lambda: ["main"], description="Branches whose pushes may run a plan (besides PRs).")

    @field_validator("github_repository")
    @classmethod
    def _repo(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", value):
            raise ValueError(f"{value!r} is not a GitHub repository (OWNER/NAME)")
        return value

    @field_validator("plan_branches")
    @classmethod
    def _branches(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("list at least one branch")
        for value in values:
            if "*" in value or not re.fullmatch(r"^[A-Za-z0-9._/-]+$", value):
                raise ValueError(f"{value!r} is not a branch name (no wildcards)")
        return values


Risk = Literal["critical", "high", "medium", "low"]


def _all_risks() -> list[Risk]:
    return ["critical", "high", "medium", "low"]


class FindingPolicy(_Strict):
    block: list[Risk] = Field(
        default_factory=_all_risks,
        description="Severities of rated checks that fail a run; the others are reported as warnings. "
                    "Must include critical. Unrated checks always block.",
    )

    @field_validator("block")
    @classmethod
    def _critical_blocks(cls, values: list[Risk]) -> list[Risk]:
        if "critical" not in values:
            raise ValueError("must include \"critical\": critical findings always fail a run")
        return sorted(set(values), key=["critical", "high", "medium", "low"].index)


class Policy(_Strict):
    """The organisation's rules. Every section is optional."""

    owner: str | None = Field(default=None, description="Default Owner tag.")
    cost_center: str | None = Field(default=None, description="Default CostCenter tag.")
    tags: TagPolicy = Field(default_factory=TagPolicy)
    budget: BudgetPolicy = Field(default_factory=BudgetPolicy)
    regions: RegionPolicy = Field(default_factory=RegionPolicy)
    logs: LogPolicy = Field(default_factory=LogPolicy)
    account_baseline: BaselinePolicy = Field(default_factory=BaselinePolicy)
    notifications: NotificationPolicy = Field(default_factory=NotificationPolicy)
    governance: GovernancePolicy = Field(default_factory=GovernancePolicy)
    terraform: TerraformPolicy = Field(default_factory=TerraformPolicy)
    findings: FindingPolicy = Field(default_factory=FindingPolicy)
    delivery: DeliveryPolicy = Field(default_factory=DeliveryPolicy)
    source: str | None = Field(default=None, description="The file this policy was read from.")
    # the plugins' sections ([aws]...), each an instance of the model its plugin registered
    _sections: dict[str, BaseModel] = PrivateAttr(default_factory=dict)
    # problems a cloud's section found in the file (its ``check``), raised only for a stack of that cloud
    _cloud_problems: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("owner", "cost_center")
    @classmethod
    def _tag_values(cls, value: str | None) -> str | None:
        return None if value is None else check_tag_value(value)

    @property
    def label(self) -> str:
        """How decisions cite this policy: ``policy iacf.toml``, or ``the policy`` when built in memory."""
        return f"policy {self.source}" if self.source else "the policy"

    @overload
    def section(self, name: str) -> BaseModel: ...

    @overload
    def section(self, name: str, model: type[M]) -> M: ...

    def section(self, name: str, model: type[BaseModel] | None = None) -> BaseModel:
        """A plugin's section (``[aws]``): the file's values, else the model's defaults.

        With ``model``, the result is typed as that model (and built from its defaults when the policy was made
        in memory, without the registered sections)."""
        found = self._sections.get(name)
        if found is None:
            if model is None:
                raise KeyError(f"no policy section [{name}] is registered")
            return model()
        if model is not None and not isinstance(found, model):
            raise TypeError(f"policy section [{name}] is a {type(found).__name__}, not a {model.__name__}")
        return found

    @property
    def sections(self) -> dict[str, BaseModel]:
        """The plugins' sections, by name."""
        return dict(self._sections)

    def with_sections(self, sections: Mapping[str, BaseModel]) -> Policy:
        """A copy holding ``sections`` (each a validated instance of its registered model)."""
        copy = self.model_copy()
        copy._sections = {**self._sections, **sections}
        return copy

    def with_cloud_problems(self, problems: Mapping[str, str]) -> Policy:
        """A copy holding, per cloud, the problems its section's check found (one message, a line each)."""
        copy = self.model_copy()
        copy._cloud_problems = {**self._cloud_problems, **problems}
        return copy

    def check_cloud(self, cloud: str) -> None:
        """Raise the problems the ``cloud`` plugin's section found in the file: a cloud's rules on shared sections
        (``[logs]``...) bind its own stacks only."""
        if cloud in self._cloud_problems:
            raise SpecError(self._cloud_problems[cloud])

    def with_defaults(self, registered: Mapping[str, PolicySection]) -> Policy:
        """A copy where every registered section the policy lacks reads as its model's defaults."""
        missing = {name: entry.model() for name, entry in registered.items() if name not in self._sections}
        return self.with_sections(missing) if missing else self

    def states(self, dotted: str) -> bool:
        """Whether the policy itself sets ``dotted`` (``terraform.version``, ``aws.state_locking``) rather than
        leaving the default."""
        model: BaseModel = self
        head, _, rest = dotted.partition(".")
        if head in self._sections:
            model, dotted = self._sections[head], rest
        for part in dotted.split("."):
            if part not in model.model_fields_set:
                return False
            value = getattr(model, part)
            if not isinstance(value, BaseModel):
                return True
            model = value
        return True
