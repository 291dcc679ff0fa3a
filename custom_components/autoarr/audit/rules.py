"""The best-practice rules for SABnzbd, Sonarr and Radarr.

Each rule looks at one service's snapshot (and, where the rule spans
services, the whole stack) and returns its issues; an empty list means the
rule passed. `RULES` lists them all; `run_rules` turns issues into findings. The checks
are in `sab_checks.py` and `arr_checks.py`, what they are made of in
`rule_base.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from custom_components.autoarr.arr.kinds import SPECS

from .arr_checks import (
    arr_link,
    completed_download_handling,
    download_client_healthy,
    indexer_healthy,
    minimum_free_space,
    quality_cutoff,
    recycle_bin,
    redownload_failed,
    renaming,
    root_folders,
)
from .models import Finding, Fix, FixTarget, Severity
from .prowlarr_checks import indexers_failing_for_days, synced_from_prowlarr
from .rule_base import SAB_WIKI, Issue, Rule, arr_rule, prowlarr_rule, sab_rule
from .sab_checks import (
    article_cache,
    categories_match,
    direct_unpack,
    fail_hopeless,
    https_when_exposed,
    par2_download_all,
    pause_on_low_disk,
    safe_postproc,
    separate_folders,
)
from .snapshot import ArrSnapshot, ProwlarrSnapshot, SabnzbdSnapshot, StackSnapshot

RULES: tuple[Rule, ...] = (
    sab_rule(
        "sabnzbd.separate_folders",
        Severity.HIGH,
        "Separate incomplete and complete download folders",
        "With one folder (or one inside the other) Sonarr and Radarr see half-finished downloads and try to import them.",
        f"{SAB_WIKI}/folders",
        separate_folders,
    ),
    sab_rule(
        "sabnzbd.article_cache",
        Severity.MEDIUM,
        "Article cache",
        "Without a cache every article is written to disk as it arrives, which slows downloads and wears the disk.",
        f"{SAB_WIKI}/general",
        article_cache,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.direct_unpack",
        Severity.LOW,
        "Direct unpack",
        "Unpacking while downloading makes finished downloads available sooner.",
        f"{SAB_WIKI}/switches",
        direct_unpack,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.pause_on_low_disk",
        Severity.MEDIUM,
        "Pause downloading when the disk is low",
        "Without a minimum, SABnzbd fills the disk and every job then fails in unpacking.",
        f"{SAB_WIKI}/folders",
        pause_on_low_disk,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.categories_match",
        Severity.HIGH,
        "Categories for Sonarr and Radarr",
        "A download sent to a category SABnzbd does not have lands in the default category, where the arr may never find it to import.",
        f"{SAB_WIKI}/categories",
        categories_match,
        FixTarget.SAB_CATEGORY,
    ),
    sab_rule(
        "sabnzbd.par2_download_all",
        Severity.LOW,
        "Download only the par2 files a repair needs",
        "Downloading every par2 file wastes bandwidth; SABnzbd fetches more when a repair needs them.",
        f"{SAB_WIKI}/switches",
        par2_download_all,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.fail_hopeless",
        Severity.MEDIUM,
        "Abort jobs that cannot be completed",
        "A job missing too many articles cannot be repaired; failing it at once lets Sonarr or Radarr grab another release sooner.",
        f"{SAB_WIKI}/switches",
        fail_hopeless,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.safe_postproc",
        Severity.MEDIUM,
        "Post-process only verified jobs",
        "Unpacking a job whose repair failed hands broken files to Sonarr and Radarr.",
        f"{SAB_WIKI}/switches",
        safe_postproc,
        FixTarget.SAB_CONFIG,
    ),
    sab_rule(
        "sabnzbd.https",
        Severity.HIGH,
        "HTTPS when reachable from outside",
        "Over plain HTTP the API key and web login cross the internet readable by anyone on the way.",
        f"{SAB_WIKI}/general",
        https_when_exposed,
    ),
    arr_rule(
        "arr.completed_download_handling",
        Severity.HIGH,
        "Completed download handling",
        "Without it finished downloads are never imported automatically.",
        arr_link("completed-download-handling"),
        completed_download_handling,
        FixTarget.ARR_CONFIG,
    ),
    arr_rule(
        "arr.redownload_failed",
        Severity.MEDIUM,
        "Search again when a download fails",
        "Without it a failed download leaves the episode or movie missing until someone searches by hand.",
        arr_link("failed-download-handling"),
        redownload_failed,
        FixTarget.ARR_CONFIG,
    ),
    arr_rule(
        "arr.renaming",
        Severity.LOW,
        "Rename imported files",
        "Release names are inconsistent; renaming keeps the library readable for media servers and people.",
        arr_link("{media}-naming"),
        renaming,
        FixTarget.ARR_CONFIG,
    ),
    arr_rule(
        "arr.root_folders",
        Severity.HIGH,
        "Root folders present, reachable and with free space",
        "Imports fail when the root folder is missing, unreachable or full.",
        arr_link("root-folders"),
        root_folders,
    ),
    arr_rule(
        "arr.indexer_healthy",
        Severity.HIGH,
        "At least one healthy indexer",
        "Without a working indexer nothing new is found.",
        arr_link("indexers"),
        indexer_healthy,
    ),
    arr_rule(
        "arr.download_client_healthy",
        Severity.HIGH,
        "At least one healthy download client",
        "Without a working download client nothing found is downloaded.",
        arr_link("download-clients"),
        download_client_healthy,
    ),
    arr_rule(
        "arr.quality_cutoff",
        Severity.MEDIUM,
        "Quality cutoffs on allowed qualities",
        "A cutoff that is not an allowed quality is never reached, so upgrades never stop.",
        arr_link("quality-profiles"),
        quality_cutoff,
    ),
    arr_rule(
        "arr.recycle_bin",
        Severity.LOW,
        "Recycle bin",
        "Without a recycle bin an upgrade or a deletion removes the old file for good.",
        arr_link("file-management"),
        recycle_bin,
    ),
    arr_rule(
        "arr.minimum_free_space",
        Severity.MEDIUM,
        "Minimum free space when importing",
        "Importing into an almost full disk fails half-way and can corrupt the library.",
        arr_link("file-management"),
        minimum_free_space,
        FixTarget.ARR_CONFIG,
    ),
    arr_rule(
        "arr.prowlarr_sync",
        Severity.MEDIUM,
        "Indexers synced from Prowlarr",
        "Prowlarr keeps every arr's indexers in one place; an arr it does not sync misses new indexers and keeps dead ones.",
        "https://wiki.servarr.com/prowlarr/settings#applications",
        synced_from_prowlarr,
    ),
    prowlarr_rule(
        "prowlarr.indexer_failing",
        Severity.HIGH,
        "No indexer failing for days",
        "Prowlarr holds a failing indexer back, so every search runs without it and may find nothing.",
        "https://wiki.servarr.com/prowlarr/system#indexers-are-unavailable-due-to-failures",
        indexers_failing_for_days,
    ),
)

RULES_BY_ID: Mapping[str, Rule] = {rule.id: rule for rule in RULES}


def _findings(
    rule: Rule, service_id: str, service_name: str, app: str, issues: list[Issue]
) -> list[Finding]:
    findings: list[Finding] = []
    for issue in issues:
        fix = None
        if issue.fix is not None and rule.fix_target is not None:
            section, key, value = issue.fix
            fix = Fix(rule.fix_target, service_id, section, key, value)
        why = rule.why if issue.detail is None else f"{rule.why} ({issue.detail})"
        findings.append(
            Finding(
                rule_id=rule.id,
                service_id=service_id,
                service_name=service_name,
                severity=issue.severity or rule.severity,
                title=rule.title,
                current=issue.current,
                recommended=issue.recommended,
                why=why,
                link=rule.link.replace("{app}", app).replace(
                    "{media}", _item_noun(app)
                ),
                subject=issue.subject,
                fix=fix,
            )
        )
    return findings


def _item_noun(kind: str) -> str:
    """Return what one library item of a kind is called (its wiki's word)."""
    spec = SPECS.get(kind)
    return (spec.item_noun if spec else None) or "item"


def run_rule(
    rule: Rule,
    service: SabnzbdSnapshot | ArrSnapshot | ProwlarrSnapshot,
    stack: StackSnapshot,
) -> list[Finding]:
    """Run one rule on one service; return its findings (none: passed)."""
    if isinstance(service, ProwlarrSnapshot):
        if rule.prowlarr_check is None:
            return []
        issues = rule.prowlarr_check(service, stack)
        return _findings(rule, service.service_id, service.name, "prowlarr", issues)
    if isinstance(service, SabnzbdSnapshot):
        if rule.sab_check is None:
            return []
        issues = rule.sab_check(service, stack)
        return _findings(rule, service.service_id, service.name, "sabnzbd", issues)
    if rule.arr_check is None:
        return []
    issues = rule.arr_check(service, stack)
    return _findings(rule, service.service_id, service.name, service.kind, issues)
