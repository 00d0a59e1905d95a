"""Names and connections read from the request: "an API that reads the orders table and publishes to the events
topic", "une fonction qui lit la table commandes et écrit dans le bucket", "a worker that consumes the jobs queue".

A component's name is the unknown word right before it ("the orders table") or right after it ("la table
commandes", "a queue named jobs"); right after it, an English participle or a word followed by "to", "out",
"vers"... is a verb, not a name ("a topic delivering to a queue", "a topic fans out to").

An access verb links the component that runs code before it (the subject of
the clause, else the only one of the request) to the components after it; a passive verb ("a table read by the
API") links the other way. Once one link is stated, the connections are what the request says, plus, for each
data store no verb links, every component that runs code with its default access; both are recorded as a
decision (``core.request.connections``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..kernel.errors import SpecError
from ..kernel.models import Connection, Decision
from ..kernel.registry import ComponentKind, Registry
from ..kernel.text import normalize
from .connections import combine, default_connections, describe, level_for
from .grammar import MULTIPLIER, RELATIVES, Grammar, Item, is_conjunction, spell_out
from .readings import Assembler, Draft, note

# a name read from a request: short enough for the cloud's tightest resource names once prefixed (the project,
# the environment); a longer word stays unknown, so it is reported
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
MAX_NAME_WORDS = 2
_VERSION_WORD = re.compile(r"v[0-9]+(\.[0-9]+)*")
PRONOUNS = frozenset({"it", "them"})  # English pronouns after a verb stand for the last component it takes
# French ones stand before it: "une Lambda qui la consomme", "un worker qui les lit"
PRONOUNS_BEFORE = frozenset({"la", "le", "les", "l"})
# what a verb acts on may stand between it and the component, before one of these ("writes results to the table")
OBJECT_PREPOSITIONS = frozenset({"to", "into", "in", "onto", "dans", "vers", "sur", "au", "aux", "en"})
MAX_OBJECT_WORDS = 3


def component_names(items: list[Item], g: Grammar, reserved: Mapping[str, set[str]],
                    participles: frozenset[str] = frozenset(), lists: dict[int, list[str]] | None = None
                    ) -> dict[int, str]:
    """The name of each component word that has one; the words of the name become used ``name`` items (their
    former roles are kept, so that a name can be given back). ``participles``: the request's words written as a
    French past participle ("déposés"); ``lists`` receives the names after the first of a component named with a
    list ("two queues named jobs and mails": ["mails"])."""
    found: dict[int, str] = {}
    for at, it in enumerate(items):
        if it.category() != "component" or it.negated:
            continue
        # a number right before the component counts it ("deux fonctions nommées a et b"): its name is looked for
        # after it, as when the number is a word of the vocabulary ("two functions named a and b")
        before = _before(items, at)
        span = [] if any(_counting(items[j].text, g) for j in before) else before
        span = span or _after(items, at, g, participles) or _control_before(items, at) or _synonym_before(items, at, g)
        if any(_counting(items[j].text, g) for j in span):
            continue
        if span and items[span[0] - 1].text not in g.naming and any(
                len(items[j].text) == 1 or _VERSION_WORD.fullmatch(items[j].text) for j in span):
            continue  # "w/ PG", "PostgreSQL (v16)": a letter or a version is a name only after "named"
        name = re.sub(r"[^a-z0-9]+", "_", "_".join(items[j].text for j in span)).strip("_")
        if not span or not _NAME.match(name):
            continue
        stated = span[0] > at or items[span[0] - 1].text in g.naming
        if name in reserved and it.term is not None and it.term.value not in reserved[name]:
            if not stated:
                continue
            # "a queue called network": a name the request states, the id of what the rules add
            raise SpecError(f"'{' '.join(items[j].text for j in range(min(at, span[0]), span[-1] + 1))}': "
                            f"{name!r} is the id of the {sorted(reserved[name])[0]} component the rules add; "
                            "choose another name")
        found[at] = name
        # the names after the first: after "named" ("two queues named jobs and mails"), or right after a counted
        # component ("two SQS queues (orders and payments)", "deux fonctions ingest et enrich")
        listed = span[0] > at + 1 and items[at + 1].text in g.naming and not (at > 0 and items[at - 1].text in SINGULAR)
        counted = span[0] == at + 1 and _counted(items, at, g)
        if span[0] > at + 1 or counted:
            if span[0] > at + 1:  # "a queue named jobs", "la table des commandes": the link word is the name's
                span = [at + 1, *span]
            more = _more_names(items, span[-1], g) if (listed or counted) and lists is not None else []
            if more and lists is not None:
                lists[at] = [items[j].text for j in more if items[j].text not in ("and", "et")]
                span.extend(more)
            for other in lists.get(at, []) if lists is not None else []:
                if other in reserved and it.term is not None and it.term.value not in reserved[other]:
                    raise SpecError(f"'{it.text} {items[at + 1].text} {name} … {other}': {other!r} is the id of the "
                                    f"{sorted(reserved[other])[0]} component the rules add; choose another name")
        for j in span:
            items[j].former = (items[j].role, items[j].used, items[j].term)
            items[j].role, items[j].used, items[j].term = "name", True, None
    return found


SINGULAR = frozenset({"a", "an", "one", "un", "une"})


def _counted(items: list[Item], at: int, g: Grammar) -> bool:
    """Whether a number is said right before the component at ``at`` or first among its words, the words of the same
    component between them ("two SQS queues", "deux fonctions Lambda", "deux files SQS")."""
    def same(j: int) -> bool:
        term, here = items[j].term, items[at].term
        return items[j].category() == "component" and term is not None and here is not None \
            and term.value == here.value

    j = at
    while j >= 0 and items[j].clause == items[at].clause and same(j):
        if len(items[j].words) > 1 and items[j].words[0].text in g.counts:
            return True
        j -= 1
    return j >= 0 and items[j].clause == items[at].clause and (items[j].text in g.counts or items[j].text.isdigit())


def _counting(text: str, g: Grammar) -> bool:
    """Whether a word says how many (a number, "several", "x2"): never a name."""
    return text in g.not_names or text.isdigit() or bool(MULTIPLIER.fullmatch(text))


def _more_names(items: list[Item], last: int, g: Grammar) -> list[int]:
    """'two queues named jobs and mails', 'three Lambdas named a, b and c': the items after the first name (at
    ``last``) that are names too, each after a comma, the last after 'and' / 'et' (that word included); none when
    the list does not end so. A word of the vocabulary is a name there only if no component or unknown word follows
    it in its clause ("two queues named jobs and a worker": one name), and so is a verb ("three Lambdas named
    ingest, enrich and publish": three names; "two Lambdas named a and b, publishing to the topic": two)."""
    found: list[int] = []
    j = last + 1
    while j < len(items):
        joined = items[j].text in ("and", "et") and items[j].clause == items[last].clause
        k = j + 1 if joined else j
        if k >= len(items) or not (joined or items[k].clause != items[last].clause):
            return []
        word, rest = items[k], []  # what follows the word in its clause, up to 'and'
        for it in items[k + 1 :]:
            if it.clause != word.clause or it.text in ("and", "et"):
                break
            rest.append(it)
        plain = word.role == "unknown" and not (rest and rest[0].category() == "component")
        other = not any(it.role == "unknown" or it.category() == "component" or it.text in PRONOUNS
                        for it in rest) \
            and len(word.words) == 1 and word.role in ("term", "stop", "access", "access_passive") \
            and not word.negated \
            and word.category() not in ("cloud", "region", "environment")
        if not (plain or other) or word.text in g.not_names or not _NAME.match(word.text):
            return []
        found.extend([j, k] if joined else [k])
        if joined:
            return found
        last, j = k, k + 1
    return []


def _unname(items: list[Item], at: int) -> None:
    """Give the words of ``at``'s name their former roles back."""
    for step in (-1, 1):
        j = at + step
        while 0 <= j < len(items) and items[j].role == "name" and (former := items[j].former) is not None:
            (items[j].role, items[j].used, items[j].term), items[j].former = former, None
            j += step


def drop_weak(items: list[Item], g: Grammar, names: dict[int, str]) -> None:
    """A weak component word ("table") that is not named, linked by a verb or beside another word of its kind is
    no component: it is reported."""
    for at, it in enumerate(items):
        if it.category() != "component" or it.text not in g.weak_components or _introduced(items, at, names):
            continue
        before, after = _nearest(items, at, -1), _nearest(items, at, 1)
        beside = [items[j] for j in (at - 1, at + 1) if 0 <= j < len(items)]
        if (before is not None and items[before].role == "access") \
                or (after is not None and items[after].role == "access_passive") \
                or any(b.term is not None and b.term.value == it.term.value for b in beside if it.term):
            continue
        if at in names:
            del names[at]
            _unname(items, at)
        it.role, it.term, it.used = "unknown", None, False


def _introduced(items: list[Item], at: int, names: dict[int, str]) -> bool:
    """A named component after an article or a preposition ("the orders table", "dans la table commandes"), not
    a name and a word at the start of a clause ("DROP TABLE users")."""
    if at not in names:
        return False
    start = at
    while start > 0 and items[start - 1].role == "name" and items[start - 1].clause == items[at].clause:
        start -= 1
    before = items[start - 1] if start > 0 else None
    return before is not None and before.clause == items[at].clause and (
        before.role == "stop" or before.category() == "filler")


def _nearest(items: list[Item], at: int, step: int) -> int | None:
    j = at + step
    while 0 <= j < len(items) and (items[j].role in ("stop", "name", "unknown", "exposure")
                                   or items[j].category() == "filler"):
        j += step
    return j if 0 <= j < len(items) else None


def _unknown(items: list[Item], j: int, clause: int) -> bool:
    return 0 <= j < len(items) and items[j].role == "unknown" and items[j].clause == clause


def _before(items: list[Item], at: int) -> list[int]:
    """The unknown words right before the component ("the orders table"), unless they follow a relative pronoun
    or a component of another kind: a verb then ("a Lambda which scans files", "a Lambda scanning files")."""
    span: list[int] = []
    j = at - 1
    while _unknown(items, j, items[at].clause) and len(span) < MAX_NAME_WORDS:
        span.insert(0, j)
        j -= 1
    previous, term = items[j] if j >= 0 and span else None, items[at].term
    if previous is not None and previous.clause == items[at].clause and (previous.text in RELATIVES or (
            previous.category() == "component" and previous.term is not None and term is not None
            and previous.term.value != term.value)):
        return []
    return span


DEFINITE = frozenset({"the", "le", "la", "les", "l"})


def _control_before(items: list[Item], at: int) -> list[int]:
    """'writes to the audit bucket', 'la table logs': a governance word between a definite article and the
    component names it (the controls are every stack's anyway)."""
    j = at - 1
    if j < 1 or items[j].clause != items[at].clause or items[j].category() != "control" or len(items[j].words) > 1 \
            or items[j].negated or items[j - 1].text not in DEFINITE:
        return []
    return [j]


def _synonym_before(items: list[Item], at: int, g: Grammar) -> list[int]:
    """'the uploads bucket', 'the files bucket': one of core's words for the same kind between a definite article and
    the component names it (a service's word, 'the S3 bucket', does not)."""
    j = at - 1
    term, other = items[at].term, items[j].term if j >= 1 else None
    if term is None or other is None or items[j].clause != items[at].clause or other.category != "component" \
            or other.value != term.value or items[j].text not in g.neutral_words or items[j].negated \
            or items[j - 1].text not in DEFINITE:
        return []
    return [j]


# what follows a verb, not a name: "a topic fanning out to", "a queue subscribed to", "une file reliée vers"
_PARTICLES = frozenset({"to", "into", "onto", "out", "from", "by", "toward", "towards", "vers"})


def _after(items: list[Item], at: int, g: Grammar, participles: frozenset[str] = frozenset()) -> list[int]:
    j = at + 1
    while j < len(items) and items[j].clause == items[at].clause and (items[j].text,) in g.name_links:
        j += 1
    if j - at > 2:
        return []
    if _unknown(items, j, items[at].clause):
        return [] if j == at + 1 and _verb_like(items, j, participles) else [j]
    named = j == at + 2 and items[at + 1].text in g.naming and j < len(items) and items[j].clause == items[at].clause
    term = items[j].term if named else None
    if term is not None and items[j].role == "term" and len(items[j].words) == 1 and not items[j].negated \
            and term.category not in ("cloud", "region", "environment"):
        return [j]
    return []


def _verb_like(items: list[Item], j: int, participles: frozenset[str] = frozenset()) -> bool:
    """Whether the unknown word right after a component is a verb rather than its name: an English participle
    ("an SNS topic delivering to a queue", "a queue subscribed to the topic"), a word followed by a
    preposition of direction ("a topic fans out to") or a French participle agreeing with the component, then a
    preposition ("des fichiers déposés dans un bucket"; "la table employés sur DynamoDB" is named)."""
    word, after = items[j].text, items[j + 1] if j + 1 < len(items) else None
    participle = len(word) > 4 and word.isalpha() and word.endswith(("ing", "ed"))
    after_text = after.text if after is not None and after.clause == items[j].clause else ""
    agrees = word.endswith("s") == items[j - 1].text.endswith(("s", "x"))  # "la table employés sur" is named
    return participle or after_text in _PARTICLES or (
        word in participles and agrees and after_text in _FRENCH_PREPOSITIONS)


_FRENCH_PREPOSITIONS = frozenset({"dans", "sur", "par", "vers", "depuis", "au", "aux"})
_FRENCH_PARTICIPLE = re.compile(r"\w+(?:é|ée|és|ées)\b")


def french_participles(text: str) -> frozenset[str]:
    """The words of ``text`` written as French past participles ("déposés", "chargée"), normalised."""
    return frozenset(normalize(spell_out(w)) for w in _FRENCH_PARTICIPLE.findall(text.lower()))


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
        self.groups = assembler.groups
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
                at = max(self.active(at, subject), at + 1)  # reading always moves on
                continue
            if it.role == "access_passive":
                self.passive(at)
            elif at in self.owner and self.is_client(self.owner[at]):
                subject = self.owner[at]
            at += 1

    def _skip(self, j: int, step: int) -> int:
        """The next index in ``step`` direction that is neither a stop word, a filler, a name nor how a component
        is reached ("writes to a private bucket")."""
        while 0 <= j < len(self.items) and (self.items[j].role in ("stop", "name", "exposure")
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
        before = self._skip(at - 1, -1)
        if verb.meaning == "trigger" and before in self.owner and not self.is_client(self.owner[before]):
            # "a queue subscribed to the topic": what subscribes runs no code (a fan-out, not generated): no link
            # for another component to take, and the words are reported
            verb.used = False
            return at + 1
        source = self._subject(subject)
        targets: list[tuple[Draft, int]] = []
        after = at + 1 + (at + 1 < len(self.items) and self.items[at + 1].text in self.g.verb_negations
                          and self.items[at + 1].role == "negation")  # "n'écrit jamais dans le bucket"
        pronoun = after < len(self.items) and self.items[after].text in PRONOUNS
        j = self._past_object(at, self._skip(after, 1))
        while j < len(self.items) and j in self.owner:
            draft = self.owner[j]
            if targets and draft is targets[-1][0]:  # "the uploads bucket": two words, one component
                j = self._skip(j + 1, 1)
                continue
            if targets and self._level(verb, draft) is None:
                break  # "... and a worker that consumes ...": a new subject, not another object
            targets.append((draft, j))
            j = self._skip(j + 1, 1)
            if j < len(self.items) and is_conjunction(self.items[j], self.g):
                nxt = self._skip(j + 1, 1)
                if nxt < len(self.items) and nxt in self.owner and self.items[nxt].role != "access":
                    j = nxt
        if pronoun and (not targets or self.items[targets[0][1]].clause != verb.clause):
            # "a queue named jobs and a worker that consumes it", "…; a worker consumes it; the app …" (but "reads
            # them from a queue": the queue)
            targets = self._antecedent(at, verb, after)
        elif not targets and at > 0 and self.items[at - 1].text in PRONOUNS_BEFORE:
            # "une file jobs et un worker qui la consomme": reading goes on after the verb
            targets = [(draft, at) for draft, _ in self._antecedent(at - 1, verb, at - 1)]
        targets = [(draft, where) for draft, where in targets if draft is not source]  # "calls itself"
        if source is None or not targets:
            # nothing to link: reported; but what starts a component ("a Lambda triggered by a cron") is read
            verb.used = verb.meaning == "trigger"
            return at + 1
        sources = [source]
        if verb.text in self.g.shared_access:  # "a Django app and a Flask app sharing a database": both use it
            users = [self.owner[j] for j in range(at) if j in self.owner and self.items[j].clause == verb.clause
                     and self.is_client(self.owner[j])]
            sources = [d for i, d in enumerate(users) if all(d is not e for e in users[:i])] or [source]
        for one in sources:
            for draft, where in targets:
                if draft is not one:
                    self.link(one, draft, verb, self._span(at, where))
        return targets[-1][1] + 1

    def _past_object(self, at: int, j: int) -> int:
        """'writes results to the fraud table', 'écrit les pièces justificatives dans un bucket': up to three words
        the verb at ``at`` acts on, then a preposition, then a component: where the component starts (the words
        are part of the link); ``j`` when the request says no such thing."""
        k, said = j, list[int]()
        while k < len(self.items) and len(said) <= MAX_OBJECT_WORDS and self.items[k].clause == self.items[at].clause \
                and self.items[k].text not in OBJECT_PREPOSITIONS \
                and (self.items[k].role in ("unknown", "stop") or self.items[k].category() == "filler"):
            if self.items[k].role == "unknown":
                said.append(k)
            k += 1
        if not said or len(said) > MAX_OBJECT_WORDS or k >= len(self.items) \
                or self.items[k].text not in OBJECT_PREPOSITIONS or self.items[k].clause != self.items[at].clause:
            return j
        target = self._skip(k + 1, 1)
        if target >= len(self.items) or target not in self.owner or self.items[target].clause != self.items[at].clause \
                or self._level(self.items[at], self.owner[target]) is None:
            return j  # "processes images uploaded to a bucket": what the verb acts on is not the bucket
        for w in said:
            self.items[w].used = True
        return target

    def _antecedent(self, at: int, verb: Item, pronoun: int) -> list[tuple[Draft, int]]:
        """The nearest component before ``at`` that takes the verb's level (what the pronoun at ``pronoun``, "it"
        or "la", stands for)."""
        for j in range(at - 1, -1, -1):
            if j in self.owner and not self.is_client(self.owner[j]) and self._level(verb, self.owner[j]):
                self.items[pronoun].role, self.items[pronoun].used = "name", True
                return [(self.owner[j], pronoun)]
        return []

    def passive(self, at: int) -> None:
        """'a table read by the API and written by a worker': the nearest component before the verb that takes
        its level is used by the one after it."""
        verb = self.items[at]
        after = self._skip(at + 1, 1)
        source = self.owner.get(after) if after < len(self.items) else None
        before = at - 1
        while before >= 0 and (before not in self.owner or self._level(verb, self.owner[before]) is None):
            if before in self.owner or self.items[before].role in ("stop", "name", "conjunction", "access_passive") \
                    or self.items[before].category() == "filler":
                before -= 1
                continue
            break
        target = self.owner.get(before) if before >= 0 else None
        if target is None or source is None or not self.is_client(source) or source is target:
            verb.used = False
            return
        self.link(source, target, verb, self._span(before, after))

    def _level(self, verb: Item, draft: Draft) -> str | None:
        kind = self.kind(draft)
        return level_for(verb.meaning, kind) if kind is not None else None

    def _span(self, start: int, end: int) -> str:
        return " ".join(it.text for it in self.items[start : end + 1] if it.role != "stop" or it.text in ("to", "from"))

    def link(self, source: Draft, target: Draft, verb: Item, words_: str) -> None:
        kind = self.kind(target)
        if kind is None or not any(kind.name in self.registry.kinds_for(cloud) for cloud in self.registry.clouds):
            return  # a service no installed cloud generates: refused with the components, naming what is supported
        level = level_for(verb.meaning, kind)
        if level is None and verb.meaning == "trigger" and not kind.access:
            return  # "a function triggered by a cron": what starts it (its schedule), no access to anything
        if level is None:
            raise SpecError(f"'{words_}': a {target.kind.replace('_', ' ')} "
                            + (f"accepts {', '.join(kind.access)}" if kind.access else "is used by no other component")
                            + f", not '{verb.text}'{self._consume_hint(kind, verb)}; rephrase the link or leave it out")
        self.links.extend(_Link(one, other, level, words_, verb.negated)  # a counted group: each of its components
                          for one in self.groups.get(id(source), [source])
                          for other in self.groups.get(id(target), [target]))

    def _consume_hint(self, kind: ComponentKind, verb: Item) -> str:
        """Where a verb asks to consume what only takes published messages (a topic): what messages are consumed
        from (a queue subscribed to it)."""
        if "publish" not in kind.access:
            return ""
        consumed = sorted(k.name.replace("_", " ") for k in self.registry.kinds.values()
                          if level_for(verb.meaning, k) == "consume")
        if not consumed:
            return ""
        return f" (messages are consumed from a {consumed[0]}: 'a worker consuming a {consumed[0]}')"


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
    stated = [Connection.of(s, t, level) for (s, t), found in levels.items() for level in combine(found)]
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
