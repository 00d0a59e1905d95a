"""AWS rules for the serverless and messaging kinds: queue, topic, NoSQL table, object storage, function,
HTTP API, worker and scheduled job. Each default, addition and connection is a recorded decision."""

from __future__ import annotations

from iacf_core import Component, Decision, Provenance, SpecError, Stack, describe, named, stated_source, stated_trigger

from . import access
from .params import NosqlTableParams, eventbridge_cron
from .sizing import env_defaults, retention_days

# kinds that run code on Lambda (rendered by the same template)
FUNCTION_KINDS = ("function", "worker", "scheduled_job")
# kinds a function or an application reaches through IAM actions (its connections say which and how)
DATA_KINDS = ("queue", "topic", "nosql_table", "object_storage")
SERVERLESS_KINDS = (*FUNCTION_KINDS, *DATA_KINDS, "http_api")



def rules(stack: Stack) -> None:
    """The rules of every serverless and messaging kind (one pass: functions wire to the data stores)."""
    resolve_serverless(stack, retention_days(stack))


def resolve_serverless(stack: Stack, retention: int) -> None:
    """Add what the serverless components need and wire them; called once keys exist."""
    if not any(c.kind in SERVERLESS_KINDS for c in stack.components.values()):
        return
    # an HTTP API needs a function to call
    for api in stack.by_kind("http_api"):
        if not stack.by_kind("function"):
            stack.add_unique(Component(id="fn", kind="function", provenance=Provenance(source="dependency")), Decision(
                id=f"aws.{api.id}.function", title="A Lambda function behind the HTTP API",
                why=f"An HTTP API routes requests to code; the {stated_source()} names no function, so one is added.",
                rule="aws.serverless.api", trigger=named("HTTP API", api.id),
                alternatives=["an ECS web application behind an ALB (ask for a web app)"],
            ))
    # a worker consumes a queue
    for worker in stack.by_kind("worker"):
        if not stack.by_kind("queue"):
            _added_queue(stack, worker)
    for worker in stack.by_kind("worker"):
        _worker_source(stack, worker)
    for api in stack.by_kind("http_api"):
        _api_target(stack, api)
    for c in stack.components.values():
        if c.kind in SERVERLESS_KINDS:
            c.depends_on = sorted({*c.depends_on, "keys"})
    for q in stack.by_kind("queue"):
        _queue(stack, q)
    for t in stack.by_kind("topic"):
        _topic(stack, t)
    for table in stack.by_kind("nosql_table"):
        _table(stack, table)
    for bucket in stack.by_kind("object_storage"):
        _bucket(stack, bucket, retention)
    for app in stack.by_kind("web_app"):
        data = [t for t, _ in access.grants(stack, app) if t.kind in (*DATA_KINDS, "function")]
        if not data:
            continue
        stack.decide(Decision(
            id=f"aws.{app.id}.data-access", title=f"The {app.id} task role may use what it is connected to",
            why="The application's task role (its own identity, not the execution role) gets exactly the actions "
                f"of each connection, on that resource's ARN only: {access.summary(stack, app, iam_only=True)}; "
                "the data key only "
                "through those resources' services (kms:ViaService). Their names and URLs are in its environment; "
                "nothing else of the stack is granted.",
            rule="least-privilege", trigger=f"connections of {named('web application', app.id)}",
            components=[app.id, *(c.id for c in data)],
            alternatives=["no access (the operator writes the policy)", "broad managed policies (any resource)"],
        ))
    functions = [c for c in stack.ordered() if c.kind in FUNCTION_KINDS]
    for fn in functions:
        _function(stack, fn, retention)
    for api in stack.by_kind("http_api"):
        _api(stack, api, retention)
    _triggers(stack)
    for q in stack.by_kind("queue"):
        _dlq_alarm(stack, q.id)
    for fn in functions:
        _dlq_alarm(stack, fn.id)
    for fn in functions:
        if fn.params.get("source_queues"):
            _scaling(stack, fn.id)


# SQS event source mappings: scaling_config.maximum_concurrency lies between these (Lambda developer guide,
# "Configuring maximum concurrency for Amazon SQS event sources")
SQS_MAX_CONCURRENCY = (2, 1000)


def maximum_concurrency(reserved: int, sources: int) -> int:
    """The concurrency each of ``sources`` SQS event source mappings may use so that together they stay within
    the function's reserved concurrency (at least SQS's minimum of 2 each)."""
    low, high = SQS_MAX_CONCURRENCY
    return max(low, min(high, reserved // sources))


def _scaling(stack: Stack, fn_id: str) -> None:
    fn = stack.components[fn_id]
    p = fn.params
    sources = list(p["source_queues"])
    reserved = int(p["reserved_concurrency"])
    each = maximum_concurrency(reserved, len(sources))
    p["sqs_maximum_concurrency"] = each
    over = each * len(sources) > reserved
    queues = named("the queue", sources[0]) if len(sources) == 1 else f"each of the queues {', '.join(sources)}"
    stack.decide(Decision(
        id=f"aws.{fn_id}.sqs-concurrency",
        title=f"{fn_id} polls {queues} with at most {each} concurrent invocations",
        why=f"The function's reserved concurrency ({reserved}) caps its executions, but Lambda's SQS poller "
            "scales on its own: invocations beyond the reservation are throttled, the batch returns to the queue "
            "and each throttled receive counts toward maxReceiveCount, so messages that were never processed "
            "land in the dead-letter queue. The event source mapping's maximum concurrency "
            + (f"({each}) keeps the poller within the reservation"
               + (f" ({each} per queue, {len(sources)} queues)" if len(sources) > 1 else "")
               + ": excess messages wait in the queue instead. " if not over else
               f"is set to {each}, SQS's minimum, per queue: with {len(sources)} queues this exceeds the "
               f"reservation of {reserved}, so throttling remains possible; raise reserved_concurrency to at "
               f"least {2 * len(sources)} to remove it. ")
            + "Lambda developer guide, \"Configuring maximum concurrency for Amazon SQS event sources\".",
        rule="aws.serverless.resilience",
        trigger=f"reserved concurrency {reserved}; SQS event source{'s' if len(sources) > 1 else ''} "
                f"{', '.join(sources)}",
        components=[fn_id, *sources],
        resources=["aws_lambda_event_source_mapping"],
        alternatives=["no maximum concurrency (throttled batches burn receives and reach the dead-letter queue)",
                      "unreserved concurrency (no throttling by the reservation, but no cap on cost or on the "
                      "downstream services)"],
    ))


def _dlq_alarm(stack: Stack, comp_id: str) -> None:
    """The alarm on a dead-letter queue: a queue's (messages received too often) or a function's (asynchronous
    events, and for a job its scheduler's deliveries, that failed every retry)."""
    queue = stack.components[comp_id].kind == "queue"
    owner = named("the queue", comp_id) if queue else f"the function {comp_id}"
    failed = ("work that failed every attempt" if queue else
              "an event the function failed to process after every asynchronous retry (or a scheduled run that "
              "could not be delivered)")
    stack.decide(Decision(
        id=f"aws.{comp_id}.dlq-alarm",
        title=f"Alarm to the notifications topic when the dead-letter queue of {owner} holds a message",
        why=f"A message in the dead-letter queue is {failed}; nobody looks at the queue "
            "unless told. A CloudWatch alarm on ApproximateNumberOfMessagesVisible > 0 (maximum over 5 minutes) "
            "publishes to the project's notifications topic when the first message arrives and again when the "
            "queue is drained (inspect, fix, then redrive). Well-Architected REL06-BP01 (monitor all "
            "components), OPS08-BP04 (alerts).",
        rule="aws.observability",
        trigger=f"{'a queue' if queue else 'a function'}'s dead-letter queue (always)", components=[comp_id],
        resources=["aws_cloudwatch_metric_alarm"],
        alternatives=["no alarm (failed messages expire unseen after 14 days)",
                      "an alarm on the age of the oldest message (later: only once messages wait)"],
    ))


def _clients(stack: Stack) -> list[Component]:
    return [c for c in stack.ordered() if c.kind in (*FUNCTION_KINDS, "web_app", "http_api")]


def _added_queue(stack: Stack, worker: Component) -> None:
    """A queue for a worker that has none; with no link stated, the stack's other code may send to it."""
    senders = [c.id for c in _clients(stack) if c.kind != "worker"] if stack.spec.connections is None else []
    queue = stack.add_unique(Component(id="queue", kind="queue", provenance=Provenance(source="dependency")), Decision(
        id=f"aws.{worker.id}.queue", title="An SQS queue for the worker to consume",
        why=f"A background worker takes its work from a queue; the {stated_source()} names none, so one is added"
            + (f", and, as no link is stated, {', '.join(senders)} may send to it." if senders else
               "; only the connections stated may send to it."),
        rule="aws.serverless.worker", trigger=named("worker", worker.id),
        alternatives=["a topic subscription (fan-out)", "a schedule (use a scheduled job)"],
    ))
    for sender in senders:
        stack.connect(sender, queue.id, "send")


def _worker_source(stack: Stack, worker: Component) -> None:
    """A worker with no queue to consume consumes the stack's first queue (a worker has nothing else to do)."""
    if any(c.access == "consume" for c in stack.grants(worker.id)):
        return
    queue = stack.by_kind("queue")[0]
    stack.disconnect(worker.id, queue.id, "send")
    stack.connect(worker.id, queue.id, "consume")
    stack.decide(Decision(
        id=f"aws.{worker.id}.source", title=f"{worker.id} consumes {queue.id}: no queue is linked to it",
        why=f"A worker runs on the messages of a queue; no connection gives {worker.id} one, so it consumes the "
            f"first queue of the stack ({queue.id}).",
        rule="aws.serverless.worker", trigger=f"{named('worker', worker.id)} with no consume connection",
        components=[worker.id, queue.id],
        alternatives=[f"state which queue it consumes ({worker.id} -> a queue, consume)"],
    ))


def _api_target(stack: Stack, api: Component) -> None:
    """The function behind an HTTP API (the one it invokes, else the first); its other connections are that
    function's, since the function is the code behind the API."""
    invoked = [c.target for c in stack.grants(api.id) if c.access == "invoke"]
    if len(invoked) > 1:
        raise SpecError(f"HTTP API {api.id!r} invokes {', '.join(invoked)}: an HTTP API routes to one function; "
                        "keep one invoke connection")
    target = stack.components[invoked[0]] if invoked else stack.by_kind("function")[0]
    stack.connect(api.id, target.id, "invoke")
    moved = [c for c in stack.grants(api.id) if c.access != "invoke"]
    for conn in moved:
        stack.disconnect(api.id, conn.target, conn.access)
        if conn.target != target.id:
            stack.connect(target.id, conn.target, conn.access)
    if moved:
        stack.decide(Decision(
            id=f"aws.{api.id}.code", title=f"What {api.id} uses is what its function {target.id} uses",
            why=f"An HTTP API runs no code of its own: its requests reach {target.id}, so the connections "
                f"stated for {api.id} ({describe(moved)}) are granted to {target.id}'s role.",
            rule="least-privilege", trigger=f"connections of {named('HTTP API', api.id)}",
            components=[api.id, target.id, *(c.target for c in moved)],
        ))


def _consumer_timeout(stack: Stack, q: Component) -> tuple[int, str]:
    """The longest timeout of the Lambda functions that poll ``q`` and the kind of that one ((0, "") when none)."""
    default = env_defaults("function", stack)["timeout"]
    pollers = [stack.components[c.source] for c in stack.users(q.id) if c.access == "consume"
               and stack.components[c.source].kind in ("function", "worker")]
    return max(((int(fn.params.get("timeout_seconds", default)), fn.kind) for fn in pollers), default=(0, ""))


def _queue(stack: Stack, q: Component) -> None:
    stated = dict(q.params)
    consumer, poller = _consumer_timeout(stack, q)
    q.params = {**env_defaults("queue", stack), **stated}
    if "visibility_timeout_seconds" not in stated:
        # a message stays hidden while a worker may still be processing it (AWS advises six times its timeout)
        q.params["visibility_timeout_seconds"] = min(43200, max(q.params["visibility_timeout_seconds"], 6 * consumer))
    elif stated["visibility_timeout_seconds"] < consumer:
        raise SpecError(f"queue {q.id!r}: params.visibility_timeout_seconds = {stated['visibility_timeout_seconds']}"
                        f": below the timeout of the {poller} that consumes it ({consumer} s); SQS would hand a "
                        "message to a second run while the first still processes it (and Lambda refuses the "
                        "event source mapping)")
    p = q.params
    kind = "FIFO" if p["fifo"] else "standard"
    stack.decide(Decision(
        id=f"aws.{q.id}.sqs", title=f"SQS {kind} queue with a dead-letter queue, KMS-encrypted",
        why=("FIFO delivers messages in order, once (content-based deduplication: identical bodies sent within 5 "
             "minutes count once), as stated; its dead-letter queue is FIFO too. " if p["fifo"] else "")
            + f"Messages that fail {p['max_receive_count']} times move to the dead-letter queue instead of looping; "
            f"messages are kept {_duration(p['message_retention_seconds'])}, hidden "
            f"{p['visibility_timeout_seconds']} s while a consumer processes them; the dead-letter queue keeps "
            "them 14 days so failures can be inspected and redriven. Both queues use the data key "
            "(customer-managed KMS) and a queue policy that refuses requests without TLS.",
        rule="default-encryption",
        trigger=stated_trigger(stated, ("fifo", "message_retention_seconds", "visibility_timeout_seconds",
                                        "max_receive_count"), stack.env_trigger),
        components=[q.id],
        alternatives=["standard queue (higher throughput, at-least-once, unordered)" if p["fifo"] else
                      "FIFO queue (ordering, lower throughput)", "SSE-SQS (AWS-owned key, no key policy control)"],
    ))


def _duration(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    return f"{seconds} s" if rest else (f"{days} day" if days == 1 else f"{days} days")


def _topic(stack: Stack, t: Component) -> None:
    stated = dict(t.params)
    t.params = {**env_defaults("topic", stack), **stated}
    fifo = t.params["fifo"]
    stack.decide(Decision(
        id=f"aws.{t.id}.sns",
        title=f"SNS {'FIFO' if fifo else 'standard'} topic encrypted with the data key, TLS-only topic policy",
        why="Published messages are encrypted at rest with a customer-managed key; the topic policy only lets "
            "this account publish and subscribe, and refuses requests without TLS. "
            + ("The topic is FIFO as stated: ordered, deduplicated on content; only FIFO queues can "
               "subscribe. " if fifo else "")
            + "Subscriptions (email, HTTPS, queues) are added by the operator.",
        rule="default-encryption", trigger=stated_trigger(stated, ("fifo",), "always"), components=[t.id],
        alternatives=["standard topic (any subscriber)" if fifo else "FIFO topic (ordering)",
                      "EventBridge bus (content-based routing)"],
    ))


def _table(stack: Stack, table: Component) -> None:
    stated = dict(table.params)
    (pk, pk_type), sort = NosqlTableParams.model_validate(stated).key_schema()
    table.params = {**env_defaults("nosql_table", stack), **stated, "partition_key": pk, "partition_key_type": pk_type,
                    "sort_key": sort[0] if sort else None, "sort_key_type": sort[1] if sort else None}
    p = table.params
    types = {"S": "string", "N": "number", "B": "binary"}
    keys = (f"{types[pk_type]} partition key `{pk}`"
            + (f" and {types[sort[1]]} sort key `{sort[0]}`" if sort else " alone (no sort key)")
            + (" as stated" if {"partition_key", "sort_key"} & set(stated) else " (single-table design)"))
    stack.decide(Decision(
        id=f"aws.{table.id}.dynamodb", title="DynamoDB table on demand with point-in-time recovery and the data key",
        why="On-demand capacity needs no sizing and costs nothing idle; point-in-time recovery restores any "
            "second of the last 35 days; the table is encrypted with the customer-managed data key. Key schema: "
            f"{keys}."
            + (f" Items expire at the epoch time in `{p['ttl_attribute']}` (time to live)."
               if "ttl_attribute" in stated else ""),
        rule="default-encryption",
        trigger=stated_trigger(stated, ("partition_key", "partition_key_type", "sort_key", "sort_key_type",
                                        "ttl_attribute"), "always"),
        components=[table.id],
        alternatives=["provisioned capacity with autoscaling (cheaper at steady high load)", "AWS-owned key"],
    ))
    stack.decide(Decision(
        id=f"aws.{table.id}.protection",
        title="Deletion protection on" if p["deletion_protection"] else "No deletion protection",
        why="Production data must survive a mistaken destroy." if p["deletion_protection"]
        else "A development table must be easy to tear down; point-in-time recovery still covers mistakes.",
        rule="aws.env.protection", trigger=stack.env_trigger, components=[table.id],
    ))


def _bucket(stack: Stack, bucket: Component, retention: int) -> None:
    stated = dict(bucket.params)
    renamed = {"noncurrent_version_retention_days": "noncurrent_version_expiration_days"}
    bucket.params = {**env_defaults("object_storage", stack), **{renamed.get(k, k): v for k, v in stated.items()},
                     "log_expiration_days": 365 if retention >= 365 else 180}
    p = bucket.params
    lifecycle = ("transition_to_ia_days", "transition_to_glacier_days", "expiration_days",
                 "noncurrent_version_retention_days")
    stack.decide(Decision(
        id=f"aws.{bucket.id}.s3", title="Private S3 bucket for uploads: KMS, versioning, TLS-only, access logs",
        why="Uploaded objects are encrypted with the data key (bucket key on), versioned, never public (public "
            "access block, ACLs disabled), reachable only over TLS, and their server access logs go to a separate "
            f"log bucket. Noncurrent versions expire after {p['noncurrent_version_expiration_days']} days; objects "
            f"move to Infrequent Access after {p['transition_to_ia_days']} days and Glacier Instant Retrieval after "
            f"{p['transition_to_glacier_days']}"
            + (f", and expire after {p['expiration_days']} days" if "expiration_days" in p else "")
            + ". Clients upload through presigned URLs issued by the application.",
        rule="public-access-block", trigger=stated_trigger(stated, lifecycle, stack.env_trigger),
        components=[bucket.id],
        alternatives=["public bucket (forbidden)", "CloudFront in front (ask for a static site)"],
    ))
    stack.decide(Decision(
        id=f"aws.{bucket.id}.force-destroy",
        title="Destroy empties the bucket" if p["force_destroy"] else "Destroy refuses a non-empty bucket",
        why="A disposable environment must be easy to tear down." if p["force_destroy"]
        else "Uploaded data must survive a mistaken destroy.",
        rule="aws.env.protection", trigger=stack.env_trigger, components=[bucket.id],
    ))


FUNCTION_PARAMS = {"memory_mb": "memory_size", "timeout_seconds": "timeout", "schedule": "schedule_expression"}


def _function(stack: Stack, fn: Component, retention: int) -> None:
    stated = dict(fn.params)
    sized = {**env_defaults("function", stack), **(env_defaults(fn.kind, stack) if fn.kind != "function" else {})}
    fn.params = {**sized, **{FUNCTION_PARAMS.get(k, k): v for k, v in stated.items()}, "retention_days": retention}
    p = fn.params
    if fn.kind == "scheduled_job" and len(str(p["schedule_expression"]).split()) == 5:
        p["schedule_expression"] = eventbridge_cron(str(p["schedule_expression"]))[0]  # a unix cron, validated
    used = access.grants(stack, fn)
    data = [t for t, _ in used if t.kind in (*DATA_KINDS, "function")]
    # a Lambda function that consumes a queue is fed by it (an event source mapping); a job polls on its schedule
    sources = [t.id for t, c in used if c.access == "consume"] if fn.kind != "scheduled_job" else []
    if sources:
        p["source_queues"] = sources
        p.setdefault("batch_size", env_defaults("worker", stack)["batch_size"])
    dbs = [t for t, _ in used if t.kind == "relational_database"]
    caches = [t for t, _ in used if t.kind == "cache"]
    p["vpc"] = bool(dbs or caches)
    if dbs or caches:
        fn.depends_on = sorted({*fn.depends_on, "network"})
    what = {"function": "Lambda function", "worker": "Lambda worker", "scheduled_job": "Scheduled Lambda job"}
    compute = ("runtime", "memory_mb", "timeout_seconds", "architecture")
    arm = p["architecture"] == "arm64"
    stack.decide(Decision(
        id=f"aws.{fn.id}.lambda",
        title=f"{what[fn.kind]} on {p['runtime']} ({p['memory_size']} MiB, {p['timeout']} s timeout, "
              f"{p['architecture']})",
        why="Lambda runs the code without servers to patch; "
            + ("Graviton (arm64) costs about 20 % less; " if arm else
               "x86_64 as stated (native dependencies built for x86; arm64 would cost about 20 % less); ")
            + ("runtime, memory and timeout as stated" if {"runtime", "memory_mb", "timeout_seconds"}
               <= set(stated) else f"memory is sized for {stack.environment}")
            + ". The project ships a placeholder handler for the runtime: the deployment pipeline replaces the "
              "package (update-function-code) with the real one.",
        rule="aws.serverless.compute", trigger=stated_trigger(stated, compute, stack.env_trigger), components=[fn.id],
        alternatives=["ECS Fargate service (long-running work, containers)",
                      "x86_64 (native dependencies)" if arm else "arm64 (Graviton, about 20 % cheaper)"],
    ))
    stack.decide(Decision(
        id="aws.lambda.package",
        title="Placeholder code package shipped as a deterministic zip in the project",
        why="Terraform needs a package to create a function and only the aws provider may be used (no archive "
            "provider): the generator writes functions/<id>/placeholder.zip itself, byte-identical for the same "
            "input (stored entries, fixed timestamps). `source_code_hash` tracks it; CI deploys the real code.",
        rule="aws.serverless.compute", trigger="a Lambda function in the stack", components=[fn.id],
        alternatives=["an S3 object uploaded by CI (needs an artifact bucket before the first apply)",
                      "a container image in ECR (needs an image before the first apply)"],
    ))
    stack.decide(Decision(
        id=f"aws.{fn.id}.resilience",
        title=f"Reserved concurrency {p['reserved_concurrency']}, dead-letter queue, X-Ray tracing",
        why=f"Reserving {p['reserved_concurrency']} executions caps cost and protects downstream services "
            f"({stack.environment}); events that fail every asynchronous retry go to a KMS-encrypted dead-letter "
            "queue; active X-Ray tracing shows latency per call. An account whose concurrency quota is still the "
            "new-account default (10) must ask for the standard quota before applying.",
        rule="aws.serverless.resilience", trigger=stated_trigger(stated, ("reserved_concurrency",), stack.env_trigger),
        components=[fn.id],
        alternatives=["unreserved concurrency (one function can starve the others)", "on-failure destination"],
    ))
    stack.decide(Decision(
        id=f"aws.{fn.id}.iam",
        title="Execution role scoped to exact resources",
        why="The role may write only this function's log group, send only to its dead-letter queue, decrypt "
            "the application key only through Lambda and for this function (kms:ViaService and the "
            "aws:lambda:FunctionArn encryption context: its environment variables, the one thing that key "
            "encrypts for it; its credentials alone decrypt nothing), use the data key only through the services "
            "of its connections and its dead-letter queue (kms:ViaService), and "
            "act only on what it is connected to, with the actions of each connection's level: "
            f"{access.summary(stack, fn)}. X-Ray's PutTraceSegments is the one action AWS defines on `*`.",
        rule="least-privilege", trigger="always (governance)", components=[fn.id, *(c.id for c in data)],
        alternatives=["AWSLambdaBasicExecutionRole plus broad service policies (any log group, any queue)"],
    ))
    if dbs or caches:
        names = ", ".join(d.id for d in [*dbs, *caches])
        stack.decide(Decision(
            id=f"aws.{fn.id}.network",
            title=f"In the private subnets, allowed to reach {names} on its port only",
            why=("The database is private (isolated subnets, no public endpoint): the function runs in the private "
                 "subnets with its own security group, whose egress is the database port to the database's "
                 "security group and HTTPS for AWS APIs (through the NAT gateway); the database admits the "
                 "function's security group. The function logs in as its own database user with a token signed "
                 "by its role (IAM authentication, rds-db:connect on that user only); nothing secret exists or is "
                 "in its environment."
                 if not caches else
                 "The data tier is private (isolated subnets, no public endpoint): the function runs in the private "
                 "subnets with its own security group, whose egress is each database's or cache's port to its "
                 "security group and HTTPS for AWS APIs (through the NAT gateway); the data tier admits the "
                 "function's security group. The function logs in as its own database and cache users with "
                 "tokens signed by its role (IAM authentication, on those users only); nothing secret exists or "
                 "is in its environment."),
            rule="private-data-tier",
            trigger=f"function with database {names}" if not caches else f"function with private data tier {names}",
            components=[fn.id, *(d.id for d in [*dbs, *caches])],
            alternatives=["RDS Proxy (connection pooling, IAM auth; add when concurrency grows)",
                          "RDS Data API (Aurora only)"],
        ))
    else:
        stack.decide(Decision(
            id=f"aws.{fn.id}.network",
            title="Outside a VPC (reaches only AWS APIs over TLS)",
            why="The function talks to AWS services through their public, IAM-authenticated TLS endpoints and to "
                "no private database: a VPC would add NAT gateways and ENIs for nothing.",
            rule="aws.serverless.network", trigger="no private data tier connected", components=[fn.id],
            alternatives=["inside private subnets (needed to reach RDS or ElastiCache)"],
        ))
    stack.decide(Decision(
        id="aws.lambda.code-signing",
        title="Code signing left to the deployment pipeline (variable code_signing_config_arn)",
        why="A code signing configuration only helps when the pipeline signs packages with AWS Signer; the "
            "placeholder package is unsigned, so enforcement would refuse it. Set code_signing_config_arn to the "
            "configuration of the signing pipeline to enforce it.",
        rule="aws.serverless.supply-chain", trigger="placeholder package", components=[fn.id],
        alternatives=["a signing profile and code signing configuration in this project (Warn mode)"],
    ))
    if sources:
        stack.decide(Decision(
            id=f"aws.{fn.id}.consumes",
            title=f"The {named(fn.kind.replace('_', ' '), fn.id)} consumes "
                  + (named("the queue", sources[0]) if len(sources) == 1 else f"the queues {', '.join(sources)}")
                  + f" (batches of {p['batch_size']}, partial failures)",
            why="An event source mapping polls each queue; messages the code reports as failed return to the queue "
                "and move to its dead-letter queue after the receive limit. The role may receive and delete only on "
                + ("that queue." if len(sources) == 1 else "those queues."),
            rule="aws.serverless.worker",
            trigger=stated_trigger(stated, ("batch_size",), named(fn.kind.replace("_", " "), fn.id)),
            components=[fn.id, *sources],
        ))
    if fn.kind == "scheduled_job":
        stack.decide(Decision(
            id=f"aws.{fn.id}.schedule",
            title=f"EventBridge Scheduler runs the job: {p['schedule_expression']} ({p['timezone']})",
            why="Scheduler invokes the function with its own role, allowed to invoke only this function, to "
                "decrypt this schedule only (encrypted with the data key: kms:Decrypt in the encryption context "
                "Scheduler documents, aws:scheduler:schedule-arn equal to the schedule's ARN; only Scheduler holds "
                "that role's credentials) and to use the data key for its dead-letter queue through SQS only, for "
                "that queue (kms:ViaService, aws:sqs:arn encryption context); the "
                "expression is a variable to adjust (its default is "
                + ("the stated schedule)" if "schedule" in stated else "the product's daily run)")
                + f"; cron and at expressions read the time in {p['timezone']}.",
            rule="aws.serverless.schedule",
            trigger=stated_trigger(stated, ("schedule", "timezone"), named("scheduled job", fn.id)),
            components=[fn.id],
            alternatives=["EventBridge rule (older, no time zones)", "cron on a server"],
        ))


def _api(stack: Stack, api: Component, retention: int) -> None:
    target = stack.components[next(c.target for c in stack.grants(api.id) if c.access == "invoke")]
    stated = dict(api.params)
    api.params = {**env_defaults("http_api", stack), **stated, "target": target.id, "retention_days": retention}
    p = api.params
    stack.decide(Decision(
        id=f"aws.{api.id}.http-api",
        title=f"API Gateway HTTP API → {target.id}, IAM-authorised routes, access logs",
        why="An HTTP API is the cheapest managed entry point for Lambda. Routes require SigV4 (AWS_IAM) "
            "authorisation so nothing is anonymous by default; access logs (JSON) go to a KMS-encrypted log group; "
            f"the stage throttles at {p['throttling_rate_limit']} requests/s (burst {p['throttling_burst_limit']})"
            + (" as stated." if {"throttling_rate_limit", "throttling_burst_limit"} & set(stated)
               else f" for {stack.environment}."),
        rule="aws.serverless.api",
        trigger=stated_trigger(stated, ("throttling_rate_limit", "throttling_burst_limit"),
                               named("HTTP API", api.id)),
        components=[api.id, target.id],
        alternatives=["JWT authoriser (Cognito or another OpenID provider)", "REST API (WAF, usage plans, "
                      "higher cost)", "function URL (no throttling, no access logs)"],
    ))


def _triggers(stack: Stack) -> None:
    """A plain function that nothing else calls is triggered by the first bucket it may read."""
    called = {c.target for c in stack.connections if c.access == "invoke"}
    for fn in stack.by_kind("function"):
        if fn.id in called or fn.params.get("source_queues"):
            continue
        readable = [t for t, c in access.grants(stack, fn) if t.kind == "object_storage" and "read" in c.access]
        if not readable:
            continue
        bucket = readable[0]
        fn.params["trigger_bucket"] = bucket.id
        stack.decide(Decision(
            id=f"aws.{fn.id}.trigger", title=f"New objects in {bucket.id} trigger {fn.id}",
            why="The function has no other caller: the bucket it reads sends its events to EventBridge and a rule "
                "invokes the function for each created object; the Lambda permission names that rule only. (A "
                "bucket the function only writes never triggers it: that would loop.)",
            rule="aws.serverless.trigger", trigger=f"{named('function', fn.id)} reading {named('bucket', bucket.id)}",
            components=[fn.id, bucket.id],
            alternatives=["a direct S3 notification (one notification configuration per bucket)"],
        ))
