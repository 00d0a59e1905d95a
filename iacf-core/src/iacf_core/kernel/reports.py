"""What ``iacf verify`` and ``iacf preflight`` pass to the plugins and get back from them: apart from the models a
generation uses, so that a generation does not build them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from .models import _Model

# -- iacf verify ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyOptions:
    """How ``iacf verify`` was asked to run; passed to the ``iacf_verify`` hook."""

    cloud: str
    endpoint: str | None = None  # an emulator already running; else the plugin starts (and stops) its own
    keep: bool = False  # no destroy; the temporary working copies are left in place
    progress: Callable[[str], None] = field(default=lambda _message: None, compare=False)


class VerifyStage(_Model):
    """One step of a deployment test (init, plan, apply, replan, destroy) of one root module."""

    name: str
    status: Literal["passed", "failed", "skipped"]
    seconds: float = 0.0


class NotApplied(_Model):
    """A resource planned but not applied because the emulator cannot create its type."""

    address: str
    type: str
    reason: str


class PlanChange(_Model):
    """A change the second plan still shows (``actions`` and the attributes that differ)."""

    address: str
    type: str
    actions: list[str] = Field(default_factory=lambda: [])
    attributes: list[str] = Field(default_factory=lambda: [])
    reason: str = Field(default="", description="For emulator drift: what the emulator does not store.")


class VerifyRoot(_Model):
    """The deployment test of one root module of the project (``.``, ``bootstrap``...)."""

    root: str
    ok: bool
    failed_stage: str | None = Field(default=None, description="The stage that failed, when one did.")
    message: str = Field(default="", description="The tool's last lines, when a stage failed.")
    stages: list[VerifyStage] = Field(default_factory=lambda: [])
    applied: list[str] = Field(default_factory=lambda: [], description="Addresses applied on the emulator.")
    not_applied: list[NotApplied] = Field(default_factory=lambda: [])
    drift: list[PlanChange] = Field(default_factory=lambda: [], description="Real drift: the run fails.")
    emulator_drift: list[PlanChange] = Field(default_factory=lambda: [], description="Known emulator gaps, reported.")
    destroyed: bool = False
    lifted: list[str] = Field(default_factory=lambda: [], description="Protections lifted (in the copy) to destroy.")
    workdir: str | None = Field(default=None, description="The kept working copy (--keep).")


class VerifyReport(_Model):
    """What ``iacf verify`` found: one entry per root module, in the order they ran."""

    cloud: str
    emulator: str = Field(description="The emulator and its version, e.g. `moto 5.1.0`.")
    endpoint: str
    roots: list[VerifyRoot] = Field(default_factory=lambda: [])

    @property
    def ok(self) -> bool:
        return bool(self.roots) and all(r.ok for r in self.roots)


# -- iacf preflight -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreflightOptions:
    """How ``iacf preflight`` was asked to run; passed to the ``iacf_preflight`` hook."""

    cloud: str
    endpoint: str | None = None  # an emulator instead of the cloud's own endpoints
    progress: Callable[[str], None] = field(default=lambda _message: None, compare=False)


class ImportBlock(_Model):
    """A Terraform (>= 1.5) ``import`` block that adopts an existing resource into the project."""

    to: str = Field(description="Resource address in the project, e.g. `module.governance.aws_x.this[0]`.")
    id: str = Field(description="The import id Terraform expects for that resource type.")

    def hcl(self) -> str:
        return f"import {{\n  to = {self.to}\n  id = {json.dumps(self.id)}\n}}\n"


class Singleton(_Model):
    """One account- or region-level singleton the project may create, and what the target account holds."""

    id: str = Field(description="Stable id, e.g. `guardduty-detector`.")
    title: str
    control: str = Field(description="The governance control it implements.")
    scope: Literal["account", "region"]
    status: Literal["absent", "exists", "unknown"] = Field(
        description="What the account holds; `unknown` when it could not be read (the note says why).")
    created_by_project: bool = Field(description="The project's configuration creates it.")
    collides: bool = Field(description="It exists and the project would create it too.")
    found: list[str] = Field(default_factory=lambda: [], description="What exists: names, ids or ARNs.")
    effect: str = Field(default="", description="What applying the project anyway would do.")
    imports: list[ImportBlock] = Field(
        default_factory=lambda: [], description="Import blocks that adopt the existing resource instead.")
    provided: str | None = Field(
        default=None, description="The control to leave to its owner in the policy instead, when that applies.")
    note: str = ""


class PreflightReport(_Model):
    """What ``iacf preflight`` found in the target account, singleton by singleton."""

    cloud: str
    account: str = Field(description="The account (subscription, project) the credentials reach.")
    region: str = Field(description="The project's region, where the regional singletons were read.")
    endpoint: str | None = Field(default=None, description="The emulator endpoint, when one was used.")
    baseline: Literal["project", "provided"] = Field(
        description="The project's account baseline mode: `project` creates the singletons, `provided` expects "
                    "them to exist.")
    singletons: list[Singleton] = Field(default_factory=lambda: [])
    provided: list[str] = Field(
        default_factory=lambda: [],
        description="The `[account_baseline] provided` list that leaves every colliding control to its owner "
                    "(with the ones the project already leaves).")

    @property
    def collisions(self) -> list[Singleton]:
        return [s for s in self.singletons if s.collides]

    @property
    def ok(self) -> bool:
        return not self.collisions

    def imports_hcl(self) -> str:
        """Every import block of the colliding singletons, ready for an ``imports.tf``."""
        return "\n".join(block.hcl() for s in self.collisions for block in s.imports)
