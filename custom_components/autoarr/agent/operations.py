"""The jobs the agent does on the stack, each one whole.

Every function here does one complete job across all configured services
(every Sonarr, Radarr and SABnzbd), in parallel, and returns a small result
that the tools, the instant answers and the actions all share. A service that
fails does not fail the job: its name is listed in `unavailable` and the
answer is built from the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import re
from typing import Any, Literal

from custom_components.autoarr.arr.activity_models import WantedItem
from custom_components.autoarr.arr.errors import ArrError, ArrNotFoundError
from custom_components.autoarr.arr.models import (
    Page,
    QualityProfile,
    QueueItem,
    RootFolder,
)

from .media import (
    MEDIA_KINDS,
    Candidate,
    MediaKind,
    MediaRequest,
    matches_name,
    normalize,
    pick,
    score_candidate,
    title_score,
)
from .stack import ArrApi, Instance, RadarrApi, SonarrApi, Stack

type Json = dict[str, Any]


async def _each[C, R](
    instances: Sequence[Instance[C]],
    call: Callable[[C], Awaitable[R]],
) -> tuple[list[tuple[Instance[C], R]], list[str]]:
    """Run call on every instance in parallel; split answers from failures."""
    results = await asyncio.gather(
        *(call(instance.client) for instance in instances), return_exceptions=True
    )
    answers: list[tuple[Instance[C], R]] = []
    unavailable: list[str] = []
    for instance, result in zip(instances, results, strict=True):
        if isinstance(result, ArrError):
            unavailable.append(instance.name)
        elif isinstance(result, BaseException):
            raise result
        else:
            answers.append((instance, result))
    return answers, unavailable


def _seconds(value: timedelta | None) -> int | None:
    return None if value is None else max(0, int(value.total_seconds()))


# --------------------------------------------------------------------------
# Downloads


@dataclass(frozen=True, slots=True)
class Download:
    """One download, wherever it is listed."""

    name: str
    service: str
    progress: float
    eta_seconds: int | None
    state: str
    error: str | None = None

    def as_dict(self) -> Json:
        """Return the download as tool and action data."""
        data: Json = {
            "name": self.name,
            "service": self.service,
            "progress": round(self.progress, 1),
            "eta_seconds": self.eta_seconds,
            "state": self.state,
        }
        if self.error:
            data["error"] = self.error
        return data


@dataclass(frozen=True, slots=True)
class DownloadsReport:
    """What is downloading across the stack."""

    downloads: list[Download]
    speed_bytes_per_s: float | None
    paused: bool | None
    unavailable: list[str] = field(default_factory=list)

    @property
    def active(self) -> list[Download]:
        """Return the downloads that are not finished or failed."""
        return [
            d
            for d in self.downloads
            if d.state not in ("failed", "completed", "ignored", "blocked")
        ]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "downloads": [d.as_dict() for d in self.downloads],
            "speed_bytes_per_s": self.speed_bytes_per_s,
            "paused": self.paused,
            "unavailable": self.unavailable,
        }


_ARR_STATES = {
    "importpending": "importing",
    "importing": "importing",
    "imported": "completed",
    "failedpending": "failed",
    "failed": "failed",
    "importblocked": "blocked",
    "ignored": "ignored",
}


async def downloads(stack: Stack, name: str | None = None) -> DownloadsReport:
    """Return every download in SABnzbd and in the arr queues.

    An arr queue item that SABnzbd is downloading is listed once, with the
    arr's state when it is further along (importing, failed). `name` keeps
    only the downloads whose name contains every word of it.
    """
    sab_answers, sab_down = await _each(stack.sabnzbd, lambda c: c.queue())
    arr_answers, arr_down = await _each(stack.arrs, lambda c: c.queue_all())

    # Where each SABnzbd job is in `listed`, by its nzo_id.
    sab_index: dict[str, int] = {}
    listed: list[Download] = []
    speed: float | None = None
    paused: bool | None = None
    for instance, queue in sab_answers:
        speed = (speed or 0.0) + queue.speed_bytes_per_s
        paused = queue.paused if paused is None else paused and queue.paused
        for slot in queue.slots:
            sab_index[slot.nzo_id] = len(listed)
            listed.append(
                Download(
                    name=slot.filename,
                    service=instance.name,
                    progress=slot.percentage,
                    eta_seconds=_seconds(slot.time_left),
                    state="paused" if queue.paused else slot.status.lower(),
                )
            )

    for arr_instance, items in arr_answers:
        for group in _by_download(items):
            item = group[0]
            state = _ARR_STATES.get((item.tracked_download_state or "").lower())
            # The arr knows what a release is: "The Bear S03E01", not the
            # release name, so its name wins for a download SABnzbd also lists.
            label = (
                episodes_label(
                    item.media_title,
                    [(i.season_number, i.episode_number) for i in group],
                )
                if item.media_title
                else item.title
            )
            index = sab_index.get(item.download_id or "")
            if index is not None:
                known = listed[index]
                listed[index] = Download(
                    name=label,
                    service=known.service,
                    progress=known.progress,
                    eta_seconds=known.eta_seconds,
                    state=state or known.state,
                    error=_problem(item),
                )
                continue
            listed.append(
                Download(
                    name=label,
                    service=arr_instance.name,
                    progress=item.progress,
                    eta_seconds=_seconds(item.time_left),
                    state=state or item.status.lower(),
                    error=_problem(item),
                )
            )
    if name:
        listed = [d for d in listed if matches_name(name, d.name)]
    return DownloadsReport(
        downloads=listed,
        speed_bytes_per_s=speed,
        paused=paused,
        unavailable=[*sab_down, *arr_down],
    )


@dataclass(frozen=True, slots=True)
class ControlResult:
    """Which services a command reached."""

    done: list[str]
    unavailable: list[str]
    count: int = 0

    def as_dict(self) -> Json:
        """Return the result as tool and action data."""
        return {"done": self.done, "unavailable": self.unavailable, "count": self.count}


async def pause(stack: Stack, minutes: int | None = None) -> ControlResult:
    """Pause SABnzbd, for some minutes or until resumed."""
    answers, down = await _each(stack.sabnzbd, lambda c: c.pause(minutes))
    return ControlResult([i.name for i, _ in answers], down)


async def resume(stack: Stack) -> ControlResult:
    """Resume SABnzbd."""
    answers, down = await _each(stack.sabnzbd, lambda c: c.resume())
    return ControlResult([i.name for i, _ in answers], down)


async def retry_failed(stack: Stack) -> ControlResult:
    """Retry every failed SABnzbd job that SABnzbd says it can retry."""

    async def retry_all(client: Any) -> int:
        history = await client.history(limit=50, failed_only=True)
        retried = 0
        for slot in history.slots:
            if slot.retry:
                await client.retry(slot.nzo_id)
                retried += 1
        return retried

    answers, down = await _each(stack.sabnzbd, retry_all)
    return ControlResult(
        [i.name for i, _ in answers], down, count=sum(n for _, n in answers)
    )


async def search_missing(stack: Stack) -> ControlResult:
    """Ask every Sonarr and Radarr to search for their missing items."""
    answers, down = await _each(stack.arrs, lambda c: c.search_missing())
    return ControlResult([i.name for i, _ in answers], down)


# --------------------------------------------------------------------------
# Calendar and missing


@dataclass(frozen=True, slots=True)
class Upcoming:
    """An episode airing or a movie coming out."""

    kind: str
    title: str
    episode: str | None
    episode_title: str | None
    start: datetime
    has_file: bool

    def as_dict(self) -> Json:
        """Return the item as tool and action data."""
        data: Json = {
            "kind": self.kind,
            "title": self.title,
            "start": self.start.isoformat(),
            "has_file": self.has_file,
        }
        if self.episode:
            data["episode"] = self.episode
        if self.episode_title:
            data["episode_title"] = self.episode_title
        return data


@dataclass(frozen=True, slots=True)
class UpcomingReport:
    """What airs or comes out in a time window."""

    start: datetime
    end: datetime
    items: list[Upcoming]
    unavailable: list[str]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "items": [item.as_dict() for item in self.items],
            "unavailable": self.unavailable,
        }


async def upcoming(stack: Stack, start: datetime, end: datetime) -> UpcomingReport:
    """Return every episode and movie release between start and end."""
    answers, down = await _each(stack.arrs, lambda c: c.calendar(start, end))
    items: list[Upcoming] = []
    for _instance, entries in answers:
        for entry in entries:
            if entry.start is None:
                continue
            episode: str | None = None
            if entry.kind == "episode" and entry.season_number is not None:
                episode = f"S{entry.season_number:02d}E{entry.episode_number or 0:02d}"
            items.append(
                Upcoming(
                    kind=entry.kind,
                    title=entry.media_title,
                    episode=episode,
                    episode_title=entry.title if entry.kind == "episode" else None,
                    start=entry.start,
                    has_file=entry.has_file,
                )
            )
    items.sort(key=lambda item: (item.start, item.title))
    return UpcomingReport(start, end, items, down)


@dataclass(frozen=True, slots=True)
class MissingReport:
    """Monitored items without a file, per service."""

    totals: dict[str, int]
    examples: list[str]
    unavailable: list[str]
    # The services whose version keeps no list of missing items (Radarr
    # before 5.6): they answer, they just cannot tell.
    unsupported: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return how many items are missing in all."""
        return sum(self.totals.values())

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "total": self.total,
            "by_service": self.totals,
            "examples": self.examples,
            "unavailable": self.unavailable,
            "unsupported": self.unsupported,
        }


def _problem(item: QueueItem) -> str | None:
    """Return what the arr says is wrong with a download, if anything.

    Its error message, else the first status message of a download it flags
    (Radarr 5 keeps a finished download it cannot import as "completed" with
    a warning: "Manual Import required.").
    """
    if item.error_message:
        return item.error_message
    if not item.has_problem:
        return None
    return next(
        (line for message in item.status_messages for line in message.messages),
        None,
    )


def _by_download(items: Sequence[QueueItem]) -> list[list[QueueItem]]:
    """Group queue records by download, in queue order.

    A season pack is one download that Sonarr lists once per episode, every
    record with the same downloadId.
    """
    groups: dict[str, list[QueueItem]] = {}
    for item in items:
        groups.setdefault(item.download_id or f"#{item.id}", []).append(item)
    return list(groups.values())


def episodes_label(
    title: str, episodes: Sequence[tuple[int | None, int | None]]
) -> str:
    """Return "Title S02E01" for an episode, "Title S02E01-E24" for a pack."""
    known = sorted({(s, e) for s, e in episodes if s is not None and e is not None})
    if not known or any(s is None or e is None for s, e in episodes):
        return title
    (first_season, first), (last_season, last) = known[0], known[-1]
    if len(known) == 1:
        return episode_label(title, first_season, first)
    if first_season == last_season:
        return f"{title} S{first_season:02d}E{first:02d}-E{last:02d}"
    return f"{title} S{first_season:02d}E{first:02d}-S{last_season:02d}E{last:02d}"


def episode_label(title: str, season: int | None, episode: int | None) -> str:
    """Return "Title S01E02" for an episode, the title alone otherwise."""
    if season is None or episode is None:
        return title
    return f"{title} S{season:02d}E{episode:02d}"


async def missing(stack: Stack, examples: int = 10) -> MissingReport:
    """Return how much is missing and the first few missing items."""

    async def wanted(client: ArrApi) -> Page[WantedItem] | None:
        try:
            return await client.wanted_missing(page=1, page_size=examples)
        except ArrNotFoundError:
            return None  # this version has no wanted/missing

    answers, down = await _each(stack.arrs, wanted)
    totals: dict[str, int] = {}
    labels: list[str] = []
    unsupported: list[str] = []
    for instance, page in answers:
        if page is None:
            unsupported.append(instance.name)
            continue
        totals[instance.name] = page.total_records
        labels.extend(
            episode_label(
                record.media_title, record.season_number, record.episode_number
            )
            if record.kind == "episode"
            else record.media_title or record.title
            for record in page.records
        )
    return MissingReport(totals, labels[:examples], down, unsupported)


# --------------------------------------------------------------------------
# The library and media requests


@dataclass(frozen=True, slots=True)
class LibraryMatch:
    """A library item that matches a spoken title."""

    kind: MediaKind
    title: str
    year: int | None
    service: str
    has_file: bool | None

    def as_dict(self) -> Json:
        """Return the match as tool and action data."""
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "service": self.service,
            "has_file": self.has_file,
        }


async def _library(
    stack: Stack, kinds: Sequence[MediaKind]
) -> tuple[list[LibraryMatch], dict[str, set[int]], list[str]]:
    """Return the library items, their external ids per kind, and failures."""
    items: list[LibraryMatch] = []
    ids: dict[str, set[int]] = {"movie": set(), "series": set()}
    (answers, series_down), (movie_answers, movie_down) = await asyncio.gather(
        _each(stack.sonarr if "series" in kinds else (), lambda c: c.series()),
        _each(stack.radarr if "movie" in kinds else (), lambda c: c.movies()),
    )
    down = [*series_down, *movie_down]
    if "series" in kinds:
        for instance, all_series in answers:
            for series in all_series:
                items.append(
                    LibraryMatch(
                        "series", series.title, series.year, instance.name, None
                    )
                )
                if series.tvdb_id:
                    ids["series"].add(series.tvdb_id)
    if "movie" in kinds:
        for movie_instance, movies in movie_answers:
            for movie in movies:
                items.append(
                    LibraryMatch(
                        "movie",
                        movie.title,
                        movie.year,
                        movie_instance.name,
                        movie.has_file,
                    )
                )
                if movie.tmdb_id:
                    ids["movie"].add(movie.tmdb_id)
    return items, ids, down


@dataclass(frozen=True, slots=True)
class LibraryReport:
    """Library items matching a title."""

    query: str
    matches: list[LibraryMatch]
    unavailable: list[str]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "query": self.query,
            "in_library": [m.as_dict() for m in self.matches],
            "unavailable": self.unavailable,
        }


async def in_library(stack: Stack, request: MediaRequest) -> LibraryReport:
    """Return the library items a title refers to, best first."""
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    items, _ids, down = await _library(stack, kinds)
    scored = [
        (score_candidate(request, item.title, item.year), item)
        for item in items
        if title_score(request.title, item.title) >= 0.9
        or matches_name(request.title, item.title)
    ]
    scored.sort(key=lambda pair: -pair[0])
    return LibraryReport(request.title, [item for _, item in scored], down)


_UHD_NAME = re.compile(r"4k|uhd|2160", re.IGNORECASE)


def _instance_for[C](
    instances: Sequence[Instance[C]], quality: str | None
) -> tuple[Instance[C], ...]:
    """Return the instance (at most one) that should handle a request.

    People who run a second Sonarr or Radarr for 4K name it so ("Radarr
    4K"): a 4K request goes there, every other request to the first one that
    is not a 4K instance.
    """
    if not instances:
        return ()
    uhd = [i for i in instances if _UHD_NAME.search(i.name)]
    other = [i for i in instances if not _UHD_NAME.search(i.name)]
    preferred = uhd if quality == "2160p" else other
    return ((preferred or list(instances))[0],)


async def _lookup(
    stack: Stack,
    request: MediaRequest,
    kinds: Sequence[MediaKind],
    term: str | None = None,
) -> tuple[list[Candidate], list[str]]:
    """Look the title (or an id term) up on the first service of each kind."""
    term = term or request.title
    sonarr = _instance_for(stack.sonarr, request.quality) if "series" in kinds else ()
    radarr = _instance_for(stack.radarr, request.quality) if "movie" in kinds else ()
    # The library (to mark what is already there) and the lookups, at once.
    (
        (_items, library_ids, down),
        (answers, series_down),
        (movie_answers, movie_down),
    ) = await asyncio.gather(
        _library(stack, kinds),
        _each(sonarr, lambda c: c.lookup_series(term)),
        _each(radarr, lambda c: c.lookup_movie(term)),
    )
    down = [*down, *series_down, *movie_down]
    candidates: list[Candidate] = []
    if sonarr:
        for _i, found in answers:
            candidates.extend(
                Candidate(
                    kind="series",
                    title=series.title,
                    year=series.year,
                    external_id=f"tvdb:{series.tvdb_id}",
                    instance=sonarr[0].name,
                    in_library=series.tvdb_id in library_ids["series"],
                    score=score_candidate(request, series.title, series.year),
                    lookup=series,
                )
                for series in found
            )
    if radarr:
        for _radarr, movies in movie_answers:
            candidates.extend(
                Candidate(
                    kind="movie",
                    title=movie.title,
                    year=movie.year,
                    external_id=f"tmdb:{movie.tmdb_id}",
                    instance=radarr[0].name,
                    in_library=movie.tmdb_id in library_ids["movie"],
                    score=score_candidate(request, movie.title, movie.year),
                    lookup=movie,
                )
                for movie in movies
            )
    return candidates, sorted(set(down))


@dataclass(frozen=True, slots=True)
class FindReport:
    """Lookup results for a title, best first."""

    query: str
    candidates: list[Candidate]
    unavailable: list[str]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "query": self.query,
            "results": [c.as_dict() for c in self.candidates],
            "unavailable": self.unavailable,
        }


async def find_media(stack: Stack, request: MediaRequest, limit: int = 5) -> FindReport:
    """Look a title up on Sonarr and/or Radarr and rank what they found."""
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    candidates, down = await _lookup(stack, request, kinds)
    candidates.sort(key=lambda c: (-c.score, c.kind, -(c.year or 0)))
    return FindReport(request.title, candidates[:limit], down)


type RequestStatus = Literal[
    "added",
    "already_in_library",
    "ambiguous",
    "not_found",
    "no_service",
    "unavailable",
]


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

    def as_dict(self) -> Json:
        """Return the outcome as tool and action data."""
        data: Json = {"status": self.status, "query": self.request.title}
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
) -> RequestOutcome:
    """Add a movie or a series, or say why not.

    Looks the title up (on both services when the kind is open), and adds the
    one clear match with the quality profile and root folder that fit; with
    several plausible matches it returns them for a question to the user.
    `chosen` skips the lookup (the user picked from an earlier question);
    `external_id` ("tmdb:123", "imdb:tt123", "tvdb:123") names the exact item.
    """
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    if external_id is not None:
        scheme = external_id.partition(":")[0].lower()
        kinds = ["series"] if scheme == "tvdb" else ["movie"]
    if not any(stack.radarr if kind == "movie" else stack.sonarr for kind in kinds):
        return RequestOutcome("no_service", request)
    down: list[str] = []
    if chosen is None and external_id is not None:
        candidates, down = await _lookup(stack, request, kinds, term=external_id)
        if not candidates:
            status_: RequestStatus = "unavailable" if down else "not_found"
            return RequestOutcome(status_, request, unavailable=down)
        chosen = candidates[0]
    if chosen is None:
        candidates, down = await _lookup(stack, request, kinds)
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
        return RequestOutcome("already_in_library", request, chosen=chosen)
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
            return RequestOutcome(
                "unavailable", request, chosen=chosen, unavailable=[instance.name]
            )
        if chosen.kind == "movie" and radarr is not None:
            await radarr.client.add_movie(
                chosen.lookup,
                quality_profile_id=profile.id,
                root_folder_path=folder.path,
                monitored=True,
                search=search,
            )
        elif sonarr is not None:
            await sonarr.client.add_series(
                chosen.lookup,
                quality_profile_id=profile.id,
                root_folder_path=folder.path,
                monitor="all",
                search=search,
            )
    except ArrError:
        return RequestOutcome(
            "unavailable", request, chosen=chosen, unavailable=[instance.name]
        )
    return RequestOutcome(
        "added",
        request,
        chosen=chosen,
        quality_profile=profile.name,
        root_folder=folder.path,
        searching=search,
        unavailable=unavailable,
    )
