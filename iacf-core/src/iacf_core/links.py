"""Names and connections read from the request: "an API that reads the orders table and publishes to the events
topic", "une fonction qui lit la table commandes et écrit dans le bucket", "a worker that consumes the jobs queue".

A component's name is the unknown word right before it ("the orders table") or right after it ("la table
commandes", "a queue named jobs"). An access verb links the component that runs code before it (the subject of
the clause, else the only one of the request) to the components after it; a passive verb ("a table read by the
API") links the other way. Once one link is stated, the connections are what the request says, plus, for each
data store no verb links, every component that runs code with its default access; both are recorded as a
decision (``core.request.connections``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .connections import combine, default_connections, describe, level_for
from .errors import SpecError
from .grammar import Grammar, Item, is_conjunction
from .models import Connection, Decision
from .readings import Assembler, Draft, note
from .registry import ComponentKind, Registry

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
MAX_NAME_WORDS = 2


def component_names(items: list[Item], g: Grammar, reserved: set[str]) -> dict[int, str]:
    """The name of each component word that has one; the words of the name become used ``name`` items."""
    found: dict[int, str] = {}
    for at, it in enumerate(items):
        if it.category() != "component" or it.negated:
            continue
        span = _before(items, at) or _after(items, at, g)
        name = "_".join(items[j].text for j in span)
        name = re.sub(r"[^a-z0-9]+", "_", name).strip("_")
        if not span or not _NAME.match(name) or name in reserved:
            continue
        found[at] = name
        for j in span:
            items[j].role, items[j].used = "name", True
    return found


def _unknown(items: list[Item], j: int, clause: int) -> bool:
    return 0 <= j < len(items) and items[j].role == "unknown" and items[j].clause == clause


def _before(items: list[Item], at: int) -> list[int]:
    span: list[int] = []
    j = at - 1
    while _unknown(items, j, items[at].clause) and len(span) < MAX_NAME_WORDS:
        span.insert(0, j)
        j -= 1
    return span


def _after(items: list[Item], at: int, g: Grammar) -> list[int]:
    j = at + 1
    while j < len(items) and items[j].clause == items[at].clause and (items[j].text,) in g.name_links:
        j += 1
    if j - at > 2:
        return []
    span = [j] if _unknown(items, j, items[at].clause) else []
    if span and j > at + 1:
        items[j - 1].role, items[j - 1].used = "name", True  # "named", "des": part of the name phrase
    return span


@dataclass
class _Link:
    source: Draft
    target: Draft
    level: str
    words: str
    negated: bool


class Linker:
    """Reads the links of the request once the components are assembled."""

    def __init__(self, items: list[Item], assembler: Assembler, registry: Registry, g: Grammar) -> None:
        self.items = items
        self.owner = assembler.owner
        self.drafts = assembler.drafts
        self.registry = registry
        self.g = g
        self.links: list[_Link] = []

    def kind(self, draft: Draft) -> ComponentKind | None:
        return self.registry.kinds.get(draft.kind)

    def is_client(self, draft: Draft) -> bool:
        kind = self.kind(draft)
        return kind is not None and kind.client

    def run(self) -> None:
        subject: Draft | None = None
        at = 0
        while at < len(self.items):
            it = self.items[at]
            if it.role == "access":
                at = self.active(at, subject)
                continue
            if it.role == "access_passive":
                self.passive(at)
            elif at in self.owner and self.is_client(self.owner[at]):
                subject = self.owner[at]
            at += 1

    def _skip(self, j: int, step: int) -> int:
        """The next index in ``step`` direction that is neither a stop word, a filler nor a name."""
        while 0 <= j < len(self.items) and (self.items[j].role in ("stop", "name")
                                             or (self.items[j].category() == "filler"
                                                 and not is_conjunction(self.items[j], self.g))):
            j += step
        return j

    def _subject(self, subject: Draft | None) -> Draft | None:
        clients = [d for d in self.drafts if self.is_client(d)]
        return subject or (clients[0] if len(clients) == 1 else None)

    def active(self, at: int, subject: Draft | None) -> int:
        """Link the subject to the components after the verb at ``at``; returns where reading goes on."""
        verb = self.items[at]
        source = self._subject(subject)
        targets: list[tuple[Draft, int]] = []
        j = self._skip(at + 1, 1)
        while j < len(self.items) and j in self.owner:
            draft = self.owner[j]
            if targets and draft is targets[-1][0]:  # "the uploads bucket": two words, one component
                j = self._skip(j + 1, 1)
                continue
            if targets and level_for(verb.meaning, self.kind(draft) or ComponentKind(draft.kind)) is None:
                break  # "... and a worker that consumes ...": a new subject, not another object
            targets.append((draft, j))
            j = self._skip(j + 1, 1)
            if j < len(self.items) and is_conjunction(self.items[j], self.g):
                nxt = self._skip(j + 1, 1)
                if nxt < len(self.items) and nxt in self.owner and self.items[nxt].role != "access":
                    j = nxt
        if source is None or not targets:
            verb.used = False  # nothing to link: reported
            return at + 1
        for draft, where in targets:
            self.link(source, draft, verb, self._span(at, where))
        return targets[-1][1] + 1

    def passive(self, at: int) -> None:
        """'a table read by the API': the component before the verb is used by the one after it."""
        verb = self.items[at]
        before, after = self._skip(at - 1, -1), self._skip(at + 1, 1)
        target = self.owner.get(before) if before >= 0 else None
        source = self.owner.get(after) if after < len(self.items) else None
        if target is None or source is None or not self.is_client(source):
            verb.used = False
            return
        self.link(source, target, verb, self._span(before, after))

    def _span(self, start: int, end: int) -> str:
        return " ".join(it.text for it in self.items[start : end + 1] if it.role != "stop" or it.text in ("to", "from"))

    def link(self, source: Draft, target: Draft, verb: Item, words_: str) -> None:
        if source is target:
            return
        kind = self.kind(target)
        level = level_for(verb.meaning, kind) if kind is not None else None
        if level is None:
            accepted = ", ".join(kind.access) if kind is not None and kind.access else ""
            raise SpecError(f"'{words_}': a {target.kind.replace('_', ' ')} "
                            + (f"accepts {accepted}" if accepted else "is used by no other component")
                            + f", not '{verb.text}'; rephrase the link or leave it out")
        self.links.append(_Link(source, target, level, words_, verb.negated))


def read_links(items: list[Item], assembler: Assembler, registry: Registry, g: Grammar,
               ids: list[str]) -> tuple[list[Connection] | None, list[Decision]]:
    """The request's connections (None when it states none, so the defaults apply) and the decision saying how
    they were read. ``ids`` are the ids of ``assembler.drafts``, in order."""
    linker = Linker(items, assembler, registry, g)
    linker.run()
    if not linker.links:
        return None, []
    id_of = {id(d): cid for d, cid in zip(assembler.drafts, ids, strict=True)}
    levels: dict[tuple[str, str], list[str]] = {}
    denied: set[tuple[str, str]] = set()
    for link in linker.links:
        pair = (id_of[id(link.source)], id_of[id(link.target)])
        if link.negated:
            denied.add(pair)
        else:
            levels.setdefault(pair, []).append(link.level)
    stated = [Connection(source=s, target=t, access=level)  # type: ignore[arg-type]
              for (s, t), found in levels.items() for level in combine(found)]
    linked = {t for _, t in [*levels, *denied]}
    members = [(cid, d.kind) for d, cid in zip(assembler.drafts, ids, strict=True)]
    unlinked = [cid for cid, kind in members if cid not in linked]
    added = [c for c in default_connections(members, registry, unlinked) if (c.source, c.target) not in denied]
    words_ = "', '".join(dict.fromkeys(link.words for link in linker.links))
    why = (f"The request links components with verbs ('{words_}'): {describe(stated)}"
           + (f"; it rules out {', '.join(f'{s} → {t}' for s, t in sorted(denied))}" if denied else "")
           + ". Only the stated links are granted")
    if added:
        stores = ", ".join(dict.fromkeys(c.target for c in added))
        why += (f", except for the data stores no verb links ({stores}): each component that runs code gets "
                f"their default access ({describe(added)})")
    decision = note("connections", f"Who uses what, from the request's verbs ({len(stated) + len(added)} "
                    "connection(s))", why + ".", words_.replace("', '", ", "),
                    ["state no link (each component that runs code uses every data store)",
                     "write a spec with its `connections` list"])
    return stated + added, [decision]
