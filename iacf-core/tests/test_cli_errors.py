"""Errors a user meets: every fault of an input at once, with its place; the documented exit codes; the help."""

from __future__ import annotations

import codecs
import os
import socket

import pytest

SPEC = "project: shop\ncloud: fake\ncomponents:\n  - kind: web_app\n"


def error_lines(res):
    lines = res.stderr.splitlines()
    assert lines and all(line.startswith("iacf: error: ") for line in lines), res.stderr
    assert "Traceback" not in res.stderr
    return [line.removeprefix("iacf: error: ") for line in lines]


def test_every_spec_error_at_once_with_line_path_and_value(fake_cli, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text("project: Not A Slug\ncloud: fake\nenvironment: moon\nfoo: 1\ncomponents:\n"
                    "  - kind: web_app\n    extra: 2\n  - name: Bad Name\n")
    res = fake_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and not (tmp_path / "o").exists()
    lines = error_lines(res)
    assert len(lines) == 6, lines
    where = [line.split(": ", 1)[0].rsplit(", ", 1)[-1] for line in lines]
    assert where == ["line 1", "line 3", "line 4", "line 7", "line 8", "line 8"]  # in the order of the file
    assert lines[0].endswith("(value: 'Not A Slug')") and ": project: must be 3-15 characters" in lines[0]
    assert "environment: 'moon' is not one of 'dev', 'staging', 'prod' (nor a name of one" in lines[1]
    assert "foo: unknown field (fields: project, cloud, environment" in lines[2]
    assert "components[0].extra: unknown field (fields: kind, name, params, words) (value: 2)" in lines[3]
    assert "components[1].kind: required field missing" in lines[4]
    assert "components[1].name: must be snake_case" in lines[5]


@pytest.mark.parametrize(("name", "body", "expected"), [
    ("bad.yaml", b"project: shop\ncomponents: [unclosed\n", "bad.yaml, line 3, column 1: not valid YAML: expected ','"),
    ("tab.yaml", b"project: shop\n\tcloud: fake\n", "line 2, column 1: not valid YAML: found character '\\t'"),
    ("dup.yaml", b"project: a\ncloud: fake\nproject: b\n", "line 3, column 1: not valid YAML: found a duplicate key"),
    ("tag.yaml", b"project: !!python/object/apply:os.system ['id']\n",
     "line 1, column 10: not valid YAML: unsupported tag '!!python/object/apply:os.system'"),
    ("bin.yaml", b"project: !!binary aGVsbG8=\n", "unsupported tag '!!binary'"),
    ("bomb.yaml", b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [" + b"*a, " * 99 + b"*a]\nc: &c [" + b"*b, " * 99
     + b"*b]\nproject: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "more than 100000 values once aliases"),
    ("self.yaml", b"a: &a [*a]\n", "an alias refers to itself"),
    ("deep.yaml", b"project: " + b"[" * 500 + b"]" * 500 + b"\n", "nested more than 64 levels deep"),
    ("latin1.yaml", "project: café\n".encode("latin-1"), "line 1, column 13: not UTF-8 text (byte 0xe9)"),
    ("nul.yaml", b"project: shop\ncloud: f\x00ake\n", "line 2, column 9: a NUL character"),
    ("ctl.yaml", b"project: sh\x01op\n", "line 1, column 12: not valid YAML: control character #x0001"),
    ("list.yaml", b"- a\n", "must hold a mapping of fields, not a list"),
    ("empty.yaml", b"", "must hold a mapping of fields, not nothing"),
    ("bad.json", b'{"project": "shop",\n  "cloud": }', "line 2, column 12: not valid JSON: Expecting value"),
    ("dup.json", b'{"project": "a", "project": "b"}', "not valid JSON: duplicate key 'project'"),
    ("big.yaml", b"# " + b"x" * (1024 * 1024), "is larger than 1024 KiB"),
])
def test_spec_syntax_errors_name_the_place(fake_cli, tmp_path, name, body, expected):
    path = tmp_path / name
    path.write_bytes(body)
    res = fake_cli("generate", "--spec", str(path), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    (line,) = error_lines(res)
    assert expected in line, line
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_spec_in_unicode_encodings_with_a_bom(fake_cli, tmp_path, encoding):
    path = tmp_path / "s.yaml"
    body = SPEC.encode(encoding)
    if encoding == "utf-16-be":
        body = codecs.BOM_UTF16_BE + body
    path.write_bytes(body)
    res = fake_cli("generate", "--spec", str(path), "--out", str(tmp_path / "o"), "--no-validate")
    assert res.exit_code == 0, res.stderr


def test_unquoted_dates_stay_strings(fake_cli, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SPEC + "tags:\n  Created: 2024-01-01\n")
    res = fake_cli("generate", "--spec", str(path), "--out", str(tmp_path / "o"), "--no-validate")
    assert res.exit_code == 0, res.stderr


def test_policy_errors_at_once_and_with_the_spec_errors(fake_cli, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text("owner = 3\nfoo = 1\n[budget]\nrecipients = ['nope']\nmonthly_amount = -1\n")
    spec = tmp_path / "s.yaml"
    spec.write_text("project: X\ncloud: fake\ncomponents: [{kind: web_app}]\n")
    res = fake_cli("generate", "--spec", str(spec), "--policy", str(policy), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    lines = error_lines(res)
    assert [line.split(": ", 2)[1] for line in lines] == [
        "owner", "foo", "budget.recipients", "budget.monthly_amount", "project"]  # in the order of the file
    assert "'nope' is not an e-mail address (value: ['nope'])" in lines[2] and ", line 4, column 1: " in lines[2]
    assert lines[-1].startswith(f"spec file {spec}, line 1: project:")


def test_toml_syntax_error_has_line_and_column(fake_cli, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text("owner = 'a'\ncost_center = \n")
    res = fake_cli("generate", "Django sur FakeCloud", "--policy", str(policy), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert error_lines(res) == [f"policy file {policy}, line 2, column 15: not valid TOML: Invalid value"]


def test_values_with_a_trailing_newline_are_refused(fake_cli, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text('project: "shop\\n"\ncloud: fake\ncomponents: [{kind: web_app, name: "app\\n"}]\n')
    res = fake_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and len(error_lines(res)) == 2
    res = fake_cli("generate", "Django sur FakeCloud", "--project", "shop\n", "--out", str(tmp_path / "o"))
    assert res.exit_code == 2 and "(value: 'shop\\n')" in res.stderr


@pytest.mark.parametrize("option", ["--region", "--cloud", "--project"])
def test_an_empty_option_is_an_error_not_the_default(fake_cli, tmp_path, option):
    res = fake_cli("generate", "Django sur FakeCloud", option, "", "--out", str(tmp_path / "o"))
    assert res.exit_code == 2
    assert error_lines(res) == [f"{option} is empty: give a value or leave the option out"]


def test_bad_out_paths_are_exit_2_and_write_nothing(fake_cli, tmp_path):
    (tmp_path / "file").write_text("keep")
    (tmp_path / "loop").symlink_to("loop")
    cases = ["/proc/iacf-out", str(tmp_path / "file"), str(tmp_path / "file" / "sub"), str(tmp_path / "loop"),
             str(tmp_path / ("n" * 300)), "out\x00"]
    for out in cases:
        res = fake_cli("generate", "Django sur FakeCloud", "--out", out)
        assert res.exit_code == 2, (out, res.stderr)
        assert len(error_lines(res)) == 1 and res.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "loop"]
    assert (tmp_path / "file").read_text() == "keep"


def test_bare_iacf_prints_the_help_and_exits_0(fake_cli):
    for args in ((), ("factory",)):
        res = fake_cli(*args)
        assert res.exit_code == 0 and res.stderr == ""
        assert res.stdout.startswith("Usage: iacf") and "Commands:" in res.stdout


def test_help_lists_choices_and_no_types_for_flags(fake_cli, tmp_path):
    res = fake_cli("generate", "--help")
    assert res.exit_code == 0
    assert "--env [dev|staging|prod]" in res.stdout and "--module-source [vendor|git]" in res.stdout
    assert "<bool>" not in res.stdout and "--force " in res.stdout
    assert "pip install 'iacf-core[mcp]'" in " ".join(fake_cli("mcp", "--help").stdout.split())
    res = fake_cli("generate", "Django", "--env", "qq")
    assert res.exit_code == 2
    assert error_lines(res) == ["Invalid value for '--env': 'qq' is not one of 'dev', 'staging', 'prod' (nor a "
                                "name of one, such as production, recette, uat) (see `iacf generate --help`)"]
    # a name a request uses for an environment is that environment
    res = fake_cli("generate", "Django sur FakeCloud", "--env", "production", "--out", str(tmp_path / "p"),
                   "--json", "--no-validate")
    assert res.exit_code == 0 and '"environment": "prod"' in res.stdout
    res = fake_cli("generate", "Django sur FakeCloud", "--env", "PROD", "--out", str(tmp_path / "o"), "--json",
                   "--no-validate")
    assert res.exit_code == 0 and '"environment": "prod"' in res.stdout  # choices are case-insensitive


def test_no_validate_says_what_was_skipped(fake_cli, tmp_path):
    out = tmp_path / "o"
    res = fake_cli("generate", "Django sur FakeCloud", "--out", str(out), "--no-validate")
    assert res.exit_code == 0
    assert (f"Validation skipped (--no-validate): the static gates (HCL, secrets, tags, ingress, governance "
            f"coverage), terraform fmt, terraform validate and Checkov did not run; run `iacf validate {out}`"
            in res.stdout)


def test_validate_survives_special_and_vanishing_files(fake_cli, tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "main.tf").write_text('resource "null_resource" "a" {}\n')
    (tmp_path / "gone.tf").write_text('resource "null_resource" "b" {}\n')
    (tmp_path / "dangling.tf").symlink_to("nowhere.tf")
    (tmp_path / "up").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "pipe.tf")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.sock"))
    real_read = Path.read_text

    def vanishing(self, *args, **kwargs):
        if self.name == "gone.tf":
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", vanishing)
    try:
        res = fake_cli("validate", str(tmp_path), "--json")
    finally:
        sock.close()
    assert res.exit_code == 1, res.stderr  # a finding, never a plugin failure (3) or an internal error (70)
    import json

    findings = json.loads(res.stdout)["findings"]
    assert [(f["check"], f["file"]) for f in findings if f["severity"] == "error"] == [
        ("iacf.hcl.unreadable", "gone.tf")]


def test_copy_for_the_tools_leaves_out_special_files_and_itself(tmp_path):
    from iacf_core.toolkit.validation.gates import copy_tree

    (tmp_path / "main.tf").write_text("x")
    os.mkfifo(tmp_path / "pipe.tf")
    (tmp_path / "up").symlink_to(tmp_path)
    (tmp_path / "gone").symlink_to("nowhere")
    target = tmp_path / "inner" / "copy"
    target.parent.mkdir()
    assert copy_tree(tmp_path, target) == 0
    assert sorted(p.name for p in target.iterdir()) == ["main.tf"]


def test_os_errors_on_user_paths_are_exit_2(fake_cli, monkeypatch):
    from iacf_core.app.commands import options

    def denied():
        raise PermissionError(13, "Permission denied", "/somewhere")

    monkeypatch.setattr(options, "plugins", denied)
    res = fake_cli("plugins")
    assert res.exit_code == 2 and error_lines(res) == ["Permission denied (/somewhere)"]


def test_messages_are_one_printable_line(fake_cli, tmp_path):
    res = fake_cli("validate", str(tmp_path / "a\nb\x1b[31mc"))
    assert res.exit_code == 2
    assert error_lines(res) == [f"folder {tmp_path}/a\\nb\\x1b[31mc does not exist"]
