"""No module of the integration is over 500 lines."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "custom_components" / "autoarr"
MAX_LINES = 500


def test_modules_are_short() -> None:
    """Every module is at most MAX_LINES long."""
    modules = {
        path.relative_to(PACKAGE).as_posix(): len(
            path.read_text(encoding="utf-8").splitlines()
        )
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert len(modules) > 50, "the package's modules were not found"
    over = {name: lines for name, lines in modules.items() if lines > MAX_LINES}
    assert over == {}, f"modules over {MAX_LINES} lines: {over}"
