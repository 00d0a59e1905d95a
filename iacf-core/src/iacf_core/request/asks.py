"""What a request asks of how its components are reached and run, besides what they are: "private only", "an
internal API", "not exposed to the internet", "un bucket S3 public", "accessible only from our office IP",
"highly available" (the phrases are core's ``data/vocabulary.yaml``, section ``asks``).

Each ask is honoured where the stack is so already (a database is private; prod runs over several availability
zones) or where a parameter of the kind makes it so (``internet_facing: false``), and a decision says so; it is
refused otherwise, naming the words and what to do instead. An ask is never dropped: words of one that qualify no
component ("an internal tool") are listed as not used.

An ask is said of the component beside it ("an internal API", "un bucket S3 public"), else of the nearest one
before it in its clause ("a database with no public access"), else, said in a clause of its own ("…, private only,
…"), of the whole stack.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..kernel.errors import SpecError
from ..kernel.models import ComponentRequest, Decision
from ..kernel.registry import Registry
from .grammar import Grammar, Item, neighbour
from .params import data_file
from .readings import Assembler, Draft, note

ADDRESS = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?")  # an IP address or range ("203.0.113.0/24")
ENVIRONMENTS_OVER_ZONES = ("prod",)  # the environment every cloud generates over several availability zones


@cache
def _asks() -> dict[str, Any]:
    return dict(data_file("vocabulary.yaml")["asks"])


def _negation(items: list[Item], at: int) -> int | None:
    """The negation right before the unit at ``at`` ("no need for high availability", "sans haute disponibilité")."""
    j = at - 1
    while j >= 0 and items[j].role == "stop" and items[j].clause == items[at].clause:
        j -= 1
    return j if j >= 0 and items[j].role == "negation" and items[j].clause == items[at].clause else None


def availability_asked(items: list[Item]) -> str | None:
    """The words asking for high availability ("highly available", "multi-AZ"), none negated; None when none."""
    said = [it.text for at, it in enumerate(items) if it.role == "availability" and _negation(items, at) is None]
    return said[0] if said else None


def availability(items: list[Item], environment: str) -> list[Decision]:
    """Honour "highly available" in prod (which runs over several availability zones) and "without high
    availability" elsewhere; refuse either where the environment is not so (a dev or staging stack runs its
    database and network in one zone, and no parameter changes that)."""
    notes: list[Decision] = []
    for at, it in enumerate(items):
        if it.role != "availability":
            continue
        negation = _negation(items, at)
        said = " ".join(x.text for x in items[negation if negation is not None else at : at + 1])
        over_zones = environment in ENVIRONMENTS_OVER_ZONES
        if (negation is None) != over_zones:
            how = ("over several availability zones (prod is highly available); ask for dev or staging" if over_zones
                   else "in one availability zone (one database instance, one NAT gateway); high availability is "
                        "what prod generates: ask for prod (in the request or --env prod)")
            raise SpecError(f"'{said}': {environment} is generated {how}")
        for j in (at, negation):
            if j is not None:
                items[j].used = True
        if over_zones:
            notes.append(note("high-availability", f"'{said}': prod runs over several availability zones",
                              "prod is generated highly available: the database with a standby in another zone, a "
                              "NAT gateway and copies of each application in every zone (each cloud's decisions say "
                              "how).", said, ["dev or staging: one zone, at a lower cost"]))
    return notes


def where_and_how(items: list[Item], assembler: Assembler, components: list[ComponentRequest], ids: list[str],
                  registry: Registry, cloud: str, g: Grammar) -> list[Decision]:
    """Check where the request's apps are asked to run (:func:`apps_on_clusters`) and apply how its components are
    asked to be reached (:func:`exposure`)."""
    apps_on_clusters(items, assembler, registry, cloud, g)
    return exposure(items, assembler, components, ids, registry, cloud, g)


def exposure(items: list[Item], assembler: Assembler, components: list[ComponentRequest], ids: list[str],
             registry: Registry, cloud: str, g: Grammar) -> list[Decision]:
    """Apply each ask of how a component is reached (private, public, from named networks only) to the
    component(s) it is said of: honoured (a decision), set (``internet_facing: false`` where the kind takes it) or
    refused. ``components`` and ``ids`` are ``assembler.drafts``' requests and ids, in order."""
    notes: list[Decision] = []
    generated = {j for j, d in assembler.owner.items() if d.kind in registry.kinds_for(cloud)}
    for at, it in enumerate(items):
        if it.role == "unknown" and ADDRESS.fullmatch(it.text):
            raise SpecError(_allowlist(items, at, generated))
        if it.role != "exposure":
            continue
        meaning, ahead = it.meaning, True
        if meaning == "allowlist":
            nxt = neighbour(items, at, 1, g)  # "a database accessible only from the app": private, reached by the app
            if nxt not in generated:
                raise SpecError(_allowlist(items, at, generated))
            meaning, ahead = "private", False
        found = _said_of(items, at, assembler, g, ahead)
        if found is None:
            it.used = False  # "an internal tool": said of no component
            continue
        targets, phrase = found
        for draft in targets:
            if draft.kind not in registry.kinds_for(cloud):
                it.used = False  # refused with the kinds the cloud cannot generate
                continue
            where = assembler.drafts.index(draft)
            notes.extend(_apply(meaning, phrase, draft, components[where], ids[where], registry, cloud))
    return notes


def apps_on_clusters(items: list[Item], assembler: Assembler, registry: Registry, cloud: str, g: Grammar) -> None:
    """'a Django app on GKE', 'une app déployée sur le cluster AKS', 'microservices on k8s': apps are not deployed on
    the Kubernetes cluster the cloud generates (it has no workload on it): refused, never put elsewhere."""
    for at, draft in assembler.owner.items():
        if draft.kind != "kubernetes_cluster" or draft.kind not in registry.kinds_for(cloud):
            continue
        app = neighbour(items, at, -1, g, loose=True, over=("cloud", "region", "environment", "language"))
        kind = registry.kinds.get(assembler.owner[app].kind) if app in assembler.owner else None
        if app is not None and (kind is not None and kind.client or _whole(items[app])) \
                and any(items[k].text in ("on", "sur", "onto", "in", "dans") for k in range(app + 1, at)):
            phrase = " ".join(x.text for x in items[app : at + 1] if x.role != "stop")
            raise SpecError(f"'{phrase}': apps are not deployed on a Kubernetes cluster (it is generated with no "
                            "workload on it); ask for the app alone (it runs on the cloud's web service) or for the "
                            "cluster alone")


def _whole(item: Item) -> bool:
    """An app word that names the whole request ("a private app" beside functions)."""
    return item.term is not None and item.term.category == "qualifier" and item.term.value == "app"


def _allowlist(items: list[Item], at: int, components: set[int]) -> str:
    """The refusal of access from named networks ("accessible only from our office IP …"): its words, up to a
    component of the stack, a place or the end of the clause."""
    end = at + 1
    while end < len(items) and items[end].clause == items[at].clause and end not in components and end - at < 8 \
            and items[end].category() not in ("cloud", "region", "environment"):
        end += 1
    while end - 1 > at and (items[end - 1].role == "stop" or items[end - 1].category() == "filler"):
        end -= 1  # "… 203.0.113.0/24 on AWS": the words of the ask only
    said = " ".join(x.text for x in items[at:end])
    return (f"'{said}': access from named networks only (an IP allowlist, an office, a VPN) is not generated yet; "
            "leave it out and restrict access in front of the stack, or ask for private components (reached from "
            "inside the stack only)")


def _said_of(items: list[Item], at: int, assembler: Assembler, g: Grammar,
             ahead: bool) -> tuple[list[Draft], str] | None:
    """The components the ask at ``at`` is said of, and its words with theirs; None when it qualifies another word
    ("an internal tool"). Beside it, the nearer one ("a Lambda behind a private API Gateway": the API), the one after
    it when both are as near ("an internal API")."""
    it = items[at]
    after = items[at + 1] if at + 1 < len(items) and items[at + 1].clause == it.clause else None
    if len(it.words) == 1 and after is not None and (
            after.role == "unknown" or after.category() == "filler" and after.text not in g.stop):
        return None  # "an internal tool", "for public users": said of the word after it
    beside = [j for j in (neighbour(items, at, 1, g) if ahead else None, neighbour(items, at, -1, g))
              if j is not None and (j in assembler.owner or _whole(items[j]))]
    if beside:
        j = min(beside, key=lambda k: abs(k - at))
        phrase = " ".join(x.text for x in items[min(at, j) : max(at, j) + 1] if x.role != "stop")
        # "a private app" where "app" names the whole: every component
        return ([assembler.owner[j]] if j in assembler.owner else list(assembler.drafts)), phrase
    clause = [x for x in items if x.clause == it.clause and x is not it]
    alone = all(x.role in ("stop", "exposure", "availability") or x.category() == "filler" for x in clause)
    if len(it.words) == 1 and not alone:
        return None
    before = [assembler.owner[j] for j in range(at - 1, -1, -1) if j in assembler.owner
              and items[j].clause == it.clause]
    if before:
        return [before[0]], it.text
    # said apart (", private only,"): every component; publicly, the stack's entry points if it has any
    entries = [d for d in assembler.drafts if d.kind in _asks()["entry_points"]]
    return (entries if it.meaning == "public" and entries else list(assembler.drafts)), it.text


def _apply(meaning: str, phrase: str, draft: Draft, component: ComponentRequest, cid: str, registry: Registry,
           cloud: str) -> list[Decision]:
    kind, label = draft.kind, draft.kind.replace("_", " ")
    entry = _asks()["entry_points"].get(kind)
    model = registry.params_model(kind, cloud)
    if meaning == "public" and entry is None:
        why = _asks()["private_kinds"].get(kind) or f"a {label} is private: only the components granted access reach it"
        raise SpecError(f"'{phrase}': {why}; a public {label} is not generated")
    if meaning == "private" and entry is not None:
        if model is None or "internet_facing" not in model.model_fields:
            raise SpecError(f"'{phrase}': {entry.format(cloud=cloud)}; an internal-only entry point is not generated "
                            "yet: leave the words out, or restrict access in front of the stack")
        component.params["internet_facing"] = draft.params["internet_facing"] = False
        return [note(f"private-{cid}", f"'{phrase}': {cid} is not published to the internet",
                     f"The request asks for an internal entry point: {cid} is generated with internet_facing false, "
                     "so only the stack's network reaches it.", phrase, [f"a public {label}: leave the words out"])]
    if meaning == "public":
        return [note(f"public-{cid}", f"'{phrase}': {cid} is reached from the internet, as generated",
                     f"The request asks for a public {label}: {entry.format(cloud=cloud)} (see its decisions).",
                     phrase)]
    return [note(f"private-{cid}", f"'{phrase}': {cid} is private, as generated",
                 f"The request asks that {cid} be reached from inside the stack only: a {label} has no public "
                 "endpoint, and only the components granted access reach it (see its decisions).", phrase)]
