"""Repair issues raised for lasting problems of the services AutoArr runs.

One of each kind per service subentry, removed as soon as the problem is:

- `service_unreachable`: the service has not answered for
  `UNREACHABLE_ISSUE_AFTER` (a short outage, like a restart, raises nothing);
  fixable, its flow is in `repairs.py`;
- `health_error` / `health_errors`: Sonarr or Radarr reports one (several)
  health checks of type error (warnings stay on the health binary sensor;
  errors need the user), titled by the problem and the service;
- `indexers_failing`: Prowlarr has held back an enabled indexer for
  `INDEXER_ISSUE_AFTER` (its searches find less or nothing), counted from
  its first failure, or, on a Prowlarr before 1.3.2 that does not say when
  that was, from when AutoArr first saw it held back; fixable, its flow
  (`repairs.py`) tests the indexers again.

An audit finding the service's own health already reports as an error (a
missing root folder, a failing indexer) raises no audit issue of its own:
one problem, one repair (`covered_by_health`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, HUB_TITLE

if TYPE_CHECKING:
    from .arr.models import HealthCheck
    from .audit.models import Finding
    from .data import AutoArrConfigEntry
    from .indexer_coordinator import FailingIndexer

UNREACHABLE_ISSUE_AFTER: Final = timedelta(minutes=30)
# Health messages listed in the issue; more are summarised by a count.
MAX_LISTED_PROBLEMS: Final = 5


UNREACHABLE_PREFIX: Final = "service_unreachable_"
INDEXERS_PREFIX: Final = "indexers_failing_"
HEALTH_PREFIX: Final = "health_errors_"
# How long Prowlarr must have held an indexer back before an issue is raised
# (a short failure, which Prowlarr retries by itself, raises nothing).
INDEXER_ISSUE_AFTER: Final = timedelta(hours=6)


def indexers_issue_id(subentry_id: str) -> str:
    """Return the id of the failing indexers issue of a Prowlarr subentry."""
    return f"{INDEXERS_PREFIX}{subentry_id}"


@callback
def async_update_indexers_issue(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    subentry_id: str,
    name: str,
    failing: Iterable[FailingIndexer],
    now: datetime,
) -> None:
    """Raise, update or remove the failing indexers issue of a Prowlarr."""
    lasting = [
        indexer
        for indexer in failing
        if (since := indexer.failing_from) is not None
        and now - since >= INDEXER_ISSUE_AFTER
    ]
    issue_id = indexers_issue_id(subentry_id)
    if not lasting:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING,
        data={"entry_id": entry.entry_id, "subentry_id": subentry_id},
        translation_key="indexers_failing",
        translation_placeholders={
            "name": name,
            "indexers": ", ".join(indexer.name for indexer in lasting),
        },
    )


def hub_place(title: str) -> str:
    """Return what the hub's title says beside "AutoArr": where it runs.

    "AutoArr (nas)" gives "nas"; a title the user gave is returned whole.
    (Texts that say "AutoArr ({entry_title})" then read "AutoArr (nas)".)
    """
    if title.startswith(f"{HUB_TITLE} (") and title.endswith(")"):
        return title[len(HUB_TITLE) + 2 : -1]
    return title


def unreachable_issue_id(subentry_id: str) -> str:
    """Return the id of the unreachable issue of a service subentry."""
    return f"{UNREACHABLE_PREFIX}{subentry_id}"


def health_issue_id(subentry_id: str) -> str:
    """Return the id of the health errors issue of a service subentry."""
    return f"{HEALTH_PREFIX}{subentry_id}"


@callback
def async_update_unreachable_issue(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    subentry_id: str,
    name: str,
    *,
    since: datetime,
    now: datetime,
    error: str,
) -> None:
    """Raise the unreachable issue once an outage has lasted long enough."""
    if now - since < UNREACHABLE_ISSUE_AFTER:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        unreachable_issue_id(subentry_id),
        is_fixable=True,
        data={"entry_id": entry.entry_id, "subentry_id": subentry_id},
        # Outages are re-detected after a restart; no need to persist them.
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="service_unreachable",
        translation_placeholders={
            "name": name,
            "entry_title": hub_place(entry.title),
            "minutes": str(int((now - since).total_seconds() // 60)),
            "error": error,
        },
    )


@callback
def async_delete_unreachable_issue(hass: HomeAssistant, subentry_id: str) -> None:
    """Remove the unreachable issue of a service subentry, if there is one."""
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(subentry_id))


@callback
def async_update_health_issue(
    hass: HomeAssistant,
    entry_id: str,
    subentry_id: str,
    name: str,
    health: Iterable[HealthCheck],
) -> None:
    """Raise, update or remove the health errors issue of an arr instance.

    Its fix flow reads the health again (`repair_checks.py`), for when the
    user has fixed the problem and wants the repair gone before the next
    poll.
    """
    errors = health_errors(health)
    issue_id = health_issue_id(subentry_id)
    if not errors:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    listed = listed_problems(errors)
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=True,
        is_persistent=False,
        data={"entry_id": entry_id, "subentry_id": subentry_id},
        # Errors: the service itself says something is broken.
        severity=ir.IssueSeverity.ERROR,
        learn_more_url=next(
            (check.wiki_url for check in errors if check.wiki_url), None
        ),
        translation_key="health_error" if len(errors) == 1 else "health_errors",
        translation_placeholders={
            "name": name,
            "problem": errors[0].message.rstrip("."),
            "count": str(len(errors)),
            "problems": listed,
        },
    )


def listed_problems(errors: list[HealthCheck]) -> str:
    """Return the first health errors as a list, one line each."""
    listed = "\n".join(f"- {check.message}" for check in errors[:MAX_LISTED_PROBLEMS])
    if len(errors) > MAX_LISTED_PROBLEMS:
        listed += f"\n- (+{len(errors) - MAX_LISTED_PROBLEMS})"
    return listed


def health_errors(health: Iterable[HealthCheck]) -> list[HealthCheck]:
    """Return the health checks of type error."""
    return [check for check in health if check.type.lower() == "error"]


def covered_by_health(finding: Finding, health: Iterable[HealthCheck]) -> bool:
    """Return whether a health error of the finding's service reports it.

    The audit's root folder, indexer and download client rules read what the
    health checks also say ("Missing root folder: /mnt/tv/"): the health
    issue then is the one repair of the problem.
    """
    for check in health_errors(health):
        if finding.subject and finding.subject in check.message:
            return True
        if str(finding.current) == check.message:
            return True
    return False


# The problem each high-severity audit rule finds, for the repair's title.
_AUDIT_PROBLEMS: Final[dict[str, str]] = {
    "sabnzbd.separate_folders": "incomplete and complete downloads share a folder",
    "sabnzbd.categories_match": "a category Sonarr or Radarr sends to is missing",
    "sabnzbd.https": "reachable from outside over plain HTTP",
    "arr.completed_download_handling": "completed download handling is off",
    "arr.root_folders": "a root folder is missing, unreachable or full",
    "arr.indexer_healthy": "an indexer is failing",
    "arr.download_client_healthy": "a download client is failing",
}


def audit_problem(finding: Finding) -> str:
    """Return what an audit finding says is wrong, to title its repair."""
    problem = _AUDIT_PROBLEMS.get(finding.rule_id)
    if problem is None:
        problem = f"not as recommended: {finding.title}"
    if finding.subject and finding.rule_id == "arr.root_folders":
        problem = f"root folder {finding.subject} is {finding.current}"
    return problem[0].upper() + problem[1:]


@callback
def async_delete_service_issues(hass: HomeAssistant, subentry_id: str) -> None:
    """Remove every issue of a service subentry (unloaded or removed)."""
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(subentry_id))
    ir.async_delete_issue(hass, DOMAIN, health_issue_id(subentry_id))
    ir.async_delete_issue(hass, DOMAIN, indexers_issue_id(subentry_id))
