# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region           = "eu-west-3"
project              = "http-api"
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
  "apigateway",
  "budgets",
  "cloudtrail",
  "cloudwatch",
  "config",
  "dynamodb",
  "ec2",
  "ecs",
  "events",
  "guardduty",
  "kms",
  "lambda",
  "logs",
  "rds",
  "s3",
  "scheduler",
  "secretsmanager",
  "securityhub",
  "sns",
  "sqs",
]
ci_plan_actions = [
  "access-analyzer:Describe*",
  "access-analyzer:Get*",
  "access-analyzer:List*",
  "apigateway:GET",
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
  "dynamodb:Describe*",
  "dynamodb:Get*",
  "dynamodb:List*",
  "ec2:Describe*",
  "ec2:GetEbsDefaultKmsKeyId",
  "ec2:GetEbsEncryptionByDefault",
  "ecs:Describe*",
  "ecs:Get*",
  "ecs:List*",
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
  "rds:Describe*",
  "rds:Get*",
  "rds:List*",
  "s3:Get*",
  "s3:List*",
  "scheduler:Describe*",
  "scheduler:Get*",
  "scheduler:List*",
  "secretsmanager:Describe*",
  "secretsmanager:Get*",
  "secretsmanager:List*",
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

# The workload boundary lets ECS Fargate tasks pull GuardDuty's runtime agent (decision aws.guardduty.fargate-agent).
workload_guardduty_agent_pull = true
