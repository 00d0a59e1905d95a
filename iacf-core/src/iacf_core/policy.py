"""The organisation policy file (``iacf.toml``): tags, budget, regions, log retention, account baseline.

Found in the working folder (``./iacf.toml``) or given with ``--policy FILE``. Every field is optional; an
invalid file stops the run with exit code 2 and a message naming the field and the reason.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import SpecError, first_validation_error

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - depends on the interpreter
    import tomli as tomllib

POLICY_FILE = "iacf.toml"
MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TAG_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_.:/=+@-]{0,127}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TagPolicy(_Strict):
    required: list[str] = Field(default_factory=list, description="Tag keys required besides the five mandatory ones.")
    values: dict[str, str] = Field(default_factory=dict, description="Values of the extra required tags.")
    allowed: dict[str, list[str]] = Field(default_factory=dict, description="Allowed values per tag key.")

    @field_validator("required")
    @classmethod
    def _keys(cls, keys: list[str]) -> list[str]:
        for key in keys:
            if not _TAG_KEY.match(key):
                raise ValueError(f"{key!r} is not a valid tag key")
        return keys

    @model_validator(mode="after")
    def _values_for_required(self) -> TagPolicy:
        missing = [k for k in self.required if k not in MANDATORY_TAGS and k not in self.values]
        if missing:
            raise ValueError(f"required tag(s) {', '.join(missing)} need a value in [tags.values]")
        for key, value in self.values.items():
            allowed = self.allowed.get(key)
            if allowed and value not in allowed:
                raise ValueError(f"value {value!r} of tag {key} is not in its allowed values {allowed}")
        return self


class BudgetPolicy(_Strict):
    monthly_amount: float = Field(default=0, ge=0, description="Monthly budget in USD; 0 uses the environment default.")
    recipients: list[str] = Field(default_factory=list, description="E-mail addresses alerted on budget thresholds.")

    @field_validator("recipients")
    @classmethod
    def _emails(cls, values: list[str]) -> list[str]:
        for value in values:
            if not _EMAIL.match(value):
                raise ValueError(f"{value!r} is not an e-mail address")
        return values


class RegionPolicy(_Strict):
    allowed: list[str] = Field(default_factory=list, description="Regions a project may use (empty: any).")
    default: str | None = Field(default=None, description="Region used when the request names none.")

    @model_validator(mode="after")
    def _default_allowed(self) -> RegionPolicy:
        if self.default and self.allowed and self.default not in self.allowed:
            raise ValueError(f"default region {self.default!r} is not in the allowed regions")
        return self


class LogPolicy(_Strict):
    retention_days: dict[str, int] = Field(
        default_factory=dict, description="Log retention per environment, e.g. {dev = 30, prod = 365}."
    )

    @field_validator("retention_days")
    @classmethod
    def _valid(cls, values: dict[str, int]) -> dict[str, int]:
        # the values CloudWatch Logs accepts (other clouds map to the nearest)
        allowed = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
                   3288, 3653}
        for env, days in values.items():
            if env not in ("dev", "staging", "prod"):
                raise ValueError(f"unknown environment {env!r} (dev, staging, prod)")
            if days not in allowed:
                raise ValueError(f"{days} days for {env} is not a retention CloudWatch Logs accepts "
                                 f"(e.g. 30, 90, 365, 731)")
        return values


class BaselinePolicy(_Strict):
    provided: list[str] = Field(
        default_factory=list,
        description="Control ids an existing account baseline (Control Tower, a landing zone) already implements.",
    )


class GovernancePolicy(_Strict):
    provided_elsewhere: list[str] = Field(
        default_factory=list,
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
    state_locking: Literal["auto", "dynamodb", "lockfile", "both"] = Field(
        default="auto", description="State locking: auto picks the S3 lock file from Terraform 1.11 on."
    )

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not re.match(r"^1\.\d+(\.\d+)?$", value):
            raise ValueError("must look like 1.5 or 1.11.2")
        if tuple(int(p) for p in value.split(".")[:2]) < (1, 5):
            raise ValueError("generated code needs Terraform >= 1.5")
        return value

    def lock_mode(self) -> str:
        if self.state_locking != "auto":
            return self.state_locking
        major_minor = tuple(int(p) for p in self.version.split(".")[:2])
        return "lockfile" if major_minor >= (1, 11) else "dynamodb"


class DeliveryPolicy(_Strict):
    github_repository: str | None = Field(
        default=None, description="GitHub repository (OWNER/NAME) whose workflows may assume the CI roles.")
    plan_branches: list[str] = Field(
        default_factory=lambda: ["main"], description="Branches whose pushes may run a plan (besides PRs).")

    @field_validator("github_repository")
    @classmethod
    def _repo(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", value):
            raise ValueError(f"{value!r} is not a GitHub repository (OWNER/NAME)")
        return value

    @field_validator("plan_branches")
    @classmethod
    def _branches(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("list at least one branch")
        for value in values:
            if "*" in value or not re.match(r"^[A-Za-z0-9._/-]+$", value):
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
    governance: GovernancePolicy = Field(default_factory=GovernancePolicy)
    terraform: TerraformPolicy = Field(default_factory=TerraformPolicy)
    findings: FindingPolicy = Field(default_factory=FindingPolicy)
    delivery: DeliveryPolicy = Field(default_factory=DeliveryPolicy)
    source: str | None = Field(default=None, description="The file this policy was read from.")

    @property
    def label(self) -> str:
        """How decisions cite this policy: ``policy iacf.toml``, or ``the policy`` when built in memory."""
        return f"policy {self.source}" if self.source else "the policy"

    def states(self, dotted: str) -> bool:
        """Whether the policy itself sets ``dotted`` (e.g. ``terraform.version``) rather than leaving the default."""
        model: BaseModel = self
        for part in dotted.split("."):
            if part not in model.model_fields_set:
                return False
            value = getattr(model, part)
            if not isinstance(value, BaseModel):
                return True
            model = value
        return True


def load_policy(path: Path | None, cwd: Path | None = None) -> Policy:
    """Read ``path`` (must exist), else ``./iacf.toml`` if present, else the empty policy."""
    if path is None:
        candidate = (cwd or Path.cwd()) / POLICY_FILE
        if not candidate.is_file():
            return Policy()
        path = candidate
    elif not path.is_file():
        raise SpecError(f"policy file {path} does not exist")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read policy file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"policy file {path} is not valid TOML: {exc}") from exc
    try:
        return Policy.model_validate({**data, "source": str(path)})
    except ValueError as exc:
        raise SpecError(f"policy file {path}: {first_validation_error(exc)}") from exc
