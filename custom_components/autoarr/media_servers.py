"""Where a library item can be watched: Jellyfin, Plex and Emby in Home Assistant.

When Home Assistant has one of these integrations set up, AutoArr's answers
about a movie or series in the library say whether the server has it ("Yes,
Dune (2021) is in your library and on Jellyfin."). It asks through Home
Assistant, with none of the servers' credentials: `media_player.search_media`
(the action Home Assistant's own media tools use) on a media player of that
integration that can search, filtered to movies or TV shows, and a server
counts only when a result has the title. A server none of whose players can
search (or answer in time) is not named: nothing is said that was not
checked. Where none is set up, the answers are unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Final

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
# MediaPlayerEntityFeature.SEARCH_MEDIA.
_SEARCH_FEATURE: Final = 4194304
# The media classes of a movie and a series.
_CLASSES: Final = {"movie": "movie", "series": "tv_show"}
# A spoken answer does not wait longer for a server.
SEARCH_TIMEOUT: Final = 5.0


class HomeMediaServers:
    """The agent's view of the media servers Home Assistant knows."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Ask through this Home Assistant."""
        self.hass = hass

    async def playable_on(self, title: str, kind: str) -> list[str]:
        """Return the names of the servers that have the movie or series."""
        media_class = _CLASSES.get(kind)
        if media_class is None or not self.hass.services.has_service(
            MEDIA_PLAYER, SEARCH_MEDIA
        ):
            return []
        found: list[str] = []
        for platform, name in SERVERS.items():
            for entity_id in self._players(platform):
                titles = await self._search(entity_id, title, media_class)
                if titles is None:
                    continue  # This player could not search: try another.
                if normalize(title) in {normalize(t) for t in titles}:
                    found.append(name)
                break
        return found

    def _players(self, platform: str) -> list[str]:
        """Return the integration's media players that can search now."""
        players: list[str] = []
        for entry in er.async_get(self.hass).entities.values():
            if entry.domain != MEDIA_PLAYER or entry.platform != platform:
                continue
            state = self.hass.states.get(entry.entity_id)
            if state is None or state.state == STATE_UNAVAILABLE:
                continue
            features = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
            if features & _SEARCH_FEATURE:
                players.append(entry.entity_id)
        return players

    async def _search(
        self, entity_id: str, title: str, media_class: str
    ) -> list[str] | None:
        """Return the titles a player's search finds; None if it failed."""
        try:
            async with asyncio.timeout(SEARCH_TIMEOUT):
                response = await self.hass.services.async_call(
                    MEDIA_PLAYER,
                    SEARCH_MEDIA,
                    {
                        "entity_id": entity_id,
                        "search_query": title,
                        "media_filter_classes": [media_class],
                    },
                    blocking=True,
                    return_response=True,
                )
        except (HomeAssistantError, TimeoutError) as err:
            LOGGER.debug("%s could not search for %s: %s", entity_id, title, err)
            return None
        if response is None or entity_id not in response:
            return None
        return list(_titles(response[entity_id]))


def _titles(answer: object) -> Iterable[str]:
    """Return the titles of a search's results (a SearchMedia)."""
    for item in getattr(answer, "result", None) or ():
        if isinstance(title := getattr(item, "title", None), str):
            yield title
