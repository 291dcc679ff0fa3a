"""Actions on the download clients' settings: `set_speed_limit`.

`set_speed_limit` sets the global download speed limit (KiB/s, 0 lifts it)
of every download client that has speed limits (the seam's `SpeedLimits`),
or of the one `instance` names, keeping each client's upload limit, as the
clients' download speed limit numbers do. It changes a service's
configuration: services.py registers it for administrators only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util.json import JsonValueType
import probatio

from .arr.download_client import SpeedLimits
from .arr.errors import ArrError
from .const import DOMAIN
from .data import AutoArrConfigEntry, DownloadRuntime
from .instance_actions import ATTR_INSTANCE, MAX_NAME_LENGTH

ATTR_LIMIT = "limit"
KIB = 1024
# As the numbers take: up to about 10 GB/s.
MAX_LIMIT = 10_000_000


def _clients(call: ServiceCall, entry: AutoArrConfigEntry) -> list[DownloadRuntime]:
    """Return the download clients with speed limits the call is for."""
    clients = entry.runtime_data.download_services()
    if not clients:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="no_download_client_configured",
        )
    wanted = call.data.get(ATTR_INSTANCE)
    if wanted:
        clients = [c for c in clients if c.name.casefold() == wanted.casefold()]
    clients = [c for c in clients if isinstance(c.downloads, SpeedLimits)]
    if not clients:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_instance",
            translation_placeholders={"name": wanted or "-"},
        )
    return clients


async def _set_speed_limit(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Set the download speed limit of the download clients."""
    kib: int = call.data[ATTR_LIMIT]
    limit = kib * KIB or None
    changed: list[JsonValueType] = []
    for client in _clients(call, entry):
        downloads = client.downloads
        # Made of the clients with speed limits only (`_clients`).
        assert isinstance(downloads, SpeedLimits)
        try:
            upload = (await client.downloads.status()).upload_limit
            await downloads.set_speed_limits(download=limit, upload=upload)
        except ArrError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": client.name, "error": str(err)},
            ) from err
        await client.queue.async_request_refresh()
        changed.append({"name": client.name, "limit": kib})
    return {"clients": changed}


CLIENT_ACTIONS: dict[str, tuple[dict[Any, Any], Callable[..., Any]]] = {
    "set_speed_limit": (
        {
            probatio.Required(ATTR_LIMIT): probatio.All(
                probatio.Coerce(int), probatio.Range(min=0, max=MAX_LIMIT)
            ),
            probatio.Optional(ATTR_INSTANCE): probatio.All(
                str, probatio.Length(max=MAX_NAME_LENGTH)
            ),
        },
        _set_speed_limit,
    ),
}
