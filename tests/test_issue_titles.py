"""Repairs are titled by the problem and the service, one per problem."""

from __future__ import annotations

from custom_components.autoarr.arr.models import HealthCheck
from custom_components.autoarr.audit.models import Finding, Severity
from custom_components.autoarr.issues import audit_problem, covered_by_health


def _finding(
    rule_id: str, *, subject: str | None = None, current: str = "x"
) -> Finding:
    return Finding(
        rule_id=rule_id,
        service_id="sub",
        service_name="Sonarr",
        severity=Severity.HIGH,
        title="Root folders present, reachable and with free space",
        current=current,
        recommended="accessible",
        why="",
        link="",
        subject=subject,
    )


def test_audit_repairs_say_what_is_wrong() -> None:
    """Not the rule's name, which reads as if it had passed."""
    assert (
        audit_problem(
            _finding("arr.root_folders", subject="/tv/", current="inaccessible")
        )
        == "Root folder /tv/ is inaccessible"
    )
    assert audit_problem(_finding("arr.indexer_healthy")) == "An indexer is failing"
    assert audit_problem(_finding("arr.some_new_rule")) == (
        "Not as recommended: Root folders present, reachable and with free space"
    )


def test_a_problem_the_health_reports_has_one_repair() -> None:
    """An audit finding the service's health errors report raises nothing."""
    health = [
        HealthCheck("RootFolderCheck", "error", "Missing root folder: /tv/"),
        HealthCheck("IndexerStatusCheck", "warning", "Indexer down"),
    ]
    assert covered_by_health(_finding("arr.root_folders", subject="/tv/"), health)
    assert not covered_by_health(
        _finding("arr.root_folders", subject="/films/"), health
    )
    # A warning is the health sensor's, not a repair: the audit raises it.
    down = _finding("arr.indexer_healthy", current="Indexer down")
    assert not covered_by_health(down, health)
    health.append(HealthCheck("IndexerStatusCheck", "error", "Indexer down"))
    assert covered_by_health(down, health)
