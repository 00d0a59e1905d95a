"""One provider process per emulator run: which providers are shared, how one is started and stopped."""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from iacf_core.toolkit import reattach

AWS = "registry.terraform.io/hashicorp/aws"


def _provider(root: Path, address: str, script: str) -> Path:
    """A fake installed provider: a Python script where terraform init puts a provider's executable."""
    folder = root / ".terraform" / "providers" / address / "1.0.0" / "linux_amd64"
    folder.mkdir(parents=True)
    exe = folder / f"terraform-provider-{address.rsplit('/', 1)[-1]}_v1.0.0_x5"
    exe.write_text(f"#!{sys.executable}\n" + textwrap.dedent(script))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


DEBUG_PROVIDER = """\
    import json, os, signal, sys, time
    assert sys.argv[1:] == ["-debug"], sys.argv
    entry = {"Protocol": "grpc", "ProtocolVersion": 5, "Pid": os.getpid(), "Test": False,
             "Addr": {"Network": "unix", "String": "/tmp/fake.sock"}}
    # the pid file first: once the reattach line is read, the test reads it
    with open(os.environ["FAKE_PIDFILE"], "w") as pidfile:
        pidfile.write(f"{os.getpid()} {os.environ['PLUGIN_UNIX_SOCKET_DIR']}")
    print("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable:")
    print()
    print("\\tTF_REATTACH_PROVIDERS='" + json.dumps({"registry.terraform.io/hashicorp/aws": entry}) + "'", flush=True)
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    while True:
        time.sleep(0.05)
"""


def _root(tmp_path: Path, *files: tuple[str, str]) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    for name, text in files:
        (root / name).write_text(textwrap.dedent(text))
    return root


ONE = ("providers.tf", 'provider "aws" {\n  region = var.region\n}\n')


def test_configurations_counted_by_block_and_alias(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE, ("zz_emulator_override.tf", 'provider "aws" {\n  region = "x"\n}\n'),
                 ("other.tf", 'provider "random" {}\n\nprovider "tls" {\n}\n\nprovider "tls" {\n  alias = "b"\n}\n'),
                 ("alias.tf", 'provider "null" {\n  alias = "second"\n}\n'))
    # the override merges into the aws block; two tls blocks; an aliased null beside its default configuration
    assert reattach.configured_more_than_once(root) == {"tls", "null"}


def test_an_alias_of_a_nested_block_line_is_not_mistaken(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE, ("main.tf", 'resource "aws_kms_alias" "a" {\n  name = "alias/x"\n}\n'))
    assert reattach.configured_more_than_once(root) == set()


def test_installed_providers_by_address(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE)
    exe = _provider(root, AWS, "pass\n")
    assert reattach.installed(root) == {AWS: exe}
    assert reattach.shareable(root) == {AWS: exe}
    (root / "second.tf").write_text('provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n')
    assert reattach.shareable(root) == {}


def test_a_shared_provider_is_attached_then_stopped(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE)
    _provider(root, AWS, DEBUG_PROVIDER)
    pidfile = tmp_path / "pid"
    env = {**os.environ, "FAKE_PIDFILE": str(pidfile)}
    with reattach.shared_providers(root, env, tmp_path / "logs") as attach:
        entries = json.loads(attach[reattach.ENV])
        assert list(entries) == [AWS]
        assert entries[AWS]["Test"] is True  # Terraform never stops it
        pid, sockets = pidfile.read_text().split()
        pid = int(pid)
        os.kill(pid, 0)  # running
        assert sockets == str(tmp_path / "logs")  # its socket in a folder of the run, 0700
        assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_inherited_entries_are_kept(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE)
    _provider(root, AWS, DEBUG_PROVIDER)
    other = {"registry.terraform.io/x/y": {"Pid": 1}}
    env = {**os.environ, "FAKE_PIDFILE": str(tmp_path / "pid"), reattach.ENV: json.dumps(other)}
    with reattach.shared_providers(root, env, tmp_path / "logs") as attach:
        assert sorted(json.loads(attach[reattach.ENV])) == [AWS, "registry.terraform.io/x/y"]


@pytest.mark.parametrize("script", ['import sys\nsys.exit("flag provided but not defined: -debug")\n',
                                    "print('no reattach line here', flush=True)\n"])
def test_a_provider_without_debug_mode_falls_back(tmp_path: Path, script: str) -> None:
    root = _root(tmp_path, ONE)
    _provider(root, AWS, script)
    with reattach.shared_providers(root, dict(os.environ), tmp_path / "logs") as attach:
        assert attach == {}


def test_sharing_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _root(tmp_path, ONE)
    _provider(root, AWS, DEBUG_PROVIDER)
    monkeypatch.setenv(reattach.DISABLE_ENV, "0")
    with reattach.shared_providers(root, {**os.environ, "FAKE_PIDFILE": str(tmp_path / "pid")},
                                   tmp_path / "logs") as attach:
        assert attach == {}
    assert not (tmp_path / "pid").exists()


def test_a_provider_block_in_a_called_module_is_another_configuration(tmp_path: Path) -> None:
    root = _root(tmp_path, ONE)
    legacy = tmp_path / "modules" / "legacy"
    legacy.mkdir(parents=True)
    (legacy / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n')
    (root / ".terraform" / "modules").mkdir(parents=True)
    listing = {"Modules": [{"Key": "", "Source": "", "Dir": "."},
                           {"Key": "legacy", "Source": "../modules/legacy", "Dir": "../modules/legacy"}]}
    (root / ".terraform" / "modules" / "modules.json").write_text(json.dumps(listing))
    assert reattach.configured_more_than_once(root) == {"aws"}
    (legacy / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    assert reattach.configured_more_than_once(root) == set()


@pytest.mark.parametrize("inherited", ["not json", "[1, 2]", "null"])
def test_a_malformed_inherited_value_is_left_to_terraform(tmp_path: Path, inherited: str) -> None:
    root = _root(tmp_path, ONE)
    _provider(root, AWS, DEBUG_PROVIDER)
    env = {**os.environ, "FAKE_PIDFILE": str(tmp_path / "pid"), reattach.ENV: inherited}
    with reattach.shared_providers(root, env, tmp_path / "logs") as attach:
        assert attach == {}
    assert not (tmp_path / "pid").exists()
