"""Child processes that die with the test run that started them.

The launchers start real programs (SABnzbd, the torrent clients, NZBGet,
llama-server, Home Assistant for the demo) in sessions of their own, so a
Ctrl-C meant for pytest does not reach them half-way. When the run itself
is killed (a timeout, SIGKILL, a crash), its `stop()` and `atexit` handlers
never run; without more, the programs would stay on their ports. Each child
therefore asks the kernel (Linux `prctl(PR_SET_PDEATHSIG)`) for SIGKILL (or
another signal) when its parent dies: `Popen(..., preexec_fn=die_with_parent())`.

The child runs only `prctl` (looked up before the fork) and `getppid`
between fork and exec, so the `preexec_fn` is safe in a threaded parent.
The signal follows the thread that started the child: a launcher started in
a worker thread (`asyncio.to_thread`) keeps its programs while that thread
lives, which for the event loop's executor is until the loop closes, after
its `async with` has stopped them.
"""

from __future__ import annotations

from collections.abc import Callable
import ctypes
import functools
import os
import signal

PR_SET_PDEATHSIG = 1


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """Return libc's prctl, loaded in the parent (never after a fork)."""
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except OSError, AttributeError:  # pragma: no cover - not Linux
        return None
    return prctl


def die_with_parent(sig: int = signal.SIGKILL) -> Callable[[], None]:
    """Return a `preexec_fn` that kills the child when this process dies.

    `sig` is the signal the child gets (SIGTERM for one that should still
    shut down cleanly).
    """
    prctl = _prctl()
    parent = os.getpid()

    def preexec() -> None:  # pragma: no cover - runs in the child
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, sig)
        # The parent may have died before the request: then go at once.
        if os.getppid() != parent:
            os._exit(1)

    return preexec
