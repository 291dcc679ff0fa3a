"""Every parser over every answer of the corpus, strictly.

An answer of a real server must parse whole: no record left out (which the
clients would do, with a warning, for a record they cannot read) and the
values AutoArr shows read as the server meant them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.autoarr.arr.activity_models import CalendarItem, WantedItem
from custom_components.autoarr.arr.fields import parse_list
from custom_components.autoarr.arr.indexer_models import Indexer
from custom_components.autoarr.arr.library_models import Episode, Movie, Series
from custom_components.autoarr.arr.models import (
    HealthCheck,
    Page,
    QueueItem,
    SystemStatus,
)
from custom_components.autoarr.arr.music_models import Album, Artist
from custom_components.autoarr.arr.sabnzbd_history import SabHistory
from custom_components.autoarr.arr.sabnzbd_models import SabQueue
from custom_components.autoarr.arr.sabnzbd_status import SabServerStats
from custom_components.autoarr.arr.seerr_models import (
    IssueCounts,
    MediaDetails,
    MediaRequest,
    RequestCounts,
    RequestPage,
    SearchResult,
    SeerrNotification,
    SeerrStatus,
)

from .corpus import REAL, Payload

type Parser = Callable[[Any], Any]


def _page(parse: Parser) -> Parser:
    return lambda data: Page.parse(data, "page", parse)


def _list(parse: Parser) -> Parser:
    return lambda data: parse_list(data, "list", parse)


# The parser of each endpoint, by application.
PARSERS: dict[tuple[str, str], Parser] = {
    ("sonarr", "queue"): _page(QueueItem.from_json),
    ("sonarr", "series"): _list(Series.from_json),
    ("sonarr", "wanted-missing"): _page(WantedItem.from_episode),
    ("sonarr", "calendar"): _list(CalendarItem.from_episode),
    ("sonarr", "system-status"): SystemStatus.from_json,
    ("sonarr", "episode"): Episode.from_json,
    ("radarr", "queue"): _page(QueueItem.from_json),
    ("radarr", "system-status"): SystemStatus.from_json,
    ("radarr", "health"): _list(HealthCheck.from_json),
    ("radarr", "movie"): _list(Movie.from_json),
    ("radarr", "calendar"): _list(CalendarItem.from_movie),
    ("lidarr", "queue"): _page(QueueItem.from_json),
    ("lidarr", "system-status"): SystemStatus.from_json,
    ("lidarr", "wanted-missing"): _page(WantedItem.from_album),
    ("lidarr", "artist"): _list(Artist.from_json),
    ("lidarr", "album"): _list(Album.from_json),
    ("lidarr", "calendar"): _list(CalendarItem.from_album),
    ("prowlarr", "indexer"): _list(Indexer.from_json),
    ("sabnzbd", "queue"): lambda data: SabQueue.from_json(data["queue"]),
    ("sabnzbd", "history"): lambda data: SabHistory.from_json(data["history"]),
    ("sabnzbd", "server_stats"): SabServerStats.from_json,
    ("seerr", "requests"): RequestPage.parse,
    ("seerr", "request-count"): RequestCounts.from_json,
    ("seerr", "issue-count"): IssueCounts.from_json,
    ("seerr", "status"): SeerrStatus.from_json,
    # People found by a search are left out on purpose.
    ("seerr", "search"): lambda data: [
        SearchResult.from_json(item)
        for item in data["results"]
        if item["mediaType"] != "person"
    ],
    ("seerr", "movie"): MediaDetails.parser("movie"),
    ("seerr", "tv"): MediaDetails.parser("tv"),
    ("seerr", "create-request"): MediaRequest.from_json,
    ("seerr", "webhook"): SeerrNotification.from_json,
}

ARR_AND_SAB = [
    Payload(path.parts[-3], path.parts[-2], path.stem, path)
    for path in sorted(REAL.glob("*/*/*.json"))
    if path.parts[-3] != "ollama"
]


def parser_of(payload: Payload) -> Parser:
    """Return the parser of a corpus answer (by its endpoint, then its case)."""
    endpoint = payload.endpoint
    while (payload.app, endpoint) not in PARSERS:
        assert "_" in endpoint or "-" in endpoint, f"no parser for {payload.id}"
        endpoint = endpoint.rsplit("_" if "_" in endpoint else "-", 1)[0]
    return PARSERS[(payload.app, endpoint)]


@pytest.mark.parametrize("payload", ARR_AND_SAB, ids=lambda p: p.id)
def test_every_answer_parses_whole(payload: Payload) -> None:
    """Each answer parses, every record of it (no record is left out)."""
    parsed = parser_of(payload)(payload.json())
    records = payload.json()
    if isinstance(records, dict) and "records" in records:
        assert len(parsed.records) == len(records["records"])
    elif isinstance(parsed, RequestPage):
        assert len(parsed.requests) == len(records["results"])
    elif isinstance(records, list):
        assert len(parsed) == len(records)


def test_sonarr_v3_queue_reads_the_season_from_the_episode() -> None:
    """The season of a v3 record is the embedded episode's."""
    page = PARSERS[("sonarr", "queue")](_load("sonarr/v3/queue.json"))
    (item,) = page.records
    assert (item.media_title, item.season_number, item.episode_number) == (
        "The Andy Griffith Show",
        1,
        1,
    )


def test_paused_records_have_no_time_left() -> None:
    """ "00:00:00" with bytes left is no estimate; with nothing left it is done."""
    pack = PARSERS[("sonarr", "queue")](_load("sonarr/v4/queue_season_pack.json"))
    assert {(item.status, item.time_left) for item in pack.records} == {
        ("paused", None)
    }
    radarr = PARSERS[("radarr", "queue")](_load("radarr/v5/queue.json"))
    assert {item.time_left for item in radarr.records if item.size_left == 0} == {
        timedelta(0)
    }


def test_sabnzbd_3_7_queue_reads_days_of_time_left() -> None:
    """SABnzbd 3.7 prints days in front of the hours: 103:23:59:03."""
    queue = PARSERS[("sabnzbd", "queue")](_load("sabnzbd/3.7/queue.json"))
    assert queue.version == "3.7.2"
    assert queue.time_left is not None
    assert queue.time_left.days == 103
    assert queue.quota_left_bytes is not None


def _load(relative: str) -> Any:
    return Payload("", "", "", REAL / relative).json()


def test_lidarr_answers_name_the_artist_and_album() -> None:
    """Lidarr's queue names its artist and album; wanted albums their artist."""
    queue = PARSERS[("lidarr", "queue")](_load("lidarr/v1/queue.json"))
    assert {(item.artist_id, item.album_id) for item in queue.records} == {(1, 1)}
    wanted = PARSERS[("lidarr", "wanted-missing")](
        _load("lidarr/v1/wanted-missing.json")
    )
    [album] = wanted.records
    assert (album.kind, album.title, album.media_title) == ("album", "test", "test")
    assert album.air_date is not None and album.air_date.year == 1968


def test_seerr_answers_read_as_seerr_meant_them() -> None:
    """Requests, counts, search and details of Overseerr and Seerr."""
    page = RequestPage.parse(_load("seerr/overseerr/requests_hacore.json"))
    assert page.total == 14
    movie, series = page.requests
    assert (movie.id, movie.status.value, movie.media_type, movie.tmdb_id) == (
        16,
        "approved",
        "movie",
        1156593,
    )
    assert movie.media is not None and movie.media.status.value == "processing"
    assert (series.seasons, series.requested_by) == ((1,), "somebody")
    assert series.media is not None
    assert series.media.status.value == "partially_available"
    # Seerr numbers a completed request 5, which Overseerr never sent.
    seerr_page = RequestPage.parse(_load("seerr/seerr/requests.json"))
    assert "completed" in {r.status.value for r in seerr_page.requests}
    assert (
        RequestCounts.from_json(_load("seerr/seerr/request-count.json")).completed == 5
    )
    assert (
        RequestCounts.from_json(_load("seerr/overseerr/request-count.json")).completed
        is None
    )
    found = PARSERS[("seerr", "search")](_load("seerr/overseerr/search.json"))
    assert ("Hot Frosty", 2024, True) in {(r.title, r.year, r.available) for r in found}
    tv = MediaDetails.parser("tv")(_load("seerr/overseerr/tv.json"))
    assert (tv.title, tv.year, tv.status.value) == (
        "Beast Games",
        2024,
        "partially_available",
    )
    made = MediaRequest.from_json(_load("seerr/seerr/create-request_tv.json"))
    assert (made.media_type, made.status.value) == ("tv", "approved")


def test_seerr_webhooks_read_without_addresses() -> None:
    """A notification names the request and who asked, never an e-mail."""
    approved = SeerrNotification.from_json(
        _load("seerr/overseerr/webhook_auto-approved.json")
    )
    assert (approved.notification_type, approved.request_id, approved.tmdb_id) == (
        "MEDIA_AUTO_APPROVED",
        16,
        123,
    )
    assert (approved.media_type, approved.media_status, approved.requested_by) == (
        "movie",
        "pending",
        "henk",
    )
    assert "@" not in repr(approved)
    test = SeerrNotification.from_json(_load("seerr/overseerr/webhook_test.json"))
    assert test.is_test
    assert (test.media_type, test.request_id) == (None, None)


def test_lidarr_calendar_and_library_read_as_lidarr_meant_them() -> None:
    """A real album release, and a library whose names pyarr replaced."""
    (release,) = PARSERS[("lidarr", "calendar")](_load("lidarr/v1/calendar.json"))
    assert (release.title, release.artist_id, release.has_file) == (
        "Mount Westmore",
        163,
        False,
    )
    assert release.start is not None and release.start.date().isoformat() == (
        "2022-12-09"
    )
    albums = PARSERS[("lidarr", "album")](_load("lidarr/v1/album.json"))
    assert {(a.id, a.track_count, a.complete) for a in albums} == {
        (100, 20, False),
        (101, 20, False),
    }
    (artist,) = PARSERS[("lidarr", "artist")](_load("lidarr/v1/artist.json"))
    assert (artist.id, artist.status, artist.missing_tracks) == (3, "ended", 4)


def test_prowlarr_indexer_reads_as_prowlarr_meant_it() -> None:
    """A disabled public torrent indexer."""
    (indexer,) = PARSERS[("prowlarr", "indexer")](_load("prowlarr/v1/indexer.json"))
    assert (indexer.id, indexer.name, indexer.enable) == (2, "Nyaa", False)
    assert (indexer.protocol, indexer.privacy, indexer.priority) == (
        "torrent",
        "public",
        25,
    )


def test_system_status_tells_the_major_version() -> None:
    """A Sonarr v3 (mono, no database type) and a Radarr v5 say who they are."""
    sonarr = SystemStatus.from_json(_load("sonarr/v3/system-status.json"))
    assert (sonarr.app_name, sonarr.version, sonarr.is_v4) == (
        "Sonarr",
        "3.0.9.1549",
        False,
    )
    assert sonarr.database_type == ""
    radarr = SystemStatus.from_json(_load("radarr/v5/system-status.json"))
    assert (radarr.major_version, radarr.database_type) == (5, "sqLite")


def test_sonarr_v4_episode_reads_with_its_series() -> None:
    """A v4 episode (its file has `languages` and custom formats, its series
    an original language) reads as an episode, and as a calendar entry."""
    data = _load("sonarr/v4/episode.json")
    episode = Episode.from_json(data)
    assert (episode.id, episode.series_id, episode.season_number) == (4186, 53, 1)
    assert (episode.episode_number, episode.has_file) == (1, True)
    item = CalendarItem.from_episode(data)
    assert (item.media_title, item.title) == (
        "The Last of Us",
        "When You're Lost in the Darkness",
    )


def test_radarr_calendar_reads_the_releases() -> None:
    """A Radarr 4 calendar movie: the earliest of its releases, with its file."""
    (movie,) = PARSERS[("radarr", "calendar")](_load("radarr/v4/calendar.json"))
    assert (movie.title, movie.media_title, movie.has_file) == ("Beast", "Beast", True)
    assert (movie.release_type, movie.start) == (
        "inCinemas",
        datetime(2022, 8, 11, tzinfo=UTC),
    )


def test_sonarr_v4_queue_reads_stalled_packs_and_a_held_back_import() -> None:
    """A Sonarr v4 queue asked without series or episodes: the season and
    episode ids at the top level, stalled torrents with no `timeleft` (no
    estimate, not zero), and the reasons of an import Sonarr holds back."""
    page = PARSERS[("sonarr", "queue")](_load("sonarr/v4/queue.json"))
    assert (page.total_records, len(page.records)) == (13, 13)
    held, *packs = page.records
    assert (held.status, held.tracked_download_state, held.season_number) == (
        "completed",
        "importPending",
        1,
    )
    assert held.time_left is None
    reason = (
        "Not an upgrade for existing episode file(s). Existing quality: "
        "HDTV-1080p. New Quality SDTV."
    )
    assert held.status_messages[1].messages == (reason,)
    assert {(item.download_id[:8], item.time_left) for item in packs} == {
        ("687DF499", None),
        ("A4A5D5FF", None),
    }
    assert all(item.size_left == item.size for item in packs)
    assert len({item.episode_id for item in packs}) == 12


def test_sonarr_v4_calendar_and_library_read_whole() -> None:
    """A Sonarr v4 calendar names each episode with its series and poster (v4
    embeds only the remote address); a library of 300 series reads whole."""
    items = PARSERS[("sonarr", "calendar")](_load("sonarr/v4/calendar.json"))
    first = items[0]
    assert (first.media_title, first.season_number, first.episode_number) == (
        "JUJUTSU KAISEN",
        3,
        5,
    )
    assert (first.title, first.start) == (
        "Passion",
        datetime(2026, 1, 29, 15, 30, tzinfo=UTC),
    )
    assert all(item.poster and item.poster.startswith("https://") for item in items)
    library = PARSERS[("sonarr", "series")](_load("sonarr/v4/series.json"))
    assert len(library) == 300
    assert {series.status for series in library} == {"continuing", "ended"}
    assert all(series.title and series.seasons for series in library)


def test_statuses_of_2021_name_no_application() -> None:
    """Sonarr 3.0.6, Radarr 3.2.2 and Lidarr 0.8.1 send no `appName` (and no
    `instanceName`): their status reads with an empty name and its version."""
    versions = {
        (app, version): SystemStatus.from_json(
            _load(f"{app}/{version}/system-status.json")
        )
        for app, version in (("sonarr", "3.0"), ("radarr", "3.2"), ("lidarr", "0.8"))
    }
    assert {
        key: (s.app_name, s.instance_name) for key, s in versions.items()
    } == dict.fromkeys(versions, ("", ""))
    assert [s.version for s in versions.values()] == [
        "3.0.6.1196",
        "3.2.2.5080",
        "0.8.1.2135",
    ]
