"""The example dashboard, as the demo installs it, in the browser."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
from playwright.async_api import Page
import pytest
from yarl import URL

from custom_components.autoarr.agent.speech import MAX_SPOKEN
from tests.support.demo import HomeAssistantClient

from .conftest import E2E_TIMEOUT
from .ui import arr_get, deep_text, open_page, screenshot

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
    # The tap scrolled down to the tile: the picture shows the dashboard's top.
    await page.locator(
        "hui-heading-card", has_text="Downloads"
    ).scroll_into_view_if_needed()
    await screenshot(page, "dashboard", readme=True)


async def test_dashboard_shows_posters(page: Page, demo: dict[str, Any]) -> None:
    """The poster row shows the pictures Home Assistant serves; no address the
    browser loads carries a service's API key."""
    path = demo["dashboard_url"].removeprefix(demo["url"])
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    await page.set_viewport_size({"width": 1400, "height": 1100})
    await open_page(page, demo, path)
    await page.locator("hui-heading-card", has_text="Posters").wait_for()
    for name in ("Next episode", "Next movie"):
        card = page.locator("hui-picture-entity-card", has_text=name).first
        picture = card.locator("img").first
        # (With an aspect ratio the card shows the picture as a background.)
        await picture.wait_for(state="attached")
        await page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0",
            arg=await picture.element_handle(),
        )
        source = URL(await picture.get_attribute("src") or "")
        assert source.path.startswith("/api/image_proxy/image."), source
    keys = [s["api_key"] for s in demo["services"].values() if s.get("api_key")]
    assert not [url for url in loaded if any(key in url for key in keys)]
    await screenshot(page, "dashboard-posters", readme=True)


def _spoken(name: str) -> str:
    """Return a listed name as Assist says it ("S02E05" in words)."""
    found = re.fullmatch(r"(?P<title>.+) S(?P<season>\d+)E(?P<episode>\d+)", name)
    if found is None:
        return name
    return (
        f"{found['title']} season {int(found['season'])} "
        f"episode {int(found['episode'])}"
    )


def _in_order(text: str, names: list[str]) -> bool:
    """Return whether every name is in the text, in the order given."""
    at = -1
    for name in names:
        at = text.find(name, at + 1)
        if at < 0:
            return False
    return True


async def test_dashboard_queue_is_what_assist_says(
    page: Page, demo: dict[str, Any], ha: HomeAssistantClient
) -> None:
    """The queue card lists the stack's downloads in the order, and with the
    state words, of the answer to "what's downloading?"."""
    path = demo["dashboard_url"].removeprefix(demo["url"])
    await page.set_viewport_size({"width": 1400, "height": 1100})
    await open_page(page, demo, path)
    card = "hui-markdown-card:has-text('Queue')"
    await page.locator(card).locator("text=/· downloading/").first.wait_for()
    shown = await deep_text(page, card)
    answer = await ha.request(
        "POST",
        "/api/conversation/process",
        {"text": "what's downloading?", "language": "en"},
    )
    said = answer["response"]["speech"]["plain"]["speech"]
    items = (await ha.request("GET", "/api/states/sensor.autoarr_downloads"))[
        "attributes"
    ]["items"]
    # The card: the first ten, in order, each with its state word.
    assert _in_order(shown, [i["name"] for i in items[:10]]), shown
    for item in items[:10]:
        assert f"· {item['state']}" in shown.split(item["name"], 1)[1]
    # The answer: what downloads, named in the same order, first; past the
    # first MAX_SPOKEN, the rest counted.
    downloading = [i["name"] for i in items if i["state"] == "downloading"]
    assert downloading
    assert said.startswith(f"{len(downloading)} downloading: "), said
    named = downloading[:MAX_SPOKEN]
    assert _in_order(said, [_spoken(name) for name in named]), said
    if len(downloading) > MAX_SPOKEN:
        rest = f"; and {len(downloading) - MAX_SPOKEN} more."
        assert rest in said.split(" need attention", 1)[0], said
