"""The request grammar: stop words, negations, conjunctions, tag phrases (core's ``data/vocabulary.yaml``), and the
units a request is scanned into, with what makes two of them one noun phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..kernel.registry import Term
from ..kernel.text import Word, normalize, tokens
from .params import data_file


@dataclass(frozen=True, eq=False)  # one instance, never compared: no __eq__ to build at each start
class Grammar:
    stop: frozenset[str]
    negation_before: frozenset[tuple[str, ...]]
    negation_after: frozenset[tuple[str, ...]]
    conjunctions: frozenset[tuple[str, ...]]
    negation_chain: frozenset[str]
    possessives: frozenset[str]
    language_context: frozenset[tuple[str, ...]]
    ambiguous_languages: frozenset[str]
    owner: frozenset[tuple[str, ...]]
    team: frozenset[str]  # "for the payments team": the owner's team
    team_for: frozenset[str]
    cost_center: frozenset[tuple[str, ...]]
    tag_links: frozenset[tuple[str, ...]]
    cost_center_code: re.Pattern[str]
    controls: dict[str, dict[str, Any]]
    exact_only: frozenset[str]
    ordinary: frozenset[str]
    access: dict[tuple[str, ...], str]  # verb phrase → what it means (an access level, or "use")
    access_passive: dict[tuple[str, ...], str]
    shared_access: frozenset[str]  # "sharing": every component before the verb in its clause uses what follows
    name_links: frozenset[tuple[str, ...]]
    naming: frozenset[str]  # name links that only introduce a name ("named", "appelée")
    weak_components: frozenset[str]
    not_names: frozenset[str]
    counts: dict[str, int]  # a number word → how many components it asks for
    generic_apps: frozenset[str]  # core's words for a web app (every other web_app word names a cloud's service)
    neutral_words: frozenset[str]  # core's one-word names of kinds ("uploads", "files", "table"), not services
    size_units: dict[str, int]  # "GB", "To": a size unit → GiB in one of it ("100 GB of storage")
    sized: frozenset[str]  # what a size sets: a database's storage ("100 GB of storage", "200 Go de stockage")
    verb_negations: frozenset[str]  # negate the verb right before them ("qui n'écrit jamais dans", "ne lit pas")
    exposure: dict[tuple[str, ...], str]  # "private only", "public", "accessible only from": private, public, allowlist
    availability: frozenset[tuple[str, ...]]  # "highly available", "multi-AZ"


# "Lambda x2", "2x Django apps", "x 3" once joined: how many of the component beside it (x86, x64: architectures)
MULTIPLIER = re.compile(r"x(?!86|64|32)([0-9]{1,2})|([0-9]{1,2})x")
# what opens a clause whose next word is its verb ("a Lambda which scans files": "scans" is no name of the files)
RELATIVES = frozenset({"that", "which", "who", "qui", "que", "qu"})


_DOT_NET = re.compile(r"(?<![\w.])\.net\b", re.IGNORECASE)  # ".NET": its dot ends no sentence


def spell_out(text: str) -> str:
    """``text`` with ".NET" written "dotnet", before matching folds it (folding spells out "œ" and "×" itself:
    :data:`iacf_core.kernel.text.SPELT`)."""
    return _DOT_NET.sub("dotnet", text)


def _norm(value: Any) -> str:
    return normalize(spell_out(str(value)))


def _phrases(values: list[Any]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(_norm(v))) or (str(v),) for v in values)


def _meanings(groups: dict[str, list[Any]]) -> dict[tuple[str, ...], str]:
    return {phrase: meaning for meaning, values in groups.items() for phrase in _phrases(values)}


@cache
def grammar() -> Grammar:
    """The request grammar of core's vocabulary file."""
    vocab = data_file("vocabulary.yaml")
    g = vocab["grammar"]
    return Grammar(
        stop=frozenset(_norm(w) for words_ in vocab["stop_words"].values() for w in words_),
        negation_before=_phrases(g["negation_before"]),
        negation_after=_phrases(g["negation_after"]),
        conjunctions=_phrases(g["conjunctions"]),
        negation_chain=frozenset(str(w) for w in g["negation_chain"]),
        possessives=frozenset(str(w) for w in g["possessives"]),
        language_context=_phrases(g["language_context"]),
        ambiguous_languages=frozenset(str(w) for w in g["ambiguous_languages"]),
        owner=_phrases(g["owner"]),
        team=frozenset(_norm(w) for w in g["team"]),
        team_for=frozenset(_norm(w) for w in g["team_for"]),
        cost_center=_phrases(g["cost_center"]),
        tag_links=_phrases(g["tag_links"]),
        cost_center_code=re.compile(str(g["cost_center_code"])),
        controls=dict(vocab["controls"]),
        exact_only=frozenset(_norm(w) for w in vocab["near_miss"]["exact_only"]),
        ordinary=frozenset(_norm(w) for w in vocab["near_miss"]["ordinary"]),
        access=_meanings(g["access"]),
        access_passive=_meanings(g["access_passive"]),
        shared_access=frozenset(_norm(w) for w in g["shared_access"]),
        name_links=_phrases(g["name_links"]),
        naming=frozenset(_norm(w) for w in g["naming"]),
        weak_components=frozenset(_norm(w) for w in g["weak_components"]),
        not_names=frozenset(_norm(w) for w in g["not_names"]),
        counts={_norm(w): int(n) for n, words_ in g["counts"].items() for w in words_},
        generic_apps=frozenset(_norm(w) for w in vocab["web_app"]),
        neutral_words=frozenset(_norm(w) for words_ in vocab["service"].values() for w in words_
                                if " " not in str(w)),
        size_units={_norm(w): int(n) for n, words_ in g["size_units"].items() for w in words_},
        sized=frozenset(_norm(w) for w in g["sized"]),
        verb_negations=frozenset(_norm(w) for w in g["verb_negations"]),
        exposure=_meanings({k: v for k, v in vocab["asks"].items() if k in ("private", "public", "allowlist")}),
        availability=_phrases(vocab["asks"]["high_availability"]),
    )


@dataclass
class Item:
    """One unit of the request: a term of the vocabulary, a grammar word, a tag, a stop word or an unknown word."""

    role: str  # term, negation, negation_after, conjunction, access, access_passive, name, tag, stop, unknown
    words: list[Word]
    term: Term | None = None
    negated: bool = False
    used: bool = True
    meaning: str = ""  # an access verb's level ("read", "publish"...) or "use"
    former: tuple[str, bool, Term | None] | None = None  # a name's word: its role, use and term before it was
    # read as a name ("a queue named notifications": the word of a topic)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def clause(self) -> int:
        return self.words[0].clause

    def category(self) -> str:
        return self.term.category if self.term is not None else ""

    def meaningful(self) -> bool:
        """A term that means something (not a filler word)."""
        return self.term is not None and self.term.category != "filler"


def is_conjunction(item: Item, g: Grammar) -> bool:
    return item.role == "conjunction" or (item.category() == "filler" and (item.text,) in g.conjunctions)


def transparent(item: Item, g: Grammar) -> bool:
    """Words that may stand between two words of one noun phrase: stop words ("worker on Lambda", "sans la base"),
    and what is asked of how it is reached ("a private S3 bucket")."""
    return item.role in ("stop", "exposure") or (
        item.category() == "filler" and item.text in g.stop and not is_conjunction(item, g))


def neighbour(items: list[Item], at: int, step: int, g: Grammar, loose: bool = False,
              over: tuple[str, ...] = ()) -> int | None:
    """The index of the nearest item before (step -1) or after (+1) ``at`` in the same noun phrase; ``loose``
    also skips filler words and "triggered by" ("Lambda triggered by a cron"); ``over``, terms of those
    categories ("a Django app on AWS behind CloudFront": cloud)."""
    j = at + step
    while 0 <= j < len(items) and items[j].clause == items[at].clause:
        loose_ok = loose and ((items[j].category() == "filler" and not is_conjunction(items[j], g))
                              or (items[j].role == "access" and items[j].meaning == "trigger")
                              or items[j].category() in over)
        if not (transparent(items[j], g) or loose_ok):
            return None if is_conjunction(items[j], g) else j
        j += step
    return None
