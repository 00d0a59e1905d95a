# Small account-level controls: IAM Access Analyzer, EBS default encryption, S3 account-level public access
# block and the IAM password policy.

# Regional: reports resources of this account shared outside it (zone of trust = the account).
resource "aws_accessanalyzer_analyzer" "this" {
  count = var.enable_access_analyzer ? 1 : 0

  analyzer_name = local.names.access_analyzer
  type          = "ACCOUNT"

  tags = merge(var.tags, { Name = local.names.access_analyzer })
}

# Regional: every new EBS volume and snapshot copy is encrypted, with the module's CMK unless the caller
# names another key. Destroying these resources turns default encryption off / back to aws/ebs.
resource "aws_ebs_encryption_by_default" "this" {
  count = var.enable_ebs_default_encryption ? 1 : 0

  enabled = true
}

resource "aws_ebs_default_kms_key" "this" {
  count = var.enable_ebs_default_encryption ? 1 : 0

  key_arn = aws_kms_key.ebs[0].arn
}

# Global (account-wide): no bucket or access point of the account can be made public.
resource "aws_s3_account_public_access_block" "this" {
  count = var.enable_s3_account_public_access_block ? 1 : 0

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Global (account-wide): CIS AWS Foundations password policy for IAM users.
resource "aws_iam_account_password_policy" "this" {
  count = var.enable_password_policy ? 1 : 0

  minimum_password_length        = var.password_minimum_length
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
  max_password_age               = var.password_max_age_days
  hard_expiry                    = false
}
