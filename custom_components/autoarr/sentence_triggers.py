"""AutoArr's instant sentences for Home Assistant's built-in agent.

An integration cannot add sentences to the built-in agent's intents (those
come from the home-assistant-intents package and the user's
custom_sentences folder). What it can do is what the `conversation` trigger
of automations does: register sentence triggers with the agent manager. The
built-in agent matches triggers before its own intents, in any language, and
speaks the text the trigger's callback returns. So "what's downloading?"
spoken to the Home Assistant agent is answered by AutoArr, with no model.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from hassil.recognize import RecognizeResult
from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import chat_session, entity_registry as er
from homeassistant.util import dt as dt_util

from .agent import speech
from .agent.instant import InstantMatcher, answer, match_from_result
from .agent.languages import language_of
from .agent.requests_voice import admin_only
from .agent.sentences import (
    ADMIN_INTENTS,
    BUILTIN_INTENTS,
    CHANGING_INTENTS,
    LANGUAGES,
    SENTENCES,
    InstantIntent,
)
from .assist_agent import remember_choice, remember_request
from .const import DOMAIN, SUBENTRY_CONVERSATION
from .data import AutoArrConfigEntry
from .llm_api import async_refresh_soon, stack_of
from .permissions import async_may_change, async_user_is_admin


@callback
def async_register_sentence_triggers(
    hass: HomeAssistant, entry: AutoArrConfigEntry
) -> Callable[[], None]:
    """Register the instant sentences with the built-in agent; return undo.

    One trigger holds every language's sentences: Home Assistant runs every
    trigger a sentence matches, so a sentence two languages share ("procura
    os filmes que faltam", Portugal's and Brazil's) would otherwise make its
    change twice. The trigger's callback reads which request it is.
    """
    templates: dict[str, list[tuple[str, InstantIntent]]] = {}
    for language in LANGUAGES:
        for intent in BUILTIN_INTENTS:
            for template in SENTENCES[language][intent]:
                templates.setdefault(template, []).append((language, intent))
    return get_agent_manager(hass).register_trigger(
        list(templates),
        _responder(hass, entry, InstantMatcher(BUILTIN_INTENTS), templates),
    )


def _responder(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    matcher: InstantMatcher,
    templates: dict[str, list[tuple[str, InstantIntent]]],
) -> Callable[[ConversationInput, RecognizeResult], Awaitable[str | None]]:
    """Return the trigger callback answering the instant sentences."""

    async def respond(
        user_input: ConversationInput, result: RecognizeResult
    ) -> str | None:
        # A trigger's slots are free words ("for {hours} hours" takes "an"
        # from "for an hour"); AutoArr's own lists read them exactly. They
        # are read in the user's language first: a sentence two languages
        # share ("pausa os downloads", Portugal's and Brazil's) is answered
        # in the user's.
        match = matcher.match(user_input.text, user_input.language)
        if match is None:
            # Only the trigger's free words match ("pause downloads for a
            # while" matches Portuguese "pause os downloads {period}" too):
            # the request of the sentence Home Assistant matched, answered
            # in the user's language when AutoArr speaks it.
            sentence = result.intent_sentence
            read = templates.get((sentence.text or "") if sentence else "", [])
            if not read:
                return None
            spoken = language_of(user_input.language)
            language, intent = next(
                (pair for pair in read if pair[0] == spoken), read[0]
            )
            match = match_from_result(
                result, _answer_language(user_input, language), intent
            )
        intent = match.intent
        language_said = match.language
        if intent in CHANGING_INTENTS and not await async_may_change(
            hass, user_input.context.user_id, _agent_options(entry)
        ):
            return speech.text(language_said, "not_allowed")
        if intent in ADMIN_INTENTS and not await async_user_is_admin(
            hass, user_input.context.user_id
        ):
            return admin_only(language_said)
        reply = await answer(stack_of(entry.runtime_data), match, dt_util.now())
        if intent in CHANGING_INTENTS:
            async_refresh_soon(hass, entry)
        session = chat_session.current_session.get()
        if (
            reply.named is not None
            and session is not None
            and _is_autoarr_agent(hass, user_input.agent_id)
        ):
            # "decline it" in the conversation's next turn, to AutoArr's agent.
            remember_request(hass, session.conversation_id, reply)
        if reply.candidates:
            if session is not None and _is_autoarr_agent(hass, user_input.agent_id):
                # A pipeline whose agent is AutoArr's: it takes the answer
                # to "Did you mean ...?" in the conversation's next turn.
                remember_choice(hass, session.conversation_id, reply)
                return reply.speech
            # Home Assistant's agent cannot take an answer to the question.
            return speech.several_match_speech(language_said, reply.candidates)
        return reply.speech

    return respond


def _answer_language(user_input: ConversationInput, trigger_language: str) -> str:
    """Return the user's language if AutoArr speaks it, else the trigger's."""
    spoken = language_of(user_input.language)
    asked = (user_input.language or "").replace("_", "-").split("-")[0].lower()
    return spoken if asked == spoken.split("-")[0].lower() else trigger_language


def _is_autoarr_agent(hass: HomeAssistant, agent_id: str | None) -> bool:
    """Return whether an agent is one of AutoArr's conversation entities."""
    if agent_id is None:
        return False
    registered = er.async_get(hass).async_get(agent_id)
    return registered is not None and registered.platform == DOMAIN


def _agent_options(entry: AutoArrConfigEntry) -> dict[str, Any]:
    """Return the options of the entry's first agent (its voice policy)."""
    return next(
        (
            dict(sub.data)
            for sub in entry.subentries.values()
            if sub.subentry_type == SUBENTRY_CONVERSATION
        ),
        {},
    )
