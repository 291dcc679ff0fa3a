"""What one language of the instant answers is made of, and its locale data.

Each language is one module of `languages/` holding a `Language`: the
sentences recognised without a model, the answers' phrases, the spoken
pause lengths and the words the guard hears as a request for a change.
Plural forms, weekday names and decimal numbers come from the Unicode CLDR
through Babel, not from AutoArr: a phrase that counts has one variant per
plural category of its language (`downloading_one`, `downloading_few`...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
import re

from babel import Locale
from babel.numbers import format_decimal

from .intents import InstantIntent


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """One language of the instant answers."""

    # The language tag Home Assistant uses ("fr", "pt-BR").
    code: str
    # Babel's locale of it ("fr", "pt_BR").
    locale: str
    sentences: dict[InstantIntent, list[str]]
    # Spoken pause lengths, with their preposition: minutes or UNTIL_MORNING.
    periods: dict[str, int | str]
    phrases: dict[str, str]
    music: dict[str, str]
    indexers: dict[str, str]
    requests: dict[str, str]
    # How an album's artist follows its title (" by ").
    album_by: tuple[str, ...]
    # The guard's words: a request that uses none of them changes nothing.
    change_words: re.Pattern[str]
    # A regular expression of a season word ("seasons?"), for "X season 2".
    season_words: str
    # Regular expressions of a yes and of a no to a confirmation question.
    yes_words: str
    no_words: str
    # The answer to "Did you mean A or B?": "the second one" (the word, its
    # accents removed: "deuxieme"; -1 for the last), and the words that name
    # a kind ("the movie", "la série").
    ordinals: dict[str, int]
    movie_words: tuple[str, ...]
    series_words: tuple[str, ...]
    # Decimal numbers as the locale writes them ("12,5"); English and German
    # answers have always said "12.5".
    locale_decimals: bool = True


@cache
def locale(name: str) -> Locale:
    """Return a Babel locale with its data read (a file read: not in the loop)."""
    found = Locale.parse(name)
    # Reads the locale's data files; the object keeps them.
    found.plural_form(1)
    return found


def plural_category(language: Language, count: int) -> str:
    """Return CLDR's plural category of a count ("one", "few", "many", "other")."""
    return str(locale(language.locale).plural_form(count))


def counted_key(language: Language, book: dict[str, str], key: str, count: int) -> str:
    """Return the variant of a counted phrase for a count: "pending_few".

    A category the language uses only for millions ("many" in French) falls
    back to `<key>_other`.
    """
    name = f"{key}_{plural_category(language, count)}"
    return name if name in book else f"{key}_other"


def weekday(language: Language, index: int) -> str:
    """Return the name of a weekday, Monday being 0, as the locale writes it."""
    return str(locale(language.locale).days["format"]["wide"][index])


def decimal(language: Language, value: float) -> str:
    """Return a number with one decimal ("12.5", or "12,5" in French)."""
    if not language.locale_decimals:
        return f"{value:.1f}"
    return format_decimal(
        value, format="0.0", locale=locale(language.locale), group_separator=False
    )
