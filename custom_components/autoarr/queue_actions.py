"""Actions on one download of a Sonarr, Radarr or Lidarr queue.

- `remove_download` removes it from the queue (and, by default, from the
  download client), optionally blocklisting the release; the service then
  searches for another release unless `search` is off.
- `retry_download` asks the download client that failed it (one that can
  download a failed job again, as SABnzbd can) to download it again; when
  no client that can has it and one of them could not be read, the error
  names that client rather than saying the download is not retriable.
- `search_again` searches for what a download was for (its episodes, movie
  or album), or for one episode, movie or album by its id.

A download is named by one of its queue ids, as `get_queue` lists them
(`queue_ids`: a season pack has one per episode), on the instance `instance`
names (needed only with several). They change the stack: services.py
checks the caller as for every changing action. The requests are the
services' queue API (`DELETE /queue/{id}?removeFromClient=&blocklist=
&skipRedownload=`) and their search commands, as the registry names them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
import probatio

from .agent.vocabulary import QueueEntry, by_download, queue_entries
from .arr.download_client import RetriesFailed
from .arr.downloads import DownloadState
from .arr.errors import ArrError
from .arr.models import QueueItem
from .const import DOMAIN
from .data import ArrRuntime, AutoArrConfigEntry
from .instance_actions import ATTR_INSTANCE, MAX_NAME_LENGTH, single_instance
from .llm_api import async_refresh_soon

ATTR_QUEUE_ID = "queue_id"
ATTR_MEDIA_ID = "media_id"
ATTR_BLOCKLIST = "blocklist"
ATTR_REMOVE_FROM_CLIENT = "remove_from_client"
ATTR_SEARCH = "search"

type Json = dict[str, Any]


def _instance(call: ServiceCall, entry: AutoArrConfigEntry) -> ArrRuntime:
    """Return the instance a call is for: the one named, or the only one."""
    return single_instance(call, entry, None)


def _failed(name: str, err: ArrError) -> HomeAssistantError:
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="command_failed",
        translation_placeholders={"name": name, "error": str(err)},
    )


async def _download(
    runtime: ArrRuntime, queue_id: int
) -> tuple[QueueEntry, list[QueueItem]]:
    """Return the download a queue id belongs to, with its queue records."""
    try:
        items = await runtime.client.queue_all()
    except ArrError as err:
        raise _failed(runtime.name, err) from err
    for group in by_download(items):
        if any(item.id == queue_id for item in group):
            return queue_entries(group)[0], group
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_download",
        translation_placeholders={"name": runtime.name, "queue_id": str(queue_id)},
    )


def _described(runtime: ArrRuntime, download: QueueEntry) -> Json:
    return {
        "instance": runtime.name,
        "service": runtime.kind,
        "name": download.name,
        "queue_ids": list(download.ids),
    }


def _media_ids(group: Sequence[QueueItem]) -> list[int]:
    """Return what a download is for: its movie, album or episodes."""
    ids: list[int] = []
    for item in group:
        media_id = item.movie_id or item.album_id or item.episode_id
        if media_id is not None and media_id not in ids:
            ids.append(media_id)
    return ids


async def _remove(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Remove one download from its queue, blocklisting its release if asked."""
    runtime = _instance(call, entry)
    download, _ = await _download(runtime, call.data[ATTR_QUEUE_ID])
    blocklist: bool = call.data[ATTR_BLOCKLIST]
    search: bool = blocklist and call.data[ATTR_SEARCH]
    try:
        # One record stands for the whole download (a season pack's
        # others go with it), as in the services' own queue page.
        await runtime.client.remove_queue_item(
            download.ids[0],
            blocklist=blocklist,
            remove_from_client=call.data[ATTR_REMOVE_FROM_CLIENT],
            skip_redownload=not search,
        )
    except ArrError as err:
        raise _failed(runtime.name, err) from err
    async_refresh_soon(call.hass, entry)
    return {
        **_described(runtime, download),
        "removed": True,
        "removed_from_client": call.data[ATTR_REMOVE_FROM_CLIENT],
        "blocklisted": blocklist,
        "searching": search,
    }


async def _retry(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Have the download client that failed a download download it again."""
    runtime = _instance(call, entry)
    download, _ = await _download(runtime, call.data[ATTR_QUEUE_ID])
    wanted = (download.download_id or "").casefold()
    unread: tuple[str, ArrError] | None = None
    for client in entry.runtime_data.download_services():
        downloads = client.downloads
        if not wanted or not isinstance(downloads, RetriesFailed):
            continue
        try:
            history = await downloads.history()
        except ArrError as err:
            # Another client may hold it; if none does, this one could not
            # say whether it failed it.
            unread = (client.name, err)
            continue
        job = next(
            (
                job
                for job in history
                if job.id.casefold() == wanted and job.state is DownloadState.FAILED
            ),
            None,
        )
        if job is None:
            continue
        try:
            new_id = await downloads.retry(job.id)
        except ArrError as err:
            raise _failed(client.name, err) from err
        async_refresh_soon(call.hass, entry)
        return {
            **_described(runtime, download),
            "download_client": client.name,
            "download_id": new_id or job.id,
        }
    if unread is not None:
        name, error = unread
        raise _failed(name, error) from error
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="not_retriable",
        translation_placeholders={"name": download.name},
    )


async def _search(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Search for a download's episodes, movie or album, or one by its id."""
    runtime = _instance(call, entry)
    spec = runtime.client.spec
    queue_id: int | None = call.data.get(ATTR_QUEUE_ID)
    media_id: int | None = call.data.get(ATTR_MEDIA_ID)
    if (queue_id is None) == (media_id is None):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="queue_or_media_id"
        )
    response: Json = {"instance": runtime.name, "service": runtime.kind}
    if queue_id is not None:
        download, group = await _download(runtime, queue_id)
        response = _described(runtime, download)
        ids = _media_ids(group)
    else:
        ids = [cast("int", media_id)]
    if not ids or not spec.search_command or not spec.search_ids_field:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="nothing_to_search",
            translation_placeholders={"name": runtime.name},
        )
    try:
        command = await runtime.client.command(
            spec.search_command, **{spec.search_ids_field: ids}
        )
    except ArrError as err:
        raise _failed(runtime.name, err) from err
    return {**response, "media_ids": ids, "command_id": command.id}


_ID = probatio.All(probatio.Coerce(int), probatio.Range(min=1))
_INSTANCE = {
    probatio.Optional(ATTR_INSTANCE): probatio.All(
        str, probatio.Length(max=MAX_NAME_LENGTH)
    )
}

# Name: (fields, handler); every one changes the stack.
QUEUE_ACTIONS: dict[str, tuple[dict[Any, Any], Callable[..., Any]]] = {
    "remove_download": (
        {
            **_INSTANCE,
            probatio.Required(ATTR_QUEUE_ID): _ID,
            probatio.Optional(ATTR_BLOCKLIST, default=False): cv.boolean,
            probatio.Optional(ATTR_REMOVE_FROM_CLIENT, default=True): cv.boolean,
            probatio.Optional(ATTR_SEARCH, default=True): cv.boolean,
        },
        _remove,
    ),
    "retry_download": (
        {**_INSTANCE, probatio.Required(ATTR_QUEUE_ID): _ID},
        _retry,
    ),
    "search_again": (
        {
            **_INSTANCE,
            probatio.Optional(ATTR_QUEUE_ID): _ID,
            probatio.Optional(ATTR_MEDIA_ID): _ID,
        },
        _search,
    ),
}

__all__ = ["QUEUE_ACTIONS"]
