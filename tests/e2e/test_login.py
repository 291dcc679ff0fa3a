"""Log in to the demo's Home Assistant in a real browser."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page
import pytest

from .conftest import E2E_TIMEOUT
from .ui import log_in, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]


async def test_login_page_then_overview(page: Page, demo: dict[str, Any]) -> None:
    """The demo user logs in and lands in the app, with the sidebar shown."""
    await page.goto(demo["url"])
    await page.wait_for_selector("input[name=username]")
    await screenshot(page, "login")

    await log_in(page, demo)

    assert page.url.startswith(demo["url"])
    assert "/auth/" not in page.url
    # The user's name shows at the foot of the sidebar, and the overview
    # dashboard greets them.
    await page.wait_for_selector("ha-sidebar >> text=Demo")
    await page.wait_for_selector("text=Welcome Demo")
    await screenshot(page, "overview")


async def test_wrong_password_is_refused(page: Page, demo: dict[str, Any]) -> None:
    """A wrong password keeps the user on the login page with an error."""
    await page.goto(demo["url"])
    await page.fill("input[name=username]", demo["username"])
    await page.fill("input[name=password]", "not-the-password")
    await page.click("ha-button:has-text('Log in')")
    await page.wait_for_selector("text=Invalid username or password")
    assert "/auth/authorize" in page.url
