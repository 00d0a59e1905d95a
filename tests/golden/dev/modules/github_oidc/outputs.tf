output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the roles trust."
  value       = local.oidc_provider_arn
}

output "plan_role_arn" {
  description = "ARN of the plan role (repository variable AWS_PLAN_ROLE_ARN)."
  value       = aws_iam_role.plan.arn
}

output "apply_role_arns" {
  description = "ARN of the apply role per GitHub environment (environment variable AWS_APPLY_ROLE_ARN of each)."
  value       = { for env, role in aws_iam_role.apply : env => role.arn }
}

output "permissions_boundary_arns" {
  description = "ARN of the permissions boundary per environment; every IAM role the environment's apply role creates must carry it."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}
