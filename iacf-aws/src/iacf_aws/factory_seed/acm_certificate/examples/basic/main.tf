# A certificate validated in a Route 53 zone of the account, served by a load balancer listener only once issued.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-3"
}

module "certificate" {
  source = "../.."

  domain_name         = "app.example.com"
  route53_zone_id     = "Z0123456789ABCDEFGHIJ"
  wait_for_validation = true
}

# The listener takes validated_arn: it is created only after ACM has issued the certificate.
resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/example/0123456789abcdef"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = module.certificate.validated_arn

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/example/0123456789abcdef"
  }
}
