"""The programs the launchers start die when the test run is killed.

A stand-in for a test run (a Python process) starts a launcher, says the
process ids of what it started, and is killed with SIGKILL, so none of its
`stop()`, `finally` or `atexit` code runs: every program it started must go
too (`tests/support/children.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path
import signal
import subprocess
import sys
import time

import pytest

from tests.support.nzbget import RealNzbget
from tests.support.sabnzbd import sabnzbd_available
from tests.support.transmission import RealTransmission

REPO = Path(__file__).resolve().parent.parent

# What the run starts, and how it finds the process ids of the programs.
RUNS = {
    "transmission": (
        "from tests.support.transmission import RealTransmission as L",
        "[p.pid for p in d._processes]",
        RealTransmission.available,
    ),
    "nzbget": (
        "from tests.support.nzbget import RealNzbget as L",
        "[p.pid for p in d._processes] + [d._news.pid]",
        RealNzbget.available,
    ),
    "sabnzbd": (
        "from tests.support.sabnzbd import RealSabnzbd as L",
        "[d._process.pid, d._news.pid]",
        sabnzbd_available,
    ),
}


def alive(pid: int) -> bool:
    """Return whether a process runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


@pytest.fixture
def run(request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[str]]:
    """A stand-in test run that started the launcher of `request.param`."""
    start, pids, available = RUNS[request.param]
    if not available():
        pytest.skip(f"{request.param} is not installed")
    code = (
        f"import sys, time\n{start}\nd = L()\nd.start()\n"
        f"print(*{pids}, flush=True)\ntime.sleep(600)\n"
    )
    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()
    assert process.stdout is not None
    process.stdout.close()


@pytest.mark.parametrize("run", list(RUNS), indirect=True)
def test_programs_die_with_a_killed_run(
    run: subprocess.Popen[str], socket_enabled: None
) -> None:
    assert run.stdout is not None
    line = run.stdout.readline()
    pids = [int(pid) for pid in line.split()]
    assert pids, f"the run started nothing: {line!r}"
    assert all(alive(pid) for pid in pids)

    run.send_signal(signal.SIGKILL)
    run.wait()
    for _ in range(100):
        if not any(alive(pid) for pid in pids):
            break
        time.sleep(0.1)
    assert [pid for pid in pids if alive(pid)] == []
