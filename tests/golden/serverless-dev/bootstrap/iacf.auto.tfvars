# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region  = "eu-west-3"
project     = "http-api"
environment = "dev"
owner       = "platform-team"
cost_center = "unassigned"
lock_mode   = "dynamodb"
