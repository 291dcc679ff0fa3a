"""The language model providers as the flows use them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
import logging
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.httpx_client import get_async_client

from custom_components.autoarr import validation
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_OLLAMA_URL,
    CONF_OPENAI_URL,
    PROVIDER_ANTHROPIC,
    PROVIDER_OLLAMA,
    PROVIDER_OPENAI,
)
from custom_components.autoarr.llm_providers.base import LLMProvider
from custom_components.autoarr.llm_providers.errors import LLMError, LLMTimeoutError
from custom_components.autoarr.llm_providers.factory import default_factory
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from custom_components.autoarr.validation import UNKNOWN_ERROR, llm_error_key

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProviderChoice:
    """A language model provider an agent can prefer."""

    name: str
    # Whether the hub's data holds what the provider needs to run.
    configured: Callable[[Mapping[str, Any]], bool]


# The providers an agent can prefer (besides "auto", the hub's own order),
# in the order the agent form lists them. Every one is offered: choosing one
# the hub lacks says how to add it, rather than hiding the choice.
PROVIDERS: Final = (
    ProviderChoice(PROVIDER_OLLAMA, lambda data: bool(data.get(CONF_OLLAMA_URL))),
    ProviderChoice(PROVIDER_OPENAI, lambda data: bool(data.get(CONF_OPENAI_URL))),
    ProviderChoice(PROVIDER_ANTHROPIC, lambda data: CONF_ANTHROPIC_API_KEY in data),
)


def ollama_model_name(model: str) -> str:
    """Return an Ollama model name with its tag (Ollama's default is latest)."""
    model = model.strip()
    return model if ":" in model else f"{model}:latest"


def anthropic_model_alias(model_id: str) -> str:
    """Return a dated Claude model id's alias (claude-x-4-5-20250929 -> claude-x-4-5)."""
    base, _, version = model_id.rpartition("-")
    if len(version) == 8 and version.isdecimal():
        return base
    return model_id


def create_ollama(hass: HomeAssistant, url: str) -> OllamaProvider:
    """Build an Ollama provider for a server, on Home Assistant's session."""
    return OllamaProvider(
        async_get_clientsession(hass),
        url=url,
        connect_timeout=validation.FLOW_TIMEOUT,
        read_timeout=validation.FLOW_TIMEOUT,
    )


def create_openai(
    hass: HomeAssistant, url: str, api_key: str | None
) -> OpenAICompatibleProvider:
    """Build a provider for an OpenAI-compatible server, on Home Assistant's session."""
    return OpenAICompatibleProvider(
        async_get_clientsession(hass),
        url=url,
        api_key=api_key or None,
        connect_timeout=validation.FLOW_TIMEOUT,
        read_timeout=validation.FLOW_TIMEOUT,
    )


async def async_create_anthropic(hass: HomeAssistant, api_key: str) -> LLMProvider:
    """Build an Anthropic provider through the factory, on Home Assistant's httpx client.

    The SDK client loads certificates when it is built, so that runs in the
    executor, as Home Assistant core's anthropic integration does.
    """
    return await hass.async_add_executor_job(
        partial(
            default_factory.create_one,
            PROVIDER_ANTHROPIC,
            {
                CONF_ANTHROPIC_API_KEY: api_key,
                f"{PROVIDER_ANTHROPIC}_options": {"timeout": validation.FLOW_TIMEOUT},
            },
            http_client=get_async_client(hass),
        )
    )


async def async_list_models(provider: LLMProvider, into: list[str]) -> str | None:
    """Fill `into` with the provider's models; return an error key on failure."""
    try:
        # A deadline of the flow's own: a provider's list timeout may be longer.
        async with asyncio.timeout(validation.FLOW_TIMEOUT):
            models = await provider.list_models()
    except TimeoutError:
        _LOGGER.debug("Listing the models of %s timed out", provider.name)
        return llm_error_key(LLMTimeoutError("no answer in time"))
    except LLMError as err:
        _LOGGER.debug("Listing the models of %s failed: %s", provider.name, err)
        return llm_error_key(err)
    except Exception:
        _LOGGER.exception("Unexpected error listing the models of %s", provider.name)
        return UNKNOWN_ERROR
    into[:] = models
    return None
