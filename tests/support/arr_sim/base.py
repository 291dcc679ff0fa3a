"""What the Sonarr and Radarr simulators share.

`ArrSimulator` is an aiohttp application speaking the v3 API of Sonarr or
Radarr from a mutable in-memory state (`sim.state`). It checks the API key
(X-Api-Key header or apikey query), serves below a URL base, injects faults
switched at run time, and validates every exchange against the official spec
(see `tests/support/contract.py`). Subclasses add the library endpoints.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
import io
import json
import random
import re
import ssl
from typing import Any, ClassVar

from aiohttp import web
from PIL import Image as PilImage, ImageDraw, ImageFont

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from tests.support.contract import ArrKind, Exchange, Operation, validator
from tests.support.hostile import gzip_bomb, nested_json

DEFAULT_API_KEY = "test-api-key-0123456789abcdef"
MAX_RECORDED_REQUESTS = 10_000
GIB = 1024**3
MIB = 1024**2
# The pictures the simulators keep of a library item, and their sizes.
COVER_SIZES: dict[str, tuple[int, int]] = {
    "poster": (500, 750),
    "fanart": (1280, 720),
    "banner": (758, 140),
}
# Download speed the simulated client reports (for time left).
DOWNLOAD_SPEED = 8 * MIB

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
type Json = dict[str, Any]


class FaultKind(StrEnum):
    """What a fault does to the requests it matches."""

    LATENCY = "latency"  # wait `delay` seconds, then answer normally
    UNAUTHORIZED = "unauthorized"  # 401, as for a wrong API key
    SERVER_ERROR = "server_error"  # `status` (500) with a JSON message
    NOT_FOUND = "not_found"  # 404 with a JSON message
    MALFORMED_JSON = "malformed_json"  # 200, application/json, not JSON
    TRUNCATED = "truncated"  # 200, body cut short, connection closed
    WRONG_SHAPE = "wrong_shape"  # 200, valid JSON of the wrong shape
    WRONG_APP = "wrong_app"  # system/status says another application
    HTML_PAGE = "html_page"  # 200, a login web page instead of JSON
    DISCONNECT = "disconnect"  # connection closed without an answer
    NESTED_JSON = "nested_json"  # 200, arrays nested 200,000 levels deep
    GZIP_BOMB = "gzip_bomb"  # 200, a gzip body that expands to 200 MB
    REDIRECT = "redirect"  # 302 to `location` + the request's path and query


@dataclass
class Fault:
    """A fault applied to matching requests until cleared or used up.

    `path` is a regular expression searched in the API path below the URL
    base (e.g. "queue" or "^/api/v3/system/status$"); None matches all.
    `times` limits how many requests it applies to; None means until cleared.
    """

    kind: FaultKind
    path: str | None = None
    method: str | None = None
    times: int | None = None
    delay: float = 0.0
    status: int = 500
    message: str = "Simulated failure"
    location: str = ""
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Return whether the fault applies to a request."""
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or re.search(self.path, path) is not None


@dataclass
class SimQueueItem:
    """A download in the simulated queue; `media` holds the media ids."""

    id: int
    title: str
    size: int
    size_left: int
    media: dict[str, int]
    status: str = "downloading"
    tracked_download_status: str = "ok"
    tracked_download_state: str = "downloading"
    status_messages: list[tuple[str, list[str]]] = field(default_factory=list)
    error_message: str | None = None
    download_id: str = ""
    download_client: str = "SABnzbd"
    protocol: str = "usenet"
    indexer: str = "NZBgeek"
    quality: str = "WEBDL-1080p"
    output_path: str | None = None
    added: datetime | None = None


@dataclass
class SimHistoryRecord:
    """A history event; `data` holds its string details (e.g. "message")."""

    id: int
    event_type: str
    source_title: str
    date: datetime
    media: dict[str, int]
    download_id: str | None = None
    quality: str = "WEBDL-1080p"
    data: dict[str, str | None] = field(default_factory=dict)


@dataclass
class SimCommand:
    """A command and its progress: each poll moves it one step on."""

    id: int
    name: str
    body: dict[str, Any]
    queued: datetime
    status: str = "queued"
    result: str = "unknown"
    message: str | None = None
    started: datetime | None = None
    ended: datetime | None = None
    exception: str | None = None


@dataclass
class RecordedRequest:
    """A request the simulator received (for tests to inspect)."""

    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any
    headers: dict[str, str]


QUALITIES: dict[str, tuple[int, str, int]] = {
    # name: (id, source, resolution)
    "SDTV": (1, "television", 480),
    "HDTV-720p": (4, "television", 720),
    "HDTV-1080p": (9, "television", 1080),
    "WEBDL-720p": (5, "web", 720),
    "WEBDL-1080p": (3, "web", 1080),
    "WEBDL-2160p": (18, "web", 2160),
    "Bluray-1080p": (7, "bluray", 1080),
    "Bluray-2160p": (19, "bluray", 2160),
}


@cache
def cover_jpeg(kind: str, media_id: int, cover: str, title: str = "") -> bytes:
    """Return a picture of one item: a JPEG of its size in a colour of its
    own, with its title written on it."""
    shade = random.Random(f"{kind}-{media_id}-{cover}")
    colour = (shade.randrange(256), shade.randrange(256), shade.randrange(256))
    picture = PilImage.new("RGB", COVER_SIZES[cover], colour)
    if title:
        width, height = picture.size
        font = ImageFont.load_default(size=max(16, width // 7))
        ink = (0, 0, 0) if sum(colour) > 384 else (255, 255, 255)
        lines: list[str] = []
        for word in title.split():
            wider = f"{lines[-1]} {word}" if lines else word
            if lines and font.getlength(wider) <= width * 0.85:
                lines[-1] = wider
            else:
                lines.append(word)
        draw = ImageDraw.Draw(picture)
        draw.multiline_text(
            (width / 2, height / 2),
            "\n".join(lines),
            fill=ink,
            font=font,
            anchor="mm",
            align="center",
        )
    out = io.BytesIO()
    picture.save(out, format="JPEG")
    return out.getvalue()


def iso(value: datetime | None) -> str | None:
    """Format a datetime as the arr APIs do (UTC, "Z")."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def timespan(value: timedelta) -> str:
    """Format a timedelta as a .NET TimeSpan ("[d.]hh:mm:ss")."""
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{days}.{text}" if days else text


def slug(title: str) -> str:
    """Return the title slug the arr apps use ("the-expanse")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def release_name(title: str) -> str:
    """Return a scene-like release name part ("The.Expanse")."""
    return re.sub(r"[^A-Za-z0-9]+", ".", title).strip(".")


class ArrState:
    """Everything Sonarr and Radarr share, as mutable plain data.

    Tests and the demo read and change it directly, e.g.
    `sim.state.queue[3].status = "failed"` or `sim.state.health.append(...)`;
    the next request sees the change.
    """

    kind: ClassVar[ArrKind]
    app_name: ClassVar[str]
    search_missing_command: ClassVar[str]
    # The first version whose status names its application: real Sonarr
    # 3.0.6, Radarr 3.2.2 and Lidarr 0.8.1 send no appName or instanceName
    # (tests/fixtures/real), Sonarr 3.0.8 does.
    named_from: ClassVar[tuple[int, ...]] = (0,)
    # The history event an imported download leaves.
    imported_event: ClassVar[str] = "downloadFolderImported"

    def __init__(self, *, now: datetime, version: str, seed: int = 7) -> None:
        """Build the shared part of a fresh state around `now`."""
        self.now = now.replace(microsecond=0)
        self.version = version
        self.instance_name = self.app_name
        self.random = random.Random(seed)
        self._ids: dict[str, int] = {}
        self.queue: dict[int, SimQueueItem] = {}
        self.history: list[SimHistoryRecord] = []
        self.commands: dict[int, SimCommand] = {}
        self.blocklist: list[dict[str, Any]] = []
        self.removed_queue_items: list[dict[str, Any]] = []
        # Command names that fail when they run, e.g. {"RefreshSeries"}.
        self.failing_commands: set[str] = set()
        self.quality_profiles: list[Json] = [
            self.quality_profile_json(
                1,
                "Any",
                [
                    "SDTV",
                    "HDTV-720p",
                    "WEBDL-720p",
                    "HDTV-1080p",
                    "WEBDL-1080p",
                    "Bluray-1080p",
                ],
                "WEBDL-720p",
            ),
            self.quality_profile_json(
                2,
                "HD-1080p",
                ["HDTV-1080p", "WEBDL-1080p", "Bluray-1080p"],
                "Bluray-1080p",
            ),
            self.quality_profile_json(
                3, "Ultra-HD", ["WEBDL-2160p", "Bluray-2160p"], "Bluray-2160p"
            ),
        ]
        media_root = "/tv" if self.kind == "sonarr" else "/movies"
        self.root_folders: list[Json] = [
            {
                "id": 1,
                "path": f"{media_root}/",
                "accessible": True,
                "freeSpace": 1800 * GIB,
                "unmappedFolders": [],
            },
            {
                "id": 2,
                "path": f"/mnt/archive{media_root}/",
                "accessible": False,
                "freeSpace": None,
                "unmappedFolders": [],
            },
        ]
        self.disk_space: list[Json] = [
            {
                "id": 0,
                "path": "/",
                "label": "root",
                "freeSpace": 38 * GIB,
                "totalSpace": 120 * GIB,
            },
            {
                "id": 0,
                "path": media_root,
                "label": "media",
                "freeSpace": 1800 * GIB,
                "totalSpace": 8000 * GIB,
            },
            {
                "id": 0,
                "path": "/downloads",
                "label": "downloads",
                "freeSpace": 92 * GIB,
                "totalSpace": 500 * GIB,
            },
        ]
        self.health: list[Json] = [
            {
                "id": 1,
                "source": "IndexerLongTermStatusCheck",
                "type": "warning",
                "message": "Indexers unavailable due to failures for more than 6 hours: NZBplanet",
                "wikiUrl": f"https://wiki.servarr.com/{self.kind}/system#indexers-are-unavailable-due-to-failures",
            },
            {
                "id": 2,
                "source": "RootFolderCheck",
                "type": "error",
                "message": f"Missing root folder: /mnt/archive{media_root}/",
                "wikiUrl": f"https://wiki.servarr.com/{self.kind}/system#missing-root-folder",
            },
        ]
        self.config: dict[str, Json] = {}
        self.download_clients: list[Json] = []
        self.indexers: list[Json] = []

    # Pictures

    def cover_ids(self) -> Collection[int]:
        """Return the ids of the library items whose pictures the server keeps."""
        return ()

    def cover_title(self, media_id: int) -> str:
        """Return what a library item's pictures show as its title."""
        return ""

    def local_images(self, media_id: int, images: list[Json]) -> list[Json]:
        """Return a library item's images as the server lists them.

        Like the real servers: `url` is its own copy below the URL base
        (`/MediaCover/<id>/<type>.jpg`, behind the API key), `remoteUrl`
        the metadata source's address.
        """
        return [
            {
                **image,
                "url": f"/MediaCover/{media_id}/{image['coverType']}.jpg",
                "remoteUrl": image.get("remoteUrl") or image["url"],
            }
            for image in images
        ]

    # Ids and time

    def next_id(self, what: str) -> int:
        """Return the next free id of one kind of record."""
        self._ids[what] = self._ids.get(what, 0) + 1
        return self._ids[what]

    def reserve_ids(self, what: str, used: int) -> None:
        """Make next_id(what) skip ids up to `used`."""
        self._ids[what] = max(self._ids.get(what, 0), used)

    # Queue and history

    def add_queue_item(
        self,
        title: str,
        media: dict[str, int],
        *,
        size: int = 2 * GIB,
        done: float = 0.0,
        **fields: Any,
    ) -> SimQueueItem:
        """Add a download to the queue; `done` is the fraction downloaded."""
        item_id = self.next_id("queue")
        item = SimQueueItem(
            id=item_id,
            title=title,
            size=size,
            size_left=int(size * (1 - done)),
            media=media,
            download_id=fields.pop(
                "download_id", f"SABnzbd_nzo_{self.random.getrandbits(40):010x}"
            ),
            added=fields.pop("added", self.now - timedelta(minutes=30 + item_id * 7)),
            **fields,
        )
        self.queue[item_id] = item
        return item

    def add_history(
        self,
        event_type: str,
        source_title: str,
        media: dict[str, int],
        *,
        date: datetime | None = None,
        **fields: Any,
    ) -> SimHistoryRecord:
        """Append a history event."""
        record = SimHistoryRecord(
            id=self.next_id("history"),
            event_type=event_type,
            source_title=source_title,
            date=date or self.now,
            media=media,
            **fields,
        )
        self.history.append(record)
        return record

    def grab(
        self, title: str, media: dict[str, int], *, quality: str = "WEBDL-1080p"
    ) -> SimQueueItem:
        """Grab a release: a new downloading queue item and a grabbed event."""
        item = self.add_queue_item(
            title, media, size=self.random.randint(1, 6) * GIB, quality=quality
        )
        self.add_history(
            "grabbed",
            title,
            media,
            download_id=item.download_id,
            quality=quality,
            data={"indexer": item.indexer, "downloadClient": item.download_client},
        )
        return item

    def advance(self, seconds: float) -> None:
        """Let time pass: downloads progress and finished ones import."""
        self.now += timedelta(seconds=seconds)
        for item in list(self.queue.values()):
            if (
                item.tracked_download_state != "downloading"
                or item.status != "downloading"
            ):
                continue
            item.size_left = max(0, item.size_left - int(DOWNLOAD_SPEED * seconds))
            if item.size_left == 0:
                item.status = "completed"
                item.tracked_download_state = "imported"
                self.add_history(
                    self.imported_event,
                    item.title,
                    item.media,
                    download_id=item.download_id,
                    quality=item.quality,
                )
                self.on_imported(item)
                del self.queue[item.id]

    def on_imported(self, item: SimQueueItem) -> None:
        """Mark the media of an imported download as having its file."""

    def remove_from_queue(
        self,
        item_id: int,
        *,
        blocklist: bool,
        remove_from_client: bool,
        skip_redownload: bool,
    ) -> bool:
        """Remove a queue item as the real server does; False if unknown.

        With blocklist the release is blocklisted and marked failed, and
        (unless skip_redownload) a replacement is grabbed.
        """
        item = self.queue.pop(item_id, None)
        if item is None:
            return False
        # The server stops tracking the whole download: a season pack's
        # other records go with it.
        for other in [i for i in self.queue.values() if i.download_id]:
            if other.download_id == item.download_id:
                del self.queue[other.id]
        self.removed_queue_items.append(
            {
                "id": item_id,
                "title": item.title,
                "blocklist": blocklist,
                "removeFromClient": remove_from_client,
                "skipRedownload": skip_redownload,
            }
        )
        if blocklist:
            self.blocklist.append(
                {"sourceTitle": item.title, "media": dict(item.media), "date": self.now}
            )
            self.add_history(
                "downloadFailed",
                item.title,
                item.media,
                download_id=item.download_id,
                quality=item.quality,
                data={"message": "Manually marked as failed"},
            )
            if not skip_redownload:
                self.grab(
                    _replacement_title(item.title), item.media, quality=item.quality
                )
        return True

    # Commands

    def start_command(self, name: str, body: dict[str, Any]) -> SimCommand:
        """Queue a command; it progresses each time it is polled."""
        command = SimCommand(
            id=self.next_id("command"), name=name, body=body, queued=self.now
        )
        self.commands[command.id] = command
        return command

    def poll_command(self, command: SimCommand) -> None:
        """Move a command one step: queued, started, then completed or failed."""
        if command.status == "queued":
            command.status = "started"
            command.started = self.now
        elif command.status == "started":
            command.ended = self.now
            if command.name in self.failing_commands:
                command.status = "failed"
                command.result = "unsuccessful"
                command.exception = f"{command.name} failed: simulated failure"
                command.message = "Failed"
            else:
                command.status = "completed"
                command.result = "successful"
                command.message = "Completed"
                self.run_command(command)

    def run_command(self, command: SimCommand) -> None:
        """Apply a completed command's effect (searches grab releases)."""

    def is_known_command(self, name: str) -> bool:
        """Return whether the server knows a command name."""
        return name in self.known_commands()

    def known_commands(self) -> set[str]:
        """Return the command names this server accepts."""
        return {
            self.search_missing_command,
            "RssSync",
            "DownloadedEpisodesScan",
            "ApplicationUpdate",
            "Backup",
            "RescanFolders",
        }

    # Serializers shared by both applications

    def system_status_json(self, url_base: str) -> Json:
        """Return the SystemResource."""
        status = self._system_status_json(url_base)
        numbers = tuple(int(part) for part in self.version.split(".") if part.isdigit())
        if numbers < self.named_from:
            del status["appName"], status["instanceName"]
        return status

    def _system_status_json(self, url_base: str) -> Json:
        return {
            "appName": self.app_name,
            "instanceName": self.instance_name,
            "version": self.version,
            "buildTime": iso(self.now - timedelta(days=40)),
            "isDebug": False,
            "isProduction": True,
            "isAdmin": False,
            "isUserInteractive": False,
            "startupPath": f"/app/{self.kind}/bin",
            "appData": "/config",
            "osName": "ubuntu",
            "osVersion": "22.04",
            "isNetCore": True,
            "isLinux": True,
            "isOsx": False,
            "isWindows": False,
            "isDocker": True,
            "mode": "console",
            "branch": "main" if self.kind == "sonarr" else "master",
            "authentication": "forms",
            "sqliteVersion" if self.kind == "sonarr" else "databaseVersion": "3.44.2",
            "migrationVersion": 215,
            "urlBase": url_base,
            "runtimeVersion": "6.0.29",
            "runtimeName": ".NET",
            "startTime": iso(self.now - timedelta(hours=26)),
            "packageVersion": self.version,
            "packageAuthor": "[linuxserver.io](https://linuxserver.io)",
            "packageUpdateMechanism": "docker",
            "databaseType": "sqLite",
        }

    def quality_json(self, name: str) -> Json:
        """Return a QualityModel for a quality name."""
        quality_id, source, resolution = QUALITIES.get(name, (0, "unknown", 0))
        return {
            "quality": {
                "id": quality_id,
                "name": name,
                "source": self.quality_source(source),
                "resolution": resolution,
            },
            "revision": {"version": 1, "real": 0, "isRepack": False},
        }

    def quality_source(self, source: str) -> str:
        """Return the application's name of a quality source."""
        return source

    def quality_profile_json(
        self, profile_id: int, name: str, allowed: list[str], cutoff: str
    ) -> Json:
        """Return a QualityProfileResource allowing the named qualities."""
        items = [
            {
                "quality": {
                    "id": qid,
                    "name": qname,
                    "source": self.quality_source(source),
                    "resolution": resolution,
                },
                "items": [],
                "allowed": qname in allowed,
            }
            for qname, (qid, source, resolution) in QUALITIES.items()
        ]
        return {
            "id": profile_id,
            "name": name,
            "upgradeAllowed": True,
            "cutoff": QUALITIES[cutoff][0],
            "items": items,
            "minFormatScore": 0,
            "cutoffFormatScore": 0,
            "minUpgradeFormatScore": 1,
            "formatItems": [],
        }

    def queue_item_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Return a QueueResource."""
        # SABnzbd gives every download a time left, so its records have one:
        # a paused, queued or finished download's is 00:00:00 (no estimate,
        # with bytes left). A torrent client gives none for a torrent that
        # does not move (stalled before its first byte, or finished): Sonarr
        # and Radarr then leave the estimate out, as a real Sonarr v4's queue
        # shows (tests/fixtures/real/sonarr/v4/queue.json).
        left = timedelta(0)
        if item.status == "downloading" and item.size_left > 0:
            left = timedelta(seconds=item.size_left / DOWNLOAD_SPEED)
        estimate: Json = {
            "timeleft": timespan(left),
            "estimatedCompletionTime": iso(self.now + left),
        }
        if item.protocol == "torrent" and (
            item.status != "downloading" or item.size_left >= item.size
        ):
            estimate = {}
        data: Json = {
            "id": item.id,
            **item.media,
            "languages": [{"id": 1, "name": "English"}],
            "quality": self.quality_json(item.quality),
            "customFormats": [],
            "customFormatScore": 0,
            "size": float(item.size),
            "title": item.title,
            "sizeleft": float(item.size_left),
            **estimate,
            "added": iso(item.added),
            "status": item.status,
            "trackedDownloadStatus": item.tracked_download_status,
            "trackedDownloadState": item.tracked_download_state,
            "statusMessages": [
                {"title": title, "messages": messages}
                for title, messages in item.status_messages
            ],
            # Real servers send "" rather than null when there is no error.
            "errorMessage": item.error_message or "",
            "downloadId": item.download_id,
            "protocol": item.protocol,
            "downloadClient": item.download_client,
            "downloadClientHasPostImportCategory": False,
            "indexer": item.indexer,
            # Where the client downloads to, also while it downloads.
            "outputPath": item.output_path or f"/downloads/incomplete/{item.title}",
        }
        data.update(self.queue_media_json(item, include))
        return data

    def queue_media_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Return the embedded series/episode or movie of a queue item."""
        return {}

    def history_json(self, record: SimHistoryRecord) -> Json:
        """Return a HistoryResource."""
        # History carries the series and episode ids but, unlike the queue,
        # no season number.
        media = {
            key: value for key, value in record.media.items() if key != "seasonNumber"
        }
        return {
            "id": record.id,
            **media,
            "sourceTitle": record.source_title,
            "languages": [{"id": 1, "name": "English"}],
            "quality": self.quality_json(record.quality),
            "customFormats": [],
            "customFormatScore": 0,
            "qualityCutoffNotMet": False,
            "date": iso(record.date),
            "downloadId": record.download_id,
            "eventType": record.event_type,
            "data": dict(record.data),
        }

    def command_json(self, command: SimCommand) -> Json:
        """Return a CommandResource."""
        duration = None
        if command.started and command.ended:
            duration = timespan(command.ended - command.started)
        return {
            "id": command.id,
            "name": command.name,
            "commandName": re.sub(r"(?<!^)(?=[A-Z])", " ", command.name),
            "message": command.message,
            "body": {
                **command.body,
                "sendUpdatesToClient": True,
                "name": command.name,
                "trigger": "manual",
                "suppressMessages": False,
            },
            "priority": "normal",
            "status": command.status,
            "result": command.result,
            "queued": iso(command.queued),
            "started": iso(command.started),
            "ended": iso(command.ended),
            "duration": duration,
            "exception": command.exception,
            "trigger": "manual",
            "stateChangeTime": iso(command.ended or command.started or command.queued),
            "sendUpdatesToClient": True,
            "updateScheduledTask": True,
        }


def _replacement_title(title: str) -> str:
    """Return another release of the same thing (what a re-search grabs)."""
    base = re.sub(r"-[A-Za-z0-9]+$", "", title)
    return f"{base}.REPACK-NTb" if "REPACK" not in base else f"{base}-FLUX"


def json_response(data: Any, status: int = 200) -> web.Response:
    """Return a JSON answer as the arr apps send it."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def error_response(status: int, message: str) -> web.Response:
    """Return an error answer in the arr apps' shape."""
    return json_response({"message": message, "description": message}, status)


def validation_error(prop: str, message: str, value: Any = None) -> web.Response:
    """Return a 400 validation failure in the arr apps' shape."""
    return json_response(
        [
            {
                "propertyName": prop,
                "errorMessage": message,
                "attemptedValue": value,
                "severity": "error",
                "errorCode": "PredicateValidator",
            }
        ],
        400,
    )


def invalid_add_target(state: ArrState, body: Json) -> web.Response | None:
    """Check an add request's quality profile and root folder, as both apps do.

    Returns the validation error to answer with, or None when both are known.
    """
    profile_id = body.get("qualityProfileId")
    if not any(p["id"] == profile_id for p in state.quality_profiles):
        return validation_error(
            "QualityProfileId",
            "'Quality Profile Id' must be a valid quality profile.",
            profile_id,
        )
    root = str(body.get("rootFolderPath") or "")
    if not any(f["path"].rstrip("/") == root.rstrip("/") for f in state.root_folders):
        return validation_error(
            "RootFolderPath", "Root folder path does not exist.", root
        )
    return None


def query_bool(request: web.Request, name: str, default: bool = False) -> bool:
    """Read a boolean query parameter the way ASP.NET does."""
    value = request.query.get(name)
    if value is None:
        return default
    return value.lower() == "true"


def query_int(request: web.Request, name: str, default: int) -> int:
    """Read an integer query parameter; a bad value falls back to default."""
    try:
        return int(request.query.get(name, default))
    except ValueError:
        return default


def paged(request: web.Request, records: list[Json], *, sort_key: str = "id") -> Json:
    """Return one page of records as a *PagingResource."""
    page = max(1, query_int(request, "page", 1))
    page_size = max(1, query_int(request, "pageSize", 10))
    start = (page - 1) * page_size
    return {
        "page": page,
        "pageSize": page_size,
        "sortKey": request.query.get("sortKey", sort_key),
        "sortDirection": request.query.get("sortDirection", "default"),
        "totalRecords": len(records),
        "records": records[start : start + page_size],
    }


LOGIN_PAGE = b"""<!doctype html>
<html><head><title>Login</title></head>
<body><form method="post" action="/login"><input name="username"><input name="password" type="password"></form></body></html>
"""


class ArrSimulator:
    """A running simulated Sonarr or Radarr on 127.0.0.1.

    Use `start_simulator()` (an async context manager) rather than this
    class directly. Attributes other code uses:
      url, api_key, url_base, state, requests, contract_violations,
      exercised, inject_fault(), clear_faults(), service_config().
    """

    kind: ClassVar[ArrKind]
    # The API's version in its path: /api/v3 (Sonarr, Radarr), /api/v1 (Lidarr).
    api_version: ClassVar[str] = "v3"

    def __init__(
        self,
        state: ArrState,
        *,
        api_key: str = DEFAULT_API_KEY,
        url_base: str = "",
        ssl_context: ssl.SSLContext | None = None,
        validate_contract: bool = True,
    ) -> None:
        """Prepare the app; call start() to serve it."""
        self.state = state
        self.api_key = api_key
        self.url_base = "/" + url_base.strip("/") if url_base.strip("/") else ""
        self.ssl_context = ssl_context
        self.validate_contract = validate_contract
        self.faults: list[Fault] = []
        # The latest requests (bounded, for long demo and benchmark runs).
        self.requests: deque[RecordedRequest] = deque(maxlen=MAX_RECORDED_REQUESTS)
        self.contract_violations: list[str] = []
        self.exercised: set[Operation] = set()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self.app = self._build_app()

    # Control

    @property
    def url(self) -> str:
        """Return the base URL clients use, URL base included."""
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self._port}{self.url_base}"

    @property
    def port(self) -> int:
        """Return the port the simulator listens on."""
        return self._port

    def service_config(self, **overrides: Any) -> ServiceConfig:
        """Return a ServiceConfig pointing at this simulator."""
        values: dict[str, Any] = {
            "url": self.url,
            "auth": ApiKey(self.api_key),
            "timeout": 5.0,
        }
        values.update(overrides)
        return ServiceConfig(**values)

    def cover(self, media_id: int, cover: str = "poster") -> bytes:
        """Return the picture the simulator serves of a library item."""
        return cover_jpeg(self.kind, media_id, cover, self.state.cover_title(media_id))

    def inject_fault(self, kind: FaultKind | str, **options: Any) -> Fault:
        """Add a fault; see Fault for the options (path, method, times...)."""
        fault = Fault(FaultKind(kind), **options)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every fault."""
        self.faults.clear()

    def requests_to(
        self, path: str, method: str | None = None
    ) -> list[RecordedRequest]:
        """Return the recorded requests to one API path (below the URL base)."""
        return [
            r
            for r in self.requests
            if r.path == path and (method is None or r.method == method)
        ]

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1 (a free port unless one is given)."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(
            self._runner, "127.0.0.1", port, ssl_context=self.ssl_context
        )
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # The application

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Yield (method, path below /api/<version>, handler) of every endpoint."""
        yield "GET", "system/status", self.get_system_status
        yield "GET", "health", self.get_health
        yield "GET", "diskspace", self.get_disk_space
        yield "GET", "rootfolder", self.get_root_folders
        yield "GET", "qualityprofile", self.get_quality_profiles
        yield "GET", "queue", self.get_queue
        yield "DELETE", "queue/{id}", self.delete_queue_item
        yield "GET", "history", self.get_history
        yield "GET", "command", self.get_commands
        yield "POST", "command", self.post_command
        yield "GET", "command/{id}", self.get_command
        yield "GET", "config/mediamanagement", self.config_getter("mediamanagement")
        yield "GET", "config/naming", self.config_getter("naming")
        yield "GET", "config/downloadclient", self.config_getter("downloadclient")
        yield "GET", "downloadclient", self.get_download_clients
        yield "GET", "indexer", self.get_indexers

    def _build_app(self) -> web.Application:
        app = web.Application(
            middlewares=[
                self._contract_middleware,
                self._fault_middleware,
                self._auth_middleware,
            ]
        )
        prefix = self.url_base
        for method, path, handler in self.routes():
            app.router.add_route(
                method, f"{prefix}/api/{self.api_version}/{path}", handler
            )
        app.router.add_route("*", prefix + "/api/{tail:.*}", self._api_not_found)
        app.router.add_route(
            "GET", prefix + "/MediaCover/{media_id}/{filename}", self.get_media_cover
        )
        app.router.add_route("GET", prefix + "/{tail:.*}", self._web_ui)
        if prefix:
            app.router.add_route("*", "/{tail:.*}", self._outside_url_base)
        return app

    def _api_path(self, request: web.Request) -> str:
        path = request.path
        if self.url_base and path.startswith(self.url_base):
            path = path[len(self.url_base) :]
        return path

    @web.middleware
    async def _contract_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        body = await request.read()
        path = self._api_path(request)
        parsed: Any = None
        if body:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = body
        self.requests.append(
            RecordedRequest(
                request.method,
                path,
                list(request.query.items()),
                parsed,
                dict(request.headers),
            )
        )
        response = await handler(request)
        if (
            self.validate_contract
            and path.startswith("/api/")
            and not request.get("fault")
        ):
            self._validate(request, path, body, response)
        return response

    def _validate(
        self, request: web.Request, path: str, body: bytes, response: web.StreamResponse
    ) -> None:
        response_body = b""
        if isinstance(response, web.Response) and isinstance(response.body, bytes):
            response_body = response.body
        exchange = Exchange(
            method=request.method,
            path=path,
            query=list(request.query.items()),
            headers=dict(request.headers),
            body=body or None,
            content_type=request.content_type if body else "",
            status=response.status,
            response_body=response_body,
            response_content_type=response.content_type or "",
        )
        operation, problems = validator(self.kind).check(exchange)
        if operation is not None and not problems:
            self.exercised.add(operation)
        self.contract_violations.extend(problems)

    @web.middleware
    async def _fault_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        path = self._api_path(request)
        for fault in self.faults:
            if not fault.matches(request.method, path):
                continue
            fault.hits += 1
            if fault.kind is FaultKind.LATENCY:
                await asyncio.sleep(fault.delay)
                continue
            request["fault"] = fault
            return await self._apply_fault(fault, request, handler)
        return await handler(request)

    async def _apply_fault(
        self, fault: Fault, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        match fault.kind:
            case FaultKind.UNAUTHORIZED:
                return web.Response(status=401)
            case FaultKind.SERVER_ERROR:
                return error_response(fault.status, fault.message)
            case FaultKind.NOT_FOUND:
                return error_response(404, "NotFound")
            case FaultKind.MALFORMED_JSON:
                return web.Response(
                    body=b'{"records": [1, 2,', content_type="application/json"
                )
            case FaultKind.WRONG_SHAPE:
                return json_response(
                    {"unexpected": ["shape"]}
                    if path_wants_list(request)
                    else ["unexpected"]
                )
            case FaultKind.HTML_PAGE:
                return web.Response(body=LOGIN_PAGE, content_type="text/html")
            case FaultKind.NESTED_JSON:
                return web.Response(body=nested_json(), content_type="application/json")
            case FaultKind.GZIP_BOMB:
                return web.Response(
                    body=gzip_bomb(),
                    content_type="application/json",
                    headers={"Content-Encoding": "gzip"},
                )
            case FaultKind.REDIRECT:
                raise web.HTTPFound(fault.location + request.path_qs)
            case FaultKind.WRONG_APP:
                other = "Radarr" if self.kind == "sonarr" else "Sonarr"
                status = self.state.system_status_json(self.url_base)
                status["appName"] = other
                status["instanceName"] = other
                return json_response(status)
            case FaultKind.TRUNCATED:
                full = (await handler(request)).body
                assert isinstance(full, bytes)
                response = web.StreamResponse(status=200)
                response.content_type = "application/json"
                response.content_length = len(full)
                await response.prepare(request)
                await response.write(full[: max(1, len(full) // 2)])
                assert request.transport is not None
                request.transport.close()
                return response
            case _:  # DISCONNECT
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=500)

    @web.middleware
    async def _auth_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        if self._api_path(request).startswith(("/api/", "/MediaCover/")):
            key = request.headers.get("X-Api-Key") or request.query.get("apikey")
            if key != self.api_key:
                return web.Response(status=401)
        return await handler(request)

    async def get_media_cover(self, request: web.Request) -> web.Response:
        """A library item's picture: GET /MediaCover/<id>/<type>.jpg (the path
        the resources' `url` names) or the API's mediacover/<id>/<type>.jpg."""
        cover = request.match_info["filename"].removesuffix(".jpg")
        # The item's id, by whatever name the route gives it.
        media_id = next(
            value for key, value in request.match_info.items() if key != "filename"
        )
        if (
            cover not in COVER_SIZES
            or not media_id.isdigit()
            or int(media_id) not in self.state.cover_ids()
        ):
            return web.Response(status=404, text="Not Found")
        return web.Response(
            body=self.cover(int(media_id), cover),
            content_type="image/jpeg",
        )

    async def _api_not_found(self, request: web.Request) -> web.Response:
        return error_response(404, "NotFound")

    async def _web_ui(self, request: web.Request) -> web.Response:
        # Like the real apps, every non-API path serves the web UI.
        page = f"<!doctype html><html><head><title>{self.state.app_name}</title></head><body><div id=root></div></body></html>"
        return web.Response(text=page, content_type="text/html")

    async def _outside_url_base(self, request: web.Request) -> web.Response:
        return web.Response(status=404, text="Not Found")

    # Shared endpoints

    async def get_system_status(self, request: web.Request) -> web.Response:
        """GET /system/status."""
        return json_response(self.state.system_status_json(self.url_base))

    async def get_health(self, request: web.Request) -> web.Response:
        """GET /health."""
        return json_response(self.state.health)

    async def get_disk_space(self, request: web.Request) -> web.Response:
        """GET /diskspace."""
        return json_response(self.state.disk_space)

    async def get_root_folders(self, request: web.Request) -> web.Response:
        """GET /rootfolder."""
        return json_response(self.state.root_folders)

    async def get_quality_profiles(self, request: web.Request) -> web.Response:
        """GET /qualityprofile."""
        return json_response(self.state.quality_profiles)

    def queue_include(self, request: web.Request) -> dict[str, bool]:
        """Return which embedded objects a queue request asked for."""
        return {}

    def include_unknown(self, request: web.Request) -> bool:
        """Return whether a queue request asked for items of unknown media."""
        return False

    async def get_queue(self, request: web.Request) -> web.Response:
        """GET /queue (paged)."""
        include = self.queue_include(request)
        unknown = self.include_unknown(request)
        items = [item for item in self.state.queue.values() if unknown or item.media]
        records = [
            self.state.queue_item_json(item, include)
            for item in sorted(items, key=lambda i: i.id)
        ]
        return json_response(paged(request, records, sort_key="timeleft"))

    async def delete_queue_item(self, request: web.Request) -> web.Response:
        """DELETE /queue/{id}."""
        try:
            item_id = int(request.match_info["id"])
        except ValueError:
            return error_response(400, "Invalid id")
        removed = self.state.remove_from_queue(
            item_id,
            blocklist=query_bool(request, "blocklist"),
            remove_from_client=query_bool(request, "removeFromClient", True),
            skip_redownload=query_bool(request, "skipRedownload"),
        )
        if not removed:
            return error_response(404, "NotFound")
        return web.Response(status=200)

    async def get_history(self, request: web.Request) -> web.Response:
        """GET /history (paged, newest first, optional eventType filter)."""
        wanted = {int(v) for v in request.query.getall("eventType", []) if v.isdigit()}
        names = {
            name
            for name, number in self.history_event_numbers().items()
            if number in wanted
        }
        records = [r for r in self.state.history if not wanted or r.event_type in names]
        descending = request.query.get("sortDirection", "descending") != "ascending"
        records.sort(key=lambda r: (r.date, r.id), reverse=descending)
        return json_response(
            paged(
                request, [self.state.history_json(r) for r in records], sort_key="date"
            )
        )

    def history_event_numbers(self) -> dict[str, int]:
        """Return the history event names and their numbers."""
        raise NotImplementedError

    async def get_commands(self, request: web.Request) -> web.Response:
        """GET /command: the commands not finished."""
        running = [
            c for c in self.state.commands.values() if c.status in ("queued", "started")
        ]
        return json_response([self.state.command_json(c) for c in running])

    async def post_command(self, request: web.Request) -> web.Response:
        """POST /command."""
        try:
            body = await request.json()
        except ValueError:
            return error_response(400, "Invalid JSON")
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return validation_error("Name", "'Name' must not be empty.")
        name = body["name"]
        if not self.state.is_known_command(name):
            return error_response(400, f"Unknown command: {name}")
        extra = {key: value for key, value in body.items() if key != "name"}
        command = self.state.start_command(name, extra)
        return json_response(self.state.command_json(command), 201)

    async def get_command(self, request: web.Request) -> web.Response:
        """GET /command/{id}: each poll moves the command on."""
        command = self.state.commands.get(query_id(request))
        if command is None:
            return error_response(404, "NotFound")
        self.state.poll_command(command)
        return json_response(self.state.command_json(command))

    def config_getter(self, name: str) -> Handler:
        """Return a handler serving one config resource from state.config."""

        async def handler(request: web.Request) -> web.Response:
            return json_response(self.state.config[name])

        return handler

    async def get_download_clients(self, request: web.Request) -> web.Response:
        """GET /downloadclient."""
        return json_response(self.state.download_clients)

    async def get_indexers(self, request: web.Request) -> web.Response:
        """GET /indexer."""
        return json_response(self.state.indexers)


def query_id(request: web.Request) -> int:
    """Return the {id} of a path, or -1 when it is not a number."""
    try:
        return int(request.match_info["id"])
    except ValueError:
        return -1


def path_wants_list(request: web.Request) -> bool:
    """Return whether an endpoint normally answers with a JSON list."""
    tail = re.split(r"/api/v\d+/", request.path.rstrip("/"))[-1]
    return tail in {
        "health",
        "diskspace",
        "rootfolder",
        "qualityprofile",
        "series",
        "movie",
        "calendar",
        "series/lookup",
        "movie/lookup",
        "artist",
        "album",
        "artist/lookup",
        "album/lookup",
        "metadataprofile",
        "languageprofile",
        "downloadclient",
        "indexer",
        "command",
    }


def provider_fields(values: dict[str, Any]) -> list[Json]:
    """Return a provider's settings as the API's Field list."""
    return [
        {
            "order": order,
            "name": name,
            "label": name[:1].upper() + name[1:],
            "value": value,
            "type": "password" if name in ("apiKey", "password") else "textbox",
            "advanced": False,
            "privacy": "apiKey" if name == "apiKey" else "normal",
            "isFloat": False,
        }
        for order, (name, value) in enumerate(values.items())
    ]


def download_client_json(
    client_id: int,
    name: str,
    implementation: str,
    protocol: str,
    fields: dict[str, Any],
    *,
    enable: bool = True,
    priority: int = 1,
    remove_completed: bool = True,
    remove_failed: bool = True,
) -> Json:
    """Return a DownloadClientResource."""
    return {
        "id": client_id,
        "name": name,
        "fields": provider_fields(fields),
        "implementationName": implementation,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "infoLink": f"https://wiki.servarr.com/download-clients#{implementation.lower()}",
        "tags": [],
        "enable": enable,
        "protocol": protocol,
        "priority": priority,
        "removeCompletedDownloads": remove_completed,
        "removeFailedDownloads": remove_failed,
    }


def indexer_json(
    indexer_id: int,
    name: str,
    fields: dict[str, Any],
    *,
    protocol: str = "usenet",
    rss: bool = True,
    automatic: bool = True,
    interactive: bool = True,
    priority: int = 25,
) -> Json:
    """Return an IndexerResource (without Sonarr's season search age)."""
    return {
        "id": indexer_id,
        "name": name,
        "fields": provider_fields(fields),
        "implementationName": "Newznab" if protocol == "usenet" else "Torznab",
        "implementation": "Newznab" if protocol == "usenet" else "Torznab",
        "configContract": "NewznabSettings"
        if protocol == "usenet"
        else "TorznabSettings",
        "infoLink": "https://wiki.servarr.com/indexers",
        "tags": [],
        "enableRss": rss,
        "enableAutomaticSearch": automatic,
        "enableInteractiveSearch": interactive,
        "supportsRss": True,
        "supportsSearch": True,
        "protocol": protocol,
        "priority": priority,
        "downloadClientId": 0,
    }
