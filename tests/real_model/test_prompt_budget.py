"""The agent's prompt as a real server counts it: at most 700 tokens.

The system prompt and exactly the tools AutoArr's agent sends (its own and
Home Assistant's date tool, as the agent gets them from its LLM API),
rendered by the server's chat template and counted by its tokenizer. Every
token of it is read by a home CPU at 10 to 40 tokens a second whenever the
server's prompt cache is cold.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
import pytest

from custom_components.autoarr.agent.prompt import API_PROMPT, SYSTEM_PROMPT
from custom_components.autoarr.chat_bridge import tool_specs
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.llm_api import LLM_API_ID
from custom_components.autoarr.llm_providers.tool_calls import function_tools
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llama_server import RealLlamaServer, prompt_tokens

from .test_agent import llama_hub

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]

PROMPT_BUDGET = 700


async def test_the_prompt_is_within_its_budget(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    llama_server: RealLlamaServer,
) -> None:
    """System prompt and tools together, server-counted, fit the budget."""
    await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), data=llama_hub(llama_server)
    )
    api = await llm.async_get_api(
        hass_core,
        LLM_API_ID,
        llm.LLMContext(
            platform=DOMAIN,
            context=Context(),
            language="en",
            assistant=conversation.DOMAIN,
            device_id=None,
        ),
    )
    specs = tool_specs(api)
    # Home Assistant's date tool keeps the time out of the system prompt,
    # which would otherwise change every turn and defeat the prompt cache.
    assert "llm__GetDateTime" in {spec.name for spec in specs}
    system, tools = await hass_core.async_add_executor_job(
        prompt_tokens,
        llama_server,
        f"{SYSTEM_PROMPT}\n{API_PROMPT}",
        function_tools(specs),
    )
    assert system + tools <= PROMPT_BUDGET, (system, tools)
