"""Fixtures of the real-payload tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let the tests start simulators (Home Assistant's plugin still limits
    connections to 127.0.0.1)."""
