output "notifications_topic_arn" {
  description = "SNS topic that receives the budget alerts, security alarms and service events (subscribe chat or incident tools to it)."
  value       = local.notifications_topic_arn
}

output "api_endpoint" {
  description = "Invoke URL of the HTTP API (requests must be SigV4-signed)."
  value       = aws_apigatewayv2_stage.api.invoke_url
}

output "api_execution_arn" {
  description = "Execution ARN of api: grant execute-api:Invoke on <arn>/* to the callers."
  value       = aws_apigatewayv2_api.api.execution_arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "nat_gateway_public_ips" {
  description = "Egress IP addresses of the private subnets (allow-list them at third parties)."
  value       = module.network.nat_gateway_public_ips
}

output "db_endpoint" {
  description = "Endpoint (host:port) of the aurora-postgresql instance db, reachable from the application only."
  value       = module.db.endpoint
}

output "db_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret holding the master credentials of db (break-glass only: no workload reads it)."
  value       = module.db.master_user_secret_arn
}

output "db_create_users_command" {
  description = "Runs the task that creates the workloads' IAM-authenticated users on db (fn_user); run it once the database exists."
  value       = module.db_users.run_task_command
}

output "fn_function_name" {
  description = "Name of the Lambda function fn (deploy the real package with update-function-code)."
  value       = aws_lambda_function.fn.function_name
}

output "fn_dlq_arn" {
  description = "ARN of the dead-letter queue of fn."
  value       = aws_sqs_queue.fn_dlq.arn
}

output "cloudtrail_arn" {
  description = "ARN of the multi-region CloudTrail trail (null when left to the account baseline)."
  value       = module.governance.cloudtrail_arn
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector (null when left to the account baseline)."
  value       = module.governance.guardduty_detector_id
}

output "config_recorder_name" {
  description = "Name of the AWS Config recorder (null when left to the account baseline)."
  value       = module.governance.config_recorder_name
}

output "budget_name" {
  description = "Name of the monthly cost budget (null when left to the account baseline)."
  value       = module.governance.budget_name
}

output "queue_url" {
  description = "URL of the SQS queue."
  value       = aws_sqs_queue.queue.id
}

output "queue_arn" {
  description = "ARN of the SQS queue."
  value       = aws_sqs_queue.queue.arn
}

output "queue_dlq_arn" {
  description = "ARN of the dead-letter queue of queue."
  value       = aws_sqs_queue.queue_dlq.arn
}

output "storage_bucket" {
  description = "Name of the uploads bucket storage."
  value       = module.storage.bucket_id
}

output "storage_bucket_arn" {
  description = "ARN of the uploads bucket storage."
  value       = module.storage.bucket_arn
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = aws_dynamodb_table.table.name
}

output "table_arn" {
  description = "ARN of the DynamoDB table."
  value       = aws_dynamodb_table.table.arn
}

output "topic_arn" {
  description = "ARN of the SNS topic (subscribe endpoints to it)."
  value       = aws_sns_topic.topic.arn
}
