"""The hub flow without a language model, or with Claude and no Ollama.

Every model is optional: the hub can be created with services only, and a
model is added, changed or removed later with Reconfigure.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers.anthropic import AnthropicServer
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.scripted import refusing_url

from .conftest import ANTHROPIC_KEY, INSTALLED_MODEL, hub_entry
from .helpers import connect, start

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")


async def test_hub_with_services_only(
    hass: HomeAssistant, sonarr: SonarrSimulator, setup_calls: list[str]
) -> None:
    """An empty model form goes straight to the services; the hub has no model."""
    result = await start(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "services"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "sonarr"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"name": "Sonarr", "url": sonarr.url, "api_key": sonarr.api_key},
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {}
    # Named by where the stack runs: the hub's device is "AutoArr".
    assert result["title"] == "AutoArr (127.0.0.1)"
    entry = result["result"]
    kinds = sorted(sub.subentry_type for sub in entry.subentries.values())
    assert kinds == sorted(["sonarr", SUBENTRY_CONVERSATION, SUBENTRY_AI_TASK])
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_blank_ollama_url_is_no_ollama(hass: HomeAssistant) -> None:
    """A URL of blanks counts as left empty."""
    result = await connect(hass, "   ")
    assert result["step_id"] == "services"


async def test_unreachable_ollama_can_be_left_out(hass: HomeAssistant) -> None:
    """An Ollama that does not answer is refused on its field; empty, setup goes on."""
    result = await connect(hass, refusing_url())
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_OLLAMA_URL: "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ""}
    )
    assert result["step_id"] == "services"


async def test_claude_without_ollama(
    hass: HomeAssistant, anthropic: AnthropicServer
) -> None:
    """A Claude key alone: only the Claude model is asked for."""
    result = await start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY}
    )
    assert result["step_id"] == "models"
    assert [str(marker) for marker in result["data_schema"].schema] == [
        CONF_ANTHROPIC_MODEL
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5"}
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["data"] == {
        CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY,
        CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5",
    }


async def test_reconfigure_removes_every_model_then_adds_one(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """Reconfigure with every field empty leaves a hub without a model; again, adds one."""
    entry = hub_entry(ollama.url, anthropic_key=ANTHROPIC_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: "", CONF_ANTHROPIC_API_KEY: ""}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == {}

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ollama.url}
    )
    assert result["step_id"] == "models"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == {
        CONF_OLLAMA_URL: ollama.url,
        CONF_OLLAMA_MODEL: INSTALLED_MODEL,
    }
