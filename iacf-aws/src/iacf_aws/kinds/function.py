"""The function kinds (function, worker, scheduled job): AWS Lambda, rendered by one template folder, each shipped
with a placeholder code package the deployment pipeline replaces."""

from __future__ import annotations

import re
from functools import cache

from iacf_core import Component, KindSpec, RenderedFile
from iacf_core.toolkit.layout import binary_file, deterministic_zip

from ..params import FunctionParams
from ..serverless import rules

# what each placeholder handler returns, by kind (the deployment pipeline replaces the package)
RESULT = {
    "function": ('{"statusCode": 200, "body": "placeholder"}', "Placeholder handler", ""),
    "worker": ('{"batchItemFailures": []}', "Placeholder worker",
               "report no failed message: every record of the batch is deleted from the queue"),
    "scheduled_job": ('{"status": "done"}', "Placeholder job", ""),
}

# runtime family → (file name, source, comment prefix in the body); every handler is `index.handler`
HANDLER = {
    "python": ("index.py", '"""{title}: the deployment pipeline replaces this package."""\n\n\n'
                           "def handler(event, context):\n{note}    return {result}\n", "    # "),
    "nodejs": ("index.mjs", "// {title}: the deployment pipeline replaces this package.\n"
                            "{note}export const handler = async (event, context) => ({result});\n", "// "),
    "ruby": ("index.rb", "# {title}: the deployment pipeline replaces this package.\n"
                         "def handler(event:, context:)\n{note}  {result}\nend\n", "  # "),
}


@cache
def placeholder_zip(kind: str, runtime: str = "python3.12") -> bytes:
    """A byte-identical zip holding the runtime's index file."""
    family = re.sub(r"[0-9.x]+$", "", runtime)
    name, source, comment = HANDLER[family]
    result, title, note = RESULT[kind]
    if family == "ruby":  # a Ruby hash literal uses `=>`
        result = result.replace('": ', '" => ')
    return deterministic_zip(name, source.format(title=title, result=result,
                                                 note=f"{comment}{note}\n" if note else ""))


def placeholder(component: Component) -> list[RenderedFile]:
    """The function's placeholder package, ``functions/<id>/placeholder.zip``."""
    return [binary_file(f"functions/{component.id}/placeholder.zip",
                        placeholder_zip(component.kind, component.params["runtime"]))]


SPEC = KindSpec(
    name="function", default_id="fn",
    description="AWS Lambda function: X-Ray, dead-letter queue, reserved concurrency, scoped role.",
    words=("lambda", "aws lambda", "lambdas", "lambda function", "fonction lambda", "fonctions lambda"),
    params=FunctionParams, resolve=rules, files=placeholder,
    controls=("default-encryption", "log-retention", "secrets-management", "least-privilege"),
    sizing="function",
)
