"""Start and stop a real NZBGet (Debian's `nzbget`) on 127.0.0.1.

The generated nzbget.conf sets the control port, user and password, the
profile's folders, and one news server: the stub of `news_server.py` that
answers "430 no such article" to everything, so a job runs NZBGet's real
download path and fails, except for the articles of an NZB made with
`make_nzb(stalled=True)`, which it never answers: NZBGet keeps that job
downloading with no progress (for an hour, its article timeout here) until
it is deleted. NZBGet runs in server mode in the foreground
(`-s`). `call` speaks NZBGet's JSON-RPC for tests to arrange and inspect
state.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import json
import subprocess
from typing import Any, ClassVar
import urllib.request

from tests.support.daemon import RealDaemon
from tests.support.news_server import start_news_server, stop_news_server

WEB_DIR = "/usr/share/nzbget/webui"
CONFIG_TEMPLATE = "/usr/share/nzbget/nzbget.conf"


@dataclass
class RealNzbget(RealDaemon):
    """A real NZBGet whose news server has no articles."""

    program: ClassVar[str] = "nzbget"
    app: ClassVar[str] = "NZBGet"

    username: str = field(init=False, default="nzbget")
    news_port: int = field(init=False, default=0)
    _news: subprocess.Popen[bytes] | None = field(init=False, default=None)

    @property
    def config_path(self) -> str:
        """Return the path of the generated nzbget.conf."""
        return str(self.base_dir / "nzbget.conf")

    def _launch(self) -> None:
        self._start_news_stub()
        folders = {
            "DestDir": "complete",
            "InterDir": "intermediate",
            "NzbDir": "nzb",
            "QueueDir": "queue",
            "TempDir": "tmp",
            "ScriptDir": "scripts",
        }
        settings = {
            "MainDir": str(self.base_dir),
            **{key: str(self.base_dir / name) for key, name in folders.items()},
            "LockFile": str(self.base_dir / "nzbget.lock"),
            "LogFile": str(self.base_dir / "nzbget.log"),
            "WebDir": WEB_DIR,
            "ConfigTemplate": CONFIG_TEMPLATE,
            "ControlIP": self.host,
            "ControlPort": str(self.port),
            "ControlUsername": self.username,
            "ControlPassword": self.password,
            "RestrictedUsername": "",
            "AddUsername": "",
            "SecureControl": "no",
            "UpdateCheck": "none",
            "WriteLog": "append",
            "Server1.Active": "yes",
            "Server1.Name": "missing-articles",
            "Server1.Host": self.host,
            "Server1.Port": str(self.news_port),
            "Server1.Connections": "1",
            "Server1.Encryption": "no",
            "ArticleRetries": "0",
            # A stalled job's silent connection is not given up on during a
            # test (deleting the job closes it at once).
            "ArticleTimeout": "3600",
            "ArticleInterval": "1",
            "ParCheck": "manual",
            "HealthCheck": "delete",
        }
        text = "".join(f"{key}={value}\n" for key, value in settings.items())
        (self.base_dir / "nzbget.conf").write_text(text, encoding="utf-8")
        self.spawn(
            "console",
            [self.program, "-s", "-c", self.config_path, "-o", "OutputMode=loggable"],
        )

    def _start_news_stub(self) -> None:
        self._news, self.news_port = start_news_server()

    def stop(self) -> None:
        """Stop NZBGet and its stub news server."""
        super().stop()
        if self._news is not None:
            stop_news_server(self._news)
            self._news = None

    def _ready(self) -> bool | None:
        return self.probe(lambda: bool(self.call("version")) or None)

    # Helpers for tests (blocking; the client under test is not used) -------

    def call(self, method: str, *params: Any) -> Any:
        """Call one JSON-RPC method; return its result, raise on an error."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{self.url}/jsonrpc",
            data=json.dumps(
                {"method": method, "params": list(params), "id": 1}
            ).encode(),
            headers={"Authorization": f"Basic {token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError(f"NZBGet {method}: {answer['error']}")
        return answer.get("result")

    def add_nzb(
        self, name: str, content: bytes, *, category: str = "", paused: bool = False
    ) -> int:
        """Add an NZB; return NZBGet's id of the new job."""
        job_id: int = self.call(
            "append",
            f"{name}.nzb",
            base64.b64encode(content).decode(),
            category,
            0,  # priority
            False,  # add to top
            paused,
            "",  # dupe key
            0,  # dupe score
            "SCORE",  # dupe mode
            [],  # post-processing parameters
        )
        return job_id

    def reset(self) -> None:
        """Empty the queue and history; resume; lift the speed limit."""
        groups = [item["NZBID"] for item in self.call("listgroups", 0)]
        if groups:
            self.call("editqueue", "GroupFinalDelete", "", groups)
        history = [item["NZBID"] for item in self.call("history", False)]
        if history:
            self.call("editqueue", "HistoryFinalDelete", "", history)
        self.call("resumedownload")
        self.call("rate", 0)
