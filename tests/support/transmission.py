"""Start and stop a real Transmission (Debian's `transmission-daemon`) on 127.0.0.1.

Its settings.json sets the RPC port, user and password (Transmission hashes
the plain password it finds there at start), and turns off DHT, peer
exchange, local discovery and port mapping. `rpc` calls the RPC directly,
with the session-id handshake, for tests to arrange and inspect state.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import json
from typing import Any, ClassVar
import urllib.error
import urllib.request

from tests.support.daemon import RealDaemon, free_port
from tests.support.torrents import Torrent

RPC_PATH = "/transmission/rpc"


@dataclass
class RealTransmission(RealDaemon):
    """A real transmission-daemon with RPC authentication."""

    program: ClassVar[str] = "transmission-daemon"
    app: ClassVar[str] = "Transmission"

    _session_id: str = field(init=False, default="")

    def _launch(self) -> None:
        settings = {
            "rpc-enabled": True,
            "rpc-port": self.port,
            "rpc-bind-address": self.host,
            "rpc-authentication-required": True,
            "rpc-username": self.username,
            "rpc-password": self.password,
            "rpc-whitelist-enabled": True,
            "rpc-whitelist": "127.0.0.1",
            "rpc-host-whitelist-enabled": False,
            "peer-port": free_port(),
            "peer-port-random-on-start": False,
            "dht-enabled": False,
            "lpd-enabled": False,
            "pex-enabled": False,
            "port-forwarding-enabled": False,
            "download-dir": str(self.download_dir),
            "incomplete-dir-enabled": False,
            "download-queue-enabled": False,
            "message-level": 3,
        }
        (self.base_dir / "settings.json").write_text(
            json.dumps(settings), encoding="utf-8"
        )
        self.spawn(
            "transmission",
            [self.program, "--foreground", "--config-dir", str(self.base_dir)],
        )

    def _ready(self) -> bool | None:
        return self.probe(lambda: self.rpc("session-get") is not None or None)

    # Helpers for tests (blocking; the client under test is not used) -------

    def rpc(self, method: str, **arguments: Any) -> Any:
        """Call one RPC method; return its `arguments`, raise on an error result."""
        body = json.dumps({"method": method, "arguments": arguments}).encode()
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{self.url}{RPC_PATH}",
            data=body,
            headers={
                "Authorization": f"Basic {token}",
                "X-Transmission-Session-Id": self._session_id,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer = json.loads(response.read())
        except urllib.error.HTTPError as err:
            if err.code != 409:
                raise
            self._session_id = err.headers.get("X-Transmission-Session-Id", "")
            return self.rpc(method, **arguments)
        if answer.get("result") != "success":
            raise RuntimeError(f"Transmission {method}: {answer.get('result')}")
        return answer.get("arguments", {})

    def add_torrent(self, torrent: Torrent, *, paused: bool = False) -> str:
        """Add a torrent (its file, or its magnet link when it has none)."""
        if torrent.content:
            source = {"metainfo": base64.b64encode(torrent.content).decode()}
        else:
            source = {"filename": torrent.magnet}
        self.rpc("torrent-add", paused=paused, **source)
        return torrent.info_hash

    def torrents(self, *fields: str) -> list[dict[str, Any]]:
        """Return the torrents with the fields asked for."""
        wanted = list(fields or ("id", "hashString", "name", "status"))
        result: list[dict[str, Any]] = self.rpc("torrent-get", fields=wanted)[
            "torrents"
        ]
        return result

    def reset(self) -> None:
        """Remove every torrent; lift speed limits and the alternative speeds."""
        ids = [item["id"] for item in self.torrents()]
        if ids:
            self.rpc("torrent-remove", ids=ids, **{"delete-local-data": True})
        self.rpc(
            "session-set",
            **{
                "speed-limit-down-enabled": False,
                "speed-limit-up-enabled": False,
                "speed-limit-down": 100,
                "speed-limit-up": 100,
                "alt-speed-enabled": False,
            },
        )
