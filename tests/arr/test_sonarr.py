"""SonarrClient against the simulated Sonarr v4 and v3."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from custom_components.autoarr.arr import arr_base
from custom_components.autoarr.arr.errors import ArrApiError, ArrNotFoundError
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import SonarrSimulator

TRACKED_STATES = {
    "downloading",
    "importBlocked",
    "importPending",
    "importing",
    "imported",
    "failedPending",
    "failed",
    "ignored",
}


async def test_system_status_v4(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """The status names the app, its version and instance; v4 is detected."""
    status = await sonarr.system_status()
    assert status.app_name == "Sonarr"
    assert status.version == sonarr_sim.state.version
    assert status.instance_name == "Sonarr"
    assert status.is_v4
    assert status.major_version == 4
    assert status.url_base == ""
    assert status.is_docker
    assert sonarr.last_status == status


async def test_system_status_v3_with_url_base(
    sonarr_v3: SonarrClient, sonarr_v3_sim: SonarrSimulator
) -> None:
    """A v3 server below a URL base is reached and recognised as v3."""
    assert sonarr_v3_sim.url.endswith("/sonarr")
    status = await sonarr_v3.system_status()
    assert status.major_version == 3
    assert not status.is_v4
    assert status.url_base == "/sonarr"
    assert sonarr_v3.base_url == sonarr_v3_sim.url


async def test_api_key_sent_as_header(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """The key travels in X-Api-Key, never in the URL."""
    await sonarr.health()
    request = sonarr_sim.requests_to("/api/v3/health")[0]
    assert request.headers["X-Api-Key"] == sonarr_sim.api_key
    assert all(name != "apikey" for name, _ in request.query)


async def test_health(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """Health checks keep type, message and the wiki link."""
    checks = await sonarr.health()
    assert [c.type for c in checks] == ["warning", "error"]
    assert checks[1].source == "RootFolderCheck"
    assert "Missing root folder" in checks[1].message
    assert checks[1].wiki_url is not None
    assert checks[1].wiki_url.startswith("https://wiki.servarr.com/sonarr/")
    sonarr_sim.state.health.clear()
    assert await sonarr.health() == []


async def test_disk_space_and_root_folders(sonarr: SonarrClient) -> None:
    """Disk space and root folders, including an inaccessible one."""
    disks = await sonarr.disk_space()
    assert {d.path for d in disks} == {"/", "/tv", "/downloads"}
    root = next(d for d in disks if d.path == "/")
    assert root.free_space < root.total_space
    folders = await sonarr.root_folders()
    assert [(f.path, f.accessible) for f in folders] == [
        ("/tv/", True),
        ("/mnt/archive/tv/", False),
    ]
    assert folders[1].free_space is None


async def test_quality_profiles(sonarr: SonarrClient) -> None:
    """Profiles list their allowed qualities."""
    profiles = {p.name: p for p in await sonarr.quality_profiles()}
    assert set(profiles) == {"Any", "HD-1080p", "Ultra-HD"}
    assert profiles["Ultra-HD"].allowed_qualities == ("WEBDL-2160p", "Bluray-2160p")
    assert profiles["HD-1080p"].upgrade_allowed


async def test_queue_covers_every_tracked_state(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """The queue parses every tracked state, messages, errors and sizes."""
    items = await sonarr.queue_all()
    assert len(items) == len(sonarr_sim.state.queue)
    assert {i.tracked_download_state for i in items} == TRACKED_STATES
    downloading = next(i for i in items if i.status == "downloading")
    assert downloading.progress == pytest.approx(42.0, abs=0.1)
    assert downloading.time_left is not None and downloading.time_left > timedelta(0)
    assert downloading.estimated_completion_time is not None
    assert downloading.media_title is not None
    assert downloading.series_id and downloading.episode_id
    assert downloading.episode_number is not None
    assert downloading.protocol == "usenet"
    failed = next(i for i in items if i.tracked_download_state == "failedPending")
    assert failed.has_problem
    assert failed.error_message == "Unpacking failed, write error or disk is full?"
    assert failed.status_messages[0].messages == (
        "Unpacking failed, write error or disk is full?",
    )
    blocked = next(i for i in items if i.tracked_download_state == "importBlocked")
    assert "Not an upgrade" in blocked.status_messages[0].messages[0]
    unknown = next(i for i in items if i.series_id is None)
    assert unknown.media_title is None
    assert unknown.status_messages[0].messages == ("Unknown Series",)


async def test_queue_paging(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """queue() returns one page; queue_all() walks all pages."""
    page = await sonarr.queue(page=2, page_size=5)
    assert page.page == 2
    assert page.page_size == 5
    assert page.total_records == len(sonarr_sim.state.queue)
    assert [i.id for i in page.records] == sorted(sonarr_sim.state.queue)[5:10]
    query = dict(sonarr_sim.requests_to("/api/v3/queue")[-1].query)
    assert query["includeUnknownSeriesItems"] == "true"


async def test_queue_all_reads_every_page(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """More items than one page of queue_all are all read."""
    episode = next(iter(sonarr_sim.state.episodes.values()))
    for n in range(150):
        sonarr_sim.state.add_queue_item(
            f"Filler.S01E{n:02d}", sonarr_sim.state.episode_media(episode)
        )
    items = await sonarr.queue_all()
    assert len(items) == len(sonarr_sim.state.queue)
    assert len({i.id for i in items}) == len(items)
    assert len(sonarr_sim.requests_to("/api/v3/queue")) == 2


async def test_remove_queue_item_with_blocklist_searches_again(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Blocklisting removes the item, marks it failed and grabs a replacement."""
    state = sonarr_sim.state
    failed = next(
        i for i in state.queue.values() if i.tracked_download_state == "failed"
    )
    await sonarr.remove_queue_item(failed.id, blocklist=True)
    assert failed.id not in state.queue
    assert state.removed_queue_items[-1] == {
        "id": failed.id,
        "title": failed.title,
        "blocklist": True,
        "removeFromClient": True,
        "skipRedownload": False,
    }
    assert state.blocklist[-1]["sourceTitle"] == failed.title
    replacement = [i for i in state.queue.values() if i.media == failed.media]
    assert len(replacement) == 1
    assert replacement[0].title != failed.title
    history = await sonarr.history(event_type="downloadFailed")
    assert history.records[0].source_title == failed.title
    assert history.records[0].message == "Manually marked as failed"


async def test_remove_queue_item_without_redownload(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """skip_redownload and remove_from_client are passed on."""
    state = sonarr_sim.state
    item = next(iter(state.queue.values()))
    await sonarr.remove_queue_item(
        item.id, blocklist=True, remove_from_client=False, skip_redownload=True
    )
    assert state.removed_queue_items[-1]["removeFromClient"] is False
    assert state.removed_queue_items[-1]["skipRedownload"] is True
    assert not any(i.media == item.media for i in state.queue.values())
    with pytest.raises(ArrNotFoundError):
        await sonarr.remove_queue_item(item.id, blocklist=False)


async def test_calendar(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """The calendar lists monitored episodes in the window, with series titles."""
    now = sonarr_sim.state.now
    items = await sonarr.calendar(now - timedelta(days=3), now + timedelta(days=3))
    assert items
    assert all(i.kind == "episode" for i in items)
    assert all(
        i.start is not None
        and now - timedelta(days=3) <= i.start <= now + timedelta(days=3)
        for i in items
    )
    assert all(i.media_title for i in items)
    assert any(not i.has_file for i in items if i.start and i.start > now)
    expected = sum(
        1
        for e in sonarr_sim.state.episodes.values()
        if e.monitored
        and e.air_date_utc
        and now - timedelta(days=3) <= e.air_date_utc <= now + timedelta(days=3)
    )
    assert len(items) == expected


async def test_calendar_naive_datetimes_are_utc(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A naive window is sent as UTC."""
    now = sonarr_sim.state.now.replace(tzinfo=None)
    await sonarr.calendar(now, now + timedelta(days=1))
    query = dict(sonarr_sim.requests_to("/api/v3/calendar")[-1].query)
    assert query["start"] == now.strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_wanted_missing(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Wanted/missing pages through aired, monitored episodes without a file."""
    page = await sonarr.wanted_missing(page_size=10)
    assert page.total_records == len(sonarr_sim.state.missing_episodes())
    assert len(page.records) == 10
    first = page.records[0]
    episode = sonarr_sim.state.episodes[first.id]
    assert not episode.has_file
    assert first.media_title == sonarr_sim.state.series[episode.series_id].seed.title
    assert (first.season_number, first.episode_number) == (
        episode.season_number,
        episode.episode_number,
    )


async def test_history_filters(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """History filters by event type and sorts newest first."""
    everything = await sonarr.history(page_size=500)
    assert everything.total_records == len(sonarr_sim.state.history)
    dates = [r.date for r in everything.records if r.date]
    assert dates == sorted(dates, reverse=True)
    for event in ("grabbed", "downloadFailed", "downloadFolderImported"):
        page = await sonarr.history(event_type=event)
        assert page.records
        assert {r.event_type for r in page.records} == {event}
    failed = await sonarr.history(event_type="downloadFailed")
    assert all(r.message for r in failed.records)
    assert all(r.episode_id and r.series_id for r in failed.records)
    assert failed.records[0].quality == "WEBDL-1080p"
    with pytest.raises(ValueError, match="unknown Sonarr history event type"):
        await sonarr.history(event_type="movieFileDeleted")


async def test_command_progression(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A command moves from queued to started to completed as it is polled."""
    missing_before = len(sonarr_sim.state.missing_episodes())
    queue_before = len(sonarr_sim.state.queue)
    command = await sonarr.search_missing()
    assert command.name == "MissingEpisodeSearch"
    assert command.status == "queued"
    assert not command.is_finished
    started = await sonarr.command_status(command.id)
    assert started.status == "started"
    assert started.started is not None
    done = await sonarr.command_status(command.id)
    assert done.is_finished and done.succeeded
    assert done.ended is not None
    assert len(sonarr_sim.state.queue) > queue_before
    assert len(sonarr_sim.state.missing_episodes()) == missing_before


async def test_failing_command(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A command that fails reports failed and its exception."""
    sonarr_sim.state.failing_commands.add("RefreshSeries")
    command = await sonarr.refresh_series()
    await sonarr.command_status(command.id)
    failed = await sonarr.command_status(command.id)
    assert failed.status == "failed"
    assert failed.is_finished and not failed.succeeded
    assert failed.exception and "RefreshSeries failed" in failed.exception


async def test_unknown_command_is_an_api_error(sonarr: SonarrClient) -> None:
    """The server's message about an unknown command is kept."""
    with pytest.raises(ArrApiError, match="Unknown command: NoSuchCommand") as err:
        await sonarr.command("NoSuchCommand")
    assert err.value.status == 400


async def test_command_status_unknown_id(sonarr: SonarrClient) -> None:
    """An unknown command id is ArrNotFoundError."""
    with pytest.raises(ArrNotFoundError):
        await sonarr.command_status(9999)


async def test_search_commands_send_their_bodies(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Series, season and episode searches carry the ids Sonarr reads."""
    series = sonarr_sim.state.series_by_title("The Expanse")
    episodes = sonarr_sim.state.series_episodes(series.id)[:2]
    await sonarr.series_search(series.id)
    await sonarr.season_search(series.id, 2)
    await sonarr.episode_search([e.id for e in episodes])
    bodies = [r.body for r in sonarr_sim.requests_to("/api/v3/command", "POST")]
    assert bodies == [
        {"name": "SeriesSearch", "seriesId": series.id},
        {"name": "SeasonSearch", "seriesId": series.id, "seasonNumber": 2},
        {"name": "EpisodeSearch", "episodeIds": [e.id for e in episodes]},
    ]


async def test_episode_search_grabs(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A completed episode search puts the episode in the queue."""
    state = sonarr_sim.state
    queued = {i.media.get("episodeId") for i in state.queue.values()}
    episode = next(e for e in state.missing_episodes() if e.id not in queued)
    command = await sonarr.episode_search([episode.id])
    await sonarr.command_status(command.id)
    await sonarr.command_status(command.id)
    assert any(i.media.get("episodeId") == episode.id for i in state.queue.values())
    grabbed = await sonarr.history(event_type="grabbed", page_size=1)
    assert grabbed.records[0].episode_id == episode.id


async def test_refresh_series_v4_and_v3(
    sonarr: SonarrClient,
    sonarr_sim: SonarrSimulator,
    sonarr_v3: SonarrClient,
    sonarr_v3_sim: SonarrSimulator,
) -> None:
    """v4 takes seriesIds, v3 a single seriesId; no id refreshes everything."""
    await sonarr.refresh_series(3)
    await sonarr_v3.refresh_series(3)
    await sonarr.refresh_series()
    assert [r.body for r in sonarr_sim.requests_to("/api/v3/command", "POST")] == [
        {"name": "RefreshSeries", "seriesIds": [3]},
        {"name": "RefreshSeries"},
    ]
    assert sonarr_v3_sim.requests_to("/api/v3/command", "POST")[0].body == {
        "name": "RefreshSeries",
        "seriesId": 3,
    }


async def test_series(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """The library lists tens of series with statistics and seasons."""
    series = await sonarr.series()
    assert len(series) == len(sonarr_sim.state.series) >= 20
    expanse = next(s for s in series if s.title == "The Expanse")
    assert expanse.tvdb_id == 280619
    assert expanse.season_count == 6
    assert len(expanse.seasons) == 6
    assert expanse.episode_file_count <= expanse.episode_count
    assert (
        expanse.missing_episodes == expanse.episode_count - expanse.episode_file_count
    )
    assert expanse.path == "/tv/The Expanse"
    assert expanse.size_on_disk > 0
    assert expanse.images[0].public_url.startswith("https://")
    assert expanse.images[0].url == f"/MediaCover/{expanse.id}/poster.jpg"
    continuing = next(s for s in series if s.title == "Severance")
    assert continuing.next_airing is not None
    assert continuing.status == "continuing"


async def test_lookup_by_name_and_tvdb_id(sonarr: SonarrClient) -> None:
    """Lookup finds by words and by "tvdb:<id>"; library series carry their id."""
    found = await sonarr.lookup("the wire")
    assert [s.title for s in found] == ["The Wire"]
    assert not found[0].in_library
    assert found[0].season_numbers == (1, 2, 3, 4, 5)
    by_id = await sonarr.lookup_series("tvdb:81189")
    assert len(by_id) == 1
    assert by_id[0].title == "Breaking Bad"
    assert by_id[0].in_library
    assert await sonarr.lookup_series("no such series at all") == []


async def test_add_series_v4_changes_later_answers(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Adding a series on v4 sends no language profile and shows up after."""
    lookup = (await sonarr.lookup_series("tvdb:74205"))[0]
    added = await sonarr.add_series(
        lookup, quality_profile_id=2, root_folder_path="/tv/", monitor="all"
    )
    assert added.title == "Band of Brothers"
    assert added.quality_profile_id == 2
    assert added.path == "/tv/Band of Brothers"
    body = sonarr_sim.requests_to("/api/v3/series", "POST")[0].body
    assert "languageProfileId" not in body
    assert body["addOptions"] == {
        "monitor": "all",
        "searchForMissingEpisodes": True,
        "searchForCutoffUnmetEpisodes": False,
    }
    assert not sonarr_sim.requests_to("/api/v3/languageprofile")
    assert any(s.id == added.id for s in await sonarr.series())
    assert (await sonarr.lookup_series("tvdb:74205"))[0].library_id == added.id
    # search=True grabbed some of its episodes.
    assert any(
        i.media.get("seriesId") == added.id for i in sonarr_sim.state.queue.values()
    )


async def test_add_series_v3_uses_first_language_profile(
    sonarr_v3: SonarrClient, sonarr_v3_sim: SonarrSimulator
) -> None:
    """On v3 the first language profile is fetched and sent."""
    lookup = (await sonarr_v3.lookup_series("sherlock"))[0]
    added = await sonarr_v3.add_series(
        lookup,
        quality_profile_id=1,
        root_folder_path="/tv",
        monitor="none",
        search=False,
    )
    assert not added.monitored
    body = sonarr_v3_sim.requests_to("/api/v3/series", "POST")[0].body
    assert body["languageProfileId"] == 1
    assert body["monitored"] is False
    assert all(not season["monitored"] for season in body["seasons"])
    assert len(sonarr_v3_sim.requests_to("/api/v3/languageprofile")) == 1
    assert [p.name for p in await sonarr_v3.language_profiles()] == ["English"]


async def test_add_series_v3_with_given_language_profile(
    sonarr_v3: SonarrClient, sonarr_v3_sim: SonarrSimulator
) -> None:
    """A given language profile id is used without fetching the list."""
    lookup = (await sonarr_v3.lookup_series("fleabag"))[0]
    await sonarr_v3.add_series(
        lookup, quality_profile_id=1, root_folder_path="/tv/", language_profile_id=1
    )
    assert not sonarr_v3_sim.requests_to("/api/v3/languageprofile")


async def test_add_series_v3_without_language_profiles(
    sonarr_v3: SonarrClient, sonarr_v3_sim: SonarrSimulator
) -> None:
    """A v3 server without language profiles gives a clear error."""
    sonarr_v3_sim.state.language_profiles.clear()
    lookup = (await sonarr_v3.lookup_series("fleabag"))[0]
    with pytest.raises(ArrApiError, match="no language profile to add Fleabag"):
        await sonarr_v3.add_series(
            lookup, quality_profile_id=1, root_folder_path="/tv/"
        )


async def test_add_series_twice_reports_server_message(sonarr: SonarrClient) -> None:
    """The server's validation message reaches the caller."""
    lookup = (await sonarr.lookup_series("tvdb:81189"))[0]
    with pytest.raises(ArrApiError, match="This series has already been added") as err:
        await sonarr.add_series(lookup, quality_profile_id=1, root_folder_path="/tv/")
    assert err.value.status == 400


async def test_add_series_bad_root_folder(sonarr: SonarrClient) -> None:
    """An unknown root folder is refused with the server's message."""
    lookup = (await sonarr.lookup_series("the wire"))[0]
    with pytest.raises(ArrApiError, match="Root folder path does not exist"):
        await sonarr.add_series(lookup, quality_profile_id=1, root_folder_path="/nope")


async def test_sonarr_v4_language_profile_stub(sonarr: SonarrClient) -> None:
    """Sonarr v4 still answers the deprecated endpoint with a stub."""
    assert [p.name for p in await sonarr.language_profiles()] == ["Deprecated"]


async def test_queue_all_stops_after_page_limit(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """queue_all reads at most MAX_QUEUE_PAGES pages."""
    monkeypatch.setattr(arr_base, "MAX_QUEUE_PAGES", 1)
    episode = next(iter(sonarr_sim.state.episodes.values()))
    for n in range(150):
        sonarr_sim.state.add_queue_item(
            f"Filler.{n}", sonarr_sim.state.episode_media(episode)
        )
    items = await sonarr.queue_all()
    assert len(items) == arr_base.QUEUE_ALL_PAGE_SIZE
    assert len(sonarr_sim.requests_to("/api/v3/queue")) == 1


async def test_add_series_minimal_lookup(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A lookup without IMDb or TVmaze ids is added without them."""
    lookup = replace(
        (await sonarr.lookup_series("the wire"))[0], imdb_id=None, tvmaze_id=0
    )
    await sonarr.add_series(
        lookup, quality_profile_id=1, root_folder_path="/tv/", search=False
    )
    body = sonarr_sim.requests_to("/api/v3/series", "POST")[0].body
    assert "imdbId" not in body and "tvMazeId" not in body
