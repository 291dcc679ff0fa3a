"""The registry of service kinds and the credentials a service config holds."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import aiohttp
from aiohttp import web
import pytest

from custom_components.autoarr.arr.errors import ArrApiError, ArrWrongAppError
from custom_components.autoarr.arr.http import (
    ApiKey,
    HttpTransport,
    NoAuth,
    ServiceConfig,
    UserPassword,
)
from custom_components.autoarr.arr.kinds import (
    SONARR,
    SPECS,
    AuthKind,
    Category,
    ServiceKind,
    ServiceSpec,
    kinds_in,
    spec_of,
)
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.arr_http.servers import running_app
from tests.arr_http.test_http import status_app


def test_every_kind_has_one_spec() -> None:
    """The registry holds each kind once, under its own key."""
    assert list(SPECS) == list(ServiceKind)
    for kind, spec in SPECS.items():
        assert spec.kind is kind
        assert spec_of(kind.value) is spec
    with pytest.raises(KeyError, match="readarr"):
        spec_of("readarr")


def test_categories_and_example_urls() -> None:
    """Library managers and download clients are told apart by category."""
    assert kinds_in(Category.LIBRARY_MANAGER) == (
        ServiceKind.SONARR,
        ServiceKind.RADARR,
        ServiceKind.LIDARR,
    )
    assert kinds_in(Category.DOWNLOAD_CLIENT) == (
        ServiceKind.SABNZBD,
        ServiceKind.NZBGET,
        ServiceKind.QBITTORRENT,
        ServiceKind.TRANSMISSION,
        ServiceKind.DELUGE,
    )
    assert kinds_in(Category.INDEXER_MANAGER) == (ServiceKind.PROWLARR,)
    assert SPECS[ServiceKind.RADARR].example_url == "http://192.168.1.10:7878"


def test_clients_belong_to_their_kind() -> None:
    """Each client names its kind; its API path comes from the spec."""
    assert SonarrClient.spec is SPECS[ServiceKind.SONARR]
    assert RadarrClient.spec is SPECS[ServiceKind.RADARR]
    assert SPECS[ServiceKind.SABNZBD].api_path == "api"
    assert SPECS[ServiceKind.SONARR].api_path == "api/v3"


async def test_client_asks_the_api_path_of_its_kind(
    session: aiohttp.ClientSession,
) -> None:
    """A client asks below its kind's API path, and names its version."""
    asked: list[str] = []

    async def not_found(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", not_found)

    class V1Client(SonarrClient):
        spec: ClassVar[ServiceSpec] = replace(
            SONARR, api_path="api/v1", api_version="v1"
        )

    async with running_app(app) as url:
        config = ServiceConfig(url=f"{url}/base", auth=ApiKey("k" * 32))
        with pytest.raises(ArrWrongAppError, match="no Sonarr v3 API"):
            await SonarrClient(session, config).system_status()
        with pytest.raises(ArrWrongAppError, match="no Sonarr v1 API"):
            await V1Client(session, config).system_status()
    assert asked == ["/base/api/v3/system/status", "/base/api/v1/system/status"]


def test_auth_union() -> None:
    """Each kind of credentials says what is secret, and hides it in repr."""
    key = ApiKey("key-0123456789")
    login = UserPassword("admin", "hunter2-secret")
    assert key.secrets() == ("key-0123456789",)
    assert login.secrets() == ("hunter2-secret",)
    assert NoAuth().secrets() == ()
    config = ServiceConfig(url="http://nas", auth=login)
    assert "hunter2-secret" not in repr(config)
    assert "key-0123456789" not in repr(ServiceConfig(url="http://nas", auth=key))
    assert "admin" in repr(config)
    assert ServiceConfig(url="http://nas", auth=key).api_key == "key-0123456789"
    with pytest.raises(TypeError, match="UserPassword is not an API key"):
        _ = config.api_key
    with pytest.raises(TypeError, match="NoAuth is not an API key"):
        _ = ServiceConfig(url="http://nas", auth=NoAuth()).api_key
    assert {kind.value for kind in AuthKind} == {
        "api_key",
        "user_password",
        "password",
        "none",
    }


async def test_password_is_redacted_from_errors(
    session: aiohttp.ClientSession,
) -> None:
    """A server echoing a user's password never gets it into a message."""
    password = "hunter2-secret-password"
    app = status_app(500, f"wrong password {password}".encode(), "text/plain")
    async with running_app(app) as url:
        config = ServiceConfig(url=url, auth=UserPassword("admin", password))
        transport = HttpTransport(session, config, app_name="Torrentarr")
        with pytest.raises(ArrApiError) as err:
            await transport.request("GET", "api")
    assert password not in str(err.value)
    assert "**REDACTED**" in str(err.value)


async def test_sabnzbd_redacts_its_key(session: aiohttp.ClientSession) -> None:
    """SABnzbd's own error texts are redacted with the config's secrets."""
    key = "sab-key-0123456789abcdef"
    app = status_app(500, f"bad key {key}".encode(), "text/plain")
    async with running_app(app) as url:
        client = SabnzbdClient(session, ServiceConfig(url=url, auth=ApiKey(key)))
        with pytest.raises(ArrApiError) as err:
            await client.version()
    assert key not in str(err.value)
