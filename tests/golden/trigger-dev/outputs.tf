output "notifications_topic_arn" {
  description = "SNS topic that receives the budget alerts, security alarms and service events (subscribe chat or incident tools to it)."
  value       = local.notifications_topic_arn
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

output "job_function_name" {
  description = "Name of the Lambda function job (deploy the real package with update-function-code)."
  value       = aws_lambda_function.job.function_name
}

output "job_dlq_arn" {
  description = "ARN of the dead-letter queue of job."
  value       = aws_sqs_queue.job_dlq.arn
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

output "topic_arn" {
  description = "ARN of the SNS topic (subscribe endpoints to it)."
  value       = aws_sns_topic.topic.arn
}

output "worker_function_name" {
  description = "Name of the Lambda function worker (deploy the real package with update-function-code)."
  value       = aws_lambda_function.worker.function_name
}

output "worker_dlq_arn" {
  description = "ARN of the dead-letter queue of worker."
  value       = aws_sqs_queue.worker_dlq.arn
}
