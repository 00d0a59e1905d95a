"""A time of day in a request ("chaque nuit à 2h30") is one schedule on every cloud: each writes it in its
scheduler's own format, in UTC."""

from __future__ import annotations

import pytest

from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins
from iacf_core.request.parser import parse_request

REQUEST = "Une tâche planifiée chaque nuit à 2h30 qui écrit dans un bucket, en dev"


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


@pytest.mark.parametrize(("cloud", "param", "written"), [
    ("aws", "schedule_expression", "cron(30 2 * * ? *)"),  # EventBridge Scheduler
    ("azure", "cron_expression", "30 2 * * *"),  # Container Apps job
    ("gcp", "schedule", "30 2 * * *"),  # Cloud Scheduler
])
def test_the_time_is_the_job_s_schedule_on_every_cloud(plugins, cloud, param, written):
    if cloud not in plugins.registry.clouds:
        pytest.skip(f"the {cloud} plugin is not installed")
    parsed = parse_request(REQUEST, plugins.registry, cloud=cloud)
    assert parsed.unused == []
    stack = build_stack(parsed.spec, plugins, parsed.defaults, notes=parsed.notes, excluded=parsed.excluded)
    (job,) = stack.by_kind("scheduled_job")
    assert job.params[param] == written
    assert job.params.get("timezone", "UTC") == "UTC"
    assert any(d.id == "core.request.schedule-time" for d in stack.decisions)
