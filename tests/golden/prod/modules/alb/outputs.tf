output "arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (for CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "name" {
  description = "Name of the load balancer."
  value       = aws_lb.this.name
}

output "dns_name" {
  description = "DNS name of the load balancer; point the application's DNS record (CNAME or alias) at it."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 hosted zone ID of the load balancer (for alias records)."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "ARN of the IP target group. Available once the HTTPS listener forwards to it (an ECS service cannot attach to a target group no listener uses: create the service only when https_enabled)."
  value       = aws_lb_target_group.this.arn

  depends_on = [aws_lb_listener.https]
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener; null while https_enabled is false."
  value       = one(aws_lb_listener.https[*].arn)
}

output "https_enabled" {
  description = "Whether the HTTPS listener exists (known at plan time): a service attaching to target_group_arn must wait for it."
  value       = var.https_enabled
}

output "security_group_id" {
  description = "Security group of the load balancer. It has no rules of its own: the security_group_rules module chains it (ingress 443/80 from clients, egress to the tasks)."
  value       = aws_security_group.this.id
}
