"""The repairs AutoArr raises in the demo, in the browser: one per problem."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page
import pytest

from tests.support.demo import HomeAssistantClient

from .conftest import E2E_TIMEOUT
from .ui import open_page, screenshot

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]


async def test_one_repair_per_problem(
    page: Page, demo: dict[str, Any], ha: HomeAssistantClient
) -> None:
    """Settings → Repairs lists each of the stack's problems once, titled by
    the problem and the service (a missing root folder: one repair)."""
    # The audit's findings are repairs too: run it before looking.
    await ha.request("POST", "/api/services/autoarr/audit?return_response", {})
    await page.set_viewport_size({"width": 1200, "height": 900})
    await open_page(page, demo, "/config/repairs")
    listed = page.locator("ha-config-repairs")
    await listed.locator("text=/Missing root folder/").first.wait_for()
    issues = [
        issue
        for issue in (await ha.ws_command("repairs/list_issues"))["issues"]
        if issue["domain"] == "autoarr" and not issue["dismissed_version"]
    ]
    assert issues
    problems = [
        (
            issue["translation_key"],
            sorted((issue["translation_placeholders"] or {}).items()),
        )
        for issue in issues
    ]
    assert len(problems) == len({repr(p) for p in problems}), problems
    await screenshot(page, "repairs", readme=True)
