"""What the Seerr tests set up alike: the Seerr simulator, a model, an agent.

`seerr` serves the Seerr simulator at the frozen present (its seeded
requests: Sam's Dune: Part Two and Severance wait for approval; its users:
its API key acts as Alex, an admin) and fails the test when AutoArr sent it
anything outside Seerr's API document. `ollama` and `setup_agent` are those
of `tests/support/agent_fixtures.py` (a scripted Ollama; AutoArr set up with
some services and one conversation agent, whose entity id it returns). A
test module imports the fixtures it uses by name (and lists them in
`__all__`), as it does those of `tests/entities/conftest.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from tests.support.agent_fixtures import ollama, setup_agent
from tests.support.seerr_sim import SeerrSimulator, start_seerr

__all__ = ["ollama", "seerr", "setup_agent"]


@pytest.fixture
async def seerr(frozen_now: datetime) -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator: Sam's Dune: Part Two and Severance wait."""
    async with start_seerr(now=frozen_now) as sim:
        yield sim
    assert not sim.contract_violations, sim.contract_violations
