"""Typed parameters of the component kinds.

A kind registers a pydantic model of its parameters (``ComponentKind.params``). The models here hold the fields
every cloud understands (framework, engine, port, replicas...); a cloud plugin subclasses them to add its own
fields (instance classes, runtimes...) or narrow the allowed values, and registers the subclass for its cloud.
``build_stack`` validates each requested component against the model of its kind for the stack's cloud, so
``generate`` and ``parse`` agree, and :func:`spec_schema` turns the models into the Spec's JSON Schema.

A field left out (``None``) means "not stated": the cloud plugin applies its default for the environment and
records it as a decision. Only stated values are kept in the component's params.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from ..kernel.data import parse_yaml
from ..kernel.text import did_you_mean

if TYPE_CHECKING:
    from ..kernel.models import ComponentRequest, Spec
    from ..kernel.registry import Registry


def data_file(name: str) -> Any:
    """A YAML file of core's ``data/`` folder."""
    return parse_yaml(files("iacf_core").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


@cache
def frameworks() -> dict[str, dict[str, Any]]:
    """Framework defaults (port, health check path, language...), keyed by framework name."""
    loaded: dict[str, dict[str, Any]] = data_file("frameworks.yaml")
    return loaded


GENERIC_FRAMEWORK = "generic"  # no framework named: a container the cloud plugin runs with neutral defaults


def _without_nulls(schema: dict[str, Any]) -> None:
    """A parameter is stated with a value or left out: its JSON Schema offers no ``null``."""
    for prop in schema.get("properties", {}).values():
        branches = prop.get("anyOf", [])
        kept = [b for b in branches if b != {"type": "null"}]
        if len(kept) < len(branches):
            del prop["anyOf"]
            if len(kept) == 1:
                prop.update(kept[0])
            else:
                prop["anyOf"] = kept
        if prop.get("default", ...) is None:
            del prop["default"]


class KindParams(BaseModel):
    """Base of every parameters model: unknown fields are refused, types are strict (``true`` is no count,
    ``"5"`` no number), ``null`` is not a value.

    Subclasses check their fields taken together in :meth:`problems`, which knows the environment (dev, staging,
    prod) so that it can refuse what an environment's rules forbid (a single task in prod...).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, json_schema_extra=_without_nulls,
                              defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _stated(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("null is not a value: leave the parameter out to get the environment's default")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> KindParams:
        check(self.problems(environment_of(info)))
        return self

    def problems(self, environment: str) -> list[str]:
        """What is wrong with the parameters taken together (one :func:`problem` each); subclasses extend it."""
        return []


def problem(field: str, value: Any, reason: str) -> str:
    """One problem found by a model validator, naming the parameter: ``replicas = 1: prod runs...``."""
    return f"{field} = {_show(value)}: {reason}"


def check(problems: list[str]) -> None:
    """Raise every problem a model validator found (one line each in the error)."""
    if problems:
        raise ValueError("\n".join(problems))


def environment_of(info: ValidationInfo) -> str:
    """The environment the parameters are validated for (``dev`` when validated without a context)."""
    context = info.context if isinstance(info.context, dict) else {}
    return str(context.get("environment", "dev"))


def _framework_names() -> tuple[str, ...]:
    return tuple(sorted(name for name in frameworks() if name != GENERIC_FRAMEWORK))


if TYPE_CHECKING:
    FrameworkName = str
else:  # the allowed values come from data/frameworks.yaml
    FrameworkName = Literal[_framework_names()]

_PATH = r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}$"
PROD_MIN_REPLICAS = 2  # prod survives the loss of one availability zone


class WebAppParams(KindParams):
    """Parameters of a containerised web application."""

    framework: FrameworkName | None = Field(
        default=None,
        description="Application framework: sets the container port, the health check path and the name of the "
                    "application secret. Left out: a generic container (port 8080, health check /health).")
    port: int | None = Field(
        default=None, ge=1, le=65535, description="Port the container listens on. Default: the framework's.")
    health_check_path: str | None = Field(
        default=None, pattern=_PATH,
        description="Path the load balancer probes (an absolute URL path). Default: the framework's.")
    replicas: int | None = Field(
        default=None, ge=1, le=1000,
        description="A fixed number of running copies (no autoscaling). At least 2 in prod. Default: by "
                    "environment (autoscaling in prod).")
    min_replicas: int | None = Field(
        default=None, ge=1, le=1000,
        description="Autoscaling floor (also the number started). At least 2 in prod. Requires max_replicas.")
    max_replicas: int | None = Field(
        default=None, ge=1, le=1000, description="Autoscaling ceiling. Requires min_replicas.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        low, high = self.min_replicas, self.max_replicas
        if self.replicas is not None and (low is not None or high is not None):
            problems.append(problem("replicas", self.replicas, "give either replicas (a fixed count) or min_replicas "
                                                               "and max_replicas (autoscaling), not both"))
        elif (low is None) != (high is None):
            name, value = ("min_replicas", low) if low is not None else ("max_replicas", high)
            problems.append(problem(name, value, "min_replicas and max_replicas go together (the autoscaling range)"))
        elif low is not None and high is not None and high < low:
            problems.append(problem("max_replicas", high, f"below min_replicas ({low})"))
        floor, name = (self.replicas, "replicas") if self.replicas is not None else (low, "min_replicas")
        if environment == "prod" and floor is not None and floor < PROD_MIN_REPLICAS:
            problems.append(problem(name, floor, f"prod runs at least {PROD_MIN_REPLICAS} copies, so that the loss "
                                                 "of one availability zone does not stop the application"))
        return problems


_VERSION = r"^[0-9]+(\.[0-9A-Za-z_]+)*$"


class RelationalDatabaseParams(KindParams):
    """Parameters of a managed relational database."""

    engine: Literal["postgres", "mysql", "mariadb"] | None = Field(
        default=None, description="Database engine. Default: postgres.")
    engine_version: str | None = Field(
        default=None, pattern=_VERSION, max_length=40,
        description="Engine version: a major version (`16`, `8.0`) follows the cloud's minor versions; a full "
                    "version is used as given. Default: the product's tested major version of the engine.")
    storage_gb: int | None = Field(
        default=None, ge=20, le=65536, description="Storage allocated at creation, in GiB. Default: by environment.")
    max_storage_gb: int | None = Field(
        default=None, ge=22, le=65536,
        description="Storage autoscaling ceiling, in GiB (at least 10 % above storage_gb). Default: by environment.")
    backup_retention_days: int | None = Field(
        default=None, ge=1, le=35, description="Days automated backups are kept (at least 7 in prod). Default: by "
                                               "environment.")
    database_name: str | None = Field(
        default=None, pattern=r"^[A-Za-z][A-Za-z0-9_]{0,62}$",
        description="Name of the database created on the server. Default: app.")

    def problems(self, environment: str) -> list[str]:
        problems = super().problems(environment)
        if self.storage_gb is not None and self.max_storage_gb is not None \
                and self.max_storage_gb * 10 < self.storage_gb * 11:
            problems.append(problem("max_storage_gb", self.max_storage_gb, f"must be at least 10 % above storage_gb "
                                                                           f"({self.storage_gb}) to autoscale"))
        days = self.backup_retention_days
        if environment == "prod" and days is not None and days < 7:
            problems.append(problem("backup_retention_days", days, "prod keeps automated backups at least 7 days"))
        return problems


class CacheParams(KindParams):
    """Parameters of an in-memory cache."""

    engine: Literal["valkey", "redis", "memcached"] | None = Field(
        default=None, description="Cache engine. Default: the cloud's recommended engine.")
    engine_version: str | None = Field(
        default=None, pattern=_VERSION, max_length=20,
        description="Engine version (major.minor). Default: the product's tested version of the engine.")


NEUTRAL_PARAMS: dict[str, type[KindParams]] = {
    "web_app": WebAppParams,
    "relational_database": RelationalDatabaseParams,
    "cache": CacheParams,
}
"""Models of the neutral kinds' common parameters, registered by core's built-in plugin."""


def stated_trigger(stated: dict[str, Any], keys: tuple[str, ...], otherwise: str) -> str:
    """A decision's trigger: the stated parameters among ``keys`` (``replicas = 5``), then ``otherwise`` (the
    environment...) unless every key was stated."""
    named = [f"{key} = {_shown(stated[key])}" for key in keys if key in stated]
    return "; ".join(named if len(named) == len(keys) else [*named, otherwise])


def _shown(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


# -- validation ---------------------------------------------------------------------------------------------


def allowed_values(model: type[BaseModel], field: str) -> list[str]:
    """The values a ``Literal`` field accepts (empty for any other field)."""
    info = model.model_fields.get(field)
    if info is None:
        return []
    found: list[str] = []
    stack = [info.annotation]
    while stack:
        annotation = stack.pop()
        args = getattr(annotation, "__args__", ())
        if getattr(annotation, "__origin__", None) is Literal:
            found.extend(str(a) for a in args)
        else:
            stack.extend(args)
    return found


def _show(value: Any) -> str:
    """A value as a spec file writes it (null, true, 'text'), for error messages."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return repr(value)


def error_lines(exc: ValidationError, model: type[BaseModel], where: str) -> list[str]:
    """One line per wrong parameter of ``exc``: where, the parameter, its value, what is allowed."""
    lines: list[str] = []
    fields = sorted(model.model_fields)
    union: dict[str, list[str]] = {}  # a value that matches no branch of a union: one line for the field
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        name = loc[0] if loc else ""
        value = err.get("input")
        kind = err.get("type", "")
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        msg = msg[:1].lower() + msg[1:]
        if kind == "extra_forbidden":
            lines.append(f"{where}: unknown parameter {name!r} (value {_show(value)}); {did_you_mean(name, fields)}"
                         f"parameters: {', '.join(fields)}")
        elif kind == "literal_error" and len(loc) == 1:
            allowed = allowed_values(model, name)
            lines.append(f"{where}: params.{name} = {_show(value)} is not allowed; {did_you_mean(value, allowed)}"
                         f"allowed: {', '.join(allowed)}")
        elif len(loc) > 1 and name in model.model_fields:
            if name not in union:
                union[name] = [_show(value)]
                lines.append(name)  # placeholder, filled below
            union[name].append(msg)
        elif loc:
            lines.append(f"{where}: params.{name} = {_show(value)}: {msg}")
        else:  # a model validator: one problem per line, each naming its parameter when it can
            for line in msg.splitlines():
                # a parameter of the model, or one it refuses before reading it (a cloud that offers no FIFO queue)
                first = line.split(" = ", 1)[0]
                named = first in model.model_fields or (isinstance(value, dict) and first in value)
                lines.append(f"{where}: params.{line}" if named else f"{where}: params: {line}")
    return [f"{where}: params.{ln} = {union[ln][0]}: {', or '.join(union[ln][1:])}" if ln in union else ln
            for ln in lines]


def validate_params(req: ComponentRequest, component_id: str, index: int, spec: Spec,
                    registry: Registry) -> tuple[dict[str, Any], list[str]]:
    """Validate one requested component's params. Returns (the stated params, normalised; error lines)."""
    where = f"components[{index}] {component_id!r} ({req.kind})"
    model = registry.params_model(req.kind, spec.cloud)
    if model is None:
        if req.params:
            return {}, [f"{where}: kind {req.kind} takes no parameters (given: {', '.join(sorted(req.params))})"]
        return {}, []
    try:
        parsed = model.model_validate(req.params, context={"environment": spec.environment, "cloud": spec.cloud})
    except ValidationError as exc:
        return {}, error_lines(exc, model, where)
    return parsed.model_dump(mode="json", exclude_none=True), []


# -- JSON Schema ----------------------------------------------------------------------------------------------


def _literal(*values: str) -> Any:
    """``Literal[values]`` built at run time (the values come from the installed plugins)."""
    return Literal[values]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _models_of(registry: Registry, kind: str, clouds: list[str]) -> list[type[BaseModel]]:
    """The parameters models of ``kind`` on the clouds of ``clouds`` that serve it (a cloud that does not serve
    the kind would otherwise bring the neutral model, wider than the serving clouds' own)."""
    found: list[type[BaseModel]] = []
    for cloud in clouds:
        if kind not in registry.kinds_for(cloud):
            continue
        model = registry.params_model(kind, cloud)
        if model is not None and model not in found:
            found.append(model)
    return found


def spec_model(registry: Registry, cloud: str | None = None) -> type[Spec]:
    """The Spec with ``components`` as a union discriminated by ``kind``, each kind with its parameters.

    ``cloud`` limits it to the kinds and parameters of one installed cloud; ``None`` takes every installed cloud
    (a kind whose parameters differ between clouds accepts any of them).
    """
    from ..kernel.models import ComponentRequest, Spec

    clouds = [cloud] if cloud is not None else sorted(registry.clouds)
    kinds = sorted({k for c in clouds for k in registry.kinds_for(c)})
    variants: list[Any] = []
    for kind in kinds:
        models = _models_of(registry, kind, clouds)
        params: Any = models[0] if len(models) == 1 else (Union[tuple(models)] if models else dict[str, Any])  # noqa: UP007 - built at run time
        # one model (one cloud): its docstring says what the kind becomes there
        description = (models[0].__doc__ if len(models) == 1 and models[0].__doc__ else None) \
            or registry.kinds[kind].description
        variants.append(create_model(
            f"{_camel(kind)}Component", __base__=ComponentRequest, __doc__=description or f"A {kind} component.",
            kind=(_literal(kind), Field(description="Component kind.")),
            params=(params, Field(default_factory=lambda: {}, description=f"Parameters of {kind} (all optional).")),
        ))
    if not variants:
        return Spec
    component: Any = variants[0]
    if len(variants) > 1:
        component = Annotated[Union[tuple(variants)], Field(discriminator="kind")]  # noqa: UP007 - built at run time
    cloud_type: Any = _literal(*clouds) if clouds else str
    model: type[Spec] = create_model(
        "Spec", __base__=Spec, __doc__=Spec.__doc__,
        cloud=(cloud_type, Field(description=Spec.model_fields["cloud"].description)),
        components=(list[component], Field(min_length=1, description=Spec.model_fields["components"].description)),
    )
    return model


def spec_schema(registry: Registry, cloud: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the Spec with every installed kind's parameters.

    Each component variant carries, as annotations, what connections it takes: ``x-iacf-access`` (the levels
    another component may have on it, the default first when it has one), ``x-iacf-default-access`` and
    ``x-iacf-client`` (it runs code, so it may be the ``from`` of a connection).
    """
    schema = spec_model(registry, cloud).model_json_schema()
    for definition in schema.get("$defs", {}).values():
        kind = registry.kinds.get(str(definition.get("properties", {}).get("kind", {}).get("const", "")))
        if kind is not None:
            definition["x-iacf-access"] = list(kind.access)
            definition["x-iacf-default-access"] = kind.default_access
            definition["x-iacf-client"] = kind.client
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": "iacf Spec"}
