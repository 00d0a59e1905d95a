# One-time bootstrap, applied with an administrator's own credentials before the project: the remote state
# bucket (CMEK, versioned, uniform access, public access prevented, access-logged) and the CI identities
# (Workload Identity Federation for GitHub Actions: no service account key exists anywhere).

locals {
  name       = "${var.project}-${var.environment}"
  repository = "${var.github_owner}/${var.github_repository_name}"
}

data "google_project" "this" {}

data "google_storage_project_service_account" "gcs" {}

# -- Cloud KMS key of the state (CIS GCP 1.10: rotated every 90 days)
resource "google_kms_key_ring" "state" {
  name     = "${local.name}-tfstate"
  location = var.region
}

resource "google_kms_crypto_key" "state" {
  name            = "tfstate"
  key_ring        = google_kms_key_ring.state.id
  rotation_period = "7776000s"

  version_template {
    algorithm        = "GOOGLE_SYMMETRIC_ENCRYPTION"
    protection_level = "SOFTWARE"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Cloud Storage's service agent encrypts and decrypts the buckets' objects with the key, and nothing else does
resource "google_kms_crypto_key_iam_member" "gcs" {
  crypto_key_id = google_kms_crypto_key.state.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

# -- Access logs of the state bucket
resource "google_storage_bucket" "access_logs" {
  #checkov:skip=CKV_GCP_62:This bucket receives the state bucket's access logs; logging it into itself would loop
  name                        = "${local.name}-tfstate-logs-${data.google_project.this.number}"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.state.id
  }

  lifecycle_rule {
    condition {
      age = 365
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}

# Cloud Storage's own logging identity writes the access logs
resource "google_storage_bucket_iam_member" "access_logs_writer" {
  bucket = google_storage_bucket.access_logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}

# -- The state bucket (native locking: Terraform writes a lock object)
resource "google_storage_bucket" "state" {
  name                        = "${local.name}-tfstate-${data.google_project.this.number}"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.state.id
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }

  # old state versions are kept for recovery, not forever
  lifecycle_rule {
    condition {
      num_newer_versions = var.state_retention_versions
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.gcs]
}

# -- Workload Identity Federation for GitHub Actions: only this repository's tokens are accepted
resource "google_iam_workload_identity_pool" "github" {
  workload_identity_pool_id = "${local.name}-github"
  display_name              = "GitHub Actions (${local.name})"
  description               = "GitHub Actions workflows of ${local.repository}"
}

resource "google_iam_workload_identity_pool_provider" "github" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub OIDC"
  # only these subjects: the repository's pull requests, its main branch and its environment's jobs
  attribute_condition = "assertion.sub == 'repo:${var.github_owner}/${var.github_repository_name}:pull_request' || assertion.sub == 'repo:${var.github_owner}/${var.github_repository_name}:ref:refs/heads/main' || assertion.sub == 'repo:${var.github_owner}/${var.github_repository_name}:environment:${var.environment}'"
  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
    "attribute.ref"        = "assertion.ref"
  }

  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

# plan: every workflow run of the repository (pull requests included), read-only roles
resource "google_service_account" "plan" {
  account_id   = "${local.name}-plan"
  display_name = "Terraform plan (${local.name})"
  description  = "Read-only: plans of ${local.repository}"
}

# apply: only jobs running in the GitHub environment of this environment (protected by required reviewers)
resource "google_service_account" "apply" {
  account_id   = "${local.name}-apply"
  display_name = "Terraform apply (${local.name})"
  description  = "Applies of ${local.repository} from its GitHub environment ${var.environment}"
}

resource "google_service_account_iam_member" "plan_wif" {
  service_account_id = google_service_account.plan.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/attribute.repository/${local.repository}"
}

resource "google_service_account_iam_member" "apply_wif" {
  service_account_id = google_service_account.apply.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principal://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/subject/repo:${local.repository}:environment:${var.environment}"
}

# state: the apply identity reads and writes state and lock objects of this bucket only; the plan identity, which
# any branch's pull request may use, only reads them (its plans take no lock): a changed workflow cannot overwrite
# or delete the state the reviewed apply relies on
resource "google_storage_bucket_iam_member" "state" {
  for_each = {
    plan  = { member = google_service_account.plan.member, role = "roles/storage.objectViewer" }
    apply = { member = google_service_account.apply.member, role = "roles/storage.objectUser" }
  }

  bucket = google_storage_bucket.state.name
  role   = each.value.role
  member = each.value.member
}

resource "google_project_iam_member" "plan" {
  for_each = toset(var.plan_roles)

  project = var.project_id
  role    = each.value
  member  = google_service_account.plan.member
}

# The admin roles of services whose IAM conditions recognise resource attributes are limited to this project's own
# resources: on a bucket, object, secret or key (resource.type), the name must be one the project gives its own
# (resource.name); any other check (creating one, which is checked on the project) is left as the role grants it.
# Never the state bucket, its log bucket or its key ring, which this bootstrap creates.
locals {
  state_bucket = "projects/_/buckets/${google_storage_bucket.state.name}"
  state_logs   = "projects/_/buckets/${google_storage_bucket.access_logs.name}"
  # the project's key ring (encryption_keys: <project>-<environment>-keys in the region), under the project ID or number
  key_ring = "locations/${var.region}/keyRings/${local.name}-keys"
  number   = data.google_project.this.number

  scoped_roles = {
    "roles/storage.admin" = {
      title       = "own-buckets-only"
      description = "Buckets and objects named ${local.name}-*, never the state bucket or its log bucket"
      expression  = "(resource.type != \"storage.googleapis.com/Bucket\" && resource.type != \"storage.googleapis.com/Object\" && resource.type != \"storage.googleapis.com/ManagedFolder\") || (resource.name.startsWith(\"projects/_/buckets/${local.name}-\") && resource.name != \"${local.state_bucket}\" && !resource.name.startsWith(\"${local.state_bucket}/\") && resource.name != \"${local.state_logs}\" && !resource.name.startsWith(\"${local.state_logs}/\"))"
    }
    "roles/secretmanager.admin" = {
      title       = "own-secrets-only"
      description = "Secrets named ${local.name}-*"
      expression  = "(resource.type != \"secretmanager.googleapis.com/Secret\" && resource.type != \"secretmanager.googleapis.com/SecretVersion\") || resource.name.startsWith(\"projects/${local.number}/secrets/${local.name}-\") || resource.name.startsWith(\"projects/${var.project_id}/secrets/${local.name}-\")"
    }
    "roles/cloudkms.admin" = {
      title       = "own-key-ring-only"
      description = "The key ring ${local.name}-keys and its keys, never the state key ring"
      expression  = "(resource.type != \"cloudkms.googleapis.com/KeyRing\" && resource.type != \"cloudkms.googleapis.com/CryptoKey\" && resource.type != \"cloudkms.googleapis.com/CryptoKeyVersion\" && resource.type != \"cloudkms.googleapis.com/ImportJob\") || resource.name == \"projects/${var.project_id}/${local.key_ring}\" || resource.name.startsWith(\"projects/${var.project_id}/${local.key_ring}/\") || resource.name == \"projects/${local.number}/${local.key_ring}\" || resource.name.startsWith(\"projects/${local.number}/${local.key_ring}/\")"
    }
  }
}

# apply: the predefined roles of the services this stack creates, and no other (DECISIONS.md, gcp.delivery.apply-roles);
# those of local.scoped_roles are granted below, each with its condition
resource "google_project_iam_member" "apply" {
  #checkov:skip=CKV_GCP_49:When the stack has workloads, the apply identity creates their service accounts and grants itself serviceAccountUser on each (roles/iam.serviceAccountAdmin, never serviceAccountUser on the project); it can create no key (iam.disableServiceAccountKeyCreation) and only the GitHub environment's jobs can use it (DECISIONS.md, gcp.delivery.apply-roles)
  for_each = toset([for r in var.apply_roles : r if !contains(keys(local.scoped_roles), r)])

  project = var.project_id
  role    = each.value
  member  = google_service_account.apply.member
}

# apply: the admin roles limited to the project's own buckets, secrets and key ring (local.scoped_roles)
resource "google_project_iam_member" "apply_scoped" {
  for_each = { for r in var.apply_roles : r => local.scoped_roles[r] if contains(keys(local.scoped_roles), r) }

  project = var.project_id
  role    = each.key
  member  = google_service_account.apply.member

  condition {
    title       = each.value.title
    description = each.value.description
    expression  = each.value.expression
  }
}

# the apply identity manages the project's IAM policy (the audit configuration, the workloads' project-level
# grants) but may only grant or revoke the roles the project's modules grant (none: the audit configuration only):
# it cannot give itself or anyone else another role. Never granted without this condition.
resource "google_project_iam_member" "apply_iam" {
  project = var.project_id
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = google_service_account.apply.member

  condition {
    title       = "only-workload-grants"
    description = "May grant and revoke only the project-level roles the project's workloads receive"
    expression  = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(${jsonencode(var.workload_roles)})"
  }
}
