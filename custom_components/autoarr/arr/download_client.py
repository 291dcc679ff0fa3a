"""What the qBittorrent, Transmission, Deluge and NZBGet clients share.

Each speaks its own API, but they judge answers alike: a web page or an
answer without the application's shape means another application at that
URL (ArrWrongAppError), a refused login means wrong credentials
(ArrAuthError), and every message names the service by its URL, never with
the password. The HTTP layer (`http.py`) maps connection, TLS and timeout
failures.

Every client offers the same calls, the download-client seam the rest of
AutoArr uses (`DownloadClient`): `verify`, `status`, `queue`, `history`,
`pause_all`, `resume_all`, `set_alt_speed`, `remove`, `free_space`.
SABnzbd offers them through `sabnzbd_downloads.py`. What only some clients
can do is an optional capability, a protocol of its own that callers test
for (`isinstance`) instead of asking which application it is: `TimedPause`
(a pause that ends by itself), `SpeedLimits` (global speed limits, the
download clients' speed limit number), `RetriesFailed` (download a failed
job again) and `FailedHistory` (its failed jobs alone, where its history
is cut to the newest jobs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol, runtime_checkable

import aiohttp

from .downloads import DownloadItem, TransferStatus
from .errors import ArrAuthError, ArrWrongAppError, redact
from .http import Auth, HttpResponse, HttpTransport, NoAuth, ServiceConfig, UserPassword
from .kinds import ServiceSpec


class DownloadClient(Protocol):
    """The calls every download client offers."""

    @property
    def base_url(self) -> str:
        """Return the client's base URL for messages (no credentials)."""
        ...

    async def verify(self) -> str:
        """Check the address and credentials reach this application; return its version."""
        ...

    async def status(self) -> TransferStatus:
        """Return the speeds, limits, pause state and free space."""
        ...

    async def queue(self) -> list[DownloadItem]:
        """Return the downloads that are not finished."""
        ...

    async def history(self) -> list[DownloadItem]:
        """Return the finished (completed, seeding or failed) downloads."""
        ...

    async def pause_all(self) -> None:
        """Pause every download."""
        ...

    async def resume_all(self) -> None:
        """Resume every download."""
        ...

    async def set_alt_speed(self, enabled: bool) -> None:
        """Turn the alternative speed limits on or off."""
        ...

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove downloads by id, with or without their data."""
        ...

    async def free_space(self) -> int | None:
        """Return the free space of the download folder in bytes."""
        ...


@dataclass(frozen=True, slots=True)
class Retried:
    """What retrying a client's failed downloads did."""

    # The downloads put back in the queue, by name.
    names: list[str]
    # The failed downloads the client cannot retry (their files are gone).
    skipped: int = 0


@runtime_checkable
class TimedPause(Protocol):
    """A download client whose pause can end by itself."""

    async def pause_for(self, minutes: int) -> None:
        """Pause every download for some minutes."""
        ...


@runtime_checkable
class SpeedLimits(Protocol):
    """A download client with global speed limits AutoArr can set."""

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Limit the speeds in bytes per second; None lifts a limit.

        A client that does not upload takes only `download` (no `upload`).
        """
        ...


@runtime_checkable
class FailedHistory(Protocol):
    """A download client that reads its failed jobs on their own.

    Its `history` is only the newest jobs (SABnzbd's newest 50), in which
    an older failure can be missing behind newer completed ones.
    """

    async def failed_history(self) -> list[DownloadItem]:
        """Return the newest failed jobs of the history."""
        ...


@runtime_checkable
class RetriesFailed(Protocol):
    """A download client that can download a failed job again."""

    async def retry(self, download_id: str, /) -> str:
        """Download a failed job again; return the id it has now."""
        ...

    async def retry_failed(self) -> Retried:
        """Download again every failed job it can; say which, and how many not."""
        ...


class LoginClientBase:
    """The transport and the judging of answers shared by the clients."""

    # The client's kind; its API lives at the spec's `api_path`.
    spec: ClassVar[ServiceSpec]

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to a session and an instance (user and password, or none)."""
        self._config = config
        self._login = _login_of(config.auth)
        self._transport = HttpTransport(session, config, app_name=self.app_name)

    @property
    def app_name(self) -> str:
        """Return the application's name, for messages."""
        return self.spec.name

    @property
    def api_path(self) -> str:
        """Return the API's path below the base URL (from the kind's spec)."""
        return self.spec.api_path

    @property
    def base_url(self) -> str:
        """Return the base URL for messages (no credentials, query or password)."""
        return str(self._transport.base_url.with_user(None))

    def _where(self, response: HttpResponse | None = None) -> str:
        url = response.url if response is not None else self._transport.base_url
        return f"{self.app_name} at {url.with_query(None).with_user(None)}"

    def _redact(self, text: str) -> str:
        return redact(text, *self._config.auth.secrets())

    def _auth_error(self, response: HttpResponse, detail: str = "") -> ArrAuthError:
        reason = detail or f"HTTP {response.status}"
        return ArrAuthError(
            f"{self._where(response)} rejected the user name or password ({reason})"
        )

    def _wrong_app(self, response: HttpResponse, why: str) -> ArrWrongAppError:
        return ArrWrongAppError(
            f"{self._where(response)} is not {self.app_name}: {why};"
            " check the address and its URL base"
        )

    def _json(self, response: HttpResponse) -> Any:
        """Decode a JSON answer; a web page means another application."""
        if "html" in response.content_type or response.body.lstrip()[:1] == b"<":
            raise self._wrong_app(response, "it answered with a web page")
        return self._transport.decode_json(response)


def _login_of(auth: Auth) -> UserPassword:
    """Return the user and password of a download client (empty for none)."""
    if isinstance(auth, UserPassword):
        return auth
    if isinstance(auth, NoAuth):
        return UserPassword("", "")
    raise TypeError(f"{type(auth).__name__} is not a user and password")


def bytes_limit(value: int | None) -> int:
    """Check a speed limit in bytes per second; None (no limit) becomes 0."""
    if value is None:
        return 0
    if isinstance(value, bool) or value <= 0:
        raise ValueError("a speed limit must be a positive number of bytes per second")
    return value


def timestamp(value: float | None) -> datetime | None:
    """Return a Unix timestamp as a UTC datetime; None for none or nonsense."""
    if value is None or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except OverflowError, OSError, ValueError:
        return None


def hash_list(ids: Iterable[str]) -> list[str]:
    """Return cleaned torrent hashes; refuse none, and qBittorrent's "all"."""
    if isinstance(ids, str):
        ids = [ids]
    hashes = [item.strip().lower() for item in ids if item and item.strip()]
    if not hashes:
        raise ValueError("no download ids given")
    if "all" in hashes:
        # qBittorrent reads "all" as every torrent: never by accident.
        raise ValueError("'all' is not a download id")
    return hashes
