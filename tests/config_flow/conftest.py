"""Fixtures for the config flow tests: real local servers and a translation check.

Every flow step the tests run goes through `check_flow_translations`, which
fails the test when a form, menu, progress step, error or abort that the flow
showed has no English string, when a form field has no label or no
description, or when a string names a placeholder the flow did not fill.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
import json
from pathlib import Path
import re
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowManager, FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    DOMAIN,
)
from custom_components.autoarr.validation import service_unique_id

# The https simulator with a throwaway self-signed certificate (shared with
# the client tests).
from tests.arr.test_sonarr_errors import https_sonarr, self_signed  # noqa: F401
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator, start_simulator
from tests.support.llm_servers.anthropic import AnthropicServer
from tests.support.llm_servers.ollama import OllamaModel, OllamaServer

TRANSLATIONS = (
    Path(__file__).parents[2]
    / "custom_components"
    / DOMAIN
    / "translations"
    / "en.json"
)
PLACEHOLDER = re.compile(r"\{(\w+)\}")

ANTHROPIC_KEY = "test-anthropic-key-0123456789abcdef"
# Models on the test Ollama server, and one it can pull.
INSTALLED_MODEL = "qwen2.5:7b"
PULLABLE_MODEL = "llama3.1:8b"
PULLABLE_SIZE = 4_920_753_328


def _strings_for(handler: Any, strings: dict[str, Any]) -> dict[str, Any]:
    """Return the translation section of a flow: config or its subentry type."""
    if isinstance(handler, tuple):
        return strings["config_subentries"][handler[1]]  # type: ignore[no-any-return]
    return strings["config"]  # type: ignore[no-any-return]


def _need_placeholders(
    text: str, placeholders: dict[str, Any], where: str, problems: list[str]
) -> None:
    problems.extend(
        f"{where} uses {{{name}}}, which the flow did not fill"
        for name in PLACEHOLDER.findall(text)
        if name not in placeholders
    )


def flow_translation_problems(result: Any, strings: dict[str, Any]) -> list[str]:
    """Return what is missing from the translations for one flow result."""
    problems: list[str] = []
    handler = result.get("handler")
    if handler != DOMAIN and not (isinstance(handler, tuple)):
        return problems
    section = _strings_for(handler, strings)
    placeholders = dict(result.get("description_placeholders") or {})
    kind = result["type"]
    step_id = result.get("step_id")
    step = section.get("step", {}).get(step_id, {}) if step_id else {}
    if kind in (FlowResultType.FORM, FlowResultType.MENU):
        if not step:
            problems.append(f"step {step_id!r} has no strings")
        for key in ("title", "description"):
            if key in step:
                _need_placeholders(
                    step[key], placeholders, f"{step_id}.{key}", problems
                )
    if kind is FlowResultType.FORM:
        schema = result.get("data_schema")
        for marker in schema.schema if schema is not None else ():
            field = str(marker)
            for part, what in (("data", "label"), ("data_description", "description")):
                text = step.get(part, {}).get(field)
                if text is None:
                    problems.append(f"field {step_id}.{field} has no {what}")
                else:
                    _need_placeholders(
                        text, placeholders, f"{step_id}.{part}.{field}", problems
                    )
        for field, error in (result.get("errors") or {}).items():
            message = section.get("error", {}).get(error)
            if message is None:
                problems.append(f"error {error!r} (on {field}) has no string")
            else:
                _need_placeholders(message, placeholders, f"error {error}", problems)
    if kind is FlowResultType.MENU:
        options = step.get("menu_options", {})
        for option in result["menu_options"]:
            if option not in options:
                problems.append(f"menu option {step_id}.{option} has no string")
            else:
                _need_placeholders(options[option], placeholders, option, problems)
    if kind is FlowResultType.SHOW_PROGRESS:
        action = result["progress_action"]
        message = section.get("progress", {}).get(action)
        if message is None:
            problems.append(f"progress {action!r} has no string")
        else:
            _need_placeholders(message, placeholders, f"progress {action}", problems)
        if "title" not in step:
            problems.append(f"progress step {step_id!r} has no title")
    if kind is FlowResultType.ABORT and result.get("translation_domain") is None:
        reason = result["reason"]
        message = section.get("abort", {}).get(reason)
        if message is None:
            problems.append(f"abort reason {reason!r} has no string")
        else:
            _need_placeholders(message, placeholders, f"abort {reason}", problems)
    return problems


@pytest.fixture(autouse=True)
def loopback_servers(socket_enabled: None) -> None:
    """Allow sockets: these tests talk to real servers on 127.0.0.1 only."""


@pytest.fixture(autouse=True)
def check_flow_translations() -> Iterator[list[Any]]:
    """Check the English strings of every flow result a test produces."""
    strings = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    seen: list[Any] = []
    original = FlowManager._async_handle_step

    async def handle_step(self: FlowManager[Any, Any, Any], *args: Any) -> Any:
        result = await original(self, *args)
        seen.append(dict(result))
        return result

    with patch.object(FlowManager, "_async_handle_step", handle_step):
        yield seen
    problems = [
        problem
        for result in seen
        for problem in flow_translation_problems(result, strings)
    ]
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve an Ollama with one model installed and one it can pull."""
    async with OllamaServer(
        models={INSTALLED_MODEL: OllamaModel()},
        pullable={PULLABLE_MODEL: OllamaModel(family="llama", size=PULLABLE_SIZE)},
    ) as server:
        yield server


@pytest.fixture
async def setup_calls(hass: HomeAssistant) -> AsyncIterator[list[str]]:
    """Replace setting up the entry by a recorder: these tests test the flow.

    Each (re)load of the entry appends its entry id. The entry's own setup is
    tested with the coordinators (tests of __init__). A reload a flow asked
    for at its end is waited for while still recorded, so it never runs the
    real setup once the test is over.
    """
    calls: list[str] = []

    async def record_setup(hass: HomeAssistant, entry: Any) -> bool:
        calls.append(entry.entry_id)
        return True

    with patch("custom_components.autoarr.async_setup_entry", record_setup):
        yield calls
        await hass.async_block_till_done()


@pytest.fixture
def fast_timeouts(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Let a test shorten the flow's timeout, to test timeouts without waiting."""

    def set_timeout(seconds: float) -> None:
        monkeypatch.setattr(
            "custom_components.autoarr.validation.FLOW_TIMEOUT", seconds
        )

    return set_timeout


@pytest.fixture
async def anthropic(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AnthropicServer]:
    """Serve the Anthropic API; the SDK finds it through ANTHROPIC_BASE_URL."""
    async with AnthropicServer(api_key=ANTHROPIC_KEY) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server


@pytest.fixture
async def sonarr() -> AsyncIterator[SonarrSimulator]:
    """Serve a simulated Sonarr v4."""
    async with start_simulator("sonarr") as sim:
        yield sim


@pytest.fixture
async def radarr() -> AsyncIterator[RadarrSimulator]:
    """Serve a simulated Radarr below a URL base, as behind a reverse proxy."""
    async with start_simulator("radarr", url_base="/radarr") as sim:
        yield sim


def service_subentry(
    kind: str, url: str, api_key: str, title: str, *, verify_ssl: bool = True
) -> ConfigSubentryData:
    """Return a stored service subentry, as the flow makes them."""
    return ConfigSubentryData(
        subentry_type=kind,
        title=title,
        unique_id=service_unique_id(kind, url),
        data={CONF_URL: url, CONF_API_KEY: api_key, CONF_VERIFY_SSL: verify_ssl},
    )


def hub_entry(
    ollama_url: str,
    *subentries: ConfigSubentryData,
    anthropic_key: str | None = None,
) -> MockConfigEntry:
    """Return a current (version 2) hub entry, not yet added to hass."""
    data: dict[str, Any] = {
        CONF_OLLAMA_URL: ollama_url,
        CONF_OLLAMA_MODEL: INSTALLED_MODEL,
    }
    if anthropic_key:
        data[CONF_ANTHROPIC_API_KEY] = anthropic_key
        data[CONF_ANTHROPIC_MODEL] = "claude-haiku-4-5"
    return MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        unique_id=DOMAIN,
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        data=data,
        subentries_data=list(subentries),
    )
