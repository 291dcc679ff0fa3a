"""Short spoken answers, in English and German, for the instant path.

Answers are meant to be heard, not read: a few items, rounded numbers and
names without release tags ("Dune Part Two", not
"Dune.Part.Two.2024.2160p.WEB-DL").
"""

from __future__ import annotations

import re

from .media import Candidate
from .operations import (
    ControlResult,
    Download,
    DownloadsReport,
    LibraryReport,
    MissingReport,
    RequestOutcome,
    UpcomingReport,
)
from .phrases import PHRASES, WEEKDAYS
from .sentences import MORNING_HOUR

# How many items an answer reads out before "and 3 more".
MAX_SPOKEN = 3

# Release tags after which a release name stops being the title.
_RELEASE_TAIL = re.compile(
    r"\b(?:(?:19|20)\d\d|S\d{1,2}E\d{1,3}|S\d{1,2}|\d{3,4}p|WEB|WEB-?DL|BluRay|"
    r"HDTV|x26[45]|H\.?26[45]|REPACK|PROPER)\b.*$",
    re.IGNORECASE,
)


def language_of(language: str | None) -> str:
    """Return the answer language for a request language ("de-AT" -> "de")."""
    primary = (language or "en").split("-")[0].split("_")[0].lower()
    return primary if primary in PHRASES else "en"


def text(language: str, key: str, **values: object) -> str:
    """Return one phrase in a language, filled in."""
    return PHRASES[language_of(language)][key].format(**values)


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


def duration(language: str, seconds: int) -> str:
    """Return a rounded duration: "about 2 hours 5 minutes"."""
    if seconds < 60:
        return text(language, "under_minute")
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    parts: list[str] = []
    if hours:
        parts.append(
            text(language, "hour")
            if hours == 1
            else text(language, "hours", hours=hours)
        )
    if minutes:
        parts.append(
            text(language, "minute")
            if minutes == 1
            else text(language, "minutes", minutes=minutes)
        )
    return text(language, "about", duration=" ".join(parts))


def exact_duration(language: str, minutes: int) -> str:
    """Return a duration as asked for: "1 hour 30 minutes", "10 minutes"."""
    hours, minutes = divmod(minutes, 60)
    parts: list[str] = []
    if hours:
        parts.append(
            text(language, "hour")
            if hours == 1
            else text(language, "hours", hours=hours)
        )
    if minutes or not hours:
        parts.append(
            text(language, "minute")
            if minutes == 1
            else text(language, "minutes", minutes=minutes)
        )
    return " ".join(parts)


def speed(value: float) -> str:
    """Return a download speed: "12.5 MB/s"."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} MB/s"
    return f"{value / 1_000:.0f} kB/s"


def join(language: str, items: list[str], *, word: str = "and") -> str:
    """Return "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text(language, word)} {items[-1]}"


def _unreachable(language: str, names: list[str]) -> str:
    """Return " X did not answer." for services that failed, or nothing."""
    if not names:
        return ""
    key = "not_reachable_many" if len(names) > 1 else "not_reachable"
    return f" {text(language, key, names=join(language, names))}"


def _unavailable(language: str, names: list[str]) -> str:
    """Return "X is not reachable right now."."""
    key = "unavailable_many" if len(names) > 1 else "unavailable"
    return text(language, key, names=join(language, names))


def _percent(download: Download) -> int:
    return round(download.progress)


def downloads_speech(language: str, report: DownloadsReport) -> str:
    """Return the answer to "what's downloading?"."""
    active = report.active
    parts: list[str] = []
    if report.paused:
        parts.append(text(language, "paused"))
    if not active:
        if not report.paused:
            parts.append(text(language, "nothing_downloading"))
        return " ".join(parts) + _unreachable(language, report.unavailable)
    items: list[str] = []
    for download in active[:MAX_SPOKEN]:
        item = text(
            language,
            "at_percent",
            name=spoken_name(download.name),
            percent=_percent(download),
        )
        if download.eta_seconds:
            item += ", " + text(
                language, "left", duration=duration(language, download.eta_seconds)
            )
        items.append(item)
    if len(active) > MAX_SPOKEN:
        items.append(text(language, "and_more", count=len(active) - MAX_SPOKEN))
    listing = "; ".join(items)
    key = "one_download" if len(active) == 1 else "downloads"
    parts.append(text(language, key, count=len(active), items=listing))
    if report.speed_bytes_per_s and not report.paused:
        parts.append(text(language, "speed", speed=speed(report.speed_bytes_per_s)))
    return " ".join(parts) + _unreachable(language, report.unavailable)


def eta_speech(language: str, name: str, report: DownloadsReport) -> str:
    """Return the answer to "how long until X finishes?"."""
    if not report.downloads:
        return text(language, "no_download_named", name=name) + _unreachable(
            language, report.unavailable
        )
    download = report.downloads[0]
    spoken = spoken_name(download.name)
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
        state=download.state,
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
        return _unavailable(language, result.unavailable)
    if until_morning:
        said = text(language, "paused_until_morning", hour=MORNING_HOUR)
    elif minutes:
        said = text(language, "paused_for", duration=exact_duration(language, minutes))
    else:
        said = text(language, "paused_now")
    return said + _unreachable(language, result.unavailable)


def resume_speech(language: str, result: ControlResult) -> str:
    """Return the answer to "resume the downloads"."""
    if not result.done and not result.unavailable:
        return text(language, "no_sabnzbd")
    if not result.done:
        return _unavailable(language, result.unavailable)
    return text(language, "resumed") + _unreachable(language, result.unavailable)


def upcoming_speech(language: str, report: UpcomingReport, *, week: bool) -> str:
    """Return the answer to "what's on today / this week?"."""
    lang = language_of(language)
    if not report.items:
        key = "nothing_week" if week else "nothing_today"
        return text(language, key) + _unreachable(language, report.unavailable)
    items: list[str] = []
    for item in report.items[: MAX_SPOKEN * 2]:
        label = (
            f"{item.title} {item.episode}"
            if item.episode
            else text(language, "movie", title=item.title)
        )
        if week:
            label = f"{WEEKDAYS[lang][item.start.weekday()]} {label}"
        items.append(label)
    if len(report.items) > MAX_SPOKEN * 2:
        items.append(
            text(language, "and_more", count=len(report.items) - MAX_SPOKEN * 2)
        )
    key = "week" if week else "today"
    return text(language, key, items="; ".join(items)) + _unreachable(
        language, report.unavailable
    )


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
    key = "in_library_no_file" if match.has_file is False else "in_library"
    return text(language, key, title=_label(match.title, match.year))


def _option(language: str, candidate: Candidate) -> str:
    kind = text(language, f"{candidate.kind}_kind")
    if candidate.year:
        return f"{candidate.title} ({candidate.year}, {kind})"
    return f"{candidate.title} ({kind})"


def request_speech(language: str, outcome: RequestOutcome) -> str:
    """Return the answer to "add the movie X"."""
    chosen = outcome.chosen
    match outcome.status:
        case "added":
            assert chosen is not None
            key = "added_search" if outcome.searching else "added"
            return text(language, key, title=chosen.label()) + _unreachable(
                language, outcome.unavailable
            )
        case "already_in_library":
            assert chosen is not None
            return text(language, "already", title=chosen.label())
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
    return _unavailable(language, outcome.unavailable or ["?"])


def several_match_speech(language: str, candidates: list[Candidate]) -> str:
    """Return a list of matches and how to pick one, as a statement.

    For agents that cannot take an answer to "Did you mean ...?" (Home
    Assistant's built-in agent runs AutoArr's sentences one at a time).
    """
    options = [_option(language, c) for c in candidates]
    first = candidates[0]
    lang = language_of(language)
    if lang == "de":
        kind = "den Film" if first.kind == "movie" else "die Serie"
        example = f"„füge {kind} {first.title} von {first.year} hinzu“"
    else:
        kind = "movie" if first.kind == "movie" else "show"
        example = f'"add the {kind} {first.title} from {first.year}"'
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
    if result.count:
        return text(language, "retried", count=result.count) + _unreachable(
            language, result.unavailable
        )
    return text(language, "nothing_to_retry") + _unreachable(
        language, result.unavailable
    )


def search_speech(language: str, result: ControlResult) -> str:
    """Return the answer to "search for missing episodes"."""
    if not result.done and not result.unavailable:
        return text(language, "no_service")
    if not result.done:
        return _unavailable(language, result.unavailable)
    return text(language, "searching_missing") + _unreachable(
        language, result.unavailable
    )


_EPISODE_LABEL = re.compile(r"^(?P<title>.+) S(?P<season>\d+)E(?P<episode>\d+)$")


def _spoken_label(language: str, label: str) -> str:
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


def missing_speech(language: str, report: MissingReport) -> str:
    """Return the answer to "what's missing?"."""
    answered = list(report.totals)
    if not answered:
        if not report.unavailable:
            return text(language, "no_service")
        return _unavailable(language, report.unavailable)
    if report.total == 0:
        # Say only what was checked: a service that did not answer may lack things.
        if report.unavailable:
            return text(
                language, "nothing_missing_on", names=join(language, answered)
            ) + _unreachable(language, report.unavailable)
        return text(language, "nothing_missing")
    items = [_spoken_label(language, label) for label in report.examples[:MAX_SPOKEN]]
    if report.total == 1:
        said = text(language, "missing_one", items=items[0])
    else:
        said = text(
            language, "missing", count=report.total, items=join(language, items)
        )
    return said + _unreachable(language, report.unavailable)
