"""Async client of Prowlarr's v1 API: indexers, their status and the
applications it syncs them to.

Prowlarr keeps the indexers every Sonarr, Radarr and Lidarr searches; when
one fails, Prowlarr holds it back ("disabled till") and the searches find
less or nothing. It speaks the arrs' conventions (`/api/v1`, the API key
header, the same system status and health), but has no library or queue, so
its client stands beside `ArrClient` rather than under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import aiohttp

from .errors import ArrNotFoundError, ArrWrongAppError
from .fields import parse_list
from .http import HttpTransport, Query, ServiceConfig
from .indexer_models import Application, Indexer, IndexerStatus, IndexerTestResult
from .kinds import PROWLARR, ServiceSpec
from .models import HealthCheck, SystemStatus
from .records import SkippedRecords


class ProwlarrClient:
    """Async client of one Prowlarr instance."""

    spec: ClassVar[ServiceSpec] = PROWLARR

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to a session and a service instance."""
        self._transport = HttpTransport(session, config, app_name=self.spec.name)
        self._headers = {"X-Api-Key": config.api_key, "Accept": "application/json"}
        self._skipped = SkippedRecords(lambda: f"Prowlarr at {self.base_url}")

    @property
    def base_url(self) -> str:
        """Return the server's base URL (with its URL base, no secrets)."""
        return str(self._transport.base_url)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        accept_status: int | None = None,
    ) -> Any:
        """Send one request and return its JSON (None if empty).

        `accept_status` is an error status whose answer is read rather than
        raised (Prowlarr answers a test with failures as 400, with results).
        """
        response = await self._transport.request(
            method,
            f"{self.spec.api_path}/{path}",
            params=params,
            headers=self._headers,
            raise_for_status=False,
        )
        if response.status != accept_status:
            self._transport.raise_for_status(response)
        if "html" in response.content_type or response.body.lstrip()[:1] == b"<":
            raise ArrWrongAppError(
                f"Prowlarr at {self.base_url} answered with a web page, not the "
                "Prowlarr API: check the URL, the URL base and any login in "
                "front of it"
            )
        if not response.body.strip():
            return None
        return self._transport.decode_json(response)

    def _list[T](self, data: Any, what: str, parse: Callable[[Any], T]) -> list[T]:
        return parse_list(data, what, parse, self._skipped.skip(what))

    async def system_status(self) -> SystemStatus:
        """Return the server's status; check that it is Prowlarr."""
        try:
            data = await self._request("GET", "system/status")
        except ArrNotFoundError as err:
            raise ArrWrongAppError(
                f"no Prowlarr v1 API at {self.base_url}: check the URL and the URL base"
            ) from err
        status = SystemStatus.from_json(data)
        if status.app_name.casefold() != "prowlarr":
            raise ArrWrongAppError(
                f"the server at {self.base_url} is {status.app_name or 'unknown'}, "
                "not Prowlarr",
                found=status.app_name or None,
            )
        return status

    async def health(self) -> list[HealthCheck]:
        """Return Prowlarr's current health problems."""
        return self._list(
            await self._request("GET", "health"), "health checks", HealthCheck.from_json
        )

    async def indexers(self) -> list[Indexer]:
        """Return every indexer."""
        return self._list(
            await self._request("GET", "indexer"), "indexers", Indexer.from_json
        )

    async def indexer_status(self) -> list[IndexerStatus]:
        """Return the status of the indexers that have failed lately."""
        return self._list(
            await self._request("GET", "indexerstatus"),
            "indexer statuses",
            IndexerStatus.from_json,
        )

    async def applications(self) -> list[Application]:
        """Return the applications Prowlarr syncs its indexers to."""
        return self._list(
            await self._request("GET", "applications"),
            "applications",
            Application.from_json,
        )

    async def test_all_indexers(self) -> list[IndexerTestResult]:
        """Test every enabled indexer and return each one's result.

        Prowlarr answers 200 when every indexer passed and 400, with the same
        results, when one failed (and then holds that indexer back).
        """
        data = await self._request("POST", "indexer/testall", accept_status=400)
        return self._list(
            data or [], "indexer test results", IndexerTestResult.from_json
        )
