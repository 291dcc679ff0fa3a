"""The real-payload corpus: answers of real Sonarr, Radarr, SABnzbd and Ollama.

`tests/fixtures/real/<app>/<version>/<endpoint>.json` holds one answer of that
application's version, copied from public test fixtures of other projects
(`.ndjson`: a streamed answer, one JSON document a line, as Ollama streams);
PROVENANCE.md beside them names the source of each file and its license.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from pathlib import Path
from typing import Any

REAL = Path(__file__).parents[1] / "fixtures" / "real"


@dataclass(frozen=True, slots=True)
class Payload:
    """One answer of the corpus."""

    app: str
    version: str
    endpoint: str
    path: Path

    @property
    def id(self) -> str:
        """Return the test id, e.g. "sonarr/v3/queue"."""
        return f"{self.app}/{self.version}/{self.endpoint}"

    def json(self) -> Any:
        """Return the decoded answer."""
        return json.loads(self.path.read_text(encoding="utf-8"))

    def lines(self) -> list[Any]:
        """Return the decoded lines of a streamed answer."""
        text = self.path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line]


def payloads(app: str, endpoint: str, suffix: str = ".json") -> list[Payload]:
    """Return every version's answer of one endpoint, oldest version first.

    `endpoint` is the file name without its extension; a version may hold
    several answers of one endpoint as "<endpoint>_<case>". Streamed answers
    are asked for with `suffix=".ndjson"`.
    """
    found = [
        Payload(app, path.parent.name, path.stem, path)
        for path in sorted((REAL / app).glob(f"*/{endpoint}*"))
        if path.suffix == suffix
        and (path.stem == endpoint or path.stem.startswith(f"{endpoint}_"))
    ]
    assert found, f"no {app} {endpoint} in the corpus"
    return found


def load(app: str, version: str, endpoint: str) -> Any:
    """Return one answer of the corpus, decoded."""
    return json.loads((REAL / app / version / f"{endpoint}.json").read_text("utf-8"))
