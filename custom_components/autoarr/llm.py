"""AutoArr's LLM tools platform: the arr stack for every Assist agent.

Home Assistant's `llm` integration asks each loaded integration's `llm`
platform for tools whenever an agent builds its Assist API. AutoArr answers
with the tools of its "AutoArr" LLM API (`llm_api.py`, built on
`agent/tools.py`) and that API's short prompt, so Home Assistant's OpenAI,
Ollama, Anthropic or Google agents can find, add and follow media without
anyone selecting the AutoArr API. Home Assistant's own date tool is not
repeated: the Assist API has it already.
"""

from __future__ import annotations

from homeassistant.components.llm import LLMTools
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.llm import LLM_API_ASSIST, LLMContext

from .agent.prompt import API_PROMPT
from .const import DOMAIN
from .data import AutoArrConfigEntry
from .llm_api import autoarr_tools, claim_tools


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: LLMContext, api_id: str
) -> LLMTools | None:
    """Return AutoArr's tools for the Assist API while an entry is loaded.

    Nothing for other APIs (the AutoArr API brings its own), nothing when no
    entry is loaded, and nothing when the agent's merged API already got the
    tools from the AutoArr API (see `llm_api.claim_tools`).
    """
    if api_id != LLM_API_ASSIST:
        return None
    entries: list[AutoArrConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    # AutoArr allows one entry (its unique id is the domain).
    if not entries or not claim_tools(llm_context, api_id):
        return None
    return LLMTools(tools=autoarr_tools(entries[0]), prompt=API_PROMPT)
