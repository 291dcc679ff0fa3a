"""Language model providers: Ollama (local, the default), Anthropic Claude,
OpenAI-compatible servers, a factory and a fallback chain.

A plain async library: it imports nothing from Home Assistant and works on
the aiohttp session (and httpx client, for Anthropic) handed to it.
"""

from .base import LLMProvider, ProviderContext, ProviderSettings
from .errors import (
    AllProvidersFailedError,
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
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
