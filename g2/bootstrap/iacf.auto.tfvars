# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region           = "eu-west-3"
project              = "static-site"
environment          = "dev"
owner                = "platform-team"
cost_center          = "unassigned"
lock_mode            = "dynamodb"
github_plan_branches = ["main"]
github_environments  = ["dev"]
# github_repository (OWNER/NAME) is required: set it in terraform.tfvars, or in the organisation policy
# ([delivery] github_repository) before generating.
