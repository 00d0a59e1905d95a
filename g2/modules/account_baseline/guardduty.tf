# GuardDuty detector of this region. Protection plans are managed with aws_guardduty_detector_feature (the
# detector's `datasources` block is deprecated). Every listed feature is set explicitly, ENABLED or DISABLED,
# so that the configuration is never left to the account's previous state.
#
# Note: destroying an aws_guardduty_detector_feature does not change the feature in AWS; destroying the
# detector disables GuardDuty in the region and deletes its findings.

resource "aws_guardduty_detector" "this" {
  #checkov:skip=CKV2_AWS_3:aws_guardduty_organization_configuration only exists in the GuardDuty delegated-administrator account of an AWS Organization; this module enables the detector of the account it runs in, and organization-wide auto-enablement belongs to the organization's security account.
  count = var.enable_guardduty ? 1 : 0

  enable                       = true
  finding_publishing_frequency = var.guardduty_finding_publishing_frequency

  tags = merge(var.tags, { Name = "${var.name_prefix}-guardduty" })
}

resource "aws_guardduty_detector_feature" "this" {
  for_each = var.enable_guardduty ? var.guardduty_features : {}

  detector_id = aws_guardduty_detector.this[0].id
  name        = each.key
  status      = each.value ? "ENABLED" : "DISABLED"

  # Runtime Monitoring: GuardDuty manages the security agent (EKS add-on, ECS Fargate sidecar, EC2 SSM
  # association) itself. Agent management is meaningless while the feature is disabled.
  dynamic "additional_configuration" {
    for_each = each.key == "RUNTIME_MONITORING" && each.value ? var.guardduty_runtime_monitoring_agent_management : {}
    content {
      name   = additional_configuration.key
      status = additional_configuration.value ? "ENABLED" : "DISABLED"
    }
  }
}
