"""Sentences AutoArr answers without a language model, in hassil syntax.

One set of templates serves two places: AutoArr's own agent matches them
before it calls any model, and Home Assistant's built-in agent gets them as
sentence triggers. Templates are hassil expressions: `[optional]`,
`(alternative|other)`, `{title}` (any words), `{minutes}` and `{hours}`
(numbers) and `{period}` (a spoken pause length of `PERIODS`).

Only sentences that say plainly what they are about are listed ("add the
movie X", never a bare "add X", which would catch "add milk to the shopping
list" in the built-in agent).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class InstantIntent(StrEnum):
    """What an instant sentence asks for."""

    DOWNLOADS = "AutoArrDownloads"
    DOWNLOAD_ETA = "AutoArrDownloadEta"
    PAUSE = "AutoArrPauseDownloads"
    RESUME = "AutoArrResumeDownloads"
    UPCOMING_TODAY = "AutoArrUpcomingToday"
    UPCOMING_WEEK = "AutoArrUpcomingWeek"
    IN_LIBRARY = "AutoArrInLibrary"
    ADD_MOVIE = "AutoArrAddMovie"
    ADD_SERIES = "AutoArrAddSeries"
    ADD_MEDIA = "AutoArrAddMedia"
    ADD_ALBUM = "AutoArrAddAlbum"
    NOTHING_FOUND = "AutoArrNothingFound"
    RETRY_FAILED = "AutoArrRetryFailed"
    SEARCH_MISSING = "AutoArrSearchMissing"
    MISSING = "AutoArrMissing"
    REQUESTS = "AutoArrRequests"
    APPROVE_REQUEST = "AutoArrApproveRequest"
    DECLINE_REQUEST = "AutoArrDeclineRequest"
    # "approve it", "decline it": the request the conversation just named.
    APPROVE_IT = "AutoArrApproveIt"
    DECLINE_IT = "AutoArrDeclineIt"


LANGUAGES: Final = ("en", "de")

SENTENCES: Final[dict[str, dict[InstantIntent, list[str]]]] = {
    "en": {
        InstantIntent.DOWNLOADS: [
            "(what's|what is|what are) [currently] downloading [right now]",
            "what (is|are) [being] downloaded [right now]",
            "(show|list) [me] [my|the] downloads",
            "(what's|what is) in the download queue",
            "how are [my|the] downloads [doing|going]",
            "download status",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "how long (until|till|before) {title} (is done|is finished|finishes|is downloaded)",
            "how long (for|does) {title} [take] [to download]",
            "when (will|is) {title} [be] (done|finished|downloaded)",
        ],
        InstantIntent.PAUSE: [
            "pause [the|all|my] downloads [for {minutes} minute[s]]",
            "pause downloading [for {minutes} minute[s]]",
            "stop downloading [for {minutes} minute[s]]",
            "pause [the|all|my] downloads for {hours} hour[s]",
            "(pause|stop) downloading for {hours} hour[s]",
            "pause [the|all|my] downloads {period}",
            "(pause|stop) downloading {period}",
        ],
        InstantIntent.RESUME: [
            "(resume|unpause|continue) [the|all|my] downloads",
            "(resume|continue|start) downloading [again]",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "(what's|what is) (on|airing|coming out|out) today",
            "what (comes|is coming) out today",
            "(any|which) (new episodes|episodes|movies|releases) today",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "(what's|what is) (on|airing|coming [out|up]) this week",
            "what (comes|is coming) out this week",
            "(any|which) (new episodes|episodes|movies|albums|releases) this week",
        ],
        InstantIntent.IN_LIBRARY: [
            "is {title} in my (library|collection)",
            "do I (have|own) {title} [in my (library|collection)]",
            "(have|did) I (got|get|added) {title} [already]",
        ],
        InstantIntent.ADD_MOVIE: [
            "(add|download|get|grab|request) [the] (movie|film) {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(add|download|get|grab|request) [the] [tv] (show|series) {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(download|request) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            "why (can't|can not|cannot|doesn't|does not|won't) (it|sonarr|radarr|lidarr|anything|the search) find anything",
            "why (is|does) nothing (get|getting|being) found",
            "why (are|is) [my|the] search[es] (finding nothing|not finding anything|empty)",
            "(are|is) [my|the] indexer[s] (working|down|failing)",
        ],
        InstantIntent.ADD_ALBUM: [
            "(add|download|get|grab) [the] album {title} (by|from) {artist}",
            "(add|download|get|grab) [the] album {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "retry [the|all|my] failed downloads",
            "(try|start) [the|all|my] failed downloads again",
        ],
        InstantIntent.SEARCH_MISSING: [
            "search for [all] [my|the] missing (episodes|movies|albums|episodes and movies|media)",
            "(find|look for) [all] [my|the] missing (episodes|movies|albums|episodes and movies)",
        ],
        InstantIntent.MISSING: [
            "(what's|what is|what are) [still] missing",
            "what am I [still] missing",
            "(what|which) (episodes|movies|albums|episodes and movies) (are|am I) [still] missing",
            "(show|list) [me] [the|my] missing (episodes|movies|albums|episodes and movies|media)",
        ],
        InstantIntent.REQUESTS: [
            "(what's|what is|what has) been requested",
            "what (requests are|request is) (pending|waiting|open)",
            "(what|which) requests are [there] [pending|waiting|open]",
            "(show|list) [me] [the] [pending|open|waiting] requests",
            "(are there|any) [new|pending|open] requests",
        ],
        InstantIntent.APPROVE_REQUEST: [
            "approve [the] request (for|of) {title}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            "(decline|deny|reject) [the] request (for|of) {title}",
        ],
        InstantIntent.APPROVE_IT: [
            "approve (it|that [one]|this [one]|the request)",
        ],
        InstantIntent.DECLINE_IT: [
            "(decline|deny|reject) (it|that [one]|this [one]|the request)",
        ],
    },
    "de": {
        InstantIntent.DOWNLOADS: [
            "was (wird|werden) [gerade|grade|im moment] heruntergeladen",
            "was (lädt|läuft) [gerade|grade|im moment] [herunter|im download]",
            "(zeig|zeige) [mir] [die|meine] downloads",
            "was ist in der (download warteschlange|downloadliste|warteschlange)",
            "wie (stehen|laufen) [die|meine] downloads",
            "download status",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "wie lange (dauert|braucht) {title} [noch]",
            "wann ist {title} (fertig|heruntergeladen|fertig heruntergeladen)",
        ],
        InstantIntent.PAUSE: [
            "(pausiere|pausier|stoppe|stopp) [die|alle|meine] downloads [für {minutes} minute[n]]",
            "[die|alle] downloads (pausieren|anhalten) [für {minutes} minute[n]]",
            "halte [die|alle] downloads an",
            "(pausiere|pausier|stoppe|stopp) [die|alle|meine] downloads für {hours} stunde[n]",
            "[die|alle] downloads für {hours} stunde[n] (pausieren|anhalten)",
            "(pausiere|pausier|stoppe|stopp) [die|alle|meine] downloads {period}",
            "[die|alle] downloads {period} (pausieren|anhalten)",
            "halte [die|alle] downloads {period} an",
        ],
        InstantIntent.RESUME: [
            "setze [die|alle|meine] downloads fort",
            "[die|alle] downloads (fortsetzen|weiterlaufen lassen)",
            "starte [die|alle] downloads wieder",
            "downloads wieder starten",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "was (kommt|läuft|erscheint) heute",
            "(welche|gibt es) (neue folgen|folgen|filme) heute",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "was (kommt|läuft|erscheint) diese woche",
            "(welche|gibt es) (neue folgen|folgen|filme|alben) diese woche",
        ],
        InstantIntent.IN_LIBRARY: [
            "ist {title} in meiner (bibliothek|sammlung|mediathek)",
            "habe ich {title} [schon] [in meiner (bibliothek|sammlung|mediathek)]",
            "hab ich {title} [schon]",
        ],
        InstantIntent.ADD_MOVIE: [
            "(füge|füg) [den] film {title} hinzu",
            "(lade|lad) [den] film {title} herunter",
            "[den] film {title} (hinzufügen|herunterladen)",
        ],
        InstantIntent.ADD_SERIES: [
            "(füge|füg) [die] serie {title} hinzu",
            "(lade|lad) [die] serie {title} herunter",
            "[die] serie {title} (hinzufügen|herunterladen)",
        ],
        InstantIntent.ADD_MEDIA: [
            "(lade|lad) {title} herunter",
            "(fordere|forder) {title} an",
        ],
        InstantIntent.NOTHING_FOUND: [
            "warum (findet|finden) (es|er|sie|sonarr|radarr|lidarr|die suche) nichts",
            "warum wird nichts gefunden",
            "(funktionieren|gehen) [meine|die] indexer",
            "(sind|ist) [meine|die] indexer (kaputt|down|ausgefallen)",
        ],
        InstantIntent.ADD_ALBUM: [
            "(füge|füg) [das] album {title} von {artist} hinzu",
            "(lade|lad) [das] album {title} von {artist} herunter",
            "[das] album {title} von {artist} (hinzufügen|herunterladen)",
            "(füge|füg) [das] album {title} hinzu",
            "(lade|lad) [das] album {title} herunter",
            "[das] album {title} (hinzufügen|herunterladen)",
        ],
        InstantIntent.RETRY_FAILED: [
            "(wiederhole|wiederhol) [die|alle] fehlgeschlagenen downloads",
            "[die|alle] fehlgeschlagenen downloads (wiederholen|neu starten)",
        ],
        InstantIntent.SEARCH_MISSING: [
            "(suche|such) nach [allen] fehlenden (folgen|filmen|alben|folgen und filmen)",
            "[die] fehlenden (folgen|filme|alben|folgen und filme) suchen",
        ],
        InstantIntent.MISSING: [
            "was fehlt [mir] [noch]",
            "welche (folgen|filme|alben|folgen und filme) fehlen [mir] [noch]",
            "(zeig|zeige) [mir] [die] fehlenden (folgen|filme|alben|folgen und filme)",
        ],
        InstantIntent.REQUESTS: [
            "was (wurde|ist) angefragt [worden]",
            "welche anfragen (sind|gibt es) [noch] [offen]",
            "(zeig|zeige) [mir] [die] [offenen] anfragen",
            "gibt es [neue|offene] anfragen",
        ],
        InstantIntent.APPROVE_REQUEST: [
            "(genehmige|genehmig|bestätige) die anfrage (für|von) {title}",
            "die anfrage (für|von) {title} (genehmigen|bestätigen)",
        ],
        InstantIntent.DECLINE_REQUEST: [
            "(lehne|lehn) die anfrage (für|von) {title} ab",
            "die anfrage (für|von) {title} ablehnen",
        ],
        InstantIntent.APPROVE_IT: [
            "(genehmige|genehmig|bestätige) (sie|ihn|es|die anfrage)",
            "(gib|gebe) (sie|ihn|es|die anfrage) frei",
        ],
        InstantIntent.DECLINE_IT: [
            "(lehne|lehn) (sie|ihn|es|die anfrage) ab",
        ],
    },
}

# Until the next morning: "for the night", "until tomorrow".
UNTIL_MORNING: Final = "morning"
# The hour of the morning a pause "for the night" ends, local time.
MORNING_HOUR: Final = 7

# Spoken pause lengths: the phrase (with its preposition) and minutes, or
# UNTIL_MORNING.
PERIODS: Final[dict[str, dict[str, int | str]]] = {
    "en": {
        "for an hour": 60,
        "for one hour": 60,
        "for half an hour": 30,
        "for a day": 1440,
        "for the day": 1440,
        "for the night": UNTIL_MORNING,
        "overnight": UNTIL_MORNING,
        "until tomorrow": UNTIL_MORNING,
        "until tomorrow morning": UNTIL_MORNING,
        "until the morning": UNTIL_MORNING,
    },
    "de": {
        "für eine stunde": 60,
        "eine stunde": 60,
        "für eine halbe stunde": 30,
        "eine halbe stunde": 30,
        "für einen tag": 1440,
        "für heute": 1440,
        "für die nacht": UNTIL_MORNING,
        "über nacht": UNTIL_MORNING,
        "bis morgen": UNTIL_MORNING,
        "bis morgen früh": UNTIL_MORNING,
    },
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
