"""The workload's audit controls, read from generated projects: each workload's own database and cache identity
(never the master secret, no shared token), secret resource policies, network ACLs and the S3 endpoint policy,
RDS event notifications, AWS Backup in prod only, non-blocking container logs, confused-deputy conditions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import run_cli

MIXED = "Application Django avec PostgreSQL, un cache Valkey, un bucket S3 et un worker en prod sur AWS"


def _block(text: str, header: str) -> str:
    return text[text.index(header):].split("\n}\n")[0]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("workload") / "mixed"
    res = run_cli("generate", MIXED, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    return out


def test_applications_never_use_the_master_secret(generated, mixed):
    for project in (generated["prod"], generated["dev"], mixed):
        main = (project / "main.tf").read_text()
        app = _block(main, 'module "app" {')
        assert "master_user_secret" not in app and "_PASSWORD" not in app and "AUTH_TOKEN" not in app
        assert re.search(r'DB_USER\s+= "app_user"', app) and re.search(r'DB_IAM_AUTH\s+= "true"', app)
        connect = r'Action\s+= "rds-db:connect"\s+Resource = "\$\{module\.db\.iam_auth_user_arn_prefix\}/app_user"'
        assert re.search(connect, app)
        # the master secret reaches the database-users task only (and the break-glass output)
        users = _block(main, 'module "db_users" {')
        assert "master_secret_arn         = module.db.master_user_secret_arn" in users
        assert main.count("master_user_secret_arn") == 1
        assert "module.db.master_user_secret_arn" in (project / "outputs.tf").read_text()


def test_each_workload_gets_its_own_database_and_cache_user(mixed):
    main = (mixed / "main.tf").read_text()
    users = _block(main, 'module "db_users" {')
    assert re.search(r'users\s+= \["app_user", "worker_user"\]', users)
    worker = _block(main, 'resource "aws_iam_role_policy" "worker"')
    assert '"${module.db.iam_auth_user_arn_prefix}/worker_user"' in worker
    assert "aws_elasticache_user.cache_worker.arn" in worker and "aws_elasticache_user.cache_app.arn" not in worker
    fn = _block(main, 'resource "aws_lambda_function" "worker"')
    assert re.search(r'CACHE_USER\s+= aws_elasticache_user\.cache_worker\.user_name', fn)
    assert "SECRET_ARN" not in fn
    # no shared token: a user group with the default user switched off, no secret for the cache
    group = _block(main, 'resource "aws_elasticache_replication_group" "cache"')
    assert "user_group_ids             = [aws_elasticache_user_group.cache.user_group_id]" in group
    assert "auth_token" not in main and "aws_secretsmanager_secret_version" not in main
    assert 'access_string        = "off -@all"' in _block(main, 'resource "aws_elasticache_user" "cache_default"')
    assert 'type = "iam"' in _block(main, 'resource "aws_elasticache_user" "cache_app"')
    # the client image is a variable with the engine's official client as default
    assert 'default     = "public.ecr.aws/docker/library/postgres:16-alpine"' in (mixed / "variables.tf").read_text()
    decisions = (mixed / "DECISIONS.md").read_text()
    for title in ("Each workload has its own IAM-authenticated database user on db",
                  "The master secret is for break-glass and the user task only",
                  "Role-based access with IAM authentication: one ElastiCache user per workload"):
        assert title in decisions, title


def test_secrets_readable_by_their_reader_only(generated):
    main = (generated["prod"] / "main.tf").read_text()
    assert "reader_role_arns        = [module.app.execution_role_arn]" in _block(main, 'module "app_secret_key" {')
    for module in ("secret", "db_users"):
        text = (generated["prod"] / "modules" / module / "main.tf").read_text()
        policy = text[text.index('resource "aws_secretsmanager_secret_policy"'):]
        assert "block_public_policy = true" in policy and 'Effect    = "Deny"' in policy
        assert '"secretsmanager:GetSecretValue"' in policy and '"aws:PrincipalIsAWSService" = "false"' in policy


def test_network_acls_and_s3_endpoint_follow_the_stack(generated, mixed):
    main = (generated["prod"] / "main.tf").read_text()
    net = _block(main, 'module "network" {')
    for line in ("internet_ingress_ports = [443, 80]", "app_ports              = [8000]",
                 "data_ports             = [5432]", "bucket_arns      = []", "ecr_image_layers = true"):
        assert line in net, line
    mixed_net = _block((mixed / "main.tf").read_text(), 'module "network" {')
    assert "data_ports             = [5432, 6379]" in mixed_net
    assert "bucket_arns      = [module.storage.bucket_arn]" in mixed_net
    module = (generated["prod"] / "modules/network/main.tf").read_text()
    assert 'resource "aws_default_network_acl" "this"' in module
    default = _block(module, 'resource "aws_default_network_acl" "this"')
    assert "ingress" not in default and "egress" not in default
    assert '"arn:${local.partition}:s3:::prod-${local.region}-starport-layer-bucket/*"' in module
    decisions = (generated["prod"] / "DECISIONS.md").read_text()
    assert "CIS AWS Foundations v3.0 5.1" in decisions
    assert "The S3 gateway endpoint's policy allows only what the workloads use" in decisions


def test_database_events_reach_the_notifications_topic(generated):
    main = (generated["dev"] / "main.tf").read_text()
    assert "event_topic_arn                = local.notifications_topic_arn" in _block(main, 'module "db" {')
    topic = (generated["dev"] / "notifications.tf").read_text()
    assert re.search(r"notifications_topic_arn\s+= aws_sns_topic\.notifications\.arn", topic)
    rds = (generated["dev"] / "modules/rds/main.tf").read_text()
    assert re.search(r'source_type\s+= "db-instance"', rds)
    assert re.search(r'source_type\s+= "db-parameter-group"', rds)
    # the enhanced monitoring role is for this account's instance only
    trust = _block(rds, 'data "aws_iam_policy_document" "monitoring_assume"')
    assert 'variable = "aws:SourceAccount"' in trust and 'variable = "aws:SourceArn"' in trust


def test_backup_plan_in_prod_only_and_said_so_in_dev(generated, mixed):
    prod = (generated["prod"] / "main.tf").read_text()
    backup = _block(prod, 'module "backup" {')
    assert re.search(r"vault_lock\s+= true", backup) and "module.db.arn," in backup
    assert re.search(r"kms_key_arn\s+= module\.backup_key\.key_arn", backup)
    assert re.search(r"notifications_topic_arn\s+= local\.notifications_topic_arn", backup)
    assert "module.storage.bucket_arn," in _block((mixed / "main.tf").read_text(), 'module "backup" {')
    assert re.search(r"s3_buckets\s+= true", _block((mixed / "main.tf").read_text(), 'module "backup" {'))
    assert 'module "backup"' not in (generated["dev"] / "main.tf").read_text()
    decisions = (generated["dev"] / "DECISIONS.md").read_text()
    assert "No AWS Backup plan in dev: the services' own backups only" in decisions
    assert "Vault lock in compliance mode" in (generated["prod"] / "DECISIONS.md").read_text()


def test_container_logs_never_block_and_service_roles_name_their_source(generated, mixed):
    ecs = (generated["prod"] / "modules/ecs_service/main.tf").read_text()
    assert 'mode            = "non-blocking"' in ecs and "max-buffer-size = var.log_buffer_size" in ecs
    main = (mixed / "main.tf").read_text()
    decisions = (mixed / "DECISIONS.md").read_text()
    assert "Service roles trust their service only on behalf of this account's resources" in decisions
    assert "Lambda execution roles: aws:SourceAccount" in decisions
    assert '"aws:SourceAccount" = local.account_id' in _block(main, 'resource "aws_iam_role" "worker"')


def test_cache_engine_without_iam_authentication_is_refused(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text("project: shop\ncloud: aws\nenvironment: dev\ncomponents:\n"
                    "  - kind: cache\n    params:\n      engine: redis\n      engine_version: \"6.2\"\n")
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 2 and "no IAM authentication" in res.stderr, res.stderr
    assert not (tmp_path / "out").exists()
