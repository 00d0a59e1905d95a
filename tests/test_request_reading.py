"""Reading a request: time linear in its length and a length limit, "one that ..." said of several copies, names
in a name list read as names, impossible times of day, a team named like an environment, and a schedule said of
a component that is no job."""

from __future__ import annotations

import sys

import pytest

from iacf_core.kernel.errors import SpecError
from iacf_core.kernel.plugins import Plugins, get_plugin_manager
from iacf_core.request.parser import MAX_REQUEST_CHARS, parse_request
from iacf_core.testing import parse_json, run_cli


@pytest.fixture(autouse=True)
def _every_cloud() -> None:
    for plugin in ("iacf_aws", "iacf_azure", "iacf_gcp"):
        pytest.importorskip(plugin)


def _asked(parsed: dict) -> list[tuple[str, str | None, dict]]:
    return [(c["kind"], c.get("name"), c["params"]) for c in parsed["spec"]["components"]]


def _refused(text: str, says: str) -> str:
    res = run_cli("parse", text)
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert res.stderr.strip().count("\n") == 0 and "Traceback" not in res.stderr, res.stderr
    return res.stderr


# -- reading time grows with the request's length, not its square ------------------------------------------------

_SENTENCES = ("A Django app with PostgreSQL and a Redis cache, ", "the team wants it fast and reliable. ",
              "A worker that reads a queue, ", "with a private S3 bucket for uploads; ", "behind CloudFront, ",
              "a nightly job at 2am Paris time, ", "some unknown words like frobnicate zanzibar quuxify. ",
              "A Django app in Go, ")


def _steps(text: str) -> int:
    """The function calls (Python and built-in) reading ``text`` makes: a measure of its work that no machine's
    speed changes."""
    registry = Plugins(get_plugin_manager(load_entry_points=True)).registry
    count = 0

    def counted(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += 1

    sys.setprofile(counted)
    try:
        parse_request(text, registry)
    except SpecError:
        pass
    finally:
        sys.setprofile(None)
    return count


def test_reading_grows_linearly_with_the_request() -> None:
    def request(n: int) -> str:
        return "".join(_SENTENCES[i % len(_SENTENCES)] for i in range(n)) + "on AWS"

    _steps(request(4))  # vocabularies and caches loaded once, not counted below
    small, large = _steps(request(60)), _steps(request(120))
    assert large < 2.4 * small, (small, large)  # twice the words: about twice the work (quadratic: four times)


def test_an_over_long_request_is_refused_in_one_line() -> None:
    text = "A Django app with PostgreSQL on AWS. " + "It serves the shop. " * (MAX_REQUEST_CHARS // 20)
    err = _refused(text, f"iacf reads requests of up to {MAX_REQUEST_CHARS:,} characters")
    assert f"the request is {len(text):,} characters long" in err and "--spec" in err


def test_a_request_at_the_limit_is_read() -> None:
    text = "A Django app with PostgreSQL on AWS. "
    text += "x" * (MAX_REQUEST_CHARS - len(text))
    res = run_cli("parse", text, "--json")
    assert "characters long" not in res.stderr, res.stderr


# -- "one that ..." said of some of several copies ----------------------------------------------------------------

def _links(parsed: dict) -> list[tuple[str, str, str]]:
    return [(c["from"], c["to"], c["access"]) for c in parsed["spec"].get("connections") or []]


@pytest.mark.parametrize(("text", "names", "links"), [
    ("Two Lambdas named a and b on AWS, one that reads the queue", ["a", "b"], [("a", "queue", "consume")]),
    ("Three Lambdas on AWS, one that reads the queue and one that writes to the bucket", ["fn", "fn_2", "fn_3"],
     [("fn", "queue", "consume"), ("fn_2", "storage", "write")]),
    ("Deux fonctions sur AWS, une qui lit la file", ["fn", "fn_2"], [("fn", "queue", "consume")]),
    # each described: each its own links, as before
    ("Two Lambdas on AWS, one that reads the queue and one that writes to the bucket", ["fn", "fn_2"],
     [("fn", "queue", "consume"), ("fn_2", "storage", "write")]),
])
def test_one_that_gives_links_to_one_copy_only(text, names, links):
    parsed = parse_json(text)
    assert [c["id"] for c in parsed["components"] if c["kind"] == "function"] == names
    assert _links(parsed) == links
    assert parsed["unused_words"] == []


def test_fewer_described_than_counted_is_said_in_a_decision():
    parsed = parse_json("Two Lambdas named a and b on AWS, one that reads the queue")
    (decision,) = [d for d in parsed["decisions"] if d["id"] == "core.request.each-one-function"]
    assert decision["title"] == "2 function components, 1 described apart"
    assert "the first one has the links stated for it, the other has none of them" in decision["why"]


@pytest.mark.parametrize(("text", "says"), [
    ("Two Lambdas on AWS that read the table and one that writes to the bucket",
     "is 'one that' one of the 2 components described together, or one more?"),
    ("Two Lambdas on AWS, one that reads the queue, one that writes to the bucket and one that reads the table",
     "the request describes 3 components one by one and asks for 2; ask for as many as it describes"),
])
def test_one_that_for_an_unclear_copy_is_refused(text, says):
    _refused(text, says)


# -- names in a name list are names, verbs included ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "names"), [
    ("Three Lambdas named ingest, enrich and publish on AWS", ["ingest", "enrich", "publish"]),
    ("Two Lambdas named ingest and publish on AWS", ["ingest", "publish"]),
    ("Two queues named jobs and mails on AWS", ["jobs", "mails"]),
    # a number that is no word of the vocabulary ("deux", "2") counts: the names are still read after it
    ("Deux fonctions nommées ingest et enrich en dev sur AWS", ["ingest", "enrich"]),
    ("2 fonctions appelées ingest et enrich sur AWS", ["ingest", "enrich"]),
    ("Deux files SQS appelées jobs et mails sur AWS", ["jobs", "mails"]),
    ("Trois fonctions Lambda nommées ingest, enrich et publish sur AWS", ["ingest", "enrich", "publish"]),
])
def test_a_verb_in_a_name_list_is_a_name(text, names):
    parsed = parse_json(text)
    assert [n for _, n, _ in _asked(parsed)] == names
    assert parsed["unused_words"] == []
    assert _links(parsed) == []


@pytest.mark.parametrize(("text", "names"), [
    ("Une base PostgreSQL seule, sans application, en prod sur AWS", [None]),
    ("A standalone PostgreSQL database in prod on AWS", [None]),
    ("A single SQS queue named jobs on AWS", ["jobs"]),
    ("Une seule file SQS nommée jobs sur AWS", ["jobs"]),
])
def test_alone_or_single_is_understood_and_no_name(text, names):
    parsed = parse_json(text)
    assert [n for _, n, _ in _asked(parsed)] == names
    assert parsed["unused_words"] == []


@pytest.mark.parametrize(("text", "kinds"), [
    ("A cron every 15 minutes that calls an external API and stores results in PostgreSQL, dev, AWS",
     ["scheduled_job", "relational_database"]),
    ("Une tâche planifiée toutes les heures qui interroge l'API externe et écrit dans DynamoDB en dev sur AWS",
     ["scheduled_job", "nosql_table"]),
    ("A Lambda that calls a third-party API, dev, AWS", ["function"]),
    # the API the request asks for is still one
    ("An HTTP API with a Lambda in dev on AWS", ["http_api", "function"]),
])
def test_an_external_api_is_nothing_to_create(text, kinds):
    assert [k for k, _, _ in _asked(parse_json(text))] == kinds


def test_a_managed_database_in_french_usage_is_no_name():
    parsed = parse_json("Une app Node.js avec une base MySQL managée en prod sur GCP")
    assert [(k, n) for k, n, _ in _asked(parsed)] == [("web_app", None), ("relational_database", None)]
    assert parsed["unused_words"] == []


def test_a_verb_after_a_name_list_stays_a_verb():
    parsed = parse_json("Two Lambdas named a and b on AWS, publishing to the topic")
    assert [n for k, n, _ in _asked(parsed) if k == "function"] == ["a", "b"]
    assert _links(parsed) == [("a", "topic", "publish"), ("b", "topic", "publish")]


# -- a time of day no clock shows -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "said"), [
    ("A cron job every day at 25:00 on AWS", "at 25:00"),
    ("A cron job every day at 10:75 on AWS", "at 10:75"),
    ("A cron job every day at 13pm on AWS", "at 13pm"),
    ("A job every day at 13:30pm on AWS", "at 13:30pm"),
    ("Un job tous les jours à 14h75 sur AWS", "à 14h75"),
])
def test_an_impossible_time_of_day_is_refused(text, said):
    _refused(text, f"'{said}' is no time of day (hours 0 to 23, or 1 to 12 with am/pm; minutes 0 to 59)")


@pytest.mark.parametrize("words", [["25h"], ["2am"], ["11", "30pm"], ["02", "00"], ["2"], ["every"], []])
def test_a_possible_time_or_no_clock_is_not_impossible(words):
    from iacf_core.request.times import impossible_time

    assert impossible_time(words) is None


# -- a team named like an environment ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "environment", "owner"), [
    ("A Django app on AWS for the dev team, prod", "prod", "dev"),
    ("A Django app on AWS owned by the dev team, in prod", "prod", "dev"),
    ("A Django app on AWS owned by the payments team, in prod", "prod", "payments"),
    ("A Django app on AWS for the prod team", "dev", "prod"),
    ("A Django app in staging on AWS for the dev team", "staging", "dev"),
])
def test_a_team_named_like_an_environment_is_the_owner(text, environment, owner):
    parsed = parse_json(text)
    assert (parsed["spec"]["environment"], parsed["spec"]["owner"]) == (environment, owner)
    assert parsed["unused_words"] == []


def test_an_environment_alone_after_owned_by_is_still_no_owner():
    _refused("A Django app on AWS owned by dev, in prod", "the request names an owner without a value ('owned by')")


# -- a schedule said of a component that is no job ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "says"), [
    ("A worker that consumes the jobs queue every 5 minutes on AWS",
     "'worker that consumes jobs queue every 5 minutes': a schedule said of a worker, which is no job"),
    ("A worker every hour on AWS", "'worker every hour': a schedule said of a worker, which is no job"),
    ("A Django app every day on AWS", "'django app every day': a schedule said of a web app, which is no job"),
])
def test_a_schedule_said_of_a_worker_or_an_app_is_refused(text, says):
    err = _refused(text, says)
    assert "ask for a job that runs then" in err


@pytest.mark.parametrize("text", [
    "A worker and a job every hour on AWS",
    "A Django app with a job every 5 minutes on AWS",
    "A Django app and a nightly backup on AWS",
    "A Lambda that reads the queue every 5 minutes on AWS",  # a function on a schedule is the job
])
def test_a_schedule_of_a_job_beside_a_worker_or_an_app_is_read(text):
    parsed = parse_json(text)
    assert [k for k, _, _ in _asked(parsed)].count("scheduled_job") == 1
