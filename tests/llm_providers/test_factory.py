"""The registry and factory: configuration hierarchy, chains, availability."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Sequence
from typing import Self, Unpack

import aiohttp
import pytest

from custom_components.autoarr.llm_providers import (
    ChatOptions,
    FallbackChain,
    HealthStatus,
    LLMConfigError,
    LLMProvider,
    Message,
    ProviderContext,
    ProviderInfo,
    ProviderSettings,
    StreamDelta,
    factory,
)
from custom_components.autoarr.llm_providers.anthropic import AnthropicProvider
from custom_components.autoarr.llm_providers.factory import ProviderFactory
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.llm_servers import AnthropicServer, OllamaServer, refusing_url

from .conftest import ANTHROPIC_KEY


def test_registry_lists_the_builtin_providers() -> None:
    """Ollama, Anthropic and OpenAI-compatible servers are registered."""
    assert factory.list_providers() == ["ollama", "anthropic", "openai_compat"]
    info = {item.name: item for item in factory.get_provider_info()}
    assert info["ollama"] == ProviderInfo(
        name="ollama",
        display_name="Ollama",
        local=True,
        requires_api_key=False,
        default_model="qwen2.5:7b",
        default_url="http://localhost:11434",
    )
    assert info["anthropic"].requires_api_key
    assert not info["anthropic"].local
    assert info["anthropic"].default_model == "claude-haiku-4-5"
    assert info["openai_compat"].default_url == "http://localhost:1234/v1"


def test_defaults(session: aiohttp.ClientSession) -> None:
    """With nothing configured: Ollama at localhost with qwen2.5:7b."""
    provider = factory.create(fallback=False, session=session)
    assert isinstance(provider, OllamaProvider)
    assert (provider.url, provider.model) == ("http://localhost:11434", "qwen2.5:7b")
    chain = factory.create(session=session)
    assert isinstance(chain, FallbackChain)
    # Anthropic has no key, so it is left out.
    assert [p.name for p in chain.providers] == ["ollama"]


def test_explicit_configuration(
    session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config gives each setting; an empty value means the default.

    The environment is never read: variables that once configured the
    factory change nothing.
    """
    for name, value in {
        "OLLAMA_URL": "http://gpu-box:11434",
        "OLLAMA_MODEL": "llama3.1:8b",
        "ANTHROPIC_API_KEY": ANTHROPIC_KEY,
        "LLM_PROVIDER": "anthropic",
        "LLM_FALLBACK_ORDER": "anthropic",
        "OPENAI_COMPAT_URL": "http://lmstudio:1234",
    }.items():
        monkeypatch.setenv(name, value)
    chain = factory.create(session=session)
    assert isinstance(chain, FallbackChain)
    assert [p.name for p in chain.providers] == ["ollama"]
    assert not factory.is_configured("openai_compat")

    explicit = factory.create(
        config={
            "ollama_model": "qwen2.5:3b",
            "ollama_url": "",
            "ollama_options": {"num_ctx": 4096},
        },
        fallback=False,
        session=session,
    )
    assert isinstance(explicit, OllamaProvider)
    assert (explicit.url, explicit.model, explicit.num_ctx) == (
        "http://localhost:11434",
        "qwen2.5:3b",
        4096,
    )
    chain = factory.create(
        config={
            "anthropic_api_key": ANTHROPIC_KEY,
            "anthropic_model": "claude-sonnet-4-5",
        },
        session=session,
    )
    assert isinstance(chain, FallbackChain)
    _, anthropic = chain.providers
    assert isinstance(anthropic, AnthropicProvider)
    assert anthropic.model == "claude-sonnet-4-5"


def test_primary_and_fallback_order(session: aiohttp.ClientSession) -> None:
    """ "provider" picks the first; "fallback_order" the rest, no repeats."""
    config = {
        "provider": "anthropic",
        "fallback_order": "openai_compat, ollama, anthropic, unknown",
        "anthropic_api_key": ANTHROPIC_KEY,
        "openai_compat_url": "http://lmstudio:1234",
    }
    chain = factory.create(config=config, session=session)
    assert isinstance(chain, FallbackChain)
    assert [p.name for p in chain.providers] == ["anthropic", "openai_compat", "ollama"]
    assert factory.fallback_order(config=config) == [
        "anthropic",
        "openai_compat",
        "ollama",
        "unknown",
    ]
    # A name given beats the configured primary; a list works as well.
    assert factory.fallback_order("ollama", {"fallback_order": ["anthropic"]}) == [
        "ollama",
        "anthropic",
    ]
    assert factory.fallback_order(config={"provider": "openai_compat"}) == [
        "openai_compat",
        "ollama",
        "anthropic",
    ]


def test_configuration_errors(session: aiohttp.ClientSession) -> None:
    """Unknown names, a missing key and a missing session are reported."""
    with pytest.raises(LLMConfigError, match="unknown language model provider 'gpt'"):
        factory.create("gpt", fallback=False, session=session)
    with pytest.raises(LLMConfigError, match="API key"):
        factory.create("anthropic", fallback=False)
    with pytest.raises(
        LLMConfigError, match="none of the providers anthropic is configured"
    ):
        factory.create("anthropic", {"fallback_order": "anthropic"})
    with pytest.raises(LLMConfigError, match="aiohttp session"):
        factory.create(fallback=False)
    assert not factory.is_configured("anthropic")
    # An OpenAI-compatible server has no standard address: only with a URL.
    assert not factory.is_configured("openai_compat")
    assert factory.is_configured(
        "openai_compat", {"openai_compat_url": "http://h:1234"}
    )
    assert factory.is_configured("ollama")
    assert factory.is_configured("anthropic", {"anthropic_api_key": ANTHROPIC_KEY})


class BarrierProvider(LLMProvider):
    """Its health check only returns once every check has started."""

    kind = "barrier"
    display_name = "Barrier"
    default_model = "m"
    default_url = None
    started: list[str]
    all_started: asyncio.Event
    expected = 0

    def __init__(self, name: str) -> None:
        self.name = name
        self.model = "m"

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        return cls(settings.model)

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        yield StreamDelta(content="x")

    async def health_check(self) -> HealthStatus:
        type(self).started.append(self.name)
        if len(type(self).started) == type(self).expected:
            type(self).all_started.set()
        # Checked one after the other, the first would wait here forever.
        async with asyncio.timeout(5):
            await type(self).all_started.wait()
        return HealthStatus(available=self.name != "down", models=[self.name])

    async def list_models(self) -> list[str]:
        return [self.model]


async def test_health_checks_run_concurrently() -> None:
    """get_available_providers checks every provider at the same time."""
    registry = ProviderFactory()
    for name in ("one", "two", "down"):
        registry.register_provider(name, type(f"P{name}", (BarrierProvider,), {}))
    BarrierProvider.started = []
    BarrierProvider.all_started = asyncio.Event()
    BarrierProvider.expected = 3
    config = {"one_model": "one", "two_model": "two", "down_model": "down"}
    assert await registry.get_available_providers(config) == ["one", "two"]
    assert sorted(BarrierProvider.started) == ["down", "one", "two"]
    assert [info.name for info in registry.get_provider_info()] == [
        "one",
        "two",
        "down",
    ]


async def test_available_providers_over_the_wire(
    session: aiohttp.ClientSession,
) -> None:
    """Real health checks: a running Ollama and Anthropic, a refused server."""
    async with (
        OllamaServer() as ollama,
        AnthropicServer(api_key=ANTHROPIC_KEY) as anthropic,
    ):
        config = {
            "ollama_url": ollama.url,
            "anthropic_url": anthropic.url,
            "anthropic_api_key": ANTHROPIC_KEY,
            "openai_compat_url": refusing_url(),
        }
        results = await factory.check_providers(config, session=session)
        assert {name: status.available for name, status in results.items()} == {
            "ollama": True,
            "anthropic": True,
            "openai_compat": False,
        }
        assert results["openai_compat"].error_kind == "connection"
        assert await factory.get_available_providers(config, session=session) == [
            "ollama",
            "anthropic",
        ]
        # A provider that cannot even be built is reported, not raised.
        broken = await factory.check_providers(
            {"ollama_url": "ftp://x"}, session=session
        )
        assert (broken["ollama"].available, broken["ollama"].error_kind) == (
            False,
            "config",
        )


async def test_chain_from_factory_answers(session: aiohttp.ClientSession) -> None:
    """The created chain talks to the configured servers."""
    async with AnthropicServer(api_key=ANTHROPIC_KEY) as anthropic:
        chain = factory.create(
            config={
                "ollama_url": refusing_url(),
                "anthropic_url": anthropic.url,
                "anthropic_api_key": ANTHROPIC_KEY,
                "anthropic_options": {"max_retries": 0},
            },
            session=session,
        )
        try:
            response = await chain.complete([Message.user("hello")])
        finally:
            await chain.close()
    assert (response.provider, response.content) == ("anthropic", "You said: hello")


def test_openai_compat_by_name(session: aiohttp.ClientSession) -> None:
    """create_one builds a single provider by name."""
    provider = factory.create_one(
        "openai_compat",
        {"openai_compat_url": "http://127.0.0.1:8080", "openai_compat_model": "m"},
        session=session,
    )
    assert isinstance(provider, OpenAICompatibleProvider)
    assert provider.model == "m"
