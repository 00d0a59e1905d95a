"""One component kind of one cloud, in one place: the :class:`KindSpec` a cloud package keeps per kind file.

A cloud package holds ``kinds/<kind>.py`` files, each exporting a ``SPEC``; its plugin wires the hooks from the
list of specs (components, vocabulary, modules, templates, rules) instead of keeping one table per concern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from .models import Component, RenderedFile, Stack
from .registry import ComponentKind, Term

Rule = Callable[[Stack], None]
"""A kind's dependency rules, run once per stack: they set parameters, add what the kind needs, decide."""


# the neutral words of an ordered queue or topic, English and French: core registers them (so they name no cloud's
# service), and a cloud that offers one adds them, with its service's own words, to the kind's ``param_words``
# (``{"fifo": {True: (*FIFO_QUEUE_WORDS, "sqs fifo")}}``)
FIFO_QUEUE_WORDS = ("fifo queue", "fifo queues", "queue fifo", "une file fifo", "la file fifo", "des files fifo",
                    "les files fifo", "file fifo", "files fifo")
FIFO_TOPIC_WORDS = ("fifo topic", "topic fifo")


@dataclass(frozen=True)
class KindSpec:
    """Everything a cloud knows about one component kind.

    ``words`` are the cloud's service names for the kind, French and English (``"rds"``, ``"fonction
    lambda"``); the neutral words are core's. ``param_words`` name the kind with a parameter value (parameter →
    value → words: ``{"engine": {"aurora-mysql": ("aurora mysql",)}}``, ``{"fifo": {True: ("fifo queue",)}}``).
    ``modules`` are the vendored modules its root piece calls, ``modules_for`` picks others for some components (an
    engine variant). ``template`` is the template folder that renders it (empty: the kind's name; kinds sharing one
    folder name it). ``resolve`` runs the kind's rules; several kinds may share one function, which then runs once.
    ``files`` adds files besides the root pieces (a placeholder code package). ``controls`` are the governance
    controls the kind's resources help implement. ``emulator_unsupported`` maps the resource types it renders that
    the cloud's emulator lacks to the reason; ``sizing`` names the entry of the cloud's per-environment defaults the
    kind reads (empty: none).
    """

    name: str
    default_id: str
    description: str
    words: tuple[str, ...] = ()
    param_words: Mapping[str, Mapping[Any, tuple[str, ...]]] = field(default_factory=lambda: MappingProxyType({}))
    params: type[BaseModel] | None = None
    modules: tuple[str, ...] = ()
    modules_for: Callable[[Component], tuple[str, ...]] | None = None
    template: str = ""
    resolve: Rule | None = None
    files: Callable[[Component], list[RenderedFile]] | None = None
    controls: tuple[str, ...] = ()
    internal: bool = False  # added by dependency rules only; not offered to requests
    emulator_unsupported: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sizing: str = ""

    @property
    def folder(self) -> str:
        """The template folder rendering this kind."""
        return self.template or self.name

    def modules_of(self, component: Component) -> tuple[str, ...]:
        """The vendored modules ``component``'s root piece calls."""
        return self.modules_for(component) if self.modules_for is not None else self.modules

    def component_kind(self, cloud: str) -> ComponentKind:
        """The catalogue entry the plugin registers for ``cloud``."""
        return ComponentKind(name=self.name, description=self.description, clouds=(cloud,),
                             default_id=self.default_id, params=self.params, internal=self.internal)

    def terms(self) -> list[Term]:
        """The vocabulary naming this kind (and some of its parameters)."""
        terms = [Term(word, "component", self.name) for word in self.words]
        for param, values in self.param_words.items():
            terms += [Term(word, "component", self.name, params=((param, value),))
                      for value, words in values.items() for word in words]
        return terms


def cloud_terms(cloud: str, names: Iterable[str], regions: Mapping[str, Iterable[str]], specs: Iterable[KindSpec],
                other_services: Mapping[str, Iterable[str]] | None = None,
                controls: Mapping[str, Iterable[str]] | None = None) -> list[Term]:
    """A cloud's vocabulary, in the order a cloud registers it (the first registration of a word wins): the
    cloud's own names; each region by its code and by its cities and countries (``regions``: code → names); the
    words of its kinds; the service names of kinds it does not serve (``other_services``: kind → words), so that
    a request naming one is told what the cloud serves instead of being read as something else; the service
    names of governance controls (``controls``: control → words)."""
    terms = [Term(name, "cloud", cloud) for name in names]
    for code, region_names in regions.items():
        terms.append(Term(code, "region", code, cloud=cloud))
        terms += [Term(name, "region", code, cloud=cloud) for name in region_names]
    for spec in specs:
        terms += spec.terms()
    terms += [Term(word, "component", kind) for kind, words in (other_services or {}).items() for word in words]
    terms += [Term(word, "control", control) for control, words in (controls or {}).items() for word in words]
    return terms


def by_name(specs: Iterable[KindSpec]) -> dict[str, KindSpec]:
    """Specs keyed by kind name; a kind listed twice is a packaging mistake."""
    found: dict[str, KindSpec] = {}
    for spec in specs:
        if spec.name in found:
            raise ValueError(f"component kind {spec.name!r} has two KindSpecs")
        found[spec.name] = spec
    return found


def modules_by_kind(specs: Iterable[KindSpec]) -> dict[str, tuple[str, ...]]:
    """Kind name → the vendored modules its root piece calls."""
    return {spec.name: spec.modules for spec in specs}


def implementing(specs: Iterable[KindSpec], control: str) -> tuple[str, ...]:
    """The kinds whose resources help implement ``control``, in the specs' order."""
    return tuple(spec.name for spec in specs if control in spec.controls)


def emulator_unsupported(specs: Iterable[KindSpec]) -> dict[str, str]:
    """Resource type → why the emulator cannot apply it, over every kind."""
    return {rtype: why for spec in specs for rtype, why in spec.emulator_unsupported.items()}


def run_rules(stack: Stack, specs: Sequence[KindSpec]) -> None:
    """Run each kind's rules once, in the order of ``specs``, when the stack holds a component of a kind using them.

    Presence is read when a rule's turn comes, so a kind added by an earlier rule (a load balancer in front of an
    application) has its own rules run too.
    """
    done: list[Rule] = []
    for spec in specs:
        rule = spec.resolve
        if rule is None or rule in done:
            continue
        kinds = {s.name for s in specs if s.resolve is rule}
        if any(c.kind in kinds for c in stack.components.values()):
            done.append(rule)
            rule(stack)
