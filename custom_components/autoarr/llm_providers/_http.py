"""HTTP helpers shared by the providers that talk over aiohttp.

They map aiohttp's failures and HTTP error statuses onto the errors in
`errors.py`, read streamed bodies line by line (Ollama's NDJSON, the
server-sent events of OpenAI-compatible servers), and parse retry-after.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import aclosing, asynccontextmanager
from email.utils import parsedate_to_datetime
import re
import time
from typing import Any

import aiohttp
from aiohttp.http_exceptions import HttpProcessingError
from yarl import URL

from custom_components.autoarr.arr.bounded import (
    JsonTooDeepError,
    RedirectRefusedError,
    ResponseTooLargeError,
    loads_bounded,
    read_bounded,
    request_same_origin,
)
from custom_components.autoarr.arr.errors import redact

from .errors import (
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

# How much of an error body is quoted back in a message.
MAX_ERROR_TEXT = 300
# No answer of a model API (a model list, a version, an error) comes near.
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_ERROR_BODY_BYTES = 64 * 1024

# What servers say, inside an answer, when the model wrote a tool call they
# cannot parse (llama-server: "The model produced output that does not match
# the expected ... format"; Ollama: "error parsing tool call"). The model is
# at fault there, not the server.
_MODEL_OUTPUT_ERRORS = re.compile(
    r"model produced output that does not match|"
    r"error parsing tool call|failed to parse tool call",
    re.IGNORECASE,
)


def base_url(url: str, *, provider: str) -> URL:
    """Return a provider's base URL without a trailing slash."""
    try:
        parsed = URL(url.strip())
    except (ValueError, TypeError) as err:
        raise LLMConfigError(f"{url!r} is not a valid URL", provider=provider) from err
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise LLMConfigError(
            f"{url!r} is not an http(s) URL with a host", provider=provider
        )
    return (
        parsed.with_query(None).with_fragment(None).with_path(parsed.path.rstrip("/"))
    )


def join_url(base: URL, path: str) -> URL:
    """Return an API path below a base URL (which may have a path itself)."""
    return base.with_path(f"{base.path.rstrip('/')}/{path.lstrip('/')}")


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Return the seconds a server asked to wait (retry-after-ms, retry-after)."""
    if (value := headers.get("retry-after-ms")) is not None:
        try:
            return max(float(value) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except TypeError, ValueError:
        return None
    return max(when.timestamp() - time.time(), 0.0)


def quoted_error(text: str, *secrets: str | None) -> str:
    """Return a server's message fit to quote: secrets redacted, then cut short.

    Redacting first matters: a key straddling the cut would keep its first
    part, which no longer matches the whole key redact() looks for.
    """
    return redact(text, *secrets)[:MAX_ERROR_TEXT]


def error_text(body: bytes, *secrets: str | None) -> str:
    """Return the server's own message from an error body, redacted."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        payload = loads_bounded(text)
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        error = payload.get("error", payload.get("message"))
        if isinstance(error, dict):
            error = error.get("message")
        if isinstance(error, str):
            text = error
    elif text.lstrip().startswith("<"):
        text = ""  # a web page, not an API's answer
    return quoted_error(text, *secrets)


def status_error(
    status: int,
    message: str,
    headers: Mapping[str, str],
    *,
    provider: str,
    where: str,
) -> LLMError:
    """Return the error for an HTTP error status."""
    text = f"{where} answered HTTP {status}" + (f": {message}" if message else "")
    if status in (401, 403):
        return LLMAuthError(
            f"{where} rejected the API key (HTTP {status})", provider=provider
        )
    if status == 404:
        return LLMModelNotFoundError(text, provider=provider)
    if status == 408:
        return LLMTimeoutError(text, provider=provider)
    if status == 429:
        return LLMRateLimitError(
            text, provider=provider, retry_after=parse_retry_after(headers)
        )
    if status in (503, 529):
        return LLMOverloadedError(
            text,
            provider=provider,
            status=status,
            retry_after=parse_retry_after(headers),
        )
    if status >= 500:
        return LLMServerError(text, provider=provider, status=status)
    return LLMBadRequestError(text, provider=provider)


def client_error(err: BaseException, *, provider: str, where: str) -> LLMError:
    """Return the error for an aiohttp failure or timeout."""
    if isinstance(err, TimeoutError):
        return LLMTimeoutError(f"{where} did not answer in time", provider=provider)
    if isinstance(err, aiohttp.ClientConnectorError):
        reason = err.strerror or type(err).__name__
        return LLMConnectionError(
            f"cannot connect to {where}: {reason}", provider=provider
        )
    if isinstance(err, aiohttp.ClientPayloadError):
        return LLMConnectionError(
            f"the connection to {where} was cut off mid-answer", provider=provider
        )
    return LLMConnectionError(
        f"error talking to {where}: {type(err).__name__}", provider=provider
    )


class HttpApi:
    """Sends requests to one provider's HTTP API and maps every failure."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        provider: str,
        display_name: str,
        headers: Mapping[str, str] | None = None,
        connect_timeout: float,
        read_timeout: float,
        secrets: tuple[str | None, ...] = (),
    ) -> None:
        """Bind to a session and a base URL."""
        self.session = session
        self.base = base_url(url, provider=provider)
        self.provider = provider
        self.where = f"{display_name} at {self.base}"
        self._headers = dict(headers or {})
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._secrets = secrets

    def _timeout(self, read_timeout: float | None) -> aiohttp.ClientTimeout:
        # No total limit: a long answer keeps streaming; each read may wait
        # read_timeout (a model loading into memory answers late).
        return aiohttp.ClientTimeout(
            total=None,
            connect=self._connect_timeout,
            sock_connect=self._connect_timeout,
            sock_read=read_timeout or self._read_timeout,
        )

    @asynccontextmanager
    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        read_timeout: float | None = None,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open a request whose status is OK; map any failure onto LLMError.

        The body is read inside the block; failures while reading it are
        mapped too.
        """
        try:
            async with request_same_origin(
                self.session,
                method,
                join_url(self.base, path),
                json_body=json_body,
                headers=self._headers,
                timeout=self._timeout(read_timeout),
            ) as resp:
                if resp.status >= 400:
                    try:
                        body = await read_bounded(resp, MAX_ERROR_BODY_BYTES)
                    except ResponseTooLargeError:
                        body = b""
                    raise status_error(
                        resp.status,
                        error_text(body, *self._secrets),
                        resp.headers,
                        provider=self.provider,
                        where=self.where,
                    )
                yield resp
        except LLMError:
            raise
        except RedirectRefusedError as err:
            raise LLMConnectionError(
                f"{self.where}: {err}", provider=self.provider
            ) from err
        except ResponseTooLargeError as err:
            raise self.malformed(
                f"sent an answer larger than {err.limit // (1024 * 1024)} MB"
            ) from err
        except HttpProcessingError as err:
            # aiohttp's LineTooLong: a streamed line beyond its buffer.
            raise self.malformed("sent a line too long to be a real answer") from err
        except (aiohttp.ClientError, TimeoutError) as err:
            raise client_error(err, provider=self.provider, where=self.where) from err

    async def get_json(
        self,
        path: str,
        *,
        json_body: Any = None,
        method: str = "GET",
        read_timeout: float | None = None,
    ) -> Any:
        """Return the JSON document a request answers with."""
        async with self.request(
            method, path, json_body=json_body, read_timeout=read_timeout
        ) as resp:
            body = await read_bounded(resp, MAX_BODY_BYTES)
        try:
            return loads_bounded(body)
        except JsonTooDeepError as err:
            raise self.malformed("answered with JSON nested too deeply") from err
        except ValueError as err:
            raise self.malformed("did not answer with valid JSON") from err

    def quote(self, text: str) -> str:
        """Return a server's message fit to quote, without this API's secrets."""
        return quoted_error(text, *self._secrets)

    async def get_objects(
        self, path: str, key: str, *, read_timeout: float | None = None
    ) -> list[dict[str, Any]]:
        """Return the objects a JSON document lists under `key` (a model list)."""
        payload = await self.get_json(path, read_timeout=read_timeout)
        items = payload.get(key) if isinstance(payload, dict) else None
        if not isinstance(items, list):
            raise self.malformed("did not list its models")
        return [item for item in items if isinstance(item, dict)]

    def json_object(self, raw: str | bytes, what: str) -> dict[str, Any]:
        """Return one streamed piece (`what`: "a line", "an event") as an object."""
        try:
            value = loads_bounded(raw)
        except JsonTooDeepError as err:
            raise self.malformed(f"sent {what} nested too deeply") from err
        except ValueError as err:
            raise self.malformed(f"sent {what} that is not JSON") from err
        if not isinstance(value, dict):
            raise self.malformed(f"sent {what} that is not a JSON object")
        return value

    def failed_mid_answer(self, message: str) -> LLMError:
        """Return the error for a failure the server reports inside an answer.

        A tool call the server could not parse is the model's fault, not
        the server's: a model output error, which does not fail over.
        """
        if _MODEL_OUTPUT_ERRORS.search(message):
            return LLMModelOutputError(
                f"the model at {self.where} wrote output the server could not "
                f"parse: {self.quote(message)}",
                provider=self.provider,
            )
        return LLMServerError(
            f"{self.where} failed while answering: {self.quote(message)}",
            provider=self.provider,
        )

    def malformed(self, what: str) -> LLMMalformedOutputError:
        """Return the error for an answer that cannot be understood."""
        return LLMMalformedOutputError(f"{self.where} {what}", provider=self.provider)


async def ndjson_lines(
    resp: aiohttp.ClientResponse, api: HttpApi
) -> AsyncGenerator[dict[str, Any]]:
    """Yield each JSON object of a newline-delimited JSON body."""
    async for raw in resp.content:
        if line := raw.strip():
            yield api.json_object(line, "a line")


async def sse_events(lines: AsyncIterator[str]) -> AsyncGenerator[tuple[str, str]]:
    """Yield each server-sent event as (event name, data) from a body's lines.

    Multi-line data is joined with newlines; comments are skipped; the event
    name defaults to "message", as the specification says.
    """
    event = ""
    data: list[str] = []
    async for raw in lines:
        line = raw.rstrip("\r\n")
        if not line:
            if data:
                yield event or "message", "\n".join(data)
            event, data = "", []
            continue
        if line.startswith(":"):
            continue  # a comment, e.g. a keep-alive
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "data":
            data.append(value)
        elif field == "event":
            event = value
    if data:
        yield event or "message", "\n".join(data)


async def _decoded_lines(resp: aiohttp.ClientResponse) -> AsyncGenerator[str]:
    async for raw in resp.content:
        yield raw.decode("utf-8", errors="replace")


async def sse_data(resp: aiohttp.ClientResponse) -> AsyncGenerator[str]:
    """Yield the data of each server-sent event of an aiohttp response."""
    async with aclosing(_decoded_lines(resp)) as lines:
        async for _, data in sse_events(lines):
            yield data
