"""Follow-ups: say when what someone asked for by voice is ready.

An agent with `announce_ready` on records each movie, show or album its
turns add (`agent/operations/added.py`) as a follow-up: the service, the item's id
there, its title, the language of the request and the device it came from.
The follow-ups are kept in a Store, so a restart forgets none, and dropped
after the agent's `followup_days` (30 by default). When a library manager's queue coordinator reports the
item imported (the history event its downloads event entity fires), or,
for a request made through Seerr, Seerr's poll shows what it asked for
available (in full or in part), AutoArr fires `autoarr_media_ready` and says "Dune: Part Two is ready to watch." on
the media player or notify entity the agent's options name (`announce_to`,
kept with the follow-up), else on the Assist satellite that heard the
request (`assist_satellite.announce`), or, when neither can say it (the
request came from elsewhere, the entity is gone or refuses), in a
persistent notification (see announce.py). An album (Lidarr's history
names its artist) is ready once the artist's imports leave every track of it
with its file: "Brat by Charli XCX is ready to listen to."
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.components import persistent_notification
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from .agent import speech
from .agent.operations.added import AddedMedia
from .announce import SATELLITE, async_say
from .arr.errors import ArrError, ArrNotFoundError
from .arr.lidarr import LidarrClient
from .arr.seerr_models import AVAILABLE_STATUSES, MediaRequest, RequestStatus
from .const import DEFAULT_FOLLOWUP_DAYS, DOMAIN
from .coordinator import EVENT_IMPORTED
from .data import ArrRuntime, AutoArrConfigEntry, RuntimeBase, SeerrRuntime
from .posters import async_request_poster, async_signed_poster_url
from .storage import CheckedStore

EVENT_MEDIA_READY: Final = f"{DOMAIN}_media_ready"
_STORE_VERSION: Final = 1
_FIELDS: Final[dict[str, type | tuple[type, ...]]] = {
    "service_id": str,
    "media_id": int,
    "title": str,
    "language": str,
    "device_id": (str, type(None)),
    "created": str,
}


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One item to announce when it is imported."""

    service_id: str
    media_id: int
    title: str
    language: str
    device_id: str | None
    created: str
    # Dropped this many days after `created`: the item never came. (Those
    # stored before the option was offered have none: the default.)
    days: int = DEFAULT_FOLLOWUP_DAYS
    # The media player or notify entity to say it on (the agent's
    # announce_to); None: the satellite that asked.
    target: str | None = None
    # An album's artist (the media id is Lidarr's of the album); None: not
    # an album.
    artist: str | None = None

    @property
    def created_at(self) -> datetime:
        """Return when it was asked for."""
        when = dt_util.parse_datetime(self.created)
        if when is None:
            raise ValueError(f"not a time: {self.created!r}")
        return when

    @property
    def expires_at(self) -> datetime:
        """Return when it is dropped unannounced."""
        return self.created_at + timedelta(days=self.days)


def _check(data: dict[str, Any]) -> None:
    """Refuse stored data this version did not write (the Store sets it aside)."""
    for item in data["pending"]:
        for key, kind in _FIELDS.items():
            if not isinstance(item[key], kind):
                raise TypeError(f"follow-up {key}: {item[key]!r}")
        days = item.get("days", DEFAULT_FOLLOWUP_DAYS)
        if type(days) is not int or days < 1:
            raise TypeError(f"follow-up days: {days!r}")
        for key in ("target", "artist"):
            if not isinstance(item.get(key), (str, type(None))):
                raise TypeError(f"follow-up {key}: {item[key]!r}")
        FollowUp(**item).created_at  # noqa: B018 - checks the time


class FollowUps:
    """The entry's pending follow-ups, and their announcements."""

    def __init__(self, hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
        """Bind the follow-ups to the entry (load with async_setup)."""
        self.hass = hass
        self.entry = entry
        self._store = CheckedStore(
            hass,
            _STORE_VERSION,
            f"{DOMAIN}.{entry.entry_id}.followups",
            check=_check,
            what="follow-ups",
        )
        self.pending: list[FollowUp] = []
        self._listeners: list[CALLBACK_TYPE] = []
        # The queue data whose events were looked at, per service.
        self._seen: dict[str, object] = {}

    async def async_setup(self) -> None:
        """Load the follow-ups and watch every library manager's imports."""
        stored = await self._store.async_load()
        self.pending = [FollowUp(**item) for item in (stored or {}).get("pending", [])]
        self._drop_expired()
        for runtime in self.entry.runtime_data.arr_services():
            self._seen[runtime.subentry_id] = runtime.queue.data
            self.entry.async_on_unload(
                runtime.queue.async_add_listener(partial(self._imports, runtime))
            )
        for seerr in self.entry.runtime_data.seerr_services():
            self.entry.async_on_unload(
                seerr.requests.async_add_listener(partial(self._requests, seerr))
            )

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` whenever the pending follow-ups change; return the undo."""
        self._listeners.append(update)
        return partial(self._listeners.remove, update)

    @callback
    def _changed(self) -> None:
        for update in list(self._listeners):
            update()

    async def async_add(
        self,
        added: Sequence[AddedMedia],
        language: str,
        device_id: str | None,
        days: int = DEFAULT_FOLLOWUP_DAYS,
        target: str | None = None,
    ) -> None:
        """Follow up what a turn added (by instance name), `days` long, to
        be said on `target` (None: the satellite that asked); save."""
        runtime_data = self.entry.runtime_data
        services = {r.name: r.subentry_id for r in runtime_data.arr_services()}
        seerrs = {r.name: r.subentry_id for r in runtime_data.seerr_services()}
        now = dt_util.utcnow().isoformat()
        for item in added:
            by_name = seerrs if item.request else services
            if (service_id := by_name.get(item.instance)) is None:
                continue
            self.pending.append(
                FollowUp(
                    service_id,
                    item.media_id,
                    item.title,
                    language,
                    device_id,
                    now,
                    days,
                    target,
                    item.artist,
                )
            )
        await self._async_save()
        self._changed()

    async def async_cancel(self, which: Callable[[FollowUp], bool]) -> list[FollowUp]:
        """Drop the follow-ups `which` picks and save; return them."""
        cancelled = [followup for followup in self.pending if which(followup)]
        if cancelled:
            self.pending = [f for f in self.pending if f not in cancelled]
            await self._async_save()
            self._changed()
        return cancelled

    def _drop_expired(self) -> None:
        now = dt_util.utcnow()
        kept = [f for f in self.pending if f.expires_at >= now]
        if len(kept) < len(self.pending):
            self.pending = kept
            self._changed()

    async def _async_save(self) -> None:
        self._drop_expired()
        await self._store.async_save({"pending": [asdict(f) for f in self.pending]})

    @callback
    def _imports(self, runtime: ArrRuntime) -> None:
        """Announce the follow-ups of the service's new imports."""
        data = runtime.queue.data
        if data is None or data is self._seen.get(runtime.subentry_id):
            return
        self._seen[runtime.subentry_id] = data
        self._drop_expired()
        imported = {
            event.media_id
            for event in data.events
            if event.event_type == EVENT_IMPORTED and event.media_id
        }
        waiting = [f for f in self.pending if f.service_id == runtime.subentry_id]
        self._announce_ready(
            runtime,
            [f for f in waiting if f.artist is None and f.media_id in imported],
        )
        albums = [f for f in waiting if f.artist is not None]
        if albums and imported and isinstance(runtime.client, LidarrClient):
            self.entry.async_create_background_task(
                self.hass,
                self._async_albums(runtime, runtime.client, albums, imported),
                f"{DOMAIN} look up albums",
            )

    async def _async_albums(
        self,
        runtime: ArrRuntime,
        client: LidarrClient,
        followups: list[FollowUp],
        artist_ids: set[int],
    ) -> None:
        """Announce the albums the imports of these artists completed."""
        complete: set[int] = set()
        for artist_id in sorted(artist_ids):
            try:
                albums = await client.albums(artist_id)
            except ArrError:
                continue
            complete.update(album.id for album in albums if album.complete)
        self._announce_ready(
            runtime,
            [f for f in followups if f in self.pending and f.media_id in complete],
        )

    @callback
    def _requests(self, runtime: SeerrRuntime) -> None:
        """Announce the follow-ups of the Seerr's requests now available.

        A request among the newest the poll read is looked at there; an
        older one is asked for.
        """
        data = runtime.requests.data
        if data is None or data is self._seen.get(runtime.subentry_id):
            return
        self._seen[runtime.subentry_id] = data
        self._drop_expired()
        waiting = [f for f in self.pending if f.service_id == runtime.subentry_id]
        read = {t.request.id: t.request for t in (*data.pending, *data.recent)}
        self._announce_ready(
            runtime,
            [f for f in waiting if f.media_id in read and _ready(read[f.media_id])],
            read,
        )
        if older := [f for f in waiting if f.media_id not in read]:
            self.entry.async_create_background_task(
                self.hass,
                self._async_look_up(runtime, older),
                f"{DOMAIN} look up follow-ups",
            )

    async def _async_look_up(
        self, runtime: SeerrRuntime, followups: list[FollowUp]
    ) -> None:
        """Ask Seerr for requests the poll did not read; announce the ready."""
        ready: list[FollowUp] = []
        gone: list[FollowUp] = []
        requests: dict[int, MediaRequest] = {}
        for followup in followups:
            try:
                request = await runtime.client.request(followup.media_id)
            except ArrNotFoundError:
                gone.append(followup)
                continue
            except ArrError:
                continue
            if _ready(request):
                ready.append(followup)
                requests[followup.media_id] = request
        # Deleted in Seerr: nothing will come.
        await self.async_cancel(lambda f: f in gone)
        self._announce_ready(runtime, [f for f in ready if f in self.pending], requests)

    @callback
    def _announce_ready(
        self,
        runtime: RuntimeBase,
        ready: list[FollowUp],
        requests: Mapping[int, MediaRequest] | None = None,
    ) -> None:
        """Drop the ready follow-ups, announce each and save.

        `requests`: a Seerr's, by id (what its follow-ups are of).
        """
        if not ready:
            return
        self.pending = [f for f in self.pending if f not in ready]
        self._changed()
        for followup in ready:
            self.entry.async_create_background_task(
                self.hass,
                self._async_announce(
                    runtime, followup, (requests or {}).get(followup.media_id)
                ),
                f"{DOMAIN} announce {followup.title}",
            )
        self.entry.async_create_background_task(
            self.hass, self._async_save(), f"{DOMAIN} save follow-ups"
        )

    async def _async_announce(
        self,
        runtime: RuntimeBase,
        followup: FollowUp,
        request: MediaRequest | None = None,
    ) -> None:
        """Fire the event, then say it on the target, the satellite or in a
        notification."""
        if followup.artist is None:
            message = speech.text(followup.language, "ready", title=followup.title)
        else:
            message = speech.text(
                followup.language,
                "ready_album",
                album=followup.title,
                artist=followup.artist,
            )
        satellite = _satellite_of(self.hass, followup.device_id)
        poster: str | None = None
        # (Lidarr's pictures are its artists': an album's follow-up has none.)
        if isinstance(runtime, ArrRuntime) and followup.artist is None:
            poster = async_signed_poster_url(
                self.hass, runtime.subentry_id, followup.media_id
            )
        elif request is not None:
            # A Seerr's follow-up is of a request: the poster is the
            # library manager's of its TMDB or TVDB id.
            poster = await async_request_poster(
                self.hass, self.entry.runtime_data.arr_services(), request
            )
        self.hass.bus.async_fire(
            EVENT_MEDIA_READY,
            {
                "title": followup.title,
                "artist": followup.artist,
                "message": message,
                "media_id": followup.media_id,
                "service": runtime.kind,
                "instance": runtime.name,
                "language": followup.language,
                "device_id": followup.device_id,
                "satellite": satellite,
                "target": followup.target,
                "poster": poster,
            },
        )
        said_on = followup.target or satellite
        if said_on is not None and await async_say(
            self.hass, said_on, message, followup.language
        ):
            return
        persistent_notification.async_create(
            self.hass,
            message,
            title="AutoArr",
            notification_id=f"{DOMAIN}_ready_{runtime.subentry_id}_{followup.media_id}",
        )


def _satellite_of(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Return the Assist satellite entity of the device a request came from."""
    if device_id is None:
        return None
    return next(
        (
            entity.entity_id
            for entity in er.async_entries_for_device(er.async_get(hass), device_id)
            if entity.domain == SATELLITE
        ),
        None,
    )


def _ready(request: MediaRequest) -> bool:
    """Return whether what a Seerr request asked for is available (or part)."""
    return request.status is RequestStatus.COMPLETED or (
        request.media is not None and request.media.status in AVAILABLE_STATUSES
    )
