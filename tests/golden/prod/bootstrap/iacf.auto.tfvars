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
ci_regions = ["eu-west-3", "us-east-1"]
ci_apply_services = [
  "access-analyzer",
  "acm",
  "application-autoscaling",
  "budgets",
  "cloudtrail",
  "config",
  "ec2",
  "ecr",
  "ecs",
  "elasticloadbalancing",
  "guardduty",
  "kms",
  "logs",
  "rds",
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
  "budgets:DescribeBudgetAction*",
  "budgets:ListTagsForResource",
  "budgets:ViewBudget",
  "cloudtrail:Describe*",
  "cloudtrail:Get*",
  "cloudtrail:List*",
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
