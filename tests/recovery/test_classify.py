"""Classification of failure messages from SABnzbd and the arrs."""

from __future__ import annotations

import pytest

from custom_components.autoarr.recovery.classify import (
    arr_item_failed,
    classify_arr_item,
    classify_message,
)
from custom_components.autoarr.recovery.models import Cause


@pytest.mark.parametrize(
    ("message", "cause"),
    [
        # Texts SABnzbd 5 writes into fail_message.
        (
            "Aborted, cannot be completed - https://sabnzbd.org/not-complete",
            Cause.MISSING_ARTICLES,
        ),
        (
            "Download failed - Not on your server(s) - https://sabnzbd.org/not-complete",
            Cause.MISSING_ARTICLES,
        ),
        (
            "Download might fail, only 82.1% of required 100.2% available",
            Cause.MISSING_ARTICLES,
        ),
        ("Repair failed, not enough repair blocks (12 short)", Cause.CRC_ERROR),
        ("Unpacking failed, CRC error", Cause.CRC_ERROR),
        ("Repairing failed, checksum mismatch", Cause.CRC_ERROR),
        ("Corrupt RAR file", Cause.CRC_ERROR),
        ('Some files failed to verify against "x.sfv"', Cause.CRC_ERROR),
        ("Unpacking failed, archive requires a password", Cause.ENCRYPTED),
        ("Aborted, encryption detected", Cause.ENCRYPTED),
        ("Unpacking failed, write error or disk is full?", Cause.DISK_FULL),
        ("Unpacking failed, disk full", Cause.DISK_FULL),
        ("Repairing failed, Disk full", Cause.DISK_FULL),
        ("Unpacking failed, file too large for filesystem (FAT?)", Cause.DISK_FULL),
        ("[Errno 28] No space left on device", Cause.DISK_FULL),
        ("Not enough free space to import", Cause.DISK_FULL),
        ("Server news.example timed out", Cause.NETWORK),
        ("Connection refused by server", Cause.NETWORK),
        ("Post-processing was aborted", Cause.UNKNOWN),
        ("", Cause.UNKNOWN),
    ],
)
def test_classify_message(message: str, cause: Cause) -> None:
    """Each known message maps to its cause."""
    assert classify_message(message) is cause


def test_disk_full_wins_over_other_words() -> None:
    """A message naming a full disk is a disk problem even with other clues."""
    assert (
        classify_message("Repairing failed, Disk full", "CRC error") is Cause.DISK_FULL
    )


def test_classify_arr_item_import_blocked() -> None:
    """An import-blocked item with unrecognised messages is import_blocked."""
    cause = classify_arr_item(
        "importBlocked",
        [
            "Found matching series via grab history, but release was matched to series by ID."
        ],
    )
    assert cause is Cause.IMPORT_BLOCKED


def test_classify_arr_item_messages_win() -> None:
    """Messages naming a cause win over the import-blocked state."""
    assert (
        classify_arr_item("importBlocked", ["Not enough free space"]) is Cause.DISK_FULL
    )
    assert classify_arr_item("failedPending", []) is Cause.UNKNOWN


@pytest.mark.parametrize(
    ("status", "tracked_status", "state", "failed"),
    [
        ("failed", "error", "failedPending", True),
        ("completed", "warning", "importBlocked", True),
        ("completed", "error", "failed", True),
        ("downloading", "error", "downloading", True),
        ("warning", "warning", "downloading", False),
        ("downloading", "ok", "downloading", False),
        ("completed", "ok", "importPending", False),
    ],
)
def test_arr_item_failed(
    status: str, tracked_status: str, state: str, failed: bool
) -> None:
    """Failed, failedPending, importBlocked and error status count as failed."""
    assert arr_item_failed(status, tracked_status, state) is failed
