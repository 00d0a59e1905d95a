output "alb_ingress_rule_ids" {
  description = "IDs of the client ingress rules of the load balancer security group."
  value       = concat([for r in aws_vpc_security_group_ingress_rule.alb_ipv4 : r.security_group_rule_id], [for r in aws_vpc_security_group_ingress_rule.alb_ipv6 : r.security_group_rule_id])
}

output "chain_rule_ids" {
  description = "IDs of the rules chaining ALB -> application -> database (and the application's HTTPS egress)."
  value = {
    alb_to_app   = aws_vpc_security_group_egress_rule.alb_to_app.security_group_rule_id
    app_from_alb = aws_vpc_security_group_ingress_rule.app_from_alb.security_group_rule_id
    app_https    = aws_vpc_security_group_egress_rule.app_https.security_group_rule_id
    app_to_db    = { for k, r in aws_vpc_security_group_egress_rule.app_to_db : k => r.security_group_rule_id }
    db_from_app  = { for k, r in aws_vpc_security_group_ingress_rule.db_from_app : k => r.security_group_rule_id }
  }
}
