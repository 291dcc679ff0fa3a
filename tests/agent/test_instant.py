"""Tests of instant answers: sentences in English and German, no model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hassil import Intents
from hassil.recognize import recognize_best
import pytest

from custom_components.autoarr.agent.instant import (
    InstantMatch,
    InstantMatcher,
    answer,
    answer_choice,
    match_from_result,
    minutes_until_morning,
)
from custom_components.autoarr.agent.sentences import (
    BUILTIN_INTENTS,
    SENTENCES,
    InstantIntent,
)
from custom_components.autoarr.agent.speech import (
    duration,
    several_match_speech,
    speed,
    spoken_name,
)
from custom_components.autoarr.agent.stack import Stack

from .fakes import FakeStack, calendar_item, history_slot, sab_slot, wanted_episode

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # a Wednesday
BERLIN = ZoneInfo("Europe/Berlin")

MATCHER = InstantMatcher()


@pytest.mark.parametrize(
    ("text", "language", "intent", "title", "minutes"),
    [
        ("What's downloading?", "en", InstantIntent.DOWNLOADS, None, None),
        (
            "what is currently downloading right now",
            "en",
            InstantIntent.DOWNLOADS,
            None,
            None,
        ),
        ("Was wird gerade heruntergeladen?", "de", InstantIntent.DOWNLOADS, None, None),
        (
            "How long until The Bear finishes?",
            "en",
            InstantIntent.DOWNLOAD_ETA,
            "The Bear",
            None,
        ),
        ("Wie lange dauert Dune noch?", "de", InstantIntent.DOWNLOAD_ETA, "Dune", None),
        ("pause the downloads for 30 minutes", "en", InstantIntent.PAUSE, None, 30),
        ("Pausiere die Downloads für 15 Minuten", "de", InstantIntent.PAUSE, None, 15),
        ("pause downloads", "en", InstantIntent.PAUSE, None, None),
        ("resume downloads", "en", InstantIntent.RESUME, None, None),
        ("Setze die Downloads fort", "de", InstantIntent.RESUME, None, None),
        ("What's on today?", "en", InstantIntent.UPCOMING_TODAY, None, None),
        ("Was kommt heute?", "de", InstantIntent.UPCOMING_TODAY, None, None),
        ("what's on this week", "en", InstantIntent.UPCOMING_WEEK, None, None),
        ("Was läuft diese Woche?", "de", InstantIntent.UPCOMING_WEEK, None, None),
        (
            "Is Severance in my library?",
            "en",
            InstantIntent.IN_LIBRARY,
            "Severance",
            None,
        ),
        ("Habe ich Dune schon?", "de", InstantIntent.IN_LIBRARY, "Dune", None),
        (
            "Add the movie Dune Part Two",
            "en",
            InstantIntent.ADD_MOVIE,
            "Dune Part Two",
            None,
        ),
        ("Füge den Film Dune hinzu", "de", InstantIntent.ADD_MOVIE, "Dune", None),
        (
            "Download the show The Bear",
            "en",
            InstantIntent.ADD_SERIES,
            "The Bear",
            None,
        ),
        ("Lade die Serie Dark herunter", "de", InstantIntent.ADD_SERIES, "Dark", None),
        ("download Dune", "en", InstantIntent.ADD_MEDIA, "Dune", None),
        ("Retry the failed downloads", "en", InstantIntent.RETRY_FAILED, None, None),
        (
            "Wiederhole die fehlgeschlagenen Downloads",
            "de",
            InstantIntent.RETRY_FAILED,
            None,
            None,
        ),
        ("Search for missing episodes", "en", InstantIntent.SEARCH_MISSING, None, None),
        ("Suche nach fehlenden Folgen", "de", InstantIntent.SEARCH_MISSING, None, None),
        ("pause downloads for an hour", "en", InstantIntent.PAUSE, None, 60),
        ("pause the downloads for 2 hours", "en", InstantIntent.PAUSE, None, 120),
        ("stop downloading for half an hour", "en", InstantIntent.PAUSE, None, 30),
        ("Pausiere die Downloads für eine Stunde", "de", InstantIntent.PAUSE, None, 60),
        ("Downloads für 3 Stunden anhalten", "de", InstantIntent.PAUSE, None, 180),
        ("What's missing?", "en", InstantIntent.MISSING, None, None),
        ("which episodes am I missing", "en", InstantIntent.MISSING, None, None),
        ("Was fehlt?", "de", InstantIntent.MISSING, None, None),
        ("Welche Filme fehlen mir noch?", "de", InstantIntent.MISSING, None, None),
    ],
)
def test_sentences_are_recognised(
    text: str,
    language: str,
    intent: InstantIntent,
    title: str | None,
    minutes: int | None,
) -> None:
    """The common requests are recognised with their slots in both languages."""
    assert MATCHER.match(text, language) == InstantMatch(
        intent, language, title, minutes
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("pause the downloads for the night", "en"),
        ("pause downloading until tomorrow morning", "en"),
        ("pause downloads overnight", "en"),
        ("Pausiere die Downloads bis morgen früh", "de"),
        ("Halte die Downloads über Nacht an", "de"),
    ],
)
def test_pause_until_morning_is_recognised(text: str, language: str) -> None:
    """ "For the night" and "until tomorrow" pause until the morning."""
    assert MATCHER.match(text, language) == InstantMatch(
        InstantIntent.PAUSE, language, until_morning=True
    )


@pytest.mark.parametrize(
    ("now", "minutes"),
    [
        # 22:00 in Berlin to 7:00: nine hours.
        (datetime(2026, 11, 20, 22, 0, tzinfo=BERLIN), 540),
        # Before 7 in the morning, the same morning.
        (datetime(2026, 11, 21, 5, 30, tzinfo=BERLIN), 90),
        # Exactly 7: the next morning.
        (datetime(2026, 11, 21, 7, 0, tzinfo=BERLIN), 1440),
        # The night clocks spring forward has one hour less.
        (datetime(2026, 3, 28, 22, 0, tzinfo=BERLIN), 480),
        # The night they fall back has one more.
        (datetime(2026, 10, 24, 22, 0, tzinfo=BERLIN), 600),
    ],
)
def test_minutes_until_morning(now: datetime, minutes: int) -> None:
    """A pause for the night ends at 7 on the wall clock, DST or not."""
    assert minutes_until_morning(now) == minutes


async def test_pause_for_the_night_answer(fake: FakeStack) -> None:
    """The pause lasts until 7 local time, and the answer says until when."""
    late = datetime(2026, 11, 20, 23, 30, tzinfo=BERLIN)
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.PAUSE, "en", until_morning=True), late
    )
    assert reply.speech == "Downloads paused until 7 in the morning."
    assert fake.sab.paused_for == [450]
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.PAUSE, "de", minutes=90), late
    )
    assert reply.speech == "Downloads für 1 Stunde 30 Minuten pausiert."
    assert fake.sab.paused_for == [450, 90]


async def test_unclear_pause_length_asks_and_pauses_nothing(fake: FakeStack) -> None:
    """A length that could not be read is asked for, not guessed."""
    reply = await answer(
        fake.stack,
        InstantMatch(InstantIntent.PAUSE, "en", unclear_duration=True),
        NOW,
    )
    assert reply.speech.startswith("For how long?")
    assert fake.sab.paused_for == []


async def test_missing_answers(fake: FakeStack) -> None:
    """What is missing: the count, a few spoken examples, what did not answer."""
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "en"), NOW)
    assert reply.speech == "Nothing is missing."
    fake.sonarr.wanted = [wanted_episode("Dark", 1, 2)]
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "de"), NOW)
    assert reply.speech == "Es fehlt ein Titel: Dark Staffel 1 Folge 2."
    fake.sonarr.wanted = [
        wanted_episode("The Bear", 1, 2),
        wanted_episode("Dark", 3, 8),
        wanted_episode("Severance", 2, 9),
        wanted_episode("Shōgun", 1, 1),
    ]
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "en"), NOW)
    assert reply.speech == (
        "4 items are missing, for example The Bear season 1 episode 2, "
        "Dark season 3 episode 8 and Severance season 2 episode 9."
    )
    assert reply.data["total"] == 4
    fake.radarr.down = True
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "de"), NOW)
    assert reply.speech.startswith("Es fehlen 4 Titel, zum Beispiel ")
    assert reply.speech.endswith(" Radarr hat nicht geantwortet.")
    fake.sonarr.wanted = []
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "en"), NOW)
    # Radarr did not answer, so "nothing is missing" is said of Sonarr only.
    assert reply.speech == "Nothing is missing on Sonarr. Radarr did not answer."
    fake.sonarr.down = True
    reply = await answer(fake.stack, InstantMatch(InstantIntent.MISSING, "en"), NOW)
    assert reply.speech == "Sonarr and Radarr are not reachable right now."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pause downloads for 45 minutes",
            InstantMatch(InstantIntent.PAUSE, "en", minutes=45),
        ),
        (
            "pause downloads for the night",
            InstantMatch(InstantIntent.PAUSE, "en", until_morning=True),
        ),
        (
            "pause downloads for two hours",
            InstantMatch(InstantIntent.PAUSE, "en", unclear_duration=True),
        ),
        (
            "pause downloads for a while",
            InstantMatch(InstantIntent.PAUSE, "en", unclear_duration=True),
        ),
    ],
)
def test_trigger_slots_are_read_from_the_spoken_words(
    text: str, expected: InstantMatch
) -> None:
    """Home Assistant's triggers hand over words; known ones are read, others asked for."""
    wildcards = {name: {"wildcard": True} for name in ("minutes", "hours", "period")}
    intents = Intents.from_dict(
        {
            "language": "en",
            "intents": {
                "trigger": {
                    "data": [{"sentences": SENTENCES["en"][InstantIntent.PAUSE]}]
                }
            },
            "lists": wildcards,
        }
    )
    result = recognize_best(text, intents)
    assert result is not None
    assert match_from_result(result, "en", InstantIntent.PAUSE) == expected


def test_specific_sentences_win_over_open_ones() -> None:
    """ "download status" is a status question, not a request for "status"."""
    match = MATCHER.match("download status", "en")
    assert match is not None
    assert match.intent is InstantIntent.DOWNLOADS


def test_other_language_is_tried_and_unrelated_text_is_not_matched() -> None:
    """A German sentence in an English pipeline still matches, in German."""
    match = MATCHER.match("Was wird gerade heruntergeladen", "en-US")
    assert match is not None
    assert match.language == "de"
    assert MATCHER.match("turn on the kitchen light", "en") is None
    assert MATCHER.match("add milk to the shopping list", "en") is None


def test_builtin_intents_leave_out_open_sentences() -> None:
    """The built-in agent does not get the bare "download {title}"."""
    matcher = InstantMatcher(BUILTIN_INTENTS)
    assert matcher.match("download Dune", "en") is None
    assert matcher.match("download the movie Dune", "en") is not None


async def test_downloads_answer_in_both_languages(fake: FakeStack) -> None:
    """What's downloading, spoken with names, percent, time left and speed."""
    fake.sab.slots = [
        sab_slot(
            "nzo_1", "Dune.Part.Two.2024.2160p.WEB-DL", 45.4, timedelta(minutes=12)
        ),
    ]
    en = await answer(fake.stack, InstantMatch(InstantIntent.DOWNLOADS, "en"), NOW)
    assert en.speech == (
        "1 downloading: Dune Part Two, about 12 minutes left. Speed 12.5 MB/s."
    )
    de = await answer(fake.stack, InstantMatch(InstantIntent.DOWNLOADS, "de"), NOW)
    assert de.speech == (
        "1 lädt herunter: Dune Part Two, noch etwa 12 Minuten. "
        "Geschwindigkeit 12.5 MB/s."
    )
    assert de.data["downloads"][0]["progress"] == 45.4

    fake.sab.slots = []
    fake.sab.paused = True
    paused = await answer(fake.stack, InstantMatch(InstantIntent.DOWNLOADS, "en"), NOW)
    assert paused.speech == "Downloads are paused."
    fake.sab.paused = False
    fake.sonarr.down = True
    idle = await answer(fake.stack, InstantMatch(InstantIntent.DOWNLOADS, "en"), NOW)
    assert idle.speech == "Nothing is downloading. Sonarr did not answer."


async def test_many_downloads_are_summarised(fake: FakeStack) -> None:
    """Only the first few downloads are read out."""
    fake.sab.slots = [sab_slot(f"nzo_{i}", f"Show.{i}", 10.0, None) for i in range(5)]
    spoken = await answer(fake.stack, InstantMatch(InstantIntent.DOWNLOADS, "en"), NOW)
    assert spoken.speech.startswith("5 downloading: Show 0 at 10 percent; ")
    assert "and 2 more" in spoken.speech


async def test_eta_answer(fake: FakeStack) -> None:
    """How long until X finishes, found by name."""
    fake.sab.slots = [
        sab_slot("nzo_1", "The.Bear.S03E01.1080p", 80.0, timedelta(hours=1, minutes=5)),
        sab_slot("nzo_2", "Dark.S01E01", 10.0, None),
    ]
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.DOWNLOAD_ETA, "en", "the bear"), NOW
    )
    assert reply.speech == (
        "The Bear season 3 episode 1 is at 80 percent and should be done in about "
        "1 hour 5 minutes."
    )
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.DOWNLOAD_ETA, "de", "dark"), NOW
    )
    assert reply.speech == "Dark Staffel 1 Folge 1 ist bei 10 Prozent (lädt herunter)."
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.DOWNLOAD_ETA, "en", "dune"), NOW
    )
    assert reply.speech == "I can't find a download called dune."


async def test_pause_and_resume_answers(fake: FakeStack) -> None:
    """Pausing and resuming do it and say so."""
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.PAUSE, "en", minutes=30), NOW
    )
    assert reply.speech == "Downloads paused for 30 minutes."
    assert fake.sab.paused_for == [30]
    reply = await answer(fake.stack, InstantMatch(InstantIntent.RESUME, "de"), NOW)
    assert reply.speech == "Downloads fortgesetzt."
    assert fake.sab.paused is False
    fake.sab.down = True
    reply = await answer(fake.stack, InstantMatch(InstantIntent.PAUSE, "en"), NOW)
    assert reply.speech == "SABnzbd is not reachable right now."


async def test_upcoming_answers(fake: FakeStack) -> None:
    """Today and this week, counted from the start of today: near days are
    "today" and "tomorrow", and a series' episodes of one day go together."""
    fake.sonarr.calendar_items = [
        calendar_item(
            "episode", "The Bear", NOW + timedelta(hours=3), season=3, episode=2
        ),
        calendar_item("episode", "Dark", NOW + timedelta(days=2), season=1, episode=1),
        *(
            calendar_item(
                "episode", "Shōgun", NOW + timedelta(days=1), season=2, episode=n
            )
            for n in (5, 6, 7)
        ),
    ]
    fake.radarr.calendar_items = [
        calendar_item("movie", "Dune", NOW - timedelta(hours=2))
    ]
    today = await answer(
        fake.stack, InstantMatch(InstantIntent.UPCOMING_TODAY, "en"), NOW
    )
    assert today.speech == "Today: Dune (movie); The Bear season 3 episode 2."
    week = await answer(
        fake.stack, InstantMatch(InstantIntent.UPCOMING_WEEK, "de"), NOW
    )
    assert week.speech == (
        "Diese Woche: heute Dune (Film); heute The Bear Staffel 3 Folge 2; "
        "morgen Shōgun, 3 Folgen; Freitag Dark Staffel 1 Folge 1."
    )
    fake.sonarr.calendar_items = []
    fake.radarr.calendar_items = []
    nothing = await answer(
        fake.stack, InstantMatch(InstantIntent.UPCOMING_WEEK, "en"), NOW
    )
    assert nothing.speech == "Nothing is coming out this week."


async def test_library_answers(fake: FakeStack) -> None:
    """Is X in my library, yes with year, or no."""
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.IN_LIBRARY, "en", "Severance"), NOW
    )
    assert reply.speech == "Yes, Severance (2022) is in your library."
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.IN_LIBRARY, "de", "Oppenheimer"), NOW
    )
    assert reply.speech == (
        "Ja, Oppenheimer (2023) ist in deiner Bibliothek, aber noch nicht heruntergeladen."
    )
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.IN_LIBRARY, "en", "Dark"), NOW
    )
    assert reply.speech == "No, Dark is not in your library."


async def test_add_answers_and_clarifying_question(fake: FakeStack) -> None:
    """Add the movie X; ask when unclear; understand the answer."""
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_MOVIE, "en", "Dune Part Two"), NOW
    )
    assert reply.speech == "Added Dune: Part Two (2024) and started searching for it."
    assert reply.candidates == []

    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_MEDIA, "en", "Dune"), NOW
    )
    # What is already in the library is marked.
    assert reply.speech == (
        "Did you mean Dune (2021, movie, in your library) or Dune (1984, movie)?"
    )
    assert reply.request is not None
    chosen = await answer_choice(
        fake.stack, "the one from 1984", "en", reply.request, reply.candidates
    )
    assert chosen is not None
    assert chosen.speech == "Added Dune (1984) and started searching for it."
    assert fake.radarr.added[-1]["title"] == "Dune"
    assert (
        await answer_choice(fake.stack, "what?", "en", reply.request, reply.candidates)
        is None
    )

    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_SERIES, "de", "Severance"), NOW
    )
    assert reply.speech == "Severance (2022) ist schon in deiner Bibliothek."
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_MOVIE, "de", "Nichts"), NOW
    )
    assert reply.speech == "Ich habe Nichts nicht gefunden."


def test_speech_helpers() -> None:
    """Release names and durations are said the way people say them."""
    assert spoken_name("Dune.Part.Two.2024.2160p.WEB-DL.x265") == "Dune Part Two"
    assert spoken_name("The_Bear_S03E01_1080p") == "The Bear S03E01"
    assert spoken_name("2024") == "2024"
    assert duration("en", 20) == "less than a minute"
    assert duration("en", 61) == "about 1 minute"
    assert duration("de", 7200) == "etwa 2 Stunden"


async def test_retry_and_search_answers(fake: FakeStack) -> None:
    """Retry failed downloads and search missing, instantly.

    The retry answer names what it retries, in the singular for one, counts
    what SABnzbd cannot retry, and says only SABnzbd's jobs are retried.
    """
    fake.sab.failed = [
        history_slot("nzo_a", "Dune.Part.Two.2024.2160p.WEB-DL", retry=True),
        history_slot("nzo_b", "Broken.Thing", retry=False),
    ]
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.RETRY_FAILED, "en"), NOW
    )
    assert reply.speech == (
        "Retrying 1 failed SABnzbd job: Dune Part Two. "
        "1 failed job cannot be retried. "
        "Only SABnzbd's own jobs are retried; AutoArr's recovery looks after "
        "failed downloads in Sonarr and Radarr."
    )
    assert fake.sab.retried == ["nzo_a"]
    assert reply.data["names"] == ["Dune.Part.Two.2024.2160p.WEB-DL"]
    fake.sab.failed = [
        history_slot("nzo_c", "Dark.S01E01", retry=True),
        history_slot("nzo_d", "Heat.1995", retry=True),
    ]
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.RETRY_FAILED, "de"), NOW
    )
    assert reply.speech.startswith(
        "2 fehlgeschlagene SABnzbd-Aufträge werden wiederholt: "
        "Dark Staffel 1 Folge 1; Heat. Wiederholt werden nur"
    )
    fake.sab.failed = []
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.RETRY_FAILED, "de"), NOW
    )
    assert reply.speech.startswith(
        "SABnzbd hat keinen fehlgeschlagenen Auftrag zum Wiederholen."
    )
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.SEARCH_MISSING, "de"), NOW
    )
    assert reply.speech == "Die Suche nach fehlenden Folgen und Filmen läuft."
    assert fake.sonarr.searched == fake.radarr.searched == 1
    fake.sonarr.down = fake.radarr.down = True
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.SEARCH_MISSING, "en"), NOW
    )
    assert reply.speech == "Sonarr and Radarr are not reachable right now."


async def test_answers_without_services() -> None:
    """With nothing set up, the answers say so instead of failing."""
    empty = Stack()
    for intent, expected in [
        (InstantIntent.PAUSE, "No SABnzbd is set up."),
        (InstantIntent.RESUME, "No SABnzbd is set up."),
        (InstantIntent.RETRY_FAILED, "No SABnzbd is set up."),
        (InstantIntent.SEARCH_MISSING, "Neither Sonarr nor Radarr is set up."),
    ]:
        reply = await answer(empty, InstantMatch(intent, "en"), NOW)
        assert reply.speech == expected
    reply = await answer(
        empty, InstantMatch(InstantIntent.ADD_MOVIE, "de", "Dune"), NOW
    )
    assert reply.speech == "Für Filme ist kein Radarr eingerichtet."
    reply = await answer(
        empty, InstantMatch(InstantIntent.ADD_SERIES, "en", "Dark"), NOW
    )
    assert reply.speech == "No Sonarr is set up for TV shows."
    reply = await answer(
        empty, InstantMatch(InstantIntent.ADD_MEDIA, "en", "Dark"), NOW
    )
    assert reply.speech == "Neither Sonarr nor Radarr is set up."


async def test_answers_when_services_are_down(fake: FakeStack) -> None:
    """A service that does not answer is named."""
    fake.sab.down = True
    reply = await answer(fake.stack, InstantMatch(InstantIntent.RESUME, "de"), NOW)
    assert reply.speech == "SABnzbd ist gerade nicht erreichbar."
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.RETRY_FAILED, "en"), NOW
    )
    assert reply.speech == "SABnzbd is not reachable right now."
    fake.radarr.down = True
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_MOVIE, "en", "Heat"), NOW
    )
    assert reply.speech == "Radarr is not reachable right now."


async def test_week_with_many_items_and_slow_speed(fake: FakeStack) -> None:
    """Long lists are cut; slow speeds are said in kB/s."""
    fake.sonarr.calendar_items = [
        calendar_item(
            "episode", f"Show {i}", NOW + timedelta(hours=i), season=1, episode=i
        )
        for i in range(8)
    ]
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.UPCOMING_WEEK, "en"), NOW
    )
    assert reply.speech.endswith("and 2 more.")
    assert speed(512_000) == "512 kB/s"


async def test_several_match_statement_in_german(fake: FakeStack) -> None:
    """For the built-in agent, matches are listed with how to pick one: the
    example is one not in the library yet."""
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.ADD_MOVIE, "de", "Dune"), NOW
    )
    assert reply.candidates
    assert several_match_speech("de", reply.candidates) == (
        "Mehrere passen: Dune (2021, Film, schon in deiner Bibliothek) oder "
        "Dune (1984, Film). Sag es noch einmal mit dem Jahr, etwa „füge den "
        "Film Dune von 1984 hinzu“."
    )
