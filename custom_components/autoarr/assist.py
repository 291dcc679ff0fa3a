"""Assist glue: what an AutoArr entry adds to Home Assistant's Assist.

While the entry is loaded, the "AutoArr" LLM API (`llm_api.py`) is
registered for every agent to select, and the built-in sentences
(`sentence_triggers.py`) answer without any agent. Both go with the entry.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import llm

from .data import AutoArrConfigEntry
from .llm_api import AutoArrAPI
from .sentence_triggers import async_register_sentence_triggers


@callback
def async_setup_assist(hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
    """Register the LLM API and the built-in sentences for the entry's life."""
    entry.async_on_unload(llm.async_register_api(hass, AutoArrAPI(hass, entry)))
    entry.async_on_unload(async_register_sentence_triggers(hass, entry))
