"""The hub flow's language model steps, against a real local Ollama server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest.mock import patch

from homeassistant.const import CONF_LLM_HASS_API
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import (
    EVENT_DATA_ENTRY_FLOW_PROGRESS_UPDATE,
    FlowResultType,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_CONFIRM_CHANGES,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    CONF_VOICE_CONTROL,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_CONVERSATION_NAME,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    PROVIDER_AUTO,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    VOICE_ALLOW,
)
from custom_components.autoarr.llm_providers.ollama import DEFAULT_OLLAMA_MODEL
from tests.support.llm_servers.ollama import OllamaModel, OllamaServer
from tests.support.llm_servers.scripted import Fail, Garbage, Hang, refusing_url

from .conftest import INSTALLED_MODEL, PULLABLE_MODEL
from .helpers import connect, select_options, start, suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")


async def test_first_step_prefills_nothing(hass: HomeAssistant) -> None:
    """Every model is optional: no address is prefilled to be cleared."""
    result = await start(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert suggested(result, CONF_OLLAMA_URL) is None
    assert suggested(result, CONF_ANTHROPIC_API_KEY) is None


async def test_environment_is_not_read(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch, ollama: OllamaServer
) -> None:
    """OLLAMA_URL and OLLAMA_MODEL prefill nothing: the entry is the config."""
    monkeypatch.setenv("OLLAMA_URL", ollama.url)
    monkeypatch.setenv("OLLAMA_MODEL", "llama3.2:3b")
    result = await start(hass)
    assert suggested(result, CONF_OLLAMA_URL) is None

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ollama.url}
    )
    assert result["step_id"] == "models"
    assert suggested(result, CONF_OLLAMA_MODEL) == DEFAULT_OLLAMA_MODEL


async def test_setup_without_services(
    hass: HomeAssistant, ollama: OllamaServer, setup_calls: list[str]
) -> None:
    """Models, then finish: the hub with its two default agents."""
    result = await connect(hass, f" {ollama.url}/ ")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "models"
    assert select_options(result, CONF_OLLAMA_MODEL) == [INSTALLED_MODEL]
    assert suggested(result, CONF_OLLAMA_MODEL) == DEFAULT_OLLAMA_MODEL
    # No Anthropic key, no Anthropic model to choose.
    assert [str(marker) for marker in result["data_schema"].schema] == [
        CONF_OLLAMA_MODEL
    ]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "services"
    assert result["menu_options"] == [
        "sonarr",
        "radarr",
        "lidarr",
        "sabnzbd",
        "nzbget",
        "qbittorrent",
        "transmission",
        "deluge",
        "prowlarr",
        "seerr",
        "finish",
    ]
    assert result["description_placeholders"] == {"services": "-"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # Not "AutoArr", its device's name: it says it has no services yet.
    assert result["title"] == "AutoArr (no services)"
    # The URL is stored normalized: no blanks, no trailing slash.
    assert result["data"] == {
        CONF_OLLAMA_URL: ollama.url,
        CONF_OLLAMA_MODEL: INSTALLED_MODEL,
    }
    entry = result["result"]
    assert entry.unique_id == DOMAIN
    assert (entry.version, entry.minor_version) == (
        AutoArrConfigFlow.VERSION,
        AutoArrConfigFlow.MINOR_VERSION,
    )
    agents = {sub.subentry_type: sub for sub in entry.subentries.values()}
    assert agents.keys() == {SUBENTRY_CONVERSATION, SUBENTRY_AI_TASK}
    assert agents[SUBENTRY_CONVERSATION].title == DEFAULT_CONVERSATION_NAME
    assert dict(agents[SUBENTRY_CONVERSATION].data) == {
        CONF_PROVIDER: PROVIDER_AUTO,
        CONF_MAX_TOOL_ITERATIONS: DEFAULT_MAX_TOOL_ITERATIONS,
        CONF_INSTANT_ANSWERS: True,
        CONF_VOICE_CONTROL: VOICE_ALLOW,
        CONF_CONFIRM_CHANGES: False,
        CONF_LLM_HASS_API: [],
    }
    assert agents[SUBENTRY_AI_TASK].title == DEFAULT_AI_TASK_NAME
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_only_one_hub(hass: HomeAssistant) -> None:
    """A second hub is refused: services and agents are added to the first."""
    MockConfigEntry(domain=DOMAIN, unique_id=DOMAIN, version=2).add_to_hass(hass)
    result = await start(hass)
    assert result["type"] is FlowResultType.ABORT
    # The manifest's single_config_entry stops it before the flow's own check.
    assert result["reason"] == "single_instance_allowed"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fail(500, "internal error"), "server_error"),
        (Garbage(), "invalid_response"),
        (Hang(), "timeout"),
    ],
)
async def test_ollama_faults(
    hass: HomeAssistant,
    ollama: OllamaServer,
    fast_timeouts: Callable[[float], None],
    fault: Any,
    error: str,
) -> None:
    """Each way Ollama can fail shows its own error, and keeps what was typed."""
    if isinstance(fault, Hang):
        # Only a hang needs a short deadline. The other faults keep the
        # flow's own, so that a loaded machine, slow to build the client
        # or to connect, cannot turn them into a timeout.
        fast_timeouts(0.3)
    ollama.script_path("/api/tags", fault)
    result = await connect(hass, ollama.url)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_OLLAMA_URL: error}
    assert suggested(result, CONF_OLLAMA_URL) == ollama.url

    # Once Ollama answers, the same form goes on.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ollama.url}
    )
    assert result["step_id"] == "models"


async def test_ollama_refusing(hass: HomeAssistant) -> None:
    """Nothing listening: cannot_connect."""
    result = await connect(hass, refusing_url())
    assert result["errors"] == {CONF_OLLAMA_URL: "cannot_connect"}


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org", "http://"])
async def test_ollama_invalid_url(hass: HomeAssistant, url: str) -> None:
    """Anything but an http(s) URL with a host is refused before any request."""
    result = await connect(hass, url)
    assert result["errors"] == {CONF_OLLAMA_URL: "invalid_url"}
    assert suggested(result, CONF_OLLAMA_URL) == url


async def test_download_missing_model_with_progress(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """A missing model is downloaded on request, with the stream's real progress."""
    progress: list[float] = []
    hass.bus.async_listen(
        EVENT_DATA_ENTRY_FLOW_PROGRESS_UPDATE,
        callback(lambda event: progress.append(event.data["progress"])),
    )
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "pull_model"
    assert result["menu_options"] == ["download", "models"]
    assert result["description_placeholders"] == {
        "model": PULLABLE_MODEL,
        "url": ollama.url,
    }

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    assert result["step_id"] == "download"
    assert result["progress_action"] == "download"
    await hass.async_block_till_done(wait_background_tasks=True)

    # The server streamed its one layer in four steps (0, 1/4 ... 4/4).
    assert progress == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert PULLABLE_MODEL in ollama.models
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "services"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_OLLAMA_MODEL] == PULLABLE_MODEL


async def test_download_failure_then_retry_and_choose_again(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """A failed download says why; retrying works, and so does choosing again."""
    result = await connect(hass, ollama.url)
    # Typed without a tag: Ollama's default tag is latest.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: " mistral "}
    )
    assert result["description_placeholders"]["model"] == "mistral:latest"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "download_failed"
    assert result["menu_options"] == ["download", "models"]
    assert "file does not exist" in result["description_placeholders"]["error"]

    # The server refuses the next pull outright; then choose another model.
    ollama.script_path("/api/pull", Fail(500, "disk full"))
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    assert result["step_id"] == "download_failed"
    assert "disk full" in result["description_placeholders"]["error"]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "models"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "models"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["step_id"] == "services"


async def test_choose_another_model_instead_of_downloading(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """The download offer can be declined."""
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "models"}
    )
    assert result["step_id"] == "models"
    assert suggested(result, CONF_OLLAMA_MODEL) == PULLABLE_MODEL
    assert not [r for r in ollama.requests if r.path == "/api/pull"]


async def test_progress_in_whole_percent_steps(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """A chatty pull stream is reported once per whole percent, never backwards."""
    ollama.pull_steps = 250
    progress: list[float] = []
    hass.bus.async_listen(
        EVENT_DATA_ENTRY_FLOW_PROGRESS_UPDATE,
        callback(lambda event: progress.append(event.data["progress"])),
    )
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert progress == [percent / 100 for percent in range(101)]


async def test_unexpected_download_error(
    hass: HomeAssistant, ollama: OllamaServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug while downloading ends in the failure menu and the log, not a crash."""
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    with patch(
        "custom_components.autoarr.llm_providers.ollama.OllamaProvider.pull",
        side_effect=RuntimeError,
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "download"}
        )
        await hass.async_block_till_done(wait_background_tasks=True)
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    assert result["step_id"] == "download_failed"
    assert result["description_placeholders"]["error"] == "RuntimeError"
    assert "Unexpected error downloading" in caplog.text


async def test_model_without_tools(hass: HomeAssistant, ollama: OllamaServer) -> None:
    """A model that cannot call tools is pointed out; it can be kept or replaced."""
    ollama.models["gemma:2b"] = OllamaModel(family="gemma", capabilities=["completion"])
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: "gemma:2b"}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "no_tools"
    assert result["menu_options"] == ["use_model", "models"]
    assert result["description_placeholders"] == {"model": "gemma:2b"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "models"}
    )
    assert result["step_id"] == "models"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: "gemma:2b"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "use_model"}
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["data"][CONF_OLLAMA_MODEL] == "gemma:2b"


async def test_tool_check_is_advice_only(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """When Ollama cannot describe the model, the flow goes on."""
    ollama.script_path("/api/show", Fail(500, "busy"))
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["step_id"] == "services"
    assert [r.path for r in ollama.requests].count("/api/show") == 1


async def test_one_setup_at_a_time(hass: HomeAssistant) -> None:
    """A second setup flow while one runs is refused."""
    await start(hass)
    result = await start(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_in_progress"


async def test_closing_the_dialog_stops_the_download(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """Aborting the flow during a download cancels the pull."""
    ollama.script_path("/api/pull", Hang())
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    hass.config_entries.flow.async_abort(result["flow_id"])
    # Would wait for the hanging server if the pull went on.
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not hass.config_entries.flow.async_progress()
    assert PULLABLE_MODEL not in ollama.models


async def test_reconfigure_to_a_model_to_download(
    hass: HomeAssistant, ollama: OllamaServer, setup_calls: list[str]
) -> None:
    """Reconfigure can switch to a model that is downloaded on the way."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DOMAIN,
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: INSTALLED_MODEL},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ollama.url}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: PULLABLE_MODEL}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "download"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_OLLAMA_MODEL] == PULLABLE_MODEL
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]
