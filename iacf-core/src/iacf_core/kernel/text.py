"""Text helpers: normalisation shared by the request parser and the vocabulary registry, and the naming of
components in generated prose."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# a word: Latin letters (accents folded), digits and the signs of names ("c#", "node.js"); or a run of letters of
# another script, so that a word in Cyrillic or Chinese is read (and reported when not understood), never dropped
_TOKEN = re.compile(r"[a-z0-9#+@][a-z0-9#+@._/-]*|[^\W\x00-\x7f]+")
# what ends a clause: punctuation between words (a dot only when it ends a word, so "node.js" stays one;
# brackets do not: "worker (Lambda)" is one noun phrase)
_BREAK = re.compile(r"[,;:!?]|\.(?:\s|$)")


_ASCII_QUOTES = str.maketrans("'`", "  ")
# letters NFKD does not decompose, which dropping the accents would lose: spelt out ("cœur" → "coeur"); × is an x
SPELT = {"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "×": "x"}


def _fold(text: str) -> tuple[str, list[int]]:
    """Strip accents and quotes, keep the case; with, for each character, its index in ``text``."""
    if text.isascii():  # nothing to decompose: only the quotes change, one character for one
        return text.translate(_ASCII_QUOTES), list(range(len(text)))
    return _fold_unicode(text)


def _fold_unicode(text: str) -> tuple[str, list[int]]:
    """:func:`_fold` for any text: each character decomposed (NFKD), its combining marks dropped, the letters of
    :data:`SPELT` spelt out."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char in "'`’‘":
            out.append(" ")
            where.append(index)
            continue
        for part in unicodedata.normalize("NFKD", SPELT.get(char, char)):
            if not unicodedata.combining(part):
                out.append(part)
                where.append(index)
    return "".join(out), where


def normalize(text: str) -> str:
    """Lowercase, strip accents, turn typographic apostrophes and quotes into spaces."""
    if text.isascii():
        return text.translate(_ASCII_QUOTES).lower()
    return _fold(text)[0].lower()


def tokens(normalized: str) -> list[str]:
    """Split normalised text into words; a trailing dot or dash (end of sentence) is dropped."""
    return [word for word in (match.rstrip(".-/_") for match in _TOKEN.findall(normalized)) if word]


@dataclass(frozen=True)
class Word:
    """A word of a request: normalised, as written (accents stripped, case kept), and its clause number
    (commas, semicolons, colons, brackets and sentence ends separate clauses)."""

    text: str
    original: str
    clause: int


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, each with the clause it belongs to."""
    folded, _ = _fold(text)
    lowered = folded.lower()  # ASCII lowercasing keeps positions, so spans index both strings
    found: list[Word] = []
    clause, last = 0, 0
    for match in _TOKEN.finditer(lowered):
        if _BREAK.search(lowered[last : match.start()]):
            clause += 1
        raw = match.group(0)
        word = raw.rstrip(".-/_")
        last = match.start() + len(word)
        if word:
            found.append(Word(word, folded[match.start() : match.start() + len(word)], clause))
    return found


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: one transposition of neighbours counts 1).

    Stops early: any distance above ``limit`` is returned as ``limit + 1``.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


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


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """``"did you mean 'x'? "`` for the choice nearest ``value`` (a string; difflib's ratio 0.6 or more), else ``""``:
    the hint of every "unknown name" message (a component, a kind, a parameter or its value)."""
    import difflib

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6) if isinstance(value, str) else []
    return f"did you mean {close[0]!r}? " if close else ""


def named(noun: str, ident: str) -> str:
    """``noun ident`` ("SQS queue orders"), or ``noun`` alone when it already ends with the identifier's words
    ("SQS queue" for the component ``queue``): generated prose never doubles a word."""
    words = ident.replace("_", " ").replace("-", " ").lower().split()
    tail = noun.lower().split()[-len(words):] if words else []
    return noun if words and tail == words else f"{noun} {ident}"
