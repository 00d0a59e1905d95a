"""Sizes a request states for a component: how many copies of it run ("3 replicas", "between 2 and 10 instances",
"autoscaling from 2 to 8", "entre 2 et 6 instances") and how big each copy is ("512 MB memory", "2 vCPU", "4 Go
de mémoire").

Core knows no cloud: a size is set when the parameters model of the component's kind on the chosen cloud has the
field (``replicas``, ``min_replicas`` / ``max_replicas``, a memory field, ``cpu``), in the format that field takes
(found by validating the candidate values against the field: MiB in an int field, ``512Mi`` / ``2Gi`` in a string
field...), then validated by the model with the rest of the component's parameters. What cannot be set exactly is
refused in one line naming the spec file's parameter to use instead; what is set is recorded as a decision.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..kernel.errors import SpecError
from ..kernel.models import ComponentRequest, Decision
from ..kernel.registry import Registry
from .grammar import MULTIPLIER, Grammar, Item
from .params import error_lines
from .readings import Assembler, Draft, note

# what counts running copies ("3 replicas", "trois instances", "three copies")
NODES = frozenset({"node", "nodes", "noeud", "noeuds"})  # a cluster's or a cache's: "3 to 6 nodes"
COPIES = frozenset({"replica", "replicas", "replique", "repliques", "instance", "instances", "copy", "copies",
                    "copie", "exemplaire", "exemplaires"}) | NODES
RUNNING = frozenset({"running", "identical", "identiques"})  # "3 running copies"
SCALING = frozenset({"autoscaling", "autoscale", "autoscaled", "autoscales", "scaling", "scales", "scale"})
RANGE_FROM = frozenset({"from", "between", "entre", "de"})
RANGE_TO = frozenset({"to", "and", "et", "a"})
MEMORY = frozenset({"memory", "ram", "memoire", "mem"})
CPUS = frozenset({"vcpu", "vcpus", "cpu", "cpus", "core", "cores", "coeur", "coeurs", "vcore", "vcores"})
OF = frozenset({"of", "de", "d"})
# memory units → MiB in one of them; a memory "GB" is a GiB, as the clouds size memory
MEMORY_UNITS = {"mb": 1, "mib": 1, "mo": 1, "mio": 1, "gb": 1024, "gib": 1024, "go": 1024, "gio": 1024}
ONE = {"one": 1, "single": 1}  # not "un" / "une": "une instance Redis" is the cache itself
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_JOINED = re.compile(r"([0-9]+(?:\.[0-9]+)?)([a-z]+)")  # "512mb", "2go", "2vcpu"
_SPAN = re.compile(r"([0-9]{1,4})-([0-9]{1,4})")  # "2-6 replicas"
_PER_VCPU = re.compile(r"\b([0-9]+) = 1 vCPU\b")  # a cpu field in units: "CPU units of a task (1024 = 1 vCPU)"
_MIB_UNIT = re.compile(r"\b(MiB|MB)\b")
_GIB_UNIT = re.compile(r"\b(GiB|GB)\b")
# parameters that name a size of the cloud's catalogue (an instance class, a plan, a tier, a machine type)
_SIZE_NAMES = ("class", "sku", "tier", "type", "size", "machine", "node")
_FIELD_WORDS = {"replicas": "count of running copies", "memory": "memory size", "cpu": "CPU size"}


@dataclass
class Said:
    """A size the request states: what ("replicas": a count; "range": low and high; "memory" in MiB; "cpu" in
    vCPU), its values, the items that say it."""

    what: str
    values: tuple[float, ...]
    first: int
    last: int
    phrase: str
    # its items' readings before it was read (role, term, used): given back when it sizes nothing
    was: list[tuple[str, Any, bool]] = dataclasses.field(default_factory=list)

    @property
    def of_nodes(self) -> bool:
        """"3 nodes": a count of nodes (a cluster's, a cache's), never of copies."""
        return self.what in ("replicas", "range") and any(word in NODES for word in self.phrase.split())


def _number(text: str, g: Grammar) -> float | None:
    if _NUMBER.fullmatch(text):
        return float(text)
    if text in g.counts:
        return float(g.counts[text])
    return float(ONE[text]) if text in ONE else None


def _count(text: str, g: Grammar) -> int | None:
    """A whole number of copies: "3", "three", "trois", "x3" (a multiplier said of copies: "x3 replicas")."""
    times = MULTIPLIER.fullmatch(text)
    if times is not None:
        return int(times.group(1) or times.group(2))
    value = _number(text, g)
    return int(value) if value is not None and value.is_integer() else None


class _Reader:
    """Finds the sizes in the items of one request; each phrase's items become role ``size`` (used)."""

    def __init__(self, items: list[Item], g: Grammar) -> None:
        self.items, self.g = items, g

    def text(self, at: int, clause: int) -> str:
        if 0 <= at < len(self.items) and self.items[at].clause == clause and not self.items[at].negated:
            return self.items[at].text
        return ""

    def read(self) -> list[Said]:
        found: list[Said] = []
        at = 0
        while at < len(self.items):
            said = self._range(at) or self._copies(at) or self._memory(at) or self._cpu(at)
            if said is None:
                at += 1
                continue
            for j in range(said.first, said.last + 1):
                item = self.items[j]
                said.was.append((item.role, item.term, item.used))
                item.role, item.term, item.used = "size", None, True
            found.append(said)
            at = said.last + 1
        return found

    def _said(self, what: str, values: tuple[float, ...], first: int, last: int) -> Said:
        return Said(what, values, first, last, " ".join(self.items[j].text for j in range(first, last + 1)))

    def _copy_word(self, at: int, clause: int) -> int | None:
        """The end of "replicas", "running copies" starting at ``at``, or None."""
        if self.text(at, clause) in RUNNING and self.text(at + 1, clause) in COPIES:
            return at + 1
        return at if self.text(at, clause) in COPIES else None

    def _copies(self, at: int) -> Said | None:
        clause = self.items[at].clause
        number = _count(self.text(at, clause), self.g)
        end = self._copy_word(at + 1, clause) if number is not None else None
        if number is None or end is None:
            return None
        return self._said("replicas", (number,), at, end)

    def _bounds(self, at: int, clause: int) -> tuple[int, int, int] | None:
        """(low, high, last item) of "2 to 6", "2 and 10", "2 à 8", "2-6" at ``at``."""
        span = _SPAN.fullmatch(self.text(at, clause))
        if span is not None:
            return int(span.group(1)), int(span.group(2)), at
        low, high = _count(self.text(at, clause), self.g), _count(self.text(at + 2, clause), self.g)
        if low is None or high is None or self.text(at + 1, clause) not in RANGE_TO:
            return None
        return low, high, at + 2

    def _range(self, at: int) -> Said | None:
        """'between 2 and 10 instances', '2 to 6 replicas', 'autoscaling from 2 to 8 (instances)', 'entre 2 et 6
        instances'."""
        clause = self.items[at].clause
        first, start = at, at
        scaling = self.text(at, clause) in SCALING
        if scaling:
            start += 1
        if self.text(start, clause) in RANGE_FROM:
            start += 1
        bounds = self._bounds(start, clause)
        if bounds is None:
            return None
        low, high, last = bounds
        end = self._copy_word(last + 1, clause)
        if end is None and not scaling:
            return None
        return self._said("range", (low, high), first, end if end is not None else last)

    def _memory(self, at: int) -> Said | None:
        """'512 MB memory', '2 GB of RAM', '4 Go de mémoire', '512mb RAM', 'memory 2 GB'."""
        clause = self.items[at].clause
        size = self._mib(at, clause)
        if size is not None:
            mib, last = size
            after = last + 1 + (self.text(last + 1, clause) in OF)
            if self.text(after, clause) in MEMORY:
                return self._said("memory", (mib,), at, after)
            return None
        if self.text(at, clause) in MEMORY:
            start = at + 1 + (self.text(at + 1, clause) in OF)
            size = self._mib(start, clause)
            if size is not None:
                return self._said("memory", (size[0],), at, size[1])
        return None

    def _mib(self, at: int, clause: int) -> tuple[float, int] | None:
        text = self.text(at, clause)
        joined = _JOINED.fullmatch(text)
        if joined is not None and joined.group(2) in MEMORY_UNITS:
            return float(joined.group(1)) * MEMORY_UNITS[joined.group(2)], at
        if _NUMBER.fullmatch(text) and self.text(at + 1, clause) in MEMORY_UNITS:
            return float(text) * MEMORY_UNITS[self.text(at + 1, clause)], at + 1
        return None

    def _cpu(self, at: int) -> Said | None:
        """'2 vCPU', '1 CPU', '0.5 vCPU', '2vcpu', 'deux cœurs'."""
        clause = self.items[at].clause
        text = self.text(at, clause)
        joined = _JOINED.fullmatch(text)
        if joined is not None and joined.group(2) in CPUS:
            return self._said("cpu", (float(joined.group(1)),), at, at)
        number = _number(text, self.g)
        if number is not None and self.text(at + 1, clause) in CPUS:
            return self._said("cpu", (number,), at, at + 1)
        return None


def read_sizes(items: list[Item], g: Grammar) -> list[Said]:
    """The sizes the request states (their words are then read as sizes, not as names, counts or languages)."""
    return _Reader(items, g).read()


# -- applying them ---------------------------------------------------------------------------------------------


def _owner(said: Said, items: list[Item], assembler: Assembler) -> Draft | None:
    """The component a size is said of: the nearest before it in its clause ("a Django app with 3 replicas"),
    else the nearest after it ("3 replicas of the Django app"), else the nearest before it in the request."""
    clause = items[said.first].clause
    before = [j for j in range(said.first - 1, -1, -1) if items[j].clause == clause]
    after = [j for j in range(said.last + 1, len(items)) if items[j].clause == clause]
    for j in [*before, *after, *range(said.first - 1, -1, -1)]:
        if j in assembler.owner:
            return assembler.owner[j]
    return None


def _format(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _accepts(model: type[BaseModel], field: str, value: Any, environment: str, cloud: str) -> bool:
    """Whether ``field`` of ``model`` takes ``value`` (its type, pattern, allowed values), whatever the rest."""
    try:
        model.model_validate({field: value}, context={"environment": environment, "cloud": cloud})
    except ValidationError as exc:
        return not any(err.get("loc", ())[:1] == (field,) for err in exc.errors())
    return True


def _memory_field(model: type[BaseModel]) -> str | None:
    fields = [f for f in model.model_fields if f == "memory" or f.startswith("memory_")]
    return fields[0] if fields else None


def _memory_values(model: type[BaseModel], field: str, mib: float) -> Iterator[Any]:
    """The values ``field`` may take for ``mib`` MiB, most natural first: a number in the unit its name or
    description gives (MiB, GiB), or a text with a unit ("2Gi", "512Mi", "2G", "512M")."""
    info = model.model_fields[field]
    description = info.description or ""
    if not mib.is_integer():
        return
    whole = int(mib)
    unit = 1024 if field.endswith("_gb") or _GIB_UNIT.search(description) and not _MIB_UNIT.search(description) \
        else 1 if field.endswith("_mb") or _MIB_UNIT.search(description) else 0
    if unit and whole % unit == 0:
        yield whole // unit
    if whole % 1024 == 0:
        yield from (f"{whole // 1024}Gi", f"{whole // 1024}G")
    yield from (f"{whole}Mi", f"{whole}M")


def _cpu_values(model: type[BaseModel], vcpu: float) -> Iterator[Any]:
    """The values a ``cpu`` field may take for ``vcpu``: in its units when its description says so ("1024 = 1
    vCPU"), else the count as a whole number, a decimal number or a text."""
    per = _PER_VCPU.search(model.model_fields["cpu"].description or "")
    if per is not None:
        units = vcpu * int(per.group(1))
        if units.is_integer():
            yield int(units)
        return
    if vcpu.is_integer():
        yield int(vcpu)
    yield vcpu
    yield _format(vcpu)


@dataclass
class _Component:
    """A requested component being sized: its index among the components, its id, model and the sizes set."""

    index: int
    cid: str
    model: type[BaseModel]
    params: dict[str, Any]
    phrases: list[str]


def _refuse_field(said: Said, kind: str, cloud: str, model: type[BaseModel] | None, cid: str) -> SpecError:
    """The refusal of a size said of a component whose kind has no field for it on ``cloud``."""
    label = _FIELD_WORDS["replicas" if said.what == "range" else said.what]
    if said.of_nodes:
        label = "count of nodes"
    fields = ", ".join(sorted(model.model_fields)) if model is not None else ""
    where = f"its parameters on {cloud}: {fields}" if fields else f"it takes no parameters on {cloud}"
    return SpecError(f"'{said.phrase}': a {kind.replace('_', ' ')} ({cid}) has no {label} to set ({where}); leave "
                     "it out, or size the component with its parameters in a spec file")


def _set(said: Said, kind: str, cloud: str, environment: str, model: type[BaseModel] | None,
         cid: str) -> tuple[dict[str, Any], str]:
    """The parameters ``said`` sets on a component of ``kind`` and how the value was read (for the decision)."""
    fields = model.model_fields if model is not None else {}
    if said.what in ("replicas", "range"):
        low, high = int(said.values[0]), int(said.values[-1])
        nodes = said.of_nodes
        counted = "nodes" if nodes else "replicas"
        if counted in fields and low == high:
            return {counted: low}, ""
        for least, most in ((("min_replicas", "max_replicas"),) if not nodes else ()) + (("min_nodes", "max_nodes"),):
            if {least, most} <= set(fields):  # a scaling range: of copies, or of a cluster's nodes
                return {least: low, most: high}, "" if low != high else \
                    f" (a fixed count, as a scaling range of one value: the kind takes no {counted})"
        if counted in fields:
            raise SpecError(f"'{said.phrase}': a {kind.replace('_', ' ')} ({cid}) on {cloud} runs a fixed count of "
                            f"{'nodes' if nodes else 'copies'}, no scaling range; ask for one count, or set "
                            f"params.{counted} of {cid} in a spec file")
        raise _refuse_field(said, kind, cloud, model, cid)
    if said.what == "memory":
        field = _memory_field(model) if model is not None else None
        if model is None or field is None:
            raise _refuse_field(said, kind, cloud, model, cid)
        mib = said.values[0]
        value = next((v for v in _memory_values(model, field, mib) if _accepts(model, field, v, environment, cloud)),
                     None)
        if value is None:
            description = model.model_fields[field].description or ""
            raise SpecError(f"'{said.phrase}' ({_format(mib)} MiB) is no value params.{field} of {cid} ({kind} on "
                            f"{cloud}) takes exactly ({description.split('. ')[0].rstrip('.')}); set params.{field} "
                            "in a spec file")
        read = f" (read as {_format(mib)} MiB: memory is sized in binary units, 1 GB = 1024 MiB)" \
            if mib >= 1024 else ""
        return {field: value}, read
    if model is None or "cpu" not in fields:
        raise _refuse_field(said, kind, cloud, model, cid)
    vcpu = said.values[0]
    value = next((v for v in _cpu_values(model, vcpu) if _accepts(model, "cpu", v, environment, cloud)), None)
    if value is None:
        description = model.model_fields["cpu"].description or ""
        raise SpecError(f"'{said.phrase}' ({_format(vcpu)} vCPU) is no value params.cpu of {cid} ({kind} on "
                        f"{cloud}) takes exactly ({description.split('. ')[0].rstrip('.')}); set params.cpu in a "
                        "spec file")
    return {"cpu": value}, f" ({_format(vcpu)} vCPU)" if value != vcpu else ""


def apply_sizes(said: list[Said], items: list[Item], assembler: Assembler, components: list[ComponentRequest],
                ids: list[str], registry: Registry, cloud: str, environment: str
                ) -> tuple[list[ComponentRequest], list[Decision]]:
    """Set the sizes the request states on its components (before they are multiplied: every copy gets them),
    each validated by the cloud's model of the component's kind and recorded as a decision; refuse what cannot be
    set as said."""
    if not said:
        return components, []
    sized: dict[int, _Component] = {}
    notes: list[Decision] = []
    for size in said:
        draft = _owner(size, items, assembler)
        targets = assembler.groups.get(id(draft), [draft]) if draft is not None else []
        indexes = [i for i, d in enumerate(assembler.drafts) if any(d is t for t in targets)]
        if not indexes:
            raise SpecError(f"'{size.phrase}' is said of no component: write it right after the component it sizes "
                            "('a Django app with 3 replicas')")
        models = [registry.params_model(components[i].kind, cloud) for i in indexes]
        if size.of_nodes and not any({"nodes", "min_nodes"} & set(m.model_fields) for m in models if m is not None):
            # "with 3 nodes for the web tier": no node count to set where it is said; its words stay unused
            for j, (role, term, used) in zip(range(size.first, size.last + 1), size.was, strict=True):
                items[j].role, items[j].term, items[j].used = role, term, used
            continue
        for index, model in zip(indexes, models, strict=True):
            req = components[index]
            params, read = _set(size, req.kind, cloud, environment, model, ids[index])
            assert model is not None  # _set refuses a kind with no model
            entry = sized.setdefault(index, _Component(index, ids[index], model, dict(req.params), []))
            for key, value in params.items():
                if key in entry.params and entry.params[key] != value:
                    raise SpecError(f"'{size.phrase}': {ids[index]} already has {key} = {entry.params[key]} "
                                    f"('{'; '.join(entry.phrases)}'); state one size per component")
            entry.params.update(params)
            entry.phrases.append(size.phrase)
            stated = ", ".join(f"{k} = {v}" for k, v in params.items())
            notes.append(note(
                f"size-{ids[index]}-{'-'.join(params)}".replace("_", "-"),
                f"{ids[index]}: {stated}, from the request",
                f"The request says '{size.phrase}': {ids[index]} ({req.kind.replace('_', ' ')} on {cloud}) gets "
                f"{stated}{read}, instead of the environment's default.", size.phrase,
                [f"leave '{size.phrase}' out for the {environment} default",
                 f"set {', '.join(f'params.{k}' for k in params)} in a spec file"]))
    out = list(components)
    for entry in sized.values():
        try:
            entry.model.model_validate(entry.params, context={"environment": environment, "cloud": cloud})
        except ValidationError as exc:
            lines = error_lines(exc, entry.model, f"'{'; '.join(entry.phrases)}' ({entry.cid})")
            raise SpecError("; ".join(lines)) from exc
        req = components[entry.index]
        out[entry.index] = req.model_copy(update={"params": entry.params})
    return out, notes


def _size_field(model: type[BaseModel], word: str, environment: str, cloud: str) -> str | None:
    """The text parameter of ``model`` that takes ``word`` as one of a few named values ("db.t4g.large": an
    instance class, "P1v3": a plan), not as any word (a name): the first such field, or None."""
    for field in model.model_fields:
        if not any(part in _SIZE_NAMES for part in field.split("_")):
            continue
        if _accepts(model, field, word, environment, cloud) and not _accepts(model, field, "abc", environment, cloud):
            return field
    return None


def refuse_named_sizes(items: list[Item], assembler: Assembler, components: list[ComponentRequest],
                       registry: Registry, cloud: str, environment: str) -> None:
    """A word the request gives beside a component that is a value of one of its cloud's size parameters ("a
    PostgreSQL db.t4g.large") is refused, naming the parameter: it is not read as a name nor left unused."""
    for at, it in enumerate(items):
        if it.role not in ("unknown", "name") or it.negated or not any(c.isdigit() for c in it.text) \
                or _NUMBER.fullmatch(it.text) or len(it.words) != 1:
            continue
        said = Said("", (), at, at, it.words[0].original)
        draft = _owner(said, items, assembler)
        index = next((i for i, d in enumerate(assembler.drafts) if d is draft), None)
        if index is None:
            continue
        req = components[index]
        model = registry.params_model(req.kind, cloud)
        field = _size_field(model, said.phrase, environment, cloud) if model is not None else None
        if field is not None:
            raise SpecError(f"'{said.phrase}' is a value of params.{field} of a {req.kind.replace('_', ' ')} on "
                            f"{cloud}: a request does not set it; set params.{field} of the component in a spec file")
