# The project's governance baseline: audit logs of every service kept in a locked log bucket, Security Command
# Center findings streamed out, Cloud Asset Inventory changes exported, project-level organization policies and a
# billing budget. Each piece cites its CIS Google Cloud Foundations item.

# -- Cloud Audit Logs (CIS GCP 2.1): admin reads, data reads and data writes of every service, nobody exempted.
# Admin Activity logs are always written; these add the Data Access logs.
resource "google_project_iam_audit_config" "all_services" {
  project = var.project_id
  service = "allServices"

  audit_log_config {
    log_type = "ADMIN_READ"
  }

  audit_log_config {
    log_type = "DATA_READ"
  }

  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

# -- A log bucket for the audit logs (CIS GCP 2.2, 2.3): CMEK, retention per environment, locked where asked
# (a locked bucket can neither be deleted nor have its retention shortened, by anyone).
resource "google_logging_project_bucket_config" "audit" {
  project        = var.project_id
  location       = var.region
  bucket_id      = "${var.name}-audit"
  description    = "Audit logs of ${var.name} (Admin Activity, Data Access, System Event, Policy Denied)"
  retention_days = var.log_retention_days
  locked         = var.lock_log_bucket

  cmek_settings {
    kms_key_name = var.logs_kms_key
  }
}

# Routes every audit log entry of the project to the bucket above (a sink to a log bucket of the same project
# needs no grant to its writer identity).
resource "google_logging_project_sink" "audit" {
  project                = var.project_id
  name                   = "${var.name}-audit"
  description            = "Every Cloud Audit Logs entry of the project to the locked audit bucket"
  destination            = "logging.googleapis.com/${google_logging_project_bucket_config.audit.id}"
  filter                 = "logName:\"/logs/cloudaudit.googleapis.com\""
  unique_writer_identity = true
}

# -- Security Command Center (threat detection and posture): findings of the project streamed to a topic the
# security team subscribes its SIEM to. SCC itself is activated at the organization (README, prerequisites).
resource "google_pubsub_topic" "security_findings" {
  project                    = var.project_id
  name                       = "${var.name}-security-findings"
  kms_key_name               = var.pubsub_kms_key
  message_retention_duration = "604800s"

  message_storage_policy {
    allowed_persistence_regions = [var.region]
    enforce_in_transit          = true
  }
}

resource "google_scc_v2_project_notification_config" "findings" {
  project      = var.project_id
  location     = "global"
  config_id    = "${var.name}-findings"
  description  = "Active, unmuted Security Command Center findings of ${var.name}"
  pubsub_topic = google_pubsub_topic.security_findings.id

  streaming_config {
    filter = "state = \"ACTIVE\" AND NOT mute = \"MUTED\""
  }
}

# -- Configuration recording (CIS GCP 2.13): Cloud Asset Inventory keeps every resource's configuration history;
# this feed exports each change to a topic, for retention beyond the inventory's 35 days.
resource "google_pubsub_topic" "asset_changes" {
  project                    = var.project_id
  name                       = "${var.name}-asset-changes"
  kms_key_name               = var.pubsub_kms_key
  message_retention_duration = "604800s"

  message_storage_policy {
    allowed_persistence_regions = [var.region]
    enforce_in_transit          = true
  }
}

resource "google_cloud_asset_project_feed" "changes" {
  project      = var.project_id
  feed_id      = "${var.name}-changes"
  content_type = "RESOURCE"
  asset_types  = [".*"]

  feed_output_config {
    pubsub_destination {
      topic = google_pubsub_topic.asset_changes.id
    }
  }
}

# -- Organization policies the project sets on itself (CIS GCP 1.4, 4.9, 5.1, 6.6). Setting them needs
# roles/orgpolicy.policyAdmin, granted at the organization or folder (README, prerequisites).
# A project serving a static site through a backend bucket cannot enforce storage.publicAccessPrevention (the
# site's objects must be publicly readable): its buckets then enforce it one by one.
locals {
  boolean_policies = merge({
    "storage.uniformBucketLevelAccess"     = "Buckets use uniform bucket-level access (no object ACLs)"
    "iam.disableServiceAccountKeyCreation" = "No service account key can be created (workloads use attached identities, CI uses Workload Identity Federation)"
    "sql.restrictPublicIp"                 = "No Cloud SQL instance gets a public IP"
    }, var.enforce_public_access_prevention ? {
    "storage.publicAccessPrevention" = "No bucket or object is ever public"
  } : {})
}

resource "google_org_policy_policy" "enforced" {
  for_each = local.boolean_policies

  name   = "projects/${var.project_id}/policies/${each.key}"
  parent = "projects/${var.project_id}"

  spec {
    rules {
      enforce = "TRUE"
    }
  }
}

# list constraint: no VM of the project may have an external IP address
resource "google_org_policy_policy" "no_vm_external_ip" {
  name   = "projects/${var.project_id}/policies/compute.vmExternalIpAccess"
  parent = "projects/${var.project_id}"

  spec {
    rules {
      deny_all = "TRUE"
    }
  }
}

# -- Budget: actual spend at 50, 90 and 100 %, forecast at 100 %, to the billing account's budget recipients and
# the project's notification channels.
resource "google_monitoring_notification_channel" "email" {
  for_each = toset(var.notification_emails)

  project      = var.project_id
  display_name = "${var.name} alerts: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
  user_labels = var.labels
}

resource "google_billing_budget" "monthly" {
  billing_account = var.billing_account
  display_name    = "${var.name} monthly"

  budget_filter {
    projects               = ["projects/${var.project_number}"]
    calendar_period        = "MONTH"
    credit_types_treatment = "INCLUDE_ALL_CREDITS"
  }

  amount {
    specified_amount {
      units = tostring(var.budget_amount)
    }
  }

  threshold_rules {
    threshold_percent = 0.5
  }

  threshold_rules {
    threshold_percent = 0.9
  }

  threshold_rules {
    threshold_percent = 1.0
  }

  threshold_rules {
    threshold_percent = 1.0
    spend_basis       = "FORECASTED_SPEND"
  }

  all_updates_rule {
    monitoring_notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
    disable_default_iam_recipients   = false
  }
}
