from __future__ import annotations

import jinja2
import pytest

from iacf_core.kernel.rendering import Renderer, hcl_value


@pytest.mark.parametrize(
    ("value", "hcl"),
    [(True, "true"), (None, "null"), (3, "3"), ("a\"b", '"a\\"b"'), ("${x}", '"$${x}"'),
     (["a", 1], '["a", 1]'), ({"b": 1, "a": "x"}, '{ a = "x", b = 1 }'), ({}, "{}")],
)
def test_hcl_value(value, hcl):
    assert hcl_value(value) == hcl


def test_strict_undefined(plugins):
    renderer = Renderer(plugins.registry)
    template = renderer.env.from_string("{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_user_override_folder_wins(plugins, tmp_path, monkeypatch):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "DECISIONS.md.j2").write_text("custom {{ stack }}")
    monkeypatch.setenv("IACF_TEMPLATES_DIR", str(tmp_path))
    renderer = Renderer(plugins.registry)
    assert renderer.render("core/DECISIONS.md.j2", stack="s") == "custom s"
    monkeypatch.delenv("IACF_TEMPLATES_DIR")
    assert "Decisions" in Renderer(plugins.registry).env.loader.get_source(Renderer(plugins.registry).env, "core/DECISIONS.md.j2")[0]
