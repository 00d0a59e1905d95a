provider "google" {
  project = var.project_id
  region  = var.region

  # Every labelable resource gets the mandatory labels from here (see DECISIONS.md, control "tagging"). Label
  # values take lowercase letters, digits, underscores and dashes only: owner and cost center are normalised.
  default_labels = {
    project             = var.project
    environment         = var.environment
    owner               = local.label_owner
    cost_center         = local.label_cost_center
    managed_by          = "terraform"
    data_classification = "internal"
  }
}
