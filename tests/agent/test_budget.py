"""Tool results within the token budget: first items, counts, a hint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json

from hypothesis import given, settings, strategies as st

from custom_components.autoarr.agent.budget import (
    MAX_ITEMS,
    TOOL_RESULT_TOKENS,
    estimate_tokens,
    within_budget,
)
from custom_components.autoarr.agent.tools import call_tool

from .fakes import FakeStack, calendar_item, sab_slot

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_small_results_are_unchanged() -> None:
    """A result within the budget comes back as it was, with no note."""
    data = {"total": 2, "items": ["a", "b"], "unavailable": []}
    assert within_budget(data, hint="ask less") == data


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=200),
    title=st.text(min_size=1, max_size=80),
)
def test_any_list_is_cut_to_the_budget(count: int, title: str) -> None:
    """However many and however long the items, the result fits the budget,
    keeps the first items in order, and counts the rest."""
    items = [{"title": f"{title} {index}", "index": index} for index in range(count)]
    result = within_budget({"items": items, "unavailable": []}, hint="fewer days")
    shown = result["items"]
    assert shown == items[: len(shown)]
    assert len(shown) <= MAX_ITEMS
    if len(shown) > 1:
        assert estimate_tokens(result) <= TOOL_RESULT_TOKENS
    if len(shown) < count:
        assert result["omitted"] == {"items": count - len(shown)}
        assert result["hint"] == "fewer days"
    else:
        assert "omitted" not in result


async def test_upcoming_of_a_busy_month_fits(fake: FakeStack) -> None:
    """A month of episodes is a few items, the count of the rest, and how
    to ask for them."""
    fake.sonarr.calendar_items = [
        calendar_item(
            "episode",
            f"A Long Running Series Name {index}",
            NOW + timedelta(hours=6 * index),
            title=f"An Episode With A Long Title {index}",
            season=1,
            episode=index,
        )
        for index in range(100)
    ]
    result = await call_tool(fake.stack, "autoarr__upcoming", {"days": 31}, now=NOW)
    assert estimate_tokens(result) <= TOOL_RESULT_TOKENS
    assert 1 <= len(result["items"]) <= MAX_ITEMS
    assert result["items"][0]["title"] == "A Long Running Series Name 0"
    assert len(result["items"]) + result["omitted"]["items"] == 100
    assert result["hint"] == "ask for fewer days to hear the rest"


async def test_downloads_name_the_way_to_one(fake: FakeStack) -> None:
    """A long queue is cut with a hint to ask by title."""
    fake.sab.slots = [
        sab_slot(f"nzo{i}", f"Some.Show.S01E{i:02d}.1080p", 10.0, None)
        for i in range(30)
    ]
    result = await call_tool(fake.stack, "autoarr__downloads", {}, now=NOW)
    assert estimate_tokens(result) <= TOOL_RESULT_TOKENS
    assert result["omitted"]["downloads"] == 30 - len(result["downloads"])
    assert result["hint"] == "give a title to hear about one download"


def fewest_tokens(text: str) -> int:
    """Return the fewest tokens a tokenizer splitting numbers into digits
    (Gemma's, Llama 2's, Mistral's) makes of a text: a token a digit or a
    character outside ASCII, and at best 4 characters a token otherwise."""
    single = sum(char.isdigit() or not char.isascii() for char in text)
    return single + (len(text) - single) // 4


async def test_daily_shows_fit_a_tokenizer_of_digits(fake: FakeStack) -> None:
    """Two weeks of a daily show (dates for titles, times for starts) fit the
    budget as the model's tokenizer counts the text sent, envelope included:
    its digits take a token each, not a third of one."""
    start = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    fake.sonarr.calendar_items = [
        calendar_item(
            "episode",
            "The Daily Show",
            start + timedelta(days=day, hours=18),
            title=f"{(start + timedelta(days=day)).date().isoformat()}",
            season=1,
            episode=36 + day,
        )
        for day in range(14)
    ]
    result = await call_tool(fake.stack, "autoarr__upcoming", {"days": 14}, now=start)
    # As the conversation sends it to the model (chat_bridge.py).
    sent = json.dumps(
        {"service_data": result}, separators=(",", ":"), ensure_ascii=False
    )
    assert 1 <= len(result["items"]) < 14
    assert fewest_tokens(sent) <= TOOL_RESULT_TOKENS
    assert fewest_tokens(sent) <= estimate_tokens(result)
