"""The best-practice rules for SABnzbd, Sonarr and Radarr.

Each rule looks at one service's snapshot (and, where the rule spans
services, the whole stack) and returns its issues; an empty list means the
rule passed. `RULES` lists them all; `run_rules` turns issues into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
import ipaddress
import posixpath
import re
from typing import Any

from yarl import URL

from custom_components.autoarr.arr.kinds import spec_of

from .models import Finding, Fix, FixTarget, Severity
from .snapshot import ArrSnapshot, SabnzbdSnapshot, StackSnapshot

SAB_WIKI = "https://sabnzbd.org/wiki/configuration/4.5"
SERVARR_WIKI = "https://wiki.servarr.com"

# Recommended values.
ARTICLE_CACHE_MIN = 500 * 1024**2  # SABnzbd's own default
ARTICLE_CACHE_RECOMMENDED = "500M"
DOWNLOAD_FREE_MIN = 1024**3
DOWNLOAD_FREE_RECOMMENDED = "2G"
ROOT_FOLDER_FREE_MIN = 10 * 1024**3
MIN_FREE_WHEN_IMPORTING_MB = 1024


@dataclass(frozen=True, slots=True)
class Issue:
    """What a rule found wrong, before it becomes a Finding."""

    current: Any
    recommended: Any
    subject: str | None = None
    # (section, key, value) of a safe fix, when there is one.
    fix: tuple[str, str, Any] | None = None
    severity: Severity | None = None
    detail: str | None = None


type SabCheck = Callable[[SabnzbdSnapshot, StackSnapshot], list[Issue]]
type ArrCheck = Callable[[ArrSnapshot, StackSnapshot], list[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One best-practice rule, for SABnzbd or for Sonarr/Radarr."""

    id: str
    severity: Severity
    title: str
    why: str
    link: str
    sab_check: SabCheck | None = None
    arr_check: ArrCheck | None = None
    fix_target: FixTarget | None = None

    @property
    def service(self) -> str:
        """Return "sabnzbd" or "arr": which services the rule applies to."""
        return "sabnzbd" if self.sab_check is not None else "arr"


def _sab_rule(
    rule_id: str,
    severity: Severity,
    title: str,
    why: str,
    link: str,
    check: SabCheck,
    fix_target: FixTarget | None = None,
) -> Rule:
    return Rule(
        rule_id, severity, title, why, link, sab_check=check, fix_target=fix_target
    )


def _arr_rule(
    rule_id: str,
    severity: Severity,
    title: str,
    why: str,
    link: str,
    check: ArrCheck,
    fix_target: FixTarget | None = None,
) -> Rule:
    return Rule(
        rule_id, severity, title, why, link, arr_check=check, fix_target=fix_target
    )


# --- Helpers ----------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}


def parse_size(value: Any) -> int:
    """Return the bytes in a SABnzbd size ("500M", "1G", "0", ""); 0 if unset."""
    match = _SIZE.match(str(value or ""))
    if not match:
        return 0
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def flag(value: Any) -> bool:
    """Return a SABnzbd or arr boolean setting (1/0, "1"/"0", true/false)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _norm(path: Any) -> str:
    if not str(path or "").strip():
        return ""
    return posixpath.normpath(str(path or "").replace("\\", "/")).rstrip("/").lower()


def _inside(child: str, parent: str) -> bool:
    return child == parent or child.startswith(parent + "/")


_PRIVATE_SUFFIXES = (
    ".local",
    ".lan",
    ".home",
    ".internal",
    ".home.arpa",
    ".localdomain",
)


def host_is_public(url: str) -> bool:
    """Return whether a URL's host looks reachable from the internet.

    Private, loopback and link-local addresses, single-label names and the
    usual home-network suffixes are not.
    """
    host = (URL(url).host or "").strip("[]").lower()
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return (
            "." in host and not host.endswith(_PRIVATE_SUFFIXES) and host != "localhost"
        )
    return address.is_global


# --- SABnzbd rules ----------------------------------------------------------


def _separate_folders(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    incomplete = _norm(sab.misc.get("download_dir"))
    complete = _norm(sab.misc.get("complete_dir"))
    if (
        incomplete
        and complete
        and not _inside(incomplete, complete)
        and not _inside(complete, incomplete)
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


def _article_cache(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _direct_unpack(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("direct_unpack")):
        return []
    return [Issue(current=False, recommended=True, fix=("misc", "direct_unpack", 1))]


def _pause_on_low_disk(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _categories_match(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _par2_download_all(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if not flag(sab.misc.get("enable_all_par")):
        return []
    return [Issue(current=True, recommended=False, fix=("misc", "enable_all_par", 0))]


def _fail_hopeless(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("fail_hopeless_jobs", True)):
        return []
    return [
        Issue(current=False, recommended=True, fix=("misc", "fail_hopeless_jobs", 1))
    ]


def _safe_postproc(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(sab.misc.get("safe_postproc", True)):
        return []
    return [Issue(current=False, recommended=True, fix=("misc", "safe_postproc", 1))]


def _https_when_exposed(sab: SabnzbdSnapshot, stack: StackSnapshot) -> list[Issue]:
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


# --- Sonarr / Radarr rules --------------------------------------------------


def _completed_download_handling(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(arr.download_client_config.get("enableCompletedDownloadHandling", True)):
        return []
    return [
        Issue(
            current=False,
            recommended=True,
            fix=("downloadclient", "enableCompletedDownloadHandling", True),
        )
    ]


def _redownload_failed(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if flag(arr.download_client_config.get("autoRedownloadFailed", True)):
        return []
    return [
        Issue(
            current=False,
            recommended=True,
            fix=("downloadclient", "autoRedownloadFailed", True),
        )
    ]


def _renaming(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    key = spec_of(arr.kind).rename_field
    if key is None:
        return []
    if flag(arr.naming.get(key, False)):
        return []
    return [Issue(current=False, recommended=True, fix=("naming", key, True))]


def _root_folders(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _indexer_healthy(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _download_client_healthy(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _quality_cutoff(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _recycle_bin(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    if str(arr.media_management.get("recycleBin") or "").strip():
        return []
    return [Issue(current="", recommended="a recycle bin folder")]


def _minimum_free_space(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
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


def _arr_link(page: str) -> str:
    # The same anchors exist on the Sonarr and Radarr pages; the finding's
    # service decides which application's page is linked (see run_rules).
    return f"{SERVARR_WIKI}/{{app}}/settings#{page}"


RULES: tuple[Rule, ...] = (
    _sab_rule(
        "sabnzbd.separate_folders",
        Severity.HIGH,
        "Separate incomplete and complete download folders",
        "With one folder (or one inside the other) Sonarr and Radarr see half-finished downloads and try to import them.",
        f"{SAB_WIKI}/folders",
        _separate_folders,
    ),
    _sab_rule(
        "sabnzbd.article_cache",
        Severity.MEDIUM,
        "Article cache",
        "Without a cache every article is written to disk as it arrives, which slows downloads and wears the disk.",
        f"{SAB_WIKI}/general",
        _article_cache,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.direct_unpack",
        Severity.LOW,
        "Direct unpack",
        "Unpacking while downloading makes finished downloads available sooner.",
        f"{SAB_WIKI}/switches",
        _direct_unpack,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.pause_on_low_disk",
        Severity.MEDIUM,
        "Pause downloading when the disk is low",
        "Without a minimum, SABnzbd fills the disk and every job then fails in unpacking.",
        f"{SAB_WIKI}/folders",
        _pause_on_low_disk,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.categories_match",
        Severity.HIGH,
        "Categories for Sonarr and Radarr",
        "A download sent to a category SABnzbd does not have lands in the default category, where the arr may never find it to import.",
        f"{SAB_WIKI}/categories",
        _categories_match,
        FixTarget.SAB_CATEGORY,
    ),
    _sab_rule(
        "sabnzbd.par2_download_all",
        Severity.LOW,
        "Download only the par2 files a repair needs",
        "Downloading every par2 file wastes bandwidth; SABnzbd fetches more when a repair needs them.",
        f"{SAB_WIKI}/switches",
        _par2_download_all,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.fail_hopeless",
        Severity.MEDIUM,
        "Abort jobs that cannot be completed",
        "A job missing too many articles cannot be repaired; failing it at once lets Sonarr or Radarr grab another release sooner.",
        f"{SAB_WIKI}/switches",
        _fail_hopeless,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.safe_postproc",
        Severity.MEDIUM,
        "Post-process only verified jobs",
        "Unpacking a job whose repair failed hands broken files to Sonarr and Radarr.",
        f"{SAB_WIKI}/switches",
        _safe_postproc,
        FixTarget.SAB_CONFIG,
    ),
    _sab_rule(
        "sabnzbd.https",
        Severity.HIGH,
        "HTTPS when reachable from outside",
        "Over plain HTTP the API key and web login cross the internet readable by anyone on the way.",
        f"{SAB_WIKI}/general",
        _https_when_exposed,
    ),
    _arr_rule(
        "arr.completed_download_handling",
        Severity.HIGH,
        "Completed download handling",
        "Without it finished downloads are never imported automatically.",
        _arr_link("completed-download-handling"),
        _completed_download_handling,
        FixTarget.ARR_CONFIG,
    ),
    _arr_rule(
        "arr.redownload_failed",
        Severity.MEDIUM,
        "Search again when a download fails",
        "Without it a failed download leaves the episode or movie missing until someone searches by hand.",
        _arr_link("failed-download-handling"),
        _redownload_failed,
        FixTarget.ARR_CONFIG,
    ),
    _arr_rule(
        "arr.renaming",
        Severity.LOW,
        "Rename imported files",
        "Release names are inconsistent; renaming keeps the library readable for media servers and people.",
        _arr_link("{media}-naming"),
        _renaming,
        FixTarget.ARR_CONFIG,
    ),
    _arr_rule(
        "arr.root_folders",
        Severity.HIGH,
        "Root folders present, reachable and with free space",
        "Imports fail when the root folder is missing, unreachable or full.",
        _arr_link("root-folders"),
        _root_folders,
    ),
    _arr_rule(
        "arr.indexer_healthy",
        Severity.HIGH,
        "At least one healthy indexer",
        "Without a working indexer nothing new is found.",
        _arr_link("indexers"),
        _indexer_healthy,
    ),
    _arr_rule(
        "arr.download_client_healthy",
        Severity.HIGH,
        "At least one healthy download client",
        "Without a working download client nothing found is downloaded.",
        _arr_link("download-clients"),
        _download_client_healthy,
    ),
    _arr_rule(
        "arr.quality_cutoff",
        Severity.MEDIUM,
        "Quality cutoffs on allowed qualities",
        "A cutoff that is not an allowed quality is never reached, so upgrades never stop.",
        _arr_link("quality-profiles"),
        _quality_cutoff,
    ),
    _arr_rule(
        "arr.recycle_bin",
        Severity.LOW,
        "Recycle bin",
        "Without a recycle bin an upgrade or a deletion removes the old file for good.",
        _arr_link("file-management"),
        _recycle_bin,
    ),
    _arr_rule(
        "arr.minimum_free_space",
        Severity.MEDIUM,
        "Minimum free space when importing",
        "Importing into an almost full disk fails half-way and can corrupt the library.",
        _arr_link("file-management"),
        _minimum_free_space,
        FixTarget.ARR_CONFIG,
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
                    "{media}", "movie" if app == "radarr" else "episode"
                ),
                subject=issue.subject,
                fix=fix,
            )
        )
    return findings


def run_rule(
    rule: Rule, service: SabnzbdSnapshot | ArrSnapshot, stack: StackSnapshot
) -> list[Finding]:
    """Run one rule on one service; return its findings (none: passed)."""
    if isinstance(service, SabnzbdSnapshot):
        if rule.sab_check is None:
            return []
        issues = rule.sab_check(service, stack)
        return _findings(rule, service.service_id, service.name, "sabnzbd", issues)
    if rule.arr_check is None:
        return []
    issues = rule.arr_check(service, stack)
    return _findings(rule, service.service_id, service.name, service.kind, issues)
