"""Brazilian Portuguese phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("O que está baixando?"),
            Said("O que está sendo baixado agora?"),
            Said("Me mostra os downloads"),
            Said("Como estão meus downloads?"),
        ],
        I.DOWNLOAD_ETA: [
            Said("Quanto tempo falta para baixar Dune?", title="Dune"),
            Said("Quando termina o download de The Bear?", title="The Bear"),
            Said("Quando Severance vai estar baixada?", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pause os downloads"),
            Said("Pausa todos os downloads por 20 minutos", minutes=20),
            Said("Coloca os downloads em pausa por duas horas", minutes=120),
            Said("Pare de baixar até amanhã de manhã", until_morning=True),
        ],
        I.RESUME: [
            Said("Retome os downloads"),
            Said("Continua todos os downloads"),
            Said("Volta a baixar"),
        ],
        I.UPCOMING_TODAY: [
            Said("O que sai hoje?"),
            Said("Tem episódios novos hoje?"),
            Said("Quais são os lançamentos de hoje?"),
        ],
        I.UPCOMING_WEEK: [
            Said("O que estreia esta semana?"),
            Said("Quais filmes essa semana?"),
            Said("Quais são os lançamentos da semana?"),
        ],
        I.IN_LIBRARY: [
            Said("Dune está na minha biblioteca?", title="Dune"),
            Said("Eu já tenho Severance?", title="Severance"),
            Said("Tem The Bear na minha coleção?", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Adicione o filme Dune", title="Dune"),
            Said("Baixa o filme Heat", title="Heat"),
            Said("Pede o filme Oppenheimer", title="Oppenheimer"),
        ],
        I.ADD_SERIES: [
            Said("Adiciona a série Dark", title="Dark"),
            Said("Baixe a série The Bear", title="The Bear"),
            Said("Peça a série Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Baixe Dune", title="Dune"),
            Said("Baixa Oppenheimer", title="Oppenheimer"),
            Said("Baixe The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said(
                "Adicione o álbum Brat da Charli XCX", title="Brat", artist="Charli XCX"
            ),
            Said("Baixa o álbum Renaissance", title="Renaissance"),
            Said(
                "Adiciona o álbum Blue de Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Por que o Sonarr não encontra nada?"),
            Said("Por que nada é encontrado?"),
            Said("Os indexadores estão funcionando?"),
        ],
        I.RETRY_FAILED: [
            Said("Tente os downloads com falha de novo"),
            Said("Tenta de novo todos os downloads que falharam"),
            Said("Refaça os downloads com falha"),
        ],
        I.SEARCH_MISSING: [
            Said("Procure os episódios que faltam"),
            Said("Busca todos os filmes faltando"),
            Said("Procura meus álbuns em falta"),
        ],
        I.MISSING: [
            Said("O que está faltando?"),
            Said("O que me falta ainda?"),
            Said("Quais filmes estão faltando?"),
            Said("Mostra os episódios que faltam"),
        ],
        I.REQUESTS: [
            Said("O que foi pedido?"),
            Said("Quais pedidos estão pendentes?"),
            Said("Tem pedidos novos?"),
        ],
        I.APPROVE_REQUEST: [
            Said("Aprove o pedido de Dune", title="Dune"),
            Said("Aceita a solicitação de Heat", title="Heat"),
            Said("Aprova o pedido para The Bear", title="The Bear"),
        ],
        I.DECLINE_REQUEST: [
            Said("Recuse o pedido de Dune", title="Dune"),
            Said("Rejeita a solicitação de Heat", title="Heat"),
            Said("Recusa o pedido para The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Aprova ele"),
            Said("Aceita isso"),
            Said("Aprove esse pedido"),
        ],
        I.DECLINE_IT: [
            Said("Recusa ele"),
            Said("Rejeita isso"),
            Said("Recuse esse pedido"),
        ],
    },
    near_misses=[
        "Acende a luz da cozinha",
        "Adiciona leite na lista de compras",
        "Pausa a música",
        "Como está o tempo hoje?",
        "Quanto falta para o jantar ficar pronto?",
        "Tenho fome",
        "Coloca um timer de 10 minutos",
        "Toque o álbum Brat da Charli XCX",
        "Por que não acho meu celular?",
        "Aprove a fatura",
    ],
    questions=[
        "O que está baixando?",
        "Os downloads estão pausados?",
        "Os downloads estão em pausa?",
        "Quanto tempo falta para baixar Dune?",
        "Dune está na minha biblioteca?",
        "O que sai esta semana?",
        "Quais pedidos estão pendentes?",
        "A luz da cozinha está acesa?",
        "O que está tocando?",
        "Qual é o limite de velocidade?",
    ],
    changes=[
        "Pause os downloads",
        "Coloca os downloads em pausa",
        "Adicione o filme Dune",
        "Baixa a série Dark",
        "Retome os downloads",
        "Limite os downloads a 500 kilobytes por segundo",
        "Desliga a luz da sala",
    ],
    spoken={
        "downloads": (
            "O que está baixando?",
            (
                "2 baixando: Dune: Part Two, termina em cerca de 16 minutos; "
                "Shōgun temporada 2 episódio 5, cerca de 4 minutos. "
                "10 precisam de atenção: "
            ),
        ),
        "missing": ("O que está faltando?", "Faltam {total} itens, por exemplo "),
        "pause_hour": (
            "Pause os downloads por uma hora",
            "Downloads pausados por 1 hora.",
        ),
        "pause_night": (
            "Pausa os downloads até amanhã de manhã",
            "Downloads pausados até as 7 da manhã.",
        ),
        "indexers": (
            "Por que nada é encontrado?",
            (
                "No Prowlarr há indexadores com falha (1 de 3): NZBplanet. As "
                "buscas seguem sem eles até voltarem a funcionar."
            ),
        ),
        "album": (
            "Adicione o álbum GNX do Kendrick Lamar",
            "Adicionei o álbum GNX de Kendrick Lamar ao Lidarr; já estou buscando.",
        ),
        "requests": (
            "Quais pedidos estão pendentes?",
            (
                "2 pedidos aguardam aprovação: Severance temporada 2 para Sam;"
                " Dune: Part Two para Sam."
            ),
        ),
        "decline": (
            "Recuse o pedido de Severance",
            "O pedido de Severance foi recusado.",
        ),
    },
    choices=[("a segunda", 2), ("o último", 3), ("a série", 2), ("o primeiro", 1)],
)
