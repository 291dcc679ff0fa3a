"""The calendar of upcoming episodes and releases across every arr."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.autoarr.arr.activity_models import CalendarItem
from custom_components.autoarr.calendar import EPISODE_LENGTH, calendar_event
from tests.support.arr_sim import (
    FaultKind,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)

from .conftest import SetupEntry, radarr_subentry, sonarr_subentry

CALENDAR = "calendar.autoarr_upcoming"


async def _events(
    hass: HomeAssistant, start: datetime, end: datetime
) -> list[dict[str, str]]:
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {ATTR_ENTITY_ID: CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return response[CALENDAR]["events"]  # type: ignore[index,return-value]


async def test_events_from_every_instance(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    frozen_now: datetime,
) -> None:
    """Episodes (timed) and movie releases (all day) of both, in order."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    events = await _events(
        hass, frozen_now - timedelta(days=30), frozen_now + timedelta(days=60)
    )

    episodes = [e for e in events if e["location"] == "Sonarr"]
    movies = [e for e in events if e["location"] == "Radarr"]
    assert episodes
    assert movies
    assert all("T" in e["start"] for e in episodes)
    assert all(" - S" in e["summary"] for e in episodes)
    assert all("T" not in e["start"] for e in movies)
    assert all(
        e["summary"].endswith(
            ("(in cinemas)", "(digital release)", "(physical release)")
        )
        for e in movies
    )
    starts = [e["start"] for e in events if "T" in e["start"]]
    assert starts == sorted(starts)
    # Each event names its poster's public address: never a service's key.
    assert all(
        e["description"].rpartition("\n")[2].startswith("Poster: https://")
        for e in events
    )
    assert not any(
        sim.api_key in e["description"] for e in events for sim in (sonarr, radarr)
    )


async def test_one_instance_failing(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    frozen_now: datetime,
) -> None:
    """A failing instance is left out; when all fail the call fails."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    window = (frozen_now - timedelta(days=30), frozen_now + timedelta(days=60))

    radarr.inject_fault(FaultKind.SERVER_ERROR, path="calendar")
    events = await _events(hass, *window)
    assert events
    assert {e["location"] for e in events} == {"Sonarr"}

    sonarr.inject_fault(FaultKind.SERVER_ERROR, path="calendar")
    with pytest.raises(HomeAssistantError, match="No calendar could be read"):
        await _events(hass, *window)


def test_calendar_event_shapes() -> None:
    """Items without a date have no event; episodes without a title still do."""
    start = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
    undated = CalendarItem(
        id=1,
        kind="movie",
        title="Someday",
        media_title="Someday",
        start=None,
        has_file=False,
        monitored=True,
    )
    assert calendar_event(undated, "Radarr") is None

    episode = CalendarItem(
        id=2,
        kind="episode",
        title="",
        media_title="Show",
        start=start,
        has_file=False,
        monitored=True,
        season_number=2,
        episode_number=5,
    )
    event = calendar_event(episode, "Sonarr")
    assert event is not None
    assert event.summary == "Show - S02E05"
    assert event.start == start
    assert event.end == start + EPISODE_LENGTH
    assert event.uid == "episode-2"
    assert event.description is None

    poster = "https://img.test/dune.jpg"
    movie = CalendarItem(
        id=3,
        kind="movie",
        title="Dune",
        media_title="Dune",
        start=start,
        has_file=False,
        monitored=True,
        release_type="digitalRelease",
        overview="Spice.",
        poster=poster,
    )
    event = calendar_event(movie, "Radarr")
    assert event is not None
    assert event.description == f"Spice.\n\nPoster: {poster}"


async def test_two_instances_of_one_kind(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    radarr: RadarrSimulator,
    frozen_now: datetime,
) -> None:
    """An HD and a 4K Radarr side by side: own entities, one calendar."""
    async with start_simulator("radarr", now=frozen_now, url_base="/4k") as radarr_4k:
        await setup_entry(
            radarr_subentry(radarr), radarr_subentry(radarr_4k, "Radarr 4K")
        )
        assert hass.states.get("sensor.radarr_queue") is not None
        assert hass.states.get("sensor.radarr_4k_queue") is not None
        events = await _events(
            hass, frozen_now - timedelta(days=30), frozen_now + timedelta(days=60)
        )
    assert {e["location"] for e in events} == {"Radarr", "Radarr 4K"}
    assert len(hass.states.async_entity_ids("calendar")) == 1
