"""Repair issues for lasting problems of the services AutoArr runs.

Two kinds, one per service subentry, each removed as soon as the problem is:

- `service_unreachable`: the service has not answered for
  `UNREACHABLE_ISSUE_AFTER` (a short outage, like a restart, raises nothing);
- `health_errors`: Sonarr or Radarr reports health checks of type error
  (warnings stay on the health binary sensor; errors need the user).

The unreachable issue is fixable: its flow asks for the service's address
and key (prefilled, the key kept when left empty), checks them live and
updates the subentry, which reloads the entry. Health errors are fixed on the
service itself. The audit's issues (recovery_manager.py) are fixable where a
safe fix exists: `async_create_fix_flow` hands each issue its flow.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.repairs import (
    ConfirmRepairFlow,
    RepairsFlow,
    RepairsFlowResult,
)
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .arr.errors import ArrInvalidURLError
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


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the flow fixing a fixable issue."""
    from .recovery_manager import async_create_audit_fix_flow

    if issue_id.startswith(UNREACHABLE_PREFIX) and data:
        return ServiceUnreachableFlow(str(data["entry_id"]), str(data["subentry_id"]))

    flow = async_create_audit_fix_flow(hass, issue_id, data)
    if flow is not None:
        return flow
    return ConfirmRepairFlow()


class ServiceUnreachableFlow(RepairsFlow):
    """Correct the address or key of a service that stopped answering."""

    def __init__(self, entry_id: str, subentry_id: str) -> None:
        """Fix the service subentry of an entry."""
        self._entry_id = entry_id
        self._subentry_id = subentry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Show the service's settings."""
        return await self.async_step_reconfigure()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Check the settings given and store them in the subentry."""
        # The config flow's checks, so both report the same errors.
        from .config_flow import async_check_service, normalize_url

        hass = self.hass
        entry = hass.config_entries.async_get_entry(self._entry_id)
        subentry = entry.subentries.get(self._subentry_id) if entry else None
        if entry is None or subentry is None:
            return self.async_abort(reason="service_removed")
        errors: dict[str, str] = {}
        placeholders = {"name": subentry.title, "error": ""}
        values: dict[str, Any] = {
            CONF_URL: subentry.data[CONF_URL],
            CONF_VERIFY_SSL: subentry.data.get(CONF_VERIFY_SSL, True),
        }
        if user_input is not None:
            # The key typed is not shown back; empty keeps the stored one.
            values |= {k: v for k, v in user_input.items() if k != CONF_API_KEY}
            api_key = (user_input.get(CONF_API_KEY) or "").strip()
            try:
                url = normalize_url(user_input[CONF_URL])
            except ArrInvalidURLError:
                errors["base"] = "invalid_url"
            else:
                data = {
                    **subentry.data,
                    CONF_URL: url,
                    CONF_API_KEY: api_key or subentry.data[CONF_API_KEY],
                    CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
                }
                errors, extra = await async_check_service(
                    hass,
                    subentry.subentry_type,
                    url,
                    data[CONF_API_KEY],
                    data[CONF_VERIFY_SSL],
                )
                placeholders |= extra
                if not errors:
                    changed = hass.config_entries.async_update_subentry(
                        entry, subentry, data=data
                    )
                    if not changed:
                        # Same settings, answering again: retry at once
                        # (a change reloads through the update listener).
                        hass.config_entries.async_schedule_reload(entry.entry_id)
                    return self.async_create_entry(data={})
        schema = probatio.Schema(
            {
                probatio.Required(CONF_URL): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                probatio.Optional(CONF_API_KEY): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.PASSWORD)
                ),
                probatio.Required(CONF_VERIFY_SSL): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors,
            description_placeholders=placeholders,
        )
