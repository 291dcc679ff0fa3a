"""What the audit looks at: each service's configuration, read once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from custom_components.autoarr.arr.indexer_models import (
    Application,
    Indexer,
    IndexerStatus,
)
from custom_components.autoarr.arr.kinds import spec_of

# The library manager an ArrSnapshot is of: its kind's key in the registry,
# whose spec names the settings the audit reads (category_field,
# rename_field).
type ArrKind = str


@dataclass(frozen=True, slots=True)
class HealthEntry:
    """One entry of an arr's /health."""

    source: str
    type: str
    message: str


@dataclass(frozen=True, slots=True)
class RootFolderEntry:
    """One arr root folder."""

    path: str
    accessible: bool
    free_space: int | None


@dataclass(frozen=True, slots=True)
class SabnzbdSnapshot:
    """A SABnzbd's configuration (get_config's `misc` and `categories`)."""

    service_id: str
    name: str
    url: str
    misc: Mapping[str, Any]
    categories: Sequence[Mapping[str, Any]] = ()

    @property
    def category_names(self) -> set[str]:
        """Return the category names, lower-case (SABnzbd ignores case)."""
        return {str(c.get("name", "")).lower() for c in self.categories}


@dataclass(frozen=True, slots=True)
class ArrSnapshot:
    """A Sonarr's or Radarr's configuration, health and folders."""

    service_id: str
    name: str
    kind: ArrKind
    url: str
    media_management: Mapping[str, Any] = field(default_factory=dict)
    naming: Mapping[str, Any] = field(default_factory=dict)
    download_client_config: Mapping[str, Any] = field(default_factory=dict)
    download_clients: Sequence[Mapping[str, Any]] = ()
    indexers: Sequence[Mapping[str, Any]] = ()
    health: Sequence[HealthEntry] = ()
    root_folders: Sequence[RootFolderEntry] = ()
    quality_profiles: Sequence[Mapping[str, Any]] = ()

    def sabnzbd_categories(self) -> list[tuple[str, str]]:
        """Return (client name, category) of each enabled SABnzbd client."""
        field_name = spec_of(self.kind).category_field
        found: list[tuple[str, str]] = []
        if field_name is None:
            return found
        for client in self.download_clients:
            if not client.get("enable", True):
                continue
            if str(client.get("implementation", "")).lower() != "sabnzbd":
                continue
            value = field_value(client, field_name)
            if isinstance(value, str) and value:
                found.append((str(client.get("name", "SABnzbd")), value))
        return found


@dataclass(frozen=True, slots=True)
class ProwlarrSnapshot:
    """A Prowlarr's indexers, their failures and the applications it syncs."""

    service_id: str
    name: str
    url: str
    indexers: Sequence[Indexer] = ()
    statuses: Sequence[IndexerStatus] = ()
    applications: Sequence[Application] = ()


@dataclass(frozen=True, slots=True)
class StackSnapshot:
    """Every service's snapshot; rules that span services need them all."""

    sabnzbd: Sequence[SabnzbdSnapshot] = ()
    arrs: Sequence[ArrSnapshot] = ()
    prowlarr: Sequence[ProwlarrSnapshot] = ()


def field_value(resource: Mapping[str, Any], name: str) -> Any:
    """Return a provider field's value from a resource's `fields` list."""
    for item in resource.get("fields") or ():
        if isinstance(item, Mapping) and item.get("name") == name:
            return item.get("value")
    return None
