"""Every instant answer, in every language, against the simulators' state.

Through `conversation.async_converse` with the language set, by AutoArr's
agent and by Home Assistant's own agent (AutoArr's sentence triggers), over
the Sonarr and Radarr simulators and the real SABnzbd on 127.0.0.1, with no
reachable language model. One Home Assistant per language asks the time
left, what comes out today and this week, whether titles are in the
library, adds a movie, a series and a title of either kind, retries
SABnzbd's failed jobs, resumes the downloads and searches for what is
missing. Each answer is checked against what the simulators hold (titles,
years, percentages, times left, weekdays as the language's CLDR data names
them, counts in the form its CLDR plural rules give) and each change against
the simulators' state after it.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
import time
from typing import Any

from babel import Locale
from babel.dates import get_day_names
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.autoarr.agent.intents import InstantIntent, InstantIntent as I
from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.agent.speech import MAX_SPOKEN
from tests.agent.phrasings import phrasings
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    sabnzbd,
    sabnzbd_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.arr_sim.base import DOWNLOAD_SPEED, SimQueueItem
from tests.support.sabnzbd import RealSabnzbd, make_nzb
from tests.test_instant_phrasings import _agents, _say

__all__ = ["loopback_sockets", "radarr", "sabnzbd", "setup_entry", "sonarr"]

pytestmark = pytest.mark.clock

CODES = sorted(REGISTRY)


def sentence(code: str, intent: InstantIntent, index: int, title: str = "") -> str:
    """Return a language's phrasing of an intent (the `index`th, cycling),
    its title replaced by `title`."""
    all_said = phrasings(code).matches[intent]
    said = all_said[index % len(all_said)]
    if not title:
        return said.text
    assert said.title and said.title in said.text, said
    return said.text.replace(said.title, title)


def phrase(code: str, key: str, **values: object) -> str:
    """Return one of a language's answer phrases, filled in."""
    return REGISTRY[code].phrases[key].format(**values)


def counted(code: str, key: str, count: int, **values: object) -> str:
    """Return a counting phrase in the form CLDR's plural rules give `count`
    in the language (Babel's data): "1 minute", "22 minuty", "25 minut"."""
    language = REGISTRY[code]
    category = Locale.parse(language.locale).plural_form(count)
    name = f"{key}_{category}"
    if name not in language.phrases:
        # A category the language keeps for millions ("many" in French).
        assert category == "many" and code != "pl", (code, name)
        name = f"{key}_other"
    return language.phrases[name].format(count=count, **values)


def episode_label(code: str, title: str, season: int, episode: int) -> str:
    """Return an episode as the language says it."""
    return phrase(code, "episode", title=title, season=season, episode=episode)


def about(code: str, seconds: float) -> str:
    """Return a time left as said: "about 16 minutes", in the language."""
    if seconds < 60:
        return phrase(code, "under_minute")
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = [counted(code, "hours", hours)] if hours else []
    if minutes:
        parts.append(counted(code, "minutes", minutes))
    return phrase(code, "about", duration=" ".join(parts))


def weekday(code: str, day: date) -> str:
    """Return a weekday's name as the language's CLDR data writes it."""
    return str(get_day_names("wide", locale=REGISTRY[code].locale)[day.weekday()])


# The time left, what comes out, the library.


def downloading(sim: SonarrSimulator | RadarrSimulator, title: str) -> SimQueueItem:
    """Return the one queue item downloading for a series or movie title."""
    found = [
        item
        for item in sim.state.queue.values()
        if item.status == "downloading"
        and item.size_left > 0
        and title_of(sim, item) == title
    ]
    assert len(found) == 1, found
    return found[0]


def title_of(sim: SonarrSimulator | RadarrSimulator, item: SimQueueItem) -> str:
    """Return the title of what a queue item downloads."""
    if isinstance(sim, RadarrSimulator):
        return sim.state.movies[item.media["movieId"]].seed.title
    return sim.state.series[item.media["seriesId"]].seed.title


def eta_answer(
    code: str, sim: SonarrSimulator | RadarrSimulator, item: SimQueueItem
) -> str:
    """Return the answer to "how long until X is done?" for a queue item."""
    name = title_of(sim, item)
    if isinstance(sim, SonarrSimulator):
        episode = sim.state.episodes[item.media["episodeId"]]
        name = episode_label(code, name, episode.season_number, episode.episode_number)
    percent = round(100 * (item.size - item.size_left) / item.size)
    seconds = int(item.size_left / DOWNLOAD_SPEED)
    return phrase(
        code, "eta", name=name, percent=percent, duration=about(code, seconds)
    )


def releases(
    sonarr: SonarrSimulator, radarr: RadarrSimulator, start: datetime, end: datetime
) -> list[tuple[datetime, str, str, str | None]]:
    """Return what the simulators have coming out between start and end:
    (when, kind, title, episode label), the monitored episodes airing and the
    monitored movies' first release in the window."""
    found: list[tuple[datetime, str, str, str | None]] = []
    for episode in sonarr.state.episodes.values():
        aired = episode.air_date_utc
        if aired is not None and episode.monitored and start <= aired <= end:
            series = sonarr.state.series[episode.series_id].seed.title
            label = f"S{episode.season_number:02d}E{episode.episode_number:02d}"
            found.append((aired, "episode", series, label))
    for movie in radarr.state.movies.values():
        dates = (movie.in_cinemas, movie.digital_release, movie.physical_release)
        inside = [when for when in dates if start <= when <= end]
        if movie.monitored and inside:
            found.append((min(inside), "movie", movie.seed.title, None))
    found.sort(key=lambda item: (item[0], item[2]))
    return found


def day_entries(
    code: str, items: list[tuple[datetime, str, str, str | None]]
) -> list[str]:
    """Return one day's releases as said: a series' episodes counted together."""
    episodes: dict[str, list[str]] = {}
    order: list[tuple[str, str]] = []
    for _, kind, title, label in items:
        if kind == "movie":
            order.append(("movie", title))
            continue
        if title not in episodes:
            order.append(("episode", title))
        episodes.setdefault(title, []).append(label or "")
    said: list[str] = []
    for kind, title in order:
        if kind == "movie":
            said.append(phrase(code, "movie", title=title))
        elif len(episodes[title]) == 1:
            label = episodes[title][0]
            said.append(episode_label(code, title, int(label[1:3]), int(label[4:])))
        else:
            said.append(counted(code, "episodes", len(episodes[title]), title=title))
    return said


def upcoming_answer(
    code: str,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    now: datetime,
    *,
    week: bool,
) -> str:
    """Return the answer to "what comes out today / this week?" from what
    the simulators hold, days as Home Assistant's time zone has them."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=7 if week else 1)
    found = releases(sonarr, radarr, start, end)
    if not found:
        return phrase(code, "nothing_week" if week else "nothing_today")
    days: dict[date, list[tuple[datetime, str, str, str | None]]] = {}
    for item in found:
        days.setdefault(item[0].astimezone(now.tzinfo).date(), []).append(item)
    parts: list[str] = []
    for day, items in days.items():
        if not week:
            parts.extend(day_entries(code, items))
            continue
        if day == now.date():
            word = phrase(code, "day_today")
        elif day == now.date() + timedelta(days=1):
            word = phrase(code, "day_tomorrow")
        else:
            word = weekday(code, day)
        parts.extend(f"{word} {entry}" for entry in day_entries(code, items))
    shown = parts[: MAX_SPOKEN * 2]
    if len(parts) > len(shown):
        shown.append(phrase(code, "and_more", count=len(parts) - len(shown)))
    return phrase(code, "week" if week else "today", items="; ".join(shown))


# SABnzbd's failed jobs.

FAILING = ("Heat.1995.1080p.BluRay", "Dark.S01E03.1080p.WEB")


def _retryable(sab: RealSabnzbd, count: int) -> list[str]:
    """Wait until SABnzbd keeps `count` failed jobs it can retry; return their
    names in its history's order (a thread: the test's clock is frozen)."""
    for _attempt in range(240):
        slots = sab.api("history")["history"]["slots"]
        names = [s["name"] for s in slots if s.get("status") == "Failed"]
        if len(names) == count and all(s.get("retry") for s in slots):
            return names
        sab.nudge_postprocessor()
        time.sleep(0.25)
    raise AssertionError(f"SABnzbd kept no {count} retryable jobs: {slots}")


async def _fail_jobs(sab: RealSabnzbd, entry: Any) -> list[str]:
    """Have the real SABnzbd fail FAILING; return their names as it lists them."""
    (service,) = entry.runtime_data.sabnzbd_services()
    for name in FAILING:
        await service.client.add_file(f"{name}.nzb", make_nzb(name))
    return await asyncio.to_thread(_retryable, sab, len(FAILING))


def _queued_names(sab: RealSabnzbd) -> list[str]:
    return [slot["filename"] for slot in sab.api("queue")["queue"]["slots"]]


def retry_answer(code: str, names: list[str]) -> str:
    """Return the answer to "retry the failed downloads" for SABnzbd's jobs."""
    said = []
    for name in names[:MAX_SPOKEN]:
        words = name.split(".")
        if words[1].startswith("S0"):
            said.append(
                episode_label(code, words[0], int(words[1][1:3]), int(words[1][4:6]))
            )
        else:
            said.append(words[0])
    if len(names) > len(said):
        said.append(phrase(code, "and_more", count=len(names) - len(said)))
    # Listed as the downloads' answer lists them: "Heat; Dark season 1 ...".
    listed = "; ".join(said)
    retried = counted(code, "retried", len(names), names=listed)
    return f"{retried} {phrase(code, 'sabnzbd_only')}"


@pytest.mark.parametrize("code", CODES)
async def test_every_answer_states_the_simulators(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    frozen_now: datetime,
    code: str,
) -> None:
    """Both agents answer every request of the language from what the
    simulators and SABnzbd hold, and what they change changes there."""
    agents = await _agents(
        hass_core,
        setup_entry,
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
    )
    (entry,) = hass_core.config_entries.async_entries("autoarr")
    now = dt_util.as_local(frozen_now)

    async def say(turn: int, intent: InstantIntent, title: str = "") -> str:
        text = sentence(code, intent, turn, title)
        return await _say(hass_core, agents[turn], text, code)

    for turn in range(len(agents)):
        # The time left: a movie's, then an episode's, as the queue has them.
        dune = downloading(radarr, "Dune: Part Two")
        assert await say(turn, I.DOWNLOAD_ETA, "Dune") == eta_answer(code, radarr, dune)
        shogun = downloading(sonarr, "Shōgun")
        assert await say(turn, I.DOWNLOAD_ETA, "Shōgun") == eta_answer(
            code, sonarr, shogun
        )
        # What comes out, today and this week.
        assert await say(turn, I.UPCOMING_TODAY) == upcoming_answer(
            code, sonarr, radarr, now, week=False
        )
        assert await say(turn, I.UPCOMING_WEEK) == upcoming_answer(
            code, sonarr, radarr, now, week=True
        )
        # The library: a series, a movie not downloaded yet, and a title
        # neither has.
        severance = sonarr.state.series_by_title("Severance").seed
        assert await say(turn, I.IN_LIBRARY, "Severance") == phrase(
            code, "in_library", title=f"Severance ({severance.year})"
        )
        third = radarr.state.movie_by_title("Dune: Part Three")
        assert not third.has_file
        assert await say(turn, I.IN_LIBRARY, "Dune: Part Three") == phrase(
            code, "in_library_no_file", title=f"Dune: Part Three ({third.seed.year})"
        )
        assert await say(turn, I.IN_LIBRARY, "The Wire") == phrase(
            code, "not_in_library", title="The Wire"
        )

    # Adds: each agent adds its own, which Radarr or Sonarr then holds. (A
    # bare "download X" is AutoArr's agent's only: Home Assistant's own agent
    # also runs the home.)
    adds = [
        (I.ADD_MOVIE, 0, 0, "Memento"),
        (I.ADD_MOVIE, 1, 1, "The Prestige"),
        (I.ADD_SERIES, 0, 0, "The Wire"),
        (I.ADD_SERIES, 1, 1, "Sherlock"),
        (I.ADD_MEDIA, 0, 0, "Amélie"),
        (I.ADD_MEDIA, 0, 1, "Fleabag"),
    ]
    for intent, turn, index, title in adds:
        text = sentence(code, intent, index, title)
        said = await _say(hass_core, agents[turn], text, code)
        if title in ("Memento", "The Prestige", "Amélie"):
            year = radarr.state.movie_by_title(title).seed.year
        else:
            year = sonarr.state.series_by_title(title).seed.year
        assert said == phrase(code, "added_search", title=f"{title} ({year})")

    # Searching for what is missing asks every Sonarr and Radarr.
    for turn in range(len(agents)):
        before = [
            sum(1 for c in sim.state.commands.values() if c.name == command)
            for sim, command in (
                (sonarr, "MissingEpisodeSearch"),
                (radarr, "MissingMoviesSearch"),
            )
        ]
        assert await say(turn, I.SEARCH_MISSING) == phrase(code, "searching_missing")
        after = [
            sum(1 for c in sim.state.commands.values() if c.name == command)
            for sim, command in (
                (sonarr, "MissingEpisodeSearch"),
                (radarr, "MissingMoviesSearch"),
            )
        ]
        assert after == [count + 1 for count in before]

    # SABnzbd: paused, each agent resumes it; its failed jobs are retried.
    for turn in range(len(agents)):
        await asyncio.to_thread(sabnzbd.api, "pause")
        assert sabnzbd.api("queue")["queue"]["paused"] is True
        assert await say(turn, I.RESUME) == phrase(code, "resumed")
        assert sabnzbd.api("queue")["queue"]["paused"] is False

        names = await _fail_jobs(sabnzbd, entry)
        # Paused, SABnzbd keeps the retried jobs in its queue.
        await asyncio.to_thread(sabnzbd.api, "pause")
        assert await say(turn, I.RETRY_FAILED) == retry_answer(code, names)
        assert sorted(_queued_names(sabnzbd)) == sorted(names)
        await asyncio.to_thread(sabnzbd.api, "queue", name="delete", value="all")
        await asyncio.to_thread(sabnzbd.api, "resume")
