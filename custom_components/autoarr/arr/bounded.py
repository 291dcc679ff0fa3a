"""Reading answers from servers AutoArr does not control, within bounds.

Every client (the arr stack's and the language models') reads its servers
through these helpers, so a hostile or broken server cannot:
- take a credential elsewhere: redirects are followed only within the same
  origin (scheme, host and port; an http to https upgrade of the same host is
  allowed), never to another one, where a header such as `X-Api-Key` would
  follow the request;
- exhaust memory: a body is read in chunks up to a size limit, counted after
  decompression, so a gzip bomb stops at the limit instead of expanding whole;
- crash a caller: JSON nested deeper than a limit is refused (Python's
  decoder raises RecursionError near a depth of 1,000, and Home Assistant's
  own JSON encoder refuses deeper than 255).
The failures are plain exceptions here; each client maps them onto its own
typed errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
import json
from typing import Any, Final

import aiohttp
from yarl import URL

# Large enough for the whole library of a big Radarr (about 10,000 movies is
# under 40 MB of JSON), small enough not to exhaust Home Assistant's memory.
MAX_BODY_BYTES: Final = 64 * 1024 * 1024
# No answer AutoArr reads nests deeper than about 10 levels.
MAX_JSON_DEPTH: Final = 64
MAX_REDIRECTS: Final = 10
_READ_CHUNK: Final = 256 * 1024
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


class ResponseTooLargeError(Exception):
    """A body is larger than the limit (after decompression)."""

    def __init__(self, limit: int) -> None:
        """Keep the limit that was passed."""
        super().__init__(f"the answer is larger than {limit // (1024 * 1024)} MB")
        self.limit = limit


class JsonTooDeepError(ValueError):
    """A JSON document nests deeper than the limit."""

    def __init__(self, limit: int) -> None:
        """Keep the limit that was passed."""
        super().__init__(f"the JSON answer nests deeper than {limit} levels")
        self.limit = limit


class RedirectRefusedError(Exception):
    """A redirect leads to another origin, nowhere, or on and on."""

    def __init__(self, reason: str, *, target: URL | None = None) -> None:
        """Keep where the redirect led, without any credentials or query."""
        super().__init__(reason)
        self.target = target


def shown_url(url: URL) -> URL:
    """Return a URL fit for a message: no user, password, query or fragment."""
    return url.with_user(None).with_query(None).with_fragment(None)


def _port(url: URL) -> int | None:
    return url.explicit_port or _DEFAULT_PORTS.get(url.scheme)


def same_origin(source: URL, target: URL) -> bool:
    """Return whether a redirect from source to target stays with that server.

    The same scheme, host and port; or an upgrade from http to https on the
    same host (on its default port, or the same port).
    """
    if (target.host or "").lower() != (source.host or "").lower():
        return False
    if target.scheme == source.scheme:
        return _port(target) == _port(source)
    if (source.scheme, target.scheme) == ("http", "https"):
        return target.explicit_port in (None, 443, source.explicit_port)
    return False


@asynccontextmanager
async def request_same_origin(
    session: aiohttp.ClientSession,
    method: str,
    url: URL,
    *,
    params: Any = None,
    json_body: Any = None,
    data: Any = None,
    headers: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> AsyncIterator[aiohttp.ClientResponse]:
    """Open a request, following redirects only within the same origin.

    Raises RedirectRefusedError for a redirect to another origin, without a
    Location, or beyond MAX_REDIRECTS. As browsers and aiohttp do, a 303 (and
    a 301/302 of a POST) continues as a GET without a body.
    """
    for _ in range(MAX_REDIRECTS + 1):
        async with session.request(
            method,
            url,
            params=params,
            json=json_body,
            data=data,
            headers=headers,
            allow_redirects=False,
            **kwargs,
        ) as resp:
            if resp.status not in _REDIRECTS:
                yield resp
                return
            location = resp.headers.get("Location", "")
            try:
                target = resp.url.join(URL(location)) if location else None
            except ValueError:
                target = None
            if target is None or target.scheme not in _DEFAULT_PORTS:
                raise RedirectRefusedError("it redirected to no usable address")
            if not same_origin(resp.url, target):
                raise RedirectRefusedError(
                    f"it redirected to another server ({shown_url(target)}),"
                    " where AutoArr does not send credentials; if the service"
                    " moved, enter its new address",
                    target=shown_url(target),
                )
            if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                method, json_body, data = "GET", None, None
            elif data is not None:
                # A form (an uploaded file) is consumed by the first request.
                raise RedirectRefusedError("it redirected an upload")
            url, params = target, None
    raise RedirectRefusedError(f"it redirected more than {MAX_REDIRECTS} times")


async def read_bounded(
    resp: aiohttp.ClientResponse, limit: int = MAX_BODY_BYTES
) -> bytes:
    """Return a response's body; raise ResponseTooLargeError past `limit` bytes.

    The limit counts decompressed bytes, and reading stops as soon as it is
    passed: aiohttp decompresses as the body is read, never all at once.
    """
    if resp.content_length is not None and resp.content_length > limit:
        raise ResponseTooLargeError(limit)
    chunks: list[bytes] = []
    size = 0
    while chunk := await resp.content.read(_READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ResponseTooLargeError(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def loads_bounded(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Return a JSON document; raise ValueError if invalid or nested too deep.

    JsonTooDeepError (a ValueError) says the document nests deeper than
    `max_depth` arrays and objects.
    """
    try:
        value = json.loads(text)
    except RecursionError as err:
        raise JsonTooDeepError(max_depth) from err
    if json_depth(value, max_depth) > max_depth:
        raise JsonTooDeepError(max_depth)
    return value


def json_depth(value: Any, stop_after: int = MAX_JSON_DEPTH) -> int:
    """Return how deep arrays and objects nest in a decoded JSON value.

    Walks without recursion, and stops once the depth passes `stop_after`.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_after:
                return deepest
        stack.extend(
            (child, depth) for child in children if isinstance(child, dict | list)
        )
    return deepest
