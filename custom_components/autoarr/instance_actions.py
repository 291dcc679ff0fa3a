"""Actions reading one Sonarr, Radarr or Lidarr instance (or each): beyond core's.

`get_queue`, `get_diskspace`, `get_series`, `get_movies` and `get_artists`
answer per instance, optionally for the one named by `instance`; a series,
movie or artist list may be narrowed by `title`. `get_episodes` lists the
episodes of one series (by the id `get_series` gives), or of one of its
seasons, on one Sonarr. The queue is listed as the queue sensors and Assist
list it (`agent/vocabulary.py`). An instance that does not answer is named
under `unavailable`; the others still answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
import probatio

from .agent.media import matches_name
from .agent.vocabulary import QueueEntry, ordered, queue_entries
from .arr.errors import ArrError
from .arr.lidarr import LidarrClient
from .arr.radarr import RadarrClient
from .arr.sonarr import SonarrClient
from .const import DOMAIN
from .data import ArrRuntime, AutoArrConfigEntry
from .posters import async_poster_data

ATTR_INSTANCE = "instance"
ATTR_TITLE = "title"
ATTR_SERIES_ID = "series_id"
ATTR_SEASON = "season"
MAX_NAME_LENGTH = 200

type Json = dict[str, Any]
type Reader = Callable[[ArrRuntime, ServiceCall], Awaitable[list[Json]]]


def select_instances(
    call: ServiceCall, entry: AutoArrConfigEntry, kinds: Sequence[str] | None
) -> list[ArrRuntime]:
    """Return the instances of some kinds (None: any), or the one `instance` names."""
    instances = [
        a for a in entry.runtime_data.arr_services() if kinds is None or a.kind in kinds
    ]
    wanted = call.data.get(ATTR_INSTANCE)
    if wanted:
        instances = [a for a in instances if a.name.casefold() == wanted.casefold()]
        if not instances:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_instance",
                translation_placeholders={"name": wanted},
            )
    if not instances:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_arr_configured"
        )
    return instances


def single_instance(
    call: ServiceCall, entry: AutoArrConfigEntry, kinds: Sequence[str] | None
) -> ArrRuntime:
    """Return the instance a call is for: the one named, or the only one."""
    instances = select_instances(call, entry, kinds)
    if len(instances) > 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="instance_required",
            translation_placeholders={"names": ", ".join(i.name for i in instances)},
        )
    return instances[0]


async def _each(
    call: ServiceCall, instances: Sequence[ArrRuntime], read: Reader
) -> ServiceResponse:
    answered: list[Json] = []
    unavailable: list[str] = []
    for runtime in instances:
        try:
            items = await read(runtime, call)
        except ArrError:
            unavailable.append(runtime.name)
            continue
        answered.append(
            {
                "instance": runtime.name,
                "service": runtime.kind,
                "items": items,
                "total": len(items),
            }
        )
    return cast("ServiceResponse", {"instances": answered, "unavailable": unavailable})


def queue_entry_data(entry: QueueEntry) -> Json:
    """Describe one download as the queue sensors and Assist do."""
    return {
        "name": entry.name,
        "state": str(entry.state),
        "reason": entry.status.reason,
        "progress": entry.progress,
        "time_left": entry.eta_seconds,
        "finishes": entry.finishes.isoformat() if entry.finishes else None,
        "records": entry.records,
        "queue_ids": list(entry.ids),
    }


async def _queue(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    entries = ordered(queue_entries(await runtime.client.queue_all()))
    return [queue_entry_data(entry) for entry in entries]


async def _diskspace(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    return [
        {
            "path": disk.path,
            "label": disk.label,
            "free_bytes": disk.free_space,
            "total_bytes": disk.total_space,
        }
        for disk in await runtime.client.disk_space()
    ]


def _wanted(call: ServiceCall, title: str) -> bool:
    wanted = call.data.get(ATTR_TITLE)
    return not wanted or matches_name(wanted, title)


async def _series(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    client = cast("SonarrClient", runtime.client)
    return [
        {
            "id": series.id,
            "title": series.title,
            "year": series.year,
            "tvdb_id": series.tvdb_id,
            "status": series.status,
            "monitored": series.monitored,
            "seasons": series.season_count,
            "episodes": series.episode_count,
            **async_poster_data(
                call.hass, runtime.subentry_id, series.id, series.images
            ),
        }
        for series in await client.series()
        if _wanted(call, series.title)
    ]


async def _movies(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    client = cast("RadarrClient", runtime.client)
    return [
        {
            "id": movie.id,
            "title": movie.title,
            "year": movie.year,
            "tmdb_id": movie.tmdb_id,
            "status": movie.status,
            "monitored": movie.monitored,
            "has_file": movie.has_file,
            **async_poster_data(call.hass, runtime.subentry_id, movie.id, movie.images),
        }
        for movie in await client.movies()
        if _wanted(call, movie.title)
    ]


async def _artists(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    client = cast("LidarrClient", runtime.client)
    return [
        {
            "id": artist.id,
            "name": artist.name,
            "status": artist.status,
            "monitored": artist.monitored,
            "albums": artist.album_count,
            "tracks": artist.track_count,
            "track_files": artist.track_file_count,
            "size_on_disk": artist.size_on_disk,
            **async_poster_data(
                call.hass, runtime.subentry_id, artist.id, artist.images
            ),
        }
        for artist in await client.artists()
        if _wanted(call, artist.name)
    ]


async def _episodes(runtime: ArrRuntime, call: ServiceCall) -> list[Json]:
    client = cast("SonarrClient", runtime.client)
    episodes = await client.episodes(
        call.data[ATTR_SERIES_ID], call.data.get(ATTR_SEASON)
    )
    return [
        {
            "id": episode.id,
            "series_id": episode.series_id,
            "season": episode.season_number,
            "episode": episode.episode_number,
            "title": episode.title,
            "air_date": episode.air_date.isoformat() if episode.air_date else None,
            "has_file": episode.has_file,
            "monitored": episode.monitored,
        }
        for episode in sorted(
            episodes, key=lambda e: (e.season_number, e.episode_number)
        )
    ]


async def _one_series(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """List a series' episodes: a series id is one Sonarr instance's."""
    return await _each(call, [single_instance(call, entry, ("sonarr",))], _episodes)


def _action(kinds: Sequence[str] | None, read: Reader) -> Callable[..., Any]:
    async def handle(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
        return await _each(call, select_instances(call, entry, kinds), read)

    return handle


_INSTANCE = {
    probatio.Optional(ATTR_INSTANCE): probatio.All(
        str, probatio.Length(max=MAX_NAME_LENGTH)
    )
}
_TITLE = {
    probatio.Optional(ATTR_TITLE): probatio.All(
        str, probatio.Length(max=MAX_NAME_LENGTH)
    )
}

# Name: (fields, handler); all only read.
INSTANCE_ACTIONS: dict[str, tuple[dict[Any, Any], Callable[..., Any]]] = {
    "get_queue": (_INSTANCE, _action(None, _queue)),
    "get_diskspace": (_INSTANCE, _action(None, _diskspace)),
    "get_series": ({**_INSTANCE, **_TITLE}, _action(("sonarr",), _series)),
    "get_movies": ({**_INSTANCE, **_TITLE}, _action(("radarr",), _movies)),
    "get_artists": ({**_INSTANCE, **_TITLE}, _action(("lidarr",), _artists)),
    "get_episodes": (
        {
            **_INSTANCE,
            probatio.Required(ATTR_SERIES_ID): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1)
            ),
            probatio.Optional(ATTR_SEASON): probatio.All(
                probatio.Coerce(int), probatio.Range(min=0)
            ),
        },
        _one_series,
    ),
}

__all__ = [
    "INSTANCE_ACTIONS",
    "queue_entry_data",
    "select_instances",
    "single_instance",
]
