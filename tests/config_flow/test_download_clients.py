"""qBittorrent, Transmission, Deluge and NZBGet as subentries, checked live.

The flow asks their user name and password (Deluge: the Web UI password
only), tells a wrong password, another application at the address and a TLS
problem apart, and keeps a stored password when reconfigure leaves it empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from homeassistant.const import (
    CONF_NAME,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from tests.arr_http.servers import running_app
from tests.support.daemon import RealDaemon
from tests.support.tls import make_self_signed_certificate

from .conftest import hub_entry
from .helpers import suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls", "socket_enabled")

KINDS = {
    "qbittorrent": "qBittorrent",
    "transmission": "Transmission",
    "deluge": "Deluge",
    "nzbget": "NZBGet",
}


@pytest.fixture(params=list(KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    """Each download client kind in turn."""
    return str(request.param)


def form(
    kind: str, url: str, daemon: RealDaemon, *, password: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        CONF_NAME: KINDS[kind],
        CONF_URL: url,
        CONF_PASSWORD: daemon.password if password is None else password,
        CONF_VERIFY_SSL: True,
    }
    if kind != "deluge":
        data[CONF_USERNAME] = daemon.username
    return data


async def test_add_check_and_reconfigure(
    hass: HomeAssistant, request: pytest.FixtureRequest, kind: str, tmp_path: Path
) -> None:
    daemon: RealDaemon = request.getfixturevalue(kind)
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, kind), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    assert suggested(result, CONF_NAME) == KINDS[kind]
    fields = {str(key) for key in result["data_schema"].schema}
    assert (CONF_USERNAME in fields) is (kind != "deluge")
    assert CONF_PASSWORD in fields

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(kind, daemon.url, daemon, password="wrong-password")
    )
    assert result["errors"] == {"base": "invalid_auth"}

    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<html>Sonarr</html>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    async with running_app(app) as other:
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], form(kind, other, daemon)
        )
        assert result["errors"] == {"base": "wrong_app"}
    cert = make_self_signed_certificate(tmp_path)
    async with running_app(app, ssl_context=cert.server_context()) as tls:
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], form(kind, tls, daemon)
        )
        assert result["errors"] == {"base": "ssl_error"}
        # Without verification the same server is reached: not the application.
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**form(kind, tls, daemon), CONF_VERIFY_SSL: False}
        )
        assert result["errors"] == {"base": "wrong_app"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(kind, daemon.url, daemon)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PASSWORD] == daemon.password
    (subentry,) = entry.subentries.values()

    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    assert suggested(result, CONF_PASSWORD) is None
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(kind, daemon.url, daemon, password="")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.subentries[subentry.subentry_id].data[CONF_PASSWORD] == daemon.password
