"""The AWS plugin's tests describe a machine where AWS is the only cloud installed: a request that names no cloud
means AWS there. With other clouds installed beside it, such a request is refused ("name one or pass --cloud"),
so these tests block the other cloud plugins (tests that need several clouds live in the repository's tests/)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iacf_core.kernel.plugins import DISABLE_ENV

OTHER_CLOUDS = "azure,gcp"


@pytest.fixture(autouse=True, scope="module")
def _aws_is_the_only_cloud() -> Iterator[None]:
    # module scope: before the modules' own plugin managers are built; undone when the module is done
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DISABLE_ENV, OTHER_CLOUDS)
        yield
