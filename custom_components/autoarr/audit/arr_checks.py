"""The audit's checks of a library manager (Sonarr, Radarr)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from custom_components.autoarr.arr.kinds import spec_of

from .models import Severity
from .rule_base import (
    MIN_FREE_WHEN_IMPORTING_MB,
    ROOT_FOLDER_FREE_MIN,
    SERVARR_WIKI,
    Issue,
    flag,
)
from .snapshot import ArrSnapshot, StackSnapshot

# --- Sonarr / Radarr rules --------------------------------------------------


def completed_download_handling(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(arr.download_client_config.get("enableCompletedDownloadHandling", True)):
        return []
    return [
        Issue(
            current=False,
            recommended=True,
            fix=("downloadclient", "enableCompletedDownloadHandling", True),
        )
    ]


def redownload_failed(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(arr.download_client_config.get("autoRedownloadFailed", True)):
        return []
    return [
        Issue(
            current=False,
            recommended=True,
            fix=("downloadclient", "autoRedownloadFailed", True),
        )
    ]


def renaming(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    key = spec_of(arr.kind).rename_field
    if key is None:
        return []
    if flag(arr.naming.get(key, False)):
        return []
    return [Issue(current=False, recommended=True, fix=("naming", key, True))]


def root_folders(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if not arr.root_folders:
        return [Issue(current="none", recommended="at least one root folder")]
    issues: list[Issue] = []
    for folder in arr.root_folders:
        if not folder.accessible:
            issues.append(
                Issue(
                    current="inaccessible",
                    recommended="accessible",
                    subject=folder.path,
                )
            )
        elif folder.free_space is not None and folder.free_space < ROOT_FOLDER_FREE_MIN:
            issues.append(
                Issue(
                    current=folder.free_space,
                    recommended=f">= {ROOT_FOLDER_FREE_MIN} bytes free",
                    subject=folder.path,
                    severity=Severity.MEDIUM,
                )
            )
    return issues


def _health_problems(arr: ArrSnapshot, prefix: str) -> list[Issue]:
    issues: list[Issue] = []
    for check in arr.health:
        if not check.source.startswith(prefix) or check.type not in (
            "error",
            "warning",
        ):
            continue
        issues.append(
            Issue(
                current=check.message,
                recommended="no health problem",
                subject=check.source,
                severity=Severity.HIGH if check.type == "error" else Severity.MEDIUM,
            )
        )
    return issues


def indexer_healthy(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    enabled = [
        i for i in arr.indexers if i.get("enableRss") or i.get("enableAutomaticSearch")
    ]
    issues = _health_problems(arr, "Indexer")
    if not enabled:
        issues.insert(
            0,
            Issue(
                current=0, recommended="at least one enabled indexer", subject="enabled"
            ),
        )
    return issues


def download_client_healthy(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    enabled = [c for c in arr.download_clients if c.get("enable")]
    issues = _health_problems(arr, "DownloadClient")
    if not enabled:
        issues.insert(
            0,
            Issue(
                current=0,
                recommended="at least one enabled download client",
                subject="enabled",
            ),
        )
    return issues


def _allowed_ids(items: Sequence[Mapping[str, Any]]) -> set[int]:
    allowed: set[int] = set()
    for item in items:
        if not item.get("allowed"):
            continue
        quality = item.get("quality")
        if isinstance(quality, Mapping) and "id" in quality:
            allowed.add(int(quality["id"]))
        if "id" in item:  # a group of qualities
            allowed.add(int(item["id"]))
    return allowed


def quality_cutoff(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    issues: list[Issue] = []
    for profile in arr.quality_profiles:
        if not profile.get("upgradeAllowed"):
            continue
        allowed = _allowed_ids(profile.get("items") or ())
        cutoff = profile.get("cutoff")
        if isinstance(cutoff, int) and cutoff in allowed:
            continue
        issues.append(
            Issue(
                current=cutoff,
                recommended="an allowed quality",
                subject=str(profile.get("name", profile.get("id"))),
            )
        )
    return issues


def recycle_bin(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if str(arr.media_management.get("recycleBin") or "").strip():
        return []
    return [Issue(current="", recommended="a recycle bin folder")]


def minimum_free_space(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    issues: list[Issue] = []
    if flag(arr.media_management.get("skipFreeSpaceCheckWhenImporting", False)):
        issues.append(
            Issue(
                current=True,
                recommended=False,
                subject="skipFreeSpaceCheckWhenImporting",
                fix=("mediamanagement", "skipFreeSpaceCheckWhenImporting", False),
            )
        )
    minimum = int(arr.media_management.get("minimumFreeSpaceWhenImporting") or 0)
    if minimum < MIN_FREE_WHEN_IMPORTING_MB:
        issues.append(
            Issue(
                current=minimum,
                recommended=MIN_FREE_WHEN_IMPORTING_MB,
                subject="minimumFreeSpaceWhenImporting",
                fix=(
                    "mediamanagement",
                    "minimumFreeSpaceWhenImporting",
                    MIN_FREE_WHEN_IMPORTING_MB,
                ),
            )
        )
    return issues


def arr_link(page: str) -> str:
    # The same anchors exist on the Sonarr and Radarr pages; the finding's
    # service decides which application's page is linked (see run_rules).
    return f"{SERVARR_WIKI}/{{app}}/settings#{page}"
