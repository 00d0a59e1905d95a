"""The serverless and messaging kinds: one request per kind (French and English, dev/staging/prod) through every
gate, golden files for two mixed requests, wiring and environment rules, and two small stacks on the emulator."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, assert_tree_equal, parse_json, run_cli, template_roots, tree

GOLDEN = Path(__file__).parent / "golden"
MANDATORY_TAGS = {"Project", "Environment", "Owner", "CostCenter", "ManagedBy"}

SERVERLESS_DEV = ("API serverless avec Lambda, Aurora PostgreSQL, file SQS, topic SNS, table DynamoDB et bucket S3 "
                  "en dev sur AWS")
TRIGGER_DEV = ("Un bucket S3 qui déclenche une fonction Lambda qui publie sur un topic SNS, un worker et une "
               "tâche planifiée en dev sur AWS")
MIXED = {"serverless-dev": SERVERLESS_DEV, "trigger-dev": TRIGGER_DEV}

# kind → (French request, English request); environments rotate so each kind meets two of them
PER_KIND: dict[str, tuple[str, str]] = {
    "queue": ("Une file d'attente SQS sur AWS", "An SQS message queue on AWS"),
    "topic": ("Un topic SNS pour les notifications sur AWS", "A pub/sub topic on AWS"),
    "nosql_table": ("Une table DynamoDB sur AWS", "A NoSQL key-value table on AWS"),
    "function": ("Une fonction Lambda sur AWS", "A serverless function on AWS"),
    "http_api": ("Une API HTTP sans serveur sur AWS", "A serverless API with API Gateway on AWS"),
    "object_storage": ("Un bucket S3 pour les uploads sur AWS", "Object storage for media files on AWS"),
    "worker": ("Un worker qui consomme une file SQS sur AWS", "A background worker on AWS"),
    "scheduled_job": ("Une tâche planifiée sur AWS", "A cron job with EventBridge Scheduler on AWS"),
    "relational_database": ("Base MariaDB avec une fonction Lambda sur AWS", "MySQL database and a worker on AWS"),
    "cache": ("Un cache Valkey pour la mise en cache avec une fonction Lambda sur AWS",
              "An ElastiCache Redis cache on AWS"),
}
# the issue's mixed examples
MIXED_GATES = [
    pytest.param("Rails app on ECS with Aurora PostgreSQL and a Redis cache in prod on AWS",
                 id="rails-aurora-redis-en-prod"),
    pytest.param("Un bucket S3 qui déclenche une fonction Lambda qui publie sur un topic SNS en staging sur AWS",
                 id="bucket-lambda-sns-fr-staging"),
    pytest.param("Fonction Lambda avec Aurora MySQL, une file SQS et un worker en dev sur AWS",
                 id="lambda-aurora-mysql-fr-dev"),
    pytest.param("Serverless REST API with Lambda, a scheduled job and a DynamoDB table in staging on AWS",
                 id="serverless-api-job-en-staging"),
    pytest.param("Application web Django avec Aurora PostgreSQL, un bucket S3 pour les médias et une file SQS en "
                 "staging sur AWS", id="django-aurora-bucket-queue-fr-staging"),
    pytest.param("Application Django avec PostgreSQL et un frontend React en prod sur AWS",
                 id="django-react-site-fr-prod"),
]
ENVS = ("dev", "staging", "prod")
CASES = [
    pytest.param(kind, f"{text} en {env}" if lang == "fr" else f"{text} in {env}", env,
                 id=f"{kind}-{lang}-{env}")
    for i, (kind, texts) in enumerate(PER_KIND.items())
    for lang, text, env in (("fr", texts[0], ENVS[i % 3]), ("en", texts[1], ENVS[(i + 1) % 3]))
]
# the static site in dev and prod (prod adds nothing the gates see differently but price class and protections)
STATIC_SITE_DEV = "A static website with CloudFront in dev on AWS"
CASES += [
    pytest.param("static_site", "Site web statique pour un frontend React en prod sur AWS", "prod",
                 id="static_site-fr-prod"),
    pytest.param("static_site", STATIC_SITE_DEV, "dev", id="static_site-en-dev"),
    pytest.param("static_site", "Une SPA Angular sur CloudFront en staging sur AWS", "staging",
                 id="static_site-fr-staging"),
]


def _generate(tmp: Path, request: str, *args: str) -> dict:
    res = run_cli("generate", request, "--out", str(tmp), "--json", *args)
    report = json.loads(res.stdout)
    assert res.exit_code == 0, [f for f in report.get("findings", []) if f["severity"] == "error"][:10] or res.stderr
    return report


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, request in MIXED.items():
        target = tmp_path_factory.mktemp("kinds") / name
        res = run_cli("generate", request, "--out", str(target), "--no-validate")
        assert res.exit_code == 0, res.stderr
        out[name] = target
    return out


@pytest.mark.parametrize("name", sorted(MIXED))
def test_golden(mixed, name, iacf_update_golden):
    assert_tree_equal(mixed[name], GOLDEN / name, update=iacf_update_golden, vendored_from=template_roots())


def test_same_request_twice_is_byte_identical(mixed, tmp_path):
    again = tmp_path / "again"
    assert run_cli("generate", TRIGGER_DEV, "--out", str(again), "--no-validate").exit_code == 0
    assert tree(again) == tree(mixed["trigger-dev"])


@pytest.mark.parametrize(("request_text", "kinds"), [
    ("A web app with a DynamoDB database in dev on AWS", ["web_app", "nosql_table"]),
    ("Une fonction Lambda avec une base de données DynamoDB et une base PostgreSQL sur AWS",
     ["function", "nosql_table", "relational_database"]),
])
def test_a_dynamodb_database_is_no_sql_database_besides(request_text, kinds):
    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    assert [c["kind"] for c in json.loads(res.stdout)["spec"]["components"]] == kinds


@pytest.mark.parametrize(("kind", "request_text", "env"), CASES)
def test_each_kind_is_understood(kind, request_text, env):
    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    spec = json.loads(res.stdout)
    spec = spec.get("spec", spec)
    assert spec["components"][0]["kind"] == kind
    assert not json.loads(res.stdout).get("unused_words"), "every word is understood"
    assert spec["environment"] == env


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize(("kind", "request_text", "env"), CASES)
def test_each_kind_passes_every_gate(kind, request_text, env, tmp_path, need_terraform, need_checkov):
    out = tmp_path / "infra"
    report = _generate(out, request_text)
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in ("hcl", "secrets", "tags", "ingress", "certificates", "coverage", "fmt", "validate", "checkov"):
        assert gates[gate]["status"] == "passed", gates[gate]
    checkov = gates["checkov"]["counts"]
    assert checkov["failed"] == 0 and checkov["parsing_errors"] == 0
    decisions = (out / "DECISIONS.md").read_text()
    skipped = [f for f in report["findings"] if f["gate"] == "checkov" and f["severity"] == "info"]
    for f in skipped:
        assert f"`{f['check']}`" in decisions
    kinds = {c["kind"] for c in report["components"]}
    assert kind in kinds and "encryption_keys" in kinds
    if kind == "relational_database":
        assert "network" in kinds and "vpc_config {" in (out / "main.tf").read_text()
    elif kind == "cache":
        assert "network" in kinds, "the cache lives in the database subnets"
    else:
        assert "network" not in kinds, "serverless kinds reach no private data: no VPC"
    main = (out / "main.tf").read_text()
    # every log group of the kind is KMS-encrypted and keeps the policy's retention
    days = {"dev": 30, "staging": 90, "prod": 365}[env]
    for block in re.findall(r'resource "aws_cloudwatch_log_group" "[a-z_]+" \{.*?\n\}', main, re.S):
        assert f"retention_in_days = {days}" in block and "kms_key_id" in block, block


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.parametrize("request_text", MIXED_GATES)
def test_mixed_requests_pass_every_gate(request_text, tmp_path, need_terraform, need_checkov):
    report = _generate(tmp_path / "infra", request_text)
    gates = {g["gate"]: g for g in report["gates"]}
    for gate in ("hcl", "secrets", "tags", "ingress", "certificates", "coverage", "fmt", "validate", "checkov"):
        assert gates[gate]["status"] == "passed", gates[gate]
    assert gates["checkov"]["counts"]["failed"] == 0


def test_aurora_engine_uses_the_cluster_module(mixed):
    main = (mixed["serverless-dev"] / "main.tf").read_text()
    assert 'source = "./modules/aurora"' in main and re.search(r'engine\s+= "aurora-postgresql"', main)
    assert (mixed["serverless-dev"] / "modules/aurora/main.tf").is_file()
    assert not (mixed["serverless-dev"] / "modules/rds").exists()
    assert "Amazon Aurora PostgreSQL-Compatible 16" in (mixed["serverless-dev"] / "DECISIONS.md").read_text()


def test_wiring_trigger_publish_least_privilege(mixed):
    main = (mixed["trigger-dev"] / "main.tf").read_text()
    fn = main[main.index('resource "aws_iam_role_policy" "fn"'):]
    fn = fn[:fn.index("\n}\n")]
    # the function may publish on that topic only, and touch only its bucket's objects
    assert re.search(r'Action\s+= "sns:Publish"\s+Resource = aws_sns_topic\.topic\.arn', fn)
    assert '"${module.storage.bucket_arn}/*"' in fn
    assert "sqs:ReceiveMessage" not in fn, "the plain function consumes no queue"
    assert '"*"' not in fn.replace('Resource = "*"\n      },', "", 1).split("Tracing")[0]
    resources = re.findall(r"Resource\s+= (.+)", fn)
    assert resources.count('"*"') == 1  # X-Ray only
    # the bucket's events reach the function through one EventBridge rule, and only that rule may invoke it
    assert 'resource "aws_cloudwatch_event_rule" "fn_storage"' in main
    perm = main[main.index('resource "aws_lambda_permission" "fn_storage"'):]
    assert "source_arn     = aws_cloudwatch_event_rule.fn_storage.arn" in perm.split("\n}\n")[0]
    # the worker consumes its queue; the job runs on a schedule with a role that may invoke it only
    assert 'resource "aws_lambda_event_source_mapping" "worker"' in main
    worker = main[main.index('resource "aws_iam_role_policy" "worker"'):].split("\n}\n")[0]
    assert "sqs:ReceiveMessage" in worker and "aws_sqs_queue.queue.arn" in worker
    sched = main[main.index('resource "aws_iam_role_policy" "job_scheduler"'):].split("\n}\n")[0]
    assert '"lambda:InvokeFunction"' in sched and "aws_lambda_function.job.arn" in sched
    decisions = (mixed["trigger-dev"] / "DECISIONS.md").read_text()
    for title in ("New objects in storage trigger fn", "The worker consumes the queue",
                  "EventBridge Scheduler runs the job", "Execution role scoped to exact resources",
                  "Placeholder code package"):
        assert title in decisions, title


def test_api_calls_its_function_with_iam_auth_and_access_logs(mixed):
    main = (mixed["serverless-dev"] / "main.tf").read_text()
    assert re.search(r'authorization_type\s+= "AWS_IAM"', main)
    assert "destination_arn = aws_cloudwatch_log_group.api_access.arn" in main
    assert "integration_uri        = aws_lambda_function.fn.invoke_arn" in main
    assert 'source_arn     = "${aws_apigatewayv2_api.api.execution_arn}/*/*"' in main
    # the API's function is not also triggered by the bucket: it reads and writes it
    assert "aws_cloudwatch_event_rule" not in main
    fn = main[main.index('resource "aws_iam_role_policy" "fn"'):].split("\n}\n")[0]
    for arn in ("aws_sqs_queue.queue.arn", "aws_sns_topic.topic.arn", "aws_dynamodb_table.table.arn",
                "module.storage.bucket_arn"):
        assert arn in fn, arn


def test_function_reaching_a_database_runs_in_the_vpc(mixed):
    main = (mixed["serverless-dev"] / "main.tf").read_text()
    fn = main[main.index('resource "aws_lambda_function" "fn"'):].split("\n}\n")[0]
    assert "vpc_config {" in fn and "module.network.private_subnet_ids" in fn
    assert "CKV_AWS_117" not in fn
    # its own IAM-authenticated database user; the master secret is nowhere near it
    assert re.search(r'DB_USER\s+= "fn_user"', fn) and re.search(r'DB_IAM_AUTH\s+= "true"', fn)
    assert not re.search(r"PASSWORD|password|SECRET|master_user_secret", fn)
    policy = main[main.index('resource "aws_iam_role_policy" "fn"'):].split("\n}\n")[0]
    assert re.search(r'Action\s+= "rds-db:connect"\s+Resource = "\$\{module\.db\.iam_auth_user_arn_prefix\}/fn_user"',
                     policy)
    assert "secretsmanager:GetSecretValue" not in policy and "master_user_secret" not in policy
    # the database admits the function's security group on its port, and nothing else is opened
    rule = main[main.index('resource "aws_vpc_security_group_ingress_rule" "db_from_fn"'):].split("\n}\n")[0]
    assert "referenced_security_group_id = aws_security_group.fn.id" in rule
    assert re.search(r"from_port\s+= 5432", rule)
    assert "cidr_ipv4" not in rule
    decisions = (mixed["serverless-dev"] / "DECISIONS.md").read_text()
    assert "In the private subnets, allowed to reach db on its port only" in decisions
    # without a database, no VPC
    other = (mixed["trigger-dev"] / "main.tf").read_text()
    assert "vpc_config" not in other and 'module "network"' not in other


def test_web_app_task_role_reaches_the_stack_data_only(tmp_path):
    out = tmp_path / "web"
    res = run_cli("generate", "Django app with an S3 bucket and an SNS topic in dev on AWS", "--out", str(out),
                  "--no-validate")
    assert res.exit_code == 0, res.stderr
    main = (out / "main.tf").read_text()
    policy = main[main.index("task_role_policy_json = jsonencode"):].split("\n  })\n")[0]
    assert re.search(r'Action\s+= "sns:Publish"\s+Resource = aws_sns_topic\.topic\.arn', policy)
    assert '"${module.storage.bucket_arn}/*"' in policy and '"*"' not in policy
    assert re.search(r"STORAGE_BUCKET\s+= module\.storage\.bucket_id", main)
    assert "The app task role may use what it is connected to" in (out / "DECISIONS.md").read_text()


def test_placeholder_package_is_a_valid_deterministic_zip(mixed):
    for name in ("fn", "worker", "job"):
        data = (mixed["trigger-dev"] / "functions" / name / "placeholder.zip").read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.namelist() == ["index.py"]
            source = archive.read("index.py").decode()
        compile(source, "index.py", "exec")
        assert "def handler(event, context)" in source
    assert (mixed["trigger-dev"] / "functions/worker/placeholder.zip").read_bytes() != \
        (mixed["trigger-dev"] / "functions/fn/placeholder.zip").read_bytes()


def test_prod_and_dev_rules_differ_by_recorded_decisions(tmp_path):
    main = {}
    for env in ("dev", "prod"):
        out = tmp_path / env
        res = run_cli("generate", f"Table DynamoDB et bucket S3 avec une fonction Lambda en {env} sur AWS",
                      "--out", str(out), "--no-validate")
        assert res.exit_code == 0, res.stderr
        main[env] = (out / "main.tf").read_text()
        decisions = (out / "DECISIONS.md").read_text()
        assert ("Deletion protection on" in decisions) == (env == "prod")
        assert ("Destroy refuses a non-empty bucket" in decisions) == (env == "prod")
    assert re.search(r"deletion_protection_enabled = true", main["prod"])
    assert re.search(r"deletion_protection_enabled = false", main["dev"])
    assert re.search(r"reserved_concurrent_executions = 100", main["prod"])
    assert re.search(r"reserved_concurrent_executions = 5\b", main["dev"])
    assert "retention_in_days = 365" in main["prod"] and "retention_in_days = 30" in main["dev"]


@pytest.mark.parametrize("request_text, named", [
    ("Fonction Lambda avec une base MongoDB sur AWS", "document_database"),
    ("Serverless API with a Kafka stream on AWS", "event_stream"),
    ("Un entrepôt de données Redshift sur AWS", "data_warehouse"),
    ("Worker on EKS on AWS", "kubernetes_cluster"),
    # a task queue framework's worker is a long-running process reading its broker: never a Lambda worker
    ("App Django avec un worker Celery et Redis en prod sur AWS", "task_worker"),
    ("A Rails app with PostgreSQL and Sidekiq on AWS", "task_worker"),
    # a CMS keeps its uploads on a shared disk: not generated as a web app, nor dropped
    ("Wordpress avec MySQL en prod sur AWS", "cms"),
])
def test_unsupported_service_is_refused_with_the_catalogue(request_text, named, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "iacf_core", "generate", request_text, "--out",
                           str(tmp_path / "x")], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert f"cannot generate '{named}'" in proc.stderr
    for kind in ("function", "http_api", "queue", "topic", "nosql_table", "object_storage", "worker",
                 "scheduled_job", "static_site", "cache"):
        assert kind in proc.stderr
    assert not (tmp_path / "x").exists()


def test_a_spec_kind_the_cloud_lacks_is_offered_no_near_kind(tmp_path):
    """A kind of the catalogue the cloud does not generate is no typo: 'task_worker' is not offered 'worker' (a
    function consuming a queue), while a typo still gets the nearest kind."""
    for kind, hint in (("task_worker", None), ("workr", "did you mean 'worker'?")):
        spec = tmp_path / f"{kind}.yaml"
        spec.write_text(f"project: tasks\ncloud: aws\ncomponents:\n  - kind: {kind}\n")
        res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / kind), "--no-validate")
        assert res.exit_code == 2 and f"cannot generate '{kind}'" in res.stderr, res.stderr
        assert ("did you mean" in res.stderr) is (hint is not None) and (hint is None or hint in res.stderr)


def _check_deploy(result) -> None:
    from iacf_aws.emulator import UNSUPPORTED_TYPES

    assert result.ok, f"{result.stage}: {result.message}\n{[vars(d) for d in result.drift]}"
    untagged = [p["address"] for p in result.planned
                if isinstance(p["after"], dict) and "tags_all" in p["after"]
                and not MANDATORY_TAGS <= set(p["after"].get("tags_all") or {})]
    assert untagged == []
    for p in result.planned:  # not applied: an unsupported type, or something that needs one
        reason = result.not_applied.get(p["address"])
        if reason is not None:
            needs = re.fullmatch(r"depends on (\w+), which the emulator cannot create", reason)
            assert p["type"] in UNSUPPORTED_TYPES or (needs and needs.group(1) in UNSUPPORTED_TYPES), (p, reason)
    assert result.destroyed, result.message
    print(f"applied {len(result.applied)}, not applied {sorted(result.not_applied)}, "
          f"emulator drift {[(d.address, d.attributes) for d in result.emulator_drift]}")


def _check_no_secret_in_state(scan, values: int = 0) -> None:
    """The applied stack's state holds no secret: no secret-bearing attribute, no known pattern, and none of the
    ``values`` secret values the emulator holds (generated by a service, such as an RDS master password)."""
    assert scan.scanned == 1, "the state was read after the apply"
    assert scan.found == [], scan.found
    assert scan.secret_values >= values


@pytest.mark.emulator
@pytest.mark.xdist_group("emulator-kinds-serverless")
def test_serverless_stack_on_emulator(mixed, moto_endpoint, state_secret_scan):
    from iacf_aws.emulator import deploy

    result = deploy(mixed["serverless-dev"], moto_endpoint, {}, after_apply=state_secret_scan)
    _check_deploy(result)
    _check_no_secret_in_state(state_secret_scan, values=1)  # the Aurora master password the emulator generated
    applied = {a.split("[")[0].rsplit(".", 2)[-2] if a.startswith("module.") else a.split(".")[0]
               for a in result.applied}
    for rtype in ("aws_apigatewayv2_api", "aws_apigatewayv2_stage", "aws_lambda_function", "aws_lambda_permission",
                  "aws_sqs_queue", "aws_sns_topic", "aws_dynamodb_table", "aws_s3_bucket", "aws_security_group",
                  "aws_vpc_security_group_ingress_rule", "aws_rds_cluster", "aws_rds_cluster_instance"):
        assert rtype in applied, rtype


@pytest.mark.emulator
@pytest.mark.xdist_group("emulator-kinds-trigger")
def test_trigger_worker_job_stack_on_emulator(mixed, moto_endpoint, state_secret_scan):
    from iacf_aws.emulator import deploy

    result = deploy(mixed["trigger-dev"], moto_endpoint, {}, after_apply=state_secret_scan)
    _check_deploy(result)
    _check_no_secret_in_state(state_secret_scan)
    applied = {a.split("[")[0].rsplit(".", 2)[-2] if a.startswith("module.") else a.split(".")[0]
               for a in result.applied}
    for rtype in ("aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_lambda_event_source_mapping",
                  "aws_scheduler_schedule", "aws_lambda_function", "aws_sns_topic"):
        assert rtype in applied, rtype


def test_static_site_private_origin_tls_headers_and_us_east_1(tmp_path):
    out = tmp_path / "site"
    res = run_cli("generate", "Site statique en prod sur AWS", "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    main = (out / "main.tf").read_text()
    dist = main[main.index('resource "aws_cloudfront_distribution" "site"'):].split("\n}\n")[0]
    for line in ('viewer_protocol_policy     = "redirect-to-https"', 'minimum_protocol_version = "TLSv1.2_2021"',
                 'default_root_object = "index.html"', "web_acl_id          = module.site_waf.web_acl_arn",
                 "origin_access_control_id = aws_cloudfront_origin_access_control.site.id",
                 "response_headers_policy_id = aws_cloudfront_response_headers_policy.site.id",
                 "acm_certificate_arn      = module.site_certificate.validated_arn",
                 "count = var.site_https_enabled ? 1 : 0",
                 "bucket          = module.site_logs.bucket_domain_name"):
        assert line in dist, line
    # the bucket is read by this distribution only; certificate and WAF come from us-east-1
    assert "cloudfront_distribution_arn        = one(aws_cloudfront_distribution.site[*].arn)" in main
    for block in ('module "site_certificate"', 'module "site_waf"', 'module "site_waf_logs_key"'):
        assert "aws = aws.us_east_1" in main[main.index(block):].split("\n}\n")[0], block
    assert re.search(r'scope\s+= "CLOUDFRONT"', main)
    headers = main[main.index('resource "aws_cloudfront_response_headers_policy" "site"'):].split("\n}\n")[0]
    for name in ("strict_transport_security", "content_security_policy", "content_type_options", "frame_options",
                 "referrer_policy"):
        assert f"{name} {{" in headers, name
    providers = (out / "providers.tf").read_text()
    assert providers.count('provider "aws" {') == 2 and 'alias  = "us_east_1"' in providers
    assert providers.count("default_tags {") == 2 and providers.count("CostCenter") == 2
    policy = (out / "modules/s3_bucket/main.tf").read_text()
    assert re.search(r'variable = "AWS:SourceArn"\s+values\s+= \[statement\.value\]', policy)
    assert 'site_domain_name = "www.example.com"' in (out / "iacf.auto.tfvars").read_text()
    outputs = (out / "outputs.tf").read_text()
    for name in ("site_acm_certificate_validation_records", "site_acm_certificate_status", "site_https_next_step"):
        assert f'output "{name}"' in outputs, name
    decisions = (out / "DECISIONS.md").read_text()
    for skipped in ("`CKV_AWS_310`", "`CKV_AWS_374`", "`CKV2_AWS_65`"):
        assert skipped in decisions, skipped
    assert "Destroy refuses non-empty site buckets" in decisions


@pytest.mark.emulator
@pytest.mark.xdist_group("emulator-kinds-site")
def test_static_site_on_emulator(tmp_path, moto_endpoint, state_secret_scan):
    """The documented first deployment without a zone: step 1 (committed iacf.auto.tfvars) creates the certificate
    and no distribution; step 2 turns HTTPS on once ACM has issued it (moto issues at once)."""
    from iacf_aws.emulator import UNSUPPORTED_TYPES, deploy

    out = tmp_path / "site"
    assert run_cli("generate", STATIC_SITE_DEV, "--out", str(out), "--no-validate").exit_code == 0
    assert "site_https_enabled = false" in (out / "iacf.auto.tfvars").read_text()
    result = deploy(out, moto_endpoint, {}, var_files=("terraform.tfvars.example",),
                    then={"site_https_enabled": "true"}, after_apply=state_secret_scan)
    _check_no_secret_in_state(state_secret_scan)
    assert result.ok, f"{result.stage}: {result.message}\n{[vars(d) for d in result.drift]}"
    assert result.destroyed, result.message
    # the us-east-1 alias is a second aws configuration: one process per configuration and command, as usual
    assert result.attached == []
    # moto lacks response headers policies: the policy is planned, not applied, and so is what references it
    headers = "aws_cloudfront_response_headers_policy.site"
    assert result.not_applied[headers] == UNSUPPORTED_TYPES["aws_cloudfront_response_headers_policy"]
    for address in ("aws_cloudfront_distribution.site[0]", "module.site.aws_s3_bucket_policy.this"):
        assert result.not_applied[address] == (
            "depends on aws_cloudfront_response_headers_policy, which the emulator cannot create")
    applied = set(result.applied)
    for address in ("module.site_certificate.aws_acm_certificate.this",
                    "module.site_certificate.aws_acm_certificate_validation.this[0]",
                    "aws_cloudfront_origin_access_control.site", "module.site_waf.aws_wafv2_web_acl.this",
                    "module.site_waf.aws_wafv2_web_acl_logging_configuration.this",
                    "module.site_waf_logs_key.aws_kms_key.this", "module.site.aws_s3_bucket.this",
                    "module.site_logs.aws_s3_bucket_policy.this"):
        assert address in applied, address
    assert not any("aws_route53_record" in a for a in result.applied), "no zone: the operator creates the records"
    untagged = [p["address"] for p in result.planned
                if isinstance(p["after"], dict) and "tags_all" in p["after"]
                and not MANDATORY_TAGS <= set(p["after"].get("tags_all") or {})]
    assert untagged == []


CACHE_DEV = "Fonction Lambda avec un cache Redis en dev sur AWS"


@pytest.mark.emulator
@pytest.mark.xdist_group("emulator-kinds-cache")
def test_cache_stack_on_emulator(tmp_path, moto_endpoint, state_secret_scan):
    from iacf_aws.emulator import deploy

    out = tmp_path / "cache-dev"
    res = run_cli("generate", CACHE_DEV, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    result = deploy(out, moto_endpoint, {}, after_apply=state_secret_scan)
    _check_deploy(result)
    # one aws configuration: every command after the init attached to one provider process
    assert result.attached == ["registry.terraform.io/hashicorp/aws"]
    _check_no_secret_in_state(state_secret_scan)
    # moto cannot create the replication group; the function reads its endpoint, so a targeted apply would pull
    # it in: both are planned only, with the reason, and everything around them is applied
    assert result.not_applied["aws_elasticache_replication_group.cache"].startswith("moto lacks")
    assert result.not_applied["aws_lambda_function.fn"] == (
        "depends on aws_elasticache_replication_group, which the emulator cannot create")
    assert "aws_elasticache_subnet_group.cache" in result.not_applied
    assert result.not_applied["aws_elasticache_user_group.cache"] == "moto lacks ElastiCache user groups"
    # the function's policy names the replication group (elasticache:Connect): planned only, like the function
    assert result.not_applied["aws_iam_role_policy.fn"].startswith("depends on aws_elasticache_replication_group")
    for address in ("aws_elasticache_user.cache_default", "aws_elasticache_user.cache_fn",
                    "aws_security_group.cache",
                    "aws_cloudwatch_log_group.cache_slow", "aws_cloudwatch_log_group.cache_engine",
                    "aws_vpc_security_group_ingress_rule.cache_from_fn"):
        assert address in result.applied, address
    # no shared token anywhere: no secret, no secret version, no data source reading one
    assert not [a for a in result.planned if a["type"].startswith("aws_secretsmanager")]


@pytest.mark.parametrize(("request_text", "cloud", "said"), [
    ("A REST API on API Gateway with Lambda and DynamoDB, in eu-west-1, prod", "aws", "'lambda'"),
    ("Un cluster GKE avec Cloud SQL PostgreSQL et un bucket GCS en prod, région Belgique", "gcp", "'cloud sql'"),
    ("Azure Functions with Cosmos DB and a Service Bus topic in prod", "azure", "'cosmos db'"),
    ("Django app with PostgreSQL in europe-west9", "gcp", "'europe-west9'"),
])
def test_a_request_naming_one_cloud_s_services_or_region_code_is_for_that_cloud(request_text, cloud, said):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    parsed = json.loads(res.stdout)
    assert parsed["spec"]["cloud"] == cloud
    (decision,) = [d for d in parsed["defaults"] if d.startswith("cloud: ")]
    assert said in decision and f"the services and regions the request names are {cloud}'s" in decision


@pytest.mark.parametrize(("request_text", "says"), [
    ("A Lambda function writing to Firestore", "belong to several: aws ('lambda function'); gcp ('firestore')"),
    ("Django app with PostgreSQL", "the request names no cloud; name one or pass --cloud (aws, azure, gcp)"),
])
def test_a_request_whose_words_name_no_cloud_or_several_is_refused(request_text, says, tmp_path):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    assert_refused(tmp_path / "out", request_text, says)


@pytest.mark.parametrize(("request_text", "kinds"), [
    ("A web app behind CloudFront with PostgreSQL in prod on AWS", {"web_app", "relational_database"}),
    ("CloudFront in front of a Django app on AWS", {"web_app"}),
    ("An API behind Cloud CDN on GCP", {"web_app"}),
    ("An AKS cluster behind Azure Front Door in prod on Azure", {"kubernetes_cluster"}),
    ("Une app web derrière Front Door avec une base PostgreSQL, Azure, prod", {"web_app", "relational_database"}),
    # a static site asked for, beside the app or alone
    ("A static site with CloudFront and a Django app on AWS", {"static_site", "web_app"}),
    ("A web app and a static site behind CloudFront on AWS", {"static_site", "web_app"}),
    ("Un site statique avec Front Door sur Azure", {"static_site"}),
    # a marketing site or a landing page is a static site
    ("Static marketing site with CloudFront and a contact form Lambda, prod, AWS", {"static_site", "function"}),
    ("A landing page behind CloudFront on AWS", {"static_site"}),
])
def test_a_cdn_word_in_front_of_a_workload_adds_no_static_site(request_text, kinds):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    res = run_cli("parse", request_text, "--json")
    assert res.exit_code == 0, res.stderr
    parsed = json.loads(res.stdout)
    assert {c["kind"] for c in parsed["components"] if c["provenance"]["source"] == "request"} == kinds
    assert parsed["unused_words"] == []
    notes = [d["id"] for d in parsed["decisions"]]
    assert ("core.request.edge-of-workload" in notes) is ("static_site" not in kinds)


def _parsed(request_text: str) -> dict:
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    return parse_json(request_text)


def _asked(parsed: dict) -> dict[str, str]:
    return {c["id"]: c["kind"] for c in parsed["components"] if c["provenance"]["source"] == "request"}


@pytest.mark.parametrize(("request_text", "asked", "links", "counted"), [
    ("Two Lambda functions and an SQS queue on AWS in dev",
     {"fn": "function", "fn_2": "function", "queue": "queue"}, None, {"fn": "two lambda"}),
    # the stated links of the counted component hold for each of its copies
    ("Two Lambda functions that read the orders table on AWS",
     {"fn": "function", "fn_2": "function", "orders": "nosql_table"}, {("fn", "orders"), ("fn_2", "orders")},
     {"fn": "two lambda"}),
    # "files" after a French number is a queue, not a bucket; a digit counts too
    ("deux files SQS et une fonction Lambda sur AWS",
     {"queue": "queue", "queue_2": "queue", "fn": "function"}, None, {"queue": "deux files"}),
    ("deux files d'attente Service Bus sur Azure", {"queue": "queue", "queue_2": "queue"}, None,
     {"queue": "deux files d attente"}),
    ("3 queues on GCP", {"queue": "queue", "queue_2": "queue", "queue_3": "queue"}, None, {"queue": "3 queues"}),
    ("2 Cloud Run workers consuming a Pub/Sub queue on GCP",
     {"worker": "worker", "worker_2": "worker", "queue": "queue"}, {("worker", "queue"), ("worker_2", "queue")},
     {"worker": "2 cloud run workers"}),
    # a number before no component is no count; nor is a version after a component or language word
    ("a web app with 2 replicas on AWS", {"app": "web_app"}, None, {}),
    ("a PostgreSQL 16 database on AWS", {"db": "relational_database"}, None, {}),
    ("a Python 3 Lambda on AWS", {"fn": "function"}, None, {}),
    # the words saying what the copies are written in stand between the number and the component
    ("two Python 3 Lambdas and a DynamoDB table on AWS", {"fn": "function", "fn_2": "function",
                                                          "table": "nosql_table"}, None,
     {"fn": "two python 3 lambdas"}),
    ("deux fonctions Python sur GCP", {"fn": "function", "fn_2": "function"}, None, {"fn": "deux fonctions"}),
    # "bases" says a French database, as "base" does: the number before it counts the databases
    ("deux bases PostgreSQL sur AWS", {"db": "relational_database", "db_2": "relational_database"}, None,
     {"db": "deux bases postgresql"}),
    ("deux fonctions nommées ingest et enrich sur AWS", {"ingest": "function", "enrich": "function"}, None,
     {"ingest": "deux fonctions"}),
    # a list of names right after a counted component names each one too
    ("Two SQS queues (orders and payments) consumed by a Lambda worker, dev, AWS",
     {"orders": "queue", "payments": "queue", "worker": "worker"}, {("worker", "orders"), ("worker", "payments")},
     {"orders": "two sqs"}),
    ("deux files SQS jobs et mails sur AWS", {"jobs": "queue", "mails": "queue"}, None, {"jobs": "deux files"}),
    ("two functions ingest and enrich on AWS", {"ingest": "function", "enrich": "function"}, None,
     {"ingest": "two functions"}),
    ("two queues jobs and a worker on AWS", {"jobs": "queue", "jobs_2": "queue", "worker": "worker"}, None,
     {"jobs": "two queues"}),
    # a list of names after "named" / "nommées" names each one; the number of names is the count when none is said
    ("Two queues named jobs and mails on AWS", {"jobs": "queue", "mails": "queue"}, None, {"jobs": "two queues"}),
    ("deux files nommées jobs et mails sur Azure", {"jobs": "queue", "mails": "queue"}, None,
     {"jobs": "deux files"}),
    ("two buckets called raw and curated on GCP", {"raw": "object_storage", "curated": "object_storage"}, None,
     {"raw": "two buckets"}),
    ("three Lambdas named a, b and c on AWS", {"a": "function", "b": "function", "c": "function"}, None,
     {"a": "three lambdas"}),
    ("queues named jobs and mails and a worker that consumes them on GCP",
     {"jobs": "queue", "mails": "queue", "worker": "worker"}, {("worker", "jobs"), ("worker", "mails")},
     {"jobs": "queues named jobs and mails"}),
    # a multiplier ("x2", "×2", "2x", "x 3") right before or after the component counts it
    ("Lambda x2 on AWS", {"fn": "function", "fn_2": "function"}, None, {"fn": "lambda x2"}),
    ("une Lambda ×3 et une file SQS sur AWS", {"fn": "function", "fn_2": "function", "fn_3": "function",
                                               "queue": "queue"}, None, {"fn": "lambda x3"}),
    ("2x Django apps on AWS", {"app": "web_app", "app_2": "web_app"}, None, {"app": "2x django"}),
    ("Django app x 2 on GCP", {"app": "web_app", "app_2": "web_app"}, None, {"app": "django app x2"}),
])
def test_a_number_before_a_component_asks_for_that_many(request_text, asked, links, counted):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    if links is not None:
        assert {(c["from"], c["to"]) for c in parsed["spec"]["connections"]} == links
    notes = {d["id"].removeprefix("core.request.count-"): d for d in parsed["decisions"]
             if d["id"].startswith("core.request.count-")}
    assert {cid: n["trigger"] for cid, n in notes.items()} == {
        cid: f"the words '{said}' of the request" for cid, said in counted.items()}
    for cid, n in notes.items():
        copies = [other for other, kind in asked.items() if kind == asked[cid]]
        assert n["title"].endswith(f"({', '.join(copies)})")
    if counted:
        assert not {"two", "deux", "2", "3"} & set(parsed["unused_words"])


@pytest.mark.parametrize(("request_text", "versions"), [
    ("a PostgreSQL 16 database and a Django app on AWS", {"db": "16"}),
    ("une base MySQL 8.4 et un cache Redis 7.1 sur AWS", {"db": "8.4", "cache": "7.1"}),
    ("Cloud SQL PostgreSQL 15 behind a Cloud Run app on GCP", {"db": "15"}),
    ("two PostgreSQL 16 databases on Azure", {"db": "16", "db_2": "16"}),
    ("a PostgreSQL database on AWS", {"db": None}),
])
def test_a_version_after_an_engine_is_its_engine_version(request_text, versions):
    parsed = _parsed(request_text)
    engines = ("relational_database", "cache")
    said = sorted(c["params"].get("engine_version") or "-" for c in parsed["spec"]["components"]
                  if c["kind"] in engines)
    assert said == sorted(v or "-" for v in versions.values())
    resolved = {c["id"]: c["params"].get("engine_version", "") for c in parsed["components"] if c["id"] in versions}
    for cid, version in versions.items():  # the cloud may name the minor it creates ("16" → "16.x")
        assert version is None or resolved[cid] == version or resolved[cid].startswith(f"{version}.")
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "said"), [
    ("a PostgreSQL 9 database on AWS", "'9': not a PostgreSQL major version offered"),
    ("a Redis 6 cache on Azure", "'6': Azure Managed Redis runs the Redis version Azure maintains"),
])
def test_a_version_the_cloud_does_not_offer_is_refused(request_text, said):
    pytest.importorskip("iacf_azure")
    res = run_cli("parse", request_text)
    assert res.exit_code == 2
    assert said in res.stderr and res.stderr.count("\n") == 1


@pytest.mark.parametrize("request_text", ["plusieurs files SQS sur AWS", "several Lambda functions on AWS"])
def test_several_without_a_number_is_one_component_and_a_decision_asking_how_many(request_text):
    parsed = _parsed(request_text)
    (kind,) = set(_asked(parsed).values())
    (note,) = [d for d in parsed["decisions"] if d["id"].startswith("core.request.count-")]
    assert note["title"].startswith(f"One {kind.replace('_', ' ')} for ")
    assert any("say how many" in a for a in note["alternatives"])


@pytest.mark.parametrize(("request_text", "asked", "beside"), [
    ("a Fargate worker consuming an SQS queue on AWS", {"worker": "worker", "queue": "queue"}, True),
    ("un worker sur ECS qui consomme une file SQS sur AWS", {"worker": "worker", "queue": "queue"}, True),
    ("two ECS workers on AWS", {"worker": "worker", "worker_2": "worker"}, True),
    ("a worker on App Service on Azure", {"worker": "worker"}, True),
    # an app beside, or a framework word, stays an app
    ("a web app and an ECS worker on AWS", {"app": "web_app", "worker": "worker"}, True),
    ("a Django app on ECS and a worker consuming a queue on AWS",
     {"app": "web_app", "worker": "worker", "queue": "queue"}, False),
])
def test_a_web_service_word_beside_a_worker_says_where_it_runs(request_text, asked, beside):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    assert parsed["unused_words"] == []
    assert ("core.request.worker-on-app-service" in [d["id"] for d in parsed["decisions"]]) is beside


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    # "Cloud" beginning a service's name after a number names no cloud
    ("Deux Cloud Functions qui lisent Firestore sur GCP", {"fn": "function", "fn_2": "function",
                                                            "table": "nosql_table"},
     {("fn", "table", "read"), ("fn_2", "table", "read")}),
    # after "named" / "appelée", a word of the vocabulary is a name, not a second component
    ("an SQS queue named notifications and a Django app on AWS", {"notifications": "queue", "app": "web_app"},
     None),
    ("une table DynamoDB appelée sessions sur AWS", {"sessions": "nosql_table"}, None),
    # receiving or listening to a queue is consuming it (it used to be sending to it)
    ("A Lambda that receives messages from the orders queue on AWS", {"fn": "function", "orders": "queue"},
     {("fn", "orders", "consume")}),
    ("Une Lambda qui reçoit les messages de la file commandes sur AWS", {"fn": "function", "commandes": "queue"},
     {("fn", "commandes", "consume")}),
    ("a function that listens to the jobs queue on GCP", {"fn": "function", "jobs": "queue"},
     {("fn", "jobs", "consume")}),
    # what a job runs on is its schedule: one job, no function beside it
    ("A Lambda that runs every hour on AWS", {"job": "scheduled_job"}, None),
    ("Une Lambda qui tourne toutes les heures sur AWS", {"job": "scheduled_job"}, None),
    # a cloud, region or environment between a workload and its CDN word
    ("A Django app on AWS behind CloudFront", {"app": "web_app"}, None),
    ("Une API ASP.NET sur Azure derrière Front Door", {"app": "web_app"}, None),
    # numbers past ten
    ("Twelve Lambda functions on AWS", {"fn": "function", **{f"fn_{n}": "function" for n in range(2, 13)}}, None),
    # what the verb acts on, between it and the component: the stated access, not the default one
    ("A Django app that writes results to the fraud table on AWS", {"app": "web_app", "fraud": "nosql_table"},
     {("app", "fraud", "write")}),
    ("une fonction qui écrit les pièces justificatives dans un compte de stockage sur Azure",
     {"fn": "function", "storage": "object_storage"}, {("fn", "storage", "write")}),
    # an access stated as a noun
    ("une fonction avec un accès en lecture seule au bucket sur AWS", {"fn": "function", "storage": "object_storage"},
     {("fn", "storage", "read")}),
    ("a Lambda with read-only access to the reports bucket on AWS", {"fn": "function", "reports": "object_storage"},
     {("fn", "reports", "read")}),
    # a governance word after "the" names the component ("the audit bucket")
    ("A Django app that writes to the audit bucket on AWS", {"app": "web_app", "audit": "object_storage"},
     {("app", "audit", "write")}),
    # a language between an API word and a worker's service word
    ("Une API Node sur Container Apps sur Azure", {"app": "web_app"}, None),
    # a bucket's service words beside a static site say where its files are
    ("Un site statique hébergé sur un bucket Cloud Storage en prod sur GCP", {"site": "static_site"}, None),
    # a negated verb links nothing, French or English; what it names is still asked for
    ("une Lambda qui n'écrit jamais dans le bucket sur AWS", {"fn": "function", "storage": "object_storage"}, set()),
    ("une Lambda qui ne lit pas la file sur AWS", {"fn": "function", "queue": "queue"}, set()),
    ("a Lambda that never writes to the bucket on AWS", {"fn": "function", "storage": "object_storage"}, set()),
    ("a Lambda that doesn't read the queue on AWS", {"fn": "function", "queue": "queue"}, set()),
    ("une Lambda qui lit la table commandes mais n'écrit jamais dans le bucket sur AWS",
     {"fn": "function", "commandes": "nosql_table", "storage": "object_storage"}, {("fn", "commandes", "read")}),
])
def test_requests_read_as_asked(request_text, asked, links):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    assert parsed["unused_words"] == []
    if links is not None:
        assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links


def test_a_queue_subscribed_to_a_topic_is_a_fan_out_not_generated_and_reported():
    parsed = _parsed("An SNS topic, an SQS queue subscribed to it and a Lambda consuming the queue on AWS")
    assert _asked(parsed) == {"topic": "topic", "queue": "queue", "fn": "function"}
    assert parsed["unused_words"] == ["subscribed", "to"]
    assert ("fn", "queue", "consume") in {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]}


@pytest.mark.parametrize(("request_text", "says"), [
    # a function subscribing to a topic would need a queue between: refused, saying so
    ("a Lambda subscribed to the alerts topic on AWS", "a topic accepts publish, not 'subscribed to' (messages are "
                                                       "consumed from a queue"),
    # services of kinds no cloud generates are refused, never read as a nearby kind
    ("A Django app with Step Functions on AWS", "cannot generate 'workflow' (asked by 'step functions')"),
    ("A Spanner database with a Cloud Run app on GCP", "cannot generate 'distributed_sql_database' (asked by "
                                                       "'spanner')"),
    ("Event Grid topic with an Azure Function subscriber on Azure", "cannot generate 'event_bus' (asked by "
                                                                    "'event grid')"),
    ("An Event Hub consumer function on Azure", "cannot generate 'event_stream' (asked by 'event hub')"),
    ("A Flask app with Cognito on AWS", "cannot generate 'identity_provider' (asked by 'cognito')"),
    ("a Bigtable instance on GCP", "cannot generate 'wide_column_database' (asked by 'bigtable')"),
    ("100 Lambda functions on AWS", "'100 lambda': a request asks for at most 20 of one component"),
    # a multiplier is read as a count, or refused: never dropped
    ("An SQS queue x2 Lambda on AWS", "'x2' stands between a queue and a function"),
    ("A Django app on AWS, 2x faster", "'2x' counts no component"),
    ("Lambda x30 on AWS", "'lambda x30': a request asks for at most 20 of one component"),
    ("two queues named jobs, mails and logs on AWS", "3 names, and the request asks for 2 ('two queues')"),
])
def test_requests_that_cannot_be_generated_as_asked_are_refused(request_text, says, tmp_path):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    assert_refused(tmp_path / "out", request_text, says)


@pytest.mark.parametrize(("request_text", "kind", "name"), [
    ("A FIFO queue on AWS", "queue", None),
    ("A FIFO SQS queue named ledger on AWS", "queue", "ledger"),
    ("An SQS FIFO queue named ledger on AWS", "queue", "ledger"),
    ("a FIFO SNS topic on AWS", "topic", None),
    ("une file FIFO Service Bus commandes sur Azure", "queue", "commandes"),
    ("A Django app publishing to a FIFO topic on Azure", "topic", None),
])
def test_fifo_is_the_ordering_of_the_queue_or_topic_not_its_name(request_text, kind, name):
    parsed = _parsed(request_text)
    (component,) = [c for c in parsed["spec"]["components"] if c["kind"] == kind]
    assert component["params"].get("fifo") is True
    assert component.get("name") == name
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "said"), [
    ("Cosmos DB on AWS", "'cosmos db' is a service of azure, and this stack is on aws"),
    ("Une table DynamoDB sur GCP", "'table dynamodb' is a service of aws, and this stack is on gcp"),
    ("A static site on Azure with CloudFront", "'cloudfront' is a service of aws, and this stack is on azure"),
    ("Memorystore Redis for a Django app on Azure", "'memorystore redis' is a service of gcp"),
    ("A Lambda function on GCP", "'lambda function' is a service of aws, and this stack is on gcp"),
])
def test_a_service_of_another_cloud_is_refused_not_translated(tmp_path, request_text, said):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    assert_refused(tmp_path / "out", request_text, said)


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    # a language and a framework of it are one application, the framework kept
    ("A Node.js Express API on ECS that publishes to the trades topic, prod, AWS",
     {"app": ("web_app", "express"), "trades": ("topic", None)}, {("app", "trades", "publish")}),
    ("Une API NestJS en Node sur Azure", {"app": ("web_app", "nestjs")}, None),
    # neutral words every cloud may use stay neutral; a queue feeding a function is consumed by it
    ("An SQS queue feeding a Lambda on AWS", {"queue": ("queue", None), "fn": ("function", None)},
     {("fn", "queue", "consume")}),
    ("A Redis cache and a FIFO queue on Azure", {"cache": ("cache", None), "queue": ("queue", None)}, None),
])
def test_requests_read_as_one_component_per_thing_named(request_text, asked, links):
    parsed = _parsed(request_text)
    found = {c["id"]: (c["kind"], c["params"].get("framework")) for c in parsed["components"]
             if c["provenance"]["source"] == "request"}
    assert found == asked
    if links is not None:
        assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "storage_gb"), [
    ("A Postgres 15 database with 100 GB of storage on AWS", 100),
    ("une base PostgreSQL avec 200 Go de stockage sur AWS", 200),
    ("A 512GB PostgreSQL database on Azure", 512),
    ("A Cloud SQL database with 1 TB of disk on GCP", 1024),
])
def test_a_size_said_of_a_database_is_its_storage_not_a_bucket(request_text, storage_gb):
    parsed = _parsed(request_text)
    (db,) = parsed["spec"]["components"]
    assert (db["kind"], db["params"].get("storage_gb")) == ("relational_database", storage_gb)
    assert parsed["unused_words"] == []


def test_a_size_said_of_no_database_is_left_unused():
    parsed = _parsed("an S3 bucket with 100 GB of storage on AWS")
    assert [c["kind"] for c in parsed["spec"]["components"]] == ["object_storage"]
    assert parsed["unused_words"] == ["100", "gb"]


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    # core's word for a kind between "the" and the kind's word names it: two buckets, each with its own access
    ("A FastAPI app with read-only access to the uploads bucket and write access to the exports bucket on AWS",
     {"app": "web_app", "uploads": "object_storage", "exports": "object_storage"},
     {("app", "uploads", "read"), ("app", "exports", "write")}),
    # each 'app' is the app named before it; what several share, each of them uses
    ("A Django app and a Flask app sharing a PostgreSQL database on AWS",
     {"app": "web_app", "app_2": "web_app", "db": "relational_database"},
     {("app", "db", "connect"), ("app_2", "db", "connect")}),
    ("Deux apps Django qui partagent une base PostgreSQL sur AWS",
     {"app": "web_app", "app_2": "web_app", "db": "relational_database"},
     {("app", "db", "connect"), ("app_2", "db", "connect")}),
    ("A Django app and a Flask app that reads the orders table on AWS",
     {"app": "web_app", "app_2": "web_app", "orders": "nosql_table"}, {("app_2", "orders", "read")}),
])
def test_each_component_gets_the_access_said_of_it(request_text, asked, links):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


def test_qa_is_the_staging_environment():
    assert _parsed("A Django app on AWS in qa")["spec"]["environment"] == "staging"


def test_a_fifo_queue_where_the_cloud_has_none_is_refused(tmp_path):
    assert_refused(tmp_path / "out", "A FIFO queue on GCP", "FIFO queues are not offered on Google Cloud")


@pytest.mark.parametrize(("request_text", "links"), [
    # French pronouns stand before the verb
    ("Une file FIFO SQS ordres et une Lambda qui la consomme sur AWS", {("fn", "ordres", "consume")}),
    ("une table commandes et une fonction qui la lit sur AWS", {("fn", "commandes", "read")}),
    ("deux files SQS et une fonction Lambda qui les consomme sur AWS",
     {("fn", "queue", "consume"), ("fn", "queue_2", "consume")}),
])
def test_a_french_pronoun_before_the_verb_stands_for_the_component_before(request_text, links):
    parsed = _parsed(request_text)
    assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "says"), [
    ("Django app on Azre", "'Azre' is not understood: did you mean 'azure' (cloud azure)?"),
    ("Django app on awss", "'awss' is not understood: did you mean 'aws' (cloud aws)?"),
])
def test_a_cloud_name_one_letter_off_is_refused_with_the_name(request_text, says, tmp_path):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    assert_refused(tmp_path / "out", request_text, says)


def test_a_derived_project_name_keeps_whole_words():
    parsed = _parsed("a Kubernetes cluster on GCP")
    assert parsed["spec"]["project"] == "kubernetes"


@pytest.mark.parametrize(("request_text", "region"), [
    ("une app Django sur UK South sur Azure", "uksouth"),
    ("A Django app in West Europe on Azure", "westeurope"),
    ("A Django app in East US 2 on Azure", "eastus2"),
    ("A Django app in Southeast Asia on Azure", "southeastasia"),
    ("A Django app in Australia East on Azure", "australiaeast"),
])
def test_an_azure_region_by_its_portal_name(request_text, region):
    parsed = _parsed(request_text)
    assert parsed["spec"]["region"] == region
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "classification", "excluded"), [
    ("A Django app with confidential data on AWS", "confidential", None),
    ("Une app Django, données confidentielles, sur AWS", "confidential", None),
    ("A Django app, data classification restricted, on AWS", "restricted", None),
    ("une app Django sans cache et pas de file sur AWS", "internal", "queue"),
])
def test_classification_and_negation_words_are_all_understood(request_text, classification, excluded):
    parsed = _parsed(request_text)
    assert parsed["spec"]["data_classification"] == classification
    assert parsed["unused_words"] == []
    if excluded:
        assert f"core.request.without-{excluded}" in [d["id"] for d in parsed["decisions"]]


def _spec(cloud: str, components: list[dict], **extra) -> dict:
    return {"project": "demo", "cloud": cloud, "environment": "dev", "components": components, **extra}


@pytest.mark.parametrize(("spec", "says"), [
    # an extra tag may not replace one iacf writes from the stack (a dev stack tagged Environment=prod)
    (_spec("aws", [{"kind": "queue"}], tags={"Environment": "prod"}),
     "'Environment' is the Environment tag iacf writes on every resource"),
    (_spec("gcp", [{"kind": "queue"}], tags={"Cost:Center": "x"}), "'Cost:Center' is the CostCenter tag"),
    (_spec("azure", [{"kind": "queue"}], tags={"a/b": "x"}), "tag 'a/b': Azure refuses / in a tag name"),
    # a name that is the id of what the rules add, or that makes a block iacf writes twice
    (_spec("aws", [{"kind": "web_app"}, {"kind": "object_storage", "name": "network"}]),
     "name 'network' is the id of the network component the rules add"),
    (_spec("gcp", [{"kind": "web_app"}, {"kind": "object_storage", "name": "network"}]),
     "name 'network' is the id of the network component the rules add"),
    (_spec("aws", [{"kind": "web_app"}, {"kind": "object_storage", "name": "waf"}]),
     "the component name 'waf' makes iacf declare module \"waf\" twice in the project root"),
    (_spec("aws", [{"kind": "queue", "name": "jobs"}, {"kind": "queue", "name": "jobs_dlq"}]),
     "the component name 'jobs_dlq' makes iacf declare resource \"aws_sqs_queue\" \"jobs_dlq\" twice"),
])
def test_specs_that_would_generate_a_wrong_or_broken_project_are_refused(spec, says, tmp_path):
    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    assert_refused(tmp_path / "out", spec, says)


def test_google_label_values_are_written_as_google_takes_them(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(json.dumps(_spec("gcp", [{"kind": "queue"}], tags={"Team": "Hello_World/1 x=y"})))
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 0, res.stderr
    assert re.search(r'^\s+team\s+= "hello_world_1_x_y"$', (tmp_path / "out" / "providers.tf").read_text(), re.M)


def test_force_never_replaces_a_folder_holding_an_input_of_the_run(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    spec = folder / "spec.yaml"
    spec.write_text(json.dumps(_spec("aws", [{"kind": "queue"}])))
    res = run_cli("generate", "--spec", str(spec), "--out", str(folder), "--force", "--no-validate")
    assert res.exit_code == 2 and "it holds" in res.stderr and "an input of this run" in res.stderr, res.stderr
    assert spec.exists()


def test_a_component_name_fits_the_cloud_name_limits(tmp_path):
    spec = _spec("aws", [{"kind": "function", "name": "a" * 31}])
    assert_refused(tmp_path / "out", spec, "(max 30)")


def test_an_unknown_connection_field_names_the_fields_as_a_spec_writes_them(tmp_path):
    spec = _spec("aws", [{"kind": "function"}, {"kind": "queue"}])
    spec["connections"] = [{"from": "fn", "to": "queue", "via": "x", "access": "send"}]
    assert_refused(tmp_path / "out", spec, "connections[0].via: unknown field (fields: from, to, access)")


def test_an_azure_api_path_may_start_with_a_slash(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(json.dumps(_spec("azure", [{"kind": "http_api", "params": {"path": "/v1"}}, {"kind": "function"}])))
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 0, res.stderr
    assert re.search(r'^\s+api_path\s+= "v1"$', (tmp_path / "out" / "main.tf").read_text(), re.M)


def test_an_option_replacing_a_value_of_the_spec_is_a_decision(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(json.dumps(_spec("aws", [{"kind": "queue"}])))
    res = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--no-validate", "--json",
                  "--env", "prod", "--project", "demo")
    assert res.exit_code == 0, res.stderr
    decisions = {d["id"]: d for d in json.loads(res.stdout)["decisions"]}
    assert decisions["core.override.environment"]["why"] == ("The spec file states environment dev; --env prod on "
                                                            "the command line replaces it.")
    assert "core.override.project" not in decisions  # the same value replaces nothing
    assert "core.override.environment" in (tmp_path / "out" / "DECISIONS.md").read_text()


@pytest.mark.parametrize(("options", "overridden"), [
    (("--cloud", "azure"), {"cloud": "The request states cloud aws; --cloud azure on the command line replaces it."}),
    (("--env", "prod", "--region", "eu-west-1"),
     {"environment": "The request states environment dev; --env prod on the command line replaces it.",
      "region": "The request states region eu-west-3; --region eu-west-1 on the command line replaces it."}),
    (("--env", "dev"), {}),  # the same value replaces nothing
])
def test_an_option_replacing_a_value_the_request_states_is_a_decision(options, overridden):
    pytest.importorskip("iacf_azure")
    res = run_cli("parse", "Django app on AWS in dev, Paris", *options, "--json")
    assert res.exit_code == 0, res.stderr
    decisions = {d["id"].removeprefix("core.override."): d["why"] for d in json.loads(res.stdout)["decisions"]
                 if d["id"].startswith("core.override.")}
    assert decisions == overridden
    shown = run_cli("parse", "Django app on AWS in dev, Paris", *options).stdout
    assert all(f"# option: {key}: {why}" in shown for key, why in overridden.items())


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    # a schedule said apart from the request's one function is when it runs
    ("Une fonction qui publie sur le topic alertes toutes les heures sur AWS",
     {"job": "scheduled_job", "alertes": "topic"}, {("job", "alertes", "publish")}),
    ("A Lambda that writes to the reports bucket, hourly, on AWS",
     {"job": "scheduled_job", "reports": "object_storage"}, {("job", "reports", "write")}),
    # two components joined by 'and' stay two
    ("a Lambda and a daily job on AWS", {"fn": "function", "job": "scheduled_job"}, None),
])
def test_a_schedule_said_of_the_one_function_makes_it_a_job(request_text, asked, links):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    if links is not None:
        assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "said"), [
    ("Aurora Serverless v2 with a Lambda in prod on AWS", True),
    ("Aurora PostgreSQL with a Lambda in prod on AWS", False),
])
def test_aurora_serverless_words_are_answered_by_the_decision(request_text, said):
    parsed = _parsed(request_text)
    (why,) = [d["why"] for d in parsed["decisions"] if d["id"] == "aws.db.aurora"]
    assert ("Aurora Serverless v2 (capacity in ACUs) is not generated" in why) is said
    assert parsed["unused_words"] == []


def test_an_access_log_bucket_takes_the_logs_of_its_own_buckets_only(tmp_path):
    """aws:SourceArn of each S3 server-access-log bucket names exactly the buckets that log into it: another bucket
    of the account cannot mix its logs into the evidence."""
    from iacf_core.toolkit.hcl import blocks, load_text

    pytest.importorskip("iacf_aws")
    out = tmp_path / "out"
    res = run_cli("generate", "A static site and a Django app with an S3 bucket in prod on AWS", "--out", str(out),
                  "--no-validate")
    assert res.exit_code == 0, res.stderr
    modules = {b.labels[0]: b.body for b in blocks(load_text((out / "main.tf").read_text()), None, "module", 1)}
    receivers = {name: body for name, body in modules.items() if body.get("allow_s3_access_log_delivery") is True}
    assert len(receivers) == 3  # the bucket's, the site's and the load balancer's access-log buckets
    for name, body in receivers.items():
        senders = [b["name"] for b in modules.values()
                   if b.get("access_log_bucket_name") == f"${{module.{name}.bucket_id}}"]
        assert senders and body["access_log_source_buckets"] == senders, name


@pytest.mark.parametrize(("policy", "detectors"), [
    ("", ["guardduty", "securityhub"]),
    ('[account_baseline]\nprovided = ["threat-detection"]\n', ["securityhub"]),
    ('[account_baseline]\nmode = "provided"\nmanaged_by = "Control Tower"\n', []),
])
def test_high_security_findings_reach_the_notifications_topic(tmp_path, policy, detectors):
    """Each detector the project creates has a rule sending its high and critical findings to the topic, which
    lets those rules (and no other) publish and encrypt."""
    import fnmatch

    pytest.importorskip("iacf_aws")
    args = ["--policy", str(tmp_path / "iacf.toml")] if policy else []
    (tmp_path / "iacf.toml").write_text(policy)
    out = tmp_path / "out"
    res = run_cli("generate", "App web Django avec PostgreSQL en prod sur AWS", "--out", str(out), "--no-validate",
                  "--json", *args)
    assert res.exit_code == 0, res.stderr
    text = (out / "notifications.tf").read_text()
    rules = re.findall(r'resource "aws_cloudwatch_event_rule" "(\w+)_findings"', text)
    assert rules == detectors
    for name in rules:
        assert f'rule      = aws_cloudwatch_event_rule.{name}_findings.name\n' in text
        assert re.search(rf'"aws_cloudwatch_event_target" "{name}_findings" {{[^}}]*arn\s+= local.notifications_'
                         r"topic_arn", text)
    source = re.search(r'"arn:\$\{local.notifications_partition\}:events:[^"]*rule/(?P<p>[^"]+)"', text)
    assert (source is not None) is bool(detectors)
    assert ('"events.amazonaws.com"' in text) is bool(detectors)  # the key and topic policies name it
    if source:
        assert all(fnmatch.fnmatch(f"${{local.name}}-{name}-findings", source["p"]) for name in rules)
    decisions = {d["id"] for d in json.loads(res.stdout)["decisions"]}
    assert ("aws.notifications.findings" in decisions) is bool(detectors)


@pytest.mark.parametrize(("request_text", "asked", "owner"), [
    ("Django app on AWS, team payments", {"app": "web_app"}, "payments"),
    ("Une app Django sur AWS, équipe: paiements, en prod", {"app": "web_app"}, "paiements"),
    ("Deux clusters AKS sur Azure", {"k8s": "kubernetes_cluster", "k8s_2": "kubernetes_cluster"}, None),
    ("two GKE clusters on GCP", {"k8s": "kubernetes_cluster", "k8s_2": "kubernetes_cluster"}, None),
    ("An Angular single page app on S3 and CloudFront with an API Gateway and Lambda backend on AWS prod",
     {"site": "static_site", "api": "http_api", "fn": "function"}, None),
])
def test_more_phrasings_are_read_as_meant(request_text, asked, owner):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    assert parsed["unused_words"] == []
    if owner is not None:
        assert parsed["spec"]["owner"] == owner


def test_a_dead_letter_queue_is_the_queue_s_own_not_a_name():
    parsed = _parsed("A queue with a dead letter queue on AWS")
    assert [(c["kind"], c.get("name")) for c in parsed["spec"]["components"]] == [("queue", None)]


@pytest.mark.parametrize(("args", "said"), [
    (("parse", "Django app on Gogle Cloud"), "did you mean 'google' (gcp)?"),
    (("parse", "Django app", "--cloud", "azur"), "did you mean 'azure'?"),
])
def test_a_cloud_name_one_letter_off_gets_its_suggestion(args, said):
    res = run_cli(*args)
    assert res.exit_code == 2 and said in res.stderr and res.stderr.count("\n") == 1


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    # "a X … and a X …": a second one, each with its own links
    ("A Lambda that reads from the queue named trades and a Lambda that writes to the queue named trades on AWS",
     {"fn": "function", "fn_2": "function", "trades": "queue"},
     {("fn", "trades", "consume"), ("fn_2", "trades", "send")}),
    ("Une Lambda qui lit la file trades et une autre Lambda qui écrit dans la file trades sur AWS",
     {"fn": "function", "fn_2": "function", "trades": "queue"},
     {("fn", "trades", "consume"), ("fn_2", "trades", "send")}),
    # ... also after a named one ("a Next.js storefront and a Node.js API": two apps, not one in Next.js)
    ("A Next.js storefront and a Node.js API with PostgreSQL, prod, AWS",
     {"storefront": "web_app", "app": "web_app", "db": "relational_database"}, None),
    ("A queue named jobs and a queue on AWS", {"jobs": "queue", "queue": "queue"}, None),
    # "the Lambda" is the one already named
    ("a Lambda function and a DynamoDB table; the Lambda reads the table, on AWS",
     {"fn": "function", "table": "nosql_table"}, {("fn", "table", "read")}),
])
def test_a_second_indefinite_mention_joined_by_and_is_another_component(request_text, asked, links):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    if links is not None:
        assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "asked"), [
    # a framework's frontend on a cloud's web service is that framework's server, one app
    ("A Next.js frontend on Azure App Service reading from Cosmos DB in UK South",
     {"app": ("web_app", "nextjs"), "table": ("nosql_table", None)}),
    ("Un frontend Next.js sur Cloud Run qui lit Firestore sur GCP",
     {"app": ("web_app", "nextjs"), "table": ("nosql_table", None)}),
    # without a web service it stays the static export
    ("A Next.js static frontend on AWS", {"site": ("static_site", None)}),
])
def test_a_frontend_on_a_web_service_is_one_app(request_text, asked):
    parsed = _parsed(request_text)
    found = {c["id"]: (c["kind"], c["params"].get("framework")) for c in parsed["components"]
             if c["provenance"]["source"] == "request"}
    assert found == asked
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "left"), [
    ("An API Gateway in front of two Lambda functions on AWS", "fn_2"),
    ("Une API devant trois fonctions sur GCP", "fn_2, fn_3"),
    ("A serverless API with a Lambda on AWS", None),
])
def test_functions_no_api_calls_are_named_in_a_decision(request_text, left):
    parsed = _parsed(request_text)
    notes = [d for d in parsed["decisions"] if d["id"] == "core.request.api-backend"]
    assert [n["title"] for n in notes] == ([f"The API calls fn; {left} behind no API"] if left else [])
    assert ("api", "fn", "invoke") in {(c["from"], c["to"], c["access"]) for c in parsed["connections"]}


@pytest.mark.parametrize("request_text", [
    "App web Django avec PostgreSQL en prod sur AWS",
    "Une app web Django avec PostgreSQL en prod sur Azure",
    "Une app web Django avec PostgreSQL en prod sur GCP",
])
def test_the_generated_workflow_is_valid_yaml_with_its_steps(tmp_path, request_text):
    """GitHub runs nothing of a workflow it cannot parse: each job must have its steps."""
    import yaml

    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    res = run_cli("generate", request_text, "--out", str(tmp_path / "out"), "--no-validate")
    assert res.exit_code == 0, res.stderr
    workflow = yaml.safe_load((tmp_path / "out" / ".github" / "workflows" / "terraform.yml").read_text())
    jobs = workflow["jobs"]
    assert {"plan", "apply"} <= set(jobs)
    for name, job in jobs.items():
        assert job["steps"] and all(isinstance(step, dict) for step in job["steps"]), name
        if name in ("plan", "apply"):
            assert any(f"terraform {name}" in str(step.get("run", "")) for step in job["steps"]), name


@pytest.mark.parametrize("project", ["shop", "paymentsplatfo"])
def test_azure_storage_account_names_fit_in_24_characters(tmp_path, project):
    """Storage account names are 3-24 lowercase letters and digits: the compact project name, the component's tag
    and the 6-character suffix must fit, whatever the project's length (a 25-character name fails the plan)."""
    pytest.importorskip("iacf_azure")
    out = tmp_path / "out"
    res = run_cli("generate", "A static website with Azure Front Door and a Flask web app with Azure Blob Storage "
                  "in prod on Azure", "--project", project, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    compact = re.sub(r"[^a-z0-9]", "", f"{project}prod")[:13]
    names = re.findall(r'^\s+(?:storage_account_)?name\s+= "(st\$\{local\.compact\}.*)"$',
                       (out / "main.tf").read_text(), re.M)
    assert len(names) >= 3  # the flow logs', the bucket's and the site's storage accounts
    for name in names:
        value = re.sub(r'\$\{substr\("([a-z0-9]+)", 0, 16 - length\(local\.compact\)\)\}',
                       lambda m: m.group(1)[:16 - len(compact)], name)
        value = value.replace("${local.compact}", compact).replace("${local.suffix}", "abc123")
        assert re.fullmatch(r"[a-z0-9]{3,24}", value), (name, value)


@pytest.mark.parametrize(("request_text", "said"), [
    ("An Amazon MQ broker on AWS", "cannot generate 'message_broker' (asked by 'amazon mq')"),
    ("An Azure VM for the legacy app in West Europe", "cannot generate 'virtual_machine' (asked by 'vm')"),
    ("A Django app with PostgreSQL on AWS with DR in Frankfurt", "cannot generate 'disaster_recovery'"),
    ("A GraphQL API with AppSync on AWS", "cannot generate 'graphql_api'"),
    ("Send emails with SES from a Lambda on AWS", "cannot generate 'email_service'"),
    # what the request refers to is never created anew
    ("A Django app on AWS connected to an existing RDS database", "cannot reach an existing relational database"),
    ("Une fonction qui lit notre bucket existant sur AWS", "cannot reach an existing object storage"),
    # a name that is the id of what the rules add
    ("a queue called network on AWS", "'network' is the id of the network component the rules add"),
])
def test_what_iacf_cannot_generate_is_refused_not_approximated(tmp_path, request_text, said):
    pytest.importorskip("iacf_azure")
    assert_refused(tmp_path / "out", request_text, said)


@pytest.mark.parametrize(("request_text", "asked", "links"), [
    ("An API Gateway in front of a Lambda that writes to an SQS queue; another Lambda consumes the queue and writes "
     "to DynamoDB. Prod on AWS.", {"api": "http_api", "fn": "function", "queue": "queue", "fn_2": "function",
                                   "table": "nosql_table"},
     {("fn", "queue", "send"), ("fn_2", "queue", "consume"), ("fn_2", "table", "write")}),
    ("Une Lambda qui écrit dans la table commandes et une deuxième Lambda qui la lit sur AWS",
     {"fn": "function", "commandes": "nosql_table", "fn_2": "function"},
     {("fn", "commandes", "write"), ("fn_2", "commandes", "read")}),
    ("The API writes orders to DynamoDB; a worker reads them from an SQS queue and stores PDFs in S3, on AWS",
     {"app": "web_app", "table": "nosql_table", "worker": "worker", "queue": "queue", "storage": "object_storage"},
     {("app", "table", "write"), ("worker", "queue", "consume"), ("worker", "storage", "write")}),
    # a pronoun after a semicolon is the component named before it, as after a comma or 'and'
    ("A Django app and a worker; it consumes the queue; the worker writes to S3. On AWS",
     {"app": "web_app", "worker": "worker", "queue": "queue", "storage": "object_storage"},
     {("worker", "queue", "consume"), ("worker", "storage", "write")}),
    ("A Django app and an SQS queue; a worker consumes it; the app writes to a bucket. On AWS",
     {"app": "web_app", "queue": "queue", "worker": "worker", "storage": "object_storage"},
     {("worker", "queue", "consume"), ("app", "storage", "write")}),
    # "one that …" / "une qui …" for each of the counted components: each with its own links
    ("deux Lambdas, une qui lit la file et une qui écrit dans le bucket, sur AWS",
     {"fn": "function", "fn_2": "function", "queue": "queue", "storage": "object_storage"},
     {("fn", "queue", "consume"), ("fn_2", "storage", "write")}),
    ("two Lambdas, one that reads the queue and one that writes to the bucket, on AWS",
     {"fn": "function", "fn_2": "function", "queue": "queue", "storage": "object_storage"},
     {("fn", "queue", "consume"), ("fn_2", "storage", "write")}),
    ("Two Cloud Functions on GCP: one reads the queue, the other writes to the bucket",
     {"fn": "function", "fn_2": "function", "queue": "queue", "storage": "object_storage"},
     {("fn", "queue", "consume"), ("fn_2", "storage", "write")}),
])
def test_another_component_and_its_own_verbs(request_text, asked, links):
    parsed = _parsed(request_text)
    assert _asked(parsed) == asked
    assert {(c["from"], c["to"], c["access"]) for c in parsed["spec"]["connections"]} == links
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "kinds", "expect"), [
    ("PostgreSQL 15 with 500 GB of storage on AWS", ["relational_database"],
     {"engine_version": "15", "storage_gb": 500}),
    ("Aurora Serverless v2 PostgreSQL on AWS", ["relational_database"], {"engine": "aurora-postgresql"}),
    ("Aurora PostgreSQL Serverless v2 on AWS", ["relational_database"], {"engine": "aurora-postgresql"}),
    ("A Flask app with Postgre in dev on AWS", ["web_app", "relational_database"], {"engine": "postgres"}),
    ("2 S3 buckets for the app, AWS", ["object_storage", "object_storage"], {}),
    ("A Django app with PostgreSQL but no Redis cache, on AWS", ["web_app", "relational_database"], {}),
    ("Une app Django sans cache Redis sur AWS", ["web_app"], {}),
])
def test_one_component_per_thing_meant(request_text, kinds, expect):
    parsed = _parsed(request_text)
    components = parsed["spec"]["components"]
    assert [c["kind"] for c in components] == kinds
    db = next((c for c in components if c["kind"] == "relational_database"), {"params": {}})
    assert {k: db["params"].get(k) for k in expect} == expect
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "field", "value"), [
    ("Une API HTTP avec Lambda et DynamoDB, données restreintes, sur AWS", "data_classification", "restricted"),
    ("Django app on AWS production, region us-east-2, team web", "owner", "web"),
])
def test_more_request_values(request_text, field, value):
    assert _parsed(request_text)["spec"][field] == value


def test_an_ordinary_verb_is_no_typo():
    parsed = _parsed("A Lambda that orchestrates the payments, AWS")
    assert [c["kind"] for c in parsed["spec"]["components"]] == ["function"]
    assert "orchestrates" in parsed["unused_words"]


@pytest.mark.parametrize(("request_text", "reader", "writer"), [
    ("Une app web Django avec PostgreSQL en prod sur Azure",
     r'resource "azurerm_role_assignment" "state_reader" \{[^}]*"Storage Blob Data Reader"[^}]*plan\.principal_id',
     r'"state_writers" \{\s+for_each = \{\s+bootstrap = [^\n]+\n\s+apply\s+= [^\n]+\n\s+\}'),
    ("Une app web Django avec PostgreSQL en prod sur GCP",
     r'plan\s+= \{ member = google_service_account\.plan\.member, role = "roles/storage\.objectViewer" \}',
     r'apply = \{ member = google_service_account\.apply\.member, role = "roles/storage\.objectUser" \}'),
])
def test_the_plan_identity_only_reads_the_state(tmp_path, request_text, reader, writer):
    """Any branch's pull request may use the plan identity: it reads the state (its plan takes no lock) and cannot
    overwrite or delete it; only the apply identity, behind the environment's reviewers, writes."""
    import yaml

    pytest.importorskip("iacf_azure")
    pytest.importorskip("iacf_gcp")
    out = tmp_path / "out"
    res = run_cli("generate", request_text, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    bootstrap = (out / "bootstrap" / "main.tf").read_text()
    assert re.search(reader, bootstrap) and re.search(writer, bootstrap)
    jobs = yaml.safe_load((out / ".github" / "workflows" / "terraform.yml").read_text())["jobs"]
    plans = [s["run"] for s in jobs["plan"]["steps"] if str(s.get("run", "")).startswith("terraform plan")]
    assert plans == ["terraform plan -lock=false -out=tfplan"]


@pytest.mark.parametrize(("request_text", "kinds", "storage_gb", "unused"), [
    ("Two microservices sharing a Postgres database on AWS", ["web_app", "web_app", "relational_database"], None, []),
    ("Une base PostgreSQL de 200 Go sur AWS", ["relational_database"], 200, []),
    ("A Django app and a PostgreSQL database with 100 GB on AWS", ["web_app", "relational_database"], 100, []),
    # a memory size said of a database is refused (tests/test_request_sizes.py), never read as storage
])
def test_counted_apps_and_sizes_said_plainly(request_text, kinds, storage_gb, unused):
    parsed = _parsed(request_text)
    assert [c["kind"] for c in parsed["spec"]["components"]] == kinds
    db = next(c for c in parsed["spec"]["components"] if c["kind"] == "relational_database")
    assert db["params"].get("storage_gb") == storage_gb
    assert parsed["unused_words"] == unused
