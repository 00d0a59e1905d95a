"""Readings of the request that depend on the rest of it: "app", "API", a language, "Next.js static frontend",
"worker Lambda", "for my app". Each reading is recorded as a :class:`Decision` (rule ``core.request``), so
DECISIONS.md says how the request was understood."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..kernel.errors import SpecError
from ..kernel.models import ComponentRequest, Decision
from ..kernel.registry import Term
from .grammar import MULTIPLIER, RELATIVES, Grammar, Item, is_conjunction, neighbour
from .params import NEUTRAL_PARAMS, frameworks

# neutral kinds whose code runs as functions, and the languages their generated (placeholder) code is in
FUNCTION_KINDS = ("function", "worker", "scheduled_job")
SERVING_KINDS = ("worker", "web_app", "http_api")  # run all the time: a schedule said of one is refused
FUNCTION_LANGUAGES = ("python",)
# kinds that serve or run the application: with one of them, "app" is the name of the whole, not a web app
COMPUTE_KINDS = ("web_app", *FUNCTION_KINDS, "http_api", "static_site")


@dataclass
class Draft:
    """A component being assembled from the request's words."""

    kind: str
    params: dict[str, Any]
    words: list[str]
    position: int
    name: str | None = None
    count: int = 1  # "two Lambda functions": how many components of this kind the request asks for (0: several)
    counted: str = ""  # the words that said so
    names: list[str] = field(default_factory=list)  # the names of the copies after the first ("named jobs and mails")


def _refines(key: str, one: Any, other: Any) -> bool:
    """Whether two frameworks name one application: a language and a framework of it ("Node.js Express API"); or
    two engines one database: an engine and a variant of it ("Aurora Serverless v2 PostgreSQL")."""
    if key == "engine" and one != other and isinstance(one, str) and isinstance(other, str):
        return any(b.split("-")[-1].startswith(a) and "-" in b for a, b in ((one, other), (other, one)))
    if key != "framework" or one == other:
        return False
    entries = frameworks()
    first, second = entries.get(str(one), {}), entries.get(str(other), {})
    return (bool(first) and first.get("language") == second.get("language")
            and "language" in (first.get("kind"), second.get("kind")))


def note(nid: str, title: str, why: str, words_: str, alternatives: list[str] | None = None) -> Decision:
    return Decision(id=f"core.request.{nid}", title=title, why=why, rule="core.request",
                    trigger=f"the words '{words_}' of the request", alternatives=alternatives or [])


# the CLI option that states each defaulted value
DEFAULT_OPTIONS = {"environment": "--env", "cost_center": "--cost-center"}


# what the run reads its values from, which a default says did not state one: the request, unless a spec file is
# generated (:func:`stated_in`; the defaults are decided deep in the pipeline, which does not know the source)
_STATED_IN: ContextVar[str] = ContextVar("iacf_stated_in", default="request")


@contextmanager
def stated_in(source: str) -> Iterator[None]:
    """Within the block, the defaults (:func:`default_decision`) say that ``source`` ("spec file") did not state
    their value."""
    token = _STATED_IN.set(source)
    try:
        yield
    finally:
        _STATED_IN.reset(token)


def stated_source() -> str:
    """What the run reads its values from: "request", or "spec file" within :func:`stated_in`."""
    return _STATED_IN.get()


def default_decision(what: str, value: str, origin: str) -> Decision:
    """The decision to use ``value`` for ``what`` (a Spec field) because nothing stated it; ``origin`` says
    where the value comes from ("derived from the request", "policy iacf.toml")."""
    label = what.replace("_", " ")
    option = DEFAULT_OPTIONS.get(what, f"--{what.replace('_', '-')}")
    source = _STATED_IN.get()
    return Decision(
        id=f"core.default.{what}", title=f"Default {label}: {value}",
        why=f"The {source} does not state the {label}: {value} ({origin}).",
        rule="core.defaults", trigger=f"not stated in the {source}",
        alternatives=[f"state the {label} in the {source} or pass {option}" if what != "project" else "pass --project"],
    )


def override_decision(key: str, value: Any, stated: Any, source: str) -> Decision:
    """The decision that ``value`` of a command-line option replaces ``stated``, which ``source`` ("the spec file",
    "the request") states for the Spec field ``key``: the project says where its values came from."""
    option = f"--{'env' if key == 'environment' else key.replace('_', '-')}"
    label = key.replace("_", " ")
    return Decision(
        id=f"core.override.{key}", title=f"The {label} is {value}, from {option}",
        why=f"{source[0].upper()}{source[1:]} states {label} {stated}; {option} {value} on the command line "
            "replaces it.",
        rule="core.defaults", trigger=f"{option} on the command line",
        alternatives=[f"leave out {option} to keep {source}'s {label}"])


# workloads a CDN word can stand in front of ("a web app behind CloudFront")
EDGED_KINDS = ("web_app", "http_api", "kubernetes_cluster", "function")
ARTICLES = frozenset({"a", "an", "the", "un", "une", "le", "la", "les", "l"})
INDEFINITE = frozenset({"a", "an", "un", "une", "another", "autre"})
EXISTING = frozenset({"existing", "existant", "existante", "existants", "existantes"})
OTHER = frozenset({"another", "autre", "second", "seconde", "deuxieme", "third", "troisieme"})
# "two Lambdas, one that reads … and one that writes …", "l'une lit …, l'autre écrit …": one of the copies
ONE = frozenset({"one", "un", "une", "other", "autre"})
# where and when a stack runs: words that may stand between a workload and what is said of it ("a Django app on
# AWS in prod behind CloudFront")
PLACES = ("cloud", "region", "environment")
MAX_COUNT = 20  # "twenty Lambda functions"; more is a spec's work
WITH = frozenset({"with", "w", "avec", "using", "utilisant", "in", "en"})  # "a Lambda with FastAPI", "in .NET"
SIZE = re.compile(r"([0-9]+)([a-z]+)")  # "500gb": a size and its unit in one word
VERSION = re.compile(r"v?[0-9]+(?:\.[0-9]+){0,2}")  # "16", "8.0", "3.12", "v16": a version after a product's name


class Assembler:
    """Turns the request's terms into component requests, recording every contextual reading as a note."""

    def __init__(self, items: list[Item], g: Grammar, names: dict[int, str] | None = None,
                 lists: dict[int, list[str]] | None = None) -> None:
        self.items = items
        self.g = g
        self.names = names or {}  # component word → the name the request gives it ("the orders table")
        self.lists = lists or {}  # component word → the names of its copies after the first ("jobs and mails")
        self.times: dict[int, Draft] = {}  # a multiplier ("x2") → the component it counts
        self.groups: dict[int, list[Draft]] = {}  # id of a counted draft → the components it became ("one that …")
        self.drafts: list[Draft] = []
        self.notes: list[Decision] = []
        self.absorbed: dict[int, int] = {}  # function word → the worker or job it qualifies; bucket → site
        self.owner: dict[int, Draft] = {}  # word that names a component → that component
        self.storage: dict[int, int] = {}  # database word → the GiB of storage the request gives it
        self.of_function: set[int] = set()  # framework words said of a function ("a Lambda with FastAPI")
        self._starts: list[int] = []  # the units' first words' indices (:meth:`position`)

    def position(self, at: int) -> int:
        """The index of the first word of the unit at ``at`` (the units' words counted once, not per mention)."""
        if len(self._starts) != len(self.items) + 1:
            self._starts = [0]
            for it in self.items:
                self._starts.append(self._starts[-1] + len(it.words))
        return self._starts[at]

    def active(self, *categories: str) -> list[int]:
        return [i for i, it in enumerate(self.items) if it.category() in categories and not it.negated
                and i not in self.absorbed]

    def kinds(self) -> set[str]:
        return {d.kind for d in self.drafts}

    def _another(self, at: int) -> bool:
        """'a Lambda that reads … and a Lambda that writes …': the mention at ``at`` follows an indefinite article
        ("a", "une"), and so did an earlier mention of its kind, with 'and' / 'et' between them: a second one."""
        def article(j: int) -> bool:
            return j > 0 and self.items[j - 1].text in INDEFINITE and self.items[j - 1].clause == self.items[j].clause

        term = self.items[at].term
        said_other = at > 0 and self.items[at - 1].text in OTHER  # "another Lambda", "une deuxième Lambda"
        if term is None or not (article(at) or said_other):
            return False
        for j in range(at - 1, -1, -1):
            other = self.items[j].term
            if other is not None and other.category == "component" and other.value == term.value \
                    and not self.items[j].negated and j not in self.absorbed:
                if said_other:
                    self.items[at - 1].used = True
                return said_other or (article(j) and any(
                    is_conjunction(self.items[k], self.g) and self.items[k].text in ("and", "et")
                    for k in range(j + 1, at)))
        return False

    def add(self, kind: str, params: dict[str, Any], words_: list[str], position: int,
            name: str | None = None, another: bool = False) -> Draft:
        """Add a mention; mentions of one kind merge unless their params or names conflict ("the orders table
        and the customers table" are two) or it is ``another`` one ("a Lambda … and a Lambda …")."""
        same = [d for d in self.drafts if d.kind == kind and not (another and d.name is None)]
        match = next((d for d in same if name is not None and d.name == name), None)
        if match is None and same:
            # another unnamed mention ("… and a Node.js API") is never the named one before it ("a Next.js
            # storefront"): it only matches by name
            last = next((d for d in reversed(same) if d.name is None), None) if name is not None else \
                None if another else same[-1]
            if last is not None and all(last.params.get(k, v) == v or _refines(k, last.params[k], v)
                                        for k, v in params.items()):
                match = last
        if match is not None:
            if _refines("framework", params.get("framework"), match.params.get("framework")) \
                    and frameworks()[str(params["framework"])].get("kind") == "language":
                params = {k: v for k, v in params.items() if k != "framework"}  # "Express" stays, "Node.js" adds none
            if _refines("engine", params.get("engine"), match.params.get("engine")) \
                    and "-" not in str(params["engine"]):
                params = {k: v for k, v in params.items() if k != "engine"}  # "aurora-postgresql" stays
            match.params.update(params)
            match.words.extend(words_)
            match.name = match.name or name
            return match
        draft = Draft(kind, dict(params), list(words_), position, name)
        self.drafts.append(draft)
        return draft

    def count(self, at: int, draft: Draft) -> None:
        """A number right before the component's words ("two Lambda functions", "3 queues"), or first among them
        ("deux files"), asks for that many of it (the largest number said of one component wins); "several" says
        no number (count 0: one is generated, and a decision asks how many)."""
        it = self.items[at]
        back = at - 1
        # "two Python 3 Lambdas", "deux apps Django": the words saying what the components are written in, or what
        # they are, stand between the number and them
        while back > 0 and self.items[back].clause == it.clause and (
                (self.items[back].category() in ("language", "qualifier") and not self.items[back].negated)
                or self._version_of(back) is not None):
            back -= 1
        before = self.items[back] if back >= 0 and self.items[back].clause == it.clause else None
        times = self._times(at, back, draft)
        if len(it.words) > 1 and it.words[0].text in self.g.counts:
            number, words_ = self.g.counts[it.words[0].text], it.text
        elif before is not None and (self._digits_count(at - 1) if before.text.isdigit()
                                     else before.text in self.g.counts):
            number = self.g.counts[before.text] if before.text in self.g.counts else int(before.text)
            words_ = " ".join(self.items[j].text for j in range(back, at + 1))
            before.used = True
        elif times is not None:
            number, words_ = times
        else:
            return
        if number > MAX_COUNT:
            raise SpecError(f"'{words_}': a request asks for at most {MAX_COUNT} of one component; write a spec "
                            "with one entry per component for more")
        if number > draft.count or (number == 0 and not draft.counted):
            draft.count, draft.counted = number, words_

    def _times(self, at: int, back: int, draft: Draft) -> tuple[int, str] | None:
        """'Lambda x2', '2x Django apps', 'Django app (x3)': a multiplier right before the component's words, or
        right after them, counts it; one between two components is refused (which one it counts is not said)."""
        ahead = at + 1
        while ahead < len(self.items) and self.items[ahead].clause == self.items[at].clause and (
                self.items[ahead].category() == "qualifier" or self.owner.get(ahead) is draft
                or self.items[ahead].term == self.items[at].term):  # "Django app x2", "Lambda function x2"
            ahead += 1
        for j in (back, ahead):
            found = MULTIPLIER.fullmatch(self.items[j].text) if 0 <= j < len(self.items) \
                and self.items[j].clause == self.items[at].clause and self.items[j].role == "unknown" else None
            if found is None:
                continue
            if self.times.setdefault(j, draft) is not draft:
                other = self.times[j].kind.replace("_", " ")
                raise SpecError(f"'{' '.join(self.items[k].text for k in range(j - 1, j + 2))}': "
                                f"'{self.items[j].text}' stands between a {other} and a "
                                f"{draft.kind.replace('_', ' ')}; write the number before the one it counts "
                                "('two Lambda functions')")
            self.items[j].used = True
            said = " ".join(w.text for w in self.items[min(at, j) : max(at, j) + 1])
            return int(found.group(1) or found.group(2)), said
        return None

    def _lone_multipliers(self) -> None:
        """A multiplier beside no component ("x2" alone, "2x faster") is refused: the count it says is not read."""
        for j, it in enumerate(self.items):
            if it.role == "unknown" and MULTIPLIER.fullmatch(it.text) and j not in self.times:
                raise SpecError(f"'{it.text}' counts no component: write it right before or after the component "
                                "('Lambda x2', '2x Django apps', 'two Lambda functions')")

    def _named(self, at: int, draft: Draft) -> None:
        """'two queues named jobs and mails', 'trois Lambdas nommées a, b et c': one component per name; a number
        said for more or fewer is refused."""
        names = self.lists[at]
        end = at + 1
        while end < len(self.items) and self.items[end].role == "name":
            end += 1
        said = " ".join(self.items[j].text for j in range(at, end))
        if draft.count not in (0, 1, 1 + len(names)):
            raise SpecError(f"'{said}': {1 + len(names)} names, and the request asks for {draft.count} "
                            f"('{draft.counted}'); give one name to each component")
        if draft.count != 1 + len(names):
            draft.count, draft.counted = 1 + len(names), said
        draft.names = names

    def each_one(self) -> None:
        """'two Lambdas, one that reads the queue and one that writes to the bucket', 'deux Lambdas : l'une lit la
        file, l'autre écrit dans le bucket': each 'one' / 'une' / 'the other' before a verb stands for the next of
        the components counted before it, which become that many, each with the links stated for it, and all with
        those stated for them together. Fewer 'one that …' than components give the first ones their links and
        the others none of them ("two Lambdas, one that reads the queue": only the first reads it); fewer said of
        components also described together ("two functions that read the table and one that writes …": a third
        function, or one of the two?) and more than the components are refused."""
        found: dict[int, tuple[Draft, list[int], int]] = {}
        for at, it in enumerate(self.items):
            nxt = self.items[at + 1] if at + 1 < len(self.items) else None
            if it.text not in ONE or nxt is None or nxt.clause != it.clause \
                    or not (nxt.text in RELATIVES or nxt.role in ("access", "access_passive")):
                continue
            counted = [j for j in self.owner if j < at and self.owner[j].count != 1]
            if not counted:
                continue
            draft = self.owner[max(counted)]
            found.setdefault(id(draft), (draft, [], max(counted)))[1].append(at)
        for draft, ones, at in found.values():
            number, said = draft.count or len(ones), draft.counted
            if number < 2:
                continue
            phrase = ", ".join(f"{self.items[j].text} {self.items[j + 1].text}" for j in ones)
            if len(ones) > number:
                raise SpecError(f"'{said}' and '{phrase}': the request describes {len(ones)} components one by one "
                                f"and asks for {number}; ask for as many as it describes")
            together = any(it.text in RELATIVES or it.role in ("access", "access_passive")
                           for it in self.items[at + 1 : ones[0]])
            if len(ones) < number and together:
                raise SpecError(f"'{said}' and '{phrase}': is '{phrase}' one of the {number} components described "
                                "together, or one more? say what each one does ('one that … and one that …'), or "
                                f"ask for one more apart ('and a {draft.kind.replace('_', ' ')} that …')")
            copies = [Draft(draft.kind, dict(draft.params), list(draft.words), draft.position,
                            draft.name if not k else draft.names[k - 1] if k <= len(draft.names) else
                            f"{draft.name}_{k + 1}" if draft.name else None) for k in range(number)]
            self.groups[id(draft)] = copies  # its words stand for all of them
            where = self.drafts.index(draft)
            self.drafts[where : where + 1] = copies
            for copy, j in zip(copies, ones, strict=False):
                self.owner[j], self.items[j].used = copy, True
            kind = draft.kind.replace("_", " ")
            if len(ones) == number:
                self.notes.append(note(
                    f"each-one-{draft.kind}", f"{number} {kind} components, each with its own links",
                    f"The request asks for {number} ('{said}') and says what each does ('{phrase}'): {number} "
                    f"{kind} components, each with the links stated for it.", f"{said} {phrase}",
                    ["the same links for each: say them once ('two functions that read …')"]))
                continue
            first = "the first one has the links stated for it" if len(ones) == 1 else \
                f"the first {len(ones)} have the links stated for each"
            rest = "the other has" if number - len(ones) == 1 else "the others have"
            self.notes.append(note(
                f"each-one-{draft.kind}", f"{number} {kind} components, {len(ones)} described apart",
                f"The request asks for {number} ('{said}') and says what {len(ones)} of them do ('{phrase}'): "
                f"{first}, {rest} none of them.", f"{said} {phrase}",
                ["the same links for each: say them once ('two functions that read …')",
                 "links for each: say what each one does ('one that … and one that …')"]))

    def _version_of(self, at: int) -> int | None:
        """The item whose version the item at ``at`` is ("PostgreSQL 16", "Python 3", "MySQL 8.0"): a number right
        after a component or language word of the same clause; None when it is not one."""
        it = self.items[at]
        if at == 0 or it.term is not None or not VERSION.fullmatch(it.text) or it.negated:
            return None
        previous = self.items[at - 1]
        if previous.clause != it.clause or previous.category() not in ("component", "language"):
            return None
        return at - 1

    def _size(self, at: int) -> tuple[int, int] | None:
        """(GiB, items read) of a size at ``at``: "100 GB", "200 Go", "500gb", "1 To"; None when there is none."""
        text = self.items[at].text
        joined = SIZE.fullmatch(text)
        if joined is not None and joined.group(2) in self.g.size_units:
            return int(joined.group(1)) * self.g.size_units[joined.group(2)], 1
        nxt = self.items[at + 1] if at + 1 < len(self.items) else None
        if text.isdigit() and nxt is not None and nxt.clause == self.items[at].clause \
                and nxt.text in self.g.size_units:
            return int(text) * self.g.size_units[nxt.text], 2
        return None

    def sizes(self) -> None:
        """"A PostgreSQL database with 100 GB of storage", "une base avec 200 Go de stockage", "a 500GB database":
        the size is the database's storage (``storage_gb``), the storage word no bucket."""
        for at in range(len(self.items)):
            size = self._size(at)
            if size is None:
                continue
            gib, read = size
            said = [j for j in range(at + read, min(at + read + 3, len(self.items)))
                    if self.items[j].clause == self.items[at].clause and self.items[j].text in self.g.sized][:1]
            host = self._sized_host(at, -1) if said or self._ends_phrase(at + read) else None
            host = host if host is not None else self._sized_host(at + read - 1, 1)
            if host is None:
                continue
            for j in [*range(at, at + read), *said]:
                self.items[j].role, self.items[j].term, self.items[j].used = "size", None, True
            self.storage[host] = gib

    def _ends_phrase(self, at: int) -> bool:
        """Whether nothing is said of a size ending before ``at`` ("a PostgreSQL database with 200GB, multi-AZ",
        "une base de 200 Go sur AWS"), unlike "2 GB of memory": only fillers, then the clause's end, a place or
        'and'."""
        clause = self.items[at - 1].clause
        while at < len(self.items) and self.items[at].clause == clause and self.items[at].category() == "filler" \
                and not is_conjunction(self.items[at], self.g):
            at += 1
        return at >= len(self.items) or self.items[at].clause != clause or self.items[at].category() in PLACES \
            or is_conjunction(self.items[at], self.g)

    def _sized_host(self, at: int, step: int) -> int | None:
        """The database next to the size at ``at``, looking one way within its clause over fillers and conjunctions:
        "database with 100 GB of storage", "a 500GB PostgreSQL database"."""
        j = at + step
        while 0 <= j < len(self.items) and self.items[j].clause == self.items[at].clause:
            it, term = self.items[j], self.items[j].term
            if term is not None and term.category == "component" and not it.negated:
                model = NEUTRAL_PARAMS.get(term.value)
                return j if model is not None and "storage_gb" in model.model_fields else None
            if it.category() != "filler" and it.role != "conjunction" and it.text not in self.g.sized \
                    and self._version_of(j) is None:  # "PostgreSQL 15 with 500 GB": the version is the database's
                return None
            j += step
        return None

    def versions(self) -> None:
        """"PostgreSQL 16", "Redis 7.1": the number after an engine's word is that component's engine version
        (validated by the cloud like a spec's ``engine_version``)."""
        for at, it in enumerate(self.items):
            of = self._version_of(at)
            if of is not None and self.items[of].category() == "language":
                # "Python 3": what the generated code is written in; a minor ("Python 3.11") is left unused, the
                # runtime being the cloud's tested one
                term = self.items[of].term
                it.used = it.used or (term is not None and (term.value, it.text) == ("python", "3"))
                continue
            if of is None or of not in self.owner:
                continue
            draft = self.owner[of]
            model = NEUTRAL_PARAMS.get(draft.kind)
            if model is None or "engine_version" not in model.model_fields:
                continue
            stated, version = draft.params.get("engine_version"), it.text.lstrip("v")  # "v16"
            if stated is not None and stated != version:
                raise SpecError(f"'{self.items[of].text} {it.text}': {draft.kind.replace('_', ' ')} already has "
                                f"engine version {stated}; state one version per component")
            draft.params["engine_version"] = version
            draft.words.append(it.text)
            it.used = True

    def _digits_count(self, at: int) -> bool:
        """Whether the digits at ``at`` count what follows ("3 queues"), not a version of what precedes them
        ("PostgreSQL 16 database", "Python 3 Lambda")."""
        if not self.items[at].text.isdigit() or not int(self.items[at].text):
            return False
        previous = self.items[at - 1] if at > 0 and self.items[at - 1].clause == self.items[at].clause else None
        return previous is None or previous.term is None or previous.category() == "filler"

    def first(self, *kinds: str) -> Draft | None:
        return next((d for d in self.drafts if d.kind in kinds), None)

    def existing(self) -> None:
        """'an existing RDS database', 'notre bucket existant': a resource the request refers to is never created
        anew (an existing application is handled by :meth:`apps`)."""
        for at in self.active("component"):
            term = self.items[at].term
            if term is None or term.value == "web_app":
                continue
            near = [j for j in (at - 1, at + 1, at + 2) if 0 <= j < len(self.items)
                    and self.items[j].clause == self.items[at].clause and self.items[j].text in EXISTING]
            if near:
                phrase = self._phrase(min(at, *near), max(at, *near))
                raise SpecError(f"'{phrase}': iacf creates what a request names and cannot reach an existing "
                                f"{term.value.replace('_', ' ')}; leave it out (give its address to the application "
                                "yourself) or ask for a new one")

    def run(self) -> list[ComponentRequest]:
        self.existing()
        self.sizes()
        self.functions_in_workers()
        self.schedules_of_other_components()
        self.workers_on_app_services()
        self.sites_on_buckets()
        self.apps_on_worker_services()
        self.edges_of_workloads()
        self.static_frameworks()
        self.runtimes_of_functions()
        for at in self.active("component"):
            it = self.items[at]
            assert it.term is not None
            joined = sorted([at, *(f for f, host in self.absorbed.items() if host == at)])
            words_ = [w for j in joined for w in self.items[j].text.split()]
            draft = self.add(it.term.value, dict(it.term.params), words_, self.position(joined[0]),
                             next((self.names[j] for j in joined if j in self.names), None),
                             another=self._another(joined[0]))
            self.owner.update((j, draft) for j in joined)
            self.count(joined[0], draft)
            if lists := [j for j in joined if j in self.lists]:
                self._named(lists[0], draft)
            if at in self.storage:
                draft.params["storage_gb"] = self.storage[at]
        self.versions()
        self.languages()
        self.apis()
        self.apps()
        self.statics()
        self._lone_multipliers()
        self.each_one()
        self.drafts.sort(key=lambda d: d.position)
        return [ComponentRequest(kind=d.kind, name=d.name, params=d.params, words=d.words) for d in self.drafts]

    def _component(self, at: int | None, *kinds: str) -> bool:
        if at is None:
            return False
        term = self.items[at].term
        return (term is not None and term.category == "component" and term.value in kinds
                and not self.items[at].negated)

    def _phrase(self, first: int, last: int) -> str:
        """The words from ``first`` to ``last``, articles left out ("api on azure container apps")."""
        return " ".join(self.items[j].text for j in range(first, last + 1) if self.items[j].text not in ARTICLES)

    def _merge(self, word: int, host: int, nid: str, title: str, why: str, alternative: str) -> None:
        """Item ``word`` says something of item ``host`` (one component, not two): the decision ``nid`` records
        it (``{phrase}`` in ``title`` is the words from one to the other)."""
        self.absorbed[word] = host
        phrase = self._phrase(min(word, host), max(word, host))
        self.notes.append(note(nid, title.format(phrase=phrase), why, phrase, [alternative]))

    def _qualifier(self, at: int, *values: str) -> bool:
        term = self.items[at].term
        return term is not None and term.category == "qualifier" and term.value in values \
            and not self.items[at].negated

    def functions_in_workers(self) -> None:
        """'worker Lambda', 'Lambda planifiée', 'serverless cron': one worker or job, the function word says how
        it runs."""
        for at in self.active("component"):
            if not self._component(at, "function"):
                continue
            for step in (-1, 1):
                other = neighbour(self.items, at, step, self.g, loose=True)
                while other is not None and self._component(other, "function"):  # "serverless functions"
                    other = neighbour(self.items, other, step, self.g, loose=True)
                if self._component(other, "worker", "scheduled_job") and other is not None:
                    host = self.items[other]
                    assert host.term is not None
                    self.absorbed[at] = other
                    kind = host.term.value
                    phrase = " ".join(self.items[j].text for j in sorted((at, other)))
                    self.notes.append(note(
                        f"{kind}-on-functions", f"'{phrase}' is one {kind.replace('_', ' ')}",
                        f"The function word ({self.items[at].text}) says how the {kind.replace('_', ' ')} runs, "
                        f"not a second component: one {kind} is generated.", phrase,
                        [f"a {kind.replace('_', ' ')} and a separate function: name both, joined by 'and'"]))
                    break
        self._scheduled_function()

    def _scheduled_function(self) -> None:
        """'Une fonction qui publie sur le topic alertes toutes les heures': a schedule said apart from the request's
        one function is when that function runs (one scheduled job), not a second component."""
        jobs = [j for j in self.active("component") if self._component(j, "scheduled_job")]
        functions = [j for j in self.active("component") if self._component(j, "function")]
        if len(jobs) != 1 or len(functions) != 1 or jobs[0] in self.absorbed.values():
            return
        (at,), (other,) = functions, jobs
        term = self.items[other].term
        if term is None or "schedule" not in dict(term.params) or any(
                is_conjunction(self.items[j], self.g) for j in range(min(at, other) + 1, max(at, other))):
            return  # a job word ("cron", "scheduled job") is a component of its own; "a Lambda and a daily job": two
        self.absorbed[at] = other
        self.notes.append(note(
            "scheduled_job-on-functions", f"'{self.items[at].text} … {self.items[other].text}' is one scheduled job",
            f"The schedule ({self.items[other].text}) says when the request's one function runs: one scheduled "
            "job is generated.", f"{self.items[at].text} {self.items[other].text}",
            ["a function and a separate scheduled job: name the job ('a cron job that runs every hour')"]))

    def schedules_of_other_components(self) -> None:
        """'A worker that consumes the jobs queue every 5 minutes', 'a Django app every day': a schedule said of a
        worker, a web app or an API (which run all the time) is refused, not read as a job the request does not ask
        for. It is said of one when no job word ("job", "cron", "tâche") or function word is in the request and no
        'and a' / 'et un' stands between them in their clause ("a Django app and a nightly backup" asks for a
        job)."""
        components = self.active("component")
        if any(self._component(j, "function") for j in components):
            return
        for at in components:
            term = self.items[at].term
            if not self._component(at, "scheduled_job") or term is None or "schedule" not in dict(term.params):
                continue
            if at in self.absorbed.values() or any(
                    self._component(j, "scheduled_job") and "schedule" not in dict(job.params)
                    for j in components if (job := self.items[j].term) is not None):
                return  # a job word: the schedule is the job's
            for other in [j for j in components if j < at and self.items[j].clause == self.items[at].clause
                          and self._component(j, *SERVING_KINDS)]:
                if any(is_conjunction(self.items[k], self.g) and self.items[k + 1].text in INDEFINITE
                       for k in range(other + 1, at)):
                    continue
                said = self.items[other].term
                kind = said.value.replace("_", " ") if said is not None else "component"
                raise SpecError(f"'{self._phrase(other, at)}': a schedule said of a {kind}, which is no job; ask for "
                                f"a job that runs then ('a {kind} and a job that runs {self.items[at].text}'), or "
                                "leave the schedule out")

    def workers_on_app_services(self) -> None:
        """'an ECS worker', 'Fargate workers', 'a worker on App Service': a cloud's web service word right before a
        worker word, or after it and 'on' / 'sur', says where the worker should run, not a web app: one worker,
        which runs the way its cloud runs workers (its decisions say how)."""
        for at in self.active("component"):
            if not self._component(at, "worker") or at in self.names:
                continue
            for other, marks in ((at - 1, ()), (at + 2, ("on", "sur", "onto"))):
                if not self._app_service(other) or self.items[other].clause != self.items[at].clause \
                        or (marks and self.items[at + 1].text not in marks):
                    continue
                self._merge(other, at, "worker-on-app-service", "'{phrase}' is one worker",
                            f"The service word ({self.items[other].text}) says where the worker should run, not a "
                            "web app: one worker is generated, run the way this cloud runs its workers (see the "
                            "worker's decisions); no web app is added.",
                            "a web app and a separate worker: name both, joined by 'and'")
                break

    def _app_service(self, at: int) -> bool:
        """Whether item ``at`` is a cloud's web service word ("ECS", "App Service", "Cloud Run"), not core's words
        for a web app nor a framework."""
        if not 0 <= at < len(self.items) or at in self.absorbed or at in self.names:
            return False
        term = self.items[at].term
        return self._component(at, "web_app") and term is not None and not term.params \
            and term.phrase not in self.g.generic_apps

    def sites_on_buckets(self) -> None:
        """'a static site hosted on S3', 'site statique sur un bucket GCS': the bucket word says where the site's
        files are, not a second bucket: one static site (which holds its own bucket)."""
        for at in self.active("component"):
            if not self._component(at, "object_storage") or at in self.names:
                continue
            for step in (-1, 1):
                other = neighbour(self.items, at, step, self.g, loose=True)
                while other is not None and self._component(other, "object_storage") and other not in self.names:
                    other = neighbour(self.items, other, step, self.g, loose=True)  # "un bucket Cloud Storage"
                if other is not None and self._component(other, "static_site") and other not in self.absorbed:
                    self.absorbed[at] = other
                    phrase = " ".join(self.items[j].text for j in sorted((at, other)))
                    self.notes.append(note(
                        "static-site-bucket", f"'{phrase}' is one static site",
                        f"The bucket word ({self.items[at].text}) says where the site's files are: the static site "
                        "holds its own private bucket, read by its CDN only; no second bucket is generated.",
                        phrase, ["a static site and a separate bucket: name both, joined by 'and'"]))
                    break

    def apps_on_worker_services(self) -> None:
        """'an API on Azure Container Apps': a worker's service word after 'on' / 'sur' an app or API word says
        where the app should run, not a second workload: one app, which runs on the cloud's web service."""
        for at in self.active("component"):
            if not self._component(at, "worker") or at in self.names:
                continue
            other = neighbour(self.items, at, -1, self.g, loose=True, over=("language",))  # "une API Node sur"
            if other is None or other in self.absorbed or not (
                    self._component(other, "web_app", "http_api") or self._qualifier(other, "app", "api")):
                continue
            if not any(self.items[j].text in ("on", "sur", "onto") for j in range(other + 1, at)):
                continue  # "a web app with a worker": two workloads
            self._merge(at, other, "app-on-worker-service", "'{phrase}' is one app",
                        f"The service word ({self.items[at].text}) says where the app should run; the cloud generates "
                        "its apps on its web service (see the app's decisions) and that service for background "
                        "workers only: no worker is added.", "an app and a separate worker: name both, joined by 'and'")

    def edges_of_workloads(self) -> None:
        """'a web app behind CloudFront', 'une API derrière Front Door', 'Cloud CDN in front of the API': the CDN
        word says what the workload is reached through, not a static site; the workload keeps the entry point its
        cloud gives it (load balancer and WAF, in its decisions), and no static site is added."""
        for at in self.active("component"):
            if not self._component(at, "static_site") or at in self.names:
                continue
            for step, marks in ((-1, ("behind", "derriere", "fronted")), (1, ("front", "devant"))):
                other = neighbour(self.items, at, step, self.g, loose=True, over=PLACES)
                if other is None or other in self.absorbed or not (
                        self._component(other, *EDGED_KINDS) or self._qualifier(other, "app", "api")):
                    continue
                between = range(min(at, other) + 1, max(at, other))
                if not any(self.items[j].text in marks for j in between):
                    continue
                self._merge(at, other, "edge-of-workload", "'{phrase}': no static site",
                            f"The CDN word ({self.items[at].text}) says what the workload is reached through, not a "
                            "static site to host: the workload is reached as its cloud generates it (see its "
                            "decisions: an app behind a load balancer with a web application firewall); no CDN is "
                            "put in front of it.", "a static site beside the workload: name both, joined by 'and'")
                break

    def static_frameworks(self) -> None:
        """'Next.js static frontend', 'frontend Next.js': a framework that exports static files, named with a
        static site word, is a static site (no container)."""
        for at in self.active("component"):
            term = self.items[at].term
            assert term is not None
            framework = dict(term.params).get("framework")
            if term.value != "web_app" or not framework or not frameworks().get(framework, {}).get("static_export"):
                continue
            for step in (-1, 1):
                other = neighbour(self.items, at, step, self.g)
                if other is None:
                    continue
                near = self.items[other]
                if self._component(other, "static_site") or (near.category() == "qualifier" and near.term is not None
                                                              and near.term.value == "static" and not near.negated):
                    title = frameworks()[framework]["title"]
                    service = self._app_service_after(max(at, other))
                    if service is not None and self._component(other, "static_site"):
                        # "a Next.js frontend on Azure App Service": the service runs the framework's server
                        self._merge(other, at, "framework-on-app-service", "'{phrase}' is one " + title + " app",
                                    f"The web service named ({self.items[service].text}) runs {title}'s server: one "
                                    "web app, no static site.", f"a static {title} site: ask for a static frontend")
                        self.absorbed[service] = at
                        break
                    self.items[at].term = Term(term.phrase, "component", "static_site")
                    self.notes.append(note(
                        "static-framework", f"{title} named as a static frontend: a static site",
                        f"'{self.items[at].text} {near.text}' asks for the files {title} exports (static export), "
                        "served by the static site kind from a CDN; no container, load balancer or NAT gateway "
                        "is added for it.", f"{self.items[at].text} {near.text}",
                        [f"a {title} web application (server-side rendering in a container): ask for a "
                         f"'{title} app'"]))
                    break

    def _app_service_after(self, at: int) -> int | None:
        """The cloud's web service named after 'on' / 'sur' right after ``at`` ("… on Azure App Service", "… sur
        Cloud Run"), not core's generic app words; None when there is none."""
        j = neighbour(self.items, at, 1, self.g, loose=True, over=PLACES)
        if j is None or not self._component(j, "web_app") or self.items[j].text in self.g.generic_apps \
                or not any(self.items[k].text in ("on", "sur", "onto") for k in range(at + 1, j)):
            return None
        return j

    def runtimes_of_functions(self) -> None:
        """'Node.js Lambda', 'a Lambda with FastAPI', 'a Spring Boot Azure Function', 'a Django app on Lambda': a
        runtime or a framework said of a function is the function's language (:meth:`function_language`: its
        runtime when generated functions run it, else refused), never a second, containerised app."""
        for at in self.active("component"):
            term = self.items[at].term
            assert term is not None
            entry = frameworks().get(str(dict(term.params).get("framework")))
            if term.value == "web_app" and entry is not None and self._of_function(at):
                language = str(dict(term.params)["framework"]) if entry.get("kind") == "language" else entry["language"]
                self.items[at].term = Term(term.phrase, "language", language, params=term.params)
                self.of_function.add(at)

    def _of_function(self, at: int) -> bool:
        """Whether the framework at ``at`` is said of a function: beside its word ("FastAPI Lambda"), right after it
        and 'with' / 'in' ("a Lambda with FastAPI", "an Azure Function in .NET"), or before 'on' / 'sur' and its
        word ("a Django app on Lambda", "Flask sur Cloud Functions")."""
        def function(j: int | None, *kinds: str) -> bool:
            return self._component(j, *kinds) and j not in self.absorbed

        if any(function(neighbour(self.items, at, s, self.g), *FUNCTION_KINDS) for s in (-1, 1)):
            return True
        if at > 1 and self.items[at - 1].text in WITH and self.items[at - 2].clause == self.items[at].clause \
                and function(at - 2, "function"):
            return True
        on = neighbour(self.items, at, 1, self.g, loose=True, over=("qualifier",))
        return on is not None and function(on, "function") \
            and any(self.items[k].text in ("on", "sur", "onto") for k in range(at + 1, on))

    def languages(self) -> None:
        for at in self.active("language"):
            it = self.items[at]
            assert it.term is not None
            if it.text in self.g.ambiguous_languages and not self._language_context(at):
                it.role, it.term, it.used = "stop", None, False  # "go" the verb
                continue
            lang = it.term.value
            fw = dict(it.term.params).get("framework", lang)
            entry = frameworks().get(fw, frameworks()["generic"])
            beside = [neighbour(self.items, at, s, self.g) for s in (-1, 1)]
            apps = [d for d in self.drafts if d.kind == "web_app"]
            same = next((d for d in apps if frameworks().get(str(d.params.get("framework")), {}).get("language")
                         == entry["language"]), None)
            if at in self.of_function or any(self._component(b, *FUNCTION_KINDS) and b not in self.absorbed
                                             for b in beside):
                self.function_language(at, lang, entry)
            elif same is not None:
                same.words.extend(it.text.split())
                self.owner[at] = same
            elif (generic := next((d for d in apps if "framework" not in d.params), None)) is not None:
                generic.params["framework"] = fw
                generic.words.extend(it.text.split())
                self.owner[at] = generic
                self.language_note(it.text, entry)
            elif self.kinds() & set(FUNCTION_KINDS) and not apps:
                self.function_language(at, lang, entry)
            else:
                self.owner[at] = self.add("web_app", {"framework": fw}, it.text.split(), self.position(at))
                self.language_note(it.text, entry)

    def _language_context(self, at: int) -> bool:
        """'App Go', 'Go API', 'Lambda en Go', 'written in Go': the ambiguous word is the language."""
        before: list[str] = []  # the clause's last two words before it (clauses run in order: stop at the clause)
        j = at - 1
        while j >= 0 and len(before) < 2 and self.items[j].words[-1].clause >= self.items[at].clause:
            before[:0] = [w.text for w in self.items[j].words if w.clause == self.items[at].clause]
            j -= 1
        before = before[-2:]
        if tuple(before[-1:]) in self.g.language_context or tuple(before) in self.g.language_context:
            return True
        for step in (-1, 1):
            k = at + step
            if 0 <= k < len(self.items) and self.items[k].clause == self.items[at].clause:
                near = self.items[k]
                if near.category() in ("component", "qualifier") or near.text in ("service", "services", "web"):
                    return True
        return False

    def function_language(self, at: int, lang: str, entry: dict[str, Any]) -> None:
        words_, runtime = self.items[at].text, frameworks().get(lang, entry)["title"]
        if lang not in FUNCTION_LANGUAGES:
            raise SpecError(
                f"the request asks for {entry['title']} functions ('{words_}'); generated functions are "
                f"{', '.join(frameworks()[x]['title'] for x in FUNCTION_LANGUAGES)} (their placeholder handler): "
                "name no language for the functions, "
                f"or ask for {'an' if entry['title'][:1] in 'AEIOU' else 'a'} {entry['title']} web application (a "
                "container)")
        for d in self.drafts:
            if d.kind in FUNCTION_KINDS:
                d.words.extend(words_.split())
                break
        framework = "" if entry.get("kind") == "language" else f" ({entry['title']})"
        self.notes.append(note(
            "function-language", f"Functions in {runtime}{framework}",
            f"'{words_}' names the functions' language: their runtime is the cloud's {runtime} runtime" + (
                f"; the {entry['title']} application is their code, packaged in the function (no container is "
                "added)." if framework else "."), words_))

    def language_note(self, words_: str, entry: dict[str, Any]) -> None:
        kind_of = "a programming language" if entry.get("kind") == "language" else "a framework without defaults"
        self.notes.append(note(
            f"language-{words_.replace(' ', '-')}", f"'{words_}': a containerised {entry['title']} web application",
            f"'{words_}' names {kind_of}, not a framework of the catalogue: the web application is a container "
            f"image of any {entry['title']} HTTP server, listening on port {entry['port']} with its health check "
            f"on {entry['health_check_path']} (set port and health_check_path in a spec file to change them).",
            words_, ["name the framework (e.g. Django, Spring Boot, Express)", "serverless functions"]))

    def apis(self) -> None:
        """'API': the HTTP API in front of the functions, else the web application itself, else a web service."""
        for at in self.active("qualifier"):
            it = self.items[at]
            if it.term is None or it.term.value != "api":
                continue
            words_ = it.text.split()
            api, app = self.first("http_api"), self.first("web_app")
            if api is not None:
                api.words.extend(words_)
                self.owner[at] = api
            elif app is not None:
                app.words.extend(words_)
                self.owner[at] = app
            elif "function" in self.kinds():
                self.owner[at] = self.add("http_api", {}, words_, self.position(at))
                self.notes.append(note(
                    "api-on-functions", "'API' with functions: an HTTP API in front of them",
                    f"The request names functions and an API ('{it.text}'): a managed HTTP API routes the requests "
                    "to the function; no container is added.", it.text,
                    ["a containerised web service (ask for a web app or a framework)"]))
            else:
                self.owner[at] = self.add("web_app", {}, words_, self.position(at))
                self.notes.append(note(
                    "api-as-web-service", "'API' with no function: a containerised web service",
                    f"The request names an API ('{it.text}') but no function and no framework: the API is a "
                    "container behind a load balancer (any language; port 8080, health check /health).", it.text,
                    ["a serverless API (ask for 'serverless API' or name Lambda / functions)",
                     "name the framework (FastAPI, Express, Spring Boot...)"]))

    def apps(self) -> None:
        """'app', 'appli', 'backend': a web application unless the request names other compute."""
        for at in self.active("qualifier"):
            it = self.items[at]
            if it.term is None or it.term.value != "app":
                continue
            words_ = it.text.split()
            # "a Django app and a Flask app": each 'app' is the web app named right before it, else the first one
            before = neighbour(self.items, at, -1, self.g)
            app = self.owner.get(before) if before is not None and self._component(before, "web_app") else None
            app = app or self.first("web_app")
            if app is not None:
                app.words.extend(words_)
                self.owner[at] = app
            elif self._possessive(at):
                self.notes.append(note(
                    "existing-app", f"'{self._possessive_words(at)}' is an existing application",
                    "The request refers to an application it does not ask to create (a possessive or 'existing' "
                    "before it): no web application is generated for it.", self._possessive_words(at),
                    ["ask for 'a web app' to generate one"]))
            elif self.kinds() & set(COMPUTE_KINDS):
                others = ", ".join(sorted(self.kinds() & set(COMPUTE_KINDS)))
                self.notes.append(note(
                    "app-is-the-whole", f"'{it.text}' names the whole application ({others})",
                    f"The request names its compute ({others}): '{it.text}' is the name of the whole, not a "
                    "container web application.", it.text, ["ask for 'a web app' or a framework to add a container"]))
            else:
                self.owner[at] = self.add("web_app", {}, words_, self.position(at))
                self.count(at, self.owner[at])  # "two microservices", "deux applications"
                self.notes.append(note(
                    "app-as-web-app", f"'{it.text}': a containerised web application",
                    f"'{it.text}' with no framework, function or static site named is a web application: a "
                    "container behind a load balancer (port 8080, health check /health; any language).", it.text,
                    ["name the framework (Django, Rails, Spring Boot...)", "a static site (ask for one)",
                     "serverless functions (name Lambda / functions)"]))

    def _possessive(self, at: int) -> bool:
        """'a bucket for my app', 'pour mon application existante': an application the request refers to."""
        j = at - 1
        while j >= 0 and self.items[j].role == "stop" and self.items[j].text not in self.g.possessives:
            j -= 1
        after = at + 1 < len(self.items) and self.items[at + 1].text in self.g.possessives
        if after:
            self.items[at + 1].used = True
        if j >= 1 and self.items[j].text in ("the", "l", "la", "le") and self.items[j - 1].text in ("for", "pour"):
            return True  # "2 buckets for the app": the app the request serves, not one it asks for
        if j < 1 or self.items[j].text not in self.g.possessives:
            return after
        first = j
        while j > 1 and self.items[j - 1].text in self.g.possessives:  # "for my existing app"
            j -= 1
        refers = self.items[j - 1].text in ("for", "pour", "of", "de", "to", "a", "from", "du")
        for k in range(j, first + 1) if refers else ():
            self.items[k].used = True
        return refers or after

    def _possessive_words(self, at: int) -> str:
        start = at
        while start > 0 and at - start < 3 and self.items[start - 1].role in ("stop", "term") and \
                self.items[start - 1].text not in ("for", "pour", "of", "de", "to", "a", "from", "du"):
            start -= 1
        end = at + 2 if at + 1 < len(self.items) and self.items[at + 1].text in self.g.possessives else at + 1
        return " ".join(it.text for it in self.items[start:end])

    def statics(self) -> None:
        """'static' alone: used when it qualifies a static site, reported otherwise."""
        for at in self.active("qualifier"):
            it = self.items[at]
            if it.term is None or it.term.value != "static":
                continue
            beside = [neighbour(self.items, at, s, self.g) for s in (-1, 1)]
            if any(self._component(b, "static_site") for b in beside):
                continue
            if any(b is not None and _qualifier(self.items[b]) == "app" for b in beside):
                continue  # "application statique": made a static site by static_apps
            it.used = False


def static_apps(items: list[Item], g: Grammar) -> list[Decision]:
    """'application statique', 'static app': a static site (the app word is read as the site)."""
    notes = []
    for at, it in enumerate(items):
        if it.category() != "qualifier" or it.term is None or it.term.value != "app" or it.negated:
            continue
        for step in (-1, 1):
            other = neighbour(items, at, step, g)
            near = items[other] if other is not None else None
            if near is not None and near.term is not None and near.term.value == "static" and not near.negated:
                it.term = Term(it.term.phrase, "component", "static_site")
                notes.append(note("static-app", f"'{it.text} {near.text}': a static site",
                                   "An application described as static is files served from a CDN: the static "
                                   "site kind, no container.", f"{it.text} {near.text}",
                                   ["a containerised web application (drop 'static')"]))
                break
    return notes


def _qualifier(item: Item) -> str:
    return item.term.value if item.term is not None and item.term.category == "qualifier" else ""
