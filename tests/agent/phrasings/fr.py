"""French phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("Qu'est-ce qui se télécharge ?"),
            Said("Qu'est-ce qui est en cours de téléchargement en ce moment ?"),
            Said("Montre-moi les téléchargements"),
            Said("Où en sont mes téléchargements ?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Combien de temps reste-t-il pour télécharger Dune ?", title="Dune"),
            Said("Dans combien de temps The Bear sera terminé ?", title="The Bear"),
            Said("Quand est-ce que Severance sera fini ?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Mets les téléchargements en pause"),
            Said("Suspends tous les téléchargements pendant 20 minutes", minutes=20),
            Said("Mets les téléchargements en pause pendant deux heures", minutes=120),
            Said("Pause les téléchargements pour la nuit", until_morning=True),
            Said("Arrête de télécharger jusqu'à demain matin", until_morning=True),
        ],
        I.RESUME: [
            Said("Reprends les téléchargements"),
            Said("Relance tous les téléchargements"),
            Said("Recommence à télécharger"),
        ],
        I.UPCOMING_TODAY: [
            Said("Qu'est-ce qui sort aujourd'hui ?"),
            Said("Quels épisodes sortent aujourd'hui ?"),
            Said("Y a-t-il de nouveaux épisodes aujourd'hui ?"),
        ],
        I.UPCOMING_WEEK: [
            Said("Qu'est-ce qui sort cette semaine ?"),
            Said("Quels films sortent cette semaine ?"),
            Said("C'est quoi les sorties de la semaine ?"),
        ],
        I.IN_LIBRARY: [
            Said("Est-ce que Dune est dans ma bibliothèque ?", title="Dune"),
            Said("Est-ce que j'ai déjà Severance ?", title="Severance"),
            Said("Ai-je The Bear dans ma collection ?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Ajoute le film Dune", title="Dune"),
            Said("Télécharge le film Heat", title="Heat"),
            Said("Récupère le film Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Ajoute la série Dark", title="Dark"),
            Said("Télécharge la série The Bear", title="The Bear"),
            Said("Demande la série Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Télécharge Dune", title="Dune"),
            Said("Demande Oppenheimer", title="Oppenheimer"),
            Said("Télécharge The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Ajoute l'album Brat de Charli XCX", title="Brat", artist="Charli XCX"
            ),
            Said("Télécharge l'album Renaissance", title="Renaissance"),
            Said(
                "Récupère l'album Blue de Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Pourquoi Sonarr ne trouve rien ?"),
            Said("Pourquoi ça ne trouve rien ?"),
            Said("Est-ce que mes indexeurs fonctionnent ?"),
        ],
        I.RETRY_FAILED: [
            Said("Relance les téléchargements échoués"),
            Said("Réessaie tous les téléchargements en échec"),
            Said("Retente les téléchargements ratés"),
        ],
        I.SEARCH_MISSING: [
            Said("Cherche les épisodes manquants"),
            Said("Recherche tous les films manquants"),
            Said("Lance la recherche des albums manquants"),
        ],
        I.MISSING: [
            Said("Qu'est-ce qui manque ?"),
            Said("Qu'est-ce qui me manque encore ?"),
            Said("Quels épisodes me manquent ?"),
            Said("Montre-moi les films manquants"),
        ],
        I.REQUESTS: [
            Said("Qu'est-ce qui a été demandé ?"),
            Said("Quelles demandes sont en attente ?"),
            Said("Y a-t-il de nouvelles demandes ?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Approuve la demande pour Dune", title="Dune"),
            Said("Accepte la demande de Heat", title="Heat"),
            Said("Valide la demande pour The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Refuse la demande pour Dune", title="Dune"),
            Said("Rejette la demande de Heat", title="Heat"),
            Said("Refuse la demande de The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Approuve-la"),
            Said("Accepte-la"),
            Said("Valide cette demande"),
        ],
        I.DECLINE_IT: [
            Said("Refuse-la"),
            Said("Rejette-la"),
            Said("Refuse cette demande"),
        ],
    },
    near_misses=[
        "Allume la lumière de la cuisine",
        "Ajoute du lait à la liste de courses",
        "Mets la musique en pause",
        "Quel temps fait-il aujourd'hui ?",
        "Combien de temps pour cuire des pâtes ?",
        "Qu'est-ce qui passe à la télé ce soir ?",
        "Mets un minuteur de 10 minutes",
        "Joue l'album Brat de Charli XCX",
        "Pourquoi je ne trouve pas mon téléphone ?",
        "Approuve la facture",
    ],
    questions=[
        "Qu'est-ce qui se télécharge ?",
        "Qu'est-ce que ça télécharge en ce moment ?",
        "Est-ce que les téléchargements sont en pause ?",
        "Où en sont mes téléchargements ?",
        "Est-ce que j'ai Dune ?",
        "Qu'est-ce qui sort cette semaine ?",
        "Qu'est-ce qui a été demandé ?",
        "Quelles demandes sont en attente ?",
        "Quelle est la limite de vitesse ?",
        "La lumière du salon est-elle allumée ?",
        "Les téléchargements sont-ils suspendus ?",
        "Est-ce que Dune a été ajouté ?",
    ],
    changes=[
        "Mets les téléchargements en pause",
        "Pause les téléchargements",
        "Suspends les téléchargements",
        "Ajoute le film Dune",
        "Télécharge la série Dark",
        "Reprends les téléchargements",
        "Limite les téléchargements à 500 kilo-octets par seconde",
        "Éteins la lumière du salon",
    ],
    spoken={
        "downloads": (
            "Qu'est-ce qui se télécharge ?",
            (
                "2 en cours : Dune: Part Two, encore environ 16 minutes; "
                "Shōgun saison 2 épisode 5, environ 4 minutes. "
                "10 demandent votre attention : "
            ),
        ),
        "missing": (
            "Qu'est-ce qui manque ?",
            "Il manque {total} éléments, par exemple ",
        ),
        "pause_hour": (
            "Mets les téléchargements en pause pendant une heure",
            "Téléchargements en pause pendant 1 heure.",
        ),
        "pause_night": (
            "Mets les téléchargements en pause pour la nuit",
            "Téléchargements en pause jusqu'à 7 heures du matin.",
        ),
        "indexers": (
            "Pourquoi ça ne trouve rien ?",
            (
                "Dans Prowlarr, des indexeurs sont en échec (1 sur 3) : NZBplanet. "
                "Les recherches se font sans eux jusqu'à leur retour."
            ),
        ),
        "album": (
            "Ajoute l'album GNX de Kendrick Lamar",
            (
                "L'album GNX de Kendrick Lamar est ajouté à Lidarr ; "
                "je le cherche maintenant."
            ),
        ),
        "requests": (
            "Quelles demandes sont en attente ?",
            (
                "2 demandes attendent une approbation : Severance saison 2 pour Sam;"
                " Dune: Part Two pour Sam."
            ),
        ),
        "decline": (
            "Refuse la demande pour Severance",
            "La demande pour Severance est refusée.",
        ),
    },
    choices=[("la deuxième", 2), ("le dernier", 3), ("la série", 2), ("le premier", 1)],
)
