"""Property tests: every parser against schema-shaped, mutated, truncated and garbage input.

Schema-shaped documents are generated from the official specs themselves, so
whatever a real server may send according to its contract parses; anything
else may only raise the library's own errors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
import json
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from yarl import URL

from custom_components.autoarr.arr.activity_models import (
    CalendarItem,
    CommandStatus,
    HistoryRecord,
    WantedItem,
)
from custom_components.autoarr.arr.errors import ArrError, ArrMalformedResponseError
from custom_components.autoarr.arr.fields import (
    Fields,
    parse_datetime,
    parse_list,
    parse_timespan,
)
from custom_components.autoarr.arr.http import (
    ApiKey,
    HttpResponse,
    HttpTransport,
    ServiceConfig,
)
from custom_components.autoarr.arr.indexer_models import (
    Application,
    Indexer,
    IndexerStatus,
)
from custom_components.autoarr.arr.library_models import (
    Episode,
    Movie,
    MovieLookup,
    Series,
    SeriesLookup,
)
from custom_components.autoarr.arr.models import (
    DiskSpace,
    HealthCheck as ArrHealthCheck,
    LanguageProfile,
    Page,
    QualityProfile,
    QueueItem,
    RootFolder,
    SystemStatus,
)
from custom_components.autoarr.arr.music_models import (
    Album,
    AlbumLookup,
    Artist,
    ArtistLookup,
    MetadataProfile,
)
from tests.support.contract import ArrKind, patched_spec

PROPERTY_SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_DEPTH = 3

type Parser = Callable[[Any], object]

SPECS: dict[ArrKind, dict[str, Any]] = {
    "sonarr": patched_spec("sonarr"),
    "radarr": patched_spec("radarr"),
    "lidarr": patched_spec("lidarr"),
    "prowlarr": patched_spec("prowlarr"),
}


def _timespan_text(value: timedelta) -> str:
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}.{value.microseconds:06d}0"
    return f"{days}.{text}" if days else text


DATE_TIMES = st.datetimes(
    min_value=datetime(1, 1, 2),  # noqa: DTZ001  # hypothesis wants naive bounds
    max_value=datetime(9999, 12, 30),  # noqa: DTZ001
    timezones=st.just(UTC),
).map(lambda d: d.isoformat().replace("+00:00", "Z"))
TIME_SPANS = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=500)).map(
    _timespan_text
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def from_schema(
    spec: dict[str, Any], schema: dict[str, Any], depth: int = 0
) -> st.SearchStrategy[Any]:
    """Return a strategy for documents valid against an OpenAPI 3.0 schema."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return from_schema(spec, spec["components"]["schemas"][name], depth)
    strategy: st.SearchStrategy[Any]
    kind = schema.get("type")
    if "enum" in schema:
        strategy = st.sampled_from(schema["enum"])
    elif kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not properties:
            strategy = st.dictionaries(
                st.text(max_size=8), from_schema(spec, extra, depth + 1), max_size=3
            )
        elif depth >= MAX_DEPTH:
            strategy = st.just({})
        else:
            strategy = st.fixed_dictionaries(
                {},
                optional={
                    key: from_schema(spec, value, depth + 1)
                    for key, value in properties.items()
                },
            )
    elif kind == "array":
        items = from_schema(spec, schema.get("items", {}), depth + 1)
        strategy = st.lists(items, max_size=3 if depth < MAX_DEPTH else 0)
    elif kind == "string":
        strategy = {"date-time": DATE_TIMES, "date-span": TIME_SPANS}.get(
            schema.get("format", ""), st.text(max_size=16)
        )
    elif kind == "integer":
        bits = 63 if schema.get("format") == "int64" else 31
        strategy = st.integers(-(2**bits), 2**bits - 1)
    elif kind == "number":
        strategy = st.floats(allow_nan=False, allow_infinity=False, width=64)
    elif kind == "boolean":
        strategy = st.booleans()
    else:
        strategy = JSON_VALUES
    if schema.get("nullable"):
        strategy = st.none() | strategy
    return strategy


def schema_docs(kind: ArrKind, name: str) -> st.SearchStrategy[Any]:
    """Return documents shaped like one component schema of a spec."""
    spec = SPECS[kind]
    return from_schema(spec, {"$ref": f"#/components/schemas/{name}"})


def list_of(parse: Parser, what: str) -> Parser:
    """Return a parser of a JSON list of items."""
    return lambda data: parse_list(data, what, parse)


def page_of(parse: Parser, what: str) -> Parser:
    """Return a parser of a paged answer."""
    return lambda data: Page.parse(data, what, parse)


def movie_in_window(data: Any) -> object:
    """Parse a calendar movie against a fixed window."""
    window = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    return CalendarItem.from_movie(data, window)


# (spec, schema of what the server sends, the parser the clients use on it)
PARSERS: list[tuple[ArrKind, str, Parser]] = [
    ("sonarr", "SystemResource", SystemStatus.from_json),
    ("radarr", "SystemResource", SystemStatus.from_json),
    ("sonarr", "HealthResource", ArrHealthCheck.from_json),
    ("radarr", "HealthResource", ArrHealthCheck.from_json),
    ("sonarr", "DiskSpaceResource", DiskSpace.from_json),
    ("radarr", "RootFolderResource", RootFolder.from_json),
    ("sonarr", "QualityProfileResource", QualityProfile.from_json),
    ("radarr", "QualityProfileResource", QualityProfile.from_json),
    ("sonarr", "LanguageProfileResource", LanguageProfile.from_json),
    ("sonarr", "QueueResourcePagingResource", page_of(QueueItem.from_json, "queue")),
    ("radarr", "QueueResourcePagingResource", page_of(QueueItem.from_json, "queue")),
    ("sonarr", "EpisodeResource", CalendarItem.from_episode),
    ("sonarr", "EpisodeResource", Episode.from_json),
    ("radarr", "MovieResource", movie_in_window),
    ("radarr", "MovieResource", CalendarItem.from_movie),
    (
        "sonarr",
        "EpisodeResourcePagingResource",
        page_of(WantedItem.from_episode, "missing"),
    ),
    (
        "radarr",
        "MovieResourcePagingResource",
        page_of(WantedItem.from_movie, "missing"),
    ),
    (
        "sonarr",
        "HistoryResourcePagingResource",
        page_of(HistoryRecord.from_json, "history"),
    ),
    (
        "radarr",
        "HistoryResourcePagingResource",
        page_of(HistoryRecord.from_json, "history"),
    ),
    ("sonarr", "CommandResource", CommandStatus.from_json),
    ("radarr", "CommandResource", CommandStatus.from_json),
    ("sonarr", "SeriesResource", Series.from_json),
    ("sonarr", "SeriesResource", SeriesLookup.from_json),
    ("radarr", "MovieResource", Movie.from_json),
    ("radarr", "MovieResource", MovieLookup.from_json),
    # Lidarr: the arrs' shared answers, and its own music library.
    ("lidarr", "SystemResource", SystemStatus.from_json),
    ("lidarr", "HealthResource", ArrHealthCheck.from_json),
    ("lidarr", "DiskSpaceResource", DiskSpace.from_json),
    ("lidarr", "RootFolderResource", RootFolder.from_json),
    ("lidarr", "QualityProfileResource", QualityProfile.from_json),
    ("lidarr", "QueueResourcePagingResource", page_of(QueueItem.from_json, "queue")),
    ("lidarr", "AlbumResource", CalendarItem.from_album),
    (
        "lidarr",
        "AlbumResourcePagingResource",
        page_of(WantedItem.from_album, "missing"),
    ),
    (
        "lidarr",
        "HistoryResourcePagingResource",
        page_of(HistoryRecord.from_json, "history"),
    ),
    ("lidarr", "CommandResource", CommandStatus.from_json),
    ("lidarr", "ArtistResource", Artist.from_json),
    ("lidarr", "ArtistResource", ArtistLookup.from_json),
    ("lidarr", "AlbumResource", Album.from_json),
    ("lidarr", "AlbumResource", AlbumLookup.from_json),
    ("lidarr", "MetadataProfileResource", MetadataProfile.from_json),
    # Prowlarr: its status, health, indexers and applications.
    ("prowlarr", "SystemResource", SystemStatus.from_json),
    ("prowlarr", "HealthResource", ArrHealthCheck.from_json),
    ("prowlarr", "IndexerResource", Indexer.from_json),
    ("prowlarr", "IndexerStatusResource", IndexerStatus.from_json),
    ("prowlarr", "ApplicationResource", Application.from_json),
]
PARSER_IDS = [f"{kind}-{name}-{index}" for index, (kind, name, _) in enumerate(PARSERS)]


def parse_or_arr_error(parse: Parser, data: Any) -> bool:
    """Parse; return False when the library raised its own error."""
    try:
        parse(data)
    except ArrError:
        return False
    return True


def for_every_parser(check: Callable[[ArrKind, str, Parser], None]) -> None:
    """Run a property for every parser, naming the parser when it fails.

    One test per property (not per parser) keeps the suite fast: each test
    item pays for Home Assistant's fixtures.
    """
    for parser_id, (kind, schema, parse) in zip(PARSER_IDS, PARSERS, strict=True):
        try:
            check(kind, schema, parse)
        except BaseException as err:
            err.add_note(f"parser: {parser_id}")
            raise


def test_schema_shaped_documents_parse() -> None:
    """Anything the contract allows the server to send parses without error."""

    def run(kind: ArrKind, schema: str, parse: Parser) -> None:
        @PROPERTY_SETTINGS
        @given(data=schema_docs(kind, schema))
        def check(data: Any) -> None:
            parse(data)

        check()

    for_every_parser(run)


def test_mutated_documents_raise_only_arr_errors() -> None:
    """Schema-shaped documents with fields swapped for garbage."""

    def run(kind: ArrKind, schema: str, parse: Parser) -> None:
        @PROPERTY_SETTINGS
        @given(data=schema_docs(kind, schema), garbage=st.data())
        def check(data: Any, garbage: st.DataObject) -> None:
            if isinstance(data, dict) and data:
                keys = garbage.draw(st.lists(st.sampled_from(sorted(data)), max_size=3))
                for key in keys:
                    data[key] = garbage.draw(JSON_VALUES)
            parse_or_arr_error(parse, data)

        check()

    for_every_parser(run)


def test_garbage_raises_only_arr_errors() -> None:
    """Arbitrary JSON (and lists of it, as list endpoints get)."""

    def run(kind: ArrKind, schema: str, parse: Parser) -> None:
        @PROPERTY_SETTINGS
        @given(data=JSON_VALUES)
        def check(data: Any) -> None:
            parse_or_arr_error(parse, data)
            parse_or_arr_error(list_of(parse, "items"), data)

        check()

    for_every_parser(run)


def test_truncated_bodies_raise_only_arr_errors() -> None:
    """A body cut anywhere is malformed, never a crash."""

    def run(kind: ArrKind, schema: str, parse: Parser) -> None:
        transport = HttpTransport(
            None,  # type: ignore[arg-type]  # decode_json sends nothing
            ServiceConfig(
                "http://127.0.0.1:1", ApiKey("test-api-key-0123456789abcdef")
            ),
            app_name=kind,
        )

        @PROPERTY_SETTINGS
        @given(data=schema_docs(kind, schema), cut=st.floats(0, 1, exclude_max=True))
        def check(data: Any, cut: float) -> None:
            body = json.dumps(data).encode()
            truncated = body[: int(len(body) * cut)]
            response = HttpResponse(
                200, "application/json", truncated, URL("http://x/")
            )
            parse_or_arr_error(lambda _: parse(transport.decode_json(response)), None)

        check()

    for_every_parser(run)


@PROPERTY_SETTINGS
@given(
    value=st.timedeltas(min_value=-timedelta(days=9999), max_value=timedelta(days=9999))
)
def test_timespan_round_trip(value: timedelta) -> None:
    """.NET TimeSpan text parses back to the same duration."""
    sign = "-" if value < timedelta(0) else ""
    text = sign + _timespan_text(abs(value))
    assert parse_timespan(text) == value


@PROPERTY_SETTINGS
@given(value=st.datetimes(timezones=st.just(UTC)), digits=st.integers(0, 7))
def test_datetime_round_trip(value: datetime, digits: int) -> None:
    """ISO date-times with 0 to 7 fractional digits and Z parse back."""
    base = value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{value.microsecond:06d}0"[:digits]
    text = f"{base}.{fraction}Z" if digits else f"{base}Z"
    parsed = parse_datetime(text)
    assert parsed.tzinfo is not None
    assert parsed.replace(microsecond=0) == value.replace(microsecond=0)


def test_naive_datetime_is_utc() -> None:
    """A date-time without a zone is read as UTC."""
    assert parse_datetime("2024-05-01T10:00:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["", "12", "1:2", "aa:bb:cc", "1.2.3:4:5", "10:00:00x"]
)
def test_bad_timespans(text: str) -> None:
    """Text that is not a TimeSpan is a ValueError (Fields turns it into ArrError)."""
    with pytest.raises(ValueError, match="not a time span"):
        parse_timespan(text)


# Parser edge cases that real servers produce rarely, with exact expectations.


@pytest.mark.parametrize(
    ("data", "read", "message"),
    [
        ({"a": "7"}, lambda f: f.integer("a"), "should be an integer"),
        ({"a": True}, lambda f: f.opt_integer("a"), "should be an integer"),
        ({"a": float("inf")}, lambda f: f.integer("a"), "a finite integer"),
        ({"a": "1.5"}, lambda f: f.number("a"), "should be a number"),
        ({"a": float("nan")}, lambda f: f.number("a"), "a finite number"),
        ({"a": 3}, lambda f: f.text("a"), "should be a string"),
        ({"a": "yes"}, lambda f: f.flag("a"), "should be true or false"),
        ({"a": "yesterday"}, lambda f: f.date_time("a"), "ISO 8601"),
        ({"a": "1:2"}, lambda f: f.timespan("a"), "time span"),
        ({"a": "99999999999.00:00:00"}, lambda f: f.timespan("a"), "time span"),
        ({"a": {}}, lambda f: f.items("a"), "should be a list"),
        ({"a": ["x", 1]}, lambda f: f.texts("a"), "a list of strings"),
        ({"a": []}, lambda f: f.text_map("a"), "should be an object"),
        ({"a": {"k": {}}}, lambda f: f.text_map("a"), "an object of strings"),
        ({"a": []}, lambda f: f.child("a"), "thing.a: expected a JSON object"),
    ],
)
def test_fields_reject_wrong_types(
    data: dict[str, Any], read: Callable[[Fields], object], message: str
) -> None:
    """Each wrong type names the field and what it should be."""
    with pytest.raises(ArrMalformedResponseError, match=message):
        read(Fields(data, "thing"))


def test_fields_lenient_where_servers_differ() -> None:
    """Integral floats, null list entries and non-string map values are read."""
    fields = Fields(
        {"size": 1.5e9, "names": ["a", None], "data": {"n": 3, "b": True, "s": None}},
        "thing",
    )
    assert fields.integer("size") == 1_500_000_000
    assert fields.texts("names") == ("a",)
    assert fields.text_map("data") == {"n": "3", "b": "True", "s": None}
    assert fields.has("size") and not fields.has("missing")
    assert fields.child("missing") is None
    with pytest.raises(ArrMalformedResponseError, match="got tuple"):
        Fields((1, 2), "thing")


def test_quality_profile_groups() -> None:
    """Grouped qualities (Sonarr v4 "WEB 1080p") count their allowed members."""
    profile = QualityProfile.from_json(
        {
            "id": 4,
            "name": "Grouped",
            "cutoff": 1000,
            "items": [
                {
                    "id": 1000,
                    "name": "WEB 1080p",
                    "allowed": True,
                    "items": [
                        {"quality": {"name": "WEBDL-1080p"}, "allowed": True},
                        {"quality": {"name": "WEBRip-1080p"}, "allowed": True},
                    ],
                },
                {"name": "Named only", "allowed": True},
                {"allowed": True},
                {"quality": {"name": "SDTV"}, "allowed": False},
            ],
        }
    )
    assert profile.allowed_qualities == ("WEBDL-1080p", "WEBRip-1080p", "Named only")


def test_health_check_wiki_url_object_and_bad_type() -> None:
    """The wiki link is read from the documented object too; bad types raise."""
    check = ArrHealthCheck.from_json(
        {"type": "notice", "wikiUrl": {"fullUri": "https://wiki.example/x"}}
    )
    assert check.wiki_url == "https://wiki.example/x"
    with pytest.raises(ArrMalformedResponseError, match="unknown type 'fatal'"):
        ArrHealthCheck.from_json({"type": "fatal"})


def test_minimal_documents_get_defaults() -> None:
    """Fields left out get sensible defaults instead of errors."""
    item = QueueItem.from_json({"id": 1})
    assert (item.progress, item.status, item.tracked_download_state) == (
        0.0,
        "unknown",
        "downloading",
    )
    assert not item.has_problem
    movie = CalendarItem.from_movie({"id": 2, "title": "T"})
    assert movie.start is None and movie.release_type is None
    series = Series.from_json({"id": 3, "seasons": [{"seasonNumber": 1}]})
    assert series.season_count == 1 and series.seasons[0].episode_count == 0
    assert Movie.from_json({"statistics": {"sizeOnDisk": 5}}).size_on_disk == 5
    status = SystemStatus.from_json({"appName": "Sonarr", "version": "develop"})
    assert status.major_version == 0 and not status.is_v4
    assert status.instance_name == "Sonarr"
    command = CommandStatus.from_json({"commandName": "Rss Sync"})
    assert command.name == "Rss Sync"
    assert not command.is_finished
    record = HistoryRecord.from_json({"id": 1})
    assert record.message is None and record.quality is None
