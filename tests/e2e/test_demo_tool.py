"""The demo's own logic (tests/support/demo.py), without starting anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
import json
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from tests.support.demo import (
    DEMO_MARKER,
    INTEGRATION_DIR,
    DemoError,
    HomeAssistantClient,
    fill_form,
    hub_flow_steps,
    parse_args,
    port_is_free,
    prepare_config_dir,
    run_demo,
)

from .conftest import autoarr_errors, still_listening


def test_config_dir_is_made_fresh(tmp_path: Path) -> None:
    """A demo folder gets configuration, HTTP settings, onboarding and links."""
    config = tmp_path / "config"
    prepare_config_dir(config, port=18123, keep=False)

    assert (config / DEMO_MARKER).exists()
    yaml_text = (config / "configuration.yaml").read_text()
    assert "\ndefault_config:" not in yaml_text
    assert 'internal_url: "http://127.0.0.1:18123"' in yaml_text
    http = json.loads((config / ".storage" / "http").read_text())["data"]
    assert http["stable"]["server_host"] == ["127.0.0.1"]
    assert http["stable"]["server_port"] == 18123
    assert http["pending"] is None
    assert http["yaml_migration_done"] is True
    onboarding = json.loads((config / ".storage" / "onboarding").read_text())
    assert "user" not in onboarding["data"]["done"]
    assert (config / "custom_components" / "autoarr").resolve() == INTEGRATION_DIR


def test_demo_folder_is_wiped_unless_kept(tmp_path: Path) -> None:
    """A new start forgets the last run's state, unless --keep."""
    config = tmp_path / "config"
    prepare_config_dir(config, port=18123, keep=False)
    (config / ".storage" / "auth").write_text("{}")

    prepare_config_dir(config, port=18124, keep=True)
    assert (config / ".storage" / "auth").exists()
    http = json.loads((config / ".storage" / "http").read_text())["data"]
    assert http["stable"]["server_port"] == 18124

    prepare_config_dir(config, port=18124, keep=False)
    assert not (config / ".storage" / "auth").exists()


def test_foreign_folder_is_never_wiped(tmp_path: Path) -> None:
    """A folder the demo did not make (a real configuration) is left alone."""
    config = tmp_path / "real"
    config.mkdir()
    (config / "configuration.yaml").write_text("default_config:\n")

    with pytest.raises(DemoError, match="not made by the demo"):
        prepare_config_dir(config, port=18123, keep=False)
    assert (config / "configuration.yaml").read_text() == "default_config:\n"


def test_fill_form_by_field_name() -> None:
    """Given fields are filled, sections too; defaults are left to the form."""
    schema: list[dict[str, Any]] = [
        {"name": "url", "required": True},
        {"name": "verify_ssl", "required": True, "default": True},
        {
            "name": "advanced",
            "type": "expandable",
            "schema": [{"name": "timeout", "required": False}],
        },
    ]
    body = fill_form(schema, {"url": "http://127.0.0.1:1", "timeout": 5}, "user")
    assert body == {"url": "http://127.0.0.1:1", "advanced": {"timeout": 5}}


def test_fill_form_names_what_it_lacks() -> None:
    """A required field without a default and without an answer is an error."""
    schema: list[dict[str, Any]] = [{"name": "api_key", "required": True}]
    with pytest.raises(DemoError, match="api_key"):
        fill_form(schema, {}, "sonarr")


def test_hub_flow_adds_every_service_then_finishes() -> None:
    """The services menu is answered once per service, then with finish."""
    steps = hub_flow_steps(
        {"ollama_url": "http://127.0.0.1:2", "ollama_model": "qwen2.5:7b"},
        {"sonarr": {"name": "Sonarr"}, "radarr": {"name": "Radarr"}},
    )
    assert steps["services"] == ["sonarr", "radarr", "finish"]
    assert steps["sonarr"] == {"name": "Sonarr"}
    assert steps["models"] == {"ollama_model": "qwen2.5:7b"}


def test_command_line_defaults() -> None:
    """By default: port 8123, AutoArr configured, SABnzbd and qBittorrent when installed."""
    args = parse_args([])
    assert args.port == 8123
    assert args.configure is True
    assert args.with_sabnzbd is True
    assert args.with_qbittorrent is True
    assert parse_args(["--no-qbittorrent"]).with_qbittorrent is False
    assert args.keep is False
    assert parse_args(["--port", "0", "--no-configure"]).configure is False


@contextlib.asynccontextmanager
async def _serve(app: web.Application) -> AsyncIterator[str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, [{"step": "user", "done": False}], [{"step": "user", "done": False}]),
        # An onboarded Home Assistant has no onboarding views at all.
        (404, None, []),
    ],
)
async def test_wait_for_http_reads_onboarding(
    status: int, body: Any, expected: list[dict[str, Any]]
) -> None:
    """Fresh and already onboarded instances are both recognised."""
    calls = 0

    async def onboarding(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        if calls == 1:  # still starting
            return web.Response(status=503)
        if body is None:
            return web.Response(status=status)
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_get("/api/onboarding", onboarding)
    async with _serve(app) as url, aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, url)
        assert await client.wait_for_http(lambda: True, timeout=30) == expected
    assert calls == 2


async def test_wait_for_http_gives_up_when_home_assistant_exits() -> None:
    """A Home Assistant that exits during start-up is reported at once."""
    async with aiohttp.ClientSession() as session:
        client = HomeAssistantClient(session, "http://127.0.0.1:9")
        with pytest.raises(DemoError, match="exited during start-up"):
            await client.wait_for_http(lambda: False)


async def test_still_listening_finds_open_ports() -> None:
    """The demo fixture's leak check sees a server that still listens."""
    app = web.Application()
    async with _serve(app) as url:
        info = {
            "url": url,
            "llm": {"ollama_url": url},
            "services": {"sonarr": {"url": f"{url}/sonarr"}},
            "spare": {},
        }
        assert still_listening(info) == [url, url, f"{url}/sonarr"]
    assert still_listening(info) == []


def test_autoarr_errors_are_picked_from_the_log(tmp_path: Path) -> None:
    """AutoArr's errors and Home Assistant's reports of its deprecated calls
    fail the e2e session, not its other warnings or others' errors."""
    log = tmp_path / "home-assistant.log"
    log.write_text(
        "2026-11-25 16:10:45.925 ERROR (MainThread) [homeassistant.components."
        "conversation] Error while setting up autoarr platform for conversation\n"
        "2026-11-25 16:10:46.000 WARNING (MainThread) [custom_components.autoarr]"
        " Sonarr is slow\n"
        "2026-11-25 16:10:47.000 ERROR (MainThread) [homeassistant.components.met]"
        " Cannot reach the weather service\n"
        "2026-11-25 16:10:48.000 CRITICAL (MainThread) [custom_components.autoarr]"
        " Gave up\n"
        "2026-11-25 16:10:49.000 WARNING (MainThread) [homeassistant.helpers.frame]"
        " Detected that custom integration 'autoarr' calls async_get_chat_session"
        " without a context at custom_components/autoarr/services.py, line 147\n"
        "2026-11-25 16:10:50.000 WARNING (MainThread) [homeassistant.helpers.frame]"
        " Detected that custom integration 'other' calls async_get_chat_session"
        " without a context at custom_components/other/__init__.py, line 9\n"
    )
    errors = autoarr_errors(log)
    assert len(errors) == 3
    assert "setting up autoarr platform" in errors[0]
    assert errors[1].endswith("Gave up")
    assert "custom integration 'autoarr' calls" in errors[2]
    assert autoarr_errors(tmp_path / "missing.log") == []


async def test_busy_port_is_refused_before_anything_starts(tmp_path: Path) -> None:
    """With the port taken, the demo says so instead of starting."""
    app = web.Application()
    async with _serve(app) as url:
        port = int(url.rsplit(":", 1)[1])
        assert not port_is_free(port)
        with pytest.raises(DemoError, match=f"port {port} is in use"):
            await run_demo(tmp_path / "config", port)
    assert not (tmp_path / "config").exists()
    assert port_is_free(port)
