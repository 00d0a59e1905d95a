"""moto's server, answering like AWS where moto's own default differs from AWS's and the provider would otherwise
correct it with a call AWS never needs.

``python -m iacf_aws.emulator_server -H 127.0.0.1 -p PORT`` is ``python -m moto.server`` with these defaults:

- a new RDS DB instance (or Aurora instance) gets AWS's default certificate authority, ``rds-ca-rsa2048-g1``
  (moto: ``rds-ca-default``, a name AWS does not have). The aws provider does not send ``ca_cert_identifier``
  with ``CreateDBInstance``; when the created instance's CA differs from the configured one, it modifies the
  instance and waits for it again (over a minute on the emulator). On AWS, an instance configured with the
  default CA needs no such modification; neither does it here now. Any other CA still goes through the
  modification, as on AWS.
"""

from __future__ import annotations

import sys
from typing import Any

AWS_DEFAULT_RDS_CA = "rds-ca-rsa2048-g1"


def aws_defaults() -> None:
    """Give moto AWS's defaults (see the module's docstring)."""
    from moto.rds.models import DBInstance

    create = DBInstance.__init__

    def init(self: DBInstance, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("ca_certificate_identifier") is None:
            kwargs["ca_certificate_identifier"] = AWS_DEFAULT_RDS_CA
        create(self, *args, **kwargs)

    DBInstance.__init__ = init  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> None:
    from moto.server import main as serve

    aws_defaults()
    serve(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
