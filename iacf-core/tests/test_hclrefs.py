"""Following a Terraform expression to where its value comes from (iacf_core.toolkit.hclrefs)."""

from __future__ import annotations

from pathlib import Path

from iacf_core.toolkit.hclrefs import Configuration, _branches


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _kinds(config: Configuration, expr: str, folder: Path) -> list[tuple[str, str]]:
    return sorted((s.kind, s.address) for s in config.sources(expr, folder))


def test_conditional_branches_never_include_the_condition():
    assert _branches("var.on ? aws_a.b[0].c : null") == ["aws_a.b[0].c", "null"]
    assert _branches("(var.x ? (var.y ? a_b.c : c_d.e) : \"z\")") == ["a_b.c", "c_d.e", '"z"']
    assert _branches("var.a ? var.b ? x_y.z : q_r.s : null") == ["x_y.z", "q_r.s", "null"]
    assert _branches('lookup(m, "a:b", null)') == ['lookup(m, "a:b", null)']
    assert _branches("[for o in x : o.y]") == ["[for o in x : o.y]"]


def test_locals_module_outputs_and_variables_are_followed(tmp_path):
    root = _write(tmp_path, {
        "main.tf": '''
module "inner" {
  source = "./modules/inner"
  given  = var.enabled ? data.aws_thing.d.arn : null
}

locals {
  picked = one(module.inner.out[*])
  listed = [module.inner.passed, "arn:aws:literal"]
}
''',
        "modules/inner/main.tf": '''
variable "given" {
  type = string
}

variable "unset" {
  type    = string
  default = null
}

output "out" {
  value = coalesce(aws_res_type.r.arn, var.unset)
}

output "passed" {
  value = var.given
}
''',
    })
    config = Configuration(root)
    assert _kinds(config, "${local.picked}", root) == [("null", "null"), ("resource", "aws_res_type.r")]
    assert _kinds(config, "${local.listed}", root) == [("data", "aws_thing.d"), ("literal", "arn:aws:literal"),
                                                       ("null", "null")]
    # a root variable, each., a registry module's output: the value comes from outside what can be read
    assert _kinds(config, "${var.enabled}", root) == [("variable", "var.enabled")]
    assert _kinds(config, "${each.value.arn}", root) == [("unknown", "each.value.arn")]
    (root / "registry.tf").write_text('module "remote" {\n  source = "terraform-aws-modules/x/aws"\n}\n')
    assert _kinds(Configuration(root), "${module.remote.arn}", root) == [("unknown", "module.remote.arn")]


def test_a_reference_cycle_ends(tmp_path):
    root = _write(tmp_path, {"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"})
    assert Configuration(root).sources("${local.a}", root) == []
