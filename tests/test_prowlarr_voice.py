""" "Why can't it find anything?" answered from Prowlarr without a model, in
every language, by AutoArr's agent and Home Assistant's own agent."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.agent.languages import REGISTRY
from tests.agent.phrasings import phrasings
from tests.entities.conftest import (
    loopback_sockets,
    prowlarr,
    prowlarr_subentry,
    setup_entry,
)
from tests.support.arr_sim import ProwlarrSimulator
from tests.test_instant_phrasings import _agents, _say

__all__ = ["loopback_sockets", "prowlarr", "setup_entry"]


@pytest.mark.parametrize("code", sorted(REGISTRY))
async def test_why_nothing_is_found(
    hass_core: HomeAssistant, setup_entry: Any, prowlarr: ProwlarrSimulator, code: str
) -> None:
    """The failing indexer is named, in every language; once it works, the
    answer says so."""
    [autoarr_agent, builtin_agent] = await _agents(
        hass_core, setup_entry, prowlarr_subentry(prowlarr)
    )
    question, failing = phrasings(code).spoken["indexers"]
    for agent_id in (autoarr_agent, builtin_agent):
        assert await _say(hass_core, agent_id, question, code) == failing

    prowlarr.state.recover_indexer(2)
    english = await _say(hass_core, builtin_agent, "are my indexers working", "en")
    assert english == (
        "All 3 indexers in Prowlarr are working, so the release is probably not "
        "out yet."
    )


async def test_without_prowlarr(hass_core: HomeAssistant, setup_entry: Any) -> None:
    """Without a Prowlarr the answer says it cannot check."""
    [autoarr_agent, _builtin] = await _agents(hass_core, setup_entry)
    answer = await _say(hass_core, autoarr_agent, "Why can't it find anything?", "en")
    assert answer == "No Prowlarr is set up, so I can't check the indexers."
