"""Finding and running the external tools: Terraform (with an offline provider mirror) and Checkov.

Nothing here is cloud-specific. Locations come from environment variables first, then discovery:

* ``IACF_TERRAFORM``: the terraform executable (else ``terraform`` on PATH).
* ``IACF_TF_PLUGIN_MIRROR``: a provider filesystem mirror (a folder holding ``registry.terraform.io/...``);
  else a usable ``TF_CLI_CONFIG_FILE`` is respected; else well-known folders are searched.
* ``IACF_CHECKOV``: the checkov executable (else ``checkov`` on PATH or beside the running Python).
* ``IACF_CACHE_DIR``: where the provider plugin cache and generated CLI config live (``~/.cache/iacf``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..kernel.cache import cache_dir as cache_dir  # where it always was for the toolkit's users
from ..kernel.cache import optional_cache as optional_cache

_MIRROR_SEARCH_ROOTS = (
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    "/opt",
    "/usr/local/share",
    "/usr/share",
)


def find_terraform() -> str | None:
    explicit = os.environ.get("IACF_TERRAFORM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return shutil.which("terraform")


def find_checkov() -> str | None:
    explicit = os.environ.get("IACF_CHECKOV")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    found = shutil.which("checkov")
    if found:
        return found
    beside = Path(sys.executable).parent / "checkov"
    return str(beside) if beside.is_file() else None


def _is_mirror(path: Path) -> bool:
    registry = path / "registry.terraform.io"
    return registry.is_dir() and any(registry.iterdir())


def find_provider_mirror() -> Path | None:
    """A provider filesystem mirror: ``IACF_TF_PLUGIN_MIRROR``, else a bounded search of usual folders."""
    explicit = os.environ.get("IACF_TF_PLUGIN_MIRROR")
    if explicit:
        path = Path(explicit).expanduser()
        return path if _is_mirror(path) else None
    for root in _MIRROR_SEARCH_ROOTS:
        base = Path(root).expanduser()
        if not base.is_dir():
            continue
        if _is_mirror(base):
            return base
        try:
            children = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for child in children:
            if _is_mirror(child):
                return child
    return None


@dataclass(frozen=True)
class TerraformSetup:
    executable: str
    env: dict[str, str]
    mirror: Path | None


def terraform_setup() -> TerraformSetup | None:
    """The terraform executable and an environment that installs providers offline when a mirror exists."""
    exe = find_terraform()
    if exe is None:
        return None
    env = dict(os.environ)
    env.setdefault("TF_IN_AUTOMATION", "1")
    env["CHECKPOINT_DISABLE"] = "1"
    plugin_cache = cache_dir() / "terraform-plugins"
    plugin_cache.mkdir(parents=True, exist_ok=True)
    user_config = env.get("TF_CLI_CONFIG_FILE")
    mirror = find_provider_mirror()
    if "IACF_TF_PLUGIN_MIRROR" not in env and user_config and Path(user_config).is_file():
        env.setdefault("TF_PLUGIN_CACHE_DIR", str(plugin_cache))
        return TerraformSetup(exe, env, None)
    if mirror is not None:
        # no plugin cache with a mirror: terraform links .terraform/providers straight to the unpacked mirror,
        # whereas a shared cache is re-linked by every init (concurrent inits then race on it)
        env.pop("TF_PLUGIN_CACHE_DIR", None)
        config = cache_dir() / "terraformrc"
        text = (
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n'
            "}\n"
        )
        if not config.is_file() or config.read_text() != text:
            tmp = config.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # one per thread too
            tmp.write_text(text)
            tmp.replace(config)
        env["TF_CLI_CONFIG_FILE"] = str(config)
    else:
        if user_config and not Path(user_config).is_file():
            env.pop("TF_CLI_CONFIG_FILE")  # a dangling setting would only make terraform warn
        env.setdefault("TF_PLUGIN_CACHE_DIR", str(plugin_cache))
    return TerraformSetup(exe, env, mirror)


# how much a yielding tool's CPU priority is lowered (nice value added; 0-19 on POSIX)
YIELD_NICENESS = 10


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 1800, *, yielding: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` to its end, its output captured. A ``yielding`` command runs at a lower CPU priority (it and
    the processes it starts, such as terraform's providers), so that, when tools run at once on few cores, the
    longest one (Checkov, single-threaded) keeps a core and bounds the wall time, instead of every tool slowing
    the others down. Where priorities cannot be set, the command simply runs as usual."""
    if not yielding or not hasattr(os, "setpriority"):
        return subprocess.run(  # noqa: S603 - the commands are built from fixed argument lists
            cmd, cwd=str(cwd), env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    with subprocess.Popen(  # noqa: S603 - the commands are built from fixed argument lists
        cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:  # before it has started its own processes, which inherit the priority
            os.setpriority(os.PRIO_PROCESS, proc.pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + YIELD_NICENESS))
        except OSError:
            pass  # it has already ended, or the system refuses: it runs at the usual priority
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def run_streaming(
    cmd: list[str], cwd: Path, env: dict[str, str] | None, on_line: Callable[[str], None], timeout: int = 1800
) -> subprocess.CompletedProcess[str]:
    """:func:`run`, calling ``on_line`` with each line of standard output as the command prints it (to report
    progress of a long terraform apply). Standard error is collected on the side. Raises
    ``subprocess.TimeoutExpired`` like :func:`run`."""
    proc = subprocess.Popen(  # noqa: S603 - the commands are built from fixed argument lists
        cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, bufsize=1,
    )
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    timed_out = threading.Event()

    def expire() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(timeout, expire)
    timer.start()
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line)
            on_line(line.rstrip("\n"))
        code = proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
    if timed_out.is_set():
        raise subprocess.TimeoutExpired(cmd, timeout, "".join(lines), "".join(errors))
    return subprocess.CompletedProcess(cmd, code, "".join(lines), "".join(errors))


def end_process(process: subprocess.Popen[bytes], ask: Callable[[], None] | None, timeout: float) -> None:
    """Stop a helper process iacf started: ``ask`` it to end (None: it was asked already), then terminate it,
    then kill it, waiting up to ``timeout`` seconds after each step for it to exit."""
    for ending in (ask, process.terminate, process.kill):
        if ending is not None:
            with contextlib.suppress(OSError):
                ending()
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue
