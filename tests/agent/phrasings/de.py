"""German phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("Was wird gerade heruntergeladen?"),
            Said("Zeig mir die Downloads"),
            Said("Wie laufen meine Downloads?"),
            Said("Was lädt gerade herunter?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Wie lange dauert Dune noch?", title="Dune"),
            Said("Wann ist The Bear fertig?", title="The Bear"),
            Said("Wie lange braucht Severance noch?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pausiere die Downloads"),
            Said("Downloads für 3 Stunden anhalten", minutes=180),
            Said("Stoppe alle Downloads für 20 Minuten", minutes=20),
            Said("Halte die Downloads über Nacht an", until_morning=True),
        ],
        I.RESUME: [
            Said("Setze die Downloads fort"),
            Said("Downloads wieder starten"),
            Said("Starte alle Downloads wieder"),
        ],
        I.UPCOMING_TODAY: [
            Said("Was kommt heute?"),
            Said("Was erscheint heute"),
            Said("Gibt es neue Folgen heute?"),
        ],
        I.UPCOMING_WEEK: [
            Said("Was läuft diese Woche?"),
            Said("Welche Filme diese Woche"),
            Said("Gibt es neue Folgen diese Woche?"),
        ],
        I.IN_LIBRARY: [
            Said("Ist Dune in meiner Bibliothek?", title="Dune"),
            Said("Habe ich Severance schon?", title="Severance"),
            Said("Hab ich The Bear", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Füge den Film Dune hinzu", title="Dune"),
            Said("Lade den Film Heat herunter", title="Heat"),
            Said("Film Oppenheimer hinzufügen", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Füge die Serie Dark hinzu", title="Dark"),
            Said("Lade die Serie The Bear herunter", title="The Bear"),
            Said("Serie Severance herunterladen", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Lade Dune herunter", title="Dune"),
            Said("Fordere Oppenheimer an", title="Oppenheimer"),
            Said("Lad The Bear herunter", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Füge das Album Brat von Charli XCX hinzu",
                title="Brat",
                artist="Charli XCX",
            ),
            Said("Lade das Album Renaissance herunter", title="Renaissance"),
            Said(
                "Album Blue von Joni Mitchell hinzufügen",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Warum findet Sonarr nichts?"),
            Said("Warum wird nichts gefunden?"),
            Said("Funktionieren meine Indexer?"),
        ],
        I.RETRY_FAILED: [
            Said("Wiederhole die fehlgeschlagenen Downloads"),
            Said("Alle fehlgeschlagenen Downloads neu starten"),
            Said("Wiederhol alle fehlgeschlagenen Downloads"),
        ],
        I.SEARCH_MISSING: [
            Said("Suche nach fehlenden Folgen"),
            Said("Such nach allen fehlenden Filmen"),
            Said("Die fehlenden Alben suchen"),
        ],
        I.MISSING: [
            Said("Was fehlt?"),
            Said("Welche Filme fehlen mir noch?"),
            Said("Zeig mir die fehlenden Folgen"),
        ],
        I.REQUESTS: [
            Said("Was wurde angefragt?"),
            Said("Welche Anfragen sind offen?"),
            Said("Gibt es neue Anfragen?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Genehmige die Anfrage für Dune", title="Dune"),
            Said("Bestätige die Anfrage von Heat", title="Heat"),
            Said("Die Anfrage für The Bear genehmigen", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Lehne die Anfrage für Dune ab", title="Dune"),
            Said("Die Anfrage von Heat ablehnen", title="Heat"),
            Said("Lehn die Anfrage für The Bear ab", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Genehmige sie"),
            Said("Gib sie frei"),
            Said("Bestätige die Anfrage"),
        ],
        I.DECLINE_IT: [
            Said("Lehne sie ab"),
            Said("Lehn es ab"),
            Said("Lehne die Anfrage ab"),
        ],
    },
    near_misses=[
        "Schalte das Licht in der Küche ein",
        "Füge Milch zur Einkaufsliste hinzu",
        "Pausiere die Musik",
        "Wie wird das Wetter heute",
        "Stell einen Timer auf 10 Minuten",
        "Ist die Haustür abgeschlossen",
        "Spiele das Album Brat von Charli XCX",
        "Warum finde ich mein Handy nicht?",
        "Genehmige die Rechnung",
    ],
    questions=[
        "Was wird gerade heruntergeladen?",
        "Wie laufen meine Downloads?",
        "Sind die Downloads pausiert?",
        "Ist Dune in meiner Bibliothek?",
        "Was kommt diese Woche?",
        "Was fehlt mir noch?",
    ],
    changes=[
        "Pausiere die Downloads",
        "Füge den Film Dune hinzu",
        "Setze die Downloads fort",
        "Schalte das Licht in der Küche aus",
    ],
    spoken={
        "downloads": (
            "Was wird gerade heruntergeladen?",
            (
                "2 laden herunter: Dune: Part Two, noch etwa 16 Minuten; "
                "Shōgun Staffel 2 Folge 5, etwa 4 Minuten. 10 brauchen Aufmerksamkeit: "
            ),
        ),
        "missing": ("Was fehlt?", "Es fehlen {total} Titel, zum Beispiel "),
        "pause_hour": (
            "Pausiere die Downloads für eine Stunde",
            "Downloads für 1 Stunde pausiert.",
        ),
        "pause_night": (
            "Halte die Downloads über Nacht an",
            "Downloads bis 7 Uhr morgens pausiert.",
        ),
        "indexers": (
            "Warum findet Sonarr nichts?",
            (
                "1 von 3 Indexern in Prowlarr fallen aus: NZBplanet. "
                "Bis sie wieder gehen, wird ohne sie gesucht."
            ),
        ),
        "album": (
            "Füge das Album GNX von Kendrick Lamar hinzu",
            (
                "Das Album GNX von Kendrick Lamar ist zu Lidarr hinzugefügt; "
                "ich suche es jetzt."
            ),
        ),
        "requests": (
            "Welche Anfragen sind offen?",
            (
                "2 Anfragen warten auf Freigabe: Severance Staffel 2 für Sam;"
                " Dune: Part Two für Sam."
            ),
        ),
        "decline": (
            "Lehne die Anfrage für Severance ab",
            "Die Anfrage für Severance ist abgelehnt.",
        ),
    },
    choices=[("die zweite", 2), ("den letzten", 3), ("die Serie", 2), ("der erste", 1)],
)
