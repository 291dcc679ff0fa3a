"""Repair flows: fixes the user confirms from a repair issue.

- `service_unreachable` (raised in `issues.py`): the flow asks for the
  service's address and key (prefilled, the key kept when left empty),
  checks them live with the config flow's checks (`validation.py`) and
  updates the subentry, which reloads the entry.
- `audit_*` (raised by the audit runner, `recovery_manager.py`): the flow
  applies the finding's safe fix once the user confirms; a finding with no
  safe fix is audited again (`repair_checks.py`).

Health errors are fixed on the service itself, a model server is started
again by hand and space is freed on the disk: their flows check again
(`repair_checks.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import (
    ConfirmRepairFlow,
    RepairsFlow,
    RepairsFlowResult,
)
from homeassistant.const import CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .arr.errors import ArrError, ArrInvalidURLError
from .audit.runner import NotFixableError
from .data import ProwlarrRuntime
from .flows.common import credential_schema
from .issues import HEALTH_PREFIX, INDEXERS_PREFIX, UNREACHABLE_PREFIX
from .model_runtime import MODEL_ISSUE_PREFIX
from .recovery_dry_run import DRY_RUN_ISSUE
from .recovery_manager import AUDIT_ISSUE_PREFIX, DISK_FULL_ISSUE
from .repair_checks import (
    AuditRecheckFlow,
    ConfirmFirstFlow,
    DiskFullRecheckFlow,
    DryRunActFlow,
    HealthRecheckFlow,
    ModelRecheckFlow,
    ServiceRepairFlow,
)
from .service_kinds import credential_fields, credentials_from_input
from .validation import async_check_service, normalize_url

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry
    from .recovery_manager import RecoveryManager


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the flow fixing a fixable issue."""
    if issue_id.startswith(UNREACHABLE_PREFIX) and data:
        return ServiceUnreachableFlow(str(data["entry_id"]), str(data["subentry_id"]))
    if issue_id.startswith(INDEXERS_PREFIX) and data:
        return IndexersRetestFlow(str(data["entry_id"]), str(data["subentry_id"]))
    if issue_id.startswith(HEALTH_PREFIX) and data:
        return HealthRecheckFlow(str(data["entry_id"]), str(data["subentry_id"]))
    if issue_id.startswith(MODEL_ISSUE_PREFIX) and data:
        return ModelRecheckFlow(str(data["entry_id"]))
    if issue_id.startswith(f"{DISK_FULL_ISSUE}_") and data:
        return DiskFullRecheckFlow(str(data["entry_id"]))
    if issue_id.startswith(f"{DRY_RUN_ISSUE}_") and data:
        return DryRunActFlow(str(data["entry_id"]))

    flow = async_create_audit_fix_flow(hass, issue_id, data)
    if flow is not None:
        return flow
    return ConfirmRepairFlow()


class ServiceUnreachableFlow(ServiceRepairFlow):
    """Correct the address or key of a service that stopped answering."""

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Show the service's settings."""
        return await self.async_step_reconfigure()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Check the settings given and store them in the subentry."""
        # The config flow's checks (validation.py): both report the same errors.
        hass = self.hass
        entry = hass.config_entries.async_get_entry(self._entry_id)
        subentry = entry.subentries.get(self._subentry_id) if entry else None
        if entry is None or subentry is None:
            return self.async_abort(reason="service_removed")
        errors: dict[str, str] = {}
        placeholders = {"name": subentry.title, "error": ""}
        kind = subentry.subentry_type
        secrets = {field.key for field in credential_fields(kind) if field.secret}
        values: dict[str, Any] = {
            CONF_URL: subentry.data[CONF_URL],
            CONF_VERIFY_SSL: subentry.data.get(CONF_VERIFY_SSL, True),
            **{
                field.key: subentry.data[field.key]
                for field in credential_fields(kind)
                if not field.secret
            },
        }
        if user_input is not None:
            # Secrets typed are not shown back; empty keeps the stored one.
            values |= {k: v for k, v in user_input.items() if k not in secrets}
            try:
                url = normalize_url(user_input[CONF_URL])
            except ArrInvalidURLError:
                errors["base"] = "invalid_url"
            else:
                data = {
                    **subentry.data,
                    CONF_URL: url,
                    **credentials_from_input(kind, user_input, subentry.data),
                    CONF_VERIFY_SSL: user_input[CONF_VERIFY_SSL],
                }
                errors, extra = await async_check_service(hass, kind, data)
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
                **credential_schema(kind, secrets_required=False),
                probatio.Required(CONF_VERIFY_SSL): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors,
            description_placeholders=placeholders,
        )


class IndexersRetestFlow(ServiceRepairFlow, ConfirmFirstFlow):
    """Tests a Prowlarr's indexers again once the user fixed them (or their site is back)."""

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Run Prowlarr's test of every indexer; done when none fails."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        runtime = (
            entry.runtime_data.services.get(self._subentry_id)
            if entry is not None and hasattr(entry, "runtime_data")
            else None
        )
        if not isinstance(runtime, ProwlarrRuntime):
            return self.async_abort(reason="service_removed")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm",
                description_placeholders={"name": runtime.name},
            )
        try:
            results = await runtime.client.test_all_indexers()
        except ArrError as err:
            return self.async_abort(
                reason="test_failed",
                description_placeholders={"name": runtime.name, "error": str(err)},
            )
        await runtime.indexers.async_refresh()
        failed = [result.id for result in results if not result.is_valid]
        if failed:
            names = {
                indexer.id: indexer.name for indexer in runtime.indexers.data.indexers
            }
            return self.async_abort(
                reason="still_failing",
                description_placeholders={
                    "name": runtime.name,
                    "indexers": ", ".join(names.get(i, str(i)) for i in failed),
                },
            )
        return self.async_create_entry(data={})


class AuditFixFlow(ConfirmFirstFlow):
    """Applies a finding's safe fix once the user confirms."""

    def __init__(self, entry_id: str, finding_id: str) -> None:
        """Remember which finding to fix."""
        self._entry_id = entry_id
        self._finding_id = finding_id

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask, then apply the fix and read it back."""
        issue = ir.async_get(self.hass).async_get_issue(self.handler, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        manager = _manager(self.hass, self._entry_id)
        if manager is None:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm",
                data_schema=probatio.Schema({}),
                description_placeholders=placeholders,
            )
        try:
            result = await manager.async_apply(self._finding_id, dry_run=False)
        except NotFixableError:
            return self.async_abort(reason="not_fixable")
        except ArrError as err:
            return self.async_abort(
                reason="fix_failed",
                description_placeholders={**placeholders, "error": str(err)},
            )
        if not result.resolved:
            return self.async_abort(
                reason="fix_not_resolved", description_placeholders=placeholders
            )
        return self.async_create_entry(data={})


def _manager(hass: HomeAssistant, entry_id: str) -> RecoveryManager | None:
    entry: AutoArrConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or getattr(entry, "runtime_data", None) is None:
        return None
    return entry.runtime_data.recovery


def async_create_audit_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow | None:
    """Return the fix flow of an audit issue, None for other issues."""
    if not issue_id.startswith(AUDIT_ISSUE_PREFIX) or not data:
        return None
    entry_id, finding_id = str(data["entry_id"]), str(data["finding_id"])
    manager = _manager(hass, entry_id)
    report = manager.audit_report if manager is not None else None
    findings = report.findings if report is not None else []
    finding = next((f for f in findings if f.id == finding_id), None)
    if finding is not None and finding.fix is None:
        # Nothing AutoArr can change: the user fixes it, the audit checks.
        return AuditRecheckFlow(entry_id)
    return AuditFixFlow(entry_id, finding_id)
