"""The tools a language model gets: few, flat, each doing a whole job.

Small local models choose better among a handful of tools with flat
arguments and one-line descriptions, and every tool schema is prompt tokens
on every turn. So there are six tools; each does everything a request needs
in one call (a lookup, the movie-or-TV decision, quality profile and root
folder defaults, adding and searching), and nothing here deletes anything.

The definitions are plain data; `json_schema` gives the schema sent to a
model, and the Home Assistant glue builds its tool objects from the same
definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
import re
from typing import Any, Final, Literal

from . import music, operations
from .budget import within_budget
from .media import QUALITIES, MediaKind, MediaRequest, parse_request
from .operations.requests import decide_request, list_requests, request_through_seerr
from .requests_voice import split_seasons
from .stack import Stack

TOOL_PREFIX: Final = "autoarr__"


class ToolArgumentError(ValueError):
    """A model called a tool with arguments that do not fit its schema."""


@dataclass(frozen=True, slots=True)
class Param:
    """One flat tool argument."""

    name: str
    type: Literal["string", "integer"]
    # Left empty where the name says it all: every word is prompt tokens.
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    # Whether the schema sent to the model shows it. An argument the title's
    # own words can carry ("Dune 2021", "the show Dune") is accepted but not
    # shown where it is not worth its prompt tokens on every turn.
    shown: bool = True


@dataclass(frozen=True, slots=True)
class ToolDef:
    """A tool: what the model sees, and how it behaves."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...] = ()
    read_only: bool = True
    idempotent: bool = True
    # Changes what is there (not only adds to it): pausing, retrying.
    destructive: bool = False


_KIND = Param("kind", "string", enum=("movie", "series", "album"))
_YEAR = Param("year", "integer")
# An album's artist (Lidarr); given, the request is for an album. Not shown:
# "Brat by Charli XCX" as the title says it too.
_ARTIST = Param("artist", "string", shown=False)
# A title that says it is an album ("the album Brat by Charli XCX").
_ALBUM_WORDS: Final = re.compile(r"^\s*(?:the\s+)?album\s+", re.IGNORECASE)

FIND_MEDIA = ToolDef(
    name=f"{TOOL_PREFIX}find_media",
    title="Find a movie or TV show",
    description="Is a title in the library?",
    # A look-up reads the kind and year from the title's words; only adding
    # shows them, where a wrong match costs a download.
    params=(
        Param("title", "string", required=True),
        Param("kind", "string", enum=_KIND.enum, shown=False),
        Param("year", "integer", shown=False),
        _ARTIST,
    ),
)
ADD_MEDIA = ToolDef(
    name=f"{TOOL_PREFIX}add_media",
    title="Add a movie, TV show or album",
    description="Get, add or download a movie or show.",
    params=(
        Param("title", "string", required=True),
        _KIND,
        _YEAR,
        _ARTIST,
        # "Dune in 4K": the title's words carry it.
        Param("quality", "string", enum=QUALITIES, shown=False),
        # A candidate's id, accepted but not shown: the user picks a
        # candidate by its title and year, and a small model shown the id
        # filled it with made-up ones ("knives-out-4k").
        Param("id", "string", shown=False),
    ),
    read_only=False,
    idempotent=True,
)
DOWNLOADS = ToolDef(
    name=f"{TOOL_PREFIX}downloads",
    title="Download status",
    description="Download queue: progress, speed, stuck.",
    # The download's title; "name" too is accepted (a small model shown
    # "name" beside the call's own "name" key wrote broken JSON).
    params=(Param("title", "string"), Param("name", "string", shown=False)),
)
UPCOMING = ToolDef(
    name=f"{TOOL_PREFIX}upcoming",
    title="Upcoming episodes and movies",
    description="Episodes and movies coming soon.",
    params=(Param("days", "integer", "1-31", minimum=1, maximum=31),),
)
# With a Seerr, what is missing includes the requests waiting for approval.
MISSING = ToolDef(
    name=f"{TOOL_PREFIX}missing",
    title="Missing episodes and movies, and waiting requests",
    description="Missing episodes and movies, waiting requests.",
)
CONTROL_DOWNLOADS = ToolDef(
    name=f"{TOOL_PREFIX}control_downloads",
    title="Control downloads",
    description="Pause, resume or retry downloads, search missing, decide requests.",
    params=(
        Param(
            "action",
            "string",
            required=True,
            enum=(
                "pause",
                "resume",
                "retry_failed",
                "search_missing",
                "speed_limit",
                # A Seerr request waiting for approval, named by its title.
                "approve",
                "decline",
            ),
        ),
        Param("minutes", "integer", minimum=1, maximum=1440),
        # Download speed limit, KiB/s; 0 lifts it (no description: prompt tokens).
        Param("limit_kib", "integer", minimum=0, maximum=10_000_000),
        # The title of the request to approve or decline.
        Param("title", "string"),
    ),
    read_only=False,
    idempotent=False,
    destructive=True,
)


# Actions for administrators only: a service's setting, as the
# `set_speed_limit` action, and deciding what others requested, as the
# `approve_request` and `decline_request` actions.
ADMIN_ACTIONS: Final = frozenset({"speed_limit", "approve", "decline"})


def admin_only(name: str, arguments: Mapping[str, Any]) -> bool:
    """Return whether a call is for administrators only.

    The action is read as `validate` reads it.
    """
    action = arguments.get("action")
    return (
        name == CONTROL_DOWNLOADS.name
        and isinstance(action, str)
        and action.strip().lower() in ADMIN_ACTIONS
    )


# Adding comes first and the look-up last: Qwen2.5-Coder 0.5B, shown the
# look-up first, chose it for most requests that named a title or asked a
# question (bench/RESULTS.md, section (f)).
TOOLS: Final[tuple[ToolDef, ...]] = (
    ADD_MEDIA,
    DOWNLOADS,
    UPCOMING,
    MISSING,
    CONTROL_DOWNLOADS,
    FIND_MEDIA,
)
TOOLS_BY_NAME: Final = {tool.name: tool for tool in TOOLS}


def param_schema(param: Param) -> dict[str, Any]:
    """Return the JSON schema of one argument.

    Ranges are not in the schema (they are checked when the tool runs, and
    the error says them): a description's "1-31" costs fewer prompt tokens
    than "minimum" and "maximum".
    """
    schema: dict[str, Any] = {"type": param.type}
    if param.description:
        schema["description"] = param.description
    if param.enum is not None:
        schema["enum"] = list(param.enum)
    return schema


def json_schema(tool: ToolDef) -> dict[str, Any]:
    """Return the JSON schema of a tool's arguments (flat, one level)."""
    shown = [param for param in tool.params if param.shown]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {param.name: param_schema(param) for param in shown},
    }
    if required := [param.name for param in shown if param.required]:
        schema["required"] = required
    return schema


def _coerce(param: Param, value: Any) -> Any:
    """Return an argument as its declared type, forgiving small-model habits.

    Small models send numbers as strings ("30"); those are accepted. Anything that still does not fit raises ToolArgumentError.
    """
    if param.type == "integer":
        if isinstance(value, bool):
            raise ToolArgumentError(f"{param.name} must be a whole number")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if not isinstance(value, int):
            raise ToolArgumentError(f"{param.name} must be a whole number")
        if param.minimum is not None and value < param.minimum:
            raise ToolArgumentError(f"{param.name} must be at least {param.minimum}")
        if param.maximum is not None and value > param.maximum:
            raise ToolArgumentError(f"{param.name} must be at most {param.maximum}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ToolArgumentError(f"{param.name} must be a non-empty text")
    value = value.strip()
    if param.enum is not None:
        lowered = value.lower()
        if lowered not in param.enum:
            raise ToolArgumentError(
                f"{param.name} must be one of: {', '.join(param.enum)}"
            )
        return lowered
    return value


def validate(tool: ToolDef, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Return the arguments checked against the tool's parameters.

    Empty values are dropped first (small models send "" or null for
    arguments they mean to leave out); unknown arguments are an error, so a
    model learns the right names from the reply.
    """
    known = {param.name: param for param in tool.params}
    given = {k: v for k, v in arguments.items() if v is not None and v != ""}
    if unknown := sorted(set(given) - set(known)):
        raise ToolArgumentError(f"unknown arguments: {', '.join(unknown)}")
    checked = {name: _coerce(known[name], value) for name, value in given.items()}
    if missing := [p.name for p in tool.params if p.required and p.name not in checked]:
        raise ToolArgumentError(f"missing arguments: {', '.join(missing)}")
    return checked


def is_album(args: Mapping[str, Any]) -> bool:
    """Return whether find/add arguments ask for an album (Lidarr)."""
    if "kind" in args:
        return bool(args["kind"] == "album")
    return "artist" in args or _ALBUM_WORDS.match(args["title"]) is not None


def album_of(args: Mapping[str, Any]) -> tuple[str, str | None]:
    """Return the album title (without "the album") and artist of arguments."""
    return _ALBUM_WORDS.sub("", args["title"]), args.get("artist")


def media_request(args: Mapping[str, Any]) -> MediaRequest:
    """Return the media request of find/add arguments (not an album)."""
    kind: MediaKind | None = args.get("kind")
    parsed = parse_request(args["title"], kind=kind)
    return MediaRequest(
        title=parsed.title,
        kind=parsed.kind,
        year=args.get("year", parsed.year),
        quality=args.get("quality", parsed.quality),
    )


def _tmdb_id(candidate: str | None) -> int | None:
    """Return the TMDB id of a "tmdb:123" candidate id, else None."""
    scheme, _, number = (candidate or "").partition(":")
    return int(number) if scheme.lower() == "tmdb" and number.isdigit() else None


def _waiting(item: dict[str, Any]) -> dict[str, Any]:
    """Return a request waiting for approval as a model reads it."""
    return {
        "title": item["title"],
        "year": item["year"],
        **({"seasons": item["seasons"]} if item["seasons"] else {}),
        "requested_by": item["requested_by"],
    }


async def _decide(stack: Stack, action: str, title: str | None) -> dict[str, Any]:
    """Approve or decline the waiting Seerr request for a title."""
    if title is None:
        raise ToolArgumentError(f"{action} needs the title of the request")
    if not stack.seerr:
        return {"action": action, "status": "no_service", "query": title}
    decision = await decide_request(stack, approve=action == "approve", title=title)
    return {"action": action, **decision.as_dict()}


def seerr_request_of(
    args: Mapping[str, Any],
) -> tuple[MediaRequest, list[int], int | None]:
    """Return what add arguments ask Seerr for: the request, seasons, TMDB id."""
    title, seasons = split_seasons(args["title"])
    return media_request({**args, "title": title}), seasons, _tmdb_id(args.get("id"))


async def call_tool(
    stack: Stack, name: str, arguments: Mapping[str, Any], *, now: datetime
) -> dict[str, Any]:
    """Run a tool and return its result data, within the token budget.

    Raises ToolArgumentError for an unknown tool or bad arguments; a service
    that does not answer is reported in the result ("unavailable").
    """
    tool = TOOLS_BY_NAME.get(name)
    if tool is None:
        raise ToolArgumentError(f"unknown tool {name}")
    args = validate(tool, arguments)
    return within_budget(await _run(stack, tool, args, now), hint=_HINTS.get(tool))


# How to ask for what a result left out.
_HINTS: Final = {
    FIND_MEDIA: "give the year or kind to narrow it down",
    DOWNLOADS: "give a title to hear about one download",
    UPCOMING: "ask for fewer days to hear the rest",
}


async def _run(
    stack: Stack, tool: ToolDef, args: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Run a tool with checked arguments."""
    if tool in (FIND_MEDIA, ADD_MEDIA) and is_album(args):
        # The arguments are in the model's words: read "by" in English.
        title, artist = album_of(args)
        if tool is FIND_MEDIA:
            return await music.find_album(stack, "en", title, artist)
        return (await music.add_album(stack, "en", title, artist)).as_dict()
    if tool is FIND_MEDIA:
        return (await operations.find_media(stack, media_request(args))).as_dict()
    if tool is ADD_MEDIA and stack.seerr and not stack.add_directly:
        # Through Seerr: its users, quotas and approval rules apply.
        request, seasons, tmdb_id = seerr_request_of(args)
        through = await request_through_seerr(
            stack, request, seasons=seasons or None, tmdb_id=tmdb_id
        )
        return through.as_dict()
    if tool is ADD_MEDIA:
        outcome = await operations.request_media(
            stack, media_request(args), external_id=args.get("id")
        )
        return outcome.as_dict()
    if tool is DOWNLOADS:
        named = args.get("title", args.get("name"))
        return (await operations.downloads(stack, named)).as_dict()
    if tool is UPCOMING:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=args.get("days", 7))
        return (await operations.upcoming(stack, start, end)).as_dict()
    if tool is MISSING:
        report = (await operations.missing(stack)).as_dict()
        if stack.seerr:
            listed = await list_requests(stack, "pending")
            report["requests_waiting"] = [_waiting(item) for item in listed.items]
            report["unavailable"] = [*report["unavailable"], *listed.unavailable]
        return report
    action = args["action"]
    if action in ("approve", "decline"):
        return await _decide(stack, action, args.get("title"))
    if action == "pause":
        result = await operations.pause(stack, args.get("minutes"))
    elif action == "resume":
        result = await operations.resume(stack)
    elif action == "retry_failed":
        result = await operations.retry_failed(stack)
    elif action == "speed_limit":
        if "limit_kib" not in args:
            raise ToolArgumentError("speed_limit needs limit_kib (KiB/s, 0 for none)")
        result = await operations.set_speed_limit(stack, args["limit_kib"])
    else:
        result = await operations.search_missing(stack)
    return {"action": action, **result.as_dict()}
