"""The one mapping of every client's states, and the parsers' edge cases."""

from __future__ import annotations

import pytest

from custom_components.autoarr.arr import deluge, nzbget, qbittorrent, transmission
from custom_components.autoarr.arr.download_client import (
    bytes_limit,
    hash_list,
    timestamp,
)
from custom_components.autoarr.arr.downloads import (
    DELUGE_STATES,
    NZBGET_GROUP_STATUS,
    QBITTORRENT_STATES,
    DownloadState as S,
    deluge_state,
    nzbget_group_state,
    nzbget_history_state,
    qbittorrent_state,
    transmission_state,
)
from custom_components.autoarr.arr.errors import ArrMalformedResponseError


def test_every_qbittorrent_state() -> None:
    assert qbittorrent_state("stalledDL") is S.STALLED
    assert qbittorrent_state("metaDL") is S.METADATA
    assert qbittorrent_state("stoppedUP") is S.COMPLETED
    assert qbittorrent_state("pausedDL") is S.PAUSED
    assert qbittorrent_state("missingFiles") is S.FAILED
    assert qbittorrent_state("somethingNew") is S.UNKNOWN
    assert {qbittorrent_state(name) for name in QBITTORRENT_STATES} == set(S) - {
        S.UNKNOWN
    }


@pytest.mark.parametrize(
    ("status", "facts", "expected"),
    [
        (0, {}, S.PAUSED),
        (0, {"finished": True}, S.COMPLETED),
        (1, {}, S.CHECKING),
        (2, {}, S.CHECKING),
        (3, {}, S.QUEUED),
        (4, {"receiving": True}, S.DOWNLOADING),
        (4, {}, S.STALLED),
        (4, {"has_metadata": False}, S.METADATA),
        (5, {}, S.SEEDING),
        (6, {"finished": True}, S.SEEDING),
        (4, {"error": 3, "receiving": True}, S.FAILED),
        (4, {"error": 2, "receiving": True}, S.DOWNLOADING),  # a tracker error
        (9, {}, S.UNKNOWN),
    ],
)
def test_transmission_states(
    status: int, facts: dict[str, object], expected: S
) -> None:
    args = {"error": 0, "finished": False, "has_metadata": True, "receiving": False}
    args.update(facts)
    assert transmission_state(status, **args) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("state", "facts", "expected"),
    [
        ("Paused", {}, S.PAUSED),
        ("Paused", {"finished": True}, S.COMPLETED),
        ("Downloading", {"receiving": True}, S.DOWNLOADING),
        ("Downloading", {}, S.STALLED),
        ("Downloading", {"has_metadata": False}, S.METADATA),
        ("Seeding", {"finished": True}, S.SEEDING),
        ("Error", {}, S.FAILED),
        ("Queued", {}, S.QUEUED),
        ("Checking", {}, S.CHECKING),
        ("Sleeping", {}, S.UNKNOWN),
    ],
)
def test_deluge_states(state: str, facts: dict[str, bool], expected: S) -> None:
    args = {"finished": False, "has_metadata": True, "receiving": False}
    args.update(facts)
    assert deluge_state(state, **args) is expected
    assert set(DELUGE_STATES) >= {"Downloading", "Seeding", "Paused", "Error"}


def test_nzbget_states() -> None:
    assert nzbget_group_state("DOWNLOADING") is S.DOWNLOADING
    assert nzbget_group_state("UNPACKING") is S.CHECKING
    assert nzbget_group_state("NEW_THING") is S.UNKNOWN
    assert "PP_FINISHED" in NZBGET_GROUP_STATUS
    assert nzbget_history_state("SUCCESS/UNPACK") is S.COMPLETED
    assert nzbget_history_state("WARNING/SCRIPT") is S.COMPLETED
    assert nzbget_history_state("FAILURE/HEALTH") is S.FAILED
    assert nzbget_history_state("DELETED/MANUAL") is S.FAILED
    assert nzbget_history_state("") is S.UNKNOWN


def test_state_groups() -> None:
    assert {state for state in S if state.finished} == {S.SEEDING, S.COMPLETED}
    assert {state for state in S if state.active} == {
        S.DOWNLOADING,
        S.STALLED,
        S.METADATA,
    }


def test_helpers() -> None:
    assert timestamp(None) is None
    assert timestamp(0) is None
    assert timestamp(1e20) is None
    assert timestamp(1_700_000_000) is not None
    assert bytes_limit(None) == 0
    with pytest.raises(ValueError, match="positive"):
        bytes_limit(True)  # type: ignore[arg-type]
    assert hash_list("ABC") == ["abc"]


def test_parsers_of_odd_answers() -> None:
    item = qbittorrent.parse_torrent(
        {
            "hash": "AB",
            "state": "downloading",
            "eta": 8640000,
            "progress": 1.5,
            "added_on": -1,
        }
    )
    assert (item.id, item.eta, item.progress, item.added) == ("ab", None, 1.0, None)
    with pytest.raises(ArrMalformedResponseError, match="no hash"):
        qbittorrent.parse_torrent({"state": "downloading"})
    with pytest.raises(ArrMalformedResponseError, match="progress"):
        qbittorrent.parse_torrent({"hash": "ab", "progress": "half"})
    item = transmission.parse_torrent(
        {
            "hashString": "CD",
            "status": 4,
            "error": 3,
            "errorString": "No data found!",
            "eta": 30,
            "uploadRatio": 0.5,
            "labels": ["tv", "x"],
            "rateDownload": 10,
        }
    )
    assert (item.state, item.message, item.eta, item.ratio, item.category) == (
        S.FAILED,
        "No data found!",
        30,
        0.5,
        "tv",
    )
    item = deluge.parse_torrent(
        "EF",
        {
            "state": "Error",
            "message": "Disk full",
            "eta": 5,
            "ratio": 2.0,
            "total_wanted": 10,
            "progress": 50,
        },
    )
    assert (item.id, item.state, item.message, item.eta, item.ratio, item.progress) == (
        "ef",
        S.FAILED,
        "Disk full",
        5,
        2.0,
        0.5,
    )
    job = nzbget.parse_group(
        {
            "NZBID": 3,
            "NZBName": "Job",
            "Status": "DOWNLOADING",
            "FileSizeLo": 0,
            "FileSizeHi": 1,
            "RemainingSizeLo": 2**31,
            "RemainingSizeHi": 0,
        }
    )
    assert (job.size, job.size_left, job.progress) == (2**32, 2**31, 0.5)
    done = nzbget.parse_history(
        {"NZBID": 4, "Name": "Done", "Status": "SUCCESS/ALL", "FileSizeLo": 100}
    )
    assert (done.name, done.state, done.size_left, done.progress, done.message) == (
        "Done",
        S.COMPLETED,
        0,
        1.0,
        "",
    )
