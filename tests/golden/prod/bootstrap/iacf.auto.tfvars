# Values of the bootstrap root module, from the same spec as the project (not secret).
aws_region  = "eu-west-3"
project     = "django-app"
environment = "prod"
owner       = "platform-team"
cost_center = "unassigned"
lock_mode   = "dynamodb"
