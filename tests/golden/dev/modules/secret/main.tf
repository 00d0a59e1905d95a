# A Secrets Manager secret encrypted with a CMK, created WITHOUT a value: no secret material is ever written
# in Terraform code or state, and Terraform never reads it. A resource policy lets only the named roles read
# the value (deny everyone else; public policies blocked). The operator sets the value out of band (see
# README), e.g.
#   aws secretsmanager put-secret-value --secret-id <arn> --secret-string "$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:Automatic rotation needs a rotation Lambda, which this stack does not deploy; the value is generated and rotated out of band by the operator (runbook in the module README).
  name                    = var.name
  description             = var.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Name = var.name })
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Only the reader roles read the value; AWS services and their service-linked roles are not concerned. The
# operator still writes it (PutSecretValue); an administrator who must read it changes this policy first,
# which CloudTrail records.
resource "aws_secretsmanager_secret_policy" "this" {
  secret_arn          = aws_secretsmanager_secret.this.arn
  block_public_policy = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyTheReaderRolesReadTheValue"
      Effect    = "Deny"
      Principal = "*"
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
      Condition = {
        ArnNotLike = {
          "aws:PrincipalArn" = concat(var.reader_role_arns, [
            "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/aws-service-role/*",
          ])
        }
        BoolIfExists = { "aws:PrincipalIsAWSService" = "false" }
      }
    }]
  })
}
