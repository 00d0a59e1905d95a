"""The web application kind: a container on ECS Fargate behind an internet-facing load balancer with WAF; each
default is a recorded decision."""

from __future__ import annotations

from iacf_core import (
    GENERIC_FRAMEWORK,
    Component,
    Decision,
    KindSpec,
    Provenance,
    Stack,
    frameworks,
    named,
    stated_trigger,
)

from .. import access
from ..certificates import certificate_decisions
from ..params import WebAppParams, fargate_size
from ..sizing import env_defaults, retention_days


def resolve(stack: Stack) -> None:
    retention = retention_days(stack)
    for app in stack.by_kind("web_app"):
        _resolve_app(stack, app)
        app.params["retention_days"] = retention


def _task_role(stack: Stack, app: Component) -> str:
    used = access.summary(stack, app, iam_only=True)
    if used == "none":
        return "The task role (the code's identity) gets no statement: no connection of the application is reached " \
               "through IAM."
    return f"The task role (the code's identity) holds only the statements of its connections ({used})."


def _resolve_app(stack: Stack, app: Component) -> None:
    stated = dict(app.params)
    framework = str(stated.get("framework", GENERIC_FRAMEWORK))
    fw = frameworks()[framework]
    size = env_defaults("web_app", stack)
    cpu, memory = fargate_size(stated.get("cpu"), stated.get("memory"), size["cpu"], size["memory"])
    if "replicas" in stated:
        count = stated["replicas"]
        size.update(desired_count=count, min_capacity=count, max_capacity=count, autoscaling=False)
    elif "min_replicas" in stated:
        size.update(desired_count=stated["min_replicas"], min_capacity=stated["min_replicas"],
                    max_capacity=stated["max_replicas"], autoscaling=True)
    app.params = {
        **stated,
        **size,
        "cpu": cpu,
        "memory": memory,
        "framework": framework,
        "language": fw["language"],
        "port": stated.get("port", fw["port"]),
        "health_check_path": stated.get("health_check_path", fw["health_check_path"]),
        "secret_env": fw["secret_env"],
    }
    app.depends_on = sorted({*app.depends_on, "network", "keys"})
    connected = [t.id for t, _ in access.grants(stack, app) if t.kind == "relational_database"]
    p = app.params
    what = f"{fw['title']} container" if framework != GENERIC_FRAMEWORK else "Container (no framework named)"
    given = {"port", "health_check_path"} & set(stated)
    defaults = f"defaults of {fw['title'] if framework != GENERIC_FRAMEWORK else 'a generic container'}"
    probe = "as stated" if len(given) == 2 else (f"as stated, else the {defaults}" if given else defaults)
    stack.decide(Decision(
        id=f"aws.{app.id}.ecs-fargate",
        title=f"{what} on ECS Fargate ({p['cpu']} CPU units, {p['memory']} MiB, {p['desired_count']} task(s))",
        why="Fargate runs containers without servers to patch; tasks run in private subnets with no public IP. "
            f"The container listens on port {p['port']} and answers health checks on {p['health_check_path']} "
            f"({probe}); each task has {p['cpu']} CPU units and {p['memory']} MiB"
            + (" as stated." if {"cpu", "memory"} & set(stated) else f", sized for {stack.environment}."),
        rule="aws.app.compute",
        trigger=stated_trigger(stated, ("framework", "port", "health_check_path", "cpu", "memory"),
                               stack.env_trigger),
        components=[app.id],
        alternatives=["EKS (more to operate for one service)", "App Runner (no WAF association, less network control)",
                      "EC2 (patching)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.ecr", title="Private ECR repository, scan on push, immutable tags, KMS",
        why="Images come from a registry the account controls; immutable tags make a deployment reproducible.",
        rule="aws.app.supply-chain", trigger="always", components=[app.id],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.secrets",
        title=f"The application secret ({p['secret_env']}) is injected from Secrets Manager, readable by the "
              "execution role only",
        why="ECS injects it at start; nothing secret is in the task definition's plain environment, in code or "
            "in state, and Terraform never reads it. The operator sets its value once. A resource policy on the "
            "secret denies GetSecretValue to every principal but the service's execution role (AWS services "
            "and service-linked roles aside) and blocks public policies. Databases and caches need no secret: "
            "the task role authenticates as the application's own users (Well-Architected SEC02-BP03: store "
            "and use secrets securely).",
        rule="secrets-management", trigger="always (governance)", components=[app.id, *connected],
        alternatives=["environment variables (visible to anyone who can describe the task)",
                      "no resource policy (any principal of the account with a broad IAM policy reads it)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.logs-non-blocking",
        title="Container logs in non-blocking mode (25 MiB buffer)",
        why="With the awslogs driver's default blocking mode, a CloudWatch Logs slowdown stalls the "
            "application's writes to stdout and then its requests; in non-blocking mode the driver buffers up "
            "to 25 MiB and drops lines beyond it instead (Well-Architected REL05-BP01: degrade gracefully). The "
            "log group stays KMS-encrypted with its retention.",
        rule="aws.observability", trigger="always", components=[app.id],
        alternatives=["blocking mode (no log line lost, the application stops when CloudWatch Logs does)"],
    ))
    stack.decide(Decision(
        id=f"aws.{app.id}.iam", title="Execution and task roles scoped to exact resources",
        why="The execution role may pull only this repository's images and GuardDuty's runtime agent (decision "
            "aws.guardduty.fargate-agent), write only this log group and read only these secrets with only these "
            "keys; `ecr:GetAuthorizationToken` is the one action AWS defines on `*`. "
            + _task_role(stack, app),
        rule="least-privilege", trigger="always (governance)", components=[app.id],
        alternatives=["AmazonECSTaskExecutionRolePolicy (any repository, any log group)"],
    ))
    scaling = ("replicas", "min_replicas", "max_replicas")
    stack.decide(Decision(
        id=f"aws.{app.id}.autoscaling",
        title=(f"Target-tracking autoscaling on CPU ({p['min_capacity']}–{p['max_capacity']} tasks)"
               if p["autoscaling"] else f"Fixed count of {p['desired_count']} task(s), no autoscaling"),
        why=(("Autoscaling between the stated bounds; tasks spread over the availability zones."
              if "min_replicas" in stated else "Production absorbs load peaks and AZ loss.")
             if p["autoscaling"] else
             (f"{p['desired_count']} tasks as stated, always running; tasks spread over the availability "
              "zones." if "replicas" in stated else "A fixed count keeps non-production cost predictable.")),
        rule="aws.env.ha", trigger=stated_trigger(stated, tuple(k for k in scaling if k in stated) or ("replicas",),
                                                  stack.env_trigger),
        components=[app.id],
        alternatives=["autoscaling (min_replicas, max_replicas)" if not p["autoscaling"]
                      else "a fixed count (replicas)"],
    ))
    lb = env_defaults("load_balancer", stack)
    edge_id = "edge" if len(stack.by_kind("web_app")) == 1 else f"{app.id}_edge"
    edge = stack.ensure(Component(id=edge_id, kind="load_balancer",
                                  params={**lb, "internet_facing": True, "waf": True, "target": app.id},
                                  provenance=Provenance(source="dependency")), Decision(
        id=f"aws.{edge_id}.alb", title="Internet-facing Application Load Balancer, HTTPS only",
        why="A web application needs a public entry point; TLS 1.2/1.3 policy, HTTP redirected to HTTPS, "
            "invalid headers dropped, access logs to S3"
            + (", deletion protection on." if lb["deletion_protection"] else "."),
        rule="aws.app.entry", trigger=named("web application", app.id),
        alternatives=["API Gateway (HTTP APIs only)", "CloudFront in front (add when serving static assets)"],
    ))
    edge.connects_to = sorted({*edge.connects_to, app.id})
    edge.depends_on = sorted({*edge.depends_on, "network", "keys"})
    stack.decide(Decision(
        id=f"aws.{edge_id}.waf", title="AWS WAF with managed rule groups on the load balancer",
        why="Internet-facing: Common rule set (OWASP), Known bad inputs (Log4j), IP reputation, SQL injection, "
            "and a per-IP rate limit; requests are logged (Authorization and Cookie redacted).",
        rule="web-application-firewall", trigger="entry point is internet-facing", components=[edge_id],
        alternatives=["no WAF (exposed to common exploits)", "Shield Advanced (cost)"],
    ))
    stack.decide(Decision(
        id=f"aws.{edge_id}.ingress", title="Only 80/443 open to the internet, on the load balancer alone",
        why="Security groups are chained: internet → ALB (80, 443) → application (its port) → database (its "
            "port). Nothing else accepts traffic from 0.0.0.0/0 or ::/0.",
        rule="least-privilege", trigger="always", components=[edge_id, app.id, *connected],
    ))
    certificate_decisions(stack, edge, "the HTTPS listener")


SPEC = KindSpec(
    name="web_app", default_id="app",
    description="ECS Fargate service behind an ALB with WAF, image in ECR.",
    words=("ecs", "fargate", "ecs fargate", "amazon ecs"),
    params=WebAppParams, modules=("ecs_service", "secret", "security_group_rules"), resolve=resolve,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege"),
    emulator_unsupported={
        "aws_appautoscaling_target": "moto does not implement Application Auto Scaling ListTagsForResource",
        "aws_appautoscaling_policy": "depends on the autoscaling target, which moto cannot tag",
    },
    sizing="web_app",
)
