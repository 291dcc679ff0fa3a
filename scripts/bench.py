"""AutoArr's voice benchmark (run it with scripts/bench).

It starts an in-process Home Assistant with AutoArr set up against the Sonarr
and Radarr simulators, the real SABnzbd (when installed) and the scripted
Ollama-protocol server, and prints these figures:

(a) the instant path's median latency through `conversation.async_converse`,
    beside Home Assistant's own built-in agent handling a built-in sentence
    ("what time is it"), as a ratio;
(b) over a corpus of arr requests, the model round trips per request and the
    prompt size (system prompt plus tool schemas: estimated as characters / 4,
    and as the real llama-server of (d) counts them, through its chat
    template and tokenizer), beside Home Assistant's own Assist API prompt
    and tools on the same instance;
(c) whether the prompt prefix (system prompt and tools) is byte-identical
    across turns, so a model server's prompt cache is reused;
(d) the requests that need a model, against a real llama-server with a small
    model (see bench_real.py): server-counted tokens, rounds, time to first
    output, and the estimate for a 7B model on a home CPU;
(e) the poster cache's hit rate for a dashboard of 50 posters refreshed five
    times (see bench_posters.py);
(f) when scripts/setup has fetched it, the same requests' first round with a
    small model trained for tool calls (tests/support/tool_model.py): whether
    the first tool call was the right one.

The scripted model stands in for a capable local model: for a request that
needs it, it calls the one tool that does the job and then answers. Latency
depends on the machine; run it on an idle one.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import json
import logging
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Imported before Home Assistant looks for custom integrations, so AutoArr is
# the `custom_components` package it finds.
from homeassistant import loader  # noqa: E402
from homeassistant.components import conversation  # noqa: E402
from homeassistant.config_entries import ConfigSubentryData  # noqa: E402
from homeassistant.const import (  # noqa: E402
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import Context, HomeAssistant  # noqa: E402
from homeassistant.helpers import chat_session, entity_registry as er, intent, llm  # noqa: E402
from homeassistant.setup import async_setup_component  # noqa: E402
import probatio  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

import custom_components.autoarr  # noqa: E402, F401
from custom_components.autoarr.agent.budget import TOOL_RESULT_TOKENS  # noqa: E402
from custom_components.autoarr.agent.instant import InstantMatcher  # noqa: E402
from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL, DOMAIN  # noqa: E402
from tests.support.arr_sim import start_simulator  # noqa: E402
from tests.support.llama_server import (  # noqa: E402
    RealLlamaServer,
    llama_server_available,
    prompt_tokens,
    server_tokens,
)
from tests.support.llm_servers import (  # noqa: E402
    Call,
    OllamaServer,
    RecordedRequest,
    Reply,
    Turn,
    conversation_of,
)
from tests.support.sabnzbd import RealSabnzbd, sabnzbd_available  # noqa: E402

from .bench_posters import run_posters  # noqa: E402
from .bench_real import run_real, run_tool_model  # noqa: E402

LATENCY_RUNS = 40
INSTANT_SENTENCES = (
    "Is Severance in my library?",
    "What's downloading?",
    "What's on this week?",
    "Habe ich Dune?",
)
BUILTIN_SENTENCE = "what time is it"


@dataclass(frozen=True)
class Request:
    """A corpus request and, when a model is needed, the tool it should call."""

    text: str
    language: str = "en"
    tool: str | None = None
    arguments: dict[str, Any] | None = None


# At least 30 things people ask of their arr stack. The ones with a tool go
# to the model (the scripted model calls that tool); the others are instant.
CORPUS: tuple[Request, ...] = (
    Request("What's downloading?"),
    Request("What is currently downloading right now?"),
    Request("Was wird gerade heruntergeladen?", "de"),
    Request("Show me my downloads"),
    Request("How long until Shogun finishes?"),
    Request("Wie lange dauert The Bear noch?", "de"),
    Request("Pause the downloads for 30 minutes"),
    Request("Resume downloads"),
    Request("Pausiere die Downloads"),
    Request("Setze die Downloads fort", "de"),
    Request("What's on today?"),
    Request("What's on this week?"),
    Request("Was kommt diese Woche?", "de"),
    Request("Is Severance in my library?"),
    Request("Do I have Interstellar?"),
    Request("Habe ich Dune schon?", "de"),
    Request("Add the movie The Prestige"),
    Request("Download the show Andor"),
    Request("Füge den Film Memento hinzu", "de"),
    Request("Lade die Serie Dark herunter", "de"),
    Request("download Whiplash"),
    Request(
        "Which of my shows are missing episodes?",
        tool="autoarr__missing",
        arguments={},
    ),
    Request(
        "Search for everything that's missing",
        tool="autoarr__control_downloads",
        arguments={"action": "search_missing"},
    ),
    Request(
        "Retry the downloads that failed",
        tool="autoarr__control_downloads",
        arguments={"action": "retry_failed"},
    ),
    Request(
        "Any new movies in the next two weeks?",
        tool="autoarr__upcoming",
        arguments={"days": 14},
    ),
    Request(
        "Find me the film Arrival",
        tool="autoarr__find_media",
        arguments={"title": "Arrival", "kind": "movie"},
    ),
    Request(
        "Get me Knives Out in 4K",
        tool="autoarr__add_media",
        arguments={"title": "Knives Out", "quality": "2160p"},
    ),
    Request(
        "Grab Project Hail Mary for me when it's out",
        tool="autoarr__add_media",
        arguments={"title": "Project Hail Mary", "kind": "movie"},
    ),
    Request(
        "Is anything stuck in the queue?",
        tool="autoarr__downloads",
        arguments={},
    ),
    Request(
        "How fast is SABnzbd going at the moment?",
        tool="autoarr__downloads",
        arguments={},
    ),
    Request(
        "Stop downloading until tonight, say four hours",
        tool="autoarr__control_downloads",
        arguments={"action": "pause", "minutes": 240},
    ),
    Request(
        "Was fehlt mir noch an Folgen?",
        "de",
        tool="autoarr__missing",
        arguments={},
    ),
    Request(
        "Hol mir bitte den Film Heat von 1995",
        "de",
        tool="autoarr__add_media",
        arguments={"title": "Heat", "year": 1995, "kind": "movie"},
    ),
)


def tokens(text: str) -> int:
    """Estimate tokens as characters / 4 (the same rule for every prompt)."""
    return round(len(text) / 4)


class ScriptedModel:
    """Answers like a capable model: the right tool first, then a sentence."""

    def __init__(self) -> None:
        """Start with no expectation."""
        self.expected: Request | None = None

    def __call__(self, request: RecordedRequest) -> Turn:
        """Return the next model turn for a chat request."""
        role, _text, _tools = conversation_of(request.json)
        if role == "tool" or self.expected is None or self.expected.tool is None:
            return Reply("Done, here is what I found.")
        return Reply(
            tool_calls=[Call(self.expected.tool, self.expected.arguments or {})]
        )


@contextlib.asynccontextmanager
async def stack(model: ScriptedModel) -> AsyncIterator[dict[str, Any]]:
    """Run the simulators, SABnzbd (when installed) and the model server."""
    # Home Assistant runs on the wall clock here, so the simulators do too.
    now = datetime.now(UTC)
    async with contextlib.AsyncExitStack() as exits:
        servers: dict[str, Any] = {
            # Contract validation of every answer is the simulators' test
            # duty and would dominate the latency measured here.
            "sonarr": await exits.enter_async_context(
                start_simulator("sonarr", now=now, validate_contract=False)
            ),
            "radarr": await exits.enter_async_context(
                start_simulator("radarr", now=now, validate_contract=False)
            ),
            "ollama": await exits.enter_async_context(OllamaServer(responder=model)),
            "sabnzbd": None,
        }
        if sabnzbd_available():
            servers["sabnzbd"] = await exits.enter_async_context(RealSabnzbd())
        yield servers


def subentry(kind: str, title: str, data: dict[str, Any]) -> ConfigSubentryData:
    """Return a subentry as the config flow stores it."""
    return ConfigSubentryData(
        data=data, subentry_type=kind, title=title, unique_id=None
    )


async def setup_autoarr(hass: HomeAssistant, servers: dict[str, Any]) -> str:
    """Set AutoArr up on hass; return its conversation entity id."""
    subentries = [
        subentry(
            kind,
            kind.capitalize(),
            {
                CONF_URL: servers[kind].url,
                CONF_API_KEY: servers[kind].api_key,
                CONF_VERIFY_SSL: True,
            },
        )
        for kind in ("sonarr", "radarr")
    ]
    if (sab := servers["sabnzbd"]) is not None:
        subentries.append(
            subentry(
                "sabnzbd",
                "SABnzbd",
                {CONF_URL: sab.url_with_base, CONF_API_KEY: sab.api_key},
            )
        )
    subentries.append(subentry("conversation", "AutoArr", {CONF_LLM_HASS_API: []}))
    from custom_components.autoarr.config_flow import AutoArrConfigFlow

    entry = MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        data={CONF_OLLAMA_URL: servers["ollama"].url, CONF_OLLAMA_MODEL: "qwen2.5:7b"},
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        unique_id=DOMAIN,
        subentries_data=subentries,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )


async def converse(
    hass: HomeAssistant,
    text: str,
    agent_id: str | None,
    language: str = "en",
    conversation_id: str | None = None,
) -> conversation.ConversationResult:
    """Send one sentence to an agent."""
    return await conversation.async_converse(
        hass,
        text,
        conversation_id,
        Context(),
        language=language,
        agent_id=agent_id,
    )


async def median_ms(
    hass: HomeAssistant, text: str, agent_id: str | None, language: str = "en"
) -> float:
    """Return the median latency of a sentence, after a warm-up."""
    for _ in range(3):
        await converse(hass, text, agent_id, language)
    samples = []
    for _ in range(LATENCY_RUNS):
        start = time.perf_counter()
        await converse(hass, text, agent_id, language)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def assist_prompt(hass: HomeAssistant) -> tuple[str, str]:
    """Return Home Assistant's Assist system prompt and tool schemas.

    Rendered as Home Assistant's own Ollama agent sends them: the chat log's
    system prompt with the Assist API, and each tool's OpenAPI schema.
    """
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(hass, session) as chat_log,
    ):
        await chat_log.async_provide_llm_data(
            llm.LLMContext(
                platform="bench",
                context=Context(),
                language="en",
                assistant=conversation.DOMAIN,
                device_id=None,
            ),
            llm.LLM_API_ASSIST,
            None,
            None,
        )
        system = chat_log.content[0].content
        api = chat_log.llm_api
        assert api is not None
        tools = [
            {
                "type": "function",
                "function": {
                    "name": tool.name,
                    "description": tool.description,
                    "parameters": probatio.to_openapi(
                        tool.parameters,
                        custom_serializer=api.custom_serializer,
                        openapi_version="3.1.0",
                    ),
                },
            }
            for tool in api.tools
        ]
    return system, json.dumps(tools)


def prompt_row(
    name: str,
    system: str,
    tools: list[dict[str, Any]],
    llama: RealLlamaServer | None,
) -> str:
    """Return a prompt's row: estimated tokens, and the server's count (blocking)."""
    estimated = (tokens(system), tokens(json.dumps(tools)))
    counted: tuple[int, int] | None = None
    if llama is not None:
        counted = prompt_tokens(llama, system, tools)
    cells: list[int | str] = [*estimated, sum(estimated)]
    cells += [*counted, sum(counted)] if counted else ["-", "-", "-"]
    return f"| {name} | {' | '.join(map(str, cells))} | {len(tools)} |"


def result_line(results: set[str], llama: RealLlamaServer | None) -> str:
    """Return the tool results' sizes: server-counted when it can (blocking)."""
    if llama is None:
        sizes = [tokens(result) for result in results]
        how = "estimated as characters / 4"
    else:
        sizes = [server_tokens(llama, result) for result in results]
        how = "as the real llama-server of (d) counts them"
    return (
        f"- Tool results the scripted model read, {how}: {len(sizes)} distinct, "
        f"largest {max(sizes, default=0)} tokens, "
        f"{sum(size > TOOL_RESULT_TOKENS for size in sizes)} over the budget of "
        f"{TOOL_RESULT_TOKENS}."
    )


async def run(tool_model_only: bool = False) -> list[str]:
    """Run the benchmark; return the report lines (Markdown).

    One real llama-server (when installed) counts the prompts of (b) and
    serves (d). `tool_model_only` runs section (f) alone.
    """
    with contextlib.ExitStack() as exits:
        llama = (
            exits.enter_context(RealLlamaServer())
            if llama_server_available() and not tool_model_only
            else None
        )
        return await _run(llama, tool_model_only)


async def _run(llama: RealLlamaServer | None, tool_model_only: bool) -> list[str]:
    model = ScriptedModel()
    lines: list[str] = []
    corpus = [(r.text, r.language, r.tool) for r in CORPUS if r.tool]
    async with (
        stack(model) as servers,
        async_test_home_assistant(config_dir=tempfile.mkdtemp()) as hass,
    ):
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        assert await async_setup_component(hass, "homeassistant", {})
        assert await async_setup_component(hass, "conversation", {})
        agent_id = await setup_autoarr(hass, servers)
        if tool_model_only:
            lines = await run_tool_model(hass, agent_id, corpus)
            await hass.async_stop(force=True)
            return lines
        ollama: OllamaServer = servers["ollama"]

        # (a) Instant path against the built-in agent's own sentence.
        check = await converse(hass, BUILTIN_SENTENCE, None)
        if check.response.response_type is intent.IntentResponseType.ERROR:
            raise SystemExit(
                f"The built-in agent did not understand {BUILTIN_SENTENCE!r}"
            )
        builtin = await median_ms(hass, BUILTIN_SENTENCE, None)
        instant = {
            text: await median_ms(
                hass, text, agent_id, "de" if text.startswith("Habe") else "en"
            )
            for text in INSTANT_SENTENCES
        }
        assert not ollama.chat_requests(), "an instant sentence reached the model"
        lines += [
            "### (a) Instant answers (no model)",
            "",
            (
                f"Median of {LATENCY_RUNS} runs through `conversation.async_converse`, "
                "with real HTTP to the services. The Sonarr and Radarr simulators "
                "(and the model server) run in Home Assistant's own event loop "
                "here, so their work is counted too; the built-in sentence needs "
                "no service at all."
            ),
            "",
            "| Request | Median | Ratio to built-in |",
            "|---|---:|---:|",
            f'| Built-in agent: "{BUILTIN_SENTENCE}" | {builtin:.1f} ms | 1.00 |',
        ]
        lines += [
            f'| AutoArr: "{text}" | {ms:.1f} ms | {ms / builtin:.2f} |'
            for text, ms in instant.items()
        ]
        matcher = InstantMatcher()
        recognition = []
        for _ in range(LATENCY_RUNS):
            for text in INSTANT_SENTENCES:
                start = time.perf_counter()
                matcher.match(text, "en")
                recognition.append((time.perf_counter() - start) * 1000)
        lines.append(
            "| AutoArr sentence recognition alone (no service call) | "
            f"{statistics.median(recognition):.2f} ms | "
            f"{statistics.median(recognition) / builtin:.2f} |"
        )
        overall = statistics.median(instant.values())
        lines += [
            "",
            (
                f"Instant path median {overall:.1f} ms = {overall / builtin:.2f} x the "
                "built-in agent's handling of a built-in sentence."
            ),
            "",
        ]

        # (b) The corpus: round trips and prompt sizes.
        trips: list[int] = []
        instant_count = 0
        for request in CORPUS:
            model.expected = request
            before = len(ollama.chat_requests())
            result = await converse(hass, request.text, agent_id, request.language)
            if result.continue_conversation:
                # Answer the clarifying question like a user would.
                await converse(
                    hass,
                    "the first one",
                    agent_id,
                    request.language,
                    result.conversation_id,
                )
            used = len(ollama.chat_requests()) - before
            trips.append(used)
            instant_count += used == 0
        model.expected = None
        requests = ollama.chat_requests()
        autoarr_system = requests[0]["messages"][0]["content"]
        autoarr_tools = requests[0]["tools"]
        assist_system, assist_tools = await assist_prompt(hass)
        model_trips = [t for t in trips if t]
        results = {
            message["content"]
            for request in requests
            for message in request["messages"]
            if message["role"] == "tool"
        }
        lines += [
            f"### (b) {len(CORPUS)} arr requests",
            "",
            (
                f"- Answered instantly (0 model round trips): {instant_count} of "
                f"{len(CORPUS)}."
            ),
            (
                f"- Model round trips per request: mean {statistics.mean(trips):.2f} "
                f"over all requests, {statistics.mean(model_trips):.2f} over those "
                f"that needed the model (max {max(trips)})."
            ),
            await hass.async_add_executor_job(result_line, results, llama),
            "",
            (
                "Prompt tokens, estimated as characters / 4 and as the real "
                "llama-server of (d) counts them (its chat template with the "
                'tools, its tokenizer; "-" without llama-server):'
            ),
            "",
            (
                "| Prompt | System ~ | Tools ~ | Total ~ | System (server) "
                "| Tools (server) | Total (server) | Tools offered |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            await hass.async_add_executor_job(
                prompt_row, "AutoArr agent", autoarr_system, autoarr_tools, llama
            ),
            await hass.async_add_executor_job(
                prompt_row,
                "Home Assistant Assist API",
                assist_system,
                json.loads(assist_tools),
                llama,
            ),
            "",
        ]

        # (c) Prompt prefix stability across turns.
        prefixes = {
            json.dumps(r["messages"][0]) + json.dumps(r.get("tools")) for r in requests
        }
        await asyncio.sleep(1.1)
        assist_later, _ = await assist_prompt(hass)
        lines += [
            "### (c) Prompt prefix across turns",
            "",
            (
                f"- AutoArr: {len(requests)} model requests, "
                f"{len(prefixes)} distinct system+tools prefix(es): "
                f"{'byte-identical' if len(prefixes) == 1 else 'NOT identical'}."
            ),
            (
                "- Home Assistant Assist API, rendered 1 s apart: "
                f"{'byte-identical' if assist_later == assist_system else 'differs (it embeds the current time)'}."
            ),
            "",
        ]
        lines += await run_posters(hass, servers)
        lines += await run_real(hass, agent_id, llama, corpus)
        lines += await run_tool_model(hass, agent_id, corpus)
        await hass.async_stop(force=True)
    return lines


def main() -> None:
    """Parse arguments, run, print (and optionally write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="also write the report here")
    parser.add_argument(
        "--tool-model-only",
        action="store_true",
        help="run only (f), the first calls of the model trained for tool calls",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    lines = asyncio.run(run(args.tool_model_only))
    report = "\n".join(lines)
    print(report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(
            "## Benchmark (scripts/bench)\n\n" + report + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
