"""Runtime data kept on an AutoArr config entry.

`entry.runtime_data` is an `AutoArrData`: the language model chain and one
`ServiceRuntime` per service subentry, keyed by the subentry id. Platforms,
actions and the agent reach every client through it. Every runtime names its
coordinators (`coordinators()`); every download client's runtime offers it
behind the download-client seam (`downloads`), SABnzbd's too, and its queue
coordinator's data the seam's view of it (`transfer`, `items`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from homeassistant.config_entries import ConfigEntry

from .arr.kinds import ServiceKind
from .arr.sabnzbd_downloads import SabnzbdDownloads

if TYPE_CHECKING:
    from .agent.stack import MediaServers
    from .arr.arr_base import ArrClient
    from .arr.download_client import DownloadClient
    from .arr.prowlarr import ProwlarrClient
    from .arr.radarr import RadarrClient
    from .arr.sabnzbd import SabnzbdClient
    from .arr.seerr import SeerrClient
    from .arr.sonarr import SonarrClient
    from .availability import ServiceAvailability
    from .client_coordinator import ClientCoordinator
    from .coordinator import ServiceCoordinator
    from .download_coordinator import SabQueueCoordinator, SabStatusCoordinator
    from .followups import FollowUps
    from .indexer_coordinator import ProwlarrCoordinator
    from .library_coordinator import ArrLibraryCoordinator, ArrQueueCoordinator
    from .llm_providers.base import LLMProvider
    from .model_runtime import ModelWatch
    from .recovery_manager import RecoveryManager
    from .seerr_coordinator import SeerrCoordinator

type AutoArrConfigEntry = ConfigEntry[AutoArrData]


@dataclass(slots=True, kw_only=True)
class RuntimeBase:
    """What every running service has: its subentry, kind, name, URL, availability."""

    subentry_id: str
    kind: str
    name: str
    url: str
    availability: ServiceAvailability


@dataclass(slots=True, kw_only=True)
class ArrRuntime(RuntimeBase):
    """A running library manager (Sonarr, Radarr): its client and coordinators."""

    client: ArrClient
    # Queue and recent history: polled often, faster while downloading.
    queue: ArrQueueCoordinator
    # Status, health, disk, calendar, wanted and library size: polled slowly.
    library: ArrLibraryCoordinator

    def sw_version(self) -> str | None:
        """Return the version the service last reported, if known."""
        data = self.library.data
        return data.status.version if data is not None else None

    def coordinators(self) -> dict[str, ServiceCoordinator[Any]]:
        """Return the coordinators by role."""
        return {"queue": self.queue, "library": self.library}


@dataclass(slots=True, kw_only=True)
class SabnzbdRuntime(RuntimeBase):
    """A running SABnzbd instance: its client and coordinators."""

    client: SabnzbdClient
    # Queue, speed and recent history: polled often, faster while downloading.
    queue: SabQueueCoordinator
    # Version, server totals and warnings: polled slowly.
    status: SabStatusCoordinator

    def sw_version(self) -> str | None:
        """Return the version the service last reported, if known."""
        data = self.status.data
        return data.version if data is not None else None

    def coordinators(self) -> dict[str, ServiceCoordinator[Any]]:
        """Return the coordinators by role."""
        return {"queue": self.queue, "status": self.status}

    @property
    def downloads(self) -> DownloadClient:
        """Return SABnzbd behind the download-client seam."""
        return SabnzbdDownloads(self.client)


@dataclass(slots=True, kw_only=True)
class ClientRuntime(RuntimeBase):
    """A running download client of the seam (qBittorrent, NZBGet...): client and coordinator."""

    client: DownloadClient
    # Status and queue: polled often, faster while downloading.
    queue: ClientCoordinator

    def sw_version(self) -> str | None:
        """Return the version the service last reported, if known."""
        data = self.queue.data
        return data.status.version if data is not None else None

    def coordinators(self) -> dict[str, ServiceCoordinator[Any]]:
        """Return the coordinators by role."""
        return {"queue": self.queue}

    @property
    def downloads(self) -> DownloadClient:
        """Return the client: it speaks the download-client seam itself."""
        return self.client


@dataclass(slots=True, kw_only=True)
class ProwlarrRuntime(RuntimeBase):
    """A running indexer manager (Prowlarr): its client and coordinator."""

    client: ProwlarrClient
    # Indexers, their status, applications and health: polled slowly.
    indexers: ProwlarrCoordinator

    def sw_version(self) -> str | None:
        """Return the version the service last reported, if known."""
        data = self.indexers.data
        return data.version if data is not None else None

    def coordinators(self) -> dict[str, ServiceCoordinator[Any]]:
        """Return the coordinators by role."""
        return {"indexers": self.indexers}


@dataclass(slots=True, kw_only=True)
class SeerrRuntime(RuntimeBase):
    """A running request manager (Seerr, Overseerr, Jellyseerr)."""

    client: SeerrClient
    # Requests, their counts and the issue counts: polled every minute, and
    # at once when Seerr's webhook says something changed.
    requests: SeerrCoordinator

    def sw_version(self) -> str | None:
        """Return the version the service last reported, if known."""
        data = self.requests.data
        return data.version if data is not None else None

    def coordinators(self) -> dict[str, ServiceCoordinator[Any]]:
        """Return the coordinators by role."""
        return {"requests": self.requests}


# A download client's runtime: `downloads` and a queue coordinator whose data
# has the seam's view (`transfer`, `items`).
type DownloadRuntime = SabnzbdRuntime | ClientRuntime
type DownloadQueueCoordinator = SabQueueCoordinator | ClientCoordinator
type ServiceRuntime = ArrRuntime | DownloadRuntime | ProwlarrRuntime | SeerrRuntime


@dataclass(slots=True)
class AutoArrData:
    """What a loaded AutoArr entry holds while it runs."""

    # The hub's model chain; None when the hub has no language model.
    llm: LLMProvider | None
    # The agents' own chains, per set of model options (model_runtime.py).
    agent_llms: dict[str, LLMProvider] = field(default_factory=dict)
    services: dict[str, ServiceRuntime] = field(default_factory=dict)
    # Failed-download recovery and the audit (recovery_manager.py).
    recovery: RecoveryManager | None = None
    # The checks of the hub's model servers, with their repair issues.
    model_watch: ModelWatch | None = None
    # What agents added by voice, to announce when it is ready (followups.py).
    followups: FollowUps | None = None
    # Where what is in the library can be watched (media_servers.py).
    media_servers: MediaServers | None = None

    def arr_services(self) -> list[ArrRuntime]:
        """Return the Sonarr and Radarr instances."""
        return [s for s in self.services.values() if isinstance(s, ArrRuntime)]

    def prowlarr_services(self) -> list[ProwlarrRuntime]:
        """Return the Prowlarr instances."""
        return [s for s in self.services.values() if isinstance(s, ProwlarrRuntime)]

    def seerr_services(self) -> list[SeerrRuntime]:
        """Return the Seerr instances."""
        return [s for s in self.services.values() if isinstance(s, SeerrRuntime)]

    def sabnzbd_services(self) -> list[SabnzbdRuntime]:
        """Return the SABnzbd instances."""
        return [s for s in self.services.values() if isinstance(s, SabnzbdRuntime)]

    def client_services(self) -> list[ClientRuntime]:
        """Return the qBittorrent, Transmission, Deluge and NZBGet instances."""
        return [s for s in self.services.values() if isinstance(s, ClientRuntime)]

    def download_services(self) -> list[DownloadRuntime]:
        """Return every download client's instance, SABnzbd's included."""
        return [
            s
            for s in self.services.values()
            if isinstance(s, SabnzbdRuntime | ClientRuntime)
        ]

    def sonarr_clients(self) -> list[SonarrClient]:
        """Return the client of every Sonarr instance."""
        return [
            cast("SonarrClient", s.client)
            for s in self.arr_services()
            if s.kind == ServiceKind.SONARR
        ]

    def radarr_clients(self) -> list[RadarrClient]:
        """Return the client of every Radarr instance."""
        return [
            cast("RadarrClient", s.client)
            for s in self.arr_services()
            if s.kind == ServiceKind.RADARR
        ]

    def sabnzbd_clients(self) -> list[SabnzbdClient]:
        """Return the client of every SABnzbd instance."""
        return [s.client for s in self.sabnzbd_services()]
