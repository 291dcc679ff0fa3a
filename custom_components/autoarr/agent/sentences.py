"""Sentences AutoArr answers without a language model, in hassil syntax.

One set of templates serves two places: AutoArr's own agent matches them
before it calls any model, and Home Assistant's built-in agent gets them as
sentence triggers. Templates are hassil expressions: `[optional]`,
`(alternative|other)`, `{title}` (any words), `{minutes}` and `{hours}`
(numbers) and `{period}` (a spoken pause length of `PERIODS`). Each
language's templates are in its module of `languages/`.

Only sentences that say plainly what they are about are listed ("add the
movie X", never a bare "add X", which would catch "add milk to the shopping
list" in the built-in agent).
"""

from __future__ import annotations

from typing import Final

from .intents import MORNING_HOUR, UNTIL_MORNING, InstantIntent
from .languages import REGISTRY

__all__ = [
    "ADMIN_INTENTS",
    "BUILTIN_INTENTS",
    "CHANGING_INTENTS",
    "LANGUAGES",
    "LISTS",
    "MORNING_HOUR",
    "PERIODS",
    "PRONOUN_INTENTS",
    "SENTENCES",
    "UNTIL_MORNING",
    "InstantIntent",
    "lists_of",
]

# Every language's sentences and spoken pause lengths live in its module of
# `languages/` (the phrase with its preposition, and minutes or UNTIL_MORNING).
LANGUAGES: Final = tuple(REGISTRY)
SENTENCES: Final[dict[str, dict[InstantIntent, list[str]]]] = {
    code: language.sentences for code, language in REGISTRY.items()
}
PERIODS: Final[dict[str, dict[str, int | str]]] = {
    code: language.periods for code, language in REGISTRY.items()
}

# Requests that change something on the services (entities then refresh).
CHANGING_INTENTS: Final = frozenset(
    {
        InstantIntent.PAUSE,
        InstantIntent.RESUME,
        InstantIntent.RETRY_FAILED,
        InstantIntent.SEARCH_MISSING,
        InstantIntent.ADD_MOVIE,
        InstantIntent.ADD_SERIES,
        InstantIntent.ADD_MEDIA,
        InstantIntent.ADD_ALBUM,
        InstantIntent.APPROVE_REQUEST,
        InstantIntent.DECLINE_REQUEST,
        InstantIntent.APPROVE_IT,
        InstantIntent.DECLINE_IT,
    }
)
# Requests only an administrator may make (deciding what others asked for).
ADMIN_INTENTS: Final = frozenset(
    {
        InstantIntent.APPROVE_REQUEST,
        InstantIntent.DECLINE_REQUEST,
        InstantIntent.APPROVE_IT,
        InstantIntent.DECLINE_IT,
    }
)
# Requests that point at what the conversation just talked about.
PRONOUN_INTENTS: Final = frozenset({InstantIntent.APPROVE_IT, InstantIntent.DECLINE_IT})

# Sentences for Home Assistant's built-in agent: everything except the bare
# "download {title}", which is too open for an agent that also runs the home,
# and "approve it" / "decline it", which only AutoArr's agent can place.
BUILTIN_INTENTS: Final = tuple(
    intent
    for intent in InstantIntent
    if intent is not InstantIntent.ADD_MEDIA and intent not in PRONOUN_INTENTS
)

LISTS: Final[dict[str, dict[str, object]]] = {
    "title": {"wildcard": True},
    "artist": {"wildcard": True},
    "minutes": {"range": {"from": 1, "to": 1440}},
    "hours": {"range": {"from": 1, "to": 24}},
}


def lists_of(language: str) -> dict[str, dict[str, object]]:
    """Return the slot lists of one language's sentences."""
    return {
        **LISTS,
        "period": {
            "values": [
                {"in": phrase, "out": value}
                for phrase, value in PERIODS[language].items()
            ]
        },
    }
