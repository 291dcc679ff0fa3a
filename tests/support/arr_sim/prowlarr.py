"""The Prowlarr simulator: indexers, their status and the synced applications.

Prowlarr shares the arrs' conventions (API key, URL base, system status,
health), so it runs on `ArrSimulator`'s machinery (contract validation,
faults, authentication) with its own endpoints only: it has no library or
queue. `sim.state.fail_indexer(id, days=3)` makes an indexer fail since that
long ago, held back by Prowlarr; `sim.state.broken` lists the indexers whose
test fails.

`version` shapes the answers as that Prowlarr's (checked against its source
at each release tag): before 1.3.2 an indexer's status says only until when
it is held back (no `initialFailure` or `mostRecentFailure`) and an indexer
has no `supportsPagination`; before 1.7.1 no `downloadClientId`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from aiohttp import web

from tests.support.contract import ArrKind

from .base import ArrSimulator, ArrState, Handler, Json, iso, json_response

PROWLARR_VERSION = "2.0.5.5160"
# The first release of Prowlarr's 1.0 (January 2023), the oldest supported.
PROWLARR_1_0 = "1.0.0.2171"


@dataclass
class SimIndexer:
    """An indexer of the simulated Prowlarr and its failures."""

    id: int
    name: str
    protocol: str
    privacy: str
    enable: bool = True
    priority: int = 25
    disabled_till: datetime | None = None
    initial_failure: datetime | None = None
    most_recent_failure: datetime | None = None


class ProwlarrState(ArrState):
    """The simulated Prowlarr's indexers and applications."""

    kind: ClassVar[ArrKind] = "prowlarr"
    app_name: ClassVar[str] = "Prowlarr"
    search_missing_command: ClassVar[str] = ""

    def __init__(
        self, *, now: datetime, version: str = PROWLARR_VERSION, seed: int = 17
    ) -> None:
        """Seed four indexers (one failing for days, one disabled) and two apps."""
        super().__init__(now=now, version=version, seed=seed)
        self.indexers_by_id: dict[int, SimIndexer] = {
            1: SimIndexer(1, "NZBgeek", "usenet", "private"),
            2: SimIndexer(2, "NZBplanet", "usenet", "private", priority=30),
            3: SimIndexer(3, "1337x", "torrent", "public", enable=False),
            4: SimIndexer(4, "Nyaa.si", "torrent", "public"),
        }
        # Indexers whose test fails (their site is down).
        self.broken: set[int] = set()
        self.fail_indexer(2, days=3)
        self.applications: list[Json] = [
            self.application_json(1, "Sonarr", "http://sonarr:8989"),
            self.application_json(2, "Radarr", "http://radarr:7878"),
        ]
        self.health = [
            {
                "source": "IndexerLongTermStatusCheck",
                "type": "warning",
                "message": "Indexers unavailable due to failures for more than 6 hours: NZBplanet",
                "wikiUrl": "https://wiki.servarr.com/prowlarr/system#indexers-are-unavailable-due-to-failures",
            }
        ]
        self.tests_run = 0

    def fail_indexer(self, indexer_id: int, *, days: float = 0.0) -> None:
        """Make an indexer fail since `days` ago, held back for two hours."""
        indexer = self.indexers_by_id[indexer_id]
        self.broken.add(indexer_id)
        indexer.initial_failure = self.now - timedelta(days=days)
        indexer.most_recent_failure = self.now - timedelta(minutes=20)
        indexer.disabled_till = self.now + timedelta(hours=2)

    def recover_indexer(self, indexer_id: int) -> None:
        """Make an indexer work again (its status cleared)."""
        indexer = self.indexers_by_id[indexer_id]
        self.broken.discard(indexer_id)
        indexer.disabled_till = indexer.initial_failure = None
        indexer.most_recent_failure = None

    def application_json(
        self, app_id: int, implementation: str, base_url: str, sync: str = "fullSync"
    ) -> Json:
        """Return an ApplicationResource syncing to an arr at base_url."""
        values: dict[str, Any] = {
            "prowlarrUrl": "http://prowlarr:9696",
            "baseUrl": base_url,
            "apiKey": "********",
            "syncCategories": [5000, 5030, 5040],
        }
        return {
            "id": app_id,
            "name": implementation,
            "fields": [
                {
                    "order": order,
                    "name": name,
                    "label": name,
                    "value": value,
                    "type": "textbox",
                    "advanced": False,
                    "privacy": "apiKey" if name == "apiKey" else "normal",
                    "isFloat": False,
                }
                for order, (name, value) in enumerate(values.items())
            ],
            "implementationName": implementation,
            "implementation": implementation,
            "configContract": f"{implementation}Settings",
            "infoLink": f"https://wiki.servarr.com/prowlarr/supported#{implementation.lower()}",
            "tags": [],
            "syncLevel": sync,
        }

    def since(self, *release: int) -> bool:
        """Return whether the simulated version is that release or later."""
        return tuple(int(part) for part in self.version.split(".")[:3]) >= release

    def status_json(self, indexer: SimIndexer) -> Json:
        """Return an IndexerStatusResource."""
        data: Json = {
            "id": indexer.id,
            "indexerId": indexer.id,
            "disabledTill": iso(indexer.disabled_till),
        }
        if self.since(1, 3, 2):
            data["mostRecentFailure"] = iso(indexer.most_recent_failure)
            data["initialFailure"] = iso(indexer.initial_failure)
        return data

    def indexer_json(self, indexer: SimIndexer) -> Json:
        """Return an IndexerResource."""
        usenet = indexer.protocol == "usenet"
        data: Json = {
            "id": indexer.id,
            "name": indexer.name,
            "fields": [],
            "implementationName": "Newznab" if usenet else "Cardigann",
            "implementation": "Newznab" if usenet else "Cardigann",
            "configContract": "NewznabSettings" if usenet else "CardigannSettings",
            "infoLink": "https://wiki.servarr.com/prowlarr/supported-indexers",
            "tags": [],
            "indexerUrls": [f"https://{indexer.name.lower()}.example/"],
            "legacyUrls": [],
            "definitionName": indexer.name.lower(),
            "description": f"{indexer.name} indexer",
            "language": "en-US",
            "enable": indexer.enable,
            "redirect": False,
            "supportsRss": True,
            "supportsSearch": True,
            "supportsRedirect": False,
            "appProfileId": 1,
            "protocol": indexer.protocol,
            "privacy": indexer.privacy,
            "priority": indexer.priority,
            "added": iso(self.now - timedelta(days=200)),
            "sortName": indexer.name.lower(),
        }
        if self.since(1, 3, 2):
            data["supportsPagination"] = False
        if self.since(1, 7, 1):
            data["downloadClientId"] = 0
        if indexer.disabled_till or indexer.initial_failure:
            data["status"] = self.status_json(indexer)
        return data


class ProwlarrSimulator(ArrSimulator):
    """A running simulated Prowlarr."""

    kind: ClassVar[ArrKind] = "prowlarr"
    api_version: ClassVar[str] = "v1"
    state: ProwlarrState

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Prowlarr's endpoints (it has no library, queue or commands here)."""
        yield "GET", "system/status", self.get_system_status
        yield "GET", "health", self.get_health
        yield "GET", "indexer", self.get_prowlarr_indexers
        yield "GET", "indexerstatus", self.get_indexer_status
        yield "GET", "applications", self.get_applications
        yield "POST", "indexer/testall", self.post_test_all

    async def get_prowlarr_indexers(self, request: web.Request) -> web.Response:
        """GET /indexer."""
        indexers = sorted(self.state.indexers_by_id.values(), key=lambda i: i.id)
        return json_response([self.state.indexer_json(i) for i in indexers])

    async def get_indexer_status(self, request: web.Request) -> web.Response:
        """GET /indexerstatus: the indexers that failed lately."""
        return json_response(
            [
                self.state.status_json(i)
                for i in sorted(self.state.indexers_by_id.values(), key=lambda i: i.id)
                if i.disabled_till or i.initial_failure
            ]
        )

    async def get_applications(self, request: web.Request) -> web.Response:
        """GET /applications."""
        return json_response(self.state.applications)

    async def post_test_all(self, request: web.Request) -> web.Response:
        """POST /indexer/testall: 200 when all pass, 400 with the results if not."""
        state = self.state
        state.tests_run += 1
        results = []
        for indexer in sorted(state.indexers_by_id.values(), key=lambda i: i.id):
            if not indexer.enable:
                continue
            if indexer.id in state.broken:
                # A failing indexer keeps the start of its failures.
                since = indexer.initial_failure or state.now
                state.fail_indexer(indexer.id)
                indexer.initial_failure = since
                failures = [
                    {
                        "propertyName": "",
                        "errorMessage": "Unable to connect to indexer, check the log above the ValidationFailure for more details. HTTP request failed: [503:ServiceUnavailable]",
                        "severity": "error",
                    }
                ]
            else:
                state.recover_indexer(indexer.id)
                failures = []
            results.append(
                {
                    "id": indexer.id,
                    "isValid": not failures,
                    "validationFailures": failures,
                }
            )
        return json_response(
            results, 400 if any(not r["isValid"] for r in results) else 200
        )
