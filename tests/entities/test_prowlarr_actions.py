"""`autoarr.test_indexers`: Prowlarr tests its indexers, the answer says how
each did, and only a user who may control AutoArr can run it."""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import FaultKind, ProwlarrSimulator, SonarrSimulator

from .conftest import SetupEntry, prowlarr_subentry, sonarr_subentry

FAILURE = (
    "Unable to connect to indexer, check the log above the ValidationFailure "
    "for more details. HTTP request failed: [503:ServiceUnavailable]"
)


async def call_test_indexers(
    hass: HomeAssistant, data: dict[str, Any], user: User | None = None
) -> Any:
    """Call the action as a user and return its answer."""
    return await hass.services.async_call(
        DOMAIN,
        "test_indexers",
        data,
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id if user else None),
    )


async def test_the_answer_names_passed_and_failed_indexers(
    hass: HomeAssistant,
    hass_admin_user: User,
    setup_entry: SetupEntry,
    prowlarr: ProwlarrSimulator,
) -> None:
    """Each enabled indexer is tested; the failing one with Prowlarr's reason."""
    await setup_entry(prowlarr_subentry(prowlarr))
    answer = await call_test_indexers(hass, {}, hass_admin_user)
    assert answer == {
        "instances": [
            {
                "instance": "Prowlarr",
                "tested": 3,
                "passed": ["NZBgeek", "Nyaa.si"],
                "failed": [{"name": "NZBplanet", "errors": [FAILURE]}],
            }
        ],
        "unavailable": [],
    }
    assert prowlarr.state.tests_run == 1


async def test_a_repaired_indexer_is_used_again_at_once(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """Once the indexer's site is back, the test clears it; the sensor follows."""
    await setup_entry(prowlarr_subentry(prowlarr, "Indexers"))
    assert hass.states.get("binary_sensor.indexers_failing_indexers").state == STATE_ON
    prowlarr.state.broken.discard(2)
    answer = await call_test_indexers(hass, {"instance": "indexers"})
    assert answer["instances"][0]["failed"] == []
    assert answer["instances"][0]["passed"] == ["NZBgeek", "NZBplanet", "Nyaa.si"]
    await hass.async_block_till_done()
    failing = hass.states.get("binary_sensor.indexers_failing_indexers")
    assert failing.state == STATE_OFF
    assert failing.attributes["indexers"] == []


async def test_a_prowlarr_that_does_not_answer_is_named(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """The test's failure is not an error of the action: the instance is named."""
    await setup_entry(prowlarr_subentry(prowlarr))
    prowlarr.inject_fault(FaultKind.SERVER_ERROR, path="testall")
    answer = await call_test_indexers(hass, {})
    assert answer == {"instances": [], "unavailable": ["Prowlarr"]}


async def test_without_prowlarr(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """No Prowlarr set up: a translated error."""
    await setup_entry(sonarr_subentry(sonarr))
    with pytest.raises(ServiceValidationError) as no_prowlarr:
        await call_test_indexers(hass, {})
    assert no_prowlarr.value.translation_key == "no_prowlarr_configured"


async def test_with_an_unknown_name(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """No Prowlarr of that name: a translated error, nothing tested."""
    await setup_entry(prowlarr_subentry(prowlarr))
    with pytest.raises(ServiceValidationError) as unknown:
        await call_test_indexers(hass, {"instance": "Jackett"})
    assert unknown.value.translation_key == "unknown_prowlarr"
    assert unknown.value.translation_placeholders == {"name": "Jackett"}
    assert prowlarr.state.tests_run == 0


async def test_a_read_only_user_may_not_test(
    hass: HomeAssistant,
    hass_read_only_user: User,
    setup_entry: SetupEntry,
    prowlarr: ProwlarrSimulator,
) -> None:
    """Testing changes which indexers are searched: refused, nothing tested."""
    await setup_entry(prowlarr_subentry(prowlarr))
    with pytest.raises(Unauthorized):
        await call_test_indexers(hass, {}, hass_read_only_user)
    assert prowlarr.state.tests_run == 0
