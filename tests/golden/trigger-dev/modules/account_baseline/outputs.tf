# Every output is null when its control is disabled (enable_* = false).

output "cloudtrail_arn" {
  description = "ARN of the multi-region CloudTrail trail."
  value       = one(aws_cloudtrail.this[*].arn)
}

output "cloudtrail_name" {
  description = "Name of the CloudTrail trail."
  value       = one(aws_cloudtrail.this[*].name)
}

output "cloudtrail_bucket_name" {
  description = "Name of the S3 bucket that receives the CloudTrail log files (under AWSLogs/<account id>/)."
  value       = var.enable_cloudtrail ? aws_s3_bucket.audit["cloudtrail"].id : null
}

output "cloudtrail_log_group_name" {
  description = "CloudWatch Logs group that receives a copy of the trail's events (for metric filters and alarms)."
  value       = one(aws_cloudwatch_log_group.cloudtrail[*].name)
}

output "cloudtrail_log_group_arn" {
  description = "ARN of the CloudTrail CloudWatch Logs group."
  value       = one(aws_cloudwatch_log_group.cloudtrail[*].arn)
}

output "access_log_bucket_name" {
  description = "Name of the bucket that receives the S3 server access logs of the CloudTrail and Config buckets."
  value       = one(aws_s3_bucket.access_logs[*].id)
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector of this region."
  value       = one(aws_guardduty_detector.this[*].id)
}

output "securityhub_standards_subscription_arns" {
  description = "ARNs of the Security Hub standards subscriptions, keyed by standard (e.g. cis-aws-foundations-benchmark/v/3.0.0)."
  value       = { for k, s in aws_securityhub_standards_subscription.this : k => s.id }
}

output "config_recorder_name" {
  description = "Name of the AWS Config configuration recorder."
  value       = one(aws_config_configuration_recorder.this[*].name)
}

output "config_bucket_name" {
  description = "Name of the S3 bucket that receives AWS Config snapshots and history."
  value       = var.enable_config ? aws_s3_bucket.audit["config"].id : null
}

output "config_role_arn" {
  description = "ARN of the role used by the AWS Config recorder: the account's service-linked role AWSServiceRoleForConfig."
  value       = var.enable_config ? local.config_service_linked_role_arn : null
}

output "budget_name" {
  description = "Name of the monthly cost budget."
  value       = one(aws_budgets_budget.this[*].name)
}

output "access_analyzer_arn" {
  description = "ARN of the IAM Access Analyzer (type ACCOUNT)."
  value       = one(aws_accessanalyzer_analyzer.this[*].arn)
}

output "ebs_default_kms_key_arn" {
  description = "ARN of the CMK used as the region's default EBS encryption key."
  value       = one(aws_kms_key.ebs[*].arn)
}

output "kms_key_arns" {
  description = "ARNs of the module's KMS keys, keyed by purpose (cloudtrail, config, ebs); disabled controls are absent."
  value = merge(
    var.enable_cloudtrail ? { cloudtrail = aws_kms_key.cloudtrail[0].arn } : {},
    var.enable_config ? { config = aws_kms_key.config[0].arn } : {},
    var.enable_ebs_default_encryption ? { ebs = aws_kms_key.ebs[0].arn } : {},
  )
}

output "kms_alias_names" {
  description = "Alias names of the module's KMS keys, keyed by purpose."
  value = merge(
    var.enable_cloudtrail ? { cloudtrail = aws_kms_alias.cloudtrail[0].name } : {},
    var.enable_config ? { config = aws_kms_alias.config[0].name } : {},
    var.enable_ebs_default_encryption ? { ebs = aws_kms_alias.ebs[0].name } : {},
  )
}

output "sns_topic_arns" {
  description = "ARNs of the module's KMS-encrypted SNS topics, keyed by purpose (cloudtrail = log file deliveries); budget alerts and alarms go to notifications_topic_arn."
  value       = var.enable_cloudtrail ? { cloudtrail = aws_sns_topic.cloudtrail[0].arn } : {}
}

output "cis_alarm_names" {
  description = "Names of the CIS AWS Foundations 4.x alarms, keyed by recommendation (e.g. 4.3-root-account-usage); empty when the trail or the alarms are off."
  value       = { for k, a in aws_cloudwatch_metric_alarm.cis : k => a.alarm_name }
}
