"""The typed-parameters mechanism, with the fake cloud: models registered per kind (neutral and per cloud),
validation in build_stack with every error at once, and the Spec's JSON Schema built from the models."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import Field

from iacf_core import ComponentKind, hookimpl
from iacf_core.kernel.errors import PluginError, SpecError
from iacf_core.kernel.models import Spec
from iacf_core.request.params import WebAppParams, spec_schema, stated_trigger
from iacf_core.engine.pipeline import build_stack

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (nox installs it)")


class FakeWebAppParams(WebAppParams):
    """A web app on the fake cloud: the neutral fields plus a size."""

    size: int | None = Field(default=None, ge=1, le=4, description="Fake size.")


class FakeParams:
    """A cloud plugin adding its own web_app parameters and a kind that takes none."""

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        register(ComponentKind(name="web_app", clouds=("fake2",), params=FakeWebAppParams))
        register(ComponentKind(name="widget", clouds=("fake",)))


def spec(*components: dict, environment: str = "dev", cloud: str = "fake") -> Spec:
    return Spec.model_validate({"project": "shop", "cloud": cloud, "environment": environment,
                                "components": list(components)})


def test_the_neutral_model_checks_a_kind_on_a_cloud_without_its_own(plugins):
    stack = build_stack(spec({"kind": "web_app", "params": {"framework": "django", "replicas": 2}}), plugins)
    assert stack.components["app"].params == {"framework": "django", "replicas": 2}
    with pytest.raises(SpecError, match=r"components\[0\] 'app' \(web_app\): params\.framework = 'djang' is not "
                                        r"allowed; did you mean 'django'\? allowed: aspnet, django, "):
        build_stack(spec({"kind": "web_app", "params": {"framework": "djang"}}), plugins)


def test_only_stated_values_are_kept(plugins):
    stack = build_stack(spec({"kind": "web_app"}), plugins)
    assert stack.components["app"].params == {}


def test_every_error_of_every_component_at_once_one_line_each(plugins):
    with pytest.raises(SpecError) as info:
        build_stack(spec({"kind": "web_app", "params": {"framework": "djang", "port": 0, "colour": "red"}},
                         {"kind": "relational_database", "name": "orders", "params": {"engine": "oracle"}},
                         {"kind": "web_app", "params": {"replicas": 1, "min_replicas": 2, "max_replicas": 3}}),
                    plugins)
    lines = info.value.message.splitlines()
    assert lines == [
        "components[0] 'app' (web_app): params.framework = 'djang' is not allowed; did you mean 'django'? allowed: "
        "aspnet, django, express, fastapi, flask, go, java, laravel, nestjs, nextjs, node, phoenix, php, python, rails, ruby, rust, spring, symfony",
        "components[0] 'app' (web_app): params.port = 0: input should be greater than or equal to 1",
        "components[0] 'app' (web_app): unknown parameter 'colour' (value 'red'); parameters: framework, "
        "health_check_path, max_replicas, min_replicas, port, replicas",
        "components[1] 'orders' (relational_database): params.engine = 'oracle' is not allowed; allowed: postgres, "
        "mysql, mariadb",
        "components[2] 'app_2' (web_app): params.replicas = 1: give either replicas (a fixed count) or min_replicas "
        "and max_replicas (autoscaling), not both",
    ]


def test_environment_rules_and_strict_values(plugins):
    assert build_stack(spec({"kind": "web_app", "params": {"replicas": 1}}), plugins)
    with pytest.raises(SpecError, match=r"params\.replicas = 1: prod runs at least 2 copies"):
        build_stack(spec({"kind": "web_app", "params": {"replicas": 1}}, environment="prod"), plugins)
    with pytest.raises(SpecError, match=r"params\.backup_retention_days = 3: prod keeps automated backups"):
        build_stack(spec({"kind": "relational_database", "params": {"backup_retention_days": 3}},
                         environment="prod"), plugins)
    for value, reason in ((True, "valid integer"), ("3", "valid integer"), (None, "null is not a value")):
        with pytest.raises(SpecError, match=reason):
            build_stack(spec({"kind": "web_app", "params": {"replicas": value}}), plugins)


def test_a_cloud_model_replaces_the_neutral_one_on_its_cloud_only(iacf_plugins):
    from iacf_core import CloudInfo

    class Fake2:
        @hookimpl
        def iacf_register_clouds(self, register):  # type: ignore[no-untyped-def]
            register(CloudInfo(name="fake2", title="Fake 2", default_region="r1", regions=("r1",)))

        @hookimpl
        def iacf_render_module(self, component, stack, renderer):  # type: ignore[no-untyped-def]
            return []

    plugins = iacf_plugins(("fake2", Fake2()), ("fakeparams", FakeParams()), entry_points=False)
    registry = plugins.registry
    assert registry.params_model("web_app", "fake2") is FakeWebAppParams
    assert registry.params_model("web_app", "other") is WebAppParams
    assert registry.params_model("widget", "fake") is None
    stack = build_stack(spec({"kind": "web_app", "params": {"size": 2}}, cloud="fake2"), plugins)
    assert stack.components["app"].params == {"size": 2}


def test_a_kind_without_a_model_takes_no_parameters(plugins, iacf_plugins):
    extra = iacf_plugins(("fake", plugins.pm.get_plugin("fake")), ("fakeparams", FakeParams()), entry_points=False)
    assert build_stack(spec({"kind": "widget"}), extra)
    with pytest.raises(SpecError, match=r"components\[0\] 'widget' \(widget\): kind widget takes no parameters "
                                        r"\(given: colour\)"):
        build_stack(spec({"kind": "widget", "params": {"colour": "red"}}), extra)


def test_two_plugins_cannot_register_parameters_for_the_same_kind_and_cloud(iacf_plugins):
    class Other:
        @hookimpl
        def iacf_register_components(self, register):  # type: ignore[no-untyped-def]
            register(ComponentKind(name="web_app", params=FakeWebAppParams))

    with pytest.raises(PluginError, match=r"parameters of component kind 'web_app' are registered by both plugin "
                                          r"'core' and plugin 'other'"):
        _ = iacf_plugins(("other", Other()), entry_points=False).registry

    class NotAModel:
        @hookimpl
        def iacf_register_components(self, register):  # type: ignore[no-untyped-def]
            register(ComponentKind(name="thing", params=dict))  # type: ignore[arg-type]

    with pytest.raises(PluginError, match="params that are not a pydantic model"):
        _ = iacf_plugins(("bad", NotAModel()), entry_points=False).registry


def test_the_schema_is_a_union_discriminated_by_kind(plugins):
    schema = spec_schema(plugins.registry)
    jsonschema.Draft202012Validator.check_schema(schema)
    items = schema["properties"]["components"]["items"]
    assert items["discriminator"]["propertyName"] == "kind"
    assert set(items["discriminator"]["mapping"]) == {"web_app", "relational_database"}
    assert schema["properties"]["cloud"]["const"] == "fake"
    web = schema["$defs"]["WebAppParams"]
    assert web["additionalProperties"] is False
    assert "django" in web["properties"]["framework"]["enum"]
    assert web["properties"]["replicas"] == {
        "description": web["properties"]["replicas"]["description"], "maximum": 1000, "minimum": 1,
        "title": "Replicas", "type": "integer"}, "a parameter is stated or left out: no null, no default"
    check = jsonschema.Draft202012Validator(schema)
    good = {"project": "shop", "cloud": "fake", "components": [{"kind": "web_app", "params": {"framework": "flask"}}]}
    assert not list(check.iter_errors(good))
    for bad in ({"framework": "djang"}, {"replicas": 0}, {"colour": "red"}, {"port": None}):
        wrong = {**good, "components": [{"kind": "web_app", "params": bad}]}
        assert list(check.iter_errors(wrong)), bad
    wrong = {**good, "components": [{"kind": "kafka"}]}
    assert list(check.iter_errors(wrong))


def test_a_decision_trigger_names_the_stated_parameters():
    assert stated_trigger({"replicas": 5}, ("replicas",), "environment = dev") == "replicas = 5"
    assert stated_trigger({"cpu": 512, "fifo": True}, ("cpu", "memory", "fifo"), "environment = prod") == \
        "cpu = 512; fifo = true; environment = prod"
    assert stated_trigger({}, ("cpu",), "environment = dev") == "environment = dev"


def test_kinds_outside_the_catalogue_and_wrong_parameters_are_reported_together(plugins):
    with pytest.raises(SpecError) as info:
        build_stack(spec({"kind": "kafka", "params": {"x": 1}}, {"kind": "web_app", "params": {"port": "80"}}),
                    plugins)
    lines = info.value.message.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("the fake catalogue cannot generate 'kafka'")
    assert lines[1] == "components[1] 'app' (web_app): params.port = '80': input should be a valid integer"
