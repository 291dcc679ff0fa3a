"""How hard recovery tries: attempt cap, exponential backoff, stall timeout."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType

from .models import Cause

# How many times a SABnzbd retry is worth it, per cause, before the release
# is replaced. A retry downloads the missing parts again: it helps when the
# network failed, sometimes with corruption, never with missing articles (the
# server does not have them), a password or a blocked import.
DEFAULT_SAB_RETRIES: MappingProxyType[Cause, int] = MappingProxyType(
    {
        Cause.NETWORK: 2,
        Cause.CRC_ERROR: 1,
        Cause.UNKNOWN: 1,
        Cause.MISSING_ARTICLES: 0,
        Cause.ENCRYPTED: 0,
        Cause.IMPORT_BLOCKED: 0,
        Cause.STALLED: 0,
        Cause.DISK_FULL: 0,
    }
)


@dataclass(frozen=True, slots=True)
class RecoveryPolicy:
    """The limits recovery works within."""

    # Attempts per media item (or per download when no arr owns it).
    max_attempts: int = 3
    # Wait before the second attempt; each later wait is `backoff_factor`
    # times longer, up to `backoff_max`.
    backoff_base: timedelta = timedelta(minutes=5)
    backoff_factor: float = 2.0
    backoff_max: timedelta = timedelta(hours=6)
    # A downloading item whose remaining size has not changed for this long
    # is treated as stuck.
    stall_timeout: timedelta = timedelta(hours=1)
    # An arr handles a download in "failedPending" itself (blocklist and
    # search again); recovery steps in only if it is still there after this.
    arr_grace: timedelta = timedelta(minutes=15)
    # Records of items with no activity for this long are forgotten.
    retention: timedelta = timedelta(days=14)
    client_retries: MappingProxyType[Cause, int] = field(
        default_factory=lambda: DEFAULT_SAB_RETRIES
    )

    def __post_init__(self) -> None:
        """Reject limits that would make recovery loop or never act."""
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.backoff_factor < 1:
            raise ValueError("backoff_factor must be at least 1")
        if self.backoff_base < timedelta(0) or self.stall_timeout <= timedelta(0):
            raise ValueError("backoff_base and stall_timeout must be positive")

    def delay_before(self, attempt: int) -> timedelta:
        """Return how long after the previous attempt `attempt` may start.

        The first attempt starts at once; attempt n waits
        base * factor^(n-2), capped at backoff_max.
        """
        if attempt <= 1:
            return timedelta(0)
        # Compare in seconds: a large attempt number overflows timedelta.
        seconds = self.backoff_base.total_seconds() * self.backoff_factor ** min(
            attempt - 2, 64
        )
        return timedelta(seconds=min(seconds, self.backoff_max.total_seconds()))

    def client_retries_for(self, cause: Cause) -> int:
        """Return how many SABnzbd retries are worth it for a cause."""
        return self.client_retries.get(cause, 0)
