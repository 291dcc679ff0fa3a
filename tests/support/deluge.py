"""Start and stop a real Deluge (Debian's `deluged` + `deluge-web`) on 127.0.0.1.

Both processes share one profile folder: core.conf (daemon port, torrent
port, no DHT, UPnP, NAT-PMP or local discovery), the daemon's `auth` file,
web.conf with the Web UI password (salted SHA-1, as deluge-web stores it)
and hostlist.conf naming the one daemon. The launcher waits until the Web UI
answers and sees the daemon online. `call` speaks the Web UI's JSON-RPC for
tests to arrange and inspect state.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import hashlib
import json
import secrets
import shutil
from typing import Any, ClassVar
import urllib.request

from tests.support.daemon import RealDaemon, free_port, session_cookie
from tests.support.torrents import Torrent

# deluge-web's error code for a call without a session it knows.
NOT_AUTHENTICATED = 1


class _NotAuthenticatedError(RuntimeError):
    """deluge-web no longer knows the session."""


@dataclass
class RealDeluge(RealDaemon):
    """A real deluged with its Web UI (deluge-web) and a Web UI password."""

    program: ClassVar[str] = "deluged"
    app: ClassVar[str] = "Deluge"

    # The host id deluge-web knows the daemon by.
    host_id: str = field(init=False, default_factory=lambda: secrets.token_hex(16))
    daemon_port: int = field(init=False, default=0)
    # Connect the Web UI to the daemon at start, as a user's usually is.
    connect: bool = True
    # The Web UI session's "name=value" cookie, once logged in.
    _cookie: str | None = field(init=False, default=None)
    _ids: int = field(init=False, default=0)

    @classmethod
    def available(cls) -> bool:
        """Return whether both deluged and deluge-web are installed."""
        return all(shutil.which(name) for name in ("deluged", "deluge-web"))

    def _write(self, name: str, value: dict[str, Any]) -> None:
        # Deluge's config files: a version header object, then the settings.
        text = json.dumps({"file": 1, "format": 1}) + json.dumps(value, indent=2)
        (self.base_dir / name).write_text(text, encoding="utf-8")

    def _launch(self) -> None:
        self.daemon_port = free_port()
        listen = free_port()
        daemon_password = secrets.token_hex(12)
        (self.base_dir / "auth").write_text(
            f"localclient:{daemon_password}:10\n", encoding="utf-8"
        )
        self._write(
            "core.conf",
            {
                "daemon_port": self.daemon_port,
                "allow_remote": False,
                "listen_ports": [listen, listen],
                "random_port": False,
                "listen_interface": self.host,
                "dht": False,
                "upnp": False,
                "natpmp": False,
                "lsd": False,
                "utpex": False,
                "new_release_check": False,
                "download_location": str(self.download_dir),
                "move_completed": False,
                "queue_new_to_top": False,
                "max_active_downloading": -1,
                "max_active_limit": -1,
            },
        )
        salt = secrets.token_hex(20)
        self._write(
            "web.conf",
            {
                "port": self.port,
                "interface": self.host,
                "pwd_salt": salt,
                "pwd_sha1": hashlib.sha1(  # noqa: S324 - deluge-web's own scheme
                    (salt + self.password).encode()
                ).hexdigest(),
                "first_login": False,
                "https": False,
                "enabled_plugins": [],
                "default_daemon": "",
                "base": "/",
            },
        )
        self._write(
            "hostlist.conf",
            {
                "hosts": [
                    [
                        self.host_id,
                        self.host,
                        self.daemon_port,
                        "localclient",
                        daemon_password,
                    ]
                ]
            },
        )
        common = ["--config", str(self.base_dir), "--do-not-daemonize", "-L", "info"]
        self.spawn(
            "deluged",
            ["deluged", *common, "-i", self.host, "-p", str(self.daemon_port)],
        )
        self.spawn(
            "deluge-web",
            ["deluge-web", *common, "-i", self.host, "-p", str(self.port)],
        )

    def _ready(self) -> bool | None:
        status = self.probe(lambda: self.call("web.get_host_status", self.host_id))
        if not status or status[1] not in ("Online", "Connected"):
            return None
        if self.connect and not self.call("web.connected"):
            self.call("web.connect", self.host_id)
            return None
        return True

    # Helpers for tests (blocking; the client under test is not used) -------

    def call(self, method: str, *params: Any) -> Any:
        """Call one Web UI JSON-RPC method (logged in); return its result.

        The session cookie is sent explicitly (see `session_cookie`); a
        session deluge-web no longer knows logs in again once.
        """
        for attempt in range(2):
            if self._cookie is None:
                result, set_cookies = self._post("auth.login", [self.password])
                cookie = session_cookie(set_cookies, "_session_id")
                if result is not True or cookie is None:
                    raise RuntimeError("deluge-web refused the launcher's password")
                self._cookie = cookie
            try:
                return self._post(method, list(params))[0]
            except _NotAuthenticatedError:
                if attempt:
                    raise
                self._cookie = None
        raise AssertionError("unreachable")

    def _post(self, method: str, params: list[Any]) -> tuple[Any, list[str]]:
        self._ids += 1
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{self.url}/json",
            data=json.dumps(
                {"method": method, "params": params, "id": self._ids}
            ).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Cookie": self._cookie} if self._cookie else {}),
        )
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            answer = json.loads(response.read())
            set_cookies = response.headers.get_all("Set-Cookie") or []
        error = answer.get("error")
        if error:
            if isinstance(error, dict) and error.get("code") == NOT_AUTHENTICATED:
                raise _NotAuthenticatedError(f"Deluge {method}: {error}")
            raise RuntimeError(f"Deluge {method}: {error}")
        return answer.get("result"), set_cookies

    def add_torrent(self, torrent: Torrent, *, paused: bool = False) -> str:
        """Add a torrent (its file, or its magnet link when it has none)."""
        options = {"add_paused": paused}
        if torrent.content:
            self.call(
                "core.add_torrent_file",
                torrent.filename,
                base64.b64encode(torrent.content).decode(),
                options,
            )
        else:
            self.call("core.add_torrent_magnet", torrent.magnet, options)
        return torrent.info_hash

    def torrents(self, *fields: str) -> dict[str, dict[str, Any]]:
        """Return the torrents by info hash, with the fields asked for."""
        wanted = list(fields or ("name", "state"))
        result: dict[str, dict[str, Any]] = self.call(
            "core.get_torrents_status", {}, wanted
        )
        return result

    def reset(self) -> None:
        """Remove every torrent; lift speed limits; resume the session."""
        ids = list(self.torrents())
        if ids:
            self.call("core.remove_torrents", ids, True)
        self.call(
            "core.set_config", {"max_download_speed": -1.0, "max_upload_speed": -1.0}
        )
        self.call("core.resume_session")
