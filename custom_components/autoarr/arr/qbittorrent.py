"""Async client for qBittorrent's Web API v2 (qBittorrent 4.1 and later).

qBittorrent authenticates with a user name and password: `auth/login` sets
a session cookie (`SID`, or `QBT_SID_<port>` from 5.0 on) that every later
call sends. The cookie is kept by the client itself, not by the shared
aiohttp session, whose cookie jar ignores cookies of bare IP addresses. A
session ends when qBittorrent restarts or times it out; a call answered 403
logs in again once and is repeated.

How qBittorrent says no:
- wrong user or password: HTTP 401 (5.x) or 200 with the text "Fails." (4.x);
- too many failed logins: HTTP 403 "Your IP address has been banned...";
- no qBittorrent at that URL: 404 at `api/v2/...`, or a web page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, Final

import aiohttp

from .download_client import LoginClientBase, bytes_limit, hash_list, timestamp
from .downloads import DownloadItem, DownloadState, TransferStatus, qbittorrent_state
from .errors import ArrAuthError, ArrMalformedResponseError
from .fields import Fields, parse_list
from .http import HttpResponse
from .kinds import QBITTORRENT

# qBittorrent's ETA for "never" (100 days, in seconds).
ETA_INFINITY: Final = 8640000
# Web API 2.11 (qBittorrent 5.0) renamed pause/resume to stop/start.
_STOP_START_API: Final = (2, 11)


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.strip().lstrip("v").split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


class QbittorrentClient(LoginClientBase):
    """Talks to one qBittorrent over an injected aiohttp session."""

    spec = QBITTORRENT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Bind the client (see LoginClientBase); no session cookie yet."""
        super().__init__(*args, **kwargs)
        self._cookie: str | None = None
        self._login_lock = asyncio.Lock()
        self._api_version: tuple[int, ...] | None = None

    # --- Low level ------------------------------------------------------------

    async def _log_in(self) -> None:
        form = aiohttp.FormData(
            {"username": self._login.username, "password": self._login.password}
        )
        response = await self._transport.request(
            "POST", f"{self.api_path}/auth/login", data=form, raise_for_status=False
        )
        text = response.text().strip()
        if response.status == 404:
            raise self._wrong_app(response, "it has no qBittorrent Web API (HTTP 404)")
        if response.status == 401 or text == "Fails.":
            raise self._auth_error(response)
        if response.status == 403:
            raise ArrAuthError(
                f"{self._where(response)} refused to log in:"
                f" {self._redact(text)[:200] or 'HTTP 403'}"
            )
        self._transport.raise_for_status(response)
        cookie = _session_cookie(response)
        if cookie is None and text != "Ok.":
            raise self._wrong_app(response, "its login answer is not qBittorrent's")
        # No cookie with "Ok.": qBittorrent lets this address in without one.
        self._cookie = cookie or ""

    async def _call(
        self, path: str, form: dict[str, str] | None = None, *, retry: bool = True
    ) -> HttpResponse:
        """Call one API path (POST with a form when given one), logged in."""
        if self._cookie is None:
            async with self._login_lock:
                if self._cookie is None:
                    await self._log_in()
        cookie = self._cookie
        response = await self._transport.request(
            "POST" if form is not None else "GET",
            f"{self.api_path}/{path}",
            data=aiohttp.FormData(form) if form is not None else None,
            headers={"Cookie": cookie} if cookie else None,
            raise_for_status=False,
        )
        if response.status == 403:
            if retry:
                if self._cookie == cookie:
                    self._cookie = None  # the session ended: log in again
                return await self._call(path, form, retry=False)
            raise self._auth_error(response, "the session was refused after logging in")
        if response.status == 404 and path in ("app/version", "app/webapiVersion"):
            raise self._wrong_app(response, "it has no qBittorrent Web API (HTTP 404)")
        self._transport.raise_for_status(response)
        return response

    async def _json_call(self, path: str, form: dict[str, str] | None = None) -> Any:
        return self._json(await self._call(path, form))

    async def _text_call(self, path: str) -> str:
        response = await self._call(path)
        text = response.text().strip()
        if "html" in response.content_type or text.startswith("<"):
            raise self._wrong_app(response, "it answered with a web page")
        return text

    # --- Information ----------------------------------------------------------

    async def version(self) -> str:
        """Return qBittorrent's version ("v5.0.1")."""
        text = await self._text_call("app/version")
        if not text.startswith("v") or not any(ch.isdigit() for ch in text):
            raise self._wrong_app(
                await self._call("app/version"), "it does not answer app/version"
            )
        return text

    async def api_version(self) -> tuple[int, ...]:
        """Return the Web API's version, e.g. (2, 11, 2)."""
        if self._api_version is None:
            self._api_version = _version_tuple(
                await self._text_call("app/webapiVersion")
            )
        return self._api_version

    async def verify(self) -> str:
        """Log in and check this is qBittorrent; return its version."""
        version = await self.version()
        await self.api_version()
        return version

    async def torrents(self) -> list[DownloadItem]:
        """Return every torrent."""
        data = await self._json_call("torrents/info")
        return parse_list(data, "qBittorrent torrents", parse_torrent)

    async def queue(self) -> list[DownloadItem]:
        """Return the torrents that are not finished (failed ones included)."""
        return [item for item in await self.torrents() if not item.state.finished]

    async def history(self) -> list[DownloadItem]:
        """Return the finished torrents (seeding or completed)."""
        return [item for item in await self.torrents() if item.state.finished]

    async def alt_speed(self) -> bool:
        """Return whether the alternative speed limits are on."""
        return await self._text_call("transfer/speedLimitsMode") == "1"

    async def free_space(self) -> int | None:
        """Return the free space of the default save folder."""
        data = await self._json_call("sync/maindata")
        server = Fields(data, "qBittorrent maindata").section("server_state")
        return server.opt_integer("free_space_on_disk")

    async def status(self) -> TransferStatus:
        """Return speeds, limits, the alternative speed mode and free space."""
        version, info, alt, torrents, free = await asyncio.gather(
            self.version(),
            self._json_call("transfer/info"),
            self.alt_speed(),
            self.torrents(),
            self.free_space(),
        )
        fields = Fields(info, "qBittorrent transfer info")
        states = {item.state for item in torrents}
        return TransferStatus(
            version=version,
            download_speed=fields.integer("dl_info_speed"),
            upload_speed=fields.integer("up_info_speed"),
            download_limit=fields.integer("dl_rate_limit") or None,
            upload_limit=fields.integer("up_rate_limit") or None,
            alt_speed=alt,
            paused=bool(states)
            and states <= {DownloadState.PAUSED, DownloadState.COMPLETED},
            free_space=free,
        )

    # --- Control --------------------------------------------------------------

    async def _verb(self, new: str, old: str) -> str:
        return new if await self.api_version() >= _STOP_START_API else old

    async def pause_all(self) -> None:
        """Stop (pause) every torrent."""
        await self._call(
            await self._verb("torrents/stop", "torrents/pause"), {"hashes": "all"}
        )

    async def resume_all(self) -> None:
        """Start (resume) every torrent."""
        await self._call(
            await self._verb("torrents/start", "torrents/resume"), {"hashes": "all"}
        )

    async def pause(self, ids: Iterable[str]) -> None:
        """Stop (pause) some torrents."""
        await self._call(
            await self._verb("torrents/stop", "torrents/pause"),
            {"hashes": "|".join(hash_list(ids))},
        )

    async def resume(self, ids: Iterable[str]) -> None:
        """Start (resume) some torrents."""
        await self._call(
            await self._verb("torrents/start", "torrents/resume"),
            {"hashes": "|".join(hash_list(ids))},
        )

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Set the global limits in bytes per second; None lifts a limit.

        qBittorrent applies them to the speed mode in force: with the
        alternative speeds on, they change the alternative limits.
        """
        await self._call(
            "transfer/setDownloadLimit", {"limit": str(bytes_limit(download))}
        )
        await self._call("transfer/setUploadLimit", {"limit": str(bytes_limit(upload))})

    async def set_alt_speed(self, enabled: bool) -> None:
        """Turn the alternative speed limits on or off."""
        if await self.alt_speed() != enabled:
            await self._call("transfer/toggleSpeedLimitsMode", {})

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove torrents, with or without their downloaded data."""
        await self._call(
            "torrents/delete",
            {
                "hashes": "|".join(hash_list(ids)),
                "deleteFiles": "true" if delete_data else "false",
            },
        )


def _session_cookie(response: HttpResponse) -> str | None:
    """Return the "name=value" of qBittorrent's session cookie, if it set one."""
    for header in response.header_values("Set-Cookie"):
        pair = header.split(";", 1)[0].strip()
        name, sep, value = pair.partition("=")
        if sep and value and (name == "SID" or name.startswith("QBT_SID")):
            return pair
    return None


def parse_torrent(data: Any) -> DownloadItem:
    """Read one torrent of `torrents/info`."""
    fields = Fields(data, "qBittorrent torrent")
    state = fields.text("state")
    eta = fields.opt_integer("eta")
    added = fields.opt_integer("added_on")
    torrent_hash = fields.text("hash")
    if not torrent_hash:
        raise ArrMalformedResponseError("qBittorrent torrent: no hash")
    return DownloadItem(
        id=torrent_hash.lower(),
        name=fields.text("name"),
        state=qbittorrent_state(state),
        client_state=state,
        progress=min(max(fields.number("progress"), 0.0), 1.0),
        size=fields.integer("size"),
        size_left=fields.integer("amount_left"),
        download_speed=fields.integer("dlspeed"),
        upload_speed=fields.integer("upspeed"),
        eta=eta if eta is not None and 0 <= eta < ETA_INFINITY else None,
        ratio=fields.number("ratio"),
        seeds=fields.opt_integer("num_seeds"),
        peers=fields.opt_integer("num_leechs"),
        category=fields.text("category"),
        added=timestamp(added),
    )
