"""Fixtures for the SABnzbd client tests: a real SABnzbd and recorded answers.

`real_sabnzbd` starts one SABnzbd for the whole session (it takes a second or
two); `sabnzbd` hands it to a test after putting it back in a known state
(downloading, no speed limit, empty queue and history), so tests do not see
each other's jobs. Other test packages can use them by importing them into
their own conftest.py:

    from tests.sabnzbd.conftest import real_sabnzbd, sabnzbd  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import socket

import aiohttp
import pytest
import pytest_socket

from custom_components.autoarr.arr.http import ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from tests.arr_http.servers import RFC6761Resolver, running_app
from tests.support.sabnzbd import SKIP_REASON, RealSabnzbd, sabnzbd_available

from .fake_sab import RECORDED_API_KEY, FakeSabnzbd


@contextmanager
def loopback_sockets() -> Iterator[None]:
    """Let this process open sockets (still only to 127.0.0.1) for a moment.

    Home Assistant's test plugin blocks socket creation before every test;
    a session fixture is set up before any test's `socket_enabled`, so it
    lifts the block itself and puts it back.
    """
    blocked = socket.socket is not pytest_socket._true_socket
    pytest_socket.enable_socket()
    try:
        yield
    finally:
        if blocked:
            pytest_socket.disable_socket(allow_unix_socket=True)


@pytest.fixture(scope="session")
def real_sabnzbd() -> Iterator[RealSabnzbd]:
    """Start one real SABnzbd for the test session; skip when it is absent."""
    if not sabnzbd_available():
        pytest.skip(SKIP_REASON)
    sab = RealSabnzbd()
    with loopback_sockets():
        sab.start()
    try:
        yield sab
    finally:
        with loopback_sockets():
            sab.stop()


@pytest.fixture(autouse=True)
def _loopback_only(socket_enabled: None) -> None:
    """Every test here talks to servers on 127.0.0.1 (the only host allowed)."""


def reset_sabnzbd(sab: RealSabnzbd) -> None:
    """Put a SABnzbd back in a known state: downloading, empty, no limit."""
    sab.api("resume")
    sab.api("config", name="speedlimit", value="0")
    sab.api("set_config", section="misc", keyword="bandwidth_max", value="")
    sab.api("queue", name="delete", value="all", del_files="1")
    sab.api("history", name="delete", value="all", archive="0", del_files="1")
    sab.api("warnings", name="clear")


@pytest.fixture
def sabnzbd(real_sabnzbd: RealSabnzbd, socket_enabled: None) -> Iterator[RealSabnzbd]:
    """Return the session's SABnzbd, reset before and after the test."""
    reset_sabnzbd(real_sabnzbd)
    yield real_sabnzbd
    if real_sabnzbd.running:
        reset_sabnzbd(real_sabnzbd)


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
                url=url, api_key=api_key, verify_ssl=verify_ssl, timeout=timeout
            ),
        )

    return factory


@pytest.fixture
def sab_client(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient]
) -> SabnzbdClient:
    """Return a client of the real SABnzbd with its full API key."""
    return make_client(sabnzbd.url, sabnzbd.api_key, timeout=15.0)
