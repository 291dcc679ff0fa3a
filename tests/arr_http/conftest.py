"""Fixtures for the tests of the shared arr HTTP layer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from .servers import RFC6761Resolver


@pytest.fixture(autouse=True)
def _loopback_only(socket_enabled: None) -> None:
    """These tests talk to real servers on 127.0.0.1 (the only host allowed)."""


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session (with an RFC 6761 resolver) closed after the test."""
    connector = aiohttp.TCPConnector(resolver=RFC6761Resolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session
