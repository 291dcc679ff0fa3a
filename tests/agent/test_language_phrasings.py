"""Every language's phrasings: matched with their slots, near misses left to
the model, and the guard telling questions from requests for a change.

The phrasings are data, one module per language in `phrasings/`; a language
of `agent/languages/` without one, or with fewer than three phrasings of an
intent English answers, fails here.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.autoarr.agent.guard import asks_for_change
from custom_components.autoarr.agent.instant import InstantMatch, InstantMatcher
from custom_components.autoarr.agent.intents import InstantIntent
from custom_components.autoarr.agent.languages import ENGLISH, REGISTRY
from custom_components.autoarr.agent.media import Candidate, choose
from custom_components.autoarr.agent.music import readings

from .phrasings import Said, phrasings

MATCHER = InstantMatcher()


def _cases(field: str) -> list[tuple[str, str]]:
    return [
        (code, text)
        for code in sorted(REGISTRY)
        for text in getattr(phrasings(code), field)
    ]


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_intent_has_three_phrasings(code: str) -> None:
    """Each intent English answers has three phrasings or more in each language."""
    matches = phrasings(code).matches
    few = [
        intent.name for intent in ENGLISH.sentences if len(matches.get(intent, [])) < 3
    ]
    assert few == []


@pytest.mark.parametrize(
    ("code", "intent", "said"),
    [
        (code, intent, said)
        for code in sorted(REGISTRY)
        for intent, all_said in phrasings(code).matches.items()
        for said in all_said
    ],
    ids=lambda value: str(getattr(value, "text", value)),
)
def test_phrasing_is_recognised(code: str, intent: object, said: object) -> None:
    """A phrasing is its intent, in its language, with its slots."""
    assert isinstance(said, Said)
    match = MATCHER.match(said.text, code)
    assert match is not None
    if intent is InstantIntent.ADD_ALBUM and match.title is not None:
        # "Brat by Charli XCX" is one title to the matcher, read as the
        # album and its artist first.
        album, artist = readings(code, match.title, match.artist)[0]
        match = replace(match, title=album, artist=artist)
    assert match == InstantMatch(
        intent,  # type: ignore[arg-type]
        code,
        said.title,
        said.minutes,
        until_morning=said.until_morning,
        artist=said.artist,
    )


@pytest.mark.parametrize(("code", "text"), _cases("near_misses"))
def test_near_miss_goes_to_the_model(code: str, text: str) -> None:
    """A sentence close to an instant one is answered by the model, not AutoArr."""
    assert MATCHER.match(text, code) is None


@pytest.mark.parametrize(("code", "text"), _cases("questions"))
def test_question_asks_for_no_change(code: str, text: str) -> None:
    """The guard does not take a question for a request to change something."""
    assert not asks_for_change(text, code)


@pytest.mark.parametrize(("code", "text"), _cases("changes"))
def test_request_asks_for_a_change(code: str, text: str) -> None:
    """The guard hears a request to change something, in its language."""
    assert asks_for_change(text, code)


def _candidate(kind: str, title: str, year: int) -> Candidate:
    return Candidate(kind, title, year, f"id:{title}:{year}", "Radarr", False, 0.9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "text", "chosen"),
    [
        (code, text, chosen)
        for code in sorted(REGISTRY)
        for text, chosen in phrasings(code).choices
    ],
)
def test_answer_to_did_you_mean(code: str, text: str, chosen: int) -> None:
    """ "The second one", "la série", "o último": the choice it makes."""
    candidates = [
        _candidate("movie", "Dune", 2021),
        _candidate("series", "Dune: Prophecy", 2024),
        _candidate("movie", "Dune", 1984),
    ]
    assert choose(text, candidates) is candidates[chosen - 1]


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_language_answers_did_you_mean(code: str) -> None:
    """Each language has its answers to "Did you mean ...?"."""
    assert len(phrasings(code).choices) >= 3
