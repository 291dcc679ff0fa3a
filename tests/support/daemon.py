"""The life cycle shared by the launchers of real download clients.

Each launcher (`qbittorrent.py`, `transmission.py`, `deluge.py`,
`nzbget.py`) writes a configuration with known credentials in a temporary
folder, starts the Debian program on free loopback ports with nothing that
reaches beyond loopback (no DHT, peer exchange, local discovery, port
mapping or update check), waits until its API answers, and stops it cleanly.
It is both a plain and an async context manager (`launcher.StartStop`), like
`RealSabnzbd`:

    with RealQbittorrent() as qbt:
        print(qbt.url, qbt.username, qbt.password)

`available()` says whether the program is installed; tests skip with the
launcher's `skip_reason` when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from dataclasses import dataclass, field
import os
from pathlib import Path
import secrets
import shutil
import subprocess
import tempfile
import time
from typing import Any, ClassVar

from tests.support.children import die_with_parent
from tests.support.launcher import StartStop, free_port, wait_or_kill

__all__ = [
    "DaemonStartError",
    "RealDaemon",
    "free_port",
    "session_cookie",
    "wait_until",
]

STARTUP_TIMEOUT = 60.0


def session_cookie(set_cookies: list[str] | None, *names: str) -> str | None:
    """Return "name=value" of the first session cookie named (or prefixed) so.

    The launchers send it back themselves in a Cookie header instead of
    keeping it in a cookie jar: a jar drops a cookie whose `expires` (set by
    the daemon from the real clock) is past by `time.time()`, and tests
    freeze that clock at any instant, the turn of the year included.
    """
    for header in set_cookies or ():
        pair = header.split(";", 1)[0].strip()
        name, sep, value = pair.partition("=")
        if sep and value and any(name.startswith(wanted) for wanted in names):
            return pair
    return None


class DaemonStartError(RuntimeError):
    """A daemon did not start; the message carries the end of its log."""


def wait_until[T](
    probe: Callable[[], T | None], *, timeout: float, what: str, log: Callable[[], str]
) -> T:
    """Poll `probe` until it returns something other than None; return it."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {timeout:.0f}s\n{log()}")
        time.sleep(0.1)


@dataclass
class RealDaemon(StartStop):
    """One or more processes of a download client with a generated profile."""

    # The program that must be installed (its name on PATH).
    program: ClassVar[str]
    # The application's name, for messages.
    app: ClassVar[str]
    startup_timeout: float = STARTUP_TIMEOUT
    keep_files: bool = False

    username: str = field(init=False, default="autoarr")
    password: str = field(init=False, default_factory=lambda: secrets.token_hex(12))
    host: str = field(init=False, default="127.0.0.1")
    port: int = field(init=False, default=0)
    base_dir: Path = field(init=False, default=Path())
    _processes: list[subprocess.Popen[bytes]] = field(init=False, default_factory=list)
    _tempdir: tempfile.TemporaryDirectory[str] | None = field(init=False, default=None)

    @classmethod
    def available(cls) -> bool:
        """Return whether the program is installed here."""
        return shutil.which(cls.program) is not None

    @classmethod
    def skip_reason(cls) -> str:
        """Return why tests of this client are skipped here."""
        return f"{cls.app} (the {cls.program} program) is not installed"

    @property
    def url(self) -> str:
        """Return the base URL to give a client."""
        return f"http://{self.host}:{self.port}"

    @property
    def download_dir(self) -> Path:
        """Return the folder the client downloads to."""
        return self.base_dir / "downloads"

    @property
    def running(self) -> bool:
        """Return whether every process of the daemon is alive."""
        return bool(self._processes) and all(
            process.poll() is None for process in self._processes
        )

    def start(self) -> None:
        """Write the profile, start the processes and wait for the API."""
        if not self.available():
            raise DaemonStartError(self.skip_reason())
        if self.keep_files:
            self.base_dir = Path(tempfile.mkdtemp(prefix=f"autoarr-{self.program}-"))
        else:
            self._tempdir = tempfile.TemporaryDirectory(
                prefix=f"autoarr-{self.program}-"
            )
            self.base_dir = Path(self._tempdir.name)
        try:
            self.download_dir.mkdir()
            self.port = free_port()
            self._launch()
            wait_until(
                self._ready,
                timeout=self.startup_timeout,
                what=f"{self.app} did not answer",
                log=self.log_tail,
            )
        except BaseException:
            self.stop()
            raise

    def _launch(self) -> None:
        """Write the configuration and start the processes (`spawn`)."""
        raise NotImplementedError

    def _ready(self) -> bool | None:
        """Return True once the API answers; raise if a process died."""
        raise NotImplementedError

    def spawn(self, name: str, command: list[str]) -> None:
        """Start one process of the daemon, its output in `<name>.log`."""
        env = {
            "HOME": str(self.base_dir),
            "LANG": "C.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        with (self.base_dir / f"{name}.log").open("wb") as console:
            self._processes.append(
                subprocess.Popen(  # noqa: S603 - fixed argument list
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=console,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=self.base_dir,
                    start_new_session=True,
                    preexec_fn=die_with_parent(),  # noqa: PLW1509 - prctl and getppid only
                )
            )

    def check_alive(self) -> None:
        """Raise DaemonStartError when a process of the daemon has exited."""
        for process in self._processes:
            if process.poll() is not None:
                raise DaemonStartError(
                    f"{self.app} exited with code {process.returncode}\n{self.log_tail()}"
                )

    def stop(self) -> None:
        """Stop the processes (SIGTERM, then SIGKILL) and remove the folder."""
        for process in reversed(self._processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()
            wait_or_kill(process)
        self._processes.clear()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def log_tail(self, lines: int = 40) -> str:
        """Return the end of every log in the profile folder, for failures."""
        parts = []
        for path in sorted(self.base_dir.glob("**/*.log")):
            with contextlib.suppress(OSError):
                text = path.read_text(encoding="utf-8", errors="replace")
                parts.append(
                    f"--- {path.name}\n" + "\n".join(text.splitlines()[-lines:])
                )
        return "\n".join(parts)

    def probe(self, call: Callable[[], Any]) -> Any:
        """Run a readiness call: its answer, or None while it cannot connect."""
        self.check_alive()
        try:
            return call()
        except OSError:
            # Refused or reset while the daemon starts (urllib's URLError
            # and http.client's errors are OSErrors too).
            return None
