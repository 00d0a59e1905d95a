"""The object storage kind on Google Cloud: a private Cloud Storage bucket (CMEK, versioning, usage logs), with
object roles granted on the bucket to the workloads that use it."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Stack, stated_trigger

from ..params import ObjectStorageParams
from ..sizing import env_defaults, retention_days

# access level of a connection → the predefined object role it grants on the bucket (nothing on its settings)
ROLES: dict[str, str] = {
    "read": "roles/storage.objectViewer",
    "write": "roles/storage.objectCreator",
    "read_write": "roles/storage.objectUser",
}
# kinds whose code runs as a service account of its own: the clients that may be granted a bucket
CLIENT_KINDS = ("web_app", "function", "worker", "scheduled_job")


def clients(stack: Stack, target: Component) -> dict[str, str]:
    """Workload id → its access level on ``target``, from the stack's connections (the kit's defaults included)."""
    out = {conn.source: conn.access for conn in stack.users(target.id)
           if conn.source in stack.components and stack.components[conn.source].kind in CLIENT_KINDS}
    for app in stack.components.values():
        if app.kind in CLIENT_KINDS and target.id in app.connects_to and app.id not in out:
            out[app.id] = "read_write"
    return dict(sorted(out.items()))


def resolve(stack: Stack) -> None:
    for bucket in stack.by_kind("object_storage"):
        _resolve_bucket(stack, bucket)


def _resolve_bucket(stack: Stack, bucket: Component) -> None:
    stated = dict(bucket.params)
    size = env_defaults("object_storage", stack)
    retention = int(stated.get("retention_days", 0))
    users = clients(stack, bucket)
    bucket.params = {**stated, "storage_class": stated.get("storage_class", size["storage_class"]),
                     "noncurrent_version_days": stated.get("noncurrent_version_retention_days",
                                                           size["noncurrent_version_days"]),
                     "retention_days": retention, "expiration_days": stated.get("expiration_days", 0),
                     "soft_delete_days": stated.get("soft_delete_days", size["soft_delete_days"]),
                     "force_destroy": size["force_destroy"], "access_log_days": retention_days(stack),
                     "clients": users}
    bucket.depends_on = sorted({*bucket.depends_on, "keys"})
    p = bucket.params
    stack.decide(Decision(
        id=f"gcp.{bucket.id}.bucket",
        title=f"Cloud Storage bucket ({p['storage_class']}, regional {stack.region}): "
              + (f"retention policy of {retention} days" if retention else
                 f"versioned, replaced versions kept {p['noncurrent_version_days']} days")
              + f", soft delete {p['soft_delete_days']} days",
        why=("A retention policy makes every object undeletable and unreplaceable for its duration (WORM); Cloud "
             "Storage refuses versioning on such a bucket, so the policy is the protection. It is not locked by "
             "Terraform: locking is irreversible and is done deliberately by the data owner once the period is "
             "confirmed. " if retention else
             "Versioning keeps what an overwrite or a delete replaced; noncurrent versions are deleted after "
             f"{p['noncurrent_version_days']} days so storage does not grow forever. ")
            + ("Prod keeps deleted objects restorable for 30 days (soft delete); other environments keep Cloud "
               "Storage's 7 days. " if stack.is_prod else
               "Soft delete keeps deleted objects restorable for the 7-day minimum (prod keeps 30). ")
            + "Terraform never deletes a bucket that holds objects (force_destroy off in every environment); "
              "incomplete multipart uploads are aborted after 7 days. The bucket stays in the stack's region "
              "(data residency).",
        rule="default-encryption",
        trigger=stated_trigger(stated, ("storage_class", "noncurrent_version_retention_days", "retention_days",
                                        "soft_delete_days"), stack.env_trigger),
        components=[bucket.id], alternatives=["a multi-region bucket (data outside the region)",
                                              "no versioning (an overwrite loses the previous object)"]))
    stack.decide(Decision(
        id=f"gcp.{bucket.id}.private",
        title="Uniform bucket-level access, public access prevention enforced, CMEK, usage logs",
        why="No object ACL can exist and no grant to allUsers or allAuthenticatedUsers is possible (CIS GCP 5.1, "
            "5.2; the project's organization policies enforce both too). Objects are encrypted with the stack's "
            "storage key, which only Cloud Storage's service agent may use. Every request is written to a "
            f"usage-log bucket (CMEK, kept {p['access_log_days']} days) on top of the Data Access audit logs of "
            "the baseline; that log bucket is not logged into itself (Checkov CKV_GCP_62 skipped inline there).",
        rule="public-access-block", trigger="always (governance)", components=[bucket.id],
        alternatives=["fine-grained ACLs (per-object grants nobody reviews)", "Google-managed encryption keys"]))
    stack.decide(Decision(
        id=f"gcp.{bucket.id}.access",
        title=f"Object roles on {bucket.id} only: "
              + (", ".join(f"{c} {ROLES[a].removeprefix('roles/')}" for c, a in users.items()) or "no workload"),
        why="Each workload's service account gets the predefined object role of its access level (read: "
            "objectViewer, write: objectCreator, read_write: objectUser) on this bucket, never a project-wide "
            "storage role and never one that can change the bucket's settings or IAM policy (CIS GCP 1.5).",
        rule="least-privilege", trigger="the stack's connections", components=[bucket.id, *users],
        alternatives=["roles/storage.admin on the project (every bucket, every setting)"]))


SPEC = KindSpec(
    name="object_storage", default_id="storage",
    description="Private Cloud Storage bucket: uniform access, public access prevention, CMEK, versioning or "
    "retention policy, usage logs, object roles per workload.",
    words=("gcs", "google cloud storage", "cloud storage", "bucket gcs", "gcs bucket", "buckets gcs"),
    params=ObjectStorageParams, modules=("gcs_bucket",), resolve=resolve,
    controls=("default-encryption", "encryption-keys", "least-privilege", "public-access-block"),
    sizing="object_storage",
)
