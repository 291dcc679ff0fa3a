"""Spoken answers about the schedule: what comes out, and what is missing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .language import weekday
from .languages import get
from .operations import MissingReport, Upcoming, UpcomingReport
from .speech import (
    MAX_SPOKEN,
    counted,
    join,
    spoken_label,
    text,
    unavailable,
    unreachable,
)


def _day_word(language: str, day: date, today: date) -> str:
    """Return "today", "tomorrow" or the weekday of a near day."""
    if day == today:
        return text(language, "day_today")
    if day == today + timedelta(days=1):
        return text(language, "day_tomorrow")
    return weekday(get(language), day.weekday())


def _day_items(language: str, items: list[Upcoming]) -> list[str]:
    """Return one day's releases, a series' episodes together.

    "The Bear season 3 episode 2", or "The Bear, 3 episodes" when several
    air the same day; movies as "Dune (movie)", albums as "Charli XCX - Brat
    (album)".
    """
    said: list[str] = []
    episodes: dict[str, list[Upcoming]] = {}
    for item in items:
        if item.kind == "episode":
            if item.title not in episodes:
                said.append(item.title)
            episodes.setdefault(item.title, []).append(item)
        else:
            said.append(text(language, item.kind, title=item.title))
    result: list[str] = []
    for label in said:
        group = episodes.get(label)
        if group is None:
            result.append(label)
        elif len(group) == 1:
            only = group[0]
            result.append(spoken_label(language, f"{label} {only.episode}"))
        else:
            result.append(counted(language, "episodes", len(group), title=label))
    return result


def upcoming_speech(
    language: str, report: UpcomingReport, *, week: bool, now: datetime
) -> str:
    """Return the answer to "what's on today / this week?".

    Days are the local days of `now`: "today", "tomorrow", then weekdays;
    a series' episodes of one day are said together.
    """
    if not report.items:
        key = "nothing_week" if week else "nothing_today"
        return text(language, key) + unreachable(language, report.unavailable)
    zone = now.tzinfo
    days: dict[date, list[Upcoming]] = {}
    for item in report.items:
        days.setdefault(item.start.astimezone(zone).date(), []).append(item)
    parts: list[str] = []
    for day, items in days.items():
        said = _day_items(language, items)
        if week:
            day_word = _day_word(language, day, now.date())
            parts.extend(f"{day_word} {entry}" for entry in said)
        else:
            parts.extend(said)
    shown = parts[: MAX_SPOKEN * 2]
    if len(parts) > len(shown):
        shown.append(text(language, "and_more", count=len(parts) - len(shown)))
    key = "week" if week else "today"
    return text(language, key, items="; ".join(shown)) + unreachable(
        language, report.unavailable
    )


def missing_speech(language: str, report: MissingReport) -> str:
    """Return the answer to "what's missing?"."""
    answered = list(report.totals)
    if not answered:
        if not report.unavailable:
            return text(language, "no_service")
        return unavailable(language, report.unavailable)
    if report.total == 0:
        # Say only what was checked: a service that did not answer may lack things.
        if report.unavailable:
            return text(
                language, "nothing_missing_on", names=join(language, answered)
            ) + unreachable(language, report.unavailable)
        return text(language, "nothing_missing")
    items = [spoken_label(language, label) for label in report.examples[:MAX_SPOKEN]]
    if report.total == 1:
        said = text(language, "missing_one", items=items[0])
    else:
        said = text(
            language, "missing", count=report.total, items=join(language, items)
        )
    return said + unreachable(language, report.unavailable)
