# A Secrets Manager secret encrypted with a CMK, created WITHOUT a value: no secret material is ever written
# in Terraform code or state. The operator sets the value out of band (see README), e.g.
#   aws secretsmanager put-secret-value --secret-id <arn> --secret-string "$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')"

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:Automatic rotation needs a rotation Lambda, which this stack does not deploy; the value is generated and rotated out of band by the operator (runbook in the module README).
  name                    = var.name
  description             = var.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = merge(var.tags, { Name = var.name })
}
