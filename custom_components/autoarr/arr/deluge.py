"""Async client for Deluge's Web UI JSON-RPC (Deluge 2.x).

AutoArr talks to `deluge-web`, not to the daemon: every call is a POST of
{"method", "params", "id"} to `json` below the base URL. `auth.login` with
the Web UI's password sets a `_session_id` cookie, which the client keeps
itself (the shared session's cookie jar ignores cookies of bare IP
addresses). The Web UI then has to be connected to a daemon: when it is not,
the client connects it to the first daemon it knows, as the Web UI's
connection manager would. `core.*` calls are passed on to that daemon.

How Deluge says no:
- a wrong password: `auth.login` answers false (ArrAuthError);
- an ended session: error code 1, "Not authenticated" (the client logs in
  again, once);
- no Deluge at that URL: 404, a web page, or JSON without a `result`/`error`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
import itertools
from typing import Any, Final

from .download_client import LoginClientBase, bytes_limit, hash_list, timestamp
from .downloads import DownloadItem, DownloadState, TransferStatus, deluge_state
from .errors import ArrApiError, ArrMalformedResponseError
from .fields import Fields
from .http import HttpResponse
from .kinds import DELUGE

# Deluge's error code for a call without a logged-in session.
NOT_AUTHENTICATED: Final = 1
KIB: Final = 1024
TORRENT_FIELDS: Final = (
    "name",
    "state",
    "progress",
    "total_wanted",
    "total_remaining",
    "download_payload_rate",
    "upload_payload_rate",
    "eta",
    "ratio",
    "num_seeds",
    "num_peers",
    "label",
    "time_added",
    "message",
    "is_finished",
)


class DelugeClient(LoginClientBase):
    """Talks to one Deluge Web UI (and through it, its daemon)."""

    spec = DELUGE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Bind the client (see LoginClientBase); not logged in yet."""
        super().__init__(*args, **kwargs)
        self._cookie: str | None = None
        self._ids = itertools.count(1)
        self._login_lock = asyncio.Lock()

    # --- Low level ------------------------------------------------------------

    async def _post(
        self, method: str, params: list[Any]
    ) -> tuple[Any, Any, HttpResponse]:
        """Send one call; return its result, its error and the response."""
        response = await self._transport.request(
            "POST",
            self.api_path,
            json_body={"method": method, "params": params, "id": next(self._ids)},
            headers={"Cookie": self._cookie} if self._cookie else None,
            raise_for_status=False,
        )
        if response.status in (404, 405):
            raise self._wrong_app(
                response, f"it has no Deluge Web UI JSON-RPC (HTTP {response.status})"
            )
        self._transport.raise_for_status(response)
        payload = self._json(response)
        if not isinstance(payload, dict) or not {"result", "error"} <= payload.keys():
            raise self._wrong_app(response, "its answer is not Deluge's JSON-RPC")
        return payload["result"], payload["error"], response

    async def _log_in(self) -> None:
        self._cookie = None
        result, _error, response = await self._post(
            "auth.login", [self._login.password]
        )
        if result is not True:
            raise self._auth_error(response, "the Web UI password was refused")
        self._cookie = _session_cookie(response)
        if not self._cookie:
            raise self._wrong_app(response, "it logged in without a session cookie")
        await self._connect_daemon(response)

    async def _connect_daemon(self, response: HttpResponse) -> None:
        """Connect the Web UI to its first daemon unless it is connected."""
        if await self._web("web.connected") is True:
            return
        hosts = await self._web("web.get_hosts")
        if not isinstance(hosts, list) or not hosts or not isinstance(hosts[0], list):
            raise ArrApiError(
                f"{self._where(response)}: the Web UI knows no Deluge daemon to"
                " connect to; add one in its connection manager"
            )
        await self._web("web.connect", hosts[0][0])
        if await self._web("web.connected") is not True:
            raise ArrApiError(
                f"{self._where(response)}: the Web UI could not connect to its"
                " Deluge daemon; is deluged running?"
            )

    async def _web(self, method: str, *params: Any) -> Any:
        result, error, response = await self._post(method, list(params))
        if error:
            raise self._error(method, error, response)
        return result

    def _error(self, method: str, error: Any, response: HttpResponse) -> ArrApiError:
        message = error.get("message") if isinstance(error, dict) else error
        return ArrApiError(
            f"{self._where(response)} refused {method}: {self._redact(str(message))[:200]}"
        )

    async def call(self, method: str, *params: Any) -> Any:
        """Call one method (logged in and connected); return its result."""
        for attempt in range(2):
            if self._cookie is None:
                async with self._login_lock:
                    if self._cookie is None:
                        await self._log_in()
            result, error, response = await self._post(method, list(params))
            if not error:
                return result
            code = error.get("code") if isinstance(error, dict) else None
            if code == NOT_AUTHENTICATED and attempt == 0:
                self._cookie = None  # the session ended: log in again
                continue
            raise self._error(method, error, response)
        raise AssertionError("unreachable")  # pragma: no cover

    # --- Information ----------------------------------------------------------

    async def version(self) -> str:
        """Return the daemon's version."""
        version = await self.call("daemon.get_version")
        if not isinstance(version, str) or not version:
            raise ArrMalformedResponseError(f"{self._where()} did not say its version")
        return version

    async def verify(self) -> str:
        """Log in, connect the daemon and return its version."""
        return await self.version()

    async def torrents(self) -> list[DownloadItem]:
        """Return every torrent."""
        data = await self.call("core.get_torrents_status", {}, list(TORRENT_FIELDS))
        if not isinstance(data, dict):
            raise ArrMalformedResponseError("Deluge torrents: expected an object")
        return [parse_torrent(key, value) for key, value in data.items()]

    async def queue(self) -> list[DownloadItem]:
        """Return the torrents that are not finished (failed ones included)."""
        return [item for item in await self.torrents() if not item.state.finished]

    async def history(self) -> list[DownloadItem]:
        """Return the finished torrents (seeding or completed)."""
        return [item for item in await self.torrents() if item.state.finished]

    async def free_space(self) -> int | None:
        """Return the free space of the download folder (None if unknown)."""
        space = await self.call("core.get_free_space")
        if isinstance(space, bool) or not isinstance(space, int) or space < 0:
            return None
        return space

    async def status(self) -> TransferStatus:
        """Return speeds, limits and free space (Deluge has no alternative speeds)."""
        version, rates, config, torrents, free = await asyncio.gather(
            self.version(),
            self.call(
                "core.get_session_status",
                ["payload_download_rate", "payload_upload_rate"],
            ),
            self.call(
                "core.get_config_values", ["max_download_speed", "max_upload_speed"]
            ),
            self.torrents(),
            self.free_space(),
        )
        rate_fields = Fields(rates, "Deluge session status")
        limits = Fields(config, "Deluge config")
        states = {item.state for item in torrents}

        def limit(key: str) -> int | None:
            value = limits.number(key, -1.0)
            return round(value * KIB) if value > 0 else None

        return TransferStatus(
            version=version,
            download_speed=round(rate_fields.number("payload_download_rate")),
            upload_speed=round(rate_fields.number("payload_upload_rate")),
            download_limit=limit("max_download_speed"),
            upload_limit=limit("max_upload_speed"),
            alt_speed=None,
            paused=bool(states)
            and states <= {DownloadState.PAUSED, DownloadState.COMPLETED},
            free_space=free,
        )

    # --- Control --------------------------------------------------------------

    async def _all_ids(self) -> list[str]:
        return [item.id for item in await self.torrents()]

    async def pause_all(self) -> None:
        """Pause every torrent."""
        if ids := await self._all_ids():
            await self.call("core.pause_torrents", ids)

    async def resume_all(self) -> None:
        """Resume every torrent."""
        if ids := await self._all_ids():
            await self.call("core.resume_torrents", ids)

    async def pause(self, ids: Iterable[str]) -> None:
        """Pause some torrents (by info hash)."""
        await self.call("core.pause_torrents", hash_list(ids))

    async def resume(self, ids: Iterable[str]) -> None:
        """Resume some torrents (by info hash)."""
        await self.call("core.resume_torrents", hash_list(ids))

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Set the limits in bytes per second; None lifts a limit.

        Deluge keeps them in KiB/s; a limit is rounded down, at least 1 KiB/s.
        """
        values: dict[str, float] = {}
        for key, value in (
            ("max_download_speed", download),
            ("max_upload_speed", upload),
        ):
            amount = bytes_limit(value)
            values[key] = float(max(amount // KIB, 1)) if amount else -1.0
        await self.call("core.set_config", values)

    async def set_alt_speed(self, enabled: bool) -> None:
        """Refuse: Deluge has no alternative speed mode of its own."""
        raise ArrApiError(
            f"{self._where()}: Deluge has no alternative speed mode"
            " (its Scheduler plugin is not supported)"
        )

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove torrents (by info hash), with or without their data."""
        errors = await self.call("core.remove_torrents", hash_list(ids), delete_data)
        if errors:
            raise ArrApiError(
                f"{self._where()} did not remove every torrent: {str(errors)[:200]}"
            )


def _session_cookie(response: HttpResponse) -> str | None:
    for header in response.header_values("Set-Cookie"):
        pair = header.split(";", 1)[0].strip()
        name, sep, value = pair.partition("=")
        if sep and value and name == "_session_id":
            return pair
    return None


def parse_torrent(torrent_id: str, data: Any) -> DownloadItem:
    """Read one torrent of `core.get_torrents_status`."""
    fields = Fields(data, "Deluge torrent")
    state = fields.text("state")
    progress = min(max(fields.number("progress") / 100, 0.0), 1.0)
    rate = round(fields.number("download_payload_rate"))
    seeds = fields.integer("num_seeds")
    wanted = fields.integer("total_wanted")
    eta = fields.integer("eta")
    ratio = fields.number("ratio", -1.0)
    message = fields.text("message")
    return DownloadItem(
        id=torrent_id.lower(),
        name=fields.text("name"),
        state=deluge_state(
            state,
            finished=fields.flag("is_finished") or progress >= 1.0,
            has_metadata=wanted > 0,
            receiving=rate > 0 or seeds > 0,
        ),
        client_state=state,
        progress=progress,
        size=wanted,
        size_left=fields.integer("total_remaining"),
        download_speed=rate,
        upload_speed=round(fields.number("upload_payload_rate")),
        eta=eta if eta > 0 else None,
        ratio=ratio if ratio >= 0 else None,
        seeds=seeds,
        peers=fields.integer("num_peers"),
        category=fields.text("label"),
        added=timestamp(fields.number("time_added")),
        message="" if message == "OK" else message,
    )
