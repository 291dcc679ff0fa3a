"""SABnzbd's history (finished, failed and post-processing jobs), as AutoArr reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .errors import ArrMalformedResponseError
from .records import Skip, parse_records
from .sabnzbd_models import SabFields, category_or_none


@dataclass(frozen=True, slots=True)
class SabStage:
    """One post-processing stage of a history job and what it logged."""

    name: str
    actions: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Any) -> SabStage:
        """Build a stage from one item of stage_log."""
        f = SabFields(data, "history stage")
        return cls(name=f.text("name"), actions=f.texts("actions"))


@dataclass(frozen=True, slots=True)
class SabHistorySlot:
    """One finished (completed or failed) job in SABnzbd's history."""

    nzo_id: str
    name: str
    nzb_name: str
    status: str
    fail_message: str
    retry: bool
    category: str | None
    storage: str | None
    path: str | None
    completed: datetime | None
    time_added: datetime | None
    bytes: int
    download_time: timedelta
    postproc_time: timedelta
    url: str | None
    stages: tuple[SabStage, ...]
    archived: bool
    # Still with SABnzbd's post-processor: the status may change and `retry`
    # is not known yet (SABnzbd reports False until the job is stored).
    post_processing: bool = False

    @property
    def failed(self) -> bool:
        """Return whether the job failed."""
        return self.status == "Failed"

    @classmethod
    def from_json(cls, data: Any, *, post_processing: bool = False) -> SabHistorySlot:
        """Build a history slot from one item of history.slots."""
        f = SabFields(data, "history slot")
        nzo_id = f.text("nzo_id")
        if not nzo_id:
            raise ArrMalformedResponseError("SABnzbd history slot: no nzo_id")
        return cls(
            nzo_id=nzo_id,
            name=f.text("name"),
            nzb_name=f.text("nzb_name"),
            status=f.text("status"),
            fail_message=f.text("fail_message"),
            retry=f.flag("retry"),
            category=category_or_none(f.opt_text("category")),
            storage=f.opt_text("storage"),
            path=f.opt_text("path"),
            completed=f.timestamp("completed"),
            time_added=f.timestamp("time_added"),
            bytes=max(f.integer("bytes"), 0),
            download_time=timedelta(seconds=max(f.integer("download_time"), 0)),
            postproc_time=timedelta(seconds=max(f.integer("postproc_time"), 0)),
            url=f.opt_text("url"),
            stages=f.parsed_items("stage_log", SabStage.from_json),
            archived=f.flag("archive"),
            post_processing=post_processing,
        )


@dataclass(frozen=True, slots=True)
class SabHistory:
    """A page of SABnzbd's history with the download totals."""

    slots: tuple[SabHistorySlot, ...]
    total_slots: int
    post_processing_count: int
    total_bytes: int
    month_bytes: int
    week_bytes: int
    day_bytes: int

    @property
    def failed(self) -> tuple[SabHistorySlot, ...]:
        """Return the failed jobs of this page."""
        return tuple(slot for slot in self.slots if slot.failed)

    @classmethod
    def from_json(
        cls, data: Any, *, start: int = 0, skip: Skip | None = None
    ) -> SabHistory:
        """Build the history from the `history` object of mode=history.

        SABnzbd lists the jobs still in post-processing first and counts them
        in `ppslots`; `start` is the page's offset, to know how many of them
        this page holds.
        """
        f = SabFields(data, "history")
        post_processing = max(f.integer("ppslots"), 0)
        on_page = max(post_processing - max(start, 0), 0)
        slots = tuple(
            parse_records(
                enumerate(f.items("slots")),
                lambda pair: SabHistorySlot.from_json(
                    pair[1], post_processing=pair[0] < on_page
                ),
                None if skip is None else lambda pair, err: skip(pair[1], err),
            )
        )
        return cls(
            slots=slots,
            total_slots=f.integer("noofslots", len(slots)),
            post_processing_count=post_processing,
            total_bytes=f.size_with_unit("total_size"),
            month_bytes=f.size_with_unit("month_size"),
            week_bytes=f.size_with_unit("week_size"),
            day_bytes=f.size_with_unit("day_size"),
        )
