"""Through an Assist pipeline, as a voice satellite or the Assist dialog speaks.

A real `assist_pipeline` run from text (its websocket API, as the frontend
runs it), with "Prefer handling commands locally" on: Home Assistant's own
intents, AutoArr's sentences (sentence triggers, which a pipeline tries
before any agent) and the pipeline's agent each answer their part. A
"Did you mean ...?" asked through AutoArr's sentences is answered in the next
turn of the same conversation by AutoArr's agent. A question AutoArr's agent
asks itself continues the conversation (a satellite listens again); one
asked by a sentence cannot: Home Assistant's pipeline makes a sentence
trigger's result itself, with continue_conversation false.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import (
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import conversation_agent, conversation_subentry
from tests.support.arr_sim import SonarrSimulator

__all__ = ["loopback_sockets", "setup_entry", "sonarr"]

type Ws = Any


async def _pipeline(ws: Ws, agent_id: str) -> str:
    """Create a text-only pipeline with an agent, preferring local commands."""
    await ws.send_json_auto_id(
        {
            "type": "assist_pipeline/pipeline/create",
            "conversation_engine": agent_id,
            "conversation_language": "en",
            "language": "en",
            "name": agent_id,
            "stt_engine": None,
            "stt_language": None,
            "tts_engine": None,
            "tts_language": None,
            "tts_voice": None,
            "wake_word_entity": None,
            "wake_word_id": None,
            "prefer_local_intents": True,
        }
    )
    answer = await ws.receive_json()
    assert answer["success"], answer
    return str(answer["result"]["id"])


async def _say(
    ws: Ws, pipeline_id: str, text: str, conversation_id: str | None = None
) -> dict[str, Any]:
    """Run the pipeline's intent stage on a text; return its intent output."""
    message: dict[str, Any] = {
        "type": "assist_pipeline/run",
        "pipeline": pipeline_id,
        "start_stage": "intent",
        "end_stage": "intent",
        "input": {"text": text},
    }
    if conversation_id is not None:
        message["conversation_id"] = conversation_id
    await ws.send_json_auto_id(message)
    started = await ws.receive_json()
    assert started["success"], started
    output: dict[str, Any] | None = None
    while True:
        event = (await ws.receive_json())["event"]
        if event["type"] == "intent-end":
            output = event["data"]["intent_output"]
        if event["type"] == "error":
            pytest.fail(str(event))
        if event["type"] == "run-end":
            break
    assert output is not None
    return output


def _speech(output: dict[str, Any]) -> str:
    return str(output["response"]["speech"]["plain"]["speech"])


@pytest.fixture
async def ws(hass_core: HomeAssistant, hass_ws_client: Any) -> Ws:
    """Set up the Assist pipeline and return a websocket client.

    AutoArr is set up first, as Home Assistant sets up integrations before
    its HTTP server starts: the test client freezes the server's routes,
    which Home Assistant's own server never does, so a view AutoArr
    registers later could not be added.
    """
    assert await async_setup_component(hass_core, DOMAIN, {})
    assert await async_setup_component(hass_core, "assist_pipeline", {})
    assert await async_setup_component(hass_core, "intent", {})
    return await hass_ws_client(hass_core)


async def test_autoarrs_agent_in_a_pipeline_preferring_local_commands(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator, ws: Ws
) -> None:
    """Home Assistant's intents, AutoArr's sentences and a follow-up answer."""
    entry = await setup_entry(sonarr_subentry(sonarr), conversation_subentry(), data={})
    agent_id = conversation_agent(hass_core, entry)
    pipeline_id = await _pipeline(ws, agent_id)

    # A command of Home Assistant's own, answered locally.
    timed = await _say(ws, pipeline_id, "what time is it")
    # (Home Assistant's HassGetCurrentTime: the time is its speech slot.)
    assert _speech(timed) and "time" in timed["response"]["speech_slots"]

    # AutoArr's sentence, answered without any model.
    said = _speech(await _say(ws, pipeline_id, "what's downloading?"))
    assert "downloading" in said

    # A choice asked by AutoArr's sentence; the answer in the same
    # conversation goes to AutoArr's agent, which adds the one chosen.
    asked = await _say(ws, pipeline_id, "download the show Breaking")
    assert _speech(asked).startswith("Did you mean")
    # A sentence trigger's answer is a plain text: the pipeline makes its
    # result with continue_conversation false (and would name no agent to
    # continue with), so a satellite closes its microphone; the answer
    # comes with the next wake word, in the same conversation.
    assert asked["continue_conversation"] is False
    chosen = await _say(ws, pipeline_id, "the second one", asked["conversation_id"])
    assert _speech(chosen).startswith("Added Breaking Point (")
    assert any(s.seed.title == "Breaking Point" for s in sonarr.state.series.values())


async def test_autoarrs_agent_keeps_the_microphone_open_for_its_question(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator, ws: Ws
) -> None:
    """A question AutoArr's agent asks itself continues the conversation: the
    pipeline hands the next turn straight to it, as a satellite listens again."""
    entry = await setup_entry(sonarr_subentry(sonarr), conversation_subentry(), data={})
    agent_id = conversation_agent(hass_core, entry)
    pipeline_id = await _pipeline(ws, agent_id)

    # The bare "download ..." is no sentence trigger: AutoArr's agent asks.
    asked = await _say(ws, pipeline_id, "download Breaking")
    assert _speech(asked).startswith("Did you mean Breaking Bad (2008, series")
    assert _speech(asked).endswith("?")
    assert asked["continue_conversation"] is True
    chosen = await _say(ws, pipeline_id, "Breaking Point", asked["conversation_id"])
    assert _speech(chosen).startswith("Added Breaking Point (")
    assert chosen["continue_conversation"] is False
    assert any(s.seed.title == "Breaking Point" for s in sonarr.state.series.values())


async def test_home_assistants_agent_asks_for_the_whole_choice(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator, ws: Ws
) -> None:
    """With Home Assistant's own agent, AutoArr's sentences answer one at a
    time: the choices end with the sentence to say, which adds the one chosen.

    A bare "the second one" is not AutoArr's to take there: a sentence of its
    own for it would come before every agent in every pipeline (sentence
    triggers do) and answer other agents' follow-ups too.
    """
    await setup_entry(sonarr_subentry(sonarr), conversation_subentry(), data={})
    pipeline_id = await _pipeline(ws, "conversation.home_assistant")
    listed = _speech(await _say(ws, pipeline_id, "download the show Breaking"))
    assert listed.startswith("Several match: ")
    example = listed.split('"')[1]
    assert example.startswith("add the show ")
    added = _speech(await _say(ws, pipeline_id, example))
    assert added.startswith("Added ")
    title = example.removeprefix("add the show ").rsplit(" from ", 1)[0]
    assert any(s.seed.title == title for s in sonarr.state.series.values())
