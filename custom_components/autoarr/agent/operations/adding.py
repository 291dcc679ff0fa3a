"""Media requests: add a movie or a series, or say why not."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from custom_components.autoarr.agent.media import (
    MEDIA_KINDS,
    Candidate,
    MediaRequest,
    normalize,
    pick,
)
from custom_components.autoarr.agent.stack import (
    ArrApi,
    Instance,
    RadarrApi,
    SonarrApi,
    Stack,
)
from custom_components.autoarr.arr.errors import ArrApiError, ArrError
from custom_components.autoarr.arr.library_models import Movie, Series
from custom_components.autoarr.arr.models import QualityProfile, RootFolder

from .added import AddedMedia, record_add
from .common import Json
from .library import lookup, playable_on

type RequestStatus = Literal[
    "added",
    "already_in_library",
    "ambiguous",
    "not_found",
    "no_service",
    "unavailable",
    # The service cannot add: it has no quality profile or no root folder, or
    # it refused the add with a message of its own.
    "no_quality_profile",
    "no_root_folder",
    "rejected",
    # Looked up but not added (`add=False`): the one item a yes would add.
    "to_add",
]
# The statuses where a service could not add, with `service` (and `message`).
ADD_FAILURES: Final = frozenset({"no_quality_profile", "no_root_folder", "rejected"})


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """What came of a request to add a movie or a series."""

    status: RequestStatus
    request: MediaRequest
    chosen: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)
    quality_profile: str | None = None
    root_folder: str | None = None
    searching: bool = False
    unavailable: list[str] = field(default_factory=list)
    service: str | None = None
    message: str | None = None
    # Already in the library: the media servers that have it ("Jellyfin").
    playable_on: list[str] = field(default_factory=list)

    def as_dict(self) -> Json:
        """Return the outcome as tool and action data."""
        data: Json = {"status": self.status, "query": self.request.title}
        if self.status in ADD_FAILURES:
            data["service"] = self.service
            if self.message:
                data["message"] = self.message
        if self.chosen is not None:
            data["media"] = self.chosen.as_dict()
        if self.candidates:
            data["candidates"] = [c.as_dict() for c in self.candidates]
        if self.status == "added":
            data["quality_profile"] = self.quality_profile
            data["root_folder"] = self.root_folder
            data["searching"] = self.searching
        if self.unavailable:
            data["unavailable"] = self.unavailable
        if self.playable_on:
            data["playable_on"] = self.playable_on
        return data


_QUALITY_WORDS: dict[str, tuple[str, ...]] = {
    "2160p": ("2160", "4k", "uhd", "ultra"),
    "1080p": ("1080",),
    "720p": ("720",),
}


def choose_quality_profile(
    profiles: Sequence[QualityProfile],
    quality: str | None,
    preferred_id: int | None = None,
) -> QualityProfile | None:
    """Return the profile for a quality hint, else the configured default.

    Without a hint or a configured default, a 1080p profile is chosen (the
    usual choice), else the first profile.
    """
    if not profiles:
        return None
    if quality:
        for profile in profiles:
            name = normalize(profile.name).replace(" ", "")
            if any(word in name for word in _QUALITY_WORDS[quality]):
                return profile
    for profile in profiles:
        if profile.id == preferred_id:
            return profile
    for profile in profiles:
        if "1080" in profile.name:
            return profile
    return profiles[0]


def choose_root_folder(
    folders: Sequence[RootFolder], preferred_path: str | None = None
) -> RootFolder | None:
    """Return the configured root folder, else the usable one with most space."""
    usable = [folder for folder in folders if folder.accessible]
    for folder in usable:
        if folder.path == preferred_path:
            return folder
    if not usable:
        return None
    return max(usable, key=lambda folder: folder.free_space or 0)


async def request_media(
    stack: Stack,
    request: MediaRequest,
    *,
    search: bool = True,
    chosen: Candidate | None = None,
    external_id: str | None = None,
    add: bool = True,
) -> RequestOutcome:
    """Add a movie or a series, or say why not.

    Looks the title up (on both services when the kind is open), and adds the
    one clear match with the quality profile and root folder that fit; with
    several plausible matches it returns them for a question to the user.
    `chosen` skips the lookup (the user picked from an earlier question);
    `external_id` ("tmdb:123", "imdb:tt123", "tvdb:123") names the exact item.
    With `add=False` nothing is added: the one item found is returned as
    "to_add" (for a question first).
    """
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    if external_id is not None:
        scheme = external_id.partition(":")[0].lower()
        kinds = ["series"] if scheme == "tvdb" else ["movie"]
    if not any(stack.radarr if kind == "movie" else stack.sonarr for kind in kinds):
        return RequestOutcome("no_service", request)
    down: list[str] = []
    if chosen is None and external_id is not None:
        candidates, down = await lookup(stack, request, kinds, term=external_id)
        if not candidates:
            status_: RequestStatus = "unavailable" if down else "not_found"
            return RequestOutcome(status_, request, unavailable=down)
        chosen = candidates[0]
    if chosen is None:
        candidates, down = await lookup(stack, request, kinds)
        picked = pick(candidates)
        if picked is None:
            status: RequestStatus = "unavailable" if down else "not_found"
            return RequestOutcome(status, request, unavailable=down)
        if isinstance(picked, list):
            return RequestOutcome(
                "ambiguous", request, candidates=picked, unavailable=down
            )
        chosen = picked
    if chosen.in_library:
        servers = await playable_on(stack, chosen)
        return RequestOutcome(
            "already_in_library", request, chosen=chosen, playable_on=servers
        )
    if not add:
        return RequestOutcome("to_add", request, chosen=chosen, unavailable=down)
    return await _add(stack, request, chosen, search=search, unavailable=down)


async def _add(
    stack: Stack,
    request: MediaRequest,
    chosen: Candidate,
    *,
    search: bool,
    unavailable: list[str],
) -> RequestOutcome:
    """Add the chosen candidate on the service that found it."""
    radarr = next((i for i in stack.radarr if i.name == chosen.instance), None)
    sonarr = next((i for i in stack.sonarr if i.name == chosen.instance), None)
    instance: Instance[RadarrApi] | Instance[SonarrApi] | None = (
        radarr if chosen.kind == "movie" else sonarr
    )
    if instance is None:
        return RequestOutcome("no_service", request, chosen=chosen)
    client: ArrApi = instance.client
    try:
        profiles, folders = await asyncio.gather(
            client.quality_profiles(), client.root_folders()
        )
        profile = choose_quality_profile(
            profiles, request.quality, instance.quality_profile_id
        )
        folder = choose_root_folder(folders, instance.root_folder_path)
        if profile is None or folder is None:
            missing: RequestStatus = (
                "no_quality_profile" if profile is None else "no_root_folder"
            )
            return RequestOutcome(
                missing, request, chosen=chosen, service=instance.name
            )
        added: object = None
        if chosen.kind == "movie" and radarr is not None:
            added = await radarr.client.add_movie(
                chosen.lookup,
                quality_profile_id=profile.id,
                root_folder_path=folder.path,
                monitored=True,
                search=search,
            )
        elif sonarr is not None:
            added = await sonarr.client.add_series(
                chosen.lookup,
                quality_profile_id=profile.id,
                root_folder_path=folder.path,
                monitor="all",
                search=search,
            )
    except ArrApiError as err:
        if err.status == 400 and "already" in str(err).lower():
            # Added meanwhile (or by another client): "has already been added".
            return RequestOutcome("already_in_library", request, chosen=chosen)
        if err.status is not None and 400 <= err.status < 500:
            return RequestOutcome(
                "rejected",
                request,
                chosen=chosen,
                service=instance.name,
                message=_server_words(str(err)),
            )
        return RequestOutcome(
            "unavailable", request, chosen=chosen, unavailable=[instance.name]
        )
    except ArrError:
        return RequestOutcome(
            "unavailable", request, chosen=chosen, unavailable=[instance.name]
        )
    if isinstance(added, Movie | Series):
        record_add(AddedMedia(instance.name, chosen.kind, added.id, chosen.title))
    return RequestOutcome(
        "added",
        request,
        chosen=chosen,
        quality_profile=profile.name,
        root_folder=folder.path,
        searching=search,
        unavailable=unavailable,
    )


def _server_words(error: str) -> str:
    """Return what a service said in an error ("... answered HTTP 400: <this>")."""
    return error.partition(": ")[2] or error
