# GitHub Actions → AWS through OIDC: short-lived credentials for the plan and apply jobs of one repository.
# Every ARN below is built from names, so the whole policy set is known at plan time and can be reviewed (and
# analysed for privilege escalation) before anything is created.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  issuer     = "token.actions.githubusercontent.com"
  iam        = "arn:${local.partition}:iam::${local.account_id}"

  # the provider's ARN is fixed by its URL; the roles wait for it through depends_on
  oidc_provider_arn = var.oidc_provider_arn != "" ? var.oidc_provider_arn : "${local.iam}:oidc-provider/${local.issuer}"

  plan_subjects = concat(
    ["repo:${var.github_repository}:pull_request"],
    [for b in var.plan_branches : "repo:${var.github_repository}:ref:refs/heads/${b}"],
  )

  plan_role_name    = "${var.project}-ci-plan"
  apply_role_names  = { for e in var.apply_environments : e => "${var.project}-ci-${e}-apply" }
  boundary_names    = { for e in var.apply_environments : e => "${var.project}-${e}-workload-boundary" }
  boundary_arns     = { for e, n in local.boundary_names : e => "${local.iam}:policy/${n}" }
  ci_boundary_name  = "${var.project}-ci-boundary"
  ci_boundary_arn   = "${local.iam}:policy/${local.ci_boundary_name}"
  ci_role_arns      = ["${local.iam}:role/${var.project}-ci-*"]
  state_objects     = "${var.state_bucket_arn}/${var.state_key_prefix}*"
  lock_objects      = "${var.state_bucket_arn}/${var.state_key_prefix}*.tflock"
  state_key_pattern = "arn:${local.partition}:kms:*:${local.account_id}:key/*"

  # Outside var.regions, us-east-1 only for var.us_east_1_services: the global services (their API answers
  # there) and what the project creates there (a static site's certificate, web ACL, log group and key). No
  # other service of the stack can be called there. Nothing to add when us-east-1 is one of var.regions.
  us_east_1_apart   = !contains(var.regions, "us-east-1")
  us_east_1_apply   = local.us_east_1_apart ? [for s in var.apply_services : "${s}:*" if contains(var.us_east_1_services, s)] : []
  us_east_1_reads   = local.us_east_1_apart ? [for a in var.plan_actions : a if contains(var.us_east_1_services, split(":", a)[0])] : []
  cloudfront_s3_acl = local.us_east_1_apart && contains(var.us_east_1_services, "cloudfront") && contains(var.apply_services, "s3")

  # what a refresh reads of IAM: roles, their policies (and AWS-managed ones attached), the OIDC provider
  iam_read_resources = [
    "${local.iam}:role/*", "${local.iam}:policy/*", "${local.iam}:oidc-provider/*",
    "arn:${local.partition}:iam::aws:policy/*",
  ]

  # What no CI role ever does (ci_boundary.tf): read a secret, a parameter, a log event, an item, a message, an
  # image layer, a request sample or a database log, share a snapshot, or invoke code. The state object and the
  # lock item are the only data the roles read.
  no_data_access = [
    "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
    "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory",
    "logs:GetLogEvents", "logs:FilterLogEvents", "logs:GetLogRecord", "logs:GetQueryResults", "logs:StartQuery",
    "logs:StartLiveTail", "logs:Unmask",
    "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
    "dynamodb:PartiQLSelect", "dynamodb:ExportTableToPointInTime",
    "sqs:ReceiveMessage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:GetAuthorizationToken",
    "wafv2:GetSampledRequests", "rds:DownloadDBLogFilePortion", "rds:DownloadCompleteDBLogFile",
    "rds:ModifyDBSnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute", "rds:StartExportTask",
    "ec2:GetPasswordData", "ec2:GetConsoleOutput", "ec2:GetConsoleScreenshot", "lambda:InvokeFunction",
  ]
}

# The account's GitHub OIDC provider. AWS validates GitHub's certificate chain itself, so no thumbprint is
# pinned here (a pinned thumbprint breaks when GitHub rotates its certificate).
resource "aws_iam_openid_connect_provider" "github" {
  count = var.oidc_provider_arn == "" ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]
}

# What both roles need of the project's state: its objects, its lock, its key.
data "aws_iam_policy_document" "state" {
  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [var.state_bucket_arn]
  }

  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = [local.state_objects]
  }

  statement {
    sid       = "UseStateKeyThroughTheBackend"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state_key_pattern]

    condition {
      test     = "ForAnyValue:StringEquals"
      variable = "kms:ResourceAliases"
      values   = [var.state_kms_key_alias]
    }
  }

  dynamic "statement" {
    for_each = var.lock_table_arn == null ? [] : [var.lock_table_arn]
    content {
      sid       = "LockTable"
      actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"]
      resources = [statement.value]
    }
  }
}

# ---------------------------------------------------------------------------------------------------------
# Plan role: pull requests and pushes to the plan branches; configuration reads of the stack's services
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "plan_trust" {
  statement {
    sid     = "GitHubOidcPlan"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = local.plan_subjects
    }
  }
}

resource "aws_iam_role" "plan" {
  name                 = local.plan_role_name
  description          = "terraform plan from GitHub Actions (${var.github_repository}): configuration reads, state lock only"
  assume_role_policy   = data.aws_iam_policy_document.plan_trust.json
  max_session_duration = var.max_session_duration
  permissions_boundary = local.ci_boundary_arn

  depends_on = [aws_iam_openid_connect_provider.github, aws_iam_policy.ci_boundary]
}

data "aws_iam_policy_document" "plan" {
  source_policy_documents = [data.aws_iam_policy_document.state.json]

  statement {
    sid       = "ReadStackConfiguration"
    actions   = var.plan_actions
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = var.regions
    }
  }

  dynamic "statement" {
    for_each = length(local.us_east_1_reads) > 0 ? [local.us_east_1_reads] : []
    content {
      sid       = "ReadUsEast1Configuration"
      actions   = statement.value
      resources = ["*"]

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = ["us-east-1"]
      }
    }
  }

  statement {
    sid       = "ReadIamConfiguration"
    actions   = ["iam:Get*", "iam:List*"]
    resources = local.iam_read_resources
  }

  # the account baseline's IAM password policy has no resource-level permission
  statement {
    sid       = "ReadAccountPasswordPolicy"
    actions   = ["iam:GetAccountPasswordPolicy"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteLockFile"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = [local.lock_objects]
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "${local.plan_role_name}-read"
  role   = aws_iam_role.plan.name
  policy = data.aws_iam_policy_document.plan.json
}

# ---------------------------------------------------------------------------------------------------------
# Apply roles: one per GitHub environment, assumable only by a job running in that environment
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "apply_trust" {
  for_each = toset(var.apply_environments)

  statement {
    sid     = "GitHubOidcApply"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = ["repo:${var.github_repository}:environment:${each.key}"]
    }
  }
}

resource "aws_iam_role" "apply" {
  for_each = toset(var.apply_environments)

  name                 = local.apply_role_names[each.key]
  description          = "terraform apply from the GitHub environment ${each.key} of ${var.github_repository}"
  assume_role_policy   = data.aws_iam_policy_document.apply_trust[each.key].json
  max_session_duration = var.max_session_duration
  permissions_boundary = local.ci_boundary_arn

  depends_on = [aws_iam_openid_connect_provider.github, aws_iam_policy.ci_boundary]
}

data "aws_iam_policy_document" "apply" {
  for_each = toset(var.apply_environments)

  source_policy_documents = [data.aws_iam_policy_document.state.json]

  statement {
    sid       = "ManageStackServices"
    actions   = [for s in var.apply_services : "${s}:*"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = var.regions
    }
  }

  dynamic "statement" {
    for_each = length(local.us_east_1_apply) > 0 ? [local.us_east_1_apply] : []
    content {
      sid       = "ManageUsEast1Services"
      actions   = statement.value
      resources = ["*"]

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = ["us-east-1"]
      }
    }
  }

  # CloudFront reads and grants the ACL of a distribution's standard-logs bucket with the caller's rights, and its
  # API answers in us-east-1: the ACL of the environment's buckets (wherever they are), nothing created there
  dynamic "statement" {
    for_each = local.cloudfront_s3_acl ? ["arn:${local.partition}:s3:::${var.project}-${each.key}-*"] : []
    content {
      sid       = "CloudFrontLogBucketAcl"
      actions   = ["s3:GetBucketAcl", "s3:PutBucketAcl"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = ["us-east-1"]
      }
    }
  }

  statement {
    sid       = "ReadIamConfiguration"
    actions   = ["iam:Get*", "iam:List*"]
    resources = local.iam_read_resources
  }

  # the account baseline's IAM password policy has no resource-level permission
  statement {
    sid       = "ReadAccountPasswordPolicy"
    actions   = ["iam:GetAccountPasswordPolicy"]
    resources = ["*"]
  }

  statement {
    sid       = "WriteState"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = [local.state_objects]
  }

  # IAM writes only on the environment's roles, and only with its permissions boundary attached
  statement {
    sid = "EnvironmentRolesWithTheBoundary"
    actions = [
      "iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy",
    ]
    resources = ["${local.iam}:role/${var.project}-${each.key}-*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [local.boundary_arns[each.key]]
    }
  }

  # these actions have no iam:PermissionsBoundary key: the roles they reach were created with the boundary
  statement {
    sid = "EnvironmentRoles"
    actions = [
      "iam:DeleteRole", "iam:PassRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole", "iam:UpdateRoleDescription",
    ]
    resources = ["${local.iam}:role/${var.project}-${each.key}-*"]
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["${local.iam}:role/aws-service-role/*"]
  }

  # the account baseline's IAM password policy has no resource-level permission
  statement {
    sid       = "AccountPasswordPolicy"
    actions   = ["iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"]
    resources = ["*"]
  }




  # code of the account that is not this environment's never runs with this role's help
  statement {
    sid           = "NoOtherFunctions"
    effect        = "Deny"
    actions       = ["lambda:AddPermission", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"]
    not_resources = ["arn:${local.partition}:lambda:*:${local.account_id}:function:${var.project}-${each.key}-*"]
  }

  statement {
    sid           = "NoOtherTasks"
    effect        = "Deny"
    actions       = ["ecs:RunTask", "ecs:StartTask"]
    not_resources = ["arn:${local.partition}:ecs:*:${local.account_id}:task-definition/${var.project}-${each.key}*"]
  }
}

resource "aws_iam_role_policy" "apply" {
  for_each = aws_iam_role.apply

  name   = "${each.value.name}-stack"
  role   = each.value.name
  policy = data.aws_iam_policy_document.apply[each.key].json
}
