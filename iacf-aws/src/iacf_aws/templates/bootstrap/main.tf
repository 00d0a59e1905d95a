# Bootstrap of the project's remote state: run once per AWS account, before the project root.
# Names follow backend.hcl.example: <project>-tfstate-<account id>, <project>-tflock, alias/<project>-tfstate.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # built from names, not from the created resources, so that the CI roles' policies are known at plan time
  state_bucket_name = "${var.project}-tfstate-${data.aws_caller_identity.current.account_id}"
  state_bucket_arn  = "arn:${data.aws_partition.current.partition}:s3:::${local.state_bucket_name}"
  lock_table_name   = "${var.project}-tflock"
  lock_table_arn    = "arn:${data.aws_partition.current.partition}:dynamodb:${var.aws_region}:${data.aws_caller_identity.current.account_id}:table/${local.lock_table_name}"
  kms_key_alias     = "alias/${var.project}-tfstate"
}

module "state_backend" {
  source = "../modules/state_backend"

  name_prefix                        = var.project
  state_bucket_name                  = local.state_bucket_name
  lock_table_name                    = local.lock_table_name
  kms_key_alias                      = trimprefix(local.kms_key_alias, "alias/")
  lock_mode                          = var.lock_mode
  state_key                          = "${var.project}/${var.environment}/terraform.tfstate"
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  kms_deletion_window_in_days        = var.kms_deletion_window_in_days
  kms_key_administrator_arns         = var.kms_key_administrator_arns
  lock_table_deletion_protection     = var.lock_table_deletion_protection
}

# GitHub Actions authenticates through OIDC: a plan role (pull requests and the plan branches) and one apply
# role per GitHub environment, each trusted only for this repository, plus the permissions boundary every role
# of that environment carries. See modules/github_oidc/README.md.
module "github_oidc" {
  source = "../modules/github_oidc"

  project             = var.project
  account_environment = var.environment
  github_repository   = var.github_repository
  plan_branches       = var.github_plan_branches
  apply_environments  = var.github_environments
  oidc_provider_arn   = var.github_oidc_provider_arn
  state_bucket_arn    = local.state_bucket_arn
  state_key_prefix    = "${var.project}/"
  state_kms_key_alias = local.kms_key_alias
  lock_table_arn      = var.lock_mode == "lockfile" ? null : local.lock_table_arn
  regions             = var.ci_regions
  us_east_1_services  = var.ci_us_east_1_services
  guardduty_agent     = var.workload_guardduty_agent_pull
  apply_services      = var.ci_apply_services
  plan_actions        = var.ci_plan_actions
}
