"""A stub news server (NNTP) on 127.0.0.1 for the real SABnzbd and NZBGet.

The launchers of SABnzbd (`sabnzbd.py`) and NZBGet (`nzbget.py`) give the
program this server as its only news server. What it answers for an article
depends on the domain of the article's message id, which `make_nzb` and
`make_progress_nzb` choose:

- any other domain: "430 no such article". A job runs the program's real
  download path and fails, a real failed download with the program's own
  reason.
- `STALLED_DOMAIN`: never answered. The connection stays open and silent, as
  a news server that stopped sending does: the job sits downloading with no
  progress.
- `SERVED_DOMAIN`: the article at once, a short yEnc body. The program counts
  the bytes the NZB says the article has as downloaded.
- `PACED_DOMAIN`: the article's body at a fixed byte rate (`PACE_BYTES_PER_S`)
  and never its end, so the program shows a steady speed while the job gets
  no further. After `PACED_BUDGET` bytes the server closes the connection
  (the program asks again on another one), so the program never holds more
  than that of the article.

A job of `make_progress_nzb` therefore stops at a known share of its size
and stays there, downloading (paced) or stalled (held), whatever the time.

It runs as a process of its own (`start_news_server`), which prints its port;
this file is that program and imports nothing of the project at its top.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import subprocess
import sys
from xml.sax.saxutils import escape
import zlib

NNTP_GREETING = b"200 AutoArr stub news server ready (no articles)\r\n"
# Articles of these domains are never answered, served at once, or paced.
STALLED_DOMAIN = b"@stalled.autoarr.invalid"
SERVED_DOMAIN = b"@served.autoarr.invalid"
PACED_DOMAIN = b"@paced.autoarr.invalid"
# The body of a served or paced article: yEnc lines of this many bytes, each
# byte 0x17, which yEnc writes as "A" (no escaping, no dot at a line start).
YENC_LINE = 128
_DATA_BYTE = 0x17
_ENCODED_LINE = b"A" * YENC_LINE + b"\r\n"
# A paced article comes at this rate, in lines of YENC_LINE bytes.
PACE_BYTES_PER_S = 16 * 1024
# ... and the connection is closed after this much of it (below SABnzbd's
# first buffer of 256 KiB, which then never grows).
PACED_BUDGET = 192 * 1024
# A paced article's size, as its yEnc header says (never reached).
PACED_SIZE = 1 << 40

# The size of a job of make_progress_nzb, by its NZB.
PROGRESS_JOB_BYTES = 8_000_000
# When make_nzb's articles were posted (Unix time): long ago.
NZB_POSTED = 1_700_000_000
# The subject of every file of an NZB (its name and numbering).
_SUBJECT = (
    '{name} [{number}/{files}] - "{name}.part{number:02d}.rar" yEnc (1/{segments})'
)


def _yenc_header(message_id: bytes, size: int) -> bytes:
    name = message_id.strip(b"<>").split(b"@", 1)[0]
    return (
        b"222 0 " + message_id + b" body\r\n"
        b"=ybegin part=1 total=1 line=%d size=%d name=%s.bin\r\n"
        b"=ypart begin=1 end=%d\r\n" % (YENC_LINE, size, name, size)
    )


def served_article(message_id: bytes) -> bytes:
    """Return the whole answer to BODY for a served article: one yEnc line."""
    crc = zlib.crc32(bytes([_DATA_BYTE]) * YENC_LINE)
    return (
        _yenc_header(message_id, YENC_LINE)
        + _ENCODED_LINE
        + b"=yend size=%d part=1 pcrc32=%08x\r\n.\r\n" % (YENC_LINE, crc)
    )


def _message_id(line: bytes) -> bytes:
    parts = line.split()
    return parts[1] if len(parts) > 1 else b"<>"


async def _pace(writer: asyncio.StreamWriter, message_id: bytes) -> None:
    """Send a paced article's body at PACE_BYTES_PER_S, up to PACED_BUDGET."""
    writer.write(_yenc_header(message_id, PACED_SIZE))
    per_tick = max(1, PACE_BYTES_PER_S // (8 * len(_ENCODED_LINE)))
    sent = 0
    while sent < PACED_BUDGET:
        writer.write(_ENCODED_LINE * per_tick)
        await writer.drain()
        sent += per_tick * len(_ENCODED_LINE)
        await asyncio.sleep(1 / 8)


async def _nntp_session(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """Answer one NNTP connection (see the module's text for the articles).

    After a held (stalled) article nothing more is answered; after a paced
    one's budget the connection is closed.
    """
    writer.write(NNTP_GREETING)
    held = False
    try:
        while line := await reader.readline():
            command = line.split(b" ", 1)[0].strip().upper()
            lowered = line.lower()
            if held or STALLED_DOMAIN in lowered:
                held = True
                continue
            if command in (b"BODY", b"ARTICLE") and PACED_DOMAIN in lowered:
                await _pace(writer, _message_id(line))
                break
            if command in (b"BODY", b"ARTICLE") and SERVED_DOMAIN in lowered:
                writer.write(served_article(_message_id(line)))
            elif command in (b"BODY", b"ARTICLE", b"HEAD", b"STAT"):
                writer.write(b"430 No such article\r\n")
            elif command == b"QUIT":
                writer.write(b"205 Bye\r\n")
                break
            elif command == b"AUTHINFO":
                writer.write(b"281 Authentication accepted\r\n")
            elif command == b"CAPABILITIES":
                writer.write(b"101 Capability list:\r\nVERSION 2\r\nREADER\r\n.\r\n")
            elif command == b"MODE":
                writer.write(b"200 Reader mode, posting prohibited\r\n")
            else:
                writer.write(b"500 Unknown command\r\n")
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve_missing_articles() -> None:
    """Serve NNTP on a free loopback port, print the port, run until killed."""
    server = await asyncio.start_server(_nntp_session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


# The NZBs --------------------------------------------------------------------


def _file_element(
    name: str, number: int, files: int, segments: list[tuple[int, str]], posted: int
) -> str:
    subject = escape(
        _SUBJECT.format(name=name, number=number, files=files, segments=len(segments)),
        {'"': "&quot;"},
    )
    segment_parts = "".join(
        f'<segment bytes="{size}" number="{part}">{message_id}</segment>'
        for part, (size, message_id) in enumerate(segments, start=1)
    )
    return (
        f'<file poster="AutoArr &lt;tests@autoarr.invalid&gt;" date="{posted}"'
        f' subject="{subject}">'
        "<groups><group>alt.binaries.test</group></groups>"
        f"<segments>{segment_parts}</segments></file>"
    )


def _nzb(name: str, file_parts: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN"'
        ' "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n'
        '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n'
        f'<head><meta type="title">{escape(name)}</meta></head>\n'
        + "\n".join(file_parts)
        + "\n</nzb>\n"
    ).encode()


def make_nzb(
    name: str = "Test.Job",
    *,
    files: int = 1,
    segments: int = 2,
    segment_bytes: int = 512_000,
    stalled: bool = False,
    posted: int = NZB_POSTED,
) -> bytes:
    """Return a small, valid NZB whose articles exist nowhere.

    SABnzbd accepts it, asks the stub news server for its articles and fails
    the job ("Download failed - Not on your server(s)"). With `stalled` the
    stub never answers for its articles: the job stays downloading with no
    progress. `posted` is when its articles were posted (Unix time).
    """
    token = secrets.token_hex(6)
    domain = STALLED_DOMAIN.decode()[1:] if stalled else "autoarr.invalid"
    file_parts = [
        _file_element(
            name,
            number,
            files,
            [
                (segment_bytes, f"{token}.{number}.{part}@{domain}")
                for part in range(1, segments + 1)
            ],
            posted,
        )
        for number in range(1, files + 1)
    ]
    return _nzb(name, file_parts)


def progress_bytes_left(done: float) -> int:
    """Return the bytes a job of `make_progress_nzb` with the share `done` leaves."""
    return round(PROGRESS_JOB_BYTES * (1 - done))


def make_progress_nzb(name: str, *, done: float, stalled: bool = False) -> bytes:
    """Return an NZB whose job stops with the share `done` of it downloaded.

    Its first file (that share of `PROGRESS_JOB_BYTES`, by the NZB) is served
    at once; its second, the rest, is paced for ever, so the job shows as
    downloading at a steady speed, or with `stalled` held silent, so it gets
    no byte at all. Either way the downloader's queue shows the job at the
    same share for as long as it runs. (Each file is one article: SABnzbd
    takes no article of 8 MiB or more.)
    """
    left = progress_bytes_left(done)
    if not 0 < left <= PROGRESS_JOB_BYTES:
        raise ValueError(f"a job stops short of its end, not at {done:.0%}")
    token = secrets.token_hex(6)
    rest_domain = (STALLED_DOMAIN if stalled else PACED_DOMAIN).decode()[1:]
    parts: list[tuple[int, str]] = []
    if left < PROGRESS_JOB_BYTES:
        served = PROGRESS_JOB_BYTES - left
        parts.append((served, f"{token}.1.1@{SERVED_DOMAIN.decode()[1:]}"))
    parts.append((left, f"{token}.{len(parts) + 1}.1@{rest_domain}"))
    file_parts = [
        _file_element(name, number, len(parts), [part], NZB_POSTED)
        for number, part in enumerate(parts, start=1)
    ]
    return _nzb(name, file_parts)


# The process -----------------------------------------------------------------


def start_news_server() -> tuple[subprocess.Popen[bytes], int]:
    """Start the stub news server as a process of its own; return it and its port.

    It dies with the process that started it (`children.die_with_parent`).
    """
    # Imported here: this file also runs alone as the stub news server.
    from tests.support.children import die_with_parent

    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        [sys.executable, __file__, "serve-missing-articles"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=die_with_parent(),  # noqa: PLW1509 - prctl and getppid only
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().isdigit():
        stop_news_server(process)
        raise RuntimeError(f"the stub news server did not start: {line!r}")
    return process, int(line)


def stop_news_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the stub news server started by `start_news_server`."""
    from tests.support.launcher import wait_or_kill

    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    wait_or_kill(process)
    if process.stdout is not None:
        process.stdout.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["serve-missing-articles"]:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_missing_articles())
