"""Tests of media request parsing and candidate ranking."""

from __future__ import annotations

import pytest

from custom_components.autoarr.agent.media import (
    Candidate,
    MediaRequest,
    choose,
    kind_from_wording,
    matches_name,
    normalize,
    parse_request,
    pick,
    title_score,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dune Part Two", MediaRequest("Dune Part Two")),
        (
            "the movie Dune Part Two from 2024 in 4K",
            MediaRequest("Dune Part Two", "movie", 2024, "2160p"),
        ),
        ("the show The Bear", MediaRequest("The Bear", "series")),
        ("The Bear", MediaRequest("The Bear")),
        ("Dune (1984)", MediaRequest("Dune", None, 1984)),
        ("Dune 2021 in 1080p", MediaRequest("Dune", None, 2021, "1080p")),
        ("1917", MediaRequest("1917")),
        ("den Film Dune von 2021", MediaRequest("Dune", "movie", 2021)),
        ("die Serie Dark in UHD", MediaRequest("Dark", "series", None, "2160p")),
        ("Blade Runner 2049", MediaRequest("Blade Runner", None, 2049)),
    ],
)
def test_parse_request(text: str, expected: MediaRequest) -> None:
    """Title, kind, year and quality come apart in English and German."""
    assert parse_request(text) == expected


def test_parse_request_kind_given_wins() -> None:
    """A kind from the caller overrides the wording."""
    assert parse_request("the show Dune", kind="movie").kind == "movie"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("add the movie Dune", "movie"),
        ("download season 2 of Severance", "series"),
        ("lade den Film herunter", "movie"),
        ("die neue Staffel", "series"),
        ("Dune", None),
        ("the movie of the show", None),
    ],
)
def test_kind_from_wording(text: str, kind: str | None) -> None:
    """Wording decides movie or TV only when it says one of them."""
    assert kind_from_wording(text) == kind


def test_normalize_and_scores() -> None:
    """Punctuation, case and accents do not matter; articles barely do."""
    assert normalize("Dune: Part Two") == "dune part two"
    assert normalize("Amélie & Co.") == "amelie and co"
    assert title_score("dune part two", "Dune: Part Two") == 1.0
    assert title_score("bear", "The Bear") == 0.97
    assert title_score("dune", "The Matrix") < 0.6
    assert title_score("", "x") == 0.0


def test_matches_name_release_names() -> None:
    """Every spoken word must be in the release name."""
    assert matches_name("dune part two", "Dune.Part.Two.2024.2160p.WEB-DL")
    assert not matches_name("dune three", "Dune.Part.Two.2024.2160p.WEB-DL")
    assert not matches_name("", "anything")


def _candidate(title: str, year: int, score: float, kind: str = "movie") -> Candidate:
    return Candidate(
        kind=kind,  # type: ignore[arg-type]
        title=title,
        year=year,
        external_id=f"tmdb:{year}",
        instance="Radarr",
        in_library=False,
        score=score,
    )


def test_pick_clear_ambiguous_and_none() -> None:
    """One clear winner is picked; close ones are returned; bad ones dropped."""
    clear = _candidate("Dune: Part Two", 2024, 1.0)
    assert pick([clear, _candidate("Dune", 2021, 0.7)]) is clear
    tie = [_candidate("Dune", 2021, 1.0), _candidate("Dune", 1984, 1.0)]
    assert pick(tie) == sorted(tie, key=lambda c: -(c.year or 0))
    assert pick([_candidate("Other", 2000, 0.3)]) is None
    lone = _candidate("Dunes", 2001, 0.85)
    assert pick([lone]) is lone
    # One plausible candidate alone is no question ("Several match: X").
    weak = _candidate("Dunes", 2001, 0.7)
    assert pick([weak]) is weak
    # ... but with near ones it is, offering at most three real choices.
    near = [_candidate("Dune", 1984, 0.5), _candidate("Dune", 2021, 0.5)]
    far = _candidate("Dune World", 2000, 0.46)
    assert pick([weak, *near, far]) == [weak, near[1], near[0]]
    assert pick([weak, _candidate("Other", 2000, 0.3)]) is weak


def test_choose_answers_to_did_you_mean() -> None:
    """Ordinals, years, kinds and titles pick a candidate, in both languages."""
    movie = _candidate("Dune", 2021, 1.0)
    old = _candidate("Dune", 1984, 1.0)
    series = _candidate("Dune: Prophecy", 2024, 0.8, kind="series")
    options = [movie, old, series]
    assert choose("the first one", options) is movie
    assert choose("die zweite", options) is old
    assert choose("the last", options) is series
    assert choose("the one from 1984", options) is old
    assert choose("die Serie", options) is series
    assert choose("Dune Prophecy please", options) is series
    assert choose("the fourth", options) is None
    assert choose("no idea", options) is None
    assert choose("first", []) is None
    # Two titles in the answer is no choice.
    assert choose("dune", [movie, old]) is None
