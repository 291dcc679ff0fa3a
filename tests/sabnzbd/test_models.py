"""Examples of SABnzbd's loosely typed values and how the models read them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.autoarr.arr.errors import ArrMalformedResponseError
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import (
    GIB,
    KIB,
    MIB,
    SabFields,
    SabPriority,
    SabQueue,
    SabQueueSlot,
    parse_pause_remaining,
    parse_size,
    parse_time_left,
    redact_secrets,
)
from custom_components.autoarr.arr.sabnzbd_status import SabServerTotals


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (0.0, False),
        ("True", True),
        ("false", False),
        (" 1 ", True),
        ("0", False),
        ("yes", True),
        ("off", False),
        (None, False),
        ("", False),
    ],
)
def test_flags(value: Any, expected: bool) -> None:
    """SABnzbd sends booleans as JSON, 0/1 or text depending on field and version."""
    assert SabFields({"x": value}, "test").flag("x") is expected


@pytest.mark.parametrize("value", ["maybe", [], {}, "2"])
def test_bad_flags(value: Any) -> None:
    """Anything else is malformed."""
    with pytest.raises(ArrMalformedResponseError, match="'x' should be true or false"):
        SabFields({"x": value}, "test").flag("x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("0 B", 0),
        ("92", 92),
        ("1000 KB", 1000 * KIB),
        ("13.7 MB", round(13.7 * MIB)),
        ("1.2 G", round(1.2 * GIB)),
        ("2.5 T", round(2.5 * 1024**4)),
        ("1 P", 1024**5),
        ("-3 K", -3 * KIB),
        ("7k", 7 * KIB),
    ],
)
def test_sizes(text: str, expected: int) -> None:
    """to_units() output, with and without the B."""
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "G", "1.2 X", "1,5 G", "1.2.3", "nan"])
def test_bad_sizes(text: str) -> None:
    """Text that is no size."""
    with pytest.raises(ValueError, match="not a size"):
        parse_size(text)


def test_size_fields() -> None:
    """Numbers are taken as bytes; anything else must be a size text."""
    fields = SabFields(
        {"n": 1536, "f": 1.5e3, "t": "1.5 K", "e": "", "bad": [1]}, "test"
    )
    assert fields.size_with_unit("n") == 1536
    assert fields.size_with_unit("f") == 1500
    assert fields.size_with_unit("t") == 1536
    assert fields.size_with_unit("e") == 0
    assert fields.size_with_unit("missing") == 0
    with pytest.raises(ArrMalformedResponseError):
        fields.size_with_unit("bad")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0:00:00", timedelta(0)),
        ("0:04:05", timedelta(minutes=4, seconds=5)),
        ("23:59:59", timedelta(hours=23, minutes=59, seconds=59)),
        ("2:03:04:05", timedelta(days=2, hours=3, minutes=4, seconds=5)),
        ("250:00:00", timedelta(hours=250)),
    ],
)
def test_time_left(text: str, expected: timedelta) -> None:
    """[D:]H:MM:SS."""
    assert parse_time_left(text) == expected


@pytest.mark.parametrize(
    "text", ["", "1:00", "a:00:00", "0:60:00", "0:00:60", "1:2:3:4:5"]
)
def test_bad_time_left(text: str) -> None:
    """Not a time SABnzbd prints."""
    with pytest.raises(ValueError, match="not a time left"):
        parse_time_left(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("0", None),
        (0, None),
        ("", None),
        ("4:59", timedelta(minutes=4, seconds=59)),
        ("120:00", timedelta(hours=2)),
        ("-0:03", timedelta(0)),  # ran out; SABnzbd resumes on its next tick
    ],
)
def test_pause_remaining(value: Any, expected: timedelta | None) -> None:
    """pause_int is "0" or minutes:seconds."""
    assert parse_pause_remaining(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Force", SabPriority.FORCE),
        ("high", SabPriority.HIGH),
        ("Normal", SabPriority.NORMAL),
        ("LOW", SabPriority.LOW),
        ("Paused", SabPriority.PAUSED),
        ("Default", SabPriority.DEFAULT),
        ("Repair", None),
        (2, SabPriority.FORCE),
        ("-1", SabPriority.LOW),
        (" -100 ", SabPriority.DEFAULT),
        (SabPriority.HIGH, SabPriority.HIGH),
        (3, None),
        (True, None),
        (1.0, None),
        ("urgent", None),
    ],
)
def test_priorities(value: Any, expected: SabPriority | None) -> None:
    """Names as the queue shows them, numbers as the API takes them."""
    assert SabPriority.parse(value) is expected


def test_sabnzbd_4_history_slot() -> None:
    """A 4.x-style slot: retry as 0/1, sizes as numbers, no time_added."""
    slot = SabHistorySlot.from_json(
        {
            "nzo_id": "SABnzbd_nzo_abc",
            "name": "Old.Job",
            "status": "Completed",
            "retry": 0,
            "bytes": 123456,
            "download_time": 61,
            "postproc_time": "5",
            "completed": 1700000000,
            "category": "tv",
            "script": "None",
            "storage": "/downloads/complete/Old.Job",
        }
    )
    assert not slot.failed and not slot.retry
    assert slot.bytes == 123456
    assert slot.download_time == timedelta(seconds=61)
    assert slot.postproc_time == timedelta(seconds=5)
    assert slot.completed == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert slot.time_added is None
    assert slot.stages == ()
    assert slot.url is None


def test_queue_speed_and_quota() -> None:
    """Speed in KiB/s, a 100 % limit meaning none, and a quota left."""
    queue = SabQueue.from_json(
        {
            "kbpersec": "1536.50",
            "speedlimit": "100",
            "speedlimit_abs": "",
            "have_quota": True,
            "left_quota": "3.5 G",
            "timeleft": "1:02:03:04",
            "finishaction": "shutdown_pc",
            "slots": [],
        }
    )
    assert queue.speed_bytes_per_s == 1536.5 * KIB
    assert queue.speed_limit_percent is None
    assert queue.speed_limit_abs is None
    assert queue.quota_left_bytes == round(3.5 * GIB)
    assert queue.time_left == timedelta(days=1, hours=2, minutes=3, seconds=4)
    assert queue.finish_action == "shutdown_pc"
    assert queue.total_slots == 0 and queue.slots == ()


@pytest.mark.parametrize(
    ("timeleft", "mbleft", "expected"),
    [
        ("0:00:00", "0.00", timedelta(0)),  # nothing left: done
        ("0:00:00", "12.50", None),  # bytes left but no estimate: unknown
        ("0:10:00", "12.50", timedelta(minutes=10)),
        (None, "12.50", None),
    ],
)
def test_time_left_zero_means_unknown_with_bytes_left(
    timeleft: str | None, mbleft: str, expected: timedelta | None
) -> None:
    """SABnzbd prints 0:00:00 for "cannot tell"; that must not read as done."""
    data = {"nzo_id": "x", "timeleft": timeleft, "mbleft": mbleft, "mb": "20.00"}
    assert SabQueueSlot.from_json(data).time_left == expected
    assert SabQueue.from_json({**data, "slots": []}).time_left == expected


def test_server_totals_take_the_latest_day() -> None:
    """articles_tried is per day: the latest day counts."""
    totals = SabServerTotals.from_json(
        {
            "total": 5,
            "articles_tried": {"2026-11-24": 9, "2026-11-25": 3},
            "articles_success": {},
        }
    )
    assert totals.articles_tried_today == 3
    assert totals.articles_success_today is None


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ([], "expected a JSON object, got a list"),
        ("x", "got a string"),
        (None, "got null"),
        (3, "got a number"),
        (True, "got a boolean"),
        ({1, 2}, "got set"),
    ],
)
def test_not_an_object(data: Any, match: str) -> None:
    """The message names what came instead of an object."""
    with pytest.raises(ArrMalformedResponseError, match=match):
        SabQueue.from_json(data)


def test_field_errors_name_the_field() -> None:
    """A malformed field says which one and what it held."""
    with pytest.raises(
        ArrMalformedResponseError,
        match=r"queue slot: field 'mb' should be a number, got a list",
    ):
        SabQueue.from_json({"slots": [{"nzo_id": "x", "mb": [1]}]})
    with pytest.raises(ArrMalformedResponseError, match="should be a Unix time"):
        SabHistorySlot.from_json({"nzo_id": "x", "completed": 10**13})
    with pytest.raises(ArrMalformedResponseError, match="a finite number"):
        SabFields({"n": "1e400"}, "t").number("n")
    with pytest.raises(ArrMalformedResponseError, match="should be a string"):
        SabFields({"s": {"a": 1}}, "t").text("s")


def test_redact_keeps_structure() -> None:
    """Only values under secret keys change; empty secrets stay empty."""
    document = {
        "misc": {"api_key": "abc", "nzb_key": "", "port": 8080, "password": None},
        "servers": [{"name": "news", "username": "me", "password": "pw"}],
        "apikey": "abc",
    }
    assert redact_secrets(document) == {
        "misc": {
            "api_key": "**REDACTED**",
            "nzb_key": "",
            "port": 8080,
            "password": None,
        },
        "servers": [
            {"name": "news", "username": "**REDACTED**", "password": "**REDACTED**"}
        ],
        "apikey": "**REDACTED**",
    }
