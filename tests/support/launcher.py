"""What every launcher of a real program shares.

The launchers (`sabnzbd.py`, `daemon.py` and the download clients on it,
`llama_server.py`) start a program on a free loopback port (`free_port`),
stop it, politely first (`wait_or_kill`), and are both plain and async
context managers (`StartStop`): a session-scoped pytest fixture, which has
no event loop, uses `with`, async code `async with` (the blocking start and
stop then run in a thread).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
from types import TracebackType
from typing import Self

# How long a program may take to stop at each step of `wait_or_kill`.
SHUTDOWN_TIMEOUT = 20.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_or_kill(process: subprocess.Popen[bytes]) -> None:
    """Wait for a process to end; terminate, then kill its group if it lingers."""
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        try:
            process.wait(SHUTDOWN_TIMEOUT)
        except subprocess.TimeoutExpired:
            continue
        return


class StartStop:
    """A launcher used as a context manager: `start()` on entry, `stop()` on exit."""

    def start(self) -> None:
        """Start the program and wait until it answers."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the program and remove its files."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        """Start the program and wait until it answers."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the program and remove its files."""
        self.stop()

    async def __aenter__(self) -> Self:
        """Start the program without blocking the event loop."""
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the program without blocking the event loop."""
        await asyncio.to_thread(self.stop)
