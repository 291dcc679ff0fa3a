"""Instant answers: the common requests, recognised and answered without a model.

`InstantMatcher` recognises the sentences in `sentences.py` with hassil (the
sentence matcher Home Assistant's own agent uses), and `answer` does the job
and phrases the reply. A request with several plausible matches ends in a
question; `answer_choice` understands the reply to it ("the first one",
"2021", "die Serie").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hassil import Intents
from hassil.numbers import get_rbnf_engine
from hassil.recognize import RecognizeResult, recognize_best

from . import indexers, music, operations, requests_voice, schedule_speech, speech
from .language import locale
from .languages import REGISTRY, language_of
from .media import Candidate, MediaRequest, choose, parse_request
from .sentences import (
    LANGUAGES,
    MORNING_HOUR,
    PERIODS,
    SENTENCES,
    UNTIL_MORNING,
    InstantIntent,
    lists_of,
)
from .stack import Stack

# The intent name of an answer to "Did you mean ...?".
CHOICE = "AutoArrChoice"


@dataclass(frozen=True, slots=True)
class InstantMatch:
    """A recognised instant sentence and its slots."""

    intent: InstantIntent
    language: str
    title: str | None = None
    minutes: int | None = None
    # "for the night", "until tomorrow": the length depends on the time.
    until_morning: bool = False
    # A length was said but could not be read (a trigger's free words).
    unclear_duration: bool = False
    # The artist of an album ("add the album Brat by Charli XCX").
    artist: str | None = None


@dataclass(frozen=True, slots=True)
class InstantAnswer:
    """The reply to an instant request.

    `candidates` is set when the reply is a question ("Did you mean ...?"),
    so the next turn can be understood as the answer to it.
    """

    speech: str
    intent: str
    language: str
    data: dict[str, Any]
    request: MediaRequest | None = None
    candidates: list[Candidate] = field(default_factory=list)
    # The one waiting request the reply named, for "approve it" next.
    named: requests_voice.RequestRef | None = None


def build_intents(
    language: str, intents: Iterable[InstantIntent] = tuple(InstantIntent)
) -> Intents:
    """Return the hassil intents of one language."""
    wanted = set(intents)
    return Intents.from_dict(
        {
            "language": language,
            "intents": {
                intent.value: {"data": [{"sentences": sentences}]}
                for intent, sentences in SENTENCES[language].items()
                if intent in wanted
            },
            "lists": lists_of(language),
        }
    )


def match_from_result(
    result: RecognizeResult, language: str, intent: InstantIntent | None = None
) -> InstantMatch:
    """Return the instant match of a hassil result.

    `intent` is given when the result comes from a matcher that names its
    intents differently (Home Assistant's sentence triggers, whose slots are
    the spoken words rather than the lists' values).
    """
    title = result.entities.get("title")
    artist = result.entities.get("artist")
    minutes: int | None = None
    until_morning = unclear = False
    for name, per in (("minutes", 1), ("hours", 60)):
        if (slot := result.entities.get(name)) is not None:
            try:
                minutes = int(slot.value) * per
            except TypeError, ValueError:
                unclear = True
    if (period := result.entities.get("period")) is not None:
        value = period.value
        if isinstance(value, str):
            value = PERIODS[language].get(" ".join(value.lower().split()), value)
        until_morning = value == UNTIL_MORNING
        if isinstance(value, int):
            minutes = value
        unclear = not until_morning and minutes is None
    return InstantMatch(
        intent=intent or InstantIntent(result.intent.name),
        language=language,
        title=str(title.value).strip() if title is not None else None,
        artist=str(artist.value).strip() if artist is not None else None,
        minutes=minutes,
        until_morning=until_morning,
        unclear_duration=unclear,
    )


def minutes_until_morning(now: datetime) -> int:
    """Return the minutes from `now` (local time) to the next morning."""
    morning = now.replace(hour=MORNING_HOUR, minute=0, second=0, microsecond=0)
    if morning <= now:
        # Adding a day in the same zone keeps the wall-clock hour.
        morning += timedelta(days=1)
    # Real seconds to 7 o'clock on the wall, also across a DST change.
    return max(1, round((morning.timestamp() - now.timestamp()) / 60))


def load_number_words() -> None:
    """Load the number words and locale data of every instant language.

    hassil reads its number words ("an hour", "zwei") from files the first
    time a sentence with a number is matched, and Babel its CLDR data
    (plural rules, weekdays) the first time an answer counts; both keep
    them: this does that reading up front. It blocks, so Home Assistant runs
    it in its executor before any sentence is matched.
    """
    for language in LANGUAGES:
        get_rbnf_engine(language)
        locale(REGISTRY[language].locale)


class InstantMatcher:
    """Recognises instant sentences in every supported language."""

    def __init__(self, intents: Iterable[InstantIntent] = tuple(InstantIntent)) -> None:
        """Build the sentence matchers once; matching is then cheap."""
        chosen = tuple(intents)
        self._intents = {lang: build_intents(lang, chosen) for lang in LANGUAGES}

    def match(self, text: str, language: str | None) -> InstantMatch | None:
        """Return the instant request in text, trying its language first."""
        first = language_of(language)
        order = [first, *(lang for lang in LANGUAGES if lang != first)]
        for lang in order:
            result = recognize_best(text, self._intents[lang], language=lang)
            if result is not None:
                return match_from_result(result, lang)
        return None


def _start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


async def answer(
    stack: Stack,
    match: InstantMatch,
    now: datetime,
    *,
    named: requests_voice.RequestRef | None = None,
) -> InstantAnswer:
    """Do what an instant request asks and phrase the reply.

    `now` is the local, time-zone aware time; "today" and "this week" are
    counted from the start of its day. `named` is the request the
    conversation just talked about, which "approve it" and "decline it" mean.
    """
    lang = match.language
    intent = match.intent
    match intent:
        case InstantIntent.DOWNLOADS:
            report = await operations.downloads(stack)
            return InstantAnswer(
                speech.downloads_speech(lang, report), intent, lang, report.as_dict()
            )
        case InstantIntent.DOWNLOAD_ETA:
            name = match.title or ""
            report = await operations.downloads(stack, name=name)
            return InstantAnswer(
                speech.eta_speech(lang, name, report), intent, lang, report.as_dict()
            )
        case InstantIntent.PAUSE if match.unclear_duration:
            # Pausing for longer or shorter than asked would be worse than asking.
            return InstantAnswer(speech.text(lang, "how_long"), intent, lang, {})
        case InstantIntent.PAUSE:
            minutes = (
                minutes_until_morning(now) if match.until_morning else match.minutes
            )
            result = await operations.pause(stack, minutes)
            return InstantAnswer(
                speech.pause_speech(
                    lang, result, minutes, until_morning=match.until_morning
                ),
                intent,
                lang,
                result.as_dict(),
            )
        case InstantIntent.MISSING:
            missing = await operations.missing(stack, examples=speech.MAX_SPOKEN)
            return InstantAnswer(
                schedule_speech.missing_speech(lang, missing),
                intent,
                lang,
                missing.as_dict(),
            )
        case InstantIntent.RESUME:
            result = await operations.resume(stack)
            return InstantAnswer(
                speech.resume_speech(lang, result), intent, lang, result.as_dict()
            )
        case InstantIntent.UPCOMING_TODAY | InstantIntent.UPCOMING_WEEK:
            week = intent is InstantIntent.UPCOMING_WEEK
            start = _start_of_day(now)
            end = start + timedelta(days=7 if week else 1)
            upcoming = await operations.upcoming(stack, start, end)
            return InstantAnswer(
                schedule_speech.upcoming_speech(lang, upcoming, week=week, now=now),
                intent,
                lang,
                upcoming.as_dict(),
            )
        case InstantIntent.RETRY_FAILED:
            result = await operations.retry_failed(stack)
            return InstantAnswer(
                speech.retry_speech(lang, result), intent, lang, result.as_dict()
            )
        case InstantIntent.SEARCH_MISSING:
            result = await operations.search_missing(stack)
            return InstantAnswer(
                speech.search_speech(lang, result), intent, lang, result.as_dict()
            )
        case InstantIntent.NOTHING_FOUND:
            found = await indexers.indexer_report(stack, now)
            return InstantAnswer(
                indexers.indexer_speech(lang, found), intent, lang, found.as_dict()
            )
        case InstantIntent.ADD_ALBUM:
            album = await music.add_album(stack, lang, match.title or "", match.artist)
            return InstantAnswer(
                music.album_speech(lang, album), intent, lang, album.as_dict()
            )
        case InstantIntent.REQUESTS:
            said, listed = await requests_voice.pending_answer(stack, lang)
            return InstantAnswer(
                said,
                intent,
                lang,
                listed.as_dict() if listed else {},
                named=requests_voice.named_request(listed),
            )
        case InstantIntent.APPROVE_IT | InstantIntent.DECLINE_IT:
            said, decision = await requests_voice.decide_named(
                stack, lang, named, approve=intent is InstantIntent.APPROVE_IT
            )
            return InstantAnswer(
                said, intent, lang, decision.as_dict() if decision else {}
            )
        case InstantIntent.APPROVE_REQUEST | InstantIntent.DECLINE_REQUEST:
            said, decision = await requests_voice.decision_answer(
                stack,
                lang,
                match.title or "",
                approve=intent is InstantIntent.APPROVE_REQUEST,
            )
            return InstantAnswer(
                said, intent, lang, decision.as_dict() if decision else {}
            )
        case InstantIntent.IN_LIBRARY:
            request = parse_request(match.title or "")
            library = await operations.in_library(stack, request)
            return InstantAnswer(
                speech.library_speech(lang, library), intent, lang, library.as_dict()
            )
    kind = {
        InstantIntent.ADD_MOVIE: "movie",
        InstantIntent.ADD_SERIES: "series",
    }.get(intent)
    request = parse_request(
        match.title or "",
        kind="movie" if kind == "movie" else "series" if kind else None,
    )
    if stack.seerr and not stack.add_directly:
        # Through Seerr: its users, quotas and approval rules apply.
        said, through = await requests_voice.seerr_request_answer(stack, lang, request)
        return InstantAnswer(
            said,
            intent,
            lang,
            through.as_dict(),
            named=requests_voice.named_request(through),
        )
    outcome = await operations.request_media(stack, request)
    return _request_answer(lang, intent, outcome)


def _request_answer(
    lang: str, intent: str, outcome: operations.RequestOutcome
) -> InstantAnswer:
    return InstantAnswer(
        speech.request_speech(lang, outcome),
        intent,
        lang,
        outcome.as_dict(),
        request=outcome.request,
        candidates=outcome.candidates if outcome.status == "ambiguous" else [],
    )


async def answer_choice(
    stack: Stack,
    text: str,
    language: str,
    request: MediaRequest,
    candidates: list[Candidate],
) -> InstantAnswer | None:
    """Answer the reply to "Did you mean ...?", or None if it is no choice."""
    chosen = choose(text, candidates)
    if chosen is None:
        return None
    outcome = await operations.request_media(stack, request, chosen=chosen)
    return _request_answer(language, CHOICE, outcome)
