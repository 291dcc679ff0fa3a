"""Properties: saved state survives a round trip; classification is total."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st

from custom_components.autoarr.recovery.classify import classify_message
from custom_components.autoarr.recovery.models import Cause
from custom_components.autoarr.recovery.policy import RecoveryPolicy
from custom_components.autoarr.recovery.state import (
    AttemptRecord,
    RecoveryState,
    StallMark,
)

# Hypothesis wants naive bounds; `timezones` makes the values aware.
times = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime(2040, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
keys = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789:_,", min_size=1, max_size=30
)
records = st.builds(
    AttemptRecord,
    item_key=keys,
    title=st.text(max_size=40),
    attempts=st.integers(0, 20),
    client_retries=st.integers(0, 20),
    last_attempt=st.none() | times,
    last_action=st.none() | st.sampled_from(["client_retry", "replace"]),
    last_error=st.none() | st.text(max_size=40),
    gave_up=st.booleans(),
    updated=st.none() | times,
)


@given(
    st.lists(records, max_size=5, unique_by=lambda r: r.item_key),
    st.dictionaries(keys, times, max_size=5),
    st.dictionaries(
        keys, st.builds(StallMark, st.integers(0, 10**12), times), max_size=3
    ),
    st.dictionaries(keys, keys, max_size=3),
    st.lists(keys, max_size=3, unique=True),
)
@settings(max_examples=60)
def test_state_round_trip(
    recs: list[AttemptRecord],
    failing: dict[str, datetime],
    stalls: dict[str, StallMark],
    aliases: dict[str, str],
    replaced: list[str],
) -> None:
    """What is saved is what is loaded: a restart forgets nothing."""
    state = RecoveryState(
        records={r.item_key: r for r in recs},
        failing=failing,
        stalls=stalls,
        aliases=aliases,
        replaced=replaced,
    )
    assert RecoveryState.from_dict(state.to_dict()) == state


@given(st.text(max_size=200))
def test_classification_is_total(message: str) -> None:
    """Any message gets a cause; none crashes the classifier."""
    assert classify_message(message) in Cause


@given(st.integers(1, 200))
def test_backoff_never_shrinks_and_stays_capped(attempt: int) -> None:
    """Each wait is at least the one before and never above the cap."""
    policy = RecoveryPolicy(backoff_max=timedelta(hours=6))
    assert (
        policy.delay_before(attempt)
        <= policy.delay_before(attempt + 1)
        <= timedelta(hours=6)
    )
