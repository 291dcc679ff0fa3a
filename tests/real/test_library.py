"""The agent's library answers over a real Sonarr v4 library of 300 series.

The library is the corpus' `sonarr/v4/series.json`, parsed by AutoArr's own
parser; the answers are what the agent's tools and actions return.
"""

from __future__ import annotations

import pytest

from custom_components.autoarr.agent.media import MediaRequest
from custom_components.autoarr.agent.operations.library import in_library
from custom_components.autoarr.arr.fields import parse_list
from custom_components.autoarr.arr.library_models import Series
from tests.agent.fakes import FakeStack

from .corpus import load


@pytest.fixture
def stack() -> FakeStack:
    """Return a stack whose Sonarr holds the real library."""
    fake = FakeStack()
    fake.sonarr.library = parse_list(
        load("sonarr", "v4", "series"), "series", Series.from_json
    )
    return fake


@pytest.mark.parametrize(
    ("asked", "title", "year"),
    [
        ("the office", "The Office (US)", 2005),
        ("A Discovery of Witches", "A Discovery of Witches", 2018),
        ("JUJUTSU KAISEN", "Jujutsu Kaisen", 2020),
    ],
)
async def test_series_in_a_real_library_is_found_by_the_name_people_say(
    stack: FakeStack, asked: str, title: str, year: int
) -> None:
    """ "Do I have The Office?" finds "The Office (US)" among 300 series; the
    case and the country Sonarr adds to a title do not hide it."""
    report = await in_library(stack.stack, MediaRequest(asked, "series"))
    assert [(m.title, m.year, m.service) for m in report.matches] == [
        (title, year, "Sonarr")
    ]
    assert report.unavailable == []


async def test_series_not_in_a_real_library_is_not_found(stack: FakeStack) -> None:
    """A title the library does not hold finds nothing, not a near miss."""
    report = await in_library(stack.stack, MediaRequest("The Traitors", "series"))
    assert report.matches == []
