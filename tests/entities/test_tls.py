"""A service behind https with a self-signed certificate (verify_ssl off)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
import ipaddress
from pathlib import Path
import ssl
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest

from tests.support.arr_sim import SonarrSimulator, start_simulator

from .conftest import SetupEntry, service_subentry


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """Write a throwaway self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "autoarr-test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
async def https_sonarr(
    tmp_path: Path, frozen_now: datetime
) -> AsyncIterator[SonarrSimulator]:
    """Serve a Sonarr simulator over https with a self-signed certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*_self_signed(tmp_path))
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()

    def ignore_refused_handshake(
        loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        # A client refusing the certificate resets the connection during the
        # handshake, which asyncio reports on the server's side; expected here.
        error = context.get("exception")
        if isinstance(error, ConnectionResetError | ssl.SSLError):
            return
        loop.default_exception_handler(context)

    loop.set_exception_handler(ignore_refused_handshake)
    try:
        async with start_simulator(
            "sonarr", ssl_context=context, now=frozen_now
        ) as sim:
            yield sim
    finally:
        loop.set_exception_handler(previous)


async def test_verify_ssl_off_and_on(
    hass: HomeAssistant, setup_entry: SetupEntry, https_sonarr: SonarrSimulator
) -> None:
    """The subentry's verify_ssl reaches every request, on the shared session."""
    assert https_sonarr.url.startswith("https://")
    await setup_entry(
        service_subentry(
            "sonarr", "Sonarr", https_sonarr.url, https_sonarr.api_key, verify_ssl=False
        ),
        service_subentry(
            "sonarr", "Strict", https_sonarr.url, https_sonarr.api_key, verify_ssl=True
        ),
    )
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE
    assert hass.states.get("sensor.strict_queue").state == STATE_UNAVAILABLE
