"""Edge cases of the audit's plumbing."""

from __future__ import annotations

from custom_components.autoarr.audit.rule_base import host_is_public
from custom_components.autoarr.audit.rules import RULES_BY_ID, run_rule
from custom_components.autoarr.audit.runner import _sab_value, _unwrap
from custom_components.autoarr.audit.snapshot import StackSnapshot, field_value

from .conftest import good_arr, good_sab, sab_client


def test_rules_only_run_on_their_services() -> None:
    """A SABnzbd rule passes over an arr and the other way round."""
    stack = StackSnapshot()
    assert run_rule(RULES_BY_ID["sabnzbd.direct_unpack"], good_arr(), stack) == []
    assert (
        run_rule(RULES_BY_ID["arr.recycle_bin"], good_sab(direct_unpack=0), stack) == []
    )


def test_unusual_values() -> None:
    """No host is not public; odd config shapes read as empty."""
    assert not host_is_public("http:///path")
    assert _unwrap({"config": "locked"}) == {}
    assert _unwrap({"misc": {"a": 1}}, "misc") == {"a": 1}
    assert (_sab_value(True), _sab_value(False), _sab_value(5)) == ("1", "0", "5")
    assert field_value({"fields": [{"name": "x", "value": 1}]}, "y") is None
    assert field_value({}, "y") is None


def test_sabnzbd_categories_only_from_enabled_sabnzbd_clients() -> None:
    """Disabled clients and other download clients do not count."""
    other = {**sab_client("tvCategory", "tv-nzbget"), "implementation": "Nzbget"}
    arr = good_arr(
        download_clients=[
            sab_client("tvCategory", "tv"),
            sab_client("tvCategory", "off", enable=False),
            other,
        ]
    )
    assert arr.sabnzbd_categories() == [("SABnzbd", "tv")]
