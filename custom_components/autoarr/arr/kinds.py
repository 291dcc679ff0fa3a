"""The kinds of service AutoArr speaks to, declared once.

Every kind has one `ServiceSpec`: its key (also its config subentry type),
the name people know it by, who makes it, its category (what it does in
the stack), where its API lives, how it authenticates and its usual port.
`library_manager_spec` and `download_client_spec` build the specs of those
two categories. (Icons follow Home Assistant's rule: `icons.json`, by
translation key.) The clients read their API path from their kind's spec;
the Home Assistant layer
(config flows, coordinators, entities, devices), recovery and the audit read
the rest from `SPECS` instead of naming applications themselves.

Plain data: no Home Assistant and no clients here (the clients import this
module). What Home Assistant adds per kind (client factory, coordinators,
entity descriptions) is attached in the integration's `service_kinds.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class ServiceKind(StrEnum):
    """The kinds of service AutoArr runs; each is also a subentry type."""

    SONARR = "sonarr"
    RADARR = "radarr"
    LIDARR = "lidarr"
    SABNZBD = "sabnzbd"
    NZBGET = "nzbget"
    QBITTORRENT = "qbittorrent"
    TRANSMISSION = "transmission"
    DELUGE = "deluge"
    PROWLARR = "prowlarr"
    SEERR = "seerr"


class Category(StrEnum):
    """What a kind of service does in a media stack."""

    # Keeps a library and finds releases for it (Sonarr, Radarr, Lidarr).
    LIBRARY_MANAGER = "library_manager"
    # Downloads releases (SABnzbd, NZBGet, torrent clients).
    DOWNLOAD_CLIENT = "download_client"
    # Takes requests from people and hands them on (Seerr).
    REQUEST_MANAGER = "request_manager"
    # Keeps the indexers the library managers search (Prowlarr).
    INDEXER_MANAGER = "indexer_manager"


class AuthKind(StrEnum):
    """How a kind of service proves who is calling (see `http.Auth`)."""

    API_KEY = "api_key"
    USER_PASSWORD = "user_password"  # noqa: S105 - the kind of auth, not a password
    # A password alone (Deluge's Web UI).
    PASSWORD = "password"  # noqa: S105 - the kind of auth, not a password
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSpec:
    """Everything about one kind of service that is not per instance."""

    # The kind's key: its subentry type, and the key of `SPECS`. The built-in
    # kinds are the members of ServiceKind; the registry is open to others.
    kind: str
    # The application's own name: device model, form titles.
    name: str
    # Who makes it: the device's manufacturer ("Sonarr by Servarr", not
    # "Sonarr / Sonarr"); None names no maker.
    vendor: str | None
    category: Category
    # The API's path below the instance's URL base, e.g. "api/v3"; requests
    # go to f"{api_path}/{endpoint}".
    api_path: str
    # The API's version as the application names it ("v3"), None if unversioned.
    api_version: str | None
    auth: AuthKind
    # The port a default install listens on (the forms' example address).
    default_port: int
    # Library managers: the names their settings API gives the download
    # client's category field and the rename switch (the audit checks both).
    category_field: str | None = None
    rename_field: str | None = None
    # Library managers: what one item of the library is called ("episode",
    # "movie"; the wiki names its naming settings after it), and the command
    # that searches for some of them by id with the body field holding the
    # ids (recovery's search for a replacement release).
    item_noun: str | None = None
    search_command: str | None = None
    search_ids_field: str | None = None

    @property
    def example_url(self) -> str:
        """Return the example address the forms show."""
        return f"http://192.168.1.10:{self.default_port}"


# The makers of the library managers with the arrs' shared API.
SERVARR: Final = "Servarr"


def library_manager_spec(
    kind: str,
    name: str,
    *,
    api_version: str,
    default_port: int,
    vendor: str | None = SERVARR,
    category_field: str | None = None,
    rename_field: str | None = None,
    item_noun: str | None = None,
    search_command: str | None = None,
    search_ids_field: str | None = None,
) -> ServiceSpec:
    """Return the spec of a library manager with the arrs' shared API.

    Its API lives at "api/<version>" and takes an API key.
    """
    return ServiceSpec(
        kind=kind,
        name=name,
        vendor=vendor,
        category=Category.LIBRARY_MANAGER,
        api_path=f"api/{api_version}",
        api_version=api_version,
        auth=AuthKind.API_KEY,
        default_port=default_port,
        category_field=category_field,
        rename_field=rename_field,
        item_noun=item_noun,
        search_command=search_command,
        search_ids_field=search_ids_field,
    )


def download_client_spec(
    kind: str,
    name: str,
    *,
    vendor: str | None,
    api_path: str,
    auth: AuthKind,
    default_port: int,
    api_version: str | None = None,
) -> ServiceSpec:
    """Return the spec of a download client."""
    return ServiceSpec(
        kind=kind,
        name=name,
        vendor=vendor,
        category=Category.DOWNLOAD_CLIENT,
        api_path=api_path,
        api_version=api_version,
        auth=auth,
        default_port=default_port,
    )


SONARR: Final = library_manager_spec(
    ServiceKind.SONARR,
    "Sonarr",
    api_version="v3",
    default_port=8989,
    category_field="tvCategory",
    rename_field="renameEpisodes",
    item_noun="episode",
    search_command="EpisodeSearch",
    search_ids_field="episodeIds",
)
RADARR: Final = library_manager_spec(
    ServiceKind.RADARR,
    "Radarr",
    api_version="v3",
    default_port=7878,
    category_field="movieCategory",
    rename_field="renameMovies",
    item_noun="movie",
    search_command="MoviesSearch",
    search_ids_field="movieIds",
)
LIDARR: Final = library_manager_spec(
    ServiceKind.LIDARR,
    "Lidarr",
    api_version="v1",
    default_port=8686,
    category_field="musicCategory",
    rename_field="renameTracks",
    item_noun="track",
    search_command="AlbumSearch",
    search_ids_field="albumIds",
)
SABNZBD: Final = download_client_spec(
    ServiceKind.SABNZBD,
    "SABnzbd",
    vendor="SABnzbd Team",
    # One endpoint, the call chosen by its `mode` parameter.
    api_path="api",
    auth=AuthKind.API_KEY,
    default_port=8080,
)
NZBGET: Final = download_client_spec(
    ServiceKind.NZBGET,
    "NZBGet",
    vendor="nzbget-ng",
    api_path="jsonrpc",
    auth=AuthKind.USER_PASSWORD,
    default_port=6789,
)
QBITTORRENT: Final = download_client_spec(
    ServiceKind.QBITTORRENT,
    "qBittorrent",
    vendor="qBittorrent project",
    api_path="api/v2",
    api_version="v2",
    auth=AuthKind.USER_PASSWORD,
    default_port=8080,
)
TRANSMISSION: Final = download_client_spec(
    ServiceKind.TRANSMISSION,
    "Transmission",
    vendor="Transmission Project",
    api_path="transmission/rpc",
    auth=AuthKind.USER_PASSWORD,
    default_port=9091,
)
DELUGE: Final = download_client_spec(
    ServiceKind.DELUGE,
    "Deluge",
    vendor="Deluge Team",
    # The Web UI's JSON-RPC; its password only (the user name is not asked).
    api_path="json",
    auth=AuthKind.PASSWORD,
    default_port=8112,
)

PROWLARR: Final = ServiceSpec(
    kind=ServiceKind.PROWLARR,
    name="Prowlarr",
    vendor=SERVARR,
    category=Category.INDEXER_MANAGER,
    api_path="api/v1",
    api_version="v1",
    auth=AuthKind.API_KEY,
    default_port=9696,
)
SEERR: Final = ServiceSpec(
    kind=ServiceKind.SEERR,
    # Overseerr and Jellyseerr, merged as Seerr, speak the same API.
    name="Seerr",
    vendor="Seerr Team",
    category=Category.REQUEST_MANAGER,
    api_path="api/v1",
    api_version="v1",
    auth=AuthKind.API_KEY,
    default_port=5055,
)

# The registry: every kind by its key, in the order the forms list them.
# Filled here with the built-in kinds; tests add throwaway kinds to it.
SPECS: Final[dict[str, ServiceSpec]] = {
    spec.kind: spec
    for spec in (
        SONARR,
        RADARR,
        LIDARR,
        SABNZBD,
        NZBGET,
        QBITTORRENT,
        TRANSMISSION,
        DELUGE,
        PROWLARR,
        SEERR,
    )
}


def spec_of(kind: str) -> ServiceSpec:
    """Return the spec of a kind given by its key; KeyError if unknown."""
    return SPECS[kind]


def kinds_in(category: Category) -> tuple[str, ...]:
    """Return the kinds of a category, in the registry's order."""
    return tuple(kind for kind, spec in SPECS.items() if spec.category is category)
