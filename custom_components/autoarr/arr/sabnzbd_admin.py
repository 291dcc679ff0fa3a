"""SABnzbd's administrative calls: adding jobs and reading or changing settings.

A base of `SabnzbdClient` (sabnzbd.py), which brings the transport and the
error handling these calls go through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import aiohttp

from .errors import ArrApiError, ArrMalformedResponseError
from .kinds import SABNZBD
from .sabnzbd_models import SabFields, SabPriority, redact_secrets

if TYPE_CHECKING:
    from .http import Query

APP_NAME = SABNZBD.name

type ConfigValue = str | int | float | bool


class SabnzbdAdminMixin:
    """Adding jobs (by URL or file) and SABnzbd's configuration."""

    if TYPE_CHECKING:

        @property
        def base_url(self) -> str: ...

        async def call(
            self,
            mode: str,
            *,
            params: Query | None = None,
            data: aiohttp.FormData | None = None,
            timeout: float | None = None,
        ) -> Any: ...

        async def _keyword(self, mode: str, keyword: str, **kwargs: Any) -> Any: ...

    # --- Adding jobs ----------------------------------------------------------

    async def add_url(
        self,
        url: str,
        *,
        name: str | None = None,
        category: str | None = None,
        priority: SabPriority | int | str | None = None,
        password: str | None = None,
    ) -> list[str]:
        """Have SABnzbd fetch an NZB from a URL; return the new job ids.

        The URL may carry an indexer's key: it is never put in a message.
        """
        params: dict[str, Any] = {"name": url}
        params.update(_add_options(name, category, priority, password))
        payload = await self.call("addurl", params=params)
        return self._added_ids(payload, "the NZB at that URL")

    async def add_file(
        self,
        filename: str,
        content: bytes,
        *,
        name: str | None = None,
        category: str | None = None,
        priority: SabPriority | int | str | None = None,
        password: str | None = None,
    ) -> list[str]:
        """Upload an NZB (or a zip/gz/… of NZBs); return the new job ids."""
        form = aiohttp.FormData()
        form.add_field(
            "name", content, filename=filename, content_type="application/x-nzb"
        )
        payload = await self.call(
            "addfile",
            params=_add_options(name, category, priority, password),
            data=form,
        )
        return self._added_ids(payload, filename)

    def _added_ids(self, payload: Any, what: str) -> list[str]:
        fields = SabFields(payload, "add answer")
        ids = list(fields.texts("nzo_ids"))
        if not fields.flag("status") or not ids:
            raise ArrApiError(f"{APP_NAME} at {self.base_url} did not add {what}")
        return ids

    # --- Configuration --------------------------------------------------------

    async def get_config(
        self, section: str | None = None, keyword: str | None = None
    ) -> dict[str, Any]:
        """Return SABnzbd's configuration, a section of it, or one setting.

        The answer is {section: {keyword: value}} (a list of objects for
        servers, categories, rss and sorters); API keys and passwords are
        blanked.
        """
        params: dict[str, Any] = {}
        if section:
            params["section"] = section
        if keyword:
            params["keyword"] = keyword
        data = await self._keyword("get_config", "config", params=params)
        if not isinstance(data, dict):
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered get_config without an object"
            )
        result: dict[str, Any] = redact_secrets(data)
        return result

    async def set_config(
        self, section: str, keyword: str, value: ConfigValue
    ) -> dict[str, Any]:
        """Change one setting; return the setting as SABnzbd now has it.

        For plain sections such as "misc"; raises ArrNotFoundError for a
        setting SABnzbd does not have.
        """
        if isinstance(value, bool):
            value = int(value)
        data = await self._keyword(
            "set_config",
            "config",
            params={"section": section, "keyword": keyword, "value": value},
        )
        if not isinstance(data, dict):
            raise ArrMalformedResponseError(
                f"{APP_NAME} answered set_config without an object"
            )
        result: dict[str, Any] = redact_secrets(data)
        return result


def _add_options(
    name: str | None,
    category: str | None,
    priority: SabPriority | int | str | None,
    password: str | None,
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if name:
        params["nzbname"] = name
    if category:
        params["cat"] = category
    if priority is not None:
        level = SabPriority.parse(priority)
        if level is None:
            raise ValueError(f"unknown SABnzbd priority {priority!r}")
        params["priority"] = int(level)
    if password:
        params["password"] = password
    return params
