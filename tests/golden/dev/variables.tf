variable "project" {
  type        = string
  description = "Project name, used in resource names and the Project tag."
  default     = "django-app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,13}[a-z0-9]$", var.project))
    error_message = "The project must be 3-15 lowercase letters, digits or dashes (it prefixes names with tight length limits, such as the load balancer's)."
  }
}

variable "environment" {
  type        = string
  description = "Deployment environment, used in names and the Environment tag. This configuration holds the decisions for dev only."
  default     = "dev"

  validation {
    condition     = contains(["dev"], var.environment)
    error_message = "This root module holds the dev configuration (DECISIONS.md); regenerate it for another environment."
  }
}

variable "region" {
  type        = string
  description = "AWS region to deploy to."
  default     = "eu-west-3"
}

variable "owner" {
  type        = string
  description = "Team or person accountable for the resources (Owner tag)."
  default     = "platform-team"
}

variable "cost_center" {
  type        = string
  description = "Cost center charged for the resources (CostCenter tag)."
  default     = "unassigned"
}

variable "notification_emails" {
  type        = list(string)
  description = "E-mail addresses subscribed to the notifications topic: budget alerts, security alarms, service events ([notifications] emails; value in iacf.auto.tfvars)."
  default     = []

  validation {
    condition     = alltrue([for e in var.notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "notification_emails must hold e-mail addresses (iacf.auto.tfvars)."
  }
}

variable "app_image_tag" {
  type        = string
  description = "Immutable tag of the app image in its ECR repository (a release version or git SHA). No default: every deployment names its release."

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.app_image_tag)) && var.app_image_tag != "latest"
    error_message = "The image tag must be a valid Docker tag and not \"latest\" (tags are immutable)."
  }
}

variable "db_client_image" {
  type        = string
  description = "Image with the postgres client that creates the database users of db (a private mirror of it works too: give the execution role ECR pull rights)."
  default     = "public.ecr.aws/docker/library/postgres:16-alpine"
}

variable "db_break_glass_role_arns" {
  type        = list(string)
  description = "IAM roles that may read the master password of db in an incident (break-glass); empty: an administrator changes the secret's policy first."
  default     = []
}

variable "domain_name" {
  type        = string
  description = "Public host name of app (ACM certificate subject; point it at the load balancer)."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "The domain name must be a lowercase fully qualified domain name."
  }
}

variable "https_enabled" {
  type        = bool
  description = "Serve HTTPS for var.domain_name: creates the HTTPS listener and the ECS service of app, which waits for the certificate to be issued. Without dns_zone_id, false until ACM shows the certificate ISSUED (README, first deployment); turned on earlier, plan stops with the records to create."
  default     = false
}

variable "dns_zone_id" {
  type        = string
  description = "Public Route 53 hosted zone of the domain names, in this account: Terraform creates the certificate validation and alias records there, and HTTPS can be on from the first apply. null: the records are outputs you create in the zone (another account, another DNS provider)."
  default     = null

  validation {
    condition     = var.dns_zone_id == null || can(regex("^[A-Z0-9]{1,32}$", var.dns_zone_id))
    error_message = "dns_zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (or null)."
  }
}
