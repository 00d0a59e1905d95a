"""Following a Terraform expression back to where its value comes from, across locals, module variables and
module outputs, by reading the HCL (no plan, no provider).

``Configuration(root).sources(expr, folder)`` answers "which resources, data sources, root variables or literals
can this expression's value come from?": a conditional gives both branches (its condition is not a source), a
``var.x`` of a module called in the tree continues in each caller's argument, ``module.m.o`` continues in the
output of the module's folder. Gates use it to check what an argument really depends on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .hcl import Block, HclError, blocks, load_file, tf_files

SourceKind = Literal["resource", "data", "variable", "literal", "null", "unknown"]

# a dotted reference once strings and index contents are blanked: aws_x.y[].z, module.m[].o, var.v...
_REF = re.compile(r"(?<![\w.\]])[A-Za-z_][\w-]*(?:(?:\[\])?\.(?:\*|[A-Za-z_][\w-]*))+")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_INDEX = re.compile(r"(?<=[\w\])])\[[^\[\]]*\]")
_NOT_OBJECTS = {"each", "count", "self", "path", "terraform"}


@dataclass(frozen=True)
class Source:
    """Where a value can come from. ``address`` is ``type.name`` for resources and data sources, ``var.x`` for
    a root variable, the text for a literal; ``folder`` is the module folder holding it."""

    kind: SourceKind
    address: str
    folder: Path
    block: Block | None = None


@dataclass
class ModuleFolder:
    """The blocks of one module folder, by kind."""

    path: Path
    resources: dict[str, Block] = field(default_factory=dict)  # "type.name"
    data: dict[str, Block] = field(default_factory=dict)  # "type.name"
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: dict[str, Block] = field(default_factory=dict)  # module blocks by name


class Configuration:
    """Every ``.tf`` file under ``root``, grouped by folder (unreadable files are left to the HCL gate)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[Path, ModuleFolder] = {}
        for path in tf_files(root):
            try:
                doc = load_file(path)
            except (HclError, UnicodeDecodeError):
                continue
            folder = self.folders.setdefault(path.parent.resolve(), ModuleFolder(path.parent.resolve()))
            for block in blocks(doc, path, "resource", 2):
                folder.resources[block.address] = block
            for block in blocks(doc, path, "data", 2):
                folder.data[block.address] = block
            for block in blocks(doc, path, "variable", 1):
                folder.variables[block.labels[0]] = block.body
            for block in blocks(doc, path, "output", 1):
                folder.outputs[block.labels[0]] = block.body
            for block in blocks(doc, path, "module", 1):
                folder.calls[block.labels[0]] = block
            for entry in doc.get("locals", []):
                if isinstance(entry, dict):
                    folder.locals.update(entry)

    def called_folder(self, caller: Path, call: Block) -> Path | None:
        """The folder a module call's local ``source`` points at, when it is part of this configuration."""
        source = str(call.body.get("source", ""))
        if not source.startswith(("./", "../")):
            return None
        target = (caller / source).resolve()
        return target if target in self.folders else None

    def callers(self, folder: Path) -> list[tuple[Path, Block]]:
        """(caller folder, module block) of every call of ``folder`` in the configuration."""
        return [(path, call) for path, mod in sorted(self.folders.items()) for call in mod.calls.values()
                if self.called_folder(path, call) == folder]

    def sources(self, expr: Any, folder: Path) -> list[Source]:
        """Everything the value of ``expr`` (as read by python-hcl2, in ``folder``) can come from."""
        found: list[Source] = []
        self._trace(expr, folder.resolve(), found, set())
        return found

    # -- tracing ---------------------------------------------------------------------------------------------

    def _trace(self, expr: Any, folder: Path, found: list[Source], seen: set[tuple[Path, str]]) -> None:
        if expr is None or expr == "null":
            found.append(Source("null", "null", folder))
        elif isinstance(expr, list):
            for item in expr:
                self._trace(item, folder, found, seen)
        elif not isinstance(expr, str):
            found.append(Source("literal", repr(expr), folder))
        elif expr.startswith("${") and _closing(expr, 1) == len(expr) - 1:
            for branch in _branches(expr[2:-1].strip()):
                self._trace_expression(branch, folder, found, seen)
        else:  # plain text, or a string template built from several parts
            found.append(Source("literal", expr, folder))

    def _trace_expression(self, text: str, folder: Path, found: list[Source],
                          seen: set[tuple[Path, str]]) -> None:
        if text == "null":
            found.append(Source("null", "null", folder))
            return
        refs = _REF.findall(_INDEX.sub("[]", _STRING.sub('""', text)))
        if not refs:
            found.append(Source("literal", text, folder))
        for ref in refs:
            key = (folder, ref)
            if key not in seen:
                seen.add(key)
                self._follow(ref.replace("[]", "").split("."), folder, found, seen)

    def _follow(self, parts: list[str], folder: Path, found: list[Source], seen: set[tuple[Path, str]]) -> None:
        mod = self.folders.get(folder, ModuleFolder(folder))
        head = parts[0]
        if head == "var":
            self._variable(parts[1], mod, found, seen)
        elif head == "local" and parts[1] in mod.locals:
            self._trace(mod.locals[parts[1]], folder, found, seen)
        elif head == "module" and len(parts) >= 3:
            self._module_output(mod, parts[1], parts[3] if parts[2] == "*" and len(parts) > 3 else parts[2],
                                found, seen)
        elif head == "data" and len(parts) >= 3:
            address = f"{parts[1]}.{parts[2]}"
            found.append(Source("data", address, folder, mod.data.get(address)))
        elif head not in _NOT_OBJECTS and "_" in head and head not in ("local", "module", "var"):
            address = f"{head}.{parts[1]}"
            found.append(Source("resource", address, folder, mod.resources.get(address)))
        else:
            found.append(Source("unknown", ".".join(parts), folder))

    def _variable(self, name: str, mod: ModuleFolder, found: list[Source], seen: set[tuple[Path, str]]) -> None:
        callers = self.callers(mod.path)
        if not callers:  # a root module's variable: its value comes from outside the configuration
            found.append(Source("variable", f"var.{name}", mod.path))
            return
        for caller, call in callers:
            if name in call.body:
                self._trace(call.body[name], caller, found, seen)
            else:
                self._trace((mod.variables.get(name) or {}).get("default"), mod.path, found, seen)

    def _module_output(self, mod: ModuleFolder, call: str, output: str, found: list[Source],
                       seen: set[tuple[Path, str]]) -> None:
        block = mod.calls.get(call)
        target = self.called_folder(mod.path, block) if block is not None else None
        if target is None or output not in self.folders[target].outputs:
            found.append(Source("unknown", f"module.{call}.{output}", mod.path))
            return
        self._trace(self.folders[target].outputs[output].get("value"), target, found, seen)


def _branches(text: str) -> list[str]:
    """The value branches of an expression: ``c ? a : b`` gives the branches of ``a`` and ``b`` (never ``c``);
    outer parentheses are dropped; anything else is one branch."""
    while text.startswith("(") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    question = _top_level(text, "?")
    if question < 0:
        return [text]
    rest = text[question + 1:]
    colon = _top_level(rest, ":")
    if colon < 0:
        return [text]
    return [*_branches(rest[:colon].strip()), *_branches(rest[colon + 1:].strip())]


def _top_level(text: str, char: str) -> int:
    """Index of the first ``char`` outside brackets and strings (``?`` or ``:`` of a conditional), else -1."""
    depth, in_string, nested = 0, False, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch == "?" and char == ":":
            nested += 1  # a nested conditional in the true branch owns the next ':'
        elif depth == 0 and ch == char:
            if char == ":" and nested:
                nested -= 1
            else:
                return i
        i += 1
    return -1


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one at ``start`` (strings skipped), else -1."""
    depth, in_string = 0, False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            in_string = not (ch == '"' and text[i - 1] != "\\")
        elif ch == '"':
            in_string = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return -1
