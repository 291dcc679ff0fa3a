"""The Home Assistant side of the registry: every kind runs, with its credentials."""

from __future__ import annotations

from dataclasses import replace

from homeassistant.const import (
    CONF_API_KEY,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
import pytest

from custom_components.autoarr.arr.http import ApiKey, NoAuth, UserPassword
from custom_components.autoarr.arr.kinds import SONARR, SPECS, AuthKind, Category
from custom_components.autoarr.service_kinds import (
    KINDS,
    auth_from_data,
    service_config,
    support_of,
)


def test_every_kind_is_supported() -> None:
    """Each kind of the registry has its Home Assistant support, and no other."""
    assert list(KINDS) == list(SPECS)
    for kind, support in KINDS.items():
        assert support.spec is SPECS[kind]
        assert support_of(kind) is support
        # Library managers have a library, and a sensor of its size.
        has_library = support.spec.category is Category.LIBRARY_MANAGER
        assert (support.library_translation_key is not None) is has_library
    with pytest.raises(KeyError):
        support_of("readarr")


@pytest.mark.parametrize(
    ("auth", "data", "expected"),
    [
        (AuthKind.API_KEY, {CONF_API_KEY: "k" * 32}, ApiKey("k" * 32)),
        (
            AuthKind.USER_PASSWORD,
            {CONF_USERNAME: "admin", CONF_PASSWORD: "secret"},
            UserPassword("admin", "secret"),
        ),
        (AuthKind.NONE, {}, NoAuth()),
    ],
)
def test_credentials_from_subentry_data(
    auth: AuthKind, data: dict[str, str], expected: object
) -> None:
    """A subentry's data gives the credentials its kind logs in with."""
    spec = replace(SONARR, auth=auth)
    assert auth_from_data(spec, data) == expected
    config = service_config(spec, {CONF_URL: "http://nas:8989", **data})
    assert config.auth == expected
    assert config.url == "http://nas:8989"
    # Subentries written before the TLS option existed check certificates.
    assert config.verify_ssl is True
    no_check = service_config(
        spec, {CONF_URL: "http://nas", CONF_VERIFY_SSL: False, **data}, timeout=3
    )
    assert (no_check.verify_ssl, no_check.timeout) == (False, 3)
