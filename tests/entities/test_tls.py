"""A service behind https with a self-signed certificate (verify_ssl off)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
import ssl
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest

from tests.support.arr_sim import SonarrSimulator, start_simulator
from tests.support.tls import make_self_signed_certificate

from .conftest import SetupEntry, service_subentry


@pytest.fixture
async def https_sonarr(
    tmp_path: Path, frozen_now: datetime
) -> AsyncIterator[SonarrSimulator]:
    """Serve a Sonarr simulator over https with a self-signed certificate."""
    context = make_self_signed_certificate(tmp_path).server_context()
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
