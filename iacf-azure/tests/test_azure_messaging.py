"""Queues and topics on Azure: one Service Bus Premium namespace per stack (private, Entra ID only, customer-managed
key), each client granted a data role on its own queue, topic or subscription, AMQP opened from the application tier
to the private endpoints only, bad parameters refused.

One prod stack (a web app sending to a queue a function consumes) is generated per module; `iacf validate` (fmt,
offline validate, Checkov, the kit's gates) runs on it once. The modules' mocked tests run in the seed's verify
test of every module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iacf_core.testing import assert_every_gate_passes, assert_refused, generated_project

REQUEST = ("Une app web Django qui envoie des messages dans une file Service Bus jobs, et une Function App qui "
           "consomme la file jobs, en prod sur Azure")


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_project(tmp_path_factory, REQUEST, "azure-messaging")


def _block(text: str, header: str) -> str:
    return text.split(header + " {")[1].split("\n}\n")[0]


def test_one_private_premium_namespace_with_its_own_key(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    bus = _block(main, 'module "bus"')
    assert 'source = "./modules/service_bus"' in bus and re.search(r"capacity\s+= 2", bus)
    assert 'module.keys.key_ids["service-bus"]' in bus and '"service-bus"' in _block(main, 'module "keys"')
    assert '"jobs" = { fifo = false, lock_duration_seconds = 60, message_retention_days = 14' in bus
    module = (prod / "modules" / "service_bus" / "main.tf").read_text()
    assert "local_auth_enabled            = false" in module and "public_network_access_enabled = false" in module
    assert "privatelink.servicebus.windows.net" in (prod / "DECISIONS.md").read_text()


def test_each_client_gets_its_role_on_the_queue_only(prod: Path) -> None:
    main = (prod / "main.tf").read_text()
    sender = _block(main, 'resource "azurerm_role_assignment" "app_jobs_sender"')
    receiver = _block(main, 'resource "azurerm_role_assignment" "fn_jobs_receiver"')
    assert 'module.bus.queue_ids["jobs"]' in sender and '"Azure Service Bus Data Sender"' in sender
    assert 'module.bus.queue_ids["jobs"]' in receiver and '"Azure Service Bus Data Receiver"' in receiver
    assert "module.app.identity_principal_id" in sender and "module.fn.identity_principal_id" in receiver
    assert '"app_jobs_receiver"' not in main and '"fn_jobs_sender"' not in main
    # the function's trigger connects with its identity: no connection string anywhere
    fn = _block(main, 'module "fn"')
    assert re.search(r'identity_connections\s+= \["SERVICEBUS"\]', fn) and "SERVICEBUS__fullyQualifiedNamespace" in fn
    assert "SharedAccessKey" not in main


def test_amqp_is_opened_from_the_app_tier_to_the_endpoints(prod: Path) -> None:
    network = _block((prod / "main.tf").read_text(), 'module "network"')
    assert 'endpoint_extra_ports           = ["5671"]' in network


@pytest.mark.terraform
@pytest.mark.checkov
@pytest.mark.xdist_group("azure-messaging")
def test_every_gate_passes(prod: Path) -> None:
    assert_every_gate_passes(prod, min_resources=100,
                             gates=("fmt", "validate", "checkov", "tags", "roles", "storage", "ingress", "secrets"))


def test_topic_publisher_and_named_subscriptions(tmp_path: Path) -> None:
    out = generated_project(tmp_path, {
        "project": "shop", "cloud": "azure", "environment": "staging",
        "components": [{"kind": "function", "name": "fn"},
                       {"kind": "topic", "name": "events", "params": {"fifo": True,
                                                                    "subscriptions": ["billing", "audit"]}}],
        "connections": [{"from": "fn", "to": "events", "access": "publish"}]}, "out")
    main = (out / "main.tf").read_text()
    assert ('"events" = { fifo = true, message_retention_days = 7, max_delivery_count = 10, '
            'subscriptions = ["audit", "billing"] }') in main
    sender = _block(main, 'resource "azurerm_role_assignment" "fn_events_sender"')
    assert 'module.bus.topic_ids["events"]' in sender
    assert "endpoint_extra_ports" in main
    decisions = (out / "DECISIONS.md").read_text()
    assert "Subscriptions: audit, billing" in decisions and "one messaging unit to cost less" in decisions


def test_dev_queue_keeps_messages_less_and_says_so(tmp_path: Path) -> None:
    out = generated_project(tmp_path, "A Service Bus queue jobs in dev on Azure", "dev")
    assert "message_retention_days = 4" in (out / "main.tf").read_text()
    decisions = (out / "DECISIONS.md").read_text()
    assert "keeps messages 4 days (14 in prod)" in decisions and "no client yet" in decisions


@pytest.mark.parametrize(("kind", "params", "says"), [
    ("queue", {"lock_duration_seconds": 600}, "lock_duration_seconds"),
    ("queue", {"message_retention_days": 30}, "message_retention_days"),
    ("queue", {"visibility_timeout_seconds": 30}, "visibility_timeout_seconds"),
    ("topic", {"subscriptions": ["a", "a"]}, "each subscription is named once"),
    ("topic", {"subscriptions": ["Billing!"]}, "subscriptions"),
])
def test_bad_messaging_parameters_exit_2(kind: str, params: dict[str, object], says: str, tmp_path: Path) -> None:
    assert_refused(tmp_path / "out", {"project": "shop", "cloud": "azure", "environment": "prod",
                                      "components": [{"kind": kind, "params": params}]}, says)
