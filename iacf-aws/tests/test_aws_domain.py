"""A stated domain is served on AWS or refused: a web app's load balancer or a static site's distribution takes
it; a stack whose only entry point is an HTTP API (API Gateway, no custom domain generated) is refused in one line
rather than generated without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, generated_project

API_SPEC = {"project": "shop", "cloud": "aws", "environment": "dev", "domain_name": "api.example.com",
            "components": [{"kind": "http_api"}, {"kind": "function"}]}


@pytest.mark.parametrize("source", ["An HTTP API with a function in dev on AWS, domain api.example.com", API_SPEC])
def test_an_api_gateway_only_stack_with_a_domain_is_refused(tmp_path: Path, source: object) -> None:
    assert_refused(tmp_path / "out", source,  # type: ignore[arg-type]
                   "domain_name 'api.example.com': on AWS a domain is served by a web app's load balancer")


def test_a_web_app_serves_the_stated_domain(tmp_path: Path) -> None:
    project = generated_project(tmp_path, "A Django app in dev on AWS, domain shop.example.com", "web")
    assert 'domain_name = "shop.example.com"' in (project / "iacf.auto.tfvars").read_text()
