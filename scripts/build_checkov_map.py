"""Rebuild ``iacf-aws/src/iacf_aws/data/checkov_map.yaml``: every Checkov AWS Terraform check with a severity
and, where one applies, the governance control it evidences.

Checkov's open-source edition reports no severity. The map assigns one from the check's subject, with
ordered rules (the first match wins), so the result is reproducible and reviewable:

* critical: public exposure, unrestricted network access, administrator or wildcard IAM, privilege escalation,
  credentials in code;
* high: encryption at rest or in transit, keys, authentication, IAM scoping, WAF, audit and detection services;
* medium: logging, monitoring, backups, retention, resilience (Multi-AZ, deletion protection, versioning);
* low: everything else (hygiene, cost, naming).

Entries listed in ``OVERRIDES`` win over the rules. Usage (checkov from its own virtual environment):

    checkov --list --framework terraform > /tmp/checks.txt
    python scripts/build_checkov_map.py /tmp/checks.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "iacf-aws" / "src" / "iacf_aws" / "data" / "checkov_map.yaml"

SEVERITY_RULES: list[tuple[str, str]] = [
    ("critical", r"0\.0\.0\.0|::/0|unrestricted|publicly accessible|public access|public read|public write|"
                 r"allow public|not public|public facing|all authenticated|anonymous|full iam|full admin|"
                 r"administrative|admin privileges|privilege escalation|credentials exposure|hard.?coded|"
                 r"secrets? (?:in|are not|is not)|do(?:es)? not (?:contain|expose) secrets|wildcard|\"\*\"|'\*'|"
                 r"root (?:account|user)|data exfiltration|permissions management"),
    ("high", r"block public|ignore public|restrict_public|public ip|non-privileged|github actions oidc|"
             r"encrypt|kms|cmk|customer managed key|tls|ssl|https|in transit|iam|mfa|password|waf|"
             r"authenticat|authoriz|security group|ingress|egress|imdsv?2|metadata|cloudtrail|guardduty|"
             r"security hub|aws config|config recorder|log4j|signing|signed|secret|token|write access|"
             r"privileges|policy does not allow|deny"),
    ("medium", r"log|monitor|backup|snapshot|retention|retain|multi-?az|deletion protection|versioning|"
               r"point.in.time|recovery|scan|x-?ray|tracing|flow|rotation|insights|audit|alarm|"
               r"dead letter|dlq|replication|immutable|health check|redirect"),
]

CONTROL_RULES: list[tuple[str, str]] = [
    ("audit-trail", r"cloudtrail"),
    ("threat-detection", r"guardduty"),
    ("posture-management", r"security hub"),
    ("config-recording", r"aws config|config recorder|config must record|config is enabled"),
    ("access-analysis", r"access analyzer"),
    ("password-policy", r"password policy|iam password"),
    ("budget", r"budget"),
    ("network-flow-logs", r"flow log"),
    ("log-retention", r"retention|retained"),
    ("secrets-management", r"secrets manager|hard.?coded|secret|credentials"),
    ("web-application-firewall", r"waf|log4j"),
    ("public-access-block", r"public access block|block public|ignore public|restrict_public|"
                            r"publicly accessible|public access|"
                            r"public read|public write|not public|all authenticated"),
    ("private-data-tier", r"0\.0\.0\.0|::/0|unrestricted|security group|ingress|egress|public ip|subnet"),
    ("least-privilege", r"non-privileged|oidc|iam|privilege|permissions|admin|policy does not allow|"
                        r"wildcard|\"\*\"|assume role"),
    ("encryption-keys", r"kms|cmk|customer managed"),
    ("default-encryption", r"encrypt|tls|ssl|https|in transit"),
    ("data-access-logging", r"log|monitor|audit|tracing|x-?ray"),
    ("tagging", r"tagged|tagging|resources? (?:are|is) tagged|tags are (?:applied|defined)"),
]

# reviewed exceptions to the rules: id -> (severity, control or "")
OVERRIDES: dict[str, tuple[str, str]] = {
    "CKV_AWS_144": ("low", ""),             # S3 cross-region replication: resilience choice, not a control
    "CKV_AWS_145": ("high", "encryption-keys"),  # S3 encrypted with KMS by default
    "CKV2_AWS_62": ("low", ""),             # S3 event notifications: operational choice
    "CKV_AWS_18": ("medium", "data-access-logging"),  # S3 access logging
    "CKV_AWS_21": ("medium", ""),           # S3 versioning
    "CKV_AWS_338": ("medium", "log-retention"),  # log groups kept at least one year
    "CKV_AWS_158": ("high", "encryption-keys"),  # log groups encrypted with KMS
    "CKV2_AWS_5": ("low", ""),              # security group attached to a resource
    "CKV2_AWS_12": ("high", "private-data-tier"),  # default security group restricts all traffic
    "CKV_AWS_382": ("high", "private-data-tier"),  # no unrestricted egress
    "CKV_AWS_23": ("low", ""),              # security group rules have a description
    "CKV_AWS_150": ("medium", ""),          # load balancer deletion protection
    "CKV_AWS_293": ("medium", ""),          # RDS deletion protection
    "CKV_AWS_157": ("medium", ""),          # RDS Multi-AZ
    "CKV2_AWS_60": ("low", ""),             # RDS copy tags to snapshots
    "CKV_AWS_226": ("low", ""),             # RDS auto minor version upgrade
    "CKV_AWS_118": ("medium", "data-access-logging"),  # RDS enhanced monitoring
    "CKV_AWS_353": ("medium", "data-access-logging"),  # RDS performance insights
    "CKV_AWS_354": ("high", "encryption-keys"),  # RDS performance insights encrypted with KMS
    "CKV_AWS_51": ("medium", ""),           # ECR image tags immutable (supply chain, not the tagging control)
    "CKV_AWS_261": ("low", ""),             # target group health check
    "CKV_AWS_93": ("low", ""),              # bucket policy does not lock out everybody but root
    "CKV2_AWS_20": ("medium", "default-encryption"),  # HTTP redirected to HTTPS
    "CKV_AWS_358": ("critical", "least-privilege"),  # GitHub OIDC trust: safe claims only
    "CKV_AWS_393": ("critical", "least-privilege"),  # GitHub OIDC trust: safe claims only
}

ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def classify(title: str) -> tuple[str, str]:
    text = title.lower()
    severity = next((sev for sev, rx in SEVERITY_RULES if re.search(rx, text)), "low")
    control = next((ctl for ctl, rx in CONTROL_RULES if re.search(rx, text)), "")
    return severity, control


def parse_list(text: str) -> dict[str, str]:
    checks: dict[str, str] = {}
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 7:
            continue
        check_id, title, iac = parts[2], parts[5], parts[6]
        if re.fullmatch(r"CKV2?_AWS_\d+", check_id) and iac == "Terraform":
            checks.setdefault(check_id, title)
    return checks


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(check_id: str) -> tuple[int, int]:
    prefix, number = check_id.rsplit("_", 1)
    return (0 if prefix == "CKV_AWS" else 1, int(number))


def main(argv: list[str]) -> int:
    checks = parse_list(Path(argv[1]).read_text(encoding="utf-8"))
    lines = ["# Checkov AWS check id -> severity and governance control. Built by scripts/build_checkov_map.py;",
             "# edit OVERRIDES there, not this file. Severities: critical, high, medium, low.", "checks:"]
    for check_id in sorted(checks, key=_key):
        severity, control = OVERRIDES.get(check_id) or classify(checks[check_id])
        lines.append(f"  {check_id}: {{severity: {severity}, control: {_quote(control)}, "
                     f"title: {_quote(checks[check_id])}}}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(checks)} checks -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
