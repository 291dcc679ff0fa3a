"""No blocking call in the event loop, by Home Assistant's own detector.

Home Assistant wraps `open`, `os.listdir`, `Path.read_text`... to find calls
in the event loop (`homeassistant.block_async_io`), but leaves the file
calls unwatched under test. Here its wrapper (`protect_loop`) watches
opening files, strictly (a blocking call AutoArr's code makes raises), while
AutoArr's first instant answers are given from cold: hassil's number words
not yet read, as after a restart.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
import sys
import threading
from types import FrameType
from typing import Any

from babel import core as babel_core, localedata
from hassil import numbers, string_matcher
from homeassistant import block_async_io
from homeassistant.core import HomeAssistant
from homeassistant.util.loop import protect_loop
import pytest

import custom_components.autoarr
from custom_components.autoarr.agent import language as instant_language
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.test_instant_phrasings import _agents, _say

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

# Opening files, as Home Assistant watches it (block_async_io._BLOCKING_CALLS).
WATCHED: list[tuple[Any, str]] = [(builtins, "open"), (Path, "open")]
AUTOARR = str(Path(custom_components.autoarr.__file__).parent)


def _not_autoarr(mapped_args: dict[str, Any]) -> bool:
    """Let calls through that AutoArr's code did not make (Home Assistant's
    own are its business), and files in /proc, as Home Assistant does."""
    if block_async_io._check_file_allowed(mapped_args):
        return True
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if AUTOARR in frame.f_code.co_filename:
            return False
        frame = frame.f_back
    return True


@pytest.fixture
def cold_number_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the number words hassil read and the locale data Babel read,
    as a fresh start would."""
    monkeypatch.setattr(numbers, "_ENGINE_CACHE", {})
    monkeypatch.setattr(string_matcher, "_RANGE_TRIE_CACHE", defaultdict(dict))
    monkeypatch.setattr(localedata, "_cache", {})
    monkeypatch.setattr(babel_core, "_global_data", None)
    instant_language.locale.cache_clear()


@pytest.fixture
def blocking_calls_raise(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Watch the file calls with Home Assistant's detector, strictly."""
    loop_thread = threading.get_ident()

    def watch() -> None:
        for owner, name in WATCHED:
            monkeypatch.setattr(
                owner,
                name,
                protect_loop(
                    getattr(owner, name),
                    strict=True,
                    strict_core=True,
                    check_allowed=_not_autoarr,
                    loop_thread_id=loop_thread,
                ),
            )

    return watch


async def test_first_instant_answers_block_nothing(
    hass: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    cold_number_words: None,
    blocking_calls_raise: Callable[[], None],
) -> None:
    """The first answers with numbers, in several languages, read no file in
    the event loop (they used to load hassil's number words there)."""
    agents = await _agents(
        hass, setup_entry, sonarr_subentry(sonarr), radarr_subentry(radarr)
    )
    blocking_calls_raise()
    for agent in agents:
        for text, language in [
            ("what's downloading?", "en"),
            ("pause downloads for 2 hours", "en"),
            ("pausiere die Downloads für zwei Stunden", "de"),
            ("mets les téléchargements en pause pendant deux heures", "fr"),
        ]:
            assert await _say(hass, agent, text, language)
