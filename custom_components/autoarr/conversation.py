"""AutoArr's conversation agent: instant answers first, then a language model.

Each turn first tries the instant path (the common requests, recognised by
sentence templates and answered from the services without any model); only
other requests go to the provider chain (Ollama, then Anthropic) with
AutoArr's tools, in a bounded tool loop whose answer streams to Assist. When
no model can be reached, the instant answers keep working and the agent says
plainly that everything else is unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import time
from typing import Any, Literal, override

from homeassistant.components import conversation
from homeassistant.components.conversation.models import AbstractConversationAgent
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_LLM_HASS_API, CONF_PROMPT, MATCH_ALL
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, llm
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .agent import speech
from .agent.instant import CHOICE, InstantAnswer, InstantMatcher, answer, answer_choice
from .agent.media import Candidate, MediaRequest
from .agent.prompt import SYSTEM_PROMPT
from .agent.sentences import CHANGING_INTENTS
from .chat_bridge import TurnStats, run_model
from .const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_PROVIDER,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    LOGGER,
    SUBENTRY_CONVERSATION,
)
from .data import AutoArrConfigEntry
from .llm_api import LLM_API_ID, AutoArrAPI, async_refresh_soon, stack_of
from .llm_providers.base import LLMProvider
from .llm_providers.errors import LLMError
from .llm_providers.fallback import FallbackChain
from .sentence_triggers import async_register_sentence_triggers

PARALLEL_UPDATES = 0

# A clarifying question waits this long for its answer.
PENDING_SECONDS = 300

# The name `answered_by` gives an instant answer.
INSTANT = "instant"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the agents, the AutoArr LLM API and the built-in sentences."""
    entry.async_on_unload(llm.async_register_api(hass, AutoArrAPI(hass, entry)))
    entry.async_on_unload(async_register_sentence_triggers(hass, entry))
    for subentry in entry.subentries.values():
        if subentry.subentry_type != SUBENTRY_CONVERSATION:
            continue
        async_add_entities(
            [AutoArrConversationEntity(hass, entry, subentry)],
            config_subentry_id=subentry.subentry_id,
        )


def provider_for(entry: AutoArrConfigEntry, preferred: str | None) -> LLMProvider:
    """Return the entry's model chain, with a preferred provider moved first.

    A view of the entry's chain, not a new chain: every request and every
    agent shares which providers are down (a host that refused is skipped
    until its probe sees it back) and the probes end with the entry.
    """
    chain = entry.runtime_data.llm
    return chain.preferring(preferred) if isinstance(chain, FallbackChain) else chain


@dataclass(slots=True)
class PendingChoice:
    """A "Did you mean ...?" waiting for its answer."""

    request: MediaRequest
    candidates: list[Candidate]
    language: str
    expires: float


@dataclass(slots=True)
class TurnOutcome:
    """What a turn produced, and who answered it."""

    result: conversation.ConversationResult
    answered_by: str | None
    """"instant", a provider's name, or None when no model could answer."""
    stats: TurnStats | None = None


class AutoArrAgent:
    """One turn's logic, shared by the conversation entity and `autoarr.ask`.

    `options` are the data of a `conversation` subentry (prompt, Home
    Assistant LLM APIs, provider preference, tool round limit, instant
    answers on or off); pending "Did you mean ...?" questions are kept per
    conversation id.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        options: Mapping[str, Any],
    ) -> None:
        """Bind the agent to an entry and its options."""
        self.hass = hass
        self.entry = entry
        self.options = options
        self._matcher = InstantMatcher()
        self._pending: dict[str, PendingChoice] = {}

    async def _instant(
        self, user_input: conversation.ConversationInput, conversation_id: str
    ) -> InstantAnswer | None:
        """Return the instant answer to the input, if it is an instant request."""
        stack = stack_of(self.entry.runtime_data)
        pending = self._pending.pop(conversation_id, None)
        if pending is not None and pending.expires > time.monotonic():
            chosen = await answer_choice(
                stack,
                user_input.text,
                pending.language,
                pending.request,
                pending.candidates,
            )
            if chosen is not None:
                return chosen
        if not self.options.get(CONF_INSTANT_ANSWERS, True):
            return None
        match = self._matcher.match(user_input.text, user_input.language)
        if match is None:
            return None
        return await answer(stack, match, dt_util.now())

    async def async_handle(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> TurnOutcome:
        """Answer instantly when possible, else with a model and the tools."""
        conversation_id = chat_log.conversation_id
        if (instant := await self._instant(user_input, conversation_id)) is not None:
            if instant.intent in CHANGING_INTENTS or instant.intent == CHOICE:
                async_refresh_soon(self.hass, self.entry)
            if instant.candidates and instant.request is not None:
                now = time.monotonic()
                # Forget questions nobody answered.
                for stale in [k for k, v in self._pending.items() if v.expires <= now]:
                    del self._pending[stale]
                self._pending[conversation_id] = PendingChoice(
                    instant.request,
                    instant.candidates,
                    instant.language,
                    time.monotonic() + PENDING_SECONDS,
                )
            return TurnOutcome(_reply(user_input, chat_log, instant.speech), INSTANT)

        options = self.options
        apis: list[str] = [LLM_API_ID]
        apis.extend(a for a in options.get(CONF_LLM_HASS_API) or [] if a != LLM_API_ID)
        try:
            await chat_log.async_provide_llm_data(
                user_input.as_llm_context(DOMAIN),
                apis,
                options.get(CONF_PROMPT) or SYSTEM_PROMPT,
                user_input.extra_system_prompt,
            )
        except conversation.ConverseError as err:
            return TurnOutcome(err.as_conversation_result(), None)

        provider = provider_for(self.entry, options.get(CONF_PROVIDER))
        max_rounds = int(
            options.get(CONF_MAX_TOOL_ITERATIONS, DEFAULT_MAX_TOOL_ITERATIONS)
        )
        stats = TurnStats()
        try:
            await run_model(
                chat_log,
                provider,
                user_input.agent_id,
                max_rounds=max_rounds,
                stats=stats,
            )
        except LLMError as err:
            LOGGER.warning("No language model could answer: %s", err)
            if stats.streamed:
                # Part of the answer was already streamed: a plain error.
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="model_failed"
                ) from err
            text = speech.text(user_input.language, "model_unavailable")
            return TurnOutcome(_reply(user_input, chat_log, text), None)
        if chat_log.unresponded_tool_results:
            # The model kept calling tools until the round limit.
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="too_many_tool_calls"
            )
        return TurnOutcome(
            conversation.async_get_result_from_chat_log(user_input, chat_log),
            stats.provider,
            stats,
        )


def _reply(
    user_input: conversation.ConversationInput,
    chat_log: conversation.ChatLog,
    text: str,
) -> conversation.ConversationResult:
    """Record a reply made without a model and return it."""
    chat_log.async_add_assistant_content_without_tools(
        conversation.AssistantContent(agent_id=user_input.agent_id, content=text)
    )
    return conversation.async_get_result_from_chat_log(user_input, chat_log)


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
