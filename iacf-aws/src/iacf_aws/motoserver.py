"""``python -m iacf_aws.motoserver``: moto's server with the JSON-protocol routing made prefix-tolerant.

moto routes a JSON-protocol request by its exact ``X-Amz-Target`` (``<targetPrefix>.<Operation>``) with the
target prefix of the installed botocore. AWS accepts every prefix its SDKs send, and they differ: from
botocore 1.44, CloudTrail's prefix is ``com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`` while the Go
SDK of the Terraform provider sends ``CloudTrail_20131101``, which moto then answers with an empty 404. This
entry point routes such a request by its operation name when the exact target is unknown, then runs moto.
"""

from __future__ import annotations

from typing import Any

from moto.core import routing
from moto.server import main

_exact = routing.JSONRouter._match


def _by_operation_name(self: routing.JSONRouter, request: Any) -> tuple[Any, dict[str, Any]]:
    operation, params = _exact(self, request)
    if operation is None:
        name = request.headers.get("X-Amz-Target", "").rpartition(".")[2]
        operation = next((op for target, op in self._operations_by_target.items()
                          if name and target.rpartition(".")[2] == name), None)
    return operation, params


routing.JSONRouter._match = _by_operation_name  # type: ignore[method-assign]

if __name__ == "__main__":
    main()
