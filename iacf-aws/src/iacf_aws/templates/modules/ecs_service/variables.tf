variable "name" {
  type        = string
  description = "Name of the cluster, service, task family, ECR repository and log group (/ecs/<name>)."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,62}$", var.name))
    error_message = "name must be 2-63 characters of lowercase letters, digits and hyphens (ECR repository naming)."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the tasks' security group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets of the tasks (no public IP is ever assigned)."
}

variable "image_tag" {
  type        = string
  description = "Tag of the image in the service's ECR repository. Tags are immutable: every release uses a new tag."
}

variable "container_name" {
  type        = string
  description = "Name of the application container."
  default     = "app"
}

variable "container_port" {
  type        = number
  description = "Port the application listens on inside the container."
  default     = 8000
}

variable "container_user" {
  type        = string
  description = "UID[:GID] the container runs as (non-root)."
  default     = "1000:1000"

  validation {
    condition     = !contains(["0", "root", "0:0", "root:root"], var.container_user)
    error_message = "container_user must not be root."
  }
}

variable "command" {
  type        = list(string)
  description = "Optional command overriding the image's CMD. null keeps the image default."
  default     = null
}

variable "writable_paths" {
  type        = list(string)
  description = "Container paths backed by task ephemeral storage, the only writable locations (root filesystem is read-only)."
  default     = ["/tmp"]
}

variable "cpu" {
  type        = number
  description = "Task CPU units (Fargate combinations: 256, 512, 1024, 2048, 4096...)."
}

variable "memory" {
  type        = number
  description = "Task memory in MiB (must be a valid Fargate combination with cpu)."
}

variable "cpu_architecture" {
  type        = string
  description = "Fargate CPU architecture of the image: X86_64 or ARM64."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "environment" {
  type        = map(string)
  description = "Non-secret environment variables of the container. Secrets go in var.secrets, never here."
  default     = {}
}

variable "secrets" {
  type = map(object({
    secret_arn = string
    json_key   = optional(string)
  }))
  description = "Environment variables injected from Secrets Manager: name => secret ARN and optional JSON key. The execution role may read exactly these secrets."
  default     = {}
}

variable "secrets_kms_key_arns" {
  type        = list(string)
  description = "CMKs encrypting the secrets in var.secrets; the execution role gets kms:Decrypt on exactly these, through Secrets Manager only."
  default     = []
}

variable "guardduty_agent_pull" {
  type        = bool
  description = "Let the execution role pull GuardDuty's Runtime Monitoring agent (the sidecar GuardDuty adds to every task when the account's automated agent configuration for ECS Fargate is on), from AWS's repository of the region only."
  default     = false
}

variable "task_role_policy_json" {
  type        = string
  description = "Optional IAM policy (JSON) for the application's task role. null leaves the task role without permissions."
  default     = null
}

variable "desired_count" {
  type        = number
  description = "Number of tasks at creation (afterwards Application Auto Scaling owns the count when enabled)."
}

variable "health_check_grace_period_seconds" {
  type        = number
  description = "Seconds during which failing ALB health checks of new tasks are ignored."
  default     = 60
}

variable "service_enabled" {
  type        = bool
  description = "Create the ECS service. false until a listener forwards to target_group_arn (ECS refuses a target group no load balancer uses); everything else, the ECR repository included, is created either way."
  default     = true
}

variable "target_group_arn" {
  type        = string
  description = "ALB target group (target type ip) the service registers its tasks in."
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the service log group, in days."
}

variable "log_kms_key_arn" {
  type        = string
  description = "CMK encrypting the service log group and ECS Exec sessions."
}

variable "ecr_kms_key_arn" {
  type        = string
  description = "CMK encrypting the ECR repository."
}

variable "ecr_force_delete" {
  type        = bool
  description = "Allow terraform destroy to delete the repository with its images. Keep false in production."
  default     = false
}

variable "ecr_image_retention_count" {
  type        = number
  description = "Number of most recent images kept in the repository."
  default     = 30
}

variable "ecr_untagged_expiry_days" {
  type        = number
  description = "Days after which untagged images are expired."
  default     = 7
}

variable "autoscaling_enabled" {
  type        = bool
  description = "Create an Application Auto Scaling target and a CPU target-tracking policy for the service."
  default     = false
}

variable "min_capacity" {
  type        = number
  description = "Minimum number of tasks when autoscaling is enabled."
  default     = 1
}

variable "max_capacity" {
  type        = number
  description = "Maximum number of tasks when autoscaling is enabled."
  default     = 1

  validation {
    condition     = var.max_capacity >= 1
    error_message = "max_capacity must be at least 1."
  }
}

variable "cpu_target_value" {
  type        = number
  description = "Average service CPU utilisation (percent) that target tracking keeps."
  default     = 60
}

variable "scale_in_cooldown" {
  type        = number
  description = "Seconds between scale-in activities."
  default     = 300
}

variable "scale_out_cooldown" {
  type        = number
  description = "Seconds between scale-out activities."
  default     = 60
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (the provider's default_tags carry the mandatory ones)."
  default     = {}
}

variable "permissions_boundary_arn" {
  type        = string
  description = "ARN of the permissions boundary every IAM role of this module carries (the project's workload boundary, created by bootstrap/). null: none."
  default     = null
}

variable "log_buffer_size" {
  type        = string
  description = "In-memory buffer of the awslogs driver in non-blocking mode (e.g. 25m); log lines beyond it are dropped rather than blocking the application."
  default     = "25m"

  validation {
    condition     = can(regex("^[0-9]+[kmg]$", var.log_buffer_size))
    error_message = "log_buffer_size is a size such as 4m, 25m or 1g."
  }
}
