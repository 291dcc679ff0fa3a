"""The stub news server's served and paced articles, and the NZBs of them."""

from __future__ import annotations

import asyncio
import re
from xml.etree import ElementTree as ET
import zlib

import pytest

from tests.support import news_server
from tests.support.news_server import (
    PACED_DOMAIN,
    PROGRESS_JOB_BYTES,
    SERVED_DOMAIN,
    STALLED_DOMAIN,
    make_progress_nzb,
    progress_bytes_left,
)

NZB_NS = "{http://www.newzbin.com/DTD/2003/nzb}"


async def _ask(request: bytes, *, read_lines: int) -> tuple[list[bytes], bytes]:
    """Ask the stub one BODY; return the lines read and what came after them."""
    server = await asyncio.start_server(news_server._nntp_session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await reader.readline()  # the greeting
        writer.write(request + b"\r\n")
        await writer.drain()
        lines = [await reader.readline() for _ in range(read_lines)]
        rest = await reader.read()
        writer.close()
        await writer.wait_closed()
    finally:
        server.close()
        await server.wait_closed()
    return lines, rest


async def test_served_article_is_a_whole_yenc_body() -> None:
    """A served article comes at once: yEnc header, data, trailer with its CRC."""
    message_id = b"<abc.1.1" + SERVED_DOMAIN + b">"
    lines, rest = await _ask(b"BODY " + message_id + b"\r\nQUIT", read_lines=7)
    assert lines[0] == b"222 0 " + message_id + b" body\r\n"
    assert lines[1].startswith(b"=ybegin part=1 total=1 line=128 size=128 ")
    assert lines[2] == b"=ypart begin=1 end=128\r\n"
    data = lines[3].rstrip(b"\r\n")
    assert len(data) == 128
    decoded = bytes((byte - 42) % 256 for byte in data)
    trailer = re.fullmatch(rb"=yend size=128 part=1 pcrc32=([0-9a-f]{8})\r\n", lines[4])
    assert trailer is not None
    assert int(trailer[1], 16) == zlib.crc32(decoded)
    assert lines[5] == b".\r\n"
    assert lines[6].startswith(b"205 ")
    assert rest == b""


async def test_paced_article_never_ends_and_closes_after_its_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paced article sends data lines but never its end; after its budget
    the stub closes the connection (the downloader asks again elsewhere)."""
    line = 128 + 2
    monkeypatch.setattr(news_server, "PACED_BUDGET", 3 * line)
    monkeypatch.setattr(news_server, "PACE_BYTES_PER_S", 8 * 3 * line)
    message_id = b"<abc.2.1" + PACED_DOMAIN + b">"
    lines, rest = await _ask(b"BODY " + message_id, read_lines=3)
    assert lines[0] == b"222 0 " + message_id + b" body\r\n"
    assert lines[1].startswith(b"=ybegin part=1 total=1 line=128 ")
    assert lines[2].startswith(b"=ypart begin=1 end=")
    # Data lines up to the budget, then the connection ends: no trailer.
    assert rest == b"A" * 128 + b"\r\n" + b"A" * 128 + b"\r\n" + b"A" * 128 + b"\r\n"


def test_progress_nzb_shares() -> None:
    """The NZB's first file is the served share, its second the rest, paced or
    held; SABnzbd takes no article of 8 MiB or more."""
    for done, stalled in ((0.42, False), (0.55, True), (0.0, True)):
        root = ET.fromstring(make_progress_nzb("Job", done=done, stalled=stalled))  # noqa: S314
        segments = [
            (int(s.attrib["bytes"]), s.text or "")
            for s in root.iter(f"{NZB_NS}segment")
        ]
        rest = (STALLED_DOMAIN if stalled else PACED_DOMAIN).decode()
        left = progress_bytes_left(done)
        assert sum(size for size, _ in segments) == PROGRESS_JOB_BYTES
        assert segments[-1][0] == left and segments[-1][1].endswith(rest)
        assert all(id_.endswith(SERVED_DOMAIN.decode()) for _, id_ in segments[:-1])
        assert len(segments) == (1 if done == 0 else 2)
        assert all(size < 8 * 1024 * 1024 for size, _ in segments)
    with pytest.raises(ValueError, match="short of its end"):
        make_progress_nzb("Done", done=1.0)
