"""French: the instant sentences, their answers and the guard's words."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

# "montre-moi" is also heard as "montre moi".
_SHOW = "(montre-moi|montre moi|montre|affiche-moi|affiche moi|affiche|liste)"
_LIBRARY = "(bibliothèque|collection|médiathèque)"
_DOWNLOADS = "[les|tous les|mes] téléchargements"
_FOR = "(pendant|pour)"
_KINDS = "(épisodes|films|albums|épisodes et films)"

LANGUAGE = Language(
    code="fr",
    locale="fr",
    sentences={
        InstantIntent.DOWNLOADS: [
            (
                "qu'est-ce qui (se télécharge|est en [cours de] téléchargement|"
                "télécharge) [en ce moment|actuellement]"
            ),
            "qu'est-ce que (ça|tu|on) (télécharge|télécharges) [en ce moment]",
            f"{_SHOW} {_DOWNLOADS}",
            "où en sont [les|mes] téléchargements",
            "qu'y a-t-il dans la file [d'attente] [de téléchargement]",
            "(état|statut) des téléchargements",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "combien de temps (reste-t-il|faut-il) pour (télécharger|finir) {title}",
            (
                "dans combien de temps {title} (sera|est) (fini|finie|terminé|terminée|"
                "téléchargé|téléchargée)"
            ),
            (
                "quand [est-ce que] {title} sera (fini|finie|terminé|terminée|"
                "téléchargé|téléchargée)"
            ),
        ],
        InstantIntent.PAUSE: [
            f"(mets|met|mettre) {_DOWNLOADS} en pause [{_FOR} {{minutes}} minute[s]]",
            (
                f"(suspends|suspend|suspendre|pause) {_DOWNLOADS} "
                f"[{_FOR} {{minutes}} minute[s]]"
            ),
            f"(arrête|arrêter) de télécharger [{_FOR} {{minutes}} minute[s]]",
            f"(mets|met|mettre) {_DOWNLOADS} en pause {_FOR} {{hours}} heure[s]",
            f"(suspends|suspend|suspendre|pause) {_DOWNLOADS} {_FOR} {{hours}} heure[s]",
            f"(arrête|arrêter) de télécharger {_FOR} {{hours}} heure[s]",
            f"(mets|met|mettre) {_DOWNLOADS} en pause {{period}}",
            f"(suspends|suspend|suspendre|pause) {_DOWNLOADS} {{period}}",
            "(arrête|arrêter) de télécharger {period}",
        ],
        InstantIntent.RESUME: [
            f"(reprends|reprendre|relance|relancer|redémarre|redémarrer) {_DOWNLOADS}",
            "(reprends|recommence|continue) à télécharger",
            f"(enlève|retire|sors) {_DOWNLOADS} de la pause",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "qu'est-ce qui (sort|passe|arrive) aujourd'hui",
            (
                "(quels|quelles) (épisodes|films|sorties|nouveaux épisodes) "
                "(sortent|sort|arrivent) aujourd'hui"
            ),
            (
                "(y a-t-il|est-ce qu'il y a|il y a) (des|de nouveaux) (épisodes|films|"
                "sorties) aujourd'hui"
            ),
            "(quelles sont|c'est quoi) les sorties (d'aujourd'hui|du jour)",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "qu'est-ce qui (sort|passe|arrive) cette semaine",
            (
                "(quels|quelles) (épisodes|films|albums|sorties|nouveaux épisodes) "
                "(sortent|sort|arrivent) cette semaine"
            ),
            (
                "(y a-t-il|est-ce qu'il y a|il y a) (des|de nouveaux) (épisodes|films|"
                "albums|sorties) cette semaine"
            ),
            "(quelles sont|c'est quoi) les sorties de la semaine",
        ],
        InstantIntent.IN_LIBRARY: [
            f"est-ce que {{title}} est dans ma {_LIBRARY}",
            f"est-ce que j'ai [déjà] {{title}} [dans ma {_LIBRARY}]",
            f"ai-je [déjà] {{title}} [dans ma {_LIBRARY}]",
            f"{{title}} est[-il|-elle] dans ma {_LIBRARY}",
        ],
        InstantIntent.ADD_MOVIE: [
            "(ajoute|télécharge|récupère|demande) [le] film {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(ajoute|télécharge|récupère|demande) [la] série [télé] {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(télécharge|demande) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            "pourquoi (ça|il|elle|on|sonarr|radarr|lidarr|la recherche) ne trouve rien",
            "pourquoi (rien n'est trouvé|les recherches ne trouvent rien)",
            "[est-ce que] [mes|les] indexeurs (fonctionnent|marchent|sont en panne)",
        ],
        InstantIntent.ADD_ALBUM: [
            "(ajoute|télécharge|récupère) (l'album|album) {title} de {artist}",
            "(ajoute|télécharge|récupère) (l'album|album) {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            (
                "(relance|réessaie|réessaye|retente) [les|tous les] téléchargements "
                "(échoués|en échec|ratés)"
            ),
            "(relancer|réessayer) [les|tous les] téléchargements (échoués|en échec)",
        ],
        InstantIntent.SEARCH_MISSING: [
            f"(cherche|recherche|trouve) [tous] [les|mes] {_KINDS} manquants",
            f"lance la recherche des {_KINDS} manquants",
        ],
        InstantIntent.MISSING: [
            "qu'est-ce qui (manque|me manque) [encore]",
            "que me manque-t-il [encore]",
            f"(quels|quelles) {_KINDS} (manquent|me manquent) [encore]",
            f"{_SHOW} [les|mes] {_KINDS} manquants",
        ],
        InstantIntent.REQUESTS: [
            "qu'est-ce qui a été demandé",
            "(quelles|quelles sont les) demandes [sont] en attente",
            f"{_SHOW} les demandes [en attente]",
            (
                "(y a-t-il|est-ce qu'il y a|il y a) [des|de nouvelles] demandes "
                "[en attente]"
            ),
        ],
        InstantIntent.APPROVE_REQUEST: [
            "(approuve|accepte|valide) la demande (de|pour) {title}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            "(refuse|rejette|décline) la demande (de|pour) {title}",
        ],
        InstantIntent.APPROVE_IT: [
            "(approuve|accepte|valide)(-la|-le)",
            "(approuve|accepte|valide) (la|le|cette demande|la demande)",
        ],
        InstantIntent.DECLINE_IT: [
            "(refuse|rejette|décline)(-la|-le)",
            "(refuse|rejette|décline) (la|le|cette demande|la demande)",
        ],
    },
    periods={
        "pendant une heure": 60,
        "pour une heure": 60,
        "une heure": 60,
        "pendant une demi-heure": 30,
        "pour une demi-heure": 30,
        "pendant une journée": 1440,
        "pour la journée": 1440,
        "pour la nuit": UNTIL_MORNING,
        "pendant la nuit": UNTIL_MORNING,
        "cette nuit": UNTIL_MORNING,
        "jusqu'à demain": UNTIL_MORNING,
        "jusqu'à demain matin": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Rien n'est en cours de téléchargement.",
        "paused": "Les téléchargements sont en pause.",
        "downloading_one": "{count} en cours : {items}.",
        "downloading_other": "{count} en cours : {items}.",
        "need_attention_one": "{count} demande votre attention : {items}.",
        "need_attention_other": "{count} demandent votre attention : {items}.",
        "count_queued_one": "{count} en attente",
        "count_queued_other": "{count} en attente",
        "count_paused_one": "{count} en pause",
        "count_paused_other": "{count} en pause",
        "count_importing_one": "{count} en cours d'import",
        "count_importing_other": "{count} en cours d'import",
        "counts": "{counts}.",
        "state_downloading": "en cours",
        "state_stalled": "bloqué",
        "state_warning": "avertissement",
        "state_failed": "échoué",
        "state_queued": "en attente",
        "state_paused": "en pause",
        "state_importing": "en cours d'import",
        "state_completed": "terminé",
        "with_reason": "{name}, {state} : {reason}",
        "reason_none": "Aucune raison donnée",
        "reason_no_peers": "Aucun seed ni pair",
        "reason_client_failed": "Échec dans le client de téléchargement",
        "and_more": "et {count} de plus",
        "at_percent": "{name} à {percent} pour cent",
        "eta_left": "{name}, encore {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Vitesse {speed}.",
        "no_download_named": "Je ne trouve aucun téléchargement nommé {name}.",
        "eta": "{name} en est à {percent} pour cent et devrait être fini dans "
        "{duration}.",
        "eta_unknown": "{name} en est à {percent} pour cent ({state}).",
        "paused_for": "Téléchargements en pause pendant {duration}.",
        "paused_until_morning": "Téléchargements en pause jusqu'à {hour} heures "
        "du matin.",
        "how_long": "Pendant combien de temps ? Dites par exemple : mets les "
        "téléchargements en pause pendant 30 minutes.",
        "nothing_missing": "Il ne manque rien.",
        "nothing_missing_on": "Il ne manque rien sur {names}.",
        "missing_one": "Il manque un élément : {items}.",
        "missing": "Il manque {count} éléments, par exemple {items}.",
        "episode": "{title} saison {season} épisode {episode}",
        "paused_now": "Téléchargements en pause.",
        "resumed": "Téléchargements repris.",
        "no_sabnzbd": "Aucun SABnzbd n'est configuré.",
        "not_reachable": "{names} n'a pas répondu.",
        "not_reachable_many": "{names} n'ont pas répondu.",
        "nothing_today": "Rien ne sort aujourd'hui.",
        "nothing_week": "Rien ne sort cette semaine.",
        "today": "Aujourd'hui : {items}.",
        "week": "Cette semaine : {items}.",
        "movie": "{title} (film)",
        "album": "{title} (album)",
        "day_today": "aujourd'hui",
        "day_tomorrow": "demain",
        "episodes_one": "{title}, {count} épisode",
        "episodes_other": "{title}, {count} épisodes",
        "in_library": "Oui, {title} est dans votre bibliothèque.",
        "in_library_playable": "Oui, {title} est dans votre bibliothèque et sur {servers}.",
        "in_library_no_file": "Oui, {title} est dans votre bibliothèque, mais pas "
        "encore téléchargé.",
        "not_in_library": "Non, {title} n'est pas dans votre bibliothèque.",
        "added": "{title} ajouté.",
        "added_search": "{title} ajouté, la recherche est lancée.",
        "already": "{title} est déjà dans votre bibliothèque.",
        "already_playable": "{title} est déjà dans votre bibliothèque et sur {servers}.",
        "did_you_mean": "Vouliez-vous dire {options} ?",
        "several_match": "Plusieurs correspondent : {options}. Redites-le avec "
        "l'année, par exemple {example}.",
        "or": "ou",
        "not_found": "Je n'ai pas trouvé {title}.",
        "library_unknown": "Je ne peux pas dire si {title} est dans votre "
        "bibliothèque : {names} n'a pas répondu.",
        "no_quality_profile": "{service} n'a aucun profil de qualité pour ajouter "
        "{title}. Ajoutez-en un dans les réglages de {service}.",
        "no_root_folder": "{service} n'a aucun dossier racine pour {title}. "
        "Ajoutez-en un dans la gestion des médias de {service}.",
        "rejected": "{service} a refusé d'ajouter {title} : {message}",
        "no_service_movie": "Aucun Radarr n'est configuré pour les films.",
        "no_service_series": "Aucun Sonarr n'est configuré pour les séries.",
        "no_service": "Ni Sonarr ni Radarr n'est configuré.",
        "unavailable": "{names} n'est pas joignable pour le moment.",
        "unavailable_many": "{names} ne sont pas joignables pour le moment.",
        "hours_one": "{count} heure",
        "hours_other": "{count} heures",
        "minutes_one": "{count} minute",
        "minutes_other": "{count} minutes",
        "under_minute": "moins d'une minute",
        "about": "environ {duration}",
        "and": "et",
        "series_kind": "série",
        "owned": "dans votre bibliothèque",
        "movie_kind": "film",
        "retried_one": "{count} tâche SABnzbd échouée est relancée : {names}.",
        "retried_other": "{count} tâches SABnzbd échouées sont relancées : {names}.",
        "nothing_to_retry": "SABnzbd n'a aucune tâche échouée à relancer.",
        "not_retriable_one": "{count} tâche échouée ne peut pas être relancée.",
        "not_retriable_other": "{count} tâches échouées ne peuvent pas être relancées.",
        "sabnzbd_only": "Seules les tâches de SABnzbd sont relancées ; la "
        "récupération d'AutoArr s'occupe des téléchargements échoués dans Sonarr "
        "et Radarr.",
        "searching_missing": "La recherche des éléments manquants est lancée.",
        "model_unavailable": "Pour l'instant je ne peux répondre qu'aux questions "
        "rapides, car aucun modèle de langage n'est joignable.",
        "confirm_add": "Ajouter {title} ?",
        "confirm_pause": "Mettre tous les téléchargements en pause ?",
        "confirm_pause_for": "Mettre tous les téléchargements en pause pendant "
        "{duration} ?",
        "confirm_pause_until_morning": "Mettre tous les téléchargements en pause "
        "jusqu'à {hour} heures du matin ?",
        "not_confirmed": "D'accord, je n'ai rien changé.",
        "not_allowed": "Désolé, vous n'avez pas le droit de modifier les "
        "téléchargements ou la bibliothèque. Demandez à quelqu'un qui le peut.",
        "model_no_answer": "Désolé, le modèle de langage n'a pas donné de réponse "
        "utilisable. Reposez la question, peut-être autrement.",
        "too_many_rounds": "Désolé, je n'ai pas pu terminer : le modèle de langage "
        "a continué à chercher sans répondre. Reposez la question plus simplement.",
        "still_thinking": "Un instant, s'il vous plaît : le modèle de langage "
        "réfléchit encore.",
        "no_model": "Je ne peux répondre qu'aux questions rapides, comme ce qui se "
        "télécharge ou ce qui sort cette semaine : aucun modèle de langage n'est "
        "configuré pour le reste.",
        "example_movie": "« ajoute le film {title} de {year} »",
        "example_series": "« ajoute la série {title} de {year} »",
        "ready": "{title} est disponible, prêt à regarder.",
        "ready_album": "{album} de {artist} est disponible, prêt à écouter.",
    },
    music={
        "added": "L'album {album} de {artist} est ajouté à {service} ; je le "
        "cherche maintenant.",
        "already_in_library": "L'album {album} de {artist} est déjà dans votre "
        "bibliothèque.",
        "not_found": "Je n'ai pas trouvé l'album {album}{by}.",
        "by": " de {artist}",
        "no_service": "Aucun Lidarr n'est configuré, je ne peux donc pas ajouter "
        "d'albums.",
        "unavailable": "Lidarr ne répond pas pour le moment : {services}.",
    },
    indexers={
        "no_service": "Aucun Prowlarr n'est configuré, je ne peux donc pas "
        "vérifier les indexeurs.",
        "unavailable": "Je ne peux pas le dire : Prowlarr ne répond pas ({services}).",
        "none_enabled": "Prowlarr n'a aucun indexeur activé, les recherches ne "
        "peuvent donc rien trouver.",
        "failing": "Dans Prowlarr, des indexeurs sont en échec ({failing} sur "
        "{enabled}) : {names}. Les recherches se font sans eux jusqu'à leur "
        "retour.",
        "all_working": "Les {enabled} indexeurs de Prowlarr fonctionnent, la "
        "sortie n'est donc probablement pas encore disponible.",
    },
    requests={
        "no_seerr": "Aucun Seerr n'est configuré, il n'y a donc aucune demande.",
        "admin_only": "Désolé, seul un administrateur peut approuver ou refuser "
        "des demandes.",
        "none_pending": "Aucune demande n'attend d'approbation.",
        "pending_one": "{count} demande attend une approbation : {items}.",
        "pending_other": "{count} demandes attendent une approbation : {items}.",
        "item": "{title} pour {who}",
        "item_seasons_one": "{title} saison {seasons} pour {who}",
        "item_seasons_other": "{title} saisons {seasons} pour {who}",
        "more": "et {count} de plus",
        "approved": "La demande pour {title} est approuvée.",
        "declined": "La demande pour {title} est refusée.",
        "not_found": "Aucune demande pour {title} n'attend d'approbation.",
        "ambiguous": "Plusieurs demandes correspondent : {titles}. Laquelle ?",
        "unavailable": "Seerr ne répond pas pour le moment : {names}.",
        "requested_approved": "{title} est demandé ; c'est approuvé et en route.",
        "requested_pending": "{title} est demandé ; la demande attend "
        "l'approbation d'un administrateur.",
        "already_available": "{title} est déjà disponible.",
        "already_requested": "{title} a déjà été demandé.",
        "search_not_found": "Seerr n'a pas trouvé {title}.",
        "did_you_mean": "Vouliez-vous dire {options} ?",
        "rejected": "Seerr a refusé la demande pour {title} : {message}",
        "decision_rejected": "Seerr n'a pas traité la demande pour {title} : {message}",
        "confirm_request": "Dois-je demander {title} ?",
        "which_request": "Quelle demande ? Dites : refuse la demande pour Dune.",
        "title_seasons_one": "{title} saison {seasons}",
        "title_seasons_other": "{title} saisons {seasons}",
    },
    album_by=(" de ", " par "),
    change_words=re.compile(
        # The stack: downloads and the library. Verbs in the imperative and
        # the infinitive only ("est-elle allumée ?", "sont-ils suspendus ?"
        # ask for nothing); "pause" and "télécharge" are also what a
        # question says ("sont-ils en pause ?", "qu'est-ce qui se
        # télécharge ?"): those are left out.
        r"\b((?<!en )pause|mets|met|mettre|mettez|suspends|suspend|suspendre|"
        r"arrête|arrêter|arrêtez|stoppe|stopper|reprends|reprendre|reprenez|"
        r"relance|relancer|redémarre|redémarrer|démarre|démarrer|réessaie|"
        r"réessaye|réessayer|retente|retenter|recommence|recommencer|"
        r"cherche|chercher|recherche|ajoute|ajouter|ajoutez|récupère|"
        r"récupérer|(?<!se )(?<!qui )(?<!ça )(?<!il )(?<!on )télécharge|"
        r"(?<!à )télécharger|téléchargez|veux|voudrais|aimerais|approuve|"
        r"approuver|accepte|accepter|valide|valider|refuse|refuser|rejette|"
        r"rejeter|"
        # The speed limit ("limite les téléchargements"); not the noun of a
        # question ("quelle est la limite ?").
        r"limite[rz]?\s+(?:les|la|le|mes|tous|à)|bride|brider|ralentis|"
        r"ralentir|"
        # The home: Home Assistant's device tools.
        r"allume|allumer|allumez|éteins|éteindre|éteignez|ouvre|ouvrir|"
        r"ouvrez|ferme|fermer|fermez|verrouille|verrouiller|déverrouille|"
        r"déverrouiller|règle|régler|réglez|baisse|baisser|augmente|"
        r"augmenter|diminue|diminuer|monte|monter|active|activer|désactive|"
        r"désactiver|tamise|tamiser|annule|annuler|joue|jouer|lance|lancer|"
        r"coupe|couper|change|changer|modifie|modifier|arme|armer|désarme|"
        r"désarmer)\b",
        re.IGNORECASE,
    ),
    ordinals={
        "premier": 1,
        "premiere": 1,
        "deuxieme": 2,
        "second": 2,
        "seconde": 2,
        "deux": 2,
        "troisieme": 3,
        "trois": 3,
        "quatrieme": 4,
        "quatre": 4,
        "dernier": -1,
        "derniere": -1,
    },
    movie_words=("film", "films"),
    series_words=("serie", "series", "saison", "saisons", "episode", "episodes"),
    season_words=r"saisons?",
    yes_words=(
        r"oui|ouais|d'accord|bien sûr|volontiers|exactement|c'est ça|vas y|"
        r"allez y|s'il te plaît|s'il vous plaît"
    ),
    no_words=r"non|pas|annule|laisse tomber",
)
