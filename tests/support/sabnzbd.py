"""Start and stop a real SABnzbd (Debian's `sabnzbdplus`) on 127.0.0.1.

The tests, the demo (`scripts/develop`) and the benchmark talk to a real
SABnzbd rather than a simulator, so its exact answers (and their quirks) are
what the client is built against. `RealSabnzbd` writes a fresh sabnzbd.ini in
a temporary folder (generated API and NZB keys, its own download folders, no
browser, no wizard, no update check) and runs SABnzbd on a free loopback port.

Its only news server is the stub of `news_server.py`, started beside it,
which answers "430 no such article" to every request for the articles of
`make_nzb`. SABnzbd therefore runs its real download path and fails every
job within a second, which lands in the history as a real failed job with a
`fail_message` — exactly what recovery needs to be tested against. (A closed
port does not do: SABnzbd then keeps the job queued and only blocks the
server for ten minutes.) `wait_for_failed_jobs` waits for them (see
`nudge_postprocessor` for a SABnzbd 5.1 race it works around). The articles
of an NZB made with `make_nzb(stalled=True)` are never answered: the
connection stays open and silent, and the job sits downloading with no
progress. A job of `make_progress_nzb` stops at a given share of its size,
downloading or stalled, for good (see `progress_jobs`).

It is both a plain and an async context manager (the async one runs the
blocking start and stop in a thread), so a session-scoped pytest fixture,
which has no event loop, can use it as well as async code:

    with RealSabnzbd() as sab:
        print(sab.url, sab.api_key)

`sabnzbd_available()` says whether SABnzbd is installed; tests skip with
`SKIP_REASON` when it is not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
import contextlib
from dataclasses import dataclass, field
import http.client
import json
import os
from pathlib import Path
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, BinaryIO
import urllib.error
import urllib.parse
import urllib.request

from tests.support.children import die_with_parent
from tests.support.launcher import StartStop, free_port, wait_or_kill
from tests.support.news_server import (
    NZB_POSTED,
    make_nzb,
    make_progress_nzb,
    start_news_server,
    stop_news_server,
)

__all__ = [
    "NZB_POSTED",
    "SKIP_REASON",
    "RealSabnzbd",
    "SabnzbdStartError",
    "free_port",
    "make_nzb",
    "make_progress_nzb",
    "sabnzbd_available",
]

SABNZBD_COMMAND = "sabnzbdplus"
# The Debian package's entry point is a script for the system Python, not the
# virtual environment's: run it with the interpreter named in its shebang.
SYSTEM_PYTHON = "/usr/bin/python3"
SKIP_REASON = "SABnzbd (the sabnzbdplus program) is not installed"

STARTUP_TIMEOUT = 90.0
# Jobs fail within a second or two; the bound only stops a broken run.
FAILED_JOB_TIMEOUT = 60.0


def sabnzbd_program() -> str | None:
    """Return the path of the sabnzbdplus program, or None when absent."""
    override = os.environ.get("AUTOARR_SABNZBD")
    if override:
        return override if Path(override).is_file() else None
    return shutil.which(SABNZBD_COMMAND)


def sabnzbd_available() -> bool:
    """Return whether a real SABnzbd can be started here."""
    program = sabnzbd_program()
    return program is not None and Path(SYSTEM_PYTHON).is_file()


class SabnzbdStartError(RuntimeError):
    """SABnzbd did not start; the message carries the end of its log."""


@dataclass
class RealSabnzbd(StartStop):
    """A real SABnzbd process on 127.0.0.1 with a generated configuration.

    `url_base` is SABnzbd's own URL base setting (it serves its API both at
    `/api` and below the URL base). `misc` adds or overrides `[misc]` settings
    of the generated sabnzbd.ini. `keep_files` leaves the folder (ini, logs,
    history database) behind after stop, for a look at what happened.
    `https` also serves HTTPS (`https_url`) with SABnzbd's own self-signed
    certificate. `progress_jobs` makes room for that many jobs of
    `make_progress_nzb` at once: each keeps a news connection (two while
    SABnzbd waits out a silent one's timeout), and one connection stays for
    every other job.
    """

    url_base: str = "/sabnzbd"
    misc: Mapping[str, str] = field(default_factory=dict)
    start_paused: bool = False
    startup_timeout: float = STARTUP_TIMEOUT
    keep_files: bool = False
    https: bool = False
    progress_jobs: int = 0

    api_key: str = field(init=False, default_factory=lambda: secrets.token_hex(16))
    nzb_key: str = field(init=False, default_factory=lambda: secrets.token_hex(16))
    host: str = field(init=False, default="127.0.0.1")
    port: int = field(init=False, default=0)
    base_dir: Path = field(init=False, default=Path())
    news_port: int = field(init=False, default=0)
    https_port: int = field(init=False, default=0)
    _process: subprocess.Popen[bytes] | None = field(init=False, default=None)
    _news: subprocess.Popen[bytes] | None = field(init=False, default=None)
    _console: BinaryIO | None = field(init=False, default=None)
    _tempdir: tempfile.TemporaryDirectory[str] | None = field(init=False, default=None)

    @property
    def url(self) -> str:
        """Return the base URL to give a client (without the URL base)."""
        return f"http://{self.host}:{self.port}"

    @property
    def https_url(self) -> str:
        """Return the HTTPS base URL (with `https=True`; a self-signed certificate)."""
        if not self.https_port:
            raise RuntimeError("this SABnzbd was started without https=True")
        return f"https://{self.host}:{self.https_port}"

    @property
    def url_with_base(self) -> str:
        """Return the base URL including SABnzbd's URL base."""
        return f"{self.url}{self.url_base}"

    @property
    def ini_path(self) -> Path:
        """Return the path of the generated sabnzbd.ini."""
        return self.base_dir / "sabnzbd.ini"

    @property
    def log_path(self) -> Path:
        """Return the path of SABnzbd's own log file."""
        return self.base_dir / "logs" / "sabnzbd.log"

    @property
    def download_dir(self) -> Path:
        """Return the folder of incomplete downloads."""
        return self.base_dir / "incomplete"

    @property
    def complete_dir(self) -> Path:
        """Return the folder of completed downloads."""
        return self.base_dir / "complete"

    @property
    def running(self) -> bool:
        """Return whether the SABnzbd process is alive."""
        return self._process is not None and self._process.poll() is None

    # Life cycle -----------------------------------------------------------

    def start(self) -> None:
        """Write the configuration, start SABnzbd and wait for its API."""
        program = sabnzbd_program()
        if program is None or not sabnzbd_available():
            raise SabnzbdStartError(SKIP_REASON)
        if self.keep_files:
            # Left behind on purpose, for looking at SABnzbd's files afterwards.
            self.base_dir = Path(tempfile.mkdtemp(prefix="autoarr-sabnzbd-"))
        else:
            self._tempdir = tempfile.TemporaryDirectory(prefix="autoarr-sabnzbd-")
            self.base_dir = Path(self._tempdir.name)
        try:
            self._launch(program)
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _launch(self, program: str) -> None:
        for folder in ("incomplete", "complete", "admin", "logs", "nzb-backup"):
            (self.base_dir / folder).mkdir()
        self._start_news_stub()
        self.port = free_port()
        if self.https:
            self.https_port = free_port()
        self.ini_path.write_text(self._ini_text(), encoding="utf-8")
        command = [
            SYSTEM_PYTHON,
            program,
            "--config-file",
            str(self.ini_path),
            "--server",
            f"{self.host}:{self.port}",
            "--browser",
            "0",
            "--logging",
            "1",
            "--new",
        ]
        if self.start_paused:
            command.append("--pause")
        env = {
            "HOME": str(self.base_dir),
            "LANG": "C.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        self._console = (self.base_dir / "console.log").open("wb")
        self._process = subprocess.Popen(  # noqa: S603 - fixed argument list
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._console,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=self.base_dir,
            start_new_session=True,
            preexec_fn=die_with_parent(),  # noqa: PLW1509 - prctl and getppid only
        )

    def stop(self) -> None:
        """Shut SABnzbd down (asking nicely first) and remove its folder."""
        process = self._process
        if process is not None and process.poll() is None:
            # SABnzbd closes the connection while answering a shutdown.
            with contextlib.suppress(OSError, ValueError, http.client.HTTPException):
                self.api("shutdown", timeout=5)
            wait_or_kill(process)
        self._process = None
        if self._news is not None:
            stop_news_server(self._news)
            self._news = None
        if self._console is not None:
            self._console.close()
            self._console = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    # Helpers for tests (blocking; the client under test is not used) -------

    def api(self, mode: str, *, timeout: float = 10, **params: str) -> Any:
        """Call SABnzbd's API directly and return its decoded JSON answer."""
        query = urllib.parse.urlencode(
            {"mode": mode, "output": "json", "apikey": self.api_key, **params}
        )
        with urllib.request.urlopen(  # noqa: S310 - a loopback http URL
            f"{self.url}/api?{query}", timeout=timeout
        ) as response:
            return json.loads(response.read())

    def nudge_postprocessor(self) -> None:
        """Wake SABnzbd's post-processor.

        SABnzbd 5.1 can miss a job that reaches post-processing while the
        post-processor is going idle (it clears its wake-up event after
        finding the queue empty); the job then waits, "Queued", until the next
        job arrives. `resume_pp` sets that event again and is harmless
        otherwise.
        """
        self.api("resume_pp")

    def wait_for_failed_jobs(
        self,
        count: int = 1,
        *,
        nzo_ids: Iterable[str] = (),
        timeout: float = FAILED_JOB_TIMEOUT,
    ) -> list[dict[str, Any]]:
        """Wait until the history shows failed jobs; return their slots.

        Waits for `count` failed jobs, or for every id in `nzo_ids` to have
        failed; polls (nudging the post-processor) until `timeout`.
        """
        wanted = set(nzo_ids)
        deadline = time.monotonic() + timeout
        slots: list[dict[str, Any]] = []
        while True:
            answer = self.api("history", limit="200")
            slots = [
                slot
                for slot in answer["history"]["slots"]
                if slot.get("status") == "Failed"
            ]
            done_ids = {slot.get("nzo_id") for slot in slots}
            if (wanted and wanted <= done_ids) or (not wanted and len(slots) >= count):
                return slots
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"SABnzbd showed {len(slots)} failed jobs after {timeout:.0f}s"
                    f" (waiting for {sorted(wanted) or count})\n{self.log_tail()}"
                )
            self.nudge_postprocessor()
            time.sleep(0.2)

    async def async_wait_for_failed_jobs(
        self,
        count: int = 1,
        *,
        nzo_ids: Iterable[str] = (),
        timeout: float = FAILED_JOB_TIMEOUT,
    ) -> list[dict[str, Any]]:
        """Wait for failed jobs (see `wait_for_failed_jobs`) without blocking."""
        return await asyncio.to_thread(
            self.wait_for_failed_jobs, count, nzo_ids=tuple(nzo_ids), timeout=timeout
        )

    def log_tail(self, lines: int = 60) -> str:
        """Return the end of SABnzbd's console and log output, for failures."""
        parts = []
        for path in (self.base_dir / "console.log", self.log_path):
            with contextlib.suppress(OSError):
                text = path.read_text(encoding="utf-8", errors="replace")
                parts.append(
                    f"--- {path.name}\n" + "\n".join(text.splitlines()[-lines:])
                )
        return "\n".join(parts)

    def _start_news_stub(self) -> None:
        """Start the stub news server and learn the port it listens on."""
        self._news, self.news_port = start_news_server()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last_error: BaseException | None = None
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise SabnzbdStartError(
                    f"SABnzbd exited with code {self._process.returncode}\n{self.log_tail()}"
                )
            try:
                answer = self.api("version", timeout=2)
            except (OSError, urllib.error.URLError, ValueError) as err:
                last_error = err
            else:
                # The HTTPS listener starts after the HTTP one; a busy machine
                # shows the gap.
                if (
                    isinstance(answer, dict)
                    and "version" in answer
                    and (not self.https or self._accepts(self.https_port))
                ):
                    return
            time.sleep(0.2)
        raise SabnzbdStartError(
            f"SABnzbd did not answer within {self.startup_timeout:.0f}s"
            f" ({last_error!r})\n{self.log_tail()}"
        )

    def _accepts(self, port: int) -> bool:
        """Return whether something accepts TCP connections on port."""
        try:
            with socket.create_connection((self.host, port), timeout=2):
                return True
        except OSError:
            return False

    def _ini_text(self) -> str:
        misc: dict[str, str] = {
            "api_key": self.api_key,
            "nzb_key": self.nzb_key,
            "host": self.host,
            "port": str(self.port),
            "url_base": self.url_base,
            "download_dir": str(self.download_dir),
            "complete_dir": str(self.complete_dir),
            "admin_dir": str(self.base_dir / "admin"),
            "log_dir": str(self.base_dir / "logs"),
            "nzb_backup_dir": str(self.base_dir / "nzb-backup"),
            "dirscan_dir": "",
            "auto_browser": "0",
            "check_new_rel": "0",
            "notified_new_skin": "2",
            "language": "en",
            "inet_exposure": "0",
            "host_whitelist": "localhost,",
            "local_ranges": "127.0.0.0/8,",
            "enable_https": "0",
            "enable_broadcast": "0",
            "ipv6_hosting": "0",
            # Keep the news connection: reconnecting after an empty queue
            # waits five seconds, which every test would pay.
            "auto_disconnect": "0",
        }
        if self.https:
            # SABnzbd makes itself a self-signed certificate at start, as it
            # does for users who turn HTTPS on; plain HTTP stays on `port`.
            misc.update(
                {
                    "enable_https": "1",
                    "https_port": str(self.https_port),
                    "https_cert": "server.cert",
                    "https_key": "server.key",
                }
            )
        misc.update(self.misc)
        lines = ["[misc]"]
        lines += [f"{key} = {value}" for key, value in misc.items()]
        lines += [
            "[servers]",
            "[[missing-articles]]",
            "name = missing-articles",
            "displayname = Stub news server without articles",
            "host = 127.0.0.1",
            f"port = {self.news_port}",
            "timeout = 5",
            f"connections = {1 + 2 * self.progress_jobs}",
            "ssl = 0",
            "enable = 1",
            "optional = 0",
            "retention = 0",
            "priority = 0",
        ]
        if self.progress_jobs:
            lines += [
                # One request at a time: an article that never ends holds
                # up nothing but itself.
                "pipelining_requests = 1",
                # The article a job stops at is asked for again for good,
                # never given up as missing.
                "required = 1",
            ]
        return "\n".join(lines) + "\n"
