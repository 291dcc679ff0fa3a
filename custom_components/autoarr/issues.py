"""Repair issues raised for lasting problems of the services AutoArr runs.

One of each kind per service subentry, removed as soon as the problem is:

- `service_unreachable`: the service has not answered for
  `UNREACHABLE_ISSUE_AFTER` (a short outage, like a restart, raises nothing);
  fixable, its flow is in `repairs.py`;
- `health_errors`: Sonarr or Radarr reports health checks of type error
  (warnings stay on the health binary sensor; errors need the user).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

if TYPE_CHECKING:
    from .arr.models import HealthCheck
    from .data import AutoArrConfigEntry

UNREACHABLE_ISSUE_AFTER: Final = timedelta(minutes=30)
# Health messages listed in the issue; more are summarised by a count.
MAX_LISTED_PROBLEMS: Final = 5


UNREACHABLE_PREFIX: Final = "service_unreachable_"


def unreachable_issue_id(subentry_id: str) -> str:
    """Return the id of the unreachable issue of a service subentry."""
    return f"{UNREACHABLE_PREFIX}{subentry_id}"


def health_issue_id(subentry_id: str) -> str:
    """Return the id of the health errors issue of a service subentry."""
    return f"health_errors_{subentry_id}"


@callback
def async_update_unreachable_issue(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    subentry_id: str,
    name: str,
    *,
    since: datetime,
    now: datetime,
    error: str,
) -> None:
    """Raise the unreachable issue once an outage has lasted long enough."""
    if now - since < UNREACHABLE_ISSUE_AFTER:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        unreachable_issue_id(subentry_id),
        is_fixable=True,
        data={"entry_id": entry.entry_id, "subentry_id": subentry_id},
        # Outages are re-detected after a restart; no need to persist them.
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="service_unreachable",
        translation_placeholders={
            "name": name,
            "entry_title": entry.title,
            "minutes": str(int((now - since).total_seconds() // 60)),
            "error": error,
        },
    )


@callback
def async_delete_unreachable_issue(hass: HomeAssistant, subentry_id: str) -> None:
    """Remove the unreachable issue of a service subentry, if there is one."""
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(subentry_id))


@callback
def async_update_health_issue(
    hass: HomeAssistant, subentry_id: str, name: str, health: Iterable[HealthCheck]
) -> None:
    """Raise, update or remove the health errors issue of an arr instance."""
    errors = [check for check in health if check.type == "error"]
    issue_id = health_issue_id(subentry_id)
    if not errors:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    listed = "\n".join(f"- {check.message}" for check in errors[:MAX_LISTED_PROBLEMS])
    if len(errors) > MAX_LISTED_PROBLEMS:
        listed += f"\n- (+{len(errors) - MAX_LISTED_PROBLEMS})"
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        learn_more_url=next(
            (check.wiki_url for check in errors if check.wiki_url), None
        ),
        translation_key="health_errors",
        translation_placeholders={"name": name, "problems": listed},
    )


@callback
def async_delete_service_issues(hass: HomeAssistant, subentry_id: str) -> None:
    """Remove every issue of a service subentry (unloaded or removed)."""
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(subentry_id))
    ir.async_delete_issue(hass, DOMAIN, health_issue_id(subentry_id))
