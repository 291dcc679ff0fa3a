"""Actions (services) AutoArr registers with Home Assistant.

Registered once in `async_setup`, not per entry, so they exist (and can raise
a translated error) even while no entry is loaded. Every action answers with
response data, so automations and scripts can use the result.

To add an action: its handler `async def _x(call, entry) -> ServiceResponse`
with its schema in `_ACTIONS` (or a topic's table), `services.yaml`, strings.
The actions about requests (Seerr's included) are in `request_actions.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any, Literal

from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import MATCH_ALL
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import (
    async_register_admin_service,
    verify_domain_control,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey
import probatio

from .agent import operations
from .agent.stack import Stack
from .arr.errors import ArrError
from .assist_agent import AutoArrAgent, TurnOutcome
from .audit.runner import NotFixableError
from .client_actions import CLIENT_ACTIONS
from .const import DOMAIN, SUBENTRY_CONVERSATION
from .data import AutoArrConfigEntry
from .followup_actions import FOLLOWUP_ACTIONS
from .indexer_actions import INDEXER_ACTIONS
from .instance_actions import INSTANCE_ACTIONS
from .llm_api import async_refresh_soon, stack_of
from .posters import async_signed_poster_url
from .queue_actions import QUEUE_ACTIONS
from .recovery_manager import RecoveryManager
from .request_actions import REQUEST_ACTIONS, REQUEST_ADMIN, REQUEST_READING

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_DRY_RUN = "dry_run"
ATTR_FINDING_ID = "finding_id"
ATTR_EXPLAIN = "explain"
ATTR_PROMPT = "prompt"
ATTR_TITLE = "title"
ATTR_KIND = "kind"
ATTR_YEAR = "year"
ATTR_QUALITY = "quality"
ATTR_SEARCH = "search"
ATTR_DAYS = "days"
ATTR_DURATION = "duration"
ATTR_NAME = "name"
ATTR_LANGUAGE = "language"
ATTR_CONVERSATION_ID = "conversation_id"

# Bounds on what an action takes (the voice tool pauses for at most a day).
MAX_PAUSE_MINUTES = 24 * 60
MAX_TITLE_LENGTH = 200
MAX_PROMPT_LENGTH = 2000
MAX_ID_LENGTH = 100

_ASK_AGENTS: HassKey[dict[str, AutoArrAgent]] = HassKey(f"{DOMAIN}_ask_agents")

_ENTRY = {probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string}


def _text(limit: int) -> Any:
    """Return the validator of a text of at most `limit` characters."""
    return probatio.All(cv.string, probatio.Length(min=1, max=limit))


type Handler = Callable[[ServiceCall, AutoArrConfigEntry], Awaitable[ServiceResponse]]


def _entry(hass: HomeAssistant, call: ServiceCall) -> AutoArrConfigEntry:
    """Return the loaded entry an action is for (the only one by default)."""
    entry_id = call.data.get(ATTR_CONFIG_ENTRY_ID)
    entries: list[AutoArrConfigEntry] = hass.config_entries.async_entries(DOMAIN)
    if entry_id is not None:
        entries = [e for e in entries if e.entry_id == entry_id]
        if not entries:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="entry_not_found",
                translation_placeholders={"entry_id": entry_id},
            )
    loaded = [e for e in entries if e.state is ConfigEntryState.LOADED]
    if not loaded:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="entry_not_loaded"
        )
    return loaded[0]


def _require(
    stack: Stack, *, arrs: bool = False, download_clients: bool = False
) -> None:
    """Raise a translated error when the services an action needs are missing."""
    if arrs and not stack.arrs:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_arr_configured"
        )
    if download_clients and not stack.download_clients:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_download_client_configured"
        )


def _changed(
    call: ServiceCall, entry: AutoArrConfigEntry, result: operations.ControlResult
) -> None:
    """Refresh the queues after a change; raise when no service made it."""
    if result.unavailable and not result.done:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="services_unreachable",
            translation_placeholders={"names": ", ".join(result.unavailable)},
        )
    async_refresh_soon(call.hass, entry)


def _ask_agent(hass: HomeAssistant, entry: AutoArrConfigEntry) -> AutoArrAgent:
    """Return the agent `autoarr.ask` uses for an entry (kept between calls).

    It has the options of the entry's first conversation agent, so it
    answers the way that agent does; it is kept so a clarifying question can
    be answered in the next call with the same conversation id.
    """
    agents = hass.data.setdefault(_ASK_AGENTS, {})
    agent = agents.get(entry.entry_id)
    if agent is None or agent.entry is not entry:
        options: Mapping[str, Any] = next(
            (
                sub.data
                for sub in entry.subentries.values()
                if sub.subentry_type == SUBENTRY_CONVERSATION
            ),
            {},
        )
        agent = agents[entry.entry_id] = AutoArrAgent(hass, entry, options)
    return agent


class _AskTurn(conversation.ConversationEntity):
    """One `autoarr.ask` turn, opened as Home Assistant opens an agent's turn.

    `ConversationEntity.async_process` opens the chat session (owned by the
    caller's user, whose context the input carries) and the chat log, then
    hands them to `_async_handle_message`; the turn's outcome, with who
    answered, is kept here. Never added to Home Assistant: one per call.
    """

    def __init__(self, hass: HomeAssistant, agent: AutoArrAgent) -> None:
        """Bind the turn to the agent that answers it."""
        self.hass = hass
        self._agent = agent
        self.outcome: TurnOutcome | None = None

    @property
    def supported_languages(self) -> list[str] | Literal["*"]:
        """Every language: the agent hands the others to the model."""
        return MATCH_ALL

    async def _async_handle_message(
        self,
        user_input: conversation.ConversationInput,
        chat_log: conversation.ChatLog,
    ) -> conversation.ConversationResult:
        """Answer with the agent and keep the outcome."""
        self.outcome = await self._agent.async_handle(user_input, chat_log)
        return self.outcome.result


async def _ask(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Ask AutoArr's agent; return the answer and who gave it.

    The agent answers the common requests itself ("instant") and the others
    with the language models and AutoArr's tools.
    """
    hass = call.hass
    user_input = conversation.ConversationInput(
        text=call.data[ATTR_PROMPT],
        context=call.context,
        conversation_id=call.data.get(ATTR_CONVERSATION_ID),
        device_id=None,
        satellite_id=None,
        language=call.data.get(ATTR_LANGUAGE) or hass.config.language,
        agent_id=f"{DOMAIN}.ask",
    )
    turn = _AskTurn(hass, _ask_agent(hass, entry))
    await turn.async_process(user_input)
    outcome = turn.outcome
    assert outcome is not None
    if outcome.answered_by is None:  # none set up, none reachable...
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=outcome.failure or "model_unavailable",
        )
    speech = outcome.result.response.speech.get("plain", {}).get("speech", "")
    return {
        "answer": speech,
        "provider": outcome.answered_by,
        "conversation_id": outcome.result.conversation_id,
        "question": outcome.result.continue_conversation,
    }


async def _get_downloads(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Return every download across the stack."""
    stack = stack_of(entry.runtime_data)
    return (await operations.downloads(stack, call.data.get(ATTR_NAME))).as_dict()


async def _get_upcoming(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Return what comes out in the next days."""
    stack = stack_of(entry.runtime_data)
    _require(stack, arrs=True)
    start = dt_util.start_of_local_day()
    end = start + timedelta(days=call.data[ATTR_DAYS])
    report = await operations.upcoming(stack, start, end)
    data = report.as_dict()
    ids = {
        runtime.name: runtime.subentry_id
        for runtime in entry.runtime_data.arr_services()
    }
    for item, shown in zip(report.items, data["items"], strict=True):
        if item.media_id and (service_id := ids.get(item.instance)):
            shown["poster"] = async_signed_poster_url(
                call.hass, service_id, item.media_id
            )
    return data


async def _get_missing(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Return what is missing."""
    stack = stack_of(entry.runtime_data)
    _require(stack, arrs=True)
    return (await operations.missing(stack)).as_dict()


async def _search_missing(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Search for everything missing."""
    stack = stack_of(entry.runtime_data)
    _require(stack, arrs=True)
    result = await operations.search_missing(stack)
    _changed(call, entry, result)
    return result.as_dict()


async def _pause(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Pause the download clients, for a while or until resumed."""
    duration: timedelta | None = call.data.get(ATTR_DURATION)
    minutes: int | None = None
    if duration is not None:
        minutes = round(duration.total_seconds() / 60)
        if minutes < 1:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="duration_too_short"
            )
        if minutes > MAX_PAUSE_MINUTES:
            # As long as a voice request may pause: a day.
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="duration_too_long",
                translation_placeholders={"hours": str(MAX_PAUSE_MINUTES // 60)},
            )
    stack = stack_of(entry.runtime_data)
    _require(stack, download_clients=True)
    result = await operations.pause(stack, minutes)
    _changed(call, entry, result)
    return {**result.as_dict(), "minutes": minutes}


async def _resume(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Resume the download clients."""
    stack = stack_of(entry.runtime_data)
    _require(stack, download_clients=True)
    result = await operations.resume(stack)
    _changed(call, entry, result)
    return result.as_dict()


async def _retry_failed(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Retry the failed downloads of the clients that can."""
    stack = stack_of(entry.runtime_data)
    _require(stack, download_clients=True)
    result = await operations.retry_failed(stack)
    _changed(call, entry, result)
    return result.as_dict()


# Recovery and the audit (recovery_manager.py).


def _entry_manager(entry: AutoArrConfigEntry) -> RecoveryManager:
    manager = entry.runtime_data.recovery
    if manager is None:  # pragma: no cover - set up with the entry
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="entry_not_loaded"
        )
    return manager


async def _recover(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Recover failed downloads now (or, with dry_run, say what would be done)."""
    report = await _entry_manager(entry).async_recover(
        dry_run=call.data[ATTR_DRY_RUN], force=True
    )
    return report.as_dict()


async def _audit(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Audit the stack and return the findings."""
    manager = _entry_manager(entry)
    report = await manager.async_audit()
    response = report.as_dict()
    if call.data[ATTR_EXPLAIN]:
        for finding, described in zip(
            report.findings, response["findings"], strict=True
        ):
            described["explanation"] = await manager.async_explain(finding)
    return response


async def _apply_recommendation(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Apply one finding's safe fix (or, with dry_run, show the change)."""
    finding_id = call.data[ATTR_FINDING_ID]
    try:
        result = await _entry_manager(entry).async_apply(
            finding_id, dry_run=call.data[ATTR_DRY_RUN]
        )
    except NotFixableError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_fixable",
            translation_placeholders={"finding_id": finding_id},
        ) from err
    except ArrError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="fix_failed",
            translation_placeholders={"finding_id": finding_id, "error": str(err)},
        ) from err
    return result.as_dict()


_ACTIONS: dict[str, tuple[dict[Any, Any], Handler]] = {
    "ask": (
        {
            probatio.Required(ATTR_PROMPT): _text(MAX_PROMPT_LENGTH),
            probatio.Optional(ATTR_LANGUAGE): _text(MAX_ID_LENGTH),
            probatio.Optional(ATTR_CONVERSATION_ID): _text(MAX_ID_LENGTH),
        },
        _ask,
    ),
    "get_downloads": (
        {probatio.Optional(ATTR_NAME): _text(MAX_TITLE_LENGTH)},
        _get_downloads,
    ),
    "get_upcoming": (
        {
            probatio.Optional(ATTR_DAYS, default=7): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1, max=90)
            )
        },
        _get_upcoming,
    ),
    "get_missing": ({}, _get_missing),
    "search_missing": ({}, _search_missing),
    "pause_downloads": (
        {probatio.Optional(ATTR_DURATION): cv.positive_time_period},
        _pause,
    ),
    "resume_downloads": ({}, _resume),
    "retry_failed": ({}, _retry_failed),
    "recover": ({probatio.Optional(ATTR_DRY_RUN, default=False): cv.boolean}, _recover),
    "audit": ({probatio.Optional(ATTR_EXPLAIN, default=False): cv.boolean}, _audit),
    "apply_recommendation": (
        {
            probatio.Required(ATTR_FINDING_ID): cv.string,
            probatio.Optional(ATTR_DRY_RUN, default=False): cv.boolean,
        },
        _apply_recommendation,
    ),
    **CLIENT_ACTIONS,
}


# Actions that only read (or ask the agent, which checks its user itself,
# see permissions.py) are open to every user. Every other action changes the
# stack: the caller needs what Home Assistant's entity actions need,
# permission to control AutoArr's entities (a read-only user is refused), so
# an action added later is protected unless it is listed here (a dry run reads).
_READING = frozenset(
    {
        "ask",
        "get_downloads",
        "get_upcoming",
        "get_missing",
        "audit",
        *INSTANCE_ACTIONS,
        *REQUEST_READING,
        "get_followups",
    }
)
# Actions that change a service's configuration, and deciding who gets what
# they asked for: administrators only.
_ADMIN = frozenset({"apply_recommendation", *CLIENT_ACTIONS, *REQUEST_ADMIN})


def _handler(hass: HomeAssistant, name: str, handler: Handler) -> Any:
    """Return the action handler that checks the caller, then finds the entry."""

    async def handle(call: ServiceCall) -> ServiceResponse:
        return await handler(call, _entry(hass, call))

    if name in _READING:
        return handle
    checked = verify_domain_control(DOMAIN)(handle)

    async def handle_change(call: ServiceCall) -> ServiceResponse:
        if call.data.get("dry_run"):
            return await handle(call)
        result: ServiceResponse = await checked(call)
        return result

    return handle_change


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register AutoArr's actions."""
    actions = {
        **_ACTIONS,
        **INSTANCE_ACTIONS,
        **QUEUE_ACTIONS,
        **INDEXER_ACTIONS,
        **REQUEST_ACTIONS,
        **FOLLOWUP_ACTIONS,
    }
    for name, (fields, handler) in actions.items():
        register = (
            partial(async_register_admin_service, hass)
            if name in _ADMIN
            else hass.services.async_register
        )
        register(
            DOMAIN,
            name,
            _handler(hass, name, handler),
            schema=probatio.Schema({**_ENTRY, **fields}),
            # Reading actions exist for their answer; the others act and may
            # be called without asking for one.
            supports_response=(
                SupportsResponse.ONLY
                if name.startswith("get_")
                else SupportsResponse.OPTIONAL
            ),
        )
