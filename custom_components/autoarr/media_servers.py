"""Where a library item can be watched: Jellyfin, Plex and Emby in Home Assistant.

When Home Assistant has one of these integrations set up, AutoArr's answers
about a movie or series in the library say whether the server has it ("Yes,
Dune (2021) is in your library and on Jellyfin."). It asks through Home
Assistant, with none of the servers' credentials, a media player of that
integration:

- one that can search (Jellyfin's): `media_player.search_media`, the action
  Home Assistant's own media tools use, for movies or TV shows;
- else one that can browse (Plex's): `media_player.browse_media`, its
  libraries of movies or TV shows, each read once.

A server counts only when a result has the title (Plex names movies with
their year, "Dune (2021)": that counts too). A server none of whose players
can search or browse, or answer in time, is not named (Emby's players in
Home Assistant can do neither): nothing is said that was not checked. Where
none is set up, the answers are unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any, Final

from homeassistant.const import ATTR_SUPPORTED_FEATURES, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .agent.media import normalize
from .const import LOGGER

# Home Assistant's integrations of media servers, and their names as said.
SERVERS: Final = {"jellyfin": "Jellyfin", "plex": "Plex", "emby": "Emby"}
MEDIA_PLAYER: Final = "media_player"
SEARCH_MEDIA: Final = "search_media"
BROWSE_MEDIA: Final = "browse_media"
# MediaPlayerEntityFeature.SEARCH_MEDIA and BROWSE_MEDIA.
_SEARCH_FEATURE: Final = 4194304
_BROWSE_FEATURE: Final = 131072
# The media classes of a movie and a series.
_CLASSES: Final = {"movie": "movie", "series": "tv_show"}
# A spoken answer does not wait longer for a server.
SEARCH_TIMEOUT: Final = 5.0


class HomeMediaServers:
    """The agent's view of the media servers Home Assistant knows."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Ask through this Home Assistant."""
        self.hass = hass

    async def playable_on(self, title: str, year: int | None, kind: str) -> list[str]:
        """Return the names of the servers that have the movie or series."""
        media_class = _CLASSES.get(kind)
        if media_class is None:
            return []
        wanted = {normalize(title)}
        if year:
            wanted.add(normalize(f"{title} ({year})"))
        found: list[str] = []
        for platform, name in SERVERS.items():
            titles = await self._titles(platform, title, media_class)
            if titles is not None and wanted & {normalize(t) for t in titles}:
                found.append(name)
        return found

    async def _titles(
        self, platform: str, title: str, media_class: str
    ) -> list[str] | None:
        """Return what a player of the server finds; None if none could look."""
        for entity_id in self._players(platform, _SEARCH_FEATURE):
            answer = await self._call(
                entity_id,
                SEARCH_MEDIA,
                {"search_query": title, "media_filter_classes": [media_class]},
            )
            if answer is not None:
                return [
                    t for item in _get(answer, "result") if (t := _title(item, None))
                ]
        for entity_id in self._players(platform, _BROWSE_FEATURE):
            if (found := await self._browse(entity_id, media_class)) is not None:
                return found
        return None

    async def _browse(self, entity_id: str, media_class: str) -> list[str] | None:
        """Return the titles of the player's libraries of that media class."""
        root = await self._call(entity_id, BROWSE_MEDIA, {})
        if root is None:
            return None
        titles: list[str] = []
        for library in _tree(root):
            if not (
                _get(library, "can_expand", False)
                and _get(library, "children_media_class") == media_class
            ):
                continue
            node = await self._call(
                entity_id,
                BROWSE_MEDIA,
                {
                    "media_content_type": _get(library, "media_content_type"),
                    "media_content_id": _get(library, "media_content_id"),
                },
            )
            if node is None:
                return None
            titles.extend(
                t for item in _get(node, "children") if (t := _title(item, media_class))
            )
        return titles

    def _players(self, platform: str, feature: int) -> list[str]:
        """Return the integration's media players that can do `feature` now."""
        players: list[str] = []
        for entry in er.async_get(self.hass).entities.values():
            if entry.domain != MEDIA_PLAYER or entry.platform != platform:
                continue
            state = self.hass.states.get(entry.entity_id)
            if state is None or state.state == STATE_UNAVAILABLE:
                continue
            features = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
            if features & feature:
                players.append(entry.entity_id)
        return players

    async def _call(
        self, entity_id: str, service: str, data: dict[str, Any]
    ) -> object | None:
        """Return a player's answer to a media action; None if it failed."""
        if not self.hass.services.has_service(MEDIA_PLAYER, service):
            return None
        try:
            async with asyncio.timeout(SEARCH_TIMEOUT):
                response = await self.hass.services.async_call(
                    MEDIA_PLAYER,
                    service,
                    {"entity_id": entity_id, **data},
                    blocking=True,
                    return_response=True,
                )
        except (HomeAssistantError, TimeoutError) as err:
            LOGGER.debug("%s could not %s: %s", entity_id, service, err)
            return None
        return None if response is None else response.get(entity_id)


def _get(node: object, name: str, default: Any = ()) -> Any:
    """Return a field of a BrowseMedia or SearchMedia (empty when absent)."""
    value = getattr(node, name, None)
    return default if value is None else value


def _title(item: object, media_class: str | None) -> str | None:
    """Return an item's title, when it is of the media class asked for."""
    if media_class is not None and _get(item, "media_class", None) != media_class:
        return None
    title = _get(item, "title", None)
    return title if isinstance(title, str) else None


def _tree(node: object) -> Iterator[object]:
    """Return a browse answer and the nodes it already holds, depth first."""
    yield node
    for child in _get(node, "children"):
        yield from _tree(child)
