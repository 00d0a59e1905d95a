"""``iacf verify`` for Google Cloud projects: no emulator of these services exists, so the run says so and runs
the project's mocked tests instead (``terraform test`` with ``mock_provider "google"`` in every module and in the
project) against the google provider's published schema (offline)."""

from __future__ import annotations

import time
from pathlib import Path

from iacf_core.errors import IacfError
from iacf_core.models import VerifyOptions, VerifyReport, VerifyRoot, VerifyStage

NO_EMULATOR = ("none: no emulator of these Google Cloud services exists; mocked terraform test (mock_provider "
               "\"google\") against the provider schema (offline)")


def test_roots(project: Path) -> list[str]:
    """The folders holding ``.tftest.hcl`` files: every vendored module, then the project itself."""
    roots = sorted(p.parent.parent.relative_to(project).as_posix()
                   for p in project.glob("modules/*/tests/*.tftest.hcl"))
    if any(project.glob("tests/*.tftest.hcl")):
        roots.append(".")
    return list(dict.fromkeys(roots))


def verify(project: Path, options: VerifyOptions) -> VerifyReport:
    try:
        from iacf_core.toolkit.offline import OfflineError, terraform_test_offline
    except ImportError as exc:  # pragma: no cover - the offline toolkit ships with core
        raise IacfError(f"the offline toolkit is missing: {exc}") from None
    if options.endpoint:
        raise IacfError("no Google Cloud emulator exists: --endpoint is not supported for gcp projects")
    report = VerifyReport(cloud="gcp", emulator=NO_EMULATOR, endpoint="(none)")
    for root in test_roots(project):
        options.progress(f"terraform test (mocked google provider): {root}")
        started = time.monotonic()
        try:
            result = terraform_test_offline(project / root, ["google"])
        except OfflineError as exc:
            raise IacfError(f"cannot run the mocked tests: {exc}") from None
        seconds = round(time.monotonic() - started, 1)
        errors = [f.message for f in result.findings if f.severity.value == "error"]
        counts = result.gate.counts
        report.roots.append(VerifyRoot(
            root=root, ok=result.ok, failed_stage=None if result.ok else "test",
            message="\n".join(errors) if errors else f"{counts.get('runs_passed', 0)} run(s) passed, "
                                                      f"{counts.get('runs_failed', 0)} failed",
            stages=[VerifyStage(name="test", status="passed" if result.ok else "failed", seconds=seconds)]))
    if not report.roots:
        raise IacfError(f"{project} holds no terraform test (modules/*/tests, tests/)")
    return report
