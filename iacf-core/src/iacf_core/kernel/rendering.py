"""The single jinja environment: user overrides, then each plugin's templates (by prefix), then core's."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hclfmt import align
from .models import RenderedFile
from .registry import Registry
from .text import named

if TYPE_CHECKING:
    import jinja2

OVERRIDE_ENV = "IACF_TEMPLATES_DIR"


def hcl_value(value: Any) -> str:
    """Render a Python value as an HCL literal (strings quoted and escaped, lists, maps, booleans, null)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        escaped = json.dumps(value)
        return escaped.replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(hcl_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_hcl_key(k)} = {hcl_value(v)}" for k, v in sorted(value.items()))
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot render {type(value).__name__} as HCL")


def _hcl_key(key: str) -> str:
    return key if re.fullmatch(r"^[A-Za-z_][A-Za-z0-9_-]*$", key) else json.dumps(key)


class Renderer:
    """Renders templates and copies static trees; both produce :class:`RenderedFile` objects.

    ``cache``: a folder keeping the compiled templates between processes (the process keeps them anyway)."""

    def __init__(self, registry: Registry, override_dir: Path | None = None, cache: Path | None = None) -> None:
        import jinja2  # here: commands that render nothing (parse, plugins, --help) do not load it

        from .compiled import CompiledTemplates

        self.registry = registry
        loaders: list[jinja2.BaseLoader] = []
        override = override_dir or (Path(os.environ[OVERRIDE_ENV]) if os.environ.get(OVERRIDE_ENV) else None)
        if override is not None:
            loaders.append(jinja2.FileSystemLoader(str(override)))
        loaders.append(
            jinja2.PrefixLoader({p: jinja2.FileSystemLoader(str(s.path)) for p, s in registry.templates.items()})
        )
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # noqa: S701 - the output is HCL and Markdown, not HTML
            bytecode_cache=CompiledTemplates(cache),
        )
        self.env.filters["hcl"] = hcl_value
        self.env.filters["named"] = named  # {{ "SQS queue" | named(c.id) }}: no "SQS queue queue"
        self.env.filters["tojson_sorted"] = lambda v: json.dumps(v, sort_keys=True, indent=2)
        self._override = override

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def exists(self, template: str) -> bool:
        """Whether ``template`` is found (in the override folder or under a registered prefix)."""
        import jinja2

        try:
            self.env.get_template(template)
        except jinja2.TemplateNotFound:
            return False
        return True

    def file(self, path: str, template: str, **context: Any) -> RenderedFile:
        content = _tidy(self.render(template, **context))
        if path.endswith((".tf", ".tfvars", ".hcl", ".tfvars.example", ".hcl.example")):
            content = align(content)
        return RenderedFile(path=path, content=content)

    def tree(self, prefix: str, folder: str, dest: str) -> list[RenderedFile]:
        """Copy a static folder of templates (``<prefix>/<folder>``) verbatim to ``dest``.

        A file of the same relative path in the override folder replaces the plugin's file.
        """
        source = self.registry.templates[prefix].path / folder
        if not source.is_dir():
            raise FileNotFoundError(f"template folder {prefix}/{folder} does not exist")
        result = []
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = path.relative_to(source).as_posix()
            if "__pycache__" in rel or rel.endswith((".pyc", ".terraform.lock.hcl")) or "/.terraform/" in f"/{rel}":
                continue
            override = self._override / prefix / folder / rel if self._override else None
            chosen = override if override is not None and override.is_file() else path
            result.append(RenderedFile(path=f"{dest}/{rel}", content=chosen.read_text(encoding="utf-8")))
        return result


def _tidy(text: str) -> str:
    """Collapse runs of blank lines left by template logic and end with exactly one newline."""
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"

