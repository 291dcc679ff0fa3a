"""The optional confirmation turn: "Add Dune (2021)?", made only after a yes.

With the agent's `confirm_changes` option on, an add or a pause is not made
at once: the agent asks, holds the change for the conversation, and makes it
only when the next turn says yes ("yes", "sure", "ja", "gerne"); anything
else drops it. The instant answers and the model's tools hold their changes
alike: a held change is the question and what a yes does.

An album is looked up in Lidarr and held alike ("Add Brat by Charli XCX?").
With a Seerr configured (and the agent not set to add directly) an add is a
request to Seerr, held alike: "Shall I request Oppenheimer (2023)?", and a
yes requests it there, so Seerr's users, quotas and approval rules apply.

Picking from "Did you mean ...?" names the exact item, so it counts as the
confirmation; resuming, retrying and searching are not held.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
import re
from typing import Any, Final

from . import music, operations, requests_voice, speech, tools
from .budget import within_budget
from .instant import InstantAnswer, InstantMatch, minutes_until_morning
from .languages import REGISTRY
from .media import MediaKind, MediaRequest, parse_request
from .operations.requests import SeerrOutcome, find_through_seerr, make_seerr_request
from .sentences import MORNING_HOUR, InstantIntent
from .stack import Stack

# The intent of the question, and of the answer to a no.
CONFIRM: Final = "AutoArrConfirm"
NOT_CONFIRMED: Final = "AutoArrNotConfirmed"

# A yes or a no in any language AutoArr speaks (a German "ja" in an English
# conversation still means yes). A yes starts the answer; any no word in it
# makes it no ("yes, but not now").
_YES: Final = re.compile(
    "^(" + "|".join(language.yes_words for language in REGISTRY.values()) + r")\b"
)
_NO: Final = re.compile(
    r"\b(" + "|".join(language.no_words for language in REGISTRY.values()) + r")\b"
)
_ADD_KINDS: Final[dict[InstantIntent, MediaKind | None]] = {
    InstantIntent.ADD_MOVIE: "movie",
    InstantIntent.ADD_SERIES: "series",
    InstantIntent.ADD_MEDIA: None,
}

type Run = Callable[[Stack], Awaitable[InstantAnswer]]


@dataclass(frozen=True, slots=True)
class HeldChange:
    """An add or a pause waiting for the user's yes."""

    question: str
    language: str
    run: Run


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def is_yes(text: str) -> bool:
    """Return whether an answer to a confirmation question says yes."""
    words = _words(text)
    return _YES.match(words) is not None and _NO.search(words) is None


def is_no(text: str) -> bool:
    """Return whether an answer to a confirmation question says no."""
    return _NO.search(_words(text)) is not None


def not_confirmed(language: str) -> InstantAnswer:
    """Return the answer to a no."""
    return InstantAnswer(
        speech.text(language, "not_confirmed"), NOT_CONFIRMED, language, {}
    )


def question(changes: list[HeldChange]) -> InstantAnswer:
    """Return the question held changes ask, in their language."""
    return InstantAnswer(
        " ".join(change.question for change in changes),
        CONFIRM,
        changes[0].language,
        {},
    )


async def run_all(stack: Stack, changes: list[HeldChange]) -> InstantAnswer:
    """Make the held changes (after a yes); return the answer to them."""
    answers = [await change.run(stack) for change in changes]
    if len(answers) == 1:
        return answers[0]
    return InstantAnswer(
        " ".join(answer.speech for answer in answers),
        answers[0].intent,
        answers[0].language,
        {"changes": [answer.data for answer in answers]},
    )


def hold_pause(
    language: str, minutes: int | None, *, until_morning: bool = False
) -> HeldChange:
    """Return a pause held for a yes: "Pause all downloads for 1 hour?"."""
    if until_morning:
        asked = speech.text(language, "confirm_pause_until_morning", hour=MORNING_HOUR)
    elif minutes:
        asked = speech.text(
            language,
            "confirm_pause_for",
            duration=speech.exact_duration(language, minutes),
        )
    else:
        asked = speech.text(language, "confirm_pause")

    async def run(stack: Stack) -> InstantAnswer:
        result = await operations.pause(stack, minutes)
        return InstantAnswer(
            speech.pause_speech(language, result, minutes, until_morning=until_morning),
            InstantIntent.PAUSE,
            language,
            result.as_dict(),
        )

    return HeldChange(asked, language, run)


async def hold_add(
    stack: Stack,
    request: MediaRequest,
    language: str,
    intent: str,
    *,
    external_id: str | None = None,
) -> HeldChange | operations.RequestOutcome:
    """Look a request up; return the add held for a yes.

    When there is not exactly one item to add (several, none, already in the
    library, no service) the lookup's outcome is returned: nothing was added.
    """
    outcome = await operations.request_media(
        stack, request, external_id=external_id, add=False
    )
    chosen = outcome.chosen
    if outcome.status != "to_add" or chosen is None:
        return outcome

    async def run(stack: Stack) -> InstantAnswer:
        added = await operations.request_media(stack, request, chosen=chosen)
        return InstantAnswer(
            speech.request_speech(language, added),
            intent,
            language,
            added.as_dict(),
            request=request,
        )

    return HeldChange(speech.request_speech(language, outcome), language, run)


async def hold_seerr(
    stack: Stack,
    request: MediaRequest,
    language: str,
    intent: str,
    *,
    seasons: list[int],
    tmdb_id: int | None = None,
) -> HeldChange | SeerrOutcome:
    """Look a request up in Seerr; return the request held for a yes.

    When there is nothing to request (already available or requested, not
    found, several, no Seerr answering) Seerr's outcome is returned: nothing
    was requested.
    """
    found = await find_through_seerr(
        stack, request, seasons=seasons or None, tmdb_id=tmdb_id
    )
    if isinstance(found, SeerrOutcome):
        return found

    async def run(stack: Stack) -> InstantAnswer:
        made = await make_seerr_request(stack, found)
        return InstantAnswer(
            requests_voice.seerr_speech(language, made),
            intent,
            language,
            made.as_dict(),
            named=requests_voice.named_request(made),
        )

    return HeldChange(requests_voice.seerr_question(language, found), language, run)


async def hold_album(
    stack: Stack,
    language: str,
    title: str,
    artist: str | None,
    intent: str,
    *,
    reading: str | None = None,
) -> HeldChange | music.AlbumOutcome:
    """Look an album up in Lidarr; return its add held for a yes.

    `reading`: the language whose "by" splits the title (a model's arguments
    are read in English), else the answer's. When there is nothing to add
    (already there, not found, no Lidarr answering) the lookup's outcome is
    returned: nothing was added.
    """
    found = await music.add_album(stack, reading or language, title, artist, add=False)
    if found.status != "to_add":
        return found

    async def run(stack: Stack) -> InstantAnswer:
        added = await music.add_found(stack, found)
        return InstantAnswer(
            music.album_speech(language, added), intent, language, added.as_dict()
        )

    asked = speech.text(
        language, "confirm_add", title=music.said_album(language, found)
    )
    return HeldChange(asked, language, run)


async def hold_instant(
    stack: Stack, match: InstantMatch, now: datetime
) -> HeldChange | InstantAnswer | None:
    """Return the held change of an instant add or pause.

    None for a request that is not held (it is answered as usual); an answer
    when an add cannot be held (see `hold_add`).
    """
    lang = match.language
    if match.intent is InstantIntent.PAUSE and not match.unclear_duration:
        minutes = minutes_until_morning(now) if match.until_morning else match.minutes
        return hold_pause(lang, minutes, until_morning=match.until_morning)
    if match.intent is InstantIntent.ADD_ALBUM:
        album = await hold_album(
            stack, lang, match.title or "", match.artist, match.intent
        )
        if isinstance(album, HeldChange):
            return album
        return InstantAnswer(
            music.album_speech(lang, album), match.intent, lang, album.as_dict()
        )
    if match.intent not in _ADD_KINDS:
        return None
    request = parse_request(match.title or "", kind=_ADD_KINDS[match.intent])
    if stack.seerr and not stack.add_directly:
        request, seasons = requests_voice.seerr_request(request)
        asked = await hold_seerr(stack, request, lang, match.intent, seasons=seasons)
        if isinstance(asked, HeldChange):
            return asked
        return InstantAnswer(
            requests_voice.seerr_speech(lang, asked),
            match.intent,
            lang,
            asked.as_dict(),
        )
    held = await hold_add(stack, request, lang, match.intent)
    if isinstance(held, HeldChange):
        return held
    return InstantAnswer(
        speech.request_speech(lang, held),
        match.intent,
        lang,
        held.as_dict(),
        request=held.request,
        candidates=held.candidates if held.status == "ambiguous" else [],
    )


async def hold_tool_call(
    stack: Stack, name: str, arguments: Mapping[str, Any], language: str
) -> HeldChange | dict[str, Any] | None:
    """Return the held change of a model's add or pause.

    None for any other call (it runs as usual); the tool's result when an
    add cannot be held (nothing was added). Raises ToolArgumentError for bad
    arguments.
    """
    tool = tools.TOOLS_BY_NAME.get(name)
    if tool is tools.CONTROL_DOWNLOADS:
        args = tools.validate(tool, arguments)
        if args["action"] != "pause":
            return None
        return hold_pause(language, args.get("minutes"))
    if tool is not tools.ADD_MEDIA:
        return None
    args = tools.validate(tool, arguments)
    if tools.is_album(args):
        # The arguments are in the model's words: read "by" in English.
        title, artist = tools.album_of(args)
        album = await hold_album(
            stack, language, title, artist, InstantIntent.ADD_ALBUM, reading="en"
        )
        return album if isinstance(album, HeldChange) else album.as_dict()
    if stack.seerr and not stack.add_directly:
        request, seasons, tmdb_id = tools.seerr_request_of(args)
        asked = await hold_seerr(
            stack,
            request,
            language,
            InstantIntent.ADD_MEDIA,
            seasons=seasons,
            tmdb_id=tmdb_id,
        )
        return asked if isinstance(asked, HeldChange) else asked.as_dict()
    held = await hold_add(
        stack,
        tools.media_request(args),
        language,
        InstantIntent.ADD_MEDIA,
        external_id=args.get("id"),
    )
    if isinstance(held, HeldChange):
        return held
    return within_budget(held.as_dict())


def tool_result(change: HeldChange) -> dict[str, Any]:
    """Return what a model is told of a change held for a yes."""
    return {
        "status": "needs_confirmation",
        "question": change.question,
        "message": (
            "Nothing was done yet: the user is asked this question, and it is"
            " done only if they say yes."
        ),
    }
