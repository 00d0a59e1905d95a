output "state_bucket_name" {
  description = "Name of the state bucket."
  value       = module.state_backend.state_bucket_name
}

output "access_log_bucket_name" {
  description = "Name of the bucket receiving the state bucket's server access logs."
  value       = module.state_backend.access_log_bucket_name
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table (null when lock_mode is \"lockfile\")."
  value       = module.state_backend.lock_table_name
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the state and the lock table."
  value       = module.state_backend.kms_key_arn
}

output "kms_key_alias" {
  description = "Alias of the state KMS key."
  value       = module.state_backend.kms_key_alias
}

output "backend_hcl" {
  description = "Content of ../backend.hcl for the project root: terraform output -raw backend_hcl > ../backend.hcl"
  value       = module.state_backend.backend_hcl
}

output "github_oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the CI roles trust."
  value       = module.github_oidc.oidc_provider_arn
}

output "github_plan_role_arn" {
  description = "Repository variable AWS_PLAN_ROLE_ARN of the workflow."
  value       = module.github_oidc.plan_role_arn
}

output "github_apply_role_arns" {
  description = "Environment variable AWS_APPLY_ROLE_ARN of each GitHub environment."
  value       = module.github_oidc.apply_role_arns
}

output "permissions_boundary_arns" {
  description = "Permissions boundary per environment: every IAM role of the project carries it (the apply role can create no other)."
  value       = module.github_oidc.permissions_boundary_arns
}

locals {
  # repository variables of .github/workflows/terraform.yml (the environments get AWS_APPLY_ROLE_ARN)
  github_variables = merge(
    {
      AWS_PLAN_ROLE_ARN = module.github_oidc.plan_role_arn
      TF_STATE_BUCKET   = module.state_backend.state_bucket_name
      TF_STATE_KMS_KEY  = module.state_backend.kms_key_arn
    },
    var.lock_mode == "lockfile" ? {} : { TF_LOCK_TABLE = module.state_backend.lock_table_name },
  )
}

output "github_settings" {
  description = "GitHub CLI commands setting the workflow's variables and environments: terraform output -raw github_settings > github-settings.sh, read it, then sh github-settings.sh"
  value = join("\n", concat(
    [
      "#!/bin/sh",
      "# GitHub settings of the workflow of ${var.github_repository}; run once with the GitHub CLI (gh) as a repository admin.",
      "set -eu",
      "repo='${var.github_repository}'",
    ],
    [for name, value in local.github_variables : "gh variable set ${name} --repo \"$repo\" --body '${value}'"],
    flatten([for env, arn in module.github_oidc.apply_role_arns : [
      "# environment ${env}: deployments from main only; then add its required reviewers (Settings > Environments > ${env})",
      "gh api --method PUT \"repos/$repo/environments/${env}\" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true' > /dev/null",
      "gh api --method POST \"repos/$repo/environments/${env}/deployment-branch-policies\" -f name=main -f type=branch > /dev/null || echo 'environment ${env}: branch policy main already set'",
      "gh variable set AWS_APPLY_ROLE_ARN --repo \"$repo\" --env ${env} --body '${arn}'",
    ]]),
    [""],
  ))
}
