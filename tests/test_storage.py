"""A damaged recovery store never takes AutoArr down.

Each damaged variant of the saved recovery state (wrong types, missing keys,
bad dates, another version) starts the integration with fresh state and a
repair issue saying so; the file itself is moved aside, as Home Assistant
does with a file it cannot decode.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
import pytest

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.recovery.state import STATE_VERSION
from custom_components.autoarr.recovery_manager import STORAGE_VERSION
from tests.entities.conftest import make_entry

# Home Assistant's own loading, before the test plugin replaces it with its
# in-memory storage (to read a real file in one test).
REAL_LOAD = Store._async_load

GOOD_DATE = "2026-11-20T18:00:00+00:00"
RECORD = {"item_key": "sonarr:episodes:1", "title": "Show", "attempts": 1}


def state(**changes: Any) -> dict[str, Any]:
    """Return a valid saved state with some keys changed."""
    return {
        "version": STATE_VERSION,
        "records": [RECORD],
        "failing": {"sabnzbd_nzo_1": GOOD_DATE},
        "aliases": {"sabnzbd_nzo_1": "sonarr:episodes:1"},
        "replaced": ["sabnzbd_nzo_0"],
        "stalls": {"sabnzbd_nzo_2": {"size_left": 10, "since": GOOD_DATE}},
        **changes,
    }


DAMAGED: dict[str, Any] = {
    "not_an_object": ["records"],
    "records_not_a_list": state(records={"a": RECORD}),
    "record_without_key": state(records=[{"title": "Show"}]),
    "attempts_not_a_number": state(records=[{**RECORD, "attempts": "three"}]),
    "negative_attempts": state(records=[{**RECORD, "attempts": -1}]),
    "bad_date": state(records=[{**RECORD, "last_attempt": "yesterday"}]),
    "date_without_zone": state(failing={"sabnzbd_nzo_1": "2026-11-20T18:00:00"}),
    "failing_not_an_object": state(failing=["sabnzbd_nzo_1"]),
    "stall_without_since": state(stalls={"x": {"size_left": 10}}),
    "alias_not_text": state(aliases={"sabnzbd_nzo_1": 7}),
    "replaced_not_a_list": state(replaced="sabnzbd_nzo_0"),
    "future_version": state(version=STATE_VERSION + 1),
    "no_version": {k: v for k, v in state().items() if k != "version"},
    "unknown_key": state(surprise=True),
}


def _issue(hass: HomeAssistant, entry: Any) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(
        DOMAIN, f"store_damaged_{DOMAIN}.recovery.{entry.entry_id}"
    )


@pytest.mark.parametrize("variant", list(DAMAGED))
async def test_damaged_state_starts_fresh_with_a_repair(
    hass_core: HomeAssistant, hass_storage: dict[str, Any], variant: str
) -> None:
    """Each damaged variant: loaded, fresh state, a repair issue."""
    entry = make_entry()
    key = f"{DOMAIN}.recovery.{entry.entry_id}"
    hass_storage[key] = {"version": STORAGE_VERSION, "data": DAMAGED[variant]}
    entry.add_to_hass(hass_core)
    await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    issue = _issue(hass_core, entry)
    assert issue is not None
    assert issue.translation_key == "store_damaged"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["what"] == "recovery records"
    engine = entry.runtime_data.recovery.engine
    assert engine.records == {}
    response = await hass_core.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert response is not None


@pytest.mark.parametrize(
    "wrapper",
    [
        {"version": STORAGE_VERSION + 1, "data": state()},
        {"version": STORAGE_VERSION},
    ],
    ids=["newer_store_version", "no_data"],
)
async def test_damaged_store_file_starts_fresh(
    hass_core: HomeAssistant, hass_storage: dict[str, Any], wrapper: dict[str, Any]
) -> None:
    """A Store written by a newer AutoArr, or without data: the same."""
    entry = make_entry()
    hass_storage[f"{DOMAIN}.recovery.{entry.entry_id}"] = wrapper
    entry.add_to_hass(hass_core)
    await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert _issue(hass_core, entry) is not None


async def test_a_valid_state_loads_without_an_issue(
    hass_core: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The good state every variant starts from loads as it is."""
    entry = make_entry()
    key = f"{DOMAIN}.recovery.{entry.entry_id}"
    hass_storage[key] = {"version": STORAGE_VERSION, "data": state()}
    entry.add_to_hass(hass_core)
    await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert _issue(hass_core, entry) is None
    assert set(entry.runtime_data.recovery.engine.records) == {"sonarr:episodes:1"}


async def test_state_saved_with_sabnzbds_names_loads(
    hass_core: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Version 1 named a download client's retries after SABnzbd: still read."""
    entry = make_entry()
    key = f"{DOMAIN}.recovery.{entry.entry_id}"
    retried = {**RECORD, "sab_retries": 2, "last_action": "sab_retry"}
    replaced = {**RECORD, "item_key": "sonarr:episodes:2", "last_action": "replace"}
    hass_storage[key] = {
        "version": STORAGE_VERSION,
        "data": state(version=1, records=[retried, replaced]),
    }
    entry.add_to_hass(hass_core)
    await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    assert _issue(hass_core, entry) is None
    records = entry.runtime_data.recovery.engine.records
    first, second = records["sonarr:episodes:1"], records["sonarr:episodes:2"]
    assert (first.client_retries, first.last_action) == (2, "client_retry")
    assert (second.client_retries, second.last_action) == (0, "replace")


async def test_damaged_file_is_moved_aside(
    hass_core: HomeAssistant, tmp_path: Path
) -> None:
    """The damaged file itself is kept, renamed, as Home Assistant does."""
    hass_core.config.config_dir = str(tmp_path)
    entry = make_entry()
    storage = tmp_path / ".storage"
    storage.mkdir()
    path = storage / f"{DOMAIN}.recovery.{entry.entry_id}"
    path.write_text(
        json.dumps({"version": STORAGE_VERSION, "data": state(version=99)}),
        encoding="utf-8",
    )
    entry.add_to_hass(hass_core)
    with patch.object(Store, "_async_load", REAL_LOAD):
        await hass_core.config_entries.async_setup(entry.entry_id)
        await hass_core.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert not path.exists()
    (kept,) = storage.glob(f"{path.name}.corrupt.*")
    assert json.loads(kept.read_text(encoding="utf-8"))["data"]["version"] == 99
    issue = _issue(hass_core, entry)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["kept"] == kept.name
