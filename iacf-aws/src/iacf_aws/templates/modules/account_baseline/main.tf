# Account governance baseline: the account-level (and region-level) singletons that every AWS account should
# have, each behind its own enable_* switch so that a team can leave any of them to an existing baseline.
#
# Files:
#   kms.tf          customer managed keys, one per purpose (CloudTrail, Config, EBS)
#   s3.tf           hardened audit buckets (CloudTrail, Config; Object Lock optional) and their access-log bucket
#   cloudtrail.tf   multi-region trail (management, data events, Insights) + CloudWatch Logs + SNS deliveries
#   cis_alarms.tf   CIS AWS Foundations 4.x metric filters and alarms on the trail's log group
#   config.tf       AWS Config recorder on the service-linked role, delivery channel
#   guardduty.tf    detector + protection plans
#   securityhub.tf  Security Hub + standards
#   budget.tf       monthly cost budget, alerts to the caller's notifications topic
#   account.tf      Access Analyzer, EBS default encryption, S3 account public access block, password policy

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# The provider's region without the aws_region data source (whose `name` attribute is deprecated in provider
# 6.x). No API call is made. Note: its `name` is the global logs.amazonaws.com, not the regional principal.
data "aws_service_principal" "logs" {
  service_name = "logs"
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix
  region     = data.aws_service_principal.logs.region
  root_arn   = "arn:${local.partition}:iam::${local.account_id}:root"

  names = {
    cloudtrail              = coalesce(var.name_overrides.cloudtrail, "${var.name_prefix}-trail")
    config_recorder         = coalesce(var.name_overrides.config_recorder, "${var.name_prefix}-recorder")
    config_delivery_channel = coalesce(var.name_overrides.config_delivery_channel, "${var.name_prefix}-delivery")
    access_analyzer         = coalesce(var.name_overrides.access_analyzer, "${var.name_prefix}-account-analyzer")
    budget                  = coalesce(var.name_overrides.budget, "${var.name_prefix}-monthly-cost")
  }

  # Globally unique, predictable bucket names (<= 63 characters with a 28-character prefix).
  bucket_suffix = "${local.account_id}-${local.region}"
  bucket_names = {
    cloudtrail  = "${var.name_prefix}-trail-${local.bucket_suffix}"
    config      = "${var.name_prefix}-config-${local.bucket_suffix}"
    access_logs = "${var.name_prefix}-s3logs-${local.bucket_suffix}"
  }

  # ARNs known before the resources exist, so that key, bucket and topic policies can name them without
  # creating dependency cycles with the trail.
  cloudtrail_arn            = "arn:${local.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${local.names.cloudtrail}"
  cloudtrail_log_group_name = "/aws/cloudtrail/${local.names.cloudtrail}"
  cloudtrail_log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.cloudtrail_log_group_name}"

  # Object ARNs of the trail's own bucket and of the access-log bucket, left out of "all buckets" data events.
  cloudtrail_own_bucket_prefixes = [
    "arn:${local.partition}:s3:::${local.bucket_names.cloudtrail}/",
    "arn:${local.partition}:s3:::${local.bucket_names.access_logs}/",
  ]

  # The account's AWS Config service-linked role (one per account, created once; see config.tf).
  config_service_linked_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

  # The access-log bucket exists as soon as one audit bucket does.
  create_access_log_bucket = var.enable_cloudtrail || var.enable_config
}
