"""How Google Cloud implements the governance controls: which components, which resource types, which gates;
and the two controls that have no Google Cloud counterpart, declared not applicable with their reason."""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Component, Control, ControlImplementation, Decision, Provenance, Stack, implementing

from .delivery import roles_decision
from .kinds import KINDS
from .policy import gcp_policy
from .sizing import env_defaults, retention_days


@dataclass(frozen=True)
class Implementation:
    resources: tuple[str, ...]  # resource types that must be present in the output
    kinds: tuple[str, ...] = ()  # kinds whose components implement it (empty: the control's KindSpecs)
    gate: str | None = None  # the gate that proves it on the output
    note: str = ""


IMPLEMENTATIONS: dict[str, Implementation] = {
    "audit-trail": Implementation(("google_project_iam_audit_config", "google_logging_project_sink",
                                   "google_logging_project_bucket_config"),
                                  note="Cloud Audit Logs, all services, to a CMEK log bucket"),
    "data-access-logging": Implementation(("google_project_iam_audit_config",),
                                          note="DATA_READ and DATA_WRITE audit logs of every service"),
    "log-retention": Implementation(("google_logging_project_bucket_config",)),
    "threat-detection": Implementation(("google_scc_v2_project_notification_config", "google_pubsub_topic"),
                                       note="Security Command Center (Event Threat Detection) findings streamed; "
                                            "SCC activated at the organization"),
    "posture-management": Implementation(("google_scc_v2_project_notification_config",),
                                         note="Security Command Center Security Health Analytics (CIS benchmark) "
                                              "findings streamed; SCC activated at the organization"),
    "config-recording": Implementation(("google_cloud_asset_project_feed",),
                                       note="Cloud Asset Inventory history and a change feed"),
    "budget": Implementation(("google_billing_budget",)),
    "public-access-block": Implementation(("google_org_policy_policy",),
                                          note="storage.publicAccessPrevention and uniform bucket-level access "
                                               "enforced on the project"),
    "encryption-keys": Implementation(("google_kms_key_ring", "google_kms_crypto_key")),
    "default-encryption": Implementation(("google_kms_crypto_key", "google_logging_project_bucket_config"),
                                         note="CMEK on every store the stack creates; Google encrypts the rest"),
    "state-backend": Implementation(("google_storage_bucket", "google_kms_crypto_key"),
                                    note="bootstrap/ root module: GCS bucket with native locking + Cloud KMS"),
    "network-flow-logs": Implementation(("google_compute_subnetwork",)),
    "secrets-management": Implementation(("google_secret_manager_secret",),
                                         kinds=("web_app", "worker", "scheduled_job")),
    "least-privilege": Implementation(("google_service_account",), gate="gcp-iam",
                                      note="dedicated service accounts; no basic role or public member (gate)"),
    "tagging": Implementation(("provider.google.default_labels",), kinds=("",), gate="tags"),
    "web-application-firewall": Implementation(("google_compute_security_policy", "google_compute_backend_service")),
    "private-data-tier": Implementation(("google_service_networking_connection", "google_sql_database_instance",
                                         "google_compute_firewall")),
}

# with a static site, the project-level policy gives way to bucket-level enforcement proved by a gate
SITE_PUBLIC_ACCESS = Implementation(("google_org_policy_policy", "google_storage_bucket"), gate="gcp-public-buckets",
                                    note="uniform bucket-level access enforced on the project; public access "
                                         "prevention enforced on every bucket but the static site's (gate)")

# Controls with no Google Cloud counterpart: what replaces them, and where that is stated
NOT_APPLICABLE: dict[str, tuple[str, str]] = {
    "password-policy": (
        "Google Cloud has no password credential of its own: people sign in with Google accounts or federated "
        "Cloud Identity users, whose password and 2-step verification policy is set in the identity provider (Cloud "
        "Identity / Workspace admin console), outside any project; service accounts have no password, and this "
        "project forbids their keys (iam.disableServiceAccountKeyCreation).",
        "CIS GCP 1.2; https://cloud.google.com/identity/docs/how-to/setup-password-policies"),
    "access-analysis": (
        "Google Cloud's counterparts (Policy Analyzer, IAM Recommender, SCC's Security Health Analytics public-"
        "resource findings) are organization services with nothing to create in a project; the SCC notification "
        "config of this project streams their findings, and the gcp-iam gate refuses any public member or basic role "
        "in the generated code.",
        "https://cloud.google.com/policy-intelligence/docs/policy-analyzer-overview"),
}

# secrets-management in a stack with no web application: every identity is a service account used through IAM
NOTHING_TO_STORE = (
    "No component of this stack holds a secret: workloads and data stores authenticate with IAM (service accounts "
    "without keys, IAM database authentication, object roles on buckets), so there is nothing to put in Secret "
    "Manager; a web application added later gets its secret there.")

REQUIRED_CONTROLS: tuple[str, ...] = (
    "audit-trail", "budget", "config-recording", "default-encryption", "encryption-keys", "least-privilege",
    "log-retention", "posture-management", "public-access-block", "secrets-management", "state-backend", "tagging",
    "threat-detection", "access-analysis", "password-policy",
)


def _add_platform(stack: Stack, required: set[str]) -> None:
    """The project-level components: keys, baseline, state."""
    env = stack.environment
    logs = env_defaults("logs", stack)
    days = retention_days(stack)
    policy = gcp_policy(stack)
    budget = stack.policy.budget.monthly_amount or env_defaults("budget", stack)["amount"]
    stack.ensure(Component(id="keys", kind="encryption_keys", provenance=Provenance(source="governance")), Decision(
        id="gcp.kms.keys", title="Cloud KMS key ring with one key per purpose, rotated every 90 days",
        why="Separate keys (logs, events, secrets, data) limit what one grant exposes; each key is usable only by "
            "the service agent that encrypts with it (CIS GCP 1.9), rotates every 90 days (CIS GCP 1.10) and "
            "carries prevent_destroy.",
        rule="encryption-keys", trigger="always (governance)",
        alternatives=["Google-managed keys (no control over access or rotation)", "one key for everything"]))
    stack.ensure(Component(id="governance", kind="project_baseline",
                           params={"retention_days": days, "locked": logs["locked"], "budget": budget,
                                   "billing_account": policy.billing_account},
                           provenance=Provenance(source="governance"), depends_on=["keys"]), Decision(
        id="gcp.baseline", title="Project baseline: audit logs, SCC notifications, asset feed, organization "
                                 "policies, budget",
        why="Each required control that Google Cloud meets per project is created here; what only the "
            "organization can switch on (SCC activation, the orgpolicy and billing roles) is a README prerequisite.",
        rule="audit-trail", trigger="always (governance)",
        alternatives=["an organization-level landing zone (then list these controls as provided elsewhere)"]))
    stack.decide(Decision(
        id="gcp.logs.retention",
        title=f"Audit logs kept {days} days in a CMEK log bucket, " + ("locked" if logs["locked"] else "not locked"),
        why=f"{days} days for {env}; " + (
            "the bucket is locked: nobody can delete it or shorten its retention (CIS GCP 2.3)." if logs["locked"]
            else f"a control deliberately off in {env}: the bucket is not locked, so the environment can be torn "
                 "down; prod locks it.")
        + " Sinks: every cloudaudit.googleapis.com entry (CIS GCP 2.2).",
        rule="log-retention",
        trigger=(f"{stack.policy.label} [logs] retention_days.{env}" if stack.policy.logs.retention_days.get(env)
                 else stack.env_trigger),
        components=["governance"], alternatives=["the _Default bucket's 30 days", "export to BigQuery"]))
    stack.decide(Decision(
        id="gcp.budget", title=f"Monthly budget of {budget:g} in the billing account's currency, alerts at 50, 90, "
                              "100 % and on forecast",
        why="Overruns reach the billing account's budget recipients and the notification channels of the project.",
        rule="budget", trigger=("[budget] monthly_amount" if stack.policy.budget.monthly_amount
                                else stack.env_trigger), components=["governance"]))
    sites = [s.id for s in stack.by_kind("static_site")]
    stack.decide(_org_policies(sites) if sites else Decision(
        id="gcp.org-policies",
        title="Organization policies set on the project: uniform bucket access, public access prevention, no "
              "service account keys, no Cloud SQL public IP, no VM external IP",
        why="They hold even against a later manual change (CIS GCP 5.1, 5.2, 1.4, 6.6, 4.9). Setting them needs "
            "roles/orgpolicy.policyAdmin for the deploying identity at the organization or folder (README).",
        rule="public-access-block", trigger="always (governance)", components=["governance"]))
    if "state-backend" in required:
        delivery = stack.policy.delivery
        stack.add(Component(id="state", kind="state_backend",
                            params={"github_repository": delivery.github_repository or ""},
                            provenance=Provenance(source="governance")), Decision(
            id="gcp.state.backend", title="Remote state in a GCS bucket with CMEK, created by bootstrap/",
            why="State holds every attribute: it lives in a versioned, CMEK-encrypted bucket with uniform access, "
                "public access prevention and access logs; the gcs backend locks natively with a lock object.",
            rule="state-backend", trigger="always (governance)",
            alternatives=["local state", "Terraform Cloud (third-party SaaS)"]))
        stack.decide(Decision(
            id="gcp.delivery.wif",
            title="GitHub Actions authenticate with Workload Identity Federation: no service account key",
            why="The provider accepts only this repository's pull requests, main branch and environment jobs "
                "(exact subjects); plan runs as a read-only service account, apply as another usable only from the "
                f"GitHub environment {env}. Neither holds a basic role; each holds the roles of the services this "
                "stack creates, and the apply identity may change the project's IAM policy only for its audit "
                "configuration and the project-level roles the workloads receive (IAM condition; "
                "gcp.delivery.apply-roles).",
            rule="least-privilege", trigger="always (governance)", components=["state"],
            alternatives=["a service account key in a GitHub secret (long-lived credential)"]))
        stack.decide(Decision(
            id="gcp.checkov.skips",
            title="Two Checkov checks skipped inline in bootstrap/, each with its reason",
            why="CKV_GCP_62 on the state bucket's access-log bucket (logging it into itself would loop); CKV_GCP_49 "
                "on the apply service account's project roles, for roles/iam.serviceAccountAdmin when the stack has "
                "workloads (it creates their service accounts and grants itself serviceAccountUser on each, never "
                "on the project; it can create no key, and only the GitHub environment's jobs can use it). Every "
                "other check passes.",
            rule="least-privilege", trigger="bootstrap/ (always)", components=["state"],
            alternatives=["granting serviceAccountUser on the whole project (CKV_GCP_41, wider)"]))
        stack.decide(roles_decision(stack))


def _holds_secrets(stack: Stack) -> bool:
    """A web application always has a secret; a worker or a job when its params name some."""
    return any(c.kind == "web_app" or (c.kind in ("worker", "scheduled_job") and c.params.get("secrets"))
               for c in stack.components.values())


def _firewall_with_site(stack: Stack) -> Implementation:
    """A static site's edge policy protects a backend bucket; web applications' policies a backend service."""
    resources = ["google_compute_security_policy", "google_compute_backend_bucket"]
    if stack.by_kind("load_balancer"):
        resources.append("google_compute_backend_service")
    return Implementation(tuple(resources), note="Cloud Armor edge security policy on each static site's backend "
                                                 "bucket (IP and region rules; WAF rule sets are backend-service "
                                                 "only)")


def _org_policies(sites: list[str]) -> Decision:
    """The organization policies of a project serving a static site: public access prevention moves to buckets."""
    return Decision(
        id="gcp.org-policies",
        title="Organization policies set on the project: uniform bucket access, no service account keys, no Cloud "
              "SQL public IP, no VM external IP; public access prevention enforced per bucket, not on the project",
        why="They hold even against a later manual change (CIS GCP 5.2, 1.4, 6.6, 4.9). The static site "
            f"({', '.join(sites)}) is served by a backend bucket, which reads only publicly readable objects, so "
            "the project cannot enforce storage.publicAccessPrevention: CIS GCP 5.1 is met bucket by bucket "
            "instead. Every other bucket the stack creates (state and its logs in bootstrap/, log buckets, object "
            "storage, function sources) sets public_access_prevention = \"enforced\" itself, and the gate "
            "gcp-public-buckets fails the output if any bucket but the site's is not enforced or grants allUsers "
            "or allAuthenticatedUsers. A bucket created by hand in the project is not covered by the policy: keep "
            "the organization's or folder's own policy for other projects. Setting the policies needs "
            "roles/orgpolicy.policyAdmin for the deploying identity at the organization or folder (README).",
        rule="public-access-block", trigger=f"static site {', '.join(sites)}", components=["governance", *sites],
        alternatives=["signed URLs or a private origin with an HMAC key (a secret in the state)",
                      "the site in another project (its own governance stack)"])


def inject(stack: Stack, controls: list[Control]) -> None:
    required = {c.id for c in controls}
    _add_platform(stack, required)
    for control in controls:
        if control.id in NOT_APPLICABLE:
            why, reference = NOT_APPLICABLE[control.id]
            stack.implementations.append(ControlImplementation(control=control.id, not_applicable=why,
                                                               reference=reference))
            continue
        if control.id == "secrets-management" and not _holds_secrets(stack):
            # nothing in such a stack holds a secret: stating why beats an empty Secret Manager
            stack.implementations.append(ControlImplementation(
                control=control.id, not_applicable=NOTHING_TO_STORE,
                reference="CIS GCP 1.4; https://cloud.google.com/secret-manager/docs/best-practices"))
            continue
        impl = IMPLEMENTATIONS.get(control.id)
        if impl is None:
            continue  # core reports the control as unimplemented
        if control.id == "public-access-block" and stack.by_kind("static_site"):
            impl = SITE_PUBLIC_ACCESS
        if control.id == "web-application-firewall" and stack.by_kind("static_site"):
            impl = _firewall_with_site(stack)
        kinds = impl.kinds or implementing(KINDS, control.id)
        components = sorted(c.id for c in stack.components.values() if c.kind in kinds)
        if kinds != ("",) and not components:
            continue
        stack.implementations.append(ControlImplementation(
            control=control.id, components=components or ["(project)"], resources=list(impl.resources),
            note=impl.note, gate=impl.gate))
