"""A request's tag lists are read whole ("tags: team=payments, app=shop"), and an ordered queue a cloud does not
offer is refused in one line saying what the cloud offers, never read as a different stack."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacf_core.testing import assert_refused, parse_json, run_cli

SEED = "Django app with PostgreSQL in prod on AWS"


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


_parsed = parse_json


def _refused(request_text: str) -> str:
    res = run_cli("parse", request_text)
    assert res.exit_code == 2, res.stdout
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("iacf: error: "), res.stderr
    return lines[0]


# -- tag lists ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "tags"), [
    (f"{SEED}, tags: team=payments, app=shop", {"team": "payments", "app": "shop"}),
    (f"{SEED}, tag team=payments and app=shop", {"team": "payments", "app": "shop"}),
    (f"{SEED}, tags team: payments", {"team": "payments"}),
    (f"{SEED}, labels team=payments, and app=shop & tier=web.", {"team": "payments", "app": "shop", "tier": "web"}),
    (f"{SEED}, tags: app=\"shop\"", {"app": "shop"}),
    # the list ends at the first word that is no key=value pair: what follows is read as ever
    ("Django app, tags team=payments, app=shop, with PostgreSQL in prod on AWS", {"team": "payments", "app": "shop"}),
    ("App web Django avec PostgreSQL, étiquettes : equipe=paiements et app=boutique, en prod sur AWS",
     {"equipe": "paiements", "app": "boutique"}),
])
def test_every_pair_of_a_tag_list_is_a_tag(request_text, tags):
    parsed = _parsed(request_text)
    spec = parsed["spec"]
    assert spec["tags"] == tags
    assert [c["kind"] for c in spec["components"]] == ["web_app", "relational_database"]
    assert spec["environment"] == "prod" and spec["cloud"] == "aws"
    assert parsed["unused_words"] == []
    assert spec["owner"] == "platform-team"  # "team=payments" is a tag, not the owner
    noted = {d["id"]: d for d in parsed["decisions"]}["core.request.tags"]
    assert noted["title"] == f"Tags {', '.join(f'{k}={v}' for k, v in tags.items())} from the request"


def test_owner_and_cost_center_pairs_are_the_stacks_owner_and_cost_center():
    spec = _parsed(f"{SEED}, tags: owner=payments, CostCenter=cc-42, app=shop")["spec"]
    assert (spec["owner"], spec["cost_center"], spec["tags"]) == ("payments", "cc-42", {"app": "shop"})


def test_a_tag_word_without_pairs_is_no_list():
    parsed = _parsed(f"{SEED} with tags")
    assert parsed["spec"]["tags"] == {} and parsed["unused_words"] == []


@pytest.mark.parametrize(("request_text", "says"), [
    (f"{SEED}, tags: Environment=prod",
     "the request's tag Environment=prod ('tags: Environment=prod'): 'Environment' is the Environment tag iacf writes"),
    (f"{SEED}, tags: app=shop, app=web", "the request gives tag app two values, shop and web; keep one"),
    (f"{SEED}, tags: owner=alice, owner bob", "the request names several owners: alice, bob; keep one"),
    (f"{SEED}, étiquettes : équipe=paiements", "'équipe' is not a valid tag key"),
    (f"{SEED}, tags: app=sh{{op}}", "the request's tag app=sh{op}"),
])
def test_a_tag_no_stack_can_carry_is_refused(request_text, says):
    assert says in _refused(request_text)


def test_the_tags_of_a_request_are_on_every_taggable_resource(tmp_path: Path):
    out = tmp_path / "o"
    res = run_cli("generate", f"{SEED}, tags: team=payments, app=shop", "--out", str(out), "--no-validate")
    assert res.exit_code == 0, res.stderr
    providers = (out / "providers.tf").read_text()
    assert 'app                = "shop"' in providers and 'team               = "payments"' in providers
    assert "Tags team=payments, app=shop from the request" in (out / "DECISIONS.md").read_text()


# -- FIFO queues and topics --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_text", "noun"), [
    ("Cloud Run app with a FIFO queue on GCP", "queue"),
    ("Une app Cloud Run avec une file FIFO sur GCP", "queue"),
    ("Cloud Run app with a FIFO topic on GCP", "topic"),
])
def test_a_fifo_queue_on_google_cloud_is_refused_with_what_pubsub_is(tmp_path, request_text, noun):
    says = (f"params.fifo = true: Pub/Sub has no FIFO {noun}s, and this stack sets up no Pub/Sub message ordering: "
            f"FIFO {noun}s are not offered on Google Cloud; ask for a {noun} without FIFO")
    assert "unknown parameter" not in _refused(request_text)
    assert_refused(tmp_path / "o", request_text, says)


def test_a_gcp_spec_stating_fifo_is_refused_with_what_pubsub_is(tmp_path):
    spec = {"project": "shop", "cloud": "gcp", "environment": "dev",
            "components": [{"kind": "web_app"}, {"kind": "queue", "params": {"fifo": False}}]}
    assert_refused(tmp_path / "o", spec, "params.fifo = false: Pub/Sub has no FIFO queues")


@pytest.mark.parametrize(("cloud", "offered"), [("Azure", "sessions and duplicate detection"), ("AWS", "FIFO")])
def test_a_fifo_queue_is_honoured_where_the_cloud_offers_one(cloud, offered):
    parsed = _parsed(f"Django app with a FIFO queue on {cloud}")
    queue = [c for c in parsed["spec"]["components"] if c["kind"] == "queue"]
    assert len(queue) == 1 and queue[0]["params"] == {"fifo": True}
    assert any(offered in d["title"] or offered in d["why"] for d in parsed["decisions"]
               if "queue" in d["id"] or "queue" in d["title"].lower())
