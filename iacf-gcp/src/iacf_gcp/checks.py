"""Google Cloud gates: mandatory labels through the provider's ``default_labels``, no firewall rule open to the
internet, IAM bindings without basic roles or public members (the CI identities' roles included), and no public
bucket but a static site's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from iacf_core import MANDATORY_TAGS, Finding, Severity, Stack
from iacf_core.toolkit.hcl import Block, HclError, blocks, load_file, parsed_files
from iacf_core.toolkit.ingress import IngressRules, Opening, as_strings
from iacf_core.toolkit.ingress import check_ingress as core_check_ingress
from iacf_core.toolkit.tags import TagRules
from iacf_core.toolkit.tags import check_tags as core_check_tags

from .delivery import SCOPED_ROLES
from .labels import label_key

GOOGLE_LABELS = TagRules("google", "hashicorp/google", attribute="labels", default_tags=("default_labels",))
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
# resources holding IAM grants: a single member, or a list of members
_IAM = re.compile(r"^google_.*_iam_(member|binding|policy)$")


def check_labels(root: Path, required: tuple[str, ...]) -> list[Finding]:
    """Every root module's ``provider "google"`` carries ``default_labels`` with the mandatory keys."""
    return core_check_tags(root, GOOGLE_LABELS, [label_key(t) for t in required])


def _ports(allow: dict[str, Any]) -> list[tuple[Any, Any]]:
    ports = allow.get("ports")
    if not ports:
        return [(0, 65535)]
    out: list[tuple[Any, Any]] = []
    for port in ports if isinstance(ports, list) else [ports]:
        low, _, high = str(port).partition("-")
        try:
            out.append((int(low), int(high or low)))
        except ValueError:
            out.append((port, port))  # an expression: never an allowed single web port
    return out


def _firewall(body: dict[str, Any]) -> list[Opening]:
    if str(body.get("direction", "INGRESS")).upper() != "INGRESS":
        return []
    sources = as_strings(body.get("source_ranges") or [])
    allows = body.get("allow") or []
    return [Opening(sources, ports) for allow in allows if isinstance(allow, dict) for ports in _ports(allow)]


INGRESS = IngressRules(readers={"google_compute_firewall": _firewall})


# The static site's bucket: the one bucket a backend bucket serves, so the one allowed to be publicly readable
SITE_MODULE = "cdn_site"
SITE_BUCKET = "google_storage_bucket.site"
SITE_PUBLIC_ROLE = "roles/storage.objectViewer"
# resources that can make a bucket or its objects public
_STORAGE_GRANT = re.compile(r"^google_storage_(bucket|object|default_object)_(iam_member|iam_binding|iam_policy|acl|"
                            r"access_control)$")


def _in_site_module(root: Path, path: Path) -> bool:
    return path.relative_to(root).parts[:2] == ("modules", SITE_MODULE)


def _is_site_public_read(root: Path, path: Path, block: Block) -> bool:
    """The site module's single public grant: allUsers reading the site bucket's objects, nothing more."""
    body = block.body
    return (_in_site_module(root, path) and block.labels[0] == "google_storage_bucket_iam_member"
            and body.get("member") == "allUsers" and body.get("role") == SITE_PUBLIC_ROLE
            and body.get("bucket") == f"${{{SITE_BUCKET}.name}}")


def check_public_buckets(root: Path) -> list[Finding]:
    """Every bucket but the static site's enforces public access prevention, and nothing grants allUsers or
    allAuthenticatedUsers except read access to the site bucket's objects (CIS GCP 5.1). With a static site the
    project cannot enforce the ``storage.publicAccessPrevention`` policy, so this gate is what proves it."""
    findings: list[Finding] = []
    buckets = 0

    def fail(path: Path, block: Block, message: str) -> None:
        findings.append(Finding(gate="gcp-public-buckets", check="iacf.gcp.public-buckets", severity=Severity.ERROR,
                                message=f"{block.address} {message}", file=str(path.relative_to(root)),
                                resource=block.address))

    for path, doc in parsed_files(root):
        for block in blocks(doc, path, "resource", 2):
            kind, body = block.labels[0], block.body
            site = _in_site_module(root, path) and block.address == SITE_BUCKET
            if kind == "google_storage_bucket":
                buckets += 1
                if site and body.get("uniform_bucket_level_access") is not True:
                    fail(path, block, "is the public site bucket without uniform bucket-level access")
                elif not site and body.get("public_access_prevention") != "enforced":
                    fail(path, block, 'does not set public_access_prevention = "enforced"')
            elif _STORAGE_GRANT.match(kind) and not _is_site_public_read(root, path, block):
                text = str(body)
                for member in PUBLIC_MEMBERS:
                    if member in text:
                        fail(path, block, f"grants {member} on a bucket or object")
    if not findings:
        findings.append(Finding(gate="gcp-public-buckets", check="iacf.gcp.public-buckets", severity=Severity.INFO,
                                message=f"{buckets} bucket(s): public access prevention enforced on every one but "
                                        "a static site's, which only allUsers' object reads reach"))
    return findings


# roles that let their holder change who may do what on the project, or act as any service account of it: never in
# the CI identities' project roles (projectIamAdmin only alone, with its condition)
PROJECT_IAM_ADMIN = "roles/resourcemanager.projectIamAdmin"
IAM_ADMIN_ROLES = (PROJECT_IAM_ADMIN, "roles/iam.securityAdmin", "roles/iam.roleAdmin",
                   "roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator")
# bootstrap's committed values: role lists → what they may not hold
CI_ROLE_LISTS: dict[str, tuple[str, ...]] = {
    "apply_roles": (*BASIC_ROLES, *IAM_ADMIN_ROLES),
    "plan_roles": BASIC_ROLES,
    "workload_roles": (*BASIC_ROLES, *IAM_ADMIN_ROLES, "roles/iam.serviceAccountAdmin"),
}
_READ_ONLY = re.compile(r"(viewer|Viewer|reader|browser|Reviewer)$")


def check_ci_roles(root: Path) -> list[Finding]:
    """The CI identities' project roles in ``bootstrap/iacf.auto.tfvars``: no basic role; the apply identity holds
    no role that administers IAM or acts as any service account (its projectIamAdmin is a separate, conditioned
    grant); the plan identity's roles are read-only; the roles the apply identity may grant are workload roles."""
    path = root / "bootstrap" / "iacf.auto.tfvars"
    if not path.is_file():
        return []
    try:
        values = load_file(path)
    except (HclError, UnicodeDecodeError):
        return []  # the HCL gate reports it
    findings = []
    for name, refused in CI_ROLE_LISTS.items():
        roles = [str(r) for r in values.get(name) or []]
        problems = [f"{name} holds {r}" for r in roles if r in refused]
        if name == "plan_roles":
            problems += [f"plan_roles holds {r}, not a read-only role" for r in roles
                         if r not in refused and not _READ_ONLY.search(r)]
        findings += [Finding(gate="gcp-iam", check="iacf.gcp.iam", severity=Severity.ERROR, message=problem,
                             file=str(path.relative_to(root)), resource=name) for problem in problems]
    return findings


def _unconditioned_iam_admin(block: Block) -> bool:
    """A project IAM grant of projectIamAdmin without the condition limiting the roles it may grant."""
    body = block.body
    return (block.labels[0] == "google_project_iam_member" and body.get("role") == PROJECT_IAM_ADMIN
            and "modifiedGrantsByRole" not in str(body.get("condition")))


def _apply_grant_problems(block: Block, scoped: dict[str, Any]) -> list[str]:
    """The bootstrap's grants of ``var.apply_roles``: the unconditioned one leaves out the roles of
    ``local.scoped_roles``, and every role of :data:`SCOPED_ROLES` has a condition on resource names there."""
    body = block.body
    if block.labels[0] != "google_project_iam_member" or "var.apply_roles" not in str(body.get("for_each")):
        return []
    if body.get("condition"):
        missing = [r for r in SCOPED_ROLES if not ("resource.name" in str((scoped.get(r) or {}).get("expression"))
                                                   and "resource.type" in str((scoped.get(r) or {}).get("expression")))]
        return [f"{r} without a condition on resource.type and resource.name in local.scoped_roles" for r in missing]
    if "scoped_roles" not in str(body.get("for_each")):
        return ["apply_roles without a condition: " + ", ".join(SCOPED_ROLES) + " would be granted project-wide"]
    return []


def _scoped_roles(doc: dict[str, Any]) -> dict[str, Any]:
    for entry in doc.get("locals", []):
        if isinstance(entry, dict) and isinstance(entry.get("scoped_roles"), dict):
            return dict(entry["scoped_roles"])
    return {}


def check_iam(root: Path) -> list[Finding]:
    """No basic role (owner, editor, viewer) and no public member in any IAM grant (CIS GCP 1.1, 1.6; 5.1), no
    projectIamAdmin without a condition on the roles it may grant, no admin role of :data:`SCOPED_ROLES` granted to
    the apply identity without its condition on resource names, and the CI identities' roles checked too."""
    findings: list[Finding] = []
    grants = 0
    for path, doc in parsed_files(root):
        for block in blocks(doc, path, "resource", 2):
            if not _IAM.match(block.labels[0]) or _is_site_public_read(root, path, block):
                continue  # the site's public read is proved by gcp-public-buckets
            grants += 1
            text = str(block.body)
            problems = [r for r in BASIC_ROLES if f"'{r}'" in text or f'"{r}"' in text]
            problems += [m for m in PUBLIC_MEMBERS if m in text]
            if _unconditioned_iam_admin(block):
                problems.append(f"{PROJECT_IAM_ADMIN} without a condition on the roles it may grant")
            problems += _apply_grant_problems(block, _scoped_roles(doc))
            for problem in problems:
                findings.append(Finding(gate="gcp-iam", check="iacf.gcp.iam", severity=Severity.ERROR,
                                        message=f"{block.address} grants {problem}",
                                        file=str(path.relative_to(root)), resource=block.address))
    findings += check_ci_roles(root)
    if not findings:
        findings.append(Finding(gate="gcp-iam", check="iacf.gcp.iam", severity=Severity.INFO,
                                message=f"{grants} IAM grant(s): no basic role, no public member, no unconditioned "
                                        "project IAM administration, the apply identity's storage, secret and key "
                                        "admin roles conditioned on resource names; the CI identities' roles hold "
                                        "none either"))
    return findings


def validate(root: Path, stack: Stack | None) -> list[Finding]:
    """The Google Cloud gates; core calls them for a ``gcp`` stack."""
    required = MANDATORY_TAGS
    if stack is not None:
        required = tuple(dict.fromkeys([*MANDATORY_TAGS, *stack.policy.tags.required]))
    return [*check_labels(root, required), *core_check_ingress(root, INGRESS), *check_iam(root),
            *check_public_buckets(root)]
