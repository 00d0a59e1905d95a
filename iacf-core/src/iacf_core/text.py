"""Text helpers: normalisation shared by the request parser and the vocabulary registry, and the naming of
components in generated prose."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9#+][a-z0-9#+._/-]*")


def normalize(text: str) -> str:
    """Lowercase, strip accents, turn typographic apostrophes and quotes into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("’", "'").replace("'", " ").replace("`", " ")
    return ascii_text.lower()


def tokens(normalized: str) -> list[str]:
    """Split normalised text into words; a trailing dot or dash (end of sentence) is dropped."""
    found = []
    for match in _TOKEN.finditer(normalized):
        word = match.group(0).rstrip(".-/_")
        if word:
            found.append(word)
    return found


def named(noun: str, ident: str) -> str:
    """``noun ident`` ("SQS queue orders"), or ``noun`` alone when it already ends with the identifier's words
    ("SQS queue" for the component ``queue``): generated prose never doubles a word."""
    words = ident.replace("_", " ").replace("-", " ").lower().split()
    tail = noun.lower().split()[-len(words):] if words else []
    return noun if words and tail == words else f"{noun} {ident}"
