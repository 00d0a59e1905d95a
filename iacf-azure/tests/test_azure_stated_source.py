"""The Azure plugin's own decisions say what did not state a value: "the request" for a request, "the spec file"
for a spec run (an API with no code behind it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.testing import generated_project

SPEC = {"project": "shop", "cloud": "azure", "environment": "dev", "components": [{"kind": "http_api"}]}
REQUEST = "An HTTP API in dev on Azure"


@pytest.mark.parametrize(("source", "said"), [(SPEC, "spec file"), (REQUEST, "request")])
def test_the_added_function_names_what_did_not_state_it(tmp_path: Path, source: object, said: str) -> None:
    project = generated_project(tmp_path, source, "p")  # type: ignore[arg-type]
    sections = (project / "DECISIONS.md").read_text().split("\n### ")
    added = next(s for s in sections if s.startswith("`azure.") and s.split(" ")[0].endswith(".function`"))
    assert f"the {said} names neither a function nor a web app, so a function is added" in added
