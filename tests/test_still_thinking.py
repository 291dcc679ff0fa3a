"""A model slow to start is announced: the user hears it is still thinking.

Through the chat log as the Assist pipeline reads it (its delta listener,
which feeds a satellite's streamed speech): the notice comes as an
assistant message of its own before the model's words, long enough for the
pipeline to start speaking at once, in the request's language; it is not
the answer and never goes back to the model. No service here: the
simulators freeze the clock, and the notice's wait needs it to run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
import inspect
from typing import Any

from homeassistant.components import conversation
from homeassistant.components.assist_pipeline.default_pipeline import (
    STREAM_RESPONSE_CHARS,
)
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session
import pytest

from custom_components.autoarr import chat_bridge
from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL
from tests.entities.conftest import SetupEntry, loopback_sockets, setup_entry
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.test_agent_models import HUB_MODEL, agent, entity_ids

__all__ = ["loopback_sockets", "setup_entry"]


@pytest.fixture
async def slow_agent(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[tuple[str, OllamaServer]]:
    """Return an agent on a scripted Ollama, told about after 50 ms."""
    monkeypatch.setattr(chat_bridge, "STILL_THINKING_AFTER", 0.05)
    async with OllamaServer() as ollama:
        entry = await setup_entry(
            agent("Slow"),
            data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: HUB_MODEL},
        )
        (agent_id,) = entity_ids(hass_core, entry, "conversation")
        yield agent_id, ollama


def chat_session_of(
    hass: HomeAssistant, conversation_id: str | None
) -> AbstractContextManager[chat_session.ChatSession]:
    """Open a chat session as a satellite does, acting for no user.

    From 2026.11 on Home Assistant wants the context said (None here); 2026.10
    has no such parameter.
    """
    if "context" in inspect.signature(chat_session.async_get_chat_session).parameters:
        return chat_session.async_get_chat_session(hass, conversation_id, context=None)
    return chat_session.async_get_chat_session(hass, conversation_id)


async def converse(
    hass: HomeAssistant,
    agent_id: str,
    text: str,
    language: str = "en",
    conversation_id: str | None = None,
) -> tuple[conversation.ConversationResult, list[dict[str, Any]]]:
    """Ask as the Assist pipeline does; return the result and the chat log deltas."""
    deltas: list[dict[str, Any]] = []
    with (
        chat_session_of(hass, conversation_id) as session,
        conversation.async_get_chat_log(
            hass,
            session,
            chat_log_delta_listener=lambda _log, delta: deltas.append(delta),
        ),
    ):
        result = await conversation.async_converse(
            hass,
            text,
            session.conversation_id,
            Context(),
            language=language,
            agent_id=agent_id,
        )
    return result, deltas


def said(deltas: list[dict[str, Any]]) -> list[str]:
    """Return the assistant texts of the deltas, each message whole."""
    texts: list[str] = []
    for delta in deltas:
        if delta.get("role") == "assistant":
            texts.append("")
        elif "role" not in delta and delta.get("content"):
            texts[-1] += delta["content"]
    return [text for text in texts if text]


async def test_a_slow_model_is_announced_once(
    hass_core: HomeAssistant, slow_agent: tuple[str, OllamaServer]
) -> None:
    """Slow rounds: one notice first; the answer is the model's alone."""
    agent_id, ollama = slow_agent
    ollama.script(
        Reply(tool_calls=[Call("autoarr__downloads", {})], delay=0.4),
        Reply("Nothing is downloading.", delay=0.4),
        Reply("Still nothing.", chunks=1),
    )
    result, deltas = await converse(hass_core, agent_id, "What's downloading?")

    notice = spoken("en", "still_thinking")
    assert said(deltas) == [notice, "Nothing is downloading."]
    # Long enough for the pipeline to stream it to the speaker at once.
    assert len(notice) > STREAM_RESPONSE_CHARS
    assert result.response.speech["plain"]["speech"] == "Nothing is downloading."

    # A quick answer is not announced, and no notice goes back to the model.
    result, deltas = await converse(
        hass_core, agent_id, "And now?", conversation_id=result.conversation_id
    )
    assert said(deltas) == ["Still nothing."]
    last = ollama.chat_requests()[-1]
    assistant = [m["content"] for m in last["messages"] if m["role"] == "assistant"]
    assert notice not in assistant
    assert "Nothing is downloading." in assistant


async def test_the_notice_is_in_the_requests_language(
    hass_core: HomeAssistant, slow_agent: tuple[str, OllamaServer]
) -> None:
    """A German request hears it in German."""
    agent_id, ollama = slow_agent
    ollama.script(Reply("Nichts.", delay=0.4))
    result, deltas = await converse(hass_core, agent_id, "Was läuft?", "de")
    notice = spoken("de", "still_thinking")
    assert said(deltas) == [notice, "Nichts."]
    assert len(notice) > STREAM_RESPONSE_CHARS
    assert result.response.speech["plain"]["speech"] == "Nichts."
