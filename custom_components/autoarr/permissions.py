"""Who may change the stack: Home Assistant's own rules, applied everywhere.

- An action that changes the stack (pause, resume, search, retry, recover,
  add) needs what Home Assistant's entity actions need: permission to
  control AutoArr's entities (`helpers.service.verify_domain_control`, the
  same rule as turning the pause switch off). A user in the read-only group
  gets `Unauthorized`; a regular household user may act.
- An action that changes a service's configuration (applying an audit
  recommendation) or decides what others asked for (approving or declining
  a Seerr request) is for administrators (`async_register_admin_service`).
  By voice the same: the conversation's Home Assistant user must be an
  administrator; a request with no user (a voice satellite, an automation)
  may not approve or decline, whatever the agent's `voice_control`.
- A service's setting changed through an entity (a download client's speed
  limit) is for administrators too (`async_require_admin`), on top of Home
  Assistant's own check that the user may control that entity.
  Through a tool (the agent's speed limit) the conversation's user must be
  an administrator (`async_tool_refusal(admin=True)`); with no user, no.
- Reading actions are open.
- The conversation agent and the LLM tools apply the same rule to the
  conversation's user. A request with no user at all (a voice satellite,
  an automation) follows the agent's `voice_control` option: "allow"
  (default: household-level control, as an automation may), or "read_only".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
import itertools
from typing import Any, Final

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import entity_registry as er

from .agent.confirm import HeldChange
from .const import CONF_VOICE_CONTROL, DEFAULT_VOICE_CONTROL, DOMAIN, VOICE_ALLOW

# Why a changing tool may not run, as the tool tells the model.
NOT_ALLOWED: Final = "not_allowed"
NOT_REQUESTED: Final = "not_requested"


@dataclass(frozen=True, slots=True)
class TurnPolicy:
    """What a turn of AutoArr's agent may change (decided once per turn)."""

    may_change: bool  # the user's permission (or the voice option)
    asked_for_change: bool  # the user's own words ask for a change
    # Adds and pauses are held for the user's yes (agent/confirm.py); the
    # tools put the changes they held here, by the order of their calls
    # (which run at the same time).
    confirm: bool = False
    # The agent adds straight to Radarr and Sonarr even with a Seerr.
    add_directly: bool = False
    held: dict[int, HeldChange] = field(default_factory=dict)
    calls: Iterator[int] = field(default_factory=itertools.count)

    def held_changes(self) -> list[HeldChange]:
        """Return the changes held in this turn, in call order, once each."""
        changes: list[HeldChange] = []
        for _, change in sorted(self.held.items()):
            if all(c.question != change.question for c in changes):
                changes.append(change)
        return changes


_turn_policy: Final[ContextVar[TurnPolicy | None]] = ContextVar(
    f"{DOMAIN}_turn_policy", default=None
)


async def async_user_may_control(hass: HomeAssistant, user_id: str) -> bool:
    """Return whether a user may control AutoArr's entities.

    The rule of `verify_domain_control`: any AutoArr entity the user may
    control (an unknown user may not).
    """
    user = await hass.auth.async_get_user(user_id)
    if user is None:
        return False
    if user.permissions.access_all_entities(POLICY_CONTROL):
        return True
    return any(
        user.permissions.check_entity(entity.entity_id, POLICY_CONTROL)
        for entity in er.async_get(hass).entities.values()
        if entity.platform == DOMAIN
    )


async def async_require_admin(
    hass: HomeAssistant, context: Context | None, entity_id: str | None
) -> None:
    """Refuse a configuration change from a user who is not an administrator.

    Home Assistant's entity actions have already checked that the user may
    control the entity; a setting of a service (a speed limit) needs what
    `async_register_admin_service` needs too. A change with no user (an
    automation, a script) is Home Assistant's own, as there.
    """
    if context is None or context.user_id is None:
        return
    user = await hass.auth.async_get_user(context.user_id)
    if user is None:
        raise UnknownUser(context=context, entity_id=entity_id)
    if not user.is_admin:
        raise Unauthorized(
            context=context, entity_id=entity_id, permission=POLICY_CONTROL
        )


async def async_may_change(
    hass: HomeAssistant, user_id: str | None, options: Mapping[str, Any]
) -> bool:
    """Return whether a conversation's user may change the stack.

    `options` are the agent's; with no user they decide (`voice_control`).
    """
    if user_id is None:
        policy = str(options.get(CONF_VOICE_CONTROL, DEFAULT_VOICE_CONTROL))
        return policy == VOICE_ALLOW
    return await async_user_may_control(hass, user_id)


async def async_user_is_admin(hass: HomeAssistant, user_id: str | None) -> bool:
    """Return whether a conversation's user is an administrator (no user: no)."""
    if user_id is None:
        return False
    user = await hass.auth.async_get_user(user_id)
    return user is not None and user.is_admin


@contextmanager
def agent_turn(policy: TurnPolicy) -> Iterator[None]:
    """Let the tools called in this block know what the turn may change."""
    token = _turn_policy.set(policy)
    try:
        yield
    finally:
        _turn_policy.reset(token)


def current_turn() -> TurnPolicy | None:
    """Return the policy of the turn of AutoArr's agent being answered."""
    return _turn_policy.get()


async def async_tool_refusal(
    hass: HomeAssistant, user_id: str | None, *, admin: bool = False
) -> str | None:
    """Return why a changing tool call may not run, None when it may.

    `admin`: the call changes a service's setting (the speed limit), for
    administrators only as the action is; a request with no user may not.

    In a turn of AutoArr's agent, what the agent decided for it: the user's
    permission (its options cover a request with no user), then whether the
    user's words asked for a change at all (see agent/guard.py). For any
    other agent, the user's permission, and with no user Home Assistant's
    rule for calls without one (automations): allowed.
    """
    if admin and not await async_user_is_admin(hass, user_id):
        return NOT_ALLOWED
    policy = _turn_policy.get()
    if policy is None:
        allowed = await async_may_change(hass, user_id, {})
        return None if allowed else NOT_ALLOWED
    if not policy.may_change:
        return NOT_ALLOWED
    if not policy.asked_for_change:
        return NOT_REQUESTED
    return None
