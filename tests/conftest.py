"""Shared fixtures for AutoArr's tests."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

# pytest-homeassistant-custom-component ships a `custom_components` package of
# its own; importing ours before the `hass` fixture runs makes ours the one
# Home Assistant's loader finds.
import custom_components.autoarr  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


@pytest.fixture
async def hass_core(hass: HomeAssistant) -> HomeAssistant:
    """Return hass with the `homeassistant` integration set up.

    The conversation integration, which AutoArr depends on, needs it for the
    exposed-entities store.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    return hass
