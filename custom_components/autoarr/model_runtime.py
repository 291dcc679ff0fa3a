"""The hub's language models while the entry runs: the chain and its health.

A hub may have no language model at all (the entities, actions and instant
answers need none), or any of Ollama, an OpenAI-compatible server and
Claude. Only the providers the hub's data names are built, in that order of
preference. A model server that is down never stops the entry's setup:
nothing is asked of it then; it is checked every `CHECK_INTERVAL`, and once it has not
answered for `UNREACHABLE_ISSUE_AFTER` a repair issue says so, as for a
service; the issue goes as soon as it answers again (or its fix flow
checks again and finds it answering). A key the server refuses starts the
hub's reauthentication.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.httpx_client import get_async_client
from homeassistant.util import dt as dt_util

from .const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_KEEP_ALIVE,
    CONF_NUM_CTX,
    CONF_OLLAMA_URL,
    CONF_OPENAI_URL,
    CONF_PROVIDER,
    CONF_PROVIDER_ORDER,
    CONF_READ_TIMEOUT,
    CONF_THINK,
    CONF_THINKING_BUDGET,
    DOMAIN,
    LOGGER,
    PROVIDER_ANTHROPIC,
    PROVIDER_OLLAMA,
    PROVIDER_OPENAI,
)
from .data import AutoArrConfigEntry
from .issues import UNREACHABLE_ISSUE_AFTER
from .llm_providers import LLMAuthError, LLMConfigError, LLMProvider
from .llm_providers.factory import create as create_llm
from .llm_providers.fallback import FallbackChain

# How often the hub's model servers are checked while the entry runs.
CHECK_INTERVAL: Final = timedelta(minutes=5)
MODEL_ISSUE_PREFIX: Final = "model_unreachable_"

# The hub's data key that says a provider is set up, in order of preference.
_PROVIDER_KEYS: Final = (
    (PROVIDER_OLLAMA, CONF_OLLAMA_URL),
    (PROVIDER_OPENAI, CONF_OPENAI_URL),
    (PROVIDER_ANTHROPIC, CONF_ANTHROPIC_API_KEY),
)


def configured_providers(data: Mapping[str, Any]) -> list[str]:
    """Return the providers the hub's data sets up, in order of preference."""
    return [name for name, key in _PROVIDER_KEYS if data.get(key)]


def agent_order(data: Mapping[str, Any], options: Mapping[str, Any]) -> list[str]:
    """Return the providers that answer for an agent, in its order.

    The agent's full order when it has one (of the hub's providers; those
    left out never answer for it), else its preferred provider first and
    then the hub's order.
    """
    names = configured_providers(data)
    order = [name for name in options.get(CONF_PROVIDER_ORDER) or () if name in names]
    if order:
        return list(dict.fromkeys(order))
    if (preferred := options.get(CONF_PROVIDER)) in names:
        return [preferred, *(name for name in names if name != preferred)]
    return names


# An agent's options that change how its models run (besides the provider it
# prefers): with none of them, the agent uses the hub's chain.
_AGENT_MODEL_KEYS: Final = (
    *(f"{name}_model" for name, _ in _PROVIDER_KEYS),
    CONF_NUM_CTX,
    CONF_KEEP_ALIVE,
    CONF_THINK,
    CONF_READ_TIMEOUT,
    CONF_THINKING_BUDGET,
)


def agent_config(
    data: Mapping[str, Any], options: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Return the provider library's config for an agent; None without a model.

    The hub's servers and keys in the agent's order (`agent_order`), each
    with the agent's model (else the hub's) and its
    options: Ollama's context window, keep-alive and thinking, for the
    local servers the read timeout between streamed chunks, and Claude's
    thinking budget.
    """
    names = agent_order(data, options)
    if not names:
        return None
    config: dict[str, Any] = {**data, "provider": names[0], "fallback_order": names}
    for name in names:
        if model := str(options.get(f"{name}_model") or "").strip():
            config[f"{name}_model"] = model
    local: dict[str, Any] = {}
    if CONF_READ_TIMEOUT in options:
        local["read_timeout"] = float(options[CONF_READ_TIMEOUT])
    ollama = dict(local)
    for key in (CONF_NUM_CTX, CONF_KEEP_ALIVE):
        if key in options:
            ollama[key] = int(options[key])
    if CONF_THINK in options:
        ollama["think"] = bool(options[CONF_THINK])
    config[f"{PROVIDER_OLLAMA}_options"] = ollama
    config[f"{PROVIDER_OPENAI}_options"] = local
    if CONF_THINKING_BUDGET in options:
        config[f"{PROVIDER_ANTHROPIC}_options"] = {
            "thinking_budget": int(options[CONF_THINKING_BUDGET])
        }
    return config


async def async_agent_models(
    hass: HomeAssistant, entry: AutoArrConfigEntry, options: Mapping[str, Any]
) -> LLMProvider | None:
    """Return the model chain of an agent with these options; None without a model.

    An agent without model options of its own uses the hub's chain in the
    agent's order (a view sharing which hosts are down). Others
    get a chain of their own, built once per set of options and closed with
    the entry: two agents can use two models of one Ollama.
    """
    runtime = entry.runtime_data
    if runtime.llm is None:
        return None
    if not any(key in options for key in _AGENT_MODEL_KEYS):
        chain = runtime.llm
        order = agent_order(entry.data, options)
        return chain.ordered(order) if isinstance(chain, FallbackChain) else chain
    config = agent_config(entry.data, options)
    assert config is not None  # the hub has a model: runtime.llm is set
    key = repr(sorted((k, repr(v)) for k, v in config.items()))
    if (cached := runtime.agent_llms.get(key)) is not None:
        return cached
    chain = await _async_build(hass, config)
    runtime.agent_llms[key] = chain
    entry.async_on_unload(chain.close)
    return chain


def model_issue_id(provider: str) -> str:
    """Return the id of the repair issue of an unreachable model provider."""
    return f"{MODEL_ISSUE_PREFIX}{provider}"


async def async_create_models(
    hass: HomeAssistant, entry: AutoArrConfigEntry
) -> LLMProvider | None:
    """Build the hub's model chain; None when the hub has no model.

    Plain construction: nothing is asked of the servers here.
    """
    names = configured_providers(entry.data)
    if not names:
        return None
    return await _async_build(
        hass, {**entry.data, "provider": names[0], "fallback_order": names}
    )


async def _async_build(hass: HomeAssistant, config: dict[str, Any]) -> LLMProvider:
    """Build a chain from the provider library's config, in the executor."""
    try:
        # The Anthropic SDK loads certificates while it is built.
        return await hass.async_add_executor_job(
            partial(
                create_llm,
                config=config,
                session=async_get_clientsession(hass),
                http_client=get_async_client(hass),
            )
        )
    except LLMConfigError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="llm_config_error",
            translation_placeholders={"error": str(err)},
        ) from err


class ModelWatch:
    """Checks the hub's model servers in the background; raises repair issues."""

    def __init__(
        self, hass: HomeAssistant, entry: AutoArrConfigEntry, llm: LLMProvider
    ) -> None:
        """Watch the providers of a chain (or the one provider)."""
        self._hass = hass
        self._entry = entry
        self._providers = (
            list(llm.providers) if isinstance(llm, FallbackChain) else [llm]
        )
        self.down_since: dict[str, datetime] = {}

    @callback
    def async_start(self) -> None:
        """Check every CHECK_INTERVAL (a request that fails is told anyway)."""
        entry = self._entry
        entry.async_on_unload(
            async_track_time_interval(
                self._hass, self._async_tick, CHECK_INTERVAL, name="AutoArr models"
            )
        )
        entry.async_on_unload(self._async_delete_issues)

    async def _async_tick(self, _now: datetime) -> None:
        await self.async_check()

    async def async_check(self) -> None:
        """Check every provider once and update its repair issue."""
        for provider in self._providers:
            status = await provider.health_check()
            now = dt_util.utcnow()
            if status.available:
                if self.down_since.pop(provider.kind, None) is not None:
                    LOGGER.info("The language model %s answers again", provider.name)
                ir.async_delete_issue(self._hass, DOMAIN, model_issue_id(provider.kind))
                continue
            if status.error_kind == LLMAuthError.kind:
                # The key was refused: Home Assistant asks the user for a new
                # one (once; a reauth flow already running is not repeated).
                self._entry.async_start_reauth(self._hass)
            since = self.down_since.setdefault(provider.kind, now)
            if since == now:
                LOGGER.info(
                    "The language model %s is unavailable: %s",
                    provider.name,
                    status.error,
                )
            if now - since >= UNREACHABLE_ISSUE_AFTER:
                ir.async_create_issue(
                    self._hass,
                    DOMAIN,
                    model_issue_id(provider.kind),
                    # Its fix flow checks the server again (repair_checks.py).
                    is_fixable=True,
                    is_persistent=False,
                    data={"entry_id": self._entry.entry_id},
                    severity=ir.IssueSeverity.WARNING,
                    translation_key="model_unreachable",
                    translation_placeholders={
                        "provider": provider.display_name,
                        "model": provider.model,
                        "minutes": str(int((now - since).total_seconds() // 60)),
                        "error": status.error or "",
                    },
                )

    @callback
    def _async_delete_issues(self) -> None:
        for provider in self._providers:
            ir.async_delete_issue(self._hass, DOMAIN, model_issue_id(provider.kind))
