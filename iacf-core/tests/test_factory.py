"""The module factory without terraform: semver rules, structure checks, docs, the local git backend."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from factory_fixtures import OUTPUTS_TF, VARIABLES_TF, module_files, write_module

from iacf_core.factory.backends import LocalGitBackend
from iacf_core.factory.checks import structure_problems
from iacf_core.factory.interface import diff, docs_block, read_interface, unmoved_renames, with_docs
from iacf_core.toolkit.modules import FactoryModuleSource, bump_version, content_hash, parse_tag
from iacf_core.factory.ops import FactoryUse, PublishRefused, harvest, init_factory, publish, with_changelog
from iacf_core.kernel.models import Component, Provenance, RenderedFile, Spec, Stack
from iacf_core.testing import check_json_output

OPTIONAL = ('\nvariable "versioning" {\n  type        = bool\n  description = "Keep versions."\n'
            '  default     = true\n}\n')
REQUIRED = '\nvariable "owner" {\n  type        = string\n  description = "Owner team."\n}\n'
NEW_OUTPUT = '\noutput "arn" {\n  description = "Bucket ARN."\n  value       = fake_bucket.this.arn\n}\n'


def iface(**overrides):
    return read_interface(module_files(**overrides))


BASE = iface()


@pytest.mark.parametrize(("overrides", "bump", "reason"), [
    ({"variables.tf": VARIABLES_TF.replace('"retention_days"', '"retention"')}, "major",
     "variable retention_days removed or renamed"),
    ({"outputs.tf": OUTPUTS_TF.replace('"id"', '"bucket_id"')}, "major", "output id removed or renamed"),
    ({"variables.tf": VARIABLES_TF.replace("type        = number", "type        = string")}, "major",
     "variable retention_days type changed from number to string"),
    ({"variables.tf": VARIABLES_TF + REQUIRED}, "major", "new required variable owner"),
    ({"variables.tf": VARIABLES_TF.replace("  default     = 30\n", "")}, "major",
     "variable retention_days lost its default (now required)"),
    ({"variables.tf": VARIABLES_TF + OPTIONAL}, "minor", "new optional variable versioning"),
    ({"outputs.tf": OUTPUTS_TF + NEW_OUTPUT}, "minor", "new output arn"),
])
def test_semver_rules(overrides, bump, reason):
    result = diff(BASE, iface(**overrides), content_changed=True)
    assert result.bump == bump
    assert reason in result.reasons


def test_major_wins_over_minor_and_patch_needs_a_change():
    both = diff(BASE, iface(**{"variables.tf": VARIABLES_TF + OPTIONAL + REQUIRED}), content_changed=True)
    assert both.bump == "major" and "new optional variable versioning" in both.reasons
    assert diff(BASE, iface(**{"main.tf": "# comment\n" + module_files()["main.tf"]}), True).bump == "patch"
    assert diff(BASE, iface(), content_changed=False).bump is None


def test_type_layout_is_not_a_type_change():
    spaced = VARIABLES_TF.replace("type        = number", "type        = object({ a = string })")
    packed = VARIABLES_TF.replace("type        = number", "type        = object({a=string})")
    assert diff(iface(**{"variables.tf": spaced}), iface(**{"variables.tf": packed}), True).bump == "patch"
    other = VARIABLES_TF.replace("type        = number", "type        = object({ a = number })")
    assert diff(iface(**{"variables.tf": spaced}), iface(**{"variables.tf": other}), True).bump == "major"


def test_versions_and_tags():
    assert [bump_version("1.4.2", b) for b in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]
    assert parse_tag("aws-kms_key-v1.10.0") == ("aws", "kms_key", "1.10.0")
    assert parse_tag("aws-kms_key-1.0.0") is None


def test_rename_needs_a_moved_block():
    renamed = module_files()["main.tf"].replace('"this"', '"main"')
    outputs = OUTPUTS_TF.replace("fake_bucket.this", "fake_bucket.main")
    problems = unmoved_renames(BASE, iface(**{"main.tf": renamed, "outputs.tf": outputs}))
    assert problems == ["resource fake_bucket.this was renamed or moved to fake_bucket.main without a moved block "
                        "(add moved { from = fake_bucket.this  to = fake_bucket.main })"]
    moved = renamed + "\nmoved {\n  from = fake_bucket.this\n  to   = fake_bucket.main\n}\n"
    new = iface(**{"main.tf": moved, "outputs.tf": outputs})
    assert new.moved == [("fake_bucket.this", "fake_bucket.main")]
    assert unmoved_renames(BASE, new) == []


def test_structure_refused_with_every_reason():
    files = module_files(**{
        "variables.tf": 'variable "name" {\n  type = string\n}\n\nvariable "size" {\n  description = "Size."\n}\n',
        "outputs.tf": 'output "id" {\n  value = fake_bucket.this.id\n}\n',
        "versions.tf": 'terraform {\n  required_version = ">= 1.3.0"\n\n  required_providers {\n'
                       '    fake = {\n      source = "example/fake"\n    }\n  }\n}\n',
        "CHANGELOG.md": None, "tests/defaults.tftest.hcl": None,
    })
    problems, _, _ = structure_problems(files)
    assert problems == [
        "missing CHANGELOG.md",
        "missing tests/*.tftest.hcl (terraform test with mock_provider)",
        "variable name has no description",
        "variable size has no type",
        "output id has no description",
        "required_version '>= 1.3.0' must require terraform >= 1.5",
        "provider fake has no version constraint",
    ]
    assert structure_problems(module_files())[0] == []


def test_readme_tables_come_from_the_hcl():
    block = docs_block(iface(**{"variables.tf": VARIABLES_TF + OPTIONAL}))
    assert "| `name` | Bucket name. | `string` | n/a | yes |" in block
    assert "| `retention_days` | How long objects are kept. | `number` | `30` | no |" in block
    assert "| `versioning` | Keep versions. | `bool` | `true` | no |" in block
    assert "| `id` | Bucket id. |" in block
    assert "| [resource] | `fake_bucket.this` |" in block
    readme = with_docs("# bucket\n\nText.\n", BASE)
    assert readme.startswith("# bucket\n\nText.\n\n<!-- BEGIN_TF_DOCS -->")
    stale = readme.replace("| `id` | Bucket id. |", "| `old` | Gone. |") + "\n## Notes\n"
    refreshed = with_docs(stale, BASE)
    assert "`old`" not in refreshed and "| `id` | Bucket id. |" in refreshed and refreshed.endswith("## Notes\n")
    assert with_docs(refreshed, BASE) == refreshed


def test_changelog_entry_is_inserted_once():
    text = with_changelog("# Changelog\n\n## 1.0.0\n\n- first\n", "## 1.1.0\n\n- new\n", "1.1.0")
    assert text == "# Changelog\n\n## 1.1.0\n\n- new\n\n## 1.0.0\n\n- first\n"
    assert with_changelog(text, "## 1.1.0\n\n- newer\n", "1.1.0").count("## 1.1.0") == 1


# -- local git backend ----------------------------------------------------------------------------------


@pytest.fixture
def factory(tmp_path: Path) -> Path:
    files = {k: v for k, v in module_files().items() if k not in ("iacf-module.yaml", "CHANGELOG.md")}
    init_factory(tmp_path / "factory", [FactoryModuleSource("fake", "bucket", ("object_storage",), files,
                                                          "An encrypted bucket.")])
    return tmp_path / "factory"


def quiet(_message: str) -> None:
    pass


def test_local_publish_update_merge(factory: Path, tmp_path: Path):
    backend = LocalGitBackend(factory)
    module = write_module(tmp_path / "work", module_files(**{"variables.tf": VARIABLES_TF + OPTIONAL}))
    first = publish(module, backend, quiet, gates=False)
    assert (first.bump, first.version, first.pr, first.created) == ("minor", "1.1.0", 1, True)
    again = publish(module, backend, quiet, gates=False)
    assert (again.pr, again.created, again.updated) == (1, False, False)
    (module / "main.tf").write_text(module_files()["main.tf"] + "# tidied\n")
    third = publish(module, backend, quiet, gates=False)
    assert (third.pr, third.version, third.updated) == (1, "1.1.0", True)
    assert [p.number for p in backend.pulls()] == [1]
    head = backend.tree_files("publish/fake-bucket-v1.1.0", "modules/fake/bucket")
    assert head["main.tf"].endswith("# tidied\n") and "version: 1.1.0" in head["iacf-module.yaml"]
    (module / "tests" / "defaults.tftest.hcl").rename(module / "tests" / "plan.tftest.hcl")
    publish(module, backend, quiet, gates=False)
    head = backend.tree_files("publish/fake-bucket-v1.1.0", "modules/fake/bucket")
    assert "tests/plan.tftest.hcl" in head and "tests/defaults.tftest.hcl" not in head
    assert subprocess.run(["git", "status", "--porcelain"], cwd=factory, capture_output=True,
                          text=True).stdout == ""  # the factory's work tree is untouched until merge
    assert backend.merge(1) == "fake-bucket-v1.1.0"
    assert [r.version for r in backend.releases()] == ["1.0.0", "1.1.0"]
    assert "variable \"versioning\"" in (factory / "modules/fake/bucket/variables.tf").read_text()
    with pytest.raises(Exception, match="already merged"):
        backend.merge(1)


def test_publish_refusals_through_the_cli(factory: Path, tmp_path: Path, fake_cli):
    same = write_module(tmp_path / "same", module_files())
    res = fake_cli("publish", str(same), "--factory", str(factory))
    assert res.exit_code == 2
    assert res.stderr == ("iacf: error: fake/bucket is identical to its release fake-bucket-v1.0.0: "
                          "nothing to publish\n")
    bad = write_module(tmp_path / "bad", module_files(**{"outputs.tf": 'output "id" {\n  value = 1\n}\n'}))
    res = fake_cli("publish", str(bad), "--factory", str(factory), "--json")
    assert res.exit_code == 1
    assert json.loads(res.stdout)["reasons"] == ["output id has no description"]
    # gates that cannot run (no terraform here) refuse the release rather than pass it
    minor = write_module(tmp_path / "minor", module_files(**{"variables.tf": VARIABLES_TF + OPTIONAL}))
    res = fake_cli("publish", str(minor), "--factory", str(factory))
    assert res.exit_code == 1
    (error,) = [line for line in res.stderr.splitlines() if not line.startswith("… ")]  # one line after progress
    assert error.startswith("iacf: error: fake/bucket refused: gate fmt skipped: terraform not found on PATH; ")
    res = fake_cli("publish", str(minor), "--factory", str(tmp_path / "nowhere"))
    assert res.exit_code == 2 and "does not exist" in res.stderr
    res = fake_cli("catalog", "--factory", str(factory), "--json")
    assert [(m["module"], m["latest"]) for m in json.loads(res.stdout)["modules"]] == [("fake/bucket", "1.0.0")]


def test_rename_without_moved_block_is_refused(factory: Path, tmp_path: Path):
    renamed = write_module(tmp_path / "renamed", module_files(**{
        "main.tf": module_files()["main.tf"].replace('"this"', '"main"'),
        "outputs.tf": OUTPUTS_TF.replace("fake_bucket.this", "fake_bucket.main")}))
    with pytest.raises(PublishRefused, match="renamed or moved to fake_bucket.main without a moved block"):
        publish(renamed, LocalGitBackend(factory), quiet, gates=False)


def _stack() -> Stack:
    stack = Stack(spec=Spec(project="demo", cloud="fake", components=[{"kind": "object_storage"}]), region="fr-1")
    stack.add(Component(id="files", kind="object_storage", provenance=Provenance(source="spec")))
    return stack


def test_generate_uses_the_newest_compatible_release(factory: Path, tmp_path: Path):
    backend = LocalGitBackend(factory)
    call = 'module "files" {\n  source = "./modules/bucket"\n\n  # the bucket of the app\n  name = "demo"\n}\n'
    rendered = [RenderedFile(path="main.tf", content=call),
                RenderedFile(path="modules/bucket/main.tf", content="# built-in\n")]
    use = FactoryUse(backend)
    stack = _stack()
    before = stack.model_dump_json()
    (decision,) = use.choose(stack, rendered)
    assert stack.model_dump_json() == before  # the stage records the decisions, not the factory
    files = {f.path: f.content for f in use.swap(rendered)}
    assert files["modules/bucket/main.tf"] == module_files()["main.tf"]
    assert use.choose(_stack(), rendered) == [decision] and use.swap(rendered) == use.swap(rendered)  # deterministic
    assert "version: 1.0.0" in files["modules/bucket/iacf-module.yaml"]
    assert decision.rule == "core.factory"
    assert decision.title == "Factory modules for files: fake/bucket 1.0.0"
    # 2.0.0 needs an input the renderer does not pass: 1.x stays in use, and the decision says why
    major = write_module(tmp_path / "major", module_files(**{"variables.tf": VARIABLES_TF + REQUIRED}))
    result = publish(major, backend, quiet, gates=False)
    backend.merge(result.pr)
    git_use = FactoryUse(backend, mode="git")
    (decision,) = git_use.choose(_stack(), rendered)
    files = {f.path: f.content for f in git_use.swap(rendered)}
    assert "modules/bucket/main.tf" not in files
    assert f'source = "git::file://{factory.resolve()}//modules/fake/bucket?ref=fake-bucket-v1.0.0"' in files["main.tf"]
    assert "skipped: fake/bucket 2.0.0 (its inputs do not match" in decision.why


def test_harvest_lists_changed_and_new_modules(factory: Path, tmp_path: Path, fake_cli):
    backend = LocalGitBackend(factory)
    call = 'module "f" {\n  source = "./modules/bucket"\n\n  name = "x"\n}\n'
    rendered = [RenderedFile(path="main.tf", content=call),
                RenderedFile(path="modules/bucket/main.tf", content="# built-in\n")]
    use = FactoryUse(backend)
    use.choose(_stack(), rendered)
    files = use.swap(rendered)
    project = tmp_path / "project"
    for f in files:
        (project / f.path).parent.mkdir(parents=True, exist_ok=True)
        (project / f.path).write_text(f.content)
    write_module(project / "modules" / "extra", {"main.tf": 'resource "fake_bucket" "x" {}\n'})
    items = {i.module.split("/")[-1]: i for i in harvest(project, backend, str(factory))}
    assert (items["bucket"].status, items["bucket"].origin, items["bucket"].command) == \
        ("unchanged", "fake-bucket-v1.0.0", None)
    assert items["extra"].status == "new"
    assert items["extra"].command == f"iacf publish {project}/modules/extra --factory {factory}"
    assert "missing variables.tf" in items["extra"].missing
    (project / "modules/bucket/main.tf").write_text(module_files()["main.tf"] + "# local fix\n")
    res = fake_cli("harvest", str(project), "--factory", str(factory), "--json")
    assert res.exit_code == 0, res.stderr
    by_name = {m["path"].split("/")[-1]: m for m in json.loads(res.stdout)["modules"]}
    assert by_name["bucket"]["status"] == "changed" and by_name["bucket"]["origin"] == "fake-bucket-v1.0.0"
    assert content_hash({"main.tf": "a"}) != content_hash({"main.tf": "b"})


def test_factory_init_refuses_a_non_empty_folder(tmp_path: Path, fake_cli):
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "x").write_text("x")
    res = fake_cli("factory", "init", str(tmp_path / "f"))
    assert res.exit_code == 2
    assert res.stderr.startswith("iacf: error: ")


def test_new_module_is_released_as_1_0_0(factory: Path, tmp_path: Path):
    other = module_files(**{"iacf-module.yaml": module_files()["iacf-module.yaml"].replace("name: bucket",
                                                                                         "name: archive")})
    result = publish(write_module(tmp_path / "archive", other), LocalGitBackend(factory), quiet, gates=False)
    assert (result.module, result.bump, result.version, result.previous) == ("fake/archive", "initial", "1.0.0",
                                                                              None)
    assert result.branch == "publish/fake-archive-v1.0.0"


def test_init_with_github_writes_the_release_workflow(tmp_path: Path, plugins, monkeypatch, fake_cli):
    from iacf_core import hookimpl
    from iacf_core.app.commands import options
    from iacf_core.kernel.plugins import Plugins, get_plugin_manager

    files = {k: v for k, v in module_files().items() if k not in ("iacf-module.yaml", "CHANGELOG.md")}

    class Seeder:
        @hookimpl
        def iacf_factory_modules(self):
            return [FactoryModuleSource("fake", "bucket", ("object_storage",), files)]

    pm = get_plugin_manager(load_entry_points=False, extra=[("fake", plugins.pm.get_plugin("fake")),
                                                             ("seed", Seeder())])
    monkeypatch.setattr(options, "plugins", lambda: Plugins(pm))
    res = fake_cli("factory", "init", str(tmp_path / "f"), "--github", "acme/cloud_iac_factory")
    assert res.exit_code == 0, res.stderr
    assert "fake/bucket" in res.stdout
    workflow = (tmp_path / "f" / ".github/workflows/release.yml").read_text()
    assert "startsWith(github.event.pull_request.head.ref, 'publish/')" in workflow
    assert 'git tag -a "$tag"' in workflow and "GITHUB_TOKEN" not in workflow
    assert "acme/cloud_iac_factory" in (tmp_path / "f" / "README.md").read_text()
    res = fake_cli("catalog", "--factory", str(tmp_path / "f"))
    assert res.stdout.splitlines()[1].split() == ["fake/bucket", "1.0.0", "object_storage"]
    res = fake_cli("factory", "init", str(tmp_path / "g"), "--github", "not a repo")
    assert res.exit_code == 2 and "--github must be OWNER/REPO" in res.stderr
    res = fake_cli("factory", "init", str(tmp_path / "h"), "--json")
    data = json.loads(res.stdout)
    check_json_output("factory init", data)
    assert data == {"factory": str(tmp_path / "h"),
                    "modules": [{"module": "fake/bucket", "provides": ["object_storage"], "version": "1.0.0"}]}
    assert not (tmp_path / "g").exists()
    res = fake_cli("generate", "--spec", "x.yaml", "--module-source", "svn", "--factory", str(tmp_path / "f"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "'--module-source': 'svn' is not one of 'vendor', 'git'" in res.stderr
    res = fake_cli("generate", "--spec", "x.yaml", "--factory", str(tmp_path / "nowhere"))
    assert res.exit_code == 2 and "factory" in res.stderr and "does not exist" in res.stderr


def test_conflicting_pull_request_is_refused_and_main_left_clean(factory: Path, tmp_path: Path):
    backend = LocalGitBackend(factory)
    major = publish(write_module(tmp_path / "b", module_files(**{"variables.tf": VARIABLES_TF + REQUIRED})),
                    backend, quiet, gates=False)
    assert (major.pr, major.version) == (1, "2.0.0")
    # meanwhile main changes the same lines (a hand edit merged outside iacf)
    (factory / "modules/fake/bucket/variables.tf").write_text(VARIABLES_TF + OPTIONAL)
    subprocess.run(["git", "commit", "-qam", "hand edit"], cwd=factory, check=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})
    with pytest.raises(Exception, match="pull request #1 conflicts with main"):
        backend.merge(1)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=factory, capture_output=True, text=True)
    assert status.stdout == ""
    assert [r.version for r in backend.releases()] == ["1.0.0"]


def test_a_new_version_under_review_replaces_the_open_one(factory: Path, tmp_path: Path, fake_cli):
    backend = LocalGitBackend(factory)
    minor = publish(write_module(tmp_path / "a", module_files(**{"variables.tf": VARIABLES_TF + OPTIONAL})),
                    backend, quiet, gates=False)
    major = publish(write_module(tmp_path / "b", module_files(**{"variables.tf": VARIABLES_TF + REQUIRED})),
                    backend, quiet, gates=False)
    assert (minor.pr, major.pr, major.superseded) == (1, 2, [1])
    assert [(p.number, p.state) for p in backend.pulls()] == [(1, "closed"), (2, "open")]
    res = fake_cli("factory", "merge", str(factory), "1")
    assert (res.exit_code, res.stderr) == (2, "iacf: error: pull request #1 is already closed\n")
    res = fake_cli("factory", "merge", str(factory), "2", "--json")
    assert res.exit_code == 0, res.stderr
    check_json_output("factory merge", json.loads(res.stdout))
    assert json.loads(res.stdout) == {"pr": 2, "tag": "fake-bucket-v2.0.0"}
