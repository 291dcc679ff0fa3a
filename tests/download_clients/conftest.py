"""Fixtures of the download client tests: an HTTP session and client factories.

The real daemons (`qbittorrent`, `transmission`, `deluge`, `nzbget`, each
reset for every test) come from tests/support/download_fixtures.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.arr_http.servers import RFC6761Resolver


@pytest.fixture(autouse=True)
def _loopback_only(socket_enabled: None) -> None:
    """Every test here talks to servers on 127.0.0.1 (the only host allowed)."""


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session (names under .invalid never resolve)."""
    connector = aiohttp.TCPConnector(resolver=RFC6761Resolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session
