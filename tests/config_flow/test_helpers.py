"""The config flow's plain helpers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from homeassistant.const import (
    CONF_NAME,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
import probatio
import pytest

from custom_components.autoarr.arr.errors import (
    ArrError,
    ArrNotFoundError,
    ArrTimeoutError,
    ArrTLSError,
)
from custom_components.autoarr.arr.kinds import SPECS, AuthKind
from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.flows.common import (
    ServiceInput,
    credential_schema,
    next_service_name,
    service_schema,
)
from custom_components.autoarr.flows.providers import (
    anthropic_model_alias,
    ollama_model_name,
)
from custom_components.autoarr.llm_providers.errors import (
    LLMBadRequestError,
    LLMOverloadedError,
    LLMTimeoutError,
)
from custom_components.autoarr.migrations import hub_title
from custom_components.autoarr.service_kinds import KINDS
from custom_components.autoarr.validation import (
    arr_error_key,
    display_url,
    llm_error_key,
    normalize_url,
    service_unique_id,
)


@pytest.mark.parametrize(
    ("err", "key"),
    [
        # Subclasses map to the most specific key, not their parent's.
        (ArrTimeoutError("slow"), "timeout"),
        (ArrTLSError("bad certificate"), "ssl_error"),
        (ArrNotFoundError("gone", status=404), "api_error"),
        (ArrError("something else"), "unknown"),
    ],
)
def test_arr_error_keys(err: ArrError, key: str) -> None:
    """Each arr error shows its own message."""
    assert arr_error_key(err) == key


@pytest.mark.parametrize(
    ("err", "key"),
    [
        (LLMTimeoutError("slow"), "timeout"),
        (LLMOverloadedError("busy", status=529), "server_error"),
        (LLMBadRequestError("no"), "unknown"),
    ],
)
def test_llm_error_keys(err: Exception, key: str) -> None:
    """Each provider error shows its own message."""
    assert llm_error_key(err) == key  # type: ignore[arg-type]


def test_url_forms() -> None:
    """URLs are stored and compared in one form."""
    assert normalize_url(" HTTP://Example.ORG:8989/sonarr/ ") == (
        "http://example.org:8989/sonarr"
    )
    assert normalize_url("http://example.org/?apikey=x#frag") == "http://example.org"
    assert service_unique_id("sonarr", "http://example.org/") == (
        "sonarr:http://example.org"
    )
    # A reverse proxy's credentials stay in the data, not in the unique id.
    assert normalize_url("https://me:secret@example.org/tv/") == (
        "https://me:secret@example.org/tv"
    )
    assert service_unique_id("sonarr", "https://me:secret@example.org/tv/") == (
        "sonarr:https://example.org/tv"
    )
    assert display_url("https://me:secret@example.org/tv/") == "https://example.org/tv"


def test_model_names() -> None:
    """Ollama's implied tag and Claude's dated ids."""
    assert ollama_model_name(" llama3.1 ") == "llama3.1:latest"
    assert ollama_model_name("qwen2.5:7b") == "qwen2.5:7b"
    assert anthropic_model_alias("claude-sonnet-4-5-20250929") == "claude-sonnet-4-5"
    assert anthropic_model_alias("claude-sonnet-4-5") == "claude-sonnet-4-5"
    assert anthropic_model_alias("claude-x-2025") == "claude-x-2025"


def test_next_service_name() -> None:
    """New instances get the first free numbered name."""
    assert next_service_name("radarr", []) == "Radarr"
    assert next_service_name("radarr", ["Radarr"]) == "Radarr 2"
    assert next_service_name("radarr", ["Radarr", "Radarr 2", "Radarr 4"]) == "Radarr 3"
    assert next_service_name("sabnzbd", ["Sonarr"]) == "SABnzbd"


def test_hub_has_a_step_per_kind() -> None:
    """The hub's services menu has a step for each kind of the registry, only."""
    flow = AutoArrConfigFlow()
    for kind in SPECS:
        assert callable(getattr(flow, f"async_step_{kind}"))
    assert not hasattr(flow, "async_step_readarr")
    assert not hasattr(flow, "sonarr")


def _throwaway_kind(monkeypatch: pytest.MonkeyPatch, auth: AuthKind) -> str:
    """Register a download client like SABnzbd that authenticates with `auth`."""
    spec = replace(SPECS["sabnzbd"], kind="throwaway", name="Throwaway", auth=auth)
    monkeypatch.setitem(SPECS, spec.kind, spec)
    monkeypatch.setitem(KINDS, spec.kind, replace(KINDS["sabnzbd"], spec=spec))
    return spec.kind


def _fields(schema: dict[Any, Any]) -> dict[str, type]:
    return {str(marker): type(marker) for marker in schema}


def test_user_password_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind logging in with a user and password asks for both; an empty
    password keeps the stored one, and a reauthentication asks the password."""
    kind = _throwaway_kind(monkeypatch, AuthKind.USER_PASSWORD)
    assert _fields(service_schema(kind, secrets_required=True).schema) == {
        CONF_NAME: probatio.Required,
        CONF_URL: probatio.Required,
        CONF_USERNAME: probatio.Required,
        CONF_PASSWORD: probatio.Required,
        CONF_VERIFY_SSL: probatio.Required,
    }
    assert _fields(credential_schema(kind, secrets_required=False)) == {
        CONF_USERNAME: probatio.Required,
        CONF_PASSWORD: probatio.Optional,
    }
    assert _fields(
        credential_schema(kind, secrets_required=True, secrets_only=True)
    ) == {CONF_PASSWORD: probatio.Required}
    current = {
        CONF_URL: "http://nas:8080",
        CONF_USERNAME: "admin",
        CONF_PASSWORD: "old",
    }
    service = ServiceInput.parse(
        kind,
        {
            CONF_NAME: " ",
            CONF_URL: " http://nas:8080/ ",
            CONF_USERNAME: " admin2 ",
            CONF_PASSWORD: "",
            CONF_VERIFY_SSL: False,
        },
        current,
    )
    assert service.title == "Throwaway"
    assert service.data == {
        CONF_URL: "http://nas:8080",
        CONF_USERNAME: "admin2",
        CONF_PASSWORD: "old",
        CONF_VERIFY_SSL: False,
    }
    assert service.unique_id == "throwaway:http://nas:8080"


def test_no_credentials_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind without credentials asks for none and stores none."""
    kind = _throwaway_kind(monkeypatch, AuthKind.NONE)
    assert list(_fields(service_schema(kind, secrets_required=True).schema)) == [
        CONF_NAME,
        CONF_URL,
        CONF_VERIFY_SSL,
    ]
    service = ServiceInput.parse(
        kind, {CONF_NAME: "Mine", CONF_URL: "http://nas", CONF_VERIFY_SSL: True}
    )
    assert service.data == {CONF_URL: "http://nas", CONF_VERIFY_SSL: True}


def test_hub_title_names_where_the_stack_runs() -> None:
    """The hub entry is named by its services' hosts, the device "AutoArr";
    with no services the title says so."""
    assert hub_title([]) == "AutoArr (no services)"
    assert hub_title(["http://nas.local:8989/sonarr"]) == "AutoArr (nas.local)"
    assert (
        hub_title(["http://nas.local:8989", "https://nas.local:7878"])
        == "AutoArr (nas.local)"
    )
    assert (
        hub_title(
            ["http://nas.local:8989", "http://10.0.0.2:8080", "http://[fd00::3]:9091"]
        )
        == "AutoArr (nas.local, 10.0.0.2, …)"
    )
