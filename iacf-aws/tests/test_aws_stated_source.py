"""The AWS plugin's own decisions say what did not state a value: "the request" for a request, "the spec file"
for a spec run (a database without an engine, an HTTP API without a function, a worker without a queue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.testing import generated_project

SPEC = {"project": "shop", "cloud": "aws", "environment": "dev",
        "components": [{"kind": "http_api"}, {"kind": "worker"}, {"kind": "relational_database"}]}
REQUEST = "An HTTP API, a background worker and a relational database in dev on AWS"


def _section(project: Path, decision_id: str) -> str:
    text = (project / "DECISIONS.md").read_text()
    assert f"### `{decision_id}`" in text, decision_id
    return text.split(f"### `{decision_id}`")[1].split("\n### ")[0]


@pytest.mark.parametrize(("source", "said"), [(SPEC, "spec file"), (REQUEST, "request")])
def test_the_plugins_decisions_name_what_did_not_state_the_value(tmp_path: Path, source: object, said: str) -> None:
    project = generated_project(tmp_path, source, "p")  # type: ignore[arg-type]
    other = "request" if said == "spec file" else "spec file"
    engine = _section(project, "aws.db.engine-default")
    assert f"The {said} asks for a relational database without naming an engine" in engine
    assert f"**Trigger:** no engine in the {said}" in engine and other not in engine
    sections = (project / "DECISIONS.md").read_text().split("\n### ")
    api = next(s for s in sections if s.startswith("`aws.") and s.split(" ")[0].endswith(".function`"))
    assert f"the {said} names no function, so one is added" in api
    worker = next(s for s in sections if s.startswith("`aws.worker.queue`"))
    assert f"the {said} names none, so one is added" in worker
