provider "aws" {
  region = var.aws_region

  # Every taggable resource gets the mandatory tags from here.
  default_tags {
    tags = {
      Project     = var.project
      Environment = var.environment
      Owner       = var.owner
      CostCenter  = var.cost_center
      ManagedBy   = "terraform"
    }
  }
}
