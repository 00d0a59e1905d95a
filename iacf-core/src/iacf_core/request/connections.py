"""Connections: which component may use which, and how (``Spec.connections``).

A connection says that ``from`` (a component that runs code) may use ``to`` with an access level the target's
kind accepts (``ComponentKind.access``). Stated connections are all that is granted; with none stated, each
component that runs code gets every data store's default access (``ComponentKind.default_access``), and the
choice is a recorded decision. Cloud plugins turn each connection into exact permissions, network rules and
environment variables, and may add the ones a rule needs (a worker consumes a queue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..kernel.models import ComponentRequest, Connection, Decision, Spec, Stack
from ..kernel.registry import ComponentKind, Registry
from ..kernel.text import did_you_mean
from .readings import note

ACCESS: dict[str, str] = {
    "read": "read items or objects (no scan of a whole table)",
    "write": "create, change and delete items or objects",
    "read_write": "read and write",
    "send": "send messages to a queue",
    "consume": "receive, hide and delete messages of a queue",
    "publish": "publish messages to a topic",
    "connect": "reach a database or cache on its port, with its credentials",
    "invoke": "call a function",
}
"""The access levels and what each allows (the cloud decides the exact actions)."""

COMBINED = {"read_write": ("read", "write")}
"""Levels that hold others: read and write on one component are read_write."""

# what a verb of the request means on a kind that has no level of that name: reading a queue is consuming it,
# writing to a topic is publishing to it, reading a database is connecting to it
_EQUIVALENT: dict[str, tuple[str, ...]] = {
    "read": ("consume", "connect"), "write": ("send", "publish", "connect"), "read_write": ("connect",),
    "send": ("publish",), "publish": ("send",), "trigger": ("consume", "read"),
}

# a kind that takes its work from another kind: with no link stated, it consumes the first one of the stack
WORK_SOURCES: dict[str, tuple[str, str]] = {"worker": ("queue", "consume")}


def component_ids(components: Sequence[ComponentRequest], registry: Registry) -> list[str]:
    """The id each requested component gets: its name, else the kind's default id, numbered when taken."""
    ids: list[str] = []
    for req in components:
        kind = registry.kinds.get(req.kind)
        base = req.name or (kind.default_id if kind else "") or req.kind
        cid, n = base, 2
        while cid in ids:
            cid, n = f"{base}_{n}", n + 1
        ids.append(cid)
    return ids


def multiply(components: Sequence[ComponentRequest], counts: Sequence[tuple[int, str, Sequence[str]]],
             connections: list[Connection] | None,
             registry: Registry) -> tuple[list[ComponentRequest], list[Connection] | None, list[Decision]]:
    """Components the request asks for several of ("two Lambda functions"): ``counts[i]`` (the number, the words
    that said it, the names of the copies after the first) copies of ``components[i]``, named so or numbered as a
    spec's are (fn, fn_2; a named one orders, orders_2), each with the connections stated for the one it copies;
    and the decision saying so for each."""
    if all(number == 1 for number, _, _ in counts):
        return list(components), connections, []
    before = component_ids(components, registry)
    result: list[ComponentRequest] = []
    origin: list[int] = []
    for index, (req, (number, _, names)) in enumerate(zip(components, counts, strict=True)):
        for copy in range(max(number, 1)):
            named = (names[copy - 1] if copy <= len(names) else f"{req.name}_{copy + 1}") if req.name and copy \
                else req.name
            result.append(req if copy == 0 else req.model_copy(update={"name": named}, deep=True))
            origin.append(index)
    after = component_ids(result, registry)
    ids_of: dict[str, list[str]] = {}
    for index, cid in zip(origin, after, strict=True):
        ids_of.setdefault(before[index], []).append(cid)
    if connections is not None:
        pairs = {(s, t, c.access): None for c in connections for s in ids_of[c.source] for t in ids_of[c.target]}
        connections = [Connection.of(s, t, access) for s, t, access in pairs]
    decisions = []
    for index, (number, said, names) in enumerate(counts):
        ids = ids_of[before[index]]
        kind = components[index].kind.replace("_", " ")
        if number == 0:
            decisions.append(note(
                f"count-{ids[0]}", f"One {kind} for '{said}'",
                f"The request asks for several ('{said}') without saying how many: one {kind} is generated "
                f"({ids[0]}).", said,
                ["say how many (two …, deux …, 3 …)", f"name each one (a {kind} named … and a {kind} named …)"]))
        if number <= 1:
            continue
        decisions.append(note(
            f"count-{ids[0]}", f"{number} {kind} components ({', '.join(ids)})",
            f"The request asks for {number} ('{said}'): {', '.join(ids)}, alike (same parameters), each with the "
            "connections stated for them.", said,
            [*([] if names else [f"name each one (a {kind} named … and a {kind} named …)"]),
             "write a spec with one entry per component, each with its own parameters"]))
    return result, connections, decisions


def level_for(meaning: str, kind: ComponentKind) -> str | None:
    """The access level a verb of the request (``read``, ``use``...) means on ``kind``; None when it has none."""
    if meaning == "use":
        return kind.default_access or (kind.access[0] if kind.access else None)
    if meaning in kind.access:
        return meaning
    return next((level for level in _EQUIVALENT.get(meaning, ()) if level in kind.access), None)


def combine(levels: Iterable[str]) -> list[str]:
    """The levels of one pair without repeats: read and write become read_write, which holds both."""
    found = set(levels)
    for whole, parts in COMBINED.items():
        if whole in found or set(parts) <= found:
            found = (found - set(parts)) | {whole}
    return sorted(found)


def describe(connections: Iterable[Connection]) -> str:
    """``app → orders (read), app → events (publish)``."""
    return ", ".join(f"{c.source} → {c.target} ({c.access})" for c in connections) or "none"


# -- checks ------------------------------------------------------------------------------------------------


def check(spec: Spec, registry: Registry) -> list[str]:
    """Every problem of the spec's component names and connections, one line each."""
    ids = component_ids(spec.components, registry)
    problems = _names(spec, registry)
    if spec.connections is None:
        return problems
    kinds = {cid: registry.kinds.get(req.kind) for cid, req in zip(ids, spec.components, strict=True)}
    clients = sorted(k.name for k in registry.kinds.values() if k.client and spec.cloud in k.clouds)
    seen: dict[tuple[str, str, str], int] = {}
    for index, conn in enumerate(spec.connections):
        where = f"connections[{index}] ({conn.source} -> {conn.target}, {conn.access})"
        unknown = [_unknown(name, ids) for name in (conn.source, conn.target) if name not in kinds]
        if unknown:
            problems.extend(f"{where}: {line}" for line in unknown)
            continue
        source, target = kinds[conn.source], kinds[conn.target]
        if source is None or target is None:
            continue  # a kind the catalogue does not have: reported with the components
        if conn.source == conn.target:
            problems.append(f"{where}: a component needs no connection to itself")
        elif not source.client:
            problems.append(f"{where}: {conn.source} ({source.name}) runs no code, so it uses nothing; the 'from' "
                            f"of a connection is a {' or '.join(clients)}")
        elif conn.access not in target.access:
            accepted = (f"accepts {', '.join(target.access)}, not {conn.access}" if target.access
                        else "takes no connection")
            problems.append(f"{where}: {conn.target} ({target.name}) {accepted}")
        else:
            problems.extend(f"{where}: {line}" for line in _repeated(conn, index, seen))
    return problems


def _names(spec: Spec, registry: Registry) -> list[str]:
    """Stated names are unique and are not the ids of components of other kinds (the ids the rules give the
    components they add: a bucket named ``network`` would stand for the stack's network)."""
    reserved = reserved_ids(registry)
    problems: list[str] = []
    first: dict[str, int] = {}
    for index, req in enumerate(spec.components):
        if req.name is None:
            continue
        owners = reserved.get(req.name, set())
        if owners and req.kind not in owners:
            problems.append(f"components[{index}]: name {req.name!r} is the id of the {sorted(owners)[0]} "
                            "component the rules add; choose another name")
        elif req.name in first:
            problems.append(f"components[{index}]: name {req.name!r} is already the name of "
                            f"components[{first[req.name]}]; each component needs its own (connections use them)")
        first.setdefault(req.name, index)
    return problems


# requestable kinds the rules also add when a stack needs one, under their default id: a component of another
# kind named so would stand for it (a bucket named "network": no network added)
ADDED_BY_RULES = ("network",)


def reserved_ids(registry: Registry) -> dict[str, set[str]]:
    """The default id of each kind the rules add (internal ones, the network) → its kinds: a component of
    another kind may not take it."""
    found: dict[str, set[str]] = {}
    for kind in registry.kinds.values():
        if kind.default_id and (kind.internal or kind.name in ADDED_BY_RULES):
            found.setdefault(kind.default_id, set()).add(kind.name)
    return found


def _unknown(name: str, ids: list[str]) -> str:
    return f"no component is named {name!r}; {did_you_mean(name, ids)}components: {', '.join(ids)}"


def _repeated(conn: Connection, index: int, seen: dict[tuple[str, str, str], int]) -> list[str]:
    key = (conn.source, conn.target, conn.access)
    if key in seen:
        return [f"repeats connections[{seen[key]}]"]
    problems = []
    for (source, target, level), other in seen.items():
        if (source, target) != (conn.source, conn.target):
            continue
        if conn.access in COMBINED.get(level, ()):
            problems.append(f"connections[{other}] ({level}) already covers it")
        elif level in COMBINED.get(conn.access, ()):
            problems.append(f"it covers connections[{other}] ({level}); keep one of the two")
    seen[key] = index
    return problems


# -- defaults and resolution --------------------------------------------------------------------------------


def default_connections(members: Sequence[tuple[str, str]], registry: Registry,
                        targets: Iterable[str] | None = None) -> list[Connection]:
    """What each component that runs code gets when no link is stated: every store's default access (a worker
    consumes the first queue). ``members`` are (id, kind) in spec order; ``targets`` limits the stores."""
    kinds = {kind: registry.kinds.get(kind) for _, kind in members}
    wanted = set(targets) if targets is not None else None
    stores = [(cid, kind) for cid, kind in members if (k := kinds[kind]) is not None and k.default_access
              and (wanted is None or cid in wanted)]
    first = {kind: next(cid for cid, k in members if k == kind) for _, kind in members}
    granted = []
    for client, client_kind in members:
        k = kinds[client_kind]
        if k is None or not k.client:
            continue
        source_kind, source_level = WORK_SOURCES.get(client_kind, ("", ""))
        for store, store_kind in stores:
            if store == client:
                continue
            store_default = kinds[store_kind]
            level = source_level if store_kind == source_kind and first[store_kind] == store else None
            access = level or (store_default.default_access if store_default is not None else "")
            granted.append(Connection.of(client, store, access))
    return granted


def resolve(stack: Stack, registry: Registry) -> None:
    """Grant the stated connections, else the defaults; either way a recorded decision says which."""
    stated = stack.spec.connections
    asked = "request" if any(c.provenance.source == "request" for c in stack.components.values()) else "spec"
    if stated is not None:
        for conn in stated:
            stack.connect(conn.source, conn.target, conn.access)
        involved = sorted({c for conn in stated for c in (conn.source, conn.target)})
        stack.decide(Decision(
            id="core.connections.stated",
            title=(f"Access as stated: {len(stated)} connection(s), nothing else" if stated
                   else "No component may use another: the connections list is empty"),
            why=f"The {asked} says who may use what: {describe(stated)}. Each connection is granted on that "
                "component only, with the actions of its access level (the cloud's decisions list them); a "
                "component that runs code gets nothing it is not connected to.",
            rule="least-privilege", trigger=f"connections stated in the {asked}", components=involved,
            alternatives=["no connections (each component that runs code gets every data store's default "
                          "access)"],
        ))
        return
    members = [(c.id, c.kind) for c in stack.components.values()]
    granted = default_connections(members, registry)
    for conn in granted:
        stack.connect(conn.source, conn.target, conn.access)
    if granted:
        stack.decide(_default_decision(granted, asked))


def _default_decision(granted: list[Connection], asked: str) -> Decision:
    clients = list(dict.fromkeys(c.source for c in granted))
    narrow = ("State the connections (a spec's `connections`, or verbs in the request: 'an API that reads the "
              "orders table') to narrow it: then only those are granted.")
    if len(clients) == 1:
        title = f"{clients[0]} uses every data store of the stack: no link was stated"
        why = (f"The {asked} states no connection and {clients[0]} is the only component that runs code, so it "
               f"gets each data store's default access: {describe(granted)}. {narrow}")
    else:
        title = "Each component that runs code uses every data store: no link was stated"
        why = (f"The {asked} states no connection and {len(clients)} components run code ({', '.join(clients)}): "
               f"which one uses which store is not said, so each gets each store's default access: "
               f"{describe(granted)}. {narrow}")
    return Decision(
        id="core.connections.default", title=title, why=why, rule="least-privilege",
        trigger=f"no connection stated in the {asked}",
        components=sorted({c for conn in granted for c in (conn.source, conn.target)}),
        alternatives=["state the connections: only those are granted",
                      "no access at all (an empty connections list; the operator writes the policies)"],
    )
