"""Where a factory lives: a local git repository (default, offline) or a GitHub repository (PyGithub).

Both publish the same way: a branch ``publish/<cloud>-<name>-v<version>`` holding the module under
``modules/<cloud>/<name>/``, and one pull request per branch (publishing again updates it). Releases are the
tags ``<cloud>-<name>-v<version>``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..toolkit.modules import FactoryError, Release, branch_name, module_path, parse_tag, tag_name

GITHUB_PREFIX = "github:"
DEFAULT_BRANCH = "main"
TOKEN_ENV = "GITHUB_TOKEN"  # noqa: S105 - the name of the variable, not a secret
API_URL_ENV = "IACF_GITHUB_API_URL"


@dataclass
class PullRequest:
    number: int
    url: str
    branch: str
    title: str
    state: str = "open"  # open, merged, closed
    created: bool = False  # this publish opened it
    updated: bool = False  # this publish pushed a new commit to it
    superseded: list[int] = field(default_factory=list)  # open pull requests of the module this one replaced


class Backend(Protocol):
    location: str

    def releases(self) -> list[Release]:
        """Every release tag (without files)."""

    def release_files(self, release: Release) -> dict[str, str]:
        """The module's files at the release tag (paths relative to the module folder)."""

    def release_file(self, release: Release, rel: str) -> str | None:
        """One file of the module at the release tag, or None when it has none."""

    def publish(self, cloud: str, name: str, version: str, files: dict[str, str], title: str,
                body: str) -> PullRequest:
        """Push ``files`` as the module on branch ``publish/...`` and open (or update) its pull request."""

    def source_url(self, cloud: str, name: str, version: str) -> str:
        """A Terraform git source pinned to the release tag."""


def open_backend(location: str, api_url: str | None = None) -> Backend:
    """``github:OWNER/REPO`` → GitHub; anything else is a local factory folder."""
    if location.startswith(GITHUB_PREFIX):
        return GitHubBackend(location.removeprefix(GITHUB_PREFIX), api_url=api_url)
    return LocalGitBackend(Path(location))


# -- local git ----------------------------------------------------------------------------------------------


def git(repo: Path, *args: str, env: dict[str, str] | None = None, check: bool = True,
        input_text: str | None = None) -> str:
    proc = subprocess.run(  # noqa: S603 - fixed argument lists
        ["git", *args], cwd=str(repo), env=env, input=input_text, capture_output=True, text=True, check=False,
    )
    if check and proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise FactoryError(f"git {args[0]} failed in {repo}: {lines[-1] if lines else 'no output'}")
    return proc.stdout


def git_env(repo: Path) -> dict[str, str]:
    """The environment for commits: the user's git identity, or a neutral one when none is configured."""
    env = dict(os.environ)
    if not git(repo, "config", "user.name", check=False).strip():
        env.setdefault("GIT_AUTHOR_NAME", "iacf")
        env.setdefault("GIT_COMMITTER_NAME", "iacf")
    if not git(repo, "config", "user.email", check=False).strip():
        env.setdefault("GIT_AUTHOR_EMAIL", "iacf@localhost")
        env.setdefault("GIT_COMMITTER_EMAIL", "iacf@localhost")
    return env


class LocalGitBackend:
    """A factory in a local git repository; pull requests are branches plus a record in ``.git/iacf/``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        if not path.is_dir():
            raise FactoryError(f"factory {path} does not exist (create one with `iacf factory init {path}`)")
        inside = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=str(path),  # noqa: S607
                                capture_output=True, text=True, check=False)
        if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != path.resolve():
            raise FactoryError(f"{path} is not a factory git repository (create one with `iacf factory init`)")
        self.git_dir = Path(git(path, "rev-parse", "--absolute-git-dir").strip())

    # -- releases ---------------------------------------------------------------------------------------
    def releases(self) -> list[Release]:
        found = []
        for tag in git(self.path, "tag", "--list").split():
            parsed = parse_tag(tag)
            if parsed:
                found.append(Release(*parsed))
        return sorted(found, key=lambda r: (r.cloud, r.name, r.version))

    def release_files(self, release: Release) -> dict[str, str]:
        return self.tree_files(release.tag, module_path(release.cloud, release.name))

    def release_file(self, release: Release, rel: str) -> str | None:
        path = f"{module_path(release.cloud, release.name)}/{rel}"
        proc = subprocess.run(["git", "show", f"{release.tag}:{path}"], cwd=str(self.path),  # noqa: S607
                              capture_output=True, text=True, check=False)
        return proc.stdout if proc.returncode == 0 else None

    def tree_files(self, rev: str, folder: str) -> dict[str, str]:
        listing = git(self.path, "ls-tree", "-r", "-z", "--name-only", rev, "--", folder + "/").split("\0")
        files = {}
        for path in filter(None, listing):
            files[path.removeprefix(folder + "/")] = git(self.path, "show", f"{rev}:{path}")
        return files

    def source_url(self, cloud: str, name: str, version: str) -> str:
        return f"git::file://{self.path.resolve()}//{module_path(cloud, name)}?ref={tag_name(cloud, name, version)}"

    # -- pull requests ------------------------------------------------------------------------------------
    @property
    def _records_file(self) -> Path:
        return self.git_dir / "iacf" / "pulls.json"

    def pulls(self) -> list[PullRequest]:
        if not self._records_file.is_file():
            return []
        data = json.loads(self._records_file.read_text(encoding="utf-8"))
        return [PullRequest(**item) for item in data]

    def _save(self, pulls: list[PullRequest]) -> None:
        self._records_file.parent.mkdir(parents=True, exist_ok=True)
        records = [{k: v for k, v in asdict(p).items() if k not in ("created", "updated", "superseded")}
                   for p in pulls]
        tmp = self._records_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self._records_file)

    def commit_module(self, parent: str, folder: str, files: dict[str, str], message: str) -> str:
        """A commit on top of ``parent`` whose ``folder`` holds exactly ``files`` (the work tree is untouched)."""
        env = git_env(self.path)
        with tempfile.TemporaryDirectory(prefix="iacf-index-") as tmp:
            env["GIT_INDEX_FILE"] = str(Path(tmp) / "index")
            git(self.path, "read-tree", parent, env=env)
            git(self.path, "rm", "-r", "-q", "-f", "--cached", "--ignore-unmatch", "--", folder, env=env)
            for rel in sorted(files):
                blob = git(self.path, "hash-object", "-w", "--stdin", input_text=files[rel], env=env).strip()
                git(self.path, "update-index", "--add", "--cacheinfo", f"100644,{blob},{folder}/{rel}", env=env)
            tree = git(self.path, "write-tree", env=env).strip()
        if tree == git(self.path, "rev-parse", f"{parent}^{{tree}}").strip():
            return parent
        return git(self.path, "commit-tree", tree, "-p", parent, "-m", message, env=env).strip()

    def publish(self, cloud: str, name: str, version: str, files: dict[str, str], title: str,
                body: str) -> PullRequest:
        branch = branch_name(cloud, name, version)
        pulls = self.pulls()
        existing = next((p for p in pulls if p.branch == branch and p.state == "open"), None)
        if any(p.branch == branch and p.state == "merged" for p in pulls):
            raise FactoryError(f"{tag_name(cloud, name, version)} was already merged; publish a new change")
        ref = f"refs/heads/{branch}"
        current = git(self.path, "rev-parse", "--verify", "-q", ref, check=False).strip()
        parent = current if existing is not None and current else git(self.path, "rev-parse", DEFAULT_BRANCH).strip()
        commit = self.commit_module(parent, module_path(cloud, name), files, f"{title}\n\n{body}")
        git(self.path, "update-ref", ref, commit)
        # another version of the same module still under review is replaced by this one
        prefix = branch.rsplit("-v", 1)[0] + "-v"
        superseded = [p for p in pulls if p.state == "open" and p.branch != branch and p.branch.startswith(prefix)]
        for old in superseded:
            old.state = "closed"
        if existing is not None:
            existing.updated = commit != current
            existing.title = title
            existing.superseded = [p.number for p in superseded]
            self._save(pulls)
            return existing
        number = max((p.number for p in pulls), default=0) + 1
        pr = PullRequest(number=number, url=f"{self.path.resolve()}#pr-{number}", branch=branch, title=title,
                         created=True, updated=True, superseded=[p.number for p in superseded])
        self._save([*pulls, pr])
        return pr

    def merge(self, number: int) -> str:
        """Merge the pull request's branch into main and tag the release. Returns the tag."""
        pulls = self.pulls()
        pr = next((p for p in pulls if p.number == number), None)
        if pr is None:
            raise FactoryError(f"no pull request #{number} in {self.path}")
        if pr.state != "open":
            raise FactoryError(f"pull request #{number} is already {pr.state}")
        head = git(self.path, "symbolic-ref", "--short", "-q", "HEAD", check=False).strip()
        if head != DEFAULT_BRANCH:
            raise FactoryError(f"{self.path} must have {DEFAULT_BRANCH} checked out to merge (it has {head or '?'})")
        if git(self.path, "status", "--porcelain", "--untracked-files=no").strip():
            raise FactoryError(f"{self.path} has uncommitted changes; commit or stash them before merging")
        tag = pr.branch.removeprefix("publish/")
        if parse_tag(tag) is None:
            raise FactoryError(f"branch {pr.branch} does not name a release")
        env = git_env(self.path)
        try:
            git(self.path, "merge", "--no-ff", "-q", "-m",
                f"Merge pull request #{number} from {pr.branch}\n\n{pr.title}", pr.branch, env=env)
        except FactoryError:
            git(self.path, "merge", "--abort", check=False)
            raise FactoryError(f"pull request #{number} conflicts with {DEFAULT_BRANCH}: publish the module again "
                               f"from the current release, then merge") from None
        git(self.path, "tag", "-a", tag, "-m", f"Release {tag}", env=env)
        pr.state = "merged"
        self._save(pulls)
        return tag


# -- GitHub ------------------------------------------------------------------------------------------------


class GitHubBackend:
    """A factory on GitHub (or GitHub Enterprise with ``api_url``). The token comes from ``GITHUB_TOKEN`` only."""

    def __init__(self, repo: str, api_url: str | None = None, throttle: bool = True) -> None:
        if not re.fullmatch(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", repo):
            raise FactoryError(f"GitHub factory must be github:OWNER/REPO, not github:{repo}")
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise FactoryError(f"set {TOKEN_ENV} to use the GitHub factory github:{repo}")
        try:
            from github import Auth, Github
        except ImportError:
            raise FactoryError("the GitHub factory needs PyGithub: pip install 'iacf-core[github]'") from None

        self.repo_name = repo
        self.location = f"{GITHUB_PREFIX}{repo}"
        self.api_url = api_url or os.environ.get(API_URL_ENV) or "https://api.github.com"
        # PyGithub spaces requests as GitHub asks of integrations (throttle); a local fake needs no spacing
        pacing: dict[str, Any] = {} if throttle else {"seconds_between_requests": None, "seconds_between_writes": None}
        self._gh = Github(auth=Auth.Token(token), base_url=self.api_url, retry=None, **pacing)
        self._repo: Any = None

    @property
    def repo(self) -> Any:
        if self._repo is None:
            self._repo = self._call("read repository", lambda: self._gh.get_repo(self.repo_name))
        return self._repo

    def _call(self, what: str, fn: Any) -> Any:
        from github import GithubException

        try:
            return fn()
        except GithubException as exc:
            message = exc.data.get("message") if isinstance(exc.data, dict) else None
            raise FactoryError(f"GitHub {self.repo_name}: {what} failed: {exc.status} {message or ''}".strip()) \
                from None

    def releases(self) -> list[Release]:
        refs = self._call("list tags", lambda: list(self.repo.get_git_matching_refs("tags/")))
        found = []
        for ref in refs:
            parsed = parse_tag(ref.ref.removeprefix("refs/tags/"))
            if parsed:
                found.append(Release(*parsed))
        return sorted(found, key=lambda r: (r.cloud, r.name, r.version))

    def release_files(self, release: Release) -> dict[str, str]:
        folder = module_path(release.cloud, release.name)
        files: dict[str, str] = {}
        pending = [folder]
        while pending:
            path = pending.pop()
            items = self._call(f"read {path}", lambda p=path: self.repo.get_contents(p, ref=release.tag))
            for item in items if isinstance(items, list) else [items]:
                if item.type == "dir":
                    pending.append(item.path)
                else:
                    files[item.path.removeprefix(folder + "/")] = item.decoded_content.decode("utf-8")
        return dict(sorted(files.items()))

    def release_file(self, release: Release, rel: str) -> str | None:
        from github import UnknownObjectException

        path = f"{module_path(release.cloud, release.name)}/{rel}"
        repo = self.repo

        def read() -> Any:
            try:
                return repo.get_contents(path, ref=release.tag)
            except UnknownObjectException:
                return None

        item = self._call(f"read {path}", read)
        if item is None or isinstance(item, list):
            return None
        text: str = item.decoded_content.decode("utf-8")
        return text

    def source_url(self, cloud: str, name: str, version: str) -> str:
        host = "github.com" if self.api_url.rstrip("/") == "https://api.github.com" else \
            re.sub(r"^https?://([^/]+).*$", r"\1", self.api_url)
        ref = tag_name(cloud, name, version)
        return f"git::https://{host}/{self.repo_name}.git//{module_path(cloud, name)}?ref={ref}"

    def publish(self, cloud: str, name: str, version: str, files: dict[str, str], title: str,
                body: str) -> PullRequest:
        from github import InputGitTreeElement, UnknownObjectException

        repo = self.repo
        base = repo.default_branch
        branch = branch_name(cloud, name, version)
        folder = module_path(cloud, name)
        base_sha = self._call("read base branch", lambda: repo.get_git_ref(f"heads/{base}").object.sha)
        try:
            ref = repo.get_git_ref(f"heads/{branch}")
        except UnknownObjectException:
            ref = self._call("create branch", lambda: repo.create_git_ref(f"refs/heads/{branch}", base_sha))
        parent = self._call("read branch head", lambda: repo.get_git_commit(ref.object.sha))
        # the module folder holds exactly `files`: previous files that are gone are deleted (sha None)
        previous = self._call("read module tree", lambda: repo.get_git_tree(parent.tree.sha, recursive=True))
        old_paths = {e.path for e in previous.tree if e.type == "blob" and e.path.startswith(folder + "/")}
        elements = [InputGitTreeElement(f"{folder}/{rel}", "100644", "blob", content=text)
                    for rel, text in sorted(files.items())]
        new_paths = {f"{folder}/{rel}" for rel in files}
        elements += [InputGitTreeElement(p, "100644", "blob", sha=None) for p in sorted(old_paths - new_paths)]
        unchanged = old_paths == new_paths and all(
            e.sha == _blob_sha(files[e.path.removeprefix(folder + "/")]) for e in previous.tree if e.path in new_paths
        )
        updated = False
        if not unchanged:
            tree = self._call("write tree", lambda: repo.create_git_tree(elements, base_tree=parent.tree))
            commit = self._call("commit", lambda: repo.create_git_commit(f"{title}\n\n{body}", tree, [parent]))
            self._call("update branch", lambda: ref.edit(commit.sha, force=True))
            updated = True
        owner = self.repo_name.split("/")[0]
        existing = self._call("list pull requests",
                              lambda: list(repo.get_pulls(state="open", head=f"{owner}:{branch}", base=base)))
        # another version of the same module still under review is replaced by this one
        prefix = branch.rsplit("-v", 1)[0] + "-v"
        open_pulls = self._call("list pull requests", lambda: list(repo.get_pulls(state="open", base=base)))
        superseded = [p for p in open_pulls if p.head.ref != branch and p.head.ref.startswith(prefix)]
        for old in superseded:
            self._call(f"close pull request #{old.number}", lambda o=old: o.edit(state="closed"))
        closed = [p.number for p in superseded]
        if existing:
            pr = existing[0]
            return PullRequest(number=pr.number, url=pr.html_url, branch=branch, title=title, updated=updated,
                               superseded=closed)
        pr = self._call("open pull request", lambda: repo.create_pull(title=title, body=body, head=branch, base=base))
        return PullRequest(number=pr.number, url=pr.html_url, branch=branch, title=title, created=True,
                           updated=updated, superseded=closed)


def _blob_sha(text: str) -> str:
    import hashlib

    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
