"""The one present the tests live in.

No test reads the wall clock: simulators are built around `fixed_now()` and
tests that involve Home Assistant's clock freeze it there (the `frozen_now`
fixture). `scripts/test` runs the time-sensitive tests again with
`AUTOARR_TEST_NOW` set to instants where calendars and clocks are most likely
to disagree (day and week boundaries, daylight-saving changes in Europe and
the US), so a test that only passes at some hours fails every run.
"""

from __future__ import annotations

from datetime import UTC, datetime
import os

# A Friday evening in November: the default present of every test.
DEFAULT_NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)

ENV_VAR = "AUTOARR_TEST_NOW"

# The instants `scripts/test` sweeps (UTC). Home Assistant's test time zone is
# US/Pacific, so both UTC and Pacific midnights are here.
SWEEP_INSTANTS: tuple[str, ...] = (
    "2026-11-20T18:00:00+00:00",  # the default
    "2026-11-22T23:59:30+00:00",  # just before midnight UTC, Sunday to Monday
    "2026-11-23T08:00:00+00:00",  # midnight in Los Angeles, start of the week there
    "2026-03-08T09:59:00+00:00",  # a minute before US clocks spring forward
    "2026-03-29T00:59:00+00:00",  # a minute before EU clocks spring forward
    "2026-10-25T01:30:00+00:00",  # EU clocks have just fallen back
    "2026-11-01T09:30:00+00:00",  # US clocks have just fallen back
    "2026-12-31T23:45:00+00:00",  # the turn of the year
)


def fixed_now() -> datetime:
    """Return the present the tests run at: `AUTOARR_TEST_NOW` or the default."""
    value = os.environ.get(ENV_VAR)
    if not value:
        return DEFAULT_NOW
    now = datetime.fromisoformat(value)
    if now.tzinfo is None:
        raise ValueError(f"{ENV_VAR} must carry a time zone: {value!r}")
    return now.astimezone(UTC).replace(microsecond=0)


if __name__ == "__main__":
    # scripts/test reads the instants to sweep from here, one per line.
    for instant in SWEEP_INSTANTS:
        if datetime.fromisoformat(instant) != DEFAULT_NOW:
            print(instant)  # noqa: T201
