# Bootstrap of the project's remote state: run once per AWS account, before the project root.
# Names follow backend.hcl.example: <project>-tfstate-<account id>, <project>-tflock, alias/<project>-tfstate.

module "state_backend" {
  source = "../modules/state_backend"

  name_prefix                        = var.project
  lock_mode                          = var.lock_mode
  state_key                          = "${var.project}/${var.environment}/terraform.tfstate"
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  kms_deletion_window_in_days        = var.kms_deletion_window_in_days
  kms_key_administrator_arns         = var.kms_key_administrator_arns
  lock_table_deletion_protection     = var.lock_table_deletion_protection
}

# GitHub Actions authenticates through OIDC: a plan role (pull requests and the plan branches) and one apply
# role per GitHub environment, each trusted only for this repository. See modules/github_oidc/README.md.
module "github_oidc" {
  source = "../modules/github_oidc"

  project            = var.project
  github_repository  = var.github_repository
  plan_branches      = var.github_plan_branches
  apply_environments = var.github_environments
  oidc_provider_arn  = var.github_oidc_provider_arn
  state_bucket_arn   = module.state_backend.state_bucket_arn
  state_key_prefix   = "${var.project}/"
  state_kms_key_arn  = module.state_backend.kms_key_arn
  lock_table_arn     = module.state_backend.lock_table_arn
}
