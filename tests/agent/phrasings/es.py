"""Spanish phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("¿Qué se está descargando?"),
            Said("¿Qué está descargando ahora mismo?"),
            Said("Muéstrame las descargas"),
            Said("¿Cómo van mis descargas?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("¿Cuánto falta para que se descargue Dune?", title="Dune"),
            Said("¿Cuánto le queda a la descarga de The Bear?", title="The Bear"),
            Said("¿Cuándo termina de descargarse Severance?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pausa las descargas"),
            Said("Pon en pausa todas las descargas durante 20 minutos", minutes=20),
            Said("Deja de descargar durante dos horas", minutes=120),
            Said("Pausa las descargas hasta mañana", until_morning=True),
        ],
        I.RESUME: [
            Said("Reanuda las descargas"),
            Said("Continúa todas las descargas"),
            Said("Vuelve a descargar"),
        ],
        I.UPCOMING_TODAY: [
            Said("¿Qué se estrena hoy?"),
            Said("¿Qué episodios salen hoy?"),
            Said("¿Hay películas nuevas hoy?"),
        ],
        I.UPCOMING_WEEK: [
            Said("¿Qué sale esta semana?"),
            Said("¿Qué estrenos hay esta semana?"),
            Said("¿Hay episodios nuevos esta semana?"),
        ],
        I.IN_LIBRARY: [
            Said("¿Está Dune en mi biblioteca?", title="Dune"),
            Said("¿Tengo Severance en mi colección?", title="Severance"),
            Said("¿Ya tengo The Bear?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Añade la película Dune", title="Dune"),
            Said("Descarga la película Heat", title="Heat"),
            Said("Pide la película Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Añade la serie Dark", title="Dark"),
            Said("Descarga la serie The Bear", title="The Bear"),
            Said("Agrega la serie Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Descarga Dune", title="Dune"),
            Said("Pide Oppenheimer", title="Oppenheimer"),
            Said("Descarga The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Añade el álbum Brat de Charli XCX", title="Brat", artist="Charli XCX"
            ),
            Said("Descarga el disco Renaissance", title="Renaissance"),
            Said(
                "Agrega el álbum Blue de Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("¿Por qué Sonarr no encuentra nada?"),
            Said("¿Por qué no se encuentra nada?"),
            Said("¿Funcionan mis indexadores?"),
        ],
        I.RETRY_FAILED: [
            Said("Reintenta las descargas fallidas"),
            Said("Vuelve a intentar todas las descargas fallidas"),
            Said("Reintentar las descargas fallidas"),
        ],
        I.SEARCH_MISSING: [
            Said("Busca los episodios que faltan"),
            Said("Busca todas las películas pendientes"),
            Said("Busca mis álbumes que faltan"),
        ],
        I.MISSING: [
            Said("¿Qué falta?"),
            Said("¿Qué me falta todavía?"),
            Said("¿Qué películas me faltan?"),
            Said("Muéstrame los episodios que faltan"),
        ],
        I.REQUESTS: [
            Said("¿Qué se ha pedido?"),
            Said("¿Qué solicitudes están pendientes?"),
            Said("¿Hay peticiones nuevas?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Aprueba la solicitud de Dune", title="Dune"),
            Said("Acepta la petición de Heat", title="Heat"),
            Said("Aprueba la solicitud para The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Rechaza la solicitud de Dune", title="Dune"),
            Said("Deniega la petición de Heat", title="Heat"),
            Said("Rechaza la solicitud para The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Apruébala"),
            Said("Acéptala"),
            Said("Aprueba esa solicitud"),
        ],
        I.DECLINE_IT: [
            Said("Recházala"),
            Said("Rechaza esa solicitud"),
            Said("Deniega la petición"),
        ],
    },
    near_misses=[
        "Enciende la luz de la cocina",
        "Añade leche a la lista de la compra",
        "Pausa la música",
        "¿Qué tiempo hace hoy?",
        "¿Cuánto falta para que termine la lavadora?",
        "Tengo frío",
        "Pon un temporizador de 10 minutos",
        "Pon el álbum Brat de Charli XCX",
        "¿Por qué no encuentro mi teléfono?",
        "Aprueba la factura",
    ],
    questions=[
        "¿Qué se está descargando?",
        "¿Cómo van mis descargas?",
        "¿Están las descargas en pausa?",
        "¿Cuánto le queda a la descarga de Dune?",
        "¿Está Dune en mi biblioteca?",
        "¿Qué sale esta semana?",
        "¿Qué se ha pedido?",
        "¿Está encendida la luz de la cocina?",
        "¿Qué se está reproduciendo?",
        "¿Cuál es el límite de velocidad?",
    ],
    changes=[
        "Pausa las descargas",
        "Pon en pausa las descargas",
        "Añade la película Dune",
        "Descarga la serie Dark",
        "Reanuda las descargas",
        "Limita las descargas a 500 kilobytes por segundo",
        "Apaga la luz del salón",
    ],
    spoken={
        "downloads": (
            "¿Qué se está descargando?",
            (
                "2 descargando: Dune: Part Two, termina en aproximadamente 16 "
                "minutos; Shōgun temporada 2 episodio 5, aproximadamente 4 "
                "minutos. 10 necesitan atención: "
            ),
        ),
        "missing": ("¿Qué falta?", "Faltan {total} elementos, por ejemplo "),
        "pause_hour": (
            "Pausa las descargas durante una hora",
            "Descargas en pausa durante 1 hora.",
        ),
        "pause_night": (
            "Pausa las descargas hasta mañana por la mañana",
            "Descargas en pausa hasta las 7 de la mañana.",
        ),
        "indexers": (
            "¿Por qué no se encuentra nada?",
            (
                "En Prowlarr fallan indexadores (1 de 3): NZBplanet. Las "
                "búsquedas siguen sin ellos hasta que vuelvan a funcionar."
            ),
        ),
        "album": (
            "Añade el álbum GNX de Kendrick Lamar",
            (
                "He añadido el álbum GNX de Kendrick Lamar a Lidarr; ya lo "
                "estoy buscando."
            ),
        ),
        "requests": (
            "¿Qué solicitudes están pendientes?",
            (
                "2 solicitudes esperan aprobación: Severance temporada 2 para Sam;"
                " Dune: Part Two para Sam."
            ),
        ),
        "decline": (
            "Rechaza la solicitud de Severance",
            "Solicitud de Severance rechazada.",
        ),
    },
    choices=[("la segunda", 2), ("la última", 3), ("la serie", 2), ("el primero", 1)],
)
