output "arn" {
  description = "ARN of the secret (use it as valueFrom in ECS task definitions)."
  value       = aws_secretsmanager_secret.this.arn
}

output "name" {
  description = "Name of the secret."
  value       = aws_secretsmanager_secret.this.name
}
