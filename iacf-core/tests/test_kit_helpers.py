"""The kit's shared helpers for cloud packages: per-environment defaults (Sizing) and verify without an emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core import IacfError, Sizing, Spec, Stack, VerifyOptions
from iacf_core.kernel.policy import Policy
from iacf_core.toolkit.verify import mocked_test_roots, verify_mocked

SIZING_YAML = """\
web_app:
  dev: {replicas: 1, multi_az: false}
  staging: {replicas: 1, multi_az: false}
  prod: {replicas: 2, multi_az: true}
logs:
  dev: {retention_days: 30}
  staging: {retention_days: 90}
  prod: {retention_days: 365}
"""


@pytest.fixture
def sizing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sizing:
    package = tmp_path / "kitcloud_sizing"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "sizing.yaml").write_text(SIZING_YAML)
    monkeypatch.syspath_prepend(str(tmp_path))
    return Sizing("kitcloud_sizing")


def stack(env: str, policy: Policy | None = None) -> Stack:
    return Stack(spec=Spec(project="demo", cloud="fake", environment=env, components=[{"kind": "web_app"}]), region="r",  # type: ignore[arg-type]
                 policy=policy or Policy())


def test_defaults_are_the_environments_and_a_copy(sizing: Sizing) -> None:
    prod = sizing.defaults("web_app", stack("prod"))
    assert prod == {"replicas": 2, "multi_az": True}
    prod["replicas"] = 9
    assert sizing.defaults("web_app", stack("prod"))["replicas"] == 2


def test_retention_comes_from_the_policy_first(sizing: Sizing) -> None:
    assert sizing.retention_days(stack("staging")) == 90
    policy = Policy.model_validate({"logs": {"retention_days": {"staging": 400}}})
    assert sizing.retention_days(stack("staging", policy)) == 400


def test_described_names_each_environment_or_one_value(sizing: Sizing) -> None:
    assert sizing.described("web_app", "replicas") == "Default: dev 1, staging 1, prod 2."
    assert sizing.described("web_app", "multi_az") == "Default: dev false, staging false, prod true."
    assert sizing.described("logs", "retention_days", " days") == \
        "Default: dev 30 days, staging 90 days, prod 365 days."


def test_mocked_test_roots_are_the_modules_then_the_project(tmp_path: Path) -> None:
    for folder in ("modules/b/tests", "modules/a/tests", "modules/c", "tests"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "modules/b/tests/x.tftest.hcl").write_text("")
    (tmp_path / "modules/a/tests/y.tftest.hcl").write_text("")
    (tmp_path / "modules/a/tests/z.tftest.hcl").write_text("")
    assert mocked_test_roots(tmp_path) == ["modules/a", "modules/b"]
    (tmp_path / "tests/root.tftest.hcl").write_text("")
    assert mocked_test_roots(tmp_path) == ["modules/a", "modules/b", "."]


def test_verify_mocked_refuses_an_endpoint_and_a_project_without_tests(tmp_path: Path) -> None:
    with pytest.raises(IacfError, match="no kitcloud emulator exists: --endpoint is not supported"):
        verify_mocked(tmp_path, VerifyOptions(cloud="kitcloud", endpoint="http://127.0.0.1:1"), provider="kit",
                      why="no emulator of kitcloud exists")
    with pytest.raises(IacfError, match="holds no terraform test"):
        verify_mocked(tmp_path, VerifyOptions(cloud="kitcloud"), provider="kit", why="no emulator of kitcloud exists")


def test_a_kind_is_internal_per_cloud() -> None:
    """One cloud may offer a kind to requests that another cloud only adds by its rules (a network)."""
    from iacf_core import ComponentKind, Registry

    registry = Registry()
    registry.add_kind(ComponentKind("network", "rules add it", clouds=("one",), internal=True), "one")
    registry.add_kind(ComponentKind("network", "ask for it", clouds=("two",)), "two")
    registry.add_kind(ComponentKind("web_app", "app", clouds=("one", "two")), "core")
    assert registry.kinds_for("one") == ["web_app"]
    assert registry.kinds_for("one", include_internal=True) == ["network", "web_app"]
    assert registry.kinds_for("two") == ["network", "web_app"]
    assert not registry.requestable("network", "one") and registry.requestable("network", "two")
    assert not registry.requestable("queue", "two") and not registry.requestable("web_app", "three")


def test_cloud_terms_lists_a_clouds_vocabulary_in_registration_order():
    from iacf_core import KindSpec, Term, cloud_terms

    spec = KindSpec(name="web_app", default_id="app", description="a web app", words=("app service",))
    terms = cloud_terms("kit", ("kit", "kit cloud"), {"kit-west": ("paris", "france")}, [spec],
                        {"kubernetes_cluster": ("kitks",)}, {"budget": ("kit budgets",)})
    assert terms == [
        Term("kit", "cloud", "kit"), Term("kit cloud", "cloud", "kit"),
        Term("kit-west", "region", "kit-west", cloud="kit"), Term("paris", "region", "kit-west", cloud="kit"),
        Term("france", "region", "kit-west", cloud="kit"),
        Term("app service", "component", "web_app"),
        Term("kitks", "component", "kubernetes_cluster"),
        Term("kit budgets", "control", "budget"),
    ]
    assert cloud_terms("kit", (), {}, []) == []
