"""The arrs' pictures served through Home Assistant, never by their own address.

A Sonarr, Radarr or Lidarr serves an item's poster behind its API key; a
browser or a phone must never see that key. `PosterView` serves the picture
at `/api/autoarr/poster/<service>/<item>/<type>` to Home Assistant's own
users (a logged-in browser, or a URL signed by Home Assistant for a
notification or a dashboard card), fetching it through the service's
client with the key in a header, and keeping it in the shared `ImageCache`
(`arr/images.py`): fifty posters on a dashboard ask each service for each
poster once, not at every refresh. `?width=` asks for a smaller copy.

The image entities and the actions build their addresses here; the
metadata source's public address (`remoteUrl`) is offered beside it, for
anything outside Home Assistant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from http import HTTPStatus
from typing import Final

from aiohttp import hdrs, web
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util.hass_dict import HassKey

from .arr.errors import ArrError, ArrNotFoundError
from .arr.images import COVER_TYPES, CoverImage, ImageCache
from .arr.library_models import Image, MovieLookup, SeriesLookup
from .arr.radarr import RadarrClient
from .arr.seerr_models import MediaRequest
from .arr.sonarr import SonarrClient
from .const import DOMAIN, LOGGER
from .data import ArrRuntime, AutoArrConfigEntry

DATA_POSTERS: Final = HassKey[ImageCache](f"{DOMAIN}_posters")
POSTER_PATH: Final = "/api/autoarr/poster/{subentry_id}/{media_id}/{cover_type}"
# How long a signed address works: a notification is often opened later.
SIGNED_FOR: Final = timedelta(days=1)
# How long a browser may keep a picture it was sent.
BROWSER_MAX_AGE: Final = 3600
# The widest copy that may be asked for (the original is sent beyond it).
MAX_WIDTH: Final = 4000


@callback
def async_setup_posters(hass: HomeAssistant) -> None:
    """Create the picture cache and serve the pictures (once per start)."""
    hass.data[DATA_POSTERS] = ImageCache(hass.async_add_executor_job)
    hass.http.register_view(PosterView())


def poster_cache(hass: HomeAssistant) -> ImageCache:
    """Return the picture cache every entry shares."""
    return hass.data[DATA_POSTERS]


async def async_get_cover(
    hass: HomeAssistant,
    runtime: ArrRuntime,
    media_id: int,
    cover_type: str = "poster",
    width: int | None = None,
) -> CoverImage:
    """Return an item's picture, from the cache or its service."""
    return await poster_cache(hass).get(
        (runtime.subentry_id, media_id, cover_type),
        width,
        lambda: runtime.client.media_cover(media_id, cover_type),
    )


def poster_path(
    subentry_id: str,
    media_id: int,
    cover_type: str = "poster",
    width: int | None = None,
) -> str:
    """Return the address of an item's picture in Home Assistant (needs a login)."""
    path = POSTER_PATH.format(
        subentry_id=subentry_id, media_id=int(media_id), cover_type=cover_type
    )
    return f"{path}?width={int(width)}" if width else path


@callback
def async_signed_poster_url(
    hass: HomeAssistant,
    subentry_id: str,
    media_id: int,
    cover_type: str = "poster",
    width: int | None = None,
) -> str:
    """Return an address of an item's picture that works without a login, for a day."""
    return async_sign_path(
        hass, poster_path(subentry_id, media_id, cover_type, width), SIGNED_FOR
    )


@callback
def async_poster_data(
    hass: HomeAssistant,
    subentry_id: str,
    media_id: int | None,
    images: Sequence[Image] | None = None,
) -> dict[str, str | None]:
    """Return what an action says of an item's poster.

    `poster`: a signed address in Home Assistant (for a dashboard or a
    notification); `poster_remote`: the metadata source's public address.
    With `images` (the item's list), only a listed poster gets them; without,
    the address is given for the service to answer.
    """
    listed = next(
        (image for image in images or () if image.cover_type == "poster"), None
    )
    return {
        "poster": async_signed_poster_url(hass, subentry_id, media_id)
        if media_id and (listed is not None or images is None)
        else None,
        "poster_remote": listed.public_url if listed else None,
    }


async def async_request_poster(
    hass: HomeAssistant, runtimes: Sequence[ArrRuntime], request: MediaRequest
) -> str | None:
    """Return the poster of what a Seerr request asked for, if it can be served.

    Seerr names the movie by its TMDB id and the series by its TVDB id; the
    Radarr or Sonarr (of those AutoArr has) holding it in its library gives
    a signed address in Home Assistant, else the one that finds it gives its
    public `remoteUrl`; None without either.
    """
    media = request.media
    if media is None:
        return None
    remote: str | None = None
    for runtime in runtimes:
        client = runtime.client
        found: Sequence[MovieLookup | SeriesLookup]
        try:
            if request.media_type == "movie" and isinstance(client, RadarrClient):
                if not media.tmdb_id:
                    return None
                found = await client.lookup_movie(f"tmdb:{media.tmdb_id}")
                found = [m for m in found if m.tmdb_id == media.tmdb_id]
            elif request.media_type == "tv" and isinstance(client, SonarrClient):
                if not media.tvdb_id:
                    return None
                found = await client.lookup_series(f"tvdb:{media.tvdb_id}")
                found = [s for s in found if s.tvdb_id == media.tvdb_id]
            else:
                continue
        except ArrError as err:
            LOGGER.debug("No poster of a request from %s: %s", runtime.name, err)
            continue
        for item in found:
            poster = async_poster_data(
                hass, runtime.subentry_id, item.library_id, item.images
            )
            if poster["poster"] is not None:
                return poster["poster"]
            remote = remote or poster["poster_remote"]
    return remote


def _runtime(hass: HomeAssistant, subentry_id: str) -> ArrRuntime | None:
    entry: AutoArrConfigEntry
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        runtime = entry.runtime_data.services.get(subentry_id)
        if isinstance(runtime, ArrRuntime):
            return runtime
    return None


class PosterView(HomeAssistantView):
    """Serve the arrs' pictures to Home Assistant's users."""

    url = POSTER_PATH
    name = "api:autoarr:poster"
    requires_auth = True

    async def get(
        self, request: web.Request, subentry_id: str, media_id: str, cover_type: str
    ) -> web.Response:
        """Send one picture (404 when the service or the picture is unknown)."""
        hass = request.app[KEY_HASS]
        width: int | None = None
        if (asked := request.query.get("width")) is not None:
            if not asked.isdigit() or not 0 < int(asked) <= MAX_WIDTH:
                return web.Response(status=HTTPStatus.BAD_REQUEST)
            width = int(asked)
        runtime = _runtime(hass, subentry_id)
        if runtime is None or not media_id.isdigit() or cover_type not in COVER_TYPES:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        try:
            image = await async_get_cover(
                hass, runtime, int(media_id), cover_type, width
            )
        except ArrNotFoundError:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        except ArrError as err:
            LOGGER.debug("No picture from %s: %s", runtime.name, err)
            return web.Response(status=HTTPStatus.BAD_GATEWAY)
        return web.Response(
            body=image.content,
            content_type=image.content_type,
            headers={hdrs.CACHE_CONTROL: f"private, max-age={BROWSER_MAX_AGE}"},
        )
