output "identifier" {
  description = "Identifier of the DB instance."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "resource_id" {
  description = "Resource ID of the instance (used in rds-db:connect IAM policies for IAM authentication)."
  value       = aws_db_instance.this.resource_id
}

output "endpoint" {
  description = "Connection endpoint (host:port)."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = local.port
}

output "db_name" {
  description = "Name of the database."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret (JSON with username and password) managed by RDS."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "deletion_protection" {
  description = "Whether deletion protection is enabled (as configured)."
  value       = aws_db_instance.this.deletion_protection
}

output "parameter_group_name" {
  description = "Name of the DB parameter group."
  value       = aws_db_instance.this.parameter_group_name
}

output "security_group_id" {
  description = "Security group of the database. It has no rules of its own: the security_group_rules module chains it (ingress from the tasks only, no egress)."
  value       = aws_security_group.this.id
}

output "iam_auth_user_arn_prefix" {
  description = "ARN prefix of the instance's IAM-authenticated database users: append /<user name> to grant rds-db:connect."
  value       = "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${aws_db_instance.this.resource_id}"
}

output "engine_version_actual" {
  description = "Engine version running (the full minor version AWS chose and upgrades when engine_version is a major version)."
  value       = aws_db_instance.this.engine_version_actual
}
