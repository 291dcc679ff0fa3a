"""RadarrClient against the simulated Radarr."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from custom_components.autoarr.arr.errors import ArrApiError
from custom_components.autoarr.arr.radarr import RadarrClient
from tests.support.arr_sim import RadarrSimulator

from .test_sonarr import TRACKED_STATES


async def test_system_status(radarr: RadarrClient, radarr_sim: RadarrSimulator) -> None:
    """The status names Radarr and its version."""
    status = await radarr.system_status()
    assert status.app_name == "Radarr"
    assert status.version == radarr_sim.state.version
    assert status.major_version == 5
    assert status.database_type == "sqLite"


async def test_shared_endpoints(radarr: RadarrClient) -> None:
    """Health, disk space, root folders and profiles are Radarr's own."""
    checks = await radarr.health()
    assert checks[0].wiki_url is not None and "/radarr/" in checks[0].wiki_url
    assert {d.path for d in await radarr.disk_space()} == {"/", "/movies", "/downloads"}
    assert (await radarr.root_folders())[0].path == "/movies/"
    profiles = await radarr.quality_profiles()
    assert profiles[2].allowed_qualities == ("WEBDL-2160p", "Bluray-2160p")


async def test_queue(radarr: RadarrClient, radarr_sim: RadarrSimulator) -> None:
    """The queue parses every tracked state with the movie's title."""
    items = await radarr.queue_all()
    assert len(items) == len(radarr_sim.state.queue)
    assert {i.tracked_download_state for i in items} == TRACKED_STATES
    downloading = next(i for i in items if i.status == "downloading")
    assert downloading.movie_id is not None
    assert downloading.series_id is None
    assert (
        downloading.media_title
        == radarr_sim.state.movies[downloading.movie_id].seed.title
    )
    assert downloading.progress == pytest.approx(63.0, abs=0.1)
    pending = next(
        i for i in items if i.tracked_download_state == "importPending" and i.movie_id
    )
    assert (
        pending.status_messages[0].messages[0].startswith("No files found are eligible")
    )
    assert pending.output_path is not None
    query = dict(radarr_sim.requests_to("/api/v3/queue")[-1].query)
    assert query["includeUnknownMovieItems"] == "true"
    assert query["includeMovie"] == "true"


async def test_remove_queue_item(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """Removing without blocklist just removes the item."""
    state = radarr_sim.state
    item = next(i for i in state.queue.values() if i.tracked_download_state == "failed")
    await radarr.remove_queue_item(item.id, blocklist=False)
    assert item.id not in state.queue
    assert state.blocklist == []
    assert state.removed_queue_items[-1]["blocklist"] is False


async def test_calendar(radarr: RadarrClient, radarr_sim: RadarrSimulator) -> None:
    """Movies with a release in the window, with the release that falls in it."""
    now = radarr_sim.state.now
    items = await radarr.calendar(now - timedelta(days=15), now + timedelta(days=15))
    titles = {i.title for i in items}
    assert {"The Odyssey", "Avengers: Doomsday"} <= titles
    doomsday = next(i for i in items if i.title == "Avengers: Doomsday")
    assert doomsday.kind == "movie"
    assert doomsday.release_type == "inCinemas"
    assert doomsday.start is not None
    assert now - timedelta(days=15) <= doomsday.start <= now + timedelta(days=15)
    assert doomsday.movie_id == radarr_sim.state.movie_by_title("Avengers: Doomsday").id
    assert all(i.title not in ("Inception", "The Matrix") for i in items)


async def test_wanted_missing(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """Released, monitored movies without a file."""
    page = await radarr.wanted_missing(page_size=100)
    missing = radarr_sim.state.missing_movies()
    assert page.total_records == len(missing)
    assert [r.movie_id for r in page.records] == [m.id for m in missing]
    assert all(r.kind == "movie" and r.air_date is not None for r in page.records)


async def test_history(radarr: RadarrClient) -> None:
    """History filters by Radarr's event numbers."""
    failed = await radarr.history(event_type="downloadFailed")
    assert failed.total_records == 3
    assert all(r.movie_id and r.message for r in failed.records)
    imported = await radarr.history(event_type="downloadFolderImported")
    assert imported.records and {r.event_type for r in imported.records} == {
        "downloadFolderImported"
    }
    assert imported.records[0].data["importedPath"]
    with pytest.raises(ValueError, match="unknown Radarr history event type"):
        await radarr.history(event_type="episodeFileDeleted")


async def test_movies(radarr: RadarrClient, radarr_sim: RadarrSimulator) -> None:
    """The library lists tens of movies with release dates and files."""
    movies = await radarr.movies()
    assert len(movies) == len(radarr_sim.state.movies) >= 30
    inception = next(m for m in movies if m.title == "Inception")
    assert (inception.tmdb_id, inception.imdb_id, inception.year) == (
        27205,
        "tt1375666",
        2010,
    )
    assert inception.is_available
    assert inception.in_cinemas is not None
    with_file = [m for m in movies if m.has_file]
    assert with_file and all(m.size_on_disk > 0 for m in with_file)
    upcoming = next(m for m in movies if m.title == "Dune: Part Three")
    assert not upcoming.is_available
    assert upcoming.status == "announced"


async def test_lookup_by_name_tmdb_and_imdb(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """Lookup by words, tmdb:<id> and imdb ids (with or without prefix)."""
    assert [m.title for m in await radarr.lookup("prestige")] == ["The Prestige"]
    by_tmdb = await radarr.lookup_movie("tmdb:603")
    assert [m.title for m in by_tmdb] == ["The Matrix"]
    assert by_tmdb[0].in_library
    assert radarr_sim.requests_to("/api/v3/movie/lookup/tmdb")[0].query == [
        ("tmdbId", "603")
    ]
    by_imdb = await radarr.lookup_movie("imdb:tt0047478")
    assert [m.title for m in by_imdb] == ["Seven Samurai"]
    assert not by_imdb[0].in_library
    assert [m.title for m in await radarr.lookup_movie("TT0209144")] == ["Memento"]
    assert await radarr.lookup_movie("tmdb:999999999") == []
    assert await radarr.lookup_movie("imdb:tt9999999") == []
    assert await radarr.lookup_movie("zzz no such movie") == []


async def test_add_movie_changes_later_answers(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """Adding a movie sends the options and it appears in the library."""
    lookup = (await radarr.lookup_movie("tmdb:374720"))[0]
    movie = await radarr.add_movie(
        lookup,
        quality_profile_id=3,
        root_folder_path="/movies/",
        minimum_availability="announced",
    )
    assert movie.title == "Dunkirk"
    assert movie.quality_profile_id == 3
    assert movie.minimum_availability == "announced"
    body = radarr_sim.requests_to("/api/v3/movie", "POST")[0].body
    assert body["addOptions"] == {"monitor": "movieOnly", "searchForMovie": True}
    assert body["imdbId"] == "tt5013056"
    assert any(m.id == movie.id for m in await radarr.movies())
    assert (await radarr.lookup_movie("tmdb:374720"))[0].library_id == movie.id
    assert any(
        i.media == {"movieId": movie.id} for i in radarr_sim.state.queue.values()
    )


async def test_add_movie_unmonitored_without_search(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """monitored=False and search=False reach the server."""
    lookup = (await radarr.lookup_movie("memento"))[0]
    movie = await radarr.add_movie(
        lookup,
        quality_profile_id=1,
        root_folder_path="/movies",
        monitored=False,
        search=False,
    )
    assert not movie.monitored
    body = radarr_sim.requests_to("/api/v3/movie", "POST")[0].body
    assert body["addOptions"] == {"monitor": "none", "searchForMovie": False}
    assert not any(
        i.media == {"movieId": movie.id} for i in radarr_sim.state.queue.values()
    )


async def test_add_movie_twice(radarr: RadarrClient) -> None:
    """The server's validation message reaches the caller."""
    lookup = (await radarr.lookup_movie("tmdb:27205"))[0]
    with pytest.raises(ArrApiError, match="This movie has already been added"):
        await radarr.add_movie(
            lookup, quality_profile_id=1, root_folder_path="/movies/"
        )


async def test_movie_commands(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """Movie search and refresh send movieIds; the search grabs the movie."""
    state = radarr_sim.state
    queued = {i.media.get("movieId") for i in state.queue.values()}
    movie = next(m for m in state.movies.values() if m.has_file and m.id not in queued)
    movie.has_file = False  # its file was lost
    command = await radarr.movie_search([movie.id])
    await radarr.refresh_movie(movie.id)
    await radarr.refresh_movie()
    assert [r.body for r in radarr_sim.requests_to("/api/v3/command", "POST")] == [
        {"name": "MoviesSearch", "movieIds": [movie.id]},
        {"name": "RefreshMovie", "movieIds": [movie.id]},
        {"name": "RefreshMovie"},
    ]
    await radarr.command_status(command.id)
    done = await radarr.command_status(command.id)
    assert done.succeeded
    assert any(i.media == {"movieId": movie.id} for i in state.queue.values())
    assert state.movies[movie.id].last_search_time == state.now


async def test_search_missing(radarr: RadarrClient) -> None:
    """search_missing starts Radarr's MissingMoviesSearch."""
    command = await radarr.search_missing()
    assert command.name == "MissingMoviesSearch"


async def test_downloads_progress_and_import(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """advance() lets downloads finish; the movie then has its file."""
    state = radarr_sim.state
    item = next(i for i in state.queue.values() if i.status == "downloading")
    movie_id = item.media["movieId"]
    state.advance(3600)
    assert item.id not in state.queue
    assert state.movies[movie_id].has_file
    imported = await radarr.history(event_type="downloadFolderImported", page_size=1)
    assert imported.records[0].movie_id == movie_id


async def test_calendar_naive_window(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """A naive window is taken as UTC, for the query and for the release choice."""
    now = radarr_sim.state.now
    naive = now.replace(tzinfo=None)
    items = await radarr.calendar(
        naive - timedelta(days=15), naive + timedelta(days=15)
    )
    assert {i.title for i in items} >= {"The Odyssey", "Avengers: Doomsday"}
    query = dict(radarr_sim.requests_to("/api/v3/calendar")[-1].query)
    assert query["end"] == (now + timedelta(days=15)).strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_add_movie_without_imdb_id(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """A lookup without an IMDb id is added without one."""
    lookup = replace((await radarr.lookup_movie("seven samurai"))[0], imdb_id=None)
    await radarr.add_movie(lookup, quality_profile_id=1, root_folder_path="/movies/")
    assert "imdbId" not in radarr_sim.requests_to("/api/v3/movie", "POST")[0].body
