"""IaC Factory core: models, hooks, plugin manager, pipeline and the `iacf` command line. Knows no cloud."""

from __future__ import annotations

__version__ = "0.1.0"

from .hookspecs import hookimpl
from .models import (
    CheckovSkip,
    Component,
    ComponentRequest,
    Connection,
    Control,
    ControlImplementation,
    Decision,
    Finding,
    GateResult,
    ImportBlock,
    PreflightOptions,
    PreflightReport,
    Provenance,
    RenderedFile,
    Severity,
    Singleton,
    Spec,
    Stack,
    ValidationReport,
    VerifyOptions,
    VerifyReport,
)
from .registry import (
    CheckRating,
    CloudInfo,
    ComponentKind,
    PolicySection,
    SecretPattern,
    TemplateSource,
    Term,
    TerraformProvider,
)

__all__ = [
    "CheckRating",
    "CheckovSkip",
    "CloudInfo",
    "Component",
    "ComponentKind",
    "ComponentRequest",
    "Connection",
    "Control",
    "ControlImplementation",
    "Decision",
    "Finding",
    "GateResult",
    "ImportBlock",
    "PolicySection",
    "PreflightOptions",
    "PreflightReport",
    "Provenance",
    "RenderedFile",
    "SecretPattern",
    "Severity",
    "Singleton",
    "Spec",
    "Stack",
    "TemplateSource",
    "Term",
    "TerraformProvider",
    "ValidationReport",
    "VerifyOptions",
    "VerifyReport",
    "__version__",
    "hookimpl",
]
