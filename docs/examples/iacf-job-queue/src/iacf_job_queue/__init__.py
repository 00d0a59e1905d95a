"""An example iacf plugin: the `job_queue` component kind, rendered on AWS as an SQS queue with a dead-letter
queue, both encrypted with a customer-managed KMS key of their own. It changes no iacf package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import Field

from iacf_core import (
    Component,
    ComponentKind,
    Decision,
    KindParams,
    RenderedFile,
    Renderer,
    Stack,
    TemplateSource,
    Term,
    hookimpl,
)

KIND = "job_queue"
MAX_RECEIVES = 5


class JobQueueParams(KindParams):
    """A queue of background jobs, with a dead-letter queue."""

    max_receives: int | None = Field(
        default=None, ge=1, le=1000,
        description=f"Failed attempts before a job moves to the dead-letter queue. Default: {MAX_RECEIVES}.")


@hookimpl
def iacf_register_components(register: Callable[[ComponentKind], None]) -> None:
    register(ComponentKind(name=KIND, description="A queue of background jobs, with a dead-letter queue.",
                           clouds=("aws",), default_id="jobs", params=JobQueueParams))


@hookimpl
def iacf_register_vocabulary(register: Callable[[Term], None]) -> None:
    for phrase in ("job queue", "job queues", "file de travaux", "files de travaux"):
        register(Term(phrase, "component", KIND))


@hookimpl
def iacf_register_templates(register: Callable[[TemplateSource], None]) -> None:
    register(TemplateSource("job_queue", Path(__file__).parent / "templates"))


@hookimpl
def iacf_resolve_dependencies(stack: Stack) -> None:
    """Record the choices this plugin makes, so DECISIONS.md explains them."""
    for component in stack.by_kind(KIND):
        receives = component.params.get("max_receives", MAX_RECEIVES)  # validated by JobQueueParams
        stack.decide(Decision(
            id=f"job_queue.{component.id}.dead-letter",
            title=f"Dead-letter queue for {component.id}",
            why=f"A job that fails {receives} times is moved aside instead of blocking the queue or being lost.",
            rule="job_queue.dead-letter",
            trigger=f"max_receives = {receives}" if "max_receives" in component.params
            else f"component {component.id}",
            alternatives=["no dead-letter queue (poison messages retried until they expire)"],
            components=[component.id],
        ))
        stack.decide(Decision(
            id=f"job_queue.{component.id}.kms",
            title=f"Customer-managed KMS key for {component.id}",
            why="Messages may hold personal data: the key rotates yearly and its policy is explicit.",
            rule="encryption-keys",
            trigger=f"component {component.id}",
            alternatives=["SQS-managed encryption (no key policy, no key audit trail)"],
            components=[component.id],
        ))


@hookimpl
def iacf_render_module(component: Component, stack: Stack, renderer: Renderer) -> list[RenderedFile] | None:
    # called only for the kind this plugin owns (job_queue@aws): no kind or cloud check
    return [renderer.file(f"{component.id}.tf", "job_queue/job_queue.tf.j2", id=component.id,
                          max_receives=component.params.get("max_receives", MAX_RECEIVES), prod=stack.is_prod)]
