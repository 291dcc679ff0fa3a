"""The recovery policy's backoff and limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.autoarr.recovery.models import Cause
from custom_components.autoarr.recovery.policy import RecoveryPolicy


def test_backoff_doubles_and_caps() -> None:
    """Attempt n waits base * 2^(n-2), never more than the cap."""
    policy = RecoveryPolicy(
        backoff_base=timedelta(minutes=5), backoff_max=timedelta(minutes=30)
    )
    assert policy.delay_before(1) == timedelta(0)
    assert policy.delay_before(2) == timedelta(minutes=5)
    assert policy.delay_before(3) == timedelta(minutes=10)
    assert policy.delay_before(4) == timedelta(minutes=20)
    assert policy.delay_before(5) == timedelta(minutes=30)
    assert policy.delay_before(50) == timedelta(minutes=30)


def test_sab_retries_per_cause() -> None:
    """Retries help with network trouble, never with missing articles."""
    policy = RecoveryPolicy()
    assert policy.client_retries_for(Cause.NETWORK) == 2
    assert policy.client_retries_for(Cause.MISSING_ARTICLES) == 0
    assert policy.client_retries_for(Cause.DISK_FULL) == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"backoff_factor": 0.5},
        {"backoff_base": timedelta(seconds=-1)},
        {"stall_timeout": timedelta(0)},
    ],
)
def test_invalid_policy_rejected(kwargs: dict[str, object]) -> None:
    """Limits that would loop or never act are rejected."""
    with pytest.raises(ValueError):
        RecoveryPolicy(**kwargs)  # type: ignore[arg-type]
