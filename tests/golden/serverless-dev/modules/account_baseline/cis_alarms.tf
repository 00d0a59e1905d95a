# CIS AWS Foundations Benchmark v3.0.0, section 4 (monitoring): one CloudWatch Logs metric filter on the
# trail's log group and one alarm per recommendation, publishing to notifications_topic_arn. 4.16 asks for
# Security Hub itself (securityhub.tf); the alarm "4.16" here reports changes that would disable it.
#
# The patterns are the benchmark's, with the precedence of 4.1 made explicit by parentheses. Any single
# matching event raises the alarm (Sum >= 1 over 5 minutes); no data means nothing happened (notBreaching).

locals {
  create_cis_alarms    = var.enable_cloudtrail && var.enable_cis_alarms
  cis_metric_namespace = "${var.name_prefix}/CISBenchmark"

  cis_metric_filters = {
    "4.1-unauthorized-api-calls" = {
      metric      = "UnauthorizedAPICalls"
      description = "CIS 4.1: unauthorized API calls"
      pattern     = "{ (($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\")) && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }"
    }
    "4.2-console-signin-without-mfa" = {
      metric      = "ConsoleSigninWithoutMFA"
      description = "CIS 4.2: management console sign-in of an IAM user without MFA"
      pattern     = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
    }
    "4.3-root-account-usage" = {
      metric      = "RootAccountUsage"
      description = "CIS 4.3: usage of the root user"
      pattern     = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    }
    "4.4-iam-policy-changes" = {
      metric      = "IAMPolicyChanges"
      description = "CIS 4.4: IAM policy changes"
      pattern     = "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }"
    }
    "4.5-cloudtrail-configuration-changes" = {
      metric      = "CloudTrailConfigurationChanges"
      description = "CIS 4.5: CloudTrail configuration changes"
      pattern     = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"
    }
    "4.6-console-authentication-failures" = {
      metric      = "ConsoleAuthenticationFailures"
      description = "CIS 4.6: management console authentication failures"
      pattern     = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"
    }
    "4.7-cmk-disabled-or-scheduled-deletion" = {
      metric      = "DisableOrDeleteCMK"
      description = "CIS 4.7: customer managed keys disabled or scheduled for deletion"
      pattern     = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    }
    "4.8-s3-bucket-policy-changes" = {
      metric      = "S3BucketPolicyChanges"
      description = "CIS 4.8: S3 bucket policy changes"
      pattern     = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"
    }
    "4.9-config-configuration-changes" = {
      metric      = "AWSConfigChanges"
      description = "CIS 4.9: AWS Config configuration changes"
      pattern     = "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }"
    }
    "4.10-security-group-changes" = {
      metric      = "SecurityGroupChanges"
      description = "CIS 4.10: security group changes"
      pattern     = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"
    }
    "4.11-nacl-changes" = {
      metric      = "NACLChanges"
      description = "CIS 4.11: network ACL changes"
      pattern     = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"
    }
    "4.12-network-gateway-changes" = {
      metric      = "NetworkGatewayChanges"
      description = "CIS 4.12: network gateway changes"
      pattern     = "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"
    }
    "4.13-route-table-changes" = {
      metric      = "RouteTableChanges"
      description = "CIS 4.13: route table changes"
      pattern     = "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"
    }
    "4.14-vpc-changes" = {
      metric      = "VPCChanges"
      description = "CIS 4.14: VPC changes"
      pattern     = "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"
    }
    "4.15-organizations-changes" = {
      metric      = "OrganizationsChanges"
      description = "CIS 4.15: AWS Organizations changes"
      pattern     = "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }"
    }
    "4.16-security-hub-changes" = {
      metric      = "SecurityHubChanges"
      description = "CIS 4.16 (Security Hub stays enabled): Security Hub disabled or its standards and controls changed"
      pattern     = "{ ($.eventSource = securityhub.amazonaws.com) && (($.eventName = DisableSecurityHub) || ($.eventName = BatchDisableStandards) || ($.eventName = UpdateStandardsControl) || ($.eventName = BatchUpdateStandardsControlAssociations) || ($.eventName = DisableImportFindingsForProduct) || ($.eventName = DeleteInsight) || ($.eventName = DeleteActionTarget) || ($.eventName = DisassociateFromAdministratorAccount) || ($.eventName = DisassociateFromMasterAccount)) }"
    }
  }
}

resource "aws_cloudwatch_log_metric_filter" "cis" {
  for_each = local.create_cis_alarms ? local.cis_metric_filters : {}

  name           = "${var.name_prefix}-cis-${each.key}"
  log_group_name = aws_cloudwatch_log_group.cloudtrail[0].name
  pattern        = each.value.pattern

  metric_transformation {
    name      = each.value.metric
    namespace = local.cis_metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis" {
  for_each = local.create_cis_alarms ? local.cis_metric_filters : {}

  alarm_name          = "${var.name_prefix}-cis-${each.key}"
  alarm_description   = "${each.value.description} (trail ${local.names.cloudtrail}; see the CloudTrail log group ${local.cloudtrail_log_group_name})"
  namespace           = local.cis_metric_namespace
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  actions_enabled     = true
  alarm_actions       = [var.notifications_topic_arn]

  tags = merge(var.tags, { Name = "${var.name_prefix}-cis-${each.key}" })

  lifecycle {
    precondition {
      condition     = var.notifications_topic_arn != null
      error_message = "notifications_topic_arn is required when enable_cis_alarms is true: the alarms publish to it."
    }
  }

  depends_on = [aws_cloudwatch_log_metric_filter.cis]
}
