"""European Portuguese: the instant sentences, their answers and the guard's
words (Brazilian Portuguese, which says "baixar", is `pt_br.py`)."""

from __future__ import annotations

import re

from custom_components.autoarr.agent.intents import UNTIL_MORNING, InstantIntent
from custom_components.autoarr.agent.language import Language

_SHOW = "(mostra|mostra-me|mostre|mostre-me)"
_DOWNLOADS = "[as|os|as minhas|os meus|todas as|todos os] (transferências|downloads)"
_FETCH = "(descarrega|transfere|descarregue|transfira)"
_PAUSE = "(pausa|pause|suspende|suspenda)"
_PUT = "(põe|ponha|coloca|coloque)"
# Shared with Brazil's Portuguese (`pt_br.py`).
LIBRARY = "na minha (biblioteca|coleção)"
KINDS = "(episódios|filmes|álbuns)"
REQUEST = "(o pedido|a solicitação)"
_THIS = "(o|a|esse pedido|este pedido|essa solicitação|o pedido|a solicitação)"

LANGUAGE = Language(
    code="pt",
    locale="pt_PT",
    sentences={
        InstantIntent.DOWNLOADS: [
            "o que (está|se está) a (descarregar|transferir) [agora|neste momento]",
            "o que está a ser (descarregado|transferido) [agora|neste momento]",
            f"{_SHOW} {_DOWNLOADS}",
            "como (estão|vão) [as|os|as minhas|os meus] (transferências|downloads)",
            "o que está na fila [de transferências|de downloads]",
            "estado das transferências",
        ],
        InstantIntent.DOWNLOAD_ETA: [
            (
                "quanto [tempo] falta para (terminar a transferência de|terminar o "
                "download de|descarregar) {title}"
            ),
            "quando (termina|acaba) (a transferência|o download) de {title}",
            (
                "quando (fica|vai estar) (descarregado|descarregada|transferido|"
                "transferida) {title}"
            ),
        ],
        InstantIntent.PAUSE: [
            f"{_PAUSE} {_DOWNLOADS} [durante {{minutes}} (minuto|minutos)]",
            f"{_PUT} {_DOWNLOADS} em pausa [durante {{minutes}} (minuto|minutos)]",
            (
                "(para|pare) de (descarregar|transferir) [durante {minutes} "
                "(minuto|minutos)]"
            ),
            f"{_PAUSE} {_DOWNLOADS} durante {{hours}} (hora|horas)",
            f"{_PUT} {_DOWNLOADS} em pausa durante {{hours}} (hora|horas)",
            "(para|pare) de (descarregar|transferir) durante {hours} (hora|horas)",
            f"{_PAUSE} {_DOWNLOADS} {{period}}",
            f"{_PUT} {_DOWNLOADS} em pausa {{period}}",
            "(para|pare) de (descarregar|transferir) {period}",
        ],
        InstantIntent.RESUME: [
            f"(retoma|retome|continua|continue|recomeça|recomece) {_DOWNLOADS}",
            "(volta|volte) a (descarregar|transferir)",
            f"(tira|tire) {_DOWNLOADS} da pausa",
        ],
        InstantIntent.UPCOMING_TODAY: [
            "o que (sai|estreia) hoje",
            "(quais|há) (episódios|filmes|estreias) [novos|novas] hoje",
            "quais são as estreias de hoje",
        ],
        InstantIntent.UPCOMING_WEEK: [
            "o que (sai|estreia) esta semana",
            "(quais|há) (episódios|filmes|álbuns|estreias) [novos|novas] esta semana",
            "quais são as estreias da semana",
        ],
        InstantIntent.IN_LIBRARY: [
            f"{{title}} está {LIBRARY}",
            f"(tenho|temos) {{title}} {LIBRARY}",
            "já (tenho|temos) {title}",
        ],
        InstantIntent.ADD_MOVIE: [
            "(adiciona|adicione|descarrega|descarregue|pede|peça) [o] filme {title}",
        ],
        InstantIntent.ADD_SERIES: [
            "(adiciona|adicione|descarrega|descarregue|pede|peça) [a] série {title}",
        ],
        InstantIntent.ADD_MEDIA: [
            f"{_FETCH} {{title}}",
        ],
        InstantIntent.NOTHING_FOUND: [
            "porque é que [o sonarr|o radarr|o lidarr|a pesquisa] não encontra nada",
            "porque [é que] não se encontra nada",
            "[os|os meus] indexadores (estão a funcionar|funcionam|estão em baixo)",
        ],
        InstantIntent.ADD_ALBUM: [
            (
                "(adiciona|adicione|descarrega|descarregue) [o] álbum {title} "
                "(de|do|da) {artist}"
            ),
            "(adiciona|adicione|descarrega|descarregue) [o] álbum {title}",
        ],
        InstantIntent.RETRY_FAILED: [
            (
                "(tenta|tente) [outra vez|de novo] [as|todas as] transferências "
                "(falhadas|que falharam)"
            ),
            "(repete|repita) [as|todas as] transferências (falhadas|que falharam)",
        ],
        InstantIntent.SEARCH_MISSING: [
            f"(procura|procure) [todos] [os|os meus] {KINDS} (em falta|que faltam)",
        ],
        InstantIntent.MISSING: [
            "o que (falta|me falta|está em falta) [ainda]",
            f"quais {KINDS} (faltam|me faltam|estão em falta) [ainda]",
            f"{_SHOW} [os] {KINDS} (em falta|que faltam)",
        ],
        InstantIntent.REQUESTS: [
            "o que foi (pedido|solicitado)",
            "quais (pedidos|solicitações) estão pendentes",
            f"{_SHOW} [os|as] (pedidos|solicitações) [pendentes]",
            "há (pedidos|solicitações) [novos|novas|pendentes]",
        ],
        InstantIntent.APPROVE_REQUEST: [
            f"(aprova|aprove|aceita|aceite) {REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.DECLINE_REQUEST: [
            f"(recusa|recuse|rejeita|rejeite) {REQUEST} (de|para) {{title}}",
        ],
        InstantIntent.APPROVE_IT: [
            "(aprova-o|aprova-a|aceita-o|aceita-a)",
            f"(aprova|aprove|aceita|aceite) {_THIS}",
        ],
        InstantIntent.DECLINE_IT: [
            "(recusa-o|recusa-a|rejeita-o|rejeita-a)",
            f"(recusa|recuse|rejeita|rejeite) {_THIS}",
        ],
    },
    periods={
        "durante uma hora": 60,
        "uma hora": 60,
        "durante meia hora": 30,
        "meia hora": 30,
        "durante um dia": 1440,
        "por hoje": 1440,
        "durante a noite": UNTIL_MORNING,
        "esta noite": UNTIL_MORNING,
        "até amanhã": UNTIL_MORNING,
        "até amanhã de manhã": UNTIL_MORNING,
    },
    phrases={
        "nothing_downloading": "Nada está a ser transferido.",
        "paused": "As transferências estão em pausa.",
        "downloading_one": "{count} a transferir: {items}.",
        "downloading_other": "{count} a transferir: {items}.",
        "need_attention_one": "{count} precisa de atenção: {items}.",
        "need_attention_other": "{count} precisam de atenção: {items}.",
        "count_queued_one": "{count} na fila",
        "count_queued_other": "{count} na fila",
        "count_paused_one": "{count} em pausa",
        "count_paused_other": "{count} em pausa",
        "count_importing_one": "{count} a ser importado",
        "count_importing_other": "{count} a ser importados",
        "counts": "{counts}.",
        "state_downloading": "a transferir",
        "state_stalled": "parado",
        "state_warning": "aviso",
        "state_failed": "falhado",
        "state_queued": "na fila",
        "state_paused": "em pausa",
        "state_importing": "a ser importado",
        "state_completed": "concluído",
        "with_reason": "{name}, {state}: {reason}",
        "reason_none": "Sem motivo indicado",
        "reason_no_peers": "Sem seeds nem peers",
        "reason_client_failed": "Falhou no cliente de transferências",
        "and_more": "e mais {count}",
        "at_percent": "{name} em {percent} por cento",
        "eta_left": "{name}, termina em {duration}",
        "eta_short": "{name}, {duration}",
        "speed": "Velocidade {speed}.",
        "no_download_named": "Não encontro nenhuma transferência chamada {name}.",
        "eta": "{name} está em {percent} por cento e deve terminar em {duration}.",
        "eta_unknown": "{name} está em {percent} por cento ({state}).",
        "paused_for": "Transferências em pausa durante {duration}.",
        "paused_until_morning": "Transferências em pausa até às {hour} da manhã.",
        "how_long": "Durante quanto tempo? Diga por exemplo: pausa as transferências "
        "durante 30 minutos.",
        "nothing_missing": "Não falta nada.",
        "nothing_missing_on": "Não falta nada no {names}.",
        "missing_one": "Falta um item: {items}.",
        "missing": "Faltam {count} itens, por exemplo {items}.",
        "episode": "{title} temporada {season} episódio {episode}",
        "paused_now": "Transferências em pausa.",
        "resumed": "Transferências retomadas.",
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
        "foi transferido.",
        "not_in_library": "Não, {title} não está na sua biblioteca.",
        "added": "{title} adicionado.",
        "added_search": "{title} adicionado; a pesquisa já começou.",
        "already": "{title} já está na sua biblioteca.",
        "already_playable": "{title} já está na sua biblioteca e no {servers}.",
        "did_you_mean": "Queria dizer {options}?",
        "several_match": "Vários correspondem: {options}. Diga de novo com o ano, "
        "por exemplo {example}.",
        "or": "ou",
        "not_found": "Não encontrei {title}.",
        "library_unknown": "Não sei dizer se {title} está na sua biblioteca: "
        "{names} não respondeu.",
        "no_quality_profile": "O {service} não tem perfil de qualidade para "
        "adicionar {title}. Crie um nas definições do {service}.",
        "no_root_folder": "O {service} não tem pasta raiz para {title}. Crie uma no "
        "gestão de multimédia do {service}.",
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
        "retried_one": "A tentar de novo {count} tarefa falhada do SABnzbd: {names}.",
        "retried_other": "A tentar de novo {count} tarefas falhadas do SABnzbd: "
        "{names}.",
        "nothing_to_retry": "O SABnzbd não tem nenhuma tarefa falhada para "
        "tentar de novo.",
        "not_retriable_one": "{count} tarefa falhada não pode ser repetida.",
        "not_retriable_other": "{count} tarefas falhadas não podem ser repetidas.",
        "sabnzbd_only": "Só as tarefas do SABnzbd são repetidas; a recuperação do "
        "AutoArr trata das transferências falhadas no Sonarr e no Radarr.",
        "searching_missing": "A procurar os itens em falta.",
        "model_unavailable": "Neste momento só consigo responder às perguntas "
        "rápidas, porque nenhum modelo de linguagem está acessível.",
        "confirm_add": "Adiciono {title}?",
        "confirm_pause": "Ponho todas as transferências em pausa?",
        "confirm_pause_for": "Ponho todas as transferências em pausa durante {duration}?",
        "confirm_pause_until_morning": "Ponho todas as transferências em pausa até às "
        "{hour} da manhã?",
        "not_confirmed": "Certo, deixei tudo como estava.",
        "not_allowed": "Desculpe, não tem permissão para alterar as transferências "
        "ou a biblioteca. Peça a alguém que tenha.",
        "model_no_answer": "Desculpe, o modelo de linguagem não deu uma resposta "
        "útil. Pergunte de novo, talvez com outras palavras.",
        "too_many_rounds": "Desculpe, não consegui terminar: o modelo de linguagem "
        "continuou a consultar sem responder. Pergunte de novo, de forma mais "
        "simples.",
        "still_thinking": "Um momento, por favor: o modelo de linguagem ainda está "
        "a pensar.",
        "no_model": "Só consigo responder às perguntas rápidas, como o que está "
        "a ser transferido ou o que sai esta semana: nenhum modelo de linguagem está "
        "configurado para o resto.",
        "example_movie": "“adicione o filme {title} de {year}”",
        "example_series": "“adicione a série {title} de {year}”",
        "ready": "{title} já está disponível para ver.",
        "ready_album": "{album} de {artist} já está disponível para ouvir.",
    },
    music={
        "added": "Adicionei o álbum {album} de {artist} ao {service}; já o "
        "estou a procurar.",
        "already_in_library": "O álbum {album} de {artist} já está na sua biblioteca.",
        "not_found": "Não encontrei o álbum {album}{by}.",
        "by": " de {artist}",
        "no_service": "Nenhum Lidarr está configurado, então não posso adicionar "
        "álbuns.",
        "unavailable": "O Lidarr não está a responder agora: {services}.",
    },
    indexers={
        "no_service": "Nenhum Prowlarr está configurado, então não posso verificar "
        "os indexadores.",
        "unavailable": "Não sei dizer: o Prowlarr não está a responder ({services}).",
        "none_enabled": "O Prowlarr não tem nenhum indexador ativo, por isso as "
        "pesquisas não encontram nada.",
        "failing": "No Prowlarr há indexadores com falha ({failing} de "
        "{enabled}): {names}. As pesquisas seguem sem eles até voltarem a "
        "funcionar.",
        "all_working": "Todos os {enabled} indexadores do Prowlarr estão "
        "a funcionar, por isso provavelmente ainda não saiu.",
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
        "unavailable": "O Seerr não está a responder agora: {names}.",
        "requested_approved": "{title} pedido; está aprovado e a caminho.",
        "requested_pending": "{title} pedido; aguarda a aprovação de um administrador.",
        "already_available": "{title} já está disponível.",
        "already_requested": "{title} já foi pedido.",
        "search_not_found": "O Seerr não encontrou {title}.",
        "did_you_mean": "Queria dizer {options}?",
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
        # the infinitive only ("está em pausa?", "o que está a descarregar?"
        # ask for nothing); "pausa" and "para" are also what a question
        # says ("quanto falta para...").
        r"\b((?<!em )pausa|pause|pausar|suspende|suspenda|suspender|pare|"
        r"parar|põe|ponha|pôr|coloca|coloque|retoma|retome|retomar|continue|"
        r"continuar|recomeça|recomece|volta a|volte a|tenta|tente|tentar|"
        r"repete|repita|procura|procure|procurar|adiciona|adicione|adicionar|"
        r"descarrega|descarregue|(?<!a )descarregar|transfere|transfira|"
        r"(?<!a )transferir|pede|peça|pedir|quero|queria|aprova|aprove|"
        r"aprovar|aceita|aceite|aceitar|recusa|recuse|recusar|rejeita|"
        r"rejeite|rejeitar|"
        # The speed limit ("limita as transferências"); not the noun of a
        # question ("qual é o limite?").
        r"limita|limitar|limite\s+(?:os|as|o|a|todos|todas)|"
        # The home: Home Assistant's device tools.
        r"liga|ligue|ligar|desliga|desligue|desligar|acende|acenda|acender|"
        r"apaga|apague|apagar|abre|abra|abrir|fecha|feche|fechar|tranca|"
        r"tranque|trancar|destranca|destranque|destrancar|ajusta|ajuste|"
        r"ajustar|define|defina|definir|aumenta|aumente|aumentar|diminui|"
        r"diminua|diminuir|ativa|ative|ativar|desativa|desative|desativar|"
        r"cancela|cancele|cancelar|toca|toque|tocar|muda|mude|mudar|altera|"
        r"altere|alterar)\b",
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
    yes_words=r"sim|claro|pode ser|com certeza|isso mesmo|força|está bem|ok",
    no_words=r"não|nao|cancela|deixa estar|esquece",
)
