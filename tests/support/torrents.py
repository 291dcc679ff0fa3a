"""Small, real .torrent files and magnet links for the torrent clients' tests.

A torrent made here describes random data that no peer has and names no
tracker, so a client that adds it sits at 0 % with no seeds or peers:
exactly a "stalled" download. A magnet link with no peers never gets its
metadata. Nothing reaches beyond loopback: the launchers turn DHT, peer
exchange and local discovery off.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import secrets

PIECE_LENGTH = 16 * 1024


def bencode(value: object) -> bytes:
    """Encode a value the way .torrent files do (BitTorrent's bencoding)."""
    if isinstance(value, bool):
        raise TypeError("bencoding has no booleans")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(item) for item in value) + b"e"
    if isinstance(value, dict):
        items = sorted(
            (key.encode() if isinstance(key, str) else key, item)
            for key, item in value.items()
        )
        return (
            b"d" + b"".join(bencode(key) + bencode(item) for key, item in items) + b"e"
        )
    raise TypeError(f"cannot bencode {type(value).__name__}")


@dataclass(frozen=True)
class Torrent:
    """A generated torrent: its file's bytes, its name and info hash."""

    name: str
    content: bytes
    info_hash: str
    size: int

    @property
    def magnet(self) -> str:
        """Return the magnet link of the same torrent (no tracker, no peers)."""
        return f"magnet:?xt=urn:btih:{self.info_hash}&dn={self.name}"

    @property
    def filename(self) -> str:
        """Return a file name for uploading it."""
        return f"{self.name}.torrent"


def make_torrent(
    name: str = "Test.Torrent", *, size: int = 4 * PIECE_LENGTH
) -> Torrent:
    """Return a single-file torrent of `size` random bytes nobody seeds."""
    data = secrets.token_bytes(size)
    pieces = b"".join(
        hashlib.sha1(data[start : start + PIECE_LENGTH]).digest()  # noqa: S324 - BitTorrent v1
        for start in range(0, size, PIECE_LENGTH)
    )
    info = {
        "name": f"{name}.mkv",
        "length": size,
        "piece length": PIECE_LENGTH,
        "pieces": pieces,
        "private": 0,
    }
    info_hash = hashlib.sha1(bencode(info)).hexdigest()  # noqa: S324 - BitTorrent v1
    content = bencode({"info": info, "created by": "AutoArr tests"})
    return Torrent(name=name, content=content, info_hash=info_hash, size=size)


def random_magnet(name: str = "Test.Magnet") -> Torrent:
    """Return a magnet-only torrent (no file): its metadata never arrives."""
    return Torrent(name=name, content=b"", info_hash=secrets.token_hex(20), size=0)
