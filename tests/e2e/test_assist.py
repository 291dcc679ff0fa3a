"""Ask AutoArr through Assist in the browser."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from playwright.async_api import Page
import pytest

from .conftest import E2E_TIMEOUT
from .ui import arr_get, deep_text, open_page, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]

ANSWER = "ha-assist-chat .message.hass"


async def test_whats_downloading(
    page: Page, demo: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    """Typing "what's downloading?" in Assist lists the stack's downloads."""
    await open_page(page, demo, "/home/overview")
    await page.get_by_role("button", name="Assist (A)", exact=True).click()
    await page.wait_for_selector("ha-assist-chat input")
    await page.fill("ha-assist-chat input", "what's downloading?")
    await page.keyboard.press("Enter")

    await page.locator(ANSWER, has_text=re.compile(r"\d+ downloads?")).wait_for()
    await screenshot(page, "assist", readme=True)
    answer = await deep_text(page, ANSWER)

    # What is downloading, by the services themselves.
    downloading: set[str] = set()
    for kind, media in (("sonarr", "series"), ("radarr", "movie")):
        queue = await arr_get(
            http,
            demo["services"][kind],
            "queue",
            pageSize="200",
            includeSeries="true",
            includeMovie="true",
        )
        downloading |= {
            record[media]["title"]
            for record in queue["records"]
            if record["status"] == "downloading"
        }
    assert downloading, "the demo's simulators should be downloading something"
    assert any(title in answer for title in downloading), answer
