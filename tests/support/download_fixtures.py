"""Fixtures of the real download clients (a pytest plugin of tests/conftest.py).

`real_qbittorrent`, `real_transmission`, `real_deluge` and `real_nzbget`
start one daemon each for the whole session (skipping when the program is
absent); `qbittorrent`, `transmission`, `deluge` and `nzbget` hand it to a
test after its `reset()`, and reset it again after, so tests share the
daemon without seeing each other's torrents, jobs or limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support.daemon import RealDaemon
from tests.support.deluge import RealDeluge
from tests.support.nzbget import RealNzbget
from tests.support.qbittorrent import RealQbittorrent
from tests.support.sockets import sockets_allowed
from tests.support.transmission import RealTransmission


def _session_daemon[D: RealDaemon](factory: Callable[[], D]) -> Iterator[D]:
    daemon = factory()
    if not daemon.available():
        pytest.skip(daemon.skip_reason())
    with sockets_allowed():
        daemon.start()
    try:
        yield daemon
    finally:
        with sockets_allowed():
            daemon.stop()


def _reset_around[D: RealQbittorrent | RealTransmission | RealDeluge | RealNzbget](
    daemon: D,
) -> Iterator[D]:
    daemon.reset()
    yield daemon
    if daemon.running:
        daemon.reset()


@pytest.fixture(scope="session")
def real_qbittorrent() -> Iterator[RealQbittorrent]:
    """Start one real qBittorrent for the session; skip when it is absent."""
    yield from _session_daemon(RealQbittorrent)


@pytest.fixture
def qbittorrent(
    real_qbittorrent: RealQbittorrent, socket_enabled: None
) -> Iterator[RealQbittorrent]:
    """Return the session's qBittorrent, reset before and after the test."""
    yield from _reset_around(real_qbittorrent)


@pytest.fixture(scope="session")
def real_transmission() -> Iterator[RealTransmission]:
    """Start one real Transmission for the session; skip when it is absent."""
    yield from _session_daemon(RealTransmission)


@pytest.fixture
def transmission(
    real_transmission: RealTransmission, socket_enabled: None
) -> Iterator[RealTransmission]:
    """Return the session's Transmission, reset before and after the test."""
    yield from _reset_around(real_transmission)


@pytest.fixture(scope="session")
def real_deluge() -> Iterator[RealDeluge]:
    """Start one real Deluge (daemon and Web UI) for the session."""
    yield from _session_daemon(RealDeluge)


@pytest.fixture
def deluge(real_deluge: RealDeluge, socket_enabled: None) -> Iterator[RealDeluge]:
    """Return the session's Deluge, reset before and after the test."""
    yield from _reset_around(real_deluge)


@pytest.fixture(scope="session")
def real_nzbget() -> Iterator[RealNzbget]:
    """Start one real NZBGet for the session; skip when it is absent."""
    yield from _session_daemon(RealNzbget)


@pytest.fixture
def nzbget(real_nzbget: RealNzbget, socket_enabled: None) -> Iterator[RealNzbget]:
    """Return the session's NZBGet, reset before and after the test."""
    yield from _reset_around(real_nzbget)
