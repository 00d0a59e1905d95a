"""External gates' results kept by exactly what they judged.

``terraform fmt``, ``terraform validate`` and Checkov are deterministic: the same files read by the same tool in
the same configuration give the same answer. A result is kept under ``<cache>/gates/`` keyed by the SHA-256 of
every file the tools read (the copy they run on), the tool's executable (path, size, modification time), the
settings that change its answer (its environment variables, the provider mirror's contents, the CLI
configuration) and iacf's own validation code. Any change to one of them is a new key, so a kept result is only
ever reused for the very same question; the gate then says so (``cached``) and its time is the lookup's.

Only complete answers are kept (the tool ran and gave a readable report, passed or failed); a skipped gate, a
tool that crashed or timed out is asked again next time. ``IACF_GATE_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ...kernel.cache import TextCache
from ...kernel.models import Finding, GateResult
from ..tools import find_checkov, terraform_setup

Gate = Callable[[Path, Callable[[str], None]], tuple[GateResult, list[Finding]]]

# settings that change a tool's answer: its own variables, and the CLI configuration files they name
_ENV_PREFIXES = {"checkov": ("CKV_", "BC_", "CHECKOV_", "PRISMA_"), "validate": ("TF_",), "fmt": ()}
# a gate whose answer is not the tool's verdict on the files (it did not run, or broke) is not kept
_NOT_AN_ANSWER = {"checkov.run", "terraform.init"}


def enabled() -> bool:
    return os.environ.get("IACF_GATE_CACHE", "on").strip().lower() not in {"off", "0", "false", "no"}


def tree_digest(folder: Path) -> str:
    """SHA-256 over every regular file under ``folder`` (relative path and content), in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(".terraform/") or "/.terraform/" in rel:
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def _code_release() -> str:
    """iacf's validation code (this toolkit), so a changed reader of the tools' output never reuses a kept one."""
    digest = hashlib.sha256()
    toolkit = Path(__file__).resolve().parents[1]
    for path in sorted(toolkit.rglob("*.py")):
        digest.update(path.relative_to(toolkit).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def _file_identity(path: str | None) -> list[object]:
    if not path:
        return [None]
    try:
        stat = os.stat(path)
    except OSError:
        return [path, None]
    return [os.path.realpath(path), stat.st_size, stat.st_mtime_ns]


def _mirror_listing(mirror: Path | None) -> list[str]:
    """The provider packages a filesystem mirror holds (what ``terraform init`` may pick from)."""
    if mirror is None:
        return []
    return sorted(p.relative_to(mirror).as_posix() for p in mirror.glob("*/*/*/*") if not p.name.startswith("."))


def tool_identity(gate: str) -> list[object] | None:
    """What, besides the files, decides ``gate``'s answer; None when the tool is absent (nothing to keep)."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES.get(gate, ())))
    if gate == "checkov":
        exe = find_checkov()
        return None if exe is None else [*_file_identity(exe), env]
    setup = terraform_setup()
    if setup is None:
        return None
    identity: list[object] = [*_file_identity(setup.executable)]
    if gate == "validate":
        config = setup.env.get("TF_CLI_CONFIG_FILE")
        config_text = Path(config).read_text(errors="replace") if config and Path(config).is_file() else None
        identity += [env, config_text, _mirror_listing(setup.mirror), setup.env.get("TF_PLUGIN_CACHE_DIR")]
    return identity


def _is_answer(gate: GateResult, findings: list[Finding]) -> bool:
    return gate.status != "skipped" and not gate.detail.startswith("unreadable") and not any(
        f.check in _NOT_AN_ANSWER for f in findings)


def cached(name: str, gate: Gate, digest: Callable[[], str]) -> Gate:
    """``gate`` answering from the cache when the same files were judged by the same tool before."""
    if not enabled():
        return gate

    def run(folder: Path, progress: Callable[[str], None]) -> tuple[GateResult, list[Finding]]:
        identity = tool_identity(name)
        if identity is None:
            return gate(folder, progress)
        cache = TextCache("gates", _code_release(), kept=2000)
        key = json.dumps({"gate": name, "tool": identity, "files": digest()}, sort_keys=True, default=str)
        kept = cache.get(key)
        if isinstance(kept, dict):
            try:
                result = GateResult.model_validate({**kept["gate"], "cached": True})
                return result, [Finding.model_validate(f) for f in kept["findings"]]
            except (KeyError, TypeError, ValueError):
                pass  # an entry from an older shape: ask the tool
        result, findings = gate(folder, progress)
        if _is_answer(result, findings):
            cache.put(key, {"gate": result.model_dump(mode="json", exclude={"seconds", "cached"}),
                            "findings": [f.model_dump(mode="json") for f in findings]})
        return result, findings

    return run
