"""``python -m iacf_core.toolkit.offline``: build provider schemas, validate or test a folder offline.

    python -m iacf_core.toolkit.offline schema build azurerm [--wheel FILE] [--force]
    python -m iacf_core.toolkit.offline validate DIR --provider azurerm [--provider google] [--json]
    python -m iacf_core.toolkit.offline test DIR --provider azurerm

Exit codes: 0 passed, 1 validation or test errors, 2 bad input (unknown provider, missing folder, no terraform).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .schema import SchemaError, build_schema
from .validate import OfflineError, OfflineResult, terraform_test_offline, validate_offline


def _print_result(result: OfflineResult, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"gate": result.gate.model_dump(), "providers": result.providers, "notes": result.notes,
                          "seconds": result.seconds,
                          "findings": [f.model_dump(exclude_none=True) for f in result.findings]}, indent=2))
    else:
        print(f"{result.gate.gate}: {result.gate.status} — {result.gate.detail}")
        for finding in result.findings:
            where = f"{finding.file}:{finding.line}" if finding.line else (finding.file or "")
            print(f"  {finding.severity.value}: {where} {finding.message}".rstrip())
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iacf_core.toolkit.offline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    schema = sub.add_parser("schema", help="provider schemas").add_subparsers(dest="action", required=True)
    build = schema.add_parser("build", help="extract a provider schema into the cache (once)")
    build.add_argument("provider", help="aws, azurerm, google, or provider=distribution==version")
    build.add_argument("--wheel", type=Path, help="a binding wheel already downloaded")
    build.add_argument("--force", action="store_true", help="rebuild even when cached")
    for name in ("validate", "test"):
        cmd = sub.add_parser(name, help=f"terraform {name} with schema-only providers")
        cmd.add_argument("directory", type=Path)
        cmd.add_argument("--provider", action="append", required=True, help="provider to serve from its schema")
        cmd.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "schema":
            built = build_schema(args.provider, wheel=args.wheel, force=args.force,
                                 progress=lambda m: print(m, file=sys.stderr))
            meta = built.meta
            print(f"{built.source} {built.version}: {meta['counts']} from {built.package.requirement} "
                  f"in {meta.get('build_seconds', '?')} s -> {built.schema_path} ({meta.get('schema_bytes')} bytes)")
            return 0
        run = validate_offline if args.command == "validate" else terraform_test_offline
        result = run(args.directory, args.provider, progress=lambda m: print(m, file=sys.stderr))
        return _print_result(result, args.json)
    except (SchemaError, OfflineError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
