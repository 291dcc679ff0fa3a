"""European Portuguese phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("O que está a descarregar?"),
            Said("O que se está a transferir neste momento?"),
            Said("Mostra-me as transferências"),
            Said("Como estão as minhas transferências?"),
        ],
        I.DOWNLOAD_ETA: [
            Said(
                "Quanto tempo falta para terminar a transferência de Dune?",
                title="Dune",
            ),
            Said("Quando acaba o download de The Bear?", title="The Bear"),
            Said("Quando fica descarregada Severance?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pausa as transferências"),
            Said("Suspende todas as transferências durante 20 minutos", minutes=20),
            Said("Põe os downloads em pausa durante duas horas", minutes=120),
            Said("Para de descarregar até amanhã de manhã", until_morning=True),
        ],
        I.RESUME: [
            Said("Retoma as transferências"),
            Said("Continua todos os downloads"),
            Said("Volta a descarregar"),
        ],
        I.UPCOMING_TODAY: [
            Said("O que sai hoje?"),
            Said("Há episódios novos hoje?"),
            Said("Quais são as estreias de hoje?"),
        ],
        I.UPCOMING_WEEK: [
            Said("O que estreia esta semana?"),
            Said("Quais filmes esta semana?"),
            Said("Há álbuns novos esta semana?"),
        ],
        I.IN_LIBRARY: [
            Said("Dune está na minha biblioteca?", title="Dune"),
            Said("Já tenho Severance?", title="Severance"),
            Said("Tenho The Bear na minha coleção?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Adiciona o filme Dune", title="Dune"),
            Said("Descarrega o filme Heat", title="Heat"),
            Said("Pede o filme Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Adiciona a série Dark", title="Dark"),
            Said("Descarrega a série The Bear", title="The Bear"),
            Said("Peça a série Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Descarrega Dune", title="Dune"),
            Said("Transfere Oppenheimer", title="Oppenheimer"),
            Said("Descarrega The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Adiciona o álbum Brat da Charli XCX", title="Brat", artist="Charli XCX"
            ),
            Said("Descarrega o álbum Renaissance", title="Renaissance"),
            Said(
                "Adiciona o álbum Blue de Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Porque é que o Sonarr não encontra nada?"),
            Said("Porque é que não se encontra nada?"),
            Said("Os indexadores estão a funcionar?"),
        ],
        I.RETRY_FAILED: [
            Said("Tenta outra vez as transferências falhadas"),
            Said("Repete todas as transferências que falharam"),
            Said("Tenta de novo as transferências falhadas"),
        ],
        I.SEARCH_MISSING: [
            Said("Procura os episódios em falta"),
            Said("Procura todos os filmes que faltam"),
            Said("Procure os meus álbuns em falta"),
        ],
        I.MISSING: [
            Said("O que falta?"),
            Said("O que está em falta ainda?"),
            Said("Quais filmes me faltam?"),
            Said("Mostra-me os episódios em falta"),
        ],
        I.REQUESTS: [
            Said("O que foi pedido?"),
            Said("Quais pedidos estão pendentes?"),
            Said("Há pedidos novos?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Aprova o pedido de Dune", title="Dune"),
            Said("Aceita a solicitação de Heat", title="Heat"),
            Said("Aprove o pedido para The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Recusa o pedido de Dune", title="Dune"),
            Said("Rejeita a solicitação de Heat", title="Heat"),
            Said("Recuse o pedido para The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [Said("Aprova-o"), Said("Aceita-o"), Said("Aprova esse pedido")],
        I.DECLINE_IT: [Said("Recusa-o"), Said("Rejeita-a"), Said("Recusa esse pedido")],
    },
    near_misses=[
        "Acende a luz da cozinha",
        "Adiciona leite à lista de compras",
        "Pausa a música",
        "Como está o tempo hoje?",
        "Quanto tempo falta para o jantar?",
        "Tenho fome",
        "Põe um temporizador de 10 minutos",
        "Toca o álbum Brat da Charli XCX",
        "Porque é que não encontro o telemóvel?",
        "Aprova a fatura",
    ],
    questions=[
        "O que está a descarregar?",
        "O que se está a transferir?",
        "As transferências estão em pausa?",
        "Quanto tempo falta para terminar a transferência de Dune?",
        "Dune está na minha biblioteca?",
        "O que sai esta semana?",
        "Quais pedidos estão pendentes?",
        "A luz da cozinha está acesa?",
        "Qual é o limite de velocidade?",
    ],
    changes=[
        "Pausa as transferências",
        "Põe as transferências em pausa",
        "Adiciona o filme Dune",
        "Descarrega a série Dark",
        "Retoma as transferências",
        "Limita as transferências a 500 kilobytes por segundo",
        "Desliga a luz da sala",
    ],
    spoken={
        "downloads": (
            "O que está a descarregar?",
            (
                "2 a transferir: Dune: Part Two, termina em cerca de 16 minutos; "
                "Shōgun temporada 2 episódio 5, cerca de 4 minutos. "
                "10 precisam de atenção: "
            ),
        ),
        "missing": ("O que falta?", "Faltam {total} itens, por exemplo "),
        "pause_hour": (
            "Pausa as transferências durante uma hora",
            "Transferências em pausa durante 1 hora.",
        ),
        "pause_night": (
            "Põe as transferências em pausa até amanhã de manhã",
            "Transferências em pausa até às 7 da manhã.",
        ),
        "indexers": (
            "Porque é que não se encontra nada?",
            (
                "No Prowlarr há indexadores com falha (1 de 3): NZBplanet. As "
                "pesquisas seguem sem eles até voltarem a funcionar."
            ),
        ),
        "album": (
            "Adiciona o álbum GNX do Kendrick Lamar",
            (
                "Adicionei o álbum GNX de Kendrick Lamar ao Lidarr; já o estou a "
                "procurar."
            ),
        ),
        "requests": (
            "Quais pedidos estão pendentes?",
            (
                "2 pedidos aguardam aprovação: Severance temporada 2 para Sam;"
                " Dune: Part Two para Sam."
            ),
        ),
        "decline": (
            "Recusa o pedido de Severance",
            "O pedido de Severance foi recusado.",
        ),
    },
    choices=[("a segunda", 2), ("o último", 3), ("a série", 2), ("o primeiro", 1)],
)
