"""The encryption keys kind on Google Cloud (added by governance): one key ring, one key per purpose."""

from __future__ import annotations

from iacf_core import KindSpec, Stack

# purpose → (the service agent suffix using it, what it protects); the kinds in the stack pick the purposes
PURPOSES: dict[str, tuple[str, str]] = {
    "logs": ("", "the audit log bucket"),
    "events": ("gcp-sa-pubsub", "the findings and asset-change topics"),
    "secrets": ("gcp-sa-secretmanager", "Secret Manager secrets"),
    "data": ("gcp-sa-cloud-sql", "Cloud SQL instances and backups"),
    "storage": ("gs-project-accounts", "Cloud Storage buckets and their usage logs"),
    "messages": ("gcp-sa-pubsub", "the application's Pub/Sub topics"),
    "functions": ("gcf-admin-robot", "Cloud Functions, their image repositories and deployed instances"),
    "documents": ("gcp-sa-firestore", "Firestore databases"),
    "cache": ("cloud-redis", "Memorystore for Redis instances"),
    "cluster": ("container-engine-robot", "Kubernetes Secrets of GKE clusters (application-layer encryption)"),
    "disks": ("compute-system", "the boot disks of GKE nodes"),
    "containers": ("serverless-robot-prod", "Cloud Run worker pools and jobs"),
}
# the other service agents a purpose's key must serve: a CMEK function's image repository must use the function's
# own key, which the Artifact Registry, Cloud Storage and Cloud Run agents use with the Cloud Functions one
SHARED_AGENTS: dict[str, tuple[str, ...]] = {
    "functions": ("gcp-sa-artifactregistry", "gs-project-accounts", "serverless-robot-prod"),
}
# kinds run by Cloud Run under the containers key, whose secrets (params.secrets) use the secrets key
CONTAINER_KINDS = ("worker", "scheduled_job")


def purposes(stack: Stack) -> list[str]:
    """The keys this stack needs, in a stable order."""
    kinds = {c.kind for c in stack.components.values()}
    wanted = ["logs", "events"]
    if "web_app" in kinds or any(c.params.get("secrets") for c in stack.components.values()
                                 if c.kind in CONTAINER_KINDS):
        wanted.append("secrets")
    if "relational_database" in kinds:
        wanted.append("data")
    if kinds & {"object_storage", "static_site"}:
        wanted.append("storage")
    if kinds & {"queue", "topic"}:
        wanted.append("messages")
    if "nosql_table" in kinds:
        wanted.append("documents")
    if "cache" in kinds:
        wanted.append("cache")
    if "kubernetes_cluster" in kinds:
        wanted += ["cluster", "disks"]
    if kinds & set(CONTAINER_KINDS):
        wanted.append("containers")
    if "function" in kinds:
        wanted.append("functions")
        if "storage" not in wanted:
            wanted.append("storage")  # the bucket of the functions' source archives
    return wanted


SPEC = KindSpec(
    name="encryption_keys", default_id="keys", description="Cloud KMS key ring and keys (90-day rotation).",
    modules=("kms",), controls=("encryption-keys", "default-encryption"), internal=True,
)
