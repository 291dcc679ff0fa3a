"""How Anthropic's failures become AutoArr's errors.

The SDK's exceptions, the error events inside a 200 stream, and the HTTP
library the SDK speaks (httpx before the SDK 2.0, httpx2 from it), whose
errors surface while a stream's body is read. No API key ever reaches a
message.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._http import parse_retry_after, quoted_error
from .errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConnectionError,
    LLMError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMOverloadedError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
)

if TYPE_CHECKING:
    import anthropic


def map_error_event(error: dict[str, Any], provider: str, api_key: str) -> LLMError:
    """Return the LLMError for an error event inside a stream."""
    error_type = str(error.get("type") or "")
    if error_type == "malformed":
        return LLMMalformedOutputError(
            "Anthropic sent an event that is not a JSON object", provider=provider
        )
    message = quoted_error(str(error.get("message") or ""), api_key)
    return classify(
        200,
        error_type,
        f"Anthropic failed while answering ({error_type or 'error'})"
        + (f": {message}" if message else ""),
        None,
        provider,
    )


def map_sdk_error(err: anthropic.APIError, provider: str, api_key: str) -> LLMError:
    """Return the LLMError for an SDK error, without the API key."""
    import anthropic

    where = "Anthropic"
    if isinstance(err, anthropic.APITimeoutError):
        return LLMTimeoutError(f"{where} did not answer in time", provider=provider)
    if isinstance(err, anthropic.APIConnectionError):
        cause = err.__cause__
        reason = type(cause).__name__ if cause else "connection error"
        return LLMConnectionError(
            f"cannot connect to {where}: {reason}", provider=provider
        )
    if not isinstance(err, anthropic.APIStatusError):
        # APIResponseValidationError: a body that is not the API's.
        return LLMMalformedOutputError(
            f"{where} sent an answer that cannot be read: {type(err).__name__}",
            provider=provider,
        )
    message = quoted_error(_error_message(err), api_key)
    status = err.status_code
    text = f"{where} answered HTTP {status}" + (f": {message}" if message else "")
    return classify(
        status,
        err.type or "",
        text,
        parse_retry_after(err.response.headers),
        provider,
    )


def classify(
    status: int,
    error_type: str,
    text: str,
    retry_after: float | None,
    provider: str,
) -> LLMError:
    """Return the LLMError for an HTTP status or an API error type."""
    if status in (401, 403) or error_type in (
        "authentication_error",
        "permission_error",
    ):
        return LLMAuthError(
            f"Anthropic rejected the API key ({error_type or f'HTTP {status}'})",
            provider=provider,
        )
    if status == 429 or error_type == "rate_limit_error":
        return LLMRateLimitError(text, provider=provider, retry_after=retry_after)
    if status == 529 or error_type == "overloaded_error":
        return LLMOverloadedError(
            text, provider=provider, status=status, retry_after=retry_after
        )
    if status == 404 or error_type == "not_found_error":
        return LLMModelNotFoundError(text, provider=provider)
    if error_type in ("invalid_request_error", "request_too_large"):
        return LLMBadRequestError(text, provider=provider)
    if status >= 500 or status < 400:
        # 5xx, or an error event inside a 200 stream (api_error...).
        return LLMServerError(text, provider=provider, status=status)
    return LLMBadRequestError(text, provider=provider)


def http_library() -> ModuleType:
    """Return the HTTP library the SDK speaks: httpx before 2.0, httpx2 from it.

    Errors while the body of a stream is read come from it, not from the SDK.
    (Home Assistant 2026.11 aliases httpx to httpx2; elsewhere both may be
    installed, so the SDK's own client class tells which one it uses.)
    """
    import anthropic

    try:
        httpx2 = importlib.import_module("httpx2")
    except ImportError:  # no httpx2: an SDK before 2.0
        return importlib.import_module("httpx")
    if issubclass(anthropic.DefaultAsyncHttpxClient, httpx2.AsyncClient):
        return httpx2
    return importlib.import_module("httpx")


def _error_message(err: anthropic.APIStatusError) -> str:
    body = err.body
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
    return ""
