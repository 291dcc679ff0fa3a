"""What Home Assistant adds to each kind of service in the registry.

`arr/kinds.py` declares every kind (name, category, API path, auth, port);
this module attaches what the integration needs to run one: the client to
build, the call that proves an address and credentials reach that kind
(the config and repair flows' check), the runtime with its coordinators,
and the translation key of its library size sensor. `KINDS` covers every
kind of `SPECS`; `tests/test_service_kinds.py` makes sure of it.

Adding a library manager whose API has Sonarr's and Radarr's shape takes
its spec, its client (an `ArrClient`) and one `library_manager(...)` line
here; see docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import aiohttp
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import (
    CONF_API_KEY,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    CONF_WEBHOOK_ID,
    Platform,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .arr.arr_base import ArrClient
from .arr.deluge import DelugeClient
from .arr.download_client import DownloadClient
from .arr.http import DEFAULT_TIMEOUT, ApiKey, Auth, NoAuth, ServiceConfig, UserPassword
from .arr.kinds import SPECS, AuthKind, ServiceKind, ServiceSpec
from .arr.lidarr import LidarrClient
from .arr.nzbget import NzbgetClient
from .arr.prowlarr import ProwlarrClient
from .arr.qbittorrent import QbittorrentClient
from .arr.radarr import RadarrClient
from .arr.sabnzbd import SabnzbdClient
from .arr.seerr import SeerrClient
from .arr.sonarr import SonarrClient
from .arr.transmission import TransmissionClient
from .availability import ServiceAvailability
from .client_coordinator import ClientCoordinator
from .client_entities import client_entities
from .data import (
    ArrRuntime,
    ClientRuntime,
    ProwlarrRuntime,
    SabnzbdRuntime,
    SeerrRuntime,
    ServiceRuntime,
)
from .download_coordinator import SabQueueCoordinator, SabStatusCoordinator
from .indexer_coordinator import ProwlarrCoordinator
from .library_coordinator import ArrLibraryCoordinator, ArrQueueCoordinator
from .library_entities import LibraryEntities, async_add_root_folder_sensors
from .prowlarr_entities import prowlarr_entities
from .sabnzbd_entities import sabnzbd_entities
from .seerr_coordinator import SeerrCoordinator
from .seerr_entities import seerr_entities
from .seerr_webhook import async_setup_webhook, webhook_extras, webhook_placeholders

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry

type ClientFactory[ClientT] = Callable[[aiohttp.ClientSession, ServiceConfig], ClientT]
# A kind's own entities of one platform, for one of its runtimes.
type EntityFactory = Callable[[Platform, Any], list[Entity]]
# Adds a kind's entities of one platform that come and go with its data (a
# library manager's root folders), now and as they appear.
type LaterEntities = Callable[
    [Platform, "AutoArrConfigEntry", Any, AddConfigEntryEntitiesCallback], None
]
type RuntimeFactory[ClientT] = Callable[
    [HomeAssistant, "AutoArrConfigEntry", ConfigSubentry, ServiceAvailability, ClientT],
    ServiceRuntime,
]
# Builds one coordinator of a subentry's runtime (a coordinator class).
type CoordinatorFactory[ClientT] = Callable[
    [HomeAssistant, "AutoArrConfigEntry", ConfigSubentry, ServiceAvailability, ClientT],
    object,
]


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSupport[ClientT]:
    """How the integration runs one kind of service."""

    spec: ServiceSpec
    create_client: ClientFactory[ClientT]
    # Proves that the client reaches this kind with working credentials;
    # raises the clients' ArrError otherwise.
    verify: Callable[[ClientT], Awaitable[object]]
    create_runtime: RuntimeFactory[ClientT]
    # Translation key of the library size sensor ("series", "movies");
    # None for kinds without a library.
    library_translation_key: str | None = None
    # What the kind's queue, calendar and missing list count ("episodes",
    # "movies"): the unit of those sensors (translation keys "queue_<unit>",
    # "upcoming_<unit>", "missing_<unit>"). None: the generic keys.
    media_unit: str | None = None
    # The kind's entities, by platform (`async_add_kind_entities`): every
    # entity of a service's device comes from here, its family's included
    # (`library_entities.py`, `client_entities.py`, `sabnzbd_entities.py`).
    entities: EntityFactory = lambda platform, runtime: []
    # Those that appear with the service's data, if any.
    later_entities: LaterEntities | None = None
    # What a subentry of this kind keeps besides its address and credentials,
    # from its current data (None for a new one; Seerr: its webhook id), and
    # what its form says of it (Seerr: the webhook's URL).
    extra_data: Callable[[Mapping[str, Any] | None], dict[str, Any]] = lambda current: {}
    form_placeholders: Callable[[HomeAssistant, Mapping[str, Any]], dict[str, str]] = (
        lambda hass, data: {}
    )

    async def async_verify(
        self, session: aiohttp.ClientSession, config: ServiceConfig
    ) -> None:
        """Check an address and credentials live (the flows' check)."""
        await self.verify(self.create_client(session, config))

    def runtime(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        session: aiohttp.ClientSession,
    ) -> ServiceRuntime:
        """Build the client and coordinators of one subentry of this kind."""
        client = self.create_client(session, service_config(self.spec, subentry.data))
        availability = ServiceAvailability(hass, entry, subentry)
        return self.create_runtime(hass, entry, subentry, availability, client)


@dataclass(frozen=True, slots=True)
class CredentialField:
    """A field of a service subentry's data holding part of its credentials."""

    key: str
    # A secret is never shown back in a form; left empty, it keeps its value.
    secret: bool


# The fields a subentry's data holds for each kind of credentials.
CREDENTIAL_FIELDS: Final[Mapping[AuthKind, tuple[CredentialField, ...]]] = {
    AuthKind.API_KEY: (CredentialField(CONF_API_KEY, secret=True),),
    AuthKind.USER_PASSWORD: (
        CredentialField(CONF_USERNAME, secret=False),
        CredentialField(CONF_PASSWORD, secret=True),
    ),
    AuthKind.PASSWORD: (CredentialField(CONF_PASSWORD, secret=True),),
    AuthKind.NONE: (),
}


def credential_fields(kind: str) -> tuple[CredentialField, ...]:
    """Return the credential fields of a kind's subentries."""
    return CREDENTIAL_FIELDS[support_of(kind).spec.auth]


def credentials_from_input(
    kind: str, user_input: Mapping[str, Any], current: Mapping[str, Any] | None
) -> dict[str, str]:
    """Return the credentials a form gave; an empty secret keeps `current`'s."""
    credentials: dict[str, str] = {}
    for field in credential_fields(kind):
        value = str(user_input.get(field.key) or "").strip()
        if not value and field.secret and current is not None:
            value = str(current.get(field.key) or "")
        credentials[field.key] = value
    return credentials


def auth_from_data(spec: ServiceSpec, data: Mapping[str, Any]) -> Auth:
    """Return the credentials a subentry's data holds for its kind."""
    match spec.auth:
        case AuthKind.API_KEY:
            return ApiKey(data[CONF_API_KEY])
        case AuthKind.USER_PASSWORD:
            return UserPassword(data[CONF_USERNAME], data[CONF_PASSWORD])
        case AuthKind.PASSWORD:
            return UserPassword("", data[CONF_PASSWORD])
        case AuthKind.NONE:
            return NoAuth()


def service_config(
    spec: ServiceSpec, data: Mapping[str, Any], *, timeout: float = DEFAULT_TIMEOUT
) -> ServiceConfig:
    """Return how to reach the instance a service subentry's data describes."""
    return ServiceConfig(
        url=data[CONF_URL],
        auth=auth_from_data(spec, data),
        verify_ssl=data.get(CONF_VERIFY_SSL, True),
        timeout=timeout,
    )


def _runtime[R: ServiceRuntime](
    runtime: Callable[..., R],
    subentry: ConfigSubentry,
    availability: ServiceAvailability,
    client: Any,
    **coordinators: Any,
) -> R:
    """Return the runtime of a service subentry, with its coordinators."""
    return runtime(
        subentry_id=subentry.subentry_id,
        kind=subentry.subentry_type,
        name=subentry.title,
        url=subentry.data[CONF_URL],
        client=client,
        availability=availability,
        **coordinators,
    )


def coordinated_runtime[ClientT](
    runtime: Callable[..., ServiceRuntime], **coordinators: CoordinatorFactory[ClientT]
) -> RuntimeFactory[ClientT]:
    """Return a kind's runtime factory: its runtime, a coordinator per name."""

    def create(
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: ClientT,
    ) -> ServiceRuntime:
        return _runtime(
            runtime,
            subentry,
            availability,
            client,
            **{
                name: coordinator(hass, entry, subentry, availability, client)
                for name, coordinator in coordinators.items()
            },
        )

    return create


def _arr_runtime(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    subentry: ConfigSubentry,
    availability: ServiceAvailability,
    client: ArrClient,
) -> ServiceRuntime:
    queue = ArrQueueCoordinator(hass, entry, subentry, availability, client)
    queue.library = ArrLibraryCoordinator(hass, entry, subentry, availability, client)
    return _runtime(
        ArrRuntime, subentry, availability, client, queue=queue, library=queue.library
    )


def library_manager(
    client: type[ArrClient],
    library_translation_key: str,
    media_unit: str | None = None,
) -> KindSupport[ArrClient]:
    """Return the support of a library manager speaking the arrs' shared API."""
    return KindSupport[ArrClient](
        spec=client.spec,
        create_client=client,
        verify=lambda arr: arr.system_status(),
        create_runtime=_arr_runtime,
        library_translation_key=library_translation_key,
        media_unit=media_unit,
        entities=LibraryEntities(library_translation_key, media_unit),
        later_entities=async_add_root_folder_sensors,
    )


SABNZBD: Final = KindSupport[SabnzbdClient](
    spec=SPECS[ServiceKind.SABNZBD],
    create_client=SabnzbdClient,
    # verify() also proves it is the full API key, not the NZB key.
    verify=SabnzbdClient.verify,
    create_runtime=coordinated_runtime(
        SabnzbdRuntime, queue=SabQueueCoordinator, status=SabStatusCoordinator
    ),
    entities=sabnzbd_entities,
)


def download_client(
    kind: str, client: ClientFactory[DownloadClient]
) -> KindSupport[Any]:
    """Return the support of a download client speaking the download-client seam."""
    return KindSupport[DownloadClient](
        spec=SPECS[kind],
        create_client=client,
        verify=lambda download_client: download_client.verify(),
        create_runtime=coordinated_runtime(ClientRuntime, queue=ClientCoordinator),
        entities=client_entities,
    )


PROWLARR: Final = KindSupport[ProwlarrClient](
    spec=SPECS[ServiceKind.PROWLARR],
    create_client=ProwlarrClient,
    verify=ProwlarrClient.system_status,
    create_runtime=coordinated_runtime(ProwlarrRuntime, indexers=ProwlarrCoordinator),
    entities=prowlarr_entities,
)


def _seerr_runtime(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    subentry: ConfigSubentry,
    availability: ServiceAvailability,
    client: SeerrClient,
) -> ServiceRuntime:
    runtime = SeerrRuntime(
        subentry_id=subentry.subentry_id,
        kind=ServiceKind.SEERR,
        name=subentry.title,
        url=subentry.data[CONF_URL],
        client=client,
        availability=availability,
        requests=SeerrCoordinator(hass, entry, subentry, availability, client),
    )
    # Seerr's notifications refresh its requests at once.
    if webhook_id := subentry.data.get(CONF_WEBHOOK_ID):
        async_setup_webhook(hass, entry, runtime, webhook_id)
    return runtime


SEERR: Final = KindSupport[SeerrClient](
    spec=SPECS[ServiceKind.SEERR],
    create_client=SeerrClient,
    # The public status proves it is Seerr, the user of the key that it works.
    verify=SeerrClient.verify,
    create_runtime=_seerr_runtime,
    entities=seerr_entities,
    extra_data=webhook_extras,
    form_placeholders=webhook_placeholders,
)

# Every kind of the registry (SPECS) by its key; tests add throwaway kinds.
KINDS: Final[dict[str, KindSupport[Any]]] = {
    ServiceKind.SONARR: library_manager(SonarrClient, "series", "episodes"),
    ServiceKind.RADARR: library_manager(RadarrClient, "movies", "movies"),
    ServiceKind.LIDARR: library_manager(LidarrClient, "artists", "albums"),
    ServiceKind.SABNZBD: SABNZBD,
    ServiceKind.NZBGET: download_client(ServiceKind.NZBGET, NzbgetClient),
    ServiceKind.QBITTORRENT: download_client(
        ServiceKind.QBITTORRENT, QbittorrentClient
    ),
    ServiceKind.TRANSMISSION: download_client(
        ServiceKind.TRANSMISSION, TransmissionClient
    ),
    ServiceKind.DELUGE: download_client(ServiceKind.DELUGE, DelugeClient),
    ServiceKind.PROWLARR: PROWLARR,
    ServiceKind.SEERR: SEERR,
}


def support_of(kind: str) -> KindSupport[Any]:
    """Return how the integration runs a kind given by its key; KeyError if unknown."""
    return KINDS[kind]


@callback
def async_add_kind_entities(
    platform: Platform,
    entry: AutoArrConfigEntry,
    runtime: ServiceRuntime,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entities of one platform a service's kind gives its device."""
    support = support_of(runtime.kind)
    if support.later_entities is not None:
        support.later_entities(platform, entry, runtime, async_add_entities)
    if entities := support.entities(platform, runtime):
        async_add_entities(entities, config_subentry_id=runtime.subentry_id)
