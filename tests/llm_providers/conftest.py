"""Fixtures for the provider tests: an aiohttp session and the local servers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.support.llm_servers import AnthropicServer, OllamaServer, OpenAIServer

# A fake key in the shape of a real one, to check it never leaks.
ANTHROPIC_KEY = "test-api-key-0123456789abcdef"
OPENAI_KEY = "test-openai-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the root autouse fixture: these tests need no Home Assistant."""


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let these tests open sockets; Home Assistant's plugin still allows
    connections to 127.0.0.1 only."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def ollama_server() -> AsyncIterator[OllamaServer]:
    """Return a running scripted Ollama."""
    async with OllamaServer() as server:
        yield server


@pytest.fixture
async def anthropic_server() -> AsyncIterator[AnthropicServer]:
    """Return a running scripted Anthropic API that requires ANTHROPIC_KEY."""
    async with AnthropicServer(api_key=ANTHROPIC_KEY) as server:
        yield server


@pytest.fixture
async def openai_server() -> AsyncIterator[OpenAIServer]:
    """Return a running scripted OpenAI-compatible server."""
    async with OpenAIServer(api_key=OPENAI_KEY) as server:
        yield server
