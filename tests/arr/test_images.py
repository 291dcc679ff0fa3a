"""The picture cache: kept, shared, expired, bounded, resized."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import io

from PIL import Image as PilImage
import pytest

from custom_components.autoarr.arr.errors import (
    ArrConnectionError,
    ArrNotFoundError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.images import (
    CoverImage,
    ImageCache,
    cover_file,
    resize,
    snap_width,
)
from custom_components.autoarr.arr.library_models import Image
from custom_components.autoarr.arr.radarr import RadarrClient
from tests.support.arr_sim import RadarrSimulator


def _jpeg(width: int, height: int) -> CoverImage:
    out = io.BytesIO()
    PilImage.new("RGB", (width, height), (200, 30, 30)).save(out, format="JPEG")
    return CoverImage(out.getvalue(), "image/jpeg")


async def _now(make: Callable[[], CoverImage]) -> CoverImage:
    return make()


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Source:
    """A fetch that counts its calls and can be held or made to fail."""

    def __init__(self, image: CoverImage) -> None:
        self.image = image
        self.calls = 0
        self.gate: asyncio.Event | None = None
        self.error: Exception | None = None

    async def __call__(self) -> CoverImage:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return self.image


async def test_a_picture_is_fetched_once_and_kept_until_it_is_old() -> None:
    clock = Clock()
    cache = ImageCache(_now, clock=clock, max_age=60)
    source = Source(_jpeg(50, 75))
    key = ("sonarr-1", 7, "poster")
    assert await cache.get(key, None, source) == source.image
    assert await cache.get(key, None, source) == source.image
    assert (source.calls, cache.hits, cache.misses) == (1, 1, 1)
    clock.now += 61
    await cache.get(key, None, source)
    assert source.calls == 2


async def test_requests_during_a_fetch_wait_for_it() -> None:
    cache = ImageCache(_now, clock=Clock())
    source = Source(_jpeg(50, 75))
    source.gate = asyncio.Event()
    key = ("radarr-1", 3, "poster")
    waiting = [asyncio.ensure_future(cache.get(key, None, source)) for _ in range(20)]
    await asyncio.sleep(0)
    source.gate.set()
    assert set(await asyncio.gather(*waiting)) == {source.image}
    assert source.calls == 1


async def test_a_failed_fetch_reaches_every_waiter_and_is_not_kept() -> None:
    cache = ImageCache(_now, clock=Clock())
    source = Source(_jpeg(50, 75))
    source.gate = asyncio.Event()
    source.error = ArrConnectionError("down")
    key = ("radarr-1", 3, "poster")
    waiting = [asyncio.ensure_future(cache.get(key, None, source)) for _ in range(3)]
    await asyncio.sleep(0)
    source.gate.set()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(result, ArrConnectionError) for result in results)
    source.error = None
    assert await cache.get(key, None, source) == source.image
    assert source.calls == 2


async def test_a_cancelled_fetch_is_not_kept() -> None:
    cache = ImageCache(_now, clock=Clock())
    source = Source(_jpeg(50, 75))
    source.gate = asyncio.Event()
    key = ("radarr-1", 3, "poster")
    first = asyncio.ensure_future(cache.get(key, None, source))
    await asyncio.sleep(0)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    source.gate.set()
    assert await cache.get(key, None, source) == source.image
    assert source.calls == 2


async def test_the_least_recently_used_go_first_when_full() -> None:
    image = _jpeg(50, 75)
    cache = ImageCache(_now, clock=Clock(), max_bytes=len(image.content) * 2)
    sources = {n: Source(image) for n in range(3)}
    await cache.get(("s", 0, "poster"), None, sources[0])
    await cache.get(("s", 1, "poster"), None, sources[1])
    await cache.get(("s", 0, "poster"), None, sources[0])  # 0 used last
    await cache.get(("s", 2, "poster"), None, sources[2])  # 1 goes
    assert cache.size == len(image.content) * 2
    await cache.get(("s", 0, "poster"), None, sources[0])
    await cache.get(("s", 1, "poster"), None, sources[1])
    assert [sources[n].calls for n in range(3)] == [1, 2, 1]
    cache.clear()
    assert cache.size == 0


async def test_a_picture_larger_than_the_cache_is_sent_not_kept() -> None:
    image = _jpeg(50, 75)
    cache = ImageCache(_now, clock=Clock(), max_bytes=len(image.content) - 1)
    source = Source(image)
    for _ in range(2):
        assert await cache.get(("s", 0, "poster"), None, source) == image
    assert source.calls == 2 and cache.size == 0


async def test_widths_are_copies_of_the_kept_original() -> None:
    cache = ImageCache(_now, clock=Clock())
    source = Source(_jpeg(500, 750))
    key = ("radarr-1", 3, "poster")
    small = await cache.get(key, 150, source)
    again = await cache.get(key, 180, source)  # the same step: 200
    assert small is again
    with PilImage.open(io.BytesIO(small.content)) as picture:
        assert picture.size == (200, 300)
    assert await cache.get(key, None, source) == source.image
    assert source.calls == 1


def test_widths_round_up_to_a_step() -> None:
    assert [snap_width(w) for w in (None, 0, -5, 1, 100, 101, 800, 801)] == [
        None,
        None,
        None,
        100,
        100,
        200,
        800,
        None,
    ]


def test_resizing_never_scales_up_and_keeps_what_it_cannot_read() -> None:
    narrow = _jpeg(80, 120)
    assert resize(narrow, 100) is narrow
    broken = CoverImage(b"<html>not a picture</html>", "image/jpeg")
    assert resize(broken, 100) is broken
    png = io.BytesIO()
    PilImage.new("RGBA", (400, 200), (0, 0, 0, 0)).save(png, format="PNG")
    scaled = resize(CoverImage(png.getvalue(), "image/png"), 100)
    assert scaled.content_type == "image/jpeg"
    with PilImage.open(io.BytesIO(scaled.content)) as picture:
        assert picture.size == (100, 50)


def test_only_known_pictures_are_asked_for() -> None:
    assert cover_file("fanart") == "fanart.jpg"
    with pytest.raises(ValueError, match="unknown cover type"):
        cover_file("../../api/v3/system/status")


def test_an_image_says_which_address_needs_no_key() -> None:
    local = Image("poster", "/MediaCover/3/poster.jpg", "https://img.test/p.jpg")
    assert local.public_url == "https://img.test/p.jpg"
    assert Image("poster", "/MediaCover/3/poster.jpg").public_url is None
    assert Image("poster", "https://img.test/p.jpg").public_url == (
        "https://img.test/p.jpg"
    )


async def test_the_client_fetches_pictures_with_the_key_in_a_header(
    radarr_sim: RadarrSimulator, radarr: RadarrClient
) -> None:
    client = radarr
    movie = min(radarr_sim.state.movies)
    cover = await client.media_cover(movie, "fanart")
    with PilImage.open(io.BytesIO(cover.content)) as picture:
        assert picture.size == (1280, 720)
    (request,) = radarr_sim.requests_to(f"/api/v3/mediacover/{movie}/fanart.jpg")
    assert request.headers["X-Api-Key"] == radarr_sim.api_key
    assert not request.query
    with pytest.raises(ArrNotFoundError):
        await client.media_cover(999999, "poster")
    radarr_sim.inject_fault("html_page", path="mediacover")
    with pytest.raises(ArrWrongAppError, match="not a picture"):
        await client.media_cover(movie, "poster")
