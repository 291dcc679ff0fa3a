"""The failover matrix: every fault kind at every position of a real chain.

The chain is Ollama, then Anthropic (through the real SDK), then an
OpenAI-compatible server, each against its local scripted server. For each
fault kind, the providers at the faulty positions fail that way; the test
checks which provider answered, the error kind recorded for every attempt
(a refused connection is recorded as "connection", never as the timeout it
would be if the chain had waited on it), that later requests skip the failed
providers, and that no API key appears in any log record or exception.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
import logging

import aiohttp
import httpx
import pytest

from custom_components.autoarr.llm_providers import (
    AllProvidersFailedError,
    FallbackChain,
    LLMProvider,
    Message,
)
from custom_components.autoarr.llm_providers.anthropic import AnthropicProvider
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.llm_servers import (
    AnthropicServer,
    Drop,
    Fail,
    Garbage,
    Hang,
    OllamaServer,
    OpenAIServer,
    Reply,
    ScriptedServer,
    Stall,
    Turn,
    refusing_url,
)

from .conftest import ANTHROPIC_KEY, OPENAI_KEY

POSITIONS = ("ollama", "anthropic", "openai_compat")
# Short enough to keep the timeout and stall cases quick.
FAULT_TIMEOUT = 0.3
HEALTHY_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Fault:
    """A way for a provider to fail, and the error kind it must be recorded as."""

    kind: str
    turn: Callable[[str], Turn] | None  # None: the connection is refused
    # Only a fault that is found by waiting gets the short deadline. The
    # others keep the healthy one, so that a loaded machine, slow to answer
    # a 500, cannot turn them into a timeout.
    found_by_waiting: bool = False

    def __str__(self) -> str:
        return self.kind


FAULTS = [
    Fault("connection", None),
    Fault("timeout", lambda _: Hang(), found_by_waiting=True),
    Fault("server", lambda _: Fail(500, "internal error")),
    Fault(
        "overloaded",
        lambda name: Fail(529 if name == "anthropic" else 503, "overloaded"),
    ),
    Fault("rate_limit", lambda _: Fail(429, "rate limited", retry_after=1)),
    Fault("malformed", lambda _: Garbage()),
    Fault("model_not_found", lambda _: Fail(404, "model not found")),
    Fault("auth", lambda _: Fail(401, "bad key")),
    Fault("dropped", lambda _: Drop()),
    # Headers sent, then silence before any content.
    Fault("stalled", lambda _: Stall(""), found_by_waiting=True),
]
# A dropped connection is a connection error, a stalled stream a timeout.
RECORDED_KIND = {"dropped": "connection", "stalled": "timeout"}
FAULTY_POSITIONS = [(0,), (1,), (2,), (0, 1), (1, 2), (0, 1, 2)]


@pytest.fixture
async def servers() -> AsyncIterator[dict[str, ScriptedServer]]:
    """Start one server per position."""
    async with AsyncExitStack() as stack:
        yield {
            "ollama": await stack.enter_async_context(OllamaServer()),
            "anthropic": await stack.enter_async_context(
                AnthropicServer(api_key=ANTHROPIC_KEY)
            ),
            "openai_compat": await stack.enter_async_context(
                OpenAIServer(api_key=OPENAI_KEY)
            ),
        }


def build_chain(
    session: aiohttp.ClientSession,
    servers: dict[str, ScriptedServer],
    fault: Fault,
    faulty: tuple[int, ...],
) -> FallbackChain:
    """Build the chain, pointing refused positions at a closed port."""
    providers: list[LLMProvider] = []
    for index, name in enumerate(POSITIONS):
        is_faulty = index in faulty
        url = refusing_url() if is_faulty and fault.turn is None else servers[name].url
        # A refused provider keeps the long timeout: were the chain to wait on
        # it, the attempt would be recorded as a timeout, not "connection".
        timeout = (
            FAULT_TIMEOUT if is_faulty and fault.found_by_waiting else HEALTHY_TIMEOUT
        )
        if is_faulty and fault.turn is not None:
            servers[name].script(fault.turn(name))
        servers[name].script(Reply(f"answer from {name}"))
        if name == "ollama":
            providers.append(OllamaProvider(session, url, read_timeout=timeout))
        elif name == "anthropic":
            # No retries here: the chain, not the provider, handles the fault.
            providers.append(
                AnthropicProvider(
                    ANTHROPIC_KEY,
                    base_url=url,
                    # Connecting is never what times out here, even on a
                    # loaded machine: only the reads do.
                    timeout=httpx.Timeout(timeout, connect=HEALTHY_TIMEOUT),
                    max_retries=0,
                )
            )
        else:
            providers.append(
                OpenAICompatibleProvider(
                    session, url, api_key=OPENAI_KEY, read_timeout=timeout
                )
            )
    return FallbackChain(providers, cooldown=60)


def assert_no_secret(caplog: pytest.LogCaptureFixture, *texts: str) -> None:
    for secret in (ANTHROPIC_KEY, OPENAI_KEY):
        for record in caplog.records:
            assert secret not in record.getMessage()
        for text in texts:
            assert secret not in text


@pytest.mark.parametrize(
    "faulty", FAULTY_POSITIONS, ids=lambda p: "faulty-" + "-".join(map(str, p))
)
@pytest.mark.parametrize("fault", FAULTS, ids=str)
async def test_failover_matrix(
    session: aiohttp.ClientSession,
    servers: dict[str, ScriptedServer],
    caplog: pytest.LogCaptureFixture,
    fault: Fault,
    faulty: tuple[int, ...],
) -> None:
    """The first healthy provider answers; each failed attempt has its kind."""
    caplog.set_level(logging.DEBUG)
    kind = RECORDED_KIND.get(fault.kind, fault.kind)
    chain = build_chain(session, servers, fault, faulty)
    answering = next((i for i in range(len(POSITIONS)) if i not in faulty), None)
    try:
        if answering is None:
            with pytest.raises(AllProvidersFailedError) as caught:
                async for _ in chain.stream([Message.user("What is downloading?")]):
                    pass
            assert [err.kind for _, err in caught.value.errors] == [kind] * 3
            assert_no_secret(caplog, str(caught.value), repr(caught.value.errors))
        else:
            deltas = [
                d async for d in chain.stream([Message.user("What is downloading?")])
            ]
            text = "".join(d.content for d in deltas)
            assert text == f"answer from {POSITIONS[answering]}"
            assert chain.last_provider == POSITIONS[answering]
            assert deltas[-1].provider == POSITIONS[answering]
        expected = [
            (POSITIONS[i], "error", kind)
            for i in faulty
            if answering is None or i < answering
        ]
        if answering is not None:
            expected.append((POSITIONS[answering], "ok", None))
        assert [
            (a.provider, a.outcome, a.error_kind) for a in chain.last_attempts
        ] == expected
        # Providers after the one that answered were never asked.
        for index, name in enumerate(POSITIONS):
            asked = answering is None or index <= answering
            assert bool(servers[name].chat_requests()) == (
                asked and not (index in faulty and fault.turn is None)
            )

        # The next request skips what failed: no time spent on a dead host.
        if answering is not None:
            response = await chain.complete([Message.user("And now?")])
            assert response.provider == POSITIONS[answering]
            skipped = [
                a.provider for a in chain.last_attempts if a.outcome == "skipped"
            ]
            assert skipped == [POSITIONS[i] for i in faulty if i < answering]
        assert_no_secret(caplog, *(a.error or "" for a in chain.last_attempts))
    finally:
        await chain.close()


@pytest.mark.parametrize(
    "faulty", [(0,), (0, 1)], ids=lambda p: "faulty-" + "-".join(map(str, p))
)
@pytest.mark.parametrize("fault", FAULTS, ids=str)
async def test_failover_matrix_complete(
    session: aiohttp.ClientSession,
    servers: dict[str, ScriptedServer],
    fault: Fault,
    faulty: tuple[int, ...],
) -> None:
    """complete() fails over the same way as stream()."""
    kind = RECORDED_KIND.get(fault.kind, fault.kind)
    chain = build_chain(session, servers, fault, faulty)
    answering = POSITIONS[len(faulty)]
    try:
        response = await chain.complete([Message.user("What is downloading?")])
    finally:
        await chain.close()
    assert (response.content, response.provider) == (
        f"answer from {answering}",
        answering,
    )
    assert [(a.outcome, a.error_kind) for a in chain.last_attempts] == [
        *[("error", kind)] * len(faulty),
        ("ok", None),
    ]


async def test_refused_ollama_costs_later_requests_nothing(
    session: aiohttp.ClientSession, servers: dict[str, ScriptedServer]
) -> None:
    """Ollama refusing: the first request fails over on the refusal itself
    (not on a timeout, though Ollama's timeouts are long), later ones skip it."""
    ollama = OllamaProvider(
        session, refusing_url(), connect_timeout=30, read_timeout=30
    )
    claude = AnthropicProvider(
        ANTHROPIC_KEY, base_url=servers["anthropic"].url, max_retries=0
    )
    chain = FallbackChain([ollama, claude], cooldown=60)
    try:
        first = await chain.complete([Message.user("hi")])
        assert first.provider == "anthropic"
        assert [(a.provider, a.outcome, a.error_kind) for a in chain.last_attempts] == [
            ("ollama", "error", "connection"),
            ("anthropic", "ok", None),
        ]
        second = await chain.complete([Message.user("again")])
        assert second.provider == "anthropic"
        assert [(a.provider, a.outcome) for a in chain.last_attempts] == [
            ("ollama", "skipped"),
            ("anthropic", "ok"),
        ]
        assert chain.last_attempts[0].elapsed == 0.0
        state = chain.states()[0]
        assert (state.cooling_down, state.last_error_kind) == (True, "connection")
    finally:
        await chain.close()
