"""The hub's reauthentication: new keys for whatever rejected its key."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_NAME, CONF_URL
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, callback
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from custom_components.autoarr.arr.kinds import SPECS, spec_of
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_URL,
    REAUTH_SUBENTRY_ID,
)
from custom_components.autoarr.service_kinds import credential_fields
from custom_components.autoarr.validation import async_check_service, display_url

from .common import (
    REAUTH_ANTHROPIC,
    REAUTH_ANTHROPIC_SCHEMA,
    REAUTH_OPENAI,
    REAUTH_OPENAI_SCHEMA,
    REAUTH_SELECT_FIELD,
    async_finish_entry_change,
    credential_schema,
)
from .providers import async_create_anthropic, async_list_models, create_openai


class HubReauthSteps(ConfigFlow):
    """The hub's reauthentication steps (a base of AutoArrConfigFlow).

    A coordinator that sees a service reject its key starts the hub's reauth
    flow, naming the subentry; the steps probe every service (and the keys
    of Anthropic and of the OpenAI-compatible server) and ask for a new key
    for each one rejected.
    """

    _reauth_queue: list[str]
    # Per service subentry id (or REAUTH_ANTHROPIC), the new secrets checked.
    _reauth_keys: dict[str, dict[str, str]]

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Find every key that is rejected now, the named service first."""
        entry = self._get_reauth_entry()
        hint = entry_data.get(REAUTH_SUBENTRY_ID)
        services = [
            subentry
            for subentry in entry.subentries.values()
            if subentry.subentry_type in SPECS
        ]
        results = await asyncio.gather(
            *(
                async_check_service(self.hass, subentry.subentry_type, subentry.data)
                for subentry in services
            )
        )
        queue: list[str] = []
        for subentry, (errors, _) in zip(services, results, strict=True):
            rejected = errors.get("base") == "invalid_auth"
            # The service that was seen rejecting its key may just be
            # unreachable now: ask for its key anyway.
            if rejected or (subentry.subentry_id == hint and errors):
                queue.append(subentry.subentry_id)
        queue.sort(key=lambda subentry_id: subentry_id != hint)
        if openai_key := entry.data.get(CONF_OPENAI_API_KEY):
            openai = create_openai(self.hass, entry.data[CONF_OPENAI_URL], openai_key)
            if await async_list_models(openai, []) == "invalid_auth":
                queue.append(REAUTH_OPENAI)
        if api_key := entry.data.get(CONF_ANTHROPIC_API_KEY):
            anthropic = await async_create_anthropic(self.hass, api_key)
            if await async_list_models(anthropic, []) == "invalid_auth":
                queue.append(REAUTH_ANTHROPIC)
        self._reauth_queue = queue
        if not queue:
            return await self.async_step_reauth_select()
        return await self._async_reauth_next()

    async def async_step_reauth_select(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Nothing rejects its key right now: let the user say which changed."""
        entry = self._get_reauth_entry()
        options = [
            SelectOptionDict(
                value=subentry.subentry_id,
                label=f"{subentry.title} ({spec_of(subentry.subentry_type).name})",
            )
            for subentry in entry.subentries.values()
            if subentry.subentry_type in SPECS
        ]
        if CONF_OPENAI_API_KEY in entry.data:
            options.append(
                SelectOptionDict(value=REAUTH_OPENAI, label="OpenAI-compatible server")
            )
        if CONF_ANTHROPIC_API_KEY in entry.data:
            options.append(SelectOptionDict(value=REAUTH_ANTHROPIC, label="Anthropic"))
        if not options:
            return self.async_abort(reason="nothing_to_reauth")
        if user_input is not None:
            self._reauth_queue = [user_input[REAUTH_SELECT_FIELD]]
            return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_select",
            data_schema=probatio.Schema(
                {
                    probatio.Required(REAUTH_SELECT_FIELD): SelectSelector(
                        SelectSelectorConfig(
                            options=options, mode=SelectSelectorMode.LIST
                        )
                    )
                }
            ),
        )

    async def _async_reauth_next(self) -> ConfigFlowResult:
        if not self._reauth_queue:
            return self._async_reauth_done()
        if self._reauth_queue[0] == REAUTH_ANTHROPIC:
            return await self.async_step_reauth_anthropic()
        if self._reauth_queue[0] == REAUTH_OPENAI:
            return await self.async_step_reauth_openai()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a service's new key and check it."""
        entry = self._get_reauth_entry()
        subentry = entry.subentries[self._reauth_queue[0]]
        kind = subentry.subentry_type
        errors: dict[str, str] = {}
        placeholders = {
            CONF_NAME: subentry.title,
            "service": spec_of(kind).name,
            CONF_URL: display_url(subentry.data[CONF_URL]),
        }
        if user_input is not None:
            secrets = {
                field.key: str(user_input[field.key]).strip()
                for field in credential_fields(kind)
                if field.secret
            }
            errors, extra = await async_check_service(
                self.hass, kind, {**subentry.data, **secrets}
            )
            placeholders |= extra
            if not errors:
                self._reauth_keys[subentry.subentry_id] = secrets
                self._reauth_queue.pop(0)
                return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(
                    credential_schema(kind, secrets_required=True, secrets_only=True)
                ),
                user_input,
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth_anthropic(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new Anthropic key and check it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_ANTHROPIC_API_KEY].strip()
            anthropic = await async_create_anthropic(self.hass, api_key)
            if error := await async_list_models(anthropic, []):
                errors[CONF_ANTHROPIC_API_KEY] = error
            else:
                self._reauth_keys[REAUTH_ANTHROPIC] = {CONF_ANTHROPIC_API_KEY: api_key}
                self._reauth_queue.pop(0)
                return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_anthropic",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_ANTHROPIC_SCHEMA, user_input
            ),
            errors=errors,
        )

    async def async_step_reauth_openai(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the OpenAI-compatible server's new key and check it."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_OPENAI_API_KEY].strip()
            openai = create_openai(self.hass, entry.data[CONF_OPENAI_URL], api_key)
            if error := await async_list_models(openai, []):
                errors[CONF_OPENAI_API_KEY] = error
            else:
                self._reauth_keys[REAUTH_OPENAI] = {CONF_OPENAI_API_KEY: api_key}
                self._reauth_queue.pop(0)
                return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_openai",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_OPENAI_SCHEMA, user_input
            ),
            errors=errors,
            description_placeholders={"url": display_url(entry.data[CONF_OPENAI_URL])},
        )

    @callback
    def _async_reauth_done(self) -> ConfigFlowResult:
        """Store every new key at once, so the entry reloads only once."""
        entry = self._get_reauth_entry()
        config_entries = self.hass.config_entries
        hub_keys: dict[str, str] = {}
        for subentry_id, secrets in self._reauth_keys.items():
            if subentry_id in (REAUTH_ANTHROPIC, REAUTH_OPENAI):
                hub_keys |= secrets
                continue
            subentry = entry.subentries[subentry_id]
            config_entries.async_update_subentry(
                entry, subentry, data={**subentry.data, **secrets}
            )
        if hub_keys:
            config_entries.async_update_entry(entry, data={**entry.data, **hub_keys})
        async_finish_entry_change(self.hass, entry)
        return self.async_abort(
            reason="reauth_successful", translation_domain=HOMEASSISTANT_DOMAIN
        )
