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


async def downloading_titles(
    http: aiohttp.ClientSession, demo: dict[str, Any]
) -> set[str]:
    """What is downloading, by the Sonarr and Radarr of the demo themselves."""
    titles: set[str] = set()
    for kind, media in (("sonarr", "series"), ("radarr", "movie")):
        queue = await arr_get(
            http,
            demo["services"][kind],
            "queue",
            pageSize="200",
            includeSeries="true",
            includeMovie="true",
        )
        titles |= {
            record[media]["title"]
            for record in queue["records"]
            if record["status"] == "downloading"
        }
    return titles


async def test_whats_downloading(
    page: Page, demo: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    """Typing "what's downloading?" in Assist lists the stack's downloads."""
    titles = await downloading_titles(http, demo)
    assert titles, "the demo's simulators should be downloading something"

    await open_page(page, demo, "/home/overview")
    await page.get_by_role("button", name="Assist (A)", exact=True).click()
    await page.wait_for_selector("ha-assist-chat input")
    await page.fill("ha-assist-chat input", "what's downloading?")
    await page.keyboard.press("Enter")

    # The answer names what is downloading (whatever its wording).
    named = re.compile("|".join(re.escape(title) for title in sorted(titles)))
    await page.locator(ANSWER, has_text=named).wait_for()
    await screenshot(page, "assist", readme=True)
    answer = await deep_text(page, ANSWER)
    assert named.search(answer), answer
    assert "download" in answer.lower()
