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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..kernel.errors import SpecError, first_validation_error
from ..kernel.models import CLASSIFICATIONS, ComponentRequest, Decision, Spec, slugify
from ..kernel.registry import Registry, Term
from ..kernel.text import Word, edit_distance, near_misses, words
from .asks import availability, availability_asked, where_and_how
from .connections import component_ids, multiply, reserved_ids
from .domains import read_domains
from .grammar import Grammar, Item, grammar, neighbour, spell_out
from .links import component_names, drop_weak, french_participles, read_links
from .readings import Assembler, default_decision, note, override_decision, static_apps
from .sizes import apply_sizes, read_sizes, refuse_named_sizes
from .taglist import tag_lists
from .times import schedule_time, time_zones, zone_name

KNOWN_ENVIRONMENTS = ("dev", "staging", "prod")
# the longest request read, in characters (about 3,000 words): far beyond any description of one project, and
# short enough that reading stays well under a second; a longer text is refused, a YAML spec has no such limit
MAX_REQUEST_CHARS = 20_000
# what a typo may nearly name (refused with "did you mean")
NEAR_MISS_CATEGORIES = ("component", "language", "environment", "cloud", "region")
_REGION_SHAPE = re.compile(
    r"^[a-z]{2}(-gov|-iso[a-z]?)?-(east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}$"
)
_TAG_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/=+@-]{0,255}$")


@dataclass
class ParseResult:
    """A parsed request: the Spec, the words used and not understood, the defaults applied and how ambiguous
    words were read (both decisions), and the component kinds the request excludes ("sans base de données")."""

    spec: Spec
    used: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    defaults: list[Decision] = field(default_factory=list)
    notes: list[Decision] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)

    def stack_inputs(self) -> dict[str, Any]:
        """What :func:`~iacf_core.engine.pipeline.build_stack` takes from the parse besides the Spec."""
        return {"defaults": self.defaults, "notes": self.notes, "excluded": self.excluded, "unused": self.unused}


def _key(store_key: tuple[str, ...]) -> tuple[str, ...]:
    """The phrase of a registry key (region keys end with ``@cloud``)."""
    return store_key[:-1] if store_key and store_key[-1].startswith("@") else store_key


@dataclass(frozen=True)
class _Lexicon:
    """The registry's phrases, indexed for scanning: terms that mean something, fillers, typo targets."""

    meaningful: dict[tuple[str, ...], list[Term]]
    fillers: dict[tuple[str, ...], list[Term]]
    longest: int
    filler_longest: int  # words of the longest filler phrase
    singles: frozenset[str]  # one-word terms whose plural is understood as them
    targets: dict[str, str]


_LEXICON: list[tuple[Registry, int, _Lexicon]] = []  # the last registry's (registries are built once per run)


def _lexicon(registry: Registry) -> _Lexicon:
    if _LEXICON and _LEXICON[0][0] is registry and _LEXICON[0][1] == len(registry.terms):
        return _LEXICON[0][2]
    index: dict[tuple[str, ...], list[Term]] = {}
    for store_key, term in registry.terms.items():
        index.setdefault(_key(store_key), []).append(term)
    meaningful = {k: v for k, v in index.items() if any(t.category != "filler" for t in v)}
    lexicon = _Lexicon(
        meaningful=meaningful,
        fillers={k: v for k, v in index.items() if k not in meaningful},
        longest=max((len(k) for k in index), default=1),
        filler_longest=max((len(k) for k in index if k not in meaningful), default=1),
        singles=frozenset(k[0] for k in meaningful if len(k) == 1) - grammar().exact_only,
        targets=_targets(registry),
    )
    _LEXICON[:] = [(registry, len(registry.terms), lexicon)]
    return lexicon


def _match(seq: list[Word], i: int, phrases: frozenset[tuple[str, ...]] | dict[tuple[str, ...], Any],
           longest: int = 4) -> int:
    """Length of the longest phrase starting at ``i`` within one clause (0 when none)."""
    for size in range(min(longest, len(seq) - i), 0, -1):
        span = seq[i : i + size]
        if span[-1].clause == span[0].clause and tuple(w.text for w in span) in phrases:
            return size
    return 0


# -- owner and cost center ---------------------------------------------------------------------------------


def _tags(seq: list[Word], g: Grammar, lexicon: _Lexicon) -> tuple[dict[str, tuple[str, str]], dict[int, int]]:
    """Owner and cost center written in the request: ({tag: (value, phrase)}, {start: length} of their words)."""
    found: dict[str, list[tuple[str, str]]] = {"owner": [], "cost_center": []}
    teams: list[tuple[str, str]] = []  # "for the payments team": the owner when no "owner X" says it
    spans: dict[int, int] = {}
    i = 0
    while i < len(seq):
        if g.cost_center_code.match(seq[i].text) and seq[i].text.startswith("cc"):
            found["cost_center"].append((seq[i].original, seq[i].text))
            spans[i] = 1
            i += 1
            continue
        team = _team(seq, i, g, lexicon)
        if team is not None:
            value, end = team
            teams.append((value, _span(seq, i, end)))
            spans[i] = end - i
            i = end
            continue
        for tag, keys in (("owner", g.owner), ("cost_center", g.cost_center)):
            size = _match(seq, i, keys, 4)
            if not size:
                continue
            j = i + size
            while j < len(seq) and (link := _match(seq, j, g.tag_links, 3)):
                j += link
            label = "owner" if tag == "owner" else "cost center"
            of_team = tag == "owner" and j + 1 < len(seq) and seq[j + 1].text in g.team \
                and seq[j + 1].clause == seq[j].clause and _team_named_as_environment(seq[j], lexicon)
            if j >= len(seq) or seq[j].text in g.stop or ((seq[j].text,) in lexicon.meaningful and not of_team):
                raise SpecError(f"the request names an {label} without a value ('{_span(seq, i, j)}'); "
                                f"write it as '{label} VALUE' or pass --{label.replace(' ', '-')}")
            value = seq[j].original
            if not _TAG_VALUE.match(value):
                raise SpecError(f"{label} {value!r} is not a valid tag value (letters, digits and _.:/=+@- only)")
            end = j + 1 + (tag == "owner" and j + 1 < len(seq) and seq[j + 1].text in g.team
                           and seq[j + 1].clause == seq[j].clause)  # "owned by the payments team": its word too
            found[tag].append((value, _span(seq, i, end)))
            spans[i] = end - i
            i = end
            break
        else:
            i += 1
    found["owner"] = found["owner"] or teams
    chosen: dict[str, tuple[str, str]] = {}
    for tag, values in found.items():
        distinct = sorted({v for v, _ in values})
        if len(distinct) > 1:
            label = "owners" if tag == "owner" else "cost centers"
            raise SpecError(f"the request names several {label}: {', '.join(distinct)}; keep one")
        if values:
            chosen[tag] = values[0]
    return chosen, spans


def _team(seq: list[Word], i: int, g: Grammar, lexicon: _Lexicon) -> tuple[str, int] | None:
    """'for the payments team', 'pour l'équipe paiements', 'by team data', ', team payments' at ``i``: the team's
    name (the word beside the team word, no word of the vocabulary) and where the phrase ends; None when there is
    none."""
    def name(word: Word) -> bool:
        return word.text not in g.stop and word.text not in g.team and (word.text,) not in lexicon.meaningful \
            and (word.text,) not in lexicon.fillers and bool(_TAG_VALUE.match(word.original))

    # ", team payments", "équipe : paiements": a team word opening a clause, then the name (in the clause after a
    # colon when the name is all of it)
    alone = i + 2 >= len(seq) or seq[i + 2].clause != seq[i + 1].clause if i + 1 < len(seq) else False
    if seq[i].text in g.team and (i == 0 or seq[i - 1].clause != seq[i].clause) and i + 1 < len(seq) \
            and (name(seq[i + 1]) or (alone and seq[i + 1].text not in g.stop and seq[i + 1].text not in g.team
                                      and bool(_TAG_VALUE.match(seq[i + 1].original)))) \
            and (seq[i + 1].clause == seq[i].clause or (seq[i + 1].clause == seq[i].clause + 1 and alone)):
        return seq[i + 1].original, i + 2  # ", team web": the clause's last word is the team, whatever it is
    if seq[i].text not in g.team_for:
        return None
    k = i + 1
    if k < len(seq) and seq[k].text in ("the", "l", "la", "le", "our", "notre", "my", "ma", "mon"):
        k += 1
    if k + 1 >= len(seq) or any(w.clause != seq[i].clause for w in seq[i : k + 2]):
        return None
    if seq[k].text in g.team and name(seq[k + 1]):
        return seq[k + 1].original, k + 2  # pour l'équipe paiements, for team payments
    if seq[k + 1].text in g.team and (name(seq[k]) or _team_named_as_environment(seq[k], lexicon)):
        return seq[k].original, k + 2  # for the payments team, for the dev team
    return None


def _team_named_as_environment(word: Word, lexicon: _Lexicon) -> bool:
    """'for the dev team', 'owned by the prod team': a word of an environment right before a team word is the
    team's name, not the environment."""
    terms = lexicon.meaningful.get((word.text,), [])
    return bool(terms) and all(t.category == "environment" for t in terms) and bool(_TAG_VALUE.match(word.original))


def _span(seq: list[Word], start: int, end: int) -> str:
    return " ".join(w.text for w in seq[start:end])


# -- scanning ----------------------------------------------------------------------------------------------


def _scan(seq: list[Word], registry: Registry, g: Grammar, tag_spans: dict[int, int]) -> list[Item]:
    """Greedy longest match: vocabulary terms first (unless a longer filler phrase starts at the same word),
    then grammar phrases, fillers, stop words."""
    lexicon = _lexicon(registry)
    meaningful, fillers, longest, singles = lexicon.meaningful, lexicon.fillers, lexicon.longest, lexicon.singles
    grammar_roles = (("negation_after", g.negation_after), ("negation", g.negation_before),
                     ("conjunction", g.conjunctions), ("access", g.access), ("access_passive", g.access_passive),
                     ("exposure", g.exposure), ("availability", g.availability))
    items: list[Item] = []
    i = 0
    while i < len(seq):
        if i in tag_spans:
            items.append(Item("tag", seq[i : i + tag_spans[i]]))
            i += tag_spans[i]
            continue
        size = _match(seq, i, meaningful, longest)
        key = tuple(w.text for w in seq[i : i + size])
        if not size and _singular(seq[i].text) in singles:
            size, key = 1, (_singular(seq[i].text),)  # "buckets", "databases": the plural of a term
        # a filler phrase longer than the term it begins with is the filler ("an external API": nothing to create)
        said = _match(seq, i, fillers, lexicon.filler_longest) if lexicon.filler_longest > 1 else 0
        if said > max(size, 1):
            items.append(Item("term", seq[i : i + said], fillers[tuple(w.text for w in seq[i : i + said])][0]))
            i += said
            continue
        if size:
            terms = sorted(meaningful[key], key=lambda t: (t.category, t.cloud, t.value))
            items.extend(Item("term", seq[i : i + size], t) for t in terms if t.category != "filler")
            i += size
            continue
        best = max(((_match(seq, i, phrases, 6), role) for role, phrases in grammar_roles), key=lambda m: m[0])
        if best[0] and (best[1] != "conjunction" or best[0] > 1 or tuple([seq[i].text]) not in fillers):
            span = seq[i : i + best[0]]
            meanings = {"access": g.access, "access_passive": g.access_passive, "exposure": g.exposure}
            items.append(Item(best[1], span, meaning=meanings.get(best[1], {}).get(tuple(w.text for w in span), "")))
            i += best[0]
            continue
        if (seq[i].text,) in fillers:
            items.append(Item("term", [seq[i]], fillers[(seq[i].text,)][0]))
            i += 1
            continue
        # "<name> cloud" names a cloud even when no plugin knows it ("on Oracle Cloud"), unless "cloud" begins a
        # service's name ("deux Cloud Functions") or the word is a number
        if i + 1 < len(seq) and seq[i + 1].text == "cloud" and seq[i].text.isalpha() and seq[i].text not in g.stop \
                and seq[i].text not in g.not_names and _match(seq, i + 1, meaningful, longest) < 2:
            items.append(Item("term", seq[i : i + 2], Term(f"{seq[i].text} cloud", "cloud", seq[i].text)))
            i += 2
            continue
        items.append(Item("stop" if seq[i].text in g.stop else "unknown", [seq[i]], used=False))
        i += 1
    return items


# data stores a generic database word may name ("a Firestore database", "une base de données MongoDB")
_STORES = frozenset({"nosql_table", "document_database", "cache", "search", "data_warehouse"})


_CONTAINERS = frozenset({"container", "containers", "conteneur", "conteneurs"})
_JOBS = frozenset({"job", "task", "tache"})


def _store_names(items: list[Item]) -> None:
    """A generic database word ("database", "base de données", "db") right beside a data store of another kind
    is that store's word ("a Firestore database", "une base de données MongoDB", "a Redis DB"): it is read as the
    store, not as a relational database of its own. So is a container word beside any data store: a container of
    a store is that store ("a Cosmos DB container", "un conteneur de stockage"), no containerised app; and a job
    word beside a schedule is that job ("a job every day", "une tâche tous les jours")."""
    for at, it in enumerate(items):
        beside = [items[j].term for j in (at - 1, at + 1) if 0 <= j < len(items) and items[j].clause == it.clause]
        if it.role == "unknown" and it.text in _JOBS:  # the language may stand between ("un job Python tous les …")
            beside += [items[j + step].term for j, step in ((at + 1, 1), (at - 1, -1))
                       if 0 <= j + step < len(items) and items[j + step].clause == it.clause
                       and items[j].category() == "language"]
        job = next((o for o in beside if o is not None and o.category == "component" and o.value == "scheduled_job"),
                   None)
        if it.role == "unknown" and it.text in _JOBS and job is not None:
            it.role, it.term, it.used = "term", job, True
        container = it.text in _CONTAINERS and it.term is not None and it.term.value == "web_app"
        if it.term is None or it.term.category != "component" or not container and (
                it.term.value != "relational_database" or it.term.params):
            continue
        stores = _STORES | {"object_storage", "relational_database"} if container else _STORES
        for j in (at - 1, at + 1, at - 2, at + 2):
            other = items[j].term if 0 <= j < len(items) and items[j].clause == it.clause else None
            if abs(j - at) == 2 and (not container or items[(j + at) // 2].text not in ("de", "d", "du", "of")):
                continue  # "un conteneur de stockage": one word between, of the store
            if other is not None and other.category == "component" and other.value in stores:
                it.term = other
                break


_SLASHED = re.compile(r"[a-z][a-z0-9.+#-]*(/[a-z][a-z0-9.+#-]*)+")
_HYPHENED = re.compile(r"[a-z][a-z0-9.+#]*(-[a-z][a-z0-9.+#]*)+")


def _split_slashes(seq: list[Word], g: Grammar, lexicon: _Lexicon) -> list[Word]:
    """Words joined by a slash that no phrase knows ("django/postgresql") are words of their own; a known one
    ("pub/sub", "read/write") stays whole, and so does one that is no words (a CIDR) or that offers a choice
    between two of one kind ("redis/valkey": one cache, which engine is not said) or names a time zone
    ("Europe/Paris"). Words joined by a hyphen that no phrase knows are words of their own when each is
    understood ("Django-app", "django-based")."""
    out: list[Word] = []
    for w in seq:
        key = (w.text,)
        parts = w.text.split("-")
        if key in lexicon.meaningful or key in lexicon.fillers or key in g.access or key in g.access_passive \
                or key in g.exposure or key in g.availability:
            out.append(w)
            continue
        if _HYPHENED.fullmatch(w.text) and any((p,) in lexicon.meaningful for p in parts) \
                and all((p,) in lexicon.meaningful or (p,) in lexicon.fillers or p in g.stop for p in parts):
            sign = "-"
        elif not _SLASHED.fullmatch(w.text) or zone_name(w.original) is not None:
            out.append(w)
            continue
        else:
            sign, parts = "/", w.text.split("/")
        kinds = [{t.value for t in lexicon.meaningful.get((part,), []) if t.category == "component"}
                 for part in parts]
        if sign == "/" and any(a & b for i, a in enumerate(kinds) for b in kinds[i + 1:]):
            out.append(w)
            continue
        at = 0
        for part in parts:
            out.append(Word(part, w.original[at : at + len(part)], w.clause))
            at += len(part) + 1
    return out


def _multipliers(seq: list[Word]) -> list[Word]:
    """'x 2', '2 x' (and '× 2'): one word, a multiplier ("x2") the components read as a count."""
    out: list[Word] = []
    for w in seq:
        last = out[-1] if out else None
        if last is not None and last.clause == w.clause and (
                (last.text == "x" and w.text.isdigit()) or (last.text.isdigit() and w.text == "x")):
            out[-1] = Word(last.text + w.text, f"{last.original} {w.original}", w.clause)
        else:
            out.append(w)
    return out


def _singular(word: str) -> str:
    return word[:-1] if len(word) >= 5 and word.endswith("s") else word


# -- negations ---------------------------------------------------------------------------------------------


def _negations(items: list[Item], g: Grammar) -> None:
    """Apply "sans", "without", "disabled"...: mark what they turn off; refuse what cannot be turned off."""
    for at, item in enumerate(items):
        if item.role not in ("negation", "negation_after"):
            continue
        target = neighbour(items, at, 1 if item.role == "negation" else -1, g)
        if item.text in g.verb_negations and at > 0 and items[at - 1].role in ("access", "access_passive") \
                and items[at - 1].clause == item.clause:
            target = at - 1  # "qui n'écrit jamais dans le bucket", "qui ne lit pas la file": the verb, not the bucket
        if target is not None and items[target].role in ("access", "access_passive"):
            items[target].negated = True  # "never writes to the bucket": no access, and none by default
            continue
        if target is None or not items[target].meaningful():
            item.used = False  # "without downtime": the negation and its object are reported
            continue
        items[target].negated = True
        term = items[target].term
        nxt = neighbour(items, target, 1 if item.role == "negation" else -1, g)
        while term is not None and term.category == "component" and nxt is not None \
                and (following := items[nxt].term) is not None and following.category == "component" \
                and following.value == term.value:  # "no Redis cache", "sans cache Redis": one thing
            items[nxt].negated = True
            nxt = neighbour(items, nxt, 1 if item.role == "negation" else -1, g)
        if item.role == "negation":
            _chain(items, target, g)
    refused = [it for it in items if it.negated and it.category() == "control"]
    if refused:
        raise SpecError(_control_refusal(refused, g))
    for it in items:
        if it.negated and it.category() in ("environment", "cloud", "region"):
            raise SpecError(f"the request negates {it.category()} {it.term.value if it.term else ''} "
                            f"('{_negation_words(items, it)}'): name the {it.category()} to use instead")


def _chain(items: list[Item], target: int, g: Grammar) -> None:
    """'sans WAF ni chiffrement', 'without WAF or encryption': the negation carries on."""
    while True:
        link = target + 1
        while link < len(items) and items[link].role == "stop" and items[link].clause == items[target].clause:
            link += 1
        if link >= len(items) or items[link].text not in g.negation_chain:
            return
        nxt = neighbour(items, link, 1, g)
        if nxt is None or not items[nxt].meaningful():
            return
        carries = items[link].text in ("ni", "nor", "or", "ou") or items[nxt].category() == "control"
        if not carries:
            return
        items[nxt].negated = True
        target = nxt


def _negation_words(items: list[Item], target: Item) -> str:
    at = items.index(target)
    before = [it.text for it in items[max(0, at - 3) : at] if it.role == "negation"]
    after = [it.text for it in items[at + 1 : at + 3] if it.role == "negation_after"]
    return " ".join([*before[-1:], target.text, *after[:1]])


def _control_refusal(refused: list[Item], g: Grammar) -> str:
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
    for store_key, term in sorted(registry.terms.items(), key=lambda kv: (kv[1].category, kv[1].phrase)):
        key = _key(store_key)
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


def _cloud_typos(items: list[Item], registry: Registry) -> None:
    """A request that names no cloud but a word one letter off a cloud's name ("Azre", "awss") is refused with the
    name it nearly is, before any other check."""
    names = {phrase[0]: term.value for phrase, terms in _lexicon(registry).meaningful.items() if len(phrase) == 1
             for term in terms if term.category == "cloud" and term.value in registry.clouds}
    for it in items:
        if it.role != "unknown" or len(it.text) < 3 or not it.text.isalpha():
            continue
        hits = sorted(name for name in names if edit_distance(it.text, name, 1) == 1 and len(name) >= 3)
        if hits:
            raise SpecError(f"'{it.words[0].original}' is not understood: did you mean "
                            + " or ".join(f"'{h}' (cloud {names[h]})" for h in hits)
                            + "? (fix the word or pass --cloud)")


def _check_unknown(items: list[Item], registry: Registry, cloud: str) -> None:
    """Refuse region-shaped codes that are no region, and words that nearly name something of the catalogue."""
    regions = registry.clouds[cloud].regions if cloud in registry.clouds else ()
    targets = _lexicon(registry).targets
    problems = []
    for it in items:
        if it.role != "unknown":
            continue
        word = it.text
        if _REGION_SHAPE.match(word):
            nearest = nearest_regions(word, regions)
            hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
            problems.append(f"'{word}' is not a region of {cloud}{hint}")
            continue
        hits = near_misses(word, targets, grammar().ordinary)
        if hits:
            problems.append(f"'{it.words[0].original}' is not understood: did you mean "
                            + " or ".join(f"'{h}' ({targets[h]})" for h in hits) + "?")
    if problems:
        raise SpecError("; ".join(problems) + " (fix the words or rephrase the request)")


# -- the parse ---------------------------------------------------------------------------------------------


def _one(values: list[str], what: str, words_: dict[str, list[str]]) -> str | None:
    distinct = sorted(set(values))
    if len(distinct) > 1:
        detail = ", ".join(f"{v} ({' '.join(words_[v])})" for v in distinct)
        raise SpecError(f"the request names several {what}s: {detail}; keep one")
    return distinct[0] if distinct else None


def _implied_clouds(items: list[Item], registry: Registry) -> dict[str, list[str]]:
    """The clouds the request's own words belong to, with those words: a service name a cloud registers for a
    kind it serves ("Lambda", "Firestore", "Cosmos DB") and a region code ("eu-west-1", "europe-west9")."""
    found: dict[str, list[str]] = {}
    for it in items:
        term = it.term
        if term is None or it.negated:
            continue
        clouds = [term.cloud] if term.category == "region" and term.phrase == term.value else \
            service_clouds(term, registry)
        if len(clouds) == 1 and it.text not in found.get(clouds[0], []):
            found.setdefault(clouds[0], []).append(it.text)
    return found


def service_clouds(term: Term, registry: Registry) -> list[str]:
    """The clouds whose plugins registered ``term`` as a service of a kind they serve ("Lambda": aws; "Cosmos DB":
    azure); none for a neutral word: one a plugin serving no cloud registers too (core's "database", "Redis",
    "FIFO queue")."""
    if term.category != "component":
        return []
    cloud_of = {registry.cloud_owner(cloud): cloud for cloud in registry.clouds}
    plugins = registry.term_plugins.get(" ".join(term.key), set())
    if not plugins <= cloud_of.keys():
        return []
    return sorted({cloud_of[p] for p in plugins if term.value in registry.kinds_for(cloud_of[p])})


def _other_cloud_services(items: list[Item], registry: Registry, cloud: str) -> None:
    """A service only another cloud offers ("Cosmos DB" on AWS) is refused, never read as this cloud's own."""
    for it in items:
        if it.term is None or it.negated:
            continue
        clouds = service_clouds(it.term, registry)
        if clouds and cloud not in clouds:
            kind = it.term.value.replace("_", " ")
            raise SpecError(f"'{it.text}' is a service of {' and '.join(clouds)}, and this stack is on {cloud}: name "
                            f"the {cloud} service or just the kind ({kind})")


def choose_cloud(mentioned: str | None, registry: Registry, how: str = "the request names") -> tuple[str, bool]:
    """Pick the cloud: the one named, else the only one installed. Returns (cloud, defaulted)."""
    installed = sorted(registry.clouds)
    if not installed:
        raise SpecError("no cloud plugin is installed; install one, e.g. `pip install iacf-aws`")
    if mentioned is not None:
        if mentioned not in registry.clouds:
            names = {w: t.value for t in registry.terms.values() if t.category == "cloud" and t.value in registry.clouds
                     for w in (*t.key, t.value) if len(w) >= 3}
            near = sorted({f"'{w}'" + (f" ({names[w]})" if names[w] != w else "") for w in names
                           if edit_distance(mentioned, w, 1) == 1})
            hint = f"did you mean {' or '.join(near)}? " if near else ""
            raise SpecError(
                f"{how} cloud {mentioned!r}, which is not installed; {hint}installed clouds: {', '.join(installed)}"
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
    """Parse ``text``; explicit options override what the text says. A text longer than
    :data:`MAX_REQUEST_CHARS` is refused before it is read."""
    if len(text or "") > MAX_REQUEST_CHARS:
        raise SpecError(f"the request is {len(text):,} characters long; iacf reads requests of up to "
                        f"{MAX_REQUEST_CHARS:,} characters: describe the project in fewer words, or write it as a "
                        "YAML spec (iacf generate --spec FILE)")
    listed = tag_lists(text or "")
    dns = read_domains(listed.text, registry)  # "custom domain shop.example.com": read from the text as written
    text = dns.text
    seq = _multipliers(words(spell_out(text)))
    if not seq:
        raise SpecError(
            'the request is empty: describe what to deploy, e.g. "Django app with PostgreSQL in prod on AWS"'
        )
    g = grammar()
    seq = _split_slashes(seq, g, _lexicon(registry))
    tags, tag_spans = _tags(seq, g, _lexicon(registry))
    tags = _listed_readings(tags, listed.readings)
    items = _scan(seq, registry, g, tag_spans)
    zones = time_zones(items)  # "heure de Paris": a time zone, no region
    _store_names(items)
    _negations(items, g)
    sizes = read_sizes(items, g)  # "3 replicas", "512 MB memory": sizes, set once the components are known
    by_cat: dict[str, list[Item]] = {}
    for it in items:
        if it.meaningful() and not it.negated:
            by_cat.setdefault(it.category(), []).append(it)
    words_of: dict[str, list[str]] = {}
    for it in items:
        if it.term is not None:
            words_of.setdefault(it.term.value, it.text.split())

    defaults: list[Decision] = []
    named_cloud = _one([it.term.value for it in by_cat.get("cloud", []) if it.term], "cloud", words_of)
    implied = _implied_clouds(items, registry) if cloud is None and named_cloud is None else {}
    if cloud is not None:
        chosen_cloud, _ = choose_cloud(cloud, registry, how="--cloud names")
        if named_cloud not in (None, chosen_cloud):
            defaults.append(override_decision("cloud", chosen_cloud, named_cloud, "the request"))
    elif len(implied) == 1 and len(registry.clouds) > 1:
        ((chosen_cloud, said),) = implied.items()
        defaults.append(default_decision("cloud", chosen_cloud, "the services and regions the request names are "
                                         + chosen_cloud + "'s: " + ", ".join(f"'{w}'" for w in said)))
    elif len(implied) > 1 and len(registry.clouds) > 1:
        raise SpecError("the request names no cloud, and its words belong to several: "
                        + "; ".join(f"{c} ({', '.join(repr(w) for w in ws)})" for c, ws in sorted(implied.items()))
                        + f"; name one or pass --cloud ({', '.join(sorted(registry.clouds))})")
    else:
        if named_cloud is None and len(registry.clouds) > 1:
            _cloud_typos(items, registry)
        chosen_cloud, defaulted = choose_cloud(named_cloud, registry)
        if defaulted:
            defaults.append(default_decision("cloud", chosen_cloud, "the only cloud plugin installed"))
    _other_cloud_regions(by_cat.get("region", []), chosen_cloud, region)
    _other_cloud_services(items, registry, chosen_cloud)
    _check_unknown(items, registry, chosen_cloud)

    env = environment
    _overridden("environment", env, by_cat.get("environment", []), defaults)
    if env is None:
        env = _one([it.term.value for it in by_cat.get("environment", []) if it.term], "environment", words_of)
        if env is None:
            asked = availability_asked(items)
            env = "prod" if asked else "dev"
            defaults.append(default_decision("environment", env, f"none named, and the request asks for '{asked}': "
                                             "prod runs over several availability zones" if asked else
                                             "none named; the cheapest, with no deletion protection"))
    if env not in KNOWN_ENVIRONMENTS:
        raise SpecError(f"unknown environment {env!r}; use one of: {', '.join(KNOWN_ENVIRONMENTS)}")

    regional = [it for it in by_cat.get("region", []) if it.term and it.term.cloud == chosen_cloud]
    _overridden("region", region, regional, defaults)
    chosen_region = region if region is not None else _one([it.term.value for it in regional if it.term], "region",
                                                           words_of)

    levels = [it.term.value for it in by_cat.get("classification", []) if it.term]
    classification = max(levels, key=CLASSIFICATIONS.index) if levels else None
    notes = static_apps(items, g)
    lists: dict[int, list[str]] = {}
    names = component_names(items, g, reserved_ids(registry), french_participles(text), lists)
    drop_weak(items, g, names)
    assembler = Assembler(items, g, names, lists)
    components = assembler.run()
    notes.extend(assembler.notes)
    ids = component_ids(components, registry)
    refuse_named_sizes(items, assembler, components, registry, chosen_cloud, env)
    components, size_notes = apply_sizes(sizes, items, assembler, components, ids, registry, chosen_cloud, env)
    notes.extend(size_notes)
    notes.extend(availability(items, env))
    notes.extend(where_and_how(items, assembler, components, component_ids(components, registry), registry,
                               chosen_cloud, g))
    notes.extend(schedule_time(items, components, zones, registry, chosen_cloud))
    connections, link_notes = read_links(items, assembler, registry, g, component_ids(components, registry))
    notes.extend(link_notes)
    counts = [(d.count, d.counted, d.names) for d in assembler.drafts]
    components, connections, count_notes = multiply(components, counts, connections, registry)
    notes.extend(count_notes)
    notes.extend(_one_backend(components, connections, registry))
    excluded = _excluded(items, components)
    for kind, phrase in excluded.items():
        notes.append(note(f"without-{kind}", f"No {kind.replace('_', ' ')}",
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
    notes.extend(dns.decisions(components, registry, chosen_cloud))
    used.extend(dns.used)
    tag_values = _tag_values(tags, owner, cost_center, notes)
    notes.extend(_extra_tags_note(listed.extra))
    if project is None:
        project = derive_project(components)
        defaults.append(default_decision("project", project, "derived from the request"))
    try:
        spec = Spec(
            project=project,
            cloud=chosen_cloud,
            environment=env,  # type: ignore[arg-type]  # checked against KNOWN_ENVIRONMENTS above
            region=chosen_region,
            components=components,
            data_classification=classification or "internal",  # type: ignore[arg-type]  # from the vocabulary
            owner=tag_values.get("owner"),
            cost_center=tag_values.get("cost_center"),
            connections=connections,
            tags={key: value for key, (value, _phrase) in listed.extra.items()},
            domain_name=dns.domain,
            dns_zone=dns.zone,
        )
    except ValueError as exc:
        raise SpecError(first_validation_error(exc)) from exc
    unique: list[Decision] = []  # one note per reading, the first kept
    for n in notes:
        if all(u.id != n.id for u in unique):
            unique.append(n)
    return ParseResult(spec=spec, used=used, unused=unused, defaults=defaults, notes=unique, excluded=excluded)


def _one_backend(components: list[ComponentRequest], connections: list[Any] | None,
                 registry: Registry) -> list[Decision]:
    """'an API Gateway in front of two Lambda functions': an HTTP API calls one backend, the first function when no
    link says which; a decision names the functions left behind no API."""
    ids = component_ids(components, registry)
    functions = [cid for cid, c in zip(ids, components, strict=True) if c.kind == "function"]
    apis = [c for c in components if c.kind == "http_api"]
    if len(apis) != 1 or len(functions) < 2 or any(c.kind == "web_app" for c in components) \
            or any(conn.access == "invoke" for conn in connections or []):
        return []
    left = ", ".join(functions[1:])
    return [note("api-backend", f"The API calls {functions[0]}; {left} behind no API",
                 f"An HTTP API calls one backend: with no link saying which, it calls the first function "
                 f"({functions[0]}); {left} {'is' if len(functions) == 2 else 'are'} deployed but reached by no "
                 "API.", " ".join(apis[0].words),
                 [f"say which function the API calls (an API that invokes {functions[-1]})",
                  "one API per function (a spec with an http_api for each)"])]


def _a(word: str) -> str:
    """'an aws', 'a gcp': the word with its indefinite article."""
    return f"{'an' if word[:1] in tuple('aeiou') else 'a'} {word}"


def _overridden(key: str, option: str | None, mentions: list[Item], defaults: list[Decision]) -> None:
    """A decision when the command line's ``option`` replaces the one value the request states for ``key``."""
    said = {it.term.value for it in mentions if it.term is not None}
    if option is not None and len(said) == 1 and option not in said:
        defaults.append(override_decision(key, option, said.pop(), "the request"))


def _other_cloud_regions(mentions: list[Item], cloud: str, option: str | None) -> None:
    """A region word that names a region of another cloud only is refused, never dropped."""
    ours = {tuple(w.text for w in it.words) for it in mentions if it.term and it.term.cloud == cloud}
    for it in mentions:
        key = tuple(w.text for w in it.words)
        if it.term is not None and it.term.cloud != cloud and key not in ours and option is None:
            raise SpecError(another_clouds_region(it.text, it.term, cloud))


def another_clouds_region(said: str, term: Term, cloud: str) -> str:
    """Why ``said``, which names ``term``, a region of another cloud, is refused on ``cloud``."""
    return (f"'{said}' is {_a(term.cloud)} region ({term.value}), and this stack is on {cloud}: name {_a(cloud)} "
            "region or pass --region")


def nearest_regions(given: str, regions: Iterable[str]) -> list[str]:
    """The three region codes nearest ``given`` (edit distance, then name), for a refusal's hint."""
    return sorted(regions, key=lambda r: (edit_distance(given, r, 9), r))[:3]


def _excluded(items: list[Item], components: list[ComponentRequest]) -> dict[str, str]:
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
            notes.append(note(f"tag-{name.replace('_', '-')}", f"{tag} tag {value} from the request",
                               f"The request says '{phrase}': every taggable resource carries {tag}={value}.",
                               phrase, [f"pass --{name.replace('_', '-')}", f"set {name} in the policy iacf.toml"]))
    return values


def _listed_readings(tags: dict[str, tuple[str, str]],
                     listed: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The owner and cost center of the request's words and of its tag lists ("tags: owner=payments"), which must
    agree."""
    merged = dict(tags)
    for name, (value, phrase) in listed.items():
        said = merged.setdefault(name, (value, phrase))
        if said[0] != value:
            label = "owners" if name == "owner" else "cost centers"
            raise SpecError(f"the request names several {label}: {', '.join(sorted((said[0], value)))}; keep one")
    return merged


def _extra_tags_note(extra: dict[str, tuple[str, str]]) -> list[Decision]:
    """The decision recording the extra tags of the request's tag lists."""
    if not extra:
        return []
    pairs = ", ".join(f"{key}={value}" for key, (value, _phrase) in extra.items())
    phrases = " / ".join(dict.fromkeys(phrase for _value, phrase in extra.values()))
    return [note("tags", f"Tags {pairs} from the request",
                 f"The request says '{phrases}': every taggable resource carries {pairs}, besides the mandatory "
                 "tags.", phrases, ["give the tags in a spec file's tags", "set them in the policy iacf.toml"])]


def derive_project(components: list[ComponentRequest]) -> str:
    first = components[0]
    label = first.params.get("framework") or first.params.get("engine") or first.kind.replace("_", "-")
    return slugify(f"{label}-app" if "framework" in first.params else str(label))
