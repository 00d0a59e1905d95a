"""Connections in core: the Spec's list checked (every error at once), stated or defaulted (a decision either way),
and read from the request's verbs, French and English (names, passive voice, pronouns, read + write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iacf_core import ComponentKind, Spec, hookimpl
from iacf_core.request.connections import combine, level_for
from iacf_core.kernel.errors import SpecError
from iacf_core.request.params import spec_schema
from iacf_core.request.parser import parse_request
from iacf_core.engine.pipeline import build_stack
from iacf_core.kernel.plugins import Plugins, get_plugin_manager

MORE_KINDS = ("queue", "topic", "nosql_table", "object_storage", "function", "worker", "scheduled_job", "http_api",
              "cache", "static_site")


class MoreKinds:
    """The fake cloud renders the serverless and data kinds too (as the tiny files of FakeCloud)."""

    @hookimpl
    def iacf_register_components(self, register: Callable[[ComponentKind], None]) -> None:
        for kind in MORE_KINDS:
            register(ComponentKind(name=kind, clouds=("fake",)))


@pytest.fixture
def plugins(fake_cloud: object) -> Plugins:
    return Plugins(get_plugin_manager(load_entry_points=False, extra=[("fake", fake_cloud), ("more", MoreKinds())]))


def spec(components: list[dict], connections: list[dict] | None = None) -> Spec:
    data: dict = {"project": "shop", "cloud": "fake", "components": components}
    if connections is not None:
        data["connections"] = connections
    return Spec.model_validate(data)


def parse(plugins: Plugins, text: str):  # type: ignore[no-untyped-def]
    return parse_request(text, plugins.registry)


def links(plugins: Plugins, text: str) -> list[tuple[str, str, str]] | None:
    connections = parse(plugins, text).spec.connections
    return None if connections is None else [(c.source, c.target, c.access) for c in connections]


# -- the Spec's list ---------------------------------------------------------------------------------------


def test_a_connection_is_written_from_to_access_and_read_back():
    s = spec([{"kind": "web_app"}, {"kind": "relational_database"}], [{"from": "app", "to": "db", "access": "connect"}])
    assert s.model_dump(mode="json")["connections"] == [{"from": "app", "to": "db", "access": "connect"}]
    assert Spec.model_validate(s.model_dump()).connections == s.connections
    with pytest.raises(ValueError, match="access"):
        spec([{"kind": "web_app"}], [{"from": "app", "to": "db", "access": "readd"}])


def test_the_schema_says_which_levels_each_kind_takes(plugins):
    schema = spec_schema(plugins.registry, "fake")
    connection = schema["$defs"]["Connection"]
    assert set(connection["required"]) == {"from", "to", "access"}
    assert "read_write" in connection["properties"]["access"]["enum"]
    table = schema["$defs"]["NosqlTableComponent"]
    assert (table["x-iacf-access"], table["x-iacf-default-access"], table["x-iacf-client"]) == (
        ["read_write", "read", "write"], "read_write", False)
    assert schema["$defs"]["WorkerComponent"]["x-iacf-client"] is True


def test_every_connection_problem_is_reported_at_once_one_line_each(plugins):
    s = spec(
        [{"kind": "web_app"}, {"kind": "nosql_table", "name": "orders"}, {"kind": "topic"},
         {"kind": "relational_database"}, {"kind": "static_site"}],
        [{"from": "app", "to": "ordres", "access": "read"},          # unknown name, with a suggestion
         {"from": "app", "to": "topic", "access": "read"},           # a topic takes publish only
         {"from": "app", "to": "app", "access": "invoke"},           # a link to itself
         {"from": "db", "to": "orders", "access": "read"},           # a database runs no code
         {"from": "app", "to": "orders", "access": "read_write"},
         {"from": "app", "to": "orders", "access": "read"},          # covered by read_write
         {"from": "app", "to": "topic", "access": "publish"},
         {"from": "app", "to": "topic", "access": "publish"},        # repeated
         {"from": "app", "to": "site", "access": "read"}])           # a static site takes no connection
    with pytest.raises(SpecError) as info:
        build_stack(s, Plugins(plugins.pm))
    lines = info.value.message.splitlines()
    assert lines == [
        "connections[0] (app -> ordres, read): no component is named 'ordres'; did you mean 'orders'? components: "
        "app, orders, topic, db, site",
        "connections[1] (app -> topic, read): topic (topic) accepts publish, not read",
        "connections[2] (app -> app, invoke): a component needs no connection to itself",
        "connections[3] (db -> orders, read): db (relational_database) runs no code, so it uses nothing; the 'from' "
        "of a connection is a function or http_api or scheduled_job or web_app or worker",
        "connections[5] (app -> orders, read): connections[4] (read_write) already covers it",
        "connections[7] (app -> topic, publish): repeats connections[6]",
        "connections[8] (app -> site, read): site (static_site) takes no connection",
    ]


def test_names_are_unique_and_not_the_ids_rules_give(plugins):
    s = spec([{"kind": "nosql_table", "name": "orders"}, {"kind": "queue", "name": "orders"},
              {"kind": "topic", "name": "net"}])
    with pytest.raises(SpecError) as info:
        build_stack(s, Plugins(plugins.pm))
    assert info.value.message.splitlines() == [
        "components[1]: name 'orders' is already the name of components[0]; each component needs its own "
        "(connections use them)",
        "components[2]: name 'net' is the id of the fake_network component the rules add; choose another name",
    ]


# -- stated or defaulted --------------------------------------------------------------------------------------


def test_stated_connections_are_all_that_is_granted(plugins):
    s = spec([{"kind": "function"}, {"kind": "function", "name": "thumbs"}, {"kind": "nosql_table"},
              {"kind": "object_storage"}], [{"from": "fn", "to": "table", "access": "read"},
                                            {"from": "thumbs", "to": "storage", "access": "write"}])
    stack = build_stack(s, Plugins(plugins.pm))
    assert [(c.source, c.target, c.access) for c in stack.connections] == [
        ("fn", "table", "read"), ("thumbs", "storage", "write")]
    assert stack.components["fn"].connects_to == ["table"]
    assert stack.components["thumbs"].connects_to == ["storage"]
    decision = next(d for d in stack.decisions if d.id == "core.connections.stated")
    assert decision.title == "Access as stated: 2 connection(s), nothing else"
    assert "fn → table (read), thumbs → storage (write)" in decision.why
    assert "core.connections.default" not in {d.id for d in stack.decisions}


def test_an_empty_list_grants_nothing_and_says_so(plugins):
    stack = build_stack(spec([{"kind": "function"}, {"kind": "queue"}], []), Plugins(plugins.pm))
    assert stack.connections == [] and stack.components["fn"].connects_to == []
    assert any(d.title == "No component may use another: the connections list is empty" for d in stack.decisions)


def test_one_component_that_runs_code_gets_every_store_by_default(plugins):
    stack = build_stack(spec([{"kind": "web_app"}, {"kind": "relational_database"}, {"kind": "nosql_table"},
                              {"kind": "queue"}, {"kind": "topic"}, {"kind": "function", "name": "resize"}]),
                        Plugins(plugins.pm))
    granted = {(c.source, c.target, c.access) for c in stack.connections}
    assert ("app", "db", "connect") in granted and ("app", "table", "read_write") in granted
    assert ("app", "queue", "send") in granted and ("app", "topic", "publish") in granted
    assert not any(c.access == "invoke" for c in stack.connections), "a function is invoked only when linked"
    decision = next(d for d in stack.decisions if d.id == "core.connections.default")
    assert decision.title == "Each component that runs code uses every data store: no link was stated"
    assert "2 components run code (app, resize)" in decision.why and decision.rule == "least-privilege"

    alone = build_stack(spec([{"kind": "web_app"}, {"kind": "relational_database"}]), Plugins(plugins.pm))
    decision = next(d for d in alone.decisions if d.id == "core.connections.default")
    assert decision.title == "app uses every data store of the stack: no link was stated"
    assert "app → db (connect)" in decision.why


def test_a_worker_consumes_the_first_queue_and_sends_to_the_others_by_default(plugins):
    stack = build_stack(spec([{"kind": "worker"}, {"kind": "queue", "name": "jobs"},
                              {"kind": "queue", "name": "mails"}]), Plugins(plugins.pm))
    assert [(c.target, c.access) for c in stack.grants("worker")] == [("jobs", "consume"), ("mails", "send")]


def test_levels_of_one_pair_combine():
    assert combine(["read", "write"]) == ["read_write"]
    assert combine(["read", "read_write"]) == ["read_write"]
    assert combine(["send", "consume"]) == ["consume", "send"]
    queue = ComponentKind("queue", access=("send", "consume"), default_access="send")
    assert (level_for("read", queue), level_for("write", queue), level_for("use", queue)) == ("consume", "send",
                                                                                              "send")
    assert level_for("publish", ComponentKind("nosql_table", access=("read_write", "read", "write"))) is None


# -- read from the request --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("an API that reads the orders table and publishes to the events topic",
     [("app", "orders", "read"), ("app", "events", "publish")]),
    ("une fonction qui lit la table commandes et écrit dans le bucket",
     [("fn", "commandes", "read"), ("fn", "storage", "write")]),
    ("a worker that consumes the jobs queue", [("worker", "jobs", "consume")]),
    ("Django app reading the uploads bucket", [("app", "uploads", "read")]),
    # unseen phrasings: both verbs on one table, passive voice, a pronoun, a name after "named", French queues
    ("A serverless function that reads and writes the sessions table", [("fn", "sessions", "read_write")]),
    ("a table read by the API and written by a worker", [("app", "table", "read"), ("worker", "table", "write")]),
    ("a queue named jobs and a worker that consumes it", [("worker", "jobs", "consume")]),
    ("Une API serverless qui lit la table produits et envoie des messages dans la file commandes",
     [("api", "produits", "read"), ("api", "commandes", "send")]),
    ("Une file jobs consommée par un worker, alimentée par une application Django",
     [("worker", "jobs", "consume"), ("app", "jobs", "send")]),
    ("Flask app that connects to PostgreSQL and Redis", [("app", "db", "connect"), ("app", "cache", "connect")]),
    ("A scheduled job that queries the orders table every night", [("job", "orders", "read")]),
    ("Une application Spring qui utilise la table clients", [("app", "clients", "read_write")]),
    ("a Node.js app that calls the resize function", [("app", "resize", "invoke")]),
    # a pronoun after a verb is what was named before, whatever the punctuation; never what the next clause names
    ("a Django app and a queue; a worker consumes it; the app writes to a bucket",
     [("worker", "queue", "consume"), ("app", "storage", "write")]),
    ("a Django app and a queue, a worker consumes it, the app writes to a bucket",
     [("worker", "queue", "consume"), ("app", "storage", "write")]),
    ("a Django app and a worker; it consumes the queue; the worker writes to a bucket",
     [("worker", "queue", "consume"), ("worker", "storage", "write")]),
    # "one that …" for each of the counted components: each its own links
    ("two functions, one that reads the jobs queue and one that writes to the bucket",
     [("fn", "jobs", "consume"), ("fn_2", "storage", "write")]),
    ("deux fonctions, une qui lit la file jobs et une qui écrit dans le bucket",
     [("fn", "jobs", "consume"), ("fn_2", "storage", "write")]),
    ("Two functions: one reads the jobs queue, the other writes to the bucket",
     [("fn", "jobs", "consume"), ("fn_2", "storage", "write")]),
    ("Deux fonctions : l'une lit la file jobs, l'autre écrit dans le bucket",
     [("fn", "jobs", "consume"), ("fn_2", "storage", "write")]),
    # what is said of them together holds for each
    ("two functions that write to the bucket, one that reads the jobs queue and one that reads the orders table",
     [("fn", "storage", "write"), ("fn_2", "storage", "write"), ("fn", "jobs", "consume"), ("fn_2", "orders", "read")]),
])
def test_links_from_the_request(plugins, text, expected):
    result = parse(plugins, text)
    assert links(plugins, text) == expected
    assert result.unused == [], result.unused


def test_data_stores_no_verb_links_get_the_default_access_and_a_decision(plugins):
    result = parse(plugins, "A Django app with PostgreSQL and a worker that consumes the jobs queue")
    got = [(c.source, c.target, c.access) for c in result.spec.connections or []]
    assert got == [("worker", "jobs", "consume"), ("app", "db", "connect"), ("worker", "db", "connect")]
    note = next(n for n in result.notes if n.id == "core.request.connections")
    assert "consumes the jobs queue" in note.why and "no verb links (db)" in note.why
    assert note.rule == "core.request"


@pytest.mark.parametrize("text", [
    "A function that reads the orders table but never writes to the exports bucket",
    "A function that reads the orders table and doesn't write to the exports bucket",
    # French negations stand after the verb: the verb is negated, the bucket stays what the request names
    "Une fonction qui lit la table orders mais n'écrit jamais dans le bucket exports",
    "Une fonction qui lit la table orders et ne lit pas le bucket exports",
])
def test_a_negated_verb_grants_nothing_even_by_default(plugins, text):
    result = parse(plugins, text)
    assert [(c.kind, c.name) for c in result.spec.components] == [
        ("function", None), ("nosql_table", "orders"), ("object_storage", "exports")]
    assert [(c.source, c.target, c.access) for c in result.spec.connections or []] == [("fn", "orders", "read")]
    assert "rules out fn → exports" in next(n for n in result.notes if n.id == "core.request.connections").why
    assert result.unused == [] and not result.excluded


@pytest.mark.parametrize("text", ["Une fonction qui ne lit pas la file jobs", "Une fonction qui ne consomme jamais "
                                  "la file jobs", "A function that does not read the jobs queue"])
def test_a_negated_verb_alone_keeps_what_it_names_and_links_nothing(plugins, text):
    result = parse(plugins, text)
    assert sorted((c.kind, c.name) for c in result.spec.components) == [("function", None), ("queue", "jobs")]
    assert result.spec.connections == []


def test_no_verb_leaves_the_default_to_the_build(plugins):
    result = parse(plugins, "Une fonction Lambda avec une table DynamoDB")
    assert result.spec.connections is None
    assert not any(n.id == "core.request.connections" for n in result.notes)


def test_named_components_stay_apart_and_mentions_merge(plugins):
    result = parse(plugins, "an app that reads the orders table and the customers table")
    assert [(c.kind, c.name) for c in result.spec.components] == [
        ("web_app", None), ("nosql_table", "orders"), ("nosql_table", "customers")]
    assert links(plugins, "an app that reads the orders table and the customers table") == [
        ("app", "orders", "read"), ("app", "customers", "read")]
    one = parse(plugins, "A NoSQL table, and a function that writes to the orders table")
    assert [(c.kind, c.name) for c in one.spec.components] == [("nosql_table", "orders"), ("function", None)]


def test_table_alone_is_no_component(plugins):
    with pytest.raises(SpecError, match="names no component"):
        parse(plugins, "x '; DROP TABLE users; --")
    assert parse(plugins, "A function with a table").unused == ["table"]


def test_a_level_the_target_does_not_take_is_refused(plugins):
    with pytest.raises(SpecError, match=r"'consumes the events topic': a topic accepts publish, not 'consumes' "
                                        r"\(messages are consumed from a queue: 'a worker consuming a queue'\)"):
        parse(plugins, "A function that consumes the events topic")
    with pytest.raises(SpecError, match=r"a cache accepts connect, not 'consumes'; rephrase") as refused:
        parse(plugins, "A function that consumes a cache")
    assert "queue" not in str(refused.value)  # the hint is for messages only


def test_a_link_to_a_service_no_cloud_generates_is_refused_as_that_service(plugins):
    kinds = plugins.registry.kinds_for("fake")
    assert "data_warehouse" not in kinds
    parsed = parse(plugins, "A function writing to BigQuery")  # not refused as a link: as the service
    assert [c.kind for c in parsed.spec.components] == ["function", "data_warehouse"]
    with pytest.raises(SpecError, match=r"cannot generate 'data_warehouse' \(asked by 'bigquery'\)"):
        build_stack(parsed.spec, plugins)
    with pytest.raises(SpecError, match=r"a web app is used by no other component, not 'writing to'"):
        parse(plugins, "A function writing to the web app")


def test_a_verb_that_links_nothing_is_reported(plugins):
    result = parse(plugins, "A function that invokes itself")
    assert result.unused == ["invokes"] and result.spec.connections is None
