"""A domain name a request states ("custom domain shop.example.com", "nom de domaine boutique.example.fr", "served
at https://app.example.com", a bare "www.example.com") is the Spec's domain_name, and a Route 53 hosted zone it
states ("hosted zone Z0123456789ABCDEFGHIJ") its dns_zone: each reading a decision, the generated project serving
that name instead of a placeholder. Dotted words that are no host name (versions, file names, e-mail addresses,
frameworks) are left to the word reader; two names, an invalid one, or one nothing internet-facing would serve are
refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, generated_project, parse_json, run_cli

ZONE = "Z0123456789ABCDEFGHIJ"


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


def _decisions(parsed: dict) -> dict[str, dict]:
    return {d["id"]: d for d in parsed["decisions"] if d["id"] in ("core.request.domain", "core.request.dns-zone")}


# -- read ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "domain", "phrase"), [
    # the requests of the report
    ("Static website on AWS with a custom domain example.com", "example.com", "custom domain example.com"),
    ("Django app on AWS in prod, domain app.example.com", "app.example.com", "domain app.example.com"),
    # English phrasings, mixed case lower-cased, a sentence's final dot
    ("Django app on GCP, domain name: Shop.Example.COM.", "shop.example.com", "domain name: Shop.Example.COM"),
    ("Django app on Azure served at shop.example.com", "shop.example.com", "served at shop.example.com"),
    ("Static site on AWS with example.com as the custom domain", "example.com", "example.com / custom domain"),
    ('Django app on AWS, hostname "app.example.io"', "app.example.io", "hostname app.example.io"),
    # French phrasings
    ("Application Django sur AWS avec le nom de domaine boutique.example.fr", "boutique.example.fr",
     "nom de domaine boutique.example.fr"),
    ("Site statique sur GCP, domaine personnalisé www.exemple.fr", "www.exemple.fr",
     "domaine personnalisé www.exemple.fr"),
    ("Une app Django sur Azure, accessible sur App.Exemple.fr", "app.exemple.fr", "accessible sur App.Exemple.fr"),
    # a bare fully qualified name
    ("Static site on AWS at www.example.com", "www.example.com", "www.example.com"),
    ("Django app on GCP for App.Example.fr", "app.example.fr", "App.Example.fr"),
    # a URL of a host: its host
    ("Static site on Azure served at https://www.example.com/", "www.example.com",
     "served at https://www.example.com/"),
    ("Static site on AWS, https://Shop.Example.com", "shop.example.com", "https://Shop.Example.com"),
])
def test_a_stated_domain_is_the_specs_domain_name(request_text, domain, phrase):
    parsed = parse_json(request_text)
    assert parsed["spec"]["domain_name"] == domain
    assert parsed["unused_words"] == []
    decision = _decisions(parsed)["core.request.domain"]
    assert decision["title"] == f"Domain {domain} from the request"
    assert decision["trigger"] == f"the words '{phrase}' of the request"
    assert "certificate" in decision["why"] and "host name" in decision["why"]
    assert domain in parsed["used_words"]


def test_a_stated_hosted_zone_is_the_specs_dns_zone():
    parsed = parse_json(f"Django app on AWS in prod, domain app.example.com, hosted zone {ZONE}")
    assert (parsed["spec"]["domain_name"], parsed["spec"]["dns_zone"]) == ("app.example.com", ZONE)
    assert parsed["unused_words"] == []
    decision = _decisions(parsed)["core.request.dns-zone"]
    assert decision["title"] == f"Hosted zone {ZONE} from the request"
    # the cloud's own certificate decision follows the zone
    titles = [d["title"] for d in parsed["decisions"]]
    assert any(title.startswith(f"ACM certificate validated in Route 53 zone {ZONE}:") for title in titles)
    assert parse_json(f"Static site on AWS, domain www.example.com, zone {ZONE}")["spec"]["dns_zone"] == ZONE
    assert parse_json(f"Site statique sur AWS, zone hébergée {ZONE}")["spec"]["dns_zone"] == ZONE


@pytest.mark.parametrize(("request_text", "left"), [
    # versions, file names, frameworks with a dot
    ("Django app with PostgreSQL 16 on AWS, Python 3.12", ["3.12"]),
    ("Lambda function on AWS from app.py and requirements.txt", ["app.py", "requirements.txt"]),
    ("Django app on AWS, main.tf and config.yaml, index.html", ["main.tf", "config.yaml", "index.html"]),
    ("Node.js API with a Lambda function on AWS", []),
    ("ASP.NET app on Azure", []),
    ("Next.js static site on GCP", []),
    # a component's name
    ("Django app and a bucket named assets.example.com on AWS", ["assets.example.com"]),
    # an owner's e-mail address: the owner, no domain
    ("Django app on AWS, owner alice.smith@example.com", []),
    # region codes and names, time and availability zones
    ("Django app on AWS in eu-west-1. It uses PostgreSQL", []),
    ("Django app on Azure in France Central", []),
    ("Scheduled job every day at 2am Paris time on GCP in europe-west9", []),
    # a sentence run on without a space, a URL with a path (a repository, not where the stack is served)
    ("Django app on AWS.It uses PostgreSQL", None),
    ("Django app on AWS, source hosted at https://github.com/acme/shop", ["github.com", "acme", "shop"]),
])
def test_dotted_words_that_are_no_host_name_are_no_domain(request_text, left):
    res = run_cli("parse", request_text, "--json")
    if left is None:  # read as words, whatever they say; never as a domain
        assert "domain_name" not in res.stdout
        return
    parsed = parse_json(request_text)
    assert parsed["spec"].get("domain_name") is None and parsed["spec"].get("dns_zone") is None
    assert not _decisions(parsed)
    assert all(word in parsed["unused_words"] for word in left), parsed["unused_words"]
    if "owner" in request_text:
        assert parsed["spec"]["owner"] == "alice.smith@example.com"


# -- refused -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "says"), [
    ("Django app on AWS, domain a.example.com and www.example.org",
     "the request names several domains: a.example.com, www.example.org; give one domain_name; a spec file sets "
     "one per project"),
    ("Static site on AWS, domaine boutique.example.fr, served at shop.example.com", "names several domains"),
    ("A PostgreSQL database on AWS, domain db.example.com",
     "'domain db.example.com' states a domain, and nothing the request asks for is reached from the internet"),
    ("A queue and a worker on GCP, domain jobs.example.com", "nothing the request asks for is reached"),
    ("An internal API in front of a function on Azure, domain api.example.com",
     "nothing the request asks for is reached from the internet"),
    ("Django app on AWS, domain exa_mple.com", "'domain exa_mple.com' names no valid DNS name: domain_name: must be"),
    ("Django app on AWS, domain 10.0.0.1", "'domain 10.0.0.1' names no valid DNS name"),
    ("Django app on AWS, domain admin@example.com", "names no valid DNS name"),
    ("Django app on AWS, domain https://example.com/shop",
     "the domain is a host name alone, and the URL says more (a path, a port or a user): give the host name "
     "(example.com)"),
    (f"Django app on AWS, hosted zone Z0123 and zone {ZONE}", "the request names several hosted zones"),
    (f"Django app on AWS, hosted zone {ZONE}00000000000000", "names no Route 53 hosted zone: dns_zone: must be"),
    (f"Django app on GCP, domain shop.example.com, hosted zone {ZONE}", "gcp takes none (its policy has no dns_zone)"),
    (f"A Lambda function on AWS, hosted zone {ZONE}", "states a hosted zone, and nothing the request asks for"),
    # no dot anywhere: a URL and an upper-case zone are still read (the reader skips only texts with neither)
    ("Django app on AWS, domain https://localhost", "'domain https://localhost' names no valid DNS name"),
    (f"A Lambda function on AWS, HOSTED ZONE ID {ZONE}", "states a hosted zone, and nothing the request asks for"),
])
def test_a_domain_that_cannot_be_served_as_said_is_refused_in_one_line(tmp_path: Path, request_text, says):
    assert_refused(tmp_path / "out", request_text, says)


# -- generated -----------------------------------------------------------------------------------------------


def test_the_aws_project_serves_the_stated_domain(tmp_path: Path):
    out = generated_project(tmp_path, f"Django app on AWS in prod, domain App.Example.com, hosted zone {ZONE}", "aws")
    tfvars = (out / "iacf.auto.tfvars").read_text()
    assert 'domain_name = "app.example.com"' in tfvars
    assert f'dns_zone_id = "{ZONE}"' in tfvars
    decisions = (out / "DECISIONS.md").read_text()
    assert "Domain app.example.com from the request" in decisions
    assert f"Hosted zone {ZONE} from the request" in decisions
    site = generated_project(tmp_path, "Static website on AWS with a custom domain example.com", "aws-site")
    assert 'site_domain_name = "example.com"' in (site / "iacf.auto.tfvars").read_text()
    # without a stated domain, the placeholder the operator replaces
    plain = generated_project(tmp_path, "Static website on AWS", "aws-plain")
    assert 'site_domain_name = "www.example.com"' in (plain / "iacf.auto.tfvars").read_text()


@pytest.mark.parametrize(("request_text", "file", "line"), [
    ("Static site on Azure, domain shop.example.com", "main.tf", 'domain_name                = "shop.example.com"'),
    ("Django app on Azure, domain shop.example.com", "variables.tf", 'default     = "shop.example.com"'),
    ("Django app on GCP, domain shop.example.com", "iacf.auto.tfvars", '["shop.example.com"]'),
    ("Site statique sur GCP, domaine shop.example.com", "iacf.auto.tfvars", '["shop.example.com"]'),
])
def test_the_other_clouds_serve_the_stated_domain(tmp_path: Path, request_text, file, line):
    out = generated_project(tmp_path, request_text, "project")
    assert line in (out / file).read_text()
