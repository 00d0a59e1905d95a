"""Deploy-test a Terraform project on a local emulator of its cloud, without touching the project's files.

The project is copied to a temporary folder; ``zz_emulator_override.tf`` there switches the backend to ``local``
and points the provider at the emulator (the text comes from the cloud's :class:`EmulatorProfile`). Then:
init → plan → apply → plan again (must be empty) → destroy, every command after the init attached to one process
per provider (:mod:`iacf_core.toolkit.reattach`). Resource types the emulator cannot create are
planned but not applied (``-target`` on the rest, minus whatever depends on them) and reported by name;
attributes the emulator does not store are reported as emulator drift; protections are lifted in the copy
before the destroy. Nothing here knows a cloud: the profile says all of that.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .reattach import ENV as REATTACH_ENV
from .reattach import shared_providers
from .tools import run, run_streaming, terraform_setup

OVERRIDE_FILE = "zz_emulator_override.tf"
TEARDOWN_FILE = "zz_emulator_teardown_override.tf"
_IGNORED = (".terraform", "*.tfstate*", ".git")

Progress = Callable[[str], None]
Lines = Callable[[str], None]


def _no_server() -> AbstractContextManager[str]:
    raise RuntimeError("this emulator cannot be started by iacf: give its endpoint")


@dataclass(frozen=True)
class EmulatorProfile:
    """What a cloud tells the harness about its emulator. Everything else is generic Terraform.

    ``provider_override(endpoint)`` is the provider block(s) of the override file (test credentials, every
    endpoint); ``environment(endpoint)`` the variables terraform runs with (``unset``: variables removed, such as
    a user's profile); ``unsupported`` the resource types the emulator cannot create, with the reason;
    ``drift`` the ``(type, attribute)`` pairs it does not store (a re-plan shows them); ``teardown`` per type, the
    arguments an operator switches before a destroy (deletion protection off); ``server()`` starts a local
    emulator and yields its URL (stopped on exit); ``unavailable()`` says why it cannot start here (an install
    hint), or None; ``version()`` names it in reports.
    """

    name: str
    provider_override: Callable[[str], str]
    environment: Callable[[str], Mapping[str, str]] = lambda _endpoint: {}
    unset: tuple[str, ...] = ()
    unsupported: Mapping[str, str] = field(default_factory=dict)
    drift: Mapping[tuple[str, str], str] = field(default_factory=dict)
    teardown: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    server: Callable[[], AbstractContextManager[str]] = _no_server
    unavailable: Callable[[], str | None] = lambda: None
    version: Callable[[], str] = lambda: "the emulator"


def override_file(profile: EmulatorProfile, endpoint: str, backend: str = 'backend "local" {}') -> str:
    """The override file of an emulator run: ``backend`` (a local state by default) and the profile's provider."""
    return ("# Written by iacf for an emulator run; never part of the project.\n"
            f"terraform {{\n  {backend}\n}}\n\n{profile.provider_override(endpoint)}")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for an emulator the harness starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_hash(root: Path) -> str:
    """A digest of every path under ``root`` (folders included) with its bytes and mode, tool state left out:
    the run compares it before and after, so a harness that writes into the project cannot go unnoticed."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part == ".terraform" or part == ".git" or ".tfstate" in part for part in rel.parts):
            continue
        digest.update(rel.as_posix().encode() + b"\0" + oct(path.lstat().st_mode).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Change:
    """A change the second plan still shows."""

    address: str
    type: str
    actions: list[str]
    attributes: list[str]

    def is_emulator_drift(self, known: Mapping[tuple[str, str], str]) -> bool:
        """An update touching only attributes the emulator is known not to store."""
        return self.actions == ["update"] and bool(self.attributes) and all(
            (self.type, a) in known for a in self.attributes)


@dataclass
class DeployResult:
    ok: bool
    stage: str
    message: str = ""
    applied: list[str] = field(default_factory=list)
    not_applied: dict[str, str] = field(default_factory=dict)
    drift: list[Change] = field(default_factory=list)
    emulator_drift: list[Change] = field(default_factory=list)
    destroyed: bool = False
    planned: list[dict[str, Any]] = field(default_factory=list)
    stages: dict[str, tuple[bool, float]] = field(default_factory=dict)  # stage → (passed, seconds), in run order
    lifted: list[str] = field(default_factory=list)  # resources whose protections were lifted for the destroy
    workdir: str = ""  # the temporary copy, when kept
    attached: list[str] = field(default_factory=list)  # providers every command after the init attached to


# terraform's line output (-no-color): one line when a resource is done, one when it is refreshed
DONE = re.compile(r"^(?P<address>\S+): (?:Creation|Modifications|Destruction) complete after ")
REFRESHED = re.compile(r"^(?P<address>\S+): Refreshing state\.\.\.")
INIT = re.compile(r"^(?:Initializing .*|- Installing .*|- Using .*)$")
PLAN = re.compile(r"^(?:Plan: .*|No changes\..*)$")


def counter(progress: Progress, step: str, wanted: Collection[str], pattern: re.Pattern[str],
            verb: str = "resources") -> Lines:
    """A line handler reporting ``step: done/total resources`` as terraform finishes (or refreshes) each
    resource of ``wanted``."""
    done: set[str] = set()
    total = len(set(wanted))

    def on_line(line: str) -> None:
        match = pattern.match(line.strip())
        if match and match.group("address") in wanted and match.group("address") not in done:
            done.add(match.group("address"))
            progress(f"{step}: {len(done)}/{total} {verb}")

    return on_line


def echo(progress: Progress, step: str, pattern: re.Pattern[str]) -> Lines:
    """A line handler passing terraform's own step lines (``Initializing modules...``) on as progress."""
    def on_line(line: str) -> None:
        if pattern.match(line.strip()):
            progress(f"{step}: {line.strip()}")

    return on_line


def _changed_attributes(change: dict[str, Any]) -> list[str]:
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    keys = sorted(set(before) | set(after) | set(unknown))
    return [k for k in keys if before.get(k) != after.get(k) or unknown.get(k)]


def _plan_json(tf: list[str], where: Path, env: dict[str, str], args: list[str],
               on_line: Lines = lambda _line: None, *, show_empty: bool = True) -> tuple[int, dict[str, Any], str]:
    """Plan, then the plan as JSON (``terraform show``); ``show_empty=False`` skips the show when the plan is empty
    (exit 0 under -detailed-exitcode: no resource changes to read)."""
    proc = run_streaming([*tf, "plan", "-input=false", "-no-color", "-out=iacf.tfplan", "-detailed-exitcode", *args],
                         where, env, on_line)
    if proc.returncode == 1:
        return 1, {}, _tail(proc.stderr or proc.stdout)
    if proc.returncode == 0 and not show_empty:
        return 0, {}, ""
    show = run([*tf, "show", "-json", "iacf.tfplan"], where, env)
    return proc.returncode, json.loads(show.stdout or "{}"), ""


def _tail(text: str, lines: int = 12) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _module_dirs(config: dict[str, Any], base: str = "") -> dict[str, str]:
    """Module address (``module.a.module.b``) → folder relative to the root, from a plan's ``configuration``."""
    found: dict[str, str] = {}
    for name, call in sorted((config.get("module_calls") or {}).items()):
        source = str(call.get("source", ""))
        if not source.startswith(("./", "../")):
            continue  # a registry module cannot be edited here
        folder = os.path.normpath(os.path.join(base, source))
        found[f"module.{name}"] = folder
        for sub, sub_dir in _module_dirs(call.get("module") or {}, folder).items():
            found[f"module.{name}.{sub}"] = sub_dir
    return found


def teardown_overrides(plan: dict[str, Any], teardown: Mapping[str, Mapping[str, object]],
                       exclude: Collection[str] = ()) -> tuple[dict[str, str], list[str]]:
    """Override files (folder → text) switching the ``teardown`` arguments of the planned resources
    (``exclude``: addresses not applied), and the addresses concerned."""
    dirs = {"": ".", **_module_dirs((plan.get("configuration") or {}).get("root_module") or {})}
    blocks: dict[str, dict[tuple[str, str], dict[str, object]]] = {}
    lifted: list[str] = []
    for c in plan.get("resource_changes", []):
        wanted = teardown.get(c.get("type", ""))
        after = (c.get("change") or {}).get("after") or {}
        if c.get("mode") != "managed" or not wanted or c["address"] in exclude:
            continue
        module = str(c.get("module_address") or "")
        module_key = ".".join(p.split("[")[0] for p in module.split(".")) if module else ""
        if module_key not in dirs:
            continue
        changes = {k: v for k, v in wanted.items() if k in after and after[k] != v}
        if changes:
            blocks.setdefault(dirs[module_key], {}).setdefault((c["type"], c["name"]), {}).update(changes)
            lifted.append(c["address"])
    files = {}
    for folder, resources in sorted(blocks.items()):
        text = ["# Written by iacf for an emulator teardown; never part of the project."]
        for (rtype, rname), attrs in sorted(resources.items()):
            body = "".join(f"  {k} = {json.dumps(v)}\n" for k, v in sorted(attrs.items()))
            text.append(f'resource "{rtype}" "{rname}" {{\n{body}}}')
        files[folder] = "\n\n".join(text) + "\n"
    return files, sorted(lifted)


# an edge of ``terraform graph -type=plan``; `` (expand)`` nodes are the objects themselves, `` (close)`` ones
# are bookkeeping (a module's or provider's end) and keep their suffix so they never match a resource address
_EDGE = re.compile(r'^\s*"\[root\] ([^"]+?)(?: \(expand\))?" -> "\[root\] ([^"]+?)(?: \(expand\))?"\s*$')


def config_address(address: str) -> str:
    """``module.a["x"].aws_b.c[0]`` → ``module.a.aws_b.c`` (the address in the configuration and the graph)."""
    return re.sub(r"\[[^\]]*\]", "", address)


def graph_edges(dot: str) -> dict[str, set[str]]:
    """Node → the nodes that depend on it, from ``terraform graph -type=plan`` (edges point at dependencies)."""
    dependents: dict[str, set[str]] = {}
    for line in dot.splitlines():
        match = _EDGE.match(line)
        if match:
            dependents.setdefault(match.group(2), set()).add(match.group(1))
    return dependents


def dependents_of_unsupported(changes: list[dict[str, Any]], dependents: dict[str, set[str]],
                              unsupported: Collection[str]) -> dict[str, str]:
    """Planned resources that depend, directly or transitively, on a resource of an ``unsupported`` type: a
    targeted apply would pull that resource in. Address → the reason it is not applied."""
    by_config: dict[str, list[str]] = {}
    for c in changes:
        by_config.setdefault(config_address(c["address"]), []).append(c["address"])
    origins = sorted({(config_address(c["address"]), c["type"]) for c in changes if c["type"] in unsupported})
    found: dict[str, str] = {}
    for origin, rtype in origins:
        seen, todo = {origin}, [origin]
        while todo:
            for node in dependents.get(todo.pop(), ()):
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
        for node in sorted(seen - {origin}):
            for address in by_config.get(node, []):
                found.setdefault(address, f"depends on {rtype}, which the emulator cannot create")
    return {a: r for a, r in found.items() if not any(c["address"] == a and c["type"] in unsupported
                                                     for c in changes)}


class _Run:
    """One deployment test in a temporary copy: the terraform command line, its environment, the stages."""

    def __init__(self, profile: EmulatorProfile, executable: str, env: dict[str, str], where: Path,
                 var_args: list[str], progress: Progress) -> None:
        self.profile, self.tf, self.env, self.where = profile, [executable], env, where
        self.var_args, self.progress = var_args, progress
        self.stages: dict[str, tuple[bool, float]] = {}
        self.targets: list[list[str]] = []
        self.plans: list[dict[str, Any]] = []
        self.attached: list[str] = []

    def step(self, stage: str, args: list[str], timeout: int = 1800,
             on_line: Lines | None = None) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        cmd = [*self.tf, *args]
        proc = (run_streaming(cmd, self.where, self.env, on_line, timeout) if on_line
                else run(cmd, self.where, self.env, timeout=timeout))
        spent = self.stages.get(stage, (True, 0.0))[1] + time.monotonic() - started
        self.stages[stage] = (proc.returncode in (0, 2), round(spent, 1))
        return proc

    def plan(self, stage: str, args: list[str], on_line: Lines, *, show_empty: bool = True
             ) -> tuple[int, dict[str, Any], str]:
        started = time.monotonic()
        code, plan, err = _plan_json(self.tf, self.where, self.env, args, on_line, show_empty=show_empty)
        previous = self.stages.get(stage, (True, 0.0))[1] if stage == "plan" else 0.0
        self.stages[stage] = (code != 1, round(previous + time.monotonic() - started, 1))
        return code, plan, err

    def destroy(self, addresses: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
        return self.step("destroy", ["destroy", "-input=false", "-no-color", "-auto-approve", *self.var_args, *extra],
                         timeout=3600, on_line=counter(self.progress, "terraform destroy", addresses, DONE))

    def apply_step(self, label: str, result: DeployResult, destroy: bool) -> DeployResult | None:
        """Plan, then apply what the emulator supports; the failed result, or None (``result`` updated)."""
        self.progress(f"terraform plan{label}")
        code, plan, err = self.plan("plan", self.var_args, echo(self.progress, "terraform plan", PLAN))
        if code == 1:
            if destroy and result.applied:  # a second step's plan failed: remove what the first one created
                self.destroy(result.applied)
            return DeployResult(ok=False, stage="plan", message=err, stages=self.stages, applied=result.applied)
        changes = [c for c in plan.get("resource_changes", []) if c.get("mode") == "managed"]
        planned = {p["address"]: p for p in result.planned}
        planned.update({c["address"]: {"address": c["address"], "type": c["type"],
                                       "after": (c.get("change") or {}).get("after")} for c in changes})
        unsupported = self.profile.unsupported
        skip = {c["address"]: unsupported[c["type"]] for c in changes if c["type"] in unsupported}
        if skip:  # -target pulls in the targets' dependencies: leave out whatever needs an unsupported resource
            graph = run([*self.tf, "graph", "-type=plan"], self.where, self.env)
            if graph.returncode != 0:
                return DeployResult(ok=False, stage="plan", message=_tail(graph.stderr or graph.stdout),
                                    stages=self.stages, applied=result.applied)
            skip.update(dependents_of_unsupported(changes, graph_edges(graph.stdout), unsupported))
        applied = [c["address"] for c in changes if c["address"] not in skip]
        targets = [f"-target={a}" for a in applied] if skip else []
        note = f", {len(skip)} not supported by the emulator" if skip else ""
        self.progress(f"terraform apply{label} ({len(applied)} resources{note})")
        apply = self.step("apply", ["apply", "-input=false", "-no-color", "-auto-approve", *self.var_args, *targets],
                          timeout=3600, on_line=counter(self.progress, "terraform apply", applied, DONE))
        result.applied = list(dict.fromkeys([*result.applied, *applied]))
        result.not_applied = {a: r for a, r in {**result.not_applied, **skip}.items() if a not in result.applied}
        result.planned = list(planned.values())
        self.targets.append(targets)
        self.plans.append(plan)
        if apply.returncode != 0:
            result.stage, result.message = "apply", _tail(apply.stderr or apply.stdout, 30)
            listed = run([*self.tf, "state", "list"], self.where, self.env)  # what the failed apply did create
            result.applied = [a for a in listed.stdout.split() if not a.startswith("data.") and ".data." not in a]
            if destroy:  # remove what the failed apply created; the failure stays the apply's
                self.progress("terraform destroy (clean up after the failed apply)")
                self.destroy(result.applied)
            return result
        return None

    def replan(self, result: DeployResult) -> bool:
        """The second plan, which must be empty but for known emulator drift; False when it could not run."""
        self.progress("terraform plan (must be empty)")
        code, replan, err = self.plan(
            "replan", [*self.var_args, *self.targets[-1]],
            counter(self.progress, "terraform plan (must be empty)", result.applied, REFRESHED,
                    "resources refreshed"), show_empty=False)  # an empty plan has no change to read
        if code == 1:
            result.stage, result.message = "replan", err
            return False
        for c in replan.get("resource_changes", []):
            actions = (c.get("change") or {}).get("actions", [])
            if c.get("mode") != "managed" or actions in (["no-op"], ["read"]):
                continue
            change = Change(c["address"], c["type"], actions, _changed_attributes(c.get("change") or {}))
            (result.emulator_drift if change.is_emulator_drift(self.profile.drift) else result.drift).append(change)
        result.stage, result.ok = "replan", not result.drift
        self.stages["replan"] = (result.ok, self.stages["replan"][1])
        return True

    def teardown(self, result: DeployResult) -> None:
        """Lift the protections in the copy (what an operator does first), then destroy what was applied.

        Both run on the state as it is (``-refresh=false``): the re-plan has just read every applied resource back
        from the emulator; reading them all again before deleting them would only add time."""
        overrides, lifted = teardown_overrides(self.plans[-1], self.profile.teardown, exclude=set(result.not_applied))
        if overrides:
            self.progress(f"terraform apply (lift the deletion protection of {len(lifted)} resources in the copy)")
            for folder, text in overrides.items():
                (self.where / folder / TEARDOWN_FILE).write_text(text)
            self.step("destroy", ["apply", "-input=false", "-no-color", "-auto-approve", "-refresh=false",
                                  *self.var_args, *[f"-target={a}" for a in lifted]], timeout=3600,
                      on_line=counter(self.progress, "terraform apply (lift protections)", lifted, DONE))
            result.lifted = lifted
        self.progress("terraform destroy")
        gone = self.destroy(result.applied, "-refresh=false", *self.targets[-1])
        result.destroyed = gone.returncode == 0
        if not result.destroyed:
            result.message = "destroy failed: " + _tail(gone.stderr or gone.stdout)


def deploy(project: Path, profile: EmulatorProfile, endpoint: str, variables: dict[str, str] | None = None, *,
           destroy: bool = True, root: str = ".", progress: Progress = lambda _m: None,
           var_files: tuple[str, ...] = (), keep: bool = False, then: dict[str, str] | None = None,
           after_apply: Callable[[Path], None] | None = None) -> DeployResult:
    """init → plan → apply (supported types) → plan (must be empty) → destroy, in a temporary copy.

    ``root`` is the root module to run, relative to ``project`` (e.g. ``bootstrap``); the whole project is
    copied so that relative module sources resolve. ``var_files`` are passed as ``-var-file`` (relative to
    the root). ``then`` adds a second plan and apply with these variables on top (the second step of a
    documented two-step first deployment, e.g. HTTPS turned on); the re-plan and the destroy use them too.
    Before the destroy, the profile's ``teardown`` arguments are switched in the copy (override files, applied
    to those resources only). ``keep`` leaves the copy (``result.workdir``) in place. ``after_apply`` is called
    with the root's working folder (local state in ``terraform.tfstate``) once every apply step succeeded,
    while the resources still exist. The project's own files are never changed (checked: the result fails
    if they were).
    """
    setup = terraform_setup()
    if setup is None:
        return DeployResult(ok=False, stage="setup", message="terraform not found")
    env = {**setup.env, **profile.environment(endpoint)}
    for key in profile.unset:
        env.pop(key, None)
    var_args = [f"-var-file={f}" for f in var_files]
    var_args += [f"-var={k}={v}" for k, v in sorted((variables or {}).items())]
    tmp = tempfile.mkdtemp(prefix="iacf-emulator-")
    where = Path(tmp) / "project" / root
    runner = _Run(profile, setup.executable, env, where, var_args, progress)
    before = tree_hash(project)

    def body() -> DeployResult:
        shutil.copytree(project, Path(tmp) / "project", ignore=shutil.ignore_patterns(*_IGNORED))
        (where / OVERRIDE_FILE).write_text(override_file(profile, endpoint))
        progress("terraform init: local backend, emulator endpoints")
        init = runner.step("init", ["init", "-input=false", "-no-color"],
                           on_line=echo(progress, "terraform init", INIT))
        if init.returncode != 0:
            return DeployResult(ok=False, stage="init", message=_tail(init.stderr or init.stdout),
                                stages=runner.stages)
        # one process per provider for every later command (see iacf_core.toolkit.reattach)
        with shared_providers(where, runner.env, Path(tmp) / "providers") as attach:
            runner.env = {**runner.env, **attach}
            runner.attached = sorted(json.loads(attach[REATTACH_ENV])) if attach else []
            return steps()

    def steps() -> DeployResult:
        result = DeployResult(ok=False, stage="plan", stages=runner.stages)
        for number, extra in enumerate([{}, *([then] if then else [])]):
            pairs = [f"{k}={v}" for k, v in sorted(extra.items())]
            var_args.extend(f"-var={pair}" for pair in pairs)
            failed = runner.apply_step(f" (step {number + 1}: {', '.join(pairs)})" if pairs else "", result,
                                       destroy)
            if failed is not None:
                return failed
        if after_apply is not None:
            after_apply(where)
        if runner.replan(result) and destroy:
            runner.teardown(result)
        return result

    try:
        outcome = body()
        outcome.attached = runner.attached
        if keep:
            outcome.workdir = str(where)
        if tree_hash(project) != before:
            outcome.ok = False
            outcome.message = (outcome.message + "\n" if outcome.message else "") + (
                f"the project folder {project} changed during the run")
        return outcome
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)

