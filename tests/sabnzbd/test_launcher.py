"""Tests of the real-SABnzbd launcher other test packages rely on."""

from __future__ import annotations

import asyncio
from pathlib import Path
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree as ET

import aiohttp
import pytest

from custom_components.autoarr.arr.errors import ArrConnectionError
from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from tests.support import news_server, sabnzbd as launcher
from tests.support.sabnzbd import (
    SKIP_REASON,
    RealSabnzbd,
    SabnzbdStartError,
    make_nzb,
    sabnzbd_available,
)

NZB_NS = "{http://www.newzbin.com/DTD/2003/nzb}"


def test_make_nzb() -> None:
    """A well-formed NZB with the asked files and segments, names escaped."""
    nzb = make_nzb('Show & "Co" <1>', files=3, segments=4, segment_bytes=100)
    root = ET.fromstring(nzb)  # noqa: S314 - our own generated document
    assert root.tag == f"{NZB_NS}nzb"
    title = root.find(f"{NZB_NS}head/{NZB_NS}meta")
    assert title is not None and title.text == 'Show & "Co" <1>'
    files = root.findall(f"{NZB_NS}file")
    assert len(files) == 3
    assert 'Show & "Co" <1>.part02.rar' in files[1].attrib["subject"]
    segments = files[0].findall(f"{NZB_NS}segments/{NZB_NS}segment")
    assert [s.attrib["number"] for s in segments] == ["1", "2", "3", "4"]
    assert all(s.attrib["bytes"] == "100" for s in segments)
    assert all(s.text and s.text.endswith("@autoarr.invalid") for s in segments)
    # Every NZB is new to SABnzbd (no duplicate detection between tests).
    assert make_nzb("Same") != make_nzb("Same")


async def nntp_exchange(port: int, lines: list[bytes]) -> list[bytes]:
    """Send NNTP commands to the stub; return its greeting and answers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = [await reader.readline()]
    for line in lines:
        writer.write(line + b"\r\n")
        await writer.drain()
        answer = await reader.readline()
        if answer.startswith(b"101"):
            while (more := await reader.readline()) != b".\r\n":
                answer += more
        answers.append(answer)
    rest = await reader.read()
    writer.close()
    await writer.wait_closed()
    answers.append(rest)
    return answers


async def test_stub_news_server() -> None:
    """The stub greets, has no article, and speaks enough NNTP for SABnzbd."""
    server = await asyncio.start_server(news_server._nntp_session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        answers = await nntp_exchange(
            port,
            [
                b"CAPABILITIES",
                b"MODE READER",
                b"AUTHINFO USER me",
                b"BODY <a@b>",
                b"ARTICLE <a@b>",
                b"HEAD <a@b>",
                b"STAT <a@b>",
                b"XYZZY",
                b"QUIT",
            ],
        )
    finally:
        server.close()
        await server.wait_closed()
    assert answers[0].startswith(b"200 ")
    assert answers[1].startswith(b"101 ") and b"READER" in answers[1]
    assert answers[2].startswith(b"200 ")
    assert answers[3].startswith(b"281 ")
    assert all(answer.startswith(b"430 ") for answer in answers[4:8])
    assert answers[8].startswith(b"500 ")
    assert answers[9].startswith(b"205 ")
    assert answers[10] == b""  # the stub closed the connection


def test_stub_news_server_process() -> None:
    """Run as a program, the stub prints its port and serves until stopped."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the stub's module
        [sys.executable, news_server.__file__, "serve-missing-articles"],
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        answers = asyncio.run(nntp_exchange(port, [b"BODY <x@y>", b"QUIT"]))
        assert answers[1].startswith(b"430 ")
    finally:
        process.terminate()
        process.wait(10)
        assert process.stdout is not None
        process.stdout.close()


def test_availability_follows_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """AUTOARR_SABNZBD chooses the program; a missing one means unavailable."""
    monkeypatch.setenv("AUTOARR_SABNZBD", str(tmp_path / "no-such-program"))
    assert launcher.sabnzbd_program() is None
    assert not sabnzbd_available()
    with pytest.raises(SabnzbdStartError, match=re.escape(SKIP_REASON)):
        RealSabnzbd().start()


def test_failed_start_reports_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A program that dies at start gives its output and leaves nothing behind."""
    if not Path(launcher.SYSTEM_PYTHON).is_file():
        pytest.skip(SKIP_REASON)
    program = tmp_path / "fake-sabnzbd"
    program.write_text(
        "import sys\nprint('cannot start: broken install')\nsys.exit(3)\n"
    )
    monkeypatch.setenv("AUTOARR_SABNZBD", str(program))
    sab = RealSabnzbd(startup_timeout=30)
    with pytest.raises(SabnzbdStartError, match="exited with code 3") as err:
        sab.start()
    assert "cannot start: broken install" in str(err.value)
    assert not sab.running
    assert not sab.base_dir.exists()
    assert sab._news is None


async def test_second_instance_with_url_base(
    http_session: aiohttp.ClientSession,
) -> None:
    """The async context manager: a separate SABnzbd with its own URL base."""
    if not sabnzbd_available():
        pytest.skip(SKIP_REASON)
    async with RealSabnzbd(
        url_base="/downloads", misc={"history_retention_option": "all"}, keep_files=True
    ) as sab:
        running_inside = sab.running
        assert sab.ini_path.is_file() and sab.download_dir.is_dir()
        assert "url_base = /downloads" in sab.ini_path.read_text()
        process, news = sab._process, sab._news
        client = SabnzbdClient(
            http_session, ServiceConfig(url=sab.url_with_base, auth=ApiKey(sab.api_key))
        )
        assert await client.verify()
        base_dir = sab.base_dir
    # Stopped: the same client now meets a closed port.
    with pytest.raises(ArrConnectionError, match="cannot connect"):
        await client.version()
    assert running_inside and not sab.running
    assert process is not None and process.poll() is not None
    assert news is not None and news.poll() is not None
    # keep_files: the folder, the ini and SABnzbd's log stay for a look.
    try:
        assert sab.ini_path.is_file()
        assert sab.api_key in sab.ini_path.read_text()
        assert "sabnzbdplus" in sab.log_path.read_text(errors="replace")
    finally:
        shutil.rmtree(base_dir)


async def test_wait_for_failed_jobs(
    sabnzbd: RealSabnzbd, sab_client: SabnzbdClient
) -> None:
    """The wait helpers return failed slots, and time out when nothing fails."""
    await sab_client.pause()
    ids = await sab_client.add_file("Waiting.nzb", make_nzb("Waiting"))
    with pytest.raises(TimeoutError, match="showed 0 failed jobs"):
        await sabnzbd.async_wait_for_failed_jobs(nzo_ids=ids, timeout=0.5)
    await sab_client.resume()
    slots = await sabnzbd.async_wait_for_failed_jobs(nzo_ids=ids)
    assert [slot["nzo_id"] for slot in slots] == ids
    assert slots[0]["fail_message"]
    assert len(sabnzbd.wait_for_failed_jobs(1)) == 1
