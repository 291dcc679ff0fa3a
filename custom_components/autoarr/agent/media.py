"""Understanding media requests: what is asked for, and which match it is.

"Download Dune Part Two from 2024 in 4K" carries a title, a kind (movie or
TV, often implied by the wording), a year and a quality hint. This module
pulls those apart in English and German and ranks lookup candidates, so the
common requests need no language model; only a genuinely ambiguous request
ends in a question to the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
import re
from typing import Literal
import unicodedata

from .languages import REGISTRY

type MediaKind = Literal["movie", "series"]
MEDIA_KINDS: tuple[MediaKind, ...] = ("movie", "series")
QUALITIES = ("2160p", "1080p", "720p")

# Words that say which kind of media is meant, in every language of the
# instant answers; matched as whole words, accents removed (`normalize`).
_MOVIE_WORDS = tuple(
    word for language in REGISTRY.values() for word in language.movie_words
)
_SERIES_WORDS = tuple(
    word for language in REGISTRY.values() for word in language.series_words
)
_QUALITY_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:4k|uhd|ultra hd|2160p?)\b", "2160p"),
    (r"\b(?:1080p?|full hd|fhd)\b", "1080p"),
    (r"\b(?:720p?|hd ready)\b", "720p"),
)
_YEAR = r"(?:19|20)\d\d"
# "the movie", "die neue Serie", "the TV show": a kind word, with its article,
# in front of the title is not part of it ("The Bear" keeps its article).
_LEADING = re.compile(
    r"^(?:(?:the|a|an|der|die|das|den|dem|ein|eine|einen)\s+)?"
    r"(?:(?:new|neue[nmrs]?)\s+)?"
    r"(?:tv\s+show|tv\s+series|movie|film|show|series|serie|sendung|fernsehserie)"
    r"\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class MediaRequest:
    """What the user asked for."""

    title: str
    kind: MediaKind | None = None
    year: int | None = None
    quality: str | None = None


def normalize(text: str) -> str:
    """Return text folded for comparing titles.

    Lower case, accents removed, "&" as "and", punctuation dropped, and
    whitespace collapsed, so "Dune: Part Two" equals "dune part two".
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("&", " and ").replace("ß", "ss")
    folded = re.sub(r"[^\w\s]", " ", folded)
    return " ".join(folded.split())


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def kind_from_wording(text: str) -> MediaKind | None:
    """Return the kind of media the wording implies, if any."""
    lowered = normalize(text)
    movie = re.search(rf"\b(?:{_words(_MOVIE_WORDS)})\b", lowered) is not None
    series = re.search(rf"\b(?:{_words(_SERIES_WORDS)})\b", lowered) is not None
    if movie == series:
        return None
    return "movie" if movie else "series"


def parse_request(text: str, *, kind: MediaKind | None = None) -> MediaRequest:
    """Split a spoken request into title, kind, year and quality.

    `kind` given by the caller (a service field, an intent) wins over the
    wording.
    """
    rest = " ".join(text.strip().strip("?!.").split())
    quality: str | None = None
    for pattern, value in _QUALITY_PATTERNS:
        found = re.search(rf"\s*(?:in\s+)?{pattern}", rest, re.IGNORECASE)
        if found:
            quality = value
            rest = (rest[: found.start()] + rest[found.end() :]).strip()
            break

    year: int | None = None
    # "from 2024", "von 2024", "aus 2024", "(2024)", "of 2024"; a bare year
    # only at the end ("Dune 2021"), since titles like "1917" are years too.
    found = re.search(
        rf"\s*(?:\b(?:from|of|von|aus|released in|erschienen)\s+(?:dem jahr\s+)?"
        rf"({_YEAR})\b|\(({_YEAR})\))",
        rest,
        re.IGNORECASE,
    )
    if found:
        year = int(found.group(1) or found.group(2))
        rest = (rest[: found.start()] + rest[found.end() :]).strip()
    else:
        found = re.search(rf"^(.+\S)\s+({_YEAR})$", rest)
        if found:
            year = int(found.group(2))
            rest = found.group(1)

    title = _LEADING.sub("", rest, count=1).strip() or rest
    return MediaRequest(
        title=title.strip(" ,.;:\"'"),
        kind=kind or kind_from_wording(text),
        year=year,
        quality=quality,
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A lookup result, ranked against the request."""

    kind: MediaKind
    title: str
    year: int | None
    external_id: str
    """"tmdb:<id>" for movies, "tvdb:<id>" for series."""
    instance: str
    in_library: bool
    score: float
    lookup: object = None

    def label(self) -> str:
        """Return "Title (year)"."""
        return f"{self.title} ({self.year})" if self.year else self.title

    def as_dict(self) -> dict[str, str | int | bool | None]:
        """Return the candidate as tool and action data."""
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "id": self.external_id,
            "in_library": self.in_library,
        }


def title_score(wanted: str, found: str) -> float:
    """Return how well a found title matches the wanted one, from 0 to 1."""
    a, b = normalize(wanted), normalize(found)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    # "the bear" vs "bear": articles are often dropped when speaking.
    a_core = re.sub(r"^(?:the|a|an|der|die|das) ", "", a)
    b_core = re.sub(r"^(?:the|a|an|der|die|das) ", "", b)
    if a_core == b_core:
        return 0.97
    return round(SequenceMatcher(None, a_core, b_core).ratio() * 0.9, 4)


def score_candidate(request: MediaRequest, title: str, year: int | None) -> float:
    """Return the rank of a lookup result for a request, higher is better."""
    score = title_score(request.title, title)
    if request.year is not None and year is not None:
        score += 0.3 if request.year == year else -0.3
    return round(score, 4)


# A candidate this good, ahead of the next one by this much, is the one.
SURE_SCORE = 0.95
CLEAR_LEAD = 0.15
# Candidates below this are not offered at all.
PLAUSIBLE_SCORE = 0.6
# With one plausible candidate only, the near ones are offered beside it.
NEAR_SCORE = 0.45
# The most choices a question offers.
MAX_CHOICES = 3


def pick(candidates: list[Candidate]) -> Candidate | list[Candidate] | None:
    """Return the one candidate meant, the plausible ones, or None.

    A request is clear when the best candidate matches the title exactly (and
    the year, when one was given) and is clearly ahead of the next one.
    """
    ranked = sorted(
        candidates, key=lambda item: (-item.score, item.kind, -(item.year or 0))
    )
    plausible = [item for item in ranked if item.score >= PLAUSIBLE_SCORE]
    if not plausible:
        return None
    best = plausible[0]
    runner_up = plausible[1].score if len(plausible) > 1 else 0.0
    if best.score >= SURE_SCORE and best.score - runner_up >= CLEAR_LEAD:
        return best
    if len(plausible) == 1 and best.score >= 0.8:
        return best
    # A question offers real choices: several, or none is asked.
    choices = (
        plausible
        if len(plausible) > 1
        else [item for item in ranked if item.score >= NEAR_SCORE]
    )
    if len(choices) == 1:
        return best
    return choices[:MAX_CHOICES]


# "the second one", "die erste", "la deuxième": digits, and every
# language's ordinals (their accents removed, as `normalize` leaves them).
_ORDINALS: dict[str, int] = {
    **{str(number): number for number in range(1, 5)},
    **{
        word: index
        for language in REGISTRY.values()
        for word, index in language.ordinals.items()
    },
}


def choose(text: str, candidates: list[Candidate]) -> Candidate | None:
    """Return the candidate an answer to "Did you mean ...?" points at.

    Understands ordinals ("the second one", "die erste", "la deuxième"), a
    year ("2021"), a kind ("the movie", "die Serie", "la película") and a
    title, in every language of the instant answers.
    """
    if not candidates:
        return None
    answer = normalize(text)
    if year := re.search(rf"\b({_YEAR})\b", answer):
        same_year = [c for c in candidates if c.year == int(year.group(1))]
        if len(same_year) == 1:
            return same_year[0]
    # "one" is left out: "the one from 1984" is not "number one".
    for word in answer.split():
        if word in _ORDINALS:
            index = _ORDINALS[word]
            if index == -1:
                return candidates[-1]
            if index <= len(candidates):
                return candidates[index - 1]
    if (kind := kind_from_wording(text)) is not None:
        same_kind = [c for c in candidates if c.kind == kind]
        if len(same_kind) == 1:
            return same_kind[0]
    # The longest title named wins: "dune prophecy" names "Dune: Prophecy",
    # not "Dune".
    titled = [c for c in candidates if normalize(c.title) in answer]
    longest = max((len(normalize(c.title)) for c in titled), default=0)
    titled = [c for c in titled if len(normalize(c.title)) == longest]
    if len(titled) == 1:
        return titled[0]
    return None


def matches_name(query: str, name: str) -> bool:
    """Return whether a spoken name refers to a download or library name.

    Release names use dots and extra tags ("Dune.Part.Two.2024.2160p"), so
    every word of the query must appear among the name's words.
    """
    wanted = normalize(query).split()
    have = set(normalize(name.replace(".", " ").replace("_", " ")).split())
    return bool(wanted) and all(word in have for word in wanted)
