"""Short spoken answers, in every instant language, for the instant path.

Answers are meant to be heard, not read: a few items, rounded numbers and
names without release tags ("Dune Part Two", not
"Dune.Part.Two.2024.2160p.WEB-DL").
"""

from __future__ import annotations

import re

from .intents import MORNING_HOUR
from .language import counted_key, decimal
from .languages import get
from .media import Candidate
from .operations import (
    ControlResult,
    Download,
    DownloadsReport,
    LibraryReport,
    RequestOutcome,
)
from .vocabulary import CLIENT_FAILED, NO_PEERS, NO_REASON, QueueState

# AutoArr's own reasons, said in the answer's language (a service's reason
# is its own words, said as it gives them).
_REASONS = {
    NO_REASON: "reason_none",
    NO_PEERS: "reason_no_peers",
    CLIENT_FAILED: "reason_client_failed",
}

# How many items an answer reads out before "and 3 more".
MAX_SPOKEN = 3

# Release tags after which a release name stops being the title.
_RELEASE_TAIL = re.compile(
    r"\b(?:(?:19|20)\d\d|S\d{1,2}E\d{1,3}|S\d{1,2}|\d{3,4}p|WEB|WEB-?DL|BluRay|"
    r"HDTV|x26[45]|H\.?26[45]|REPACK|PROPER)\b.*$",
    re.IGNORECASE,
)


def text(language: str, key: str, **values: object) -> str:
    """Return one phrase in a language, filled in."""
    return get(language).phrases[key].format(**values)


# "S01E02", or the range of a season pack: "S02E01-E24", "S01E01-S02E24".
_EPISODES = re.compile(
    r"\bS(?P<season>\d{1,2})E(?P<episode>\d{1,3})"
    r"(?:-(?:S(?P<last_season>\d{1,2}))?E(?P<last>\d{1,3}))?\b",
    re.IGNORECASE,
)


def spoken_name(name: str) -> str:
    """Return a release name as it is said: "Dune Part Two S01E02"."""
    words = name.replace(".", " ").replace("_", " ")
    episode = _EPISODES.search(words)
    head = _RELEASE_TAIL.sub("", words).strip(" -")
    head = " ".join(head.split()) or " ".join(words.split())
    if episode:
        head = f"{head} S{int(episode['season']):02d}E{int(episode['episode']):02d}"
        if episode["last"]:
            # A season pack: "S02E01-E24", or "S01E01-S02E24" across seasons.
            last_season = episode["last_season"]
            head += f"-S{int(last_season):02d}" if last_season else "-"
            head += f"E{int(episode['last']):02d}"
    return head


def _hours_minutes(language: str, hours: int, minutes: int, *, zero: bool) -> str:
    """Return "2 hours 5 minutes"; with `zero`, "0 minutes" rather than nothing."""
    parts: list[str] = []
    if hours:
        parts.append(counted(language, "hours", hours))
    if minutes or (zero and not hours):
        parts.append(counted(language, "minutes", minutes))
    return " ".join(parts)


def duration(language: str, seconds: int) -> str:
    """Return a rounded duration: "about 2 hours 5 minutes"."""
    if seconds < 60:
        return text(language, "under_minute")
    hours, minutes = divmod(round(seconds / 60), 60)
    said = _hours_minutes(language, hours, minutes, zero=False)
    return text(language, "about", duration=said)


def exact_duration(language: str, minutes: int) -> str:
    """Return a duration as asked for: "1 hour 30 minutes", "10 minutes"."""
    hours, minutes = divmod(minutes, 60)
    return _hours_minutes(language, hours, minutes, zero=True)


def speed(value: float, language: str = "en") -> str:
    """Return a download speed: "12.5 MB/s" ("12,5 MB/s" in French)."""
    if value >= 1_000_000:
        return f"{decimal(get(language), value / 1_000_000)} MB/s"
    return f"{value / 1_000:.0f} kB/s"


def join(language: str, items: list[str], *, word: str = "and") -> str:
    """Return "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text(language, word)} {items[-1]}"


def unreachable(language: str, names: list[str]) -> str:
    """Return " X did not answer." for services that failed, or nothing."""
    if not names:
        return ""
    key = "not_reachable_many" if len(names) > 1 else "not_reachable"
    return f" {text(language, key, names=join(language, names))}"


def unavailable(language: str, names: list[str]) -> str:
    """Return "X is not reachable right now."."""
    key = "unavailable_many" if len(names) > 1 else "unavailable"
    return text(language, key, names=join(language, names))


def _percent(download: Download) -> int:
    return round(download.progress)


def counted(language: str, key: str, count: int, **values: object) -> str:
    """Return a phrase for a count, in its plural form: "1 download", "2 downloads".

    The form is the count's plural category in the language's CLDR rules
    (through Babel): English and German have "one" (exactly 1) and "other",
    Polish also "few" (2-4, 22-24...) and "many" (5-21...). Each phrase has a
    variant per category, `<key>_one`, `<key>_few`...; a category a language
    uses only for millions ("many" in French) falls back to `<key>_other`.
    """
    phrases = get(language).phrases
    name = counted_key(get(language), phrases, key, count)
    return phrases[name].format(count=count, **values)


def _said_name(language: str, name: str) -> str:
    """Return a download's name as said: "Shōgun season 2 episode 5"."""
    return spoken_label(language, spoken_name(name))


def _downloading_item(language: str, download: Download, *, first: bool) -> str:
    name = _said_name(language, download.name)
    if download.eta_seconds:
        key = "eta_left" if first else "eta_short"
        return text(
            language, key, name=name, duration=duration(language, download.eta_seconds)
        )
    return text(language, "at_percent", name=name, percent=_percent(download))


def _listing(language: str, items: list[str], total: int) -> str:
    if total > len(items):
        items = [*items, text(language, "and_more", count=total - len(items))]
    return "; ".join(items)


def _reason(language: str, reason: str | None) -> str:
    """Return why a download needs attention, as said: AutoArr's own reasons
    in the language ("aucun pair ni seed"), a service's as it gives them."""
    key = _REASONS.get(reason or NO_REASON)
    return text(language, key) if key else (reason or "").rstrip(".")


def downloads_speech(language: str, report: DownloadsReport) -> str:
    """Return the answer to "what's downloading?".

    What is downloading is named, furthest along first, with the time left;
    what is stalled or flagged is named with the reason; what waits, is
    paused or is being imported is counted: "2 downloading: Dune: Part Two,
    about 16 minutes left; Shōgun season 2 episode 5, about 4 minutes. 13
    waiting, 2 paused." The order and the states are those of the queue
    sensors (`vocabulary`).
    """
    parts: list[str] = []
    if report.paused:
        parts.append(text(language, "paused"))
    downloading = report.in_state(QueueState.DOWNLOADING)
    if downloading:
        items = [
            _downloading_item(language, download, first=index == 0)
            for index, download in enumerate(downloading[:MAX_SPOKEN])
        ]
        parts.append(
            counted(
                language,
                "downloading",
                len(downloading),
                items=_listing(language, items, len(downloading)),
            )
        )
    problems = report.in_state(
        QueueState.STALLED, QueueState.WARNING, QueueState.FAILED
    )
    if problems:
        items = [
            text(
                language,
                "with_reason",
                name=_said_name(language, download.name),
                state=text(language, f"state_{download.state}"),
                reason=_reason(language, download.reason),
            )
            for download in problems[:MAX_SPOKEN]
        ]
        parts.append(
            counted(
                language,
                "need_attention",
                len(problems),
                items=_listing(language, items, len(problems)),
            )
        )
    counts = [
        counted(language, f"count_{state}", len(found))
        for state in (QueueState.QUEUED, QueueState.PAUSED, QueueState.IMPORTING)
        if (found := report.in_state(state))
    ]
    if counts:
        parts.append(text(language, "counts", counts=", ".join(counts)))
    if not downloading and not report.paused:
        parts.insert(0, text(language, "nothing_downloading"))
    if downloading and report.speed_bytes_per_s and not report.paused:
        parts.append(
            text(language, "speed", speed=speed(report.speed_bytes_per_s, language))
        )
    return " ".join(parts) + unreachable(language, report.unavailable)


def eta_speech(language: str, name: str, report: DownloadsReport) -> str:
    """Return the answer to "how long until X finishes?"."""
    if not report.downloads:
        return text(language, "no_download_named", name=name) + unreachable(
            language, report.unavailable
        )
    download = report.downloads[0]
    # Named as the downloads' answer names it: "Shōgun season 2 episode 5".
    spoken = _said_name(language, download.name)
    if download.eta_seconds:
        return text(
            language,
            "eta",
            name=spoken,
            percent=_percent(download),
            duration=duration(language, download.eta_seconds),
        )
    return text(
        language,
        "eta_unknown",
        name=spoken,
        percent=_percent(download),
        state=text(language, f"state_{download.state}"),
    )


def pause_speech(
    language: str,
    result: ControlResult,
    minutes: int | None,
    *,
    until_morning: bool = False,
) -> str:
    """Return the answer to "pause the downloads"."""
    if not result.done and not result.unavailable:
        return text(language, "no_sabnzbd")
    if not result.done:
        return unavailable(language, result.unavailable)
    if until_morning:
        said = text(language, "paused_until_morning", hour=MORNING_HOUR)
    elif minutes:
        said = text(language, "paused_for", duration=exact_duration(language, minutes))
    else:
        said = text(language, "paused_now")
    return said + unreachable(language, result.unavailable)


def resume_speech(language: str, result: ControlResult) -> str:
    """Return the answer to "resume the downloads"."""
    if not result.done and not result.unavailable:
        return text(language, "no_sabnzbd")
    if not result.done:
        return unavailable(language, result.unavailable)
    return text(language, "resumed") + unreachable(language, result.unavailable)


def _label(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


def library_speech(language: str, report: LibraryReport) -> str:
    """Return the answer to "is X in my library?"."""
    if not report.matches:
        if report.unavailable:
            # Not found where it could look: the answer is unknown, not no.
            return text(
                language,
                "library_unknown",
                title=report.query,
                names=join(language, report.unavailable),
            )
        return text(language, "not_in_library", title=report.query)
    match = report.matches[0]
    title = _label(match.title, match.year)
    if match.has_file is False:
        return text(language, "in_library_no_file", title=title)
    if report.playable_on:
        servers = join(language, report.playable_on)
        return text(language, "in_library_playable", title=title, servers=servers)
    return text(language, "in_library", title=title)


def _option(language: str, candidate: Candidate) -> str:
    """Return a choice as said: "The Office (US) (2005, series, in your library)"."""
    details = [str(candidate.year)] if candidate.year else []
    details.append(text(language, f"{candidate.kind}_kind"))
    if candidate.in_library:
        details.append(text(language, "owned"))
    return f"{candidate.title} ({', '.join(details)})"


def request_speech(language: str, outcome: RequestOutcome) -> str:
    """Return the answer to "add the movie X"."""
    chosen = outcome.chosen
    match outcome.status:
        case "added":
            assert chosen is not None
            key = "added_search" if outcome.searching else "added"
            return text(language, key, title=chosen.label()) + unreachable(
                language, outcome.unavailable
            )
        case "already_in_library":
            assert chosen is not None
            if outcome.playable_on:
                servers = join(language, outcome.playable_on)
                return text(
                    language, "already_playable", title=chosen.label(), servers=servers
                )
            return text(language, "already", title=chosen.label())
        case "to_add":
            assert chosen is not None
            return text(language, "confirm_add", title=chosen.label())
        case "ambiguous":
            options = [_option(language, c) for c in outcome.candidates]
            return text(
                language, "did_you_mean", options=join(language, options, word="or")
            )
        case "not_found":
            return text(language, "not_found", title=outcome.request.title)
        case "no_quality_profile" | "no_root_folder" | "rejected":
            title = chosen.label() if chosen else outcome.request.title
            return text(
                language,
                outcome.status,
                service=outcome.service,
                title=title,
                message=outcome.message or "",
            )
        case "no_service":
            kind = outcome.request.kind
            key = f"no_service_{kind}" if kind else "no_service"
            return text(language, key)
    return unavailable(language, outcome.unavailable or ["?"])


def several_match_speech(language: str, candidates: list[Candidate]) -> str:
    """Return a list of matches and how to pick one, as a statement.

    For agents that cannot take an answer to "Did you mean ...?" (Home
    Assistant's built-in agent runs AutoArr's sentences one at a time).
    """
    options = [_option(language, c) for c in candidates]
    # The example picks one to add: not one already in the library.
    first = next((c for c in candidates if not c.in_library), candidates[0])
    example = text(
        language,
        "example_movie" if first.kind == "movie" else "example_series",
        title=first.title,
        year=first.year,
    )
    return text(
        language,
        "several_match",
        options=join(language, options, word="or"),
        example=example,
    )


def retry_speech(language: str, result: ControlResult) -> str:
    """Return the answer to "retry the failed downloads"."""
    if not result.done and not result.unavailable:
        return text(language, "no_sabnzbd")
    if not result.done:
        return unavailable(language, result.unavailable)
    parts: list[str] = []
    if result.count:
        names = [_said_name(language, name) for name in result.names[:MAX_SPOKEN]]
        parts.append(
            counted(
                language,
                "retried",
                result.count,
                names=_listing(language, names, result.count),
            )
        )
    else:
        parts.append(text(language, "nothing_to_retry"))
    if result.skipped:
        parts.append(counted(language, "not_retriable", result.skipped))
    # The dashboard counts the failures of every service: say what this did.
    parts.append(text(language, "sabnzbd_only"))
    return " ".join(parts) + unreachable(language, result.unavailable)


def search_speech(language: str, result: ControlResult) -> str:
    """Return the answer to "search for missing episodes"."""
    if not result.done and not result.unavailable:
        return text(language, "no_service")
    if not result.done:
        return unavailable(language, result.unavailable)
    return text(language, "searching_missing") + unreachable(
        language, result.unavailable
    )


_EPISODE_LABEL = re.compile(r"^(?P<title>.+) S(?P<season>\d+)E(?P<episode>\d+)$")


def spoken_label(language: str, label: str) -> str:
    """Return "Severance season 2 episode 9" for "Severance S02E09"."""
    found = _EPISODE_LABEL.match(label)
    if found is None:
        return label
    return text(
        language,
        "episode",
        title=found["title"],
        season=int(found["season"]),
        episode=int(found["episode"]),
    )
