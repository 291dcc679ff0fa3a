"""No module of the integration is over 500 lines.

A module still over the bound is being split by its own work; it may not
grow, and its entry must go once it is under the bound (the test says
so), so the list only ever shrinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "custom_components" / "autoarr"
MAX_LINES = 500
# Modules still over the bound, with the most lines each may have until split.
STILL_OVER: dict[str, int] = {}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _modules() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): _lines(path)
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_modules_are_short() -> None:
    """Every module is at most MAX_LINES long, but those still being split."""
    modules = _modules()
    assert len(modules) > 50, "the package's modules were not found"
    over = {
        name: lines
        for name, lines in modules.items()
        if lines > MAX_LINES and name not in STILL_OVER
    }
    assert over == {}, f"modules over {MAX_LINES} lines: {over}"


@pytest.mark.parametrize(("name", "most"), sorted(STILL_OVER.items()))
def test_modules_being_split_do_not_grow(name: str, most: int) -> None:
    """A module still over the bound does not grow; once under, its entry goes."""
    lines = _modules().get(name, 0)
    assert lines <= most, f"{name} grew to {lines} lines (at most {most} until split)"
    assert lines > MAX_LINES, f"{name} is {lines} lines now: remove it from STILL_OVER"
