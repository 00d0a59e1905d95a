"""The CIS Microsoft Azure Foundations Benchmark (v2.0.0) items each control answers on Azure, cited in the
decisions next to the catalogue's Microsoft cloud security benchmark and Well-Architected references."""

from __future__ import annotations

CIS_AZURE: dict[str, tuple[str, ...]] = {
    "audit-trail": ("5.1.1 diagnostic setting for subscription activity logs",
                    "5.1.2 diagnostic setting captures appropriate categories"),
    "threat-detection": ("2.1.x Microsoft Defender plans set to On",
                         "2.1.19 security contact e-mail", "2.1.20 notify about alerts"),
    "posture-management": ("2.1.14 default policy settings of Defender for Cloud not disabled",
                           "2.1.x Defender CSPM"),
    "config-recording": ("5.1.1 activity log (every write operation) retained", "5.2.x activity log alerts"),
    "budget": ("(no CIS item: Azure Well-Architected CO:04 cost guardrails)",),
    "encryption-keys": ("8.3 / 8.4 key expiration through rotation", "8.5 Key Vault recoverable",
                        "8.6 Azure RBAC for Key Vault", "8.7 private endpoints for Key Vault",
                        "8.8 automatic key rotation"),
    "default-encryption": ("3.2 infrastructure encryption", "3.12 storage encrypted with customer-managed keys",
                           "4.3.x PostgreSQL encryption"),
    "log-retention": ("5.1.x logs kept in Log Analytics with a set retention",),
    "network-flow-logs": ("6.5 flow log retention of at least 90 days", "6.6 Network Watcher enabled",
                          "5.1.6 flow logs captured and sent to Log Analytics"),
    "secrets-management": ("8.x secrets in Key Vault", "9.x App Service Key Vault references"),
    "least-privilege": ("1.23 no custom subscription administrator roles",
                        "9.5 managed identities for App Service"),
    "tagging": ("(no CIS item: Azure Well-Architected CO:03 cost attribution)",),
    "public-access-block": ("3.7 storage public network access disabled", "3.8 default network access deny",
                            "3.17 blob anonymous access disabled"),
    "web-application-firewall": ("6.4 HTTP(S) access from the internet evaluated and restricted",
                                 "9.2 HTTPS only", "9.3 latest TLS"),
    "private-data-tier": ("4.3.1 enforce SSL on PostgreSQL", "4.3.7 no access from Azure services",
                          "6.x no database port open to the internet"),
    "state-backend": ("3.1 secure transfer", "3.11 soft delete", "3.12 customer-managed keys", "3.15 TLS 1.2"),
    "access-analysis": ("1.23 no custom subscription administrator roles", "1.x role assignments reviewed"),
    "password-policy": ("1.x Entra ID tenant settings (manual)",),
    "data-access-logging": ("5.1.4 Key Vault logging enabled", "3.x storage logging for blob reads and writes"),
}


def cis(control: str) -> str:
    """``CIS Azure 2.0.0 5.1.1 (...), 5.1.2 (...)`` for a decision's text."""
    items = CIS_AZURE.get(control, ())
    return "CIS Microsoft Azure Foundations 2.0.0: " + "; ".join(items) if items else ""
