"""Offline provider validation: ``terraform validate`` and ``terraform test`` for providers Terraform cannot install.

The schemas come from the CDK provider binding packages on PyPI (``cdktn-provider-azurerm``,
``cdktn-provider-google``, ``cdktf-cdktf-provider-aws``), extracted once into the user cache
(:func:`build_schema`); in a run (:func:`validate_offline`, :func:`terraform_test_offline`) one schema-only
provider process per provider serves them to every terraform command (failing that, Terraform starts one per
command from a temporary filesystem mirror). Every report says :data:`OFFLINE_LABEL`.
Needs the ``iacf-core[offline]`` extra (grpcio, grpcio-health-checking, msgpack, cryptography) for the provider
process; building schemas needs only pip.
"""

from __future__ import annotations

from .packages import KNOWN_PACKAGES, SchemaPackage
from .schema import ProviderSchema, SchemaError, build_schema, cached_schema, types_with_argument
from .validate import OFFLINE_LABEL, OfflineError, OfflineResult, terraform_test_offline, validate_offline

__all__ = [
    "KNOWN_PACKAGES",
    "OFFLINE_LABEL",
    "OfflineError",
    "OfflineResult",
    "ProviderSchema",
    "SchemaError",
    "SchemaPackage",
    "build_schema",
    "cached_schema",
    "terraform_test_offline",
    "types_with_argument",
    "validate_offline",
]
