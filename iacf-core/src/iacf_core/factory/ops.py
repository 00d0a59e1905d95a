"""The factory operations behind the CLI: init, catalog, publish, merge, use in generate, harvest."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..kernel.errors import EXIT_VALIDATION, IacfError, PluginError
from ..kernel.models import Decision, GateResult, RenderedFile, Stack
from ..kernel.writer import check_destination, write_atomic
from ..toolkit.hcl import HclError, blocks, load_text
from ..toolkit.modules import (
    MANIFEST,
    FactoryError,
    FactoryModuleSource,
    ModuleManifest,
    Release,
    bump_version,
    content_hash,
    load_manifest,
    module_path,
    newest,
    tag_name,
    vendored,
)
from ..toolkit.validation.gates import Progress
from .backends import DEFAULT_BRANCH, Backend, LocalGitBackend, git, git_env
from .checks import read_module_dir, run_gates, structure_problems
from .interface import Interface, diff, read_interface, unmoved_renames, with_docs
from .restore import origin_of, project_record, restore

FIRST_VERSION = "1.0.0"
META_ARGS = {"source", "version", "count", "for_each", "providers", "depends_on"}
RELEASE_WORKFLOW = ".github/workflows/release.yml"
RELEASE_WORKFLOW_TEXT = """\
# Tags a module release when its publish pull request is merged.
# `iacf publish` pushes the branch publish/<cloud>-<name>-v<version>; merging it releases that version.
name: release

on:
  pull_request:
    types: [closed]
    branches: [main]

permissions:
  contents: write

jobs:
  tag:
    if: github.event.pull_request.merged == true && startsWith(github.event.pull_request.head.ref, 'publish/')
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.merge_commit_sha }}
      - name: Create the release tag
        env:
          HEAD_REF: ${{ github.event.pull_request.head.ref }}
        run: |
          tag="${HEAD_REF#publish/}"
          if ! printf '%s' "$tag" | grep -Eq '^[a-z][a-z0-9]*-[a-z][a-z0-9_]*-v[0-9]+\\.[0-9]+\\.[0-9]+$'; then
            echo "branch $HEAD_REF does not name a release" >&2
            exit 1
          fi
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
          git tag -a "$tag" -m "Release $tag"
          git push origin "$tag"
"""


class PublishRefused(IacfError):
    """The module failed its structure checks or a gate: exit code 1, every reason listed."""

    exit_code = EXIT_VALIDATION

    def __init__(self, module: str, reasons: list[str], gates: list[GateResult] | None = None) -> None:
        super().__init__(f"{module} refused: " + "; ".join(reasons))
        self.module = module
        self.reasons = reasons
        self.gates = gates or []


# -- preparing a module version ------------------------------------------------------------------------------


def changelog_entry(version: str, bump: str, reasons: list[str]) -> str:
    lines = [f"## {version}", "", f"{bump.capitalize()} release:" if bump != "initial" else "First release.", ""]
    lines += [f"- {r}" for r in reasons]
    return "\n".join(lines).rstrip() + "\n"


def with_changelog(text: str, entry: str, version: str) -> str:
    """Insert ``entry`` after the title of CHANGELOG.md (once: an existing entry for ``version`` is replaced)."""
    text = text if text.strip() else "# Changelog\n"
    text = re.sub(rf"(?ms)^## {re.escape(version)}\n.*?(?=^## |\Z)", "", text)
    lines = text.rstrip("\n").split("\n")
    head = 1 if lines and lines[0].startswith("# ") else 0
    body = "\n".join(lines[head:]).strip("\n")
    out = "\n".join(lines[:head]) + ("\n\n" if head else "") + entry
    return out + ("\n" + body + "\n" if body else "")


def finalize(files: dict[str, str], manifest: ModuleManifest, iface: Interface, version: str,
             entry: str | None) -> dict[str, str]:
    """The files as released: README tables from the HCL, the manifest at ``version``, the CHANGELOG entry."""
    out = dict(files)
    out["README.md"] = with_docs(files.get("README.md", f"# {manifest.name}\n"), iface)
    final = manifest.model_copy(update={"version": version, "interface": iface.summary()})
    out[MANIFEST] = final.dump()
    if entry is not None:
        out["CHANGELOG.md"] = with_changelog(files.get("CHANGELOG.md", ""), entry, version)
    return dict(sorted(out.items()))


def _comparable(files: dict[str, str]) -> dict[str, str]:
    """What must differ for a new version: everything but the CHANGELOG and the manifest's version."""
    out = {p: c.replace("\r\n", "\n") for p, c in files.items() if p not in ("CHANGELOG.md", MANIFEST)}
    if MANIFEST in files:
        try:
            m = load_manifest(files[MANIFEST], MANIFEST)
            out[MANIFEST] = m.model_copy(update={"version": "0.0.0"}).dump()
        except FactoryError:
            out[MANIFEST] = files[MANIFEST]
    return out


# -- init ----------------------------------------------------------------------------------------------------


def seed_files(source: FactoryModuleSource) -> tuple[ModuleManifest, dict[str, str]]:
    manifest = ModuleManifest(name=source.name, cloud=source.cloud, version=FIRST_VERSION,
                              provides=sorted(source.provides), description=source.description)
    files = dict(source.files)
    files[MANIFEST] = manifest.dump()
    files.setdefault("CHANGELOG.md", "# Changelog\n")
    iface = read_interface(files)
    entry = changelog_entry(FIRST_VERSION, "initial", [f"seeded from the {source.cloud} plugin"])
    final = finalize(files, manifest, iface, FIRST_VERSION, entry)
    problems, _, _ = structure_problems(final)
    if problems:
        raise PluginError(f"factory module {source.cloud}/{source.name} is not publishable: {'; '.join(problems)}")
    return manifest, final


def factory_readme(modules: list[ModuleManifest], github: str | None) -> str:
    lines = ["# Module factory", "",
             "Versioned, tested Terraform modules reused by `iacf generate --factory`.", "",
             "Layout: `modules/<cloud>/<name>/` (see each module's README); releases are the tags",
             "`<cloud>-<name>-v<version>`. New versions arrive by pull request from `iacf publish`.", "",
             "| module | provides | first release |", "|---|---|---|"]
    lines += [f"| `{m.key}` | {', '.join(m.provides)} | {m.version} |" for m in modules]
    if github:
        lines += ["", f"On GitHub (`{github}`), `{RELEASE_WORKFLOW}` tags a release when its pull request is merged."]
    return "\n".join(lines) + "\n"


def init_factory(directory: Path, sources: list[FactoryModuleSource], github: str | None = None,
                 force: bool = False) -> list[ModuleManifest]:
    """A new local factory: one commit on ``main`` with every seeded module, each tagged 1.0.0."""
    check_destination(directory, force)
    seen: set[str] = set()
    manifests: list[ModuleManifest] = []
    files: list[RenderedFile] = []
    for source in sorted(sources, key=lambda s: (s.cloud, s.name)):
        key = f"{source.cloud}/{source.name}"
        if key in seen:
            raise PluginError(f"two plugins seed the factory module {key}")
        seen.add(key)
        manifest, module_files = seed_files(source)
        manifests.append(manifest)
        files += [RenderedFile(path=f"{module_path(source.cloud, source.name)}/{p}", content=c)
                  for p, c in module_files.items()]
    files.append(RenderedFile(path="README.md", content=factory_readme(manifests, github)))
    files.append(RenderedFile(path=".gitignore", content=".terraform/\n*.tfstate\n*.tfstate.*\n"))
    if github:
        files.append(RenderedFile(path=RELEASE_WORKFLOW, content=RELEASE_WORKFLOW_TEXT))
    write_atomic(directory, files, force)
    try:
        git(directory, "init", "-q", "-b", DEFAULT_BRANCH)
        env = git_env(directory)
        git(directory, "add", "-A")
        git(directory, "commit", "-q", "-m", "Seed the factory with the modules of the installed plugins", env=env)
        for m in manifests:
            tag = tag_name(m.cloud, m.name, m.version)
            git(directory, "tag", "-a", tag, "-m", f"Release {tag}", env=env)
    except (FactoryError, OSError) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        raise FactoryError(f"cannot create the factory git repository: {exc}") from exc
    return manifests


# -- catalog -------------------------------------------------------------------------------------------------


@dataclass
class CatalogEntry:
    manifest: ModuleManifest
    release: Release
    versions: list[str]


def catalog(backend: Backend) -> list[CatalogEntry]:
    releases = backend.releases()
    entries = []
    for key, rel in sorted(newest(releases).items()):
        text = backend.release_file(rel, MANIFEST)  # the manifest alone: one read per module
        if text is None:
            continue
        manifest = load_manifest(text, f"{rel.tag}:{MANIFEST}")
        versions = sorted((r.version for r in releases if r.key == key),
                          key=lambda v: tuple(int(x) for x in v.split(".")))
        entries.append(CatalogEntry(manifest, rel, versions))
    return entries


# -- publish -------------------------------------------------------------------------------------------------


@dataclass
class PublishResult:
    module: str
    bump: str
    version: str
    previous: str | None
    reasons: list[str]
    pr: int
    pr_url: str
    branch: str
    created: bool
    updated: bool
    gates: list[GateResult]
    superseded: list[int] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # files a project's module folder lacked, added
    restored_from: str | None = None  # the release they came from


def publish(module_dir: Path, backend: Backend, progress: Progress, gates: bool = True) -> PublishResult:
    """Check, diff, gate and open (or update) the pull request of a module version."""
    files = read_module_dir(module_dir)
    restored, unrestorable = restore(module_dir, files, backend)
    if restored is not None:  # a module vendored into a project: what the project left out comes back
        files = {**restored.files, **files}
        progress(restored.summary())
    problems, iface, manifest = structure_problems(files)
    label = manifest.key if manifest else str(module_dir)
    if problems or iface is None or manifest is None:
        if unrestorable:
            problems.append(f"nothing to restore the missing files from: {unrestorable} (a new module starts "
                            "from `iacf module init DIR`)")
        raise PublishRefused(label, problems)
    releases = [r for r in backend.releases() if r.key == manifest.key]
    latest = newest(releases).get(manifest.key)
    previous = latest.version if latest else None
    if latest is None:
        bump, version, reasons = "initial", FIRST_VERSION, ["first release"]
    else:
        old_files = backend.release_files(latest)
        old_iface = read_interface(old_files)
        candidate = finalize(files, manifest, iface, latest.version, None)
        changed = _comparable(candidate) != _comparable(old_files)
        result = diff(old_iface, iface, changed)
        if result.bump is None:
            raise FactoryError(f"{label} is identical to its release {latest.tag}: nothing to publish")
        renames = unmoved_renames(old_iface, iface)
        if renames:
            raise PublishRefused(label, renames)
        bump, version, reasons = result.bump, bump_version(latest.version, result.bump), result.reasons
    entry = changelog_entry(version, bump, reasons)
    final = finalize(files, manifest, iface, version, entry)
    gate_results: list[GateResult] = []
    if gates:
        with tempfile.TemporaryDirectory(prefix="iacf-publish-") as tmp:
            staged = Path(tmp) / manifest.name
            for rel, text in final.items():
                (staged / rel).parent.mkdir(parents=True, exist_ok=True)
                (staged / rel).write_text(text, encoding="utf-8")
            gate_results, findings = run_gates(staged, progress)
        failed = [f"{f.gate}: {f.check} {f.file or ''} {f.message}".replace("  ", " ")
                  for f in findings if f.severity.value == "error"]
        failed += [f"gate {g.gate} failed" for g in gate_results if g.status == "failed" and not failed]
        # a module is released only when every gate really ran
        failed += [f"gate {g.gate} skipped: {g.detail}" for g in gate_results if g.status == "skipped"]
        if failed:
            raise PublishRefused(label, failed, gate_results)
    title = f"{tag_name(manifest.cloud, manifest.name, version)}: {bump} release of {label}"
    body = "\n".join([f"Publishes `{label}` {version} ({bump}; previous: {previous or 'none'}).", "",
                      "Changes:", *[f"- {r}" for r in reasons], "",
                      *([f"From a project: {restored.summary()}.", ""] if restored else []),
                      "Gates: " + (", ".join(f"{g.gate} {g.status}" for g in gate_results) or "not run")])
    progress(f"pushing branch and pull request to {backend.location}")
    pr = backend.publish(manifest.cloud, manifest.name, version, final, title, body)
    return PublishResult(module=label, bump=bump, version=version, previous=previous, reasons=reasons,
                         pr=pr.number, pr_url=pr.url, branch=pr.branch, created=pr.created, updated=pr.updated,
                         gates=gate_results, superseded=pr.superseded,
                         restored=sorted(restored.files) if restored else [],
                         restored_from=restored.origin.tag if restored else None)


def merge(directory: Path, number: int) -> str:
    if str(directory).startswith("github:"):
        raise FactoryError("iacf factory merge is for local factories: on GitHub, review and merge the pull "
                           "request there; the factory's release workflow creates the tag")
    return LocalGitBackend(directory).merge(number)


# -- generate --factory ---------------------------------------------------------------------------------------


def module_calls(files: list[RenderedFile], labels: dict[str, list[str]] | None = None) -> dict[str, list[set[str]]]:
    """Local module name → the argument sets of every call of ``./modules/<name>`` in the project.

    ``labels``, when given, receives the label of every call (``module "kms_logs"``) per module name.
    """
    calls: dict[str, list[set[str]]] = {}
    for f in files:
        if not f.path.endswith(".tf") or f.path.startswith("modules/"):
            continue
        try:
            doc = load_text(f.content)
        except HclError:
            continue
        for block in blocks(doc, None, "module", 1):
            source = block.body.get("source")
            match = re.match(r"^(?:\.\./|\./)modules/([a-z0-9_]+)$", source) if isinstance(source, str) else None
            if match:
                # python-hcl2 reports comments inside a block as a "__comments__" key: not an argument
                args = {k for k in block.body if not k.startswith("__")}
                calls.setdefault(match[1], []).append(args - META_ARGS)
                if labels is not None:
                    labels.setdefault(match[1], []).append(block.labels[0])
    return calls


def compatible(iface: Interface, calls: list[set[str]]) -> bool:
    required = {n for n, v in iface.variables.items() if v.required}
    return all(args <= set(iface.variables) and required <= args for args in calls)


@dataclass
class FactoryUse:
    """``iacf generate --factory``: which factory releases replace the plugin's built-in modules.

    A :class:`~iacf_core.engine.pipeline.ModuleSource`: :meth:`choose` picks the releases (and says why, as decisions)
    before the Stack is frozen; :meth:`swap` replaces the files.
    """

    backend: Backend
    mode: str = "vendor"  # vendor: copy under modules/; git: pinned ?ref=<tag> source
    used: dict[str, Release] = field(default_factory=dict)
    _loaded: dict[str, tuple[ModuleManifest, dict[str, str]]] = field(default_factory=dict, repr=False)

    def _load(self, rel: Release) -> tuple[ModuleManifest, dict[str, str]]:
        if rel.tag not in self._loaded:
            rel_files = self.backend.release_files(rel)
            if MANIFEST not in rel_files:
                raise FactoryError(f"release {rel.tag} has no {MANIFEST}")
            self._loaded[rel.tag] = (load_manifest(rel_files[MANIFEST], f"{rel.tag}:{MANIFEST}"), rel_files)
        return self._loaded[rel.tag]

    def choose(self, stack: Stack, files: Sequence[RenderedFile]) -> list[Decision]:
        """For each component, the newest compatible release of each module its rendered root calls."""
        releases = [r for r in self.backend.releases() if r.cloud == stack.cloud]
        by_module: dict[str, list[Release]] = {}
        for rel in releases:
            by_module.setdefault(rel.name, []).append(rel)
        labels: dict[str, list[str]] = {}
        calls = module_calls(list(files), labels)
        chosen: dict[str, Release] = {}
        decisions: list[Decision] = []
        for component in stack.ordered():
            picked: list[str] = []
            picked_names: list[str] = []
            skipped: list[str] = []
            for name in sorted(calls):
                if name in chosen or name not in by_module:
                    continue
                candidates = sorted(by_module[name], key=lambda r: tuple(int(x) for x in r.version.split(".")),
                                    reverse=True)
                if component.kind not in self._load(candidates[0])[0].provides:
                    continue
                for rel in candidates:
                    manifest, rel_files = self._load(rel)
                    if component.kind in manifest.provides and compatible(read_interface(rel_files), calls[name]):
                        chosen[name] = rel
                        picked.append(f"{rel.key} {rel.version}")
                        picked_names.append(name)
                        break
                    skipped.append(f"{rel.key} {rel.version} (its inputs do not match the calls the "
                                   f"{stack.cloud} plugin renders)")
            if picked:
                decisions.append(Decision(
                    id=f"core.factory.{component.id}",
                    title=f"Factory modules for {component.id}: {', '.join(picked)}",
                    why=(f"the factory at {self.backend.location} has released modules providing {component.kind}; "
                         f"the newest compatible release of each is used "
                         f"({'vendored under modules/' if self.mode == 'vendor' else 'git source pinned to its tag'})"
                         + (f"; skipped: {', '.join(skipped)}" if skipped else "")),
                    rule="core.factory", trigger="--factory",
                    alternatives=["generate without --factory (the plugin's built-in modules)",
                                  "--module-source git (pinned ?ref=<tag> instead of a vendored copy)"
                                  if self.mode == "vendor" else "--module-source vendor (a copy under modules/)"],
                    components=[component.id],
                    # what each call of those modules declares (a git source: the call itself)
                    resources=sorted(f"module.{label}{tail}" for name in picked_names
                                     for label in labels.get(name, []) for tail in ("", ".*")),
                ))
        self.used = chosen
        return decisions

    def swap(self, files: list[RenderedFile]) -> list[RenderedFile]:
        """The files with the chosen modules taken from the factory (vendored, or called by a pinned source)."""
        out = [f for f in files if not any(f.path.startswith(f"modules/{n}/") for n in self.used)]
        for name, rel in sorted(self.used.items()):
            _, rel_files = self._load(rel)
            if self.mode == "vendor":
                keep = {**vendored(rel_files), "README.md": rel_files.get("README.md", f"# {name}\n")}
                out += [RenderedFile(path=f"modules/{name}/{p}", content=c) for p, c in sorted(keep.items())]
            else:
                url = self.backend.source_url(rel.cloud, rel.name, rel.version)
                pattern = re.compile(rf'"(?:\.\./|\./)modules/{re.escape(name)}"')
                out = [f.model_copy(update={"content": pattern.sub(f'"{url}"', f.content)})
                       if f.path.endswith(".tf") else f for f in out]
        return sorted(out, key=lambda f: f.path)


# -- harvest -------------------------------------------------------------------------------------------------


@dataclass
class HarvestItem:
    module: str
    path: str
    status: str  # changed, new, unchanged
    origin: str | None
    command: str | None
    missing: list[str]


def harvest(project: Path, backend: Backend, factory_arg: str) -> list[HarvestItem]:
    """The project's modules that differ from the release they came from, or that the factory lacks."""
    modules_dir = project / "modules"
    if not project.is_dir():
        raise FactoryError(f"project folder {project} does not exist")
    if not modules_dir.is_dir():
        raise FactoryError(f"{project} has no modules/ folder: nothing to harvest")
    releases = backend.releases()
    items = []
    for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
        files = read_module_dir(folder)
        cloud, record = project_record(folder)
        origin, exact, _ = origin_of(folder.name, cloud, files, record, backend)
        here = content_hash(files)
        if origin is not None and not exact:  # no record of where it came from: any release it equals
            origin = next((r for r in releases if r.key == origin.key
                           and content_hash(backend.release_files(r)) == here), origin)
        if origin is None:
            status = "new"
        else:
            status = "unchanged" if content_hash(backend.release_files(origin)) == here else "changed"
        key = origin.key if origin else f"{cloud or '?'}/{folder.name}"
        missing: list[str] = []
        if status != "unchanged":  # what publish would still refuse, once it restored what it can
            restored, _ = restore(folder, files, backend)
            missing = structure_problems({**(restored.files if restored else {}), **files})[0]
        command = f"iacf publish {folder} --factory {factory_arg}" if status != "unchanged" else None
        items.append(HarvestItem(module=key, path=str(folder), status=status,
                                 origin=origin.tag if origin else None, command=command, missing=missing))
    return items
