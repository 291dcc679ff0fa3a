"""Read each service's configuration, run the rules, apply safe fixes.

The clients are reached through the small protocols below (answering with
the arr library's own models), which the SABnzbd, Sonarr and Radarr clients
satisfy and the tests' stand-ins imitate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from custom_components.autoarr.arr.errors import ArrError
from custom_components.autoarr.arr.indexer_models import (
    Application,
    Indexer,
    IndexerStatus,
)
from custom_components.autoarr.arr.models import HealthCheck, RootFolder

from .models import AuditReport, Finding, FixTarget
from .rules import RULES, RULES_BY_ID, run_rule
from .snapshot import (
    ArrKind,
    ArrSnapshot,
    HealthEntry,
    ProwlarrSnapshot,
    RootFolderEntry,
    SabnzbdSnapshot,
    StackSnapshot,
)


class SabConfigClient(Protocol):
    """The part of the SABnzbd client the audit uses."""

    async def get_config(self, section: str | None = None, /) -> Mapping[str, Any]:
        """Return SABnzbd's configuration (one section, or all)."""

    async def set_config(self, section: str, keyword: str, value: str, /) -> object:
        """Change one setting (for categories: create or update one)."""


class ArrConfigClient(Protocol):
    """The part of the Sonarr/Radarr clients the audit uses."""

    async def health(self) -> Sequence[HealthCheck]:
        """Return the health checks."""

    async def root_folders(self) -> Sequence[RootFolder]:
        """Return the root folders."""

    async def config(self, section: str) -> dict[str, Any]:
        """Return one /config resource."""

    async def update_config(
        self, section: str, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change fields of one /config resource."""

    async def download_clients(self) -> list[dict[str, Any]]:
        """Return the download clients."""

    async def indexers(self) -> list[dict[str, Any]]:
        """Return the indexers."""

    async def quality_profile_resources(self) -> list[dict[str, Any]]:
        """Return the quality profiles as sent."""


@dataclass(frozen=True, slots=True)
class SabTarget:
    """A SABnzbd to audit."""

    service_id: str
    name: str
    url: str
    client: SabConfigClient


@dataclass(frozen=True, slots=True)
class ArrTarget:
    """A Sonarr or Radarr to audit."""

    service_id: str
    name: str
    kind: ArrKind
    url: str
    client: ArrConfigClient


class ProwlarrAuditClient(Protocol):
    """The part of the Prowlarr client the audit uses."""

    async def indexers(self) -> Sequence[Indexer]:
        """Return the indexers."""

    async def indexer_status(self) -> Sequence[IndexerStatus]:
        """Return the indexers' failures."""

    async def applications(self) -> Sequence[Application]:
        """Return the applications Prowlarr syncs to."""


@dataclass(frozen=True, slots=True)
class ProwlarrTarget:
    """A Prowlarr to audit."""

    service_id: str
    name: str
    url: str
    client: ProwlarrAuditClient


@dataclass(frozen=True, slots=True)
class FixResult:
    """What applying (or planning) a recommendation did."""

    finding: Finding
    dry_run: bool
    applied: bool
    before: Any
    after: Any
    resolved: bool
    # The audit re-run after the change (None for a dry run).
    report: AuditReport | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (the action's response)."""
        assert self.finding.fix is not None
        return {
            "finding": self.finding.as_dict(),
            "change": self.finding.fix.as_dict(),
            "dry_run": self.dry_run,
            "applied": self.applied,
            "before": self.before,
            "after": self.after,
            "resolved": self.resolved,
        }


class NotFixableError(Exception):
    """The finding has no safe automatic fix, or is unknown."""


def _unwrap(data: Mapping[str, Any], section: str | None = None) -> Mapping[str, Any]:
    """Return SABnzbd's config (or one section of it) with or without wrapper."""
    inner = data.get("config", data)
    if not isinstance(inner, Mapping):
        return {}
    if section is not None and isinstance(part := inner.get(section), Mapping):
        return part
    return inner


async def sab_snapshot(target: SabTarget) -> SabnzbdSnapshot:
    """Read a SABnzbd's configuration."""
    config = _unwrap(await target.client.get_config())
    misc = config.get("misc")
    categories = config.get("categories")
    return SabnzbdSnapshot(
        service_id=target.service_id,
        name=target.name,
        url=target.url,
        misc=misc if isinstance(misc, Mapping) else {},
        categories=[c for c in categories or () if isinstance(c, Mapping)],
    )


async def prowlarr_snapshot(target: ProwlarrTarget) -> ProwlarrSnapshot:
    """Read a Prowlarr's indexers, their status and its applications."""
    client = target.client
    return ProwlarrSnapshot(
        service_id=target.service_id,
        name=target.name,
        url=target.url,
        indexers=await client.indexers(),
        statuses=await client.indexer_status(),
        applications=await client.applications(),
    )


async def arr_snapshot(target: ArrTarget) -> ArrSnapshot:
    """Read a Sonarr's or Radarr's configuration, health and folders."""
    client = target.client
    # One request after another: gather() of eight differently typed calls
    # loses their types, and the audit is not time-critical.
    media_management = await client.config("mediamanagement")
    naming = await client.config("naming")
    download_client_config = await client.config("downloadclient")
    download_clients = await client.download_clients()
    indexers = await client.indexers()
    health = await client.health()
    root_folders = await client.root_folders()
    profiles = await client.quality_profile_resources()
    return ArrSnapshot(
        service_id=target.service_id,
        name=target.name,
        kind=target.kind,
        url=target.url,
        media_management=media_management,
        naming=naming,
        download_client_config=download_client_config,
        download_clients=download_clients,
        indexers=indexers,
        health=[HealthEntry(h.source, str(h.type), h.message) for h in health],
        root_folders=[
            RootFolderEntry(f.path, f.accessible, f.free_space) for f in root_folders
        ],
        quality_profiles=profiles,
    )


def audit_snapshot(stack: StackSnapshot) -> AuditReport:
    """Run every rule on every service of a snapshot."""
    report = AuditReport()
    services: list[SabnzbdSnapshot | ArrSnapshot | ProwlarrSnapshot] = [
        *stack.sabnzbd,
        *stack.arrs,
        *stack.prowlarr,
    ]
    for service in services:
        kind = (
            "sabnzbd"
            if isinstance(service, SabnzbdSnapshot)
            else "prowlarr"
            if isinstance(service, ProwlarrSnapshot)
            else "arr"
        )
        for rule in RULES:
            if rule.service != kind:
                continue
            key = (rule.id, service.service_id)
            report.checked.append(key)
            report.weights[key] = rule.severity.weight
            report.findings.extend(run_rule(rule, service, stack))
    return report


class Auditor:
    """Audits a set of services and applies recommendations to them."""

    def __init__(
        self,
        sabnzbd: Sequence[SabTarget] = (),
        arrs: Sequence[ArrTarget] = (),
        prowlarr: Sequence[ProwlarrTarget] = (),
    ) -> None:
        """Bind the auditor to the services it audits."""
        self._sabs = {t.service_id: t for t in sabnzbd}
        self._arrs = {t.service_id: t for t in arrs}
        self._prowlarrs = {t.service_id: t for t in prowlarr}

    async def snapshot(self) -> tuple[StackSnapshot, dict[str, str]]:
        """Read every service; return the snapshot and per-service errors."""
        errors: dict[str, str] = {}
        sabs: list[SabnzbdSnapshot] = []
        arrs: list[ArrSnapshot] = []
        for sab_target in self._sabs.values():
            try:
                sabs.append(await sab_snapshot(sab_target))
            except ArrError as err:
                errors[sab_target.service_id] = str(err)
        for arr_target in self._arrs.values():
            try:
                arrs.append(await arr_snapshot(arr_target))
            except ArrError as err:
                errors[arr_target.service_id] = str(err)
        prowlarrs: list[ProwlarrSnapshot] = []
        for prowlarr_target in self._prowlarrs.values():
            try:
                prowlarrs.append(await prowlarr_snapshot(prowlarr_target))
            except ArrError as err:
                errors[prowlarr_target.service_id] = str(err)
        return StackSnapshot(sabnzbd=sabs, arrs=arrs, prowlarr=prowlarrs), errors

    async def audit(self) -> AuditReport:
        """Read every service and run every rule.

        A service that cannot be read is reported in `errors` and left out
        of the score rather than failing the whole audit.
        """
        stack, errors = await self.snapshot()
        report = audit_snapshot(stack)
        report.errors = errors
        return report

    async def apply(self, finding_id: str, *, dry_run: bool = False) -> FixResult:
        """Apply the safe fix of a finding, then read it back.

        Raises NotFixableError when no current finding has that id or it has
        no safe fix.
        """
        report = await self.audit()
        finding = report.finding(finding_id)
        if finding is None:
            raise NotFixableError(f"no current finding {finding_id!r}")
        fix = finding.fix
        if fix is None:
            raise NotFixableError(f"{finding_id!r} has no safe automatic fix")
        before = await self._read(finding)
        if dry_run:
            return FixResult(finding, True, False, before, fix.value, False)
        if fix.target is FixTarget.ARR_CONFIG:
            await self._arrs[fix.service_id].client.update_config(
                fix.section, {fix.key: fix.value}
            )
        else:
            value = (
                "" if fix.target is FixTarget.SAB_CATEGORY else _sab_value(fix.value)
            )
            await self._sabs[fix.service_id].client.set_config(
                fix.section, fix.key, value
            )
        after = await self._read(finding)
        # Re-run the rule on what the service reports now.
        recheck = await self.audit()
        resolved = recheck.finding(finding_id) is None
        return FixResult(finding, False, True, before, after, resolved, recheck)

    async def _read(self, finding: Finding) -> Any:
        fix = finding.fix
        assert fix is not None
        if fix.target is FixTarget.ARR_CONFIG:
            current = await self._arrs[fix.service_id].client.config(fix.section)
            return current.get(fix.key)
        sab = self._sabs[fix.service_id].client
        if fix.target is FixTarget.SAB_CATEGORY:
            config = _unwrap(await sab.get_config("categories"))
            categories = config.get("categories", config)
            return sorted(
                str(c.get("name"))
                for c in (categories if isinstance(categories, list) else [])
                if isinstance(c, Mapping)
            )
        return _unwrap(await sab.get_config(fix.section), fix.section).get(fix.key)


def _sab_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def explain_prompt(finding: Finding) -> str:
    """Return a prompt asking a language model to explain a finding plainly."""
    rule = RULES_BY_ID.get(finding.rule_id)
    title = rule.title if rule else finding.title
    return (
        "Explain to a home user, in two or three short sentences and without "
        f"jargon, this finding about their {finding.service_name} setup: "
        f"{title}. Current: {finding.current!r}. Recommended: "
        f"{finding.recommended!r}. Why it matters: {finding.why}"
    )
