"""Shared fixtures for AutoArr's tests.

Real SABnzbd: `real_sabnzbd` starts one for the whole session (it takes
seconds); `sabnzbd` hands it to a test after putting it back in the state it
started in (see `reset_sabnzbd`), so tests of every package share it without
seeing each other's jobs or settings. A package that needs more (a maximum
line speed, no categories) overrides `sabnzbd` in its conftest.py, asking for
the `sabnzbd` of this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
import logging
import os
from pathlib import Path
import tempfile
from typing import Any
import urllib.parse
import urllib.request

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

# The Anthropic SDK builds its pydantic models on first use unless told not
# to. Many tests freeze time, and freezegun swaps `datetime.datetime` while it
# does, so a model first built inside such a test cannot map its datetime
# fields (pydantic compares the class by identity). Building them at import,
# before any test runs, keeps the tests independent of their order.
os.environ.setdefault("DEFER_PYDANTIC_BUILD", "false")
# And imported here: AutoArr imports the SDK lazily, and a first import
# inside a frozen-time test would build them then (SDK 2.x has datetime
# fields in models its package imports).
import anthropic  # noqa: F401

# pytest-homeassistant-custom-component ships a `custom_components` package of
# its own; importing ours before the `hass` fixture runs makes ours the one
# Home Assistant's loader finds.
import custom_components.autoarr  # noqa: F401
from tests.support.clock import DEFAULT_NOW, fixed_now
from tests.support.ha_reports import reports_autoarr
from tests.support.sabnzbd import SKIP_REASON, RealSabnzbd, sabnzbd_available
from tests.support.sockets import sockets_allowed
from tests.support.tls import make_self_signed_certificate

# The real download clients' fixtures (qBittorrent, Transmission, Deluge, NZBGet).
pytest_plugins = ["tests.support.download_fixtures"]


def _prime_cryptography() -> None:
    """Make one certificate before any test freezes the clock.

    cryptography looks up the `datetime` class once, on first use; under a
    frozen clock that is freezegun's stand-in, and every later certificate
    with real datetimes fails. Using it here first pins the real class.
    """
    with tempfile.TemporaryDirectory() as folder:
        make_self_signed_certificate(Path(folder))


_prime_cryptography()


@pytest.fixture
def frozen_now(freezer: FrozenDateTimeFactory) -> datetime:
    """Freeze Home Assistant's clock at the simulators' present (tests/support/clock.py)."""
    now = fixed_now()
    freezer.move_to(now)
    return now


# Fixtures whose tests depend on the present: the simulators build their
# libraries, calendars and histories around it.
CLOCK_FIXTURES = frozenset(
    {"frozen_now", "freezer", "sonarr_sim", "sonarr_v3_sim", "radarr_sim"}
)


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Mark the tests that depend on the present for the clock sweep.

    A test is marked `clock` when it uses a fixture that reads the present,
    or its module says so with `pytestmark = pytest.mark.clock`. During a
    sweep (AUTOARR_TEST_NOW set), snapshot tests are skipped: their
    snapshots are recorded at the default present.
    """
    sweeping = fixed_now() != DEFAULT_NOW
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & CLOCK_FIXTURES:
            item.add_marker(pytest.mark.clock)
        if sweeping and "snapshot" in names:
            item.add_marker(
                pytest.mark.skip(reason="snapshots are recorded at the default present")
            )


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


class _ReportsAboutAutoArr(logging.Handler):
    """Keeps the warnings Home Assistant logs about AutoArr's code."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if reports_autoarr(message):
            self.messages.append(message)


@pytest.fixture(autouse=True)
def no_deprecated_use_reported() -> Iterator[None]:
    """Fail a test in which Home Assistant reports AutoArr's use of an API.

    Home Assistant logs (instead of warning) when an integration calls
    something deprecated or in a way that will stop working; such a report
    about AutoArr fails the test, on every tested Home Assistant version.
    (It reports each place once per run: the first test to reach it fails.)
    """
    handler = _ReportsAboutAutoArr()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    assert not handler.messages, handler.messages


@pytest.fixture
async def hass_core(hass: HomeAssistant) -> HomeAssistant:
    """Return hass with the `homeassistant` integration set up.

    The conversation integration, which AutoArr depends on, needs it for the
    exposed-entities store.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    return hass


@dataclass(frozen=True)
class SabnzbdStart:
    """What the session's SABnzbd had when it started, to go back to."""

    misc: dict[str, Any]
    categories: list[str]
    server_stats: dict[str, Any]


SABNZBD_START = pytest.StashKey[SabnzbdStart]()


@pytest.fixture(scope="session")
def real_sabnzbd(request: pytest.FixtureRequest) -> Iterator[RealSabnzbd]:
    """Start one real SABnzbd for the test session; skip when it is absent."""
    if not sabnzbd_available():
        pytest.skip(SKIP_REASON)
    sab = RealSabnzbd()
    with sockets_allowed():
        sab.start()
        request.config.stash[SABNZBD_START] = SabnzbdStart(
            misc=_misc(sab),
            categories=_categories(sab),
            server_stats=sab.api("server_stats"),
        )
    try:
        yield sab
    finally:
        with sockets_allowed():
            sab.stop()


def _misc(sab: RealSabnzbd) -> dict[str, Any]:
    misc: dict[str, Any] = sab.api("get_config", section="misc")["config"]["misc"]
    return misc


def _categories(sab: RealSabnzbd) -> list[str]:
    categories: list[str] = sab.api("get_cats")["categories"]
    return categories


def reset_sabnzbd(sab: RealSabnzbd, start: SabnzbdStart) -> None:
    """Put a SABnzbd back as it started: downloading, empty, same settings.

    Resumes, lifts the speed limit, deletes every job of the queue and the
    history with its files, clears the warnings and the byte counters,
    writes back every `misc` setting a test changed and brings back SABnzbd's
    own categories.
    """
    sab.api("resume")
    sab.api("config", name="speedlimit", value="0")
    sab.api("queue", name="delete", value="all", del_files="1")
    sab.api("history", name="delete", value="all", archive="0", del_files="1")
    sab.api("warnings", name="clear")
    stats = sab.api("server_stats")
    if stats != start.server_stats:
        for server in stats["servers"]:
            _clear_counters(sab, server)
    misc = _misc(sab)
    for keyword, value in start.misc.items():
        if misc.get(keyword) != value:
            written = ", ".join(value) if isinstance(value, list) else str(value)
            sab.api("set_config", section="misc", keyword=keyword, value=written)
    if _categories(sab) != start.categories:
        for name in _categories(sab):
            if name != "*":
                sab.api("del_config", section="categories", keyword=name)
        # Without "*" SABnzbd writes its default categories back.
        sab.api("del_config", section="categories", keyword="*")
        assert _categories(sab) == start.categories


def _clear_counters(sab: RealSabnzbd, server: str) -> None:
    """Zero a news server's byte and article counters.

    The API has no call for it: this is the web interface's "Clear counters"
    button, which also takes the API key.
    """
    query = urllib.parse.urlencode({"server": server, "apikey": sab.api_key})
    url = f"{sab.url_with_base}/config/server/clrServer?{query}"
    with urllib.request.urlopen(url, timeout=10):  # noqa: S310 - loopback http
        pass


@pytest.fixture
def sabnzbd(
    real_sabnzbd: RealSabnzbd, request: pytest.FixtureRequest, socket_enabled: None
) -> Iterator[RealSabnzbd]:
    """Return the session's SABnzbd, reset before and after the test."""
    start = request.config.stash[SABNZBD_START]
    reset_sabnzbd(real_sabnzbd, start)
    yield real_sabnzbd
    if real_sabnzbd.running:
        reset_sabnzbd(real_sabnzbd, start)
