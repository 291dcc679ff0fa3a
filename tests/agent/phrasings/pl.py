"""Polish phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("Co się pobiera?"),
            Said("Co się teraz ściąga?"),
            Said("Pokaż mi moje pobierania"),
            Said("Jak idą pobierania?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Ile jeszcze zostało do końca pobierania Dune?", title="Dune"),
            Said("Kiedy skończy się pobieranie The Bear?", title="The Bear"),
            Said("Kiedy Severance będzie pobrany?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Wstrzymaj pobieranie"),
            Said("Zatrzymaj wszystkie pobierania na 20 minut", minutes=20),
            Said("Wstrzymaj pobieranie na dwie godziny", minutes=120),
            Said("Przestań pobierać do jutra rana", until_morning=True),
        ],
        I.RESUME: [
            Said("Wznów pobieranie"),
            Said("Kontynuuj wszystkie pobierania"),
            Said("Pobieraj dalej"),
        ],
        I.UPCOMING_TODAY: [
            Said("Co wychodzi dzisiaj?"),
            Said("Czy są nowe odcinki dziś?"),
            Said("Jakie są dzisiejsze premiery?"),
        ],
        I.UPCOMING_WEEK: [
            Said("Co wychodzi w tym tygodniu?"),
            Said("Jakie filmy w tym tygodniu?"),
            Said("Czy są nowe albumy w tym tygodniu?"),
        ],
        I.IN_LIBRARY: [
            Said("Czy Dune jest w mojej bibliotece?", title="Dune"),
            Said("Czy mam już Severance?", title="Severance"),
            Said("Czy mam The Bear w mojej kolekcji?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Dodaj film Dune", title="Dune"),
            Said("Pobierz film Heat", title="Heat"),
            Said("Zamów film Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Dodaj serial Dark", title="Dark"),
            Said("Ściągnij serial The Bear", title="The Bear"),
            Said("Pobierz serial Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Pobierz Dune", title="Dune"),
            Said("Ściągnij Oppenheimer", title="Oppenheimer"),
            Said("Pobierz The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said("Dodaj album Brat od Charli XCX", title="Brat", artist="Charli XCX"),
            Said("Pobierz album Renaissance", title="Renaissance"),
            Said(
                "Ściągnij album Blue od Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Dlaczego Sonarr nic nie znajduje?"),
            Said("Dlaczego nic się nie znajduje?"),
            Said("Czy moje indeksery działają?"),
        ],
        I.RETRY_FAILED: [
            Said("Ponów nieudane pobierania"),
            Said("Powtórz wszystkie nieudane pobrania"),
            Said("Uruchom ponownie nieudane pobierania"),
        ],
        I.SEARCH_MISSING: [
            Said("Szukaj brakujących odcinków"),
            Said("Poszukaj wszystkich brakujących filmów"),
            Said("Wyszukaj brakujące albumy"),
        ],
        I.MISSING: [
            Said("Czego brakuje?"),
            Said("Czego mi jeszcze brakuje?"),
            Said("Jakich filmów mi brakuje?"),
            Said("Pokaż mi brakujące odcinki"),
        ],
        I.REQUESTS: [
            Said("O co poproszono?"),
            Said("Jakie prośby czekają na zatwierdzenie?"),
            Said("Czy są nowe zgłoszenia?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Zatwierdź prośbę o Dune", title="Dune"),
            Said("Zaakceptuj zgłoszenie dla Heat", title="Heat"),
            Said("Zatwierdź prośbę dla The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Odrzuć prośbę o Dune", title="Dune"),
            Said("Odrzuć zgłoszenie dla Heat", title="Heat"),
            Said("Odrzuć prośbę o The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Zatwierdź to"),
            Said("Zaakceptuj ją"),
            Said("Zatwierdź tę prośbę"),
        ],
        I.DECLINE_IT: [Said("Odrzuć to"), Said("Odrzuć ją"), Said("Odrzuć tę prośbę")],
    },
    near_misses=[
        "Włącz światło w kuchni",
        "Dodaj mleko do listy zakupów",
        "Wstrzymaj muzykę",
        "Jaka jest dzisiaj pogoda?",
        "Kiedy skończy się mecz?",
        "Czy mam jutro spotkanie?",
        "Ustaw minutnik na 10 minut",
        "Odtwórz album Brat Charli XCX",
        "Dlaczego nie mogę znaleźć telefonu?",
        "Zatwierdź fakturę",
    ],
    questions=[
        "Co się pobiera?",
        "Czy pobieranie jest wstrzymane?",
        "Ile zostało do końca pobierania Dune?",
        "Czy Dune jest w mojej bibliotece?",
        "Co wychodzi w tym tygodniu?",
        "Jakie prośby czekają na zatwierdzenie?",
        "Czy światło w kuchni jest włączone?",
        "Jaki jest limit prędkości?",
    ],
    changes=[
        "Wstrzymaj pobieranie",
        "Zatrzymaj wszystkie pobierania",
        "Dodaj film Dune",
        "Pobierz serial Dark",
        "Wznów pobieranie",
        "Ogranicz pobieranie do 500 kilobajtów na sekundę",
        "Wyłącz światło w salonie",
    ],
    spoken={
        "downloads": (
            "Co się pobiera?",
            (
                "2 pobierają się: Dune: Part Two, koniec za mniej więcej 16 minut; "
                "Shōgun sezon 2 odcinek 5, za mniej więcej 4 minuty. "
                "10 wymaga uwagi: "
            ),
        ),
        "missing": ("Czego brakuje?", "Brakuje {total} pozycji, na przykład "),
        "pause_hour": (
            "Wstrzymaj pobieranie na godzinę",
            "Pobieranie wstrzymane na 1 godzinę.",
        ),
        "pause_night": (
            "Wstrzymaj pobieranie na noc",
            "Pobieranie wstrzymane do 7 rano.",
        ),
        "indexers": (
            "Dlaczego nic się nie znajduje?",
            (
                "W Prowlarr nie działają indeksatory (1 z 3): NZBplanet. Do czasu "
                "naprawy wyszukiwanie działa bez nich."
            ),
        ),
        "album": (
            "Dodaj album GNX od Kendrick Lamar",
            "Dodałem album GNX (Kendrick Lamar) do Lidarr; już go szukam.",
        ),
        "requests": (
            "Jakie prośby czekają na zatwierdzenie?",
            (
                "2 prośby czekają na zatwierdzenie: Severance sezon 2 dla Sam;"
                " Dune: Part Two dla Sam."
            ),
        ),
        "decline": ("Odrzuć prośbę o Severance", "Prośba o Severance odrzucona."),
    },
    choices=[("druga", 2), ("ostatni", 3), ("serial", 2), ("pierwszy", 1)],
)
