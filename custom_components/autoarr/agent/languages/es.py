"""Spanish: the instant sentences, their answers and the guard's words."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_WHAT = "(qué|que)"
_SHOW = "(muéstrame|muestra|enséñame|enseña)"
_DOWNLOADS = "[las|todas las|mis] descargas"
_FOR = "(durante|por)"
_LIBRARY = "en (mi|la|nuestra) (biblioteca|colección|videoteca)"
_KINDS = "(episodios|capítulos|películas|álbumes|discos)"
_REQUESTS = "(solicitudes|peticiones)"
_REQUEST = "(solicitud|petición)"

LANGUAGE = Language(
    code="es",
    locale="es",
    sentences={
        InstantIntent.DOWNLOADS: [
            f"{_WHAT} se está descargando [ahora|ahora mismo|en este momento]",
            f"{_WHAT} (está|estás) descargando [ahora|ahora mismo|en este momento]",
            f"{_SHOW} {_DOWNLOADS}",
            "(cómo|como) (van|están|va) [las|mis] descargas",
            f"{_WHAT} hay en la cola [de descargas|de descarga]",
            "estado de [las] descargas",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            (
                "cuánto (falta|queda) para que (se descargue|termine de descargarse) "
                "{title}"
            ),
            "cuánto (le falta|le queda) a la descarga de {title}",
            (
                "cuándo (termina|terminará|acaba|acabará) (la descarga de|de "
                "descargarse) {title}"
            ),
            "cuándo estará (descargado|descargada) {title}",
        ],
        InstantIntent.PAUSE: [
            (
                f"(pausa|pon en pausa|detén|deten) {_DOWNLOADS} "
                f"[{_FOR} {{minutes}} minuto[s]]"
            ),
            f"deja de descargar [{_FOR} {{minutes}} minuto[s]]",
            f"(pausa|pon en pausa|detén|deten) {_DOWNLOADS} {_FOR} {{hours}} hora[s]",
            f"deja de descargar {_FOR} {{hours}} hora[s]",
            f"(pausa|pon en pausa|detén|deten) {_DOWNLOADS} {{period}}",
            "deja de descargar {period}",
        ],
        InstantIntent.RESUME: [
            f"(reanuda|continúa|continua) {_DOWNLOADS}",
            "vuelve a descargar",
            f"(vuelve a activar|reactiva) {_DOWNLOADS}",
            "quita la pausa (de|a) [las|mis] descargas",
        ],
        InstantIntent.UPCOMING_TODAY: [
            f"{_WHAT} (sale|se estrena|estrenan) hoy",
            f"{_WHAT} (episodios|películas|estrenos) (salen|se estrenan|hay) hoy",
            "hay (episodios|películas|estrenos) [nuevos|nuevas] hoy",
        ],
        InstantIntent.UPCOMING_WEEK: [
            f"{_WHAT} (sale|se estrena|estrenan) esta semana",
            (
                f"{_WHAT} (episodios|películas|álbumes|discos|estrenos) (salen|se "
                "estrenan|hay) esta semana"
            ),
            "hay (episodios|películas|álbumes|estrenos) [nuevos|nuevas] esta semana",
        ],
        InstantIntent.IN_LIBRARY: [
            f"está {{title}} {_LIBRARY}",
            f"{{title}} está {_LIBRARY}",
            f"(tengo|tenemos) [ya] {{title}} {_LIBRARY}",
            "ya (tengo|tenemos) {title}",
        ],
        InstantIntent.ADD_MOVIE: [
            "(añade|agrega|descarga|baja|pide) [la] película {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(añade|agrega|descarga|baja|pide) [la] serie {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(descarga|pide) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            (
                "por qué [sonarr|radarr|lidarr|la búsqueda] no (encuentra|encuentras|"
                "encuentran) nada"
            ),
            "por qué no se encuentra nada",
            "(funcionan|fallan) [mis|los] indexadores",
            "[mis|los] indexadores (funcionan|fallan|están caídos)",
        ],
        InstantIntent.ADD_ALBUM: [
            "(añade|agrega|descarga|baja) [el] (álbum|disco) {title} de {artist}",
            "(añade|agrega|descarga|baja) [el] (álbum|disco) {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "(reintenta|vuelve a intentar|reinicia) [las|todas las] descargas fallidas",
            "reintentar [las] descargas fallidas",
        ],
        InstantIntent.SEARCH_MISSING: [
            (
                f"busca [los|las|todos los|todas las|mis] {_KINDS} (que faltan|"
                "pendientes|faltantes)"
            ),
        ],
        InstantIntent.MISSING: [
            f"{_WHAT} (falta|me falta|nos falta) [todavía|aún]",
            f"{_WHAT} {_KINDS} (faltan|me faltan|nos faltan) [todavía|aún]",
            f"{_SHOW} [los|las] {_KINDS} (que faltan|pendientes|faltantes)",
        ],
        InstantIntent.REQUESTS: [
            f"{_WHAT} se ha (pedido|solicitado)",
            f"{_WHAT} {_REQUESTS} (hay|están) pendientes",
            f"{_SHOW} las {_REQUESTS} [pendientes]",
            f"hay {_REQUESTS} [nuevas|pendientes]",
        ],
        InstantIntent.APPROVE_REQUEST: [
            f"(aprueba|acepta) la {_REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            f"(rechaza|deniega) la {_REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.APPROVE_IT: [
            "(apruébala|apruébalo|acéptala|acéptalo)",
            f"(aprueba|acepta) (esa|esta|la) {_REQUEST}",
        ],
        InstantIntent.DECLINE_IT: [
            "(recházala|recházalo|deniégala|deniégalo)",
            f"(rechaza|deniega) (esa|esta|la) {_REQUEST}",
        ],
    },
    periods={
        "durante una hora": 60,
        "por una hora": 60,
        "una hora": 60,
        "durante media hora": 30,
        "por media hora": 30,
        "media hora": 30,
        "durante un día": 1440,
        "por hoy": 1440,
        "durante la noche": UNTIL_MORNING,
        "toda la noche": UNTIL_MORNING,
        "esta noche": UNTIL_MORNING,
        "hasta mañana": UNTIL_MORNING,
        "hasta mañana por la mañana": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "No se está descargando nada.",
        "paused": "Las descargas están en pausa.",
        "downloading_one": "{count} descargando: {items}.",
        "downloading_other": "{count} descargando: {items}.",
        "need_attention_one": "{count} necesita atención: {items}.",
        "need_attention_other": "{count} necesitan atención: {items}.",
        "count_queued_one": "{count} en espera",
        "count_queued_other": "{count} en espera",
        "count_paused_one": "{count} en pausa",
        "count_paused_other": "{count} en pausa",
        "count_importing_one": "{count} importándose",
        "count_importing_other": "{count} importándose",
        "counts": "{counts}.",
        "state_downloading": "descargando",
        "state_stalled": "atascada",
        "state_warning": "aviso",
        "state_failed": "fallida",
        "state_queued": "en espera",
        "state_paused": "en pausa",
        "state_importing": "importándose",
        "state_completed": "completada",
        "with_reason": "{name}, {state}: {reason}",
        "reason_none": "Sin motivo indicado",
        "reason_no_peers": "Sin seeds ni peers",
        "reason_client_failed": "Falló en el cliente de descargas",
        "and_more": "y {count} más",
        "at_percent": "{name} al {percent} por ciento",
        "eta_left": "{name}, termina en {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Velocidad {speed}.",
        "no_download_named": "No encuentro ninguna descarga llamada {name}.",
        "eta": "{name} va por el {percent} por ciento y debería terminar en "
        "{duration}.",
        "eta_unknown": "{name} va por el {percent} por ciento ({state}).",
        "paused_for": "Descargas en pausa durante {duration}.",
        "paused_until_morning": "Descargas en pausa hasta las {hour} de la mañana.",
        "how_long": "¿Durante cuánto tiempo? Di por ejemplo: pausa las descargas "
        "durante 30 minutos.",
        "nothing_missing": "No falta nada.",
        "nothing_missing_on": "No falta nada en {names}.",
        "missing_one": "Falta un elemento: {items}.",
        "missing": "Faltan {count} elementos, por ejemplo {items}.",
        "episode": "{title} temporada {season} episodio {episode}",
        "paused_now": "Descargas en pausa.",
        "resumed": "Descargas reanudadas.",
        "no_sabnzbd": "No hay ningún SABnzbd configurado.",
        "not_reachable": "{names} no ha respondido.",
        "not_reachable_many": "{names} no han respondido.",
        "nothing_today": "Hoy no sale nada.",
        "nothing_week": "Esta semana no sale nada.",
        "today": "Hoy: {items}.",
        "week": "Esta semana: {items}.",
        "movie": "{title} (película)",
        "album": "{title} (álbum)",
        "day_today": "hoy",
        "day_tomorrow": "mañana",
        "episodes_one": "{title}, {count} episodio",
        "episodes_other": "{title}, {count} episodios",
        "in_library": "Sí, {title} está en tu biblioteca.",
        "in_library_playable": "Sí, {title} está en tu biblioteca y en {servers}.",
        "in_library_no_file": "Sí, {title} está en tu biblioteca, pero aún no se "
        "ha descargado.",
        "not_in_library": "No, {title} no está en tu biblioteca.",
        "added": "{title} añadido.",
        "added_search": "{title} añadido; ya se está buscando.",
        "already": "{title} ya está en tu biblioteca.",
        "already_playable": "{title} ya está en tu biblioteca y en {servers}.",
        "did_you_mean": "¿Te refieres a {options}?",
        "several_match": "Hay varias coincidencias: {options}. Dilo otra vez con "
        "el año, por ejemplo {example}.",
        "or": "o",
        "not_found": "No he encontrado {title}.",
        "library_unknown": "No sé si {title} está en tu biblioteca: {names} no ha "
        "respondido.",
        "no_quality_profile": "{service} no tiene ningún perfil de calidad para "
        "añadir {title}. Crea uno en los ajustes de {service}.",
        "no_root_folder": "{service} no tiene ninguna carpeta raíz para {title}. "
        "Crea una en la gestión de medios de {service}.",
        "rejected": "{service} no ha querido añadir {title}: {message}",
        "no_service_movie": "No hay ningún Radarr configurado para películas.",
        "no_service_series": "No hay ningún Sonarr configurado para series.",
        "no_service": "No hay ni Sonarr ni Radarr configurado.",
        "unavailable": "{names} no está disponible ahora mismo.",
        "unavailable_many": "{names} no están disponibles ahora mismo.",
        "hours_one": "{count} hora",
        "hours_other": "{count} horas",
        "minutes_one": "{count} minuto",
        "minutes_other": "{count} minutos",
        "under_minute": "menos de un minuto",
        "about": "aproximadamente {duration}",
        "and": "y",
        "series_kind": "serie",
        "owned": "en tu biblioteca",
        "movie_kind": "película",
        "retried_one": "Se reintenta {count} tarea fallida de SABnzbd: {names}.",
        "retried_other": "Se reintentan {count} tareas fallidas de SABnzbd: {names}.",
        "nothing_to_retry": "SABnzbd no tiene ninguna tarea fallida que reintentar.",
        "not_retriable_one": "{count} tarea fallida no se puede reintentar.",
        "not_retriable_other": "{count} tareas fallidas no se pueden reintentar.",
        "sabnzbd_only": "Solo se reintentan las tareas de SABnzbd; de las descargas "
        "fallidas de Sonarr y Radarr se ocupa la recuperación de AutoArr.",
        "searching_missing": "Buscando los elementos que faltan.",
        "model_unavailable": "Ahora solo puedo responder a las preguntas rápidas, "
        "porque no hay ningún modelo de lenguaje disponible.",
        "confirm_add": "¿Añado {title}?",
        "confirm_pause": "¿Pauso todas las descargas?",
        "confirm_pause_for": "¿Pauso todas las descargas durante {duration}?",
        "confirm_pause_until_morning": "¿Pauso todas las descargas hasta las "
        "{hour} de la mañana?",
        "not_confirmed": "Vale, lo he dejado todo como estaba.",
        "not_allowed": "Lo siento, no tienes permiso para cambiar las descargas "
        "ni la biblioteca. Pídeselo a alguien que pueda.",
        "model_no_answer": "Lo siento, el modelo de lenguaje no ha dado una "
        "respuesta útil. Vuelve a preguntar, quizá con otras palabras.",
        "too_many_rounds": "Lo siento, no he podido terminar: el modelo de lenguaje "
        "seguía consultando sin responder. Vuelve a preguntar de forma más "
        "sencilla.",
        "still_thinking": "Un momento, por favor: el modelo de lenguaje todavía lo "
        "está pensando.",
        "no_model": "Solo puedo responder a las preguntas rápidas, como qué se está "
        "descargando o qué sale esta semana: no hay ningún modelo de lenguaje "
        "configurado para lo demás.",
        "example_movie": "«añade la película {title} de {year}»",
        "example_series": "«añade la serie {title} de {year}»",
        "ready": "{title} ya está disponible para ver.",
        "ready_album": "{album} de {artist} ya está disponible para escuchar.",
    },
    music={
        "added": "He añadido el álbum {album} de {artist} a {service}; ya lo "
        "estoy buscando.",
        "already_in_library": "El álbum {album} de {artist} ya está en tu biblioteca.",
        "not_found": "No he encontrado el álbum {album}{by}.",
        "by": " de {artist}",
        "no_service": "No hay ningún Lidarr configurado, así que no puedo añadir "
        "álbumes.",
        "unavailable": "Lidarr no responde ahora mismo: {services}.",
    },
    indexers={
        "no_service": "No hay ningún Prowlarr configurado, así que no puedo "
        "comprobar los indexadores.",
        "unavailable": "No lo sé: Prowlarr no responde ({services}).",
        "none_enabled": "Prowlarr no tiene ningún indexador activo, así que las "
        "búsquedas no pueden encontrar nada.",
        "failing": "En Prowlarr fallan indexadores ({failing} de {enabled}): "
        "{names}. Las búsquedas siguen sin ellos hasta que vuelvan a funcionar.",
        "all_working": "Los {enabled} indexadores de Prowlarr funcionan, así que "
        "probablemente aún no ha salido.",
    },
    requests={
        "no_seerr": "No hay ningún Seerr configurado, así que no hay solicitudes.",
        "admin_only": "Lo siento, solo un administrador puede aprobar o rechazar "
        "solicitudes.",
        "none_pending": "No hay ninguna solicitud pendiente de aprobación.",
        "pending_one": "{count} solicitud espera aprobación: {items}.",
        "pending_other": "{count} solicitudes esperan aprobación: {items}.",
        "item": "{title} para {who}",
        "item_seasons_one": "{title} temporada {seasons} para {who}",
        "item_seasons_other": "{title} temporadas {seasons} para {who}",
        "more": "y {count} más",
        "approved": "Solicitud de {title} aprobada.",
        "declined": "Solicitud de {title} rechazada.",
        "not_found": "No hay ninguna solicitud de {title} pendiente de aprobación.",
        "ambiguous": "Coinciden varias solicitudes: {titles}. ¿Cuál?",
        "unavailable": "Seerr no responde ahora mismo: {names}.",
        "requested_approved": "{title} solicitado; está aprobado y en camino.",
        "requested_pending": "{title} solicitado; espera la aprobación de un "
        "administrador.",
        "already_available": "{title} ya está disponible.",
        "already_requested": "{title} ya se ha solicitado.",
        "search_not_found": "Seerr no ha encontrado {title}.",
        "did_you_mean": "¿Te refieres a {options}?",
        "rejected": "Seerr ha rechazado la solicitud de {title}: {message}",
        "decision_rejected": "Seerr no ha resuelto la solicitud de {title}: {message}",
        "confirm_request": "¿Solicito {title}?",
        "which_request": "¿Qué solicitud? Di: rechaza la solicitud de Dune.",
        "title_seasons_one": "{title} temporada {seasons}",
        "title_seasons_other": "{title} temporadas {seasons}",
    },
    album_by=(" de ",),
    change_words=re.compile(
        # The stack: downloads and the library. Verbs in the imperative and
        # the infinitive only: "¿está apagada?", "¿qué se está reproduciendo?"
        # and "la descarga de Dune" ask for nothing.
        r"\b((?<!en )pausa|pausar|pon|poner|detén|deten|detener|deja de|"
        r"reanuda|reanudar|continúa|continua|reactiva|reactivar|vuelve a|"
        r"reintenta|reintentar|reinicia|reiniciar|busca|buscar|añade|añadir|"
        r"añádela|añádelo|agrega|agregar|"
        r"(?<!la )(?<!una )(?<!cada )descarga|descargar|descárgala|descárgalo|"
        r"baja|bajar|pide|pedir|quiero|quisiera|aprueba|aprobar|apruébala|"
        r"apruébalo|acepta|aceptar|acéptala|acéptalo|rechaza|rechazar|"
        r"recházala|recházalo|deniega|denegar|"
        # The speed limit ("limita las descargas"); not the noun of a
        # question ("¿cuál es el límite?").
        r"limita|limitar|frena|frenar|"
        # The home: Home Assistant's device tools.
        r"enciende|encender|enciéndela|enciéndelo|apaga|apagar|apágala|"
        r"apágalo|abre|abrir|cierra|cerrar|bloquea|bloquear|desbloquea|"
        r"desbloquear|ajusta|ajustar|sube|subir|aumenta|aumentar|disminuye|"
        r"disminuir|reduce|reducir|activa|activar|desactiva|desactivar|"
        r"cancela|cancelar|reproduce|reproducir|silencia|silenciar|cambia|"
        r"cambiar|atenúa|atenuar|arma|armar|desarma|desarmar)\b",
        re.IGNORECASE,
    ),
    ordinals={
        "primero": 1,
        "primera": 1,
        "segundo": 2,
        "segunda": 2,
        "dos": 2,
        "tercero": 3,
        "tercera": 3,
        "tercer": 3,
        "tres": 3,
        "cuarto": 4,
        "cuarta": 4,
        "cuatro": 4,
        "ultimo": -1,
        "ultima": -1,
    },
    movie_words=("pelicula", "peliculas", "peli"),
    series_words=(
        "serie",
        "series",
        "temporada",
        "temporadas",
        "episodio",
        "episodios",
    ),
    season_words=r"temporadas?",
    yes_words=r"sí|si|claro|vale|dale|por supuesto|de acuerdo|hazlo|adelante|venga",
    no_words=r"no|cancela|déjalo|mejor no",
)
