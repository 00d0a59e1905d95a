# VPC over az_count availability zones with three subnet tiers:
#   public   - ALB and NAT gateways; the only tier with a route to the internet gateway
#   private  - application tasks; egress through NAT (one per AZ, or a single one to save cost)
#   database - no route outside the VPC
# plus one network ACL per tier (stateless: each flow is allowed both ways, return traffic on ephemeral ports),
# a default network ACL and a default security group with no rule, VPC flow logs (all traffic) to a
# KMS-encrypted CloudWatch log group, an S3 gateway endpoint whose policy names exactly what the workloads
# read and write, and a DB subnet group.

# The zones are pinned by name (an allowlist), so the selection never changes silently when AWS adds a zone
# or a zone changes state; the data source only confirms that the pinned zones exist in this account.
data "aws_availability_zones" "selected" {
  filter {
    name   = "zone-name"
    values = local.requested_azs
  }

  lifecycle {
    postcondition {
      condition     = length(self.names) == var.az_count
      error_message = "Not every requested availability zone exists in this region/account; set availability_zone_names explicitly."
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Region of the provider, without the aws_region data source (its `name` is deprecated in provider 6.x).
data "aws_service_principal" "ec2" {
  service_name = "ec2"
}

locals {
  # Default pinning: <region>a, <region>b, <region>c (first az_count); override with availability_zone_names.
  requested_azs = var.availability_zone_names != null ? var.availability_zone_names : [
    for suffix in slice(["a", "b", "c"], 0, var.az_count) : "${data.aws_service_principal.ec2.region}${suffix}"
  ]
  azs        = sort(data.aws_availability_zones.selected.names)
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_service_principal.ec2.region

  # Address plan (for a /16): public /24s at .0-.(n-1), private /20s from the second /20 block on,
  # database /24s from .200 on. The offsets are relative to the VPC prefix length.
  public_cidrs   = [for i in range(var.az_count) : cidrsubnet(var.cidr_block, 8, i)]
  private_cidrs  = [for i in range(var.az_count) : cidrsubnet(var.cidr_block, 4, i + 1)]
  database_cidrs = [for i in range(var.az_count) : cidrsubnet(var.cidr_block, 8, i + 200)]

  nat_count = var.single_nat_gateway ? 1 : var.az_count
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  instance_tenancy     = "default"

  tags = merge(var.tags, { Name = var.name })
}

# Removes every rule from the default security group so that nothing can use it by accident.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-default-deny" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = var.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.public_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${var.name}-public-${local.azs[count.index]}"
    Tier = "public"
  })
}

resource "aws_subnet" "private" {
  count = var.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.private_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${var.name}-private-${local.azs[count.index]}"
    Tier = "private"
  })
}

resource "aws_subnet" "database" {
  count = var.az_count

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.database_cidrs[count.index]
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${var.name}-database-${local.azs[count.index]}"
    Tier = "database"
  })
}

resource "aws_eip" "nat" {
  count = local.nat_count

  domain = "vpc"

  tags = merge(var.tags, { Name = "${var.name}-nat-${local.azs[count.index]}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_nat_gateway" "this" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = merge(var.tags, { Name = "${var.name}-${local.azs[count.index]}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count = var.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  count = local.nat_count

  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-private-${local.azs[count.index]}" })
}

resource "aws_route" "private_nat" {
  count = local.nat_count

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[count.index].id
}

resource "aws_route_table_association" "private" {
  count = var.az_count

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[var.single_nat_gateway ? 0 : count.index].id
}

# Database subnets have no route outside the VPC.
resource "aws_route_table" "database" {
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "${var.name}-database" })
}

resource "aws_route_table_association" "database" {
  count = var.az_count

  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.database.id
}

# ---------------------------------------------------------------------------------------------------------
# S3 gateway endpoint: S3 traffic of the private subnets stays on the AWS network and off the NAT bill, and
# its policy is a data perimeter: in this region the private subnets reach only the stack's buckets (this
# account's principals on this account's buckets) and, for container images, ECR's layer bucket.
# ---------------------------------------------------------------------------------------------------------

locals {
  s3_endpoint = var.s3_endpoint != null && (try(length(var.s3_endpoint.bucket_arns), 0) > 0 || try(var.s3_endpoint.ecr_image_layers, false))

  s3_endpoint_statements = concat(
    try(length(var.s3_endpoint.bucket_arns), 0) == 0 ? [] : [{
      Sid       = "StackBucketsOnly"
      Effect    = "Allow"
      Principal = "*"
      Action = [
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListMultipartUploadParts",
        "s3:PutObject",
      ]
      Resource = concat(var.s3_endpoint.bucket_arns, [for arn in var.s3_endpoint.bucket_arns : "${arn}/*"])
      Condition = {
        StringEquals = {
          "aws:PrincipalAccount" = local.account_id
          "aws:ResourceAccount"  = local.account_id
        }
      }
    }],
    # ECR hands out layer URLs presigned by its own account: no principal or resource account condition can
    # hold here, so the statement names the one bucket and the one action (the policy AWS documents for ECR).
    !try(var.s3_endpoint.ecr_image_layers, false) ? [] : [{
      Sid       = "EcrImageLayers"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:${local.partition}:s3:::prod-${local.region}-starport-layer-bucket/*"
    }],
  )
}

resource "aws_vpc_endpoint" "s3" {
  count = local.s3_endpoint ? 1 : 0

  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.s3_endpoint_statements
  })

  tags = merge(var.tags, { Name = "${var.name}-s3" })
}

# The endpoint was unconditional in module versions before the data perimeter.
moved {
  from = aws_vpc_endpoint.s3
  to   = aws_vpc_endpoint.s3[0]
}

# ---------------------------------------------------------------------------------------------------------
# Network ACLs, one per tier. Security groups do the fine-grained work; the ACLs keep each tier to the flows
# it needs. Nothing open to the internet covers a remote administration port (CIS 5.1): 22 is below the
# ephemeral range and 3389 is cut out of it.
# ---------------------------------------------------------------------------------------------------------

locals {
  internet = "0.0.0.0/0"

  # return traffic from the internet (NAT gateway replies, ALB clients, S3 through the gateway endpoint)
  internet_return = [{ from = 1024, to = 3388 }, { from = 3390, to = 65535 }]

  public_ingress = concat(
    [for p in var.internet_ingress_ports : { action = "allow", from = p, to = p, cidr = local.internet }],
    # the private subnets' HTTPS to AWS APIs enters the NAT gateways here
    [{ action = "allow", from = 443, to = 443, cidr = var.cidr_block }],
    [{ action = "allow", from = 1024, to = 65535, cidr = var.cidr_block }],
    [for r in local.internet_return : { action = "allow", from = r.from, to = r.to, cidr = local.internet }],
  )
  public_egress = concat(
    [{ action = "allow", from = 443, to = 443, cidr = local.internet }],
    [for p in var.app_ports : { action = "allow", from = p, to = p, cidr = var.cidr_block }],
    [{ action = "allow", from = 1024, to = 65535, cidr = local.internet }],
  )

  private_ingress = concat(
    [for p in var.app_ports : { action = "allow", from = p, to = p, cidr = var.cidr_block }],
    [{ action = "allow", from = 1024, to = 65535, cidr = var.cidr_block }],
    [for r in local.internet_return : { action = "allow", from = r.from, to = r.to, cidr = local.internet }],
  )
  private_egress = concat(
    [{ action = "allow", from = 443, to = 443, cidr = local.internet }],
    [for p in var.data_ports : { action = "allow", from = p, to = p, cidr = var.cidr_block }],
    [{ action = "allow", from = 1024, to = 65535, cidr = var.cidr_block }],
  )

  # the internet-facing tier never talks to the data tier; the data ports are open to the rest of the VPC
  database_ingress = concat(
    [for cidr in local.public_cidrs : { action = "deny", from = 0, to = 0, cidr = cidr }],
    [for p in var.data_ports : { action = "allow", from = p, to = p, cidr = var.cidr_block }],
    # replies to connections the data tier opens itself (replicas to their primary)
    [for cidr in local.database_cidrs : { action = "allow", from = 1024, to = 65535, cidr = cidr }],
  )
  database_egress = concat(
    [for p in var.data_ports : { action = "allow", from = p, to = p, cidr = var.cidr_block }],
    [{ action = "allow", from = 1024, to = 65535, cidr = var.cidr_block }],
  )
}

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.public[*].id

  dynamic "ingress" {
    for_each = local.public_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = "tcp"
      from_port  = ingress.value.from
      to_port    = ingress.value.to
      cidr_block = ingress.value.cidr
    }
  }

  dynamic "egress" {
    for_each = local.public_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = "tcp"
      from_port  = egress.value.from
      to_port    = egress.value.to
      cidr_block = egress.value.cidr
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.private[*].id

  dynamic "ingress" {
    for_each = local.private_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = "tcp"
      from_port  = ingress.value.from
      to_port    = ingress.value.to
      cidr_block = ingress.value.cidr
    }
  }

  dynamic "egress" {
    for_each = local.private_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = "tcp"
      from_port  = egress.value.from
      to_port    = egress.value.to
      cidr_block = egress.value.cidr
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-private" })
}

resource "aws_network_acl" "database" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.database[*].id

  dynamic "ingress" {
    for_each = local.database_ingress
    content {
      rule_no    = 100 + 10 * ingress.key
      action     = ingress.value.action
      protocol   = ingress.value.action == "deny" ? "-1" : "tcp"
      from_port  = ingress.value.from
      to_port    = ingress.value.to
      cidr_block = ingress.value.cidr
    }
  }

  dynamic "egress" {
    for_each = local.database_egress
    content {
      rule_no    = 100 + 10 * egress.key
      action     = egress.value.action
      protocol   = "tcp"
      from_port  = egress.value.from
      to_port    = egress.value.to
      cidr_block = egress.value.cidr
    }
  }

  tags = merge(var.tags, { Name = "${var.name}-database" })
}

# The default network ACL allows everything in both directions: managed here with no rule at all, and every
# subnet sits on its tier's ACL, so a subnet added without one gets no traffic (CIS 5.1).
resource "aws_default_network_acl" "this" {
  default_network_acl_id = aws_vpc.this.default_network_acl_id

  tags = merge(var.tags, { Name = "${var.name}-default-deny" })

  # the subnets leave the default ACL when the tier ACLs take them; read it after that
  depends_on = [aws_network_acl.public, aws_network_acl.private, aws_network_acl.database]
}

resource "aws_db_subnet_group" "this" {
  name        = "${var.name}-database"
  description = "Database subnets of ${var.name}"
  subnet_ids  = aws_subnet.database[*].id

  tags = merge(var.tags, { Name = "${var.name}-database" })
}

# ---------------------------------------------------------------------------------------------------------
# VPC flow logs
# ---------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/aws/vpc-flow-logs/${var.name}"
  retention_in_days = var.flow_log_retention_in_days
  kms_key_id        = var.flow_log_kms_key_arn

  tags = merge(var.tags, { Name = "/aws/vpc-flow-logs/${var.name}" })
}

data "aws_iam_policy_document" "flow_logs_assume" {
  statement {
    sid     = "VpcFlowLogsAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-flow-log/*"]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  name_prefix        = "${substr(var.name, 0, 26)}-flowlogs-"
  description        = "Lets VPC Flow Logs write to ${aws_cloudwatch_log_group.flow_logs.name}"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_assume.json

  permissions_boundary = var.permissions_boundary_arn

  tags = merge(var.tags, { Name = "${var.name}-flow-logs" })
}

data "aws_iam_policy_document" "flow_logs" {
  statement {
    sid    = "WriteToTheFlowLogGroupOnly"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]
    resources = [
      aws_cloudwatch_log_group.flow_logs.arn,
      "${aws_cloudwatch_log_group.flow_logs.arn}:*",
    ]
  }
}

resource "aws_iam_role_policy" "flow_logs" {
  name   = "write-flow-logs"
  role   = aws_iam_role.flow_logs.id
  policy = data.aws_iam_policy_document.flow_logs.json
}

resource "aws_flow_log" "this" {
  vpc_id                   = aws_vpc.this.id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn             = aws_iam_role.flow_logs.arn
  max_aggregation_interval = 60

  tags = merge(var.tags, { Name = "${var.name}-all-traffic" })
}
