"""Adding or changing a service of any kind of the registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    ConfigSubentry,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME, CONF_URL, CONF_VERIFY_SSL

from custom_components.autoarr.arr.errors import ArrInvalidURLError
from custom_components.autoarr.arr.kinds import spec_of
from custom_components.autoarr.service_kinds import credential_fields, support_of

from .common import (
    EXAMPLE_URL,
    NameTooLongError,
    ServiceInput,
    async_finish_entry_change,
    next_service_name,
    service_schema,
)


class ServiceSubentryFlow(ConfigSubentryFlow):
    """Add or change an instance of any kind of the registry."""

    # What the kind keeps besides address and credentials (Seerr's webhook
    # id): made once per flow, so the form shows what will be stored.
    _extra: dict[str, Any] | None = None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add an instance, checked live."""
        return await self._async_step_form("user", user_input, None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change an instance; an empty key keeps the current one."""
        return await self._async_step_form(
            "reconfigure", user_input, self._get_reconfigure_subentry()
        )

    async def _async_step_form(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        current: ConfigSubentry | None,
    ) -> SubentryFlowResult:
        kind = self._subentry_type
        entry = self._get_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        support = support_of(kind)
        if self._extra is None:
            self._extra = support.extra_data(None if current is None else current.data)
        extra = self._extra
        if user_input is not None:
            try:
                service = ServiceInput.parse(
                    kind, user_input, None if current is None else current.data
                )
            except ArrInvalidURLError:
                errors[CONF_URL] = "invalid_url"
            except NameTooLongError:
                errors[CONF_NAME] = "name_too_long"
            else:
                if any(
                    subentry.unique_id == service.unique_id and subentry is not current
                    for subentry in entry.subentries.values()
                ):
                    return self.async_abort(reason="already_configured")
                errors, placeholders = await service.async_check(self.hass)
            if not errors:
                if current is None:
                    return self.async_create_entry(
                        title=service.title,
                        data={**service.data, **extra},
                        unique_id=service.unique_id,
                    )
                result = self.async_update_and_abort(
                    entry,
                    current,
                    title=service.title,
                    data={**service.data, **extra},
                    unique_id=service.unique_id,
                )
                async_finish_entry_change(self.hass, entry)
                return result
        if user_input is not None:
            suggested: Mapping[str, Any] = user_input
        elif current is not None:
            # Secrets are not shown back; the other credentials are.
            suggested = {
                CONF_NAME: current.title,
                CONF_URL: current.data[CONF_URL],
                CONF_VERIFY_SSL: current.data[CONF_VERIFY_SSL],
                **{
                    field.key: current.data[field.key]
                    for field in credential_fields(kind)
                    if not field.secret
                },
            }
        else:
            suggested = {
                CONF_NAME: next_service_name(
                    kind,
                    [
                        subentry.title
                        for subentry in entry.subentries.values()
                        if subentry.subentry_type == kind
                    ],
                )
            }
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                service_schema(kind, secrets_required=current is None), suggested
            ),
            errors=errors,
            description_placeholders={
                **placeholders,
                **support.form_placeholders(self.hass, extra),
                EXAMPLE_URL: spec_of(kind).example_url,
            },
        )
