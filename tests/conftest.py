"""Cross-package, end-to-end fixtures: real plugins from entry points, terraform, checkov, moto."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacf_core.toolkit.tools import find_checkov, find_provider_mirror, terraform_setup

SEED = "App web Django avec PostgreSQL en prod sur AWS"
SEED_DEV = "App web Django avec PostgreSQL en dev sur AWS"


@pytest.hookimpl(trylast=True)  # after pytest grouped the tests by their fixtures
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The emulator tests first. Each deploys a stack on moto for minutes, and pytest-xdist hands tests out in
    this order as workers free up: started last (tests/ is collected last, test_verify.py at its end), the
    longest ones would run alone on one worker while the others sit idle. Longest first keeps every worker busy
    until the end: the emulator tests, then the other tests marked ``long`` (minutes of Terraform work each). The
    order of everything else is unchanged."""
    items.sort(key=lambda item: (item.get_closest_marker("emulator") is None, item.get_closest_marker("long") is None))


def terraform_ready() -> str | None:
    """Why terraform tests cannot run here, or None when they can."""
    setup = terraform_setup()
    if setup is None:
        return "terraform CLI not found (set IACF_TERRAFORM or put terraform on PATH)"
    if setup.mirror is None and not find_provider_mirror():
        cfg = setup.env.get("TF_CLI_CONFIG_FILE")
        if not cfg or not Path(cfg).is_file():
            return "no hashicorp/aws provider mirror found (set IACF_TF_PLUGIN_MIRROR)"
    return None


@pytest.fixture(scope="session")
def need_terraform() -> None:
    reason = terraform_ready()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def need_checkov() -> None:
    if find_checkov() is None:
        pytest.skip("checkov not found (set IACF_CHECKOV or put checkov on PATH)")


@pytest.fixture(scope="session")
def moto_server_url(need_terraform: None) -> Iterator[str]:
    """One moto server per test worker, on 127.0.0.1, stopped at the end."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pytest.skip("moto[server] is not installed")
    from iacf_aws.emulator import moto_server

    with moto_server() as url:
        yield url


@pytest.fixture
def moto_endpoint(moto_server_url: str) -> str:
    """The shared server, emptied: each test starts from a new account."""
    from iacf_aws.emulator import reset

    reset(moto_server_url)
    return moto_server_url


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed request in prod and dev, generated once per worker without the slow gates."""
    from iacf_core.testing import run_cli

    out = {}
    for env, request in (("prod", SEED), ("dev", SEED_DEV)):
        target = tmp_path_factory.mktemp("gen") / env
        res = run_cli("generate", request, "--out", str(target), "--no-validate")
        assert res.exit_code == 0, res.stderr
        out[env] = target
    return out


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


# attributes that hold a secret value in the aws provider's state (any non-empty value is a leak)
SECRET_ATTRIBUTES = frozenset({"password", "passwords", "master_password", "auth_token", "secret_string",
                               "secret_binary", "random_password", "plaintext", "secret", "private_key_pem"})
# (an access key id alone is no secret: the emulator's caller identity carries one)
SECRET_PATTERNS = (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),)


class StateSecretScan:
    """After an emulator apply: every secret value the emulator holds, and every secret-bearing attribute or
    known secret pattern, looked up in the Terraform state. ``found`` lists the leaks."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.found: list[str] = []
        self.scanned = 0
        self.secret_values = 0

    def __call__(self, where: Path) -> None:
        text = (where / "terraform.tfstate").read_text()
        state = json.loads(text)
        self.scanned += 1
        for resource in state.get("resources", []):
            prefix = f"{resource.get('module', '')}.{resource['type']}.{resource['name']}".lstrip(".")
            for instance in resource.get("instances", []):
                self._walk(prefix, instance.get("attributes") or {})
        for pattern in SECRET_PATTERNS:
            if pattern.search(text):
                self.found.append(f"pattern {pattern.pattern}")
        regions = set(re.findall(r"arn:aws:secretsmanager:([a-z0-9-]+):", text)) | {"eu-west-3"}
        for value in self._emulator_secret_values(regions):
            self.secret_values += 1
            if json.dumps(value)[1:-1] in text:
                self.found.append(f"a secret value of the emulator ({len(value)} characters)")

    def _walk(self, path: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in SECRET_ATTRIBUTES and item not in (None, "", [], {}):
                    self.found.append(f"{path}.{key}")
                else:
                    self._walk(f"{path}.{key}", item)
        elif isinstance(value, list):
            for item in value:
                self._walk(path, item)

    def _emulator_secret_values(self, regions: set[str]) -> list[str]:
        import boto3

        values = []
        for region in sorted(regions):
            client = boto3.client("secretsmanager", endpoint_url=self.endpoint, region_name=region,
                                  aws_access_key_id="test", aws_secret_access_key="test")  # noqa: S106 - emulator
            for entry in client.list_secrets(IncludePlannedDeletion=True).get("SecretList", []):
                try:
                    secret = client.get_secret_value(SecretId=entry["ARN"]).get("SecretString") or ""
                except client.exceptions.ClientError:
                    continue  # no value stored yet (set out of band by the operator)
                values.append(secret)
                try:
                    values.extend(v for v in json.loads(secret).values() if isinstance(v, str) and len(v) >= 8)
                except (ValueError, AttributeError):
                    pass
        return [v for v in values if v]


@pytest.fixture
def state_secret_scan(moto_endpoint: str) -> StateSecretScan:
    """Pass as ``after_apply`` to ``iacf_aws.emulator.deploy``; assert ``found == []`` afterwards."""
    return StateSecretScan(moto_endpoint)
