"""What the project says about the encryption of its backups is what AWS Backup does: the vault's key encrypts
only the types AWS Backup fully manages (S3 here); RDS/Aurora snapshots and DynamoDB backups (without advanced
DynamoDB backup) keep the source's key, the data key."""

from __future__ import annotations

import re

import pytest

from iacf_core.testing import run_cli


@pytest.mark.parametrize(("request_text", "data_key", "vault_key"), [
    ("App web Django avec PostgreSQL en prod sur AWS", ["RDS"], False),
    ("A Lambda function triggered by an SQS queue, writing to a DynamoDB table, with an S3 bucket, in prod on AWS",
     ["DynamoDB"], True),
])
def test_backups_are_said_to_keep_the_data_key_where_aws_backup_keeps_it(tmp_path, request_text, data_key,
                                                                         vault_key):
    out = tmp_path / "out"
    res = run_cli("generate", request_text, "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    decisions = (out / "DECISIONS.md").read_text()
    readme = (out / "README.md").read_text()
    for text in (decisions, readme):
        assert "not the data key" not in text
        assert "encrypted with\nits own key" not in text and "encrypted with its own key" not in text
    why = re.search(r"### `aws\.backup\.encryption`.*\n\n- \*\*Why:\*\* (.*)\n", decisions)
    assert why, "no decision on the encryption of the recovery points"
    section = readme[readme.index("## Backups"):].split("\n## ", 1)[0]
    for service in data_key:
        assert re.search(rf"{service}[^.;]* keep the (database's|table's) (encryption|key), the data key", why[1])
        assert re.search(rf"{service}[^.]* keep the source's encryption, the data key", section.replace("\n", " "))
    assert ("S3 recovery points" in why[1]) is vault_key
    assert ("(here the S3 buckets)" in section) is vault_key
    assert "re-encrypted with the destination vault's key" in why[1]
