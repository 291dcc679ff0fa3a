"""Fixtures for the agent's unit tests."""

from __future__ import annotations

import pytest

from .fakes import FakeStack, movie_item, movie_lookup, series_item, series_lookup


@pytest.fixture
def fake() -> FakeStack:
    """Return a stack with a small library and lookup catalogue."""
    stack = FakeStack()
    stack.radarr.library = [
        movie_item(1, "Dune", 2021, 438631),
        movie_item(2, "Oppenheimer", 2023, 872585, has_file=False),
    ]
    stack.radarr.catalogue = [
        movie_lookup("Dune", 2021, 438631),
        movie_lookup("Dune", 1984, 841),
        movie_lookup("Dune: Part Two", 2024, 693134),
        movie_lookup("Oppenheimer", 2023, 872585),
        movie_lookup("The Matrix", 1999, 603),
    ]
    stack.sonarr.library = [series_item(1, "Severance", 2022, 371980)]
    stack.sonarr.catalogue = [
        series_lookup("Severance", 2022, 371980),
        series_lookup("The Bear", 2022, 403245),
        series_lookup("Dune: Prophecy", 2024, 421291),
        series_lookup("Frank Herbert's Dune", 2000, 74998),
    ]
    return stack
