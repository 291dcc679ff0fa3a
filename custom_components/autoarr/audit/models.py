"""Findings, fixes and the audit report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def weight(self) -> int:
        """Return the finding's weight in the score."""
        return {"high": 10, "medium": 5, "low": 2}[self.value]


class FixTarget(StrEnum):
    """Where a fix is applied."""

    # SABnzbd set_config(section, keyword, value).
    SAB_CONFIG = "sab_config"
    # SABnzbd: add a category named `key`.
    SAB_CATEGORY = "sab_category"
    # Sonarr/Radarr: change `key` in /config/{section}.
    ARR_CONFIG = "arr_config"


@dataclass(frozen=True, slots=True)
class Fix:
    """A change through a service's config API that resolves a finding."""

    target: FixTarget
    service_id: str
    section: str
    key: str
    value: Any

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            "target": self.target.value,
            "service": self.service_id,
            "section": self.section,
            "key": self.key,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One way the stack differs from best practice."""

    rule_id: str
    service_id: str
    service_name: str
    severity: Severity
    title: str
    current: Any
    recommended: Any
    why: str
    link: str
    # What the finding is about within the service (a folder, a profile).
    subject: str | None = None
    fix: Fix | None = None

    @property
    def id(self) -> str:
        """Return an id naming this finding: rule, service and subject."""
        parts = [self.rule_id, self.service_id]
        if self.subject:
            parts.append(self.subject)
        return ":".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (the `autoarr.audit` response)."""
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "service": self.service_name,
            "service_id": self.service_id,
            "severity": self.severity.value,
            "title": self.title,
            "subject": self.subject,
            "current": self.current,
            "recommended": self.recommended,
            "why": self.why,
            "link": self.link,
            "fixable": self.fix is not None,
        }


@dataclass(slots=True)
class AuditReport:
    """The findings of one audit and the score they give."""

    findings: list[Finding] = field(default_factory=list)
    # (rule id, service id) of every check run, passed or not.
    checked: list[tuple[str, str]] = field(default_factory=list)
    weights: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def score(self) -> int:
        """Return 0-100: the weighted share of checks that passed."""
        total = sum(self.weights.values())
        if not total:
            return 100
        failed = {(f.rule_id, f.service_id) for f in self.findings}
        lost = sum(w for key, w in self.weights.items() if key in failed)
        return round(100 * (total - lost) / total)

    def finding(self, finding_id: str) -> Finding | None:
        """Return the finding with that id, if any."""
        return next((f for f in self.findings if f.id == finding_id), None)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            "score": self.score,
            "checks": len(self.checked),
            "findings": [f.as_dict() for f in self.findings],
            "errors": dict(self.errors),
        }
