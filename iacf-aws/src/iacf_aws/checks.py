"""AWS validation gates: mandatory tags through ``default_tags``, no open ingress but 80/443, and no data source or
resource argument that puts a secret value in the state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iacf_core import Finding, Severity, Stack
from iacf_core.hcl import Block, HclError, blocks, load_file, tf_files
from iacf_core.validation.state_secrets import StateSecret, check_state_secrets

MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")
OPEN_CIDRS = {"0.0.0.0/0", "::/0"}
WEB_PORTS = {80, 443}

_EPHEMERAL = "the ephemeral resource of the same name (Terraform >= 1.11) feeding a write-only argument"
# what the hashicorp/aws provider (5.x) keeps in the state in clear text, and what to write instead
STATE_SECRETS: tuple[StateSecret, ...] = (
    StateSecret("data", "aws_secretsmanager_secret_version",
                "give the consumer the secret's ARN (ECS secrets, GetSecretValue at run time) or use " + _EPHEMERAL),
    StateSecret("data", "aws_secretsmanager_random_password", "use " + _EPHEMERAL),
    StateSecret("data", "aws_kms_secrets", "decrypt at run time, or use the ephemeral aws_kms_secrets"),
    StateSecret("data", "aws_kms_secret", "decrypt at run time"),
    StateSecret("data", "aws_ssm_parameter", "set with_decryption = false (String parameters) or use "
                + _EPHEMERAL, unless={"with_decryption": False}),
    StateSecret("resource", "aws_secretsmanager_secret_version", "use secret_string_wo with an ephemeral value",
                argument="secret_string"),
    StateSecret("resource", "aws_secretsmanager_secret_version", "use secret_string_wo (a base64 string)",
                argument="secret_binary"),
    StateSecret("resource", "aws_db_instance", "use manage_master_user_password = true (or password_wo)",
                argument="password"),
    StateSecret("resource", "aws_rds_cluster", "use manage_master_user_password = true (or master_password_wo)",
                argument="master_password"),
    StateSecret("resource", "aws_docdb_cluster", "use master_password_wo", argument="master_password"),
    StateSecret("resource", "aws_redshift_cluster", "use manage_master_password = true (or master_password_wo)",
                argument="master_password"),
    StateSecret("resource", "aws_elasticache_replication_group",
                "use a user group whose users authenticate with IAM (user_group_ids)", argument="auth_token"),
    StateSecret("resource", "aws_elasticache_user", "use authentication_mode { type = \"iam\" }",
                argument="passwords"),
    StateSecret("resource", "aws_ssm_parameter", "use value_wo", argument="value", when={"type": "SecureString"}),
    StateSecret("resource", "aws_iam_access_key", "use a role (no long-lived access key)"),
    StateSecret("resource", "aws_iam_user_login_profile", "let the user set the password through the console"),
    StateSecret("resource", "aws_kms_ciphertext", "encrypt at run time", argument="plaintext"),
)


def _documents(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    docs = []
    for path in tf_files(root):
        try:
            docs.append((path, load_file(path)))
        except (HclError, UnicodeDecodeError):
            continue  # reported by the core HCL gate
    return docs


def uses_aws(root: Path) -> bool:
    for _path, doc in _documents(root):
        for block in blocks(doc, _path, "provider", 1):
            if block.labels[0] == "aws":
                return True
        for block in blocks(doc, _path, "resource", 2):
            if block.labels[0].startswith("aws_"):
                return True
    return False


def check_tags(root: Path, required: tuple[str, ...] = MANDATORY_TAGS) -> list[Finding]:
    """Every root module's ``provider "aws"`` block carries ``default_tags`` with the mandatory keys."""
    findings: list[Finding] = []
    providers = 0
    for path, doc in _documents(root):
        rel = path.relative_to(root)
        if "modules" in rel.parts:
            continue
        for block in blocks(doc, path, "provider", 1):
            if block.labels[0] != "aws":
                continue
            providers += 1
            tags = _default_tags(block)
            missing = [k for k in required if k not in tags]
            if missing:
                findings.append(Finding(
                    gate="tags", check="iacf.tags.default-tags", severity=Severity.ERROR,
                    message=f"provider aws ({block.body.get('alias', 'default')}) default_tags lack: "
                            f"{', '.join(missing)}",
                    file=str(rel),
                ))
    if providers == 0:
        findings.append(Finding(gate="tags", check="iacf.tags.no-provider", severity=Severity.ERROR,
                                message="no provider \"aws\" block in a root module: nothing applies default_tags"))
    elif not findings:
        findings.append(Finding(gate="tags", check="iacf.tags.default-tags", severity=Severity.INFO,
                                message=f"{providers} aws provider block(s) tag every resource with "
                                        f"{', '.join(required)}"))
    return findings


def _default_tags(block: Block) -> dict[str, Any]:
    dt = block.body.get("default_tags")
    if isinstance(dt, list):
        dt = dt[0] if dt else {}
    if not isinstance(dt, dict):
        return {}
    tags = dt.get("tags", {})
    if isinstance(tags, str):  # a single expression such as local.tags: look it up in locals
        return {k: True for k in MANDATORY_TAGS if k in tags}
    return tags if isinstance(tags, dict) else {}


def _ports(body: dict[str, Any]) -> tuple[Any, Any]:
    return body.get("from_port"), body.get("to_port")


def _open_finding(path: Path, root: Path, address: str, ports: tuple[Any, Any]) -> Finding | None:
    low, high = ports
    if isinstance(low, int) and isinstance(high, int) and low == high and low in WEB_PORTS:
        return None
    return Finding(
        gate="ingress", check="iacf.ingress.open", severity=Severity.ERROR,
        message=f"ingress from the internet on ports {low}-{high}: only 80 and 443 on a public load balancer "
                "may be open to 0.0.0.0/0 or ::/0",
        file=str(path.relative_to(root)), resource=address,
    )


def check_ingress(root: Path) -> list[Finding]:
    findings: list[Finding] = []
    rules = 0
    for path, doc in _documents(root):
        for block in blocks(doc, path, "resource", 2):
            rtype, body = block.labels[0], block.body
            cidrs: set[str] = set()
            if rtype == "aws_vpc_security_group_ingress_rule":
                cidrs = {str(body.get("cidr_ipv4", "")), str(body.get("cidr_ipv6", ""))}
                ports = _ports(body)
            elif rtype == "aws_security_group_rule" and body.get("type") == "ingress":
                cidrs = {*map(str, body.get("cidr_blocks", []) or []),
                         *map(str, body.get("ipv6_cidr_blocks", []) or [])}
                ports = _ports(body)
            elif rtype == "aws_security_group":
                for rule in body.get("ingress", []) or []:
                    if isinstance(rule, dict):
                        rc = {*map(str, rule.get("cidr_blocks", []) or []),
                              *map(str, rule.get("ipv6_cidr_blocks", []) or [])}
                        rules += 1
                        if rc & OPEN_CIDRS:
                            found = _open_finding(path, root, block.address, _ports(rule))
                            if found:
                                findings.append(found)
                continue
            else:
                continue
            rules += 1
            if cidrs & OPEN_CIDRS:
                found = _open_finding(path, root, block.address, ports)
                if found:
                    findings.append(found)
    if not findings:
        findings.append(Finding(gate="ingress", check="iacf.ingress.open", severity=Severity.INFO,
                                message=f"{rules} ingress rule(s): none open to the internet beyond 80/443"))
    return findings


def validate(root: Path, stack: Stack | None) -> list[Finding]:
    if stack is not None and stack.cloud != "aws":
        return []
    if stack is None and not uses_aws(root):
        return []
    required = MANDATORY_TAGS
    if stack is not None:
        required = tuple(dict.fromkeys([*MANDATORY_TAGS, *stack.policy.tags.required]))
    return [*check_tags(root, required), *check_ingress(root), *check_state_secrets(root, STATE_SECRETS)]
