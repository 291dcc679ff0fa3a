"""Errors raised by the language model providers.

Each error says whether the fallback chain may hand the request to the next
provider (`failover`) and names its kind (`kind`), which the chain records per
attempt and diagnostics show. Messages never contain an API key: providers
build them from status codes and the server's own message, redacted.
"""

from __future__ import annotations

from typing import ClassVar

from custom_components.autoarr.arr.errors import redact


class LLMError(Exception):
    """Base class of every error a provider raises."""

    # Whether another provider could still answer the same request.
    failover: ClassVar[bool] = True
    kind: ClassVar[str] = "error"

    def __init__(self, message: str, *, provider: str | None = None) -> None:
        """Keep which provider failed, when it is known; redact the message."""
        super().__init__(redact(message))
        self.provider = provider


class LLMConnectionError(LLMError):
    """The provider could not be reached (refused, DNS, reset)."""

    kind = "connection"


class LLMTimeoutError(LLMConnectionError):
    """The provider did not answer in time."""

    kind = "timeout"


class LLMServerError(LLMError):
    """The provider answered with a server error (HTTP 5xx)."""

    kind = "server"

    def __init__(
        self, message: str, *, provider: str | None = None, status: int | None = None
    ) -> None:
        """Keep the HTTP status, when there is one."""
        super().__init__(message, provider=provider)
        self.status = status


class LLMOverloadedError(LLMServerError):
    """The provider is overloaded (Anthropic's 529 / overloaded_error)."""

    kind = "overloaded"

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Keep how long the provider asked us to wait, when it said so."""
        super().__init__(message, provider=provider, status=status)
        self.retry_after = retry_after


class LLMRateLimitError(LLMError):
    """The provider refused the request for now (HTTP 429)."""

    kind = "rate_limit"

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Keep how long the provider asked us to wait, when it said so."""
        super().__init__(message, provider=provider)
        self.retry_after = retry_after


class LLMAuthError(LLMError):
    """The provider rejected the API key.

    The chain still fails over: another provider can answer while the user
    fixes the key (the integration raises a repair for it).
    """

    kind = "auth"


class LLMMalformedOutputError(LLMError):
    """The provider answered with something that cannot be understood."""

    kind = "malformed"


class LLMModelOutputError(LLMError):
    """The model answered, but with output that is no usable answer.

    A call the server could not parse (llama-server's "does not match the
    expected ... format"), the tool list repeated instead of an answer. The
    provider is up: this is answered inside the conversation (a repair
    round, then a spoken message), never failed over nor put on cool-down.
    """

    failover = False
    kind = "model_output"


class LLMModelNotFoundError(LLMError):
    """The configured model is not available on the provider."""

    kind = "model_not_found"


class LLMBadRequestError(LLMError):
    """The provider rejected the request itself (HTTP 400, 413, 422).

    Not failed over: the same request is most likely wrong for every provider.
    """

    failover = False
    kind = "bad_request"


class LLMConfigError(LLMError):
    """A provider cannot be built from the configuration given."""

    failover = False
    kind = "config"


class AllProvidersFailedError(LLMError):
    """Every provider in a fallback chain failed the same request."""

    failover = False
    kind = "all_failed"

    def __init__(self, errors: list[tuple[str, LLMError]]) -> None:
        """Keep each provider's error, in the order they were tried."""
        detail = "; ".join(f"{name}: {err.kind}: {err}" for name, err in errors)
        super().__init__(
            f"every language model provider failed ({detail})"
            if errors
            else "no language model provider is configured"
        )
        self.errors = errors
