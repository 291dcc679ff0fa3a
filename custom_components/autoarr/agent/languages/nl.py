"""Dutch: the instant sentences, their answers and the guard's words."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_DOWNLOADS = "[de|alle|mijn] downloads"
_LIBRARY = "in (mijn|de) (bibliotheek|collectie|verzameling|mediatheek)"
_KINDS = "(afleveringen|films|albums|afleveringen en films)"
_SHOW = "(laat|toon) [me|mij]"
_MINUTES = "(minuut|minuten)"

LANGUAGE = Language(
    code="nl",
    locale="nl",
    sentences={
        InstantIntent.DOWNLOADS: [
            "wat wordt er [nu|op dit moment|momenteel] gedownload",
            "wat (is|zijn) er [nu] aan het downloaden",
            f"{_SHOW} {_DOWNLOADS} [zien]",
            "hoe staan [de|mijn] downloads [ervoor]",
            "wat staat er in de (downloadwachtrij|wachtrij)",
            "(downloadstatus|download status)",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "hoe lang (duurt|is) (het downloaden|de download) van {title} nog",
            "hoe lang moet {title} nog downloaden",
            "wanneer is {title} (klaar met downloaden|gedownload|binnen)",
        ],
        InstantIntent.PAUSE: [
            f"pauzeer {_DOWNLOADS} [(voor|gedurende) {{minutes}} {_MINUTES}]",
            f"zet {_DOWNLOADS} [(voor|gedurende) {{minutes}} {_MINUTES}] op pauze",
            f"stop [met] downloaden [(voor|gedurende) {{minutes}} {_MINUTES}]",
            f"pauzeer {_DOWNLOADS} (voor|gedurende) {{hours}} uur",
            f"zet {_DOWNLOADS} (voor|gedurende) {{hours}} uur op pauze",
            "stop [met] downloaden (voor|gedurende) {hours} uur",
            f"pauzeer {_DOWNLOADS} {{period}}",
            f"zet {_DOWNLOADS} {{period}} op pauze",
            "stop [met] downloaden {period}",
        ],
        InstantIntent.RESUME: [
            f"hervat {_DOWNLOADS}",
            "(ga|start) [weer] verder met downloaden",
            f"(start|zet) {_DOWNLOADS} weer [aan]",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "wat komt er vandaag [uit]",
            "wat verschijnt er vandaag",
            "(welke|zijn er) [nieuwe] (afleveringen|films) vandaag",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "wat komt er deze week [uit]",
            "wat verschijnt er deze week",
            "(welke|zijn er) [nieuwe] (afleveringen|films|albums) deze week",
        ],
        InstantIntent.IN_LIBRARY: [
            f"(staat|zit) {{title}} {_LIBRARY}",
            f"heb ik {{title}} al [{_LIBRARY}]",
            f"heb ik {{title}} {_LIBRARY}",
        ],
        InstantIntent.ADD_MOVIE: [
            "voeg [de] film {title} toe",
            "download [de] film {title}",
            "(haal|vraag) [de] film {title} (binnen|aan)",
        ],
        InstantIntent.ADD_SERIES: [
            "voeg [de] serie {title} toe",
            "download [de] serie {title}",
            "(haal|vraag) [de] serie {title} (binnen|aan)",
        ],
        InstantIntent.ADD_MEDIA: [
            "download {title}",
            "vraag {title} aan",
        ],
        InstantIntent.NOTHING_FOUND: [
            "waarom vindt (het|hij|sonarr|radarr|lidarr|de zoekopdracht) niets",
            "waarom wordt er niets gevonden",
            "(werken|doen) [mijn|de] indexers het [nog]",
            "(zijn|is) [mijn|de] indexer[s] (kapot|down|stuk)",
        ],
        InstantIntent.ADD_ALBUM: [
            "voeg [het] album {title} van {artist} toe",
            "download [het] album {title} van {artist}",
            "voeg [het] album {title} toe",
            "download [het] album {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "probeer [de|alle] mislukte downloads opnieuw",
            "[de|alle] mislukte downloads opnieuw (proberen|starten)",
            "herstart [de|alle] mislukte downloads",
        ],
        InstantIntent.SEARCH_MISSING: [
            f"zoek [naar] [alle] [de] ontbrekende {_KINDS}",
            f"[de] ontbrekende {_KINDS} zoeken",
        ],
        InstantIntent.MISSING: [
            "wat ontbreekt er [nog]",
            "wat mis ik [nog]",
            f"welke {_KINDS} (ontbreken|mis ik) [nog]",
            f"{_SHOW} de ontbrekende {_KINDS} [zien]",
        ],
        InstantIntent.REQUESTS: [
            "wat is er aangevraagd",
            "welke aanvragen (staan [er] open|zijn er)",
            f"{_SHOW} de [openstaande] aanvragen [zien]",
            "zijn er [nieuwe|openstaande] aanvragen",
        ],
        InstantIntent.APPROVE_REQUEST: [
            "keur de aanvraag (voor|van) {title} goed",
            "accepteer de aanvraag (voor|van) {title}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            "wijs de aanvraag (voor|van) {title} af",
            "weiger de aanvraag (voor|van) {title}",
        ],
        InstantIntent.APPROVE_IT: [
            "keur (hem|het|haar|die|de aanvraag) goed",
            "accepteer (hem|het|haar|die|de aanvraag)",
        ],
        InstantIntent.DECLINE_IT: [
            "wijs (hem|het|haar|die|de aanvraag) af",
            "weiger (hem|het|haar|die|de aanvraag)",
        ],
    },
    periods={
        "voor een uur": 60,
        "een uur": 60,
        "voor een uurtje": 60,
        "voor een half uur": 30,
        "een half uur": 30,
        "voor een dag": 1440,
        "voor vandaag": 1440,
        "voor de nacht": UNTIL_MORNING,
        "vannacht": UNTIL_MORNING,
        "tot morgen": UNTIL_MORNING,
        "tot morgenochtend": UNTIL_MORNING,
        "tot morgen vroeg": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Er wordt niets gedownload.",
        "paused": "De downloads staan op pauze.",
        "downloading_one": "{count} wordt gedownload: {items}.",
        "downloading_other": "{count} worden gedownload: {items}.",
        "need_attention_one": "{count} vraagt aandacht: {items}.",
        "need_attention_other": "{count} vragen aandacht: {items}.",
        "count_queued_one": "{count} wacht",
        "count_queued_other": "{count} wachten",
        "count_paused_one": "{count} gepauzeerd",
        "count_paused_other": "{count} gepauzeerd",
        "count_importing_one": "{count} wordt geïmporteerd",
        "count_importing_other": "{count} worden geïmporteerd",
        "counts": "{counts}.",
        "state_downloading": "downloadt",
        "state_stalled": "staat stil",
        "state_warning": "waarschuwing",
        "state_failed": "mislukt",
        "state_queued": "wacht",
        "state_paused": "gepauzeerd",
        "state_importing": "wordt geïmporteerd",
        "state_completed": "klaar",
        "with_reason": "{name}, {state}: {reason}",
        "reason_none": "Geen reden opgegeven",
        "reason_no_peers": "Geen seeders of peers",
        "reason_client_failed": "Mislukt in de downloadclient",
        "and_more": "en nog {count}",
        "at_percent": "{name} op {percent} procent",
        "eta_left": "{name}, nog {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Snelheid {speed}.",
        "no_download_named": "Ik vind geen download met de naam {name}.",
        "eta": "{name} staat op {percent} procent en is over {duration} klaar.",
        "eta_unknown": "{name} staat op {percent} procent ({state}).",
        "paused_for": "Downloads {duration} gepauzeerd.",
        "paused_until_morning": "Downloads gepauzeerd tot {hour} uur 's ochtends.",
        "how_long": "Voor hoe lang? Zeg bijvoorbeeld: pauzeer de downloads voor "
        "30 minuten.",
        "nothing_missing": "Er ontbreekt niets.",
        "nothing_missing_on": "Bij {names} ontbreekt niets.",
        "missing_one": "Er ontbreekt één titel: {items}.",
        "missing": "Er ontbreken {count} titels, bijvoorbeeld {items}.",
        "episode": "{title} seizoen {season} aflevering {episode}",
        "paused_now": "Downloads gepauzeerd.",
        "resumed": "Downloads hervat.",
        "no_sabnzbd": "Er is geen SABnzbd ingesteld.",
        "not_reachable": "{names} gaf geen antwoord.",
        "not_reachable_many": "{names} gaven geen antwoord.",
        "nothing_today": "Vandaag verschijnt er niets.",
        "nothing_week": "Deze week verschijnt er niets.",
        "today": "Vandaag: {items}.",
        "week": "Deze week: {items}.",
        "movie": "{title} (film)",
        "album": "{title} (album)",
        "day_today": "vandaag",
        "day_tomorrow": "morgen",
        "episodes_one": "{title}, {count} aflevering",
        "episodes_other": "{title}, {count} afleveringen",
        "in_library": "Ja, {title} staat in je bibliotheek.",
        "in_library_playable": "Ja, {title} staat in je bibliotheek en op {servers}.",
        "in_library_no_file": "Ja, {title} staat in je bibliotheek, maar is nog "
        "niet gedownload.",
        "not_in_library": "Nee, {title} staat niet in je bibliotheek.",
        "added": "{title} toegevoegd.",
        "added_search": "{title} toegevoegd; er wordt nu naar gezocht.",
        "already": "{title} staat al in je bibliotheek.",
        "already_playable": "{title} staat al in je bibliotheek en op {servers}.",
        "did_you_mean": "Bedoel je {options}?",
        "several_match": "Er passen er meerdere: {options}. Zeg het nog eens met "
        "het jaar, bijvoorbeeld {example}.",
        "or": "of",
        "not_found": "Ik heb {title} niet gevonden.",
        "library_unknown": "Ik weet niet of {title} in je bibliotheek staat: "
        "{names} gaf geen antwoord.",
        "no_quality_profile": "{service} heeft geen kwaliteitsprofiel om {title} "
        "mee toe te voegen. Maak er een aan in de instellingen van {service}.",
        "no_root_folder": "{service} heeft geen hoofdmap voor {title}. Maak er een "
        "aan in het mediabeheer van {service}.",
        "rejected": "{service} weigerde {title} toe te voegen: {message}",
        "no_service_movie": "Er is geen Radarr ingesteld voor films.",
        "no_service_series": "Er is geen Sonarr ingesteld voor series.",
        "no_service": "Sonarr noch Radarr is ingesteld.",
        "unavailable": "{names} is nu niet bereikbaar.",
        "unavailable_many": "{names} zijn nu niet bereikbaar.",
        "hours_one": "{count} uur",
        "hours_other": "{count} uur",
        "minutes_one": "{count} minuut",
        "minutes_other": "{count} minuten",
        "under_minute": "minder dan een minuut",
        "about": "ongeveer {duration}",
        "and": "en",
        "series_kind": "serie",
        "owned": "in je bibliotheek",
        "movie_kind": "film",
        "retried_one": "{count} mislukte SABnzbd-taak wordt opnieuw geprobeerd: "
        "{names}.",
        "retried_other": "{count} mislukte SABnzbd-taken worden opnieuw "
        "geprobeerd: {names}.",
        "nothing_to_retry": "SABnzbd heeft geen mislukte taak om opnieuw te proberen.",
        "not_retriable_one": "{count} mislukte taak kan niet opnieuw worden "
        "geprobeerd.",
        "not_retriable_other": "{count} mislukte taken kunnen niet opnieuw worden "
        "geprobeerd.",
        "sabnzbd_only": "Alleen de taken van SABnzbd worden opnieuw geprobeerd; "
        "het herstel van AutoArr zorgt voor mislukte downloads in Sonarr en "
        "Radarr.",
        "searching_missing": "Er wordt naar ontbrekende titels gezocht.",
        "model_unavailable": "Ik kan nu alleen de snelle vragen beantwoorden, "
        "omdat er geen taalmodel bereikbaar is.",
        "confirm_add": "{title} toevoegen?",
        "confirm_pause": "Alle downloads pauzeren?",
        "confirm_pause_for": "Alle downloads {duration} pauzeren?",
        "confirm_pause_until_morning": "Alle downloads pauzeren tot {hour} uur "
        "'s ochtends?",
        "not_confirmed": "Oké, ik heb niets veranderd.",
        "not_allowed": "Sorry, je mag de downloads en de bibliotheek niet "
        "wijzigen. Vraag het aan iemand die dat wel mag.",
        "model_no_answer": "Sorry, het taalmodel gaf geen bruikbaar antwoord. "
        "Vraag het nog eens, misschien met andere woorden.",
        "too_many_rounds": "Sorry, dat is me niet gelukt: het taalmodel bleef "
        "dingen opzoeken zonder te antwoorden. Vraag het nog eens, eenvoudiger.",
        "still_thinking": "Een moment alsjeblieft: het taalmodel denkt er nog over na.",
        "no_model": "Ik kan alleen de snelle vragen beantwoorden, zoals wat er "
        "gedownload wordt of wat er deze week uitkomt: voor de rest is geen "
        "taalmodel ingesteld.",
        "example_movie": "'voeg de film {title} uit {year} toe'",
        "example_series": "'voeg de serie {title} uit {year} toe'",
        "ready": "{title} staat klaar om te kijken.",
        "ready_album": "{album} van {artist} staat klaar om te luisteren.",
    },
    music={
        "added": "Het album {album} van {artist} is aan {service} toegevoegd; ik "
        "zoek het nu.",
        "already_in_library": "Het album {album} van {artist} staat al in je "
        "bibliotheek.",
        "not_found": "Ik heb het album {album}{by} niet gevonden.",
        "by": " van {artist}",
        "no_service": "Er is geen Lidarr ingesteld, dus ik kan geen albums toevoegen.",
        "unavailable": "Lidarr antwoordt nu niet: {services}.",
    },
    indexers={
        "no_service": "Er is geen Prowlarr ingesteld, dus ik kan de indexers niet "
        "controleren.",
        "unavailable": "Dat kan ik niet zeggen: Prowlarr antwoordt niet ({services}).",
        "none_enabled": "Prowlarr heeft geen actieve indexer, dus zoekopdrachten "
        "vinden niets.",
        "failing": "In Prowlarr falen indexers ({failing} van de {enabled}): "
        "{names}. Tot ze weer werken, wordt er zonder hen gezocht.",
        "all_working": "Alle {enabled} indexers in Prowlarr werken, dus de release "
        "is waarschijnlijk nog niet uit.",
    },
    requests={
        "no_seerr": "Er is geen Seerr ingesteld, dus er zijn geen aanvragen.",
        "admin_only": "Sorry, alleen een beheerder mag aanvragen goedkeuren of "
        "afwijzen.",
        "none_pending": "Er wacht geen aanvraag op goedkeuring.",
        "pending_one": "{count} aanvraag wacht op goedkeuring: {items}.",
        "pending_other": "{count} aanvragen wachten op goedkeuring: {items}.",
        "item": "{title} voor {who}",
        "item_seasons_one": "{title} seizoen {seasons} voor {who}",
        "item_seasons_other": "{title} seizoenen {seasons} voor {who}",
        "more": "en nog {count}",
        "approved": "De aanvraag voor {title} is goedgekeurd.",
        "declined": "De aanvraag voor {title} is afgewezen.",
        "not_found": "Er wacht geen aanvraag voor {title} op goedkeuring.",
        "ambiguous": "Er passen meerdere aanvragen: {titles}. Welke bedoel je?",
        "unavailable": "Seerr antwoordt nu niet: {names}.",
        "requested_approved": "{title} is aangevraagd, goedgekeurd en onderweg.",
        "requested_pending": "{title} is aangevraagd en wacht op goedkeuring van "
        "een beheerder.",
        "already_available": "{title} is al beschikbaar.",
        "already_requested": "{title} is al aangevraagd.",
        "search_not_found": "Seerr heeft {title} niet gevonden.",
        "did_you_mean": "Bedoel je {options}?",
        "rejected": "Seerr weigerde de aanvraag voor {title}: {message}",
        "decision_rejected": "Seerr heeft de aanvraag voor {title} niet afgehandeld: {message}",
        "confirm_request": "Zal ik {title} aanvragen?",
        "which_request": "Welke aanvraag? Zeg: wijs de aanvraag voor Dune af.",
        "title_seasons_one": "{title} seizoen {seasons}",
        "title_seasons_other": "{title} seizoenen {seasons}",
    },
    album_by=(" van ",),
    change_words=re.compile(
        # The stack: downloads and the library. "Download" is also the noun
        # of a question ("hoe lang duurt de download?", "wat is er aan het
        # downloaden?"): those are left out.
        r"\b(pauzeer|pauzeren|zet|stop|stoppen|hervat|hervatten|verder|"
        r"start|starten|herstart|herstarten|probeer|zoek|zoeken|"
        r"voeg|toevoegen|(?<!de )(?<!een )download|(?<!het )downloaden|"
        r"haal|wil|keur|goedkeuren|accepteer|accepteren|wijs|afwijzen|"
        r"weiger|weigeren|beperk|beperken|limiteer|vertraag|"
        # The home: Home Assistant's device tools ("doe het licht uit").
        # "Open" only with what it opens: "welke aanvragen staan open?".
        r"doe|schakel|schakelen|open\s+(?:de|het|alle|mijn)|openen|sluit|"
        r"sluiten|vergrendel|"
        r"vergrendelen|ontgrendel|ontgrendelen|dim|dimmen|activeer|"
        r"activeren|deactiveer|deactiveren|annuleer|annuleren|speel|"
        r"verhoog|verlaag|wijzig|verander|draai)\b",
        re.IGNORECASE,
    ),
    ordinals={
        "eerste": 1,
        "tweede": 2,
        "twee": 2,
        "derde": 3,
        "drie": 3,
        "vierde": 4,
        "vier": 4,
        "laatste": -1,
    },
    movie_words=("film", "films"),
    series_words=(
        "serie",
        "series",
        "seizoen",
        "seizoenen",
        "aflevering",
        "afleveringen",
    ),
    season_words=r"seizoen(?:en)?",
    yes_words=r"ja|jazeker|graag|prima|doe maar|oké|goed|zeker",
    no_words=r"nee|niet|annuleer|laat maar",
)
