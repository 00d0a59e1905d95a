# The rules chaining the security groups of a three-tier web stack, kept in one place so the whole chain can
# be read (and reviewed) at once. The groups themselves belong to the modules whose resources use them
# (alb, ecs_service, rds), so that each group is created next to what it is attached to.
#
#   clients --443/80--> ALB --app_port--> application tasks --db_port--> database
#                                        \--443--> AWS APIs through NAT (ECR, Secrets Manager, Logs)
#
# Every rule references the next tier's security group, never a CIDR, except the ALB's client ingress and
# the tasks' HTTPS egress. The database group has no egress rule at all.

# ---------------------------------------------------------------------------------------------------------
# ALB
# ---------------------------------------------------------------------------------------------------------

locals {
  listener_ports = { https = 443, http = 80 }

  alb_ipv4_ingress = merge([
    for listener, port in local.listener_ports : {
      for cidr in var.alb_ingress_cidr_ipv4 : "${listener}-${cidr}" => { port = port, cidr = cidr, listener = listener }
    }
  ]...)

  alb_ipv6_ingress = merge([
    for listener, port in local.listener_ports : {
      for cidr in var.alb_ingress_cidr_ipv6 : "${listener}-${cidr}" => { port = port, cidr = cidr, listener = listener }
    }
  ]...)
}

resource "aws_vpc_security_group_ingress_rule" "alb_ipv4" {
  #checkov:skip=CKV_AWS_260:Port 80 is open on the internet-facing ALB only for the HTTP listener, whose single action is a 301 redirect to HTTPS; no content is served over HTTP.
  for_each = local.alb_ipv4_ingress

  security_group_id = var.alb_security_group_id
  description       = each.value.listener == "https" ? "HTTPS from ${each.value.cidr}" : "HTTP from ${each.value.cidr} (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = merge(var.tags, { Name = "${var.name}-alb-${each.value.listener}-ipv4" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_ipv6" {
  #checkov:skip=CKV_AWS_260:Port 80 is open on the internet-facing ALB only for the HTTP listener, whose single action is a 301 redirect to HTTPS; no content is served over HTTP.
  for_each = local.alb_ipv6_ingress

  security_group_id = var.alb_security_group_id
  description       = each.value.listener == "https" ? "HTTPS from ${each.value.cidr}" : "HTTP from ${each.value.cidr} (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv6         = each.value.cidr

  tags = merge(var.tags, { Name = "${var.name}-alb-${each.value.listener}-ipv6" })
}

resource "aws_vpc_security_group_egress_rule" "alb_to_app" {
  security_group_id            = var.alb_security_group_id
  description                  = "To the application tasks on the container port only"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = var.app_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-alb-to-app" })
}

# ---------------------------------------------------------------------------------------------------------
# Application tasks
# ---------------------------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "app_from_alb" {
  security_group_id            = var.app_security_group_id
  description                  = "From the ALB on the container port"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = var.alb_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-app-from-alb" })
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = var.app_security_group_id
  description       = "HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch Logs) through the NAT gateway"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = merge(var.tags, { Name = "${var.name}-app-to-https" })
}

resource "aws_vpc_security_group_egress_rule" "app_to_db" {
  for_each = var.databases

  security_group_id            = var.app_security_group_id
  description                  = "To the database ${each.key} on its port"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = each.value.security_group_id

  tags = merge(var.tags, { Name = "${var.name}-app-to-${each.key}" })
}

# ---------------------------------------------------------------------------------------------------------
# Databases (no egress rule: Terraform removes the default allow-all egress when it creates the group)
# ---------------------------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  for_each = var.databases

  security_group_id            = each.value.security_group_id
  description                  = "From the application tasks on the database port"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = var.app_security_group_id

  tags = merge(var.tags, { Name = "${var.name}-${each.key}-from-app" })
}
