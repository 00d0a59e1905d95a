"""The roles of the CI identities on Google Cloud, derived from the stack's kinds.

The apply service account gets the predefined roles that create what this stack holds and nothing for a service it
does not use: each role comes with the components and resources that need it, which DECISIONS.md and the README
show. ``roles/resourcemanager.projectIamAdmin`` is never in that list: bootstrap/ grants it alone, conditioned on
:func:`workload_roles` (the only project-level roles the apply identity may grant or revoke).
"""

from __future__ import annotations

from iacf_core import Decision, Stack

from .kinds.encryption_keys import CONTAINER_KINDS
from .kinds.kubernetes_cluster import NODE_ROLES

# kinds whose components get their own service accounts (created by the apply identity)
IDENTITY_KINDS = ("web_app", "function", "worker", "scheduled_job", "kubernetes_cluster")
PROJECT_IAM_ADMIN = "roles/resourcemanager.projectIamAdmin"

# admin roles for which no narrower predefined role creates the resources and sets their IAM policies, on services
# whose IAM conditions recognise resource attributes: bootstrap/ grants each with a condition (local.scoped_roles)
# that limits it, on a resource of the service's types, to the names the project gives its own; creating one is
# checked on the project and stays allowed
SCOPED_ROLES: dict[str, str] = {
    "roles/storage.admin": "buckets and objects named <project>-<environment>-*, never the state bucket nor its log "
                           "bucket",
    "roles/secretmanager.admin": "secrets named <project>-<environment>-*",
    "roles/cloudkms.admin": "the key ring <project>-<environment>-keys and its keys, never the state key ring",
}


def _scoped(role: str) -> str:
    return f"; conditioned (IAM condition on resource.type and resource.name): {SCOPED_ROLES[role]}"


# the baseline, the keys and the APIs: in every stack
BASE_ROLES: dict[str, str] = {
    "roles/serviceusage.serviceUsageAdmin": "enables the APIs main.tf lists (google_project_service, never disabled "
                                            "on destroy)",
    "roles/cloudkms.admin": "creates the key ring and its keys and grants each service agent its own key; it holds "
                            "no encrypt or decrypt permission, and no narrower predefined role creates keys and sets "
                            "their IAM policies" + _scoped("roles/cloudkms.admin"),
    "roles/logging.configWriter": "creates the CMEK audit log bucket (retention, lock) and its sink",
    "roles/pubsub.admin": "creates the findings and asset-change topics; Security Command Center requires the "
                          "creator of a notification config to set its topic's IAM policy (it adds its own publisher), "
                          "which pubsub.editor cannot; project-wide: Pub/Sub does not recognise resource attributes "
                          "in IAM conditions, so no condition can limit it to the project's topics",
    "roles/cloudasset.owner": "creates the Cloud Asset Inventory feed (no narrower predefined role creates feeds)",
    "roles/securitycenter.notificationConfigEditor": "creates the Security Command Center notification config",
    "roles/monitoring.notificationChannelEditor": "creates the budget's e-mail notification channels",
}


def _ids(stack: Stack, *kinds: str) -> list[str]:
    return sorted(c.id for c in stack.components.values() if c.kind in kinds)


def _add(roles: dict[str, list[str]], role: str, ids: list[str], what: str) -> None:
    if ids:
        roles.setdefault(role, []).append(f"{what} [{', '.join(ids)}]")


def apply_roles(stack: Stack) -> dict[str, str]:
    """Role → why, for every predefined role the apply identity holds on the project (no basic role, never
    projectIamAdmin nor serviceAccountUser project-wide), sorted by role."""
    uses: dict[str, list[str]] = {role: [why] for role, why in BASE_ROLES.items()}
    _add(uses, "roles/pubsub.admin", _ids(stack, "queue", "topic"), "topics, subscriptions and dead-letter topics, "
         "with each publisher's and consumer's grant on its own topic or subscription")
    net = _ids(stack, "network")
    nat = any(n.params.get("cloud_nat") for n in stack.by_kind("network"))
    _add(uses, "roles/compute.networkAdmin", net, "VPC, subnet, route to private.googleapis.com and the Private "
         "Service Access range" + (", Cloud Router and Cloud NAT" if nat else ""))
    _add(uses, "roles/compute.securityAdmin", net, "firewall rules (networkAdmin excludes them)")
    _add(uses, "roles/servicenetworking.networksAdmin", net, "the Private Service Access peering")
    _add(uses, "roles/dns.admin", net, "the private DNS zones of Private Google Access and the DNS logging policy")
    edges = _ids(stack, "load_balancer", "static_site")
    _add(uses, "roles/compute.loadBalancerAdmin", edges, "addresses, forwarding rules, target proxies, URL maps, "
         "backend services or buckets, serverless network endpoint groups")
    _add(uses, "roles/compute.securityAdmin", edges, "Cloud Armor and SSL policies, managed certificates")
    _add(uses, "roles/storage.admin", _ids(stack, "object_storage", "static_site", "function"),
         "buckets, their usage-log buckets and each bucket's own grants (no narrower predefined role sets a bucket's "
         "IAM policy)" + _scoped("roles/storage.admin"))
    _add(uses, "roles/run.admin", _ids(stack, "web_app"), "Cloud Run services whose invoker check is off behind the "
         "load balancer (turning it off takes run.services.setIamPolicy)")
    _add(uses, "roles/run.admin", _ids(stack, "scheduled_job"), "Cloud Run jobs and the scheduler identity's "
         "run.invoker on each")
    _add(uses, "roles/run.admin", _ids(stack, "function", "http_api"), "run.invoker of the callers on each "
         "function's Cloud Run service only")
    if "roles/run.admin" not in uses:
        _add(uses, "roles/run.developer", _ids(stack, "worker"), "Cloud Run worker pools (no IAM policy of their own: "
             "run.admin is not needed)")
    secrets = [c.id for c in stack.components.values()
               if c.kind == "web_app" or (c.kind in CONTAINER_KINDS and c.params.get("secrets"))]
    _add(uses, "roles/secretmanager.admin", sorted(secrets), "secrets, created empty, and each workload's "
         "secretAccessor on its own secrets (no narrower predefined role creates secrets and sets their IAM "
         "policies)" + _scoped("roles/secretmanager.admin"))
    _add(uses, "roles/cloudscheduler.admin", _ids(stack, "scheduled_job"), "Cloud Scheduler jobs")
    functions = _ids(stack, "function")
    triggered = sorted(f.id for f in stack.by_kind("function") if f.params.get("event_source"))
    on_objects = sorted(f.id for f in stack.by_kind("function") if f.params.get("trigger_bucket"))
    if triggered or on_objects:
        kinds = [f"the Pub/Sub trigger of {', '.join(triggered)}"] if triggered else []
        kinds += [f"the Cloud Storage trigger of {', '.join(on_objects)}"] if on_objects else []
        _add(uses, "roles/cloudfunctions.admin", functions, f"functions; {' and '.join(kinds)} "
             f"{'is' if len(triggered) + len(on_objects) == 1 else 'are'} created with the Eventarc permissions "
             "this role holds")
    else:
        _add(uses, "roles/cloudfunctions.developer", functions, "HTTP functions (no function IAM policy is set: "
             "cloudfunctions.admin is not needed)")
    _add(uses, "roles/artifactregistry.admin", _ids(stack, "function"), "each function's image repository and its "
         "build identity's writer grant on it")
    _add(uses, "roles/cloudsql.admin", _ids(stack, "relational_database"), "Cloud SQL instances, databases and IAM "
         "database users (cloudsql.editor cannot manage users)")
    _add(uses, "roles/datastore.owner", _ids(stack, "nosql_table"), "Firestore databases and backup schedules (no "
         "narrower predefined role creates a database)")
    _add(uses, "roles/redis.admin", _ids(stack, "cache"), "Memorystore for Redis instances")
    _add(uses, "roles/container.clusterAdmin", _ids(stack, "kubernetes_cluster"), "GKE clusters and node pools, "
         "without access to the Kubernetes API's objects")
    _add(uses, "roles/iam.serviceAccountAdmin", _ids(stack, *IDENTITY_KINDS), "the workloads' own service accounts, "
         "and serviceAccountUser on each for the apply identity (never on the project); serviceAccountCreator "
         "cannot delete one nor set its IAM policy; project-wide: a service account is created on the project and "
         "IAM conditions recognise no resource attributes of service accounts (Checkov CKV_GCP_49 skipped inline)")
    return {role: "; ".join(uses[role]) for role in sorted(uses)}


def workload_roles(stack: Stack) -> list[str]:
    """The project-level roles the project's modules grant: the only ones the apply identity may grant or revoke
    (the condition of its projectIamAdmin). Empty: it may change the audit configuration only."""
    roles: list[str] = []
    if stack.by_kind("relational_database"):
        roles += ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]  # conditioned on the instance
    if stack.by_kind("nosql_table"):
        roles += ["roles/datastore.user", "roles/datastore.viewer"]  # conditioned on the database
    if stack.by_kind("function"):
        roles.append("roles/logging.logWriter")  # the build identities' logs
    if any(f.params.get("trigger_bucket") for f in stack.by_kind("function")):
        # a Cloud Storage trigger's identity receives events; Cloud Storage's agent publishes them to Eventarc's topic
        roles += ["roles/eventarc.eventReceiver", "roles/pubsub.publisher"]
    if stack.by_kind("kubernetes_cluster"):
        roles += [r for r in NODE_ROLES if r not in roles]  # the GKE nodes' service account
    return roles


def plan_roles(stack: Stack) -> list[str]:
    """Read-only predefined roles of the plan identity: the configuration of what the stack holds, never its data
    (no secret version, no object but the state's)."""
    kinds = {c.kind for c in stack.components.values()}
    roles = {"roles/browser", "roles/iam.securityReviewer", "roles/cloudkms.viewer", "roles/logging.viewer",
             "roles/pubsub.viewer", "roles/cloudasset.viewer", "roles/securitycenter.notificationConfigViewer",
             "roles/monitoring.viewer", "roles/serviceusage.serviceUsageViewer", "roles/orgpolicy.policyViewer"}
    if kinds & set(IDENTITY_KINDS):
        roles |= {"roles/iam.serviceAccountViewer"}
    if kinds & {"network", "load_balancer", "static_site"}:
        roles |= {"roles/compute.viewer"}
    if "network" in kinds:
        roles |= {"roles/dns.reader"}
    if kinds & {"web_app", "function", "http_api", *CONTAINER_KINDS}:
        roles |= {"roles/run.viewer"}
    if kinds & {"web_app", *CONTAINER_KINDS}:
        roles |= {"roles/secretmanager.viewer"}
    if "relational_database" in kinds:
        roles |= {"roles/cloudsql.viewer"}
    if kinds & {"object_storage", "function", "static_site"}:
        roles |= {"roles/storage.bucketViewer"}
    if "nosql_table" in kinds:
        roles |= {"roles/datastore.viewer"}
    if "cache" in kinds:
        roles |= {"roles/redis.viewer"}
    if "function" in kinds:
        roles |= {"roles/cloudfunctions.viewer", "roles/artifactregistry.reader"}
    if "kubernetes_cluster" in kinds:
        roles |= {"roles/container.clusterViewer"}
    if "scheduled_job" in kinds:
        roles |= {"roles/cloudscheduler.viewer"}
    return sorted(roles)


def roles_decision(stack: Stack) -> Decision:
    """The apply identity's roles, each with what needs it, and its conditioned projectIamAdmin."""
    roles = apply_roles(stack)
    granted = workload_roles(stack)
    listed = " ".join(f"{role}: {why}." for role, why in roles.items())
    return Decision(
        id="gcp.delivery.apply-roles",
        title=f"The apply identity holds {len(roles)} predefined roles, each for services this stack creates, and "
              "a conditioned projectIamAdmin; no basic role",
        why="Derived from the stack's components, not a fixed list: a role comes with the component that needs it "
            "and a stack without that component does not get it (the components are in brackets). " + listed + " "
            + f"{PROJECT_IAM_ADMIN} is granted alone with an IAM condition on "
              "iam.googleapis.com/modifiedGrantsByRole: it sets the project's audit configuration (Data Access logs "
              "of every service) and may grant or revoke "
            + (f"only {', '.join(granted)}, the project-level roles the workloads receive (conditioned there on "
               "their own instance or database where the service allows it)" if granted
               else "no role at all (no workload of this stack receives a project-level role)")
            + ": it cannot give itself or anyone else another role. " + _scoped_sentence(roles)
            + " serviceAccountUser is granted on each service "
              "account the stack creates, never on the project. No owner, editor or viewer role. Organization "
              "policies and the budget need roles/orgpolicy.policyAdmin (organization or folder) and "
              "roles/billing.costsManager (billing account), granted outside the project (README). The plan "
              "identity holds read-only roles of the same services (" + ", ".join(plan_roles(stack)) + ").",
        rule="least-privilege", trigger="the stack's components", components=["state"],
        alternatives=["roles/owner or roles/editor (every service, and the project's IAM policy)",
                      "a custom role with exactly the permissions of each resource (one more thing to keep in step "
                      "with the provider; created with the bootstrap's administrator rights)",
                      "IAM conditions on resource names for roles/pubsub.admin and roles/iam.serviceAccountAdmin too "
                      "(Pub/Sub and service accounts recognise no resource attributes in IAM conditions)"])


def _scoped_sentence(roles: dict[str, str]) -> str:
    """Which admin roles are conditioned on the project's own resources, and which stay project-wide."""
    scoped = [r for r in roles if r in SCOPED_ROLES]
    wide = [r for r in ("roles/pubsub.admin", "roles/iam.serviceAccountAdmin") if r in roles]
    return (f"{', '.join(scoped)} {'is' if len(scoped) == 1 else 'are'} granted with an IAM condition on "
            "resource.type and resource.name that limits "
            f"{'it' if len(scoped) == 1 else 'them'} to the resources the project names its own (never the "
            "state bucket or its key ring), creation being checked on the project; "
            f"{' and '.join(wide)} {'stays' if len(wide) == 1 else 'stay'} project-wide (no resource attribute "
            "of their service in IAM conditions).")
