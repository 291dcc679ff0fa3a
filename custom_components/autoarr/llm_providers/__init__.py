"""Language model providers: Ollama (local, the default), Anthropic Claude,
OpenAI-compatible servers, a factory and a fallback chain.

A plain async library: it imports nothing from Home Assistant and works on
the aiohttp session (and httpx client, for Anthropic) handed to it.

    from custom_components.autoarr.llm_providers import Message, ToolSpec, factory

    chain = factory.create(config={"anthropic_api_key": key}, session=session)
    async for delta in chain.stream([Message.user("What is downloading?")],
                                    tools=[ToolSpec("get_queue", "...")]):
        ...  # delta.content pieces, then whole delta.tool_calls
    chain.last_provider  # "ollama", or "anthropic" when Ollama was down
    await chain.close()  # cancels the background re-probes

A tool call whose `arguments_error` is set must not be run: answer it with
`Message.tool_result(call, call.arguments_error, is_error=True)`.
"""

from .base import ChatOptions, LLMProvider, ProviderContext, ProviderSettings
from .errors import (
    AllProvidersFailedError,
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMModelOutputError,
    LLMOverloadedError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
)
from .fallback import Attempt, FallbackChain, ProviderState
from .models import (
    FinishReason,
    HealthStatus,
    LLMResponse,
    Message,
    ProviderInfo,
    Role,
    StreamDelta,
    ToolCall,
    ToolSpec,
    Usage,
)

__all__ = [
    "AllProvidersFailedError",
    "Attempt",
    "ChatOptions",
    "FallbackChain",
    "FinishReason",
    "HealthStatus",
    "LLMAuthError",
    "LLMBadRequestError",
    "LLMConfigError",
    "LLMConnectionError",
    "LLMError",
    "LLMMalformedOutputError",
    "LLMModelNotFoundError",
    "LLMModelOutputError",
    "LLMOverloadedError",
    "LLMProvider",
    "LLMRateLimitError",
    "LLMResponse",
    "LLMServerError",
    "LLMTimeoutError",
    "Message",
    "ProviderContext",
    "ProviderInfo",
    "ProviderSettings",
    "ProviderState",
    "Role",
    "StreamDelta",
    "ToolCall",
    "ToolSpec",
    "Usage",
]
