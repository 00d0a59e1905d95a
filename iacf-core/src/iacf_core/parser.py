"""Deterministic request parser: free text (French or English) → :class:`Spec`.

The vocabulary comes from the plugins (``iacf_register_vocabulary``). Matching is accent- and
case-insensitive, longest phrase first. Every word is either used or reported as not understood; nothing is
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import SpecError, first_validation_error
from .models import CLASSIFICATIONS, ComponentRequest, Spec, slugify
from .registry import Registry, Term
from .text import normalize, tokens

KNOWN_ENVIRONMENTS = ("dev", "staging", "prod")


@dataclass
class ParseResult:
    """A parsed request: the Spec, the words used, the words not understood, and the defaults applied."""

    spec: Spec
    used: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)


@dataclass
class _Mention:
    term: Term
    words: list[str]


def _index(registry: Registry) -> tuple[dict[tuple[str, ...], list[Term]], int]:
    index: dict[tuple[str, ...], list[Term]] = {}
    for term in registry.terms.values():
        index.setdefault(term.key, []).append(term)
    longest = max((len(k) for k in index), default=1)
    return index, longest


def _scan(words: list[str], registry: Registry) -> tuple[list[_Mention], list[str], list[str]]:
    """Greedy longest match. Returns (mentions, used words, unused words)."""
    index, longest = _index(registry)
    mentions: list[_Mention] = []
    used: list[str] = []
    unused: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + size])
            if key in index:
                phrase = list(key)
                for term in sorted(index[key], key=lambda t: (t.category, t.cloud, t.value)):
                    if term.category != "filler":
                        mentions.append(_Mention(term, phrase))
                used.extend(phrase)
                i += size
                break
        else:
            # "<name> cloud" names a cloud even when no plugin knows it ("on Oracle Cloud")
            if i + 1 < len(words) and words[i + 1] == "cloud" and words[i].isalpha():
                mentions.append(_Mention(Term(f"{words[i]} cloud", "cloud", words[i]), words[i : i + 2]))
                used.extend(words[i : i + 2])
                i += 2
                continue
            unused.append(words[i])
            i += 1
    return mentions, used, unused


def _one(values: list[str], what: str, words: dict[str, list[str]]) -> str | None:
    distinct = sorted(set(values))
    if len(distinct) > 1:
        detail = ", ".join(f"{v} ({' '.join(words[v])})" for v in distinct)
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
) -> ParseResult:
    """Parse ``text``; explicit options override what the text says."""
    words = tokens(normalize(text or ""))
    if not words:
        raise SpecError(
            'the request is empty: describe what to deploy, e.g. "Django app with PostgreSQL in prod on AWS"'
        )
    mentions, used, unused = _scan(words, registry)
    by_cat: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_cat.setdefault(m.term.category, []).append(m)
    words_of: dict[str, list[str]] = {}
    for m in mentions:
        words_of.setdefault(m.term.value, m.words)

    defaults: list[str] = []
    named_cloud = _one([m.term.value for m in by_cat.get("cloud", [])], "cloud", words_of)
    if cloud is not None:
        chosen_cloud, _ = choose_cloud(cloud, registry, how="--cloud names")
    else:
        chosen_cloud, defaulted = choose_cloud(named_cloud, registry)
        if defaulted:
            defaults.append(f"cloud: {chosen_cloud} (the only cloud plugin installed)")

    env = environment
    if env is None:
        env = _one([m.term.value for m in by_cat.get("environment", [])], "environment", words_of)
        if env is None:
            env = "dev"
            defaults.append("environment: dev (none named; the cheapest, with no deletion protection)")
    if env not in KNOWN_ENVIRONMENTS:
        raise SpecError(f"unknown environment {env!r}; use one of: {', '.join(KNOWN_ENVIRONMENTS)}")

    chosen_region = region
    if chosen_region is None:
        regional = [m for m in by_cat.get("region", []) if m.term.cloud == chosen_cloud]
        chosen_region = _one([m.term.value for m in regional], "region", words_of)
        for m in by_cat.get("region", []):
            if m.term.cloud != chosen_cloud and not any(r.words == m.words for r in regional):
                unused.extend(m.words)

    levels = [m.term.value for m in by_cat.get("classification", [])]
    classification = max(levels, key=CLASSIFICATIONS.index) if levels else None
    components = _components(by_cat.get("component", []), registry)
    if not components:
        understood = sorted({w for w in used})
        hint = f"; not understood: {' '.join(unused)}" if unused else ""
        known = ", ".join(registry.kinds_for(chosen_cloud)) or "none"
        raise SpecError(
            "the request names no component to deploy"
            + (f" (understood: {' '.join(understood)})" if understood else "")
            + hint
            + f"; {chosen_cloud} can generate: {known}"
        )
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
        )
    except ValueError as exc:
        raise SpecError(first_validation_error(exc)) from exc
    return ParseResult(spec=spec, used=used, unused=unused, defaults=defaults)


def _components(mentions: list[_Mention], registry: Registry) -> list[ComponentRequest]:
    """Turn component mentions into requests; mentions of one kind merge unless their params conflict."""
    found: list[ComponentRequest] = []
    for mention in mentions:
        params: dict[str, Any] = dict(mention.term.params)
        target = None
        for comp in reversed(found):
            if comp.kind != mention.term.value:
                continue
            if all(comp.params.get(k, v) == v for k, v in params.items()):
                target = comp
            break
        if target is None:
            found.append(ComponentRequest(kind=mention.term.value, params=params, words=list(mention.words)))
        else:
            target.params.update(params)
            target.words.extend(mention.words)
    return found


def derive_project(components: list[ComponentRequest]) -> str:
    first = components[0]
    label = first.params.get("framework") or first.params.get("engine") or first.kind.replace("_", "-")
    return slugify(f"{label}-app" if "framework" in first.params else str(label))
