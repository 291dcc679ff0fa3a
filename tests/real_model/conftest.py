"""The session's real llama-server, shared by every real-model test.

Every module here carries the `real_model` marker (`pytest -m "not
real_model"` leaves them out); they skip only when llama-server or the small model is missing,
which `scripts/setup` installs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import sockets_allowed
from tests.support.llama_server import (
    SKIP_REASON,
    RealLlamaServer,
    llama_server_available,
)


@pytest.fixture(scope="session")
def llama_server() -> Iterator[RealLlamaServer]:
    """Start one llama-server with the small model for the session."""
    if not llama_server_available():
        pytest.skip(SKIP_REASON)
    server = RealLlamaServer()
    with sockets_allowed():
        server.start()
    try:
        yield server
    finally:
        server.stop()
