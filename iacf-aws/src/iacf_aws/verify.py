"""``iacf verify`` for AWS projects: every root module of the project deploy-tested on moto.

A moto server is started on a free 127.0.0.1 port (unless an endpoint is given) and stopped at the end. Each
root module (``bootstrap/`` first, as in the project's README, then the main one) goes through
:func:`iacf_aws.emulator.deploy`, which works on a temporary copy: the project's files are never changed.
Variables come from the root's ``terraform.tfvars`` when the user has written one, else from its
``terraform.tfvars.example``.
"""

from __future__ import annotations

import importlib.util
import urllib.error
import urllib.request
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path

from iacf_core.errors import IacfError
from iacf_core.models import NotApplied, PlanChange, VerifyOptions, VerifyReport, VerifyRoot, VerifyStage
from iacf_core.tools import terraform_setup

from . import emulator

INSTALL_HINT = "pip install 'iacf-aws[emulator]'"
STAGES = ("init", "plan", "apply", "replan", "destroy")


def root_modules(project: Path) -> list[str]:
    """The root modules of a generated project: each first-level folder holding ``.tf`` files (except
    ``modules/`` and hidden ones), then the project folder itself (``.``)."""
    subs = sorted(p.name for p in project.iterdir()
                  if p.is_dir() and p.name != "modules" and not p.name.startswith(".") and any(p.glob("*.tf")))
    return [*subs, "."]


def var_files(root: Path) -> tuple[str, ...]:
    """``-var-file`` arguments for a root: none when ``terraform.tfvars`` exists (Terraform loads it)."""
    if (root / "terraform.tfvars").is_file() or not (root / "terraform.tfvars.example").is_file():
        return ()
    return ("terraform.tfvars.example",)


def moto_missing() -> bool:
    return any(importlib.util.find_spec(m) is None for m in ("moto", "flask", "flask_cors"))


def check_reachable(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - a URL the user gave, checked http(s)
    except urllib.error.HTTPError:
        return  # something answers HTTP there
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IacfError(f"no emulator answers at {url} ({reason})") from None


def moto_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"moto {version('moto')}"
    except PackageNotFoundError:  # pragma: no cover - checked by moto_missing() first
        return "moto"


def verify(project: Path, options: VerifyOptions) -> VerifyReport:
    if terraform_setup() is None:
        raise IacfError("terraform not found: install Terraform (>= 1.5) or set IACF_TERRAFORM")
    server: AbstractContextManager[str]
    if options.endpoint is not None:
        check_reachable(options.endpoint)
        server, name = nullcontext(options.endpoint), "the emulator"
    else:
        if moto_missing():
            raise IacfError(f"the local AWS emulator (moto) is not installed: {INSTALL_HINT}")
        server, name = emulator.moto_server(), moto_version()
        options.progress("starting moto on 127.0.0.1")
    roots = root_modules(project)
    with ExitStack() as running:
        try:
            url = running.enter_context(server)
        except RuntimeError as exc:  # the server did not start
            raise IacfError(str(exc).splitlines()[0]) from None
        report = VerifyReport(cloud=options.cloud, emulator=name, endpoint=url)
        for root in roots:
            report.roots.append(_verify_root(project, root, url, options))
    return report


def _verify_root(project: Path, root: str, url: str, options: VerifyOptions) -> VerifyRoot:
    label = "main" if root == "." else root

    def progress(message: str) -> None:
        options.progress(f"[{label}] {message}")

    result = emulator.deploy(project, url, root=root, destroy=not options.keep, keep=options.keep,
                             var_files=var_files(project / root), progress=progress)
    ok = result.ok and (options.keep or result.destroyed)
    failed = None if ok else ("destroy" if result.ok else result.stage)
    message = result.message
    if failed == "replan" and result.drift and not message:
        message = f"{len(result.drift)} resource(s) change on the second plan: real drift, not an emulator gap"
    wanted = STAGES[:-1] if options.keep else STAGES
    stages = []
    for stage in wanted:
        passed, seconds = result.stages.get(stage, (False, 0.0))
        status = "skipped" if stage not in result.stages else ("passed" if passed else "failed")
        if stage == failed:
            status = "failed"
        stages.append(VerifyStage(name=stage, status=status, seconds=seconds))
    return VerifyRoot(
        root=root, ok=ok, failed_stage=failed, message=message, stages=stages, applied=sorted(result.applied),
        not_applied=[NotApplied(address=a, type=_type_of(result.planned, a), reason=r)
                     for a, r in sorted(result.not_applied.items())],
        drift=[_change(c) for c in result.drift],
        emulator_drift=[_change(c) for c in result.emulator_drift],
        destroyed=result.destroyed, lifted=result.lifted, workdir=result.workdir or None,
    )


def _type_of(planned: list[dict[str, object]], address: str) -> str:
    return next((str(p["type"]) for p in planned if p["address"] == address), "")


def _change(change: emulator.Change) -> PlanChange:
    reasons = sorted({emulator.EMULATOR_DRIFT[(change.type, a)] for a in change.attributes
                      if (change.type, a) in emulator.EMULATOR_DRIFT})
    return PlanChange(address=change.address, type=change.type, actions=change.actions,
                      attributes=change.attributes, reason="; ".join(reasons))
