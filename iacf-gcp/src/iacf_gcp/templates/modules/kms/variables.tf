variable "name" {
  type        = string
  description = "Name of the key ring (permanent: Cloud KMS never deletes a key ring)."
}

variable "location" {
  type        = string
  description = "Region of the key ring; it must be the region of the resources its keys protect."
}

variable "keys" {
  type        = map(list(string))
  description = "Key name => IAM members (serviceAccount:...) granted roles/cloudkms.cryptoKeyEncrypterDecrypter on that key only."
}

variable "rotation_period" {
  type        = string
  description = "Automatic rotation period of every key (CIS GCP 1.10: 90 days at most)."
  default     = "7776000s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.rotation_period)) && tonumber(trimsuffix(var.rotation_period, "s")) <= 7776000 && tonumber(trimsuffix(var.rotation_period, "s")) >= 86400
    error_message = "rotation_period must be between 86400s (1 day) and 7776000s (90 days)."
  }
}

variable "protection_level" {
  type        = string
  description = "SOFTWARE or HSM."
  default     = "SOFTWARE"

  validation {
    condition     = contains(["SOFTWARE", "HSM"], var.protection_level)
    error_message = "protection_level must be SOFTWARE or HSM."
  }
}
