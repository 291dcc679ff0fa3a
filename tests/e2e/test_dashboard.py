"""The example dashboard, as the demo installs it, in the browser."""

from __future__ import annotations

from typing import Any

import aiohttp
from playwright.async_api import Page
import pytest

from .conftest import E2E_TIMEOUT
from .ui import arr_get, open_page, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]


async def test_dashboard_shows_the_stack(
    page: Page, demo: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    """Queue with progress, speed, upcoming calendar, health and audit score."""
    path = demo["dashboard_url"].removeprefix(demo["url"])
    await page.set_viewport_size({"width": 1400, "height": 1100})
    await open_page(page, demo, path)

    queue = await arr_get(
        http, demo["services"]["sonarr"], "queue", pageSize="200", includeSeries="true"
    )
    downloading = [r for r in queue["records"] if r["status"] == "downloading"]
    assert downloading
    title = downloading[0]["series"]["title"]

    queue_card = page.locator("hui-markdown-card", has_text="Queue")
    await queue_card.locator(f"text={title}").first.wait_for()
    await queue_card.locator("text=/\\d+ % · downloading/").first.wait_for()
    await page.locator("hui-tile-card", has_text="MB/s").wait_for()
    await page.locator("hui-calendar-card").wait_for()
    await page.locator("hui-tile-card", has_text="Sonarr").first.wait_for()
    # Tapping the audit score tile runs the audit (the score is unknown after
    # the entry reloads, e.g. once an instance was added); the gauge shows
    # once there is a score.
    await page.locator("hui-tile-card", has_text="Audit score").click()
    await page.locator("hui-gauge-card", has_text="Audit score").wait_for()
    await page.locator("hui-markdown-card", has_text="Missing root folder").wait_for()
    await screenshot(page, "dashboard", readme=True)
