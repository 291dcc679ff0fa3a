"""Seerr's webhook notifications, through Home Assistant's webhook component.

Each Seerr subentry has a secret webhook id (made by the service form, see
`webhook_extras`); the form shows its URL to paste into Seerr's Settings >
Notifications > Webhook. A notification from Seerr (its default JSON
payload: `notification_type`, `subject`, `media`, `request`...) is fired on
the bus as `autoarr_seerr_notification` and refreshes that Seerr's requests
at once, so the sensors and the request event entity follow within a second
instead of at the next poll. Only the parts of a payload AutoArr uses are
read, each bounded; anything else in it is ignored, and a body that is not
a JSON object is answered 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web
from homeassistant.components import webhook
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.network import NoURLAvailableError

from .arr.bounded import loads_bounded
from .arr.seerr_models import SeerrNotification
from .const import DOMAIN, LOGGER

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry, SeerrRuntime
    from .seerr_coordinator import SeerrCoordinator

EVENT_SEERR_NOTIFICATION: Final = f"{DOMAIN}_seerr_notification"
# The placeholder of the service form showing the webhook's URL.
WEBHOOK_URL: Final = "webhook_url"
# No notification of Seerr comes near this; a bigger body is refused.
MAX_BODY: Final = 64 * 1024


def webhook_extras(current: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a Seerr subentry's webhook id: its own, or a new secret one."""
    if current is not None and current.get(CONF_WEBHOOK_ID):
        return {CONF_WEBHOOK_ID: current[CONF_WEBHOOK_ID]}
    return {CONF_WEBHOOK_ID: webhook.async_generate_id()}


@callback
def webhook_placeholders(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> dict[str, str]:
    """Return the webhook URL to paste into Seerr (the form shows it)."""
    webhook_id = str(data.get(CONF_WEBHOOK_ID) or "")
    try:
        url = webhook.async_generate_url(
            hass, webhook_id, allow_ip=True, prefer_external=False
        )
    except NoURLAvailableError:
        url = webhook.async_generate_path(webhook_id)
    return {WEBHOOK_URL: url}


class _Refresher:
    """Refreshes a coordinator now; notifications during a refresh add one more."""

    def __init__(self, coordinator: SeerrCoordinator) -> None:
        self._coordinator = coordinator
        self._running = False
        self._again = False

    async def run(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        try:
            while True:
                self._again = False
                await self._coordinator.async_refresh()
                if not self._again:
                    return
        finally:
            self._running = False


@callback
def async_setup_webhook(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    runtime: SeerrRuntime,
    webhook_id: str,
) -> None:
    """Listen to one Seerr's notifications while the entry is loaded."""
    refresher = _Refresher(runtime.requests)

    async def handle(
        hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return web.Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        body = await request.content.read(MAX_BODY + 1)
        try:
            # Bounded: nesting deep enough to exhaust the stack is refused.
            payload = loads_bounded(body) if len(body) <= MAX_BODY else None
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            LOGGER.warning(
                "%s sent a webhook notification that is not a JSON object",
                runtime.name,
            )
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        notification = SeerrNotification.from_json(payload)
        hass.bus.async_fire(
            EVENT_SEERR_NOTIFICATION,
            {**asdict(notification), "service": runtime.kind, "instance": runtime.name},
        )
        if not notification.is_test:
            entry.async_create_background_task(
                hass, refresher.run(), f"{DOMAIN} {runtime.name} webhook refresh"
            )
        return web.json_response({"message": "ok"})

    webhook.async_register(
        hass,
        DOMAIN,
        f"AutoArr {runtime.name}",
        webhook_id,
        handle,
        allowed_methods=["POST"],
    )
    entry.async_on_unload(lambda: webhook.async_unregister(hass, webhook_id))
