"""AI Task entity: `ai_task.generate_data` on AutoArr's model chain.

Structured tasks send the task's structure as a JSON schema the model must
follow (Ollama's `format`, the other providers' equivalents), and the answer
is parsed as JSON.
"""

from __future__ import annotations

from json import JSONDecodeError
from typing import override

from homeassistant.components import ai_task, conversation
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, llm
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.json import json_loads
import probatio

from .chat_bridge import run_model
from .const import (
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_TEMPERATURE,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    LOGGER,
    SUBENTRY_AI_TASK,
)
from .data import AutoArrConfigEntry
from .llm_providers.errors import LLMError
from .model_runtime import async_agent_models

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up one AI Task entity per `ai_task_data` subentry."""
    for subentry in entry.subentries.values():
        if subentry.subentry_type != SUBENTRY_AI_TASK:
            continue
        async_add_entities(
            [AutoArrTaskEntity(entry, subentry)],
            config_subentry_id=subentry.subentry_id,
        )


class AutoArrTaskEntity(ai_task.AITaskEntity):
    """Generates data with AutoArr's language models."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_supported_features = ai_task.AITaskEntityFeature.GENERATE_DATA

    def __init__(self, entry: AutoArrConfigEntry, subentry: ConfigSubentry) -> None:
        """Set the entity up from its subentry."""
        self.entry = entry
        self.subentry = subentry
        self._attr_unique_id = subentry.subentry_id
        self._attr_device_info = dr.DeviceInfo(
            identifiers={(DOMAIN, subentry.subentry_id)},
            name=subentry.title,
            manufacturer="AutoArr",
            model="AI task",
            entry_type=dr.DeviceEntryType.SERVICE,
        )

    @override
    async def _async_generate_data(
        self, task: ai_task.GenDataTask, chat_log: conversation.ChatLog
    ) -> ai_task.GenDataTaskResult:
        """Run the task; parse the answer as JSON when a structure is asked."""
        response_format = None
        if task.structure is not None:
            response_format = probatio.to_openapi(
                task.structure,
                custom_serializer=(
                    chat_log.llm_api.custom_serializer
                    if chat_log.llm_api
                    else llm.selector_serializer
                ),
                openapi_version="3.1.0",
            )
        options = self.subentry.data
        provider = await async_agent_models(self.hass, self.entry, options)
        if provider is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="no_model"
            )
        try:
            await run_model(
                chat_log,
                provider,
                self.entity_id,
                max_rounds=int(
                    options.get(CONF_MAX_TOOL_ITERATIONS, DEFAULT_MAX_TOOL_ITERATIONS)
                ),
                response_format=response_format,
                max_tokens=options.get(CONF_MAX_TOKENS),
                temperature=options.get(CONF_TEMPERATURE),
            )
        except LLMError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="model_unavailable"
            ) from err
        last = chat_log.content[-1]
        if not isinstance(last, conversation.AssistantContent):
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="too_many_tool_calls"
            )
        text = last.content or ""
        if task.structure is None:
            return ai_task.GenDataTaskResult(
                conversation_id=chat_log.conversation_id, data=text
            )
        try:
            data = json_loads(text)
        except JSONDecodeError as err:
            LOGGER.debug("The model's answer is not JSON: %s", text)
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="not_json"
            ) from err
        return ai_task.GenDataTaskResult(
            conversation_id=chat_log.conversation_id, data=data
        )
