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
