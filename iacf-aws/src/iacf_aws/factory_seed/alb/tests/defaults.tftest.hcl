# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {}

variables {
  name                = "test-prod"
  vpc_id              = "vpc-0123456789abcdef0"
  subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  https_enabled       = true
  certificate_arn     = "arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  deletion_protection = true
  access_logs_bucket  = "test-prod-alb-logs"
  target_port         = 8000
}

run "https_only_with_a_modern_policy" {
  command = plan

  assert {
    condition     = aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
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

run "before_the_certificate_is_issued_nothing_serves" {
  command = plan

  variables {
    https_enabled   = false
    certificate_arn = null
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && output.https_listener_arn == null
    error_message = "no HTTPS listener on a certificate that is not issued"
  }
  assert {
    condition     = one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS"
    error_message = "port 80 still only redirects: nothing is served in clear text"
  }
}

run "https_without_a_certificate_is_refused" {
  command = plan

  variables {
    certificate_arn = null
  }

  expect_failures = [aws_lb_listener.https]
}

run "one_subnet_is_refused" {
  command = plan

  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}
