"""Set AutoArr up in the browser with no language model at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from playwright.async_api import Page
import pytest

from tests.support.demo import HomeAssistantClient, wait_for_entry_loaded

from .conftest import E2E_TIMEOUT
from .ui import open_page, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]

DIALOG = "dialog-data-entry-flow"


@pytest.fixture
async def fresh_ha(
    unconfigured_demo: dict[str, Any],
) -> AsyncIterator[HomeAssistantClient]:
    """The unconfigured demo's Home Assistant APIs, as the demo user."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, unconfigured_demo["url"])
        client.token = unconfigured_demo["access_token"]
        yield client


async def test_setup_without_a_model(
    page: Page, unconfigured_demo: dict[str, Any], fresh_ha: HomeAssistantClient
) -> None:
    """The hub is set up with a Sonarr and no model; its entities come up."""
    demo = unconfigured_demo
    assert not await fresh_ha.request(
        "GET", "/api/config/config_entries/entry?domain=autoarr"
    )
    sonarr = demo["services"]["sonarr"]
    # Where "Add integration" > AutoArr leads.
    await open_page(page, demo, "/config/integrations/dashboard/add?domain=autoarr")
    # "Do you want to set up AutoArr?"
    await page.locator("dialog-box ha-button", has_text="OK").click()

    # The first step asks for the language models, all optional: none given.
    await page.wait_for_selector(f"{DIALOG} input[name=ollama_url]")
    for field in ("ollama_url", "openai_compat_url", "anthropic_api_key"):
        assert await page.input_value(f"{DIALOG} input[name={field}]") == ""
    await screenshot(page, "setup-without-model", readme=True)
    await page.locator(f"{DIALOG} ha-button", has_text="Submit").click()

    # Straight on to the services: add Sonarr, then finish.
    await page.locator(DIALOG).get_by_text("Add a Sonarr instance").click()
    await page.wait_for_selector(f"{DIALOG} input[name=url]")
    await page.fill(f"{DIALOG} input[name=url]", sonarr["url"])
    await page.fill(f"{DIALOG} input[name=api_key]", sonarr["api_key"])
    await page.locator(f"{DIALOG} ha-button", has_text="Submit").click()
    await page.locator(DIALOG).get_by_text("Finish", exact=True).click()

    # The entry is made: Home Assistant offers to name its devices (the
    # hub's, the agent's and Sonarr's).
    finish = page.locator(f"{DIALOG} ha-button", has_text="Skip and finish")
    await finish.wait_for()
    await screenshot(page, "setup-without-model-done")
    await finish.click()
    await finish.wait_for(state="hidden")

    entries = await fresh_ha.request(
        "GET", "/api/config/config_entries/entry?domain=autoarr"
    )
    assert len(entries) == 1
    entry_id = entries[0]["entry_id"]
    await wait_for_entry_loaded(fresh_ha, entry_id)
    entry = await fresh_ha.ws_command("config_entries/get_single", entry_id=entry_id)
    hub = entry["config_entry"]
    assert hub["state"] == "loaded"
    subentries = await fresh_ha.ws_command(
        "config_entries/subentries/list", entry_id=entry_id
    )
    assert [s["title"] for s in subentries if s["subentry_type"] == "sonarr"] == [
        "Sonarr"
    ]

    # Sonarr's entities are there and read the simulator, with no model.
    entities = await fresh_ha.ws_command("config/entity_registry/list")
    ours = {
        entity["entity_id"]
        for entity in entities
        if entity["config_entry_id"] == entry_id
    }
    assert "sensor.sonarr_queue" in ours
    state = await fresh_ha.request("GET", "/api/states/sensor.sonarr_queue")
    assert int(state["state"]) > 0
