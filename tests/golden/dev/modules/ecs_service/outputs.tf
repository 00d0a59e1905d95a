output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service; null while service_enabled is false."
  value       = one(aws_ecs_service.this[*].name)
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "ecr_repository_url" {
  description = "URL of the ECR repository; push images as <url>:<image_tag>."
  value       = aws_ecr_repository.this.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the ECR repository."
  value       = aws_ecr_repository.this.arn
}

output "log_group_name" {
  description = "Name of the service log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "execution_role_arn" {
  description = "ARN of the task execution role."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "ARN of the task (application) role."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the task role, to attach application permissions from outside the module."
  value       = aws_iam_role.task.name
}

output "container_secret_names" {
  description = "Names of the environment variables injected from Secrets Manager (values never appear in Terraform)."
  value       = sort(keys(var.secrets))
}

output "container_environment_names" {
  description = "Names of the plain environment variables of the container."
  value       = sort(keys(var.environment))
}

output "security_group_id" {
  description = "Security group of the tasks. It has no rules of its own: the security_group_rules module chains it (ingress from the ALB, egress HTTPS and the database)."
  value       = aws_security_group.this.id
}
