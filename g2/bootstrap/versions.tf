terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }

  # The bootstrap creates the remote state, so its own state starts local (terraform.tfstate in this
  # directory; keep it safe, never commit it). README.md explains how to move it into the bucket afterwards.
  backend "local" {}
}
