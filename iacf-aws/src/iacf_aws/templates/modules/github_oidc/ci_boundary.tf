# Permissions boundary of the CI roles themselves: the guard rails no policy attached to them later (by hand,
# by mistake) can lift. Their own policies grant; this caps them to the stack's services and denies every data
# read, role assumption and identity escalation.

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
