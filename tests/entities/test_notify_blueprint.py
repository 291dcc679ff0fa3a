"""The notification blueprint: an import's notification carries its poster."""

from __future__ import annotations

from pathlib import Path
import shutil

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from yarl import URL

from custom_components.autoarr.data import ArrRuntime
from tests.support.arr_sim import SonarrSimulator
from tests.support.demo import EXAMPLES_DIR

from .conftest import SetupEntry, sonarr_subentry

BLUEPRINT = "autoarr/download_notify.yaml"


@pytest.mark.parametrize("include_poster", [True, False])
async def test_import_notification_shows_the_poster(
    sonarr: SonarrSimulator,
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client_no_auth: ClientSessionGenerator,
    tmp_path: Path,
    include_poster: bool,
) -> None:
    """An automation made from the blueprint sends each import with the
    poster's signed address as `data.image` (unless turned off), which a
    phone loads without a login and without the service's key."""
    hass.config.config_dir = str(tmp_path)
    folder = tmp_path / "blueprints" / "automation" / "autoarr"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES_DIR / "blueprints" / "automation" / BLUEPRINT, folder)
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    sent = async_mock_service(hass, "test", "notify")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "use_blueprint": {
                    "path": BLUEPRINT,
                    "input": {
                        "download_events": ["event.sonarr_downloads"],
                        "notify_on": ["imported"],
                        "notify_action": "test.notify",
                        "include_poster": include_poster,
                    },
                }
            }
        },
    )
    await hass.async_block_till_done()

    sonarr.state.advance(24 * 3600)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()

    assert sent
    assert {call.data["title"] for call in sent} == {"Added to the library"}
    if not include_poster:
        assert all(call.data["data"] == {} for call in sent)
        return
    browser = await hass_client_no_auth()
    for call in sent:
        image = call.data["data"]["image"]
        assert sonarr.api_key not in image
        assert "authSig" in URL(image).query
        series_id = int(URL(image).path.split("/")[-2])
        response = await browser.get(image)
        assert response.status == 200
        assert await response.read() == sonarr.cover(series_id)
