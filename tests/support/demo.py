"""The AutoArr demo: a real Home Assistant next to a demo media stack.

`scripts/develop` runs this module. It starts, from one process:

- a real Home Assistant (``python -m homeassistant``) in a config folder of its
  own, with AutoArr linked into ``custom_components``, onboarding done for a
  demo user and AutoArr configured through the config flow over HTTP, exactly
  as the frontend does it;
- the demo media stack the tests use (see `demo_stack`).

It prints the URL and the login, then runs until Ctrl-C (SIGINT) or SIGTERM,
and stops everything it started. The end-to-end tests start this same module
with ``--port 0 --ready-file PATH`` and read the JSON it writes there once
everything is up.
"""

# The demo is a command-line program: what it prints is its output.
# ruff: noqa: T201

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
import contextlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import sys
import time
from typing import Any

import aiohttp
import yaml

from tests.support.arr_sim import ArrSimulator, SonarrSimulator, start_simulator
from tests.support.arr_sim.base import SimQueueItem
from tests.support.children import die_with_parent
from tests.support.llm_servers import OllamaServer
from tests.support.news_server import progress_bytes_left
from tests.support.qbittorrent import RealQbittorrent
from tests.support.sabnzbd import (
    NZB_POSTED,
    RealSabnzbd,
    make_nzb,
    make_progress_nzb,
    sabnzbd_available,
)
from tests.support.seerr_sim import start_seerr
from tests.support.torrents import make_torrent

REPO_DIR = Path(__file__).resolve().parents[2]
MEBI = 1024 * 1024
INTEGRATION_DIR = REPO_DIR / "custom_components" / "autoarr"
EXAMPLES_DIR = REPO_DIR / "examples"
DASHBOARD_URL_PATH = "autoarr-media"
BLUEPRINTS_DIR = EXAMPLES_DIR / "blueprints" / "automation" / "autoarr"
# The automations the demo makes from the example blueprints, by id.
DEMO_AUTOMATIONS: dict[str, dict[str, Any]] = {
    "autoarr_demo_download_notify": {
        "alias": "Notify on downloads (AutoArr blueprint)",
        "description": "Made by the demo from examples/blueprints.",
        "use_blueprint": {
            "path": "autoarr/download_notify.yaml",
            "input": {
                "download_events": [
                    "event.sonarr_downloads",
                    "event.radarr_downloads",
                    "event.sabnzbd_downloads",
                ],
                "notify_on": ["failed", "completed", "imported"],
                "notify_action": "notify.persistent_notification",
            },
        },
    },
    "autoarr_demo_voice_add": {
        "alias": "Add movies and series by voice (AutoArr blueprint)",
        "description": "Made by the demo from examples/blueprints.",
        "use_blueprint": {"path": "autoarr/voice_add.yaml", "input": {}},
    },
}
DEFAULT_CONFIG_DIR = REPO_DIR / "config"
# Written into every config folder this module makes; a folder without it is
# never wiped, so pointing --config at a real configuration is harmless.
DEMO_MARKER = ".autoarr-demo"
DEMO_NAME = "Demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "autoarr-demo"  # a throwaway login for a loopback-only demo
HOST = "127.0.0.1"
# The model the scripted Ollama-protocol server offers (and AutoArr defaults to).
DEMO_MODEL = "qwen2.5:7b"
# Onboarding steps Home Assistant 2026.10 knows. All but "user" are marked done
# before start-up: the core-config step would otherwise set up Met, Radio
# Browser and Google Translate, which only talk to the internet.
ONBOARDING_STEPS_PRESET = ("core_config", "analytics", "integration")
ONBOARDING_STORAGE_VERSION = 4
STARTUP_TIMEOUT = 240.0
STOP_TIMEOUT = 30.0

CONFIGURATION_YAML = """\
# Written by AutoArr's demo (tests/support/demo.py); rewritten at each start.
# Deliberately not default_config: no discovery, cloud or other network use.
homeassistant:
  name: AutoArr demo
  latitude: 52.3731
  longitude: 4.8922
  elevation: 0
  unit_system: metric
  time_zone: UTC
  country: NL
  currency: EUR
  language: en
  internal_url: "{url}"

frontend:
config:
conversation:
assist_pipeline:
# Automations made in the UI (the demo adds two from AutoArr's blueprints).
automation: !include automations.yaml

logger:
  default: warning
  logs:
    custom_components.autoarr: debug
    # Optional system programs AutoArr never uses (ffmpeg for cameras and
    # text-to-speech, libturbojpeg for camera snapshots) are not installed.
    haffmpeg: critical
    homeassistant.components.camera.img_util: critical
"""


class DemoError(Exception):
    """The demo could not be started."""


@dataclass(slots=True)
class DemoInfo:
    """What a running demo tells its users (and writes to the ready file)."""

    url: str
    username: str
    password: str
    config_dir: str
    log_file: str
    access_token: str = ""
    autoarr_entry_id: str = ""
    dashboard_url: str = ""
    llm: dict[str, Any] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    spare: dict[str, dict[str, Any]] = field(default_factory=dict)


def free_port(host: str = HOST) -> int:
    """Return a TCP port that is free on host right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int, host: str = HOST) -> bool:
    """Return whether nothing listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def prepare_config_dir(config_dir: Path, *, port: int, keep: bool) -> None:
    """Make a fresh Home Assistant config folder for the demo.

    An existing folder is wiped only when this module made it (it holds the
    demo marker); with keep=True its state (users, dashboards) is reused.
    """
    if config_dir.exists() and any(config_dir.iterdir()):
        if not (config_dir / DEMO_MARKER).exists():
            raise DemoError(
                f"{config_dir} is not empty and was not made by the demo; "
                "choose another folder with --config"
            )
        if not keep:
            shutil.rmtree(config_dir)
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / DEMO_MARKER).write_text("made by tests/support/demo.py\n")
    url = f"http://{HOST}:{port}"
    (config_dir / "configuration.yaml").write_text(CONFIGURATION_YAML.format(url=url))
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    (storage / "http").write_text(json.dumps(http_storage(port)))
    onboarding = storage / "onboarding"
    if not onboarding.exists():
        onboarding.write_text(
            json.dumps(
                {
                    "version": ONBOARDING_STORAGE_VERSION,
                    "minor_version": 1,
                    "key": "onboarding",
                    "data": {"done": list(ONBOARDING_STEPS_PRESET)},
                }
            )
        )
    automations = config_dir / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n")
    blueprints = config_dir / "blueprints" / "automation"
    blueprints.mkdir(parents=True, exist_ok=True)
    _link(blueprints / "autoarr", BLUEPRINTS_DIR)
    custom = config_dir / "custom_components"
    custom.mkdir(exist_ok=True)
    # Links, not copies: edits to the integration and the blueprints apply
    # on the next restart (or reload).
    _link(custom / "autoarr", INTEGRATION_DIR)


def _link(link: Path, target: Path) -> None:
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target, target_is_directory=True)


def http_storage(port: int) -> dict[str, Any]:
    """Return Home Assistant's HTTP settings store, listening on HOST:port.

    Since 2026.x the HTTP settings live in this store; an ``http:`` YAML block
    would be staged as a trial that reverts (and restarts Home Assistant on
    port 8123, all interfaces) unless confirmed in the UI within five minutes.
    Seeding the store's confirmed ("stable") slot avoids both.
    """
    from homeassistant.components.http import config as http_config
    from homeassistant.util import dt as dt_util

    stable = http_config.HTTP_STORAGE_SCHEMA(
        {"server_host": [HOST], "server_port": port}
    )
    return {
        "version": http_config.STORAGE_VERSION,
        "minor_version": http_config.STORAGE_MINOR_VERSION,
        "key": http_config.STORAGE_KEY,
        "data": {
            "stable": {
                **stable,
                "created_at": dt_util.utcnow().isoformat(),
                "error": None,
                "error_message": None,
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }


class HomeAssistantProcess:
    """A real Home Assistant run as a child process in its own session."""

    def __init__(self, config_dir: Path, port: int) -> None:
        """Prepare to run Home Assistant on config_dir, listening on port."""
        self.config_dir = config_dir
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.log_file = config_dir / "home-assistant.console.log"
        self._process: asyncio.subprocess.Process | None = None

    @property
    def returncode(self) -> int | None:
        """Exit code once the process ended, else None."""
        return None if self._process is None else self._process.returncode

    async def start(self) -> None:
        """Start Home Assistant; its output goes to the console log file."""
        with self.log_file.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "homeassistant",
                "--config",
                str(self.config_dir),
                # Requirements come from requirements_test.txt; Home Assistant
                # must never try to install packages itself.
                "--skip-pip",
                cwd=self.config_dir,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGTERM),
            )

    async def wait(self) -> None:
        """Wait until the process has exited."""
        if self._process is not None:
            await self._process.wait()

    async def stop(self) -> None:
        """Stop Home Assistant and anything it started (its process group)."""
        process = self._process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()

    def log_tail(self, lines: int = 40) -> str:
        """Return the end of Home Assistant's console output."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class HomeAssistantClient:
    """The few Home Assistant HTTP APIs the demo drives, as the frontend does."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Talk to the Home Assistant at url."""
        self._session = session
        self.url = url
        self.client_id = f"{url}/"
        self.token = ""

    async def request(
        self, method: str, path: str, body: Mapping[str, Any] | None = None
    ) -> Any:
        """Call an authenticated JSON API; raise DemoError on an error status."""
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self._session.request(
            method, self.url + path, json=body, headers=headers
        ) as resp:
            text = await resp.text()
            if resp.status >= 400:
                raise DemoError(f"{method} {path}: HTTP {resp.status}: {text}")
            return json.loads(text) if text else None

    async def ws_command(self, command: str, **payload: Any) -> Any:
        """Send one websocket API command; return its result."""
        async with self._session.ws_connect(self.url + "/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (await ws.receive_json())["type"] != "auth_ok":
                raise DemoError("the websocket API refused the demo's token")
            await ws.send_json({"id": 1, "type": command, **payload})
            reply = await ws.receive_json()
        if not reply.get("success"):
            raise DemoError(f"{command}: {reply.get('error')}")
        return reply.get("result")

    async def wait_for_http(
        self, alive: Callable[[], bool], timeout: float = STARTUP_TIMEOUT
    ) -> list[dict[str, Any]]:
        """Wait until the HTTP API answers; return the onboarding steps.

        An empty list means onboarding was done before.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not alive():
                raise DemoError("Home Assistant exited during start-up")
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with self._session.get(
                    self.url + "/api/onboarding",
                    timeout=aiohttp.ClientTimeout(total=5),
                ) as resp:
                    if resp.status == 200:
                        steps: list[dict[str, Any]] = await resp.json()
                        return steps
                    if resp.status == 404:
                        # Home Assistant serves no onboarding views once it
                        # is onboarded (a kept config folder).
                        return []
            await asyncio.sleep(0.5)
        raise DemoError(f"Home Assistant did not answer within {timeout:.0f} s")

    async def onboard_user(self, name: str, username: str, password: str) -> None:
        """Create the owner through the onboarding API and log in as them."""
        async with self._session.post(
            self.url + "/api/onboarding/users",
            json={
                "client_id": self.client_id,
                "name": name,
                "username": username,
                "password": password,
                "language": "en",
            },
        ) as resp:
            if resp.status != 200:
                raise DemoError(f"onboarding failed: {await resp.text()}")
            auth_code = (await resp.json())["auth_code"]
        await self._exchange(
            {
                "grant_type": "authorization_code",
                "code": auth_code,
                "client_id": self.client_id,
            }
        )

    async def login(self, username: str, password: str) -> None:
        """Log in through the login flow, as the frontend's login page does."""
        async with self._session.post(
            self.url + "/auth/login_flow",
            json={
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.client_id,
            },
        ) as resp:
            flow = await resp.json()
        async with self._session.post(
            f"{self.url}/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": self.client_id,
                "username": username,
                "password": password,
            },
        ) as resp:
            result = await resp.json()
        if result.get("type") != "create_entry":
            raise DemoError(f"cannot log in as {username}: {result}")
        await self._exchange(
            {
                "grant_type": "authorization_code",
                "code": result["result"],
                "client_id": self.client_id,
            }
        )

    async def _exchange(self, form: dict[str, str]) -> None:
        async with self._session.post(self.url + "/auth/token", data=form) as resp:
            if resp.status != 200:
                raise DemoError(f"token request failed: {await resp.text()}")
            self.token = (await resp.json())["access_token"]

    async def wait_until_running(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait until Home Assistant has finished starting."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            config = await self.request("GET", "/api/config")
            if config.get("state") == "RUNNING":
                return
            await asyncio.sleep(0.5)
        raise DemoError(f"Home Assistant did not finish starting in {timeout:.0f} s")

    async def run_flow(
        self,
        flow_path: str,
        handler: str | list[str],
        steps: Mapping[str, Any],
    ) -> dict[str, Any]:
        """Run a data entry flow to its end through the HTTP API.

        `steps` answers by step id: a form step with a dict of field values
        (fields left out keep the form's defaults; fields of sections are
        found by name too), a menu step with the option to choose, or a list
        of options chosen one after another each time the menu shows again.
        Returns the final result (create_entry); raises DemoError otherwise.
        """
        menu_choices = {
            step: list(answer)
            for step, answer in steps.items()
            if isinstance(answer, list)
        }
        result: dict[str, Any] = await self.request(
            "POST", flow_path, {"handler": handler, "show_advanced_options": False}
        )
        for _ in range(50):
            kind = result["type"]
            if kind == "create_entry":
                return result
            if kind == "abort":
                raise DemoError(f"{handler} flow aborted: {result.get('reason')}")
            step_id = result["step_id"]
            step_path = f"{flow_path}/{result['flow_id']}"
            if kind == "menu":
                if step_id in menu_choices:
                    if not menu_choices[step_id]:
                        raise DemoError(f"{handler} flow: menu {step_id} shown again")
                    choice = menu_choices[step_id].pop(0)
                else:
                    choice = steps[step_id]
                body: dict[str, Any] = {"next_step_id": choice}
            elif kind == "form":
                if result.get("errors"):
                    raise DemoError(
                        f"{handler} flow step {step_id}: {result['errors']}"
                    )
                body = fill_form(result["data_schema"], steps.get(step_id, {}), step_id)
            elif kind == "progress":
                await asyncio.sleep(0.5)
                result = await self.request("GET", step_path)
                continue
            else:
                raise DemoError(f"{handler} flow: unexpected result {result}")
            result = await self.request("POST", step_path, body)
        raise DemoError(f"{handler} flow did not finish: {result}")


def fill_form(
    schema: list[dict[str, Any]], answers: Mapping[str, Any], step_id: str
) -> dict[str, Any]:
    """Answer one serialized flow form from answers (by field name)."""
    body: dict[str, Any] = {}
    missing: list[str] = []
    for item in schema:
        name = item["name"]
        if item.get("type") == "expandable":
            body[name] = fill_form(item["schema"], answers, step_id)
        elif name in answers:
            body[name] = answers[name]
        elif item.get("required") and "default" not in item:
            missing.append(name)
    if missing:
        raise DemoError(f"step {step_id} asks for {missing}, which the demo lacks")
    return body


@dataclass(slots=True)
class DemoStack:
    """The running demo media stack.

    `llm` holds the hub's language model settings and `services`, per
    service subentry type, the form values the demo fills in; `spare` holds
    services that run but are left unconfigured, for trying the "Add Sonarr"
    flow by hand (and for the end-to-end test that does it in the browser).
    """

    llm: dict[str, Any]
    services: dict[str, dict[str, Any]]
    spare: dict[str, dict[str, Any]]
    sonarr: ArrSimulator
    radarr: ArrSimulator
    ollama: OllamaServer
    sabnzbd: RealSabnzbd | None
    qbittorrent: RealQbittorrent | None = None


def _service_answers(name: str, url: str, api_key: str) -> dict[str, Any]:
    return {"name": name, "url": url, "api_key": api_key, "verify_ssl": True}


def queue_sabnzbd_job(
    sab: RealSabnzbd,
    name: str,
    *,
    held: bool,
    posted: int = NZB_POSTED,
    nzb: bytes | None = None,
) -> str:
    """Give the real SABnzbd a job (a held one stays in the queue); return its id.

    Its only news server has none of `make_nzb`'s articles, so a job that
    starts fails within seconds: a realistic failed download, with SABnzbd's
    own reason. A job posted in the future waits out SABnzbd's propagation
    delay: it stays queued ("Propagating") and never takes a news connection.
    `nzb` is another NZB to give (one of `make_progress_nzb`).
    """
    path = sab.base_dir / f"{name}.nzb"
    path.write_bytes(nzb or make_nzb(name, files=3, segments=4, posted=posted))
    # Priority -2 is SABnzbd's "paused" priority.
    answer = sab.api(
        "addlocalfile", name=str(path), priority="-2" if held else "0", cat="*"
    )
    nzo_ids: list[str] = answer.get("nzo_ids") or []
    if len(nzo_ids) != 1:
        raise DemoError(f"SABnzbd did not take the job {name}: {answer}")
    return nzo_ids[0]


# The demo's SABnzbd waits a minute after a post before downloading it (an
# option of its own); the jobs of queued downloads are posted far in the
# future (2100-01-01), so they wait in its queue for good.
SABNZBD_MISC = {"propagation_delay": "1"}
FUTURE_POST = 4_102_444_800
# How SABnzbd's queue shows the job of an arr queue item, by the item's role
# (`sabnzbd_role`, which is also AutoArr's word for the download): a queued
# one waits out the propagation delay, a paused one is held, a downloading
# one has the item's share and gets the rest at a slow steady pace, a stalled
# one has its share and gets nothing more (its news connection is silent).
SABNZBD_STATUS = {
    "queued": "Propagating",
    "paused": "Paused",
    "downloading": "Downloading",
    "stalled": "Downloading",
}
# The roles whose job has a share downloaded and keeps a news connection.
SABNZBD_PROGRESS_ROLES = frozenset({"downloading", "stalled"})
# How long SABnzbd may take to get the jobs to their shares at start.
SABNZBD_SETTLE_TIMEOUT = 180.0


def sabnzbd_role(client: str | None, status: str, tracked_state: str) -> str | None:
    """Return what an arr queue item's download is in the demo's SABnzbd, or None.

    The arr's queued, paused and downloading downloads are SABnzbd's jobs in
    that state; one the arr warns about while it downloads (stalled, with no
    connections) is a job that gets nothing. Others (done, failed, importing,
    delayed ones) have no job.
    """
    if client != "SABnzbd":
        return None
    if status in ("queued", "paused", "downloading"):
        return status
    if status == "warning" and tracked_state == "downloading":
        return "stalled"
    return None


def sabnzbd_items(simulator: ArrSimulator) -> list[tuple[SimQueueItem, str]]:
    """Return the simulator's downloads that are SABnzbd jobs, with their roles."""
    found = []
    for item in simulator.state.queue.values():
        role = sabnzbd_role(
            item.download_client, item.status, item.tracked_download_state
        )
        if role is not None:
            found.append((item, role))
    return found


def sabnzbd_share(item: SimQueueItem) -> float:
    """Return the share of an arr queue item downloaded, as the arr says."""
    return 1 - item.size_left / item.size


def link_queues_to_sabnzbd(sab: RealSabnzbd, simulators: list[ArrSimulator]) -> None:
    """Make the simulators' SABnzbd downloads real SABnzbd jobs, in their states.

    Each arr queue item SABnzbd has (`sabnzbd_role`) becomes a job of the real
    SABnzbd as `SABNZBD_STATUS` says, and the item, with its history, carries
    the job's id as its downloadId, as Sonarr, Radarr and Lidarr do:
    SABnzbd's queue and theirs name the same jobs. A downloading or stalled
    job is served its share at once by the stub news server, and stays at
    it (`news_server.make_progress_nzb`); this returns once SABnzbd shows
    every such job at its share.
    """
    progress: dict[str, float] = {}
    for simulator in simulators:
        for item, role in sabnzbd_items(simulator):
            if role in SABNZBD_PROGRESS_ROLES:
                share = sabnzbd_share(item)
                nzb = make_progress_nzb(
                    item.title, done=share, stalled=role == "stalled"
                )
                nzo_id = queue_sabnzbd_job(sab, item.title, held=False, nzb=nzb)
                progress[nzo_id] = share
            else:
                nzo_id = queue_sabnzbd_job(
                    sab, item.title, held=role == "paused", posted=FUTURE_POST
                )
            for record in simulator.state.history:
                if record.download_id == item.download_id:
                    record.download_id = nzo_id
            item.download_id = nzo_id
    wait_for_shares(sab, progress)


def sabnzbd_mb_left(share: float) -> str:
    """Return what SABnzbd's queue says is left ("mbleft") of a job at a share."""
    return f"{progress_bytes_left(share) / MEBI:.2f}"


def wait_for_shares(
    sab: RealSabnzbd,
    shares: Mapping[str, float],
    timeout: float = SABNZBD_SETTLE_TIMEOUT,
) -> None:
    """Wait until SABnzbd's queue shows each job (by id) at its share."""
    wanted = {nzo_id: sabnzbd_mb_left(share) for nzo_id, share in shares.items()}
    deadline = time.monotonic() + timeout
    shown: dict[str, str] = {}
    while time.monotonic() < deadline:
        slots = sab.api("queue")["queue"]["slots"]
        shown = {slot["nzo_id"]: slot["mbleft"] for slot in slots}
        if all(shown.get(nzo_id) == left for nzo_id, left in wanted.items()):
            return
        time.sleep(0.5)
    raise DemoError(
        f"SABnzbd did not get its jobs to their shares in {timeout:.0f} s: "
        f"MB left {shown}, wanted {wanted}\n{sab.log_tail()}"
    )


def sabnzbd_progress_jobs(simulators: list[ArrSimulator]) -> int:
    """Return how many of the simulators' downloads keep a SABnzbd news connection."""
    return sum(
        role in SABNZBD_PROGRESS_ROLES
        for simulator in simulators
        for _item, role in sabnzbd_items(simulator)
    )


# The demo's torrents: Sonarr grabbed the first, which nobody seeds (it
# stalls: no seeds or peers); the second waits, paused.
STALLED_TORRENT = "The.Last.of.Us.S02E03.1080p.WEB.H264-DEMO"
PAUSED_TORRENT = "Andor.S02E01.1080p.WEB.H264-DEMO"


def add_demo_torrents(qbt: RealQbittorrent, sonarr: ArrSimulator) -> None:
    """Give the real qBittorrent its torrents; Sonarr reports the stalled one."""
    stalled = make_torrent(STALLED_TORRENT)
    qbt.add_torrent(stalled, category="tv-sonarr")
    qbt.add_torrent(make_torrent(PAUSED_TORRENT), category="tv-sonarr", paused=True)
    if isinstance(sonarr, SonarrSimulator):
        episode = next(iter(sonarr.state.episodes.values()))
        sonarr.state.add_queue_item(
            STALLED_TORRENT,
            sonarr.state.episode_media(episode),
            size=stalled.size,
            download_id=stalled.info_hash.upper(),
            download_client="qBittorrent",
            protocol="torrent",
            status="warning",
            tracked_download_status="warning",
            tracked_download_state="downloading",
            status_messages=[
                (STALLED_TORRENT, ["The download is stalled with no connections"])
            ],
        )


@contextlib.asynccontextmanager
async def demo_stack(
    *,
    with_sabnzbd: bool = True,
    with_qbittorrent: bool = True,
    now: datetime | None = None,
) -> AsyncIterator[DemoStack]:
    """Start the demo media stack on 127.0.0.1 ports; stop it on exit.

    Sonarr, Radarr, Lidarr and Prowlarr are the shared simulators (a seeded
    library, queue, calendar and health; Prowlarr's indexers, one failing for
    days), Seerr its simulator (requests waiting, not configured: its
    requests would take the demo's adds), SABnzbd is the real program when
    installed, and the language model is the scripted Ollama-protocol server.
    qBittorrent is the real program when installed, with a stalled torrent
    Sonarr grabbed and a paused one. The simulators' present is `now` (a
    test's fixed one), else the wall clock's.
    """
    say(
        "Starting the Sonarr, Radarr, Lidarr, Prowlarr and Seerr simulators, "
        "SABnzbd, qBittorrent and the model server..."
    )
    async with contextlib.AsyncExitStack() as stack:
        # The demo's Home Assistant runs on the wall clock, so its stack does too.
        now = now or datetime.now(UTC)
        sonarr = await stack.enter_async_context(start_simulator("sonarr", now=now))
        radarr = await stack.enter_async_context(start_simulator("radarr", now=now))
        lidarr = await stack.enter_async_context(start_simulator("lidarr", now=now))
        prowlarr = await stack.enter_async_context(start_simulator("prowlarr", now=now))
        spare_sonarr = await stack.enter_async_context(
            start_simulator(
                "sonarr", now=now, api_key="spare-sonarr-api-key-0123456789"
            )
        )
        spare_sonarr.state.instance_name = "Sonarr Anime"
        ollama = await stack.enter_async_context(OllamaServer())
        llm = {"ollama_url": ollama.url, "ollama_model": DEMO_MODEL}
        # Seerr, left for adding by hand (with it, adds go through its
        # requests): two requests wait for an administrator's approval.
        seerr = await stack.enter_async_context(start_seerr(now=now))
        services: dict[str, dict[str, Any]] = {
            "sonarr": _service_answers("Sonarr", sonarr.url, sonarr.api_key),
            "radarr": _service_answers("Radarr", radarr.url, radarr.api_key),
            "lidarr": _service_answers("Lidarr", lidarr.url, lidarr.api_key),
            "prowlarr": _service_answers("Prowlarr", prowlarr.url, prowlarr.api_key),
        }
        sab: RealSabnzbd | None = None
        if with_sabnzbd and sabnzbd_available():
            linked = [sonarr, radarr, lidarr]
            sab = await stack.enter_async_context(
                RealSabnzbd(
                    misc=SABNZBD_MISC, progress_jobs=sabnzbd_progress_jobs(linked)
                )
            )
            await asyncio.to_thread(link_queues_to_sabnzbd, sab, linked)
            await asyncio.to_thread(
                queue_sabnzbd_job,
                sab,
                "Severance.S02E09.1080p.WEB.H264-DEMO",
                held=True,
            )
            services["sabnzbd"] = _service_answers("SABnzbd", sab.url, sab.api_key)
        qbt: RealQbittorrent | None = None
        if with_qbittorrent and RealQbittorrent.available():
            qbt = await stack.enter_async_context(RealQbittorrent())
            await asyncio.to_thread(add_demo_torrents, qbt, sonarr)
            services["qbittorrent"] = {
                "name": "qBittorrent",
                "url": qbt.url,
                "username": qbt.username,
                "password": qbt.password,
                "verify_ssl": True,
            }
        spare = {
            "sonarr": _service_answers(
                "Sonarr Anime", spare_sonarr.url, spare_sonarr.api_key
            ),
            "seerr": _service_answers("Seerr", seerr.url, seerr.api_key),
        }
        yield DemoStack(llm, services, spare, sonarr, radarr, ollama, sab, qbt)


def hub_flow_steps(
    llm: Mapping[str, Any], services: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Return the answers to AutoArr's hub flow, adding every service."""
    return {
        "user": {"ollama_url": llm["ollama_url"]},
        "models": {"ollama_model": llm["ollama_model"]},
        "services": [*services, "finish"],
        **services,
    }


async def configure_autoarr(client: HomeAssistantClient, stack: DemoStack) -> str:
    """Set AutoArr up as a person would on first use; return the entry id.

    The hub flow asks for the language models, then offers to add services
    one by one; the demo adds each one it runs, then finishes.
    """
    result = await client.run_flow(
        "/api/config/config_entries/flow",
        "autoarr",
        hub_flow_steps(stack.llm, stack.services),
    )
    entry_id: str = result["result"]["entry_id"]
    return entry_id


async def install_dashboard(client: HomeAssistantClient) -> None:
    """Add examples/dashboard.yaml as the "AutoArr" dashboard in the sidebar.

    Done as a user does it: a new dashboard, then its raw configuration.
    """
    config = yaml.safe_load((EXAMPLES_DIR / "dashboard.yaml").read_text())
    dashboards = await client.ws_command("lovelace/dashboards/list")
    if not any(board["url_path"] == DASHBOARD_URL_PATH for board in dashboards):
        await client.ws_command(
            "lovelace/dashboards/create",
            url_path=DASHBOARD_URL_PATH,
            title=config.get("title", "AutoArr"),
            icon="mdi:television-classic",
            show_in_sidebar=True,
            require_admin=False,
        )
    await client.ws_command(
        "lovelace/config/save", url_path=DASHBOARD_URL_PATH, config=config
    )


async def add_demo_automations(client: HomeAssistantClient) -> None:
    """Create automations from the example blueprints, as the UI saves them."""
    for automation_id, config in DEMO_AUTOMATIONS.items():
        await client.request(
            "POST", f"/api/config/automation/config/{automation_id}", config
        )
    # Saving reloads automations; make sure both are loaded and on.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = await client.request("GET", "/api/states")
        ours = [
            state
            for state in states
            if state["entity_id"].startswith("automation.")
            and state["attributes"].get("id") in DEMO_AUTOMATIONS
        ]
        if len(ours) == len(DEMO_AUTOMATIONS) and all(
            state["state"] == "on" for state in ours
        ):
            return
        await asyncio.sleep(0.5)
    raise DemoError("the automations made from the example blueprints did not load")


async def start_demo_activity(client: HomeAssistantClient, stack: DemoStack) -> None:
    """Things that happen once everything is set up, to show them live.

    A download that fails in SABnzbd (the notification blueprint reports it),
    a first best-practice audit (the dashboard's gauge shows its score), and
    the shortest stall timeout, so recovery counts the stalled torrent as
    stuck ten minutes after the start.
    """
    if stack.sabnzbd is not None:
        await asyncio.to_thread(
            queue_sabnzbd_job,
            stack.sabnzbd,
            "Dune.Part.Two.2024.2160p.UHD.BluRay.x265-DEMO",
            held=False,
        )
    await client.request("POST", "/api/services/autoarr/audit", {})
    if stack.qbittorrent is not None:
        # The entry's numbers come up in the background after its flow.
        await wait_for_entity(client, "number")
        await client.request(
            "POST",
            "/api/services/number/set_value",
            {"entity_id": "number.autoarr_stalled_download_timeout", "value": 10},
        )


async def wait_for_entity(
    client: HomeAssistantClient, domain: str, timeout: float = 60.0
) -> str:
    """Return the id of AutoArr's first entity of domain, once registered.

    The entry is set up in the background after its flow has finished.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entities = await client.ws_command("config/entity_registry/list")
        for entity in entities:
            if entity["platform"] == "autoarr" and entity["entity_id"].startswith(
                f"{domain}."
            ):
                entity_id: str = entity["entity_id"]
                return entity_id
        await asyncio.sleep(0.5)
    raise DemoError(f"AutoArr's {domain} entity did not appear in {timeout:.0f} s")


async def wait_for_entry_loaded(
    client: HomeAssistantClient, entry_id: str, timeout: float = 120.0
) -> None:
    """Return once AutoArr's entry is loaded: every platform has added its entities.

    The entry is set up in the background after its flow. One entity in the
    registry is not enough to call the demo ready: its platform may be done
    while another (the SABnzbd sensors, say, on a loaded machine) is still
    adding its own, and a user (or a test) would find them missing.
    """
    deadline = time.monotonic() + timeout
    state = "unknown"
    while time.monotonic() < deadline:
        entries = await client.request(
            "GET", "/api/config/config_entries/entry?domain=autoarr"
        )
        state = next(
            (e["state"] for e in entries if e["entry_id"] == entry_id), "missing"
        )
        if state == "loaded":
            return
        if state in ("setup_error", "migration_error", "failed_unload"):
            break
        await asyncio.sleep(0.5)
    raise DemoError(f"AutoArr's entry is {state}, not loaded, after {timeout:.0f} s")


def suggested_answers(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a serialized form's suggested values (what it shows filled in)."""
    answers: dict[str, Any] = {}
    for item in schema:
        if item.get("type") == "expandable":
            answers[item["name"]] = suggested_answers(item["schema"])
        elif "suggested_value" in (item.get("description") or {}):
            answers[item["name"]] = item["description"]["suggested_value"]
    return answers


async def announce_when_ready(client: HomeAssistantClient, entry_id: str) -> None:
    """Turn the AutoArr agent's "Say when it is ready" on.

    As a user does with the agent's gear icon: its options as they are, with
    the follow-ups on, so a movie or show added by voice is announced (on
    the satellite that asked, else in a notification) once it is imported.
    """
    subentries = await client.ws_command(
        "config_entries/subentries/list", entry_id=entry_id
    )
    agent = next(s for s in subentries if s["subentry_type"] == "conversation")
    path = "/api/config/config_entries/subentries/flow"
    form = await client.request(
        "POST",
        path,
        {"handler": [entry_id, "conversation"], "subentry_id": agent["subentry_id"]},
    )
    answers = {**suggested_answers(form["data_schema"]), "announce_ready": True}
    result = await client.request("POST", f"{path}/{form['flow_id']}", answers)
    if result.get("reason") != "reconfigure_successful":
        raise DemoError(f"the agent's options were not saved: {result}")


async def make_autoarr_the_assistant(client: HomeAssistantClient) -> None:
    """Create an "AutoArr" assistant (Assist pipeline) and make it preferred.

    As a user does under Settings > Voice assistants: AutoArr's conversation
    agent answers, and Home Assistant's own sentences (lights, timers) are
    still handled locally first.
    """
    agent = await wait_for_entity(client, "conversation")
    fields: dict[str, Any] = {
        "name": "AutoArr",
        "conversation_engine": agent,
        "conversation_language": "en",
        "language": "en",
        "prefer_local_intents": True,
        "stt_engine": None,
        "stt_language": None,
        "tts_engine": None,
        "tts_language": None,
        "tts_voice": None,
        "wake_word_entity": None,
        "wake_word_id": None,
    }
    # A kept config folder has the assistant from the last run already.
    pipelines = await client.ws_command("assist_pipeline/pipeline/list")
    existing = next(
        (p for p in pipelines["pipelines"] if p["name"] == fields["name"]), None
    )
    if existing is None:
        pipeline = await client.ws_command("assist_pipeline/pipeline/create", **fields)
    else:
        pipeline = await client.ws_command(
            "assist_pipeline/pipeline/update", pipeline_id=existing["id"], **fields
        )
    await client.ws_command(
        "assist_pipeline/pipeline/set_preferred", pipeline_id=pipeline["id"]
    )


async def run_demo(
    config_dir: Path,
    port: int,
    *,
    keep: bool = False,
    configure: bool = True,
    with_sabnzbd: bool = True,
    with_qbittorrent: bool = True,
    ready_file: Path | None = None,
) -> None:
    """Run the demo until cancelled; stop everything it started on the way out.

    Raises DemoError when start-up fails or Home Assistant stops by itself.
    """
    if port == 0:
        port = free_port()
    elif not port_is_free(port):
        raise DemoError(f"port {port} is in use; choose another with --port")
    prepare_config_dir(config_dir, port=port, keep=keep)
    hass = HomeAssistantProcess(config_dir, port)
    async with (
        demo_stack(
            with_sabnzbd=with_sabnzbd, with_qbittorrent=with_qbittorrent
        ) as stack_info,
        aiohttp.ClientSession() as session,
        contextlib.AsyncExitStack() as stack,
    ):
        say(f"Starting Home Assistant on {hass.url} (log: {hass.log_file})...")
        await hass.start()
        stack.push_async_callback(hass.stop)
        client = HomeAssistantClient(session, hass.url)
        try:
            steps = await client.wait_for_http(lambda: hass.returncode is None)
            if any(step["step"] == "user" and not step["done"] for step in steps):
                say("Onboarding: creating the demo user...")
                await client.onboard_user(DEMO_NAME, DEMO_USERNAME, DEMO_PASSWORD)
            else:
                await client.login(DEMO_USERNAME, DEMO_PASSWORD)
            say("Waiting for Home Assistant to finish starting...")
            await client.wait_until_running()
            entries = await client.request(
                "GET", "/api/config/config_entries/entry?domain=autoarr"
            )
            entry_id = ""
            if configure:
                # A kept config folder's entry points at the last run's ports.
                for entry in entries:
                    await client.request(
                        "DELETE",
                        f"/api/config/config_entries/entry/{entry['entry_id']}",
                    )
                say("Setting AutoArr up through its config flow...")
                entry_id = await configure_autoarr(client, stack_info)
                await wait_for_entry_loaded(client, entry_id)
                say("Adding the AutoArr assistant, dashboard and automations...")
                await make_autoarr_the_assistant(client)
                await announce_when_ready(client, entry_id)
                await wait_for_entry_loaded(client, entry_id)
                await install_dashboard(client)
                await add_demo_automations(client)
                await start_demo_activity(client, stack_info)
        except DemoError as err:
            raise DemoError(
                f"{err}\n--- Home Assistant log ---\n{hass.log_tail()}"
            ) from err
        info = DemoInfo(
            url=hass.url,
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
            config_dir=str(config_dir),
            log_file=str(hass.log_file),
            access_token=client.token,
            autoarr_entry_id=entry_id,
            dashboard_url=f"{hass.url}/{DASHBOARD_URL_PATH}/0" if entry_id else "",
            llm=stack_info.llm,
            services=stack_info.services,
            spare=stack_info.spare,
        )
        print_banner(info)
        if ready_file is not None:
            tmp = ready_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(info)))
            tmp.replace(ready_file)
        await hass.wait()
        raise DemoError(
            f"Home Assistant stopped (exit code {hass.returncode})\n{hass.log_tail()}"
        )


def say(text: str) -> None:
    """Tell the user what the demo is doing."""
    print(text, flush=True)


def print_banner(info: DemoInfo) -> None:
    """Tell the user where the demo is and how to log in."""
    lines = [
        "",
        "AutoArr demo is running.",
        f"  Home Assistant: {info.url}",
        f"  Login:          {info.username} / {info.password}",
        f"  Dashboard:      {info.dashboard_url or '(AutoArr not configured)'}",
        f"  Config folder:  {info.config_dir}",
        f"  Log:            {info.log_file}",
        f"  {'Ollama (scripted):':<16}{info.llm.get('ollama_url', '')}",
    ]
    lines.extend(
        f"  {answers['name'] + ':':<16}{answers['url']}"
        for answers in info.services.values()
    )
    for kind, answers in info.spare.items():
        lines.append(
            f"  {answers['name'] + ':':<16}{answers['url']} (API key "
            f"{answers['api_key']}), not configured: add it under Settings > "
            f"Devices & services > AutoArr > Add {kind.capitalize()}"
        )
    lines += ["Press Ctrl-C to stop.", ""]
    print("\n".join(lines), flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/develop",
        description="Run a real Home Assistant with AutoArr and a demo media stack.",
    )
    parser.add_argument(
        "--port", type=int, default=8123, help="Home Assistant's port (0: any free)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG_DIR,
        help="config folder (made fresh at each start unless --keep)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="reuse the config folder's state (users, dashboards) from the last "
        "run; AutoArr itself is set up afresh, as the stack's ports change",
    )
    parser.add_argument(
        "--no-configure",
        dest="configure",
        action="store_false",
        help="install AutoArr but leave it unconfigured (to try the config flow)",
    )
    parser.add_argument(
        "--no-sabnzbd",
        dest="with_sabnzbd",
        action="store_false",
        help="do not start SABnzbd (it is skipped anyway when not installed)",
    )
    parser.add_argument(
        "--no-qbittorrent",
        dest="with_qbittorrent",
        action="store_false",
        help="do not start qBittorrent (it is skipped anyway when not installed)",
    )
    parser.add_argument(
        "--ready-file",
        type=Path,
        help="write the demo's URL, login and services there as JSON once ready",
    )
    return parser.parse_args(argv)


async def _main(args: argparse.Namespace) -> None:
    demo = asyncio.create_task(
        run_demo(
            args.config.resolve(),
            args.port,
            keep=args.keep,
            configure=args.configure,
            with_sabnzbd=args.with_sabnzbd,
            with_qbittorrent=args.with_qbittorrent,
            ready_file=args.ready_file,
        )
    )

    def request_stop() -> None:
        # Cancelling unwinds run_demo's context managers, which stop Home
        # Assistant and the media stack, also in the middle of start-up.
        if not demo.done():
            print("\nStopping the demo...", flush=True)
            demo.cancel()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, request_stop)
    with contextlib.suppress(asyncio.CancelledError):
        await demo
    print("The demo has stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the demo; return the process exit code."""
    args = parse_args(argv)
    try:
        asyncio.run(_main(args))
    except DemoError as err:
        print(f"scripts/develop: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
