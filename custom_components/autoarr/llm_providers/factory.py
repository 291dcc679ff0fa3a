"""The provider registry and factory.

Configuration is the explicit `config` mapping, then the providers'
defaults; nothing is read from the environment (Home Assistant's config
entries are the only configuration of the integration, and the programs that
use the library pass their own `config`).

Config keys: "provider", "fallback_order" (a list or a comma-separated
string), and per provider "<name>_url", "<name>_model", "<name>_api_key" and
"<name>_options" (a dict of keyword arguments, e.g. {"num_ctx": 16384}).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .anthropic import AnthropicProvider
from .base import LLMProvider, ProviderContext, ProviderSettings
from .errors import LLMConfigError, LLMError
from .fallback import DEFAULT_COOLDOWN, FallbackChain
from .models import HealthStatus, ProviderInfo
from .ollama import OllamaProvider
from .openai_compat import OpenAICompatibleProvider

if TYPE_CHECKING:
    import aiohttp

    from .base import HttpClient

DEFAULT_PROVIDER = "ollama"
DEFAULT_FALLBACK_ORDER = ("ollama", "anthropic")


class ProviderFactory:
    """A registry of provider classes that builds providers and chains."""

    def __init__(self) -> None:
        """Start with no provider registered."""
        self._registry: dict[str, type[LLMProvider]] = {}

    def register_provider(self, name: str, cls: type[LLMProvider]) -> None:
        """Register a provider class under a name (replacing any before)."""
        self._registry[name] = cls

    def list_providers(self) -> list[str]:
        """Return the registered names, in registration order."""
        return list(self._registry)

    def get_provider_info(self) -> list[ProviderInfo]:
        """Return what each registered provider is and needs."""
        return [replace(cls.info(), name=name) for name, cls in self._registry.items()]

    def settings(
        self,
        name: str,
        config: Mapping[str, Any] | None = None,
    ) -> ProviderSettings:
        """Return one provider's settings, resolved through the hierarchy."""
        cls = self._class(name)
        options = (config or {}).get(f"{name}_options") or {}
        return ProviderSettings(
            model=self._explicit(name, "model", config) or cls.default_model,
            url=self._explicit(name, "url", config) or cls.default_url,
            api_key=self._explicit(name, "api_key", config),
            options=dict(options),
        )

    @staticmethod
    def _explicit(name: str, key: str, config: Mapping[str, Any] | None) -> Any:
        """Return a setting from the configuration; None when empty or absent."""
        value = (config or {}).get(f"{name}_{key}")
        return None if value in (None, "") else value

    def is_configured(
        self,
        name: str,
        config: Mapping[str, Any] | None = None,
    ) -> bool:
        """Return whether a provider has what it needs (an API key, a URL).

        Providers with `requires_url` (OpenAI-compatible servers, which have
        no standard port) count only when a URL was given.
        """
        cls = self._class(name)
        if cls.requires_api_key and not self._explicit(name, "api_key", config):
            return False
        return not cls.requires_url or bool(self._explicit(name, "url", config))

    def fallback_order(
        self,
        name: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Return the provider names to chain: the primary first, no repeats."""
        config = config or {}
        primary = name or config.get("provider") or DEFAULT_PROVIDER
        order: Any = config.get("fallback_order")
        if isinstance(order, str):
            order = [part.strip() for part in order.split(",")]
        names = [str(primary).strip().lower()]
        for item in order or DEFAULT_FALLBACK_ORDER:
            if item and (item := str(item).strip().lower()) not in names:
                names.append(item)
        return names

    def create_one(
        self,
        name: str,
        config: Mapping[str, Any] | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        http_client: HttpClient | None = None,
    ) -> LLMProvider:
        """Build one provider by name."""
        return self._class(name).from_settings(
            self.settings(name, config),
            ProviderContext(session=session, http_client=http_client),
        )

    def create(
        self,
        name: str | None = None,
        config: Mapping[str, Any] | None = None,
        fallback: bool = True,
        *,
        session: aiohttp.ClientSession | None = None,
        http_client: HttpClient | None = None,
        cooldown: float = DEFAULT_COOLDOWN,
    ) -> LLMProvider:
        """Build the provider to use.

        Without `fallback`, the primary provider alone (errors if it is not
        configured). With it, a FallbackChain of the primary and every other
        configured provider in the fallback order; unconfigured ones (no API
        key, no URL) are left out. Plain construction, no I/O: in Home
        Assistant call it in the executor when Anthropic may be built.
        """
        names = self.fallback_order(name, config)
        if not fallback:
            return self.create_one(
                names[0], config, session=session, http_client=http_client
            )
        providers = [
            self.create_one(item, config, session=session, http_client=http_client)
            for item in names
            if item in self._registry and self.is_configured(item, config)
        ]
        if not providers:
            raise LLMConfigError(
                f"none of the providers {', '.join(names)} is configured"
            )
        return FallbackChain(providers, cooldown=cooldown)

    async def check_providers(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        http_client: HttpClient | None = None,
    ) -> dict[str, HealthStatus]:
        """Health-check every configured provider concurrently."""
        providers: dict[str, LLMProvider] = {}
        results: dict[str, HealthStatus] = {}
        for name in self._registry:
            if not self.is_configured(name, config):
                continue
            try:
                providers[name] = self.create_one(
                    name, config, session=session, http_client=http_client
                )
            except LLMError as err:
                results[name] = HealthStatus(
                    available=False, error=str(err), error_kind=err.kind
                )
        try:
            statuses = await asyncio.gather(
                *(provider.health_check() for provider in providers.values())
            )
        finally:
            for provider in providers.values():
                await provider.close()
        results.update(zip(providers, statuses, strict=True))
        return results

    async def get_available_providers(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        session: aiohttp.ClientSession | None = None,
        http_client: HttpClient | None = None,
    ) -> list[str]:
        """Return the names of the providers that answer now, in registry order."""
        results = await self.check_providers(
            config, session=session, http_client=http_client
        )
        return [
            name
            for name in self._registry
            if name in results and results[name].available
        ]

    def _class(self, name: str) -> type[LLMProvider]:
        try:
            return self._registry[name]
        except KeyError:
            raise LLMConfigError(
                f"unknown language model provider {name!r}; "
                f"known: {', '.join(self._registry)}"
            ) from None


default_factory = ProviderFactory()
default_factory.register_provider(OllamaProvider.kind, OllamaProvider)
default_factory.register_provider(AnthropicProvider.kind, AnthropicProvider)
default_factory.register_provider(
    OpenAICompatibleProvider.kind, OpenAICompatibleProvider
)

register_provider = default_factory.register_provider
list_providers = default_factory.list_providers
get_provider_info = default_factory.get_provider_info
get_available_providers = default_factory.get_available_providers
check_providers = default_factory.check_providers
create = default_factory.create
create_one = default_factory.create_one
fallback_order = default_factory.fallback_order
is_configured = default_factory.is_configured
settings = default_factory.settings
