"""The IAM statements of each connection (``Stack.connections``): exact actions of the access level, on the
connected resource's ARN only, plus the data key's actions through that resource's service only.

Reading a DynamoDB table is GetItem, BatchGetItem and Query (on the table and its indexes), never Scan: a scan
reads every item, which an access pattern built on keys does not need. Writing holds deleting (an item, or an
object: a versioned bucket keeps the noncurrent version, and DeleteObjectVersion is never granted). Databases
and caches are reached on the network, each client as its own IAM-authenticated user (security group rules and
the ``rds-db:connect`` / ``elasticache:Connect`` statements rendered by the client's template), so they add no
statement here.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacf_core import Component, Connection, Stack

DECRYPT = ("kms:Decrypt",)
ENCRYPT = ("kms:Decrypt", "kms:GenerateDataKey")


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement: HCL expressions for the resources and the condition."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    condition: str = ""


@dataclass(frozen=True)
class _Level:
    statements: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (sid prefix, actions, resources)
    kms: tuple[str, ...] = ()  # actions on the data key (through the service below)


def _arn(kind: str, cid: str) -> str:
    return {"queue": f"aws_sqs_queue.{cid}.arn", "topic": f"aws_sns_topic.{cid}.arn",
            "nosql_table": f"aws_dynamodb_table.{cid}.arn", "object_storage": f"module.{cid}.bucket_arn",
            "function": f"aws_lambda_function.{cid}.arn"}[kind]


TABLE_READ = ("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query")
TABLE_WRITE = ("dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
               "dynamodb:UpdateItem")
ARN, INDEXES, OBJECTS = "{arn}", '"${{{arn}}}/index/*"', '"${{{arn}}}/*"'  # formats of resource expressions
LEVELS: dict[tuple[str, str], _Level] = {
    ("queue", "send"): _Level((("SendTo", ("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"), (ARN,)),),
                              ENCRYPT),
    ("queue", "consume"): _Level((("Consume", ("sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                                               "sqs:GetQueueAttributes", "sqs:ReceiveMessage"), (ARN,)),), DECRYPT),
    ("topic", "publish"): _Level((("PublishTo", ("sns:Publish",), (ARN,)),), ENCRYPT),
    ("nosql_table", "read"): _Level((("Read", TABLE_READ, (ARN, INDEXES)),), DECRYPT),
    ("nosql_table", "write"): _Level((("Write", TABLE_WRITE, (ARN,)),), ENCRYPT),
    ("nosql_table", "read_write"): _Level((("ReadWrite", tuple(sorted(TABLE_READ + TABLE_WRITE)), (ARN, INDEXES)),),
                                          ENCRYPT),
    ("object_storage", "read"): _Level((("List", ("s3:ListBucket",), (ARN,)), ("Read", ("s3:GetObject",), (OBJECTS,))),
                                       DECRYPT),
    ("object_storage", "write"): _Level((("Write", ("s3:DeleteObject", "s3:PutObject"), (OBJECTS,)),), ENCRYPT),
    ("object_storage", "read_write"): _Level((("List", ("s3:ListBucket",), (ARN,)),
                                              ("ReadWrite", ("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
                                               (OBJECTS,))), ENCRYPT),
    ("function", "invoke"): _Level((("Invoke", ("lambda:InvokeFunction",), (ARN, '"${{{arn}}}:*"')),)),
}
# the service through which each kind uses the data key (kms:ViaService)
SERVICE = {"queue": "sqs", "topic": "sns", "nosql_table": "dynamodb", "object_storage": "s3"}
# kinds reached on the network, not through IAM actions
NETWORK_KINDS = ("relational_database", "cache")


def _camel(cid: str) -> str:
    return cid.replace("_", " ").title().replace(" ", "")


def grants(stack: Stack, client: Component) -> list[tuple[Component, Connection]]:
    """The components ``client`` may use and how, in a stable order (by kind, then id, then level)."""
    pairs = [(stack.components[c.target], c) for c in stack.grants(client.id) if c.target in stack.components]
    return sorted(pairs, key=lambda p: (p[0].kind, p[0].id, p[1].access))


def statements(stack: Stack, client: Component, key_services: tuple[str, ...] = ()) -> list[Statement]:
    """``client``'s statements, one per connection (two for a bucket: list, objects), then the data key's.

    ``key_services`` are services that use the data key for the client whatever its connections (a function's
    dead-letter queue: sqs).
    """
    found: list[Statement] = []
    kms: set[str] = set(ENCRYPT if key_services else ())
    services = set(key_services)
    for target, conn in grants(stack, client):
        level = LEVELS.get((target.kind, conn.access))
        if level is None:
            continue  # a network connection (database, cache): security groups and secrets
        arn = _arn(target.kind, target.id)
        for prefix, actions, resources in level.statements:
            sid = f"{prefix}{_camel(target.id)}" + ("Objects" if resources == (OBJECTS,) else "")
            found.append(Statement(sid, actions, tuple(r.format(arn=arn) for r in resources)))
        if level.kms:
            kms.update(level.kms)
            services.add(SERVICE[target.kind])
    if kms:
        via = ", ".join(f'"{s}.${{local.region}}.amazonaws.com"' for s in sorted(services))
        found.append(Statement("DataKey", tuple(sorted(kms)), ("module.kms_data.key_arn",),
                               f'{{ StringEquals = {{ "kms:ViaService" = [{via}] }} }}'))
    return found


def summary(stack: Stack, client: Component, iam_only: bool = False) -> str:
    """``orders (nosql_table: read), events (topic: publish)``, for decisions; ``iam_only`` leaves out the
    databases and caches (reached on the network)."""
    return ", ".join(f"{t.id} ({t.kind}: {c.access})" for t, c in grants(stack, client)
                     if not (iam_only and t.kind in NETWORK_KINDS)) or "none"
