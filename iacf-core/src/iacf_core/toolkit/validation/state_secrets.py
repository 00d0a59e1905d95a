"""No secret value in the Terraform state: what a configuration would store there in clear text.

Terraform records every attribute of every data source and resource, and every root output, in the state; a
``sensitive`` flag only hides a value from the CLI. So a data source that reads a secret, a resource argument
that holds one, or an output that exposes one puts the secret in the state. Which data sources and arguments
do that depends on the provider: cloud plugins list them as :class:`StateSecret` rules. Outputs are checked
here for every cloud.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ...kernel.models import Finding, Severity
from ..hcl import Block, blocks, parsed_files

GATE = "secrets"
# attributes that hold a secret value wherever they are read (a pattern, not a secret)
_SECRET_ATTRIBUTE = re.compile(
    r"\.(?:secret_string|secret_binary|random_password|password|passwords|master_password|auth_token|"
    r"plaintext|secret|private_key_pem|private_key_openssh|ses_smtp_password_v4)\b"
)


@dataclass(frozen=True)
class StateSecret:
    """A data source, or a resource argument, whose value Terraform keeps in the state.

    ``argument`` None means any block of the type. ``when``: argument values that make it a secret (e.g. an
    SSM parameter of type SecureString); ``unless``: argument values that make it harmless (e.g.
    ``with_decryption = false``). ``fix`` says what to write instead.
    """

    kind: Literal["data", "resource"]
    type: str
    fix: str
    argument: str | None = None
    when: Mapping[str, Any] = field(default_factory=dict)
    unless: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, block: Block) -> bool:
        body = block.body
        if self.argument is not None and body.get(self.argument) in (None, "", "null"):
            return False
        if any(body.get(k, _MISSING) != v for k, v in self.when.items()):
            return False
        return not any(body.get(k, _MISSING) == v for k, v in self.unless.items())


_MISSING = object()


def _documents(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    return parsed_files(root)


def check_state_secrets(root: Path, rules: Iterable[StateSecret]) -> list[Finding]:
    """Every data source or resource argument of ``rules`` found in ``root``'s .tf files is an error."""
    by_type: dict[tuple[str, str], list[StateSecret]] = {}
    for rule in rules:
        by_type.setdefault((rule.kind, rule.type), []).append(rule)
    findings = []
    blocks_seen = 0
    for path, doc in _documents(root):
        for kind in ("data", "resource"):
            for block in blocks(doc, path, kind, 2):
                blocks_seen += 1
                for rule in by_type.get((kind, block.labels[0]), []):
                    if not rule.matches(block):
                        continue
                    what = (f"data source {block.address}" if kind == "data" else
                            f"{block.address}.{rule.argument}" if rule.argument else f"resource {block.address}")
                    findings.append(Finding(
                        gate=GATE,
                        check="iacf.secrets.state-data-source" if kind == "data" else "iacf.secrets.state-argument",
                        severity=Severity.ERROR,
                        message=f"{what} puts a secret value in the Terraform state in clear text: {rule.fix}",
                        file=str(path.relative_to(root)), resource=f"{'data.' if kind == 'data' else ''}"
                                                                   f"{block.address}",
                    ))
    if not findings:
        findings.append(Finding(gate=GATE, check="iacf.secrets.state-argument", severity=Severity.INFO,
                                message=f"{blocks_seen} data source(s) and resource(s): none keeps a secret value "
                                        "in the state"))
    return findings


def check_secret_outputs(root: Path) -> list[Finding]:
    """No output is sensitive or reads a secret attribute: root outputs are stored in the state in clear text,
    and a module output exposing a secret is one step from a root output."""
    findings = []
    count = 0
    for path, doc in _documents(root):
        for block in blocks(doc, path, "output", 1):
            count += 1
            body = block.body
            value = str(body.get("value", ""))
            reason = ("is marked sensitive" if body.get("sensitive") is True else
                      "reads a secret attribute" if _SECRET_ATTRIBUTE.search(value) else "")
            if not reason:
                continue
            findings.append(Finding(
                gate=GATE, check="iacf.secrets.state-output", severity=Severity.ERROR,
                message=f"output {block.labels[0]} {reason}: outputs are stored in the Terraform state in clear "
                        "text; output the secret's ARN or name and let the consumer read it at run time",
                file=str(path.relative_to(root)), resource=f"output.{block.labels[0]}",
            ))
    if not findings:
        findings.append(Finding(gate=GATE, check="iacf.secrets.state-output", severity=Severity.INFO,
                                message=f"{count} output(s): none exposes a secret value to the state"))
    return findings
