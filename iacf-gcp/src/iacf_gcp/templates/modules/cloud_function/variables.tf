variable "project_id" {
  type        = string
  description = "Project of the function and its service accounts."
}

variable "name" {
  type        = string
  description = "Name of the function and of its image repository."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,61}[a-z0-9]$", var.name))
    error_message = "name must be 3-63 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "description" {
  type        = string
  description = "What the function does."
  default     = ""
}

variable "region" {
  type        = string
  description = "Region of the function, its repository and its key."
}

variable "runtime" {
  type        = string
  description = "Cloud Functions runtime (python313, nodejs22, go125, java21...)."

  validation {
    condition     = can(regex("^(python3[0-9]{2}|nodejs[0-9]{2}|go1[0-9]{2}|java[0-9]{2}|ruby3[0-9]{1,2}|dotnet[0-9])$", var.runtime))
    error_message = "runtime must be a Cloud Functions runtime id such as python313 or nodejs22."
  }
}

variable "entry_point" {
  type        = string
  description = "Function called for each request (each event with pubsub_trigger or storage_trigger)."
}

variable "source_bucket" {
  type        = string
  description = "Bucket holding the source archives (CI uploads them)."
}

variable "source_object" {
  type        = string
  description = "Object name of the source archive (a .zip) to deploy."

  validation {
    condition     = endswith(var.source_object, ".zip")
    error_message = "source_object must be a .zip archive."
  }
}

variable "memory" {
  type        = string
  description = "Memory of an instance (256M, 512M, 1G, 2G...)."
  default     = "256M"
}

variable "timeout_seconds" {
  type        = number
  description = "Request timeout (1-3600 seconds for an HTTP function, at most 540 with an event trigger)."
  default     = 60

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be between 1 and 3600."
  }
}

variable "min_instances" {
  type        = number
  description = "Instances kept warm."
  default     = 0
}

variable "max_instances" {
  type        = number
  description = "Upper bound of instances (caps cost and downstream load)."
  default     = 10
}

variable "ingress_settings" {
  type        = string
  description = "ALLOW_INTERNAL_ONLY (default) or ALLOW_INTERNAL_AND_GCLB (behind a load balancer); never ALLOW_ALL."
  default     = "ALLOW_INTERNAL_ONLY"

  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB."
  }
}

variable "service_account_email" {
  type        = string
  description = "Dedicated runtime service account of the function."
}

variable "build_service_account_email" {
  type        = string
  description = "Dedicated service account Cloud Build uses to build the function."
}

variable "kms_key" {
  type        = string
  description = "Cloud KMS key of the function (Cloud Functions' service agent must hold encrypter/decrypter on it)."
}

variable "artifacts_kms_key" {
  type        = string
  description = "Cloud KMS key of the image repository (Artifact Registry's service agent must hold encrypter/decrypter on it)."
}

variable "network" {
  type        = string
  description = "VPC of the function's egress."
}

variable "subnetwork" {
  type        = string
  description = "Subnet of the function's egress."
}

variable "network_tags" {
  type        = list(string)
  description = "Network tags the firewall's egress rules select."
  default     = []
}

variable "env" {
  type        = map(string)
  description = "Plain environment variables (never a secret)."
  default     = {}
}

variable "invokers" {
  type        = map(string)
  description = "Workload => service account email granted roles/run.invoker on this function only."
  default     = {}
}

variable "pubsub_trigger" {
  type = object({
    topic                 = string
    service_account_email = string
  })
  description = "Pub/Sub topic (projects/PROJECT/topics/NAME) whose messages trigger the function, and the service account Eventarc pushes them as (granted roles/run.invoker on this function only); null: an HTTP function."
  default     = null

  validation {
    condition     = var.pubsub_trigger == null ? true : can(regex("^projects/[^/]+/topics/[^/]+$", var.pubsub_trigger.topic))
    error_message = "pubsub_trigger.topic must be a topic ID: projects/PROJECT/topics/NAME."
  }
}

variable "storage_trigger" {
  type = object({
    bucket                = string
    location              = string
    service_account_email = string
  })
  description = "Bucket whose new objects (google.cloud.storage.object.v1.finalized) trigger the function, its location (the trigger's region, lowercase), and the service account Eventarc delivers them as (granted roles/run.invoker on this function only; the caller grants it roles/eventarc.eventReceiver); null: no storage trigger. Not with pubsub_trigger."
  default     = null

  validation {
    condition     = var.storage_trigger == null ? true : can(regex("^[a-z0-9][a-z0-9_.-]{1,221}[a-z0-9]$", var.storage_trigger.bucket)) && can(regex("^[a-z0-9-]+$", var.storage_trigger.location))
    error_message = "storage_trigger.bucket must be a bucket name and storage_trigger.location a lowercase location (europe-west9, eu)."
  }
}

variable "labels" {
  type        = map(string)
  description = "Labels of the function and its repository."
  default     = {}
}
