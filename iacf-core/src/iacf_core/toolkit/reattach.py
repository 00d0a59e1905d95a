"""One process per provider for all the Terraform commands of an emulator run (``TF_REATTACH_PROVIDERS``).

Terraform starts a provider process for every provider configuration of every command, and a large provider
(hashicorp/aws: a 13.6 MB schema) spends more CPU starting than a small plan spends planning. After ``terraform
init`` has installed the providers of a root, :func:`shared_providers` starts each installed provider once, in its
debug mode (``-debug``: the standard flag of providers built on HashiCorp's plugin libraries, which then serve
until stopped and print the ``TF_REATTACH_PROVIDERS`` value to attach to them), and every later command of the
run attaches to it. Terraform neither starts nor stops an attached provider.

A process serves one provider configuration at a time: a provider the root configures more than once (an
``alias``) keeps one process per configuration, as usual, and so does a provider that does not start in debug
mode within :data:`START_TIMEOUT` seconds. ``IACF_EMULATOR_REATTACH=0`` turns sharing off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .tools import end_process

DISABLE_ENV = "IACF_EMULATOR_REATTACH"
ENV = "TF_REATTACH_PROVIDERS"
START_TIMEOUT = 60.0
_REATTACH = re.compile(r"TF_REATTACH_PROVIDERS='(\{.*\})'")
_PROVIDER = re.compile(r'^provider[ \t]+"(?P<name>[^"]+)"[ \t]*\{')
_ALIAS = re.compile(r"^[ \t]+alias[ \t]*=")


@dataclass(frozen=True)
class Shared:
    """A provider started in debug mode: its process and the ``TF_REATTACH_PROVIDERS`` entries it printed."""

    executable: Path
    process: subprocess.Popen[bytes]
    entries: Mapping[str, object]


def installed(root: Path) -> dict[str, Path]:
    """Provider address (``registry.terraform.io/hashicorp/aws``) → the executable ``terraform init`` installed
    for ``root`` (under ``.terraform/providers/<host>/<namespace>/<type>/<version>/<platform>/``)."""
    base = root / ".terraform" / "providers"
    found: dict[str, Path] = {}
    for executable in sorted(base.glob("*/*/*/*/*/terraform-provider-*")):
        if executable.is_file() and os.access(executable, os.X_OK):
            found["/".join(executable.relative_to(base).parts[:3])] = executable
    return found


def configured_more_than_once(root: Path) -> set[str]:
    """The provider local names configured more than once in ``root`` and the modules it calls (as
    ``terraform init`` recorded them in ``.terraform/modules/modules.json``): two ``provider`` blocks, or an
    ``alias`` (beside the default configuration, which exists as soon as a resource uses it).

    Override files (``override.tf``, ``*_override.tf``) merge into the block they override and add no
    configuration. The files are ``terraform fmt``-clean: a block header starts a line, its ``}`` ends it."""
    blocks: dict[str, int] = {}
    many: set[str] = set()
    for folder in _folders(root):
        for path in sorted(folder.glob("*.tf")):
            if path.name == "override.tf" or path.name.endswith("_override.tf"):
                continue
            current = ""
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                header = _PROVIDER.match(line)
                if header:
                    current = header["name"]
                    blocks[current] = blocks.get(current, 0) + 1
                elif line.startswith("}"):
                    current = ""
                elif current and _ALIAS.match(line):
                    many.add(current)
    return many | {name for name, count in blocks.items() if count > 1}


def _folders(root: Path) -> list[Path]:
    """``root`` and the folders of the modules it calls, once each."""
    folders = {root.resolve(): root}
    try:
        recorded = json.loads((root / ".terraform" / "modules" / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    for module in recorded.get("Modules", []) if isinstance(recorded, dict) else []:
        if isinstance(module, dict) and isinstance(module.get("Dir"), str):
            folder = root / module["Dir"]
            folders.setdefault(folder.resolve(), folder)
    return list(folders.values())


def shareable(root: Path) -> dict[str, Path]:
    """The installed providers of ``root`` that one process can serve for the whole run: those configured once
    (see :func:`configured_more_than_once`), matched by their type, the last part of their address."""
    many = configured_more_than_once(root)
    return {address: exe for address, exe in installed(root).items() if address.rsplit("/", 1)[-1] not in many}


@contextlib.contextmanager
def shared_providers(root: Path, env: Mapping[str, str], logs: Path) -> Iterator[dict[str, str]]:
    """Start the :func:`shareable` providers of ``root`` with ``env``; yield the environment to add to every
    later Terraform command (empty when nothing could be shared); stop them all on exit, even on error.

    Each provider's own output goes to ``logs/<name>-provider.log``, and its socket into ``logs`` too (made
    0700: no other user of the machine can reach the provider through it)."""
    try:  # providers the caller attached already stay attached
        entries: object = json.loads(env[ENV]) if env.get(ENV) else {}
    except ValueError:
        entries = None
    if os.environ.get(DISABLE_ENV, "1") == "0" or not isinstance(entries, dict):
        yield {}  # turned off, or the caller's own value is not a JSON object: Terraform reports it as it is
        return
    started: list[Shared] = []
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)
    # where go-plugin puts the socket: its PLUGIN_UNIX_SOCKET_DIR, else the temporary folder
    private = {**env, "PLUGIN_UNIX_SOCKET_DIR": str(logs), "TMPDIR": str(logs)}
    try:
        for address, executable in sorted(shareable(root).items()):
            shared = _start(executable, root, private, logs / f"{address.rsplit('/', 1)[-1]}-provider.log")
            if shared is not None:
                started.append(shared)
        for shared in started:
            entries.update(shared.entries)
        yield {ENV: json.dumps(entries, sort_keys=True)} if started else {}
    finally:
        for shared in started:
            _stop(shared.process)


def _start(executable: Path, root: Path, env: Mapping[str, str], log: Path) -> Shared | None:
    """``executable -debug``, once it printed where to attach; None (and no process left) if it did not."""
    with log.open("wb") as errors:
        process = subprocess.Popen(  # noqa: S603 - the provider terraform init installed, fixed arguments
            [str(executable), "-debug"], cwd=str(root), env=dict(env), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=errors)
    entries = _reattach_entries(process)
    if entries is None:
        _stop(process)
        return None
    # keep reading what the provider prints, so that a full pipe never blocks it
    assert process.stdout is not None
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return Shared(executable, process, entries)


def _reattach_entries(process: subprocess.Popen[bytes]) -> dict[str, object] | None:
    """The entries of the ``TF_REATTACH_PROVIDERS`` line the provider prints in debug mode (each marked
    ``"Test": true``, so that Terraform never stops it), or None if it exits or stays silent.

    The pipe is read with ``os.read``: a buffered ``readline`` could keep the line in its buffer while
    ``select`` waits for more."""
    assert process.stdout is not None
    descriptor, printed = process.stdout.fileno(), b""
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                return None
            chunk = os.read(descriptor, 65536)
            if not chunk:
                return None
            printed += chunk
            found = _REATTACH.search(printed.decode("utf-8", errors="replace"))
            if found is not None:
                return _entries(found.group(1))
    return None


def _entries(text: str) -> dict[str, object] | None:
    try:
        entries = json.loads(text)
    except ValueError:
        return None
    if not isinstance(entries, dict):
        return None
    return {address: {**entry, "Test": True} for address, entry in entries.items() if isinstance(entry, dict)} or None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt the provider (how its debug mode ends), then terminate and kill it if it lingers."""
    end_process(process, partial(process.send_signal, signal.SIGINT), timeout=10)
    if process.stdout is not None:
        with contextlib.suppress(OSError):
            process.stdout.close()
