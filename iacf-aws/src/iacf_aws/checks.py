"""AWS validation gates: mandatory tags through ``default_tags``, no open ingress but 80/443, no listener or
distribution on a certificate that may not be issued yet, a permissions boundary on every IAM role, a warning when
prod has nobody to notify, and no data source or resource argument that puts a secret value in the state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from iacf_core import Finding, Severity, Stack
from iacf_core.toolkit.hcl import HclError, blocks, load_file, parsed_files
from iacf_core.toolkit.hclrefs import Configuration, Source
from iacf_core.toolkit.ingress import IngressRules, Opening, as_strings
from iacf_core.toolkit.ingress import check_ingress as core_check_ingress
from iacf_core.toolkit.tags import TagRules
from iacf_core.toolkit.tags import check_tags as core_check_tags
from iacf_core.toolkit.validation.state_secrets import StateSecret, check_state_secrets

MANDATORY_TAGS = ("Project", "Environment", "Owner", "CostCenter", "ManagedBy")

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
    return parsed_files(root)


AWS_TAGS = TagRules(provider="aws", source="registry.terraform.io/hashicorp/aws",
                    default_tags=("default_tags", "tags"))


def check_tags(root: Path, required: tuple[str, ...] = MANDATORY_TAGS) -> list[Finding]:
    """Every root module's ``provider "aws"`` block carries ``default_tags`` with the mandatory keys."""
    return core_check_tags(root, AWS_TAGS, required)


def _ports(body: dict[str, Any]) -> tuple[Any, Any]:
    return body.get("from_port"), body.get("to_port")


def _cidrs(body: dict[str, Any]) -> frozenset[str]:
    return as_strings(body.get("cidr_blocks") or []) | as_strings(body.get("ipv6_cidr_blocks") or [])


# the three ways to write an ingress rule on AWS: the rule resource, the legacy rule, the group's inline blocks
INGRESS = IngressRules(readers={
    "aws_vpc_security_group_ingress_rule": lambda body: [
        Opening(as_strings(body.get("cidr_ipv4")) | as_strings(body.get("cidr_ipv6")), _ports(body))],
    "aws_security_group_rule": lambda body: [Opening(_cidrs(body), _ports(body))]
    if body.get("type") == "ingress" else [],
    "aws_security_group": lambda body: [Opening(_cidrs(rule), _ports(rule))
                                        for rule in body.get("ingress", []) or [] if isinstance(rule, dict)],
})


def check_ingress(root: Path) -> list[Finding]:
    """No security group rule open to 0.0.0.0/0 or ::/0 but on 80 or 443."""
    return core_check_ingress(root, INGRESS)


# resource type → the argument naming the certificate it serves (at any depth: viewer_certificate, dynamic blocks)
CERTIFICATE_USERS = {
    "aws_lb_listener": "certificate_arn",
    "aws_alb_listener": "certificate_arn",
    "aws_lb_listener_certificate": "certificate_arn",
    "aws_alb_listener_certificate": "certificate_arn",
    "aws_cloudfront_distribution": "acm_certificate_arn",
}
# certificates usable as soon as they exist: uploaded, or issued at once by a private CA
_ISSUED_AT_ONCE = ("certificate_body", "private_key", "certificate_authority_arn")


def _values(body: Any, key: str) -> list[Any]:
    """Every value of ``key`` in a block body, nested blocks and dynamic blocks' content included."""
    found = []
    if isinstance(body, dict):
        for k, v in body.items():
            found.extend([v] if k == key else _values(v, key))
    elif isinstance(body, list):
        for item in body:
            found.extend(_values(item, key))
    return found


def _certificate_problem(source: Source) -> tuple[Severity, str] | None:
    """Why a source of a certificate ARN is refused (error) or cannot be vouched for (warning); None when fine."""
    rtype = source.address.split(".")[0]
    if source.kind == "null" or (source.kind == "resource" and rtype in (
            "aws_acm_certificate_validation", "aws_iam_server_certificate")):
        return None
    if source.kind == "resource" and rtype == "aws_acm_certificate":
        body = source.block.body if source.block else {}
        if any(k in body for k in _ISSUED_AT_ONCE):
            return None
        return Severity.ERROR, (f"{source.address} is used without waiting for its validation: a new certificate is "
                                "PENDING_VALIDATION and AWS refuses it; reference aws_acm_certificate_validation"
                                ".<name>.certificate_arn instead")
    if source.kind == "data" and rtype == "aws_acm_certificate":
        statuses = source.block.body.get("statuses") if source.block else None
        if statuses is None or statuses == ["ISSUED"]:
            return None
        if isinstance(statuses, list):
            return Severity.ERROR, (f"data.{source.address} may return a certificate that is not issued "
                                    f"(statuses {statuses})")
    where = {"variable": f"the root variable {source.address}", "literal": f"the literal {source.address!r}"}
    return Severity.WARNING, (f"the certificate comes from {where.get(source.kind, source.address)}: iacf cannot "
                              "tell whether it is issued; prefer aws_acm_certificate_validation.<name>"
                              ".certificate_arn")


def check_certificates(root: Path) -> list[Finding]:
    """Every listener and CloudFront distribution takes its certificate from an ``aws_acm_certificate_validation``
    (or an issued data source, an uploaded certificate), directly or through locals, module variables and module
    outputs: AWS refuses a certificate that is still PENDING_VALIDATION, and only that dependency makes the apply
    wait for the issuance."""
    config = Configuration(root)
    findings: list[Finding] = []
    users = 0
    for folder, mod in sorted(config.folders.items()):
        for address, block in sorted(mod.resources.items()):
            key = CERTIFICATE_USERS.get(block.labels[0])
            for expr in _values(block.body, key) if key else []:
                users += 1
                problems = [p for s in config.sources(expr, folder) if (p := _certificate_problem(s))]
                if not problems:
                    continue
                severity = Severity.ERROR if any(s == Severity.ERROR for s, _ in problems) else Severity.WARNING
                message = "; ".join(dict.fromkeys(m for s, m in problems if s == severity))
                findings.append(Finding(
                    gate="certificates", check="iacf.tls.validated-certificate", severity=severity,
                    message=f"{block.labels[0]} {key}: {message}",
                    file=str(block.file.relative_to(root)) if block.file else None, resource=address,
                ))
    if not findings:
        findings.append(Finding(gate="certificates", check="iacf.tls.validated-certificate", severity=Severity.INFO,
                                message=f"{users} certificate reference(s) of listeners and distributions: each "
                                        "waits for an issued certificate"))
    return findings


_VAR = re.compile(r"^\$\{var\.([A-Za-z0-9_-]+)\}$")


def _is_set(value: Any) -> bool:
    return value is not None and value not in ("null", "${null}", "")


def check_permissions_boundaries(root: Path) -> list[Finding]:
    """Every ``aws_iam_role`` carries ``permissions_boundary``; a module role that takes it from a variable gets it
    from every call of that module (or from the variable's default): the CI apply role can create no other role."""
    docs = _documents(root)
    findings: list[Finding] = []
    needed: dict[Path, dict[str, str]] = {}  # module folder → variable → a role that needs it
    roles = 0
    for path, doc in docs:
        for block in blocks(doc, path, "resource", 2):
            if block.labels[0] != "aws_iam_role":
                continue
            roles += 1
            value = block.body.get("permissions_boundary")
            if not _is_set(value):
                findings.append(_boundary_finding(root, path, block.address, "has no permissions_boundary"))
            elif isinstance(value, str) and (match := _VAR.match(value)):
                needed.setdefault(path.parent.resolve(), {}).setdefault(match.group(1), block.address)
    defaults = {(path.parent.resolve(), b.labels[0]) for path, doc in docs for b in blocks(doc, path, "variable", 1)
                if _is_set(b.body.get("default"))}
    for path, doc in docs:
        for call in blocks(doc, path, "module", 1):
            source = call.body.get("source")
            if not isinstance(source, str) or not source.startswith(("./", "../")):
                continue
            folder = (path.parent / source).resolve()
            for variable, role in sorted(needed.get(folder, {}).items()):
                if (folder, variable) not in defaults and not _is_set(call.body.get(variable)):
                    findings.append(_boundary_finding(
                        root, path, f"module.{call.labels[0]}",
                        f"does not set {variable}, so {role} in {source} gets no permissions boundary"))
    if not findings:
        findings.append(Finding(gate="iam", check=BOUNDARY_CHECK, severity=Severity.INFO,
                                message=f"{roles} IAM role(s), each with a permissions boundary"))
    return findings


BOUNDARY_CHECK = "iacf.iam.permissions-boundary"


def _boundary_finding(root: Path, path: Path, address: str, what: str) -> Finding:
    return Finding(gate="iam", check=BOUNDARY_CHECK, severity=Severity.ERROR,
                   message=f"{address} {what}: the CI apply role may only create roles that carry the permissions "
                           "boundary (DECISIONS.md, aws.delivery.permissions-boundary)",
                   file=str(path.relative_to(root)), resource=address)
def check_notifications(root: Path) -> list[Finding]:
    """Warn when the committed values leave a required ``notification_emails`` empty (the prod plan then stops)."""
    values = root / "iacf.auto.tfvars"
    required = False
    for path, doc in _documents(root):
        if path.parent != root:
            continue
        for block in blocks(doc, path, "variable", 1):
            if block.labels[0] == "notification_emails":
                rules = block.body.get("validation", [])
                required = any("length(var.notification_emails) > 0" in str(r.get("condition", ""))
                               for r in (rules if isinstance(rules, list) else [rules]) if isinstance(r, dict))
    if not required:
        return []
    try:
        emails = load_file(values).get("notification_emails") if values.is_file() else None
    except (HclError, UnicodeDecodeError):
        emails = None
    if emails:
        return [Finding(gate="notifications", check="iacf.notifications.recipients", severity=Severity.INFO,
                        message=f"{len(emails)} notification recipient(s) in iacf.auto.tfvars")]
    return [Finding(gate="notifications", check="iacf.notifications.recipients", severity=Severity.WARNING,
                    file="iacf.auto.tfvars",
                    message="no notification recipient: budget alerts and security alarms reach nobody, and the "
                            "prod plan stops until notification_emails is set in iacf.auto.tfvars (or "
                            "[notifications] emails in iacf.toml, then regenerate)")]


def validate(root: Path, stack: Stack | None) -> list[Finding]:
    """The AWS gates; core calls them for an ``aws`` stack, or a folder that uses the aws provider."""
    required = MANDATORY_TAGS
    if stack is not None:
        required = tuple(dict.fromkeys([*MANDATORY_TAGS, *stack.policy.tags.required]))
    return [*check_tags(root, required), *check_ingress(root), *check_certificates(root),
            *check_permissions_boundaries(root), *check_notifications(root), *check_state_secrets(root, STATE_SECRETS)]
