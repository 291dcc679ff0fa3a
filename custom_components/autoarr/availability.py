"""Whether each service answers: one `ServiceAvailability` per service.

Shared by a service's coordinators: it logs once when the service stops
answering and once when it comes back, and keeps a repair issue open while
an outage lasts (`issues.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_API_KEY, CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from yarl import URL

from .arr.errors import ArrError, redact
from .const import LOGGER
from .issues import async_delete_unreachable_issue, async_update_unreachable_issue

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry


class ServiceAvailability:
    """Whether one service answers, shared by its coordinators.

    Logs at info level once when the service stops answering and once when
    it answers again, and keeps a repair issue open while an outage lasts
    longer than `UNREACHABLE_ISSUE_AFTER`.
    """

    def __init__(
        self, hass: HomeAssistant, entry: AutoArrConfigEntry, subentry: ConfigSubentry
    ) -> None:
        """Track a service subentry of an entry."""
        self._hass = hass
        self._entry = entry
        self.subentry_id = subentry.subentry_id
        self.name = subentry.title
        self.unavailable_since: datetime | None = None
        self.last_error: str | None = None
        # Error texts may quote the URL (with a proxy's password) or echo the
        # key; the clients strip them, and this makes sure of it.
        url = URL(subentry.data.get(CONF_URL, ""))
        self._secrets = (url.password, subentry.data.get(CONF_API_KEY))

    def describe(self, err: ArrError) -> str:
        """Return an error's text fit for logs, issues and messages."""
        return redact(str(err), *self._secrets)

    @property
    def available(self) -> bool:
        """Return whether the service answered its last request."""
        return self.unavailable_since is None

    @callback
    def mark_unavailable(self, err: ArrError) -> None:
        """Record a failed request that means the service is unreachable."""
        self.last_error = self.describe(err)
        now = dt_util.utcnow()
        if self.unavailable_since is None:
            self.unavailable_since = now
            LOGGER.info("%s is unavailable: %s", self.name, self.last_error)
            return
        async_update_unreachable_issue(
            self._hass,
            self._entry,
            self.subentry_id,
            self.name,
            since=self.unavailable_since,
            now=now,
            error=self.last_error,
        )

    @callback
    def mark_available(self) -> None:
        """Record a successful request."""
        if self.unavailable_since is None:
            return
        self.unavailable_since = None
        self.last_error = None
        LOGGER.info("%s is available again", self.name)
        async_delete_unreachable_issue(self._hass, self.subentry_id)
