# Security Hub with consolidated control findings and explicit standards subscriptions (CIS AWS Foundations
# Benchmark v3.0.0 and AWS Foundational Security Best Practices v1.0.0 by default). The default standards
# are not auto-enabled, so that only the standards listed in securityhub_standards are subscribed.
# Most Security Hub controls are evaluated through AWS Config rules: keep a Config recorder in the region.

resource "aws_securityhub_account" "this" {
  count = var.enable_securityhub ? 1 : 0

  enable_default_standards  = false
  auto_enable_controls      = true
  control_finding_generator = var.securityhub_control_finding_generator
}

resource "aws_securityhub_standards_subscription" "this" {
  for_each = var.enable_securityhub ? toset(var.securityhub_standards) : toset([])

  standards_arn = "arn:${local.partition}:securityhub:${local.region}::standards/${each.value}"

  depends_on = [aws_securityhub_account.this]
}
