# Application Load Balancer terminating TLS with an issued ACM certificate (given by the caller, e.g. the
# acm_certificate module's validated_arn) once https_enabled, an HTTP listener that only redirects to HTTPS,
# an IP target group for Fargate tasks and access logs to S3. Its security group is created here without
# rules; the security_group_rules module chains it (clients -> ALB -> tasks only).

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-alb-"
  description = "ALB ${var.name}: clients on 443/80, egress only to the application tasks"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
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

# Created only once the certificate is issued: AWS refuses an HTTPS listener on a pending certificate.
resource "aws_lb_listener" "https" {
  count = var.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = merge(var.tags, { Name = "${var.name}-https" })

  lifecycle {
    precondition {
      condition     = var.certificate_arn != null
      error_message = "https_enabled needs certificate_arn: the ARN of an issued certificate."
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  # Always a redirect, also before the HTTPS listener exists: nothing is ever served in clear text.
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
