"""Every audit rule: a snapshot that triggers it and one that passes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.autoarr.arr.indexer_models import Indexer, IndexerStatus
from custom_components.autoarr.arr.kinds import SPECS
from custom_components.autoarr.audit.models import FixTarget, Severity
from custom_components.autoarr.audit.rule_base import flag, host_is_public, parse_size
from custom_components.autoarr.audit.rules import RULES, RULES_BY_ID, run_rule
from custom_components.autoarr.audit.runner import audit_snapshot
from custom_components.autoarr.audit.snapshot import (
    ArrSnapshot,
    HealthEntry,
    ProwlarrSnapshot,
    RootFolderEntry,
    SabnzbdSnapshot,
    StackSnapshot,
)

from .conftest import GIB, good_arr, good_sab, sab_client

type Service = SabnzbdSnapshot | ArrSnapshot | ProwlarrSnapshot
type Case = Callable[[], tuple[Service, StackSnapshot]]
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _prowlarr(
    failing_for: timedelta | None, *, enable: bool = True
) -> ProwlarrSnapshot:
    statuses = ()
    if failing_for is not None:
        statuses = (
            IndexerStatus(
                1,
                disabled_till=T0 + failing_for + timedelta(hours=1),
                initial_failure=T0,
                most_recent_failure=T0 + failing_for,
            ),
        )
    return ProwlarrSnapshot(
        "prowlarr",
        "Prowlarr",
        "http://prowlarr:9696",
        indexers=(Indexer(1, "NZBplanet", enable, "usenet"),),
        statuses=statuses,
    )


def _prowlarr_case(failing_for: timedelta | None, *, enable: bool = True) -> Case:
    def build() -> tuple[Service, StackSnapshot]:
        prowlarr = _prowlarr(failing_for, enable=enable)
        return prowlarr, StackSnapshot(prowlarr=[prowlarr])

    return build


def _sync_case(indexer_name: str, *, with_prowlarr: bool = True) -> Case:
    def build() -> tuple[Service, StackSnapshot]:
        arr = good_arr(
            "sonarr",
            indexers=[{"id": 1, "name": indexer_name, "enableRss": True}],
        )
        prowlarrs = [_prowlarr(None)] if with_prowlarr else []
        return arr, StackSnapshot(arrs=[arr], prowlarr=prowlarrs)

    return build


def _sab_case(**misc: object) -> Case:
    def build() -> tuple[SabnzbdSnapshot | ArrSnapshot, StackSnapshot]:
        sab = good_sab(**misc)
        return sab, StackSnapshot(
            sabnzbd=[sab], arrs=[good_arr("sonarr"), good_arr("radarr")]
        )

    return build


def _arr_case(kind: str = "sonarr", **changes: object) -> Case:
    def build() -> tuple[SabnzbdSnapshot | ArrSnapshot, StackSnapshot]:
        arr = good_arr(kind, **changes)
        return arr, StackSnapshot(sabnzbd=[good_sab()], arrs=[arr])

    return build


def _categories_missing() -> tuple[SabnzbdSnapshot | ArrSnapshot, StackSnapshot]:
    sab = good_sab(categories=[{"name": "*"}, {"name": "movies"}])
    return sab, StackSnapshot(
        sabnzbd=[sab], arrs=[good_arr("sonarr"), good_arr("radarr")]
    )


def _categories_present_case_insensitive() -> tuple[
    SabnzbdSnapshot | ArrSnapshot, StackSnapshot
]:
    sab = good_sab(categories=[{"name": "TV"}, {"name": "Movies"}])
    arrs = [
        good_arr("sonarr"),
        good_arr("radarr"),
        # A disabled client's category does not count.
        good_arr(
            "sonarr",
            service_id="sonarr2",
            download_clients=[sab_client("tvCategory", "anime", enable=False)],
        ),
    ]
    return sab, StackSnapshot(sabnzbd=[sab], arrs=arrs)


# rule id -> (a case that triggers it, a case that passes it)
CASES: dict[str, tuple[list[Case], list[Case]]] = {
    "sabnzbd.separate_folders": (
        [
            _sab_case(complete_dir="Downloads/incomplete"),
            _sab_case(
                download_dir="/data/complete/incomplete", complete_dir="/data/complete/"
            ),
            _sab_case(complete_dir=""),
        ],
        [
            _sab_case(),
            _sab_case(download_dir="/data/inc", complete_dir="/data/incomplete-done"),
        ],
    ),
    "sabnzbd.article_cache": (
        [
            _sab_case(cache_limit=""),
            _sab_case(cache_limit="0"),
            _sab_case(cache_limit="128M"),
        ],
        [_sab_case(cache_limit="500M"), _sab_case(cache_limit="1 G")],
    ),
    "sabnzbd.direct_unpack": (
        [_sab_case(direct_unpack=0)],
        [_sab_case(direct_unpack="1")],
    ),
    "sabnzbd.pause_on_low_disk": (
        [_sab_case(download_free=""), _sab_case(download_free="500M")],
        [_sab_case(download_free="1G")],
    ),
    "sabnzbd.categories_match": (
        [_categories_missing],
        [_sab_case(), _categories_present_case_insensitive],
    ),
    "sabnzbd.par2_download_all": (
        [_sab_case(enable_all_par=1)],
        [_sab_case(enable_all_par=0)],
    ),
    "sabnzbd.fail_hopeless": (
        [_sab_case(fail_hopeless_jobs=0)],
        [_sab_case(fail_hopeless_jobs=1)],
    ),
    "sabnzbd.safe_postproc": (
        [_sab_case(safe_postproc="0")],
        [_sab_case(safe_postproc=1)],
    ),
    "sabnzbd.https": (
        [
            _sab_case(url="http://sab.example.com:8080"),
            _sab_case(url="http://93.184.216.34:8080"),
            _sab_case(inet_exposure=4),
        ],
        [
            _sab_case(),
            _sab_case(url="http://sab.local:8080", inet_exposure=0),
            _sab_case(url="http://sabnzbd:8080"),
            _sab_case(url="https://sab.example.com"),
            _sab_case(url="http://sab.example.com:8080", enable_https=1),
        ],
    ),
    "arr.completed_download_handling": (
        [
            _arr_case(
                download_client_config={
                    "id": 1,
                    "enableCompletedDownloadHandling": False,
                    "autoRedownloadFailed": True,
                }
            )
        ],
        [_arr_case(), _arr_case("radarr")],
    ),
    "arr.redownload_failed": (
        [
            _arr_case(
                "radarr",
                download_client_config={
                    "id": 1,
                    "enableCompletedDownloadHandling": True,
                    "autoRedownloadFailed": False,
                },
            )
        ],
        [_arr_case("radarr")],
    ),
    "arr.renaming": (
        [
            _arr_case(naming={"id": 1, "renameEpisodes": False}),
            _arr_case("radarr", naming={"id": 1, "renameMovies": False}),
        ],
        [_arr_case(), _arr_case("radarr")],
    ),
    "arr.root_folders": (
        [
            _arr_case(root_folders=[]),
            _arr_case(root_folders=[RootFolderEntry("/data/tv", False, None)]),
            _arr_case(root_folders=[RootFolderEntry("/data/tv", True, 2 * GIB)]),
        ],
        [
            _arr_case(),
            _arr_case(root_folders=[RootFolderEntry("/data/tv", True, None)]),
        ],
    ),
    "arr.indexer_healthy": (
        [
            _arr_case(indexers=[]),
            _arr_case(
                indexers=[{"id": 1, "enableRss": False, "enableAutomaticSearch": False}]
            ),
            _arr_case(
                health=[
                    HealthEntry(
                        "IndexerStatusCheck",
                        "error",
                        "All indexers are unavailable due to failures",
                    )
                ]
            ),
        ],
        [_arr_case(), _arr_case(health=[HealthEntry("IndexerSearchCheck", "ok", "")])],
    ),
    "arr.download_client_healthy": (
        [
            _arr_case(download_clients=[]),
            _arr_case(download_clients=[sab_client("tvCategory", "tv", enable=False)]),
            _arr_case(
                health=[
                    HealthEntry(
                        "DownloadClientStatusCheck",
                        "warning",
                        "Download clients are unavailable",
                    )
                ]
            ),
        ],
        [
            _arr_case(),
            _arr_case(health=[HealthEntry("UpdateCheck", "error", "cannot update")]),
        ],
    ),
    "arr.quality_cutoff": (
        [
            _arr_case(
                quality_profiles=[
                    {
                        "id": 3,
                        "name": "Bad",
                        "upgradeAllowed": True,
                        "cutoff": 1,
                        "items": [{"quality": {"id": 1}, "allowed": False}],
                    }
                ]
            ),
            _arr_case(
                quality_profiles=[
                    {
                        "id": 3,
                        "name": "Gone",
                        "upgradeAllowed": True,
                        "cutoff": 99,
                        "items": [],
                    }
                ]
            ),
        ],
        [_arr_case()],
    ),
    "arr.recycle_bin": (
        [
            _arr_case(
                media_management={
                    "id": 1,
                    "recycleBin": "",
                    "minimumFreeSpaceWhenImporting": 2048,
                }
            )
        ],
        [_arr_case()],
    ),
    "arr.minimum_free_space": (
        [
            _arr_case(
                media_management={
                    "id": 1,
                    "recycleBin": "/r",
                    "minimumFreeSpaceWhenImporting": 100,
                }
            ),
            _arr_case(
                media_management={
                    "id": 1,
                    "recycleBin": "/r",
                    "minimumFreeSpaceWhenImporting": 4096,
                    "skipFreeSpaceCheckWhenImporting": True,
                }
            ),
        ],
        [_arr_case()],
    ),
    "arr.prowlarr_sync": (
        [_sync_case("NZBgeek")],
        [_sync_case("NZBgeek (Prowlarr)"), _sync_case("NZBgeek", with_prowlarr=False)],
    ),
    "prowlarr.indexer_failing": (
        [_prowlarr_case(timedelta(days=3))],
        [
            _prowlarr_case(None),
            _prowlarr_case(timedelta(hours=20)),
            _prowlarr_case(timedelta(days=3), enable=False),
        ],
    ),
}


def test_every_rule_has_cases() -> None:
    """No rule goes untested: each has triggering and passing cases."""
    assert set(CASES) == {rule.id for rule in RULES}
    assert all(triggers and passes for triggers, passes in CASES.values())


@pytest.mark.parametrize(
    ("rule_id", "case"),
    [(rule_id, case) for rule_id, (triggers, _) in CASES.items() for case in triggers],
)
def test_rule_triggers(rule_id: str, case: Case) -> None:
    """A misconfiguration produces a complete finding."""
    service, stack = case()
    findings = run_rule(RULES_BY_ID[rule_id], service, stack)
    assert findings, f"{rule_id} did not trigger"
    for finding in findings:
        assert finding.rule_id == rule_id
        assert finding.service_id == service.service_id
        assert finding.why and finding.link.startswith("https://")
        assert "{" not in finding.link
        assert finding.recommended not in (None, "")
        assert finding.severity in Severity
    # The audit of the whole stack reports the same findings and loses score.
    report = audit_snapshot(stack)
    assert {f.id for f in findings} <= {f.id for f in report.findings}
    assert report.score < 100


@pytest.mark.parametrize(
    ("rule_id", "case"),
    [(rule_id, case) for rule_id, (_, passes) in CASES.items() for case in passes],
)
def test_rule_passes(rule_id: str, case: Case) -> None:
    """A good configuration passes the rule."""
    service, stack = case()
    assert run_rule(RULES_BY_ID[rule_id], service, stack) == []


def test_good_stack_scores_100() -> None:
    """A stack following every recommendation scores 100 with no findings."""
    stack = StackSnapshot(
        sabnzbd=[good_sab()], arrs=[good_arr("sonarr"), good_arr("radarr")]
    )
    report = audit_snapshot(stack)
    assert report.findings == []
    assert report.score == 100
    assert len(report.checked) == 9 + 2 * 10


def test_score_weighs_by_severity() -> None:
    """A high-severity finding costs more than a low one; several findings of a rule count once."""
    high = audit_snapshot(StackSnapshot(arrs=[good_arr(root_folders=[])]))
    low = audit_snapshot(
        StackSnapshot(
            arrs=[
                good_arr(
                    media_management={
                        "id": 1,
                        "recycleBin": "",
                        "minimumFreeSpaceWhenImporting": 2048,
                    }
                )
            ]
        )
    )
    assert high.score < low.score < 100
    total = sum(r.severity.weight for r in RULES if r.service == "arr")
    assert high.score == round(100 * (total - 10) / total)
    both = audit_snapshot(
        StackSnapshot(
            arrs=[
                good_arr(
                    root_folders=[
                        RootFolderEntry("/a", False, None),
                        RootFolderEntry("/b", False, None),
                    ]
                )
            ]
        )
    )
    assert len(both.findings) == 2 and both.score == high.score
    assert audit_snapshot(StackSnapshot()).score == 100


def test_fixes_name_the_config_change() -> None:
    """Fixable findings carry the exact change; unfixable ones none."""
    sab = good_sab(direct_unpack=0, complete_dir="Downloads/incomplete")
    report = audit_snapshot(StackSnapshot(sabnzbd=[sab]))
    by_rule = {f.rule_id: f for f in report.findings}
    fix = by_rule["sabnzbd.direct_unpack"].fix
    assert fix is not None and (fix.target, fix.section, fix.key, fix.value) == (
        FixTarget.SAB_CONFIG,
        "misc",
        "direct_unpack",
        1,
    )
    assert by_rule["sabnzbd.separate_folders"].fix is None
    [category] = audit_snapshot(_categories_missing()[1]).findings
    assert category.fix is not None and category.fix.target is FixTarget.SAB_CATEGORY
    assert category.fix.key == "tv" and category.subject == "tv"
    assert "Sonarr" in category.why
    [arr_finding] = audit_snapshot(
        StackSnapshot(
            arrs=[good_arr("radarr", naming={"id": 1, "renameMovies": False})]
        )
    ).findings
    assert arr_finding.fix is not None and (
        arr_finding.fix.section,
        arr_finding.fix.key,
        arr_finding.fix.value,
    ) == ("naming", "renameMovies", True)
    assert arr_finding.link == "https://wiki.servarr.com/radarr/settings#movie-naming"
    assert arr_finding.as_dict()["fixable"] is True
    assert arr_finding.id == "arr.renaming:radarr1"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("500M", 500 * 1024**2),
        ("1G", GIB),
        ("1.5g", int(1.5 * GIB)),
        ("0", 0),
        ("", 0),
        (None, 0),
        ("lots", 0),
        ("2048", 2048),
        ("10 KB", 10240),
    ],
)
def test_parse_size(text: object, size: int) -> None:
    """SABnzbd sizes parse to bytes."""
    assert parse_size(text) == size


def test_flag_and_host() -> None:
    """Booleans in their several spellings; public versus home hosts."""
    assert (
        flag("1")
        and flag(True)
        and flag("true")
        and not flag("0")
        and not flag(0)
        and not flag("")
    )
    assert host_is_public("http://sab.example.com")
    assert host_is_public("http://[2001:4860::1]:8080")
    assert not host_is_public("http://10.0.0.2")
    assert not host_is_public("http://localhost:8080")
    assert not host_is_public("http://nas.home.arpa")


def test_kind_without_named_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A library manager whose spec names no category or rename setting is
    not judged on them (the audit reads those names from the registry)."""
    spec = replace(
        SPECS["sonarr"], kind="testarr", category_field=None, rename_field=None
    )
    monkeypatch.setitem(SPECS, "testarr", spec)
    arr = replace(good_arr("sonarr", naming={"id": 1}), kind="testarr")
    stack = StackSnapshot(sabnzbd=[good_sab()], arrs=[arr])
    assert arr.sabnzbd_categories() == []
    assert run_rule(RULES_BY_ID["arr.renaming"], arr, stack) == []
    # The same settings on Sonarr are judged.
    sonarr = good_arr("sonarr", naming={"id": 1})
    assert sonarr.sabnzbd_categories() == [("SABnzbd", "tv")]
    assert run_rule(RULES_BY_ID["arr.renaming"], sonarr, stack)


def test_wiki_link_names_the_kinds_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """The naming page's anchor is the kind's item noun, read from the registry."""
    spec = replace(SPECS["radarr"], kind="testarr", item_noun="track")
    monkeypatch.setitem(SPECS, spec.kind, spec)
    snapshot = replace(
        good_arr("radarr", naming={"id": 1, "renameMovies": False}), kind="testarr"
    )
    [finding] = audit_snapshot(StackSnapshot(arrs=[snapshot])).findings
    assert finding.link == "https://wiki.servarr.com/testarr/settings#track-naming"
