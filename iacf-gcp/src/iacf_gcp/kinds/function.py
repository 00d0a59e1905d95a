"""The function kind on Google Cloud: a Cloud Functions (2nd gen) function with its own runtime and build
identities, internal ingress, Direct VPC egress and CMEK; an HTTP function invoked only by the workloads connected
to it, or, through Eventarc, triggered by the messages of the queue it consumes or by the new objects of the bucket it
reads."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, SpecError, Stack, stated_trigger

from ..params import FunctionParams
from ..sizing import env_defaults, retention_days
from .network import ensure_network
from .object_storage import clients as bucket_clients

# kinds whose code may invoke a function (connection access "invoke")
INVOKERS = ("web_app", "function", "worker", "scheduled_job")
# the kinds whose messages may trigger a function (core lets functions consume queues only, today)
MESSAGING = ("queue", "topic")
# access levels of a bucket's client that read it: such a bucket may trigger the function
READS = ("read", "read_write")
# the Cloud Storage event that triggers a function: an object created, or overwritten, in the bucket
OBJECT_FINALIZED = "google.cloud.storage.object.v1.finalized"
# the longest an event-driven 2nd gen function may run (an HTTP one: 3600 s)
EVENT_TIMEOUT_SECONDS = 540


def invokers(stack: Stack, fn: Component) -> list[str]:
    """The workloads granted run.invoker on ``fn``: only those a connection names."""
    return sorted({conn.source for conn in stack.users(fn.id) if conn.access == "invoke"
                   and conn.source in stack.components and stack.components[conn.source].kind in INVOKERS})


def fronting_apis(stack: Stack, fn: Component) -> list[str]:
    """The HTTP APIs whose load balancer routes to ``fn``."""
    return sorted({conn.source for conn in stack.users(fn.id) if conn.source in stack.components
                   and stack.components[conn.source].kind == "http_api"})


def event_source(stack: Stack, fn: Component) -> str | None:
    """The queue or topic whose messages trigger ``fn``: the one it consumes. None for an HTTP function: one that
    consumes nothing, or that an HTTP API fronts (it keeps pulling what it consumes). A function has one event
    trigger, so consuming several is refused."""
    if fn.kind != "function" or fronting_apis(stack, fn):
        return None
    sources = sorted({conn.target for conn in stack.grants(fn.id) if conn.access == "consume"
                      and conn.target in stack.components and stack.components[conn.target].kind in MESSAGING})
    if len(sources) > 1:
        raise SpecError(f"function {fn.id!r} consumes {', '.join(sources)}: on Google Cloud a Cloud Function has one "
                        "event trigger; give each queue its own function, or use a worker (it pulls several)")
    return sources[0] if sources else None


def trigger_bucket(stack: Stack, fn: Component) -> str | None:
    """The bucket whose new objects trigger ``fn`` ("a function triggered by a bucket"): the first one it reads,
    when nothing else starts it (no workload invokes it, no HTTP API fronts it, no queue triggers it). None for an
    HTTP function. A bucket the function only writes never triggers it (that would loop)."""
    if fn.kind != "function" or invokers(stack, fn) or fronting_apis(stack, fn) or event_source(stack, fn):
        return None
    readable = sorted(b.id for b in stack.by_kind("object_storage") if bucket_clients(stack, b).get(fn.id) in READS)
    return readable[0] if readable else None


def resolve(stack: Stack) -> None:
    for fn in stack.by_kind("function"):
        _resolve_function(stack, fn)


def _resolve_function(stack: Stack, fn: Component) -> None:
    stated = dict(fn.params)
    size = env_defaults("function", stack)
    source = event_source(stack, fn)
    bucket = trigger_bucket(stack, fn)
    fn.params = {**stated, **{k: stated.get(k, v) for k, v in size.items()},
                 "entry_point": stated.get("entry_point", "handler"), "invokers": invokers(stack, fn),
                 "access_log_days": retention_days(stack), "apis": fronting_apis(stack, fn)}
    if source:
        fn.params["event_source"] = source
        if fn.params["timeout_seconds"] > EVENT_TIMEOUT_SECONDS:
            raise SpecError(f"function {fn.id!r} is triggered by {source}'s messages: an event-driven Cloud Function "
                            f"runs at most {EVENT_TIMEOUT_SECONDS} s (timeout_seconds {fn.params['timeout_seconds']})")
    if bucket:
        fn.params["trigger_bucket"] = bucket
        if fn.params["timeout_seconds"] > EVENT_TIMEOUT_SECONDS:
            raise SpecError(f"function {fn.id!r} is triggered by {bucket}'s new objects: an event-driven Cloud "
                            f"Function runs at most {EVENT_TIMEOUT_SECONDS} s (timeout_seconds "
                            f"{fn.params['timeout_seconds']})")
    ensure_network(stack)
    fn.depends_on = sorted({*fn.depends_on, "network", "keys"})
    p = fn.params
    stack.decide(Decision(
        id=f"gcp.{fn.id}.cloud-functions",
        title=f"Cloud Functions 2nd gen ({p['runtime']}, {p['memory']}, {p['timeout_seconds']} s), "
              f"{p['min_instances']}-{p['max_instances']} instances",
        why=("Prod keeps one warm instance so the first request after idle does not pay a cold start; "
             if p["min_instances"] else "Scales to zero when idle; ")
            + "the instance cap bounds cost and the load on what the function calls. The code is a .zip archive "
              "CI uploads to the function's source bucket (CMEK, versioned, usage-logged); Cloud Build builds it "
              "into a CMEK Artifact Registry repository that keeps the 10 latest images and deletes those older "
              "than 30 days.",
        rule="least-privilege",
        trigger=stated_trigger(stated, ("runtime", "memory", "timeout_seconds", "min_instances", "max_instances"),
                               stack.env_trigger),
        components=[fn.id], alternatives=["Cloud Functions 1st gen (no CMEK on images, no Direct VPC egress)",
                                          "a Cloud Run service (a container to build)"]))
    stack.decide(Decision(
        id=f"gcp.{fn.id}.private",
        title=f"{fn.id}: " + ("internal ingress and the load balancer of " + ", ".join(p["apis"]) if p["apis"]
                              else "internal ingress only")
              + ", all egress through the VPC, invoked by "
              + (", ".join([*p["invokers"], *([f"its {source or bucket} trigger"] if source or bucket else [])])
                 or "no workload yet"),
        why="Ingress ALLOW_INTERNAL_ONLY: no request from the internet reaches the function (a public function "
            "needs a load balancer with Cloud Armor in front, ALLOW_INTERNAL_AND_GCLB). Direct VPC egress sends "
            "all its traffic through the VPC, where the deny-all firewall applies and only HTTPS to Google APIs "
            "leaves (Private Google Access; the internet only if [gcp] internet_egress names it, gcp.network.egress). "
            "Callers need roles/run.invoker, granted on this function's service to the connected "
            "workloads only (never allUsers).",
        rule="private-data-tier", trigger="always (governance)", components=[fn.id, "network", *p["invokers"]],
        alternatives=["ALLOW_ALL ingress with allUsers invoker (public, unauthenticated)"]))
    stack.decide(Decision(
        id=f"gcp.{fn.id}.identity",
        title=f"{fn.id} runs and builds as its own service accounts; function, images and sources under CMEK",
        why="The runtime service account holds only the grants of the stack's connections (object roles on a "
            "bucket, publisher on a topic, Cloud SQL client conditioned on an instance); the build service "
            "account may read the source bucket, push to the function's repository and write build logs "
            "(roles/logging.logWriter, the only project-level role it has), never the Compute Engine default "
            "service account (CIS GCP 4.1). The function and its image repository are encrypted with the functions "
            "key (the API requires one key for both), usable only by the service agents that deploy and run it "
            "(Cloud Functions, Artifact Registry, Cloud Storage, Cloud Run); its sources with the storage key "
            "(CIS GCP 1.9).",
        rule="least-privilege", trigger="always (governance)", components=[fn.id],
        alternatives=["the default build and runtime identities (Editor on the project in older projects)"]))
    if source:
        _decide_trigger(stack, fn, stack.components[source])
    if bucket:
        _decide_storage_trigger(stack, fn, stack.components[bucket])


def _decide_trigger(stack: Stack, fn: Component, source: Component) -> None:
    """The Pub/Sub event trigger of a function that consumes ``source``, and who may deliver its events."""
    p = source.params
    stack.decide(Decision(
        id=f"gcp.{fn.id}.trigger",
        title=f"{fn.id} runs on each message of {source.id} (Pub/Sub event trigger, failed deliveries retried), "
              "delivered as its own trigger service account",
        why=f"Cloud Functions creates an Eventarc trigger on {source.id}'s topic (event "
            f"google.cloud.pubsub.topic.v1.messagePublished, in {stack.region}): Eventarc's push subscription "
            f"delivers every message to {fn.id} as a CloudEvent, so nothing polls and the function scales with the "
            "messages. A delivery the function fails (an error or its timeout) is retried with a backoff of 10 s "
            "to 10 min (RETRY_POLICY_RETRY), so the code must be idempotent. Eventarc creates and owns that "
            "subscription (the API shows it as output only), so Terraform cannot give it a dead-letter topic: after "
            f"the first apply the README's step attaches {source.id}'s, with the same {p['max_delivery_attempts']} "
            f"attempts and {p['message_retention_days']}-day retention, so a poison message still ends there. "
            f"{fn.id} is {source.id}'s only consumer and pulls nothing, so {source.id} has no pull subscription: "
            "nobody would read it, and it would keep every message until its retention and raise a backlog. The "
            "push carries an ID token of a dedicated service account holding roles/run.invoker on this function's "
            "Cloud Run service only; Pub/Sub's service agent may mint that account's tokens "
            "(roles/iam.serviceAccountTokenCreator on that account only, which projects whose Pub/Sub agent "
            "predates 8 April 2021 need, and the agent's own role already gives newer ones), and the deploying "
            "identity may attach it (serviceAccountUser on that account). No project-level role: "
            "roles/eventarc.eventReceiver serves triggers of other event sources, not Pub/Sub. The push is internal "
            "traffic of the project, so ingress stays internal only. The Eventarc API is enabled and its service "
            "agent created (README).",
        rule="least-privilege", trigger=f"{fn.id} consumes {source.id}", components=[fn.id, source.id],
        alternatives=["the runtime service account as the trigger's identity (Pub/Sub's agent could mint tokens "
                      "of an identity holding the function's data grants)",
                      "an HTTP function with a Terraform-managed push subscription (no CloudEvents, its own "
                      "endpoint to secure)",
                      "an HTTP function pulling the subscription (nothing calls it when messages arrive)"]))


def _decide_storage_trigger(stack: Stack, fn: Component, bucket: Component) -> None:
    """The Cloud Storage event trigger of a function that reads ``bucket`` and that nothing else starts, and who
    may deliver its events."""
    loops = bucket_clients(stack, bucket).get(fn.id) == "read_write"
    stack.decide(Decision(
        id=f"gcp.{fn.id}.trigger",
        title=f"{fn.id} runs on each new object of {bucket.id} (Cloud Storage event trigger, failed deliveries "
              "retried), delivered as its own trigger service account",
        why=f"Nothing else starts {fn.id} (no workload invokes it, no HTTP API fronts it, no queue triggers it), so "
            f"the bucket it reads does: Cloud Functions creates an Eventarc trigger (event {OBJECT_FINALIZED}, "
            f"filter bucket = {bucket.id}'s bucket, in the bucket's location {stack.region}, which Eventarc requires "
            "for Cloud Storage events). Each object created or overwritten in the bucket is delivered once to "
            f"{fn.id} as a CloudEvent (its name, never its content: the function reads it with its "
            "storage.objectViewer or objectUser grant). A delivery the function fails (an error or its timeout) is "
            "retried with a backoff of 10 s to 10 min for up to 24 hours (RETRY_POLICY_RETRY), so the code must be "
            "idempotent; an event still failing then is dropped, and the object stays in the bucket to reprocess. "
            + (f"{fn.id} may also write {bucket.id}: every object it writes triggers it again, so its code must "
               "skip its own outputs (a prefix) or it loops. " if loops else "")
            + "The identities, each with one role for one purpose: the trigger's own service account holds "
              "roles/run.invoker on this function's Cloud Run service only (Eventarc's push carries its ID token) "
              "and roles/eventarc.eventReceiver on the project (Eventarc requires it of the identity of every "
              "trigger whose events are not Pub/Sub messages; it only lets the account receive events); Cloud "
              "Storage's service agent holds roles/pubsub.publisher on the project (Eventarc carries Cloud Storage "
              "events over a Pub/Sub topic it creates, to which that agent publishes; the project is the narrowest "
              "scope, the topic being Eventarc's); Pub/Sub's service agent may mint the trigger account's tokens "
              "(roles/iam.serviceAccountTokenCreator on that account only, which projects whose Pub/Sub agent "
              "predates 8 April 2021 need), and the deploying identity may attach it (serviceAccountUser on that "
              "account). The runtime service account keeps only its data grants. The push is internal traffic of "
              "the project, so ingress stays internal only. The Eventarc API is enabled and its service agent "
              "created (README).",
        rule="least-privilege", trigger=f"{fn.id} reads {bucket.id} and nothing else starts it",
        components=[fn.id, bucket.id],
        alternatives=["the runtime service account as the trigger's identity (it would hold eventReceiver and "
                      "Pub/Sub's agent could mint tokens of an identity holding the function's data grants)",
                      "a Pub/Sub notification of the bucket to a topic of the stack (the function consuming a "
                      "queue: a dead-letter topic, but one more topic to run)",
                      "an HTTP function polling the bucket (nothing calls it when objects arrive)"]))


SPEC = KindSpec(
    name="function", default_id="fn",
    description="Cloud Functions (2nd gen) function: own runtime and build service accounts, internal "
    "ingress, Direct VPC egress, CMEK, invokers from the stack's connections; triggered by the Pub/Sub queue it "
    "consumes, or by the new objects of the bucket it reads when nothing else starts it.",
    words=("cloud functions", "cloud function", "google cloud functions", "fonction cloud functions",
           "cloud run functions", "cloud functions 2nd gen"),
    params=FunctionParams, modules=("cloud_function", "gcs_bucket"), resolve=resolve,
    controls=("least-privilege", "private-data-tier", "default-encryption", "encryption-keys"),
    sizing="function",
)
