"""Rebuild a cloud's ``data/checkov_map.yaml`` (``iacf-<cloud>/src/iacf_<cloud>/data/``): every Checkov Terraform
check of that cloud (AWS: ``CKV_AWS_*``/``CKV2_AWS_*``, Azure: ``CKV_AZURE_*``/``CKV2_AZURE_*``, Google Cloud:
``CKV_GCP_*``/``CKV2_GCP_*``) with a severity and, where one applies, the governance control it evidences.

Checkov's open-source edition reports no severity. The map assigns one from the check's subject, with
ordered rules (the first match wins), so the result is reproducible and reviewable:

* critical: public exposure, unrestricted network access, administrator or wildcard IAM, privilege escalation,
  credentials in code;
* high: encryption at rest or in transit, keys, authentication, IAM scoping, WAF, audit and detection services;
* medium: logging, monitoring, backups, retention, resilience (Multi-AZ, deletion protection, versioning);
* low: everything else (hygiene, cost, naming).

Azure and Google Cloud use the same four levels with their own words (Defender, Key Vault, NSG, customer-managed
keys; basic roles, CSEK, Cloud Armor, OS Login...). Entries listed in a cloud's overrides win over the rules.
Usage (checkov from its own virtual environment):

    checkov --list --framework terraform > /tmp/checks.txt
    python scripts/build_checkov_map.py /tmp/checks.txt                  # AWS
    python scripts/build_checkov_map.py --cloud azure /tmp/checks.txt
    python scripts/build_checkov_map.py --cloud gcp /tmp/checks.txt
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

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

# Azure: the same levels; public network access and internet-open rules are critical, identities (Entra ID,
# local authentication off, managed identities, RBAC), customer-managed keys, Defender and private endpoints high
AZURE_SEVERITY_RULES: list[tuple[str, str]] = [
    ("critical", r"0\.0\.0\.0|::/0|unrestricted|from the internet|overly permissive|publicly accessible|"
                 r"public access|public network access|public networking|disallow public|allowed ips does not give|"
                 r"anonymous|custom subscription owner|privileged escalation|credentials (?:are )?exposed|"
                 r"password is not exposed|secure values|github actions oidc|all resource to access"),
    ("high", r"customer.managed|cmk|key vault|encrypt|tls|ssl|https|http traffic|in transit|defender|"
             r"threat|vulnerability|active directory|azure ad|entra|authentication|local auth|local admin|"
             r"admin account|shared key|local users|managed identit|rbac|network policy|private endpoint|"
             r"private cluster|private link|firewall|network security group|nsg|waf|log4j|public ip|"
             r"ip forwarding|ssh|password|purge protection|expiration|secrets? |client certificate|"
             r"remote debugging|ftp|policies add-on|data exfiltration|virtual network|vnet|signed"),
    ("medium", r"log|monitor|audit|backup|geo-redundant|retention|soft.?delete|recoverable|zone redundant|"
               r"replication|upgrade|patching|auto.?rotation|scan|alert|security contact|quarantine|"
               r"trusted microsoft services|health check|deletion"),
]

AZURE_CONTROL_RULES: list[tuple[str, str]] = [
    ("audit-trail", r"activity log|audit profile|'auditing'|auditing policy|extended audit"),
    ("threat-detection", r"defender|threat detection|threat protection|security alert|"
                         r"email notification for high severity"),
    ("posture-management", r"security contact|vulnerability assessment|\bva\b|policies add-on"),
    ("budget", r"budget"),
    ("network-flow-logs", r"flow log"),
    ("log-retention", r"retention|retained|retain"),
    ("secrets-management", r"hard.?coded|secret|credentials|password is not exposed|custom_data|secure values"),
    ("web-application-firewall", r"waf|log4j"),
    ("public-access-block", r"public access|public network access|public networking|publicly accessible|"
                            r"anonymous|disallow public|not public|allowed ips does not give"),
    ("private-data-tier", r"0\.0\.0\.0|::/0|unrestricted|from the internet|overly permissive|firewall|"
                          r"network security group|nsg|private endpoint|private cluster|private link|"
                          r"public ip|ip forwarding|virtual network|vnet|network policy|network access"),
    ("least-privilege", r"oidc|rbac|managed identit|local auth|local admin|admin account|local users|"
                        r"shared key|owner role|privilege|active directory|azure ad|entra|authentication"),
    ("encryption-keys", r"customer.managed|cmk|key vault|purge protection|hsm|disk encryption set|"
                        r"expiration date is set on all keys"),
    ("default-encryption", r"encrypt|tls|ssl|https|http traffic|in transit"),
    ("data-access-logging", r"log|monitor|audit|tracing|diagnostic"),
    ("tagging", r"tagged|tagging|tags are"),
]

AZURE_OVERRIDES: dict[str, tuple[str, str]] = {
    "CKV_AZURE_35": ("critical", "public-access-block"),  # storage default network rule: deny
    "CKV_AZURE_36": ("low", ""),            # trusted Microsoft services bypass: an operational choice
    "CKV_AZURE_43": ("low", ""),            # storage account naming rules
    "CKV_AZURE_59": ("critical", "public-access-block"),  # storage accounts disallow public access
    "CKV_AZURE_109": ("high", "private-data-tier"),  # Key Vault firewall (default deny)
    "CKV_AZURE_110": ("high", "encryption-keys"),  # Key Vault purge protection
    "CKV_AZURE_111": ("high", "encryption-keys"),  # Key Vault soft delete
    "CKV_AZURE_112": ("medium", "encryption-keys"),  # HSM-backed keys: a tier choice
    "CKV_AZURE_114": ("low", ""),           # secret content_type: metadata
    "CKV_AZURE_37": ("medium", "log-retention"),  # activity log kept at least a year
    "CKV_AZURE_39": ("critical", "least-privilege"),  # no custom subscription owner role
    "CKV_AZURE_206": ("medium", ""),        # storage replication: resilience
    "CKV_AZURE_211": ("low", ""),           # App Service plan SKU for production: sizing
    "CKV_AZURE_212": ("medium", ""),        # App Service instances for failover: resilience
    "CKV_AZURE_225": ("medium", ""),        # zone-redundant App Service plan: resilience
    "CKV_AZURE_168": ("low", ""),           # AKS max pods per node: sizing
    "CKV_AZURE_170": ("low", ""),           # AKS paid SLA tier: cost
    "CKV2_AZURE_38": ("medium", ""),        # storage soft delete: recovery
    "CKV2_AZURE_40": ("high", "least-privilege"),  # storage accounts without shared keys: Entra ID only
    "CKV2_AZURE_1": ("high", "encryption-keys"),  # storage encrypted with a customer-managed key
    "CKV2_AZURE_6": ("critical", "private-data-tier"),  # "allow access to Azure services" opens the server
    "CKV2_AZURE_29": ("medium", "private-data-tier"),  # AKS Azure CNI
    "CKV_AZURE_6": ("high", "private-data-tier"),  # AKS API server authorized IP ranges
    "CKV_AZURE_8": ("medium", ""),          # Kubernetes dashboard off
    "CKV_AZURE_57": ("medium", ""),         # CORS not open to every origin
    "CKV_AZURE_99": ("high", "private-data-tier"),  # Cosmos DB restricted network access
    "CKV_AZURE_157": ("high", "private-data-tier"),  # Synapse data exfiltration protection
    "CKV_AZURE_184": ("high", "least-privilege"),  # local (key) authentication off: Entra ID only
    "CKV_AZURE_197": ("high", "default-encryption"),  # CDN without an HTTP endpoint
    "CKV_AZURE_217": ("high", "default-encryption"),  # Application Gateway listeners not plain HTTP
    "CKV_AZURE_246": ("medium", ""),        # AKS HTTP application routing off
}

# Google Cloud: public members and internet-open rules are critical; basic roles, default service accounts and
# service-account impersonation critical (least privilege); CMEK/CSEK, TLS, Cloud Armor, OS Login high
GCP_SEVERITY_RULES: list[tuple[str, str]] = [
    ("critical", r"0\.0\.0\.0|::/0|unrestricted|open to the world|anonymously|publicly accessible|"
                 r"public access|should not be public|not public|overly permissive|basic roles|"
                 r"admin(?:istrative)? privileges|impersonate|default service account|"
                 r"service account user|token creator|github actions oidc|hard.?coded|"
                 r"allow on ftp port"),
    ("high", r"customer (?:managed|supplied)|cmk|csek|kms|encrypt|tls|ssl|https|http proxies|in ?transit|"
             r"weak cipher|iam|workload identity|auth|rbac|legacy|network policy|private|public ip|"
             r"firewall|ip forwarding|ssh|oslogin|serial port|shielded|secure boot|integrity monitoring|"
             r"binary authorization|metadata server|cloud armor|log4j|dnssec|rsasha1|"
             r"service account keys|master authorized|control plane|uniform bucket"),
    ("medium", r"log|monitor|stackdriver|backup|point-in-time|retention|versioning|deletion protection|"
               r"drop protection|protected from deletion|rotated|upgrade|repair|release channel|scan|"
               r"flag|default network|legacy networks|alpha"),
]

GCP_CONTROL_RULES: list[tuple[str, str]] = [
    ("audit-trail", r"cloud audit logging|pgaudit"),
    ("budget", r"budget"),
    ("network-flow-logs", r"flow log"),
    ("log-retention", r"retention"),
    ("secrets-management", r"hard.?coded|secret|credentials"),
    ("web-application-firewall", r"cloud armor|log4j"),
    ("public-access-block", r"anonymously|publicly accessible|public access|should not be public|not public|"
                            r"open to the world"),
    ("private-data-tier", r"0\.0\.0\.0|::/0|unrestricted|firewall|ingress|public ip|private|ip forwarding|"
                          r"master authorized|control plane|network policy|default network|legacy networks|"
                          r"ftp port"),
    ("least-privilege", r"basic roles|admin|impersonate|service account|token creator|iam|oidc|"
                        r"workload identity|rbac|legacy authorization|oslogin|ssh keys|serial port"),
    ("encryption-keys", r"customer (?:managed|supplied)|cmk|csek|kms"),
    ("default-encryption", r"encrypt|tls|ssl|https|in ?transit|cipher"),
    ("data-access-logging", r"log|monitor|stackdriver|audit"),
    ("tagging", r"labels"),
]

GCP_OVERRIDES: dict[str, tuple[str, str]] = {
    "CKV_GCP_29": ("high", "public-access-block"),  # uniform bucket-level access: no object ACLs
    "CKV_GCP_62": ("medium", "data-access-logging"),  # bucket usage logs
    "CKV_GCP_63": ("low", ""),              # bucket not logging to itself
    "CKV_GCP_78": ("medium", ""),           # bucket versioning: recovery
    "CKV_GCP_79": ("low", ""),              # newest SQL major version: hygiene
    "CKV_GCP_43": ("high", "encryption-keys"),  # KMS keys rotated within 90 days
    "CKV_GCP_82": ("medium", "encryption-keys"),  # KMS keys protected from deletion
    "CKV_GCP_74": ("medium", "private-data-tier"),  # Private Google Access on subnets
    "CKV_GCP_76": ("medium", "private-data-tier"),  # Private Google Access for IPv6
    "CKV_GCP_26": ("medium", "network-flow-logs"),  # subnet flow logs
    "CKV_GCP_61": ("medium", "network-flow-logs"),  # GKE intranode visibility
    "CKV_GCP_21": ("low", "tagging"),       # GKE cluster labels
    "CKV_GCP_95": ("high", "least-privilege"),  # Memorystore AUTH
    "CKV_GCP_97": ("high", "default-encryption"),  # Memorystore TLS in transit
    "CKV_GCP_6": ("high", "default-encryption"),  # Cloud SQL requires TLS
    "CKV_GCP_14": ("medium", ""),           # Cloud SQL backups: recovery
    "CKV_GCP_102": ("critical", "public-access-block"),  # Cloud Run not public
    "CKV_GCP_107": ("critical", "public-access-block"),  # Cloud Functions not public
    "CKV_GCP_124": ("high", "private-data-tier"),  # Cloud Functions internal ingress
    "CKV_GCP_125": ("critical", "least-privilege"),  # GitHub OIDC trust: safe claims only
    "CKV2_GCP_10": ("high", "least-privilege"),  # Cloud Functions HTTP trigger secured
    "CKV2_GCP_18": ("medium", "private-data-tier"),  # own firewall rules, not the default ones
}


@dataclass(frozen=True)
class Cloud:
    """What differs between clouds: the ids, the label in the file's header, the rules and the overrides."""

    name: str
    label: str
    prefix: str  # CKV_<prefix>_<n> and CKV2_<prefix>_<n>
    severity_rules: list[tuple[str, str]]
    control_rules: list[tuple[str, str]]
    overrides: dict[str, tuple[str, str]]

    @property
    def out(self) -> Path:
        return REPO / f"iacf-{self.name}" / "src" / f"iacf_{self.name}" / "data" / "checkov_map.yaml"


CLOUDS = {
    "aws": Cloud("aws", "AWS", "AWS", SEVERITY_RULES, CONTROL_RULES, OVERRIDES),
    "azure": Cloud("azure", "Azure", "AZURE", AZURE_SEVERITY_RULES, AZURE_CONTROL_RULES, AZURE_OVERRIDES),
    "gcp": Cloud("gcp", "Google Cloud", "GCP", GCP_SEVERITY_RULES, GCP_CONTROL_RULES, GCP_OVERRIDES),
}

ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def classify(title: str, cloud: Cloud = CLOUDS["aws"]) -> tuple[str, str]:
    text = title.lower()
    severity = next((sev for sev, rx in cloud.severity_rules if re.search(rx, text)), "low")
    control = next((ctl for ctl, rx in cloud.control_rules if re.search(rx, text)), "")
    return severity, control


def parse_list(text: str, cloud: Cloud = CLOUDS["aws"]) -> dict[str, str]:
    checks: dict[str, str] = {}
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 7:
            continue
        check_id, title, iac = parts[2], parts[5], parts[6]
        if re.fullmatch(rf"CKV2?_{cloud.prefix}_\d+", check_id) and iac == "Terraform":
            checks.setdefault(check_id, title)
    return checks


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(check_id: str) -> tuple[int, int]:
    prefix, number = check_id.rsplit("_", 1)
    return (0 if prefix.startswith("CKV_") else 1, int(number))


def render(checks: dict[str, str], cloud: Cloud) -> str:
    """The map file: one line per check, CKV_ ids before CKV2_ ids, each in numeric order."""
    lines = [f"# Checkov {cloud.label} check id -> severity and governance control. Built by "
             "scripts/build_checkov_map.py;",
             "# edit OVERRIDES there, not this file. Severities: critical, high, medium, low.", "checks:"]
    for check_id in sorted(checks, key=_key):
        severity, control = cloud.overrides.get(check_id) or classify(checks[check_id], cloud)
        lines.append(f"  {check_id}: {{severity: {severity}, control: {_quote(control)}, "
                     f"title: {_quote(checks[check_id])}}}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    args = argv[1:]
    name = "aws"
    if len(args) == 3 and args[0] == "--cloud":
        name, args = args[1], args[2:]
    if len(args) != 1 or name not in CLOUDS:
        print(f"usage: {argv[0]} [--cloud {'|'.join(CLOUDS)}] CHECKOV_LIST", file=sys.stderr)
        return 2
    cloud = CLOUDS[name]
    checks = parse_list(Path(args[0]).read_text(encoding="utf-8"), cloud)
    cloud.out.write_text(render(checks, cloud), encoding="utf-8")
    print(f"{len(checks)} checks -> {cloud.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
