"""The hub flow with an OpenAI-compatible server, against a local scripted one.

llama.cpp's llama-server, LM Studio, vLLM and LocalAI speak the OpenAI chat
API: the hub lists the server's models from /v1/models, with the optional
API key as a bearer token, and asks for a new key when the server refuses it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import (
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    DOMAIN,
)
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.openai import OpenAIServer
from tests.support.llm_servers.scripted import refusing_url

from .conftest import INSTALLED_MODEL
from .helpers import select_options, start, suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")

OPENAI_KEY = "test-openai-key-0123456789abcdef"
NEW_KEY = "test-new-openai-key-0123456789ab"
MODELS = ("qwen2.5-7b-instruct", "llama-3.1-8b-instruct")


@pytest.fixture
async def openai() -> AsyncIterator[OpenAIServer]:
    """Serve an OpenAI-compatible API with two models and a key."""
    async with OpenAIServer(api_key=OPENAI_KEY, models=MODELS) as server:
        yield server


async def _submit(hass: HomeAssistant, **fields: str) -> dict[str, object]:
    result = await start(hass)
    return await hass.config_entries.flow.async_configure(  # type: ignore[no-any-return]
        result["flow_id"], fields
    )


async def test_setup_with_an_openai_compatible_server(
    hass: HomeAssistant, openai: OpenAIServer
) -> None:
    """URL and key: the models come from /v1/models; the first is suggested."""
    result = await _submit(
        hass,
        **{CONF_OPENAI_URL: f" {openai.url}/v1/ ", CONF_OPENAI_API_KEY: OPENAI_KEY},
    )
    assert result["step_id"] == "models"
    assert select_options(result, CONF_OPENAI_MODEL) == list(MODELS)
    assert suggested(result, CONF_OPENAI_MODEL) == MODELS[0]
    listing = [r for r in openai.requests if r.path == "/v1/models"]
    assert listing[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_MODEL: MODELS[1]}
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_OPENAI_URL: f"{openai.url}/v1",
        CONF_OPENAI_API_KEY: OPENAI_KEY,
        CONF_OPENAI_MODEL: MODELS[1],
    }


async def test_typed_model_and_an_empty_one(
    hass: HomeAssistant, openai: OpenAIServer
) -> None:
    """Any model name the server serves can be typed; an empty one cannot."""
    result = await _submit(
        hass, **{CONF_OPENAI_URL: openai.url, CONF_OPENAI_API_KEY: OPENAI_KEY}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_MODEL: "  "}
    )
    assert result["errors"] == {CONF_OPENAI_MODEL: "model_needed"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_MODEL: " my-finetune "}
    )
    assert result["step_id"] == "services"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {CONF_OPENAI_API_KEY: "test-wrong-key-0123456789abcdef"},
            {CONF_OPENAI_API_KEY: "invalid_auth"},
        ),
        ({}, {CONF_OPENAI_API_KEY: "invalid_auth"}),
    ],
    ids=["wrong-key", "no-key"],
)
async def test_refused_key(
    hass: HomeAssistant,
    openai: OpenAIServer,
    fields: dict[str, str],
    errors: dict[str, str],
) -> None:
    """A server that refuses the key (or wants one) says so on the key field."""
    result = await _submit(hass, **{CONF_OPENAI_URL: openai.url, **fields})
    assert result["errors"] == errors


async def test_unusable_urls(hass: HomeAssistant) -> None:
    """A key without a URL, a bad URL and an unreachable server are refused."""
    result = await _submit(hass, **{CONF_OPENAI_API_KEY: OPENAI_KEY})
    assert result["errors"] == {CONF_OPENAI_URL: "url_needed"}
    for fields, error in (
        ({CONF_OPENAI_URL: "ftp://x", CONF_OPENAI_API_KEY: OPENAI_KEY}, "invalid_url"),
        ({CONF_OPENAI_URL: refusing_url()}, "cannot_connect"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], fields
        )
        assert result["errors"] == {CONF_OPENAI_URL: error}


async def test_ollama_and_a_server_together(
    hass: HomeAssistant, ollama: OllamaServer, openai: OpenAIServer
) -> None:
    """Both local servers: one model each."""
    result = await _submit(
        hass,
        **{
            CONF_OLLAMA_URL: ollama.url,
            CONF_OPENAI_URL: openai.url,
            CONF_OPENAI_API_KEY: OPENAI_KEY,
        },
    )
    assert [str(marker) for marker in result["data_schema"].schema] == [
        CONF_OLLAMA_MODEL,
        CONF_OPENAI_MODEL,
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_OLLAMA_MODEL: INSTALLED_MODEL, CONF_OPENAI_MODEL: MODELS[0]},
    )
    assert result["step_id"] == "services"


def openai_hub(url: str, api_key: str) -> MockConfigEntry:
    """Return a hub entry with the OpenAI-compatible server as its model."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        unique_id=DOMAIN,
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        data={
            CONF_OPENAI_URL: url,
            CONF_OPENAI_API_KEY: api_key,
            CONF_OPENAI_MODEL: MODELS[0],
        },
    )


async def test_reconfigure_drops_the_server(
    hass: HomeAssistant, openai: OpenAIServer
) -> None:
    """An emptied URL forgets the server, its key and its model."""
    entry = openai_hub(openai.url, OPENAI_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert suggested(result, CONF_OPENAI_URL) == openai.url
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_URL: ""}
    )
    assert result["reason"] == "reconfigure_successful"
    assert dict(entry.data) == {}


async def test_reauth_asks_for_the_refused_key(
    hass: HomeAssistant, openai: OpenAIServer, setup_calls: list[str]
) -> None:
    """The server's key changed: reauth finds it refused and stores the new one."""
    openai.api_key = NEW_KEY
    entry = openai_hub(openai.url, OPENAI_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_openai"
    assert result["description_placeholders"]["url"] == openai.url
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_API_KEY: OPENAI_KEY}
    )
    assert result["errors"] == {CONF_OPENAI_API_KEY: "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OPENAI_API_KEY: f" {NEW_KEY} "}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_OPENAI_API_KEY] == NEW_KEY
    assert entry.data[CONF_OPENAI_MODEL] == MODELS[0]
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_reauth_chosen_by_the_user(
    hass: HomeAssistant, openai: OpenAIServer
) -> None:
    """Nothing refused now: the server's key is among the choices."""
    entry = openai_hub(openai.url, OPENAI_KEY)
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_select"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"target": "openai_compat"}
    )
    assert result["step_id"] == "reauth_openai"
