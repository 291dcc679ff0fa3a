"""The action testing Prowlarr's indexers: `autoarr.test_indexers`.

Every Prowlarr (or the one `instance` names) tests each enabled indexer;
Prowlarr holds back one that fails and uses again one that passes. The
answer lists, per instance, the indexers tested, those that passed and
those that failed with Prowlarr's reasons; an instance that does not answer
is named under `unavailable`. Testing changes which indexers the library
managers search, so the caller needs permission to control AutoArr
(`services.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
import probatio

from .arr.errors import ArrError
from .const import DOMAIN
from .data import AutoArrConfigEntry, ProwlarrRuntime

ATTR_INSTANCE = "instance"
MAX_NAME_LENGTH = 200

type Json = dict[str, Any]


def _prowlarrs(call: ServiceCall, entry: AutoArrConfigEntry) -> list[ProwlarrRuntime]:
    """Return every Prowlarr, or the one `instance` names."""
    instances = entry.runtime_data.prowlarr_services()
    wanted = call.data.get(ATTR_INSTANCE)
    if wanted:
        instances = [p for p in instances if p.name.casefold() == wanted.casefold()]
        if not instances:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_prowlarr",
                translation_placeholders={"name": wanted},
            )
    if not instances:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_prowlarr_configured"
        )
    return instances


async def _test(runtime: ProwlarrRuntime) -> Json:
    """Test one Prowlarr's indexers, then read their status again."""
    results = await runtime.client.test_all_indexers()
    # What the entities show follows at once: held back, or used again.
    await runtime.indexers.async_refresh()
    data = runtime.indexers.data
    names = {indexer.id: indexer.name for indexer in data.indexers} if data else {}
    return {
        "instance": runtime.name,
        "tested": len(results),
        "passed": [names.get(r.id, str(r.id)) for r in results if r.is_valid],
        "failed": [
            {"name": names.get(r.id, str(r.id)), "errors": list(r.failures)}
            for r in results
            if not r.is_valid
        ],
    }


async def _test_indexers(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    tested: list[Json] = []
    unavailable: list[str] = []
    for runtime in _prowlarrs(call, entry):
        try:
            tested.append(await _test(runtime))
        except ArrError:
            unavailable.append(runtime.name)
    return cast("ServiceResponse", {"instances": tested, "unavailable": unavailable})


_INSTANCE = {
    probatio.Optional(ATTR_INSTANCE): probatio.All(
        str, probatio.Length(max=MAX_NAME_LENGTH)
    )
}

# Name: (fields, handler); they change the stack.
INDEXER_ACTIONS: dict[str, tuple[dict[Any, Any], Callable[..., Any]]] = {
    "test_indexers": (_INSTANCE, _test_indexers),
}
