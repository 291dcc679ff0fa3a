"""How a simulator's answer is compared with a real server's, endpoint by
endpoint (the fidelity tests of the arr simulators share it).

Two answers of one endpoint are compared on what AutoArr depends on:

- value types: a field both send has the same JSON type (null aside), in the
  records and in the objects nested in them, in lists as alone;
- presence: a field AutoArr reads that every real record has, with a value,
  the simulator sends with a value too; a field that differs by version and
  that no real record of that version has, the simulator leaves out too;
- enum values: what the simulator sends for an enum field is a value the real
  servers or the official document know, in the case the real servers use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

import aiohttp

from custom_components.autoarr.arr.fields import format_datetime
from tests.support.arr_sim import start_simulator
from tests.support.clock import fixed_now
from tests.support.contract import load_spec

# The applications the arr simulators stand for.
type SimKind = Literal["sonarr", "radarr", "lidarr", "prowlarr"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """What AutoArr asks of one endpoint and reads from its records."""

    # The request as AutoArr makes it ({start} and {end} for a calendar).
    request: str
    # The fields of the records that AutoArr's parsers read.
    read: frozenset[str]
    # Enum fields and their schema in the official document.
    enums: Mapping[str, str] = field(default_factory=dict)
    # Fields that differ by version: no real record of a version has them,
    # so the simulator of that version must not send them either.
    version_shaped: frozenset[str] = frozenset()


def _paged(answer: Any) -> bool:
    return isinstance(answer, Mapping) and (
        "records" in answer or "totalRecords" in answer
    )


def records(answer: Any) -> list[Mapping[str, Any]]:
    """Return the records of an answer (a page, a list or one object)."""
    if _paged(answer):
        return list(answer.get("records", []))
    if isinstance(answer, list):
        return answer
    return [answer]


def envelope(answer: Any) -> list[Mapping[str, Any]]:
    """Return a page without its records (nothing for an answer not paged)."""
    if not _paged(answer):
        return []
    return [{key: value for key, value in answer.items() if key != "records"}]


def json_type(value: Any) -> str:
    """Name a JSON value's type; integers and decimals are both numbers."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "null"


def type_divergences(
    real: Iterable[Mapping[str, Any]], sim: Iterable[Mapping[str, Any]], where: str
) -> list[str]:
    """Return the fields both send with different JSON types (null aside)."""
    real_types: dict[str, set[str]] = {}
    nested_real: dict[str, list[Mapping[str, Any]]] = {}
    for record in real:
        for key, value in record.items():
            real_types.setdefault(key, set()).add(json_type(value))
            nested_real.setdefault(key, []).extend(_objects(value))
    found = []
    nested_sim: dict[str, list[Mapping[str, Any]]] = {}
    for record in sim:
        for key, value in record.items():
            kind = json_type(value)
            nested_sim.setdefault(key, []).extend(_objects(value))
            known = real_types.get(key, set()) - {"null"}
            if kind != "null" and known and kind not in known:
                found.append(f"{where}.{key}: {kind}, real: {'/'.join(sorted(known))}")
    for key, values in nested_sim.items():
        if values and nested_real.get(key):
            found += type_divergences(nested_real[key], values, f"{where}.{key}")
    return found


def _objects(value: Any) -> list[Mapping[str, Any]]:
    """Return the objects a value holds: itself, or a list's objects."""
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, Mapping)]
    return []


async def simulator_answer(
    session: aiohttp.ClientSession,
    app: SimKind,
    version: str | None,
    request: str,
) -> Any:
    """Ask a simulator of an application version for one endpoint."""
    options = {"version": version} if version else {}
    now = fixed_now()
    path = request.format(
        start=format_datetime(now - timedelta(days=7)),
        end=format_datetime(now + timedelta(days=7)),
    )
    async with (
        start_simulator(app, now=now, **options) as sim,
        session.get(
            f"{sim.url}/api/{sim.api_version}/{path}",
            headers={"X-Api-Key": sim.api_key},
        ) as response,
    ):
        assert response.status == 200, await response.text()
        return await response.json()


def divergences(
    app: SimKind,
    version: str,
    endpoint: Endpoint,
    where: str,
    real: list[Mapping[str, Any]],
    sim: list[Mapping[str, Any]],
) -> list[str]:
    """Return how a simulator's records differ from a real server's."""
    found = type_divergences(real, sim, where)
    for key in sorted(endpoint.read):
        if all(record.get(key) is not None for record in real):
            found += [
                f"{where}.{key}: real servers always send it, the simulator "
                f"not in record {record.get('id')}"
                for record in sim
                if record.get(key) is None
            ][:1]
    for key in sorted(endpoint.version_shaped):
        if not any(key in record for record in real) and any(
            key in record for record in sim
        ):
            found.append(
                f"{where}.{key}: {app} {version} does not send it, the simulator does"
            )
    schemas = load_spec(app)["components"]["schemas"]
    for key, schema in endpoint.enums.items():
        known = {str(v) for v in schemas[schema]["enum"]}
        real_values = {str(r[key]) for r in real if isinstance(r.get(key), str)}
        allowed = {v.casefold() for v in known | real_values}
        for value in {str(r[key]) for r in sim if isinstance(r.get(key), str)}:
            if value.casefold() not in allowed:
                found.append(f"{where}.{key}: unknown value {value!r}")
            elif real_values and value not in known | real_values:
                found.append(
                    f"{where}.{key}: {value!r} in another case than the real "
                    f"servers' {sorted(real_values)}"
                )
    return found
