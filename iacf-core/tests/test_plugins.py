from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from iacf_core import CloudInfo, ComponentKind, Stack, Term, hookimpl
from iacf_core.kernel.errors import PluginError
from iacf_core.kernel.plugins import Plugins, get_plugin_manager


def make_dist(tmp_path: Path, dist: str, module: str, code: str, ep_name: str) -> Path:
    """A fake installed distribution: a module and a .dist-info with an ``iacf`` entry point."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(code))
    info = tmp_path / f"{dist.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[iacf]\n{ep_name} = {module}\n")
    return tmp_path


@pytest.fixture
def on_path(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("fakeplug")]:
        del sys.modules[name]


GOOD = """
from iacf_core import hookimpl, ComponentKind

@hookimpl
def iacf_register_components(register):
    register(ComponentKind(name="fakeplug_kind", clouds=("x",)))
"""


def test_entry_point_discovery_with_a_fake_distribution(on_path):
    make_dist(on_path, "fakeplug-dist", "fakeplug_good", GOOD, "fakeplug")
    plugins = Plugins(get_plugin_manager())
    info = next(i for i in plugins.infos() if i.name == "fakeplug")
    assert (info.distribution, info.version) == ("fakeplug-dist", "1.2.3")
    assert info.hooks == ("iacf_register_components",)
    assert "fakeplug_kind" in plugins.registry.kinds


def test_block_list_environment_variable(on_path, monkeypatch):
    make_dist(on_path, "fakeplug-dist", "fakeplug_good", GOOD, "fakeplug")
    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "fakeplug, other")
    plugins = Plugins(get_plugin_manager())
    assert "fakeplug" not in [i.name for i in plugins.infos()]
    assert "fakeplug_kind" not in plugins.registry.kinds


def test_builtin_core_plugin_can_be_blocked(monkeypatch):
    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "core")
    plugins = Plugins(get_plugin_manager(load_entry_points=False))
    assert plugins.infos() == []


def test_broken_plugin_import_is_a_clean_error(on_path):
    make_dist(on_path, "fakeplug-broken", "fakeplug_broken", "raise RuntimeError('boom at import')\n", "fakeplug")
    with pytest.raises(PluginError, match=r"plugin 'fakeplug' \(distribution fakeplug-broken\) failed to load: RuntimeError: boom"):
        get_plugin_manager()


def test_unknown_hook_fails_check_pending():
    class Typo:
        @hookimpl
        def iacf_resolve_dependency(self, stack):  # missing "ies"
            pass

    with pytest.raises(PluginError, match="unknown hook"):
        get_plugin_manager(load_entry_points=False, extra=[("typo", Typo())])


def test_duplicate_kind_names_both_plugins():
    class A:
        @hookimpl
        def iacf_register_components(self, register):
            register(ComponentKind(name="thing", clouds=("c",)))

    class B(A):
        pass

    plugins = Plugins(get_plugin_manager(load_entry_points=False, extra=[("one", A()), ("two", B())]))
    with pytest.raises(PluginError, match="'thing' for cloud 'c' is registered by both plugin 'one' "
                                          r"\(registered in process\) and plugin 'two' \(registered in process\)"):
        _ = plugins.registry


def test_conflicting_phrase_names_both_plugins():
    class A:
        @hookimpl
        def iacf_register_vocabulary(self, register):
            register(Term("blue", "environment", "prod"))

    class B:
        @hookimpl
        def iacf_register_vocabulary(self, register):
            register(Term("Blue", "environment", "dev"))

    plugins = Plugins(get_plugin_manager(load_entry_points=False, builtins=False, extra=[("a", A()), ("b", B())]))
    with pytest.raises(PluginError, match="'Blue' is registered with two meanings, by plugin 'a'.*plugin 'b'"):
        _ = plugins.registry


def test_same_phrase_same_meaning_is_fine():
    class A:
        @hookimpl
        def iacf_register_vocabulary(self, register):
            register(Term("prod", "environment", "prod"))

    plugins = Plugins(get_plugin_manager(load_entry_points=False, extra=[("a", A())]))
    assert plugins.registry.terms[("prod",)].value == "prod"


def test_hook_that_raises_is_reported_with_plugin_name(plugins):
    class Exploding:
        IACF_EVERY_CLOUD = True

        @hookimpl
        def iacf_resolve_dependencies(self, stack):
            raise ValueError("kaboom")

    from iacf_core.kernel.models import Spec

    extra = Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                                         ("exploding", Exploding())]))
    spec = Spec(project="demo", cloud="fake", components=[{"kind": "web_app"}])
    stack = Stack(spec=spec, region="fr-1")
    with pytest.raises(PluginError, match="plugin 'exploding'.*failed in iacf_resolve_dependencies: ValueError: kaboom"):
        extra.resolve_dependencies(stack)


def test_hook_render_module_firstresult(plugins):
    from iacf_core.kernel.models import Component, Provenance, Spec
    from iacf_core.kernel.rendering import Renderer

    spec = Spec(project="demo", cloud="fake", components=[{"kind": "web_app"}])
    stack = Stack(spec=spec, region="fr-1")
    comp = Component(id="app", kind="web_app", provenance=Provenance(source="spec"))
    files = plugins.render_module(comp, stack, Renderer(plugins.registry))
    assert [f.path for f in files] == ["main.tf"]


def test_hook_register_templates_rejects_missing_folder(tmp_path):
    from iacf_core import TemplateSource

    class Bad:
        @hookimpl
        def iacf_register_templates(self, register):
            register(TemplateSource("bad", tmp_path / "nope"))

    plugins = Plugins(get_plugin_manager(load_entry_points=False, extra=[("bad", Bad())]))
    with pytest.raises(PluginError, match="does not exist"):
        _ = plugins.registry


DUP_CLOUD = """
from iacf_core import CloudInfo, ComponentKind, hookimpl

@hookimpl
def iacf_register_clouds(register):
    register(CloudInfo(name="dupcloud", title="Dup", default_region="d-1"))
"""

DUP_KIND = """
from iacf_core import ComponentKind, hookimpl

@hookimpl
def iacf_register_components(register):
    register(ComponentKind(name="fakeplug_thing", clouds=("dupcloud",)))
"""


@pytest.mark.parametrize(("code", "what"), [(DUP_CLOUD, "cloud 'dupcloud'"),
                                            (DUP_KIND, "kind 'fakeplug_thing' for cloud 'dupcloud'")])
def test_two_owners_are_one_line_exit_3_naming_both_distributions(on_path, iacf_cli, code, what):
    make_dist(on_path, "fakeplug-one", "fakeplug_one", code, "fakeplug_one")
    (on_path / "fakeplug_two.py").write_text(textwrap.dedent(code))
    info = on_path / "fakeplug_two-2.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeplug-two\nVersion: 2.0.0\n")
    (info / "entry_points.txt").write_text("[iacf]\nfakeplug_two = fakeplug_two\n")
    res = iacf_cli("plugins")
    assert res.exit_code == 3 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr, res.stderr
    assert f"{what} is registered by both plugin 'fakeplug_one' (distribution fakeplug-one) and plugin " \
           "'fakeplug_two' (distribution fakeplug-two)" in res.stderr


class Owner:
    """Owns the cloud ``c`` and its kind ``k``; records every routed call."""

    def __init__(self, calls, clouds=("c",), kinds=("k",), renders=True):
        self.calls, self.clouds, self.kinds, self.renders = calls, clouds, kinds, renders

    @hookimpl
    def iacf_register_clouds(self, register):
        for cloud in self.clouds:
            register(CloudInfo(name=cloud, title=cloud, default_region="r-1"))

    @hookimpl
    def iacf_register_components(self, register):
        for kind in self.kinds:
            register(ComponentKind(name=kind, clouds=("c",)))

    @hookimpl
    def iacf_resolve_dependencies(self, stack):
        self.calls.append(("resolve", self))

    @hookimpl
    def iacf_render_module(self, component, stack, renderer):
        self.calls.append(("render", self))
        return [] if self.renders else None


def test_routing_order_owner_kind_owners_then_followers():
    from iacf_core.kernel.models import Component, Provenance, Spec

    calls = []

    class Follower:
        IACF_EVERY_CLOUD = True

        @hookimpl
        def iacf_resolve_dependencies(self, stack):
            calls.append(("resolve", self))

    owner, extra, follower = Owner(calls), Owner(calls, clouds=(), kinds=("j",), renders=False), Follower()
    stranger = Owner(calls, clouds=("d",), kinds=())
    # registered follower first and the owner last: the order is ownership's, not registration's
    pm = get_plugin_manager(load_entry_points=False, builtins=False,
                            extra=[("follower", follower), ("extra", extra), ("stranger", stranger), ("owner", owner)])
    plugins = Plugins(pm)
    stack = Stack(spec=Spec(project="demo", cloud="c", components=[{"kind": "k"}]), region="r-1")
    plugins.resolve_dependencies(stack)
    assert calls == [("resolve", owner), ("resolve", extra), ("resolve", follower)]
    assert plugins.called_on("iacf_resolve_dependencies", "d") == ["stranger", "follower"]
    calls.clear()
    # the kind's owner answers first; a None from it leaves the component to the cloud's owner
    assert plugins.render_module(Component(id="x", kind="j", provenance=Provenance(source="spec")), stack, None) == []
    assert calls == [("render", extra), ("render", owner)]
    assert plugins.called_on("iacf_render_module", "c", kind="k") == ["owner"]


def test_a_routed_hook_that_could_never_be_called_is_refused():
    class Orphan:
        @hookimpl
        def iacf_render_project(self, stack, renderer):
            return []

    with pytest.raises(PluginError, match="plugin 'orphan' .*implements iacf_render_project, which is called on "
                                          "the cloud's plugins only.*IACF_EVERY_CLOUD = True"):
        _ = Plugins(get_plugin_manager(load_entry_points=False, extra=[("orphan", Orphan())])).registry

    class KindOnly:  # owns a kind, so it is a cloud's plugin, but never the cloud's owner
        @hookimpl
        def iacf_register_components(self, register):
            register(ComponentKind(name="k", clouds=("c",)))

        @hookimpl
        def iacf_verify(self, project_dir, options):
            return None

    with pytest.raises(PluginError, match="implements iacf_verify, which is called on the cloud's owner only, but "
                                          "registers no cloud"):
        _ = Plugins(get_plugin_manager(load_entry_points=False, extra=[("kindonly", KindOnly())])).registry
