"""The poster section of scripts/bench: the picture cache's hit rate.

A dashboard showing up to 50 posters (25 movies of Radarr, 25 series of
Sonarr, at 300 px) is refreshed several times through AutoArr's poster path
(`posters.async_get_cover`, what the poster view and the image entities
use). The report says how many pictures were shown, how many requests
reached the services, and the share of pictures the cache answered.
"""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.core import HomeAssistant

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.posters import async_get_cover, poster_cache

POSTERS_PER_SERVICE = 25
REFRESHES = 5
WIDTH = 300


def _cover_requests(servers: dict[str, Any]) -> int:
    return sum(
        "mediacover" in request.path
        for kind in ("sonarr", "radarr")
        for request in servers[kind].requests
    )


async def run_posters(hass: HomeAssistant, servers: dict[str, Any]) -> list[str]:
    """Show the dashboard's posters REFRESHES times; return the report lines."""
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    runtimes = {
        runtime.kind: runtime
        for runtime in entry.runtime_data.services.values()
        if isinstance(runtime, ArrRuntime)
    }
    shown = [
        (runtimes[kind], media_id)
        for kind, library in (
            ("radarr", servers["radarr"].state.movies),
            ("sonarr", servers["sonarr"].state.series),
        )
        for media_id in sorted(library)[:POSTERS_PER_SERVICE]
    ]
    cache = poster_cache(hass)
    before = _cover_requests(servers)
    for _ in range(REFRESHES):
        await asyncio.gather(
            *(
                async_get_cover(hass, runtime, media_id, "poster", WIDTH)
                for runtime, media_id in shown
            )
        )
    pictures = len(shown) * REFRESHES
    fetched = _cover_requests(servers) - before
    return [
        "### (e) Poster cache",
        "",
        (
            f"- A dashboard of {len(shown)} posters at {WIDTH} px, refreshed "
            f"{REFRESHES} times: {pictures} pictures shown, {fetched} requests "
            f"to Sonarr and Radarr, so {100 * (pictures - fetched) / pictures:.0f} % "
            f"of the pictures came from the cache ({cache.size / 1024:.0f} KiB "
            "kept: the originals and their resized copies)."
        ),
        "",
    ]
