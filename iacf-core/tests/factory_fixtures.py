"""Helpers for the factory tests: a small module on a fake cloud, and a fake GitHub REST server."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

MAIN_TF = """\
resource "fake_bucket" "this" {
  name      = var.name
  encrypted = true
}
"""
VARIABLES_TF = """\
variable "name" {
  type        = string
  description = "Bucket name."
}

variable "retention_days" {
  type        = number
  description = "How long objects are kept."
  default     = 30
}
"""
OUTPUTS_TF = """\
output "id" {
  description = "Bucket id."
  value       = fake_bucket.this.id
}
"""
VERSIONS_TF = """\
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    fake = {
      source  = "example/fake"
      version = ">= 1.0, < 2.0"
    }
  }
}
"""
MANIFEST = """\
name: bucket
cloud: fake
version: 0.0.0
provides: [object_storage]
description: An encrypted bucket.
"""


def module_files(**overrides: str | None) -> dict[str, str]:
    files: dict[str, str | None] = {
        "main.tf": MAIN_TF,
        "variables.tf": VARIABLES_TF,
        "outputs.tf": OUTPUTS_TF,
        "versions.tf": VERSIONS_TF,
        "README.md": "# bucket\n\nAn encrypted bucket; objects expire after retention_days.\n",
        "CHANGELOG.md": "# Changelog\n",
        "iacf-module.yaml": MANIFEST,
        "examples/basic/main.tf": 'module "bucket" {\n  source = "../.."\n\n  name = "example"\n}\n',
        "tests/defaults.tftest.hcl": 'run "encrypted" {\n  command = plan\n}\n',
    }
    files.update(overrides)
    return {k: v for k, v in files.items() if v is not None}


def write_module(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


# -- a fake GitHub ---------------------------------------------------------------------------------------


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's object id


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class FakeGitHub:
    """In-memory repository ``owner/repo`` with just enough of the git data, contents and pulls APIs."""

    owner: str = "acme"
    name: str = "factory"
    blobs: dict[str, bytes] = field(default_factory=dict)
    trees: dict[str, dict[str, str]] = field(default_factory=dict)  # tree sha → {path: blob sha}
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # "heads/main", "tags/x" → commit sha
    pulls: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""

    @property
    def repo_path(self) -> str:
        return f"/repos/{self.owner}/{self.name}"

    def tree_of(self, files: dict[str, bytes]) -> str:
        entries = {}
        for path, data in files.items():
            sha = blob_sha(data)
            self.blobs[sha] = data
            entries[path] = sha
        tree_sha = hashlib.sha1(json.dumps(sorted(entries.items())).encode()).hexdigest()  # noqa: S324
        self.trees[tree_sha] = entries
        return tree_sha

    def commit(self, tree: str, parents: list[str], message: str) -> str:
        sha = hashlib.sha1(f"{tree}{parents}{message}{len(self.commits)}".encode()).hexdigest()  # noqa: S324
        self.commits[sha] = {"tree": tree, "parents": parents, "message": message}
        return sha

    def seed(self, files: dict[str, str], tags: list[str]) -> None:
        tree = self.tree_of({p: t.encode() for p, t in files.items()})
        sha = self.commit(tree, [], "seed")
        self.refs["heads/main"] = sha
        for tag in tags:
            self.refs[f"tags/{tag}"] = sha

    def files_at(self, ref: str) -> dict[str, str]:
        sha = self.refs.get(f"heads/{ref}") or self.refs.get(f"tags/{ref}") or ref
        tree = self.trees[self.commits[sha]["tree"]]
        return {p: self.blobs[s].decode() for p, s in tree.items()}

    # -- JSON documents ----------------------------------------------------------------------------------
    def ref_json(self, ref: str) -> dict[str, Any]:
        return {"ref": f"refs/{ref}", "url": f"{self.url}{self.repo_path}/git/refs/{ref}",
                "object": {"sha": self.refs[ref], "type": "commit",
                           "url": f"{self.url}{self.repo_path}/git/commits/{self.refs[ref]}"}}

    def commit_json(self, sha: str) -> dict[str, Any]:
        c = self.commits[sha]
        return {"sha": sha, "url": f"{self.url}{self.repo_path}/git/commits/{sha}", "message": c["message"],
                "tree": {"sha": c["tree"], "url": f"{self.url}{self.repo_path}/git/trees/{c['tree']}"},
                "parents": [{"sha": p, "url": f"{self.url}{self.repo_path}/git/commits/{p}"} for p in c["parents"]]}

    def tree_json(self, sha: str) -> dict[str, Any]:
        return {"sha": sha, "url": f"{self.url}{self.repo_path}/git/trees/{sha}", "truncated": False,
                "tree": [{"path": p, "mode": "100644", "type": "blob", "sha": s, "size": len(self.blobs[s])}
                         for p, s in sorted(self.trees[sha].items())]}

    def pull_json(self, pr: dict[str, Any]) -> dict[str, Any]:
        return {**pr, "url": f"{self.url}{self.repo_path}/pulls/{pr['number']}",
                "html_url": f"https://github.example/{self.owner}/{self.name}/pull/{pr['number']}",
                "head": {"ref": pr["head"], "label": f"{self.owner}:{pr['head']}"}, "base": {"ref": pr["base"]}}

    # -- routing -------------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        base = self.repo_path
        if method == "GET" and path == base:
            return 200, {"id": 1, "name": self.name, "full_name": f"{self.owner}/{self.name}",
                         "owner": {"login": self.owner}, "default_branch": "main", "url": f"{self.url}{base}"}
        if not path.startswith(base + "/"):
            return 404, {"message": "Not Found"}
        rest = path[len(base) + 1:]
        if method == "GET" and rest.startswith("git/matching-refs/"):
            prefix = rest.removeprefix("git/matching-refs/")
            return 200, [self.ref_json(r) for r in sorted(self.refs) if r.startswith(prefix)]
        if method == "GET" and rest.startswith("git/ref/"):
            ref = rest.removeprefix("git/ref/")
            return (200, self.ref_json(ref)) if ref in self.refs else (404, {"message": "Not Found"})
        if method == "POST" and rest == "git/refs":
            ref = body["ref"].removeprefix("refs/")
            if ref in self.refs:
                return 422, {"message": "Reference already exists"}
            self.refs[ref] = body["sha"]
            return 201, self.ref_json(ref)
        if method == "PATCH" and rest.startswith("git/refs/"):
            ref = rest.removeprefix("git/refs/")
            self.refs[ref] = body["sha"]
            return 200, self.ref_json(ref)
        if method == "GET" and rest.startswith("git/commits/"):
            sha = rest.removeprefix("git/commits/")
            return (200, self.commit_json(sha)) if sha in self.commits else (404, {"message": "Not Found"})
        if method == "GET" and rest.startswith("git/trees/"):
            return 200, self.tree_json(rest.removeprefix("git/trees/"))
        if method == "POST" and rest == "git/trees":
            entries = dict(self.trees[body["base_tree"]]) if body.get("base_tree") else {}
            for element in body["tree"]:
                if "content" in element:
                    data = element["content"].encode()
                    entries[element["path"]] = blob_sha(data)
                    self.blobs[blob_sha(data)] = data
                elif element.get("sha") is None:
                    entries.pop(element["path"], None)
            sha = self.tree_of({p: self.blobs[s] for p, s in entries.items()})
            return 201, self.tree_json(sha)
        if method == "POST" and rest == "git/commits":
            sha = self.commit(body["tree"], body["parents"], body["message"])
            return 201, self.commit_json(sha)
        if method == "GET" and rest.startswith("contents/"):
            return self.contents(rest.removeprefix("contents/"), query.get("ref", ["main"])[0])
        if method == "GET" and rest == "pulls":
            head = query.get("head", [""])[0]
            state = query.get("state", ["open"])[0]
            found = [self.pull_json(p) for p in self.pulls
                     if p["state"] == state and (not head or f"{self.owner}:{p['head']}" == head)]
            return 200, found
        if method == "PATCH" and rest.startswith("pulls/"):
            pr = self.pulls[int(rest.removeprefix("pulls/")) - 1]
            pr.update({k: v for k, v in body.items() if k in ("state", "title", "body")})
            return 200, self.pull_json(pr)
        if method == "POST" and rest == "pulls":
            pr = {"number": len(self.pulls) + 1, "state": "open", "title": body["title"], "body": body.get("body"),
                  "head": body["head"], "base": body["base"]}
            self.pulls.append(pr)
            return 201, self.pull_json(pr)
        return 404, {"message": f"Not Found: {method} {path}"}

    def contents(self, path: str, ref: str) -> tuple[int, Any]:
        files = self.files_at(ref)
        if path in files:
            data = files[path].encode()
            return 200, {"type": "file", "path": path, "name": path.rsplit("/", 1)[-1], "sha": blob_sha(data),
                         "encoding": "base64", "content": base64.b64encode(data).decode(), "size": len(data),
                         "url": f"{self.url}{self.repo_path}/contents/{path}?ref={ref}"}
        children = {}
        for p in files:
            if p.startswith(path + "/"):
                head = p[len(path) + 1:].split("/")[0]
                children[head] = "dir" if "/" in p[len(path) + 1:] else "file"
        if not children:
            return 404, {"message": "Not Found"}
        return 200, [{"type": kind, "path": f"{path}/{n}", "name": n, "sha": "0" * 40, "size": 0,
                      "url": f"{self.url}{self.repo_path}/contents/{path}/{n}?ref={ref}"}
                     for n, kind in sorted(children.items())]


def serve(fake: FakeGitHub) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parsed = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            query = parse_qs(parsed.query)
            path = unquote(parsed.path)
            fake.requests.append(Recorded(self.command, path, query, dict(self.headers.items()), body))
            status, payload = fake.handle(self.command, path, query, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
