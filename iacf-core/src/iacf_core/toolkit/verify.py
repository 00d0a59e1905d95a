"""``iacf verify`` for any cloud with an emulator: every root module of a project deploy-tested, one report.

The cloud's ``iacf_verify`` hook calls :func:`verify_project` with its :class:`~.deploy.EmulatorProfile`. An
emulator is started on 127.0.0.1 through the profile (unless an endpoint is given) and stopped at the end. Each
root module (the first-level folders such as ``bootstrap/``, then the project itself) goes through
:func:`~.deploy.deploy`, which works on a temporary copy with a local state: the roots share nothing but the
emulator, so they are deployed side by side, and reported in that order (bootstrap first, as a generated README
orders them). Variables come from the root's ``terraform.tfvars`` when the user has written one, else from its
``terraform.tfvars.example``.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path
from typing import Any, Literal

from ..kernel.errors import IacfError
from ..kernel.reports import NotApplied, PlanChange, VerifyOptions, VerifyReport, VerifyRoot, VerifyStage
from .deploy import Change, DeployResult, EmulatorProfile, deploy
from .tools import terraform_setup

STAGES = ("init", "plan", "apply", "replan", "destroy")

# (project, endpoint, *, root, destroy, keep, var_files, progress) → the result of one root module
Deploy = Callable[..., DeployResult]


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


def check_reachable(url: str) -> None:
    """:class:`IacfError` unless something answers HTTP at ``url``."""
    try:
        urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 - a URL the user gave, checked http(s)
    except urllib.error.HTTPError:
        return  # something answers HTTP there
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IacfError(f"no emulator answers at {url} ({reason})") from None


def verify_project(project: Path, options: VerifyOptions, profile: EmulatorProfile,
                   run: Deploy | None = None) -> VerifyReport:
    """Deploy-test every root module of ``project`` on the profile's emulator. ``run`` replaces
    :func:`~.deploy.deploy` bound to the profile (a cloud's own wrapper). Bad input raises :class:`IacfError`."""
    if terraform_setup() is None:
        raise IacfError("terraform not found: install Terraform (>= 1.5) or set IACF_TERRAFORM")
    run = run or bound(profile)
    server: AbstractContextManager[str]
    if options.endpoint is not None:
        check_reachable(options.endpoint)
        server, name = nullcontext(options.endpoint), "the emulator"
    else:
        why = profile.unavailable()
        if why:
            raise IacfError(why)
        server, name = profile.server(), profile.version()
        options.progress(f"starting {profile.name} on 127.0.0.1")
    roots = root_modules(project)
    with ExitStack() as running:
        try:
            url = running.enter_context(server)
        except RuntimeError as exc:  # the server did not start
            raise IacfError(str(exc).splitlines()[0]) from None
        report = VerifyReport(cloud=options.cloud, emulator=name, endpoint=url)
        lock = threading.Lock()

        def progress(message: str) -> None:  # one line at a time from the roots deployed side by side
            with lock:
                options.progress(message)

        # each root runs in its own copy with a local state: they are deployed side by side (an emulator answers
        # while a provider waits), and reported in the order of root_modules()
        with ThreadPoolExecutor(max_workers=len(roots)) as pool:
            running_roots = [pool.submit(_verify_root, project, root, url, options, profile, run, progress)
                             for root in roots]
            report.roots.extend(future.result() for future in running_roots)
    return report


def bound(profile: EmulatorProfile) -> Deploy:
    """:func:`~.deploy.deploy` with ``profile``: ``(project, endpoint, **options)``."""
    def run(project: Path, endpoint: str, **options: Any) -> DeployResult:
        return deploy(project, profile, endpoint, **options)

    return run


def _verify_root(project: Path, root: str, url: str, options: VerifyOptions, profile: EmulatorProfile,
                 run: Deploy, say: Callable[[str], None]) -> VerifyRoot:
    label = "main" if root == "." else root

    def progress(message: str) -> None:
        say(f"[{label}] {message}")

    result = run(project, url, root=root, destroy=not options.keep, keep=options.keep,
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
        status: Literal["passed", "failed", "skipped"] = (
            "failed" if stage == failed or (stage in result.stages and not passed)
            else "skipped" if stage not in result.stages else "passed")
        stages.append(VerifyStage(name=stage, status=status, seconds=seconds))
    return VerifyRoot(
        root=root, ok=ok, failed_stage=failed, message=message, stages=stages, applied=sorted(result.applied),
        not_applied=[NotApplied(address=a, type=_type_of(result.planned, a), reason=r)
                     for a, r in sorted(result.not_applied.items())],
        drift=[_change(c, profile) for c in result.drift],
        emulator_drift=[_change(c, profile) for c in result.emulator_drift],
        destroyed=result.destroyed, lifted=result.lifted, workdir=result.workdir or None,
    )


def _type_of(planned: list[dict[str, object]], address: str) -> str:
    return next((str(p["type"]) for p in planned if p["address"] == address), "")


def _change(change: Change, profile: EmulatorProfile) -> PlanChange:
    reasons = sorted({profile.drift[(change.type, a)] for a in change.attributes
                      if (change.type, a) in profile.drift})
    return PlanChange(address=change.address, type=change.type, actions=change.actions,
                      attributes=change.attributes, reason="; ".join(reasons))


def mocked_test_roots(project: Path) -> list[str]:
    """The folders of a project holding ``.tftest.hcl`` files: every vendored module, then the project itself."""
    roots = sorted({p.parent.parent.relative_to(project).as_posix()
                    for p in project.glob("modules/*/tests/*.tftest.hcl")})
    if any(project.glob("tests/*.tftest.hcl")):
        roots.append(".")
    return roots


def verify_mocked(project: Path, options: VerifyOptions, *, provider: str, why: str) -> VerifyReport:
    """``iacf verify`` for a cloud with no emulator: nothing is deployed, and the report says so (``emulator``
    starts with ``none:``, then ``why``); the project's own tests run instead, ``terraform test`` with
    ``mock_provider "<provider>"`` in every module and in the project, against the provider's published schema
    (the schema-only provider of :mod:`iacf_core.toolkit.offline`). One stage ``test`` per folder."""
    from .offline import OfflineError, terraform_test_offline

    if options.endpoint:
        raise IacfError(f"no {options.cloud} emulator exists: --endpoint is not supported for {options.cloud} "
                        "projects")
    roots = mocked_test_roots(project)
    if not roots:
        raise IacfError(f"{project} holds no terraform test (modules/*/tests, tests/)")
    report = VerifyReport(cloud=options.cloud, endpoint="(none)",
                          emulator=f"none: {why}; mocked terraform test (mock_provider \"{provider}\") against "
                                   "the provider schema (offline), nothing deployed")
    for root in roots:
        options.progress(f"terraform test (mocked {provider} provider): {root}")
        started = time.monotonic()
        try:
            result = terraform_test_offline(project / root, [provider])
        except OfflineError as exc:
            raise IacfError(f"cannot run the mocked tests: {exc}") from None
        errors = [f.message for f in result.findings if f.severity.value == "error"]
        counts = result.gate.counts
        report.roots.append(VerifyRoot(
            root=root, ok=result.ok, failed_stage=None if result.ok else "test",
            message="\n".join(errors) if errors else f"{counts.get('runs_passed', 0)} run(s) passed, "
                                                       f"{counts.get('runs_failed', 0)} failed",
            stages=[VerifyStage(name="test", status="passed" if result.ok else "failed",
                                seconds=round(time.monotonic() - started, 1))]))
    return report
