"""Async client for SABnzbd's API (4.x and 5.x).

SABnzbd has one endpoint, `<url base>/api`, chosen by `mode` (and `name`)
query parameters; the API key travels as the `apikey` query parameter, so it
is never part of a message (messages name the URL without its query).

How SABnzbd says no, and what the client raises:
- a rejected or missing key: HTTP 403 with the text "API Key Incorrect" /
  "API Key Required" (5.x), or HTTP 200 with
  {"status": false, "error": "API Key Incorrect"} (older releases):
  ArrAuthError;
- a refused host or address (host_whitelist, inet_exposure) or a locked
  configuration: HTTP 403 with "Access denied - ...": ArrApiError(status=403);
- a web page, a 404 at /api, or JSON without SABnzbd's keys (another
  application at that URL): ArrWrongAppError;
- {"status": false, "error": "..."}: ArrApiError with SABnzbd's message, or
  ArrNotFoundError when it says the item does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

import aiohttp

from .errors import (
    ArrApiError,
    ArrAuthError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrWrongAppError,
    redact,
)
from .http import HttpResponse, HttpTransport, Query, ServiceConfig
from .kinds import SABNZBD
from .records import SkippedRecords
from .sabnzbd_admin import SabnzbdAdminMixin
from .sabnzbd_history import SabHistory
from .sabnzbd_models import SabFields, SabPriority, SabQueue
from .sabnzbd_status import SabServerStats, SabStatus, SabWarning

APP_NAME: Final = SABNZBD.name
API_PATH: Final = SABNZBD.api_path
# SABnzbd's own words for "that job is not there".
_NOT_FOUND_ERRORS: Final = ("item does not exist", "config item does not exist")
_MAX_MESSAGE: Final = 200
# Values SABnzbd takes in place of job ids to mean many jobs at once.
_SPECIAL_IDS: Final = frozenset({"all", "failed", "completed"})


class SabnzbdClient(SabnzbdAdminMixin):
    """Talks to one SABnzbd instance over an injected aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to a session and a SABnzbd instance."""
        self._config = config
        self._transport = HttpTransport(session, config, app_name=APP_NAME)
        self._skipped = SkippedRecords(lambda: f"{APP_NAME} at {self.base_url}")

    @property
    def base_url(self) -> str:
        """Return SABnzbd's base URL for messages (no key, query or password)."""
        return str(self._transport.base_url.with_user(None))

    # --- Low level ------------------------------------------------------------

    async def call(
        self,
        mode: str,
        *,
        params: Query | None = None,
        data: aiohttp.FormData | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Call one API mode and return its decoded JSON answer.

        Raises ArrAuthError, ArrWrongAppError, ArrApiError (ArrNotFoundError),
        ArrMalformedResponseError or a connection error; never returns an
        error document.
        """
        query: dict[str, Any] = {"mode": mode, "output": "json"}
        if params:
            query.update(params)
        query["apikey"] = self._config.api_key
        response = await self._transport.request(
            "POST" if data is not None else "GET",
            API_PATH,
            params=query,
            data=data,
            timeout=timeout,
            raise_for_status=False,
        )
        return self.parse_response(response)

    def parse_response(self, response: HttpResponse) -> Any:
        """Judge one API response: return its JSON or raise the fitting ArrError."""
        self._check_status(response)
        payload = self._decode(response)
        if _is_error_document(payload):
            self._raise_error_document(payload, response)
        return payload

    def _where(self, response: HttpResponse) -> str:
        return f"{APP_NAME} at {response.url.with_query(None).with_user(None)}"

    def _text(self, response: HttpResponse) -> str:
        # Redact before cutting: a key cut in half would slip past redact().
        return redact(response.text().strip(), *self._config.auth.secrets())[
            :_MAX_MESSAGE
        ]

    def _check_status(self, response: HttpResponse) -> None:
        if response.status < 400:
            return
        where = self._where(response)
        if response.status in (401, 403):
            text = self._text(response)
            if text.startswith("<"):
                text = ""  # a web page (a proxy's login page), not SABnzbd's words
            if not text or "api key" in text.lower():
                raise ArrAuthError(
                    f"{where} rejected the API key"
                    + (f" ({text})" if text else f" (HTTP {response.status})")
                )
            raise ArrApiError(
                f"{where} refused the request: {text}", status=response.status
            )
        if response.status == 404:
            raise ArrWrongAppError(
                f"{where} has no SABnzbd API (HTTP 404): check the URL and its URL base"
            )
        self._transport.raise_for_status(response)

    def _decode(self, response: HttpResponse) -> Any:
        body = response.body.lstrip()
        if "html" in response.content_type or body[:1] == b"<":
            raise ArrWrongAppError(
                f"{self._where(response)} answered with a web page, not SABnzbd's API:"
                " check the URL and its URL base"
            )
        return self._transport.decode_json(response)

    def _raise_error_document(
        self, payload: Mapping[str, Any], response: HttpResponse
    ) -> None:
        error = payload.get("error")
        message = (
            redact(str(error), *self._config.auth.secrets())[:_MAX_MESSAGE]
            if error
            else ""
        )
        where = self._where(response)
        if "api key" in message.lower():
            raise ArrAuthError(f"{where} rejected the API key ({message})")
        if message.lower() in _NOT_FOUND_ERRORS:
            raise ArrNotFoundError(f"{where}: {message}")
        if not message:
            raise ArrApiError(f"{where} refused the request")
        raise ArrApiError(f"{where} answered with an error: {message}")

    async def _keyword(self, mode: str, keyword: str, **kwargs: Any) -> Any:
        """Call a mode whose answer is {keyword: value}; return the value."""
        payload = await self.call(mode, **kwargs)
        if not isinstance(payload, dict) or keyword not in payload:
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered mode={mode} without {keyword!r}"
            )
        return payload[keyword]

    async def _status_call(self, mode: str, **kwargs: Any) -> None:
        """Call a mode whose answer is {"status": true}."""
        payload = await self.call(mode, **kwargs)
        if not isinstance(payload, dict) or payload.get("status") is not True:
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered mode={mode} without a status"
            )

    # --- Information ----------------------------------------------------------

    async def version(self) -> str:
        """Return SABnzbd's version; raise ArrWrongAppError if it is not SABnzbd.

        SABnzbd answers this without checking the key: use `verify()` to check
        the key too.
        """
        payload = await self.call("version")
        version = payload.get("version") if isinstance(payload, dict) else None
        if not isinstance(version, str) or not version.strip():
            raise ArrWrongAppError(
                f"the application at {self.base_url} is not SABnzbd"
                " (it does not answer mode=version)"
            )
        return version.strip()

    async def verify(self) -> str:
        """Check that this is SABnzbd and the key is its full API key.

        Returns the version. The NZB key passes `mode=version` but not this.
        """
        version = await self.version()
        await self._keyword("queue", "queue", params={"limit": 1})
        return version

    async def queue(
        self,
        *,
        start: int = 0,
        limit: int = 0,
        nzo_ids: Iterable[str] | None = None,
    ) -> SabQueue:
        """Return the download queue; limit=0 returns every job.

        `nzo_ids` narrows the slots to those jobs (the totals stay the
        queue's).
        """
        params: dict[str, Any] = {}
        if start:
            params["start"] = start
        if limit:
            params["limit"] = limit
        if nzo_ids is not None:
            params["nzo_ids"] = _id_list(nzo_ids)
        data = await self._keyword("queue", "queue", params=params)
        return SabQueue.from_json(data, skip=self._skipped.skip("queue slots"))

    async def history(
        self,
        limit: int = 50,
        failed_only: bool = False,
        *,
        start: int = 0,
        category: str | None = None,
        nzo_ids: Iterable[str] | None = None,
    ) -> SabHistory:
        """Return a page of the history, newest first."""
        params: dict[str, Any] = {"limit": limit, "start": start}
        if failed_only:
            params["failed_only"] = 1
        if category:
            params["category"] = category
        if nzo_ids is not None:
            params["nzo_ids"] = _id_list(nzo_ids)
        data = await self._keyword("history", "history", params=params)
        return SabHistory.from_json(
            data, start=start, skip=self._skipped.skip("history slots")
        )

    async def server_stats(self) -> SabServerStats:
        """Return the bytes downloaded (total, month, week, day, per server)."""
        return SabServerStats.from_json(await self.call("server_stats"))

    async def warnings(self) -> list[SabWarning]:
        """Return the warnings SABnzbd shows in its interface."""
        data = await self._keyword("warnings", "warnings")
        fields = SabFields({"warnings": data}, "warnings")
        return list(
            fields.parsed_items(
                "warnings", SabWarning.from_json, self._skipped.skip("warnings")
            )
        )

    async def clear_warnings(self) -> None:
        """Clear SABnzbd's warnings."""
        await self._status_call("warnings", params={"name": "clear"})

    async def full_status(self) -> SabStatus:
        """Return the full status (servers, folders, warnings), secrets removed.

        The connection dashboard is skipped: it makes SABnzbd look up its
        public IP addresses on the internet.
        """
        data = await self._keyword("fullstatus", "status", params={"skip_dashboard": 1})
        return SabStatus.from_json(data)

    async def categories(self) -> list[str]:
        """Return the category names ("*" is the default category)."""
        data = await self._keyword("get_cats", "categories")
        fields = SabFields({"categories": data}, "categories")
        return list(fields.texts("categories"))

    # --- Downloader -----------------------------------------------------------

    async def pause(self, duration_minutes: int | None = None) -> None:
        """Pause all downloading, for a number of minutes or until resumed."""
        if duration_minutes is None:
            await self._status_call("pause")
            return
        if duration_minutes <= 0:
            raise ValueError("duration_minutes must be positive")
        await self._status_call(
            "config", params={"name": "set_pause", "value": duration_minutes}
        )

    async def resume(self) -> None:
        """Resume downloading (also ends a timed pause)."""
        await self._status_call("resume")

    async def set_speed_limit(
        self, percent: int | None = None, *, bytes_per_second: int | None = None
    ) -> None:
        """Limit the download speed; no argument removes the limit.

        A percentage is of SABnzbd's "maximum line speed" (bandwidth_max).
        Without one SABnzbd accepts a percentage but only logs a warning and
        does not limit anything, so the client refuses with ArrApiError
        instead of reporting a limit that is not there. bytes_per_second needs
        no such setting.
        """
        if percent is not None and bytes_per_second is not None:
            raise ValueError("give a percentage or bytes per second, not both")
        if percent is not None:
            if not 1 <= percent <= 100:
                raise ValueError("percent must be between 1 and 100")
            if percent < 100:
                await self._require_line_speed()
            value = f"{percent}%"
        elif bytes_per_second is not None:
            if bytes_per_second <= 0:
                raise ValueError("bytes_per_second must be positive")
            # Plain numbers up to 100 would be read as a percentage: use KiB.
            value = f"{max(bytes_per_second / 1024, 0.2):.1f}K"
        else:
            value = "0"
        await self._status_call("config", params={"name": "speedlimit", "value": value})

    async def _require_line_speed(self) -> None:
        """Raise ArrApiError when SABnzbd has no maximum line speed set."""
        config = await self.get_config("misc", "bandwidth_max")
        misc = config.get("misc")
        value = misc.get("bandwidth_max") if isinstance(misc, dict) else None
        if not isinstance(value, str | int | float) or str(value).strip() in ("", "0"):
            raise ArrApiError(
                f"{APP_NAME} at {self.base_url} has no maximum line speed set"
                " (Config > General > Downloading), so a percentage limit would"
                " do nothing: set it there, or give the limit in bytes per second"
            )

    # --- Queue items ----------------------------------------------------------

    async def pause_item(self, nzo_id: str) -> None:
        """Pause one job in the queue."""
        await self._queue_action("pause", nzo_id)

    async def resume_item(self, nzo_id: str) -> None:
        """Resume one paused job in the queue."""
        await self._queue_action("resume", nzo_id)

    async def _queue_action(self, name: str, nzo_id: str) -> list[str]:
        payload = await self.call("queue", params={"name": name, "value": nzo_id})
        return self._handled_ids(payload, f"queue {name}", [nzo_id])

    def _handled_ids(self, payload: Any, what: str, asked: list[str]) -> list[str]:
        """Return the nzo_ids of a {"status", "nzo_ids"} answer."""
        fields = SabFields(payload, f"{what} answer")
        handled = list(fields.texts("nzo_ids"))
        if not fields.flag("status") or not handled:
            raise ArrNotFoundError(
                f"{APP_NAME} at {self.base_url}: no job {', '.join(asked)} in the queue"
            )
        return handled

    async def delete_items(
        self, nzo_ids: Iterable[str], delete_files: bool = False
    ) -> list[str]:
        """Remove jobs from the queue; return the ids SABnzbd removed.

        Raises ArrNotFoundError when none of them was in the queue.
        """
        ids = _ids(nzo_ids)
        params: dict[str, Any] = {"name": "delete", "value": ",".join(ids)}
        if delete_files:
            params["del_files"] = 1
        payload = await self.call("queue", params=params)
        return self._handled_ids(payload, "queue delete", ids)

    async def set_priority(self, nzo_id: str, priority: SabPriority | int | str) -> int:
        """Change a job's priority; return its new position in the queue."""
        level = SabPriority.parse(priority)
        if level is None:
            raise ValueError(f"unknown SABnzbd priority {priority!r}")
        position = await self._keyword(
            "queue",
            "position",
            params={"name": "priority", "value": nzo_id, "value2": int(level)},
        )
        if not isinstance(position, int) or isinstance(position, bool):
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered a priority change without a position"
            )
        if position < 0:
            raise ArrNotFoundError(
                f"{APP_NAME} at {self.base_url}: no job {nzo_id} in the queue"
            )
        return position

    # --- History items --------------------------------------------------------

    async def retry(self, nzo_id: str) -> str:
        """Put a failed job from the history back in the queue; return its new id."""
        payload = await self.call("retry", params={"value": nzo_id})
        fields = SabFields(payload, "retry answer")
        new_id = fields.opt_text("nzo_id")
        if new_id is None:
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered a retry without a job id"
            )
        return new_id

    async def retry_all(self) -> list[str]:
        """Retry every failed job that can be retried; return the new job ids."""
        data = await self._keyword("retry_all", "status")
        if not isinstance(data, list):
            # Before 4.2 the answer was {"status": true}: no ids are known.
            return []
        return [item for item in data if isinstance(item, str) and item]

    async def delete_history(
        self,
        nzo_ids: Iterable[str],
        delete_files: bool = False,
        *,
        permanent: bool = False,
    ) -> None:
        """Remove jobs from the history.

        SABnzbd 4.3+ moves them to its archive unless `permanent` is set (or
        archiving is turned off); `delete_files` also removes what was
        downloaded of a failed job. Unknown ids are ignored by SABnzbd.
        """
        params: dict[str, Any] = {"name": "delete", "value": ",".join(_ids(nzo_ids))}
        if delete_files:
            params["del_files"] = 1
        if permanent:
            params["archive"] = 0
        await self._status_call("history", params=params)

    async def clear_history(
        self,
        which: Literal["failed", "completed", "all"],
        *,
        delete_files: bool = False,
        permanent: bool = False,
    ) -> None:
        """Remove every failed or completed job (or both) from the history.

        `delete_files` removes what failed jobs left in the download folder;
        `permanent` skips SABnzbd's archive.
        """
        if which not in _SPECIAL_IDS:
            raise ValueError(f"which must be one of {sorted(_SPECIAL_IDS)}")
        params: dict[str, Any] = {"name": "delete", "value": which}
        if delete_files:
            params["del_files"] = 1
        if permanent:
            params["archive"] = 0
        await self._status_call("history", params=params)


def _is_error_document(payload: Any) -> bool:
    """Return whether an answer is SABnzbd's {"status": false, "error": ...}.

    {"status": false, "nzo_ids": []} is not: it is a queue action that found
    nothing, judged by the caller.
    """
    if not isinstance(payload, dict) or payload.get("status") is not False:
        return False
    return "error" in payload or set(payload) == {"status"}


def _ids(nzo_ids: Iterable[str]) -> list[str]:
    """Return cleaned job ids; refuse the words SABnzbd reads as "every job"."""
    if isinstance(nzo_ids, str):
        nzo_ids = [nzo_ids]
    ids = [item.strip() for item in nzo_ids if item and item.strip()]
    if not ids:
        raise ValueError("no job ids given")
    special = [item for item in ids if item.lower() in _SPECIAL_IDS]
    if special:
        # queue delete "all" empties the queue, history delete "failed" the
        # failed jobs: never let an id from elsewhere do that by accident.
        raise ValueError(f"{special[0]!r} is not a job id (use clear_history)")
    return ids


def _id_list(nzo_ids: Iterable[str]) -> str:
    return ",".join(_ids(nzo_ids))
