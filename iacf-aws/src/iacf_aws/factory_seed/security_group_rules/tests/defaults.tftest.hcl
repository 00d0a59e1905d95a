# Offline: the aws provider is mocked, so no account or credentials are needed.
mock_provider "aws" {}

variables {
  name                  = "test-dev"
  alb_security_group_id = "sg-0123456789abcdef0"
  app_security_group_id = "sg-0123456789abcdef1"
  alb_ingress_cidr_ipv4 = ["0.0.0.0/0"]
  app_port              = 8000
  databases = {
    db = {
      security_group_id = "sg-0123456789abcdef2"
      port              = 5432
    }
  }
}

run "internet_reaches_only_80_and_443" {
  command = plan

  assert {
    condition     = toset([for r in values(aws_vpc_security_group_ingress_rule.alb_ipv4) : r.from_port]) == toset([80, 443])
    error_message = "the load balancer accepts only 80 (redirect) and 443 from the internet"
  }
  assert {
    condition     = alltrue([for r in values(aws_vpc_security_group_ingress_rule.alb_ipv4) : r.from_port == r.to_port])
    error_message = "each ingress rule opens exactly one port"
  }
}

run "application_and_database_are_reached_by_security_group_only" {
  command = plan

  assert {
    condition     = aws_vpc_security_group_ingress_rule.app_from_alb.referenced_security_group_id == var.alb_security_group_id && aws_vpc_security_group_ingress_rule.app_from_alb.from_port == 8000
    error_message = "the application accepts only the load balancer, on its port"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_app["db"].referenced_security_group_id == var.app_security_group_id && aws_vpc_security_group_ingress_rule.db_from_app["db"].from_port == 5432
    error_message = "the database accepts only the application, on its port"
  }
}
