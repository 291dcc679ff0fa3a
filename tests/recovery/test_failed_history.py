"""Recovery reads SABnzbd's failed jobs on their own.

SABnzbd's history answers the newest jobs (AutoArr asks for 50): a failed
job with 60 completed ones after it is not among them. Recovery asks
SABnzbd for the failed jobs alone (`failed_only`), so it still sees it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.arr_http.servers import running_app
from tests.entities.conftest import make_entry, service_subentry
from tests.sabnzbd.fake_sab import RECORDED_API_KEY, FakeSabnzbd, fixture

# The recorded failed job, and jobs completed after it.
FAILED: dict[str, Any] = fixture("history_failed")["history"]["slots"][0]
NEWER_COMPLETED = 60


def _completed(number: int) -> dict[str, Any]:
    return {
        **FAILED,
        "nzo_id": f"SABnzbd_nzo_done_{number}",
        "name": f"Done.{number}",
        "status": "Completed",
        "fail_message": "",
        "completed": FAILED["completed"] + number,
    }


@pytest.fixture
async def sab(socket_enabled: None) -> AsyncIterator[tuple[FakeSabnzbd, str]]:
    """Serve a SABnzbd whose one failure is older than 60 completed jobs."""
    fake = FakeSabnzbd()
    newest_first = [_completed(n) for n in range(NEWER_COMPLETED, 0, -1)]
    fake.history_jobs = [*newest_first, FAILED]
    async with running_app(fake.app()) as url:
        yield fake, f"{url}{fake.url_base}"


async def test_failure_behind_newer_completed_jobs_is_found(
    hass_core: HomeAssistant, sab: tuple[FakeSabnzbd, str]
) -> None:
    """`autoarr.recover` finds the failed job whatever came after it."""
    fake, url = sab
    entry = make_entry(service_subentry("sabnzbd", "SABnzbd", url, RECORDED_API_KEY))
    entry.add_to_hass(hass_core)
    assert await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    response = await hass_core.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert response is not None
    found = [f["download_id"] for f in response["failed_downloads"]]
    assert found == [FAILED["nzo_id"]]
    asked = fake.last("history")
    assert asked.query["failed_only"] == "1"
