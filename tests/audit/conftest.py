"""Snapshots of a well-configured stack, for the audit tests to spoil."""

from __future__ import annotations

from typing import Any

from custom_components.autoarr.audit.snapshot import (
    ArrSnapshot,
    HealthEntry,
    RootFolderEntry,
    SabnzbdSnapshot,
)

GIB = 1024**3


def good_sab_misc() -> dict[str, Any]:
    """Return a SABnzbd `misc` section that passes every rule."""
    return {
        "download_dir": "Downloads/incomplete",
        "complete_dir": "Downloads/complete",
        "cache_limit": "1G",
        "direct_unpack": 1,
        "download_free": "5G",
        "enable_all_par": 0,
        "fail_hopeless_jobs": 1,
        "safe_postproc": 1,
        "enable_https": 0,
        "host": "0.0.0.0",
        "inet_exposure": 0,
    }


def good_sab(**misc: Any) -> SabnzbdSnapshot:
    """Return a good SABnzbd snapshot with some settings changed."""
    return SabnzbdSnapshot(
        service_id="sab1",
        name="SABnzbd",
        url=str(misc.pop("url", "http://192.168.1.10:8080")),
        misc={**good_sab_misc(), **misc},
        categories=misc.pop("categories", None)
        or [{"name": "*"}, {"name": "tv"}, {"name": "movies"}],
    )


def sab_client(
    category_field: str, category: str, *, enable: bool = True
) -> dict[str, Any]:
    """Return a SABnzbd DownloadClientResource."""
    return {
        "id": 1,
        "name": "SABnzbd",
        "enable": enable,
        "implementation": "Sabnzbd",
        "protocol": "usenet",
        "fields": [
            {"name": "host", "value": "localhost"},
            {"name": category_field, "value": category},
        ],
    }


def good_arr(kind: str = "sonarr", **changes: Any) -> ArrSnapshot:
    """Return a good Sonarr/Radarr snapshot with some parts replaced."""
    sonarr = kind == "sonarr"
    base: dict[str, Any] = {
        "service_id": f"{kind}1",
        "name": "Sonarr" if sonarr else "Radarr",
        "kind": kind,
        "url": "http://192.168.1.10:8989",
        "media_management": {
            "id": 1,
            "recycleBin": "/data/recycle",
            "minimumFreeSpaceWhenImporting": 2048,
            "skipFreeSpaceCheckWhenImporting": False,
        },
        "naming": {"id": 1, "renameEpisodes" if sonarr else "renameMovies": True},
        "download_client_config": {
            "id": 1,
            "enableCompletedDownloadHandling": True,
            "autoRedownloadFailed": True,
        },
        "download_clients": [
            sab_client(
                "tvCategory" if sonarr else "movieCategory",
                "tv" if sonarr else "movies",
            )
        ],
        "indexers": [
            {
                "id": 1,
                "name": "NZBgeek",
                "enableRss": True,
                "enableAutomaticSearch": True,
            }
        ],
        "health": [HealthEntry("UpdateCheck", "notice", "An update is available")],
        "root_folders": [RootFolderEntry("/data/tv", True, 500 * GIB)],
        "quality_profiles": [
            {
                "id": 1,
                "name": "HD",
                "upgradeAllowed": True,
                "cutoff": 1001,
                "items": [
                    {
                        "quality": {"id": 1, "name": "SDTV"},
                        "allowed": False,
                        "items": [],
                    },
                    {
                        "id": 1001,
                        "name": "WEB 1080p",
                        "allowed": True,
                        "items": [
                            {
                                "quality": {"id": 3, "name": "WEBDL-1080p"},
                                "allowed": True,
                            }
                        ],
                    },
                    {
                        "quality": {"id": 7, "name": "Bluray-1080p"},
                        "allowed": True,
                        "items": [],
                    },
                ],
            },
            {"id": 2, "name": "Any", "upgradeAllowed": False, "cutoff": 1, "items": []},
        ],
    }
    base.update(changes)
    return ArrSnapshot(**base)
