output "vault_name" {
  description = "Name of the backup vault."
  value       = aws_backup_vault.this.name
}

output "vault_arn" {
  description = "ARN of the backup vault."
  value       = aws_backup_vault.this.arn
}

output "plan_id" {
  description = "ID of the backup plan."
  value       = aws_backup_plan.this.id
}

output "role_arn" {
  description = "ARN of the role AWS Backup assumes."
  value       = aws_iam_role.this.arn
}
