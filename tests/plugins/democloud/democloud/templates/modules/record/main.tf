resource "terraform_data" "this" {
  input = {
    name     = var.name
    tags     = var.tags
    settings = var.settings
  }
}
