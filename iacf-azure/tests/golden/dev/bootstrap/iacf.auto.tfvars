# Written by iacf: the project's values. Secrets and per-deployment values go in terraform.tfvars (see
# terraform.tfvars.example).
project                        = "django-app"
environment                    = "dev"
owner                          = "platform-team"
cost_center                    = "unassigned"
location                       = "francecentral"
plan_branches                  = ["main"]
subscription_baseline          = true
network_watcher_resource_group = "NetworkWatcherRG"
