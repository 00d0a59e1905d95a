"""Deterministic request parser: free text (French or English) → :class:`Spec`.

The vocabulary comes from the plugins (``iacf_register_vocabulary``); the grammar (stop words, negations,
conjunctions, tag phrases) from core's ``data/vocabulary.yaml``. Matching is accent- and case-insensitive,
longest phrase first. Every word is used, a known stop word, or reported; a word that is not understood but
nearly names something of the catalogue (a typo), a region code that does not exist, or a mandatory control
turned off is refused. Each reading that depends on the rest of the request ("app", "API", a language, "Next.js
static frontend", "worker Lambda") is recorded as a :class:`Decision` (``ParseResult.notes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .builtin import data_file, frameworks
from .errors import SpecError, first_validation_error
from .models import CLASSIFICATIONS, ComponentRequest, Decision, Spec, slugify
from .registry import Registry, Term
from .text import Word, edit_distance, normalize, tokens, words

KNOWN_ENVIRONMENTS = ("dev", "staging", "prod")
# neutral kinds whose code runs as functions, and the languages their generated (placeholder) code is in
FUNCTION_KINDS = ("function", "worker", "scheduled_job")
FUNCTION_LANGUAGES = ("python",)
# kinds that serve or run the application: with one of them, "app" is the name of the whole, not a web app
COMPUTE_KINDS = ("web_app", *FUNCTION_KINDS, "http_api", "static_site")
# what a typo may nearly name (refused with "did you mean")
NEAR_MISS_CATEGORIES = ("component", "language", "environment", "cloud", "region")
_REGION_SHAPE = re.compile(
    r"^[a-z]{2}(-gov|-iso[a-z]?)?-(east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}$"
)
_TAG_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/=+@-]{0,255}$")


@dataclass
class ParseResult:
    """A parsed request: the Spec, the words used and not understood, the defaults applied, how ambiguous words
    were read (decisions) and the component kinds the request excludes ("sans base de données")."""

    spec: Spec
    used: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    notes: list[Decision] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
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
    cost_center: frozenset[tuple[str, ...]]
    tag_links: frozenset[tuple[str, ...]]
    cost_center_code: re.Pattern[str]
    controls: dict[str, dict[str, Any]]
    exact_only: frozenset[str]
    ordinary: frozenset[str]


def _phrases(values: list[Any]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens(normalize(str(v)))) or (str(v),) for v in values)


@cache
def grammar() -> Grammar:
    """The request grammar of core's vocabulary file."""
    vocab = data_file("vocabulary.yaml")
    g = vocab["grammar"]
    return Grammar(
        stop=frozenset(normalize(str(w)) for words_ in vocab["stop_words"].values() for w in words_),
        negation_before=_phrases(g["negation_before"]),
        negation_after=_phrases(g["negation_after"]),
        conjunctions=_phrases(g["conjunctions"]),
        negation_chain=frozenset(str(w) for w in g["negation_chain"]),
        possessives=frozenset(str(w) for w in g["possessives"]),
        language_context=_phrases(g["language_context"]),
        ambiguous_languages=frozenset(str(w) for w in g["ambiguous_languages"]),
        owner=_phrases(g["owner"]),
        cost_center=_phrases(g["cost_center"]),
        tag_links=_phrases(g["tag_links"]),
        cost_center_code=re.compile(str(g["cost_center_code"])),
        controls=dict(vocab["controls"]),
        exact_only=frozenset(normalize(str(w)) for w in vocab["near_miss"]["exact_only"]),
        ordinary=frozenset(normalize(str(w)) for w in vocab["near_miss"]["ordinary"]),
    )


@dataclass
class _Item:
    """One unit of the request: a term of the vocabulary, a grammar word, a tag, a stop word or an unknown word."""

    role: str  # term, negation, negation_after, conjunction, tag, stop, unknown
    words: list[Word]
    term: Term | None = None
    negated: bool = False
    used: bool = True

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


@dataclass
class _Draft:
    """A component being assembled from the request's words."""

    kind: str
    params: dict[str, Any]
    words: list[str]
    position: int


def _index(registry: Registry) -> tuple[dict[tuple[str, ...], list[Term]], int]:
    index: dict[tuple[str, ...], list[Term]] = {}
    for term in registry.terms.values():
        index.setdefault(term.key, []).append(term)
    longest = max((len(k) for k in index), default=1)
    return index, longest


def _match(seq: list[Word], i: int, phrases: frozenset[tuple[str, ...]] | dict[tuple[str, ...], Any],
           longest: int = 4) -> int:
    """Length of the longest phrase starting at ``i`` within one clause (0 when none)."""
    for size in range(min(longest, len(seq) - i), 0, -1):
        span = seq[i : i + size]
        if span[-1].clause == span[0].clause and tuple(w.text for w in span) in phrases:
            return size
    return 0


# -- owner and cost center ---------------------------------------------------------------------------------


def _tags(seq: list[Word], g: Grammar) -> tuple[dict[str, tuple[str, str]], dict[int, int]]:
    """Owner and cost center written in the request: ({tag: (value, phrase)}, {start: length} of their words)."""
    found: dict[str, list[tuple[str, str]]] = {"owner": [], "cost_center": []}
    spans: dict[int, int] = {}
    i = 0
    while i < len(seq):
        if g.cost_center_code.match(seq[i].text) and seq[i].text.startswith("cc"):
            found["cost_center"].append((seq[i].original, seq[i].text))
            spans[i] = 1
            i += 1
            continue
        for tag, keys in (("owner", g.owner), ("cost_center", g.cost_center)):
            size = _match(seq, i, keys, 4)
            if not size:
                continue
            j = i + size
            while j < len(seq) and (link := _match(seq, j, g.tag_links, 3)):
                j += link
            label = "owner" if tag == "owner" else "cost center"
            if j >= len(seq) or seq[j].text in g.stop:
                raise SpecError(f"the request names an {label} without a value ('{_span(seq, i, j)}'); "
                                f"write it as '{label} VALUE' or pass --{label.replace(' ', '-')}")
            value = seq[j].original
            if not _TAG_VALUE.match(value):
                raise SpecError(f"{label} {value!r} is not a valid tag value (letters, digits and _.:/=+@- only)")
            found[tag].append((value, _span(seq, i, j + 1)))
            spans[i] = j + 1 - i
            i = j + 1
            break
        else:
            i += 1
    chosen: dict[str, tuple[str, str]] = {}
    for tag, values in found.items():
        distinct = sorted({v for v, _ in values})
        if len(distinct) > 1:
            label = "owners" if tag == "owner" else "cost centers"
            raise SpecError(f"the request names several {label}: {', '.join(distinct)}; keep one")
        if values:
            chosen[tag] = values[0]
    return chosen, spans


def _span(seq: list[Word], start: int, end: int) -> str:
    return " ".join(w.text for w in seq[start:end])


# -- scanning ----------------------------------------------------------------------------------------------


def _scan(seq: list[Word], registry: Registry, g: Grammar, tag_spans: dict[int, int]) -> list[_Item]:
    """Greedy longest match: vocabulary terms first, then grammar phrases, fillers, stop words."""
    index, longest = _index(registry)
    meaningful = {k: v for k, v in index.items() if any(t.category != "filler" for t in v)}
    fillers = {k: v for k, v in index.items() if k not in meaningful}
    grammar_roles = (("negation_after", g.negation_after), ("negation", g.negation_before),
                     ("conjunction", g.conjunctions))
    items: list[_Item] = []
    i = 0
    while i < len(seq):
        if i in tag_spans:
            items.append(_Item("tag", seq[i : i + tag_spans[i]]))
            i += tag_spans[i]
            continue
        size = _match(seq, i, meaningful, longest)
        key = tuple(w.text for w in seq[i : i + size])
        if not size and _singular(seq[i].text) in {k[0] for k in meaningful if len(k) == 1} - g.exact_only:
            size, key = 1, (_singular(seq[i].text),)  # "buckets", "databases": the plural of a term
        if size:
            terms = sorted(meaningful[key], key=lambda t: (t.category, t.cloud, t.value))
            items.extend(_Item("term", seq[i : i + size], t) for t in terms if t.category != "filler")
            i += size
            continue
        best = max(((_match(seq, i, phrases), role) for role, phrases in grammar_roles), key=lambda m: m[0])
        if best[0] and (best[1] != "conjunction" or best[0] > 1 or tuple([seq[i].text]) not in fillers):
            items.append(_Item(best[1], seq[i : i + best[0]]))
            i += best[0]
            continue
        if (seq[i].text,) in fillers:
            items.append(_Item("term", [seq[i]], fillers[(seq[i].text,)][0]))
            i += 1
            continue
        # "<name> cloud" names a cloud even when no plugin knows it ("on Oracle Cloud")
        if i + 1 < len(seq) and seq[i + 1].text == "cloud" and seq[i].text.isalpha() and seq[i].text not in g.stop:
            items.append(_Item("term", seq[i : i + 2], Term(f"{seq[i].text} cloud", "cloud", seq[i].text)))
            i += 2
            continue
        items.append(_Item("stop" if seq[i].text in g.stop else "unknown", [seq[i]], used=False))
        i += 1
    return items


def _singular(word: str) -> str:
    return word[:-1] if len(word) >= 5 and word.endswith("s") else word


def _is_conjunction(item: _Item, g: Grammar) -> bool:
    return item.role == "conjunction" or (item.category() == "filler" and (item.text,) in g.conjunctions)


def _transparent(item: _Item, g: Grammar) -> bool:
    """Words that may stand between two words of one noun phrase: stop words ("worker on Lambda", "sans la base")."""
    return item.role == "stop" or (item.category() == "filler" and item.text in g.stop and not _is_conjunction(item, g))


def _neighbour(items: list[_Item], at: int, step: int, g: Grammar) -> int | None:
    """The index of the nearest item before (step -1) or after (+1) ``at`` in the same noun phrase."""
    j = at + step
    while 0 <= j < len(items) and items[j].clause == items[at].clause:
        if not _transparent(items[j], g):
            return None if _is_conjunction(items[j], g) else j
        j += step
    return None


# -- negations ---------------------------------------------------------------------------------------------


def _negations(items: list[_Item], g: Grammar) -> None:
    """Apply "sans", "without", "disabled"...: mark what they turn off; refuse what cannot be turned off."""
    for at, item in enumerate(items):
        if item.role not in ("negation", "negation_after"):
            continue
        target = _neighbour(items, at, 1 if item.role == "negation" else -1, g)
        if target is None or not items[target].meaningful():
            item.used = False  # "without downtime": the negation and its object are reported
            continue
        items[target].negated = True
        if item.role == "negation":
            _chain(items, target, g)
    refused = [it for it in items if it.negated and it.category() == "control"]
    if refused:
        raise SpecError(_control_refusal(refused, g))
    for it in items:
        if it.negated and it.category() in ("environment", "cloud", "region", "classification"):
            raise SpecError(f"the request negates {it.category()} {it.term.value if it.term else ''} "
                            f"('{_negation_words(items, it)}'): name the {it.category()} to use instead")


def _chain(items: list[_Item], target: int, g: Grammar) -> None:
    """'sans WAF ni chiffrement', 'without WAF or encryption': the negation carries on."""
    while True:
        link = target + 1
        while link < len(items) and items[link].role == "stop" and items[link].clause == items[target].clause:
            link += 1
        if link >= len(items) or items[link].text not in g.negation_chain:
            return
        nxt = _neighbour(items, link, 1, g)
        if nxt is None or not items[nxt].meaningful():
            return
        carries = items[link].text in ("ni", "nor", "or", "ou") or items[nxt].category() == "control"
        if not carries:
            return
        items[nxt].negated = True
        target = nxt


def _negation_words(items: list[_Item], target: _Item) -> str:
    at = items.index(target)
    before = [it.text for it in items[max(0, at - 3) : at] if it.role == "negation"]
    after = [it.text for it in items[at + 1 : at + 3] if it.role == "negation_after"]
    return " ".join([*before[-1:], target.text, *after[:1]])


def _control_refusal(refused: list[_Item], g: Grammar) -> str:
    parts = []
    account_level = []
    for it in refused:
        cid = it.term.value if it.term else ""
        entry = g.controls.get(cid, {})
        parts.append(f"'{it.text}' is the mandatory control {cid} ({entry.get('name', cid)})")
        if entry.get("account_level"):
            account_level.append(cid)
    message = ("the request turns off what every generated project must have: " + "; ".join(parts)
               + ". A request cannot turn a mandatory control off")
    if account_level:
        listed = ", ".join(f'"{c}"' for c in account_level)
        message += (f"; if an existing account baseline (landing zone) already provides it, declare it in the "
                    f"policy iacf.toml: [account_baseline] provided = [{listed}]")
    else:
        message += ", and no policy setting does"
    return message


# -- near misses and region codes -------------------------------------------------------------------------


def _targets(registry: Registry) -> dict[str, str]:
    """Single words of the catalogue a typo may nearly name → what they name (ordinary words excepted)."""
    found: dict[str, str] = {}
    exact = grammar().exact_only
    for term in sorted(registry.terms.values(), key=lambda t: (t.category, t.phrase)):
        key = term.key
        if term.category not in NEAR_MISS_CATEGORIES or len(key) != 1 or len(key[0]) < 4 or key[0] in exact:
            continue
        found.setdefault(key[0], _label(term))
    return found


def _label(term: Term) -> str:
    if term.category == "component":
        return ", ".join([term.value, *(f"{k} {v}" for k, v in term.params)])
    if term.category == "region":
        return f"{term.cloud} region {term.value}"
    if term.category == "language":
        return "language"
    return f"{term.category} {term.value}" if term.category != "cloud" else "cloud"


def _undoubled(word: str) -> set[str]:
    """``word`` with one doubled letter typed once ("prood" → "prod")."""
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


# endings that make another form of a word (plural, verb, adjective; English and French), not a typo
_ENDINGS = frozenset(("", "s", "es", "d", "ed", "r", "er", "ers", "ing", "ings", "ly", "al", "e", "ee", "ees", "ez",
                      "ent", "ons", "ions", "ait", "ais", "a", "ai", "iez", "era", "eront", "erez", "ement", "ements",
                      "if", "ifs", "ive", "ives", "ion", "ique", "ien", "iens", "ian", "ians", "an", "n", "i", "y",
                      "eur", "eurs", "ant", "ante", "ants", "ne", "nes", "nent", "ner"))


def _inflected(word: str, target: str) -> bool:
    """Whether ``word`` is another form of ``target`` ("functional", "planifier", "worked"): not a typo."""
    if word.startswith(target) and (len(word) - len(target) >= 2 or word[-1] in "srdenyi"):
        return True
    common = 0
    while common < min(len(word), len(target)) and word[common] == target[common]:
        common += 1
    return any(word[k:] in _ENDINGS and target[k:] in _ENDINGS for k in range(common, max(3, common - 3) - 1, -1))


def _typo(word: str, target: str) -> bool:
    """Whether ``word`` is a typo of ``target``: Damerau-Levenshtein distance 1 (2 for words of 9 letters or
    more); for short words (4 letters or fewer) only two neighbour letters swapped or a letter doubled."""
    if min(len(word), len(target)) <= 4:
        return (len(word) == len(target) and sorted(word) == sorted(target)
                and edit_distance(word, target, 1) == 1) or target in _undoubled(word) or word in _undoubled(target)
    budget = 2 if len(word) >= 9 else 1
    return 0 < edit_distance(word, target, budget) <= budget


def near_misses(word: str, targets: dict[str, str], ordinary: frozenset[str] = frozenset()) -> list[str]:
    """Catalogue words ``word`` is nearly (a typo: same first letter, or the first two letters swapped).

    ``ordinary`` words (close to a catalogue word but common in requests) are never typos.
    """
    if len(word) < 4 or word in ordinary or sum(ch.isalpha() for ch in word) < 2:
        return []
    hits = []
    for target in targets:
        if abs(len(target) - len(word)) > 2 or (target[0] != word[0] and target[:2] != word[1::-1]):
            continue
        if _typo(word, target) and not _inflected(word, target):
            hits.append((edit_distance(word, target, 2), target))
    best = min((d for d, _ in hits), default=0)
    return sorted(t for d, t in hits if d == best)[:3]


def _check_unknown(items: list[_Item], registry: Registry, cloud: str) -> None:
    """Refuse region-shaped codes that are no region, and words that nearly name something of the catalogue."""
    regions = registry.clouds[cloud].regions if cloud in registry.clouds else ()
    targets = _targets(registry)
    problems = []
    for it in items:
        if it.role != "unknown":
            continue
        word = it.text
        if _REGION_SHAPE.match(word):
            nearest = sorted(regions, key=lambda r: (edit_distance(word, r, 9), r))[:3]
            hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
            problems.append(f"'{word}' is not a region of {cloud}{hint}")
            continue
        hits = near_misses(word, targets, grammar().ordinary)
        if hits:
            problems.append(f"'{it.words[0].original}' is not understood: did you mean "
                            + " or ".join(f"'{h}' ({targets[h]})" for h in hits) + "?")
    if problems:
        raise SpecError("; ".join(problems) + " (fix the words or rephrase the request)")


# -- components --------------------------------------------------------------------------------------------


def _note(nid: str, title: str, why: str, words_: str, alternatives: list[str] | None = None) -> Decision:
    return Decision(id=f"core.request.{nid}", title=title, why=why, rule="core.request",
                    trigger=f"the words '{words_}' of the request", alternatives=alternatives or [])


class _Assembler:
    """Turns the request's terms into component requests, recording every contextual reading as a note."""

    def __init__(self, items: list[_Item], g: Grammar) -> None:
        self.items = items
        self.g = g
        self.drafts: list[_Draft] = []
        self.notes: list[Decision] = []
        self.absorbed: set[int] = set()

    def position(self, at: int) -> int:
        return sum(len(it.words) for it in self.items[:at])

    def active(self, *categories: str) -> list[int]:
        return [i for i, it in enumerate(self.items) if it.category() in categories and not it.negated
                and i not in self.absorbed]

    def kinds(self) -> set[str]:
        return {d.kind for d in self.drafts}

    def add(self, kind: str, params: dict[str, Any], words_: list[str], position: int) -> _Draft:
        """Add a mention; mentions of one kind merge unless their params conflict."""
        for draft in reversed(self.drafts):
            if draft.kind != kind:
                continue
            if all(draft.params.get(k, v) == v for k, v in params.items()):
                draft.params.update(params)
                draft.words.extend(words_)
                return draft
            break
        draft = _Draft(kind, dict(params), list(words_), position)
        self.drafts.append(draft)
        return draft

    def first(self, *kinds: str) -> _Draft | None:
        return next((d for d in self.drafts if d.kind in kinds), None)

    def run(self) -> list[ComponentRequest]:
        self.functions_in_workers()
        self.static_frameworks()
        for at in self.active("component"):
            it = self.items[at]
            assert it.term is not None
            self.add(it.term.value, dict(it.term.params), it.text.split(), self.position(at))
        self.languages()
        self.apis()
        self.apps()
        self.statics()
        self.drafts.sort(key=lambda d: d.position)
        return [ComponentRequest(kind=d.kind, params=d.params, words=d.words) for d in self.drafts]

    def _component(self, at: int | None, *kinds: str) -> bool:
        if at is None:
            return False
        term = self.items[at].term
        return (term is not None and term.category == "component" and term.value in kinds
                and not self.items[at].negated)

    def functions_in_workers(self) -> None:
        """'worker Lambda', 'Lambda planifiée', 'serverless cron': one worker or job, the function word says how
        it runs."""
        for at in self.active("component"):
            if not self._component(at, "function"):
                continue
            for step in (-1, 1):
                other = _neighbour(self.items, at, step, self.g)
                if self._component(other, "worker", "scheduled_job") and other is not None:
                    host = self.items[other]
                    assert host.term is not None
                    host.words = [*host.words, *self.items[at].words] if step < 0 else \
                        [*self.items[at].words, *host.words]
                    self.absorbed.add(at)
                    kind = host.term.value
                    self.notes.append(_note(
                        f"{kind}-on-functions", f"'{host.text}' is one {kind.replace('_', ' ')}",
                        f"The function word ({self.items[at].text}) says how the {kind.replace('_', ' ')} runs, "
                        f"not a second component: one {kind} is generated.", host.text,
                        [f"a {kind.replace('_', ' ')} and a separate function: name both, joined by 'and'"]))
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
                other = _neighbour(self.items, at, step, self.g)
                if other is None:
                    continue
                near = self.items[other]
                if self._component(other, "static_site") or (near.category() == "qualifier" and near.term is not None
                                                              and near.term.value == "static" and not near.negated):
                    title = frameworks()[framework]["title"]
                    self.items[at].term = Term(term.phrase, "component", "static_site")
                    self.notes.append(_note(
                        "static-framework", f"{title} named as a static frontend: a static site",
                        f"'{self.items[at].text} {near.text}' asks for the files {title} exports (static export), "
                        "served by the static site kind from a CDN; no container, load balancer or NAT gateway "
                        f"is added for it.", f"{self.items[at].text} {near.text}",
                        [f"a {title} web application (server-side rendering in a container): ask for a "
                         f"'{title} app'"]))
                    break

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
            beside = [_neighbour(self.items, at, s, self.g) for s in (-1, 1)]
            apps = [d for d in self.drafts if d.kind == "web_app"]
            same = next((d for d in apps if frameworks().get(str(d.params.get("framework")), {}).get("language")
                         == entry["language"]), None)
            if any(self._component(b, *FUNCTION_KINDS) for b in beside):
                self.function_language(at, lang, entry)
            elif same is not None:
                same.words.extend(it.text.split())
            elif (generic := next((d for d in apps if "framework" not in d.params), None)) is not None:
                generic.params["framework"] = fw
                generic.words.extend(it.text.split())
                self.language_note(it.text, entry)
            elif self.kinds() & set(FUNCTION_KINDS) and not apps:
                self.function_language(at, lang, entry)
            else:
                self.add("web_app", {"framework": fw}, it.text.split(), self.position(at))
                self.language_note(it.text, entry)

    def _language_context(self, at: int) -> bool:
        """'App Go', 'Go API', 'Lambda en Go', 'written in Go': the ambiguous word is the language."""
        before = [w.text for it in self.items[:at] for w in it.words if w.clause == self.items[at].clause][-2:]
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
        words_ = self.items[at].text
        if lang not in FUNCTION_LANGUAGES:
            raise SpecError(
                f"the request asks for {entry['title']} functions ('{words_}'); generated functions are "
                f"{', '.join(FUNCTION_LANGUAGES)} (their placeholder handler): name no language for the functions, "
                f"or ask for a {entry['title']} web application (a container)")
        for d in self.drafts:
            if d.kind in FUNCTION_KINDS:
                d.words.extend(words_.split())
                break
        self.notes.append(_note(
            "function-language", f"Functions in {entry['title']}",
            f"'{words_}' names the functions' language: their runtime is the cloud's {entry['title']} runtime.",
            words_))

    def language_note(self, words_: str, entry: dict[str, Any]) -> None:
        kind_of = "a programming language" if entry.get("kind") == "language" else "a framework without defaults"
        self.notes.append(_note(
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
            elif app is not None:
                app.words.extend(words_)
            elif "function" in self.kinds():
                self.add("http_api", {}, words_, self.position(at))
                self.notes.append(_note(
                    "api-on-functions", "'API' with functions: an HTTP API in front of them",
                    f"The request names functions and an API ('{it.text}'): a managed HTTP API routes the requests "
                    "to the function; no container is added.", it.text,
                    ["a containerised web service (ask for a web app or a framework)"]))
            else:
                self.add("web_app", {}, words_, self.position(at))
                self.notes.append(_note(
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
            app = self.first("web_app")
            if self._possessive(at):
                self.notes.append(_note(
                    "existing-app", f"'{self._possessive_words(at)}' is an existing application",
                    "The request refers to an application it does not ask to create (a possessive or 'existing' "
                    "before it): no web application is generated for it.", self._possessive_words(at),
                    ["ask for 'a web app' to generate one"]))
            elif app is not None:
                app.words.extend(words_)
            elif self.kinds() & set(COMPUTE_KINDS):
                others = ", ".join(sorted(self.kinds() & set(COMPUTE_KINDS)))
                self.notes.append(_note(
                    "app-is-the-whole", f"'{it.text}' names the whole application ({others})",
                    f"The request names its compute ({others}): '{it.text}' is the name of the whole, not a "
                    "container web application.", it.text, ["ask for 'a web app' or a framework to add a container"]))
            else:
                self.add("web_app", {}, words_, self.position(at))
                self.notes.append(_note(
                    "app-as-web-app", f"'{it.text}': a containerised web application",
                    f"'{it.text}' with no framework, function or static site named is a web application: a "
                    "container behind a load balancer (port 8080, health check /health; any language).", it.text,
                    ["name the framework (Django, Rails, Spring Boot...)", "a static site (ask for one)",
                     "serverless functions (name Lambda / functions)"]))

    def _possessive(self, at: int) -> bool:
        j = at - 1
        while j >= 0 and self.items[j].role == "stop" and self.items[j].text not in self.g.possessives:
            j -= 1
        return j >= 0 and at - j <= 3 and self.items[j].text in self.g.possessives

    def _possessive_words(self, at: int) -> str:
        j = at - 1
        while self.items[j].text not in self.g.possessives:
            j -= 1
        return " ".join(it.text for it in self.items[j : at + 1])

    def statics(self) -> None:
        """'static' alone: used when it qualifies a static site, reported otherwise."""
        for at in self.active("qualifier"):
            it = self.items[at]
            if it.term is None or it.term.value != "static":
                continue
            beside = [_neighbour(self.items, at, s, self.g) for s in (-1, 1)]
            if any(self._component(b, "static_site") for b in beside):
                continue
            if any(b is not None and self.items[b].category() == "qualifier" and self.items[b].term is not None
                   and self.items[b].term.value == "app" for b in beside):
                continue  # "application statique": made a static site by statics_apps
            it.used = False


def _static_apps(items: list[_Item], g: Grammar) -> list[Decision]:
    """'application statique', 'static app': a static site (the app word is read as the site)."""
    notes = []
    for at, it in enumerate(items):
        if it.category() != "qualifier" or it.term is None or it.term.value != "app" or it.negated:
            continue
        for step in (-1, 1):
            other = _neighbour(items, at, step, g)
            near = items[other] if other is not None else None
            if near is not None and near.term is not None and near.term.value == "static" and not near.negated:
                it.term = Term(it.term.phrase, "component", "static_site")
                notes.append(_note("static-app", f"'{it.text} {near.text}': a static site",
                                   "An application described as static is files served from a CDN: the static "
                                   "site kind, no container.", f"{it.text} {near.text}",
                                   ["a containerised web application (drop 'static')"]))
                break
    return notes


# -- the parse ---------------------------------------------------------------------------------------------


def _one(values: list[str], what: str, words_: dict[str, list[str]]) -> str | None:
    distinct = sorted(set(values))
    if len(distinct) > 1:
        detail = ", ".join(f"{v} ({' '.join(words_[v])})" for v in distinct)
        raise SpecError(f"the request names several {what}s: {detail}; keep one")
    return distinct[0] if distinct else None


def choose_cloud(mentioned: str | None, registry: Registry, how: str = "the request names") -> tuple[str, bool]:
    """Pick the cloud: the one named, else the only one installed. Returns (cloud, defaulted)."""
    installed = sorted(registry.clouds)
    if not installed:
        raise SpecError("no cloud plugin is installed; install one, e.g. `pip install iacf-aws`")
    if mentioned is not None:
        if mentioned not in registry.clouds:
            raise SpecError(
                f"{how} cloud {mentioned!r}, which is not installed; installed clouds: {', '.join(installed)}"
            )
        return mentioned, False
    if len(installed) == 1:
        return installed[0], True
    raise SpecError(f"the request names no cloud; name one or pass --cloud ({', '.join(installed)})")


def parse_request(
    text: str,
    registry: Registry,
    *,
    cloud: str | None = None,
    environment: str | None = None,
    region: str | None = None,
    project: str | None = None,
    owner: str | None = None,
    cost_center: str | None = None,
) -> ParseResult:
    """Parse ``text``; explicit options override what the text says."""
    seq = words(text or "")
    if not seq:
        raise SpecError(
            'the request is empty: describe what to deploy, e.g. "Django app with PostgreSQL in prod on AWS"'
        )
    g = grammar()
    tags, tag_spans = _tags(seq, g)
    items = _scan(seq, registry, g, tag_spans)
    _negations(items, g)
    by_cat: dict[str, list[_Item]] = {}
    for it in items:
        if it.meaningful() and not it.negated:
            by_cat.setdefault(it.category(), []).append(it)
    words_of: dict[str, list[str]] = {}
    for it in items:
        if it.term is not None:
            words_of.setdefault(it.term.value, it.text.split())

    defaults: list[str] = []
    named_cloud = _one([it.term.value for it in by_cat.get("cloud", []) if it.term], "cloud", words_of)
    if cloud is not None:
        chosen_cloud, _ = choose_cloud(cloud, registry, how="--cloud names")
    else:
        chosen_cloud, defaulted = choose_cloud(named_cloud, registry)
        if defaulted:
            defaults.append(f"cloud: {chosen_cloud} (the only cloud plugin installed)")
    _other_cloud_regions(by_cat.get("region", []), chosen_cloud, region)
    _check_unknown(items, registry, chosen_cloud)

    env = environment
    if env is None:
        env = _one([it.term.value for it in by_cat.get("environment", []) if it.term], "environment", words_of)
        if env is None:
            env = "dev"
            defaults.append("environment: dev (none named; the cheapest, with no deletion protection)")
    if env not in KNOWN_ENVIRONMENTS:
        raise SpecError(f"unknown environment {env!r}; use one of: {', '.join(KNOWN_ENVIRONMENTS)}")

    chosen_region = region
    if chosen_region is None:
        regional = [it for it in by_cat.get("region", []) if it.term and it.term.cloud == chosen_cloud]
        chosen_region = _one([it.term.value for it in regional if it.term], "region", words_of)

    levels = [it.term.value for it in by_cat.get("classification", []) if it.term]
    classification = max(levels, key=CLASSIFICATIONS.index) if levels else None
    notes = _static_apps(items, g)
    assembler = _Assembler(items, g)
    components = assembler.run()
    notes.extend(assembler.notes)
    excluded = _excluded(items, components)
    for kind, phrase in excluded.items():
        notes.append(_note(f"without-{kind}", f"No {kind.replace('_', ' ')}",
                           f"The request excludes it ('{phrase}'): no rule may add one.", phrase))
    used = [w.text for it in items if it.used and it.role != "stop" for w in it.words]
    unused = [w.text for it in items if not it.used and it.role != "stop" for w in it.words]
    if not components:
        understood = sorted(set(used))
        hint = f"; not understood: {' '.join(unused)}" if unused else ""
        known = ", ".join(registry.kinds_for(chosen_cloud)) or "none"
        raise SpecError(
            "the request names no component to deploy"
            + (f" (understood: {' '.join(understood)})" if understood else "")
            + hint
            + f"; {chosen_cloud} can generate: {known}"
        )
    tag_values = _tag_values(tags, owner, cost_center, notes)
    if project is None:
        project = derive_project(components)
        defaults.append(f"project: {project} (derived from the request)")
    try:
        spec = Spec(
            project=project,
            cloud=chosen_cloud,
            environment=env,  # type: ignore[arg-type]  # checked against KNOWN_ENVIRONMENTS above
            region=chosen_region,
            components=components,
            data_classification=classification or "internal",  # type: ignore[arg-type]  # from the vocabulary
            **tag_values,
        )
    except ValueError as exc:
        raise SpecError(first_validation_error(exc)) from exc
    return ParseResult(spec=spec, used=used, unused=unused, defaults=defaults, notes=notes, excluded=excluded)


def _other_cloud_regions(mentions: list[_Item], cloud: str, option: str | None) -> None:
    """A region word that names a region of another cloud only is refused, never dropped."""
    ours = {tuple(w.text for w in it.words) for it in mentions if it.term and it.term.cloud == cloud}
    for it in mentions:
        key = tuple(w.text for w in it.words)
        if it.term is not None and it.term.cloud != cloud and key not in ours and option is None:
            raise SpecError(f"'{it.text}' is a {it.term.cloud} region ({it.term.value}), and this stack is on "
                            f"{cloud}: name a {cloud} region or pass --region")


def _excluded(items: list[_Item], components: list[ComponentRequest]) -> dict[str, str]:
    excluded: dict[str, str] = {}
    for it in items:
        if it.negated and it.category() == "component" and it.term is not None:
            kind = it.term.value
            asked = [c for c in components if c.kind == kind]
            if asked:
                raise SpecError(f"the request both asks for {kind} ('{' '.join(asked[0].words)}') and excludes it "
                                f"('{it.text}'); keep one")
            excluded.setdefault(kind, it.text)
    return excluded


def _tag_values(tags: dict[str, tuple[str, str]], owner: str | None, cost_center: str | None,
                notes: list[Decision]) -> dict[str, str]:
    """Owner and cost center: the options win over the request."""
    values: dict[str, str] = {}
    for name, option in (("owner", owner), ("cost_center", cost_center)):
        if option is not None:
            if not _TAG_VALUE.match(option):
                raise SpecError(f"--{name.replace('_', '-')} {option!r} is not a valid tag value "
                                "(letters, digits and _.:/=+@- only)")
            values[name] = option
        elif name in tags:
            value, phrase = tags[name]
            values[name] = value
            tag = "Owner" if name == "owner" else "CostCenter"
            notes.append(_note(f"tag-{name.replace('_', '-')}", f"{tag} tag {value} from the request",
                               f"The request says '{phrase}': every taggable resource carries {tag}={value}.",
                               phrase, [f"pass --{name.replace('_', '-')}", f"set {name} in the policy iacf.toml"]))
    return values


def derive_project(components: list[ComponentRequest]) -> str:
    first = components[0]
    label = first.params.get("framework") or first.params.get("engine") or first.kind.replace("_", "-")
    return slugify(f"{label}-app" if "framework" in first.params else str(label))
