"""Add a Sonarr instance through AutoArr's config flow, in the browser."""

from __future__ import annotations

import asyncio
from typing import Any

from playwright.async_api import Page
import pytest

from tests.support.demo import HomeAssistantClient

from .conftest import E2E_TIMEOUT
from .ui import open_page, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]

DIALOG = "dialog-data-entry-flow"


async def test_add_sonarr_instance(
    page: Page, demo: dict[str, Any], ha: HomeAssistantClient
) -> None:
    """The hub's "Add Sonarr" flow checks the server and adds its entities."""
    spare = demo["spare"]["sonarr"]
    await open_page(page, demo, "/config/integrations/integration/autoarr")
    await page.locator("ha-button", has_text="Add Sonarr").click()

    await page.wait_for_selector(f"{DIALOG} input[name=url]")
    await page.fill(f"{DIALOG} input[name=name]", spare["name"])
    await page.fill(f"{DIALOG} input[name=url]", spare["url"])
    await page.fill(f"{DIALOG} input[name=api_key]", spare["api_key"])
    await screenshot(page, "add-sonarr-form", readme=True)
    await page.locator(f"{DIALOG} ha-button", has_text="Submit").click()

    # The flow checked the connection and created the subentry.
    success = page.locator(DIALOG).get_by_text(
        f"Created configuration for {spare['name']}"
    )
    await success.wait_for()
    await screenshot(page, "add-sonarr-done")
    await page.locator(f"{DIALOG} ha-button", has_text="Finish").click()
    await success.wait_for(state="hidden")

    entry_id = demo["autoarr_entry_id"]
    subentries = await ha.ws_command(
        "config_entries/subentries/list", entry_id=entry_id
    )
    added = [s for s in subentries if s["title"] == spare["name"]]
    assert len(added) == 1
    assert added[0]["subentry_type"] == "sonarr"

    # The entry reloads with the new instance; its queue sensor counts the
    # simulator's queue.
    for _ in range(240):
        states = await ha.request("GET", "/api/states")
        queue = next(
            (
                state
                for state in states
                if state["entity_id"] == "sensor.sonarr_anime_queue"
            ),
            None,
        )
        if queue is not None and queue["state"] not in ("unknown", "unavailable"):
            break
        await asyncio.sleep(0.5)
    else:
        pytest.fail("the new Sonarr's queue sensor did not appear")
    assert int(queue["state"]) > 0

    # The integration page lists the new instance among the services.
    await page.locator(
        "ha-config-entry-row, ha-config-sub-entry-row", has_text=spare["name"]
    ).first.wait_for()
