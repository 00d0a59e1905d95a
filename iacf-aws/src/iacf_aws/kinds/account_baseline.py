"""The account baseline kind: the account-level controls (CloudTrail, GuardDuty, Security Hub, Config...),
added by governance."""

from __future__ import annotations

from iacf_core import KindSpec

SPEC = KindSpec(
    name="account_baseline", default_id="governance",
    description="CloudTrail, GuardDuty, Security Hub, Config, Budgets, Access Analyzer... (added by governance).",
    modules=("account_baseline",),
    controls=("audit-trail", "threat-detection", "posture-management", "config-recording", "budget",
              "access-analysis", "data-access-logging", "password-policy", "encryption-keys", "default-encryption",
              "log-retention", "least-privilege", "public-access-block"),
    internal=True,
    emulator_unsupported={
        "aws_securityhub_account": "moto lacks Security Hub account enablement",
        "aws_securityhub_standards_subscription": "moto lacks Security Hub standards",
        "aws_budgets_budget": "moto lacks AWS Budgets",
        "aws_accessanalyzer_analyzer": "moto lacks IAM Access Analyzer",
        "aws_ebs_encryption_by_default": "moto lacks the EBS default encryption setting",
        "aws_ebs_default_kms_key": "moto lacks the EBS default KMS key",
        "aws_config_conformance_pack": "moto lacks Config conformance packs",
        "aws_s3_account_public_access_block": "the SDK sends it to <account id>.<endpoint host>, which an emulator "
                                              "on 127.0.0.1 cannot serve",
        "aws_guardduty_detector_feature": "moto's UpdateDetector replaces the whole feature list instead of "
                                          "merging it",
    },
)
