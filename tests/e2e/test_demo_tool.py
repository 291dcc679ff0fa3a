"""The demo's own logic (tests/support/demo.py), without starting anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.demo import (
    DEMO_MARKER,
    INTEGRATION_DIR,
    DemoError,
    fill_form,
    hub_flow_steps,
    parse_args,
    prepare_config_dir,
)


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
    """By default: port 8123, AutoArr configured, SABnzbd when installed."""
    args = parse_args([])
    assert args.port == 8123
    assert args.configure is True
    assert args.with_sabnzbd is True
    assert args.keep is False
    assert parse_args(["--port", "0", "--no-configure"]).configure is False
