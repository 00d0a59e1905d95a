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


def test_checkov_skips_name_the_block_they_sit_in():
    """DECISIONS.md lists each inline skip with the resource or module opened on or before its line."""
    from iacf_core.engine.docs import checkov_skips
    from iacf_core.kernel.models import RenderedFile

    main = ('#checkov:skip=CKV_X_1:before any block\n'
            'resource "aws_s3_bucket" "logs" { #checkov:skip=CKV_AWS_18:the access-log bucket itself\n'
            '  bucket = "x"\n'
            '  # checkov:skip=CKV_AWS_144: one region\n'
            '}\n\n'
            '  module "net" {\n'
            '  #checkov:skip=CKV_TF_1\n'
            '}\n'
            'data "aws_iam_policy_document" "p" {\n'
            '  #checkov:skip=CKV_AWS_111:still in the module above: data blocks are not resources\n'
            '}\n')
    files = [RenderedFile(path="main.tf", content=main),
             RenderedFile(path="a.tf", content='resource "t" "n" {\n  #checkov:skip=CKV_A_1:first file\n}\n'),
             RenderedFile(path="README.md", content="#checkov:skip=CKV_NOT_TF:not a Terraform file\n")]
    got = [(s.file, s.resource, s.check, s.reason) for s in checkov_skips(files)]
    assert got == [("a.tf", "t.n", "CKV_A_1", "first file"),
                   ("main.tf", "", "CKV_X_1", "before any block"),
                   ("main.tf", "aws_s3_bucket.logs", "CKV_AWS_144", "one region"),
                   ("main.tf", "aws_s3_bucket.logs", "CKV_AWS_18", "the access-log bucket itself"),
                   ("main.tf", "module.net", "CKV_AWS_111", "still in the module above: data blocks are not resources"),
                   ("main.tf", "module.net", "CKV_TF_1", "")]
