"""Every instant answer in every language, over the fakes' state.

Each answer is given in each language of `agent/languages/`: it names what
the services hold (titles, years, counts, weekdays as the CLDR writes them),
leaves no placeholder unfilled, and counts with the language's plural forms.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import get_day_names
from babel.numbers import get_decimal_symbol
import pytest

from custom_components.autoarr.agent.instant import InstantMatch, answer
from custom_components.autoarr.agent.intents import InstantIntent
from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.agent.speech import counted, exact_duration, text

from .fakes import FakeStack, calendar_item, history_slot, sab_slot, wanted_episode

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # a Wednesday
CODES = sorted(REGISTRY)


async def _say(
    fake: FakeStack, code: str, intent: InstantIntent, **slots: object
) -> str:
    reply = await answer(fake.stack, InstantMatch(intent, code, **slots), NOW)  # type: ignore[arg-type]
    said = reply.speech
    assert "{" not in said and "}" not in said, said
    assert said == said.strip() and "  " not in said, said
    return said


@pytest.mark.parametrize("code", CODES)
async def test_every_answer_names_the_state(fake: FakeStack, code: str) -> None:
    """Downloads, time left, pauses, the week, the library, adds, what is
    missing, retries and searches, in every language."""
    locale = REGISTRY[code].locale
    fake.sab.slots = [
        sab_slot(
            "nzo_1", "Dune.Part.Two.2024.2160p.WEB-DL", 45.4, timedelta(minutes=12)
        ),
        sab_slot("nzo_2", "The.Bear.S03E01.1080p", 80.0, timedelta(hours=1, minutes=5)),
    ]
    said = await _say(fake, code, InstantIntent.DOWNLOADS)
    assert "Dune Part Two" in said and "12" in said
    # 12.5 MB/s, with the locale's decimal sign (English and German "12.5").
    sign = "." if code in ("en", "de") else get_decimal_symbol(locale)
    assert f"12{sign}5 MB/s" in said
    said = await _say(fake, code, InstantIntent.DOWNLOAD_ETA, title="the bear")
    # The episode said as the downloads' answer says it.
    bear = text(code, "episode", title="The Bear", season=3, episode=1)
    assert said.startswith(bear) and "80" in said
    assert exact_duration(code, 65) in said

    said = await _say(fake, code, InstantIntent.PAUSE, minutes=90)
    assert exact_duration(code, 90) in said
    assert fake.sab.paused_for == [90]
    assert await _say(fake, code, InstantIntent.RESUME) == text(code, "resumed")

    fake.sonarr.calendar_items = [
        calendar_item("episode", "Dark", NOW + timedelta(days=2), season=1, episode=1),
        *(
            calendar_item(
                "episode", "Shōgun", NOW + timedelta(days=1), season=2, episode=n
            )
            for n in (5, 6, 7)
        ),
    ]
    said = await _say(fake, code, InstantIntent.UPCOMING_WEEK)
    # Friday, as the locale names it; Shōgun's three episodes counted.
    assert get_day_names("wide", locale=locale)[4] in said
    assert counted(code, "episodes", 3, title="Shōgun") in said

    assert "Severance (2022)" in await _say(
        fake, code, InstantIntent.IN_LIBRARY, title="Severance"
    )
    assert "Dark" in await _say(fake, code, InstantIntent.IN_LIBRARY, title="Dark")
    said = await _say(fake, code, InstantIntent.ADD_MOVIE, title="Dune Part Two")
    assert "Dune: Part Two (2024)" in said
    said = await _say(fake, code, InstantIntent.ADD_MOVIE, title="Dune")
    assert "Dune (2021" in said

    fake.sonarr.wanted = [wanted_episode("Dark", 1, n) for n in range(1, 6)]
    said = await _say(fake, code, InstantIntent.MISSING)
    assert "5" in said and "Dark" in said

    fake.sab.failed = [
        history_slot("nzo_c", "Dark.S01E01", retry=True),
        history_slot("nzo_d", "Heat.1995", retry=True),
        history_slot("nzo_e", "Broken.Thing", retry=False),
    ]
    said = await _say(fake, code, InstantIntent.RETRY_FAILED)
    assert "Heat" in said and "2" in said
    assert counted(code, "not_retriable", 1) in said
    assert await _say(fake, code, InstantIntent.SEARCH_MISSING) == text(
        code, "searching_missing"
    )


@pytest.mark.parametrize(
    ("code", "minutes", "said"),
    [
        ("pl", 62, "1 godzinę 2 minuty"),
        ("pl", 300, "5 godzin"),
        ("pl", 22, "22 minuty"),
        ("pl", 25, "25 minut"),
        ("fr", 90, "1 heure 30 minutes"),
        ("nl", 120, "2 uur"),
        ("pt-BR", 1, "1 minuto"),
        ("en", 61, "1 hour 1 minute"),
    ],
)
def test_durations_follow_the_plural_rules(code: str, minutes: int, said: str) -> None:
    """Durations take the form the language's CLDR rules give the count."""
    assert exact_duration(code, minutes) == said


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "Dark, 1 odcinek"),
        (2, "Dark, 2 odcinki"),
        (5, "Dark, 5 odcinków"),
        (12, "Dark, 12 odcinków"),
        (22, "Dark, 22 odcinki"),
    ],
)
def test_polish_counts_in_three_forms(count: int, said: str) -> None:
    """1 odcinek, 2-4 and 22-24 odcinki, 5-21 odcinków: CLDR's one, few, many."""
    assert counted("pl", "episodes", count, title="Dark") == said
