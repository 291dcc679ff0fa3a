"""Property tests of the HTTP layer: any error answer maps onto an ArrError."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from yarl import URL

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrMalformedResponseError,
    ArrNotFoundError,
)
from custom_components.autoarr.arr.http import (
    MAX_ERROR_TEXT,
    ApiKey,
    HttpResponse,
    HttpTransport,
    ServiceConfig,
)

API_KEY = "test-api-key-0123456789abcdef"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["message", "errorMessage", "error", "title", "other"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
bodies = (
    st.binary(max_size=400)
    | json_values.map(lambda value: json.dumps(value).encode())
    # A server echoing the key back in its error, anywhere (also across the
    # point where long messages are cut).
    | st.integers(min_value=0, max_value=2 * MAX_ERROR_TEXT).map(
        lambda n: ("x" * n + f"apikey={API_KEY} trailing").encode()
    )
)
KEY_PART = API_KEY[:8]
content_types = st.sampled_from(
    ["application/json", "application/problem+json", "text/html", "text/plain", ""]
)


@pytest.fixture
async def transport() -> Any:
    """A transport whose response judging is exercised without requests."""
    async with aiohttp.ClientSession() as session:
        yield HttpTransport(
            session,
            ServiceConfig(url="http://127.0.0.1:8989/sonarr", auth=ApiKey(API_KEY)),
            app_name="Testarr",
        )


def response(status: int, content_type: str, body: bytes) -> HttpResponse:
    """Return a response as the transport reads it."""
    return HttpResponse(
        status=status,
        content_type=content_type,
        body=body,
        url=URL(f"http://127.0.0.1:8989/sonarr/api/v3/queue?apikey={API_KEY}"),
    )


async def test_error_statuses_always_map(transport: HttpTransport) -> None:
    """Every status of 400 and above raises the fitting ArrError, key-free."""

    @SETTINGS
    @given(st.integers(min_value=400, max_value=599), content_types, bodies)
    def check(status: int, content_type: str, body: bytes) -> None:
        expected: type[Exception] = ArrApiError
        if status in (401, 403):
            expected = ArrAuthError
        elif status == 404:
            expected = ArrNotFoundError
        with pytest.raises(expected) as err:
            transport.raise_for_status(response(status, content_type, body))
        text = str(err.value)
        assert KEY_PART not in text
        assert len(text) < MAX_ERROR_TEXT + 200

    check()


async def test_success_statuses_pass(transport: HttpTransport) -> None:
    """Below 400 nothing is raised."""

    @SETTINGS
    @given(st.integers(min_value=100, max_value=399), content_types, bodies)
    def check(status: int, content_type: str, body: bytes) -> None:
        transport.raise_for_status(response(status, content_type, body))

    check()


async def test_decode_json_only_raises_malformed(transport: HttpTransport) -> None:
    """Any body decodes to JSON or raises ArrMalformedResponseError."""

    @SETTINGS
    @given(bodies)
    def check(body: bytes) -> None:
        try:
            transport.decode_json(response(200, "application/json", body))
        except ArrMalformedResponseError as err:
            assert KEY_PART not in str(err)  # noqa: PT017 - checked for every example

    check()
