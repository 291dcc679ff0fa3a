"""Start and stop a real qBittorrent (Debian's `qbittorrent-nox`) on 127.0.0.1.

The profile's qBittorrent.conf sets the Web UI's address, port, user and
password (stored the way qBittorrent stores it: PBKDF2-HMAC-SHA512 with a
random salt, 100,000 rounds), accepts the legal notice, and turns off DHT,
peer exchange, local discovery and port forwarding. `api` calls the Web API
directly (sending its session cookie itself, so a frozen clock cannot
expire it), for tests to arrange and inspect state
without the client under test.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import hashlib
import json
import os
from typing import Any, ClassVar
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tests.support.daemon import RealDaemon, free_port, session_cookie
from tests.support.torrents import Torrent


def password_hash(password: str) -> str:
    """Return qBittorrent's stored form of a Web UI password."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, 64)
    return f"{base64.b64encode(salt).decode()}:{base64.b64encode(digest).decode()}"


@dataclass
class RealQbittorrent(RealDaemon):
    """A real qBittorrent with a Web UI user and password."""

    program: ClassVar[str] = "qbittorrent-nox"
    app: ClassVar[str] = "qBittorrent"

    username: str = field(init=False, default="admin")
    # The Web UI session's "name=value" cookie, once logged in.
    _cookie: str | None = field(init=False, default=None)

    def _launch(self) -> None:
        config = self.base_dir / "qBittorrent" / "config"
        config.mkdir(parents=True)
        settings = {
            "LegalNotice": {"Accepted": "true"},
            "BitTorrent": {
                "Session\\Port": str(free_port()),
                "Session\\DHTEnabled": "false",
                "Session\\PeXEnabled": "false",
                "Session\\LSDEnabled": "false",
                "Session\\AnonymousModeEnabled": "true",
                "Session\\DefaultSavePath": str(self.download_dir),
                "Session\\TempPathEnabled": "false",
                "Session\\QueueingSystemEnabled": "false",
            },
            "Network": {"PortForwardingEnabled": "false"},
            "Preferences": {
                "WebUI\\Address": self.host,
                "WebUI\\Port": str(self.port),
                "WebUI\\Username": self.username,
                "WebUI\\Password_PBKDF2": f'"@ByteArray({password_hash(self.password)})"',
                "WebUI\\LocalHostAuth": "true",
                # Tests log in with wrong passwords on purpose: never ban
                # 127.0.0.1 (by default, after 5 failures, for an hour).
                "WebUI\\MaxAuthenticationFailCount": "0",
                "General\\Locale": "en",
            },
        }
        lines = []
        for section, values in settings.items():
            lines.append(f"[{section}]")
            lines += [f"{key}={value}" for key, value in values.items()]
            lines.append("")
        (config / "qBittorrent.conf").write_text("\n".join(lines), encoding="utf-8")
        self.spawn("console", [self.program, f"--profile={self.base_dir}"])

    def _ready(self) -> bool | None:
        return self.probe(lambda: self.api("app/version") and True)

    # Helpers for tests (blocking; the client under test is not used) -------

    def _login(self) -> str:
        """Log in; return the session cookie ("" when none is needed)."""
        form = urllib.parse.urlencode(
            {"username": self.username, "password": self.password}
        ).encode()
        with urllib.request.urlopen(  # noqa: S310 - loopback http
            f"{self.url}/api/v2/auth/login", data=form, timeout=10
        ) as response:
            text = response.read().decode().strip()
            cookie = session_cookie(
                response.headers.get_all("Set-Cookie"), "SID", "QBT_SID"
            )
        if cookie is None and text != "Ok.":
            raise RuntimeError(f"qBittorrent refused the launcher's login: {text!r}")
        return cookie or ""

    def api(
        self,
        path: str,
        *,
        files: dict[str, tuple[str, bytes]] | None = None,
        post: bool = False,
        **form: str,
    ) -> Any:
        """Call the Web API (POST with a form, or `post`); return its answer.

        JSON answers are decoded, others returned as text. A 403 (the session
        ended) logs in again once; a 403 after that is an error.
        """
        url = f"{self.url}/api/v2/{path}"
        data: bytes | None = None
        headers: dict[str, str] = {}
        if files:
            data, boundary = _multipart(form, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form or post:
            data = urllib.parse.urlencode(form).encode()
        for attempt in range(2):
            if self._cookie is None:
                self._cookie = self._login()
            request = urllib.request.Request(  # noqa: S310 - loopback http
                url,
                data=data,
                headers=headers | ({"Cookie": self._cookie} if self._cookie else {}),
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    text = response.read().decode()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as err:
                if err.code != 403 or attempt:
                    raise
                self._cookie = None  # the session ended: log in again, once
                continue
            return json.loads(text) if "json" in kind else text
        raise AssertionError("unreachable")

    def add_torrent(
        self, torrent: Torrent, *, category: str = "", paused: bool = False
    ) -> str:
        """Add a torrent (its file, or its magnet link when it has none)."""
        options = {"category": category, "stopped": str(paused).lower()}
        if torrent.content:
            self.api(
                "torrents/add",
                files={"torrents": (torrent.filename, torrent.content)},
                **options,
            )
        else:
            self.api("torrents/add", urls=torrent.magnet, **options)
        return torrent.info_hash

    def torrents(self) -> list[dict[str, Any]]:
        """Return qBittorrent's list of torrents."""
        result: list[dict[str, Any]] = self.api("torrents/info")
        return result

    def reset(self) -> None:
        """Remove every torrent and category; lift speed limits and pauses."""
        hashes = [item["hash"] for item in self.torrents()]
        if hashes:
            self.api("torrents/delete", hashes="|".join(hashes), deleteFiles="true")
        categories = self.api("torrents/categories")
        if categories:
            self.api("torrents/removeCategories", categories="\n".join(categories))
        if self.api("transfer/speedLimitsMode") != "0":
            self.api("transfer/toggleSpeedLimitsMode", post=True)
        self.api("transfer/setDownloadLimit", limit="0")
        self.api("transfer/setUploadLimit", limit="0")
        self.api(
            "app/setPreferences",
            json=json.dumps({"alt_dl_limit": 10240, "alt_up_limit": 10240}),
        )


def _multipart(
    form: dict[str, str], files: dict[str, tuple[str, bytes]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in form.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}";'
            f' filename="{filename}"\r\nContent-Type: application/x-bittorrent\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), boundary
