"""Brazilian Portuguese: what it says otherwise than Portugal's (`pt.py`).

Brazil says "baixar" where Portugal says "descarregar" or "transferir", and
"está baixando" where Portugal says "está a descarregar": the sentences, the
pause lengths with "por", and the answers that use those words are Brazil's
own here; every other answer, the ordinals and the words of a kind are
Portugal's.
"""

from __future__ import annotations

from dataclasses import replace
import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent

from .pt import KINDS, LANGUAGE as PORTUGAL, LIBRARY, REQUEST

_SHOW = "(mostre|mostra|me mostre|me mostra)"
_DOWNLOADS = "[os|todos os|meus] downloads"
_PAUSE = "(pause|pausa|pausar)"
_PUT = "(coloque|coloca|põe|ponha)"
_THIS = "(ele|ela|isso|esse pedido|este pedido|essa solicitação|o pedido|a solicitação)"

# Pause lengths Portugal says with "durante" and Brazil with "por".
_PORTUGAL_ONLY = ("durante uma hora", "durante meia hora", "durante um dia")

LANGUAGE = replace(
    PORTUGAL,
    code="pt-BR",
    locale="pt_BR",
    sentences={
        InstantIntent.DOWNLOADS: [
            "o que (está|tá) (baixando|sendo baixado) [agora|no momento]",
            "o que você está baixando [agora]",
            f"{_SHOW} {_DOWNLOADS}",
            "como (estão|vão|tão) [os|meus] downloads",
            "o que tem na fila [de downloads|de download]",
            "status dos downloads",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            "quanto [tempo] falta para (terminar o download de|baixar) {title}",
            "quando (termina|acaba) o download de {title}",
            "quando {title} (termina de baixar|vai estar baixado|vai estar baixada)",
        ],
        InstantIntent.PAUSE: [
            f"{_PAUSE} {_DOWNLOADS} [por {{minutes}} (minuto|minutos)]",
            f"{_PUT} {_DOWNLOADS} em pausa [por {{minutes}} (minuto|minutos)]",
            "(pare|para) de baixar [por {minutes} (minuto|minutos)]",
            f"{_PAUSE} {_DOWNLOADS} por {{hours}} (hora|horas)",
            f"{_PUT} {_DOWNLOADS} em pausa por {{hours}} (hora|horas)",
            "(pare|para) de baixar por {hours} (hora|horas)",
            f"{_PAUSE} {_DOWNLOADS} {{period}}",
            f"{_PUT} {_DOWNLOADS} em pausa {{period}}",
            "(pare|para) de baixar {period}",
        ],
        InstantIntent.RESUME: [
            f"(retome|retoma|continue|continua|reinicie|reinicia) {_DOWNLOADS}",
            "(volte|volta) a baixar",
            "(tire|tira) [os] downloads da pausa",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "o que (sai|estreia|lança) hoje",
            "(quais|tem) (episódios|filmes|lançamentos) [novos] hoje",
            "quais são os lançamentos de hoje",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "o que (sai|estreia|lança) (esta|essa) semana",
            (
                "(quais|tem) (episódios|filmes|álbuns|lançamentos) [novos] (esta|essa) "
                "semana"
            ),
            "quais são os lançamentos da semana",
        ],
        InstantIntent.IN_LIBRARY: [
            f"{{title}} está {LIBRARY}",
            f"(tem|existe) {{title}} {LIBRARY}",
            "[eu] já tenho {title}",
            f"[eu] tenho {{title}} {LIBRARY}",
        ],
        InstantIntent.ADD_MOVIE: [
            "(adicione|adiciona|baixe|baixa|peça|pede) [o] filme {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(adicione|adiciona|baixe|baixa|peça|pede) [a] série {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            "(baixe|baixa) {title}",
        ],
        InstantIntent.NOTHING_FOUND: [
            (
                "por que [o sonarr|o radarr|o lidarr|a busca|a pesquisa] não "
                "(encontra|acha) nada"
            ),
            "por que nada é encontrado",
            (
                "[os|meus] indexadores (estão funcionando|funcionam|caíram|estão fora "
                "do ar)"
            ),
        ],
        InstantIntent.ADD_ALBUM: [
            "(adicione|adiciona|baixe|baixa) [o] álbum {title} (de|do|da) {artist}",
            "(adicione|adiciona|baixe|baixa) [o] álbum {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            "(tente|tenta) [os|todos os] downloads (com falha|que falharam) de novo",
            "(tente|tenta) de novo [os|todos os] downloads (com falha|que falharam)",
            "(refaça|refaz) [os|todos os] downloads (com falha|que falharam)",
        ],
        InstantIntent.SEARCH_MISSING: [
            (
                f"(procure|procura|busque|busca) [todos] [os|meus] {KINDS} (que "
                "faltam|faltando|em falta)"
            ),
        ],
        InstantIntent.MISSING: [
            "o que (está faltando|falta|me falta) [ainda]",
            f"quais {KINDS} (estão faltando|faltam|me faltam) [ainda]",
            f"{_SHOW} [os] {KINDS} (que faltam|faltando)",
        ],
        InstantIntent.REQUESTS: [
            "o que foi (pedido|solicitado)",
            "quais (pedidos|solicitações) estão pendentes",
            f"{_SHOW} [os|as] (pedidos|solicitações) [pendentes]",
            "(tem|há) (pedidos|solicitações) [novos|novas|pendentes]",
        ],
        InstantIntent.APPROVE_REQUEST: [
            f"(aprove|aprova|aceite|aceita) {REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            f"(recuse|recusa|rejeite|rejeita) {REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.APPROVE_IT: [
            f"(aprove|aprova|aceite|aceita) {_THIS}",
        ],
        InstantIntent.DECLINE_IT: [
            f"(recuse|recusa|rejeite|rejeita) {_THIS}",
        ],
    },
    periods={
        **{
            phrase: value
            for phrase, value in PORTUGAL.periods.items()
            if phrase not in _PORTUGAL_ONLY
        },
        "por uma hora": 60,
        "por meia hora": 30,
        "por um dia": 1440,
        "essa noite": UNTIL_MORNING,
    },
    phrases={
        **PORTUGAL.phrases,
        "reason_client_failed": "Falhou no cliente de download",
        "nothing_downloading": "Nada está sendo baixado.",
        "paused": "Os downloads estão pausados.",
        "downloading_one": "{count} baixando: {items}.",
        "downloading_other": "{count} baixando: {items}.",
        "count_paused_one": "{count} pausado",
        "count_paused_other": "{count} pausados",
        "count_importing_one": "{count} sendo importado",
        "count_importing_other": "{count} sendo importados",
        "state_downloading": "baixando",
        "state_stalled": "travado",
        "state_failed": "com falha",
        "state_paused": "pausado",
        "state_importing": "sendo importado",
        "no_download_named": "Não encontro nenhum download chamado {name}.",
        "paused_for": "Downloads pausados por {duration}.",
        "paused_until_morning": "Downloads pausados até as {hour} da manhã.",
        "how_long": "Por quanto tempo? Diga por exemplo: pause os downloads por "
        "30 minutos.",
        "paused_now": "Downloads pausados.",
        "resumed": "Downloads retomados.",
        "in_library_no_file": "Sim, {title} está na sua biblioteca, mas ainda não "
        "foi baixado.",
        "added_search": "{title} adicionado; a busca já começou.",
        "did_you_mean": "Você quis dizer {options}?",
        "no_quality_profile": "O {service} não tem perfil de qualidade para "
        "adicionar {title}. Crie um nas configurações do {service}.",
        "no_root_folder": "O {service} não tem pasta raiz para {title}. Crie uma no "
        "gerenciamento de mídia do {service}.",
        "retried_one": "Tentando de novo {count} tarefa do SABnzbd com falha: {names}.",
        "retried_other": "Tentando de novo {count} tarefas do SABnzbd com falha: "
        "{names}.",
        "nothing_to_retry": "O SABnzbd não tem nenhuma tarefa com falha para "
        "tentar de novo.",
        "not_retriable_one": "{count} tarefa com falha não pode ser repetida.",
        "not_retriable_other": "{count} tarefas com falha não podem ser repetidas.",
        "sabnzbd_only": "Só as tarefas do SABnzbd são repetidas; a recuperação do "
        "AutoArr cuida dos downloads com falha no Sonarr e no Radarr.",
        "searching_missing": "Buscando os itens que faltam.",
        "model_unavailable": "No momento só consigo responder às perguntas "
        "rápidas, porque nenhum modelo de linguagem está acessível.",
        "confirm_pause": "Pauso todos os downloads?",
        "confirm_pause_for": "Pauso todos os downloads por {duration}?",
        "confirm_pause_until_morning": "Pauso todos os downloads até as {hour} da "
        "manhã?",
        "not_allowed": "Desculpe, você não tem permissão para mudar os downloads "
        "ou a biblioteca. Peça a alguém que tenha.",
        "too_many_rounds": "Desculpe, não consegui terminar: o modelo de linguagem "
        "continuou consultando sem responder. Pergunte de novo, de forma mais "
        "simples.",
        "still_thinking": "Um momento, por favor: o modelo de linguagem ainda está "
        "pensando.",
        "no_model": "Só consigo responder às perguntas rápidas, como o que está "
        "baixando ou o que sai esta semana: nenhum modelo de linguagem está "
        "configurado para o resto.",
        "ready": "{title} já está disponível para assistir.",
    },
    music={
        **PORTUGAL.music,
        "added": "Adicionei o álbum {album} de {artist} ao {service}; já estou "
        "buscando.",
        "unavailable": "O Lidarr não está respondendo agora: {services}.",
    },
    indexers={
        **PORTUGAL.indexers,
        "unavailable": "Não sei dizer: o Prowlarr não está respondendo ({services}).",
        "none_enabled": "O Prowlarr não tem nenhum indexador ativo, então as "
        "buscas não encontram nada.",
        "failing": "No Prowlarr há indexadores com falha ({failing} de "
        "{enabled}): {names}. As buscas seguem sem eles até voltarem a "
        "funcionar.",
        "all_working": "Todos os {enabled} indexadores do Prowlarr estão "
        "funcionando, então provavelmente ainda não saiu.",
    },
    requests={
        **PORTUGAL.requests,
        "unavailable": "O Seerr não está respondendo agora: {names}.",
        "did_you_mean": "Você quis dizer {options}?",
    },
    change_words=re.compile(
        # The stack: downloads and the library. Verbs in the imperative and
        # the infinitive only ("está pausado?", "o que está baixando?" ask
        # for nothing); "pausa" and "busca" are also nouns of a question.
        r"\b((?<!em )pausa|pause|pausar|pare|parar|coloque|coloca|põe|ponha|"
        r"pôr|retome|retoma|retomar|continue|continuar|reinicie|reinicia|"
        r"reiniciar|volte a|volta a|tente|tenta|tentar|refaça|refaz|procure|"
        r"procura|procurar|busque|(?<!a )busca|buscar|adicione|adiciona|"
        r"adicionar|baixe|baixa|(?<!para )baixar|peça|pede|pedir|quero|queria|aprove|"
        r"aprova|aprovar|aceite|aceita|aceitar|recuse|recusa|recusar|rejeite|"
        r"rejeita|rejeitar|"
        # The speed limit ("limite os downloads"); not the noun of a
        # question ("qual é o limite?").
        r"limita|limitar|limite\s+(?:os|as|o|a|todos)|"
        # The home: Home Assistant's device tools.
        r"ligue|liga|ligar|desligue|desliga|desligar|acenda|acende|acender|"
        r"apague|apaga|apagar|abra|abre|abrir|feche|fecha|fechar|tranque|"
        r"tranca|trancar|destranque|destranca|destrancar|ajuste|ajusta|"
        r"ajustar|defina|define|definir|aumente|aumenta|aumentar|diminua|"
        r"diminui|diminuir|ative|ativa|ativar|desative|desativa|desativar|"
        r"cancele|cancela|cancelar|toque|toca|tocar|mude|muda|mudar|altere|"
        r"altera|alterar)\b",
        re.IGNORECASE,
    ),
    yes_words=r"sim|claro|pode|com certeza|isso|beleza|manda ver|faça|faz",
    no_words=r"não|nao|cancela|deixa pra lá|deixa para lá",
)
