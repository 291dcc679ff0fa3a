"""The audit's checks of a SABnzbd instance."""

from __future__ import annotations

from yarl import URL

from .models import Severity
from .rule_base import (
    ARTICLE_CACHE_MIN,
    ARTICLE_CACHE_RECOMMENDED,
    DOWNLOAD_FREE_MIN,
    DOWNLOAD_FREE_RECOMMENDED,
    Issue,
    flag,
    host_is_public,
    inside,
    norm_path,
    parse_size,
)
from .snapshot import SabnzbdSnapshot, StackSnapshot

# --- SABnzbd rules ----------------------------------------------------------


def separate_folders(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    incomplete = norm_path(sab.misc.get("download_dir"))
    complete = norm_path(sab.misc.get("complete_dir"))
    if (
        incomplete
        and complete
        and not inside(incomplete, complete)
        and not inside(complete, incomplete)
    ):
        return []
    return [
        Issue(
            current={
                "download_dir": sab.misc.get("download_dir"),
                "complete_dir": sab.misc.get("complete_dir"),
            },
            recommended="separate folders, neither inside the other",
        )
    ]


def article_cache(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    value = sab.misc.get("cache_limit")
    if parse_size(value) >= ARTICLE_CACHE_MIN:
        return []
    return [
        Issue(
            current=value or "0",
            recommended=ARTICLE_CACHE_RECOMMENDED,
            fix=("misc", "cache_limit", ARTICLE_CACHE_RECOMMENDED),
        )
    ]


def direct_unpack(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("direct_unpack")):
        return []
    return [Issue(current=False, recommended=True, fix=("misc", "direct_unpack", 1))]


def pause_on_low_disk(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    value = sab.misc.get("download_free")
    if parse_size(value) >= DOWNLOAD_FREE_MIN:
        return []
    return [
        Issue(
            current=value or "0",
            recommended=DOWNLOAD_FREE_RECOMMENDED,
            fix=("misc", "download_free", DOWNLOAD_FREE_RECOMMENDED),
        )
    ]


def categories_match(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    names = sab.category_names
    issues: list[Issue] = []
    seen: set[str] = set()
    for arr in stack.arrs:
        for client_name, category in arr.sabnzbd_categories():
            key = category.lower()
            if key in names or key in seen:
                continue
            seen.add(key)
            issues.append(
                Issue(
                    current=sorted(names - {"*"}),
                    recommended=category,
                    subject=key,
                    fix=("categories", key, ""),
                    detail=f"{arr.name} ({client_name}) sends downloads to category {category!r}",
                )
            )
    return issues


def par2_download_all(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if not flag(sab.misc.get("enable_all_par")):
        return []
    return [Issue(current=True, recommended=False, fix=("misc", "enable_all_par", 0))]


def fail_hopeless(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("fail_hopeless_jobs", True)):
        return []
    return [
        Issue(current=False, recommended=True, fix=("misc", "fail_hopeless_jobs", 1))
    ]


def safe_postproc(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("safe_postproc", True)):
        return []
    return [Issue(current=False, recommended=True, fix=("misc", "safe_postproc", 1))]


def https_when_exposed(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("enable_https")) or URL(sab.url).scheme == "https":
        return []
    exposure = int(sab.misc.get("inet_exposure") or 0)
    if host_is_public(sab.url):
        return [
            Issue(
                current="http",
                recommended="https",
                subject="url",
                severity=Severity.HIGH,
            )
        ]
    if exposure > 0:
        return [
            Issue(
                current="http",
                recommended="https",
                subject="inet_exposure",
                severity=Severity.MEDIUM,
                detail="external internet access is allowed in SABnzbd",
            )
        ]
    return []
