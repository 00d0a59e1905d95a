"""Plugin snapshots (iacf_core.engine.snapshots): a plugin declaring a static registration is registered from its
snapshot and imported only when one of its other hooks is called; the registry and the generated files are the
same either way."""

from __future__ import annotations

import hashlib
import json
import sys
import textwrap
import types
from functools import partial
from pathlib import Path

import pytest
from importlib.metadata import entry_points

from iacf_core.engine import snapshots
from iacf_core.engine.pipeline import generate
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.kernel.registry import ModelRef
from iacf_core.request.parser import parse_request

PLUGIN = '''
"""A fake cloud for the snapshot tests."""
import re
from pathlib import Path

from iacf_core import hookimpl, CheckRating, CloudInfo, ComponentKind, SecretPattern, TemplateSource, Term
from iacf_core.kernel.registry import TerraformProvider

from .params import SnapParams
from .policy import POLICY_SECTION

IACF_STATIC_REGISTRATION = True
CALLS = []


@hookimpl
def iacf_register_clouds(register):
    register(CloudInfo(name="snapcloud", title="Snap", default_region="r1", regions=("r1", "r2"),
                       provider=TerraformProvider("snap", "example/snap", "~> 1.0")))


@hookimpl
def iacf_register_components(register):
    register(ComponentKind(name="snap_store", description="A store", clouds=("snapcloud",), default_id="store",
                           params=SnapParams, access=("read", "write"), default_access="read"))


@hookimpl
def iacf_register_vocabulary(register):
    register(Term("snapcloud", "cloud", "snapcloud"))
    register(Term("snap store", "component", "snap_store", params=(("size", 3), ("tiers", ("a", "b")),
                                                                  ("on", True))))


@hookimpl
def iacf_register_checks(register):
    register(CheckRating("CKV_SNAP_1", "high", "encryption-keys", "Encrypted"))


@hookimpl
def iacf_register_templates(register):
    register(TemplateSource("snapcloud", Path(__file__).parent / "templates"))


@hookimpl
def iacf_register_secret_patterns(register):
    register(SecretPattern("iacf.secrets.snap", re.compile(r"SNAP[0-9]{8}", re.IGNORECASE), "A snap key"))


@hookimpl
def iacf_register_policy(register):
    register(POLICY_SECTION)


@hookimpl
def iacf_validate(out_dir):
    CALLS.append(out_dir)
    return []
'''

PARAMS = '''
from iacf_core import KindParams

class SnapParams(KindParams):
    size: int | None = None
'''

POLICY = '''
from pydantic import BaseModel, ConfigDict
from iacf_core import PolicySection

class SnapPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mode: str = "strict"

POLICY_SECTION = PolicySection("snapcloud", SnapPolicy, cloud="snapcloud", description="Snap settings")
'''


def make_plugin(root: Path, *, static: bool = True, editable: bool = False, record: str = "v1") -> None:
    package = root / "fakesnap"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    code = PLUGIN if static else PLUGIN.replace("IACF_STATIC_REGISTRATION = True", "")
    (package / "plugin.py").write_text(textwrap.dedent(code))
    (package / "params.py").write_text(textwrap.dedent(PARAMS))
    (package / "policy.py").write_text(textwrap.dedent(POLICY))
    info = root / "fakesnap-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakesnap\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[iacf]\nsnapcloud = fakesnap.plugin\n")
    (info / "RECORD").write_text(f"fakesnap/plugin.py,sha256={record},1\n")
    url = {"url": f"file://{root}", "dir_info": {"editable": True} if editable else {}}
    (info / "direct_url.json").write_text(json.dumps(url))


@pytest.fixture
def fake(tmp_path, monkeypatch):
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("IACF_DISABLE_PLUGINS", "aws,azure,gcp,governance")  # the fake plugin alone, quick
    yield root
    forget()


def forget() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == "fakesnap"]:
        del sys.modules[name]


def loaded(core: str = "core-1") -> Plugins:
    plugins = Plugins(get_plugin_manager(load=partial(snapshots.load, core=core)))
    _ = plugins.registry
    return plugins


def plugin_of(plugins: Plugins) -> object:
    return dict(plugins.pm.list_name_plugin())["snapcloud"]


def kept(cache: Path) -> list[Path]:
    return sorted((cache / "plugins").glob("snapcloud-*.json"))


def summary(plugins: Plugins) -> dict[str, object]:
    """What the registry holds, models as the classes they resolve to."""
    registry = plugins.registry
    return {
        "clouds": registry.clouds, "terms": registry.terms, "checks": registry.checks,
        "templates": registry.templates, "owners": registry.owners, "internal": registry.internal,
        "kinds": {name: (k.name, k.description, k.clouds, k.default_id, k.internal, k.access, k.default_access,
                         k.client) for name, k in registry.kinds.items()},
        "params": {key: registry.params_model(*key) for key in registry.params},
        "secrets": {k: (s.check, s.pattern.pattern, s.pattern.flags, s.title)
                    for k, s in registry.secret_patterns.items()},
        "policy": {k: (s.name, s.model.__module__, s.model.__qualname__, s.cloud, s.description, s.replaces)
                   for k, s in registry.policy_sections.items()},
        "infos": [(i.name, i.module, i.hooks, i.distribution, i.version) for i in plugins.infos()],
    }


def test_a_static_plugin_is_registered_from_its_snapshot_and_imported_when_called(fake, tmp_path):
    make_plugin(fake)
    first = loaded()
    assert isinstance(plugin_of(first), types.ModuleType) and "fakesnap.plugin" in sys.modules
    assert len(kept(tmp_path / "cache")) == 1
    eager = summary(first)
    forget()

    second = loaded()
    standin = plugin_of(second)
    assert standin is not sys.modules.get("fakesnap.plugin")
    assert "fakesnap.plugin" not in sys.modules and "fakesnap.params" not in sys.modules
    assert isinstance(second.registry.params[("snap_store", "snapcloud")], ModelRef)
    assert summary(second) == {**eager, "params": summary(second)["params"]}
    # the model is imported when asked for, without the plugin
    model = second.registry.params_model("snap_store", "snapcloud")
    assert model is sys.modules["fakesnap.params"].SnapParams and "fakesnap.plugin" not in sys.modules
    assert summary(second) == eager | {"params": eager["params"] | {("snap_store", "snapcloud"): model}}
    # another hook imports the plugin on its first call, with the arguments its function takes
    second.validate(tmp_path, None, clouds=("snapcloud",))
    assert sys.modules["fakesnap.plugin"].CALLS == [tmp_path]


def test_changed_files_or_another_core_are_not_read_from_an_old_snapshot(fake, tmp_path):
    make_plugin(fake)
    loaded()
    forget()
    (fake / "fakesnap-1.0.dist-info" / "RECORD").write_text("fakesnap/plugin.py,sha256=v2,1\n")
    plugins = loaded()
    assert plugin_of(plugins) is sys.modules["fakesnap.plugin"]  # imported: no snapshot of these files
    assert len(kept(tmp_path / "cache")) == 2
    forget()
    assert plugin_of(loaded(core="core-2")) is sys.modules["fakesnap.plugin"]


@pytest.mark.parametrize("options", [{"editable": True}, {"static": False}])
def test_editable_or_undeclared_plugins_are_always_imported(fake, tmp_path, options):
    make_plugin(fake, **options)
    for _ in range(2):
        forget()
        assert plugin_of(loaded()) is sys.modules["fakesnap.plugin"]
    assert kept(tmp_path / "cache") == []


def test_an_unreadable_snapshot_only_costs_the_import(fake, tmp_path):
    make_plugin(fake)
    loaded()
    forget()
    [path] = kept(tmp_path / "cache")
    path.write_text('{"format": 1, "module": "fakesnap.plugin", "hooks": ["iacf_register_clouds"], "items": '
                    '{"iacf_register_clouds": [{"c": ["NoSuchType"]}]}, "doc": ""}')
    assert plugin_of(loaded()) is sys.modules["fakesnap.plugin"]
    forget()
    assert "NoSuchType" not in path.read_text()  # written again
    assert plugin_of(loaded()) is not sys.modules.get("fakesnap.plugin")


def test_a_plugin_whose_hooks_changed_under_its_snapshot_is_a_clean_error(fake, tmp_path):
    make_plugin(fake)
    loaded()
    forget()
    plugins = loaded()
    (fake / "fakesnap" / "plugin.py").write_text(PLUGIN.replace("def iacf_validate(out_dir)", "def other(out_dir)"))
    with pytest.raises(Exception, match="implements other hooks than its snapshot says"):
        plugins.validate(tmp_path, None, clouds=("snapcloud",))


def test_snapshots_off_and_editable_core(monkeypatch):
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-1")
    assert snapshots.loader() is not None
    monkeypatch.setenv("IACF_PLUGIN_SNAPSHOTS", "0")
    assert snapshots.loader() is None
    monkeypatch.delenv("IACF_PLUGIN_SNAPSHOTS")
    monkeypatch.setattr(snapshots, "_core_record", lambda: None)
    assert snapshots.loader() is None


def test_items_that_cannot_be_kept_leave_the_plugin_imported():
    module = types.ModuleType("fakesnap_odd")
    module.IACF_STATIC_REGISTRATION = True

    def iacf_register_vocabulary(register):
        register(object())

    module.iacf_register_vocabulary = snapshots.hookspecs.hookimpl(iacf_register_vocabulary)
    with pytest.raises(snapshots.NotKept):
        snapshots.snapshot_of(module)
    module.IACF_STATIC_REGISTRATION = False
    with pytest.raises(snapshots.NotKept, match="not declared static"):
        snapshots.snapshot_of(module)


# -- the installed clouds ------------------------------------------------------------------------------------

@pytest.fixture
def cloud_snapshots(tmp_path, monkeypatch):
    """Snapshots of the installed plugins whatever their install (editable here): files fingerprinted alike."""
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(snapshots, "_fingerprint", lambda ep, core: hashlib.sha256(ep.name.encode()).hexdigest())
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-1")  # core's own terms kept too, as installed
    return tmp_path


def test_every_installed_cloud_is_snapshotted_and_reads_back_identical(cloud_snapshots):
    eager = loaded()
    clouds = {name for name, p in eager.pm.list_name_plugin() if getattr(p, "IACF_STATIC_REGISTRATION", False)}
    assert {"aws", "azure", "gcp"} <= clouds
    kept = {p.name.partition("-")[0] for p in (cloud_snapshots / "cache" / "plugins").glob("*.json")}
    assert kept == clouds | {"core.vocabulary"}  # the clouds' snapshots and core's own terms
    second = loaded()
    standins = {name for name, p in second.pm.list_name_plugin()
                if name in clouds and p is not eager.pm.get_plugin(name)}
    assert standins == clouds
    assert summary(second) == summary(eager)


@pytest.mark.parametrize("request_text", [
    "App web Django avec PostgreSQL en prod sur AWS",
    "Django app with PostgreSQL and a queue in staging on Azure",
    "Cloud Run API with Firestore in dev on GCP",
])
def test_generated_files_are_the_same_through_snapshots(cloud_snapshots, request_text):
    eager = loaded()
    parsed = parse_request(request_text, eager.registry)
    first = {f.path: f.content for f in generate(parsed.spec, eager, None, **parsed.stack_inputs()).files}
    second = loaded()
    assert any(isinstance(p, types.ModuleType) and p is not eager.pm.get_plugin(n)
               for n, p in second.pm.list_name_plugin())
    parsed = parse_request(request_text, second.registry)
    assert {f.path: f.content for f in generate(parsed.spec, second, None, **parsed.stack_inputs()).files} == first


def test_the_entry_points_under_test_are_the_installed_ones():
    assert {ep.name for ep in entry_points(group="iacf")} >= {"aws", "azure", "gcp"}


# -- core's own terms ------------------------------------------------------------------------------------------

def _built_vocabulary() -> list:
    from iacf_core.engine import builtin

    return builtin._vocabulary()


def test_core_terms_are_kept_and_read_back_with_their_words(tmp_path, monkeypatch):
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-1")
    builds = []

    def build():
        builds.append(1)
        return _built_vocabulary()

    first = snapshots.kept_terms("vocabulary", build)
    (path,) = (tmp_path / "cache" / "plugins").glob("core.vocabulary-*.json")
    second = snapshots.kept_terms("vocabulary", build)
    assert len(builds) == 1 and len(first) > 1000
    assert second == first and [t.key for t in second] == [t.key for t in first]
    assert all("key" in t.__dict__ for t in second)  # read back, not computed again
    assert [t.key for t in second] == [type(t)(t.phrase, t.category).key for t in second]
    # another core (or Python) reads its own file
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-2")
    snapshots.kept_terms("vocabulary", build)
    assert len(builds) == 2 and len(list(path.parent.glob("core.vocabulary-*.json"))) == 2


def test_unreadable_kept_terms_are_built_again_and_nothing_is_kept_when_snapshots_are_off(tmp_path, monkeypatch):
    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-1")
    built = snapshots.kept_terms("vocabulary", _built_vocabulary)
    (path,) = (tmp_path / "cache" / "plugins").glob("core.vocabulary-*.json")
    path.write_text('[{"w": ["half')
    assert snapshots.kept_terms("vocabulary", _built_vocabulary) == built
    assert json.loads(path.read_text())  # written again, whole
    path.unlink()
    monkeypatch.setenv("IACF_PLUGIN_SNAPSHOTS", "0")
    assert snapshots.kept_terms("vocabulary", _built_vocabulary) == built
    assert not path.exists()


def test_a_term_whose_words_would_not_read_back_is_not_kept(tmp_path, monkeypatch):
    from iacf_core.kernel.registry import Term

    monkeypatch.setenv("IACF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(snapshots, "_core_record", lambda: "core-1")
    odd = Term("a queue", "component", "queue", params=[("fifo", True)])  # a list where a tuple is expected
    assert snapshots.kept_terms("odd", lambda: [odd]) == [odd]
    assert not list((tmp_path / "cache" / "plugins").glob("core.odd-*.json"))
