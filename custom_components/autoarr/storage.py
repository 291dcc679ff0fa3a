"""AutoArr's own storage: checked on load, set aside when damaged.

A Store that cannot be read as this version wrote it (a file from a newer
AutoArr, a wrong type, a missing key, a bad date: anything its schema
refuses) must not take the integration down. As Home Assistant does with a
file it cannot decode, the file is moved aside (renamed to
`<name>.corrupt.<time>`), a repair issue says so, and AutoArr starts with
fresh state.
"""

from __future__ import annotations

from collections.abc import Callable
import logging
import os
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .arr.errors import redact
from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)
STORE_DAMAGED_ISSUE = "store_damaged"
# How much of the reason the issue quotes.
_MAX_REASON = 300


class CheckedStore(Store[dict[str, Any]]):
    """A Store whose data is checked on load; damaged data is set aside."""

    def __init__(
        self,
        hass: HomeAssistant,
        version: int,
        key: str,
        *,
        check: Callable[[dict[str, Any]], object],
        what: str,
    ) -> None:
        """Bind the store; `check` raises ValueError for data it refuses."""
        super().__init__(hass, version, key)
        self._check = check
        self._what = what

    async def async_load(self) -> dict[str, Any] | None:
        """Return the saved data; None when there is none or it was damaged."""
        try:
            data = await super().async_load()
            if data is not None:
                # Whatever the file holds (it may not even be an object).
                self._check(data)
        except (
            HomeAssistantError,  # e.g. a version newer than this AutoArr reads
            NotImplementedError,  # an older version without a migration
            ValueError,
            TypeError,
            KeyError,
        ) as err:
            await self._async_set_aside(err)
            return None
        return data

    async def _async_set_aside(self, err: Exception) -> None:
        """Move the damaged file aside, say so in a repair issue and the log."""
        isotime = dt_util.utcnow().strftime("%Y%m%dT%H%M%S")
        kept = f"{self.path}.corrupt.{isotime}"
        moved = await self.hass.async_add_executor_job(_move, self.path, kept)
        reason = redact(str(err) or type(err).__name__)[:_MAX_REASON]
        _LOGGER.warning(
            "The saved %s (%s) cannot be read and %s; AutoArr starts afresh: %s",
            self._what,
            self.key,
            f"was moved to {kept}" if moved else "is set aside",
            reason,
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            f"{STORE_DAMAGED_ISSUE}_{self.key}",
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=STORE_DAMAGED_ISSUE,
            translation_placeholders={
                "what": self._what,
                "kept": os.path.basename(kept) if moved else "-",
                "error": reason,
            },
        )


def _move(path: str, kept: str) -> bool:
    """Rename a file; return False when there is none to move."""
    try:
        os.replace(path, kept)
    except FileNotFoundError:
        return False
    return True
