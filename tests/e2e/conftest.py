"""Fixtures for the browser end-to-end tests.

A real Home Assistant with AutoArr and the demo media stack is started once per
test session by the same module `scripts/develop` runs (tests/support/demo.py),
and headless Chromium (Debian's, driven by Playwright) talks to it over
127.0.0.1. Screenshots go to artifacts/e2e/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import contextlib
import json
import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from playwright.async_api import Browser, Page, async_playwright
import pytest

from tests.support.demo import REPO_DIR, HomeAssistantClient
from tests.support.ha_reports import reports_autoarr

CHROMIUM = Path(os.environ.get("AUTOARR_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO_DIR / "artifacts" / "e2e"
# Generous: two shared cores start Home Assistant, its frontend and the stack.
DEMO_START_TIMEOUT = 300.0
# Home Assistant may take up to 30 s to stop before the demo kills it, and
# SABnzbd up to 20 s.
DEMO_STOP_TIMEOUT = 90.0
# The flags the project runs Chromium with: headless, no sandbox (root in a
# chroot), and nothing that reaches out to the network by itself.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous: CI shares two cores between Home Assistant, its frontend and the
# browser; these limits only matter when something is really wrong.
UI_TIMEOUT_MS = 90_000
# pytest-timeout's limit for one e2e test: the first also waits for the demo
# to start, and the last for it to stop (the suite's default is 120 s).
E2E_TIMEOUT = DEMO_START_TIMEOUT + DEMO_STOP_TIMEOUT + 180


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the suite-wide fixture: these tests need no in-process hass."""


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let the tests talk to the demo (Home Assistant's test plugin still
    allows 127.0.0.1 only)."""


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM} (scripts/setup installs "
            "Debian's chromium; set AUTOARR_CHROMIUM to use another)"
        )


def autoarr_errors(log_file: Path) -> list[str]:
    """Return the lines of a Home Assistant log that are AutoArr's problems.

    Its ERROR and CRITICAL lines, and Home Assistant's reports of AutoArr
    calling something deprecated (tests/support/ha_reports.py).
    """
    if not log_file.exists():
        return []
    return [
        line
        for line in log_file.read_text(errors="replace").splitlines()
        if ((" ERROR " in line or " CRITICAL " in line) and "autoarr" in line.lower())
        or reports_autoarr(line)
    ]


def listening_ports() -> set[int]:
    """Return the TCP ports something listens on (Linux's /proc/net/tcp*).

    Read from the kernel rather than by connecting: session teardown runs
    where Home Assistant's test plugin blocks sockets.
    """
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as lines:
            next(lines)  # header
            for line in lines:
                fields = line.split()
                if fields[3] == "0A":  # TCP_LISTEN
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def still_listening(info: dict[str, Any]) -> list[str]:
    """Return the demo's URLs whose port something still listens on."""
    urls = [
        info["url"],
        info["llm"]["ollama_url"],
        *(service["url"] for service in info["services"].values()),
        *(service["url"] for service in info["spare"].values()),
    ]
    ports = listening_ports()
    return [url for url in urls if urlsplit(url).port in ports]


def run_demo(
    tmp_path_factory: pytest.TempPathFactory, name: str, *options: str
) -> Iterator[dict[str, Any]]:
    """Run the demo with options; yield what it wrote to its ready file.

    Its output goes to artifacts/e2e/<name>.log, its Home Assistant's log to
    <name>-home-assistant.log (the first demo's: home-assistant.log). At the
    end the demo gets SIGINT, as from Ctrl-C, and must stop everything it
    started and exit 0, with no error of AutoArr's in the log.
    """
    _require_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    work = tmp_path_factory.mktemp(name)
    ready_file = work / "ready.json"
    demo_log = ARTIFACTS / f"{name}.log"
    ha_log_copy = ARTIFACTS / (
        "home-assistant.log" if name == "demo" else f"{name}-home-assistant.log"
    )
    output = demo_log.open("wb")
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        [
            sys.executable,
            "-m",
            "tests.support.demo",
            "--port",
            "0",
            "--config",
            str(work / "config"),
            "--ready-file",
            str(ready_file),
            *options,
        ],
        cwd=REPO_DIR,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + DEMO_START_TIMEOUT
        while not ready_file.exists():
            if process.poll() is not None:
                pytest.fail(
                    f"the demo exited with {process.returncode} during start-up:\n"
                    + demo_log.read_text(errors="replace")[-6000:]
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the demo was not ready within {DEMO_START_TIMEOUT} s")
            time.sleep(0.5)
        info: dict[str, Any] = json.loads(ready_file.read_text())
        yield info
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(DEMO_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        output.close()
        ha_log = work / "config" / "home-assistant.log"
        if ha_log.exists():
            shutil.copy(ha_log, ha_log_copy)
    # Everything the tests did went through AutoArr in a real Home Assistant:
    # it must not have logged an error on the way.
    errors = autoarr_errors(ha_log_copy)
    assert not errors, "AutoArr logged errors:\n" + "\n".join(errors)
    assert not still_listening(info), (
        f"the demo left servers running after it stopped: {still_listening(info)}"
    )
    assert process.returncode == 0, (
        f"the demo did not stop cleanly on SIGINT (exit code {process.returncode}):\n"
        + demo_log.read_text(errors="replace")[-3000:]
    )


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Run the demo (Home Assistant + media stack) for the whole session.

    Yields what the demo wrote to its ready file: url, username, password,
    access_token, autoarr_entry_id and services.
    """
    yield from run_demo(tmp_path_factory, "demo")


@pytest.fixture(scope="session")
def unconfigured_demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """Run a second demo with AutoArr installed but not set up (no entry).

    For the tests that set AutoArr up in the browser. It runs the simulators
    and the model server, without SABnzbd and qBittorrent.
    """
    yield from run_demo(
        tmp_path_factory,
        "unconfigured-demo",
        "--no-configure",
        "--no-sabnzbd",
        "--no-qbittorrent",
    )


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium driven by Playwright (never its own builds).

    Async and per test: Playwright's sync API keeps an event loop running in
    the test thread, which the suite's async fixtures cannot share.
    """
    _require_chromium()
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    """A page in a fresh browser context; a screenshot is kept of its end."""
    context = await browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-US"
    )
    context.set_default_timeout(UI_TIMEOUT_MS)
    tab = await context.new_page()
    try:
        yield tab
    finally:
        name = request.node.name.replace("/", "_")
        await tab.screenshot(path=str(ARTIFACTS / f"{name}-end.png"))
        await context.close()


@pytest.fixture
async def ha(demo: dict[str, Any]) -> AsyncIterator[HomeAssistantClient]:
    """The demo's Home Assistant APIs, logged in as the demo user."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, demo["url"])
        client.token = demo["access_token"]
        yield client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client, for the demo stack's own APIs."""
    async with aiohttp.ClientSession() as session:
        yield session
