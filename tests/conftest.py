"""Cross-package, end-to-end fixtures: real plugins from entry points, terraform, checkov, moto."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacf_core.tools import find_checkov, find_provider_mirror, terraform_setup

SEED = "App web Django avec PostgreSQL en prod sur AWS"
SEED_DEV = "App web Django avec PostgreSQL en dev sur AWS"


def terraform_ready() -> str | None:
    """Why terraform tests cannot run here, or None when they can."""
    setup = terraform_setup()
    if setup is None:
        return "terraform CLI not found (set IACF_TERRAFORM or put terraform on PATH)"
    if setup.mirror is None and not find_provider_mirror():
        cfg = setup.env.get("TF_CLI_CONFIG_FILE")
        if not cfg or not Path(cfg).is_file():
            return "no hashicorp/aws provider mirror found (set IACF_TF_PLUGIN_MIRROR)"
    return None


@pytest.fixture(scope="session")
def need_terraform() -> None:
    reason = terraform_ready()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def need_checkov() -> None:
    if find_checkov() is None:
        pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")


@pytest.fixture(scope="session")
def moto_server_url(need_terraform: None) -> Iterator[str]:
    """One moto server per test worker, on 127.0.0.1, stopped at the end."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pytest.skip("moto[server] is not installed")
    from iacf_aws.emulator import moto_server

    with moto_server() as url:
        yield url


@pytest.fixture
def moto_endpoint(moto_server_url: str) -> str:
    """The shared server, emptied: each test starts from a new account."""
    from iacf_aws.emulator import reset

    reset(moto_server_url)
    return moto_server_url


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed request in prod and dev, generated once per worker without the slow gates."""
    from iacf_core.testing import run_cli

    out = {}
    for env, request in (("prod", SEED), ("dev", SEED_DEV)):
        target = tmp_path_factory.mktemp("gen") / env
        res = run_cli("generate", request, "--out", str(target), "--no-validate")
        assert res.exit_code == 0, res.stderr
        out[env] = target
    return out


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest
