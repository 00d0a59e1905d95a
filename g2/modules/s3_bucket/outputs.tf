output "bucket_id" {
  description = "Bucket name. Available only once the bucket policy is in place, so that writers (ALB, S3 logging) are never configured against a bucket they cannot write to."
  value       = aws_s3_bucket.this.id

  depends_on = [
    aws_s3_bucket_policy.this,
    aws_s3_bucket_ownership_controls.this,
    aws_s3_bucket_server_side_encryption_configuration.this,
  ]
}

output "bucket_arn" {
  description = "Bucket ARN."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "bucket_domain_name" {
  description = "Global domain name of the bucket (<bucket>.s3.amazonaws.com), the form CloudFront standard logging expects. Available once the bucket policy and ownership controls are in place."
  value       = aws_s3_bucket.this.bucket_domain_name

  depends_on = [
    aws_s3_bucket_policy.this,
    aws_s3_bucket_ownership_controls.this,
  ]
}
