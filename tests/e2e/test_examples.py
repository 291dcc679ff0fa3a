"""The examples (dashboard and blueprints) against the running demo.

No browser: these check, through Home Assistant's APIs, that every entity the
dashboard names exists and that the automations made from the blueprints work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import re
from typing import Any

import aiohttp
import pytest
import yaml

from tests.support.demo import EXAMPLES_DIR, REPO_DIR, HomeAssistantClient
from tests.support.sabnzbd import make_nzb

from .conftest import E2E_TIMEOUT
from .ui import arr_get

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]

ENTITY_ID = re.compile(
    r"\b(?:sensor|binary_sensor|switch|number|button|calendar|event|image|"
    r"conversation|ai_task)\.[a-z0-9_]+\b"
)


# SABnzbd fails a job with no articles within seconds; these bound the waits
# for a condition, they assert nothing about speed.
FAILED_JOB_POLLS = 120
NOTIFICATION_POLLS = 60


def _entity_ids(node: Any) -> Iterator[str]:
    """Every entity id a dashboard names: in entity fields and in templates."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _entity_ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _entity_ids(value)
    elif isinstance(node, str):
        yield from ENTITY_ID.findall(node)


def test_dashboard_names_entities() -> None:
    """The scan below finds the entities the dashboard is built on."""
    dashboard = yaml.safe_load((EXAMPLES_DIR / "dashboard.yaml").read_text())
    names = set(_entity_ids(dashboard))
    assert {
        "sensor.autoarr_downloads",
        "sensor.sabnzbd_speed",
        "calendar.autoarr_upcoming",
        "sensor.autoarr_audit_score",
        "binary_sensor.sonarr_health_problems",
        "image.radarr_next_release_poster",
    } <= names


def _without_absent_services(entity_ids: set[str], demo: dict[str, Any]) -> set[str]:
    """Leave out SABnzbd's entities when the demo runs without SABnzbd."""
    if "sabnzbd" in demo["services"]:
        return entity_ids
    return {entity_id for entity_id in entity_ids if "sabnzbd" not in entity_id}


async def test_every_dashboard_entity_exists(
    ha: HomeAssistantClient, demo: dict[str, Any]
) -> None:
    """Each entity of examples/dashboard.yaml is there and available."""
    dashboard = yaml.safe_load((EXAMPLES_DIR / "dashboard.yaml").read_text())
    wanted = _without_absent_services(set(_entity_ids(dashboard)), demo)
    states = {s["entity_id"]: s for s in await ha.request("GET", "/api/states")}
    missing = sorted(wanted - states.keys())
    assert not missing, f"the dashboard names entities AutoArr lacks: {missing}"
    unavailable = sorted(e for e in wanted if states[e]["state"] == "unavailable")
    assert not unavailable


async def test_voice_add_blueprint_adds_a_movie(
    ha: HomeAssistantClient, demo: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    """The blueprint's own sentence adds a movie to Radarr and says so."""
    radarr = demo["services"]["radarr"]
    before = {m["title"] for m in await arr_get(http, radarr, "movie")}
    assert "The Prestige" not in before

    result = await ha.request(
        "POST",
        "/api/conversation/process",
        {"text": "I want to watch the movie The Prestige", "language": "en"},
    )

    speech = result["response"]["speech"]["plain"]["speech"]
    assert "Okay, I added The Prestige (2006)" in speech
    after = {m["title"] for m in await arr_get(http, radarr, "movie")}
    assert "The Prestige" in after


async def test_voice_add_blueprint_knows_the_library(
    ha: HomeAssistantClient,
) -> None:
    """A series already in the library is not added twice."""
    result = await ha.request(
        "POST",
        "/api/conversation/process",
        {"text": "put the series Severance on my list", "language": "en"},
    )
    speech = result["response"]["speech"]["plain"]["speech"]
    assert "You already have Severance (2022)" in speech


async def test_notify_blueprint_reports_a_failed_download(
    ha: HomeAssistantClient, demo: dict[str, Any]
) -> None:
    """A download that fails in SABnzbd ends in the blueprint's notification.

    The test gives SABnzbd a job of its own (its news server has no articles,
    so the job fails), rather than relying on the demo's: an earlier test may
    reload AutoArr after the demo's job failed, and a reloaded entry counts a
    failure it finds on its first look as old news. Then step by step, not by
    waiting for polls: SABnzbd's own history shows the job failed, AutoArr is
    asked to refresh (as a user's "update entity" does), and the event it
    fires runs the automation at once.
    """
    if "sabnzbd" not in demo["services"]:
        pytest.skip("SABnzbd is not installed, so no download fails in the demo")
    sab = demo["services"]["sabnzbd"]
    name = "Notify.Check.2025.1080p.WEB.h264-E2E"
    api = f"{sab['url']}/api"
    async with aiohttp.ClientSession() as http:
        form = aiohttp.FormData()
        form.add_field(
            "name",
            make_nzb(name, files=1, segments=2),
            filename=f"{name}.nzb",
            content_type="application/x-nzb",
        )
        async with http.post(
            api,
            params={"mode": "addfile", "output": "json", "apikey": sab["api_key"]},
            data=form,
        ) as resp:
            assert (await resp.json())["status"] is True
        for _ in range(FAILED_JOB_POLLS):
            async with http.get(
                api,
                params={"mode": "history", "output": "json", "apikey": sab["api_key"]},
            ) as resp:
                history = (await resp.json())["history"]["slots"]
            if any(s["status"] == "Failed" and s["name"] == name for s in history):
                break
            await asyncio.sleep(1)
        else:
            pytest.fail("SABnzbd did not fail the test's download")
    await ha.request(
        "POST",
        "/api/services/homeassistant/update_entity",
        {"entity_id": "sensor.sabnzbd_status"},
    )
    failed: list[dict[str, Any]] = []
    for _ in range(NOTIFICATION_POLLS):
        notifications = await ha.ws_command("persistent_notification/get")
        failed = [
            n
            for n in notifications
            if n["title"] == "Download failed" and "Notify Check" in n["message"]
        ]
        if failed:
            break
        await asyncio.sleep(0.5)
    assert failed, "AutoArr's refresh did not end in a 'Download failed' notification"
    # Named as said, not by the release name, with the instance.
    assert failed[0]["message"].startswith("Notify Check (SABnzbd)")
    assert name not in failed[0]["message"]


def _readme_section(title: str) -> str:
    text = (REPO_DIR / "README.md").read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


async def test_readme_entities_exist(
    ha: HomeAssistantClient, demo: dict[str, Any]
) -> None:
    """The README's entity table names entities AutoArr really has.

    The demo's instances are named Sonarr, Radarr, Lidarr, Prowlarr and
    SABnzbd, so <sonarr> stands for "sonarr"; ids with another placeholder
    are left out.
    """
    table = "\n".join(
        line
        for line in _readme_section("Entities").splitlines()
        if line.startswith("|")
    )
    named = {
        entity_id.replace("<sonarr>", "sonarr")
        .replace("<radarr>", "radarr")
        .replace("<sabnzbd>", "sabnzbd")
        .replace("<lidarr>", "lidarr")
        .replace("<prowlarr>", "prowlarr")
        for entity_id in re.findall(r"`([a-z_]+\.[a-z0-9_<>]+)`", table)
    }
    named = _without_absent_services(
        {entity_id for entity_id in named if "<" not in entity_id}, demo
    )
    assert len(named) > 20
    registry = await ha.ws_command("config/entity_registry/list")
    known = {e["entity_id"] for e in registry if e["platform"] == "autoarr"}
    assert not sorted(named - known), "README names entities AutoArr lacks"


async def test_readme_actions_exist(ha: HomeAssistantClient) -> None:
    """Every action the README lists is registered, and every one is listed."""
    listed = set(re.findall(r"`autoarr\.([a-z_]+)`", _readme_section("Actions")))
    services = await ha.request("GET", "/api/services")
    registered = next(s["services"] for s in services if s["domain"] == "autoarr")
    assert listed == set(registered)
