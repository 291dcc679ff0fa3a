"""The real-model section of scripts/bench: AutoArr's agent on llama-server.

The corpus requests that need a model go through `conversation.async_converse`
to an AutoArr agent whose only model is a real llama-server (Debian's
`llama.cpp-tools`) serving the small test model (Gemma 3 270M). For each
request it reports what the server counted and what it cost: prompt tokens
(system, tools and request, as the server counts them, and how many it could
read from its prompt cache), the tokens of each tool result (counted by the
server's own tokenizer), model rounds, time to the first output, and whether
the first tool call was the right one. From the token counts it estimates
the prompt-reading time of a 7B model on a home CPU at 10 and 40 prompt
tokens a second.

The 270M model is a base model with no tool training: its tool choices are
not what a real assistant model would make. The token counts and rounds are
what matters here.
"""

from __future__ import annotations

from dataclasses import dataclass
import statistics
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session, llm
from homeassistant.helpers.json import json_dumps

from custom_components.autoarr.agent.budget import TOOL_RESULT_TOKENS
from custom_components.autoarr.agent.prompt import API_PROMPT, SYSTEM_PROMPT
from custom_components.autoarr.chat_bridge import tool_specs
from custom_components.autoarr.const import (
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
    DOMAIN,
)
from custom_components.autoarr.conversation import AutoArrConversationEntity
from custom_components.autoarr.llm_api import LLM_API_ID
from custom_components.autoarr.llm_providers.models import ToolSpec
from custom_components.autoarr.llm_providers.tool_calls import function_tools
from tests.support import tool_model
from tests.support.llama_server import (
    RealLlamaServer,
    llama_server_available,
    prompt_tokens,
    server_tokens,
)

# The agent's output limit for this run (a round's answer or call fits).
BENCH_MAX_TOKENS = 64
# Prompt tokens a second of a 7B model on a home CPU (slow and fast).
CPU_RATES = (10, 40)


@dataclass
class Measured:
    """One request's figures."""

    text: str
    expected: str | None
    first_call: str | None
    rounds: int
    prompt_tokens: list[int]
    new_tokens: list[int]
    result_tokens: list[int]
    first_output: float | None
    answered: bool


def prompt_parts(server: RealLlamaServer, specs: list[ToolSpec]) -> tuple[int, int]:
    """Return the server-counted tokens of the agent's system prompt and tools."""
    return prompt_tokens(
        server, f"{SYSTEM_PROMPT}\n{API_PROMPT}", function_tools(specs)
    )


async def agent_tools(hass: HomeAssistant) -> list[ToolSpec]:
    """Return the tools AutoArr's agent sends (its API's, as converted)."""
    api = await llm.async_get_api(
        hass,
        LLM_API_ID,
        llm.LLMContext(
            platform=DOMAIN,
            context=Context(),
            language="en",
            assistant=conversation.DOMAIN,
            device_id=None,
        ),
    )
    return tool_specs(api)


async def _measure(
    hass: HomeAssistant,
    agent_id: str,
    server: RealLlamaServer,
    text: str,
    language: str,
    expected: str | None,
) -> Measured:
    deltas: list[dict[str, Any]] = []
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(
            hass,
            session,
            chat_log_delta_listener=lambda _log, delta: deltas.append(delta),
        ) as chat_log,
    ):
        await conversation.async_converse(
            hass, text, session.conversation_id, Context(), language, agent_id
        )
        results = [
            json_dumps(content.result.data)
            for content in chat_log.content
            if isinstance(content, conversation.ToolResultContent)
        ]
    entity = hass.data[conversation.DATA_COMPONENT].get_entity(agent_id)
    assert isinstance(entity, AutoArrConversationEntity)
    stats = entity.last_stats
    calls = [call for d in deltas for call in d.get("tool_calls") or []]
    return Measured(
        text=text,
        expected=expected,
        first_call=calls[0].tool_name if calls else None,
        rounds=stats.rounds if stats else 0,
        prompt_tokens=[u.prompt_tokens for u in stats.round_usage] if stats else [],
        new_tokens=(
            [u.prompt_tokens - u.cached_tokens for u in stats.round_usage]
            if stats
            else []
        ),
        result_tokens=[
            await hass.async_add_executor_job(server_tokens, server, result)
            for result in results
        ],
        first_output=stats.first_output_seconds if stats else None,
        answered=entity.answered_by is not None,
    )


def _estimate(tokens: int, rate: int) -> str:
    return f"{tokens / rate:.0f} s"


async def run_real(
    hass: HomeAssistant,
    agent_id: str,
    llama: RealLlamaServer | None,
    corpus: list[tuple[str, str, str | None]],
    heading: str = "### (d) A real model: llama-server with Gemma 3 270M",
    first_round_only: bool = False,
) -> list[str]:
    """Run the corpus (text, language, expected tool) against llama-server.

    The hub's model becomes the llama-server (the entry reloads); the agent
    and the services are the ones the other sections used. With
    `first_round_only` the agent has one model round a request: its first
    tool call (and that tool's result) without the answer that follows.
    """
    lines = [heading, ""]
    if llama is None:
        return [
            *lines,
            "Skipped: llama-server or the model is not installed.",
            "",
        ]
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    hass.config_entries.async_update_entry(
        entry,
        data={
            "provider": "openai_compat",
            "fallback_order": ["openai_compat"],
            "openai_compat_url": llama.url,
            "openai_compat_model": llama.model,
        },
    )
    # A short output limit keeps the run short on a CPU; the prompt
    # figures do not depend on it.
    agent = next(iter(entry.subentries.values()))
    for subentry in entry.subentries.values():
        if subentry.subentry_type == "conversation":
            agent = subentry
    rounds = {CONF_MAX_TOOL_ITERATIONS: 1} if first_round_only else {}
    hass.config_entries.async_update_subentry(
        entry,
        agent,
        data={**agent.data, CONF_MAX_TOKENS: BENCH_MAX_TOKENS, **rounds},
    )
    await hass.async_block_till_done()
    system_tokens, tool_tokens = await hass.async_add_executor_job(
        prompt_parts, llama, await agent_tools(hass)
    )
    measured = [
        await _measure(hass, agent_id, llama, text, language, expected)
        for text, language, expected in corpus
    ]
    lines += [
        (
            f"{len(measured)} corpus requests that need a model, through "
            "`conversation.async_converse`; output limit "
            f"{BENCH_MAX_TOKENS} tokens a round"
            f"{', one round a request' if first_round_only else ''}"
            "; every token count is the "
            'server\'s. "New" prompt tokens are those the server could not read '
            "from its prompt cache (the system prompt and tools are cached after "
            "the first request). The 7B estimates are the prompt-reading time "
            "alone (before the first output) for those new tokens, summed over "
            "the request's rounds; a cold cache adds the whole prompt once "
            f"({system_tokens + tool_tokens} tokens: "
            f"{_estimate(system_tokens + tool_tokens, CPU_RATES[0])} at "
            f"{CPU_RATES[0]} tokens/s, "
            f"{_estimate(system_tokens + tool_tokens, CPU_RATES[1])} at "
            f"{CPU_RATES[1]})."
        ),
        "",
        (
            f"- Prompt as the server counts it: system {system_tokens} + tools "
            f"{tool_tokens} = {system_tokens + tool_tokens} tokens."
        ),
    ]
    every_result = [t for m in measured for t in m.result_tokens]
    right = [m for m in measured if m.first_call == m.expected]
    lines += [
        (
            f"- Tool results: {len(every_result)}, largest "
            f"{max(every_result, default=0)} tokens (budget {TOOL_RESULT_TOKENS}); "
            f"{sum(t > TOOL_RESULT_TOKENS for t in every_result)} over the budget."
        ),
        (
            f"- Rounds per request: mean {statistics.mean(m.rounds for m in measured):.2f}; "
            f"first tool call right: {len(right)} of {len(measured)}; answered "
            f"by the model: {sum(m.answered for m in measured)} of {len(measured)}."
        ),
        "",
        (
            "| Request | Rounds | Prompt tokens per round | New | Tool results "
            "(tokens) | First output | First call | 7B at 10/s | 7B at 40/s |"
        ),
        "|---|---:|---|---:|---|---:|---|---:|---:|",
    ]
    for m in measured:
        new = sum(m.new_tokens)
        first = "-" if m.first_output is None else f"{m.first_output:.1f} s"
        call = m.first_call or "none"
        mark = "right" if m.first_call == m.expected else f"wrong ({m.expected})"
        lines.append(
            f'| "{m.text}" | {m.rounds} | '
            f"{', '.join(map(str, m.prompt_tokens))} | {new} | "
            f"{', '.join(map(str, m.result_tokens)) or '-'} | {first} | "
            f"{call}: {mark} | {_estimate(new, CPU_RATES[0])} | "
            f"{_estimate(new, CPU_RATES[1])} |"
        )
    lines.append("")
    return lines


async def run_tool_model(
    hass: HomeAssistant, agent_id: str, corpus: list[tuple[str, str, str | None]]
) -> list[str]:
    """Run the corpus's first round with the model trained for tool calls.

    Skipped (said so) when scripts/setup has not fetched it. The server uses
    the model's own chat template.
    """
    heading = f"### (f) A model trained for tool calls: {tool_model.MODEL_NAME}"
    if not (llama_server_available() and tool_model.tool_model_available()):
        return await run_real(hass, agent_id, None, corpus, heading)
    async with RealLlamaServer(
        model_file=tool_model.model_file(),
        chat_template=None,
        model=tool_model.MODEL_ALIAS,
    ) as llama:
        return await run_real(
            hass, agent_id, llama, corpus, heading, first_round_only=True
        )
