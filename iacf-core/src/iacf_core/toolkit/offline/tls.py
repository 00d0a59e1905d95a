"""The server side of go-plugin's AutoMTLS: a throw-away certificate Terraform is told to trust.

Terraform also presents a client certificate, on curve P-521, which the TLS library of gRPC for Python
(BoringSSL) does not accept for client authentication. The plugin therefore listens on a Unix socket inside a
folder only its user can enter (mode 0700): the file system keeps other users out, as client certificates would.
"""

from __future__ import annotations

import datetime
from typing import Any


def server_credentials() -> tuple[dict[str, Any], bytes]:
    """Keyword arguments for ``grpc.ssl_server_credentials`` and the DER certificate to announce.

    As go-plugin does: a fresh ECDSA key and a self-signed certificate for ``localhost``.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HashiCorp"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(seconds=30))
        .not_valid_after(now + datetime.timedelta(hours=12))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                     data_encipherment=False, key_agreement=True, key_cert_sign=True,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    credentials = {"private_key_certificate_chain_pairs": [(key_pem, cert_pem)]}
    return credentials, cert.public_bytes(serialization.Encoding.DER)
