"""``iacf verify`` on an Azure project: no Azure emulator exists (Azurite serves storage data only), so nothing is
deployed; every vendored module's mocked tests (``mock_provider "azurerm"``) run against the provider schema."""

from __future__ import annotations

import time
from pathlib import Path

from iacf_core import VerifyOptions, VerifyReport
from iacf_core.errors import IacfError
from iacf_core.models import VerifyRoot, VerifyStage

NO_EMULATOR = ("none: no Azure emulator exists, nothing was deployed; mocked terraform test (mock_provider "
               "\"azurerm\") against the provider schema")


def tested_modules(project: Path) -> list[Path]:
    """The project's modules that ship ``tests/*.tftest.hcl``, sorted."""
    return sorted(p.parent.parent for p in project.glob("modules/*/tests/*.tftest.hcl"))


def verify(project: Path, options: VerifyOptions) -> VerifyReport:
    from iacf_core.toolkit.offline import OfflineError, terraform_test_offline

    if options.endpoint:
        raise IacfError("no Azure emulator exists: --endpoint does not apply to an Azure project")
    modules = sorted(set(tested_modules(project)))
    if not modules:
        raise IacfError(f"{project} has no modules/*/tests/*.tftest.hcl to run")
    options.progress("no Azure emulator exists: running the modules' mocked tests instead (nothing is deployed)")
    report = VerifyReport(cloud="azure", emulator=NO_EMULATOR, endpoint="(no endpoint: nothing deployed)")
    for module in modules:
        started = time.monotonic()
        options.progress(f"terraform test {module.relative_to(project)} (mock_provider, schema offline)")
        try:
            result = terraform_test_offline(module, ["azurerm"], progress=options.progress)
        except OfflineError as exc:
            raise IacfError(f"cannot run the mocked tests: {exc}") from None
        ok = result.gate.status == "passed"
        errors = [f.message for f in result.findings if f.severity.value == "error"]
        report.roots.append(VerifyRoot(
            root=str(module.relative_to(project)), ok=ok, failed_stage=None if ok else "test",
            message="" if ok else "; ".join(errors)[-2000:],
            stages=[VerifyStage(name="test", status="passed" if ok else "failed",
                                seconds=round(time.monotonic() - started, 2))]))
    return report
