"""Tests of the model tools: schemas, validation and dispatch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json

import pytest

from custom_components.autoarr.agent.tools import (
    ADD_MEDIA,
    TOOLS,
    ToolArgumentError,
    call_tool,
    json_schema,
)

from .fakes import FakeStack, calendar_item, sab_slot, wanted_episode

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def test_tool_set_is_small_flat_and_named() -> None:
    """Few tools, flat schemas, short descriptions, autoarr__ names."""
    assert len(TOOLS) <= 6
    for tool in TOOLS:
        assert tool.name.startswith("autoarr__")
        assert len(tool.description) <= 100
        schema = json_schema(tool)
        for prop in schema["properties"].values():
            assert prop["type"] in ("string", "integer")
    # The whole tool set stays small: it is sent with every request.
    assert len(json.dumps([json_schema(t) for t in TOOLS])) < 1500


async def test_quality_in_the_title_or_an_argument(fake: FakeStack) -> None:
    """The quality is not shown (the title's words carry it) but accepted."""
    assert "quality" not in json_schema(ADD_MEDIA)["properties"]
    for args in (
        {"title": "Dune: Prophecy", "kind": "series", "quality": "2160p"},
        {"title": "The Bear in 4K"},
    ):
        added = await call_tool(fake.stack, "autoarr__add_media", args, now=NOW)
        assert added["status"] == "added"
    assert [a["quality_profile_id"] for a in fake.sonarr.added] == [5, 5]


async def test_arguments_a_small_model_misused_are_accepted_not_shown(
    fake: FakeStack,
) -> None:
    """add_media's candidate id is not shown (a small model made ids up);
    downloads shows "title" (a "name" argument beside the call's own "name"
    made a small model write broken JSON) and still takes "name"."""
    assert "id" not in json_schema(ADD_MEDIA)["properties"]
    (downloads,) = (tool for tool in TOOLS if tool.name.endswith("__downloads"))
    assert json_schema(downloads) == {
        "type": "object",
        "properties": {"title": {"type": "string"}},
    }
    fake.sab.slots = [
        sab_slot("nzo1", "Dark.S01E01", 50.0, timedelta(minutes=2)),
        sab_slot("nzo2", "Andor.S02E03", 20.0, timedelta(minutes=9)),
    ]
    for arguments in ({"title": "andor"}, {"name": "andor"}):
        result = await call_tool(fake.stack, "autoarr__downloads", arguments, now=NOW)
        assert [d["name"] for d in result["downloads"]] == ["Andor.S02E03"], result


async def test_find_and_add(fake: FakeStack) -> None:
    """find_media reports library state; add_media adds or asks."""
    found = await call_tool(
        fake.stack, "autoarr__find_media", {"title": "dune", "kind": "movie"}, now=NOW
    )
    assert [(r["title"], r["year"], r["in_library"]) for r in found["results"]] == [
        ("Dune", 2021, True),
        ("Dune", 1984, False),
        ("Dune: Part Two", 2024, False),
    ]
    added = await call_tool(
        fake.stack,
        "autoarr__add_media",
        {"title": "Dune", "year": "1984", "quality": "", "kind": None},
        now=NOW,
    )
    assert added["status"] == "added"
    assert added["media"]["id"] == "tmdb:841"
    asked = await call_tool(
        fake.stack, "autoarr__add_media", {"title": "the bear in 4k"}, now=NOW
    )
    assert asked["status"] == "added"
    assert fake.sonarr.added[0]["quality_profile_id"] == 5
    by_id = await call_tool(
        fake.stack, "autoarr__add_media", {"title": "x", "id": "tmdb:603"}, now=NOW
    )
    assert by_id["media"]["title"] == "The Matrix"


async def test_find_media_reads_kind_and_year_from_the_title(
    fake: FakeStack,
) -> None:
    """find_media shows only a title; its words, or the arguments it no
    longer shows (a model may still send them), say the kind and year."""
    (find_media,) = (tool for tool in TOOLS if tool.name.endswith("find_media"))
    assert json_schema(find_media) == {
        "type": "object",
        "properties": {"title": {"type": "string"}},
        "required": ["title"],
    }
    for arguments in (
        {"title": "the movie Dune from 1984"},
        {"title": "Dune (1984)"},
        {"title": "dune", "kind": "movie", "year": 1984},
    ):
        found = await call_tool(fake.stack, "autoarr__find_media", arguments, now=NOW)
        first = found["results"][0]
        assert (first["title"], first["year"]) == ("Dune", 1984), arguments


async def test_status_tools(fake: FakeStack) -> None:
    """downloads, upcoming, missing return compact data."""
    fake.sab.slots = [sab_slot("nzo", "Dark.S01E01", 50.0, timedelta(minutes=2))]
    downloads = await call_tool(fake.stack, "autoarr__downloads", {}, now=NOW)
    assert downloads["downloads"][0]["eta_seconds"] == 120
    fake.radarr.calendar_items = [
        calendar_item("movie", "Dune", NOW + timedelta(days=3))
    ]
    soon = await call_tool(fake.stack, "autoarr__upcoming", {"days": 2}, now=NOW)
    assert soon["items"] == []
    later = await call_tool(fake.stack, "autoarr__upcoming", {}, now=NOW)
    assert [i["title"] for i in later["items"]] == ["Dune"]
    fake.sonarr.wanted = [wanted_episode("Dark", 1, 2)]
    missing = await call_tool(fake.stack, "autoarr__missing", {}, now=NOW)
    assert missing["total"] == 1


async def test_control_downloads(fake: FakeStack) -> None:
    """One tool pauses, resumes, retries and searches."""
    paused = await call_tool(
        fake.stack,
        "autoarr__control_downloads",
        {"action": "pause", "minutes": 10.0},
        now=NOW,
    )
    assert paused == {
        "action": "pause",
        "done": ["SABnzbd"],
        "unavailable": [],
        "count": 0,
    }
    assert fake.sab.paused_for == [10]
    await call_tool(
        fake.stack, "autoarr__control_downloads", {"action": "RESUME"}, now=NOW
    )
    assert fake.sab.paused is False
    retried = await call_tool(
        fake.stack, "autoarr__control_downloads", {"action": "retry_failed"}, now=NOW
    )
    assert retried["count"] == 0
    await call_tool(
        fake.stack, "autoarr__control_downloads", {"action": "search_missing"}, now=NOW
    )
    assert fake.radarr.searched == fake.sonarr.searched == 1
    limited = await call_tool(
        fake.stack,
        "autoarr__control_downloads",
        {"action": "speed_limit", "limit_kib": 250},
        now=NOW,
    )
    assert (limited["action"], limited["done"]) == ("speed_limit", ["SABnzbd"])
    await call_tool(
        fake.stack,
        "autoarr__control_downloads",
        {"action": "speed_limit", "limit_kib": 0},
        now=NOW,
    )
    assert fake.sab.speed_limits == [250 * 1024, None]
    with pytest.raises(ToolArgumentError, match="needs limit_kib"):
        await call_tool(
            fake.stack, "autoarr__control_downloads", {"action": "speed_limit"}, now=NOW
        )


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("autoarr__delete_everything", {}, "unknown tool"),
        ("autoarr__add_media", {}, "missing arguments: title"),
        (
            "autoarr__add_media",
            {"title": "x", "colour": "red"},
            "unknown arguments: colour",
        ),
        ("autoarr__add_media", {"title": "x", "kind": "book"}, "kind must be one of"),
        (
            "autoarr__add_media",
            {"title": "x", "year": "soon"},
            "year must be a whole number",
        ),
        (
            "autoarr__add_media",
            {"title": "x", "year": True},
            "year must be a whole number",
        ),
        ("autoarr__add_media", {"title": 5}, "title must be a non-empty text"),
        ("autoarr__upcoming", {"days": 0}, "days must be at least 1"),
        ("autoarr__upcoming", {"days": 99}, "days must be at most 31"),
    ],
)
async def test_bad_arguments(
    fake: FakeStack, name: str, arguments: dict[str, object], message: str
) -> None:
    """Bad arguments raise a message the model can learn from."""
    with pytest.raises(ToolArgumentError, match=message):
        await call_tool(fake.stack, name, arguments, now=NOW)


async def test_deciding_a_request_needs_a_title_and_a_seerr(fake: FakeStack) -> None:
    """approve and decline name the request by title; without a Seerr, say so."""
    with pytest.raises(ToolArgumentError, match="approve needs the title"):
        await call_tool(
            fake.stack, "autoarr__control_downloads", {"action": "approve"}, now=NOW
        )
    declined = await call_tool(
        fake.stack,
        "autoarr__control_downloads",
        {"action": "decline", "title": "Dune"},
        now=NOW,
    )
    assert declined == {"action": "decline", "status": "no_service", "query": "Dune"}
