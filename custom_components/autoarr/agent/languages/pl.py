"""Polish: the instant sentences, their answers and the guard's words.

Polish counts in three forms (CLDR's "one", "few", "many": 1 godzinę, 2
godziny, 5 godzin); durations are said in the accusative they take after
"za" and "na" ("za 1 minutę", "na 1 godzinę").
"""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_SHOW = "(pokaż|wyświetl) [mi]"
_DOWNLOADS = "[wszystkie|moje] (pobieranie|pobierania)"
_PAUSE = "(wstrzymaj|zatrzymaj|zapauzuj)"
_MINUTES = "(minutę|minuty|minut)"
_HOURS = "(godzinę|godziny|godzin)"
_LIBRARY = "w (mojej|naszej) (bibliotece|kolekcji)"
_REQUESTS = "(prośby|zgłoszenia)"
_REQUEST = "(prośbę|zgłoszenie)"

LANGUAGE = Language(
    code="pl",
    locale="pl",
    sentences={
        InstantIntent.DOWNLOADS: [
            "co się [teraz] (pobiera|ściąga) [teraz|w tej chwili|aktualnie]",
            "co jest [teraz] pobierane",
            f"{_SHOW} [moje] (pobierania|pobrania)",
            "jak (idą|idzie) [moje] (pobierania|pobieranie)",
            "co jest w kolejce [pobierania|pobrań]",
            "stan pobierania",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "ile [jeszcze] (zostało|pozostało|potrwa) [do końca] pobierania {title}",
            "kiedy skończy się pobieranie {title}",
            "kiedy {title} będzie (pobrany|pobrana|pobrane)",
        ],
        InstantIntent.PAUSE: [
            f"{_PAUSE} {_DOWNLOADS} [na {{minutes}} {_MINUTES}]",
            f"przestań (pobierać|ściągać) [na {{minutes}} {_MINUTES}]",
            f"{_PAUSE} {_DOWNLOADS} na {{hours}} {_HOURS}",
            f"przestań (pobierać|ściągać) na {{hours}} {_HOURS}",
            f"{_PAUSE} {_DOWNLOADS} {{period}}",
            "przestań (pobierać|ściągać) {period}",
        ],
        InstantIntent.RESUME: [
            f"(wznów|kontynuuj) {_DOWNLOADS}",
            f"uruchom [ponownie] {_DOWNLOADS}",
            "(pobieraj|ściągaj) dalej",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "co (wychodzi|leci|ma premierę) (dzisiaj|dziś)",
            "(jakie|czy są) [nowe] (odcinki|filmy|premiery) (dzisiaj|dziś)",
            "jakie są (dzisiejsze|dzisiaj) premiery",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "co (wychodzi|leci|ma premierę) w tym tygodniu",
            "(jakie|czy są) [nowe] (odcinki|filmy|albumy|premiery) w tym tygodniu",
            "jakie są premiery w tym tygodniu",
        ],
        InstantIntent.IN_LIBRARY: [
            f"czy {{title}} jest {_LIBRARY}",
            f"czy (mam|mamy) {{title}} {_LIBRARY}",
            f"czy (mam|mamy) już {{title}} [{_LIBRARY}]",
        ],
        InstantIntent.ADD_MOVIE: [
            "(dodaj|pobierz|ściągnij|zamów) film {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(dodaj|pobierz|ściągnij|zamów) serial {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(pobierz|ściągnij) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            (
                "dlaczego [sonarr|radarr|lidarr|wyszukiwanie] nic nie (znajduje|znalazł|"
                "znalazło)"
            ),
            "dlaczego nic się nie (znajduje|znalazło)",
            "czy [moje] indeksery (działają|nie działają|padły)",
        ],
        InstantIntent.ADD_ALBUM: [
            "(dodaj|pobierz|ściągnij) album {title} od {artist}",
            "(dodaj|pobierz|ściągnij) album {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "(ponów|powtórz) [wszystkie] nieudane (pobierania|pobrania)",
            "uruchom ponownie [wszystkie] nieudane (pobierania|pobrania)",
        ],
        InstantIntent.SEARCH_MISSING: [
            "(szukaj|poszukaj) [wszystkich] brakujących (odcinków|filmów|albumów)",
            "wyszukaj [wszystkie] brakujące (odcinki|filmy|albumy)",
        ],
        InstantIntent.MISSING: [
            "czego [mi] [jeszcze] brakuje",
            "jakich (odcinków|filmów|albumów) [mi] [jeszcze] brakuje",
            f"{_SHOW} brakujące (odcinki|filmy|albumy)",
        ],
        InstantIntent.REQUESTS: [
            "o co (poproszono|proszono)",
            f"jakie {_REQUESTS} (czekają|oczekują) [na zatwierdzenie]",
            f"{_SHOW} [oczekujące] {_REQUESTS}",
            f"czy są [nowe|oczekujące] {_REQUESTS}",
        ],
        InstantIntent.APPROVE_REQUEST: [
            f"(zatwierdź|zaakceptuj) {_REQUEST} (o|dla) {{title}}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            f"odrzuć {_REQUEST} (o|dla) {{title}}",
        ],
        InstantIntent.APPROVE_IT: [
            "(zatwierdź|zaakceptuj) (to|ją|je|tę prośbę|to zgłoszenie)",
        ],
        InstantIntent.DECLINE_IT: [
            "odrzuć (to|ją|je|tę prośbę|to zgłoszenie)",
        ],
    },
    periods={
        "na godzinę": 60,
        "na jedną godzinę": 60,
        "na pół godziny": 30,
        "na dzień": 1440,
        "na cały dzień": 1440,
        "na noc": UNTIL_MORNING,
        "do rana": UNTIL_MORNING,
        "do jutra": UNTIL_MORNING,
        "do jutra rana": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Nic się nie pobiera.",
        "paused": "Pobieranie jest wstrzymane.",
        "downloading_one": "{count} pobiera się: {items}.",
        "downloading_few": "{count} pobierają się: {items}.",
        "downloading_many": "{count} pobiera się: {items}.",
        "downloading_other": "{count} pobiera się: {items}.",
        "need_attention_one": "{count} wymaga uwagi: {items}.",
        "need_attention_few": "{count} wymagają uwagi: {items}.",
        "need_attention_many": "{count} wymaga uwagi: {items}.",
        "need_attention_other": "{count} wymaga uwagi: {items}.",
        "count_queued_one": "{count} czeka",
        "count_queued_few": "{count} czekają",
        "count_queued_many": "{count} czeka",
        "count_queued_other": "{count} czeka",
        "count_paused_one": "{count} wstrzymane",
        "count_paused_few": "{count} wstrzymane",
        "count_paused_many": "{count} wstrzymanych",
        "count_paused_other": "{count} wstrzymanych",
        "count_importing_one": "{count} importuje się",
        "count_importing_few": "{count} importują się",
        "count_importing_many": "{count} importuje się",
        "count_importing_other": "{count} importuje się",
        "counts": "{counts}.",
        "state_downloading": "pobiera się",
        "state_stalled": "stoi",
        "state_warning": "ostrzeżenie",
        "state_failed": "nieudane",
        "state_queued": "czeka",
        "state_paused": "wstrzymane",
        "state_importing": "importuje się",
        "state_completed": "gotowe",
        "with_reason": "{name}, {state}: {reason}",
        "reason_none": "Nie podano powodu",
        "reason_no_peers": "Brak seedów i peerów",
        "reason_client_failed": "Błąd w kliencie pobierania",
        "and_more": "i {count} więcej",
        "at_percent": "{name}, {percent} procent",
        "eta_left": "{name}, koniec za {duration}",
        "eta_short": "{name}, za {duration}",
        "speed": "Prędkość {speed}.",
        "no_download_named": "Nie znajduję pobierania o nazwie {name}.",
        "eta": "{name} ma {percent} procent i skończy się za {duration}.",
        "eta_unknown": "{name} ma {percent} procent ({state}).",
        "paused_for": "Pobieranie wstrzymane na {duration}.",
        "paused_until_morning": "Pobieranie wstrzymane do {hour} rano.",
        "how_long": "Na jak długo? Powiedz na przykład: wstrzymaj pobieranie na 30 "
        "minut.",
        "nothing_missing": "Niczego nie brakuje.",
        "nothing_missing_on": "W {names} niczego nie brakuje.",
        "missing_one": "Brakuje jednej pozycji: {items}.",
        "missing": "Brakuje {count} pozycji, na przykład {items}.",
        "episode": "{title} sezon {season} odcinek {episode}",
        "paused_now": "Pobieranie wstrzymane.",
        "resumed": "Pobieranie wznowione.",
        "no_sabnzbd": "Nie skonfigurowano żadnego SABnzbd.",
        "not_reachable": "{names} nie odpowiedział.",
        "not_reachable_many": "{names} nie odpowiedziały.",
        "nothing_today": "Dzisiaj nic nie wychodzi.",
        "nothing_week": "W tym tygodniu nic nie wychodzi.",
        "today": "Dzisiaj: {items}.",
        "week": "W tym tygodniu: {items}.",
        "movie": "{title} (film)",
        "album": "{title} (album)",
        "day_today": "dzisiaj",
        "day_tomorrow": "jutro",
        "episodes_one": "{title}, {count} odcinek",
        "episodes_few": "{title}, {count} odcinki",
        "episodes_many": "{title}, {count} odcinków",
        "episodes_other": "{title}, {count} odcinka",
        "in_library": "Tak, {title} jest w twojej bibliotece.",
        "in_library_playable": "Tak, {title} jest w twojej bibliotece i na {servers}.",
        "in_library_no_file": "Tak, {title} jest w twojej bibliotece, ale jeszcze "
        "nie został pobrany.",
        "not_in_library": "Nie, nie ma {title} w twojej bibliotece.",
        "added": "Dodano {title}.",
        "added_search": "Dodano {title}; wyszukiwanie już trwa.",
        "already": "{title} jest już w twojej bibliotece.",
        "already_playable": "{title} jest już w twojej bibliotece i na {servers}.",
        "did_you_mean": "Czy chodzi ci o {options}?",
        "several_match": "Pasuje kilka: {options}. Powiedz jeszcze raz z rokiem, "
        "na przykład {example}.",
        "or": "czy",
        "not_found": "Nie znalazłem {title}.",
        "library_unknown": "Nie wiem, czy {title} jest w twojej bibliotece: {names} "
        "nie odpowiedział.",
        "no_quality_profile": "{service} nie ma profilu jakości, z którym można "
        "dodać {title}. Utwórz go w ustawieniach {service}.",
        "no_root_folder": "{service} nie ma folderu głównego dla {title}. Utwórz go "
        "w zarządzaniu mediami {service}.",
        "rejected": "{service} odmówił dodania {title}: {message}",
        "no_service_movie": "Nie skonfigurowano Radarr dla filmów.",
        "no_service_series": "Nie skonfigurowano Sonarr dla seriali.",
        "no_service": "Nie skonfigurowano ani Sonarr, ani Radarr.",
        "unavailable": "{names} jest teraz niedostępny.",
        "unavailable_many": "{names} są teraz niedostępne.",
        "hours_one": "{count} godzinę",
        "hours_few": "{count} godziny",
        "hours_many": "{count} godzin",
        "hours_other": "{count} godziny",
        "minutes_one": "{count} minutę",
        "minutes_few": "{count} minuty",
        "minutes_many": "{count} minut",
        "minutes_other": "{count} minuty",
        "under_minute": "mniej niż minutę",
        "about": "mniej więcej {duration}",
        "and": "i",
        "series_kind": "serial",
        "owned": "w twojej bibliotece",
        "movie_kind": "film",
        "retried_one": "Ponawiam {count} nieudane zadanie SABnzbd: {names}.",
        "retried_few": "Ponawiam {count} nieudane zadania SABnzbd: {names}.",
        "retried_many": "Ponawiam {count} nieudanych zadań SABnzbd: {names}.",
        "retried_other": "Ponawiam {count} nieudanego zadania SABnzbd: {names}.",
        "nothing_to_retry": "SABnzbd nie ma nieudanych zadań do ponowienia.",
        "not_retriable_one": "{count} nieudane zadanie nie nadaje się do ponowienia.",
        "not_retriable_few": "{count} nieudane zadania nie nadają się do ponowienia.",
        "not_retriable_many": "{count} nieudanych zadań nie nadaje się do ponowienia.",
        "not_retriable_other": "{count} nieudanego zadania nie nadaje się do "
        "ponowienia.",
        "sabnzbd_only": "Ponawiane są tylko zadania SABnzbd; nieudanymi "
        "pobraniami w Sonarr i Radarr zajmuje się odzyskiwanie AutoArr.",
        "searching_missing": "Szukam brakujących pozycji.",
        "model_unavailable": "Teraz mogę odpowiadać tylko na szybkie pytania, bo "
        "żaden model językowy nie jest dostępny.",
        "confirm_add": "Dodać {title}?",
        "confirm_pause": "Wstrzymać całe pobieranie?",
        "confirm_pause_for": "Wstrzymać całe pobieranie na {duration}?",
        "confirm_pause_until_morning": "Wstrzymać całe pobieranie do {hour} rano?",
        "not_confirmed": "Dobrze, niczego nie zmieniłem.",
        "not_allowed": "Niestety nie możesz zmieniać pobierania ani biblioteki. "
        "Poproś kogoś, kto może.",
        "model_no_answer": "Przepraszam, model językowy nie dał użytecznej "
        "odpowiedzi. Zapytaj jeszcze raz, może innymi słowami.",
        "too_many_rounds": "Przepraszam, nie udało się: model językowy ciągle coś "
        "sprawdzał, zamiast odpowiedzieć. Zapytaj jeszcze raz, prościej.",
        "still_thinking": "Chwileczkę: model językowy jeszcze się nad tym zastanawia.",
        "no_model": "Mogę odpowiadać tylko na szybkie pytania, na przykład co się "
        "pobiera albo co wychodzi w tym tygodniu: do reszty nie skonfigurowano "
        "modelu językowego.",
        "ready": "{title} jest gotowy do obejrzenia.",
        "ready_album": "Album {album} wykonawcy {artist} jest gotowy do słuchania.",
        "example_movie": "„dodaj film {title} z {year}”",
        "example_series": "„dodaj serial {title} z {year}”",
    },
    music={
        "added": "Dodałem album {album} ({artist}) do {service}; już go szukam.",
        "already_in_library": "Album {album} ({artist}) jest już w twojej bibliotece.",
        "not_found": "Nie znalazłem albumu {album}{by}.",
        "by": " ({artist})",
        "no_service": "Nie skonfigurowano Lidarr, więc nie mogę dodawać albumów.",
        "unavailable": "Lidarr teraz nie odpowiada: {services}.",
    },
    indexers={
        "no_service": "Nie skonfigurowano Prowlarr, więc nie mogę sprawdzić "
        "indeksatorów.",
        "unavailable": "Nie wiem: Prowlarr nie odpowiada ({services}).",
        "none_enabled": "Prowlarr nie ma żadnego włączonego indeksatora, więc "
        "wyszukiwanie niczego nie znajdzie.",
        "failing": "W Prowlarr nie działają indeksatory ({failing} z {enabled}): "
        "{names}. Do czasu naprawy wyszukiwanie działa bez nich.",
        "all_working": "Wszystkie indeksatory w Prowlarr ({enabled}) działają, "
        "więc wydania pewnie jeszcze nie ma.",
    },
    requests={
        "no_seerr": "Nie skonfigurowano Seerr, więc nie ma żadnych próśb.",
        "admin_only": "Niestety tylko administrator może zatwierdzać i odrzucać "
        "prośby.",
        "none_pending": "Żadna prośba nie czeka na zatwierdzenie.",
        "pending_one": "{count} prośba czeka na zatwierdzenie: {items}.",
        "pending_few": "{count} prośby czekają na zatwierdzenie: {items}.",
        "pending_many": "{count} próśb czeka na zatwierdzenie: {items}.",
        "pending_other": "{count} prośby czeka na zatwierdzenie: {items}.",
        "item": "{title} dla {who}",
        "item_seasons_one": "{title} sezon {seasons} dla {who}",
        "item_seasons_few": "{title} sezony {seasons} dla {who}",
        "item_seasons_many": "{title} sezony {seasons} dla {who}",
        "item_seasons_other": "{title} sezony {seasons} dla {who}",
        "more": "i {count} więcej",
        "approved": "Prośba o {title} zatwierdzona.",
        "declined": "Prośba o {title} odrzucona.",
        "not_found": "Żadna prośba o {title} nie czeka na zatwierdzenie.",
        "ambiguous": "Pasuje kilka próśb: {titles}. Którą?",
        "unavailable": "Seerr teraz nie odpowiada: {names}.",
        "requested_approved": "Poproszono o {title}; zatwierdzone i w drodze.",
        "requested_pending": "Poproszono o {title}; czeka na zatwierdzenie przez "
        "administratora.",
        "already_available": "{title} jest już dostępny.",
        "already_requested": "O {title} już poproszono.",
        "search_not_found": "Seerr nie znalazł {title}.",
        "did_you_mean": "Czy chodzi ci o {options}?",
        "rejected": "Seerr odrzucił prośbę o {title}: {message}",
        "decision_rejected": "Seerr nie rozpatrzył prośby o {title}: {message}",
        "confirm_request": "Poprosić o {title}?",
        "which_request": "Którą prośbę? Powiedz: odrzuć prośbę o Dune.",
        "title_seasons_one": "{title} sezon {seasons}",
        "title_seasons_few": "{title} sezony {seasons}",
        "title_seasons_many": "{title} sezony {seasons}",
        "title_seasons_other": "{title} sezony {seasons}",
    },
    album_by=(" od ",),
    change_words=re.compile(
        # The stack: downloads and the library. Verbs in the imperative and
        # the infinitive only ("czy pobieranie jest wstrzymane?", "co się
        # pobiera?" ask for nothing).
        r"\b(wstrzymaj|wstrzymać|zatrzymaj|zatrzymać|zapauzuj|przestań|wznów|"
        r"wznowić|kontynuuj|uruchom|uruchomić|ponów|ponowić|powtórz|spróbuj|"
        r"szukaj|poszukaj|wyszukaj|wyszukać|dodaj|dodać|pobierz|pobrać|"
        r"pobieraj|ściągnij|ściągnąć|ściągaj|zamów|zamówić|chcę|chciałbym|"
        r"chciałabym|zatwierdź|zatwierdzić|zaakceptuj|odrzuć|odrzucić|"
        r"ogranicz|ograniczyć|zwolnij|"
        # The home: Home Assistant's device tools.
        r"włącz|włączyć|wyłącz|wyłączyć|otwórz|otworzyć|zamknij|zamknąć|"
        r"zablokuj|odblokuj|ustaw|ustawić|przyciemnij|rozjaśnij|aktywuj|"
        r"dezaktywuj|anuluj|odtwórz|zagraj|wycisz|zmień|zmienić|zwiększ|"
        r"zmniejsz|podgłośnij|ścisz|uzbrój|rozbrój)\b",
        re.IGNORECASE,
    ),
    ordinals={
        "pierwszy": 1,
        "pierwsza": 1,
        "pierwsze": 1,
        "drugi": 2,
        "druga": 2,
        "drugie": 2,
        "dwa": 2,
        "trzeci": 3,
        "trzecia": 3,
        "trzecie": 3,
        "trzy": 3,
        "czwarty": 4,
        "czwarta": 4,
        "czwarte": 4,
        "cztery": 4,
        "ostatni": -1,
        "ostatnia": -1,
        "ostatnie": -1,
    },
    movie_words=("film", "filmy", "filmu"),
    series_words=(
        "serial",
        "seriale",
        "serialu",
        "sezon",
        "sezony",
        "odcinek",
        "odcinki",
    ),
    season_words=r"sezon(?:y|ów)?",
    yes_words=r"tak|jasne|pewnie|dobrze|oczywiście|zgoda|zrób to|dawaj|okej",
    no_words=r"nie|anuluj|zostaw|nieważne",
)
