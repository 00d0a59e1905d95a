output "identifier" {
  description = "Identifier of the Aurora cluster."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "arn" {
  description = "ARN of the Aurora cluster."
  value       = aws_rds_cluster.this.arn
}

output "endpoint" {
  description = "Writer endpoint (host:port)."
  value       = "${aws_rds_cluster.this.endpoint}:${local.port}"
}

output "address" {
  description = "Host name of the writer endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "reader_address" {
  description = "Host name of the reader endpoint (spreads reads over the readers)."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "port" {
  description = "Port of the database."
  value       = local.port
}

output "db_name" {
  description = "Name of the database."
  value       = aws_rds_cluster.this.database_name
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret (JSON with username and password) managed by RDS."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}

output "deletion_protection" {
  description = "Whether deletion protection is enabled (as configured)."
  value       = aws_rds_cluster.this.deletion_protection
}

output "security_group_id" {
  description = "Security group of the cluster. It has no rules of its own: callers add ingress from their security groups; no egress."
  value       = aws_security_group.this.id
}

output "iam_auth_user_arn_prefix" {
  description = "ARN prefix of the cluster's IAM-authenticated database users: append /<user name> to grant rds-db:connect."
  value       = "arn:${local.partition}:rds-db:${local.region}:${local.account_id}:dbuser:${aws_rds_cluster.this.cluster_resource_id}"
}

output "engine_version_actual" {
  description = "Engine version running (the full minor version AWS chose and upgrades when engine_version is a major version)."
  value       = aws_rds_cluster.this.engine_version_actual
}
