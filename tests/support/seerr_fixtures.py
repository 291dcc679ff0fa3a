"""What the Seerr tests set up alike: the Seerr simulator, a model, an agent.

`seerr` serves the Seerr simulator at the frozen present (its seeded
requests: Sam's Dune: Part Two and Severance wait for approval; its users:
its API key acts as Alex, an admin) and fails the test when AutoArr sent it
anything outside Seerr's API document. `ollama` serves a scripted Ollama.
`setup_agent` sets AutoArr up with some services and one conversation agent
and returns the agent's entity id. A test module imports the fixtures it
uses by name (and lists them in `__all__`), as it does those of
`tests/entities/conftest.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL
from tests.support.llm_servers import OllamaServer
from tests.support.seerr_sim import SeerrSimulator, start_seerr
from tests.test_conversation import conversation_subentry

# The model the hub names: the scripted Ollama answers whatever it is.
MODEL = "qwen2.5:7b"


@pytest.fixture
async def seerr(frozen_now: datetime) -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator: Sam's Dune: Part Two and Severance wait."""
    async with start_seerr(now=frozen_now) as sim:
        yield sim
    assert not sim.contract_violations, sim.contract_violations


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve a scripted Ollama."""
    async with OllamaServer() as server:
        yield server


async def setup_agent(
    hass: HomeAssistant,
    setup_entry: Any,
    *subentries: Any,
    ollama_url: str,
    **options: Any,
) -> str:
    """Set AutoArr up with services and an agent (its options); return its id.

    `setup_entry` is the fixture of `tests/entities/conftest.py`; the hub's
    model is the Ollama at `ollama_url` (a refusing one: no model answers).
    """
    entry = await setup_entry(
        *subentries,
        conversation_subentry(**options),
        data={CONF_OLLAMA_URL: ollama_url, CONF_OLLAMA_MODEL: MODEL},
    )
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )
