"""The one field reader: Sonarr/Radarr's strict `Fields` and SABnzbd's lenient one.

Each test reads the same document with both, so what SabFields changes (and
what it inherits unchanged) is stated in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from custom_components.autoarr.arr.errors import ArrMalformedResponseError
from custom_components.autoarr.arr.fields import Fields
from custom_components.autoarr.arr.sabnzbd_models import SabFields


@pytest.mark.parametrize(
    ("value", "read", "lenient"),
    [
        ("3", lambda f: f.integer("v"), 3),
        ("2.5", lambda f: f.number("v"), 2.5),
        (" 7.9 ", lambda f: f.opt_integer("v"), 7),
        ("1", lambda f: f.flag("v"), True),
        ("False", lambda f: f.flag("v"), False),
        (0, lambda f: f.flag("v"), False),
        (42, lambda f: f.text("v"), "42"),
        (1.5, lambda f: f.opt_text("v"), "1.5"),
    ],
)
def test_sabnzbd_reads_what_arr_refuses(
    value: Any, read: Callable[[Fields], object], lenient: object
) -> None:
    """Numbers as strings, flags as 0/1 or text, texts as numbers: SABnzbd only."""
    assert read(SabFields({"v": value}, "thing")) == lenient
    with pytest.raises(ArrMalformedResponseError, match="thing: field 'v' should be"):
        read(Fields({"v": value}, "thing"))


@pytest.mark.parametrize(
    ("read", "arr", "sab"),
    [
        (lambda f: f.integer("v", 5), "error", 5),
        (lambda f: f.opt_integer("v"), "error", None),
        (lambda f: f.number("v", 1.5), "error", 1.5),
        (lambda f: f.flag("v", True), "error", True),
        # An empty string is still a string for both.
        (lambda f: f.text("v", "default"), "", ""),
        (lambda f: f.opt_text("v"), None, None),
    ],
)
def test_empty_string(
    read: Callable[[Fields], object], arr: object, sab: object
) -> None:
    """SABnzbd's "" means "not set" for numbers and flags; to the arrs it is wrong."""
    assert read(SabFields({"v": ""}, "thing")) == sab
    if arr == "error":
        with pytest.raises(ArrMalformedResponseError):
            read(Fields({"v": ""}, "thing"))
    else:
        assert read(Fields({"v": ""}, "thing")) == arr


def test_none_text() -> None:
    """SABnzbd writes a missing text as "None" and pads some; the arrs do not."""
    data = {"a": "None", "b": "  x  "}
    assert SabFields(data, "t").opt_text("a") is None
    assert SabFields(data, "t").opt_text("b") == "x"
    assert Fields(data, "t").opt_text("a") == "None"
    assert Fields(data, "t").opt_text("b") == "  x  "


@pytest.mark.parametrize("kind", [Fields, SabFields])
def test_shared_readers(kind: type[Fields]) -> None:
    """Lists, nested objects and their names are the same for both."""
    fields = kind(
        {"list": [{"n": 1}, {"n": 2}], "names": ["a", None, "b"], "obj": {"n": 3}},
        "doc",
    )
    assert fields.parsed_items(
        "list", lambda item: kind(item, "item").integer("n")
    ) == (
        1,
        2,
    )
    assert fields.parsed_items("missing", str) == ()
    assert fields.texts("names") == ("a", "b")
    child = fields.child("obj")
    assert type(child) is kind
    assert child is not None and child.integer("n") == 3
    assert fields.child("missing") is None
    empty = fields.section("missing")
    assert type(empty) is kind
    assert empty.integer("n", 9) == 9 and not empty.data
    assert fields.section("obj").integer("n") == 3
    with pytest.raises(ArrMalformedResponseError, match=r"doc\.names: expected a JSON"):
        fields.section("names")


def test_errors_name_the_server() -> None:
    """SABnzbd's errors say it is SABnzbd; nested objects are named with dots."""
    with pytest.raises(
        ArrMalformedResponseError,
        match=r"^SABnzbd queue\.slot: field 'mb' should be a number, got a list$",
    ):
        SabFields({"slot": {"mb": [1]}}, "queue").section("slot").number("mb")
    with pytest.raises(
        ArrMalformedResponseError,
        match=r"^queue record\.episode: field 'id' should be an integer, got a string$",
    ):
        Fields({"episode": {"id": "1"}}, "queue record").section("episode").integer(
            "id"
        )
    with pytest.raises(
        ArrMalformedResponseError,
        match=r"^SABnzbd queue: expected a JSON object, got a list$",
    ):
        SabFields([], "queue")


@pytest.mark.parametrize("value", ["nan", "inf", float("inf"), "1e400"])
def test_numbers_must_be_finite(value: Any) -> None:
    """A number that is no finite number is malformed, as text or as a float."""
    with pytest.raises(ArrMalformedResponseError, match="a finite number"):
        SabFields({"v": value}, "t").number("v")
    with pytest.raises(ArrMalformedResponseError, match="a finite number"):
        SabFields({"v": value}, "t").integer("v")
