# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {
  override_resource {
    target          = aws_acm_certificate.this
    override_during = plan
    values = {
      arn    = "arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555"
      status = "PENDING_VALIDATION"
      domain_validation_options = [{
        domain_name           = "app.example.com"
        resource_record_name  = "_abc.app.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_def.acm-validations.aws."
      }]
    }
  }

  override_data {
    target          = data.aws_route53_zone.this
    override_during = plan
    values = {
      name = "example.com"
    }
  }
}

variables {
  domain_name         = "app.example.com"
  wait_for_validation = false
}

run "without_a_zone_the_records_are_an_output_and_nothing_waits" {
  command = plan

  assert {
    condition     = length(aws_route53_record.validation) == 0 && length(aws_acm_certificate_validation.this) == 0
    error_message = "no record and no validation without a zone until the caller turns it on"
  }
  assert {
    condition     = output.validated_arn == null && output.validation_records[0].type == "CNAME"
    error_message = "validated_arn stays null; the CNAME to create is listed"
  }
  assert {
    condition     = aws_acm_certificate.this.validation_method == "DNS" && one(aws_acm_certificate.this.options).certificate_transparency_logging_preference == "ENABLED"
    error_message = "DNS validation, certificate transparency logging"
  }
}

run "a_pending_certificate_stops_the_plan_at_once" {
  command = plan

  variables {
    wait_for_validation = true
  }

  expect_failures = [aws_acm_certificate_validation.this]
}

run "an_issued_certificate_is_validated_without_waiting" {
  command = plan

  variables {
    wait_for_validation = true
  }

  override_resource {
    target          = aws_acm_certificate.this
    override_during = plan
    values = {
      arn    = "arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555"
      status = "ISSUED"
    }
  }

  assert {
    condition     = aws_acm_certificate_validation.this[0].certificate_arn == aws_acm_certificate.this.arn
    error_message = "the validation is created for the certificate"
  }
  assert {
    condition     = aws_acm_certificate_validation.this[0].timeouts.create == "5m"
    error_message = "no zone: a short timeout, the certificate is already issued"
  }
}

run "a_zone_gets_the_records_and_the_validation_waits_for_them" {
  command = plan

  variables {
    route53_zone_id     = "Z0123456789ABCDEFGHIJ"
    wait_for_validation = true
  }

  assert {
    condition     = aws_route53_record.validation["app.example.com"].name == "_abc.app.example.com." && aws_route53_record.validation["app.example.com"].type == "CNAME"
    error_message = "the validation record is created in the zone"
  }
  assert {
    condition     = aws_acm_certificate_validation.this[0].timeouts.create == "30m"
    error_message = "with a zone the validation waits for the records, 30 minutes at most"
  }
}

run "a_zone_that_does_not_hold_the_domain_is_refused" {
  command = plan

  variables {
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  override_data {
    target          = data.aws_route53_zone.this
    override_during = plan
    values = {
      name = "notexample.com"
    }
  }

  expect_failures = [aws_route53_record.validation]
}
