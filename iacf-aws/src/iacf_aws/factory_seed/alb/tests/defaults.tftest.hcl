# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {}

variables {
  name                = "test-prod"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  domain_name         = "app.example.com"
  deletion_protection = true
  access_logs_bucket  = "test-prod-alb-logs"
  target_port         = 8000
}

run "https_only_with_a_modern_policy" {
  command = plan

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "the HTTPS listener uses the TLS 1.3 / 1.2 policy"
  }
  assert {
    condition     = one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS"
    error_message = "HTTP only redirects to HTTPS"
  }
  assert {
    condition     = aws_lb.this.drop_invalid_header_fields == true
    error_message = "invalid headers are dropped"
  }
}

run "production_protection_and_access_logs" {
  command = plan

  assert {
    condition     = aws_lb.this.enable_deletion_protection == true
    error_message = "deletion protection is on in production"
  }
  assert {
    condition     = one(aws_lb.this.access_logs).enabled == true && one(aws_lb.this.access_logs).bucket == var.access_logs_bucket
    error_message = "access logs go to the given bucket"
  }
}

run "one_subnet_is_refused" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}
