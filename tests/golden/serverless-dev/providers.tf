provider "aws" {
  region = var.region

  # Every taggable resource gets the mandatory tags from here (see DECISIONS.md, control "tagging").
  default_tags {
    tags = {
      Project            = var.project
      Environment        = var.environment
      Owner              = var.owner
      CostCenter         = var.cost_center
      ManagedBy          = "terraform"
      DataClassification = "internal"
    }
  }
}
