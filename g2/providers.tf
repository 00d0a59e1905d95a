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

# CloudFront only accepts ACM certificates and CLOUDFRONT-scope WAF web ACLs from us-east-1 (see DECISIONS.md).
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

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
