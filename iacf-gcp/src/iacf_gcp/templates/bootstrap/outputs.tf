output "state_bucket" {
  description = "Name of the state bucket (backend.hcl: bucket)."
  value       = google_storage_bucket.state.name
}

output "workload_identity_provider" {
  description = "Full name of the GitHub provider (GitHub variable GCP_WORKLOAD_IDENTITY_PROVIDER)."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "plan_service_account" {
  description = "Email of the plan service account (GitHub variable GCP_PLAN_SERVICE_ACCOUNT)."
  value       = google_service_account.plan.email
}

output "apply_service_account" {
  description = "Email of the apply service account (GitHub environment variable GCP_APPLY_SERVICE_ACCOUNT)."
  value       = google_service_account.apply.email
}

output "backend_hcl" {
  description = "The project's backend.hcl, filled in."
  value       = "bucket = \"${google_storage_bucket.state.name}\"\nprefix = \"${var.project}/${var.environment}\"\n"
}

output "github_settings" {
  description = "Commands setting the GitHub variables the workflow reads (gh CLI, run from the repository)."
  value       = <<-EOT
    gh variable set GCP_PROJECT_ID --body "${var.project_id}"
    gh variable set GCP_WORKLOAD_IDENTITY_PROVIDER --body "${google_iam_workload_identity_pool_provider.github.name}"
    gh variable set GCP_PLAN_SERVICE_ACCOUNT --body "${google_service_account.plan.email}"
    gh variable set TF_STATE_BUCKET --body "${google_storage_bucket.state.name}"
    gh api -X PUT "repos/${local.repository}/environments/${var.environment}" -F "deployment_branch_policy[protected_branches]=true" -F "deployment_branch_policy[custom_branch_policies]=false"
    gh variable set GCP_APPLY_SERVICE_ACCOUNT --env ${var.environment} --body "${google_service_account.apply.email}"
  EOT
}
