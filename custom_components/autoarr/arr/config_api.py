"""Sonarr/Radarr configuration endpoints, read and changed by the audit.

Kept apart from `arr_base.py` (which mixes this in) because only the audit
uses them: media management, naming and download-client settings, the
configured download clients and indexers, and the quality profiles as the
server sends them (the audit needs the item ids a cutoff points to).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from .errors import ArrMalformedResponseError

if TYPE_CHECKING:
    from .http import Query


class ArrConfigMixin:
    """The /config/*, /downloadclient, /indexer and raw /qualityprofile calls."""

    # The /config/{section} resources both applications serve.
    CONFIG_SECTIONS: ClassVar[frozenset[str]] = frozenset(
        {"mediamanagement", "naming", "downloadclient", "indexer", "host", "ui"}
    )

    if TYPE_CHECKING:

        async def _request(
            self,
            method: str,
            path: str,
            *,
            params: Query | None = None,
            json_body: Any = None,
        ) -> Any: ...

    async def config(self, section: str) -> dict[str, Any]:
        """Return one configuration resource (e.g. "mediamanagement")."""
        return _mapping(
            await self._request("GET", f"config/{_section(self, section)}"), section
        )

    async def update_config(
        self, section: str, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Change some fields of a configuration resource; return the result.

        The API replaces the whole resource, so the current one is read and
        only the given fields are changed.
        """
        current = await self.config(section)
        body = {**current, **changes}
        result = await self._request(
            "PUT",
            f"config/{_section(self, section)}/{int(current.get('id', 1))}",
            json_body=body,
        )
        return _mapping(result, section) if result is not None else body

    async def download_clients(self) -> list[dict[str, Any]]:
        """Return the configured download clients (DownloadClientResource)."""
        return _mappings(
            await self._request("GET", "downloadclient"), "download client"
        )

    async def indexers(self) -> list[dict[str, Any]]:
        """Return the configured indexers (IndexerResource)."""
        return _mappings(await self._request("GET", "indexer"), "indexer")

    async def quality_profile_resources(self) -> list[dict[str, Any]]:
        """Return the quality profiles as sent (QualityProfileResource)."""
        return _mappings(
            await self._request("GET", "qualityprofile"), "quality profile"
        )


def _section(client: ArrConfigMixin, section: str) -> str:
    if section not in client.CONFIG_SECTIONS:
        known = ", ".join(sorted(client.CONFIG_SECTIONS))
        raise ValueError(f"unknown configuration section {section!r}; known: {known}")
    return section


def _mapping(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ArrMalformedResponseError(f"the {what} configuration is not an object")
    return data


def _mappings(data: Any, what: str) -> list[dict[str, Any]]:
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise ArrMalformedResponseError(f"the {what} list is not a list of objects")
    return data
