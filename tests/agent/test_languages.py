"""Every language of the instant answers is complete: what English has, it has.

A language is one module of `agent/languages/`; these checks fail when one
misses a sentence, a phrase, a plural form its CLDR rules need, or a
placeholder, so a language cannot be added half done.
"""

from __future__ import annotations

from dataclasses import replace
from string import Formatter

import pytest

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language, locale
from custom_components.autoarr.agent.languages import ENGLISH, REGISTRY, language_of
from custom_components.autoarr.agent.media import normalize

PHRASE_BOOKS = ("phrases", "music", "indexers", "requests")
PLURAL_SUFFIXES = ("_zero", "_one", "_two", "_few", "_many", "_other")


def _placeholders(phrase: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(phrase) if name}


def _categories(language: Language) -> set[str]:
    """Return the plural categories a count up to 200 takes in the language."""
    rule = locale(language.locale).plural_form
    return {str(rule(count)) for count in range(201)}


def _base(key: str) -> str | None:
    """Return "downloading" for "downloading_one", None for an uncounted key."""
    for suffix in PLURAL_SUFFIXES:
        if key.endswith(suffix):
            return key.removesuffix(suffix)
    return None


def problems(language: Language) -> list[str]:
    """Return what the language lacks or has beyond English, as sentences."""
    found: list[str] = []
    found += [
        f"no sentences for {intent.name}"
        for intent in InstantIntent
        if intent in ENGLISH.sentences and not language.sentences.get(intent)
    ]
    for book in PHRASE_BOOKS:
        english: dict[str, str] = getattr(ENGLISH, book)
        own: dict[str, str] = getattr(language, book)
        counted = {
            base for key in english if (base := _base(key)) and key.endswith("_other")
        }
        for key, phrase in english.items():
            base = _base(key)
            if base in counted:
                continue
            if key not in own:
                found.append(f"{book}: no {key!r}")
            elif _placeholders(own[key]) != _placeholders(phrase):
                found.append(f"{book}: {key!r} has other placeholders")
        for base in counted:
            wanted = _placeholders(english[f"{base}_other"]) - {"count"}
            for category in _categories(language) | {"other"}:
                key = f"{base}_{category}"
                if key not in own:
                    found.append(f"{book}: no {key!r}")
                elif _placeholders(own[key]) - {"count"} != wanted:
                    found.append(f"{book}: {key!r} has other placeholders")
        found += [
            f"{book}: {key!r} is not a phrase English has"
            for key in own
            if key not in english and _base(key) not in counted
        ]
    values = set(language.periods.values())
    if 60 not in values or UNTIL_MORNING not in values:
        found.append("periods: no hour or no night")
    if not language.album_by:
        found.append("album_by is empty")
    for field in ("ordinals", "movie_words", "series_words"):
        words = list(getattr(language, field))
        if not words:
            found.append(f"{field} is empty")
        # `media.choose` compares them with the answer's words as
        # `normalize` leaves them: lower case, no accents.
        found += [
            f"{field}: {w!r} is not normalized" for w in words if normalize(w) != w
        ]
    if sorted(set(language.ordinals.values())) != [-1, 1, 2, 3, 4]:
        found.append("ordinals: not first to fourth and last")
    return found


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_language_is_complete(code: str) -> None:
    """Every sentence, phrase and plural form English has, each language has."""
    assert problems(REGISTRY[code]) == []


def test_a_missing_key_is_found() -> None:
    """A language missing a phrase, a plural form or an intent fails."""
    german = REGISTRY["de"]
    phrases = {k: v for k, v in german.phrases.items() if k != "nothing_downloading"}
    phrases.pop("downloading_one")
    phrases["eta"] = "{name} bald."
    sentences = dict(german.sentences)
    del sentences[InstantIntent.MISSING]
    broken = replace(german, phrases=phrases, sentences=sentences)
    assert problems(broken) == [
        "no sentences for MISSING",
        "phrases: no 'nothing_downloading'",
        "phrases: 'eta' has other placeholders",
        "phrases: no 'downloading_one'",
    ]


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en-US", "en"),
        ("de-AT", "de"),
        ("de_CH", "de"),
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("pt-PT", "pt"),
        ("pt", "pt"),
        ("fr-CA", "fr"),
        ("es-419", "es"),
        ("nl-BE", "nl"),
        (None, "en"),
        ("xx", "en"),
    ],
)
def test_request_language_picks_its_language(tag: str | None, code: str) -> None:
    """A regional tag is its language, or its variant when it has one of its
    own (Brazil's Portuguese); an unknown one is English."""
    assert language_of(tag) == code


def test_words_mean_the_same_in_every_language() -> None:
    """An ordinal two languages share ("segundo", "vier") is the same number
    in both, and no word names a movie in one language and a series in another."""
    meant: dict[str, int] = {}
    for language in REGISTRY.values():
        for word, index in language.ordinals.items():
            assert meant.setdefault(word, index) == index, word
    movies = {w for language in REGISTRY.values() for w in language.movie_words}
    series = {w for language in REGISTRY.values() for w in language.series_words}
    assert movies.isdisjoint(series)
