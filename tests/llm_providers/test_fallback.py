"""FallbackChain: failover rules, the circuit breaker and background probes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Sequence
from typing import Any, Self, Unpack

import aiohttp
import pytest

from custom_components.autoarr.llm_providers import (
    AllProvidersFailedError,
    ChatOptions,
    FallbackChain,
    HealthStatus,
    LLMBadRequestError,
    LLMConfigError,
    LLMMalformedOutputError,
    LLMProvider,
    LLMServerError,
    Message,
    ProviderContext,
    ProviderSettings,
    StreamDelta,
)
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from tests.support.llm_servers import (
    BreakMidStream,
    Fail,
    OllamaServer,
    Reply,
    refusing_url,
)

CONVERSATION = [Message.user("What is downloading?")]


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class GatedSleep:
    """A sleep that records its delay and returns when the test releases it."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self._gate: asyncio.Queue[None] = asyncio.Queue()

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await self._gate.get()

    def release(self, count: int = 1) -> None:
        """Let `count` sleeps (pending or future) return."""
        for _ in range(count):
            self._gate.put_nowait(None)


async def settle(condition: Callable[[], bool]) -> None:
    """Let other tasks run until condition holds (no wall-clock involved)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


class ScriptedProvider(LLMProvider):
    """A provider without a server, for rules that need no wire protocol."""

    kind = "scripted"
    display_name = "Scripted"
    default_model = "scripted-model"

    def __init__(
        self, name: str, steps: list[Any], *, available: bool | Exception = True
    ) -> None:
        self.name = name
        self.model = f"{name}-model"
        self.steps = steps
        self.available = available
        self.calls = 0
        self.closed = False

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        return cls(settings.model, [])

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        self.calls += 1
        for step in self.steps:
            if isinstance(step, Exception):
                raise step
            yield StreamDelta(content=step, provider=self.name, model=self.model)

    async def health_check(self) -> HealthStatus:
        if isinstance(self.available, Exception):
            raise self.available
        return HealthStatus(
            available=self.available,
            latency=0.01,
            models=[self.model],
            error=None if self.available else "down",
        )

    async def list_models(self) -> list[str]:
        return [self.model]

    async def close(self) -> None:
        self.closed = True


async def test_needs_providers_and_is_not_built_from_settings() -> None:
    """An empty chain is a configuration error; the factory builds chains."""
    with pytest.raises(LLMConfigError):
        FallbackChain([])
    with pytest.raises(LLMConfigError):
        FallbackChain.from_settings(ProviderSettings(model="x"), ProviderContext())


async def test_first_healthy_provider_answers() -> None:
    """The first provider answers; the others are not asked."""
    first, second = ScriptedProvider("a", ["Hi"]), ScriptedProvider("b", ["Yo"])
    chain = FallbackChain([first, second])
    try:
        response = await chain.complete(CONVERSATION)
    finally:
        await chain.close()
    assert (response.content, response.provider, response.model) == (
        "Hi",
        "a",
        "a-model",
    )
    assert chain.last_provider == "a"
    assert chain.model == "a-model"
    assert second.calls == 0
    assert [(a.provider, a.outcome) for a in chain.last_attempts] == [("a", "ok")]
    assert first.closed and second.closed


async def test_model_before_any_answer_is_the_first_providers() -> None:
    """Until something answered, the chain names the first provider's model."""
    chain = FallbackChain([ScriptedProvider("a", []), ScriptedProvider("b", [])])
    assert chain.model == "a-model"
    await chain.close()


async def test_no_failover_after_content_was_streamed() -> None:
    """A provider failing half-way through a stream is not replaced."""
    first = ScriptedProvider("a", ["Two ", LLMServerError("crashed")])
    second = ScriptedProvider("b", ["Yo"])
    chain = FallbackChain([first, second])
    received: list[str] = []

    async def consume() -> None:
        async for delta in chain.stream(CONVERSATION):
            received.append(delta.content)  # noqa: PERF401 - keeps what came before the error

    try:
        with pytest.raises(LLMServerError, match="crashed"):
            await consume()
    finally:
        await chain.close()
    assert received == ["Two "]
    assert second.calls == 0
    assert [(a.provider, a.outcome, a.error_kind) for a in chain.last_attempts] == [
        ("a", "error", "server")
    ]


async def test_complete_fails_over_even_after_partial_output() -> None:
    """complete() shows nothing before the end, so a half answer fails over."""
    first = ScriptedProvider("a", ["Two ", LLMServerError("crashed")])
    chain = FallbackChain([first, ScriptedProvider("b", ["Yo"])])
    try:
        response = await chain.complete(CONVERSATION)
    finally:
        await chain.close()
    assert (response.content, response.provider) == ("Yo", "b")


async def test_structured_output_that_is_not_json_fails_over() -> None:
    """With a response format, an answer that is not JSON is malformed output."""
    chain = FallbackChain(
        [ScriptedProvider("a", ["not json"]), ScriptedProvider("b", ['{"n": 1}'])]
    )
    try:
        response = await chain.complete(
            CONVERSATION, response_format={"type": "object"}
        )
    finally:
        await chain.close()
    assert response.content == '{"n": 1}'
    assert chain.last_attempts[0].error_kind == LLMMalformedOutputError.kind


async def test_request_errors_are_not_failed_over() -> None:
    """A bad request is raised at once and trips no breaker."""
    second = ScriptedProvider("b", ["Yo"])
    chain = FallbackChain([ScriptedProvider("a", [LLMBadRequestError("bad")]), second])
    try:
        with pytest.raises(LLMBadRequestError):
            await chain.complete(CONVERSATION)
        with pytest.raises(LLMBadRequestError):
            async for _ in chain.stream(CONVERSATION):
                pass
        assert not chain.states()[0].cooling_down
    finally:
        await chain.close()
    assert second.calls == 0


async def test_all_failed_lists_every_error() -> None:
    """When every provider fails, each one's error is reported."""
    chain = FallbackChain(
        [
            ScriptedProvider("a", [LLMServerError("a down")]),
            ScriptedProvider("b", [LLMServerError("b down")]),
        ]
    )
    try:
        with pytest.raises(AllProvidersFailedError) as caught:
            await chain.complete(CONVERSATION)
    finally:
        await chain.close()
    assert [(name, str(err)) for name, err in caught.value.errors] == [
        ("a", "a down"),
        ("b", "b down"),
    ]
    assert "a: server: a down; b: server: b down" in str(caught.value)
    assert (
        AllProvidersFailedError([]).args[0]
        == "no language model provider is configured"
    )


async def test_breaker_skips_a_failed_provider_until_the_cooldown_ends() -> None:
    """A failed provider is skipped during its cool-down, then tried again."""
    clock = FakeClock()
    first = ScriptedProvider("a", [LLMServerError("down")])
    chain = FallbackChain(
        [first, ScriptedProvider("b", ["Yo"])],
        cooldown=30,
        clock=clock,
        sleep=GatedSleep(),
    )
    try:
        await chain.complete(CONVERSATION)
        await chain.complete(CONVERSATION)
        assert first.calls == 1
        assert [(a.provider, a.outcome) for a in chain.last_attempts] == [
            ("a", "skipped"),
            ("b", "ok"),
        ]
        (state_a, state_b) = chain.states()
        assert (state_a.cooling_down, state_a.cooldown_remaining, state_a.failures) == (
            True,
            30,
            1,
        )
        assert (state_a.last_error, state_a.last_error_kind) == ("down", "server")
        assert not state_b.cooling_down

        clock.now += 31
        first.steps = ["Back"]
        response = await chain.complete(CONVERSATION)
        assert response.provider == "a"
        assert chain.states()[0].failures == 0
    finally:
        await chain.close()


async def test_when_all_are_cooling_down_all_are_tried() -> None:
    """Rather than refusing, a chain whose providers all cool down tries them."""
    clock = FakeClock()
    a = ScriptedProvider("a", [LLMServerError("down")])
    b = ScriptedProvider("b", [LLMServerError("down")])
    chain = FallbackChain([a, b], clock=clock, sleep=GatedSleep())
    try:
        with pytest.raises(AllProvidersFailedError):
            await chain.complete(CONVERSATION)
        b.steps = ["Yo"]
        response = await chain.complete(CONVERSATION)
    finally:
        await chain.close()
    assert response.provider == "b"
    assert [a.outcome for a in chain.last_attempts] == ["error", "ok"]


async def test_retry_after_longer_than_the_cooldown_wins() -> None:
    """A 429 asking for a longer wait keeps the provider out that long."""
    from custom_components.autoarr.llm_providers import LLMRateLimitError

    clock = FakeClock()
    chain = FallbackChain(
        [
            ScriptedProvider("a", [LLMRateLimitError("slow", retry_after=90)]),
            ScriptedProvider("b", ["Yo"]),
        ],
        cooldown=30,
        clock=clock,
        sleep=GatedSleep(),
    )
    try:
        await chain.complete(CONVERSATION)
        assert chain.states()[0].cooldown_remaining == 90
    finally:
        await chain.close()


async def test_background_probe_brings_a_provider_back(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """After a failure a probe re-checks the provider and closes the breaker."""
    clock = FakeClock()
    sleep = GatedSleep()
    ollama = OllamaProvider(session, ollama_server.url)
    chain = FallbackChain(
        [ollama, ScriptedProvider("b", ["Yo"])], cooldown=30, clock=clock, sleep=sleep
    )
    ollama_server.script(Fail(500, "model crashed"))
    try:
        assert (await chain.complete(CONVERSATION)).provider == "b"
        assert chain.states()[0].cooling_down
        # /api/tags answers again: the probe finds Ollama healthy.
        sleep.release()
        await chain.wait_for_probes()
        assert sleep.delays == [30]
        assert not chain.states()[0].cooling_down
        ollama_server.script(Reply("Ollama again."))
        assert (await chain.complete(CONVERSATION)).provider == "ollama"
    finally:
        await chain.close()


@pytest.mark.parametrize(
    "available", [False, RuntimeError("probe bug")], ids=["down", "probe-raises"]
)
async def test_probe_backs_off_while_down_and_close_cancels_it(
    available: bool | Exception,
) -> None:
    """A provider that stays down is probed less and less often; close ends it."""
    clock = FakeClock()
    sleep = GatedSleep()
    broken = ScriptedProvider("a", [LLMServerError("down")], available=available)
    chain = FallbackChain(
        [broken, ScriptedProvider("b", ["Yo"])], cooldown=10, clock=clock, sleep=sleep
    )
    await chain.complete(CONVERSATION)
    await settle(lambda: len(sleep.delays) == 1)
    sleep.release()
    await settle(lambda: len(sleep.delays) == 2)
    sleep.release()
    await settle(lambda: len(sleep.delays) == 3)
    # The wait doubled after each failed check, and the breaker stays open.
    assert sleep.delays == [10, 20, 40]
    assert chain.states()[0].cooldown_remaining == 40
    await chain.close()
    assert broken.closed
    await chain.wait_for_probes()
    # A closed chain starts no new probes.
    clock.now += 1000
    broken.steps = [LLMServerError("still down")]
    await chain.complete(CONVERSATION)
    assert not chain._probes


async def test_health_check_and_models() -> None:
    """The chain is available if any provider is; models are prefixed."""
    chain = FallbackChain(
        [ScriptedProvider("a", [], available=False), ScriptedProvider("b", [])]
    )
    down = FallbackChain([ScriptedProvider("a", [], available=False)])
    try:
        health = await chain.health_check()
        assert (health.available, health.models) == (True, ["a/a-model", "b/b-model"])
        assert health.latency == 0.01
        assert await chain.list_models() == ["a/a-model", "b/b-model"]
        unavailable = await down.health_check()
        assert (unavailable.available, unavailable.error, unavailable.error_kind) == (
            False,
            "a: down",
            "all_failed",
        )
    finally:
        await chain.close()
        await down.close()


async def test_break_mid_stream_over_the_wire(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Over a real stream: content then an error line is raised, not failed over."""
    ollama_server.script(BreakMidStream("Two downloads", "runner crashed"))
    second = ScriptedProvider("b", ["Yo"])
    chain = FallbackChain([OllamaProvider(session, ollama_server.url), second])
    try:
        with pytest.raises(LLMServerError, match="runner crashed"):
            async for _ in chain.stream(CONVERSATION):
                pass
    finally:
        await chain.close()
    assert second.calls == 0


async def test_refused_provider_is_skipped_by_later_requests(
    session: aiohttp.ClientSession,
) -> None:
    """With Ollama refusing, the next request does not even try it."""
    chain = FallbackChain(
        [OllamaProvider(session, refusing_url()), ScriptedProvider("b", ["Yo"])]
    )
    try:
        await chain.complete(CONVERSATION)
        assert [(a.outcome, a.error_kind) for a in chain.last_attempts] == [
            ("error", "connection"),
            ("ok", None),
        ]
        await chain.complete(CONVERSATION)
        assert [(a.provider, a.outcome) for a in chain.last_attempts] == [
            ("ollama", "skipped"),
            ("b", "ok"),
        ]
    finally:
        await chain.close()


async def test_preferring_shares_breakers_probes_and_last_provider() -> None:
    """A per-agent preference reorders the chain but keeps its state."""
    clock = FakeClock()
    sleep = GatedSleep()
    ollama = ScriptedProvider("ollama", ["local"])
    claude = ScriptedProvider("anthropic", [LLMServerError("down")])
    chain = FallbackChain([ollama, claude], cooldown=30, clock=clock, sleep=sleep)
    assert chain.preferring(None) is chain
    assert chain.preferring("auto") is chain
    assert chain.preferring("ollama") is chain

    view = chain.preferring("anthropic")
    assert [p.name for p in view.providers] == ["anthropic", "ollama"]
    assert (view.name, view.cooldown) == (chain.name, chain.cooldown)
    response = await view.complete(CONVERSATION)
    assert response.provider == "ollama"
    # The parent sees what the view did: who answered, and the open breaker.
    assert chain.last_provider == "ollama"
    assert [a.outcome for a in chain.last_attempts] == ["error", "ok"]
    assert chain.states()[1].cooling_down
    assert len(chain._probes) == 1
    # A new view skips the provider that failed through the first one.
    await chain.preferring("anthropic").complete(CONVERSATION)
    assert claude.calls == 1
    # Closing a view closes nothing; the parent cancels the shared probe.
    await view.close()
    assert not ollama.closed
    assert len(chain._probes) == 1
    await chain.close()
    assert ollama.closed and claude.closed
    await chain.wait_for_probes()
    assert not chain._probes


async def test_ordered_keeps_only_the_providers_named() -> None:
    """An agent's full order: those named, in that order, sharing the state."""
    ollama = ScriptedProvider("ollama", [LLMServerError("down")])
    claude = ScriptedProvider("anthropic", ["cloud"])
    chain = FallbackChain(
        [ollama, claude], cooldown=30, clock=FakeClock(), sleep=GatedSleep()
    )
    assert chain.ordered(["nothing"]) is chain
    assert chain.ordered(["ollama", "anthropic", "ollama"]) is chain
    with pytest.raises(AllProvidersFailedError):
        await chain.ordered(["ollama"]).complete(CONVERSATION)
    assert claude.calls == 0
    # The failure is the parent's too: Claude answers at once.
    view = chain.ordered(["x", "anthropic", "ollama"])
    assert [p.name for p in view.providers] == ["anthropic", "ollama"]
    assert (await chain.complete(CONVERSATION)).provider == "anthropic"
    assert ollama.calls == 1
    await chain.close()
    await chain.wait_for_probes()
