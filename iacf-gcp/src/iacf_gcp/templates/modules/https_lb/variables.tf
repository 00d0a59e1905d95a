variable "name" {
  type        = string
  description = "Prefix of the load balancer's resources."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service."
}

variable "cloud_run_service" {
  type        = string
  description = "Name of the Cloud Run service behind the load balancer."
}

variable "domains" {
  type        = list(string)
  description = "Domain names of the managed certificate (their DNS A records must point at the load balancer's address)."

  validation {
    condition     = length(var.domains) >= 1 && alltrue([for d in var.domains : can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", d))])
    error_message = "domains must be one or more lowercase DNS names."
  }
}

variable "rate_limit_per_minute" {
  type        = number
  description = "Requests a client IP may send per minute before it is banned for five minutes."

  validation {
    condition     = var.rate_limit_per_minute >= 10
    error_message = "rate_limit_per_minute must be at least 10."
  }
}

variable "waf_rules" {
  type        = map(object({ priority = number }))
  description = "Preconfigured Cloud Armor WAF rule sets (CRS 3.3) blocked at sensitivity 1, by name."
  default = {
    "sqli-v33-stable"              = { priority = 1000 }
    "xss-v33-stable"               = { priority = 1010 }
    "lfi-v33-stable"               = { priority = 1020 }
    "rfi-v33-stable"               = { priority = 1030 }
    "rce-v33-stable"               = { priority = 1040 }
    "methodenforcement-v33-stable" = { priority = 1050 }
    "scannerdetection-v33-stable"  = { priority = 1060 }
    "protocolattack-v33-stable"    = { priority = 1070 }
    "sessionfixation-v33-stable"   = { priority = 1080 }
  }
}
