# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region           = "eu-west-3"
project              = "object-storage"
environment          = "dev"
owner                = "platform-team"
cost_center          = "unassigned"
lock_mode            = "dynamodb"
github_plan_branches = ["main"]
github_environments  = ["dev"]
# github_repository (OWNER/NAME) is required: set it in terraform.tfvars, or in the organisation policy
# ([delivery] github_repository) before generating.

# What the CI roles may touch, from the stack's resource types (regenerate after adding a component).
# ci_regions: every service of the stack; us-east-1 only for the global services and what the project creates there.
ci_regions            = ["eu-west-3"]
ci_us_east_1_services = ["budgets"]
ci_apply_services = [
  "access-analyzer",
  "budgets",
  "cloudtrail",
  "cloudwatch",
  "config",
  "ec2",
  "events",
  "guardduty",
  "kms",
  "lambda",
  "logs",
  "s3",
  "scheduler",
  "securityhub",
  "sns",
  "sqs",
]
ci_plan_actions = [
  "access-analyzer:Describe*",
  "access-analyzer:Get*",
  "access-analyzer:List*",
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
  "events:Describe*",
  "events:Get*",
  "events:List*",
  "guardduty:Describe*",
  "guardduty:Get*",
  "guardduty:List*",
  "kms:Describe*",
  "kms:Get*",
  "kms:List*",
  "lambda:Describe*",
  "lambda:Get*",
  "lambda:List*",
  "logs:Describe*",
  "logs:Get*",
  "logs:List*",
  "s3:Get*",
  "s3:List*",
  "scheduler:Describe*",
  "scheduler:Get*",
  "scheduler:List*",
  "securityhub:Describe*",
  "securityhub:Get*",
  "securityhub:List*",
  "sns:Describe*",
  "sns:Get*",
  "sns:List*",
  "sqs:Describe*",
  "sqs:Get*",
  "sqs:List*",
]
