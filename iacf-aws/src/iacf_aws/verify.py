"""``iacf verify`` for AWS projects: the core harness (:mod:`iacf_core.toolkit.verify`) on moto.

Everything generic (which roots, in which order, with which variables; the report) is core's; AWS brings its
emulator profile (:data:`iacf_aws.emulator.MOTO`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iacf_core import VerifyOptions, VerifyReport
from iacf_core.toolkit.deploy import DeployResult
from iacf_core.toolkit.verify import verify_project

from . import emulator


def _deploy(project: Path, endpoint: str, **options: Any) -> DeployResult:
    return emulator.deploy(project, endpoint, **options)  # looked up at call time: tests may wrap it


def verify(project: Path, options: VerifyOptions) -> VerifyReport:
    return verify_project(project, options, emulator.MOTO, _deploy)
