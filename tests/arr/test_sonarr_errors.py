"""Every error path of the Sonarr/Radarr clients, against real local servers.

Each failure must raise the library's own error saying what is wrong, and no
message may contain the API key.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
import socket
import ssl
from typing import Any

import aiohttp
import pytest

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrError,
    ArrInvalidURLError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrTimeoutError,
    ArrTLSError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import (
    FaultKind,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)
from tests.support.tls import make_self_signed_certificate

from .conftest import assert_contract_kept


def assert_no_key(err: BaseException, key: str) -> None:
    """The key must not appear in the error or anything it chains to."""
    current: BaseException | None = err
    while current is not None:
        assert key not in str(current)
        assert key not in repr(current)
        current = current.__cause__ or current.__context__


async def test_wrong_api_key(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """A rejected key is ArrAuthError, without the key in the message."""
    key = "wrong-key-abcdef0123456789"
    client = SonarrClient(session, sonarr_sim.service_config(auth=ApiKey(key)))
    with pytest.raises(ArrAuthError, match="rejected the API key") as err:
        await client.system_status()
    assert_no_key(err.value, key)
    assert_no_key(err.value, sonarr_sim.api_key)


async def test_unauthorized_fault(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A 401 on any endpoint is ArrAuthError; a fault used up stops applying."""
    sonarr_sim.inject_fault(FaultKind.UNAUTHORIZED, path="queue", times=1)
    with pytest.raises(ArrAuthError):
        await sonarr.queue()
    assert (await sonarr.queue()).records


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """Nothing listening is ArrConnectionError."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = "test-api-key-0123456789abcdef"
    client = SonarrClient(
        session, ServiceConfig(f"http://127.0.0.1:{port}", ApiKey(key), timeout=2)
    )
    with pytest.raises(ArrConnectionError, match="cannot connect to Sonarr") as err:
        await client.system_status()
    assert not isinstance(err.value, ArrTimeoutError)
    assert_no_key(err.value, key)


async def test_timeout(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """A server slower than the timeout is ArrTimeoutError."""
    sonarr_sim.inject_fault(FaultKind.LATENCY, delay=1.0, times=1)
    client = SonarrClient(session, sonarr_sim.service_config(timeout=0.2))
    with pytest.raises(ArrTimeoutError, match="did not answer in time"):
        await client.health()


async def test_latency_within_timeout(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Latency below the timeout only delays the answer."""
    fault = sonarr_sim.inject_fault(FaultKind.LATENCY, delay=0.05, path="health")
    assert len(await sonarr.health()) == 2
    assert fault.hits == 1


async def test_radarr_url_given_for_sonarr(
    session: aiohttp.ClientSession, radarr_sim: RadarrSimulator
) -> None:
    """A Radarr at the URL is ArrWrongAppError naming what was found."""
    client = SonarrClient(session, radarr_sim.service_config())
    with pytest.raises(ArrWrongAppError, match="is Radarr, not Sonarr") as err:
        await client.system_status()
    assert err.value.found == "Radarr"


async def test_wrong_app_fault(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """The wrong-app fault makes Radarr's status say Sonarr."""
    radarr_sim.inject_fault(FaultKind.WRONG_APP, path="system/status")
    with pytest.raises(ArrWrongAppError) as err:
        await radarr.system_status()
    assert err.value.found == "Sonarr"


async def test_html_page_instead_of_api(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A login page (200, HTML) is ArrWrongAppError on every endpoint."""
    sonarr_sim.inject_fault(FaultKind.HTML_PAGE)
    with pytest.raises(ArrWrongAppError, match="answered with a web page"):
        await sonarr.system_status()
    with pytest.raises(ArrWrongAppError, match="URL base"):
        await sonarr.queue()


async def test_json_without_app_name(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Some other JSON API at the URL is ArrWrongAppError: its status names
    no application, and it keeps no series."""
    sonarr_sim.inject_fault(FaultKind.WRONG_SHAPE)
    with pytest.raises(ArrWrongAppError, match="has no application name") as err:
        await sonarr.system_status()
    assert err.value.found is None


async def test_missing_url_base(
    session: aiohttp.ClientSession, sonarr_v3_sim: SonarrSimulator
) -> None:
    """Leaving out the URL base gives a 404 that is reported as wrong URL."""
    url_without_base = sonarr_v3_sim.url.removesuffix("/sonarr")
    client = SonarrClient(session, sonarr_v3_sim.service_config(url=url_without_base))
    with pytest.raises(ArrWrongAppError, match="check the URL and the URL base"):
        await client.system_status()


async def test_url_base_the_server_does_not_have(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """An extra URL base lands on the web UI: a web page, not the API."""
    client = SonarrClient(
        session, sonarr_sim.service_config(url=sonarr_sim.url + "/sonarr")
    )
    with pytest.raises(ArrWrongAppError, match="web page"):
        await client.system_status()


async def test_server_error_keeps_message(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A 500 is ArrApiError with the server's message and status."""
    sonarr_sim.inject_fault(
        FaultKind.SERVER_ERROR, path="diskspace", message="Database is locked"
    )
    with pytest.raises(ArrApiError, match="HTTP 500: Database is locked") as err:
        await sonarr.disk_space()
    assert err.value.status == 500


async def test_server_error_echoing_the_key_is_redacted(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A server message quoting the key never passes it on."""
    sonarr_sim.inject_fault(
        FaultKind.SERVER_ERROR, message=f"bad request for apikey={sonarr_sim.api_key}"
    )
    with pytest.raises(ArrApiError) as err:
        await sonarr.health()
    assert_no_key(err.value, sonarr_sim.api_key)
    assert "REDACTED" in str(err.value)


async def test_not_found_fault(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """A 404 on a list endpoint is ArrNotFoundError."""
    radarr_sim.inject_fault(FaultKind.NOT_FOUND, path="^/api/v3/movie$")
    with pytest.raises(ArrNotFoundError):
        await radarr.movies()


async def test_malformed_json(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Invalid JSON is ArrMalformedResponseError."""
    sonarr_sim.inject_fault(FaultKind.MALFORMED_JSON, path="queue")
    with pytest.raises(ArrMalformedResponseError, match="valid JSON"):
        await sonarr.queue()


async def test_wrong_shape(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """Valid JSON of the wrong shape is ArrMalformedResponseError."""
    sonarr_sim.inject_fault(FaultKind.WRONG_SHAPE)
    with pytest.raises(ArrMalformedResponseError, match="expected a JSON list"):
        await sonarr.series()
    with pytest.raises(ArrMalformedResponseError, match="expected a JSON object"):
        await sonarr.queue()
    with pytest.raises(ArrMalformedResponseError):
        await sonarr.command_status(1)


async def test_truncated_body(
    radarr: RadarrClient, radarr_sim: RadarrSimulator
) -> None:
    """A body cut short is ArrMalformedResponseError."""
    radarr_sim.inject_fault(FaultKind.TRUNCATED, path="^/api/v3/movie$")
    with pytest.raises(ArrMalformedResponseError):
        await radarr.movies()


async def test_disconnect(sonarr: SonarrClient, sonarr_sim: SonarrSimulator) -> None:
    """A connection closed without an answer is ArrConnectionError."""
    # Not limited to one request: aiohttp retries a request once when the
    # server drops a reused keep-alive connection.
    sonarr_sim.inject_fault(FaultKind.DISCONNECT, path="health")
    with pytest.raises(ArrConnectionError):
        await sonarr.health()
    sonarr_sim.clear_faults()
    assert len(await sonarr.health()) == 2


async def test_faults_filter_by_method(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A fault limited to POST leaves GET alone; clear_faults removes it."""
    sonarr_sim.inject_fault(FaultKind.SERVER_ERROR, method="POST", path="command")
    with pytest.raises(ArrApiError):
        await sonarr.search_missing()
    sonarr_sim.clear_faults()
    assert (await sonarr.search_missing()).status == "queued"


def test_invalid_url(session: aiohttp.ClientSession) -> None:
    """A URL that is not http(s) is refused before any request."""
    with pytest.raises(ArrInvalidURLError):
        SonarrClient(session, ServiceConfig("ftp://example", ApiKey("k")))


async def test_api_key_as_query_parameter_accepted(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """The simulator accepts the apikey query parameter, as Sonarr does."""
    async with session.get(
        f"{sonarr_sim.url}/api/v3/system/status", params={"apikey": sonarr_sim.api_key}
    ) as resp:
        assert resp.status == 200
        assert (await resp.json())["appName"] == "Sonarr"
    async with session.get(f"{sonarr_sim.url}/api/v3/system/status") as resp:
        assert resp.status == 401
    # A request without any key breaks the contract's security requirement,
    # and the contract check notices.
    assert len(sonarr_sim.contract_violations) == 1
    assert "SecurityValidationError" in sonarr_sim.contract_violations[0]
    sonarr_sim.contract_violations.clear()


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return a throwaway self-signed certificate and key for 127.0.0.1."""
    files = make_self_signed_certificate(tmp_path_factory.mktemp("tls"))
    return files.cert, files.key


@pytest.fixture
async def https_sonarr(
    self_signed: tuple[Path, Path],
) -> AsyncIterator[SonarrSimulator]:
    """Serve a simulated Sonarr over https with the self-signed certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*self_signed)
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()

    def ignore_refused_handshake(
        loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        # A client refusing the certificate resets the connection while the
        # server sets up TLS; asyncio reports that on the server's side. It
        # is the expected outcome here, anything else still fails the test.
        error = context.get("exception")
        if isinstance(error, ConnectionResetError | ssl.SSLError) and (
            "transport creation" in context.get("message", "")
        ):
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(ignore_refused_handshake)
    try:
        async with start_simulator(
            "sonarr", ssl_context=context, url_base="/tv"
        ) as sim:
            yield sim
            assert_contract_kept(sim)
    finally:
        loop.set_exception_handler(previous)


async def test_https_self_signed_with_verify_ssl_off(
    session: aiohttp.ClientSession, https_sonarr: SonarrSimulator
) -> None:
    """verify_ssl=False talks to a self-signed https server."""
    assert https_sonarr.url.startswith("https://")
    client = SonarrClient(session, https_sonarr.service_config(verify_ssl=False))
    assert (await client.system_status()).url_base == "/tv"


async def test_https_self_signed_with_verify_ssl_on(
    session: aiohttp.ClientSession, https_sonarr: SonarrSimulator
) -> None:
    """verify_ssl=True refuses the self-signed certificate: ArrTLSError."""
    client = SonarrClient(session, https_sonarr.service_config(verify_ssl=True))
    with pytest.raises(ArrTLSError, match="TLS error"):
        await client.system_status()


async def test_https_client_against_http_server(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """https to a plain-http server fails as a connection (TLS) problem."""
    url = sonarr_sim.url.replace("http://", "https://")
    client = SonarrClient(session, sonarr_sim.service_config(url=url, verify_ssl=False))
    with pytest.raises(ArrConnectionError):
        await client.system_status()


async def test_every_error_is_an_arr_error(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Each fault surfaces as an ArrError subclass, never anything else."""
    for kind in FaultKind:
        if kind is FaultKind.LATENCY:
            continue
        sonarr_sim.clear_faults()
        sonarr_sim.inject_fault(kind, path="system/status")
        try:
            await sonarr.system_status()
        except ArrError:
            continue
        pytest.fail(f"{kind} did not raise an ArrError")
