locals {
  # Lines of the partial backend configuration, in the order Terraform's documentation lists them.
  backend_settings = concat(
    [
      { key = "bucket", value = jsonencode(local.state_bucket_name) },
      { key = "key", value = jsonencode(var.state_key) },
      { key = "region", value = jsonencode(local.region) },
      { key = "encrypt", value = "true" },
      { key = "kms_key_id", value = jsonencode(aws_kms_key.state.arn) },
    ],
    local.create_lock_table ? [{ key = "dynamodb_table", value = jsonencode(local.lock_table_name) }] : [],
    var.lock_mode != "dynamodb" ? [{ key = "use_lockfile", value = "true" }] : [],
  )
  backend_key_width = max([for s in local.backend_settings : length(s.key)]...)
}

output "state_bucket_name" {
  description = "Name of the state bucket (backend argument bucket)."
  value       = aws_s3_bucket.state.id
}

output "state_bucket_arn" {
  description = "ARN of the state bucket, for the IAM policies of the roles that run Terraform."
  value       = aws_s3_bucket.state.arn
}

output "access_log_bucket_name" {
  description = "Name of the bucket that receives the state bucket's S3 server access logs."
  value       = aws_s3_bucket.access_logs.id
}

output "lock_table_name" {
  description = "Name of the DynamoDB lock table (backend argument dynamodb_table); null when lock_mode is \"lockfile\"."
  value       = one(aws_dynamodb_table.lock[*].name)
}

output "lock_table_arn" {
  description = "ARN of the DynamoDB lock table; null when lock_mode is \"lockfile\"."
  value       = one(aws_dynamodb_table.lock[*].arn)
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the state objects and the lock table (backend argument kms_key_id)."
  value       = aws_kms_key.state.arn
}

output "kms_key_alias" {
  description = "Alias of the state KMS key (alias/<name>)."
  value       = aws_kms_alias.state.name
}

output "lock_mode" {
  description = "Locking mode the backend was built for: dynamodb, lockfile or both."
  value       = var.lock_mode
}

output "backend_hcl" {
  description = "Ready-to-paste partial backend configuration (backend.hcl) for `terraform init -backend-config=backend.hcl`; replace the key per root/environment."
  value       = join("", [for s in local.backend_settings : format("%-${local.backend_key_width}s = %s\n", s.key, s.value)])
}
