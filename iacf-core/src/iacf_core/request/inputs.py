"""Reading the files a user hands to iacf (spec, policy): bounded, strict, and precise when they are wrong.

Every problem becomes :class:`~iacf_core.kernel.errors.SpecError` lines that name the file, the line and column where
the parser knows them, the field path and the value. YAML is read safely (no tags beyond the standard ones),
with duplicate keys refused and alias expansion (billion laughs) and nesting depth bounded.

A spec file (:func:`load_spec`) is read as the request reader reads its words: the cloud in any case, an
environment by any of its names (the reader ``--env`` uses too), a region by its code in any case or by a place the
cloud's vocabulary names; then every problem of the file (fields, kinds, parameters, connections) is reported at
once, each with its line.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..kernel.errors import SpecError, field_path, shorten, validation_errors
from ..kernel.text import did_you_mean

if TYPE_CHECKING:
    import yaml

    from ..kernel.models import ComponentRequest, Connection, Decision, Spec
    from ..kernel.registry import Registry, Term

MAX_BYTES = 1024 * 1024  # a spec or a policy is a few kB; anything near this size is a mistake
MAX_NODES = 100_000  # values after alias expansion
MAX_DEPTH = 64  # nesting levels

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def read_text(path: Path, what: str) -> str:
    """The text of a user file: UTF-8 (a byte order mark selects UTF-8, UTF-16 or UTF-32), at most 1 MiB."""
    label = f"{what} {shorten(str(path))}"
    try:
        if not path.exists():
            raise SpecError(f"{label} does not exist")
        if not path.is_file():
            raise SpecError(f"{label} is not a file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read {label}: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL in the path
        raise SpecError(f"cannot read {label}: {exc}") from None
    if len(data) > MAX_BYTES:
        raise SpecError(f"{label} is larger than {MAX_BYTES // 1024} KiB: not a {what.split()[0]} file")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        raise SpecError(f"{label}, line {line}, column {column}: not {encoding.upper().removesuffix('-SIG')} text "
                        f"(byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    if "\x00" in text:
        line, column = position(text.encode(), text.encode().index(b"\x00"))
        raise SpecError(f"{label}, line {line}, column {column}: a NUL character; this is not a text file")
    return text


def position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of byte ``offset`` of ``data``."""
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


class Document:
    """A parsed YAML or JSON file: its data, and where each value was written (YAML only)."""

    def __init__(self, label: str, data: Any, root: yaml.Node | None = None) -> None:
        self.label = label
        self.data = data
        self.root = root

    def _walk(self, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, bool]:
        """The node of the value at ``loc``, or the closest one found; and whether it is the value itself."""
        if self.root is None:
            return None, False
        import yaml

        node = self.root
        best, exact = None, True
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                             None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                match = node.value[part]
            else:
                match = None
            if match is None:
                exact = False
                continue  # a location pydantic adds (a union member's tag...): keep the closest value found
            node = best = match
        return best, exact and best is not None

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the value at ``loc`` (a pydantic error location), when the file is YAML."""
        node, _ = self._walk(loc)
        return node.start_mark.line + 1 if node is not None else None

    def converted(self, loc: tuple[Any, ...], value: Any, fix: Callable[[str], str] | None = None) -> str | None:
        """When the value at ``loc`` is an unquoted YAML scalar read as a boolean or a number (``NO``, ``0123``,
        ``16``), what YAML made of it and how to keep the text: ``NO was read as false by YAML; quote it: 'NO'``;
        ``fix`` says what to write instead of the text as written (a field that takes another format)."""
        node, exact = self._walk(loc)
        if not exact:
            return None
        import yaml

        if not isinstance(node, yaml.ScalarNode) or node.style is not None \
                or isinstance(value, str) or not isinstance(value, (bool, int, float)):
            return None
        text = node.value
        if isinstance(value, bool) and text.lower() in ("true", "false"):
            return None  # a boolean written as one: no surprise to explain
        if isinstance(value, bool):
            read = "true" if value else "false"
        else:
            read = "a number" if str(value) == text else f"the number {value}"
        return f"{text} was read as {read} by YAML; {fix(text) if fix else f'quote it: {text!r}'}"

    def errors(self, exc: Exception, model: type[Any] | None = None) -> SpecError:
        """Every error of a pydantic ``ValidationError``, one line each, with its line when known."""
        return self.refusal(self.located(exc, model))

    def located(self, exc: Exception, model: type[Any] | None = None) -> list[tuple[tuple[Any, ...], str]]:
        """Every error of a pydantic ``ValidationError`` as ``(location, text)``, in plain words."""
        raw = exc.errors() if callable(getattr(exc, "errors", None)) else []  # type: ignore[attr-defined]
        found = validation_errors(exc, model)
        if len(raw) != len(found):
            return found
        return [(loc, _plain(loc, text, error, self)) for (loc, text), error in zip(found, raw, strict=True)]

    def refusal(self, problems: list[tuple[tuple[Any, ...], str]]) -> SpecError:
        """``(location, text)`` problems as one error, a line each naming the file and the line, in file order."""
        located = [(self.line(loc), text) for loc, text in problems]
        located.sort(key=lambda pair: pair[0] or 0)  # in the order of the file; stable for equal lines
        return SpecError("\n".join(f"{self.label}{f', line {n}' if n else ''}: {text}" for n, text in located))


# pydantic's wording of a wrong type, as this project says it (error type → reason)
_PLAIN = {"string_type": "must be a string", "dict_type": "must be a mapping of fields", "list_type": "must be a list",
          "int_type": "must be a whole number", "bool_type": "must be true or false"}
_EXAMPLES = {"ComponentRequest": "{kind: web_app}", "Connection": "{from: app, to: db, access: connect}"}


def _plain(loc: tuple[Any, ...], text: str, error: Any, document: Document) -> str:
    """One pydantic error in the project's words: a YAML conversion named (``owner: NO was read as false``), a
    mapping expected with an example, "at least one component"; other errors as :func:`validation_errors` says."""
    kind, value = error.get("type", ""), error.get("input")
    path = field_path(loc)
    shown = f" (value: {shorten(repr(value), 80)})"
    hint = document.converted(loc, value) if kind == "string_type" else None
    if hint is not None:
        return f"{path}: {hint}"
    if kind == "model_type":
        example = _EXAMPLES.get(str((error.get("ctx") or {}).get("class_name", "")))
        return f"{path}: must be a mapping of fields{f' such as {example}' if example else ''}{shown}"
    if kind == "too_short" and loc == ("components",):
        return "components: at least one component is needed"
    if kind == "too_short":
        least = (error.get("ctx") or {}).get("min_length", 1)
        return f"{path}: needs at least {least} item{'s' if least != 1 else ''}{shown}"
    if kind == "literal_error" and (error.get("ctx") or {}).get("expected"):
        return f"{path}: must be {error['ctx']['expected']}{shown}"
    if kind in _PLAIN:
        return f"{path}: {_PLAIN[kind]}{shown}"
    return text


def load_document(path: Path, what: str, fmt: str | None = None) -> Document:
    """Read a YAML (default) or JSON (``.json``, or ``fmt="json"``) file holding a mapping."""
    text = read_text(path, what)
    label = f"{what} {shorten(str(path))}"
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "yaml")
    if fmt == "json":
        data, root = _load_json(text, label), None
    else:
        from .yamlspec import load_yaml  # PyYAML is imported only when a YAML file is read

        data, root = load_yaml(text, label)
    if not isinstance(data, dict):
        found = "nothing" if data is None else f"a {type(data).__name__}"
        raise SpecError(f"{label} must hold a mapping of fields, not {found}")
    return Document(label, data, root)


def _load_json(text: str, label: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _v in pairs]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate key {dupes[0]!r}")
        return dict(pairs)

    try:
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise SpecError(f"{label}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise SpecError(f"{label}: not valid JSON: {exc}") from None
    except RecursionError:
        raise SpecError(f"{label}: not valid JSON: nested too deeply") from None
    _check_depth(data, label)
    return data


def _check_depth(data: Any, label: str) -> None:
    todo: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while todo:
        value, depth = todo.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            raise SpecError(f"{label}: nested more than {MAX_DEPTH} levels deep or more than {MAX_NODES} values")
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)


def validate(document: Document, build: Callable[[dict[str, Any]], Any], model: type[Any] | None = None) -> Any:
    """``build(document.data)``; a pydantic ``ValidationError`` becomes every error, one line each."""
    try:
        return build(document.data)
    except ValueError as exc:
        if not callable(getattr(exc, "errors", None)):
            raise SpecError(f"{document.label}: {shorten(str(exc))}") from None
        raise document.errors(exc, model) from None


# -- environments: the names --env and a spec file take -----------------------------------------------------


@cache
def _environment_names() -> dict[str, str]:
    from ..kernel.text import normalize
    from .params import data_file

    return {normalize(str(word)): env for env, words in data_file("vocabulary.yaml")["environment"].items()
            for word in words}


def environment_name(given: str) -> str | None:
    """dev, staging or prod for ``given``: one of them in any case, or a name a request uses for one (production,
    recette, uat, qa...; core's vocabulary); None when it names none. A stray space or newline names none: it is a
    quoting mistake. ``--env`` and a spec file's ``environment`` read it here."""
    from ..kernel.models import ENVIRONMENTS
    from ..kernel.text import normalize

    said = normalize(given) if given == given.strip() else given
    return said if said in ENVIRONMENTS else _environment_names().get(said)


def environment_refusal(given: str) -> str:
    """Why ``given`` is not an environment (it names none)."""
    return f"{given!r} is not one of 'dev', 'staging', 'prod' (nor a name of one, such as production, recette, uat)"


# -- spec files -------------------------------------------------------------------------------------------


@dataclass
class SpecReading:
    """A spec file read: its Spec, and how its values were read (``production`` as prod, ``Paris`` as
    eu-west-3), each a decision recorded in the project."""

    spec: Spec
    notes: list[Decision] = field(default_factory=list)


def load_spec(path: Path, registry: Registry, *, cloud: str | None = None, environment: str | None = None,
              region: str | None = None) -> SpecReading:
    """Read a YAML or JSON spec file against the installed catalogue. ``cloud``, ``environment`` and ``region``
    are the command line's values, which replace the file's (the cloud and environment its kinds and parameters
    are checked for). Every problem of the file is reported at once, one line each with its line
    (:class:`SpecError`): fields, cloud, environment, region, kinds, each component's parameters, names and
    connections."""
    return _SpecReader(load_document(path, "spec file"), registry).read(cloud, environment, region)


class _SpecReader:
    def __init__(self, document: Document, registry: Registry) -> None:
        self.document, self.registry = document, registry
        self.data = dict(document.data)
        self.problems: list[tuple[tuple[Any, ...], str]] = []
        self.notes: list[Decision] = []

    def read(self, cloud: str | None, environment: str | None, region: str | None) -> SpecReading:
        from pydantic import ValidationError

        from ..kernel.models import Spec

        cloud = cloud or self._cloud()
        if cloud is not None and str(self.data.get("cloud")).lower() == cloud:
            self.data["cloud"] = cloud  # 'AWS' and --cloud aws: the same cloud, nothing replaced
        # the file's environment is checked even when --env replaces it: a wrong one is the file's mistake
        stated = self._environment(note=environment is None)
        env = environment or stated
        if cloud is not None and region is None:
            self._region(cloud)
        self._kinds(cloud if cloud in self.registry.clouds else None)
        spec: Spec | None = None
        try:
            spec = Spec.model_validate(self.data)
        except ValidationError as exc:
            self.problems.extend(self.document.located(exc, Spec))
        if cloud is not None and cloud in self.registry.clouds and env is not None:
            self._parameters(spec, cloud, env)
        if self.problems:
            raise self.document.refusal(self.problems)
        assert spec is not None  # noqa: S101 - a spec that did not validate left a problem
        return SpecReading(spec, self.notes)

    def _note(self, key: str, value: str, given: str) -> None:
        from ..kernel.models import Decision

        label = key.replace("_", " ")
        self.notes.append(Decision(
            id=f"core.spec.{key}", title=f"The {label} is {value}, from {given!r}",
            why=f"The spec file says {key}: {given}, which names the {label} {value}.", rule="core.spec",
            trigger=f"{key}: {given} in the spec file", alternatives=[f"write {key}: {value}"]))

    def _cloud(self) -> str | None:
        """The file's cloud, in any case; a name that is no installed cloud's is refused with the one it nearly is."""
        from .parser import choose_cloud

        given = self.data.get("cloud")
        if not isinstance(given, str) or not given:
            return None  # the schema says what is wrong
        name = given.lower() if given == given.strip() else given
        try:
            chosen, _ = choose_cloud(name, self.registry, how="the spec file names")
        except SpecError as exc:
            self.problems.append((("cloud",), exc.message))
            return None
        self.data["cloud"] = chosen
        return chosen

    def _environment(self, note: bool) -> str | None:
        """The file's environment (dev when it states none), read by :func:`environment_name`; ``note``: record
        a name read as its environment (``production`` as prod)."""
        from ..kernel.text import normalize

        given = self.data.get("environment", "dev")
        if not isinstance(given, str):
            return None  # the schema says what is wrong
        env = environment_name(given)
        if env is None:
            self.problems.append((("environment",), f"environment: {environment_refusal(given)}"))
            self.data.pop("environment")
        elif env != self.data.get("environment", env):
            self.data["environment"] = env
            if note and normalize(given) != env:
                self._note("environment", env, given)
        return env

    def _region(self, cloud: str) -> None:
        """The file's region: a code of ``cloud`` in any case, or a place its vocabulary names (``Paris``), read
        by :func:`region_code`."""
        given = self.data.get("region")
        info = self.registry.clouds.get(cloud)
        if not isinstance(given, str) or not given.strip() or info is None or not info.regions:
            return  # the schema says what is wrong; a cloud without a region list takes any code
        try:
            code = region_code(given, cloud, self.registry)
        except SpecError as exc:
            self.problems.append((("region",), f"region: {exc.message}"))
            return
        self.data["region"] = code
        if code != given.lower():
            self._note("region", code, given)

    def _kinds(self, cloud: str | None) -> None:
        """Each component's kind is one ``cloud`` offers (any cloud's, when the cloud is unknown); another is
        refused with the nearest one (``quue``, ``Queue``: did you mean 'queue'?)."""
        components = self.data.get("components")
        clouds = [cloud] if cloud is not None else sorted(self.registry.clouds)
        offered = sorted({kind for c in clouds for kind in self.registry.kinds_for(c)})
        for index, raw in enumerate(components if isinstance(components, list) else []):
            kind = raw.get("kind") if isinstance(raw, dict) else None
            if not isinstance(kind, str) or kind in offered:
                continue
            # a kind of the catalogue that this cloud does not generate is no typo: no other kind is suggested
            # (a task_worker is no worker)
            hint = "" if kind in self.registry.kinds else \
                did_you_mean(kind.lower().replace("-", "_").replace(" ", "_"), offered)
            where = f"the {cloud} catalogue cannot generate" if cloud else "no installed cloud generates"
            where = f"{where} {kind!r}"
            self.problems.append((("components", index, "kind"), f"components[{index}].kind: {where}; {hint}"
                                  f"supported components: {', '.join(offered) or 'none'}"))

    def _parameters(self, spec: Spec | None, cloud: str, env: str) -> None:
        """Each component's parameters (for ``cloud`` and ``env``), then the names and connections, when the
        components (and connections) are valid enough to check."""
        from pydantic import ValidationError

        from ..kernel.models import ComponentRequest, Connection, Spec
        from .connections import check, component_ids
        from .params import validate_params

        raw = self.data.get("components")
        requests: list[ComponentRequest | None] = []
        for item in raw if isinstance(raw, list) else []:
            try:
                requests.append(ComponentRequest.model_validate(item))
            except ValidationError:
                requests.append(None)
        stand_ins = [r or ComponentRequest.model_construct(kind="", name=None) for r in requests]
        ids = component_ids(stand_ins, self.registry)
        target = Spec.model_construct(cloud=cloud, environment=env, components=stand_ins, connections=None)
        for index, (req, cid) in enumerate(zip(requests, ids, strict=True)):
            if req is not None and self.registry.requestable(req.kind, cloud):
                _, lines = validate_params(req, cid, index, target, self.registry)
                model = self.registry.params_model(req.kind, cloud)
                self.problems.extend(self._parameter_problem(index, line, model, cloud, env) for line in lines)
        connections: list[Connection] | None = None
        if spec is not None:
            connections = spec.connections
        elif isinstance(self.data.get("connections"), list):
            try:
                connections = [Connection.model_validate(c) for c in self.data["connections"]]
            except ValidationError:
                return
        if requests and all(r is not None for r in requests):
            target.connections = connections
            for line in check(target, self.registry):
                self.problems.append((_problem_place(line), line))

    def _parameter_problem(self, index: int, line: str, model: type[Any] | None, cloud: str,
                           env: str) -> tuple[tuple[Any, ...], str]:
        """A parameter's problem, placed on its line, in plain words; a value YAML converted says so, and what to
        write (:func:`_written`)."""
        named = re.search(r": params\.(\w+)(?: = (.*?): (.*))?$|: unknown parameter '([^']+)'", line)
        if named is None:
            return ("components", index, "params"), line
        name = named.group(1) or named.group(4)
        loc = ("components", index, "params", name)
        params = self.document.data.get("components", [])[index].get("params") or {}
        fix = (lambda text: _written(model, name, text, cloud, env)) if model is not None else None
        hint = self.document.converted(loc, params.get(name), fix) if "valid string" in (named.group(3) or "") \
            else None
        if hint is not None:
            return loc, f"{line[: named.start()]}: params.{name}: {hint}"
        for raw, plain in (("input should be a valid string", "must be a string"), (", or input should be False",
                           ", or false"), (", or input should be True", ", or true"),
                           ("input should be False", "must be false"), ("input should be True", "must be true")):
            line = line.replace(raw, plain)
        return loc, line


def _written(model: type[Any], name: str, text: str, cloud: str, env: str) -> str:
    """What to write for parameter ``name`` of ``model``, given as ``text`` that YAML read as a number: the text
    quoted when the field takes it; else the values it takes for that many MiB (memory: ``'1Gi' or '1024Mi'``);
    else the format its pattern asks for."""
    from .sizes import _accepts, _memory_field, _memory_values

    if _accepts(model, name, text, env, cloud):
        return f"quote it: {text!r}"
    values = [v for v in (_memory_values(model, name, float(text)) if _memory_field(model) == name
                          and text.isdigit() else ()) if isinstance(v, str) and _accepts(model, name, v, env, cloud)]
    if values:
        return f"{name} takes a size with its unit: write {' or '.join(repr(v) for v in values[:2])} (for {text} MiB)"
    info = model.model_fields.get(name)
    pattern = next((m.pattern for m in getattr(info, "metadata", ()) if getattr(m, "pattern", None)), None)
    return f"{name} takes a text matching {pattern}" if pattern else f"{name} does not take {text!r} either: see " \
        "its format in `iacf schema`"


def _problem_place(line: str) -> tuple[Any, ...]:
    """Where a problem of :func:`iacf_core.request.connections.check` is in the file: its connection, or its
    component's name."""
    found = re.match(r"(components|connections)\[(\d+)\]", line)
    if found is None:
        return ()
    return (found.group(1), int(found.group(2)), *(("name",) if found.group(1) == "components" else ()))


def region_code(given: str, cloud: str, registry: Registry) -> str:
    """The code of the region of ``cloud`` that ``given`` names: a code in any case, or a city, country or area
    its vocabulary names (``Paris``, ``France Central``). A spec file's ``region`` and ``--region`` read it here;
    ``given`` as is when the cloud has no region list (it takes any code). Refused in one line
    (:class:`SpecError`): several regions named, another cloud's region, an availability zone, or no region."""
    info = registry.clouds.get(cloud)
    if info is None or not info.regions:
        return given
    if given.lower() in info.regions:
        return given.lower()
    codes = _region_codes(given, cloud, registry) if given == given.strip() else {}  # a quoting mistake
    if len(codes) == 1:
        return next(iter(codes))
    if codes:
        named = ", ".join(f"{code} ({words})" for code, words in sorted(codes.items()))
        raise SpecError(f"{given!r} names several {cloud} regions: {named}; keep one")
    from ..kernel.text import words
    from .parser import another_clouds_region, nearest_regions

    other = _other_cloud_region(given, cloud, registry)
    if other is not None:
        raise SpecError(another_clouds_region(" ".join(w.text for w in words(given)), other, cloud))  # as said
    zone = re.fullmatch(r"(.*[0-9])-?[a-z]", given.lower())  # eu-west-3a (AWS), europe-west9-a (Google Cloud)
    if zone is not None and zone.group(1) in info.regions:
        raise SpecError(f"{given} is an availability zone; the region is {zone.group(1)}")
    nearest = nearest_regions(given.lower(), info.regions)
    raise SpecError(f"{given!r} is not a region of {cloud}: name a region code (nearest: {', '.join(nearest)}) or a "
                    "city or country of one")


def _region_codes(given: str, cloud: str, registry: Registry) -> dict[str, str]:
    """The codes of ``cloud``'s regions that ``given`` names (code → the words naming it): the whole phrase, else
    phrases that cover all its words (``Paris, France``: one region; ``Paris Frankfurt``: two)."""
    from ..kernel.text import normalize, tokens

    key = tuple(tokens(normalize(given)))
    whole = registry.terms.get((*key, f"@{cloud}"))
    if whole is not None:
        return {whole.value: " ".join(key)}
    found: dict[str, str] = {}
    start = 0
    while start < len(key):
        for end in range(len(key), start, -1):
            term = registry.terms.get((*key[start:end], f"@{cloud}"))
            if term is not None:
                found.setdefault(term.value, " ".join(key[start:end]))
                start = end
                break
        else:
            return {}  # a word that names no region of the cloud
    return found


def _other_cloud_region(given: str, cloud: str, registry: Registry) -> Term | None:
    """The region of another cloud that ``given`` names (``westeurope`` on aws: azure's), if any."""
    from ..kernel.text import normalize, tokens

    key = tuple(tokens(normalize(given)))
    return next((found for c in sorted(registry.clouds) if c != cloud
                 and (found := registry.terms.get((*key, f"@{c}"))) is not None), None)
