"""The HTTP layer shared by the Sonarr, Radarr and SABnzbd clients.

It owns URL handling (reverse-proxy sub-paths, http/https, verify_ssl),
timeouts, and the mapping of aiohttp's failures and HTTP error statuses onto
the errors in `errors.py`, so each client only speaks its own API.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
import re
from typing import Any

import aiohttp
from yarl import URL

from .bounded import (
    MAX_BODY_BYTES,
    JsonTooDeepError,
    RedirectRefusedError,
    ResponseTooLargeError,
    loads_bounded,
    read_bounded,
    request_same_origin,
)
from .errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrInvalidAPIKeyError,
    ArrInvalidURLError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrRedirectError,
    ArrResponseTooLargeError,
    ArrTimeoutError,
    ArrTLSError,
    redact,
)

DEFAULT_TIMEOUT = 15.0
# How much of an error body is quoted back in a message.
MAX_ERROR_TEXT = 300
# What an API key may hold: printable ASCII, no spaces or line breaks (a key
# pasted with a line break would otherwise break the request's header).
_API_KEY = re.compile(r"[\x21-\x7e]*")

type QueryValue = str | int | float | bool
type Query = Mapping[str, QueryValue | list[QueryValue]]


def parse_base_url(url: str) -> URL:
    """Return the service's base URL, with any URL base kept as its path.

    Raises ArrInvalidURLError for anything that is not an absolute http(s) URL.
    """
    text = url.strip()
    try:
        parsed = URL(text)
    except (ValueError, TypeError) as err:
        raise ArrInvalidURLError(f"{_shown(text)!r} is not a valid URL") from err
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ArrInvalidURLError(f"{_shown(text)!r} is not an http(s) URL with a host")
    # Drop query and fragment; keep the path (a reverse proxy's sub-path).
    return (
        parsed.with_query(None)
        .with_fragment(None)
        .with_path(parsed.path.rstrip("/") or "/")
    )


def _shown(text: str) -> str:
    """Return a URL as typed, for a message: no query, fragment or password."""
    text = re.split(r"[?#]", text, maxsplit=1)[0]
    return re.sub(r"//[^/@]*@", "//", text, count=1)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key the service checks on every request."""

    key: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        """Return what must never show in a message."""
        return (self.key,)

    def check(self, app_name: str) -> None:
        """Raise ArrInvalidAPIKeyError for a key no service issues."""
        if not _API_KEY.fullmatch(self.key):
            raise ArrInvalidAPIKeyError(
                f"the API key of {app_name} has spaces, line breaks or other"
                " characters no API key has"
            )


@dataclass(frozen=True, slots=True)
class UserPassword:
    """A user name and password the service logs in with."""

    username: str
    password: str = field(repr=False)

    def secrets(self) -> tuple[str, ...]:
        """Return what must never show in a message."""
        return (self.password,)

    def check(self, app_name: str) -> None:
        """Accept any user and password (they are sent encoded)."""


@dataclass(frozen=True, slots=True)
class NoAuth:
    """No credentials: the service trusts whoever reaches it."""

    def secrets(self) -> tuple[str, ...]:
        """Return what must never show in a message: nothing."""
        return ()

    def check(self, app_name: str) -> None:
        """Accept: there is nothing to check."""


# How a service instance is authenticated; its kind's `AuthKind` says which.
type Auth = ApiKey | UserPassword | NoAuth


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """How to reach one service instance."""

    url: str
    auth: Auth
    verify_ssl: bool = True
    timeout: float = DEFAULT_TIMEOUT

    @property
    def api_key(self) -> str:
        """Return the API key of a service that authenticates with one.

        Raises TypeError for other credentials: a client of an API-key
        service given a user and password is a programming error.
        """
        if not isinstance(self.auth, ApiKey):
            raise TypeError(f"{type(self.auth).__name__} is not an API key")
        return self.auth.key


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A response body read in full, with what the clients need to judge it."""

    status: int
    content_type: str
    body: bytes
    url: URL
    # The response's headers (a session cookie, a session id to echo back).
    headers: Mapping[str, str] = field(default_factory=dict)

    def header_values(self, name: str) -> list[str]:
        """Return every value of a header (e.g. each Set-Cookie), case-insensitively."""
        getall = getattr(self.headers, "getall", None)
        if getall is not None:
            return list(getall(name, []))
        wanted = name.lower()
        return [value for key, value in self.headers.items() if key.lower() == wanted]

    def text(self) -> str:
        """Return the body as text, replacing undecodable bytes."""
        return self.body.decode("utf-8", errors="replace")


class HttpTransport:
    """Sends requests to one service and maps every failure onto ArrError."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        config: ServiceConfig,
        *,
        app_name: str,
    ) -> None:
        """Bind the transport to a session and a service instance."""
        self._session = session
        self._config = config
        self._base = parse_base_url(config.url)
        self.app_name = app_name

    @property
    def base_url(self) -> URL:
        """Return the service's base URL (with its URL base, no secrets)."""
        return self._base

    def url_for(self, path: str) -> URL:
        """Return the absolute URL of an API path below the base URL."""
        base_path = self._base.path.rstrip("/")
        return self._base.with_path(f"{base_path}/{path.lstrip('/')}", encoded=False)

    def _describe(self, url: URL) -> str:
        # No query (it may carry an API key) and no user:password part.
        return f"{self.app_name} at {url.with_query(None).with_fragment(None).with_user(None)}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        json_body: Any = None,
        data: aiohttp.FormData | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        raise_for_status: bool = True,
    ) -> HttpResponse:
        """Send one request and return its response; raise ArrError on failure.

        Statuses 401 and 403 raise ArrAuthError, 404 ArrNotFoundError, any other
        status of 400 and above ArrApiError with the server's own message. With
        `raise_for_status=False` error statuses are returned for the caller to
        judge (SABnzbd tells a rejected key from a refused host only in the
        body of its 403); connection failures are still raised.
        """
        url = self.url_for(path)
        self._config.auth.check(self.app_name)
        if self._session.closed:
            # aiohttp would raise a bare RuntimeError (e.g. during shutdown).
            raise ArrConnectionError(
                f"cannot reach {self._describe(url)}: the HTTP session is closed"
            )
        client_timeout = aiohttp.ClientTimeout(total=timeout or self._config.timeout)
        try:
            async with request_same_origin(
                self._session,
                method,
                url,
                params=_encode_query(params),
                json_body=json_body,
                data=data,
                headers=headers,
                ssl=self._config.verify_ssl,
                timeout=client_timeout,
            ) as resp:
                body = await read_bounded(resp, MAX_BODY_BYTES)
                response = HttpResponse(
                    status=resp.status,
                    content_type=resp.content_type,
                    body=body,
                    url=resp.url,
                    headers=resp.headers,
                )
        except RedirectRefusedError as err:
            raise ArrRedirectError(f"{self._describe(url)}: {err}") from err
        except ResponseTooLargeError as err:
            raise ArrResponseTooLargeError(
                f"{self._describe(url)} sent an answer larger than"
                f" {err.limit // (1024 * 1024)} MB"
            ) from err
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError) as err:
            raise ArrTLSError(
                f"TLS error talking to {self._describe(url)}: {type(err).__name__}"
            ) from err
        except TimeoutError as err:
            raise ArrTimeoutError(
                f"{self._describe(url)} did not answer in time"
            ) from err
        except aiohttp.ClientConnectorDNSError as err:
            raise ArrConnectionError(
                f"cannot resolve the host of {self._describe(url)}"
            ) from err
        except aiohttp.ClientConnectorError as err:
            raise ArrConnectionError(
                f"cannot connect to {self._describe(url)}: {err.strerror or type(err).__name__}"
            ) from err
        except aiohttp.ClientPayloadError as err:
            raise ArrMalformedResponseError(
                f"{self._describe(url)} sent an incomplete response"
            ) from err
        except (aiohttp.ClientError, asyncio.IncompleteReadError) as err:
            raise ArrConnectionError(
                f"error talking to {self._describe(url)}: {type(err).__name__}"
            ) from err
        except ValueError as err:
            # aiohttp refuses a header or URL it cannot send.
            raise ArrConnectionError(
                f"cannot send a request to {self._describe(url)}: {type(err).__name__}"
            ) from err
        if raise_for_status:
            self.raise_for_status(response)
        return response

    def raise_for_status(self, response: HttpResponse) -> None:
        """Raise the ArrError for an HTTP error status; do nothing below 400."""
        if response.status < 400:
            return
        where = self._describe(response.url)
        if response.status in (401, 403):
            raise ArrAuthError(f"{where} rejected the API key (HTTP {response.status})")
        message = self.error_message(response)
        text = f"{where} answered HTTP {response.status}"
        if message:
            text = f"{text}: {message}"
        if response.status == 404:
            raise ArrNotFoundError(text, status=404)
        raise ArrApiError(text, status=response.status)

    def error_message(self, response: HttpResponse) -> str:
        """Return the server's own error text from a response, redacted."""
        text = response.text().strip()
        if "json" in response.content_type:
            try:
                payload = loads_bounded(text)
            except ValueError:
                payload = None
            text = _message_from_json(payload) or text
        elif "html" in response.content_type:
            text = ""
        # Redact before cutting: a key cut in half would slip past redact().
        return redact(text, *self._config.auth.secrets())[:MAX_ERROR_TEXT]

    def decode_json(self, response: HttpResponse) -> Any:
        """Return the JSON document of a response, or raise a malformed error."""
        try:
            return loads_bounded(response.body)
        except JsonTooDeepError as err:
            raise ArrMalformedResponseError(
                f"{self._describe(response.url)} answered with JSON nested too deeply"
                " to be a real answer"
            ) from err
        except ValueError as err:
            raise ArrMalformedResponseError(
                f"{self._describe(response.url)} did not answer with valid JSON"
            ) from err


def _message_from_json(payload: Any) -> str:
    """Pick the human-readable message out of an error document."""
    if isinstance(payload, dict):
        for key in ("message", "errorMessage", "error", "title"):
            value = payload.get(key)
            if isinstance(value, str) and value:
                return value
    if isinstance(payload, list):
        # Sonarr/Radarr validation failures: [{"propertyName", "errorMessage"}].
        messages = [
            str(item.get("errorMessage"))
            for item in payload
            if isinstance(item, dict) and item.get("errorMessage")
        ]
        return "; ".join(messages)
    return ""


def _encode_query(params: Query | None) -> list[tuple[str, str]] | None:
    """Encode query values the way the arr APIs expect (lowercase booleans)."""
    if params is None:
        return None
    encoded: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, bool):
                encoded.append((key, "true" if item else "false"))
            else:
                encoded.append((key, str(item)))
    return encoded
