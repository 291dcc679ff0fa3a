"""Async client for Transmission's RPC (Transmission 2.40 and later).

Every call is a POST of {"method", "arguments"} to `transmission/rpc` below
the base URL. Transmission guards against cross-site requests with a session
id: a request without the current one is answered 409 with the id in the
`X-Transmission-Session-Id` header, and the client repeats the request with
it (once). User name and password, when the daemon asks for them, travel as
HTTP basic auth.

How Transmission says no:
- wrong or missing user and password: HTTP 401;
- an address outside its `rpc-whitelist`: HTTP 403 (an ArrApiError, since
  other credentials would not help);
- no Transmission at that URL: 404, a web page, a 409 without a session id,
  or JSON without Transmission's `result`;
- a refused call: {"result": "<message>"} (ArrApiError).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterable
from typing import Any, Final

from .download_client import LoginClientBase, bytes_limit, hash_list, timestamp
from .downloads import (
    TRANSMISSION_STATUS_NAMES,
    DownloadItem,
    DownloadState,
    TransferStatus,
    transmission_state,
)
from .errors import ArrApiError
from .fields import Fields, parse_list
from .http import HttpResponse
from .kinds import TRANSMISSION

SESSION_HEADER: Final = "X-Transmission-Session-Id"
# Transmission's own units: speeds in kB/s of this many bytes.
DEFAULT_SPEED_BYTES: Final = 1000
TORRENT_FIELDS: Final = (
    "hashString",
    "name",
    "status",
    "percentDone",
    "sizeWhenDone",
    "leftUntilDone",
    "rateDownload",
    "rateUpload",
    "eta",
    "uploadRatio",
    "peersSendingToUs",
    "peersGettingFromUs",
    "labels",
    "addedDate",
    "error",
    "errorString",
    "metadataPercentComplete",
)


class TransmissionClient(LoginClientBase):
    """Talks to one transmission-daemon over an injected aiohttp session."""

    spec = TRANSMISSION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Bind the client (see LoginClientBase); no session id yet."""
        super().__init__(*args, **kwargs)
        self._session_id = ""

    async def call(self, method: str, **arguments: Any) -> Fields:
        """Call one RPC method; return its `arguments` object."""
        response = await self._post(method, arguments)
        if response.status == 409:
            session_id = response.header_values(SESSION_HEADER)
            if not session_id:
                raise self._wrong_app(response, "it answered 409 without a session id")
            self._session_id = session_id[0]
            response = await self._post(method, arguments)
        self._check_status(response)
        payload = Fields(self._json(response), "Transmission answer")
        if not payload.has("result"):
            raise self._wrong_app(response, "its answer has no Transmission result")
        result = payload.text("result")
        if result != "success":
            raise ArrApiError(
                f"{self._where(response)} refused {method}: {self._redact(result)[:200]}"
            )
        return payload.section("arguments")

    async def _post(self, method: str, arguments: dict[str, Any]) -> HttpResponse:
        headers = {SESSION_HEADER: self._session_id}
        if self._login.username or self._login.password:
            token = f"{self._login.username}:{self._login.password}".encode()
            headers["Authorization"] = f"Basic {base64.b64encode(token).decode()}"
        return await self._transport.request(
            "POST",
            self.api_path,
            json_body={"method": method, "arguments": arguments},
            headers=headers,
            raise_for_status=False,
        )

    def _check_status(self, response: HttpResponse) -> None:
        if response.status == 401:
            raise self._auth_error(response)
        if response.status == 403:
            raise ArrApiError(
                f"{self._where(response)} refused this address (HTTP 403): allow it"
                " in Transmission's rpc-whitelist",
                status=403,
            )
        if response.status in (404, 405):
            raise self._wrong_app(
                response, f"it has no Transmission RPC (HTTP {response.status})"
            )
        self._transport.raise_for_status(response)

    # --- Information ----------------------------------------------------------

    async def _session(self) -> Fields:
        return await self.call("session-get")

    async def version(self) -> str:
        """Return Transmission's version ("4.0.6 (38c164933e)")."""
        version = (await self._session()).text("version").strip()
        if not version:
            raise ArrApiError(f"{self._where()} did not say its version")
        return version

    async def verify(self) -> str:
        """Check the address and credentials; return the version."""
        return await self.version()

    async def torrents(self) -> list[DownloadItem]:
        """Return every torrent."""
        arguments = await self.call("torrent-get", fields=list(TORRENT_FIELDS))
        return parse_list(
            arguments.items("torrents"), "Transmission torrents", parse_torrent
        )

    async def queue(self) -> list[DownloadItem]:
        """Return the torrents that are not finished (failed ones included)."""
        return [item for item in await self.torrents() if not item.state.finished]

    async def history(self) -> list[DownloadItem]:
        """Return the finished torrents (seeding or completed)."""
        return [item for item in await self.torrents() if item.state.finished]

    async def free_space(self) -> int | None:
        """Return the free space of the download folder."""
        session = await self._session()
        return await self._free_space(session.text("download-dir"))

    async def _free_space(self, folder: str) -> int | None:
        if not folder:
            return None
        return (await self.call("free-space", path=folder)).opt_integer("size-bytes")

    async def status(self) -> TransferStatus:
        """Return speeds, limits, the alternative speed mode and free space."""
        session, stats, torrents = await asyncio.gather(
            self._session(), self.call("session-stats"), self.torrents()
        )
        unit = _speed_bytes(session)
        states = {item.state for item in torrents}

        def limit(name: str) -> int | None:
            if not session.flag(f"{name}-enabled"):
                return None
            return session.integer(name) * unit or None

        return TransferStatus(
            version=session.text("version"),
            download_speed=stats.integer("downloadSpeed"),
            upload_speed=stats.integer("uploadSpeed"),
            download_limit=limit("speed-limit-down"),
            upload_limit=limit("speed-limit-up"),
            alt_speed=session.flag("alt-speed-enabled"),
            paused=bool(states)
            and states <= {DownloadState.PAUSED, DownloadState.COMPLETED},
            free_space=await self._free_space(session.text("download-dir")),
        )

    # --- Control --------------------------------------------------------------

    async def pause_all(self) -> None:
        """Stop every torrent."""
        await self.call("torrent-stop")

    async def resume_all(self) -> None:
        """Start every torrent."""
        await self.call("torrent-start")

    async def pause(self, ids: Iterable[str]) -> None:
        """Stop some torrents (by info hash)."""
        await self.call("torrent-stop", ids=hash_list(ids))

    async def resume(self, ids: Iterable[str]) -> None:
        """Start some torrents (by info hash)."""
        await self.call("torrent-start", ids=hash_list(ids))

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Set the limits in bytes per second; None lifts a limit.

        Transmission keeps them in its own kB/s (1000 bytes unless its
        `units` say otherwise), rounded down, at least 1.
        """
        unit = _speed_bytes(await self._session())
        changes: dict[str, Any] = {}
        for name, value in (("speed-limit-down", download), ("speed-limit-up", upload)):
            amount = bytes_limit(value)
            changes[f"{name}-enabled"] = amount > 0
            if amount:
                changes[name] = max(amount // unit, 1)
        await self.call("session-set", **changes)

    async def set_alt_speed(self, enabled: bool) -> None:
        """Turn the alternative ("turtle") speed limits on or off."""
        await self.call("session-set", **{"alt-speed-enabled": enabled})

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove torrents (by info hash), with or without their data."""
        await self.call(
            "torrent-remove", ids=hash_list(ids), **{"delete-local-data": delete_data}
        )


def _speed_bytes(session: Fields) -> int:
    units = session.section("units")
    return units.integer("speed-bytes", DEFAULT_SPEED_BYTES) or DEFAULT_SPEED_BYTES


def parse_torrent(data: Any) -> DownloadItem:
    """Read one torrent of `torrent-get`."""
    fields = Fields(data, "Transmission torrent")
    status = fields.integer("status")
    progress = min(max(fields.number("percentDone"), 0.0), 1.0)
    rate = fields.integer("rateDownload")
    seeds = fields.integer("peersSendingToUs")
    error = fields.integer("error")
    eta = fields.integer("eta", -1)
    ratio = fields.number("uploadRatio", -1.0)
    labels = fields.texts("labels")
    return DownloadItem(
        id=fields.text("hashString").lower(),
        name=fields.text("name"),
        state=transmission_state(
            status,
            error=error,
            finished=progress >= 1.0,
            has_metadata=fields.number("metadataPercentComplete", 1.0) >= 1.0,
            receiving=rate > 0 or seeds > 0,
        ),
        client_state=TRANSMISSION_STATUS_NAMES.get(status, str(status)),
        progress=progress,
        size=fields.integer("sizeWhenDone"),
        size_left=fields.integer("leftUntilDone"),
        download_speed=rate,
        upload_speed=fields.integer("rateUpload"),
        eta=eta if eta >= 0 else None,
        ratio=ratio if ratio >= 0 else None,
        seeds=seeds,
        peers=fields.integer("peersGettingFromUs"),
        category=labels[0] if labels else "",
        added=timestamp(fields.opt_integer("addedDate")),
        message=fields.text("errorString") if error else "",
    )
