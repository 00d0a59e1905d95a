"""The DNS name a request states for its internet-facing entry points ("custom domain shop.example.com", "domain:
app.example.com", "served at https://app.example.com", "nom de domaine boutique.example.fr", or a bare
"www.example.com") and the Route 53 hosted zone that holds it ("hosted zone Z0123456789ABCDEFGHIJ", "zone DNS
Z0123…"): the Spec's ``domain_name`` and ``dns_zone``, as a spec file sets them.

The word reader would split or drop what makes a name (dots, a URL's scheme), so names are read from the text as
written, then taken out of it (like tag lists), so that no word of one is read again as something else. A name
after a domain word is meant as one: it must pass the Spec's rule (lower-cased first) or the request is refused.
A bare name is read only when nothing else explains it: a word of the vocabulary ("Node.js", "ASP.NET"), a file
name ("app.py", "requirements.txt"), a version ("16.4"), an e-mail address, a URL with a path, or a sentence run
on without a space ("app.It uses") and a component's name ("a bucket named assets.example.com") are left to the
word reader. Each reading is a decision; two different names or zones, a name or zone for a stack with no
internet-facing entry point, and a zone on a cloud that takes none are refused in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pydantic import ValidationError

from ..kernel.errors import SpecError, first_validation_error
from ..kernel.models import ComponentRequest, Decision, Spec
from ..kernel.registry import Registry
from ..kernel.text import normalize, words
from .grammar import grammar
from .params import data_file
from .readings import note

# The patterns are texts, compiled on first use (re's own cache): a request with no dot, URL or zone, the most
# common, compiles none of them. _STATED, _WORDS, _URL, _ZONE and _QUALIFIED are matched ignoring case.
# the words that name a domain (English, French), and the verbs that say where something is served
_NAMING = (r"(?:custom|own|personal)\s+domain(?:\s+name)?|domain(?:\s+name)?|dns\s+name|host\s*name|fqdn"
           r"|(?:nom\s+de\s+)?domaine(?:\s+personnalis[ée]e?)?")
_SERVING = (r"(?:served|hosted|reachable|available|accessible|published|exposed|live)\s+(?:at|on|under)"
            r"|(?:servie?s?|h[ée]berg[ée]e?s?|accessibles?|disponibles?|publi[ée]e?s?|expos[ée]e?s?)\s+(?:sur|[àa]|sous)")
_STATED = rf"(?<![\w.@/-])(?:({_NAMING})|{_SERVING})(?:\s*[:=]\s*|\s+)[\"'«“]?\s*([^\s,;!?\"'»”)]+)"
# the domain words alone ("… with example.com as the custom domain"): they name the domain read elsewhere
_WORDS = rf"(?<![\w.@/-])(?:{_NAMING})(?![\w@/-]|\.\w)"
# "a bucket named assets.example.com": a component's name, not the domain
_NAMED = frozenset({"named", "called", "nomme", "nommee", "nommes", "nommees", "appele", "appelee", "appeles",
                    "appelees"})
_QUOTES = str.maketrans("", "", "\"'«“»”")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# a dotted word standing alone: no e-mail address, URL, path or port around it; a sentence's final dot is no part
_BARE = rf"(?<![\w.@/:-])({_LABEL}(?:\.{_LABEL})+)(?![\w@/:-]|\.\w)"
_URL = r"(?<![\w.@/-])(https?)://([^\s/?#,;\"'»)]+)(/[^\s,;\"'»)]*)?"
# "hosted zone X", "Route 53 zone X", "zone DNS X", "zone hébergée X": X is the zone when it has a digit; a bare
# "zone X" only when X has a Route 53 zone ID's shape (so "time zone UTC" or "availability zone a" are not)
_ZONE = (r"(?<![\w.@/-])((?:(?:route\s*53|r53|public|dns)\s+)?(?:hosted\s+)?zone"
         r"(?:\s+(?:h[ée]berg[ée]e|dns|route\s*53|publique))?(?:\s+id)?)\s*[:=]?\s*([A-Za-z0-9]+)"
         r"(?![\w@/:-]|\.\w)")
_QUALIFIED = r"hosted|route|r53|dns|h[ée]berg"
_ROUTE53_SHAPE = r"Z(?=[A-Z]*[0-9])[A-Z0-9]{9,31}"

# top-level domains a bare name may end with: two letters (country codes) but for common file extensions, and
# the common generic ones (a file extension of three letters or more is none of them)
_FILE_EXTENSIONS = frozenset({"py", "js", "ts", "rb", "go", "rs", "sh", "md", "tf", "cs", "db", "gz", "xz", "so",
                              "kt", "hs", "ex", "jl", "ps", "vb", "fs"})
_GENERIC = frozenset({
    "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "app", "dev", "cloud", "tech", "online",
    "site", "website", "store", "shop", "blog", "page", "news", "media", "live", "world", "global", "group",
    "company", "services", "solutions", "systems", "digital", "agency", "studio", "network", "host", "xyz", "pro",
    "name", "mobi", "asia", "paris", "bzh", "alsace", "corsica", "eus", "berlin", "london", "nyc", "swiss",
    "africa", "tools", "software", "codes", "design", "health", "bank", "insurance", "finance", "money", "email",
    "team", "works", "zone", "today", "space", "fun", "club", "one", "plus", "inc", "ltd", "llc", "gmbh"})


@dataclass
class Stated:
    """What the request states of its DNS: the name and the zone, each with the phrases that say it (for the
    decisions); ``text`` is the request without them, ``used`` their words (normalised, stop words out)."""

    text: str
    domain: str | None = None
    zone: str | None = None
    phrases: dict[str, list[str]] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)

    def decisions(self, components: list[ComponentRequest], registry: Registry, cloud: str) -> list[Decision]:
        """The decisions recording the readings; refused when no component the request asks for is an
        internet-facing entry point (nothing would serve the name), or a zone on a cloud that takes none."""
        if self.domain is None and self.zone is None:
            return []
        if self.zone is not None and not _takes_zone(registry, cloud):
            raise SpecError(f"'{' / '.join(self.phrases['zone'])}' names a Route 53 hosted zone, and {cloud} takes "
                            "none (its policy has no dns_zone): leave it out")
        said = " / ".join(p for key in ("domain", "zone") for p in self.phrases.get(key, []))
        kinds = _entry_points()
        if not any(c.kind in kinds and c.params.get("internet_facing") is not False for c in components):
            what = "a domain" if self.domain is not None else "a hosted zone"
            raise SpecError(f"'{said}' states {what}, and nothing the request asks for is reached from the internet "
                            f"({', '.join(k.replace('_', ' ') for k in kinds)}): leave it out, or ask for an "
                            "internet-facing entry point")
        readings = (
            ("domain", "domain", f"Domain {self.domain} from the request",
             f"{self.domain} is the spec's domain_name, the DNS name the internet-facing entry points serve: the "
             "subject of their certificate and the host name their DNS record gives, instead of a placeholder to "
             "replace before the first apply.",
             ["give domain_name in a spec file",
              "leave it out: a placeholder domain (or the cloud's own host name) to replace"]),
            ("zone", "dns-zone", f"Hosted zone {self.zone} from the request",
             f"{self.zone} is the spec's dns_zone, the public Route 53 hosted zone holding the domain, where "
             "Terraform creates the certificate validation and alias records (HTTPS from the first apply).",
             ["give dns_zone in a spec file",
              "leave it out: the DNS records are created by hand (two-step first deployment)"]),
        )
        notes: list[Decision] = []
        for what, ident, title, meaning, alternatives in readings:
            if what in self.phrases:  # read: its value is set
                phrase = " / ".join(self.phrases[what])
                notes.append(note(ident, title, f"The request says '{phrase}': {meaning}", phrase, alternatives))
        return notes


@cache
def _entry_points() -> tuple[str, ...]:
    """The kinds reached from the internet unless told otherwise (core's ``data/vocabulary.yaml``, asks)."""
    return tuple(data_file("vocabulary.yaml")["asks"]["entry_points"])


def _takes_zone(registry: Registry, cloud: str) -> bool:
    """Whether ``cloud`` validates certificates in a hosted zone it is given: its policy section (``[aws]``) has a
    ``dns_zone``, which the spec's wins over."""
    return any(s.cloud == cloud and "dns_zone" in s.model.model_fields for s in registry.policy_sections.values())


def _spec_rule(name: str, value: str) -> str | None:
    """Why the Spec refuses ``value`` for its field ``name`` (its own validator, one line); None when it takes it."""
    try:
        Spec.model_validate({"project": "sample", "cloud": "sample", "components": [{"kind": "sample"}],
                             name: value})
    except ValidationError as exc:
        return first_validation_error(exc)
    return None


def _vocabulary_words(registry: Registry) -> frozenset[str]:
    """The words of the registry's phrases that hold a dot ("node.js", "asp.net"): never read as a bare name."""
    return frozenset(w for key in registry.terms for w in key if "." in w)


def _bare_name(name: str, known: frozenset[str], any_top: bool = False) -> bool:
    """Whether ``name``, a dotted word, is a host name rather than something else a request says: its top-level
    domain one of the known ones (``any_top``: any, but for a file extension)."""
    top = name.rsplit(".", 1)[-1]
    if re.fullmatch(_BARE, name) is None or name.lower() in known or not top.isalpha() or not 2 <= len(top) <= 63:
        return False  # "Node.js", "16.4", "python3.12", "a_b.com"
    if top[0].isupper() and not name.isupper():
        return False  # "app.It uses", "Socket.IO": a sentence run on, a product's name
    low = top.lower()
    return low not in _FILE_EXTENSIONS if len(low) == 2 or any_top else low in _GENERIC


def _url_host(url: re.Match[str], phrase: str) -> str:
    """The host of a URL said to be the domain; refused when the URL says more (a path, a port, a user)."""
    host, path = url.group(2), url.group(3) or ""
    if path not in ("", "/") or ":" in host or "@" in host:
        raise SpecError(f"'{phrase}': the domain is a host name alone, and the URL says more (a path, a port or a "
                        f"user): give the host name ({host.split('@')[-1].split(':')[0]})")
    return host


def _said(value: str, naming: bool, known: frozenset[str], phrase: str) -> str | None:
    """The domain ``value`` is, said after a domain word (``naming``: it must be one) or after a verb such as
    "served at" (only when it looks like a host name or a URL of a host); None when it is no name."""
    url = re.fullmatch(_URL, value, re.IGNORECASE)
    if url is None and ("." not in value if naming else not _bare_name(value, known, any_top=True)):
        return None  # "the payments domain, …", "hosted on Node.js", "available at 9.30"
    if url is not None and not naming and (url.group(3) or "/") != "/":
        return None  # "source hosted at https://github.com/…": a URL with a path, not where the stack is served
    name = (_url_host(url, phrase) if url is not None else value).lower()
    reason = _spec_rule("domain_name", name)
    if reason is not None:
        raise SpecError(f"'{phrase}' names no valid DNS name: {reason}")
    return name


def read_domains(text: str, registry: Registry) -> Stated:
    """Read and take out the domain names and hosted zones ``text`` states (see the module's docstring); refuse an
    invalid one, or two different ones."""
    spans: list[tuple[int, int, str, str]] = []  # start, end, what ("domain" or "zone"), value

    def taken(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _, _ in spans)

    if "." not in text and "://" not in text and "zone" not in text.lower():
        return Stated(text)  # no name, URL or zone to read: the patterns are not even compiled
    for found in re.finditer(_ZONE, text, re.IGNORECASE):
        value, qualified = found.group(2), bool(re.search(_QUALIFIED, found.group(1), re.IGNORECASE))
        if not (qualified and any(ch.isdigit() for ch in value)) and not re.fullmatch(_ROUTE53_SHAPE, value):
            continue
        reason = _spec_rule("dns_zone", value.upper())
        if reason is not None:
            raise SpecError(f"'{_phrase(text, found.start(), found.end())}' names no Route 53 hosted zone: {reason}")
        spans.append((found.start(), found.end(), "zone", value.upper()))
    known = _vocabulary_words(registry)
    for found in re.finditer(_STATED, text, re.IGNORECASE):
        value = found.group(2).rstrip(".")  # a sentence's end
        end = found.start(2) + len(value)
        name = None if taken(found.start(), end) else _said(value, bool(found.group(1)), known,
                                                            _phrase(text, found.start(), end))
        if name is not None:
            spans.append((found.start(), end, "domain", name))
    # a URL alone is the domain only when it is a host and nothing more
    for found in re.finditer(_URL, text, re.IGNORECASE):
        host = found.group(2).rstrip(".")
        end = found.start(2) + len(host) if found.group(3) is None else found.end()
        if not taken(found.start(), end) and (found.group(3) or "/") == "/" and re.fullmatch(_BARE, host) \
                and _spec_rule("domain_name", host.lower()) is None:
            spans.append((found.start(), end, "domain", host.lower()))
    for found in re.finditer(_BARE, text):
        name, before = found.group(1), text[: found.start()].split()[-1:]
        if not taken(found.start(), found.end()) and _bare_name(name, known) \
                and not (before and normalize(before[0]) in _NAMED) and _spec_rule("domain_name", name.lower()) is None:
            spans.append((found.start(), found.end(), "domain", name.lower()))
    return _stated(text, sorted(spans))


def _stated(text: str, spans: list[tuple[int, int, str, str]]) -> Stated:
    """The readings of ``spans`` (sorted): one name and one zone at most; the text without them."""
    stated = Stated(text)
    if not spans:
        return stated
    values: dict[str, dict[str, list[str]]] = {"domain": {}, "zone": {}}
    for start, end, what, value in spans:
        values[what].setdefault(value, []).append(_phrase(text, start, end))
    for what, label, fix in (("domain", "domains", "give one domain_name; a spec file sets one per project"),
                             ("zone", "hosted zones", "give one dns_zone; a spec file sets one per project")):
        if len(values[what]) > 1:
            raise SpecError(f"the request names several {label}: {', '.join(values[what])}; {fix}")
        for value, phrases in values[what].items():
            setattr(stated, what, value)
            stated.phrases[what] = list(dict.fromkeys(phrases))
    kept, at = [], 0
    for start, end, _, _ in spans:
        kept.append(text[at:start])
        at = end
    rest = " ".join([*kept, text[at:]])
    if stated.domain is not None:  # "… with example.com as the custom domain": the words name it
        extra = list(re.finditer(_WORDS, rest, re.IGNORECASE))
        stated.phrases["domain"].extend(_phrase(rest, m.start(), m.end()) for m in extra)
        rest = re.sub(_WORDS, " ", rest, flags=re.IGNORECASE)
    stated.text = rest
    stop = grammar().stop
    stated.used = [w.text for phrases in stated.phrases.values() for p in phrases for w in words(p)
                   if w.text not in stop]
    return stated


def _phrase(text: str, start: int, end: int) -> str:
    """The words of ``text[start:end]`` as written, quotes out (for messages and decisions)."""
    return " ".join(text[start:end].translate(_QUOTES).split())
