"""Brazilian Portuguese: the instant sentences, their answers and the guard's
words (European Portuguese, which says "transferir" and "está a
descarregar", is `pt.py`)."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_SHOW = "(mostre|mostra|me mostre|me mostra)"
_DOWNLOADS = "[os|todos os|meus] downloads"
_PAUSE = "(pause|pausa|pausar)"
_PUT = "(coloque|coloca|põe|ponha)"
_LIBRARY = "na minha (biblioteca|coleção)"
_KINDS = "(episódios|filmes|álbuns)"
_REQUEST = "(o pedido|a solicitação)"
_THIS = "(ele|ela|isso|esse pedido|este pedido|essa solicitação|o pedido|a solicitação)"

LANGUAGE = Language(
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
            f"{{title}} está {_LIBRARY}",
            f"(tem|existe) {{title}} {_LIBRARY}",
            "[eu] já tenho {title}",
            f"[eu] tenho {{title}} {_LIBRARY}",
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
                f"(procure|procura|busque|busca) [todos] [os|meus] {_KINDS} (que "
                "faltam|faltando|em falta)"
            ),
        ],
        InstantIntent.MISSING: [
            "o que (está faltando|falta|me falta) [ainda]",
            f"quais {_KINDS} (estão faltando|faltam|me faltam) [ainda]",
            f"{_SHOW} [os] {_KINDS} (que faltam|faltando)",
        ],
        InstantIntent.REQUESTS: [
            "o que foi (pedido|solicitado)",
            "quais (pedidos|solicitações) estão pendentes",
            f"{_SHOW} [os|as] (pedidos|solicitações) [pendentes]",
            "(tem|há) (pedidos|solicitações) [novos|novas|pendentes]",
        ],
        InstantIntent.APPROVE_REQUEST: [
            f"(aprove|aprova|aceite|aceita) {_REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            f"(recuse|recusa|rejeite|rejeita) {_REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.APPROVE_IT: [
            f"(aprove|aprova|aceite|aceita) {_THIS}",
        ],
        InstantIntent.DECLINE_IT: [
            f"(recuse|recusa|rejeite|rejeita) {_THIS}",
        ],
    },
    periods={
        "por uma hora": 60,
        "uma hora": 60,
        "por meia hora": 30,
        "meia hora": 30,
        "por um dia": 1440,
        "por hoje": 1440,
        "durante a noite": UNTIL_MORNING,
        "esta noite": UNTIL_MORNING,
        "essa noite": UNTIL_MORNING,
        "até amanhã": UNTIL_MORNING,
        "até amanhã de manhã": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Nada está sendo baixado.",
        "paused": "Os downloads estão pausados.",
        "downloading_one": "{count} baixando: {items}.",
        "downloading_other": "{count} baixando: {items}.",
        "need_attention_one": "{count} precisa de atenção: {items}.",
        "need_attention_other": "{count} precisam de atenção: {items}.",
        "count_queued_one": "{count} na fila",
        "count_queued_other": "{count} na fila",
        "count_paused_one": "{count} pausado",
        "count_paused_other": "{count} pausados",
        "count_importing_one": "{count} sendo importado",
        "count_importing_other": "{count} sendo importados",
        "counts": "{counts}.",
        "state_downloading": "baixando",
        "state_stalled": "travado",
        "state_warning": "aviso",
        "state_failed": "com falha",
        "state_queued": "na fila",
        "state_paused": "pausado",
        "state_importing": "sendo importado",
        "state_completed": "concluído",
        "with_reason": "{name}, {state}: {reason}",
        "and_more": "e mais {count}",
        "at_percent": "{name} em {percent} por cento",
        "eta_left": "{name}, termina em {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Velocidade {speed}.",
        "no_download_named": "Não encontro nenhum download chamado {name}.",
        "eta": "{name} está em {percent} por cento e deve terminar em {duration}.",
        "eta_unknown": "{name} está em {percent} por cento ({state}).",
        "paused_for": "Downloads pausados por {duration}.",
        "paused_until_morning": "Downloads pausados até as {hour} da manhã.",
        "how_long": "Por quanto tempo? Diga por exemplo: pause os downloads por "
        "30 minutos.",
        "nothing_missing": "Não falta nada.",
        "nothing_missing_on": "Não falta nada no {names}.",
        "missing_one": "Falta um item: {items}.",
        "missing": "Faltam {count} itens, por exemplo {items}.",
        "episode": "{title} temporada {season} episódio {episode}",
        "paused_now": "Downloads pausados.",
        "resumed": "Downloads retomados.",
        "no_sabnzbd": "Nenhum SABnzbd está configurado.",
        "not_reachable": "{names} não respondeu.",
        "not_reachable_many": "{names} não responderam.",
        "nothing_today": "Nada sai hoje.",
        "nothing_week": "Nada sai esta semana.",
        "today": "Hoje: {items}.",
        "week": "Esta semana: {items}.",
        "movie": "{title} (filme)",
        "album": "{title} (álbum)",
        "day_today": "hoje",
        "day_tomorrow": "amanhã",
        "episodes_one": "{title}, {count} episódio",
        "episodes_other": "{title}, {count} episódios",
        "in_library": "Sim, {title} está na sua biblioteca.",
        "in_library_playable": "Sim, {title} está na sua biblioteca e no {servers}.",
        "in_library_no_file": "Sim, {title} está na sua biblioteca, mas ainda não "
        "foi baixado.",
        "not_in_library": "Não, {title} não está na sua biblioteca.",
        "added": "{title} adicionado.",
        "added_search": "{title} adicionado; a busca já começou.",
        "already": "{title} já está na sua biblioteca.",
        "already_playable": "{title} já está na sua biblioteca e no {servers}.",
        "did_you_mean": "Você quis dizer {options}?",
        "several_match": "Vários correspondem: {options}. Diga de novo com o ano, "
        "por exemplo {example}.",
        "or": "ou",
        "not_found": "Não encontrei {title}.",
        "library_unknown": "Não sei dizer se {title} está na sua biblioteca: "
        "{names} não respondeu.",
        "no_quality_profile": "O {service} não tem perfil de qualidade para "
        "adicionar {title}. Crie um nas configurações do {service}.",
        "no_root_folder": "O {service} não tem pasta raiz para {title}. Crie uma no "
        "gerenciamento de mídia do {service}.",
        "rejected": "O {service} recusou adicionar {title}: {message}",
        "no_service_movie": "Nenhum Radarr está configurado para filmes.",
        "no_service_series": "Nenhum Sonarr está configurado para séries.",
        "no_service": "Nem o Sonarr nem o Radarr estão configurados.",
        "unavailable": "{names} não está acessível agora.",
        "unavailable_many": "{names} não estão acessíveis agora.",
        "hours_one": "{count} hora",
        "hours_other": "{count} horas",
        "minutes_one": "{count} minuto",
        "minutes_other": "{count} minutos",
        "under_minute": "menos de um minuto",
        "about": "cerca de {duration}",
        "and": "e",
        "series_kind": "série",
        "owned": "na sua biblioteca",
        "movie_kind": "filme",
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
        "confirm_add": "Adiciono {title}?",
        "confirm_pause": "Pauso todos os downloads?",
        "confirm_pause_for": "Pauso todos os downloads por {duration}?",
        "confirm_pause_until_morning": "Pauso todos os downloads até as {hour} da "
        "manhã?",
        "not_confirmed": "Certo, deixei tudo como estava.",
        "not_allowed": "Desculpe, você não tem permissão para mudar os downloads "
        "ou a biblioteca. Peça a alguém que tenha.",
        "model_no_answer": "Desculpe, o modelo de linguagem não deu uma resposta "
        "útil. Pergunte de novo, talvez com outras palavras.",
        "too_many_rounds": "Desculpe, não consegui terminar: o modelo de linguagem "
        "continuou consultando sem responder. Pergunte de novo, de forma mais "
        "simples.",
        "still_thinking": "Um momento, por favor: o modelo de linguagem ainda está "
        "pensando.",
        "no_model": "Só consigo responder às perguntas rápidas, como o que está "
        "baixando ou o que sai esta semana: nenhum modelo de linguagem está "
        "configurado para o resto.",
        "example_movie": "“adicione o filme {title} de {year}”",
        "example_series": "“adicione a série {title} de {year}”",
        "ready": "{title} já está disponível para assistir.",
    },
    music={
        "added": "Adicionei o álbum {album} de {artist} ao {service}; já estou "
        "buscando.",
        "already_in_library": "O álbum {album} de {artist} já está na sua biblioteca.",
        "not_found": "Não encontrei o álbum {album}{by}.",
        "by": " de {artist}",
        "no_service": "Nenhum Lidarr está configurado, então não posso adicionar "
        "álbuns.",
        "unavailable": "O Lidarr não está respondendo agora: {services}.",
    },
    indexers={
        "no_service": "Nenhum Prowlarr está configurado, então não posso verificar "
        "os indexadores.",
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
        "no_seerr": "Nenhum Seerr está configurado, então não há pedidos.",
        "admin_only": "Desculpe, só um administrador pode aprovar ou recusar pedidos.",
        "none_pending": "Nenhum pedido está aguardando aprovação.",
        "pending_one": "{count} pedido aguarda aprovação: {items}.",
        "pending_other": "{count} pedidos aguardam aprovação: {items}.",
        "item": "{title} para {who}",
        "item_seasons_one": "{title} temporada {seasons} para {who}",
        "item_seasons_other": "{title} temporadas {seasons} para {who}",
        "more": "e mais {count}",
        "approved": "O pedido de {title} foi aprovado.",
        "declined": "O pedido de {title} foi recusado.",
        "not_found": "Nenhum pedido de {title} aguarda aprovação.",
        "ambiguous": "Vários pedidos correspondem: {titles}. Qual deles?",
        "unavailable": "O Seerr não está respondendo agora: {names}.",
        "requested_approved": "{title} pedido; está aprovado e a caminho.",
        "requested_pending": "{title} pedido; aguarda a aprovação de um administrador.",
        "already_available": "{title} já está disponível.",
        "already_requested": "{title} já foi pedido.",
        "search_not_found": "O Seerr não encontrou {title}.",
        "did_you_mean": "Você quis dizer {options}?",
        "rejected": "O Seerr recusou o pedido de {title}: {message}",
        "decision_rejected": "O Seerr não decidiu o pedido de {title}: {message}",
        "confirm_request": "Peço {title}?",
        "which_request": "Qual pedido? Diga: recuse o pedido de Dune.",
        "title_seasons_one": "{title} temporada {seasons}",
        "title_seasons_other": "{title} temporadas {seasons}",
    },
    album_by=(" de ", " do ", " da "),
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
    ordinals={
        "primeiro": 1,
        "primeira": 1,
        "segundo": 2,
        "segunda": 2,
        "dois": 2,
        "duas": 2,
        "terceiro": 3,
        "terceira": 3,
        "tres": 3,
        "quarto": 4,
        "quarta": 4,
        "quatro": 4,
        "ultimo": -1,
        "ultima": -1,
    },
    movie_words=("filme", "filmes"),
    series_words=(
        "serie",
        "series",
        "temporada",
        "temporadas",
        "episodio",
        "episodios",
    ),
    season_words=r"temporadas?",
    yes_words=r"sim|claro|pode|com certeza|isso|beleza|manda ver|faça|faz",
    no_words=r"não|nao|cancela|deixa pra lá|deixa para lá",
)
