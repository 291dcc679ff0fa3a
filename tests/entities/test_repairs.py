"""Repair issues: a service unreachable for long, an arr with health errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.repairs import (
    MAX_LISTED_PROBLEMS,
    UNREACHABLE_ISSUE_AFTER,
    health_issue_id,
    unreachable_issue_id,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, radarr_subentry, sonarr_subentry


def _runtime(entry: Any) -> ArrRuntime:
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    return runtime


async def test_unreachable_for_long(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    freezer: Any,
) -> None:
    """Only an outage longer than the threshold raises the issue; it clears."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = _runtime(entry)
    issue_id = unreachable_issue_id(runtime.subentry_id)
    issues = ir.async_get(hass)

    sonarr.inject_fault("disconnect")
    await runtime.queue.async_refresh()
    freezer.tick(UNREACHABLE_ISSUE_AFTER - timedelta(minutes=1))
    await runtime.queue.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    freezer.tick(timedelta(minutes=2))
    await runtime.library.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "service_unreachable"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["name"] == "Sonarr"
    assert issue.translation_placeholders["minutes"] == "31"
    assert sonarr.api_key not in str(issue.translation_placeholders)

    sonarr.clear_faults()
    await runtime.queue.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_health_errors(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """Health errors (not warnings) raise an issue listing them; it clears."""
    entry = await setup_entry(radarr_subentry(radarr))
    runtime = _runtime(entry)
    issues = ir.async_get(hass)
    issue_id = health_issue_id(runtime.subentry_id)

    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "health_errors"
    assert issue.translation_placeholders == {
        "name": "Radarr",
        "problems": "- Missing root folder: /mnt/archive/movies/",
    }
    assert issue.learn_more_url == (
        "https://wiki.servarr.com/radarr/system#missing-root-folder"
    )

    many = [
        {"source": "Check", "type": "error", "message": f"Problem {n}", "wikiUrl": None}
        for n in range(MAX_LISTED_PROBLEMS + 2)
    ]
    radarr.state.health[:] = many
    await runtime.library.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["problems"].endswith("- (+2)")
    assert issue.learn_more_url is None

    # Warnings alone are for the health sensor, not for repairs.
    radarr.state.health[:] = [dict(many[0], type="warning")]
    await runtime.library.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None
