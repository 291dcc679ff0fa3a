"""Property-based tests: SABnzbd parsers fed schema-shaped, truncated and garbage input.

Whatever a server sends, the only exceptions that may leave the client are
ArrError subclasses (ArrMalformedResponseError for bad documents); and valid
values SABnzbd formats (sizes, times) read back to what they stand for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
import copy
from datetime import timedelta
import json
from typing import Any

import aiohttp
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from yarl import URL

from custom_components.autoarr.arr.errors import ArrError, ArrMalformedResponseError
from custom_components.autoarr.arr.http import ApiKey, HttpResponse, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_history import (
    SabHistory,
    SabHistorySlot,
    SabStage,
)
from custom_components.autoarr.arr.sabnzbd_models import (
    MIB,
    REDACTED,
    SabPriority,
    SabQueue,
    SabQueueSlot,
    parse_pause_remaining,
    parse_size,
    parse_time_left,
    redact_secrets,
)
from custom_components.autoarr.arr.sabnzbd_status import (
    SabServerStats,
    SabServerStatus,
    SabServerTotals,
    SabStatus,
    SabWarning,
)

from .fake_sab import RECORDED_API_KEY, fixture

# Every parser gets its own run; 80 examples each keeps the whole file near
# half a minute on a shared machine while still hitting every field.
PROPERTY_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    # Strings SABnzbd-like fields could plausibly hold.
    | st.sampled_from(
        [
            "",
            "0",
            "1",
            "None",
            "*",
            "-",
            "True",
            "12.5",
            "1:02:03",
            "4:59",
            "1.2 G",
            "nan",
            "inf",
            "1e400",
        ]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=15,
)

# Each parser with the recorded document it reads.
PARSERS: dict[str, tuple[Callable[[Any], Any], Callable[[], Any]]] = {
    "queue": (SabQueue.from_json, lambda: fixture("queue_items")["queue"]),
    "queue slot": (
        SabQueueSlot.from_json,
        lambda: fixture("queue_items")["queue"]["slots"][0],
    ),
    "history": (SabHistory.from_json, lambda: fixture("history_failed")["history"]),
    "history slot": (
        SabHistorySlot.from_json,
        lambda: fixture("history_failed")["history"]["slots"][0],
    ),
    "stage": (
        SabStage.from_json,
        lambda: fixture("history_failed")["history"]["slots"][0]["stage_log"][1],
    ),
    "server stats": (SabServerStats.from_json, lambda: fixture("server_stats")),
    "server totals": (
        SabServerTotals.from_json,
        lambda: fixture("server_stats")["servers"]["missing-articles"],
    ),
    "warning": (SabWarning.from_json, lambda: fixture("warnings")["warnings"][0]),
    "server status": (
        SabServerStatus.from_json,
        lambda: fixture("fullstatus")["status"]["servers"][0],
    ),
    "full status": (SabStatus.from_json, lambda: fixture("fullstatus")["status"]),
}


def only_malformed(parse: Callable[[Any], Any], value: Any) -> None:
    """Parse; the only exception allowed is ArrMalformedResponseError."""
    with contextlib.suppress(ArrMalformedResponseError):
        parse(value)


def node_paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every node below the root of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from node_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from node_paths(item, (*prefix, index))


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """A recorded document with a few nodes replaced by other JSON or removed."""
    doc = copy.deepcopy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(node_paths(doc))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return doc


@pytest.mark.parametrize("name", list(PARSERS))
def test_parsers_on_garbage(name: str) -> None:
    """Any JSON value at all: parsed, or ArrMalformedResponseError."""
    parse, _ = PARSERS[name]

    @PROPERTY_SETTINGS
    @given(json_values)
    def check(value: Any) -> None:
        only_malformed(parse, value)

    check()


@pytest.mark.parametrize("name", list(PARSERS))
def test_parsers_on_schema_shaped_input(name: str) -> None:
    """Recorded documents with fields changed or missing: parsed or malformed."""
    parse, recorded = PARSERS[name]
    parse(recorded())  # the recorded document itself is fine

    @PROPERTY_SETTINGS
    @given(mutated(recorded()))
    def check(value: Any) -> None:
        only_malformed(parse, value)

    check()


@pytest.fixture
async def client() -> Any:
    """A client whose parse_response is exercised without any request."""
    async with aiohttp.ClientSession() as session:
        yield SabnzbdClient(
            session,
            ServiceConfig(
                url="http://127.0.0.1:8080/sabnzbd", auth=ApiKey(RECORDED_API_KEY)
            ),
        )


RECORDED_ANSWERS = [
    ("queue_items", SabQueue.from_json, "queue"),
    ("history_failed", SabHistory.from_json, "history"),
    ("server_stats", SabServerStats.from_json, None),
    ("fullstatus", SabStatus.from_json, "status"),
]


def response(
    body: bytes, *, status: int = 200, content_type: str = "application/json"
) -> HttpResponse:
    """Return a response as the transport hands it to the client."""
    return HttpResponse(
        status=status,
        content_type=content_type,
        body=body,
        url=URL(
            f"http://127.0.0.1:8080/sabnzbd/api?mode=queue&apikey={RECORDED_API_KEY}"
        ),
    )


def judge(
    client: SabnzbdClient,
    answer: HttpResponse,
    parse: Callable[[Any], Any],
    key: str | None,
) -> str:
    """Judge and parse an answer like the client; return the ArrError's text, if any.

    Any other exception fails the test.
    """
    try:
        payload = client.parse_response(answer)
        parse(
            payload[key]
            if key and isinstance(payload, dict) and key in payload
            else payload
        )
    except ArrError as err:
        return str(err)
    return ""


async def test_truncated_answers(client: SabnzbdClient) -> None:
    """Every recorded answer cut anywhere: parsed or an ArrError."""

    @PROPERTY_SETTINGS
    @given(st.sampled_from(RECORDED_ANSWERS), st.data())
    def check(
        answer: tuple[str, Callable[[Any], Any], str | None], data: st.DataObject
    ) -> None:
        name, parse, key = answer
        body = json.dumps(fixture(name)).encode()
        cut = data.draw(st.integers(min_value=0, max_value=len(body)))
        assert RECORDED_API_KEY[:8] not in judge(
            client, response(body[:cut]), parse, key
        )

    check()


async def test_garbage_responses(client: SabnzbdClient) -> None:
    """Random statuses, content types and bodies: only ArrError escapes."""

    @PROPERTY_SETTINGS
    @given(
        st.integers(min_value=100, max_value=599),
        st.sampled_from(
            [
                "application/json",
                "text/html",
                "text/plain",
                "",
                "application/octet-stream",
            ]
        ),
        st.binary(max_size=200)
        | json_values.map(lambda v: json.dumps(v).encode())
        # The key echoed anywhere, also across the point messages are cut.
        | st.integers(min_value=0, max_value=400).map(
            lambda n: json.dumps(
                {"status": False, "error": "x" * n + RECORDED_API_KEY}
            ).encode()
        )
        | st.integers(min_value=0, max_value=400).map(
            lambda n: ("x" * n + RECORDED_API_KEY).encode()
        ),
        st.sampled_from(RECORDED_ANSWERS),
    )
    def check(
        status: int,
        content_type: str,
        body: bytes,
        answer: tuple[str, Callable[[Any], Any], str | None],
    ) -> None:
        _, parse, key = answer
        answered = response(body, status=status, content_type=content_type)
        assert RECORDED_API_KEY not in judge(client, answered, parse, key)

    check()


# --- Valid values read back --------------------------------------------------------


def sab_time_left(total_seconds: int) -> str:
    """Format like SABnzbd's misc.format_time_left (not the short format)."""
    minutes, seconds = divmod(total_seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}:{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def sab_units(value: float, postfix: str = "") -> tuple[str, float]:
    """Format like SABnzbd's misc.to_units; also return the printed resolution."""
    tags = ["", "K", "M", "G", "T", "P"]
    n = 0
    while value >= 1024 and n < 5:
        value /= 1024
        n += 1
    decimals = 1 if n > 1 else 0
    resolution = 1024**n / 10**decimals
    return f"{value:.{decimals}f} {tags[n]}{postfix}".strip(), resolution


@given(st.integers(min_value=0, max_value=400 * 24 * 3600))
def test_time_left_round_trip(seconds: int) -> None:
    """Every time SABnzbd prints reads back exactly."""
    assert parse_time_left(sab_time_left(seconds)) == timedelta(seconds=seconds)


@given(st.integers(min_value=0, max_value=2**53), st.sampled_from(["", "B"]))
def test_size_round_trip(size: int, postfix: str) -> None:
    """Sizes SABnzbd prints read back within their printed precision."""
    text, resolution = sab_units(size, postfix)
    assert abs(parse_size(text) - size) <= resolution / 2 + 1


@given(st.text(max_size=20))
def test_size_and_time_parsers_on_any_text(text: str) -> None:
    """The text parsers return a value or raise ValueError, nothing else."""
    for parse in (parse_size, parse_time_left):
        with contextlib.suppress(ValueError):
            parse(text)


@given(json_values)
def test_pause_remaining_on_anything(value: Any) -> None:
    """pause_int: None/"0", a time, or ArrMalformedResponseError."""
    try:
        result = parse_pause_remaining(value)
    except ArrMalformedResponseError:
        return
    assert result is None or result >= timedelta(0)


@given(
    st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=59)
)
def test_pause_remaining_round_trip(minutes: int, seconds: int) -> None:
    """SABnzbd's "M:SS" reads back."""
    assert parse_pause_remaining(f"{minutes}:{seconds:02d}") == timedelta(
        minutes=minutes, seconds=seconds
    )


@given(
    st.floats(min_value=0, max_value=10**7, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.sampled_from(list(SabPriority)),
)
def test_queue_slot_values(mb: float, left_share: float, priority: SabPriority) -> None:
    """A slot SABnzbd formats reads back to its bytes and priority."""
    mb_text = f"{mb:.2f}"
    left_text = f"{mb * left_share:.2f}"
    slot = SabQueueSlot.from_json(
        {
            "nzo_id": "SABnzbd_nzo_x",
            "filename": "x",
            "mb": mb_text,
            "mbleft": left_text,
            "priority": priority.name.capitalize(),
            "percentage": "50",
            "timeleft": "1:00:00",
            "cat": "tv",
        }
    )
    assert slot.size_bytes == round(float(mb_text) * MIB)
    assert slot.size_left_bytes == round(float(left_text) * MIB)
    assert slot.priority is priority
    assert slot.time_left == timedelta(hours=1)


@given(json_values)
def test_priority_parse_never_raises(value: Any) -> None:
    """Any value: a SabPriority or None."""
    result = SabPriority.parse(value)
    assert result is None or isinstance(result, SabPriority)


@given(
    json_values,
    st.sampled_from(["apikey", "api_key", "nzb_key", "password", "Password"]),
)
def test_redact_secrets(value: Any, secret_key: str) -> None:
    """A secret under a secret key never survives; the rest is unchanged."""
    secret = "s3cr3t-value-0123456789"
    document = {"outer": [value, {secret_key: secret}], "kept": value}
    redacted = redact_secrets(document)
    assert secret not in json.dumps(redacted)
    assert redacted["outer"][1][secret_key] == REDACTED
    assert redact_secrets(redacted) == redacted
    if not _has_secret_keys(value):
        assert json.dumps(redacted["kept"]) == json.dumps(value)


def _has_secret_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return any(
            str(key).lower()
            in {"apikey", "api_key", "nzb_key", "password", "username", "email_pwd"}
            or _has_secret_keys(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_has_secret_keys(item) for item in value)
    return False
