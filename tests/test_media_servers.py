"""Answers about the library say where it plays: Jellyfin, Plex or Emby.

Home Assistant's Jellyfin integration (here a stand-in for it: media players
of the `jellyfin` platform, set up through a config entry as the real one)
offers `media_player.search_media`. AutoArr asks it, with no credentials of
its own, whether the server has a movie or series the library has, and
says so only when a result has the title; a server that does not have it,
a player that cannot search, a player of another integration, or no media
server at all leaves the answer as it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.media_player import (
    BrowseMedia,
    MediaClass,
    MediaPlayerEntity,
    MediaPlayerEntityFeature,
    MediaPlayerState,
    MediaType,
    SearchMedia,
    SearchMediaQuery,
)
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from custom_components.autoarr import media_servers
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import setup_agent
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.test_followups import _say, ollama

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry", "sonarr"]

ON_JELLYFIN = ["Oppenheimer", "Severance", "Dune"]


class _Player(MediaPlayerEntity):
    """A media server's player: searches the server's titles."""

    _attr_state = MediaPlayerState.IDLE

    def __init__(self, unique_id: str, titles: list[str], *, search: bool) -> None:
        self._attr_unique_id = unique_id
        self._attr_name = unique_id
        self._attr_supported_features = MediaPlayerEntityFeature.PLAY_MEDIA | (
            MediaPlayerEntityFeature.SEARCH_MEDIA
            if search
            else MediaPlayerEntityFeature(0)
        )
        self.titles = titles
        self.searched: list[SearchMediaQuery] = []

    async def async_search_media(self, query: SearchMediaQuery) -> SearchMedia:
        self.searched.append(query)
        return SearchMedia(
            result=[
                BrowseMedia(
                    title=title,
                    media_class=MediaClass.MOVIE,
                    media_content_id=title,
                    media_content_type="movie",
                    can_play=True,
                    can_expand=False,
                )
                for title in self.titles
                if query.search_query.casefold() in title.casefold()
            ]
        )


class _Failing(_Player):
    """A player whose server does not answer its search."""

    async def async_search_media(self, query: SearchMediaQuery) -> SearchMedia:
        self.searched.append(query)
        raise HomeAssistantError("the server did not answer")


class _Hanging(_Player):
    """A player whose server never answers its search."""

    def __init__(self, unique_id: str, titles: list[str], *, search: bool) -> None:
        super().__init__(unique_id, titles, search=search)
        self.asked = asyncio.Event()

    async def async_search_media(self, query: SearchMediaQuery) -> SearchMedia:
        self.searched.append(query)
        self.asked.set()
        await asyncio.Event().wait()
        raise AssertionError("never answered")


class _PlexPlayer(MediaPlayerEntity):
    """A Plex client as Home Assistant's Plex integration makes it: it can
    browse the server (its libraries, then a library's items; movies named
    with their year), not search."""

    _attr_state = MediaPlayerState.IDLE
    _attr_supported_features = (
        MediaPlayerEntityFeature.BROWSE_MEDIA | MediaPlayerEntityFeature.PLAY_MEDIA
    )

    def __init__(self, unique_id: str, movies: list[str], shows: list[str]) -> None:
        self._attr_unique_id = unique_id
        self._attr_name = unique_id
        self.libraries = {
            "1": (MediaClass.MOVIE, movies),
            "2": (MediaClass.TV_SHOW, shows),
        }
        self.browsed: list[str | None] = []

    async def async_browse_media(
        self,
        media_content_type: MediaType | str | None = None,
        media_content_id: str | None = None,
    ) -> BrowseMedia:
        self.browsed.append(media_content_id)
        if media_content_id is None:
            return _folder(
                "Plex server",
                "plex://server/server",
                "server",
                MediaClass.DIRECTORY,
                [
                    _folder(
                        "Recommended",
                        "plex://server/server/Recommended",
                        "server",
                        MediaClass.DIRECTORY,
                    ),
                    _folder("Movies", "plex://server/1", "library", MediaClass.MOVIE),
                    _folder(
                        "TV Shows", "plex://server/2", "library", MediaClass.TV_SHOW
                    ),
                    _folder(
                        "Playlists",
                        "plex://server/all",
                        "playlists",
                        MediaClass.PLAYLIST,
                    ),
                ],
            )
        key = media_content_id.rsplit("/", 1)[-1]
        media_class, titles = self.libraries[key]
        return _folder(
            "Library",
            media_content_id,
            "library",
            media_class,
            [
                _folder(
                    "Recommended",
                    f"{media_content_id}/Recommended",
                    "library",
                    media_class,
                ),
                *(
                    BrowseMedia(
                        title=title,
                        media_class=media_class,
                        media_content_id=f"plex://server/{n}",
                        media_content_type=str(media_class),
                        can_play=True,
                        can_expand=media_class == MediaClass.TV_SHOW,
                    )
                    for n, title in enumerate(titles)
                ),
            ],
        )


def _folder(
    title: str,
    content_id: str,
    content_type: str,
    children_class: MediaClass,
    children: list[BrowseMedia] | None = None,
) -> BrowseMedia:
    return BrowseMedia(
        title=title,
        media_class=MediaClass.DIRECTORY,
        media_content_id=content_id,
        media_content_type=content_type,
        can_play=False,
        can_expand=True,
        children=children,
        children_media_class=children_class,
    )


class _Flow(ConfigFlow):
    """The server's integration has entries, hence a flow."""


@pytest.fixture
def flows() -> Iterator[None]:
    """Let the stand-ins' entries be set up."""
    with (
        mock_config_flow("jellyfin", _Flow),
        mock_config_flow("cast", _Flow),
        mock_config_flow("plex", _Flow),
        mock_config_flow("emby", _Flow),
    ):
        yield


async def _server(hass: HomeAssistant, platform: str, *players: _Player) -> None:
    """Set up an integration whose media players are `players`."""

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(
            entry, [Platform.MEDIA_PLAYER]
        )
        return True

    async def add_players(
        hass: HomeAssistant,
        entry: ConfigEntry,
        add: AddConfigEntryEntitiesCallback,
    ) -> None:
        add(list(players))

    # Custom, as a stand-in: it may return a boolean from its setup.
    mock_integration(
        hass, MockModule(platform, async_setup_entry=setup_entry), built_in=False
    )
    mock_platform(hass, f"{platform}.config_flow")
    mock_platform(
        hass, f"{platform}.media_player", MockPlatform(async_setup_entry=add_players)
    )
    entry = MockConfigEntry(domain=platform)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
async def agent(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
    flows: None,
) -> str:
    """Set AutoArr up with Radarr, Sonarr and an agent; return the agent's id
    (the media servers' stand-ins can then be set up)."""
    return await setup_agent(
        hass_core,
        setup_entry,
        radarr_subentry(radarr),
        sonarr_subentry(sonarr),
        ollama_url=ollama.url,
    )


async def test_an_item_on_jellyfin_is_said_to_be_there(
    hass_core: HomeAssistant,
    agent: str,
) -> None:
    """Movies and series Jellyfin has are "on Jellyfin", in English and
    German; one it does not have is not. A player that cannot search is
    not asked; one that can is asked for movies or TV shows, and when one
    fails the next is asked."""
    hass = hass_core
    mute = _Player("jellyfin_kitchen", ON_JELLYFIN, search=False)
    failing = _Failing("jellyfin_bedroom", ON_JELLYFIN, search=True)
    searching = _Player("jellyfin_living_room", ON_JELLYFIN, search=True)
    await _server(hass, "jellyfin", mute, failing, searching)

    assert await _say(hass, agent, "Is Oppenheimer in my library?") == (
        "Yes, Oppenheimer (2023) is in your library and on Jellyfin."
    )
    assert await _say(hass, agent, "Ist Oppenheimer in meiner Bibliothek?", "de") == (
        "Ja, Oppenheimer (2023) ist in deiner Bibliothek und auf Jellyfin."
    )
    said = await _say(hass, agent, "Is Severance in my library?")
    assert said.startswith("Yes, Severance (") and said.endswith(
        " is in your library and on Jellyfin."
    )
    assert await _say(hass, agent, "add the movie Oppenheimer") == (
        "Oppenheimer (2023) is already in your library and on Jellyfin."
    )
    assert await _say(hass, agent, "Füge den Film Oppenheimer hinzu", "de") == (
        "Oppenheimer (2023) ist schon in deiner Bibliothek und auf Jellyfin."
    )
    # In the library, not on Jellyfin: said as before.
    said = await _say(hass, agent, "Is The Dark Knight in my library?")
    assert said == "Yes, The Dark Knight (2008) is in your library."
    assert mute.searched == []
    assert len(failing.searched) == 6
    assert [(q.search_query, q.media_filter_classes) for q in searching.searched] == [
        ("Oppenheimer", {MediaClass.MOVIE}),
        ("Oppenheimer", {MediaClass.MOVIE}),
        ("Severance", {MediaClass.TV_SHOW}),
        ("Oppenheimer", {MediaClass.MOVIE}),
        ("Oppenheimer", {MediaClass.MOVIE}),
        ("The Dark Knight", {MediaClass.MOVIE}),
    ]


async def test_without_a_media_server_the_answers_are_unchanged(
    hass_core: HomeAssistant,
    agent: str,
) -> None:
    """A searching player of another integration (a Chromecast) has the
    title: it is no media server, and nothing is said of it."""
    hass = hass_core
    assert await _say(hass, agent, "Is Oppenheimer in my library?") == (
        "Yes, Oppenheimer (2023) is in your library."
    )
    cast = _Player("cast_tv", ON_JELLYFIN, search=True)
    await _server(hass, "cast", cast)
    assert await _say(hass, agent, "Is Oppenheimer in my library?") == (
        "Yes, Oppenheimer (2023) is in your library."
    )
    assert await _say(hass, agent, "add the movie Oppenheimer") == (
        "Oppenheimer (2023) is already in your library."
    )
    assert cast.searched == []


async def test_plex_is_browsed_and_emby_never_named(
    hass_core: HomeAssistant,
    agent: str,
) -> None:
    """Plex's players cannot search: its movie and TV libraries are browsed
    (its Recommended and playlists are not), and a movie named with its year
    there counts. Emby's players can neither search nor browse: Emby is
    never named, though it has everything."""
    hass = hass_core
    plex = _PlexPlayer(
        "plex_tv", ["Oppenheimer (2023)", "Memento (2000)"], ["Severance"]
    )
    await _server(hass, "plex", plex)
    await _server(hass, "emby", _Player("emby_tv", ON_JELLYFIN, search=False))
    await _server(
        hass, "jellyfin", _Player("jellyfin_tv", ["Oppenheimer"], search=True)
    )
    assert await _say(hass, agent, "Is Oppenheimer in my library?") == (
        "Yes, Oppenheimer (2023) is in your library and on Jellyfin and Plex."
    )
    assert await _say(hass, agent, "Ist Oppenheimer in meiner Bibliothek?", "de") == (
        "Ja, Oppenheimer (2023) ist in deiner Bibliothek und auf Jellyfin und Plex."
    )
    said = await _say(hass, agent, "Is Severance in my library?")
    assert said.endswith(" is in your library and on Plex.")
    assert await _say(hass, agent, "Is The Dark Knight in my library?") == (
        "Yes, The Dark Knight (2008) is in your library."
    )
    # The root, then the movies' library (or the shows') each time.
    assert plex.browsed == [
        None,
        "plex://server/1",
        None,
        "plex://server/1",
        None,
        "plex://server/2",
        None,
        "plex://server/1",
    ]


async def _say_past_a_hang(
    hass: HomeAssistant, agent: str, hanging: _Hanging, freezer: FrozenDateTimeFactory
) -> str:
    """Ask about Oppenheimer; once the hanging player is asked, let the
    frozen clock run to just before the search's deadline (nothing
    answered yet), then just past it."""
    hanging.asked.clear()
    said = asyncio.ensure_future(_say(hass, agent, "Is Oppenheimer in my library?"))
    await hanging.asked.wait()
    freezer.tick(media_servers.SEARCH_TIMEOUT - 0.1)
    for _ in range(10):
        await asyncio.sleep(0)
    assert not said.done()
    freezer.tick(0.2)
    return await said


async def test_a_player_that_never_answers_is_given_up_after_five_seconds(
    hass_core: HomeAssistant,
    agent: str,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A Jellyfin player whose search never ends is given up on after five
    seconds (of the frozen clock, driven): the next player is asked, and
    with none left Jellyfin is not named."""
    hass = hass_core
    hanging = _Hanging("jellyfin_bedroom", ON_JELLYFIN, search=True)
    answering = _Player("jellyfin_living_room", ON_JELLYFIN, search=True)
    await _server(hass, "jellyfin", hanging, answering)

    assert media_servers.SEARCH_TIMEOUT == 5.0
    assert await _say_past_a_hang(hass, agent, hanging, freezer) == (
        "Yes, Oppenheimer (2023) is in your library and on Jellyfin."
    )
    answering._attr_available = False
    answering.async_write_ha_state()
    assert await _say_past_a_hang(hass, agent, hanging, freezer) == (
        "Yes, Oppenheimer (2023) is in your library."
    )
    assert [q.search_query for q in hanging.searched] == ["Oppenheimer"] * 2
    assert [q.search_query for q in answering.searched] == ["Oppenheimer"]


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        (media_servers.SEARCH_MEDIA, "Plex"),
        (media_servers.BROWSE_MEDIA, "Jellyfin"),
    ],
)
async def test_a_server_whose_action_home_assistant_lacks_is_not_named(
    hass_core: HomeAssistant,
    agent: str,
    missing: str,
    named: str,
) -> None:
    """Without Home Assistant's media_player.search_media (or browse_media)
    action, a player that can search (browse) cannot be asked: its server
    is not named, and the other still is."""
    hass = hass_core
    jellyfin = _Player("jellyfin_tv", ["Oppenheimer"], search=True)
    plex = _PlexPlayer("plex_tv", ["Oppenheimer (2023)"], [])
    await _server(hass, "jellyfin", jellyfin)
    await _server(hass, "plex", plex)
    hass.services.async_remove("media_player", missing)

    assert await _say(hass, agent, "Is Oppenheimer in my library?") == (
        f"Yes, Oppenheimer (2023) is in your library and on {named}."
    )
    assert (bool(jellyfin.searched), bool(plex.browsed)) == (
        named == "Jellyfin",
        named == "Plex",
    )
