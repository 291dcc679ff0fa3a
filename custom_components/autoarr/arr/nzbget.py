"""Async client for NZBGet's JSON-RPC API (NZBGet 18 and later).

Every call is a POST of {"method", "params", "id"} to `jsonrpc` below the
base URL, with the control user and password as HTTP basic auth. Sizes come
split in two 32-bit halves (`FileSizeLo`/`FileSizeHi`); the client joins them.

How NZBGet says no:
- wrong user or password: HTTP 401;
- no NZBGet at that URL: 404, a web page, or JSON without `result`/`error`;
- a refused call: {"error": {"message": ...}} (ArrApiError).
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterable
import itertools
from typing import Any, Final

from .download_client import LoginClientBase, bytes_limit, timestamp
from .downloads import (
    DownloadItem,
    DownloadState,
    TransferStatus,
    nzbget_group_state,
    nzbget_history_state,
)
from .errors import ArrApiError, ArrMalformedResponseError
from .fields import Fields, parse_list
from .http import HttpResponse
from .kinds import NZBGET

KIB: Final = 1024
# Both halves all ones: NZBGet has not measured the free space yet.
_UNMEASURED: Final = 0xFFFFFFFF


class NzbgetClient(LoginClientBase):
    """Talks to one NZBGet over an injected aiohttp session."""

    spec = NZBGET

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Bind the client (see LoginClientBase)."""
        super().__init__(*args, **kwargs)
        self._ids = itertools.count(1)

    async def call(self, method: str, *params: Any) -> Any:
        """Call one method; return its result."""
        token = f"{self._login.username}:{self._login.password}".encode()
        response = await self._transport.request(
            "POST",
            self.api_path,
            json_body={"method": method, "params": list(params), "id": next(self._ids)},
            headers={"Authorization": f"Basic {base64.b64encode(token).decode()}"},
            raise_for_status=False,
        )
        self._check_status(response)
        payload = self._json(response)
        if not isinstance(payload, dict) or not ({"result", "error"} & payload.keys()):
            raise self._wrong_app(response, "its answer is not NZBGet's JSON-RPC")
        error = payload.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else error
            raise ArrApiError(
                f"{self._where(response)} refused {method}:"
                f" {self._redact(str(message))[:200]}"
            )
        return payload.get("result")

    def _check_status(self, response: HttpResponse) -> None:
        if response.status == 401:
            raise self._auth_error(response)
        if response.status in (404, 405):
            raise self._wrong_app(
                response, f"it has no NZBGet JSON-RPC (HTTP {response.status})"
            )
        self._transport.raise_for_status(response)

    async def _edit(self, command: str, ids: list[int]) -> None:
        if await self.call("editqueue", command, "", ids) is not True:
            raise ArrApiError(f"{self._where()} did not {command} {ids}")

    # --- Information ----------------------------------------------------------

    async def version(self) -> str:
        """Return NZBGet's version ("21.1")."""
        version = await self.call("version")
        if not isinstance(version, str) or not version:
            raise ArrMalformedResponseError(f"{self._where()} did not say its version")
        return version

    async def verify(self) -> str:
        """Check the address and credentials; return the version."""
        return await self.version()

    async def queue(self) -> list[DownloadItem]:
        """Return the jobs of the queue (downloading, paused, post-processing)."""
        data = await self.call("listgroups", 0)
        return parse_list(data, "NZBGet groups", parse_group)

    async def history(self) -> list[DownloadItem]:
        """Return the jobs of the history (completed, failed, deleted)."""
        data = await self.call("history", False)
        return parse_list(data, "NZBGet history", parse_history)

    async def _status(self) -> Fields:
        return Fields(await self.call("status"), "NZBGet status")

    async def free_space(self) -> int | None:
        """Return the free space of the download folder."""
        return _free_space(await self._status())

    async def status(self) -> TransferStatus:
        """Return the speed, its limit, the pause state and free space."""
        version, status = await asyncio.gather(self.version(), self._status())
        return TransferStatus(
            version=version,
            download_speed=status.integer("DownloadRate"),
            upload_speed=0,
            download_limit=status.integer("DownloadLimit") or None,
            upload_limit=None,
            alt_speed=None,
            paused=status.flag("DownloadPaused"),
            free_space=_free_space(status),
        )

    # --- Control --------------------------------------------------------------

    async def pause_all(self) -> None:
        """Pause downloading."""
        await self.call("pausedownload")

    async def resume_all(self) -> None:
        """Resume downloading."""
        await self.call("resumedownload")

    async def pause(self, ids: Iterable[str]) -> None:
        """Pause some jobs of the queue."""
        await self._edit("GroupPause", job_ids(ids))

    async def resume(self, ids: Iterable[str]) -> None:
        """Resume some paused jobs of the queue."""
        await self._edit("GroupResume", job_ids(ids))

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Limit the download speed in bytes per second; None lifts it.

        NZBGet keeps it in KiB/s (rounded down, at least 1) and has no upload.
        """
        if upload is not None:
            raise ArrApiError(f"{self._where()}: NZBGet does not upload")
        amount = bytes_limit(download)
        await self.call("rate", max(amount // KIB, 1) if amount else 0)

    async def set_alt_speed(self, enabled: bool) -> None:
        """Refuse: NZBGet has no alternative speed mode."""
        raise ArrApiError(f"{self._where()}: NZBGet has no alternative speed mode")

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove jobs from the queue or the history.

        A queue job is deleted to the history (its downloaded files go too
        with `delete_data`); a history job is removed from the history.
        """
        wanted = job_ids(ids)
        queued = {int(item.id) for item in await self.queue()}
        in_queue = [job for job in wanted if job in queued]
        in_history = [job for job in wanted if job not in queued]
        if in_queue:
            await self._edit(
                "GroupFinalDelete" if delete_data else "GroupDelete", in_queue
            )
        if in_history:
            await self._edit("HistoryFinalDelete", in_history)


def job_ids(ids: Iterable[str]) -> list[int]:
    """Return NZBGet job ids (NZBIDs) from their text."""
    if isinstance(ids, str):
        ids = [ids]
    result = []
    for item in ids:
        text = str(item).strip()
        if not text.isdigit():
            raise ValueError(f"{text!r} is not an NZBGet job id")
        result.append(int(text))
    if not result:
        raise ValueError("no download ids given")
    return result


def _joined(fields: Fields, name: str) -> int:
    """Join a size NZBGet splits into `<name>Lo` and `<name>Hi`."""
    return fields.integer(f"{name}Hi") * 2**32 + fields.integer(f"{name}Lo")


def _free_space(status: Fields) -> int | None:
    low = status.integer("FreeDiskSpaceLo")
    if low == _UNMEASURED and status.integer("FreeDiskSpaceHi") == _UNMEASURED:
        return None
    return _joined(status, "FreeDiskSpace")


def parse_group(data: Any) -> DownloadItem:
    """Read one job of `listgroups`."""
    fields = Fields(data, "NZBGet group")
    status = fields.text("Status")
    size = _joined(fields, "FileSize")
    left = _joined(fields, "RemainingSize")
    return DownloadItem(
        id=str(fields.integer("NZBID")),
        name=fields.text("NZBName"),
        state=nzbget_group_state(status),
        client_state=status,
        progress=min(max(1 - left / size, 0.0), 1.0) if size else 0.0,
        size=size,
        size_left=left,
        category=fields.text("Category"),
        added=None,
    )


def parse_history(data: Any) -> DownloadItem:
    """Read one job of `history`."""
    fields = Fields(data, "NZBGet history item")
    status = fields.text("Status")
    state = nzbget_history_state(status)
    size = _joined(fields, "FileSize")
    return DownloadItem(
        id=str(fields.integer("NZBID")),
        name=fields.text("NZBName") or fields.text("Name"),
        state=state,
        client_state=status,
        progress=1.0 if state is DownloadState.COMPLETED else 0.0,
        size=size,
        size_left=0 if state is DownloadState.COMPLETED else size,
        category=fields.text("Category"),
        completed=timestamp(fields.opt_integer("HistoryTime")),
        message=status if state is DownloadState.FAILED else "",
    )
