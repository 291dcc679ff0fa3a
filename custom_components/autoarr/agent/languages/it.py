"""Italian: the instant sentences, their answers and the guard's words."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_WHAT = "(cosa|che cosa|che)"
_SHOW = "(mostrami|fammi vedere|mostra)"
_DOWNLOADS = "[i|tutti i|i miei] download"
_PAUSE = "(metti in pausa|sospendi|ferma|pausa)"
_LIBRARY = "(libreria|biblioteca|collezione|raccolta)"
_KINDS = "(episodi|film|album)"

LANGUAGE = Language(
    code="it",
    locale="it",
    sentences={
        InstantIntent.DOWNLOADS: [
            (
                f"{_WHAT} (sta scaricando|si sta scaricando|stai scaricando|stiamo "
                "scaricando) [adesso|ora|in questo momento]"
            ),
            f"{_WHAT} c'è in (download|coda|scaricamento)",
            f"{_SHOW} {_DOWNLOADS}",
            "come (vanno|procedono) [i] [miei] download",
            "stato dei download",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            (
                "quanto (manca|ci vuole) (perché|prima che) {title} (finisca di "
                "scaricare|sia scaricato|sia scaricata)"
            ),
            "quanto manca (al|alla fine del) download di {title}",
            "quando finisce il download di {title}",
            "quando sarà (scaricato|scaricata) {title}",
        ],
        InstantIntent.PAUSE: [
            f"{_PAUSE} {_DOWNLOADS} [per {{minutes}} (minuto|minuti)]",
            "smetti di scaricare [per {minutes} (minuto|minuti)]",
            f"{_PAUSE} {_DOWNLOADS} per {{hours}} (ora|ore)",
            "smetti di scaricare per {hours} (ora|ore)",
            f"{_PAUSE} {_DOWNLOADS} {{period}}",
            "smetti di scaricare {period}",
        ],
        InstantIntent.RESUME: [
            f"(riprendi|riavvia|fai ripartire|fai riprendere) {_DOWNLOADS}",
            "(riprendi|ricomincia) a scaricare",
            "togli la pausa (ai|dai) download",
        ],
        InstantIntent.UPCOMING_TODAY: [
            f"{_WHAT} (esce|va in onda) oggi",
            "(quali|ci sono) [nuovi|nuove] (episodi|film|uscite) [nuovi|nuove] oggi",
            "quali sono le uscite di oggi",
        ],
        InstantIntent.UPCOMING_WEEK: [
            f"{_WHAT} (esce|va in onda) questa settimana",
            (
                "(quali|ci sono) [nuovi|nuove] (episodi|film|album|uscite) "
                "[nuovi|nuove] questa settimana"
            ),
            "quali sono le uscite (della|di questa) settimana",
        ],
        InstantIntent.IN_LIBRARY: [
            f"c'è {{title}} nella mia {_LIBRARY}",
            f"{{title}} è nella mia {_LIBRARY}",
            f"ho già {{title}} [nella mia {_LIBRARY}]",
            f"ho {{title}} nella mia {_LIBRARY}",
        ],
        InstantIntent.ADD_MOVIE: [
            "(aggiungi|scarica|prendi|richiedi) [il] film {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(aggiungi|scarica|prendi|richiedi) [la] serie [tv] {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(scarica|richiedi) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            "perché [sonarr|radarr|lidarr|la ricerca] non trova (niente|nulla)",
            "perché non si trova (niente|nulla)",
            "[i miei|gli] indexer (funzionano|sono giù|non funzionano)",
            "funzionano [i miei|gli] indexer",
        ],
        InstantIntent.ADD_ALBUM: [
            "(aggiungi|scarica|prendi) (l'album|album) {title} di {artist}",
            "(aggiungi|scarica|prendi) (l'album|album) {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "(riprova|ritenta) [i|tutti i] download (falliti|non riusciti)",
            "riavvia [i|tutti i] download falliti",
        ],
        InstantIntent.SEARCH_MISSING: [
            f"cerca [tutti] [gli|i|i miei] {_KINDS} mancanti",
        ],
        InstantIntent.MISSING: [
            f"{_WHAT} (manca|mi manca) [ancora]",
            f"quali {_KINDS} (mancano|mi mancano) [ancora]",
            f"{_SHOW} [gli|i] {_KINDS} mancanti",
        ],
        InstantIntent.REQUESTS: [
            f"{_WHAT} è stato richiesto",
            "quali richieste sono in attesa",
            f"{_SHOW} le richieste [in attesa]",
            "ci sono [nuove] richieste [in attesa]",
        ],
        InstantIntent.APPROVE_REQUEST: [
            "(approva|accetta) la richiesta (di|per) {title}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            "(rifiuta|respingi) la richiesta (di|per) {title}",
        ],
        InstantIntent.APPROVE_IT: [
            "(approvala|approvalo|accettala|accettalo)",
            "(approva|accetta) (questa|quella|la) richiesta",
        ],
        InstantIntent.DECLINE_IT: [
            "(rifiutala|rifiutalo|respingila|respingilo)",
            "(rifiuta|respingi) (questa|quella|la) richiesta",
        ],
    },
    periods={
        "per un'ora": 60,
        "un'ora": 60,
        "per mezz'ora": 30,
        "mezz'ora": 30,
        "per un giorno": 1440,
        "per oggi": 1440,
        "per la notte": UNTIL_MORNING,
        "stanotte": UNTIL_MORNING,
        "fino a domani": UNTIL_MORNING,
        "fino a domani mattina": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Non si sta scaricando niente.",
        "paused": "I download sono in pausa.",
        "downloading_one": "{count} in download: {items}.",
        "downloading_other": "{count} in download: {items}.",
        "need_attention_one": "{count} richiede attenzione: {items}.",
        "need_attention_other": "{count} richiedono attenzione: {items}.",
        "count_queued_one": "{count} in attesa",
        "count_queued_other": "{count} in attesa",
        "count_paused_one": "{count} in pausa",
        "count_paused_other": "{count} in pausa",
        "count_importing_one": "{count} in importazione",
        "count_importing_other": "{count} in importazione",
        "counts": "{counts}.",
        "state_downloading": "in download",
        "state_stalled": "bloccato",
        "state_warning": "avviso",
        "state_failed": "fallito",
        "state_queued": "in attesa",
        "state_paused": "in pausa",
        "state_importing": "in importazione",
        "state_completed": "completato",
        "with_reason": "{name}, {state}: {reason}",
        "reason_none": "Nessun motivo indicato",
        "reason_no_peers": "Nessun seed o peer",
        "reason_client_failed": "Non riuscito nel client di download",
        "and_more": "e altri {count}",
        "at_percent": "{name} al {percent} per cento",
        "eta_left": "{name}, finisce tra {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Velocità {speed}.",
        "no_download_named": "Non trovo nessun download chiamato {name}.",
        "eta": "{name} è al {percent} per cento e dovrebbe finire tra {duration}.",
        "eta_unknown": "{name} è al {percent} per cento ({state}).",
        "paused_for": "Download in pausa per {duration}.",
        "paused_until_morning": "Download in pausa fino alle {hour} del mattino.",
        "how_long": "Per quanto tempo? Di' per esempio: metti in pausa i download "
        "per 30 minuti.",
        "nothing_missing": "Non manca niente.",
        "nothing_missing_on": "Su {names} non manca niente.",
        "missing_one": "Manca un titolo: {items}.",
        "missing": "Mancano {count} titoli, per esempio {items}.",
        "episode": "{title} stagione {season} episodio {episode}",
        "paused_now": "Download in pausa.",
        "resumed": "Download ripresi.",
        "no_sabnzbd": "Non è configurato nessun SABnzbd.",
        "not_reachable": "{names} non ha risposto.",
        "not_reachable_many": "{names} non hanno risposto.",
        "nothing_today": "Oggi non esce niente.",
        "nothing_week": "Questa settimana non esce niente.",
        "today": "Oggi: {items}.",
        "week": "Questa settimana: {items}.",
        "movie": "{title} (film)",
        "album": "{title} (album)",
        "day_today": "oggi",
        "day_tomorrow": "domani",
        "episodes_one": "{title}, {count} episodio",
        "episodes_other": "{title}, {count} episodi",
        "in_library": "Sì, {title} è nella tua libreria.",
        "in_library_playable": "Sì, {title} è nella tua libreria e su {servers}.",
        "in_library_no_file": "Sì, {title} è nella tua libreria, ma non è ancora "
        "stato scaricato.",
        "not_in_library": "No, {title} non è nella tua libreria.",
        "added": "{title} aggiunto.",
        "added_search": "{title} aggiunto; la ricerca è partita.",
        "already": "{title} è già nella tua libreria.",
        "already_playable": "{title} è già nella tua libreria e su {servers}.",
        "did_you_mean": "Intendevi {options}?",
        "several_match": "Ce ne sono diversi: {options}. Ripetilo con l'anno, per "
        "esempio {example}.",
        "or": "o",
        "not_found": "Non ho trovato {title}.",
        "library_unknown": "Non so dire se {title} è nella tua libreria: {names} "
        "non ha risposto.",
        "no_quality_profile": "{service} non ha un profilo di qualità con cui "
        "aggiungere {title}. Creane uno nelle impostazioni di {service}.",
        "no_root_folder": "{service} non ha una cartella principale per {title}. "
        "Creane una nella gestione dei media di {service}.",
        "rejected": "{service} non ha aggiunto {title}: {message}",
        "no_service_movie": "Non è configurato nessun Radarr per i film.",
        "no_service_series": "Non è configurato nessun Sonarr per le serie.",
        "no_service": "Non sono configurati né Sonarr né Radarr.",
        "unavailable": "{names} non è raggiungibile in questo momento.",
        "unavailable_many": "{names} non sono raggiungibili in questo momento.",
        "hours_one": "{count} ora",
        "hours_other": "{count} ore",
        "minutes_one": "{count} minuto",
        "minutes_other": "{count} minuti",
        "under_minute": "meno di un minuto",
        "about": "circa {duration}",
        "and": "e",
        "series_kind": "serie",
        "owned": "nella tua libreria",
        "movie_kind": "film",
        "retried_one": "Riprovo {count} lavoro SABnzbd fallito: {names}.",
        "retried_other": "Riprovo {count} lavori SABnzbd falliti: {names}.",
        "nothing_to_retry": "SABnzbd non ha lavori falliti da riprovare.",
        "not_retriable_one": "{count} lavoro fallito non si può riprovare.",
        "not_retriable_other": "{count} lavori falliti non si possono riprovare.",
        "sabnzbd_only": "Si riprovano solo i lavori di SABnzbd; dei download "
        "falliti in Sonarr e Radarr si occupa il ripristino di AutoArr.",
        "searching_missing": "Sto cercando i titoli mancanti.",
        "model_unavailable": "Per ora posso rispondere solo alle domande rapide, "
        "perché nessun modello linguistico è raggiungibile.",
        "confirm_add": "Aggiungo {title}?",
        "confirm_pause": "Metto in pausa tutti i download?",
        "confirm_pause_for": "Metto in pausa tutti i download per {duration}?",
        "confirm_pause_until_morning": "Metto in pausa tutti i download fino alle "
        "{hour} del mattino?",
        "not_confirmed": "Va bene, non ho cambiato niente.",
        "not_allowed": "Mi dispiace, non puoi modificare i download o la libreria. "
        "Chiedi a qualcuno che può farlo.",
        "model_no_answer": "Mi dispiace, il modello linguistico non ha dato una "
        "risposta utile. Chiedi di nuovo, magari con altre parole.",
        "too_many_rounds": "Mi dispiace, non ci sono riuscito: il modello "
        "linguistico ha continuato a cercare senza rispondere. Chiedi di nuovo, "
        "in modo più semplice.",
        "still_thinking": "Un momento, per favore: il modello linguistico ci sta "
        "ancora pensando.",
        "no_model": "Posso rispondere solo alle domande rapide, come cosa si sta "
        "scaricando o cosa esce questa settimana: per il resto non è configurato "
        "nessun modello linguistico.",
        "example_movie": "«aggiungi il film {title} del {year}»",
        "example_series": "«aggiungi la serie {title} del {year}»",
        "ready": "{title} è disponibile, pronto da guardare.",
        "ready_album": "{album} di {artist} è disponibile, pronto da ascoltare.",
    },
    music={
        "added": "Ho aggiunto l'album {album} di {artist} a {service}; lo sto "
        "cercando.",
        "already_in_library": "L'album {album} di {artist} è già nella tua libreria.",
        "not_found": "Non ho trovato l'album {album}{by}.",
        "by": " di {artist}",
        "no_service": "Non è configurato nessun Lidarr, quindi non posso aggiungere "
        "album.",
        "unavailable": "Lidarr non risponde in questo momento: {services}.",
    },
    indexers={
        "no_service": "Non è configurato nessun Prowlarr, quindi non posso "
        "controllare gli indexer.",
        "unavailable": "Non lo so dire: Prowlarr non risponde ({services}).",
        "none_enabled": "Prowlarr non ha nessun indexer attivo, quindi le ricerche "
        "non trovano niente.",
        "failing": "In Prowlarr alcuni indexer non funzionano ({failing} su "
        "{enabled}): {names}. Le ricerche proseguono senza di loro finché non "
        "tornano a funzionare.",
        "all_working": "Tutti i {enabled} indexer di Prowlarr funzionano, quindi "
        "probabilmente l'uscita non è ancora disponibile.",
    },
    requests={
        "no_seerr": "Non è configurato nessun Seerr, quindi non ci sono richieste.",
        "admin_only": "Mi dispiace, solo un amministratore può approvare o "
        "rifiutare le richieste.",
        "none_pending": "Nessuna richiesta è in attesa di approvazione.",
        "pending_one": "{count} richiesta è in attesa di approvazione: {items}.",
        "pending_other": "{count} richieste sono in attesa di approvazione: {items}.",
        "item": "{title} per {who}",
        "item_seasons_one": "{title} stagione {seasons} per {who}",
        "item_seasons_other": "{title} stagioni {seasons} per {who}",
        "more": "e altre {count}",
        "approved": "La richiesta per {title} è approvata.",
        "declined": "La richiesta per {title} è rifiutata.",
        "not_found": "Nessuna richiesta per {title} è in attesa di approvazione.",
        "ambiguous": "Corrispondono più richieste: {titles}. Quale?",
        "unavailable": "Seerr non risponde in questo momento: {names}.",
        "requested_approved": "{title} richiesto; è approvato e in arrivo.",
        "requested_pending": "{title} richiesto; attende l'approvazione di un "
        "amministratore.",
        "already_available": "{title} è già disponibile.",
        "already_requested": "{title} è già stato richiesto.",
        "search_not_found": "Seerr non ha trovato {title}.",
        "did_you_mean": "Intendevi {options}?",
        "rejected": "Seerr ha rifiutato la richiesta per {title}: {message}",
        "decision_rejected": "Seerr non ha deciso la richiesta per {title}: {message}",
        "confirm_request": "Richiedo {title}?",
        "which_request": "Quale richiesta? Di': rifiuta la richiesta per Dune.",
        "title_seasons_one": "{title} stagione {seasons}",
        "title_seasons_other": "{title} stagioni {seasons}",
    },
    album_by=(" di ",),
    change_words=re.compile(
        # The stack: downloads and the library. Verbs in the imperative and
        # the infinitive only; "pausa" is also what a question says ("sono in
        # pausa?") and "scarica" what it asks ("cosa scarica?").
        r"\b(metti|mettere|(?<!in )pausa|sospendi|sospendere|ferma|fermare|"
        r"smetti|riprendi|riprendere|riavvia|riavviare|ricomincia|riprova|"
        r"ritenta|cerca|cercare|aggiungi|aggiungere|"
        r"(?<!cosa )(?<!che )(?<!si )scarica|scaricare|scaricalo|scaricala|"
        r"prendi|richiedi|voglio|vorrei|approva|approvala|approvalo|accetta|"
        r"accettala|rifiuta|rifiutala|respingi|limita|limitare|rallenta|"
        # The home: Home Assistant's device tools.
        r"accendi|accendere|spegni|spegnere|apri|aprire|chiudi|chiudere|"
        r"blocca|bloccare|sblocca|sbloccare|imposta|impostare|regola|alza|"
        r"abbassa|aumenta|diminuisci|attiva|attivare|disattiva|disattivare|"
        r"annulla|riproduci|suona|cambia|modifica|arma|disarma)\b",
        re.IGNORECASE,
    ),
    ordinals={
        "primo": 1,
        "prima": 1,
        "secondo": 2,
        "seconda": 2,
        "due": 2,
        "terzo": 3,
        "terza": 3,
        "tre": 3,
        "quarto": 4,
        "quarta": 4,
        "quattro": 4,
        "ultimo": -1,
        "ultima": -1,
    },
    movie_words=("film",),
    series_words=("serie", "stagione", "stagioni", "episodio", "episodi"),
    season_words=r"stagion[ei]",
    yes_words=r"sì|si|certo|va bene|d'accordo|fallo|vai|perfetto|esatto",
    no_words=r"no|non|annulla|lascia stare|lascia perdere",
)
