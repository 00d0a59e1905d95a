"""IaC Factory core: the public surface for plugins and tools. Knows no cloud.

Everything a plugin or a cloud package needs is importable from here (``from iacf_core import KindSpec``); the
Terraform toolkit is :mod:`iacf_core.toolkit` and the test kit :mod:`iacf_core.testing`. The layers underneath
(``kernel``, ``request``, ``engine``, ``factory``, ``app``) are internal: their module paths may change.

Names are resolved on first use (PEP 562), so ``import iacf_core`` costs nothing a command does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the internal module that defines it
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        ("CheckovSkip", "Component", "ComponentRequest", "Connection", "Control", "ControlImplementation", "Decision",
         "Finding", "GateResult", "Provenance", "RenderedFile", "Severity", "Spec", "Stack", "ValidationReport"),
        "kernel.models"),
    **dict.fromkeys(
        ("ImportBlock", "PreflightOptions", "PreflightReport", "Singleton", "VerifyOptions", "VerifyReport",
         "VerifyRoot", "VerifyStage"),
        "kernel.reports"),
    **dict.fromkeys(
        ("CheckRating", "CloudInfo", "ComponentKind", "FactoryModuleSource", "PolicySection", "Registry", "RiskLevel",
         "SecretPattern", "TemplateSource", "Term", "TerraformProvider"),
        "kernel.registry"),
    **dict.fromkeys(("FIFO_QUEUE_WORDS", "FIFO_TOPIC_WORDS", "KindSpec", "by_name", "cloud_terms",
                     "emulator_unsupported", "implementing", "modules_by_kind", "run_rules"), "kernel.kinds"),
    **dict.fromkeys(("IacfError", "PluginError", "SpecError"), "kernel.errors"),
    **dict.fromkeys(("MANDATORY_TAGS", "POLICY_FILE", "Policy", "ZONE_ID"), "kernel.policy"),
    "hookimpl": "kernel.hookspecs",
    "Renderer": "kernel.rendering",
    **dict.fromkeys(("ENVIRONMENTS", "Sizing", "load_data"), "kernel.data"),
    "named": "kernel.text",
    **dict.fromkeys(
        ("CacheParams", "GENERIC_FRAMEWORK", "KindParams", "RelationalDatabaseParams", "WebAppParams", "frameworks",
         "problem", "stated_trigger"),
        "request.params"),
    "describe": "request.connections",
    "stated_source": "request.readings",
    "load_policy": "request.policyfile",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'iacf_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what type checkers and readers see
    from .kernel.data import ENVIRONMENTS as ENVIRONMENTS
    from .kernel.data import Sizing as Sizing
    from .kernel.data import load_data as load_data
    from .kernel.errors import IacfError as IacfError
    from .kernel.errors import PluginError as PluginError
    from .kernel.errors import SpecError as SpecError
    from .kernel.hookspecs import hookimpl as hookimpl
    from .kernel.kinds import FIFO_QUEUE_WORDS as FIFO_QUEUE_WORDS
    from .kernel.kinds import FIFO_TOPIC_WORDS as FIFO_TOPIC_WORDS
    from .kernel.kinds import KindSpec as KindSpec
    from .kernel.kinds import by_name as by_name
    from .kernel.kinds import emulator_unsupported as emulator_unsupported
    from .kernel.kinds import implementing as implementing
    from .kernel.kinds import modules_by_kind as modules_by_kind
    from .kernel.kinds import run_rules as run_rules
    from .kernel.models import CheckovSkip as CheckovSkip
    from .kernel.models import Component as Component
    from .kernel.models import ComponentRequest as ComponentRequest
    from .kernel.models import Connection as Connection
    from .kernel.models import Control as Control
    from .kernel.models import ControlImplementation as ControlImplementation
    from .kernel.models import Decision as Decision
    from .kernel.models import Finding as Finding
    from .kernel.models import GateResult as GateResult
    from .kernel.models import Provenance as Provenance
    from .kernel.models import RenderedFile as RenderedFile
    from .kernel.models import Severity as Severity
    from .kernel.models import Spec as Spec
    from .kernel.models import Stack as Stack
    from .kernel.models import ValidationReport as ValidationReport
    from .kernel.policy import MANDATORY_TAGS as MANDATORY_TAGS
    from .kernel.policy import POLICY_FILE as POLICY_FILE
    from .kernel.policy import ZONE_ID as ZONE_ID
    from .kernel.policy import Policy as Policy
    from .kernel.registry import CheckRating as CheckRating
    from .kernel.registry import CloudInfo as CloudInfo
    from .kernel.registry import ComponentKind as ComponentKind
    from .kernel.registry import FactoryModuleSource as FactoryModuleSource
    from .kernel.registry import PolicySection as PolicySection
    from .kernel.registry import Registry as Registry
    from .kernel.registry import RiskLevel as RiskLevel
    from .kernel.registry import SecretPattern as SecretPattern
    from .kernel.registry import TemplateSource as TemplateSource
    from .kernel.registry import Term as Term
    from .kernel.registry import TerraformProvider as TerraformProvider
    from .kernel.rendering import Renderer as Renderer
    from .kernel.reports import ImportBlock as ImportBlock
    from .kernel.reports import PreflightOptions as PreflightOptions
    from .kernel.reports import PreflightReport as PreflightReport
    from .kernel.reports import Singleton as Singleton
    from .kernel.reports import VerifyOptions as VerifyOptions
    from .kernel.reports import VerifyReport as VerifyReport
    from .kernel.reports import VerifyRoot as VerifyRoot
    from .kernel.reports import VerifyStage as VerifyStage
    from .kernel.text import named as named
    from .request.connections import describe as describe
    from .request.params import GENERIC_FRAMEWORK as GENERIC_FRAMEWORK
    from .request.params import CacheParams as CacheParams
    from .request.params import KindParams as KindParams
    from .request.params import RelationalDatabaseParams as RelationalDatabaseParams
    from .request.params import WebAppParams as WebAppParams
    from .request.params import frameworks as frameworks
    from .request.params import problem as problem
    from .request.params import stated_trigger as stated_trigger
    from .request.policyfile import load_policy as load_policy
    from .request.readings import stated_source as stated_source
