"""Core is tested without any cloud package: a fake cloud plugin stands in for one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_cloud import FakeCloud

from iacf_core.kernel.plugins import Plugins, get_plugin_manager


@pytest.fixture
def fake_cloud() -> FakeCloud:
    """The fake cloud plugin object, for tests that build their own plugin set around it."""
    return FakeCloud()


@pytest.fixture
def plugins() -> Plugins:
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", FakeCloud())]))


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch, plugins: Plugins, iacf_cli):  # type: ignore[no-untyped-def]
    from iacf_core.app.commands import options

    monkeypatch.setattr(options, "plugins", lambda: Plugins(plugins.pm))
    monkeypatch.setenv("IACF_TERRAFORM", "/nonexistent/terraform")
    monkeypatch.setenv("IACF_CHECKOV", "/nonexistent/checkov")
    return iacf_cli


@pytest.fixture(autouse=True)
def _no_user_templates(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("IACF_TEMPLATES_DIR", raising=False)
    monkeypatch.delenv("IACF_DISABLE_PLUGINS", raising=False)
    yield
