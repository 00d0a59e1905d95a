"""What each AWS decision produced or configured, as resource patterns core resolves against the rendered HCL.

DECISIONS.md lists, for each decision, the exact addresses matching its patterns in the code of its components
(see :class:`iacf_core.Decision` ``resources``). Keys are a decision id, or ``*.<name>`` for the decisions made
once per component (``aws.<component>.<name>``). ``{component}`` stands for each component of the decision.
A decision without an entry that adds a component lists everything the component declares.
"""

from __future__ import annotations

from iacf_core import Stack

from .governance import BASELINE_SWITCHES, WORKLOAD

_SG = ("aws_security_group", "aws_vpc_security_group_*_rule")
_DB = ("aws_db_instance", "aws_rds_cluster")
_DLQ = ("aws_sqs_queue.*_dlq", "aws_sqs_queue_policy.*_dlq")

SCOPES: dict[str, tuple[str, ...]] = {
    # project-wide
    "aws.logs.retention": ("aws_cloudwatch_log_group",),
    "aws.lambda.package": ("aws_lambda_function",),
    "aws.lambda.code-signing": ("aws_lambda_function",),
    "aws.cache.wiring": (*_SG, "aws_ecs_task_definition", "aws_iam_role_policy", "aws_lambda_function"),
    # network
    "aws.network.az-count": ("aws_subnet", "aws_route_table_association"),
    "aws.network.nat": ("aws_nat_gateway", "aws_eip", "aws_route.private_nat"),
    "aws.network.flow-logs": ("aws_flow_log", "*.flow_logs"),
    "aws.network.default-sg": ("aws_default_security_group",),
    "aws.network.nacl": ("aws_network_acl", "aws_default_network_acl"),
    "aws.network.s3-endpoint": ("aws_vpc_endpoint",),
    # state, delivery and account baseline
    "aws.state.backend": ("module.state_backend.*",),
    "aws.state.locking": ("aws_dynamodb_table", "aws_s3_bucket.state"),
    "aws.delivery.github-oidc": ("module.github_oidc.*",),
    "aws.governance.budget": ("aws_budgets_budget",),
    "aws.governance.data-events": ("aws_cloudtrail",),
    "aws.governance.trail-data-events": ("aws_cloudtrail",),
    "aws.governance.trail-insights": ("aws_cloudtrail",),
    "aws.governance.cis-alarms": ("aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm"),
    "aws.governance.audit-object-lock": ("aws_s3_bucket_object_lock_configuration", "aws_s3_bucket.audit"),
    "aws.governance.cloudtrail-logs-role": ("aws_iam_role", "aws_iam_role_policy", "aws_cloudtrail"),
    "aws.governance.config-service-linked-role": ("aws_iam_service_linked_role", "aws_config_configuration_recorder"),
    "aws.delivery.permissions-boundary": ("aws_iam_role",),
    "aws.delivery.committed-values": ("aws_ecs_task_definition",),
    "aws.iam.confused-deputy": ("aws_iam_role",),
    "aws.guardduty.fargate-agent": ("aws_iam_role_policy.execution",),
    # connections (a core decision: what the default connections produced on AWS)
    "core.connections.default": ("aws_iam_role_policy", *_SG, "aws_ecs_task_definition", "aws_lambda_function",
                                 "aws_apigatewayv2_integration"),
    # relational databases
    "*.engine-default": (*_DB, "aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
    "*.rds": ("aws_db_instance", "aws_db_parameter_group"),
    "*.version": (*_DB, "aws_rds_cluster_instance", "aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
    "*.aurora": ("aws_rds_cluster", "aws_rds_cluster_instance", "aws_rds_cluster_parameter_group"),
    "*.multi-az": ("aws_db_instance",),
    "*.master-secret": _DB,
    "*.observability": (*_DB, "aws_rds_cluster_instance", "aws_db_parameter_group", "aws_rds_cluster_parameter_group",
                        "aws_cloudwatch_log_group", "*.monitoring"),
    "*.events": ("aws_db_event_subscription",),
    "*.app-identity": (*_DB, "module.*_users.*", "aws_iam_role_policy"),
    "*.master-break-glass": ("aws_secretsmanager_secret_policy", *_DB),
    # web applications and their entry point
    "*.ecs-fargate": ("aws_ecs_cluster", "aws_ecs_service", "aws_ecs_task_definition"),
    "*.logs-non-blocking": ("aws_ecs_task_definition",),
    "*.ecr": ("aws_ecr_*",),
    "*.secrets": ("aws_secretsmanager_secret", "aws_ecs_task_definition", "aws_iam_role_policy.execution", *_DB),
    "*.autoscaling": ("aws_appautoscaling_*", "aws_ecs_service"),
    "*.data-access": ("aws_iam_role_policy.task", "aws_ecs_task_definition"),
    "*.ingress": (*_SG, "aws_lb_listener"),
    "*.alb": ("module.*alb.*", "module.*logs_bucket.*"),
    "*.certificate": ("aws_acm_certificate", "aws_acm_certificate_validation", "aws_lb_listener.https"),
    "*.before-https": ("aws_acm_certificate", "aws_lb_listener", "aws_cloudfront_distribution"),
    "*.https-switch": ("aws_acm_certificate_validation", "aws_lb_listener", "aws_cloudfront_distribution",
                       "aws_ecs_service", "aws_route53_record"),
    "*.waf": ("aws_wafv2_*", "module.*waf.*", "module.*waf_logs_key.*"),
    # serverless and messaging
    "*.sqs": ("aws_sqs_queue", "aws_sqs_queue_policy"),
    "*.sns": ("aws_sns_topic", "aws_sns_topic_policy"),
    "*.dynamodb": ("aws_dynamodb_table",),
    "*.s3": ("aws_s3_bucket*",),
    "*.force-destroy": ("aws_s3_bucket",),
    "*.lambda": ("aws_lambda_function",),
    "*.resilience": ("aws_lambda_function", *_DLQ),
    "*.iam": ("aws_iam_role", "aws_iam_role_policy"),
    "*.network": ("aws_lambda_function", *_SG),
    "*.consumes": ("aws_lambda_event_source_mapping", "aws_iam_role_policy"),
    "*.source": ("aws_lambda_event_source_mapping", "aws_iam_role_policy"),
    "*.code": ("aws_apigatewayv2_integration", "aws_lambda_permission", "aws_iam_role_policy"),
    "*.schedule": ("aws_scheduler_schedule", "*.{component}_scheduler"),
    "*.http-api": ("aws_apigatewayv2_*", "aws_cloudwatch_log_group.{component}_access", "aws_lambda_permission"),
    "*.trigger": ("aws_cloudwatch_event_*", "aws_lambda_permission", "aws_s3_bucket_notification"),
    # caches
    "*.elasticache": ("aws_elasticache_replication_group", "aws_elasticache_subnet_group"),
    "*.availability": ("aws_elasticache_replication_group",),
    "*.snapshots": ("aws_elasticache_replication_group",),
    "*.iam-auth": ("aws_elasticache_user", "aws_elasticache_user_group", "aws_iam_role_policy"),
    "*.encryption": ("module.{component}.aws_s3_bucket_server_side_encryption_configuration.*",
                     "aws_elasticache_replication_group"),
    "*.logs": ("aws_cloudwatch_log_group", "aws_elasticache_replication_group"),
    # databases and caches
    "*.private": (*_DB, "aws_rds_cluster_instance", "aws_db_parameter_group", "aws_rds_cluster_parameter_group",
                  "aws_elasticache_*", "aws_security_group"),
    "*.protection": (*_DB, "aws_dynamodb_table"),
    # backups
    "*.notifications": ("aws_backup_vault_notifications",),
    "*.role": ("aws_iam_role", "aws_iam_role_policy_attachment"),
    "*.vault-lock": ("aws_backup_vault_lock_configuration",),
    "*.off": (*_DB, "aws_dynamodb_table", "aws_s3_bucket"),
    # static sites
    "*.cloudfront": ("aws_cloudfront_distribution", "aws_cloudfront_origin_access_control",
                     "module.{component}.aws_s3_bucket_policy.*",
                     "module.{component}.aws_s3_bucket_public_access_block.*"),
    "*.tls": ("aws_acm_certificate", "aws_acm_certificate_validation", "aws_cloudfront_distribution"),
    "*.security-headers": ("aws_cloudfront_response_headers_policy", "aws_cloudfront_distribution"),
    "*.logging": ("aws_cloudfront_distribution", "module.{component}_logs.*", "aws_s3_bucket_logging"),
    "*.spa": ("aws_cloudfront_distribution",),
    "*.no-failover": ("aws_cloudfront_distribution",),
}


def patterns(decision_id: str) -> tuple[str, ...]:
    """The resource patterns of an AWS decision, or ``()`` when it only adds components (or is unknown)."""
    if decision_id in SCOPES:
        return SCOPES[decision_id]
    parts = decision_id.split(".", 2)
    if len(parts) < 3:
        return ()
    if decision_id.startswith("aws.governance.provided."):
        # a control left to an existing baseline: the module's resources its switch turns off
        impl = BASELINE_SWITCHES.get(parts[2].removeprefix("provided.")) or WORKLOAD.get(
            parts[2].removeprefix("provided."))
        return impl.resources if impl else ()
    return SCOPES.get(f"*.{parts[2]}", ())


def annotate(stack: Stack) -> None:
    """Give every AWS decision that names no resources the patterns of its kind."""
    for decision in stack.decisions:
        if (decision.id.startswith("aws.") or decision.id in SCOPES) and not decision.resources:
            decision.resources = list(patterns(decision.id))
