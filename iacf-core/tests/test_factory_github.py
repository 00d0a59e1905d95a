"""The GitHub backend against a local fake of the few REST calls PyGithub makes (no network)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory_fixtures import VARIABLES_TF, FakeGitHub, module_files, serve, write_module

from iacf_core.factory.backends import GitHubBackend
from iacf_core.factory.interface import read_interface
from iacf_core.toolkit.modules import load_manifest
from iacf_core.factory.ops import changelog_entry, finalize, publish
from iacf_core.app.outputs import PublishOutput
from iacf_core.testing import run_cli

TOKEN = "ghp_test_0123456789abcdef"  # noqa: S105 - a fake token the fake server expects
NEW_VAR = """
variable "versioning" {
  type        = bool
  description = "Keep every object version."
  default     = true
}
"""


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    files = module_files()
    manifest = load_manifest(files["iacf-module.yaml"], "seed")
    released = finalize(files, manifest, read_interface(files), "1.0.0",
                        changelog_entry("1.0.0", "initial", ["first release"]))
    fake.seed({f"modules/fake/bucket/{p}": t for p, t in released.items()} | {"README.md": "# factory\n"},
              ["fake-bucket-v1.0.0"])
    server, thread = serve(fake)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("IACF_GITHUB_API_URL", fake.url)
    yield fake
    server.shutdown()
    thread.join()


def _backend():
    return GitHubBackend("acme/factory", throttle=False)


def calls(fake: FakeGitHub, method: str, suffix: str) -> list:
    return [r for r in fake.requests if r.method == method and r.path == f"/repos/acme/factory/{suffix}"]


def test_publish_creates_branch_commit_and_one_pull_request(github: FakeGitHub, tmp_path: Path):
    module = write_module(tmp_path / "bucket", module_files(**{"variables.tf": VARIABLES_TF + NEW_VAR}))
    main_sha = github.refs["heads/main"]

    first = publish(module, _backend(), lambda _m: None, gates=False)

    assert (first.module, first.bump, first.version, first.pr) == ("fake/bucket", "minor", "1.1.0", 1)
    assert first.created and first.updated
    branch = "publish/fake-bucket-v1.1.0"
    (ref,) = calls(github, "POST", "git/refs")
    assert ref.body == {"ref": f"refs/heads/{branch}", "sha": main_sha}
    (tree,) = calls(github, "POST", "git/trees")
    paths = {e["path"] for e in tree.body["tree"]}
    assert "modules/fake/bucket/variables.tf" in paths and all(p.startswith("modules/fake/bucket/") for p in paths)
    (commit,) = calls(github, "POST", "git/commits")
    assert commit.body["parents"] == [main_sha]
    assert commit.body["message"].startswith("fake-bucket-v1.1.0: minor release of fake/bucket")
    (moved,) = calls(github, "PATCH", f"git/refs/heads/{branch}")
    assert moved.body["sha"] == github.refs[f"heads/{branch}"] != main_sha
    (pull,) = calls(github, "POST", "pulls")
    assert (pull.body["head"], pull.body["base"]) == (branch, "main")
    on_branch = github.files_at(branch)
    assert "variable \"versioning\"" in on_branch["modules/fake/bucket/variables.tf"]
    assert "version: 1.1.0" in on_branch["modules/fake/bucket/iacf-module.yaml"]
    assert "## 1.1.0" in on_branch["modules/fake/bucket/CHANGELOG.md"]
    assert "| `versioning` |" in on_branch["modules/fake/bucket/README.md"]
    assert on_branch["README.md"] == "# factory\n"  # the rest of the repository is untouched

    again = publish(module, _backend(), lambda _m: None, gates=False)
    assert (again.pr, again.version, again.created, again.updated) == (1, "1.1.0", False, False)
    assert len(calls(github, "POST", "pulls")) == 1
    assert len(calls(github, "POST", "git/refs")) == 1
    assert len(calls(github, "POST", "git/commits")) == 1  # nothing changed: no empty commit
    by_head = [r for r in calls(github, "GET", "pulls") if "head" in r.query]
    assert by_head[-1].query["head"] == [f"acme:{branch}"] and by_head[-1].query["state"] == ["open"]
    assert not calls(github, "PATCH", "pulls/1")  # its own pull request is never closed

    (module / "main.tf").write_text(module_files()["main.tf"] + "# tidied\n")
    third = publish(module, _backend(), lambda _m: None, gates=False)
    assert (third.pr, third.version, third.created, third.updated) == (1, "1.1.0", False, True)
    assert len(calls(github, "POST", "pulls")) == 1
    assert len(calls(github, "PATCH", f"git/refs/heads/{branch}")) == 2
    assert github.files_at(branch)["modules/fake/bucket/main.tf"].endswith("# tidied\n")


def test_token_only_in_the_authorization_header(github: FakeGitHub, tmp_path: Path):
    module = write_module(tmp_path / "bucket", module_files(**{"variables.tf": VARIABLES_TF + NEW_VAR}))
    result = publish(module, _backend(), lambda _m: None, gates=False)
    assert TOKEN not in PublishOutput.of(result).dump()
    res = run_cli("catalog", "--factory", "github:acme/factory", "--json")
    assert res.exit_code == 0, res.stderr
    assert TOKEN not in res.stdout + res.stderr
    assert github.requests
    for request in github.requests:
        assert request.headers.get("Authorization") == f"token {TOKEN}"
        others = {k: v for k, v in request.headers.items() if k != "Authorization"}
        assert TOKEN not in json.dumps(others) + request.path + json.dumps(request.query) + json.dumps(request.body)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert TOKEN not in path.read_text(errors="replace")


def test_catalog_and_base_url_option(github: FakeGitHub, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("IACF_GITHUB_API_URL")
    res = run_cli("catalog", "--factory", "github:acme/factory", "--github-api-url", github.url, "--json")
    assert res.exit_code == 0, res.stderr
    (entry,) = json.loads(res.stdout)["modules"]
    assert (entry["module"], entry["latest"], entry["provides"]) == ("fake/bucket", "1.0.0", ["object_storage"])
    assert entry["tag"] == "fake-bucket-v1.0.0"
    contents = [r for r in github.requests if "/contents/" in r.path]
    assert [(r.path, r.query["ref"]) for r in contents] == [
        ("/repos/acme/factory/contents/modules/fake/bucket/iacf-module.yaml", ["fake-bucket-v1.0.0"])]


def test_github_needs_a_token(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    res = run_cli("catalog", "--factory", "github:acme/factory")
    assert res.exit_code == 2
    assert res.stderr.strip() == "iacf: error: set GITHUB_TOKEN to use the GitHub factory github:acme/factory"


def test_merge_is_local_only(github: FakeGitHub, tmp_path: Path):
    res = run_cli("factory", "merge", "github:acme/factory", "1")
    assert res.exit_code == 2
    assert "on GitHub, review and merge the pull request there" in res.stderr
    assert not calls(github, "PUT", "pulls/1/merge")
    res = run_cli("factory", "merge", str(tmp_path / "nope"), "1")
    assert res.exit_code == 2
    assert "does not exist" in res.stderr


def test_generate_and_harvest_read_releases_from_github(github: FakeGitHub, tmp_path: Path):
    from iacf_core.factory.ops import FactoryUse, harvest
    from iacf_core.kernel.models import Component, Provenance, RenderedFile, Spec, Stack

    stack = Stack(spec=Spec(project="demo", cloud="fake", components=[{"kind": "object_storage"}]), region="fr-1")
    stack.add(Component(id="files", kind="object_storage", provenance=Provenance(source="spec")))
    call = 'module "files" {\n  source = "./modules/bucket"\n\n  name = "demo"\n}\n'
    rendered = [RenderedFile(path="main.tf", content=call), RenderedFile(path="modules/bucket/main.tf", content="#\n")]
    use = FactoryUse(_backend())
    decisions = use.choose(stack, rendered)
    files = {f.path: f.content for f in use.swap(rendered)}
    assert files["modules/bucket/main.tf"] == module_files()["main.tf"]
    assert "Factory modules for files: fake/bucket 1.0.0" in [d.title for d in decisions]
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (item,) = harvest(tmp_path, _backend(), "github:acme/factory")
    assert (item.module, item.status, item.origin) == ("fake/bucket", "unchanged", "fake-bucket-v1.0.0")
    git_use = FactoryUse(_backend(), mode="git")
    git_use.choose(stack, rendered)
    git_files = {f.path: f.content for f in git_use.swap(rendered)}
    host = github.url.removeprefix("http://")
    assert f'"git::https://{host}/acme/factory.git//modules/fake/bucket?ref=fake-bucket-v1.0.0"' in git_files["main.tf"]


def test_git_source_of_github_and_enterprise(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("IACF_GITHUB_API_URL", raising=False)
    assert GitHubBackend("acme/factory").source_url("aws", "kms_key", "1.1.0") == (
        "git::https://github.com/acme/factory.git//modules/aws/kms_key?ref=aws-kms_key-v1.1.0")
    ghe = GitHubBackend("acme/factory", api_url="https://ghe.example.com/api/v3")
    assert ghe.source_url("aws", "kms_key", "1.1.0").startswith("git::https://ghe.example.com/acme/factory.git//")


def test_files_removed_from_the_module_are_deleted_on_the_branch(github: FakeGitHub, tmp_path: Path):
    files = module_files(**{"tests/defaults.tftest.hcl": None,
                            "tests/encryption.tftest.hcl": 'run "encrypted" {\n  command = plan\n}\n'})
    result = publish(write_module(tmp_path / "bucket", files), _backend(), lambda _m: None, gates=False)
    assert result.bump == "patch"
    (tree,) = calls(github, "POST", "git/trees")
    deleted = [e for e in tree.body["tree"] if e.get("sha", "") is None]
    assert deleted == [{"path": "modules/fake/bucket/tests/defaults.tftest.hcl", "mode": "100644", "type": "blob",
                        "sha": None}]
    on_branch = github.files_at(result.branch)
    assert "modules/fake/bucket/tests/defaults.tftest.hcl" not in on_branch
    assert "modules/fake/bucket/tests/encryption.tftest.hcl" in on_branch


def test_a_new_version_under_review_replaces_the_open_one(github: FakeGitHub, tmp_path: Path):
    minor = publish(write_module(tmp_path / "a", module_files(**{"variables.tf": VARIABLES_TF + NEW_VAR})),
                    _backend(), lambda _m: None, gates=False)
    required = VARIABLES_TF + '\nvariable "owner" {\n  type        = string\n  description = "Owner."\n}\n'
    major = publish(write_module(tmp_path / "b", module_files(**{"variables.tf": required})),
                    _backend(), lambda _m: None, gates=False)
    assert (minor.pr, major.pr, major.version, major.superseded) == (1, 2, "2.0.0", [1])
    (closed,) = calls(github, "PATCH", "pulls/1")
    assert closed.body == {"state": "closed"}
    assert [p["state"] for p in github.pulls] == ["closed", "open"]
