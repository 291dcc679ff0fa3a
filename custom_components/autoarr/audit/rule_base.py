"""What the audit's rules are made of: issues, rules and shared helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import ipaddress
import posixpath
import re
from typing import Any

from yarl import URL

from .models import FixTarget, Severity
from .snapshot import ArrSnapshot, ProwlarrSnapshot, SabnzbdSnapshot, StackSnapshot

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
type ProwlarrCheck = Callable[[ProwlarrSnapshot, StackSnapshot], list[Issue]]


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
    prowlarr_check: ProwlarrCheck | None = None

    @property
    def service(self) -> str:
        """Return "sabnzbd", "arr" or "prowlarr": which services it applies to."""
        if self.sab_check is not None:
            return "sabnzbd"
        return "prowlarr" if self.prowlarr_check is not None else "arr"


def sab_rule(
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


def arr_rule(
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


def prowlarr_rule(
    rule_id: str,
    severity: Severity,
    title: str,
    why: str,
    link: str,
    check: ProwlarrCheck,
) -> Rule:
    return Rule(rule_id, severity, title, why, link, prowlarr_check=check)


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


def norm_path(path: Any) -> str:
    if not str(path or "").strip():
        return ""
    return posixpath.normpath(str(path or "").replace("\\", "/")).rstrip("/").lower()


def inside(child: str, parent: str) -> bool:
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
