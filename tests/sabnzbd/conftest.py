"""Fixtures for the SABnzbd client tests: clients, and recorded answers.

The real SABnzbd (`real_sabnzbd`, and `sabnzbd` reset for each test) comes
from tests/conftest.py, shared with the other packages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from tests.arr_http.servers import RFC6761Resolver, running_app
from tests.support.sabnzbd import RealSabnzbd

from .fake_sab import RECORDED_API_KEY, FakeSabnzbd


@pytest.fixture(autouse=True)
def _loopback_only(socket_enabled: None) -> None:
    """Every test here talks to servers on 127.0.0.1 (the only host allowed)."""


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session (names under .invalid never resolve)."""
    connector = aiohttp.TCPConnector(resolver=RFC6761Resolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


@dataclass
class RunningFake:
    """A FakeSabnzbd serving on 127.0.0.1."""

    fake: FakeSabnzbd
    url: str


@pytest.fixture
async def fake_sab() -> AsyncIterator[RunningFake]:
    """Run a FakeSabnzbd answering with recorded answers."""
    fake = FakeSabnzbd()
    async with running_app(fake.app()) as url:
        yield RunningFake(fake, url)


@pytest.fixture
def make_client(
    http_session: aiohttp.ClientSession,
) -> Callable[..., SabnzbdClient]:
    """Return a factory of clients on the test's session."""

    def factory(
        url: str,
        api_key: str = RECORDED_API_KEY,
        *,
        verify_ssl: bool = True,
        timeout: float = 5.0,
    ) -> SabnzbdClient:
        return SabnzbdClient(
            http_session,
            ServiceConfig(
                url=url, auth=ApiKey(api_key), verify_ssl=verify_ssl, timeout=timeout
            ),
        )

    return factory


@pytest.fixture
def sab_client(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient]
) -> SabnzbdClient:
    """Return a client of the real SABnzbd with its full API key."""
    return make_client(sabnzbd.url, sabnzbd.api_key, timeout=15.0)
