"""Posters, fanart and banners of a library: fetched once, kept, resized.

Sonarr, Radarr and Lidarr keep a copy of every item's pictures and serve
them behind their API key (`ArrClient.media_cover`). `ImageCache` keeps what was fetched (the original and each width asked
for), so a dashboard of fifty posters asks each service for each poster
once, not at every refresh; requests for a picture already being fetched
wait for that fetch. Widths are rounded up to a few steps so the cache
holds a handful of sizes, not one per pixel.

Resizing uses Pillow, which Home Assistant itself requires; it runs through
the `run_blocking` callable the caller gives (Home Assistant's executor), as
decoding a JPEG blocks. A picture Pillow cannot read is kept as it came.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import io
import time
from typing import Final

from PIL import Image as PilImage, UnidentifiedImageError

# The pictures the arrs keep for an item.
COVER_TYPES: Final = frozenset({"poster", "fanart", "banner"})
# The widths a picture is resized to: a width asked for is rounded up to
# the next one; wider than the last, the original is sent.
WIDTHS: Final = (100, 200, 300, 500, 800)
# How long a fetched picture is kept (the arrs rarely change one).
MAX_AGE_SECONDS: Final = 6 * 3600.0
# At most this many bytes of pictures are kept (the oldest used go first).
MAX_BYTES: Final = 32 * 1024 * 1024
JPEG_QUALITY: Final = 85

type CoverKey = tuple[str, int, str]
type RunBlocking = Callable[[Callable[[], CoverImage]], Awaitable[CoverImage]]


@dataclass(frozen=True, slots=True)
class CoverImage:
    """A picture's bytes and their content type."""

    content: bytes
    content_type: str


def cover_file(cover_type: str) -> str:
    """Return the file name an arr keeps a picture under."""
    if cover_type not in COVER_TYPES:
        raise ValueError(f"unknown cover type {cover_type!r}")
    return f"{cover_type}.jpg"


def snap_width(width: int | None) -> int | None:
    """Return the cached width serving a width asked for (None: the original)."""
    if width is None or width <= 0:
        return None
    return next((step for step in WIDTHS if step >= width), None)


def resize(image: CoverImage, width: int) -> CoverImage:
    """Return the picture scaled down to `width` (blocking; never scaled up)."""
    try:
        with PilImage.open(io.BytesIO(image.content)) as picture:
            if picture.width <= width:
                return image
            height = max(1, round(picture.height * width / picture.width))
            scaled = picture.convert("RGB").resize((width, height))
    except UnidentifiedImageError, OSError, ValueError:
        return image
    out = io.BytesIO()
    scaled.save(out, format="JPEG", quality=JPEG_QUALITY)
    return CoverImage(out.getvalue(), "image/jpeg")


@dataclass(slots=True)
class _Kept:
    image: CoverImage
    fetched_at: float


class ImageCache:
    """Pictures by (service, item, type) and width, least recently used first out."""

    def __init__(
        self,
        run_blocking: RunBlocking,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_age: float = MAX_AGE_SECONDS,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        """Keep pictures for `max_age` seconds, `max_bytes` in all."""
        self._run_blocking = run_blocking
        self._clock = clock
        self._max_age = max_age
        self._max_bytes = max_bytes
        self._kept: OrderedDict[tuple[CoverKey, int | None], _Kept] = OrderedDict()
        self._bytes = 0
        self._pending: dict[
            tuple[CoverKey, int | None], asyncio.Future[CoverImage]
        ] = {}
        self.hits = 0
        self.misses = 0

    @property
    def size(self) -> int:
        """Return how many bytes of pictures are kept."""
        return self._bytes

    def clear(self) -> None:
        """Forget every picture (an entry unloaded, a service changed)."""
        self._kept.clear()
        self._bytes = 0

    async def get(
        self,
        key: CoverKey,
        width: int | None,
        fetch: Callable[[], Awaitable[CoverImage]],
    ) -> CoverImage:
        """Return a picture at a width, fetching it with `fetch` when not kept.

        Errors of `fetch` reach the caller and nothing is kept.
        """
        width = snap_width(width)
        if (image := self._fresh((key, width))) is not None:
            self.hits += 1
            return image
        self.misses += 1
        if width is None:
            return await self._once((key, None), fetch)

        async def scaled() -> CoverImage:
            original = await self.get(key, None, fetch)
            return await self._run_blocking(lambda: resize(original, width))

        return await self._once((key, width), scaled)

    def _fresh(self, slot: tuple[CoverKey, int | None]) -> CoverImage | None:
        kept = self._kept.get(slot)
        if kept is None:
            return None
        if self._clock() - kept.fetched_at > self._max_age:
            self._drop(slot)
            return None
        self._kept.move_to_end(slot)
        return kept.image

    async def _once(
        self,
        slot: tuple[CoverKey, int | None],
        make: Callable[[], Awaitable[CoverImage]],
    ) -> CoverImage:
        """Make a picture once, however many ask for it meanwhile."""
        if (pending := self._pending.get(slot)) is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[CoverImage] = asyncio.get_running_loop().create_future()
        self._pending[slot] = future
        try:
            image = await make()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as err:
            future.set_exception(err)
            # Retrieved here, so a fetch nobody else awaited logs nothing.
            future.exception()
            raise
        else:
            future.set_result(image)
            self._keep(slot, image)
            return image
        finally:
            del self._pending[slot]

    def _keep(self, slot: tuple[CoverKey, int | None], image: CoverImage) -> None:
        self._drop(slot)
        if len(image.content) > self._max_bytes:
            return
        self._kept[slot] = _Kept(image, self._clock())
        self._bytes += len(image.content)
        while self._bytes > self._max_bytes:
            self._drop(next(iter(self._kept)))

    def _drop(self, slot: tuple[CoverKey, int | None]) -> None:
        if (kept := self._kept.pop(slot, None)) is not None:
            self._bytes -= len(kept.image.content)
