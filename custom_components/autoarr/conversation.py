"""AutoArr's conversation platform: one Assist agent per `conversation` subentry.

Each entity hands its turns to an `AutoArrAgent` (`assist_agent.py`), which
`autoarr.ask` uses too. The AutoArr LLM API and the built-in sentences are
registered with the entry (`assist.py`), not by this platform.
"""

from __future__ import annotations

from typing import Literal, override

from homeassistant.components import conversation
from homeassistant.components.conversation.models import AbstractConversationAgent
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_LLM_HASS_API, MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, llm
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .assist_agent import AutoArrAgent
from .chat_bridge import TurnStats
from .const import DOMAIN, SUBENTRY_CONVERSATION
from .data import AutoArrConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up one conversation agent per `conversation` subentry."""
    for subentry in entry.subentries.values():
        if subentry.subentry_type != SUBENTRY_CONVERSATION:
            continue
        async_add_entities(
            [AutoArrConversationEntity(hass, entry, subentry)],
            config_subentry_id=subentry.subentry_id,
        )


class AutoArrConversationEntity(
    conversation.ConversationEntity, AbstractConversationAgent
):
    """An AutoArr agent (one per `conversation` subentry)."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_supports_streaming = True

    def __init__(
        self, hass: HomeAssistant, entry: AutoArrConfigEntry, subentry: ConfigSubentry
    ) -> None:
        """Set the agent up from its subentry."""
        self.entry = entry
        self.subentry = subentry
        self._attr_unique_id = subentry.subentry_id
        self._attr_device_info = dr.DeviceInfo(
            identifiers={(DOMAIN, subentry.subentry_id)},
            name=subentry.title,
            manufacturer="AutoArr",
            model="Conversation agent",
            entry_type=dr.DeviceEntryType.SERVICE,
        )
        self.agent = AutoArrAgent(hass, entry, subentry.data)
        if llm.LLM_API_ASSIST in (subentry.data.get(CONF_LLM_HASS_API) or []):
            # With Home Assistant's Assist API it can control the home too.
            self._attr_supported_features = (
                conversation.ConversationEntityFeature.CONTROL
            )
        # Who answered the last turn: "instant" or a provider's name.
        self.answered_by: str | None = None
        self.last_stats: TurnStats | None = None

    @property
    @override
    def supported_languages(self) -> list[str] | Literal["*"]:
        """Return the languages the agent understands (the models: all)."""
        return MATCH_ALL

    @override
    async def async_added_to_hass(self) -> None:
        """Register as an agent."""
        await super().async_added_to_hass()
        conversation.async_set_agent(self.hass, self.entry, self)

    @override
    async def async_will_remove_from_hass(self) -> None:
        """Unregister as an agent."""
        conversation.async_unset_agent(self.hass, self.entry)
        await super().async_will_remove_from_hass()

    @override
    async def _async_handle_message(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> conversation.ConversationResult:
        """Answer instantly when possible, else with a model and the tools."""
        outcome = await self.agent.async_handle(user_input, chat_log)
        self.answered_by = outcome.answered_by
        self.last_stats = outcome.stats
        return outcome.result
