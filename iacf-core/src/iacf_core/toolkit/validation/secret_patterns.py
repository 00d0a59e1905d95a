"""The cloud-neutral secret patterns (core's built-in plugin registers them; clouds register their own keys'
patterns). Apart from the gates: registering them, which every command does, loads no gate code."""

from __future__ import annotations

import re

from ...kernel.registry import SecretPattern

# attribute names that hold secrets (a pattern, not a secret)
_SECRET_NAME = r"(?:password|passwd|secret|token|api_key|apikey|access_key|secret_key|private_key|client_secret)"  # noqa: S105
GENERIC_SECRETS: tuple[SecretPattern, ...] = (
    SecretPattern("iacf.secrets.private-key",
                  re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
                  "No private key in code"),
    SecretPattern("iacf.secrets.github-token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
                  "No GitHub token in code"),
    SecretPattern("iacf.secrets.slack-token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
                  "No Slack token in code"),
    SecretPattern(
        "iacf.secrets.literal-assignment",
        re.compile(
            r'^\s*"?[A-Za-z0-9_]*' + _SECRET_NAME + r'[A-Za-z0-9_]*"?\s*[=:]\s*"(?P<value>[^"$%{}]{4,})"',
            re.IGNORECASE,
        ),
        "No literal password, secret or token value",
    ),
)
