"""AWS Backup for the production data stores: a plan, a vault with its own key and a vault lock, notifications to
the project topic. Other environments keep the services' own backups only, and DECISIONS.md says so."""

from __future__ import annotations

from iacf_core import Component, Decision, KindSpec, Provenance, Stack

# kinds whose data outlives a redeployment and that AWS Backup can protect (caches keep their own snapshots)
DATA_STORE_KINDS = ("relational_database", "nosql_table", "object_storage")
PROD = {"daily_retention_days": 35, "monthly_retention_days": 365, "vault_lock": True}


def _own_backups(stores: list[Component]) -> str:
    """The services' own backups of these stores, named only for the services the stack has."""
    found = []
    engines = [str(c.params.get("engine", "")) for c in stores if c.kind == "relational_database"]
    if any(not e.startswith("aurora") for e in engines):
        found.append("RDS automated backups (point-in-time restore)")
    if any(e.startswith("aurora") for e in engines):
        found.append("Aurora continuous backups (point-in-time restore)")
    if any(c.kind == "nosql_table" for c in stores):
        found.append("DynamoDB point-in-time recovery (35 days)")
    if any(c.kind == "object_storage" for c in stores):
        found.append("S3 versioning")
    return ", ".join(found)


def _rules(stores: list[Component]) -> str:
    kinds = {c.kind for c in stores}
    return ", ".join(r for k, r in (("relational_database", "RDS.26"), ("nosql_table", "DynamoDB.4")) if k in kinds)


def _snapshots(stores: list[Component]) -> str:
    """The databases' recovery points, named for the engines the stack has (RDS, Aurora or both)."""
    engines = [str(c.params.get("engine", "")) for c in stores if c.kind == "relational_database"]
    found = [name for name, present in (("RDS", any(not e.startswith("aurora") for e in engines)),
                                        ("Aurora", any(e.startswith("aurora") for e in engines))) if present]
    return " and ".join(found) + " snapshots"


def _encryption(stores: list[Component]) -> str:
    """Which key encrypts the recovery points of these stores. AWS Backup encrypts with the vault's key only the
    resource types it fully manages (S3, EFS, DynamoDB with advanced backup); the others (RDS, Aurora, DynamoDB
    without advanced backup) keep the source's encryption (AWS Backup developer guide, "Encryption for backups in
    AWS Backup")."""
    kinds = {c.kind for c in stores}
    parts = []
    if "object_storage" in kinds:
        parts.append("S3 recovery points (a type AWS Backup fully manages) are encrypted with the vault's own key")
    if "relational_database" in kinds:
        parts.append(f"{_snapshots(stores)} keep the database's encryption, the data key: AWS Backup does not "
                     "re-encrypt the types it does not fully manage")
    if "nosql_table" in kinds:
        parts.append("DynamoDB backups keep the table's key, the data key: only AWS Backup's advanced DynamoDB "
                     "backup (an account-wide opt-in this project does not turn on) encrypts them with the vault key")
    return "; ".join(parts)


def resolve_backup(stack: Stack) -> None:
    stores = [c for c in stack.ordered() if c.kind in DATA_STORE_KINDS]
    if not stores:
        return
    ids = [c.id for c in stores]
    if not stack.is_prod:
        stack.decide(Decision(
            id="aws.backup.off",
            title=f"No AWS Backup plan in {stack.environment}: the services' own backups only",
            why="Deliberately off outside production: a vault, a plan and a locked vault's recovery points cost "
                "money and make a disposable environment hard to tear down. The data stores still recover from "
                f"their own backups: {_own_backups(stores)}. Production adds an AWS Backup plan with a locked "
                "vault (Well-Architected REL09-BP01/BP02).",
            rule="aws.env.protection", trigger=f"environment = {stack.environment}", components=ids,
            alternatives=["the production plan in every environment (cost, undeletable recovery points)"],
        ))
        return
    if "backup" in stack.components:
        return
    p = {**PROD, "resources": ids}
    stack.add(Component(id="backup", kind="backup", params=p, depends_on=sorted({"keys", *ids}),
                        provenance=Provenance(source="dependency")), Decision(
        id="aws.backup.plan",
        title=f"AWS Backup plan for {', '.join(ids)}: daily recovery points kept {p['daily_retention_days']} days, "
              f"monthly kept {p['monthly_retention_days']} days",
        why="Production data must survive a deleted instance, a bad migration or ransomware, independently of "
            "the service's own backups: AWS Backup copies the stores named by ARN into a locked vault of its "
            "own (aws.backup.encryption says which key encrypts each), at 05:00 UTC, after the databases' backup "
            "and maintenance windows. Restores are tested by the operators (AWS Backup restore testing). "
            "Well-Architected REL09-BP01 (identify and back up data), REL09-BP02 (secure and encrypt backups), "
            "REL09-BP03 (automatic backups)" + (f"; AWS Foundational Security Best Practices {_rules(stores)}."
                                     if _rules(stores) else "."),
        rule="aws.env.protection", trigger=f"environment = {stack.environment}; data stores {', '.join(ids)}",
        alternatives=["the services' backups only (lost with the resource or the account)",
                      "a copy to the organisation's backup account (cross-account vault; add a copy action)"],
    ))
    stack.decide(Decision(
        id="aws.backup.encryption",
        title="Recovery points: the vault key for the types AWS Backup fully manages, the data key for the others"
              if {c.kind for c in stores} & {"relational_database", "nosql_table"} else
              "Recovery points encrypted with the vault's own key (S3, a type AWS Backup fully manages)",
        why=f"{_encryption(stores)}. "
            + ("The vault's key is apart from the data key, but a recovery point under the data key is readable by "
               "whoever may use that key, and is lost to a destroyed or disabled data key: the"
               if {c.kind for c in stores} & {"relational_database", "nosql_table"} else "The")
            + " vault lock and vault policy prevent deleting any recovery point early, whatever its key. "
            "A copy to another account or region (a copy action) is re-encrypted with the destination vault's "
            "key; that copy, the protection against a lost data key or account, is left to the platform team's "
            "backup account. AWS Backup developer guide, \"Encryption for backups in AWS Backup\".",
        rule="aws.env.protection", trigger=f"environment = {stack.environment}; data stores {', '.join(ids)}",
        components=["backup"], resources=["aws_backup_vault", "aws_kms_key"],
        alternatives=["a copy action to the organisation's backup account or another region (re-encrypted with "
                      "the destination vault's key; needs that vault and its key policy)",
                      "AWS Backup advanced DynamoDB backup (account-wide setting: vault key for DynamoDB, and "
                      "cold storage)"],
    ))
    stack.decide(Decision(
        id="aws.backup.vault-lock",
        title="Vault lock in compliance mode (3-day grace period), recovery points undeletable by hand",
        why=f"Recovery points cannot be deleted before {7} days nor kept beyond {p['monthly_retention_days']}; "
            "three days after the first apply the lock becomes permanent, even for the root user. The vault "
            "policy also denies DeleteRecoveryPoint and UpdateRecoveryPointLifecycle to every principal; AWS "
            "Backup still expires recovery points on schedule. Destroying the vault needs it empty (production "
            "protection).",
        rule="aws.env.protection", trigger=f"environment = {stack.environment}", components=["backup"],
        alternatives=["governance mode (privileged users can remove it)", "no lock (an admin or attacker can "
                                                                          "delete every recovery point)"],
    ))
    stack.decide(Decision(
        id="aws.backup.role",
        title="AWS Backup role with the AWS-managed backup and restore policies",
        why="The managed service-role policies (AWSBackupServiceRolePolicyForBackup and ...ForRestores, plus the "
            "S3 pair when buckets are protected) carry the exact actions AWS Backup needs per resource type and "
            "are kept current by AWS; a hand-written copy breaks silently when a service changes. What the role "
            "touches is bounded by the selection (exact ARNs) and the vault policy. AWS Backup documents no "
            "confused-deputy condition for assuming its role: iam:PassRole decides who may use it.",
        rule="least-privilege", trigger="AWS Backup plan", components=["backup"],
        alternatives=["a custom policy listing each action on exact ARNs (brittle across service changes)"],
    ))
    stack.decide(Decision(
        id="aws.backup.notifications",
        title="Backup, restore and recovery-point events go to the project notifications topic",
        why="Completed (and failed) backup jobs, failed copies, restores and changed recovery points are "
            "published to the operators' topic (filter on the job state in the subscription).",
        rule="aws.observability", trigger="AWS Backup plan", components=["backup"],
    ))


SPEC = KindSpec(
    name="backup", default_id="backup",
    description="AWS Backup plan and vault (KMS, vault lock) for the production data stores (added by rules).",
    modules=("backup", "kms_key"), internal=True,
    emulator_unsupported={
        "aws_backup_selection": "moto lacks AWS Backup selections",
        "aws_backup_vault_policy": "moto lacks AWS Backup vault access policies",
        "aws_backup_vault_notifications": "moto lacks AWS Backup vault notifications",
    },
)
