"""How people say each instant request, per language: the tests' data.

One module per language of `agent/languages/`, each a `Phrasings`: for every
intent at least three natural phrasings with the slots they carry, near
misses that must reach the model instead, and the guard's cases (questions
that change nothing, requests that change something).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from custom_components.autoarr.agent.intents import InstantIntent


@dataclass(frozen=True, slots=True)
class Said:
    """A phrasing and the slots it carries (an album's title and artist as
    `music.readings` reads them)."""

    text: str
    title: str | None = None
    minutes: int | None = None
    artist: str | None = None
    until_morning: bool = False


@dataclass(frozen=True, slots=True)
class Phrasings:
    """A language's phrasings of the instant requests."""

    matches: dict[InstantIntent, list[Said]]
    # Sentences close to an instant one that must not be answered instantly.
    near_misses: list[str]
    # Questions the guard must not take for a request to change something.
    questions: list[str]
    # Requests the guard must take for one.
    changes: list[str]
    # Questions and their answers (or the answers' start) over the
    # simulators' state, by the test that asks them: "downloads", "missing"
    # (with the {total} the simulators list), "pause_hour", "pause_night",
    # "indexers", "album", "requests", "decline".
    spoken: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Answers to "Did you mean Dune (2021, movie), Dune: Prophecy (2024,
    # series) or Dune (1984, movie)?" and the choice they make (1 to 3).
    choices: list[tuple[str, int]] = field(default_factory=list)


def phrasings(code: str) -> Phrasings:
    """Return the phrasings of a language ("pt-BR" in `pt_br.py`)."""
    module = import_module(f"{__name__}.{code.lower().replace('-', '_')}")
    found: Phrasings = module.PHRASINGS
    return found
