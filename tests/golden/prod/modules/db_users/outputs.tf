output "cluster_name" {
  description = "ECS cluster the database-users task runs in."
  value       = aws_ecs_cluster.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the database-users task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "security_group_id" {
  description = "Security group of the task."
  value       = aws_security_group.this.id
}

output "users" {
  description = "The database users the task creates."
  value       = var.users
}

output "run_task_command" {
  description = "AWS CLI command that runs the task once (prints the task ARN); run it after the database exists and whenever the user list changes."
  value = join(" ", [
    "aws ecs run-task --cluster ${aws_ecs_cluster.this.name}",
    "--task-definition ${aws_ecs_task_definition.this.arn} --launch-type FARGATE",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.subnet_ids)}],securityGroups=[${aws_security_group.this.id}],assignPublicIp=DISABLED}'",
    "--query 'tasks[0].taskArn' --output text",
  ])
}
