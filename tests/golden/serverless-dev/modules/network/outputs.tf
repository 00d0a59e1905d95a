output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "Availability zones used, in subnet order."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private application subnets."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "IDs of the isolated database subnets."
  value       = aws_subnet.database[*].id
}

output "db_subnet_group_name" {
  description = "Name of the DB subnet group over the database subnets."
  value       = aws_db_subnet_group.this.name
}

output "nat_gateway_public_ips" {
  description = "Public IPs of the NAT gateways (egress addresses of the application)."
  value       = aws_eip.nat[*].public_ip
}

output "flow_log_group_name" {
  description = "Name of the CloudWatch log group receiving the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}

output "flow_log_id" {
  description = "ID of the VPC flow log."
  value       = aws_flow_log.this.id
}

output "network_acl_ids" {
  description = "Network ACL of each subnet tier (public, private, database); the default network ACL has no rule."
  value = {
    public   = aws_network_acl.public.id
    private  = aws_network_acl.private.id
    database = aws_network_acl.database.id
  }
}

output "s3_endpoint_id" {
  description = "ID of the S3 gateway endpoint (null when nothing in the private subnets uses S3)."
  value       = one(aws_vpc_endpoint.s3[*].id)
}
