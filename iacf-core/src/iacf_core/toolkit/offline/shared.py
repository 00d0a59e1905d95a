"""One schema-only provider process per offline run, which every Terraform command of the run attaches to.

Terraform starts a provider process for every provider configuration of every command (and of every
``terraform test`` run); for a Python provider each start costs an interpreter, gRPC and the schema. With
``TF_REATTACH_PROVIDERS`` Terraform uses an already running provider instead: it neither installs it on
``terraform init`` nor records it in the lock file, connects to its socket without TLS, and, because the entry
says ``"Test": true``, never stops nor kills it. The run starts the process, and ends it when it ends.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..tools import end_process
from .schema import ProviderSchema

START_TIMEOUT = 60.0
# a Unix socket path is at most 104 (macOS) or 108 (Linux) bytes
_MAX_SOCKET_PATH = 100
DISABLE_ENV = "IACF_OFFLINE_REATTACH"


class SharedProviderError(RuntimeError):
    """The shared provider could not start; the run falls back to one provider process per command."""


@dataclass(frozen=True)
class SharedProvider:
    """A running schema-only provider: its process, its socket and its call log (``<pid> <method>`` lines)."""

    schema: ProviderSchema
    process: subprocess.Popen[bytes]
    socket: Path
    log: Path

    def reattach_entry(self) -> dict[str, object]:
        return {"Protocol": "grpc", "ProtocolVersion": 6, "Pid": self.process.pid, "Test": True,
                "Addr": {"Network": "unix", "String": str(self.socket)}}


def reattach_env(shared: Sequence[SharedProvider], inherited: str | None) -> str:
    """The ``TF_REATTACH_PROVIDERS`` value naming ``shared`` (and keeping providers the caller reattached)."""
    entries = json.loads(inherited) if inherited else {}
    entries.update({s.schema.source: s.reattach_entry() for s in shared})
    return json.dumps(entries, sort_keys=True)


@contextlib.contextmanager
def shared_providers(work: Path, schemas: Sequence[tuple[ProviderSchema, Path | None]]) -> Iterator[
        list[SharedProvider]]:
    """Start one provider per ``(schema, patch file)`` in ``work``; stop them all on exit, even on error.

    Raises :class:`SharedProviderError` (with every started process already stopped) when one cannot start."""
    if os.environ.get(DISABLE_ENV, "1") == "0":
        raise SharedProviderError(f"{DISABLE_ENV}=0")
    started: list[SharedProvider] = []
    try:
        for schema, patch in schemas:
            started.append(_start(work, schema, patch))
        yield started
    finally:
        for provider in started:
            _stop(provider)


def _start(work: Path, schema: ProviderSchema, patch: Path | None) -> SharedProvider:
    socket = work / f"{schema.provider}.sock"
    if len(str(socket).encode()) > _MAX_SOCKET_PATH:
        raise SharedProviderError(f"the socket path {socket} is too long for a Unix socket")
    log, errors = work / f"{schema.provider}-calls.log", work / f"{schema.provider}-provider.err"
    command = [sys.executable, "-m", "iacf_core.toolkit.offline.server", "--schema-dir", str(schema.directory),
               "--socket", str(socket), "--log", str(log)]
    if patch is not None:
        command += ["--patch", str(patch)]
    with errors.open("wb") as err:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,  # noqa: S603
                                   stderr=err)
    provider = SharedProvider(schema, process, socket, log)
    line = _handshake(process)
    if not line.startswith(b"1|6|unix|"):
        _stop(provider)
        reason = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        raise SharedProviderError(f"the {schema.provider} provider did not start: "
                                  f"{reason[-1] if reason else 'no handshake'}")
    return provider


def _handshake(process: subprocess.Popen[bytes]) -> bytes:
    """The provider's first line of output, or b"" if it exits or stays silent for START_TIMEOUT."""
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                return process.stdout.readline()
    return b""


def _stop(provider: SharedProvider) -> None:
    """Close the provider's stdin (its signal to stop), then terminate and kill it if it lingers."""
    process = provider.process
    for stream in (process.stdin, process.stdout):
        with contextlib.suppress(OSError):
            if stream is not None:
                stream.close()
    end_process(process, None, timeout=5)  # closing stdin asked it to end
    provider.socket.unlink(missing_ok=True)
