# Permissions boundary of the CI roles themselves: the guard rails no policy attached to them later (by hand,
# by mistake) can lift. Their own policies grant; this caps them to the stack's services and denies every data
# read, role assumption and identity escalation.

locals {
  # Outside dev, the pipeline cannot remove the evidence of what it did (KeepTheEvidence and the statements after
  # it). A dev apply role sharing the boundary with a staging or prod one gets the same guard rails: the boundary
  # is one per project and account.
  keep_evidence = var.account_environment != "dev" || anytrue([for e in var.apply_environments : e != "dev"])

  # Log groups that hold audit evidence: CloudTrail's copy of the trail and the VPC flow logs.
  evidence_log_groups = [
    for name in ["/aws/cloudtrail/*", "/aws/vpc-flow-logs/*"] :
    "arn:${local.partition}:logs:*:${local.account_id}:log-group:${name}"
  ]
}

data "aws_iam_policy_document" "ci_boundary" {
  statement {
    sid       = "AtMostTheStackServicesAndTheState"
    actions   = concat([for s in distinct(concat(var.apply_services, ["dynamodb", "kms", "s3"])) : "${s}:*"], ["iam:*"])
    resources = ["*"]
  }

  statement {
    sid       = "NoDataValues"
    effect    = "Deny"
    actions   = local.no_data_access
    resources = ["*"]
  }

  statement {
    sid           = "NoObjectDataButTheState"
    effect        = "Deny"
    actions       = ["s3:GetObject*"]
    not_resources = [local.state_objects]
  }

  dynamic "statement" {
    for_each = var.lock_table_arn == null ? [] : [var.lock_table_arn]
    content {
      sid           = "NoItemButTheLock"
      effect        = "Deny"
      actions       = ["dynamodb:GetItem"]
      not_resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.lock_table_arn == null ? ["*"] : []
    content {
      sid       = "NoItem"
      effect    = "Deny"
      actions   = ["dynamodb:GetItem"]
      resources = [statement.value]
    }
  }

  # Terraform never decrypts by itself: services (S3, DynamoDB, RDS, Secrets Manager...) do, on its behalf.
  statement {
    sid       = "NoDirectDecrypt"
    effect    = "Deny"
    actions   = ["kms:Decrypt", "kms:ReEncryptFrom"]
    resources = ["*"]

    condition {
      test     = "Null"
      variable = "kms:ViaService"
      values   = ["true"]
    }
  }

  statement {
    sid       = "NoRoleAssumption"
    effect    = "Deny"
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
  }

  statement {
    sid       = "NoBoundaryRemoval"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"]
    resources = ["*"]
  }

  statement {
    sid    = "NoUsersGroupsKeysOrPolicyVersions"
    effect = "Deny"
    actions = [
      "iam:*AccessKey*", "iam:*Group*", "iam:AddRoleToInstanceProfile", "iam:*LoginProfile*", "iam:*MFADevice*",
      "iam:*OpenIDConnectProvider*", "iam:*SAMLProvider*", "iam:*SSHPublicKey*", "iam:*ServiceSpecificCredential*",
      "iam:*User*", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "KeepTheCiRolesAndBoundaries"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = concat(local.ci_role_arns, values(local.boundary_arns), [local.ci_boundary_arn])
  }

  statement {
    sid       = "NoRemoteCommands"
    effect    = "Deny"
    actions   = ["ecs:ExecuteCommand", "ssm:SendCommand", "ssm:StartSession", "ssm-guiconnect:*"]
    resources = ["*"]
  }

  # The audit evidence outlives any pipeline: no CI role may lift a GOVERNANCE-mode Object Lock (delete or shorten a
  # locked log version) or pause the trail. Neither is ever part of an apply; a break-glass principal can.
  statement {
    sid       = "NoAuditEvasion"
    effect    = "Deny"
    actions   = ["s3:BypassGovernanceRetention", "cloudtrail:StopLogging"]
    resources = ["*"]
  }

  # Outside dev (local.keep_evidence), segregation of duties: the pipeline cannot remove the evidence of what it
  # did, nor the backups, nor the keys that encrypt them. Every action below deletes, stops, disables or detaches
  # evidence (the trail, the Config recorder and its delivery channel, the GuardDuty detector, Security Hub and its
  # standards, backup vaults, recovery points and their locks, keys: a key's deletion or disabling crypto-shreds
  # the Object-Locked logs and the backups it encrypts). None is called by an apply that creates or tags these
  # resources; UpdateTrail only when the trail's bucket, key, log group, topic or regions change (where the evidence
  # goes). Such a change, a destroy or a replacement is run with a break-glass role, outside the pipeline. Not
  # denied, because creating or growing the stack calls them and IAM cannot tell a creation from a narrowing:
  # cloudtrail:PutEventSelectors and PutInsightSelectors, backup:PutBackupVaultAccessPolicy, logs:PutRetentionPolicy,
  # config:PutConfigurationRecorder, guardduty:UpdateDetector.
  dynamic "statement" {
    for_each = local.keep_evidence ? ["*"] : []
    content {
      sid    = "KeepTheEvidence"
      effect = "Deny"
      actions = [
        "backup:DeleteBackupVault", "backup:DeleteBackupVaultAccessPolicy", "backup:DeleteBackupVaultLockConfiguration",
        "backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle",
        "cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail",
        "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "config:StopConfigurationRecorder",
        "guardduty:DeleteDetector", "guardduty:DisassociateFromAdministratorAccount",
        "guardduty:DisassociateFromMasterAccount",
        "kms:DeleteImportedKeyMaterial", "kms:DisableKey", "kms:ScheduleKeyDeletion",
        "securityhub:BatchDisableStandards", "securityhub:DisableSecurityHub",
        "securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
      ]
      resources = [statement.value]
    }
  }

  # a key policy that locks everyone out (the lockout safety check bypassed) is a crypto-shredding too
  dynamic "statement" {
    for_each = local.keep_evidence ? ["*"] : []
    content {
      sid       = "NoKeyPolicyLockout"
      effect    = "Deny"
      actions   = ["kms:PutKeyPolicy"]
      resources = [statement.value]

      condition {
        test     = "Bool"
        variable = "kms:BypassPolicyLockoutSafetyCheck"
        values   = ["true"]
      }
    }
  }

  # deleting a group or a stream deletes its events. logs:PutRetentionPolicy (a lower retention) stays: the group's
  # creation calls it. The trail's copy in S3, under Object Lock, is the evidence of record.
  dynamic "statement" {
    for_each = local.keep_evidence ? [local.evidence_log_groups] : []
    content {
      sid       = "KeepTheEvidenceLogGroups"
      effect    = "Deny"
      actions   = ["logs:DeleteLogGroup", "logs:DeleteLogStream"]
      resources = statement.value
    }
  }

  statement {
    sid    = "KeepTheStateBackend"
    effect = "Deny"
    actions = [
      "s3:DeleteBucket*", "s3:PutBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration",
      "s3:DeleteObjectVersion", "s3:PutObjectLegalHold", "s3:PutObjectRetention",
    ]
    resources = [var.state_bucket_arn, "${var.state_bucket_arn}/*"]
  }

  statement {
    sid       = "KeepTheStateKey"
    effect    = "Deny"
    actions   = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:RevokeGrant"]
    resources = [local.state_key_pattern]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [var.state_kms_key_alias]
    }
  }

  statement {
    sid       = "KeepTheStateKeyAlias"
    effect    = "Deny"
    actions   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
    resources = ["arn:${local.partition}:kms:*:${local.account_id}:${var.state_kms_key_alias}"]
  }

  dynamic "statement" {
    for_each = var.lock_table_arn == null ? [] : [var.lock_table_arn]
    content {
      sid       = "KeepTheLockTable"
      effect    = "Deny"
      actions   = ["dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:DeleteBackup", "dynamodb:RestoreTable*"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_policy" "ci_boundary" {
  name        = local.ci_boundary_name
  description = "Permissions boundary of the CI roles of ${var.project}: no data read, no role assumption, no identity escalation"
  policy      = data.aws_iam_policy_document.ci_boundary.json
}
