"""Tag lists of a request: "tags: team=payments, app=shop", "tag team=payments and app=shop", "labels env: blue",
"étiquettes équipe=paiements et app=boutique".

A list opens with a tag word (tags, tag, labels, label, étiquettes, étiquette), then one ``key=value`` (or
``key: value``) pair, then more pairs joined by a comma, "and", "et" or "&"; it ends at the first word that is no
such pair. The list is read from the text as written (the word reader splits "team=payments" into two words), then
taken out of it, so that none of its words is read again as something else ("team payments" as the owner, "app"
as a web application). Owner and CostCenter pairs are the request's owner and cost center; another tag iacf writes
itself (Project, Environment...) is refused, as is a key or value no cloud accepts, or one key given two values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..kernel.errors import SpecError
from ..kernel.policy import check_extra_tag_key, check_tag_value

_OPENER = re.compile(r"(?<![\w=:/.@+-])(?:tags?|labels?|[eé]tiquettes?)\b\s*:?\s*", re.IGNORECASE)
_PAIR = re.compile(r"([^\W_][\w.+@/-]*)\s*[=:]\s*([^\s,;=:][^\s,;]*)")
_JOIN = re.compile(r"\s*(?:,\s*(?:(?:and|et)\s+)?|&\s*|\s(?:and|et)\s+)", re.IGNORECASE)
# the mandatory tags a request states by other words too ("owner team-x", "cost center cc-1"): the Spec fields
_READINGS = {"owner": "owner", "costcenter": "cost_center"}


@dataclass
class TagList:
    """What the request's tag lists state: the extra tags, and the owner or cost center they name, each
    ``key → (value, phrase)`` (the phrase as written, for the decision); ``text`` is the request without them."""

    text: str
    extra: dict[str, tuple[str, str]] = field(default_factory=dict)
    readings: dict[str, tuple[str, str]] = field(default_factory=dict)


def tag_lists(text: str) -> TagList:
    """Read and take out every tag list of ``text`` (see the module's docstring); refuse what no stack can carry."""
    found = TagList(text)
    kept: list[str] = []
    start = 0
    for opener in _OPENER.finditer(text):
        if opener.start() < start:
            continue  # inside a list already read
        pairs, end = _pairs(text, opener.end())
        if not pairs:
            continue
        phrase = " ".join(text[opener.start():end].split())
        for key, value in pairs:
            _add(found, key, value, phrase)
        kept.append(text[start:opener.start()])
        start = end
    if kept:
        found.text = " ".join([*kept, text[start:]])
    return found


def _pairs(text: str, at: int) -> tuple[list[tuple[str, str]], int]:
    """The ``key=value`` pairs from ``at`` on, joined by commas or "and", and where the last one ends."""
    pairs: list[tuple[str, str]] = []
    end = at
    while (pair := _PAIR.match(text, at)) is not None:
        value = pair.group(2).rstrip(".")  # "app=shop." ends a sentence
        if not value:
            break
        end = pair.start(2) + len(value)
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]  # app="shop"
        pairs.append((pair.group(1), value))
        join = _JOIN.match(text, end)
        if join is None:
            break
        at = join.end()
    return pairs, end


def _add(found: TagList, key: str, value: str, phrase: str) -> None:
    where = f"the request's tag {key}={value} ('{phrase}')"
    plain = re.sub(r"[^a-z0-9]", "", key.lower())
    target = found.readings if plain in _READINGS else found.extra
    name = _READINGS.get(plain, key)
    try:
        if plain not in _READINGS:
            check_extra_tag_key(key)
        check_tag_value(value)
    except ValueError as exc:
        raise SpecError(f"{where}: {exc}") from None
    given = target.get(name)
    if given is not None and given[0] != value:
        raise SpecError(f"the request gives tag {key} two values, {given[0]} and {value}; keep one")
    target[name] = (value, phrase)
