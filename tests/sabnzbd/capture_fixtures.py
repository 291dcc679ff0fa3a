"""Record real SABnzbd answers as the fixtures of the fast unit tests.

Run `scripts/run python -m tests.sabnzbd.capture_fixtures` to refresh
tests/sabnzbd/fixtures/ from the installed SABnzbd. It starts one with
`RealSabnzbd`, puts it in realistic states (jobs of several priorities and
categories, a paused job, a timed pause, a speed limit, failed jobs in the
history, warnings) and saves each raw answer body. Secrets and this machine's
temporary paths are replaced by fixed placeholders.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tests.support.sabnzbd import RealSabnzbd, make_nzb

FIXTURES = Path(__file__).parent / "fixtures"
FAKE_API_KEY = "test-api-key-0123456789abcdef"
FAKE_NZB_KEY = "test-nzb-key-0123456789abcdef"
FAKE_BASE_DIR = "/data/sabnzbd"


def _raw(
    sab: RealSabnzbd, params: dict[str, Any], body: bytes | None = None, ctype: str = ""
) -> tuple[int, bytes]:
    query = urllib.parse.urlencode({"output": "json", "apikey": sab.api_key, **params})
    request = urllib.request.Request(  # noqa: S310 - loopback http
        f"{sab.url}/api?{query}",
        data=body,
        headers={"Content-Type": ctype} if ctype else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _upload(sab: RealSabnzbd, filename: str, content: bytes, **params: Any) -> bytes:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="name";'
            f' filename="{filename}"\r\nContent-Type: application/x-nzb\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    _, answer = _raw(
        sab,
        {"mode": "addfile", **params},
        body,
        f"multipart/form-data; boundary={boundary}",
    )
    return answer


def _scrub(sab: RealSabnzbd, body: bytes) -> bytes:
    text = body.decode()
    text = text.replace(sab.api_key, FAKE_API_KEY).replace(sab.nzb_key, FAKE_NZB_KEY)
    text = text.replace(str(sab.base_dir), FAKE_BASE_DIR)
    # Reformat for readable diffs; the parsers see the same values.
    return (json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n").encode()


def _save(sab: RealSabnzbd, name: str, body: bytes) -> None:
    (FIXTURES / f"{name}.json").write_bytes(_scrub(sab, body))
    print(f"saved {name}.json")  # noqa: T201


def capture() -> None:
    """Capture every fixture from one real SABnzbd."""
    FIXTURES.mkdir(exist_ok=True)
    with RealSabnzbd(start_paused=True) as sab:
        _save(sab, "version", _raw(sab, {"mode": "version"})[1])
        _save(sab, "queue_empty", _raw(sab, {"mode": "queue"})[1])
        _save(sab, "history_empty", _raw(sab, {"mode": "history"})[1])
        _save(sab, "warnings_empty", _raw(sab, {"mode": "warnings"})[1])

        # A queue with jobs of several kinds while the downloader is paused.
        sab.api("set_config", section="misc", keyword="bandwidth_max", value="10M")
        added = _upload(
            sab,
            "Show.Name.S01E01.1080p.WEB.h264-GRP.nzb",
            make_nzb("Show.Name.S01E01.1080p.WEB.h264-GRP", files=3),
            cat="tv",
            priority="1",
        )
        _save(sab, "addfile", added)
        first = json.loads(added)["nzo_ids"][0]
        second = json.loads(
            _upload(
                sab,
                "Movie.Title.2024.2160p.UHD.BluRay.x265-GRP.nzb",
                make_nzb(
                    "Movie.Title.2024.2160p.UHD.BluRay.x265-GRP", files=5, segments=4
                ),
                cat="movies",
            )
        )["nzo_ids"][0]
        third = json.loads(
            _upload(
                sab,
                "Some.Other.Download.nzb",
                make_nzb("Some.Other.Download"),
                priority="-1",
            )
        )["nzo_ids"][0]
        # High, not Force: a forced job downloads even while paused (and
        # would fail at once on the stub news server).
        _save(
            sab,
            "queue_priority",
            _raw(
                sab,
                {"mode": "queue", "name": "priority", "value": second, "value2": "1"},
            )[1],
        )
        _save(
            sab,
            "queue_pause_item",
            _raw(sab, {"mode": "queue", "name": "pause", "value": third})[1],
        )
        _save(
            sab,
            "queue_priority_unknown",
            _raw(
                sab,
                {
                    "mode": "queue",
                    "name": "priority",
                    "value": "SABnzbd_nzo_nope",
                    "value2": "1",
                },
            )[1],
        )
        _save(
            sab,
            "speedlimit",
            _raw(sab, {"mode": "config", "name": "speedlimit", "value": "50"})[1],
        )
        _save(
            sab,
            "set_pause",
            _raw(sab, {"mode": "config", "name": "set_pause", "value": "30"})[1],
        )
        _save(sab, "queue_items", _raw(sab, {"mode": "queue"})[1])
        _save(
            sab,
            "queue_resume_item",
            _raw(sab, {"mode": "queue", "name": "resume", "value": third})[1],
        )
        _save(
            sab,
            "queue_delete_unknown",
            _raw(sab, {"mode": "queue", "name": "delete", "value": "SABnzbd_nzo_nope"})[
                1
            ],
        )

        # Let the jobs fail on the stub news server.
        sab.api("config", name="speedlimit", value="0")
        _save(sab, "resume", _raw(sab, {"mode": "resume"})[1])
        sab.wait_for_failed_jobs(3)
        _save(sab, "history_failed", _raw(sab, {"mode": "history", "limit": "50"})[1])
        _save(
            sab,
            "history_failed_only",
            _raw(sab, {"mode": "history", "failed_only": "1"})[1],
        )
        _save(sab, "server_stats", _raw(sab, {"mode": "server_stats"})[1])

        # Errors and warnings (a wrong key leaves a warning behind).
        _save(sab, "error_not_implemented", _raw(sab, {"mode": "no_such_mode"})[1])
        _save(
            sab,
            "error_no_item",
            _raw(sab, {"mode": "retry", "value": "SABnzbd_nzo_nope"})[1],
        )
        _save(
            sab,
            "error_no_config",
            _raw(
                sab,
                {
                    "mode": "set_config",
                    "section": "misc",
                    "keyword": "no_such",
                    "value": "1",
                },
            )[1],
        )
        status, body = _raw(sab, {"mode": "queue", "apikey": "wrong-key"})
        assert status == 403, (status, body)
        (FIXTURES / "forbidden_bad_key.txt").write_bytes(body)
        _save(sab, "warnings", _raw(sab, {"mode": "warnings"})[1])
        _save(
            sab,
            "fullstatus",
            _raw(sab, {"mode": "fullstatus", "skip_dashboard": "1"})[1],
        )

        _save(
            sab,
            "get_config_misc",
            _raw(sab, {"mode": "get_config", "section": "misc"})[1],
        )
        _save(
            sab,
            "get_config_servers",
            _raw(sab, {"mode": "get_config", "section": "servers"})[1],
        )
        _save(
            sab,
            "set_config",
            _raw(
                sab,
                {
                    "mode": "set_config",
                    "section": "misc",
                    "keyword": "history_retention_option",
                    "value": "days-archive",
                },
            )[1],
        )
        _save(sab, "get_cats", _raw(sab, {"mode": "get_cats"})[1])

        failed = json.loads(_raw(sab, {"mode": "history"})[1])["history"]["slots"]
        _save(
            sab, "retry", _raw(sab, {"mode": "retry", "value": failed[0]["nzo_id"]})[1]
        )
        sab.wait_for_failed_jobs(3)
        _save(sab, "retry_all", _raw(sab, {"mode": "retry_all"})[1])
        _save(
            sab,
            "history_delete",
            _raw(sab, {"mode": "history", "name": "delete", "value": first})[1],
        )
        _save(
            sab,
            "queue_delete",
            _raw(sab, {"mode": "queue", "name": "delete", "value": "all"})[1],
        )
        _save(sab, "pause", _raw(sab, {"mode": "pause"})[1])


if __name__ == "__main__":
    capture()
