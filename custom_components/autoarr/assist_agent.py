"""AutoArr's agent turn: instant answers first, then a language model.

Each turn first tries the instant path (the common requests, recognised by
sentence templates and answered from the services without any model); only
other requests go to the provider chain (Ollama, then Anthropic) with
AutoArr's tools, in a bounded tool loop whose answer streams to Assist. When
no model can be reached, the instant answers keep working and the agent says
plainly that everything else is unavailable.

`AutoArrAgent` holds that logic for the conversation entities and for the
`autoarr.ask` action alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
import time
from typing import Any

from homeassistant.components import conversation
from homeassistant.const import CONF_LLM_HASS_API, CONF_PROMPT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .agent import confirm, speech
from .agent.guard import asks_for_change
from .agent.instant import CHOICE, InstantAnswer, InstantMatcher, answer, answer_choice
from .agent.media import Candidate, MediaRequest
from .agent.operations.added import recording_adds
from .agent.prompt import SYSTEM_PROMPT
from .agent.requests_voice import RequestRef, admin_only
from .agent.sentences import ADMIN_INTENTS, CHANGING_INTENTS
from .chat_bridge import TurnStats, run_model
from .const import (
    CONF_ADD_DIRECTLY,
    CONF_ANNOUNCE_READY,
    CONF_ANNOUNCE_TO,
    CONF_CONFIRM_CHANGES,
    CONF_FOLLOWUP_DAYS,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_TEMPERATURE,
    DEFAULT_FOLLOWUP_DAYS,
    DEFAULT_MAX_TOKENS,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    LOGGER,
)
from .data import AutoArrConfigEntry
from .llm_api import LLM_API_ID, async_refresh_soon, guard_changing_tools, stack_of
from .llm_providers.errors import LLMError, LLMModelOutputError
from .model_runtime import async_agent_models
from .permissions import TurnPolicy, agent_turn, async_may_change, async_user_is_admin

# A clarifying question waits this long for its answer.
PENDING_SECONDS = 300

# The name `answered_by` gives an instant answer.
INSTANT = "instant"


@dataclass(slots=True)
class PendingChoice:
    """A "Did you mean ...?" waiting for its answer."""

    request: MediaRequest
    candidates: list[Candidate]
    language: str
    expires: float


_PENDING_CHOICES: HassKey[dict[str, PendingChoice]] = HassKey(
    f"{DOMAIN}_pending_choices"
)


def pending_choices(hass: HomeAssistant) -> dict[str, PendingChoice]:
    """Return the "Did you mean ...?" questions waiting, by conversation id.

    One store for AutoArr's agents and its sentences: in an Assist pipeline
    the sentences answer before the pipeline's agent, so a question they ask
    is answered in the conversation's next turn by AutoArr's agent.
    """
    return hass.data.setdefault(_PENDING_CHOICES, {})


def remember_choice(
    hass: HomeAssistant, conversation_id: str, answer: InstantAnswer
) -> None:
    """Keep a question's candidates until its conversation's next turn."""
    if not answer.candidates or answer.request is None:
        return
    pending = pending_choices(hass)
    now = time.monotonic()
    # Forget questions nobody answered.
    for stale in [k for k, v in pending.items() if v.expires <= now]:
        del pending[stale]
    pending[conversation_id] = PendingChoice(
        answer.request, answer.candidates, answer.language, now + PENDING_SECONDS
    )


@dataclass(slots=True)
class NamedRequest:
    """The Seerr request a conversation just talked about ("decline it")."""

    request: RequestRef
    expires: float


_NAMED_REQUESTS: HassKey[dict[str, NamedRequest]] = HassKey(f"{DOMAIN}_named_requests")


def named_requests(hass: HomeAssistant) -> dict[str, NamedRequest]:
    """Return the request each conversation last named, by conversation id.

    Shared like `pending_choices`: "what's been requested?" may be answered
    by AutoArr's sentences in a pipeline whose agent then hears "decline it".
    """
    return hass.data.setdefault(_NAMED_REQUESTS, {})


def remember_request(
    hass: HomeAssistant, conversation_id: str, answer: InstantAnswer
) -> None:
    """Keep the one request an answer named until it expires."""
    if answer.named is None:
        return
    named = named_requests(hass)
    now = time.monotonic()
    for stale in [k for k, v in named.items() if v.expires <= now]:
        del named[stale]
    named[conversation_id] = NamedRequest(answer.named, now + PENDING_SECONDS)


def _named_request(hass: HomeAssistant, conversation_id: str) -> RequestRef | None:
    """Return the request the conversation named, unless it has expired."""
    named = named_requests(hass).get(conversation_id)
    if named is None or named.expires <= time.monotonic():
        return None
    return named.request


@dataclass(slots=True)
class PendingConfirmation:
    """Adds or pauses asked about ("Add Dune (2021)?"), waiting for a yes."""

    changes: list[confirm.HeldChange]
    expires: float


@dataclass(slots=True)
class TurnOutcome:
    """What a turn produced, and who answered it."""

    result: conversation.ConversationResult
    answered_by: str | None
    """"instant", a provider's name, or None when no model could answer."""
    stats: TurnStats | None = None
    failure: str | None = None
    """Why no model answered, as the key of a translated error: `no_model`
    (none is set up), `model_unavailable`, `model_failed` (no usable answer)
    or `too_many_tool_calls`."""


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
        # Shared with AutoArr's sentences in Home Assistant's pipelines.
        self._pending = pending_choices(hass)
        self._confirming: dict[str, PendingConfirmation] = {}

    def _hold(self, conversation_id: str, changes: list[confirm.HeldChange]) -> None:
        """Keep changes asked about until the conversation's next turn."""
        now = time.monotonic()
        for stale in [k for k, v in self._confirming.items() if v.expires <= now]:
            del self._confirming[stale]
        self._confirming[conversation_id] = PendingConfirmation(
            changes, now + PENDING_SECONDS
        )

    async def _instant(
        self,
        user_input: conversation.ConversationInput,
        conversation_id: str,
        *,
        may_change: bool,
    ) -> InstantAnswer | None:
        """Return the instant answer to the input, if it is an instant request."""
        stack = replace(
            stack_of(self.entry.runtime_data),
            add_directly=bool(self.options.get(CONF_ADD_DIRECTLY)),
        )
        held = self._confirming.pop(conversation_id, None)
        if held is not None and held.expires > time.monotonic():
            # The answer to "Add Dune (2021)?": only a yes makes the change;
            # a no says so, anything else is a new request.
            language = held.changes[0].language
            if confirm.is_yes(user_input.text):
                if not may_change:
                    return _not_allowed(language)
                return await confirm.run_all(stack, held.changes)
            if confirm.is_no(user_input.text):
                return confirm.not_confirmed(language)
        pending = self._pending.pop(conversation_id, None)
        if pending is not None and pending.expires > time.monotonic():
            if not may_change:  # the answer would add what was asked for
                return _not_allowed(pending.language)
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
        if match.intent in CHANGING_INTENTS and not may_change:
            return _not_allowed(match.language)
        if match.intent in ADMIN_INTENTS and not await async_user_is_admin(
            self.hass, user_input.context.user_id
        ):
            return InstantAnswer(
                admin_only(match.language), "not_allowed", match.language, {}
            )
        named = _named_request(self.hass, conversation_id)
        if self.options.get(CONF_CONFIRM_CHANGES):
            asked = await confirm.hold_instant(stack, match, dt_util.now())
            if isinstance(asked, confirm.HeldChange):
                self._hold(conversation_id, [asked])
                return confirm.question([asked])
            if asked is not None:
                return asked
        return await answer(stack, match, dt_util.now(), named=named)

    async def async_handle(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> TurnOutcome:
        """Answer the turn; follow up what it added when the agent says so."""
        with recording_adds() as added:
            outcome = await self._async_answer(user_input, chat_log)
        followups = self.entry.runtime_data.followups
        if added and followups is not None and self.options.get(CONF_ANNOUNCE_READY):
            await followups.async_add(
                added,
                user_input.language,
                user_input.device_id,
                self.options.get(CONF_FOLLOWUP_DAYS, DEFAULT_FOLLOWUP_DAYS),
                self.options.get(CONF_ANNOUNCE_TO),
            )
        return outcome

    async def _async_answer(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> TurnOutcome:
        """Answer instantly when possible, else with a model and the tools."""
        conversation_id = chat_log.conversation_id
        # The same rule as AutoArr's actions (see permissions.py).
        may_change = await async_may_change(
            self.hass, user_input.context.user_id, self.options
        )
        instant = await self._instant(
            user_input, conversation_id, may_change=may_change
        )
        if instant is not None:
            if instant.intent in CHANGING_INTENTS or instant.intent == CHOICE:
                async_refresh_soon(self.hass, self.entry)
            remember_choice(self.hass, conversation_id, instant)
            remember_request(self.hass, conversation_id, instant)
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
        if chat_log.llm_api is not None:
            # Home Assistant's device tools follow the turn's rule too.
            guard_changing_tools(chat_log.llm_api)

        provider = await async_agent_models(self.hass, self.entry, options)
        if provider is None:
            text = speech.text(user_input.language, "no_model")
            return TurnOutcome(
                _reply(user_input, chat_log, text), None, failure="no_model"
            )
        max_rounds = int(
            options.get(CONF_MAX_TOOL_ITERATIONS, DEFAULT_MAX_TOOL_ITERATIONS)
        )
        stats = TurnStats()
        try:
            policy = TurnPolicy(
                may_change=may_change,
                asked_for_change=asks_for_change(user_input.text, user_input.language),
                confirm=bool(options.get(CONF_CONFIRM_CHANGES)),
                add_directly=bool(options.get(CONF_ADD_DIRECTLY)),
            )
            with agent_turn(policy):
                await run_model(
                    chat_log,
                    provider,
                    user_input.agent_id,
                    max_rounds=max_rounds,
                    stats=stats,
                    max_tokens=int(options.get(CONF_MAX_TOKENS, DEFAULT_MAX_TOKENS)),
                    temperature=options.get(CONF_TEMPERATURE),
                    still_thinking=speech.text(user_input.language, "still_thinking"),
                )
        except LLMModelOutputError as err:
            # The model is up but gave no usable answer, even when corrected.
            LOGGER.warning("The language model gave no usable answer: %s", err)
            text = speech.text(user_input.language, "model_no_answer")
            return TurnOutcome(
                _reply(user_input, chat_log, text), None, stats, "model_failed"
            )
        except LLMError as err:
            LOGGER.warning("No language model could answer: %s", err)
            if stats.streamed:
                # Part of the answer was already streamed: a plain error.
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="model_failed"
                ) from err
            text = speech.text(user_input.language, "model_unavailable")
            return TurnOutcome(
                _reply(user_input, chat_log, text), None, failure="model_unavailable"
            )
        if chat_log.unresponded_tool_results:
            # The model kept calling tools until the round limit: say so in
            # the request's language rather than end in an error.
            LOGGER.warning(
                "The language model still called tools after %d rounds", max_rounds
            )
            text = speech.text(user_input.language, "too_many_rounds")
            return TurnOutcome(
                _reply(user_input, chat_log, text), None, stats, "too_many_tool_calls"
            )
        if held := policy.held_changes():
            # The model's adds and pauses wait for a yes: the agent asks.
            self._hold(conversation_id, held)
            asked = confirm.question(held).speech
            return TurnOutcome(
                _reply(user_input, chat_log, asked), stats.provider, stats
            )
        return TurnOutcome(
            conversation.async_get_result_from_chat_log(user_input, chat_log),
            stats.provider,
            stats,
        )


def _not_allowed(language: str) -> InstantAnswer:
    """Return the answer to a change this conversation's user may not make."""
    return InstantAnswer(
        speech.text(language, "not_allowed"), "not_allowed", language, {}
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
