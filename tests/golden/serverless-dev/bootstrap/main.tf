# Bootstrap of the project's remote state: run once per AWS account, before the project root.
# Names follow backend.hcl.example: <project>-tfstate-<account id>, <project>-tflock, alias/<project>-tfstate.

module "state_backend" {
  source = "../modules/state_backend"

  name_prefix                        = var.project
  lock_mode                          = var.lock_mode
  state_key                          = "${var.project}/${var.environment}/terraform.tfstate"
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  kms_deletion_window_in_days        = var.kms_deletion_window_in_days
  kms_key_administrator_arns         = var.kms_key_administrator_arns
  lock_table_deletion_protection     = var.lock_table_deletion_protection
}
