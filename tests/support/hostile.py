"""Answers of hostile or broken servers, shared by the tests and simulators.

- `nested_json`: a JSON document nested so deep that Python's decoder
  raises RecursionError on it;
- `gzip_bomb`: a small gzip body that expands to a huge one;
- `CANARY_KEY` / `CANARY_PASSWORD`: secrets that must never reach a user.
"""

from __future__ import annotations

from functools import cache
import zlib

NESTED_DEPTH = 200_000
BOMB_SIZE = 200 * 1024 * 1024
CANARY_KEY = "canary0key0f3a9c2b7e5d41"
CANARY_PASSWORD = "canary-pw-7Q2x9"


@cache
def nested_json(depth: int = NESTED_DEPTH) -> bytes:
    """Return `depth` nested arrays: [[[...]]]."""
    return b"[" * depth + b"]" * depth


@cache
def gzip_bomb(size: int = BOMB_SIZE) -> bytes:
    """Return a gzip body of about size/1000 bytes that expands to `size`."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"[" + b" " * (1024 * 1024 - 1)
    parts = [compressor.compress(block)]
    chunk = b" " * (1024 * 1024)
    parts.extend(compressor.compress(chunk) for _ in range(size // len(chunk) - 1))
    parts.append(compressor.flush())
    return b"".join(parts)
