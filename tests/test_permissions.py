"""Who may change the stack, checked the way Home Assistant checks entity actions.

A read-only user is refused every action, sentence and tool that changes
the stack (and changes nothing); a regular household user and an admin may
act; applying a recommendation is for admins only; reading stays open. A
request without a user follows the agent's `voice_control` option.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import llm
import pytest

from custom_components.autoarr.const import CONF_VOICE_CONTROL, DOMAIN, VOICE_READ_ONLY
from tests.entities.conftest import (
    lidarr,
    lidarr_subentry,
    loopback_sockets,
    prowlarr,
    prowlarr_subentry,
    radarr,
    radarr_subentry,
    sabnzbd,
    sabnzbd_subentry,
    service_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import (
    conversation_agent,
    conversation_subentry,
    hub_data,
    ollama,
)
from tests.support.arr_sim import (
    LidarrSimulator,
    ProwlarrSimulator,
    RadarrSimulator,
    SonarrSimulator,
)
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.support.sabnzbd import RealSabnzbd
from tests.support.seerr_sim import (
    APPROVED,
    DECLINED,
    SeerrSimulator,
    SimTitle,
    start_seerr,
)

__all__ = [
    "lidarr",
    "loopback_sockets",
    "ollama",
    "prowlarr",
    "radarr",
    "sabnzbd",
    "setup_entry",
    "sonarr",
]

# Arguments that would act, for every action that changes the stack.
CHANGING: dict[str, dict[str, Any]] = {
    "pause_downloads": {"duration": {"minutes": 30}},
    "resume_downloads": {},
    "retry_failed": {},
    "search_missing": {},
    "test_indexers": {},
    "recover": {},
    # Added straight to Radarr (the stack has a Seerr, which would take it).
    "request_media": {
        "title": "The Prestige",
        "kind": "movie",
        "search": False,
        "direct": True,
    },
    "remove_download": {"instance": "Radarr", "queue_id": 1, "blocklist": True},
    "search_again": {"instance": "Sonarr", "queue_id": 1},
    # Acts only on a download a client failed: refused later, see below.
    "retry_download": {"instance": "Sonarr", "queue_id": 1},
    # Cancels what an agent would announce.
    "cancel_followup": {"title": "Dune"},
}
# Actions that change a service's configuration: administrators only.
ADMIN: dict[str, dict[str, Any]] = {
    "apply_recommendation": {"finding_id": "any", "dry_run": True},
    "set_speed_limit": {"limit": 500},
    # Deciding what others asked for (Seerr's requests).
    "approve_request": {"title": "Dune Part Two"},
    "decline_request": {"title": "Severance"},
}
# The only actions open to every user: they read (`ask` runs the agent,
# which checks its user itself, see the agent tests below).
READING: dict[str, dict[str, Any]] = {
    "get_downloads": {},
    "get_missing": {},
    "get_upcoming": {},
    "audit": {},
    "ask": {"prompt": "what is downloading"},
    "get_queue": {},
    "get_diskspace": {},
    "get_series": {},
    "get_movies": {},
    "get_artists": {},
    "get_episodes": {"instance": "Sonarr", "series_id": 1},
    "requests": {},
    "get_followups": {},
}
# Arguments that would act, for every tool that changes the stack (each
# action of control_downloads).
CHANGING_TOOLS: dict[str, list[dict[str, Any]]] = {
    "autoarr__add_media": [{"title": "The Prestige", "kind": "movie"}],
    "autoarr__control_downloads": [
        {"action": "pause", "minutes": 60},
        {"action": "resume"},
        {"action": "retry_failed"},
        {"action": "search_missing"},
        {"action": "speed_limit", "limit_kib": 500},
        # Seerr's requests (administrators only).
        {"action": "approve", "title": "Dune Part Two"},
        {"action": "decline", "title": "Severance"},
    ],
}
# A dry run only reads.
DRY_RUNS: list[tuple[str, dict[str, Any]]] = [("recover", {"dry_run": True})]


@pytest.fixture
async def seerr() -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator: two requests wait for approval."""
    async with start_seerr() as sim:
        yield sim
    assert not sim.contract_violations


@pytest.fixture
async def stack(
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    lidarr: LidarrSimulator,
    sabnzbd: RealSabnzbd,
    prowlarr: ProwlarrSimulator,
    seerr: SeerrSimulator,
    ollama: OllamaServer,
) -> Any:
    """Set up AutoArr with the whole stack, a model and an agent."""
    return await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        lidarr_subentry(lidarr),
        sabnzbd_subentry(sabnzbd),
        prowlarr_subentry(prowlarr),
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
        conversation_subentry(),
        data=hub_data(ollama.url),
    )


@pytest.fixture
async def regular_user(hass_core: HomeAssistant, hass_owner_user: User) -> User:
    """Return a household user (Home Assistant's "Users" group, not admin).

    (Made after the owner: the first user made would become the owner.)
    """
    assert hass_owner_user.is_owner
    return await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )


async def call(
    hass: HomeAssistant, action: str, data: dict[str, Any], user: User | None
) -> Any:
    """Call an AutoArr action as a user."""
    return await hass.services.async_call(
        DOMAIN,
        action,
        data,
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id if user else None),
    )


async def paused(sab: RealSabnzbd) -> bool:
    """Return whether the real SABnzbd is paused."""
    queue = await asyncio.to_thread(sab.api, "queue")
    return bool(queue["queue"]["paused"])


def has_movie(radarr: RadarrSimulator, title: str) -> bool:
    """Return whether Radarr's library has a movie."""
    return any(m.seed.title == title for m in radarr.state.movies.values())


def commands(sim: SonarrSimulator | RadarrSimulator | LidarrSimulator) -> list[Any]:
    """Return the changing requests a simulator received."""
    return [r for r in sim.requests if r.method in ("POST", "PUT", "DELETE")]


@pytest.mark.usefixtures("stack")
async def test_read_only_user_is_refused_every_change(
    hass_core: HomeAssistant,
    hass_read_only_user: User,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    lidarr: LidarrSimulator,
    sabnzbd: RealSabnzbd,
    prowlarr: ProwlarrSimulator,
    seerr: SeerrSimulator,
) -> None:
    """Unauthorized for every registered action but the reading ones.

    The actions come from Home Assistant's registry, so an action added
    later that changes the stack without checking its caller fails here.
    """
    registered = set(hass_core.services.async_services_for_domain(DOMAIN))
    assert set(CHANGING) | set(ADMIN) <= registered
    assert set(READING) <= registered
    for action in sorted(registered - set(READING)):
        data = CHANGING.get(action, ADMIN.get(action, {}))
        with pytest.raises(Unauthorized):
            await call(hass_core, action, data, hass_read_only_user)
    assert not await paused(sabnzbd)
    assert commands(sonarr) == commands(radarr) == commands(lidarr) == []
    assert not has_movie(radarr, "The Prestige")
    assert prowlarr.state.tests_run == 0
    assert not [r for r in seerr.requests if r.method == "POST"]
    # Reading stays open to them, and changes nothing.
    for action, data in [*READING.items(), *DRY_RUNS]:
        assert await call(hass_core, action, data, hass_read_only_user) is not None
    assert not await paused(sabnzbd)
    assert commands(sonarr) == commands(radarr) == commands(lidarr) == []


@pytest.mark.usefixtures("stack")
async def test_household_user_may_act_but_not_reconfigure(
    hass_core: HomeAssistant,
    regular_user: User,
    sabnzbd: RealSabnzbd,
    seerr: SeerrSimulator,
) -> None:
    """A regular user pauses; applying a recommendation or deciding a request
    needs an admin."""
    await call(hass_core, "pause_downloads", {}, regular_user)
    assert await paused(sabnzbd)
    await call(hass_core, "resume_downloads", {}, regular_user)
    for action, data in ADMIN.items():
        with pytest.raises(Unauthorized):
            await call(hass_core, action, data, regular_user)
    assert not [r for r in seerr.requests if r.method == "POST"]


@pytest.mark.usefixtures("stack")
async def test_admin_may_do_everything(
    hass_core: HomeAssistant,
    hass_admin_user: User,
    radarr: RadarrSimulator,
    prowlarr: ProwlarrSimulator,
) -> None:
    """An admin's changes go through, including the admin-only action."""
    for action, data in CHANGING.items():
        if action == "retry_download":
            # Past the check: the download is not one a client failed.
            with pytest.raises(ServiceValidationError) as err:
                await call(hass_core, action, data, hass_admin_user)
            assert err.value.translation_key == "not_retriable"
            continue
        assert await call(hass_core, action, data, hass_admin_user) is not None
    assert has_movie(radarr, "The Prestige")
    assert 1 in [r["id"] for r in radarr.state.removed_queue_items]
    assert prowlarr.state.tests_run == 1
    report = await call(hass_core, "audit", {}, hass_admin_user)
    fixable = next(f for f in report["findings"] if f["fixable"])
    applied = await call(
        hass_core,
        "apply_recommendation",
        {"finding_id": fixable["id"], "dry_run": True},
        hass_admin_user,
    )
    assert applied is not None
    # SABnzbd's limit, through the seam.
    assert await call(hass_core, "set_speed_limit", {"limit": 0}, hass_admin_user)


async def _say(hass: HomeAssistant, agent_id: str, text: str, user: User | None) -> str:
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(user_id=user.id if user else None),
        language="en",
        agent_id=agent_id,
    )
    return str(result.response.speech["plain"]["speech"])


async def test_agent_refuses_a_read_only_user(
    hass_core: HomeAssistant,
    stack: Any,
    hass_read_only_user: User,
    hass_admin_user: User,
    sabnzbd: RealSabnzbd,
    radarr: RadarrSimulator,
) -> None:
    """Instant sentences: refused for read-only, done for an admin."""
    agent_id = conversation_agent(hass_core, stack)
    for text in ("pause the downloads", "add the movie The Prestige"):
        said = await _say(hass_core, agent_id, text, hass_read_only_user)
        assert said.startswith("Sorry, you are not allowed")
    assert not await paused(sabnzbd)
    assert not has_movie(radarr, "The Prestige")
    # Questions still get answers.
    said = await _say(hass_core, agent_id, "what is downloading", hass_read_only_user)
    assert "not allowed" not in said
    # And Home Assistant's own agent, which answers AutoArr's sentences too.
    said = await _say(
        hass_core,
        "conversation.home_assistant",
        "pause the downloads",
        hass_read_only_user,
    )
    assert said.startswith("Sorry, you are not allowed")
    assert not await paused(sabnzbd)
    said = await _say(hass_core, agent_id, "pause the downloads", hass_admin_user)
    assert not said.startswith("Sorry")
    assert await paused(sabnzbd)


async def test_tools_refuse_a_read_only_user(
    hass_core: HomeAssistant,
    stack: Any,
    hass_read_only_user: User,
    ollama: OllamaServer,
    sabnzbd: RealSabnzbd,
    radarr: RadarrSimulator,
) -> None:
    """A model calling the changing tools for a read-only user changes nothing."""
    ollama.script(
        Reply(
            tool_calls=[
                Call("autoarr__control_downloads", {"action": "pause", "minutes": 60}),
                Call("autoarr__add_media", {"title": "The Prestige", "kind": "movie"}),
            ]
        ),
        Reply("I could not do that."),
    )
    agent_id = conversation_agent(hass_core, stack)
    await _say(
        hass_core, agent_id, "Could you sort my downloads out?", hass_read_only_user
    )
    assert not await paused(sabnzbd)
    assert not has_movie(radarr, "The Prestige")
    _, second = ollama.chat_requests()
    results = [m for m in second["messages"] if m["role"] == "tool"]
    assert len(results) == 2
    assert all(json.loads(m["content"])["error"] == "not_allowed" for m in results)


async def _tool_results(
    hass: HomeAssistant, user: User, *, changing: bool
) -> list[llm.ToolResult]:
    """Call every AutoArr tool (changing or reading ones) as a user.

    The tools come from the AutoArr API Home Assistant offers any agent, so
    a changing tool added later without a check fails here.
    """
    context = llm.LLMContext(
        platform="test",
        context=Context(user_id=user.id),
        language="en",
        assistant=conversation.DOMAIN,
        device_id=None,
    )
    api = await llm.async_get_api(hass, DOMAIN, context)
    results = []
    for tool in api.tools:
        annotations = tool.annotations
        assert annotations is not None
        if annotations.read_only == changing:
            continue
        arguments = CHANGING_TOOLS[tool.name] if changing else [{}]
        if not changing and tool.name == "autoarr__find_media":
            arguments = [{"title": "The Prestige"}]
        results.extend(
            [
                await api.async_call_tool(
                    llm.ToolInput(tool_name=tool.name, tool_args=args)
                )
                for args in arguments
            ]
        )
    return results


async def test_every_changing_tool_refuses_a_read_only_user(
    hass_core: HomeAssistant,
    stack: Any,
    hass_read_only_user: User,
    hass_admin_user: User,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    seerr: SeerrSimulator,
) -> None:
    """Any agent's tool calls: refused for read-only, done for an admin."""
    seerr.state.titles[1124] = SimTitle(1124, "movie", "The Prestige", 2006)
    refused = await _tool_results(hass_core, hass_read_only_user, changing=True)
    assert len(refused) == sum(len(args) for args in CHANGING_TOOLS.values())
    assert all(r.error and r.data["error"] == "not_allowed" for r in refused)
    assert not await paused(sabnzbd)
    assert commands(sonarr) == commands(radarr) == []
    assert not [r for r in seerr.requests if r.method == "POST"]
    read = await _tool_results(hass_core, hass_read_only_user, changing=False)
    assert read
    assert not any(r.error for r in read)

    done = await _tool_results(hass_core, hass_admin_user, changing=True)
    assert not any(r.error for r in done)
    # The stack has a Seerr: the add is a request to it, not an add to Radarr.
    assert any(r.tmdb_id == 1124 for r in seerr.state.requests.values())
    assert not has_movie(radarr, "The Prestige")
    assert commands(sonarr)
    # The admin's decisions reached Seerr.
    assert [seerr.state.requests[i].status for i in (1, 2)] == [APPROVED, DECLINED]


async def test_speed_limit_tool_is_for_administrators(
    hass_core: HomeAssistant,
    stack: Any,
    regular_user: User,
    hass_admin_user: User,
) -> None:
    """Any agent's tool: a household user may not set the speed limit, an admin may."""
    [sab] = stack.runtime_data.download_services()

    async def speed_limit(user: User, limit: int) -> llm.ToolResult:
        context = llm.LLMContext(
            platform="test",
            context=Context(user_id=user.id),
            language="en",
            assistant=conversation.DOMAIN,
            device_id=None,
        )
        api = await llm.async_get_api(hass_core, DOMAIN, context)
        result = await api.async_call_tool(
            llm.ToolInput(
                tool_name="autoarr__control_downloads",
                tool_args={"action": "SPEED_LIMIT", "limit_kib": limit},
            )
        )
        assert isinstance(result, llm.ToolResult)
        return result

    # (SABnzbd with no limit tells its maximum line speed.)
    unlimited = (await sab.downloads.status()).download_limit
    refused = await speed_limit(regular_user, 500)
    assert refused.error and refused.data["error"] == "not_allowed"
    assert (await sab.downloads.status()).download_limit == unlimited
    done = await speed_limit(hass_admin_user, 500)
    assert not done.error
    assert (await sab.downloads.status()).download_limit == 500 * 1024 != unlimited
    # Lifted: SABnzbd then tells no limit at all.
    assert not (await speed_limit(hass_admin_user, 0)).error
    assert (await sab.downloads.status()).download_limit is None


async def test_agent_sets_the_speed_limit_for_administrators_only(
    hass_core: HomeAssistant,
    stack: Any,
    regular_user: User,
    hass_admin_user: User,
    ollama: OllamaServer,
) -> None:
    """AutoArr's own agent: the model's speed limit runs for an admin only.

    A household user (who may pause) and a request with no user (a voice
    satellite) are refused, and the model is told so.
    """
    [sab] = stack.runtime_data.download_services()
    agent_id = conversation_agent(hass_core, stack)
    unlimited = (await sab.downloads.status()).download_limit
    limit = Call(
        "autoarr__control_downloads", {"action": "speed_limit", "limit_kib": 500}
    )

    async def ask(user: User | None) -> dict[str, Any]:
        ollama.script(Reply(tool_calls=[limit]), Reply("Done."))
        await _say(hass_core, agent_id, "Limit the downloads to 500 KiB/s", user)
        second = ollama.chat_requests()[-1]
        [result] = [m for m in second["messages"] if m["role"] == "tool"]
        return dict(json.loads(result["content"]))

    for user in (regular_user, None):
        assert (await ask(user))["error"] == "not_allowed"
        assert (await sab.downloads.status()).download_limit == unlimited
    assert "error" not in await ask(hass_admin_user)
    assert (await sab.downloads.status()).download_limit == 500 * 1024


async def test_voice_without_user_follows_the_agents_option(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sabnzbd: RealSabnzbd,
    ollama: OllamaServer,
) -> None:
    """No user (a satellite): "read_only" refuses, the default allows."""
    entry = await setup_entry(
        sabnzbd_subentry(sabnzbd),
        conversation_subentry(**{CONF_VOICE_CONTROL: VOICE_READ_ONLY}),
        data=hub_data(ollama.url),
    )
    agent_id = conversation_agent(hass_core, entry)
    said = await _say(hass_core, agent_id, "pause the downloads", None)
    assert said.startswith("Sorry, you are not allowed")
    assert not await paused(sabnzbd)
    ollama.script(
        Reply(tool_calls=[Call("autoarr__control_downloads", {"action": "pause"})]),
        Reply("Not allowed."),
    )
    await _say(hass_core, agent_id, "Sort my downloads out", None)
    assert not await paused(sabnzbd)
    # Automations calling the actions have no user either: Home Assistant
    # allows those, and so does AutoArr.
    await call(hass_core, "pause_downloads", {}, None)
    assert await paused(sabnzbd)
