"""The voice-add blueprint with a Seerr: its sentences request through Seerr.

The example blueprint (`examples/blueprints/automation/autoarr/voice_add.yaml`)
made into an automation in a test Home Assistant, its own sentences said to
Home Assistant's agent: with a Seerr set up, `autoarr.request_media` asks
Seerr, and each of the blueprint's answers to what Seerr said is heard
(requested, waiting for approval, already available or requested, which one,
nothing found, Seerr refusing or not answering). Nothing is added to Radarr
or Sonarr behind Seerr's back. (The end-to-end demo runs without a Seerr:
`tests/e2e/test_examples.py` hears the Radarr and Sonarr answers.)
"""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    service_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import FaultKind, RadarrSimulator, SonarrSimulator
from tests.support.seerr_fixtures import seerr
from tests.support.seerr_sim import APPROVED, PENDING, SeerrSimulator, SimTitle

__all__ = ["loopback_sockets", "radarr", "seerr", "setup_entry", "sonarr"]

pytestmark = pytest.mark.clock

BLUEPRINT = (
    Path(__file__).parent.parent
    / "examples"
    / "blueprints"
    / "automation"
    / "autoarr"
    / "voice_add.yaml"
)


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give Home Assistant a configuration folder with the blueprint in it."""
    folder = Path(hass_tmp_config_dir) / "blueprints" / "automation" / "autoarr"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINT, folder / BLUEPRINT.name)
    return hass_tmp_config_dir


async def _say(hass: HomeAssistant, text: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language="en"
    )
    return " ".join(str(result.response.speech["plain"]["speech"]).split())


async def test_the_blueprint_requests_through_seerr(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Every answer of the blueprint to what Seerr says."""
    await setup_entry(
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
    )
    assert await async_setup_component(
        hass_core,
        "automation",
        {
            "automation": [
                {
                    "use_blueprint": {
                        "path": f"autoarr/{BLUEPRINT.name}",
                        "input": {},
                    }
                }
            ]
        },
    )
    await hass_core.async_block_till_done()

    assert await _say(hass_core, "I want to watch the movie Oppenheimer") == (
        "Okay, I requested Oppenheimer (2023)."
    )
    [made] = [r for r in seerr.state.requests.values() if r.tmdb_id == 872585]
    assert made.status == APPROVED
    # A household member's request waits for an administrator.
    seerr.state.key_user = seerr.state.users[2]
    assert await _say(hass_core, "put the show Shōgun on my list") == (
        "Okay, I requested Shōgun (2024); it waits for approval."
    )
    [made] = [r for r in seerr.state.requests.values() if r.tmdb_id == 126308]
    assert (made.status, made.seasons) == (PENDING, [1, 2])

    assert await _say(hass_core, "I want to watch the movie Dune") == (
        "You already have Dune (2021)."
    )
    assert await _say(hass_core, "I want to watch the movie Dune Part Two") == (
        "Dune: Part Two (2024) has already been requested."
    )
    assert await _say(hass_core, "I want to watch the movie Nothing Like It") == (
        "I found nothing called Nothing Like It."
    )
    # Two movies of one title: which one, by year.
    seerr.state.titles[841] = SimTitle(841, "movie", "Dune", 1984)
    assert await _say(hass_core, "I want to watch the movie Dune") == (
        "Which one? Dune (2021), Dune (1984)."
    )
    # Seerr refusing (a quota reached) and Seerr not answering.
    seerr.inject_fault(
        FaultKind.SERVER_ERROR,
        path="^/api/v1/request$",
        method="POST",
        status=403,
        message="Movie Quota Limit Reached",
        times=1,
    )
    seerr.state.titles[27205] = SimTitle(27205, "movie", "Inception", 2010)
    assert await _say(hass_core, "I want to watch the movie Inception") == (
        "Sorry, I could not add Inception right now."
    )
    seerr.inject_fault(FaultKind.SERVER_ERROR, path="search")
    assert await _say(hass_core, "I want to watch the movie Inception") == (
        "Sorry, I could not add Inception right now."
    )
    assert [r for r in seerr.state.requests.values() if r.tmdb_id == 27205] == []
    # Nothing went to Radarr or Sonarr behind Seerr's back.
    assert not [r for r in (*radarr.requests, *sonarr.requests) if r.method == "POST"]
