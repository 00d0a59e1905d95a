"""The schema-only provider: a Terraform provider plugin that knows a provider's schema and nothing else.

Terraform starts it like any provider (go-plugin: magic cookie, a handshake line on stdout, gRPC over TLS on a
private Unix socket, a health service named ``plugin``, a controller answering ``Shutdown``). It
answers the schema and validation calls of plugin protocol 6 and refuses every call that would reach the cloud.
Run as ``python -m iacf_core.toolkit.offline.server --schema-dir DIR``; the mirror's launcher script does that.
With ``--socket PATH`` it serves every command of an offline run instead (see :mod:`.shared`).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent import futures
from pathlib import Path
from typing import Any

from . import wire
from .tls import server_credentials

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
PROTOCOL_VERSION = 6
REFUSED = "schema-only provider: validation only"

Handler = Callable[[bytes], bytes]


class SchemaOnlyProvider:
    """The answers of the ``tfplugin6.Provider`` service, from a built schema folder."""

    def __init__(self, schema_dir: Path, patch: dict[str, dict[str, Any]] | None = None) -> None:
        self.schema_dir = schema_dir
        self.schema_bytes = (schema_dir / "provider-schema.pb").read_bytes()
        for section, entries in sorted((patch or {}).items()):
            for type_name, schema in sorted(entries.items()):
                self.schema_bytes += wire.schema_entry(section, type_name, schema)
        self.metadata_bytes = (schema_dir / "metadata.pb").read_bytes()
        self.patch = patch or {}
        self._schema: dict[str, Any] | None = None
        self._lock = threading.Lock()

    def handlers(self) -> dict[str, Handler]:
        refused = _refusal
        return {
            "GetMetadata": lambda _req: self.metadata_bytes,
            "GetProviderSchema": lambda _req: self.schema_bytes,
            "ValidateProviderConfig": _empty,
            "ValidateResourceConfig": lambda req: self.validate_config("resource_schemas", req),
            "ValidateDataResourceConfig": lambda req: self.validate_config("data_source_schemas", req),
            "ValidateEphemeralResourceConfig": lambda req: self.validate_config("ephemeral_resource_schemas", req),
            "UpgradeResourceState": self.upgrade_resource_state,
            "GetFunctions": _empty,
            "StopProvider": _empty,
            # field number of `diagnostics` in each refused call's response
            "ConfigureProvider": refused(1),
            "ReadResource": refused(2),
            "PlanResourceChange": refused(4),
            "ApplyResourceChange": refused(3),
            "ImportResourceState": refused(2),
            "MoveResourceState": refused(2),
            "ReadDataSource": refused(2),
            "OpenEphemeralResource": refused(1),
            "RenewEphemeralResource": refused(1),
            "CloseEphemeralResource": refused(1),
            "CallFunction": lambda _req: wire.function_error(REFUSED),
        }

    def block_of(self, type_name: str, section: str = "resource_schemas") -> dict[str, Any] | None:
        with self._lock:
            if self._schema is None:
                document = json.loads((self.schema_dir / "schema.json").read_text(encoding="utf-8"))
                self._schema = next(iter(document["provider_schemas"].values()))
        entry = self.patch.get(section, {}).get(type_name) or self._schema.get(section, {}).get(type_name)
        return entry["block"] if entry else None

    def validate_config(self, section: str, request: bytes) -> bytes:
        """What the provider's SDK would refuse from the schema alone: read-only attributes that are set."""
        from .readonly import decode_config, violations

        type_name, config = decode_config(request)
        block = self.block_of(type_name, section)
        return wire.with_diagnostics(1, *violations(config, block)) if block else b""

    def upgrade_resource_state(self, request: bytes) -> bytes:
        """The stored state re-encoded against the current schema (the stub knows no older schema versions)."""
        from .state import conform_state

        type_name, raw_json = "", b""
        for number, value in wire.fields(request):
            if number == 1 and isinstance(value, bytes):
                type_name = value.decode("utf-8")
            elif number == 3 and isinstance(value, bytes):
                raw_json = next((v for n, v in wire.fields(value) if n == 1 and isinstance(v, bytes)), b"")
        block = self.block_of(type_name)
        if block is None:
            return wire.with_diagnostics(2, wire.diagnostic("error", f"unknown resource type {type_name}"))
        try:
            payload = conform_state(json.loads(raw_json or b"null"), block)
        except ValueError as exc:
            return wire.with_diagnostics(2, wire.diagnostic("error", f"cannot read the stored state: {exc}"))
        return wire.upgraded_state(payload)


def _empty(_request: bytes) -> bytes:
    return b""


def _refusal(field: int) -> Handler:
    detail = ("This provider was built from the provider's published schema to run `terraform validate` and "
              "`terraform test` with mock providers offline; it cannot reach the cloud.")
    answer = wire.with_diagnostics(field, wire.diagnostic("error", REFUSED, detail))
    return lambda _request: answer


def _identity(data: bytes) -> bytes:
    return data


def _unary(grpc: Any, handler: Handler) -> Any:
    """A gRPC method handler passing raw message bytes both ways."""
    return grpc.unary_unary_rpc_method_handler(lambda request, _context: handler(request),
                                               request_deserializer=_identity, response_serializer=_identity)


def _grpc_server(provider: SchemaOnlyProvider, shutdown: Handler, log: Path | None = None) -> Any:
    """A gRPC server answering the provider service, go-plugin's controller and the health check."""
    import grpc
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc

    handlers = provider.handlers()
    if log is not None:
        handlers = _logged(handlers, log)
    # several Terraform processes (and provider configurations) may call at once
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    methods = {name: _unary(grpc, fn) for name, fn in handlers.items()}
    controller = {"Shutdown": _unary(grpc, shutdown)}
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("tfplugin6.Provider", methods),
                                     grpc.method_handlers_generic_handler("plugin.GRPCController", controller)))
    checker = health.HealthServicer()
    checker.set("plugin", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(checker, server)
    return server


def _logged(handlers: dict[str, Handler], log: Path) -> dict[str, Handler]:
    """The handlers, each appending ``<pid> <method>`` to ``log`` (which process answered what, for the tests
    and for a reader wondering whether the shared provider was used)."""
    lock = threading.Lock()
    pid = os.getpid()

    def wrap(name: str, handler: Handler) -> Handler:
        def call(request: bytes) -> bytes:
            with lock, log.open("a", encoding="utf-8") as out:
                out.write(f"{pid} {name}\n")
            return handler(request)
        return call

    return {name: wrap(name, fn) for name, fn in handlers.items()}


def serve(schema_dir: Path, patch_file: Path | None = None, log: Path | None = None) -> int:
    """Run the plugin until Terraform shuts it down; returns the exit code."""
    import grpc

    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        print("This binary is a Terraform provider plugin (schema-only). It is not meant to be run directly: "
              "Terraform starts it.", file=sys.stderr)
        return 1
    offered = os.environ.get("PLUGIN_PROTOCOL_VERSIONS", str(PROTOCOL_VERSION)).split(",")
    if str(PROTOCOL_VERSION) not in offered:
        print(f"schema-only provider: Terraform offers protocol {','.join(offered)}, this provider speaks "
              f"{PROTOCOL_VERSION}", file=sys.stderr)
        return 1
    stopped = threading.Event()

    def shutdown(_request: bytes) -> bytes:
        stopped.set()
        return b""

    server = _grpc_server(_provider(schema_dir, patch_file), shutdown, log)
    # a private folder: only this user can reach the socket (see tls.py)
    folder = Path(tempfile.mkdtemp(prefix="iacf-tfp-"))
    socket = folder / "plugin.sock"
    cert_field = ""
    if os.environ.get("PLUGIN_CLIENT_CERT"):  # AutoMTLS: Terraform expects TLS and our certificate
        credentials, cert_der = server_credentials()
        server.add_secure_port(f"unix:{socket}", grpc.ssl_server_credentials(**credentials))
        cert_field = "|" + base64.b64encode(cert_der).decode("ascii").rstrip("=")
    else:
        server.add_insecure_port(f"unix:{socket}")
    server.start()
    print(f"1|{PROTOCOL_VERSION}|unix|{socket}|grpc{cert_field}", flush=True)
    parent = os.getppid()
    # Terraform ends a plugin with a Shutdown call, or kills it; exit too if Terraform itself went away
    try:
        while not stopped.wait(1.0):
            if os.getppid() != parent:
                break
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    server.stop(0.5).wait()
    return 0


def serve_shared(schema_dir: Path, socket: Path, patch_file: Path | None = None, log: Path | None = None) -> int:
    """Serve on ``socket`` for every Terraform command of an offline run (``TF_REATTACH_PROVIDERS``), until
    standard input closes (the run ended, or its process died) or SIGTERM.

    Terraform does not negotiate TLS with a provider it reattaches to (no AutoMTLS): the socket is plain, in
    the run's private temporary folder (mode 0700). A ``Shutdown`` from Terraform is ignored: the run, not a
    command, decides when the provider ends."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda _sig, _frame: stopped.set())
    server = _grpc_server(_provider(schema_dir, patch_file), _empty, log)
    server.add_insecure_port(f"unix:{socket}")
    server.start()
    print(f"1|{PROTOCOL_VERSION}|unix|{socket}|grpc", flush=True)

    def until_stdin_closes() -> None:
        sys.stdin.read()
        stopped.set()

    threading.Thread(target=until_stdin_closes, daemon=True).start()
    try:
        stopped.wait()
    finally:
        server.stop(0.5).wait()
        socket.unlink(missing_ok=True)
    return 0


def _provider(schema_dir: Path, patch_file: Path | None) -> SchemaOnlyProvider:
    # schema entries for this run only (JSON {section: {type: schema}}), served after the cached ones
    patch = json.loads(patch_file.read_text(encoding="utf-8")) if patch_file else None
    return SchemaOnlyProvider(schema_dir, patch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="iacf-schema-only-provider", description=__doc__)
    parser.add_argument("--schema-dir", required=True, type=Path, help="a folder built by build_schema()")
    parser.add_argument("--patch", type=Path, help="schema entries replacing cached ones for this run (JSON)")
    parser.add_argument("--socket", type=Path, help="serve on this Unix socket until stdin closes (reattach)")
    parser.add_argument("--log", type=Path, help="append '<pid> <method>' for every call answered")
    args = parser.parse_args(argv)
    if args.socket is not None:
        return serve_shared(args.schema_dir, args.socket, args.patch, args.log)
    return serve(args.schema_dir, args.patch, args.log)


if __name__ == "__main__":
    raise SystemExit(main())
