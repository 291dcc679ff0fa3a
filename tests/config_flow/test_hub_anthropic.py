"""The hub flow with Anthropic as fallback, against a local Messages API server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    DOMAIN,
)
from custom_components.autoarr.llm_providers.anthropic import DEFAULT_ANTHROPIC_MODEL
from tests.support.llm_servers.anthropic import (
    DEFAULT_MODELS,
    AnthropicServer,
    api_key_of,
)
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.scripted import Fail, Garbage, Hang, refusing_url

from .conftest import ANTHROPIC_KEY, INSTALLED_MODEL, hub_entry
from .helpers import connect, select_options, suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")


async def test_setup_with_anthropic(
    hass: HomeAssistant, ollama: OllamaServer, anthropic: AnthropicServer
) -> None:
    """A valid key adds the Claude model choice, listed from the API."""
    result = await connect(
        hass, ollama.url, **{CONF_ANTHROPIC_API_KEY: f" {ANTHROPIC_KEY} "}
    )
    assert result["step_id"] == "models"
    assert select_options(result, CONF_ANTHROPIC_MODEL) == list(DEFAULT_MODELS)
    assert suggested(result, CONF_ANTHROPIC_MODEL) == DEFAULT_ANTHROPIC_MODEL
    # The key went to the server as Anthropic's header, and nowhere else.
    listing = [r for r in anthropic.requests if r.path == "/v1/models"]
    assert api_key_of(listing[0].headers) == ANTHROPIC_KEY

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        # An alias of a listed, dated model is fine.
        {CONF_OLLAMA_MODEL: INSTALLED_MODEL, CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5"},
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_OLLAMA_URL: ollama.url,
        CONF_OLLAMA_MODEL: INSTALLED_MODEL,
        CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY,
        CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5",
    }


async def test_unknown_claude_model(
    hass: HomeAssistant, ollama: OllamaServer, anthropic: AnthropicServer
) -> None:
    """A Claude model the key cannot use is refused on its field."""
    result = await connect(hass, ollama.url, **{CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_OLLAMA_MODEL: INSTALLED_MODEL, CONF_ANTHROPIC_MODEL: "claude-opus-9"},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ANTHROPIC_MODEL: "model_not_found"}
    assert suggested(result, CONF_ANTHROPIC_MODEL) == "claude-opus-9"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fail(401, "invalid x-api-key"), "invalid_auth"),
        (Fail(429, "slow down", retry_after=30), "rate_limited"),
        (Fail(500, "boom"), "server_error"),
        # The SDK fails on a web page with an error of its own (not an
        # APIError) that the provider passes on: reported as unexpected.
        (Garbage(), "unknown"),
        (Hang(), "timeout"),
    ],
)
async def test_anthropic_faults(
    hass: HomeAssistant,
    ollama: OllamaServer,
    anthropic: AnthropicServer,
    fast_timeouts: Callable[[float], None],
    fault: Any,
    error: str,
) -> None:
    """Each Anthropic failure shows on the key's field; the typed key is kept."""
    if isinstance(fault, Hang):
        # Only a hang needs a short deadline. The other faults keep the
        # flow's own, so that a loaded machine, slow to build the client
        # or to connect, cannot turn them into a timeout.
        fast_timeouts(0.3)
    anthropic.script_path("/v1/models", fault)
    result = await connect(hass, ollama.url, **{CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY})
    assert result["step_id"] == "user"
    assert result["errors"] == {CONF_ANTHROPIC_API_KEY: error}
    assert suggested(result, CONF_ANTHROPIC_API_KEY) == ANTHROPIC_KEY


async def test_wrong_key(
    hass: HomeAssistant, ollama: OllamaServer, anthropic: AnthropicServer
) -> None:
    """A key the API rejects: invalid_auth."""
    result = await connect(
        hass, ollama.url, **{CONF_ANTHROPIC_API_KEY: "test-wrong-key-0123456789"}
    )
    assert result["errors"] == {CONF_ANTHROPIC_API_KEY: "invalid_auth"}


async def test_both_fail_at_once(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ollama and Anthropic both unreachable: an error on each field."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", refusing_url())
    result = await connect(
        hass, refusing_url(), **{CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY}
    )
    assert result["errors"] == {
        CONF_OLLAMA_URL: "cannot_connect",
        CONF_ANTHROPIC_API_KEY: "cannot_connect",
    }


async def test_reconfigure_models(
    hass: HomeAssistant,
    ollama: OllamaServer,
    anthropic: AnthropicServer,
    setup_calls: list[str],
) -> None:
    """Reconfigure shows the stored settings and saves the new ones."""
    entry = hub_entry("http://127.0.0.1:9", anthropic_key=ANTHROPIC_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    assert suggested(result, CONF_OLLAMA_URL) == "http://127.0.0.1:9"
    assert suggested(result, CONF_ANTHROPIC_API_KEY) == ANTHROPIC_KEY

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_OLLAMA_URL: ollama.url, CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY},
    )
    assert result["step_id"] == "models"
    assert suggested(result, CONF_OLLAMA_MODEL) == INSTALLED_MODEL
    assert suggested(result, CONF_ANTHROPIC_MODEL) == "claude-haiku-4-5"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_OLLAMA_MODEL: INSTALLED_MODEL,
            CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_OLLAMA_URL] == ollama.url
    assert entry.data[CONF_ANTHROPIC_MODEL] == "claude-sonnet-5-5"
    # The entry had no update listener (not loaded): the flow reloads it.
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_reconfigure_drops_anthropic(
    hass: HomeAssistant, ollama: OllamaServer
) -> None:
    """An emptied key removes Anthropic (key and model) from the hub."""
    entry = hub_entry(ollama.url, anthropic_key=ANTHROPIC_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: ollama.url, CONF_ANTHROPIC_API_KEY: ""}
    )
    assert [str(marker) for marker in result["data_schema"].schema] == [
        CONF_OLLAMA_MODEL
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == {
        CONF_OLLAMA_URL: ollama.url,
        CONF_OLLAMA_MODEL: INSTALLED_MODEL,
    }


async def test_environment_suggests_nothing(
    hass: HomeAssistant,
    monkeypatch: pytest.MonkeyPatch,
    ollama: OllamaServer,
    anthropic: AnthropicServer,
) -> None:
    """ANTHROPIC_MODEL and ANTHROPIC_API_KEY prefill nothing: the default
    Claude model is suggested, and a secret from the server's environment
    is never sent to the browser."""
    monkeypatch.setenv("ANTHROPIC_MODEL", "claude-sonnet-5-5")
    monkeypatch.setenv("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": "user"}
    )
    # A secret from the server's environment is not sent to the browser.
    assert suggested(result, CONF_ANTHROPIC_API_KEY) is None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_OLLAMA_URL: ollama.url, CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY},
    )
    assert suggested(result, CONF_ANTHROPIC_MODEL) == DEFAULT_ANTHROPIC_MODEL
