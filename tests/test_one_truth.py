"""The dashboard and the voice tell one truth about the downloads.

Through Home Assistant's public interfaces only: the queue sensors' state
attributes (what a dashboard card shows) and the answer to "what's
downloading?" (`conversation.async_converse`), from AutoArr's agent and from
Home Assistant's own agent with AutoArr's sentences, over the Sonarr and
Radarr simulators on 127.0.0.1 (no language model is reachable).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.agent.speech import counted, spoken_label, text as spoken
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.sensor_descriptions import MAX_QUEUE_LISTED
from tests.agent.phrasings import phrasings
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.qbittorrent import RealQbittorrent
from tests.support.torrents import make_torrent
from tests.test_instant_phrasings import _agents, _say
from tests.test_torrent_stack import client_subentry

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

pytestmark = pytest.mark.clock

# The states the answer counts.
SAID = ("queued", "paused", "importing")
PROBLEMS = ("stalled", "warning", "failed")


def _items(hass: HomeAssistant, entity_id: str) -> list[dict[str, Any]]:
    state = hass.states.get(entity_id)
    assert state is not None
    items: list[dict[str, Any]] = state.attributes["items"]
    assert state.attributes["total"] == len(items)
    return items


def _spoken(name: str, code: str = "en") -> str:
    """Return a listed name as the answer says it ("S02E05" as words)."""
    return spoken_label(code, name)


def _named(speech: str, names: list[str], code: str = "en") -> list[str]:
    """Return the names in the order the speech says them."""
    found = {name: speech.find(_spoken(name, code)) for name in names}
    return sorted((n for n, at in found.items() if at >= 0), key=found.__getitem__)


@pytest.mark.parametrize("code", sorted(REGISTRY))
async def test_dashboard_and_voice_name_the_same_downloads(
    hass: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    code: str,
) -> None:
    """The spoken answer names the queue sensors' downloading items, in their
    order, with their state words, and counts the rest as they list it, in
    every language."""
    question, start = phrasings(code).spoken["downloads"]
    agents = await _agents(
        hass, setup_entry, sonarr_subentry(sonarr), radarr_subentry(radarr)
    )
    sensors = {
        "Sonarr": _items(hass, "sensor.sonarr_queue"),
        "Radarr": _items(hass, "sensor.radarr_queue"),
    }
    listed = [item for items in sensors.values() for item in items]
    problems_listed = sum(1 for item in listed if item["state"] in PROBLEMS)
    # "10 need attention: ", in the language.
    marker = counted(code, "need_attention", problems_listed, items="|").split("|")[0]
    for agent in agents:
        speech = await _say(hass, agent, question, code)
        # The example, word for word: what is downloading first,
        # named, with the time left; then what needs a look, with its reason.
        assert speech.startswith(start), speech
        downloading, attention = speech.split(marker, 1)
        for items in sensors.values():
            # Each sensor's downloads are named in the sensor's order...
            active = [i["name"] for i in items if i["state"] == "downloading"]
            assert _named(downloading, active, code) == active
            problems = [i for i in items if i["state"] in PROBLEMS]
            named = _named(attention, [i["name"] for i in problems], code)
            assert named == [i["name"] for i in problems][: len(named)]
            # ... with the sensor's state word and reason.
            for item in problems:
                if item["name"] in named:
                    said = spoken(
                        code,
                        "with_reason",
                        name=_spoken(item["name"], code),
                        state=spoken(code, f"state_{item['state']}"),
                        reason=item["reason"].rstrip("."),
                    )
                    assert said in attention
        # What the answer counts is what the sensors list.
        for state in SAID:
            count = sum(1 for item in listed if item["state"] == state)
            assert counted(code, f"count_{state}", count) in speech


async def test_queue_attributes_are_capped_after_sorting(
    hass: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator
) -> None:
    """A long queue lists its first downloads by what matters, under the size
    the recorder accepts, and says how many there are in all."""
    sonarr.state.queue.clear()
    waiting = MAX_QUEUE_LISTED + 20
    for number in range(waiting):
        sonarr.state.add_queue_item(
            f"A.Very.Long.Release.Name.Of.Some.Show.S01E{number:02d}.2160p.UHD."
            "BluRay.REMUX.HDR.HEVC.Atmos-SOMEGROUPWITHALONGNAME",
            {},
            status="queued",
            status_messages=[("Waiting", ["Delayed by a delay profile " * 4])],
        )
    # Added last, downloading: listed first all the same.
    sonarr.state.add_queue_item("Zzz.Last.Added.S01E01.1080p", {}, done=0.5)
    await setup_entry(sonarr_subentry(sonarr))
    state = hass.states.get("sensor.sonarr_queue")
    assert state is not None
    items = state.attributes["items"]
    assert state.state == str(waiting + 1)
    assert state.attributes["total"] == waiting + 1
    assert len(items) == MAX_QUEUE_LISTED
    assert (items[0]["name"], items[0]["state"]) == (
        "Zzz.Last.Added.S01E01.1080p",
        "downloading",
    )
    # The recorder drops attributes over 16 KiB.
    size = len(json.dumps(dict(state.attributes), default=str).encode())
    assert size < 16 * 1024, size


async def test_the_stack_sensor_shows_what_no_arr_lists(
    hass: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    qbittorrent: RealQbittorrent,
) -> None:
    """A torrent no Sonarr or Radarr lists is on the stack's downloads sensor
    and in the answer; the sensor lists what the answer says, in its order,
    with its state words, and counts what it counts."""
    qbittorrent.add_torrent(make_torrent("Orphan.Linux.Image.x64"))
    agents = await _agents(
        hass,
        setup_entry,
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        client_subentry("qbittorrent", qbittorrent),
    )
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    # qBittorrent checks a new torrent for a moment before it stalls: read
    # its queue until it does (the clock is frozen: wait in a thread).
    for _ in range(50):
        listed = _items(hass, "sensor.autoarr_downloads")
        orphan = [i for i in listed if i["service"] == "qBittorrent"]
        if orphan and orphan[0]["state"] == "stalled":
            break
        await asyncio.to_thread(time.sleep, 0.1)
        for runtime in entry.runtime_data.download_services():
            await runtime.queue.async_refresh()
        await hass.async_block_till_done()
    assert [(i["name"], i["state"]) for i in orphan] == [
        ("Orphan.Linux.Image.x64.mkv", "stalled")
    ]
    # Every download of the arrs' queue sensors is on it once.
    queued = [
        *_items(hass, "sensor.sonarr_queue"),
        *_items(hass, "sensor.radarr_queue"),
    ]
    assert sorted(i["name"] for i in listed) == sorted(
        [i["name"] for i in queued] + ["Orphan.Linux.Image.x64.mkv"]
    )
    for agent in agents:
        speech = await _say(hass, agent, "what's downloading?", "en")
        downloading, attention = speech.split(" need attention: ", 1)
        active = [i["name"] for i in listed if i["state"] == "downloading"]
        assert _named(downloading, active) == active
        problems = [i["name"] for i in listed if i["state"] in PROBLEMS]
        named = _named(attention, problems)
        assert named == problems[: len(named)]
        # The answer counts the torrent with what needs attention, as the
        # stack's sensor does and the arrs' queue sensors cannot.
        assert "Orphan.Linux.Image.x64.mkv" in problems
        assert len(problems) == 1 + sum(1 for i in queued if i["state"] in PROBLEMS)
        assert f"{len(problems)} need attention" in speech
        for state in SAID:
            count = sum(1 for item in listed if item["state"] == state)
            assert counted("en", f"count_{state}", count) in speech
