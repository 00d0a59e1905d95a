# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region           = "eu-west-3"
project              = "django-app"
environment          = "prod"
owner                = "platform-team"
cost_center          = "unassigned"
lock_mode            = "dynamodb"
github_plan_branches = ["main"]
github_environments  = ["prod"]
# github_repository (OWNER/NAME) is required: set it in terraform.tfvars, or in the organisation policy
# ([delivery] github_repository) before generating.

# What the CI roles may touch, from the stack's resource types (regenerate after adding a component).
# ci_regions: every service of the stack; us-east-1 only for the global services and what the project creates there.
ci_regions            = ["eu-west-3"]
ci_us_east_1_services = ["budgets", "route53"]
ci_apply_services = [
  "access-analyzer",
  "acm",
  "application-autoscaling",
  "backup",
  "backup-storage",
  "budgets",
  "cloudtrail",
  "cloudwatch",
  "config",
  "ec2",
  "ecr",
  "ecs",
  "elasticloadbalancing",
  "events",
  "guardduty",
  "kms",
  "logs",
  "rds",
  "route53",
  "s3",
  "secretsmanager",
  "securityhub",
  "sns",
  "wafv2",
]
ci_plan_actions = [
  "access-analyzer:Describe*",
  "access-analyzer:Get*",
  "access-analyzer:List*",
  "acm:Describe*",
  "acm:Get*",
  "acm:List*",
  "application-autoscaling:Describe*",
  "application-autoscaling:ListTagsForResource",
  "backup-storage:Describe*",
  "backup-storage:Get*",
  "backup-storage:List*",
  "backup:Describe*",
  "backup:Get*",
  "backup:List*",
  "budgets:DescribeBudgetAction*",
  "budgets:ListTagsForResource",
  "budgets:ViewBudget",
  "cloudtrail:Describe*",
  "cloudtrail:Get*",
  "cloudtrail:List*",
  "cloudwatch:Describe*",
  "cloudwatch:Get*",
  "cloudwatch:List*",
  "config:Describe*",
  "config:Get*",
  "config:List*",
  "ec2:Describe*",
  "ec2:GetEbsDefaultKmsKeyId",
  "ec2:GetEbsEncryptionByDefault",
  "ecr:Describe*",
  "ecr:Get*",
  "ecr:List*",
  "ecs:Describe*",
  "ecs:Get*",
  "ecs:List*",
  "elasticloadbalancing:Describe*",
  "events:Describe*",
  "events:Get*",
  "events:List*",
  "guardduty:Describe*",
  "guardduty:Get*",
  "guardduty:List*",
  "kms:Describe*",
  "kms:Get*",
  "kms:List*",
  "logs:Describe*",
  "logs:Get*",
  "logs:List*",
  "rds:Describe*",
  "rds:Get*",
  "rds:List*",
  "route53:Describe*",
  "route53:Get*",
  "route53:List*",
  "s3:Get*",
  "s3:List*",
  "secretsmanager:Describe*",
  "secretsmanager:Get*",
  "secretsmanager:List*",
  "securityhub:Describe*",
  "securityhub:Get*",
  "securityhub:List*",
  "sns:Describe*",
  "sns:Get*",
  "sns:List*",
  "wafv2:Describe*",
  "wafv2:Get*",
  "wafv2:List*",
]

# The workload boundary lets ECS Fargate tasks pull GuardDuty's runtime agent (decision aws.guardduty.fargate-agent).
workload_guardduty_agent_pull = true
