"""Italian phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("Cosa sta scaricando?"),
            Said("Che cosa si sta scaricando adesso?"),
            Said("Mostrami i download"),
            Said("Come vanno i miei download?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Quanto manca al download di Dune?", title="Dune"),
            Said("Quando finisce il download di The Bear?", title="The Bear"),
            Said(
                "Quanto ci vuole prima che Severance sia scaricata?",
                title="Severance",
            ),
        ],
        I.PAUSE: [
            Said("Metti in pausa i download"),
            Said("Sospendi tutti i download per 20 minuti", minutes=20),
            Said("Metti in pausa i download per due ore", minutes=120),
            Said("Ferma i download fino a domani mattina", until_morning=True),
        ],
        I.RESUME: [
            Said("Riprendi i download"),
            Said("Fai ripartire tutti i download"),
            Said("Ricomincia a scaricare"),
        ],
        I.UPCOMING_TODAY: [
            Said("Cosa esce oggi?"),
            Said("Ci sono nuovi episodi oggi?"),
            Said("Quali sono le uscite di oggi?"),
        ],
        I.UPCOMING_WEEK: [
            Said("Cosa esce questa settimana?"),
            Said("Quali film questa settimana?"),
            Said("Quali sono le uscite della settimana?"),
        ],
        I.IN_LIBRARY: [
            Said("C'è Dune nella mia libreria?", title="Dune"),
            Said("Ho già Severance?", title="Severance"),
            Said("The Bear è nella mia collezione?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Aggiungi il film Dune", title="Dune"),
            Said("Scarica il film Heat", title="Heat"),
            Said("Richiedi il film Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Aggiungi la serie Dark", title="Dark"),
            Said("Scarica la serie tv The Bear", title="The Bear"),
            Said("Richiedi la serie Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Scarica Dune", title="Dune"),
            Said("Richiedi Oppenheimer", title="Oppenheimer"),
            Said("Scarica The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Aggiungi l'album Brat di Charli XCX", title="Brat", artist="Charli XCX"
            ),
            Said("Scarica l'album Renaissance", title="Renaissance"),
            Said(
                "Prendi l'album Blue di Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Perché Sonarr non trova niente?"),
            Said("Perché non si trova nulla?"),
            Said("Funzionano i miei indexer?"),
        ],
        I.RETRY_FAILED: [
            Said("Riprova i download falliti"),
            Said("Ritenta tutti i download non riusciti"),
            Said("Riavvia i download falliti"),
        ],
        I.SEARCH_MISSING: [
            Said("Cerca gli episodi mancanti"),
            Said("Cerca tutti i film mancanti"),
            Said("Cerca gli album mancanti"),
        ],
        I.MISSING: [
            Said("Cosa manca?"),
            Said("Che cosa mi manca ancora?"),
            Said("Quali film mi mancano?"),
            Said("Mostrami gli episodi mancanti"),
        ],
        I.REQUESTS: [
            Said("Cosa è stato richiesto?"),
            Said("Quali richieste sono in attesa?"),
            Said("Ci sono nuove richieste?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Approva la richiesta di Dune", title="Dune"),
            Said("Accetta la richiesta per Heat", title="Heat"),
            Said("Approva la richiesta per The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Rifiuta la richiesta di Dune", title="Dune"),
            Said("Respingi la richiesta per Heat", title="Heat"),
            Said("Rifiuta la richiesta per The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Approvala"),
            Said("Accettala"),
            Said("Approva questa richiesta"),
        ],
        I.DECLINE_IT: [
            Said("Rifiutala"),
            Said("Respingila"),
            Said("Rifiuta quella richiesta"),
        ],
    },
    near_misses=[
        "Accendi la luce della cucina",
        "Aggiungi il latte alla lista della spesa",
        "Metti in pausa la musica",
        "Che tempo fa oggi?",
        "Quando finisce la partita?",
        "Ho fame",
        "Imposta un timer di 10 minuti",
        "Riproduci l'album Brat di Charli XCX",
        "Perché non trovo il telefono?",
        "Approva la fattura",
    ],
    questions=[
        "Cosa sta scaricando?",
        "Cosa scarica adesso?",
        "I download sono in pausa?",
        "Quanto manca al download di Dune?",
        "C'è Dune nella mia libreria?",
        "Cosa esce questa settimana?",
        "Quali richieste sono in attesa?",
        "La luce della cucina è accesa?",
        "Qual è il limite di velocità?",
    ],
    changes=[
        "Metti in pausa i download",
        "Pausa i download",
        "Aggiungi il film Dune",
        "Scarica la serie Dark",
        "Riprendi i download",
        "Limita i download a 500 kilobyte al secondo",
        "Spegni la luce del soggiorno",
    ],
    spoken={
        "downloads": (
            "Cosa sta scaricando?",
            (
                "2 in download: Dune: Part Two, finisce tra circa 16 minuti; "
                "Shōgun stagione 2 episodio 5, circa 4 minuti. "
                "10 richiedono attenzione: "
            ),
        ),
        "missing": ("Cosa manca?", "Mancano {total} titoli, per esempio "),
        "pause_hour": (
            "Metti in pausa i download per un'ora",
            "Download in pausa per 1 ora.",
        ),
        "pause_night": (
            "Metti in pausa i download per la notte",
            "Download in pausa fino alle 7 del mattino.",
        ),
        "indexers": (
            "Perché non si trova niente?",
            (
                "In Prowlarr alcuni indexer non funzionano (1 su 3): NZBplanet. "
                "Le ricerche proseguono senza di loro finché non tornano a "
                "funzionare."
            ),
        ),
        "album": (
            "Aggiungi l'album GNX di Kendrick Lamar",
            "Ho aggiunto l'album GNX di Kendrick Lamar a Lidarr; lo sto cercando.",
        ),
        "requests": (
            "Quali richieste sono in attesa?",
            (
                "2 richieste sono in attesa di approvazione: Severance stagione 2 "
                "per Sam; Dune: Part Two per Sam."
            ),
        ),
        "decline": (
            "Rifiuta la richiesta per Severance",
            "La richiesta per Severance è rifiutata.",
        ),
    },
    choices=[("la seconda", 2), ("l'ultimo", 3), ("la serie", 2), ("il primo", 1)],
)
