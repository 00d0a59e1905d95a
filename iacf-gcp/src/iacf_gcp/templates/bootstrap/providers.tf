provider "google" {
  project = var.project_id
  region  = var.region

  # Every labelable resource gets the mandatory labels from here (see DECISIONS.md, control "tagging").
  default_labels = {
    project             = var.project
    environment         = var.environment
    owner               = local.owner
    cost_center         = local.cost_center
    managed_by          = "terraform"
    data_classification = var.data_classification
  }
}

locals {
  # label values: lowercase letters, digits, underscores and dashes only
  owner       = substr(lower(replace(var.owner, "/[^a-zA-Z0-9_-]/", "_")), 0, 63)
  cost_center = substr(lower(replace(var.cost_center, "/[^a-zA-Z0-9_-]/", "_")), 0, 63)
}
