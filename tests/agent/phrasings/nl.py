"""Dutch phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("Wat wordt er gedownload?"),
            Said("Wat is er nu aan het downloaden?"),
            Said("Laat me de downloads zien"),
            Said("Hoe staan mijn downloads ervoor?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Hoe lang duurt het downloaden van Dune nog?", title="Dune"),
            Said("Hoe lang moet The Bear nog downloaden?", title="The Bear"),
            Said("Wanneer is Severance klaar met downloaden?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pauzeer de downloads"),
            Said("Pauzeer alle downloads voor 20 minuten", minutes=20),
            Said("Zet de downloads voor twee uur op pauze", minutes=120),
            Said("Stop met downloaden tot morgenochtend", until_morning=True),
        ],
        I.RESUME: [
            Said("Hervat de downloads"),
            Said("Ga weer verder met downloaden"),
            Said("Start alle downloads weer"),
        ],
        I.UPCOMING_TODAY: [
            Said("Wat komt er vandaag uit?"),
            Said("Wat verschijnt er vandaag?"),
            Said("Zijn er nieuwe afleveringen vandaag?"),
        ],
        I.UPCOMING_WEEK: [
            Said("Wat komt er deze week uit?"),
            Said("Welke films deze week?"),
            Said("Zijn er nieuwe albums deze week?"),
        ],
        I.IN_LIBRARY: [
            Said("Staat Dune in mijn bibliotheek?", title="Dune"),
            Said("Heb ik Severance al?", title="Severance"),
            Said("Zit The Bear in mijn collectie?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Voeg de film Dune toe", title="Dune"),
            Said("Download de film Heat", title="Heat"),
            Said("Vraag de film Oppenheimer aan", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Voeg de serie Dark toe", title="Dark"),
            Said("Download de serie The Bear", title="The Bear"),
            Said("Haal de serie Severance binnen", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Download Dune", title="Dune"),
            Said("Vraag Oppenheimer aan", title="Oppenheimer"),
            Said("Download The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Voeg het album Brat van Charli XCX toe",
                title="Brat",
                artist="Charli XCX",
            ),
            Said("Download het album Renaissance", title="Renaissance"),
            Said(
                "Download het album Blue van Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Waarom vindt Sonarr niets?"),
            Said("Waarom wordt er niets gevonden?"),
            Said("Werken mijn indexers het nog?"),
        ],
        I.RETRY_FAILED: [
            Said("Probeer de mislukte downloads opnieuw"),
            Said("Alle mislukte downloads opnieuw starten"),
            Said("Herstart de mislukte downloads"),
        ],
        I.SEARCH_MISSING: [
            Said("Zoek naar ontbrekende afleveringen"),
            Said("Zoek alle ontbrekende films"),
            Said("De ontbrekende albums zoeken"),
        ],
        I.MISSING: [
            Said("Wat ontbreekt er?"),
            Said("Wat mis ik nog?"),
            Said("Welke films ontbreken nog?"),
            Said("Laat me de ontbrekende afleveringen zien"),
        ],
        I.REQUESTS: [
            Said("Wat is er aangevraagd?"),
            Said("Welke aanvragen staan er open?"),
            Said("Zijn er nieuwe aanvragen?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Keur de aanvraag voor Dune goed", title="Dune"),
            Said("Accepteer de aanvraag van Heat", title="Heat"),
            Said("Keur de aanvraag van The Bear goed", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Wijs de aanvraag voor Dune af", title="Dune"),
            Said("Weiger de aanvraag van Heat", title="Heat"),
            Said("Wijs de aanvraag van The Bear af", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Keur hem goed"),
            Said("Keur het goed"),
            Said("Accepteer die"),
        ],
        I.DECLINE_IT: [
            Said("Wijs hem af"),
            Said("Weiger het"),
            Said("Wijs de aanvraag af"),
        ],
    },
    near_misses=[
        "Doe het licht in de keuken aan",
        "Zet melk op de boodschappenlijst",
        "Pauzeer de muziek",
        "Wat voor weer wordt het vandaag?",
        "Hoe lang duurt het eten nog?",
        "Heb ik morgen een afspraak?",
        "Zet een timer voor 10 minuten",
        "Speel het album Brat van Charli XCX",
        "Waarom kan ik mijn telefoon niet vinden?",
        "Keur de factuur goed",
    ],
    questions=[
        "Wat wordt er gedownload?",
        "Wat is er aan het downloaden?",
        "Hoe lang duurt de download van Dune nog?",
        "Staan de downloads op pauze?",
        "Staat Dune in mijn bibliotheek?",
        "Wat komt er deze week uit?",
        "Welke aanvragen staan er open?",
        "Is de voordeur vergrendeld?",
    ],
    changes=[
        "Pauzeer de downloads",
        "Zet de downloads op pauze",
        "Voeg de film Dune toe",
        "Download de serie Dark",
        "Hervat de downloads",
        "Beperk de downloads tot 500 kilobyte per seconde",
        "Doe het licht in de woonkamer uit",
        "Open de garagedeur",
    ],
    spoken={
        "downloads": (
            "Wat wordt er gedownload?",
            (
                "2 worden gedownload: Dune: Part Two, nog ongeveer 16 minuten; "
                "Shōgun seizoen 2 aflevering 5, ongeveer 4 minuten. "
                "10 vragen aandacht: "
            ),
        ),
        "missing": ("Wat ontbreekt er?", "Er ontbreken {total} titels, bijvoorbeeld "),
        "pause_hour": (
            "Pauzeer de downloads voor een uur",
            "Downloads 1 uur gepauzeerd.",
        ),
        "pause_night": (
            "Zet de downloads tot morgenochtend op pauze",
            "Downloads gepauzeerd tot 7 uur 's ochtends.",
        ),
        "indexers": (
            "Waarom wordt er niets gevonden?",
            (
                "In Prowlarr falen indexers (1 van de 3): NZBplanet. Tot ze weer "
                "werken, wordt er zonder hen gezocht."
            ),
        ),
        "album": (
            "Voeg het album GNX van Kendrick Lamar toe",
            "Het album GNX van Kendrick Lamar is aan Lidarr toegevoegd; ik zoek het nu.",
        ),
        "requests": (
            "Welke aanvragen staan er open?",
            (
                "2 aanvragen wachten op goedkeuring: Severance seizoen 2 voor Sam;"
                " Dune: Part Two voor Sam."
            ),
        ),
        "decline": (
            "Wijs de aanvraag voor Severance af",
            "De aanvraag voor Severance is afgewezen.",
        ),
    },
    choices=[("de tweede", 2), ("de laatste", 3), ("de serie", 2), ("de eerste", 1)],
)
