"""Validate Sonarr/Radarr/Lidarr/Seerr requests and responses against the official specs.

The specs are Sonarr's and Radarr's own OpenAPI documents (see
`tests/support/specs/README.md`). They are looked up in `AUTOARR_SPECS_DIR`,
else in the `shared/specs` folder beside the repository, else in the copies
vendored under `tests/support/specs/`.

`ContractValidator.check()` validates one exchange with openapi-core and some
stricter checks of its own (no query parameter the operation does not
declare), and returns the violations as text; the simulators call it from a
middleware on every request they serve (see `arr_sim`), so every request a
client sends during the tests, and every answer a simulator gives, is held to
the contract. Their fixtures fail a test that recorded a violation.

The published documents have a few places where they disagree with what the
servers really accept and send. Each allowance below patches exactly one such
place, and says why; nothing else is relaxed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import copy
from dataclasses import dataclass
from functools import cache
import json
import os
from pathlib import Path
import re
from typing import Any, Literal

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict
import yaml

type ArrKind = Literal["sonarr", "radarr", "lidarr", "prowlarr", "seerr"]

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDORED_SPECS = Path(__file__).resolve().parent / "specs"
SPEC_FILES: dict[ArrKind, str] = {
    "sonarr": "sonarr-v3-openapi.json",
    "radarr": "radarr-v3-openapi.json",
    "lidarr": "lidarr-v1-openapi.json",
    "prowlarr": "prowlarr-v1-openapi.json",
    "seerr": "seerr-api.yml",
}
# Catch-all routes of the web UI, not API operations.
NON_API_PATHS = frozenset({"/", "/{path}", "/content/{path}"})

# Command-specific properties the servers read from POST /api/v3/command. The
# spec models only the CommandResource envelope (additionalProperties false),
# but each command class adds its own fields next to "name" (Sonarr's
# SeriesSearchCommand.SeriesId, SeasonSearchCommand.SeasonNumber,
# EpisodeSearchCommand.EpisodeIds, RefreshSeriesCommand.SeriesId/SeriesIds,
# Radarr's MoviesSearchCommand/RefreshMovieCommand.MovieIds, Lidarr's
# AlbumSearchCommand.AlbumIds, ArtistSearchCommand/RefreshArtistCommand.ArtistId)
# and echoes them back in "body". They are declared here with their real
# types.
_INT = {"type": "integer", "format": "int32"}
_INT_LIST = {"type": "array", "items": _INT}
COMMAND_PROPERTIES: dict[ArrKind, dict[str, Any]] = {
    "sonarr": {
        "seriesId": _INT,
        "seriesIds": _INT_LIST,
        "seasonNumber": _INT,
        "episodeIds": _INT_LIST,
    },
    "radarr": {"movieIds": _INT_LIST},
    "lidarr": {"albumIds": _INT_LIST, "artistId": _INT},
    "prowlarr": {},
    "seerr": {},
}


def specs_dir() -> Path:
    """Return the folder holding the official specs."""
    if env := os.environ.get("AUTOARR_SPECS_DIR"):
        return Path(env)
    shared = REPO_ROOT.parent / "shared" / "specs"
    if shared.is_dir():
        return shared
    return VENDORED_SPECS


def load_spec(kind: ArrKind) -> dict[str, Any]:
    """Return the official spec of one application, unpatched."""
    path = specs_dir() / SPEC_FILES[kind]
    text = path.read_text(encoding="utf-8")
    # Seerr publishes YAML (OpenAPI 3.0.2), the arrs JSON.
    result: dict[str, Any] = (
        yaml.safe_load(text) if path.suffix == ".yml" else json.loads(text)
    )
    return result


def patched_spec(kind: ArrKind) -> dict[str, Any]:
    """Return the spec with the documented allowances applied."""
    spec = copy.deepcopy(load_spec(kind))
    schemas = spec["components"]["schemas"]
    if kind == "seerr":
        return _seerr_allowances(spec)
    for name in ("CommandResource", "Command"):
        schemas[name]["properties"].update(copy.deepcopy(COMMAND_PROPERTIES[kind]))
    if kind == "sonarr":
        # Sonarr v3 requires languageProfileId when adding a series; the v4
        # document marks it readOnly (v4 ignores it), which would reject
        # every add against a v3 server.
        schemas["SeriesResource"]["properties"]["languageProfileId"].pop(
            "readOnly", None
        )
        # Sonarr serializes HttpUri as a plain string (its HttpUriConverter);
        # the document describes the object. Radarr's document already says
        # string.
        schemas["HealthResource"]["properties"]["wikiUrl"] = {
            "type": "string",
            "nullable": True,
        }
    return spec


def _seerr_allowances(spec: dict[str, Any]) -> dict[str, Any]:
    """Return Seerr's document with its base path in its paths, as the arrs'.

    Seerr's paths are below its server's `{server}/api/v1`; they are moved
    under `/api/v1` so one lookup serves every document (a base path, not an
    allowance: nothing is relaxed).
    """
    spec["paths"] = {f"/api/v1{path}": item for path, item in spec["paths"].items()}
    spec["servers"] = [{"url": "http://localhost"}]
    return spec


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the spec: method and path template."""

    method: str
    template: str
    parameters: frozenset[str]
    # The statuses of its documented answers ("200", "201").
    statuses: frozenset[str] = frozenset()

    def __str__(self) -> str:
        """Return e.g. "GET /api/v3/queue"."""
        return f"{self.method.upper()} {self.template}"


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and the response given to it, as plain data."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes | None
    content_type: str
    status: int
    response_body: bytes
    response_content_type: str


class _Request:
    """An openapi-core request built from an Exchange."""

    def __init__(self, exchange: Exchange, host_url: str) -> None:
        self.host_url = host_url
        self.path = exchange.path
        self.method = exchange.method.lower()
        self.body = exchange.body or None
        self.content_type = exchange.content_type
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(exchange.query),
            header=Headers(list(exchange.headers.items())),
        )


class _Response:
    """An openapi-core response built from an Exchange."""

    def __init__(self, exchange: Exchange) -> None:
        self.status_code = exchange.status
        self.content_type = exchange.response_content_type
        self.headers = Headers({"Content-Type": exchange.response_content_type})
        self.data = exchange.response_body


class ContractValidator:
    """Validates exchanges with one application against its spec."""

    def __init__(self, kind: ArrKind) -> None:
        """Load the patched spec of `kind` ("sonarr" or "radarr")."""
        self.kind = kind
        spec = patched_spec(kind)
        # The published documents fail openapi-spec-validator on the web UI's
        # catch-all routes ("/" declares a {path} parameter it does not have),
        # which are not API operations; skip validating the document itself.
        self._openapi = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))
        self.operations = _operations(spec)
        self._matchers = _matchers(self.operations)

    def find(self, method: str, path: str) -> Operation | None:
        """Return the operation a request path matches, literal paths first."""
        for pattern, operation in self._matchers:
            if operation.method == method.lower() and pattern.fullmatch(path):
                return operation
        return None

    def check(self, exchange: Exchange) -> tuple[Operation | None, list[str]]:
        """Validate one exchange; return its operation and the violations."""
        where = f"{exchange.method.upper()} {exchange.path}"
        operation = self.find(exchange.method, exchange.path)
        if operation is None:
            return None, [f"{where}: no such operation in the {self.kind} spec"]
        problems: list[str] = []
        undeclared = {
            name
            for name, _ in exchange.query
            if name not in operation.parameters and name != "apikey"
        }
        if undeclared:
            problems.append(
                f"{where}: query parameters not in the spec: {sorted(undeclared)}"
            )
        request = _Request(exchange, "http://localhost")
        problems.extend(
            f"{where}: request: {_describe(error)}"
            for error in self._openapi.iter_request_errors(request)
        )
        # The documents describe only the successful answers; error answers
        # (401, 404, 400 validation failures) have no schema to check.
        if 200 <= exchange.status < 300:
            response = _Response(exchange)
            if (
                exchange.status == 201
                and operation.method == "post"
                and "201" not in operation.statuses
            ):
                # The arrs answer a created resource (POST /command,
                # /series, /movie) with 201 Created; their documents list the
                # same body under 200.
                response.status_code = 200
            problems.extend(
                f"{where}: response {exchange.status}: {_describe(error)}"
                for error in self._openapi.iter_response_errors(request, response)
            )
        return operation, problems


@cache
def validator(kind: ArrKind) -> ContractValidator:
    """Return the shared validator of one application."""
    return ContractValidator(kind)


def _operations(spec: Mapping[str, Any]) -> list[Operation]:
    operations = []
    for template, item in spec["paths"].items():
        if template in NON_API_PATHS:
            continue
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method not in {"get", "put", "post", "delete", "head", "patch"}:
                continue
            names = frozenset(
                param["name"]
                for param in [*shared, *op.get("parameters", [])]
                if param.get("in") == "query"
            )
            statuses = frozenset(str(status) for status in op.get("responses", {}))
            operations.append(Operation(method, template, names, statuses))
    return operations


def _matchers(
    operations: Iterable[Operation],
) -> list[tuple[re.Pattern[str], Operation]]:
    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", template)
        regex = "".join(
            "[^/]+" if part.startswith("{") else re.escape(part) for part in parts
        )
        return re.compile(regex)

    # Literal paths (/api/v3/queue/status) win over templates (/queue/{id}).
    ordered = sorted(operations, key=lambda op: ("{" in op.template, op.template))
    return [(pattern(op.template), op) for op in ordered]


def _describe(error: BaseException) -> str:
    """Return an openapi-core error with its underlying schema errors."""
    text = str(error)
    cause = error.__cause__
    details = getattr(cause, "schema_errors", None) or getattr(
        error, "schema_errors", None
    )
    if details:
        text += " | " + "; ".join(
            f"{'/'.join(str(p) for p in detail.absolute_path)}: {detail.message}"
            for detail in details
        )
    return text
