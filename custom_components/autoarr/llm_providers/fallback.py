"""The fallback chain: several providers behaving as one.

A request goes to the first provider that is not cooling down. When it fails
in a way another provider could fix (refused connection, timeout, 5xx, 429,
malformed output, missing model, rejected key), the next one gets the same
request. A stream is never failed over once content has reached the caller:
the user would hear the answer start twice.

A provider that failed is skipped for a cool-down (a circuit breaker), and a
background task re-probes it with `is_available()` so it comes back as soon
as it recovers; later requests do not wait on a dead host. When every
provider is cooling down, all are tried anyway rather than refusing outright.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
import logging
import time
from typing import Literal, Self, Unpack

from custom_components.autoarr.arr.bounded import loads_bounded

from .base import ChatOptions, LLMProvider, ProviderContext, ProviderSettings, collect
from .errors import (
    AllProvidersFailedError,
    LLMConfigError,
    LLMError,
    LLMMalformedOutputError,
    LLMOverloadedError,
    LLMRateLimitError,
)
from .models import HealthStatus, LLMResponse, Message, StreamDelta

_LOGGER = logging.getLogger(__name__)

DEFAULT_COOLDOWN = 30.0
# Re-probing backs off while a provider stays down, up to this interval.
MAX_PROBE_INTERVAL = 300.0

type Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Attempt:
    """What happened to one provider during one request.

    `outcome` is "ok", "error" (then `error_kind` is the LLMError's kind) or
    "skipped" (cooling down); `elapsed` is the seconds the attempt took.
    """

    provider: str
    outcome: Literal["ok", "error", "skipped"]
    error_kind: str | None = None
    error: str | None = None
    elapsed: float = 0.0


@dataclass(slots=True)
class _Breaker:
    """The circuit breaker state of one provider."""

    open_until: float = 0.0
    failures: int = 0
    last_error: str | None = None
    last_error_kind: str | None = None
    probe: asyncio.Task[None] | None = None


@dataclass(slots=True)
class _Shared:
    """What a chain shares with the views `preferring` makes of it."""

    breakers: dict[int, _Breaker]
    probes: set[asyncio.Task[None]] = field(default_factory=set)
    closed: bool = False
    last_provider: str | None = None
    last_attempts: list[Attempt] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProviderState:
    """A provider's place in the chain, for diagnostics and sensors."""

    name: str
    model: str
    cooling_down: bool
    cooldown_remaining: float
    failures: int
    last_error: str | None
    last_error_kind: str | None


class FallbackChain(LLMProvider):
    """Providers tried in order, itself a provider."""

    kind = "fallback"
    display_name = "Fallback chain"
    default_model = ""

    def __init__(
        self,
        providers: Sequence[LLMProvider],
        *,
        cooldown: float = DEFAULT_COOLDOWN,
        name: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """Chain providers in order of preference.

        `cooldown` is how long a failed provider is skipped (a 429's or 529's
        retry-after, when longer, wins); `clock` and `sleep` drive the breaker
        and the background probes (tests pass their own).
        """
        if not providers:
            raise LLMConfigError("a fallback chain needs at least one provider")
        self.name = name or self.kind
        self.providers = list(providers)
        self.cooldown = cooldown
        self._clock = clock
        self._sleep = sleep
        self._shared = _Shared(
            {id(provider): _Breaker() for provider in self.providers}
        )
        self._owner = True

    def preferring(self, preferred: str | None) -> FallbackChain:
        """Return this chain with one provider (by name or kind) moved first.

        Without a match (None, "auto", an unknown name) this chain itself is
        returned; see `ordered`.
        """
        first = next((p for p in self.providers if preferred in (p.name, p.kind)), None)
        if first is None:
            return self
        return self.ordered([first.name, *(p.name for p in self.providers)])

    def ordered(self, order: Sequence[str]) -> FallbackChain:
        """Return a view of this chain: only the providers named, in that order.

        Providers are named by name or kind; unknown names are ignored, and
        without any known one this chain itself is returned. The view shares
        the breakers, the probes and `last_provider` with this chain, so a
        per-agent order neither forgets which hosts are down nor leaves probes
        behind; closing it does nothing (this chain owns the providers).
        """
        chosen: list[LLMProvider] = []
        for item in order:
            found = next((p for p in self.providers if item in (p.name, p.kind)), None)
            if found is not None and found not in chosen:
                chosen.append(found)
        if not chosen or chosen == self.providers:
            return self
        view = FallbackChain(
            chosen,
            cooldown=self.cooldown,
            name=self.name,
            clock=self._clock,
            sleep=self._sleep,
        )
        view._shared = self._shared
        view._owner = False
        return view

    @property
    def last_provider(self) -> str | None:
        """Return the name of the provider that answered the last request."""
        return self._shared.last_provider

    @property
    def last_attempts(self) -> list[Attempt]:
        """Return what happened to each provider during the last request."""
        return self._shared.last_attempts

    @property
    def _breakers(self) -> dict[int, _Breaker]:
        return self._shared.breakers

    @property
    def _probes(self) -> set[asyncio.Task[None]]:
        return self._shared.probes

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        """Chains are built by the factory from other providers, not settings."""
        raise LLMConfigError("a fallback chain is built by llm.factory.create")

    # A read-only property where the base class has a plain attribute: mypy
    # flags any property overriding an attribute, and a chain's model is only
    # ever read (the providers it holds own theirs).
    @property
    def model(self) -> str:  # type: ignore[override]
        """Return the model that answered last, else the first provider's."""
        for provider in self.providers:
            if provider.name == self.last_provider:
                return provider.model
        return self.providers[0].model

    def states(self) -> list[ProviderState]:
        """Return each provider's breaker state, in chain order."""
        now = self._clock()
        return [
            ProviderState(
                name=provider.name,
                model=provider.model,
                cooling_down=(breaker := self._breakers[id(provider)]).open_until > now,
                cooldown_remaining=max(0.0, breaker.open_until - now),
                failures=breaker.failures,
                last_error=breaker.last_error,
                last_error_kind=breaker.last_error_kind,
            )
            for provider in self.providers
        ]

    def _candidates(self, attempts: list[Attempt]) -> list[LLMProvider]:
        """Return the providers to try, in order; note the skipped ones."""
        now = self._clock()
        ready = [
            provider
            for provider in self.providers
            if self._breakers[id(provider)].open_until <= now
        ]
        if not ready:
            return list(self.providers)
        attempts.extend(
            Attempt(provider.name, "skipped")
            for provider in self.providers
            if provider not in ready
        )
        return ready

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        """Yield the answer of the first provider that can give one.

        Fails over only before anything has been yielded; an error after
        content was streamed is raised as it is.
        """
        attempts: list[Attempt] = []
        self._shared.last_attempts = attempts
        errors: list[tuple[str, LLMError]] = []
        for provider in self._candidates(attempts):
            started = time.monotonic()
            streamed = False
            try:
                async with aclosing(provider.stream(messages, **options)) as deltas:
                    async for delta in deltas:
                        streamed = streamed or bool(delta.content or delta.tool_calls)
                        yield delta
            except LLMError as err:
                attempts.append(self._failed(provider, err, started))
                errors.append((provider.name, err))
                if streamed or not err.failover:
                    raise
                continue
            self._succeeded(provider, attempts, started)
            return
        raise AllProvidersFailedError(errors)

    async def complete(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> LLMResponse:
        """Return the whole answer of the first provider that can give one.

        Unlike `stream`, nothing reaches the caller before the answer is
        whole, so a provider failing half-way is failed over too, and an
        answer that does not parse as the JSON `response_format` asks for
        counts as malformed output.
        """
        attempts: list[Attempt] = []
        self._shared.last_attempts = attempts
        errors: list[tuple[str, LLMError]] = []
        for provider in self._candidates(attempts):
            started = time.monotonic()
            try:
                response = await collect(
                    provider.stream(messages, **options),
                    provider=provider.name,
                    model=provider.model,
                )
                if options.get("response_format") is not None:
                    _check_json(response, provider.name)
            except LLMError as err:
                attempts.append(self._failed(provider, err, started))
                errors.append((provider.name, err))
                if not err.failover:
                    raise
                continue
            self._succeeded(provider, attempts, started)
            return response
        raise AllProvidersFailedError(errors)

    def _succeeded(
        self, provider: LLMProvider, attempts: list[Attempt], started: float
    ) -> None:
        breaker = self._breakers[id(provider)]
        breaker.open_until = 0.0
        breaker.failures = 0
        attempts.append(
            Attempt(provider.name, "ok", elapsed=time.monotonic() - started)
        )
        self._shared.last_provider = provider.name

    def _failed(self, provider: LLMProvider, err: LLMError, started: float) -> Attempt:
        """Open the provider's breaker (when the fault is its own) and record it."""
        attempt = Attempt(
            provider.name,
            "error",
            error_kind=err.kind,
            error=str(err),
            elapsed=time.monotonic() - started,
        )
        _LOGGER.warning(
            "Language model provider %s failed (%s): %s", provider.name, err.kind, err
        )
        if not err.failover:
            return attempt
        breaker = self._breakers[id(provider)]
        breaker.failures += 1
        breaker.last_error = str(err)
        breaker.last_error_kind = err.kind
        wait = self.cooldown
        if isinstance(err, (LLMRateLimitError, LLMOverloadedError)) and err.retry_after:
            wait = max(wait, err.retry_after)
        breaker.open_until = self._clock() + wait
        if not self._shared.closed and (breaker.probe is None or breaker.probe.done()):
            task = asyncio.create_task(
                self._probe(provider, wait), name=f"autoarr llm probe {provider.name}"
            )
            breaker.probe = task
            self._probes.add(task)
            task.add_done_callback(self._probes.discard)
        return attempt

    async def _probe(self, provider: LLMProvider, wait: float) -> None:
        """Re-check a failed provider in the background until it recovers."""
        breaker = self._breakers[id(provider)]
        while True:
            await self._sleep(wait)
            try:
                available = await provider.is_available()
            except Exception:
                _LOGGER.debug("Probing %s failed", provider.name, exc_info=True)
                available = False
            if available:
                _LOGGER.info("Language model provider %s is back", provider.name)
                breaker.open_until = 0.0
                breaker.failures = 0
                return
            wait = min(wait * 2, MAX_PROBE_INTERVAL)
            breaker.open_until = max(breaker.open_until, self._clock() + wait)

    async def wait_for_probes(self) -> None:
        """Wait until the running background probes have finished."""
        while self._probes:
            await asyncio.gather(*list(self._probes), return_exceptions=True)

    async def health_check(self) -> HealthStatus:
        """Check every provider concurrently; available if any one is."""
        results = await asyncio.gather(
            *(provider.health_check() for provider in self.providers)
        )
        available = [r for r in results if r.available]
        models = [
            f"{provider.name}/{model}"
            for provider, result in zip(self.providers, results, strict=True)
            for model in result.models
        ]
        if available:
            return HealthStatus(
                available=True,
                latency=min(r.latency or 0.0 for r in available),
                models=models,
            )
        return HealthStatus(
            available=False,
            models=models,
            error="; ".join(
                f"{provider.name}: {result.error}"
                for provider, result in zip(self.providers, results, strict=True)
            ),
            error_kind=AllProvidersFailedError.kind,
        )

    async def list_models(self) -> list[str]:
        """Return every provider's models as "provider/model"."""
        return (await self.health_check()).models

    async def close(self) -> None:
        """Cancel the background probes and close every provider.

        A chain made by `preferring` owns nothing: closing it does nothing.
        """
        if not self._owner:
            return
        self._shared.closed = True
        probes = list(self._probes)
        for task in probes:
            task.cancel()
        await asyncio.gather(*probes, return_exceptions=True)
        for provider in self.providers:
            await provider.close()


def _check_json(response: LLMResponse, provider: str) -> None:
    """Raise malformed output unless a structured answer parses as JSON."""
    try:
        loads_bounded(response.content)
    except ValueError as err:
        raise LLMMalformedOutputError(
            "the answer is not the JSON document that was asked for",
            provider=provider,
        ) from err
