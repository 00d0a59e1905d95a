# Application Load Balancer terminating TLS with an ACM certificate (DNS validation), an HTTP listener that
# only redirects to HTTPS, an IP target group for Fargate tasks, access logs to S3 and a security group whose
# only egress is the target security group on the target port.

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

# Optional: wait until the operator has published the DNS validation records and ACM has issued the
# certificate. Off by default because it blocks the apply (up to the timeout) until the records exist.
resource "aws_acm_certificate_validation" "this" {
  count = var.wait_for_certificate_validation ? 1 : 0

  certificate_arn = aws_acm_certificate.this.arn

  timeouts {
    create = var.certificate_validation_timeout
  }
}

locals {
  certificate_arn = var.wait_for_certificate_validation ? aws_acm_certificate_validation.this[0].certificate_arn : aws_acm_certificate.this.arn
}

# ---------------------------------------------------------------------------------------------------------
# Security group
# ---------------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-alb-"
  description = "ALB ${var.name}: HTTPS/HTTP from the allowed clients, egress only to the targets"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  listener_ports = { https = 443, http = 80 }

  ipv4_ingress = merge([
    for listener, port in local.listener_ports : {
      for cidr in var.ingress_cidr_ipv4 : "${listener}-${cidr}" => { port = port, cidr = cidr, listener = listener }
    }
  ]...)

  ipv6_ingress = merge([
    for listener, port in local.listener_ports : {
      for cidr in var.ingress_cidr_ipv6 : "${listener}-${cidr}" => { port = port, cidr = cidr, listener = listener }
    }
  ]...)
}

resource "aws_vpc_security_group_ingress_rule" "ipv4" {
  #checkov:skip=CKV_AWS_260:Port 80 is open on the public ALB only for the HTTP listener, whose single action is a 301 redirect to HTTPS; no content is served over HTTP.
  for_each = local.ipv4_ingress

  security_group_id = aws_security_group.this.id
  description       = each.value.listener == "https" ? "HTTPS from ${each.value.cidr}" : "HTTP from ${each.value.cidr} (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = merge(var.tags, { Name = "${var.name}-alb-${each.key}" })
}

resource "aws_vpc_security_group_ingress_rule" "ipv6" {
  #checkov:skip=CKV_AWS_260:Port 80 is open on the public ALB only for the HTTP listener, whose single action is a 301 redirect to HTTPS; no content is served over HTTP.
  for_each = local.ipv6_ingress

  security_group_id = aws_security_group.this.id
  description       = each.value.listener == "https" ? "HTTPS from ${each.value.cidr}" : "HTTP from ${each.value.cidr} (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv6         = each.value.cidr

  tags = merge(var.tags, { Name = "${var.name}-alb-${each.key}" })
}

resource "aws_vpc_security_group_egress_rule" "targets" {
  security_group_id            = aws_security_group.this.id
  description                  = "To the targets on the target port only"
  ip_protocol                  = "tcp"
  from_port                    = var.target_port
  to_port                      = var.target_port
  referenced_security_group_id = var.target_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-alb-to-targets" })
}

# ---------------------------------------------------------------------------------------------------------
# Load balancer, target group, listeners
# ---------------------------------------------------------------------------------------------------------

resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  internal                   = var.internal
  ip_address_type            = "ipv4"
  security_groups            = [aws_security_group.this.id]
  subnets                    = var.subnet_ids
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "strictest"
  enable_deletion_protection = var.deletion_protection
  enable_http2               = true
  idle_timeout               = var.idle_timeout

  access_logs {
    bucket  = var.access_logs_bucket
    prefix  = var.access_logs_prefix
    enabled = true
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS is terminated at the ALB; the hop to the task runs inside private subnets and is restricted by security groups to ALB -> task on the container port. End-to-end TLS would need a certificate inside every container.
  name                 = "${var.name}-tg"
  target_type          = "ip"
  protocol             = "HTTP"
  protocol_version     = "HTTP1"
  port                 = var.target_port
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    protocol            = "HTTP"
    path                = var.health_check_path
    port                = "traffic-port"
    matcher             = var.health_check_matcher
    interval            = 30
    timeout             = 5
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = "${var.name}-tg" })
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = merge(var.tags, { Name = "${var.name}-https" })
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-http-redirect" })
}
