"""An agent's model options: which model of each server, and how it runs.

Each agent may use its own model of each of the hub's servers (chosen from
the server's list or typed; absent: the hub's) with its own output limit,
temperature and read timeout, for Ollama its context window, keep-alive
and thinking, and for Claude a budget of extended thinking. The form shows only what the hub's servers use, suggests each
provider's defaults, and checks that the context window holds the prompt and
the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
)
import probatio

from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_KEEP_ALIVE,
    CONF_MAX_TOKENS,
    CONF_NUM_CTX,
    CONF_OLLAMA_URL,
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_URL,
    CONF_READ_TIMEOUT,
    CONF_TEMPERATURE,
    CONF_THINK,
    CONF_THINKING_BUDGET,
    DEFAULT_AI_TASK_MAX_TOKENS,
    DEFAULT_MAX_TOKENS,
    DEFAULT_READ_TIMEOUT,
    PROVIDER_ANTHROPIC,
    PROVIDER_OLLAMA,
    PROVIDER_OPENAI,
)
from custom_components.autoarr.llm_providers.anthropic import MIN_THINKING_BUDGET
from custom_components.autoarr.llm_providers.base import LLMProvider
from custom_components.autoarr.llm_providers.ollama import (
    DEFAULT_KEEP_ALIVE,
    DEFAULT_NUM_CTX,
)
from custom_components.autoarr.model_runtime import configured_providers

from .providers import (
    async_create_anthropic,
    async_list_models,
    create_ollama,
    create_openai,
    ollama_model_name,
)

# What the prompt (instructions and tools, about 800 tokens) needs in the
# context window besides the answer and the tool results.
PROMPT_ROOM: Final = 2048
MAX_OUTPUT_TOKENS: Final = 8192
MAX_THINKING_BUDGET: Final = 32000


def _number(low: float, high: float, step: float = 1, *, whole: bool = True) -> Any:
    return probatio.All(
        NumberSelector(
            NumberSelectorConfig(
                min=low, max=high, step=step, mode=NumberSelectorMode.BOX
            )
        ),
        probatio.Coerce(int if whole else float),
    )


def model_key(provider: str) -> str:
    """Return the option (and the hub's key) of a provider's model."""
    return f"{provider}_model"


async def async_model_lists(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Return the models each of the hub's servers offers (empty when it cannot say)."""
    lists: dict[str, list[str]] = {}
    for name in configured_providers(data):
        provider: LLMProvider
        if name == PROVIDER_OLLAMA:
            provider = create_ollama(hass, data[CONF_OLLAMA_URL])
        elif name == PROVIDER_OPENAI:
            provider = create_openai(
                hass, data[CONF_OPENAI_URL], data.get(CONF_OPENAI_API_KEY)
            )
        else:
            provider = await async_create_anthropic(hass, data[CONF_ANTHROPIC_API_KEY])
        lists[name] = []
        # The form still offers a typed name when the server cannot be asked.
        await async_list_models(provider, lists[name])
    return lists


def model_defaults(data: Mapping[str, Any], *, ai_task: bool) -> dict[str, Any]:
    """Return the suggested options: the hub's models and the providers' defaults."""
    defaults: dict[str, Any] = {
        CONF_MAX_TOKENS: DEFAULT_AI_TASK_MAX_TOKENS if ai_task else DEFAULT_MAX_TOKENS,
        CONF_READ_TIMEOUT: DEFAULT_READ_TIMEOUT,
    }
    for name in configured_providers(data):
        defaults[model_key(name)] = data.get(model_key(name))
    if PROVIDER_OLLAMA in configured_providers(data):
        defaults |= {
            CONF_NUM_CTX: DEFAULT_NUM_CTX,
            CONF_KEEP_ALIVE: DEFAULT_KEEP_ALIVE,
            CONF_THINK: False,
        }
    if PROVIDER_ANTHROPIC in configured_providers(data):
        defaults[CONF_THINKING_BUDGET] = 0
    return defaults


def model_schema(
    data: Mapping[str, Any], lists: Mapping[str, list[str]]
) -> dict[Any, Any]:
    """Return the form fields of an agent's model options for the hub's servers."""
    providers = configured_providers(data)
    schema: dict[Any, Any] = {
        probatio.Optional(model_key(name)): SelectSelector(
            SelectSelectorConfig(
                options=lists.get(name, []), custom_value=True, sort=True
            )
        )
        for name in providers
    }
    if not providers:
        return schema
    schema |= {
        probatio.Required(CONF_MAX_TOKENS): _number(16, MAX_OUTPUT_TOKENS),
        probatio.Optional(CONF_TEMPERATURE): _number(0, 2, 0.05, whole=False),
    }
    if PROVIDER_OLLAMA in providers:
        schema |= {
            probatio.Required(CONF_NUM_CTX): _number(512, 131072),
            probatio.Required(CONF_KEEP_ALIVE): _number(-1, 86400),
            probatio.Required(CONF_THINK): BooleanSelector(),
        }
    if PROVIDER_OLLAMA in providers or PROVIDER_OPENAI in providers:
        schema[probatio.Required(CONF_READ_TIMEOUT)] = _number(10, 3600)
    if PROVIDER_ANTHROPIC in providers:
        schema[probatio.Optional(CONF_THINKING_BUDGET)] = _number(
            0, MAX_THINKING_BUDGET
        )
    return schema


def model_errors(
    user_input: Mapping[str, Any], lists: Mapping[str, list[str]]
) -> dict[str, str]:
    """Return what is wrong with an agent's model options.

    An Ollama model must be on the server when the server listed its models
    (the hub's Reconfigure downloads others); the context window must hold
    the prompt and the answer; Claude's thinking budget is off (0) or at
    least what the API accepts.
    """
    errors: dict[str, str] = {}
    installed = {ollama_model_name(name) for name in lists.get(PROVIDER_OLLAMA, [])}
    ollama_model = user_input.get(model_key(PROVIDER_OLLAMA))
    if installed and ollama_model and ollama_model not in installed:
        errors[model_key(PROVIDER_OLLAMA)] = "model_not_installed"
    num_ctx = user_input.get(CONF_NUM_CTX)
    max_tokens = int(user_input.get(CONF_MAX_TOKENS, DEFAULT_MAX_TOKENS))
    if num_ctx is not None and num_ctx < max_tokens + PROMPT_ROOM:
        errors[CONF_NUM_CTX] = "context_too_small"
    if 0 < int(user_input.get(CONF_THINKING_BUDGET) or 0) < MIN_THINKING_BUDGET:
        errors[CONF_THINKING_BUDGET] = "thinking_budget_too_small"
    return errors


def clean_models(user_input: dict[str, Any]) -> None:
    """Drop blank model names (the hub's model is used) and trim the others."""
    for name in (PROVIDER_OLLAMA, PROVIDER_OPENAI, PROVIDER_ANTHROPIC):
        key = model_key(name)
        if key in user_input:
            if not (model := str(user_input[key]).strip()):
                del user_input[key]
            elif name == PROVIDER_OLLAMA:
                user_input[key] = ollama_model_name(model)
            else:
                user_input[key] = model
