# ACM certificate validated by DNS. With a Route 53 zone, the validation records are created here and the
# validation waits for ACM to issue the certificate; without one, the records are an output for whoever owns
# the zone, and the validation is created only once the caller says the certificate is issued: plan then
# checks that it is, instead of waiting on DNS records nobody has created.

resource "aws_acm_certificate" "this" {
  domain_name               = var.domain_name
  subject_alternative_names = var.subject_alternative_names
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  tags = merge(var.tags, { Name = var.domain_name })

  lifecycle {
    create_before_destroy = true
  }
}

data "aws_route53_zone" "this" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
}

locals {
  zone_name = var.route53_zone_id == null ? "" : trimsuffix(data.aws_route53_zone.this[0].name, ".")
  # names ACM validates: a wildcard is validated on its parent
  names = [for n in concat([var.domain_name], var.subject_alternative_names) : trimprefix(n, "*.")]
}

resource "aws_route53_record" "validation" {
  for_each = var.route53_zone_id == null ? {} : {
    for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => o
  }

  zone_id = var.route53_zone_id
  name    = each.value.resource_record_name
  type    = each.value.resource_record_type
  records = [each.value.resource_record_value]
  ttl     = 300
  # A wildcard and its apex share one record, and a replacement certificate reuses the same one.
  allow_overwrite = true

  lifecycle {
    precondition {
      condition     = data.aws_route53_zone.this[0].private_zone != true
      error_message = "Zone ${var.route53_zone_id} is a private hosted zone: ACM validates through public DNS only."
    }

    precondition {
      condition     = alltrue([for n in local.names : n == local.zone_name || endswith(n, ".${local.zone_name}")])
      error_message = "Zone ${var.route53_zone_id} (${local.zone_name}) does not hold every name of the certificate (${join(", ", local.names)})."
    }
  }
}

resource "aws_acm_certificate_validation" "this" {
  count = var.wait_for_validation ? 1 : 0

  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = var.route53_zone_id == null ? null : [for r in aws_route53_record.validation : r.fqdn]

  timeouts {
    create = coalesce(var.validation_timeout, var.route53_zone_id == null ? "5m" : "30m")
  }

  lifecycle {
    # Without a zone nothing here creates the records: refuse at once rather than wait for them.
    precondition {
      condition     = var.route53_zone_id != null || aws_acm_certificate.this.status == "ISSUED"
      error_message = "The certificate for ${var.domain_name} is ${aws_acm_certificate.this.status}, not ISSUED: create the DNS records of its validation_records output in the zone of the domain, wait until ACM shows ISSUED, then apply again (or give route53_zone_id)."
    }
  }
}
