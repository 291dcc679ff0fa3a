"""An agent's Ollama model downloaded from the agent's own form, with progress.

Against the scripted Ollama server on loopback, which streams `/api/pull`
progress as Ollama does (one layer, in steps) and lists the model once it
is pulled.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import (
    EVENT_DATA_ENTRY_FLOW_PROGRESS_UPDATE,
    FlowResultType,
)
import pytest

from custom_components.autoarr.const import (
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_PROVIDER,
    PROVIDER_AUTO,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.scripted import Fail

from .conftest import INSTALLED_MODEL, PULLABLE_MODEL, hub_entry
from .helpers import suggested
from .test_agents import OLLAMA_OPTIONS, start

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")


def answers(model: str, **more: Any) -> dict[str, Any]:
    """Return an AI task agent's form answers with this Ollama model."""
    return {
        CONF_NAME: "Summaries",
        CONF_PROVIDER: PROVIDER_AUTO,
        CONF_MAX_TOOL_ITERATIONS: 3,
        **OLLAMA_OPTIONS,
        CONF_OLLAMA_MODEL: model,
        **more,
    }


async def test_an_agents_model_is_downloaded_with_progress(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """A model not on the server is offered, pulled with progress, then saved."""
    progress: list[float] = []
    hass.bus.async_listen(
        EVENT_DATA_ENTRY_FLOW_PROGRESS_UPDATE,
        callback(lambda event: progress.append(event.data["progress"])),
    )
    entry = hub_entry(ollama.url)
    entry.add_to_hass(hass)
    flows = hass.config_entries.subentries
    result = await start(hass, entry.entry_id, SUBENTRY_AI_TASK)
    result = await flows.async_configure(result["flow_id"], answers(PULLABLE_MODEL))
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "pull_model"
    assert result["menu_options"] == ["download", "change"]
    assert result["description_placeholders"] == {
        "model": PULLABLE_MODEL,
        "url": ollama.url,
    }
    assert not [r for r in ollama.requests if r.path == "/api/pull"]

    result = await flows.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    assert result["step_id"] == "download"
    assert result["progress_action"] == "download"
    await hass.async_block_till_done(wait_background_tasks=True)
    # The server streamed its one layer in four steps (0, 1/4 ... 4/4).
    assert progress == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert PULLABLE_MODEL in ollama.models
    (pull,) = [r for r in ollama.requests if r.path == "/api/pull"]
    assert pull.json["model"] == PULLABLE_MODEL

    result = await flows.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Summaries"
    assert result["data"][CONF_OLLAMA_MODEL] == PULLABLE_MODEL


async def test_a_failed_download_is_told_then_the_options_changed(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """The failure says why; retrying, or changing the answers, goes on."""
    entry = hub_entry(ollama.url)
    entry.add_to_hass(hass)
    flows = hass.config_entries.subentries
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    # Typed without a tag: Ollama's default tag is latest. Not pullable here.
    result = await flows.async_configure(
        result["flow_id"], answers(" mistral ", instant_answers=True)
    )
    assert result["description_placeholders"]["model"] == "mistral:latest"
    result = await flows.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await flows.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "download_failed"
    assert result["menu_options"] == ["download", "change"]
    assert "file does not exist" in result["description_placeholders"]["error"]

    ollama.script_path("/api/pull", Fail(500, "disk full"))
    result = await flows.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await flows.async_configure(result["flow_id"])
    assert "disk full" in result["description_placeholders"]["error"]

    result = await flows.async_configure(result["flow_id"], {"next_step_id": "change"})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    # The answers are kept.
    assert suggested(result, CONF_OLLAMA_MODEL) == "mistral:latest"
    assert suggested(result, CONF_NAME) == "Summaries"
    result = await flows.async_configure(
        result["flow_id"], answers(INSTALLED_MODEL, instant_answers=True)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_OLLAMA_MODEL] == INSTALLED_MODEL
