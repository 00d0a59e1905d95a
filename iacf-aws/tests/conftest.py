"""The AWS plugin's tests describe a machine where AWS is the only cloud installed: a request that names no cloud
means AWS there. With other clouds installed beside it, such a request is refused ("name one or pass --cloud"),
so these tests block the other cloud plugins (tests that need several clouds live in the repository's tests/)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from iacf_core.kernel.plugins import DISABLE_ENV

OTHER_CLOUDS = "azure,gcp"


@pytest.fixture(autouse=True, scope="module")
def _aws_is_the_only_cloud() -> Iterator[None]:
    # module scope: before the modules' own plugin managers are built; undone when the module is done
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DISABLE_ENV, OTHER_CLOUDS)
        yield


@pytest.fixture
def module_test(tmp_path: Path) -> Callable[[Path, str, str], None]:
    """Run a Terraform test file against a copy of a module (``terraform init`` then ``terraform test``, offline
    with the provider mirror); skipped where the terraform CLI is absent. Call it with the module's folder, the
    test file's name and its text."""
    from iacf_core.toolkit.tools import terraform_setup

    setup = terraform_setup()
    if setup is None:
        pytest.skip("terraform CLI not found")

    def run(source: Path, name: str, text: str) -> None:
        module = tmp_path / source.name
        shutil.copytree(source, module)
        (module / "tests").mkdir(exist_ok=True)
        (module / "tests" / name).write_text(text)
        for args in (["init", "-backend=false", "-input=false"], ["test"]):
            res = subprocess.run([setup.executable, *args], cwd=module, env=setup.env, capture_output=True,
                                 text=True, timeout=600, check=False)
            assert res.returncode == 0, res.stdout + res.stderr

    return run
