"""Checks of what a user types: service addresses and keys, model errors.

The config flows and the repair flows check a service the same way, with the
same errors: `async_check_service` reaches the service live and returns the
form's errors; `normalize_url` is the one form a URL is stored and compared
in; the `*_ERRORS` tables give each client error its translation key.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrError,
    ArrInvalidAPIKeyError,
    ArrInvalidURLError,
    ArrMalformedResponseError,
    ArrTimeoutError,
    ArrTLSError,
    ArrWrongAppError,
)
from .arr.http import parse_base_url
from .llm_providers.errors import (
    LLMAuthError,
    LLMConnectionError,
    LLMError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
)
from .service_kinds import service_config, support_of

_LOGGER = logging.getLogger(__name__)

# How long a flow waits for a server to answer a check, in seconds. A user
# is waiting on the form: a server this slow is better reported than waited on.
FLOW_TIMEOUT = 10.0
# Errors of the arr clients, most specific first (timeouts and TLS failures
# are connection errors too), and the translation key each one shows.
ARR_ERRORS: Final[tuple[tuple[type[ArrError], str], ...]] = (
    (ArrInvalidURLError, "invalid_url"),
    (ArrInvalidAPIKeyError, "invalid_api_key"),
    (ArrAuthError, "invalid_auth"),
    (ArrWrongAppError, "wrong_app"),
    (ArrTimeoutError, "timeout"),
    (ArrTLSError, "ssl_error"),
    (ArrConnectionError, "cannot_connect"),
    (ArrMalformedResponseError, "invalid_response"),
    (ArrApiError, "api_error"),
)
# Errors of the language model providers, most specific first.
LLM_ERRORS: Final[tuple[tuple[type[LLMError], str], ...]] = (
    (LLMAuthError, "invalid_auth"),
    (LLMModelNotFoundError, "model_not_found"),
    (LLMTimeoutError, "timeout"),
    (LLMConnectionError, "cannot_connect"),
    (LLMMalformedOutputError, "invalid_response"),
    (LLMRateLimitError, "rate_limited"),
    (LLMServerError, "server_error"),
)
UNKNOWN_ERROR: Final = "unknown"


def arr_error_key(err: ArrError) -> str:
    """Return the translation key of the error an arr client raised."""
    for kind, key in ARR_ERRORS:
        if isinstance(err, kind):
            return key
    return UNKNOWN_ERROR


def llm_error_key(err: LLMError) -> str:
    """Return the translation key of the error a model provider raised."""
    for kind, key in LLM_ERRORS:
        if isinstance(err, kind):
            return key
    return UNKNOWN_ERROR


def normalize_url(url: str) -> str:
    """Return an http(s) URL in the one form AutoArr stores and compares.

    Raises ArrInvalidURLError when it is not an absolute http(s) URL.
    """
    return str(parse_base_url(url)).rstrip("/")


def display_url(url: str) -> str:
    """Return a URL without the credentials it may carry (a proxy's basic auth)."""
    return str(parse_base_url(url).with_user(None)).rstrip("/")


def service_unique_id(kind: str, url: str) -> str:
    """Return the unique id of a service subentry (one per type and URL).

    Credentials in the URL are left out: the unique id is not a secret and
    shows in places the data does not.
    """
    return f"{kind}:{display_url(url)}"


async def async_validate_service(
    hass: HomeAssistant, kind: str, data: Mapping[str, Any]
) -> None:
    """Check that a subentry's data (URL, credentials, TLS check) reach `kind`.

    Raises the clients' errors (ArrError).
    """
    support = support_of(kind)
    config = service_config(support.spec, data, timeout=FLOW_TIMEOUT)
    session = async_get_clientsession(hass, verify_ssl=config.verify_ssl)
    await support.async_verify(session, config)


async def async_check_service(
    hass: HomeAssistant, kind: str, data: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """Validate a service; return the form's errors and their placeholders."""
    try:
        await async_validate_service(hass, kind, data)
    except ArrError as err:
        key = arr_error_key(err)
        # The error names the service's address, without credentials.
        _LOGGER.debug("Checking %s failed: %s", kind, err)
        return {"base": key}, {"error": str(err)}
    except Exception:
        _LOGGER.exception("Unexpected error checking %s", kind)
        return {"base": UNKNOWN_ERROR}, {"error": ""}
    return {}, {}
