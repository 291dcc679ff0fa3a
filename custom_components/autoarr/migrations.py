"""What an AutoArr entry holds when it is new, and how older entries migrate.

`default_agent_subentries` and `llm_defaults` are what a new hub starts
with, `hub_title` its title (kept by `async_update_hub_title` as its
services change); `migrate_v1` turns a version 1 entry (everything in the entry's data)
into version 2's hub data and subentries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import logging
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentryData
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_NAME,
    CONF_PROMPT,
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant, callback
from yarl import URL

from .arr.errors import ArrInvalidURLError
from .arr.kinds import SPECS, ServiceKind
from .const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_CONFIRM_CHANGES,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    CONF_VOICE_CONTROL,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_CONFIRM_CHANGES,
    DEFAULT_CONVERSATION_NAME,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DEFAULT_VOICE_CONTROL,
    HUB_TITLE,
    PROVIDER_ANTHROPIC,
    PROVIDER_AUTO,
    PROVIDER_OLLAMA,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from .llm_providers.factory import default_factory
from .validation import normalize_url, service_unique_id

_LOGGER = logging.getLogger(__name__)

# The layout of the entries this version writes (the config flow's VERSION
# and MINOR_VERSION); `async_migrate_entry` brings older ones to it.
ENTRY_VERSION: Final = 2
ENTRY_MINOR_VERSION: Final = 1

# The kinds version 1 stored (a fact of the past: new kinds never were).
V1_SERVICE_KINDS: Final = (ServiceKind.SONARR, ServiceKind.RADARR, ServiceKind.SABNZBD)


# What version 1 called its agent: a migrated install keeps that name, and so
# the entity id its automations use (conversation.autoarr).
V1_CONVERSATION_NAME: Final = "AutoArr"


def default_agent_subentries(
    conversation_name: str = DEFAULT_CONVERSATION_NAME,
) -> list[ConfigSubentryData]:
    """Return the agents a new hub starts with."""
    return [
        ConfigSubentryData(
            subentry_type=SUBENTRY_CONVERSATION,
            title=conversation_name,
            unique_id=None,
            data={
                CONF_PROVIDER: PROVIDER_AUTO,
                CONF_MAX_TOOL_ITERATIONS: DEFAULT_MAX_TOOL_ITERATIONS,
                CONF_INSTANT_ANSWERS: True,
                CONF_VOICE_CONTROL: DEFAULT_VOICE_CONTROL,
                CONF_CONFIRM_CHANGES: DEFAULT_CONFIRM_CHANGES,
                CONF_LLM_HASS_API: [],
            },
        ),
        ConfigSubentryData(
            subentry_type=SUBENTRY_AI_TASK,
            title=DEFAULT_AI_TASK_NAME,
            unique_id=None,
            data={
                CONF_PROVIDER: PROVIDER_AUTO,
                CONF_MAX_TOOL_ITERATIONS: DEFAULT_MAX_TOOL_ITERATIONS,
            },
        ),
    ]


def llm_defaults() -> dict[str, str]:
    """Return the Ollama URL and the models to suggest for a new hub.

    They are the providers' defaults: only suggestions, the entry stores
    what the user confirms.
    """
    ollama = default_factory.settings(PROVIDER_OLLAMA)
    anthropic = default_factory.settings(PROVIDER_ANTHROPIC)
    return {
        CONF_OLLAMA_URL: ollama.url or "",
        CONF_OLLAMA_MODEL: ollama.model,
        CONF_ANTHROPIC_MODEL: anthropic.model,
    }


def migrate_v1(
    data: Mapping[str, Any], options: Mapping[str, Any]
) -> tuple[dict[str, Any], list[ConfigSubentryData]]:
    """Turn a version 1 entry into version 2's hub data and subentries.

    Version 1 kept everything in the entry: the models at the top of `data`
    (absent in entries made by the first skeleton, whose data was empty),
    each service type as a list of {name, url, api_key, verify_ssl} under its
    type's key, and the conversation agent's prompt and Home Assistant LLM APIs
    in `options`. Version 2 keeps only the models in `data`; each service and
    the default agents become subentries. Duplicate services (same type and
    URL) are kept once; a service with an unusable URL is dropped with a
    warning, since no flow could have created it.
    """
    defaults = llm_defaults()
    hub: dict[str, Any] = {
        CONF_OLLAMA_URL: data.get(CONF_OLLAMA_URL) or defaults[CONF_OLLAMA_URL],
        CONF_OLLAMA_MODEL: data.get(CONF_OLLAMA_MODEL) or defaults[CONF_OLLAMA_MODEL],
    }
    if api_key := data.get(CONF_ANTHROPIC_API_KEY):
        hub[CONF_ANTHROPIC_API_KEY] = api_key
        hub[CONF_ANTHROPIC_MODEL] = (
            data.get(CONF_ANTHROPIC_MODEL) or defaults[CONF_ANTHROPIC_MODEL]
        )
    subentries: list[ConfigSubentryData] = []
    seen: set[str] = set()
    for kind in V1_SERVICE_KINDS:
        name = SPECS[kind].name
        for service in data.get(kind) or []:
            if not isinstance(service, Mapping):
                _LOGGER.warning("Dropping a %s service stored as %r", name, service)
                continue
            try:
                url = normalize_url(str(service.get(CONF_URL) or ""))
            except ArrInvalidURLError:
                _LOGGER.warning(
                    "Dropping the %s service %r: its URL is not usable",
                    name,
                    service.get(CONF_NAME),
                )
                continue
            unique_id = service_unique_id(kind, url)
            if unique_id in seen:
                continue
            seen.add(unique_id)
            subentries.append(
                ConfigSubentryData(
                    subentry_type=kind,
                    title=service.get(CONF_NAME) or name,
                    unique_id=unique_id,
                    data={
                        CONF_URL: url,
                        CONF_API_KEY: service.get(CONF_API_KEY, ""),
                        CONF_VERIFY_SSL: service.get(CONF_VERIFY_SSL, True),
                    },
                )
            )
    agents = default_agent_subentries(V1_CONVERSATION_NAME)
    conversation = dict(agents[0]["data"])
    if prompt := options.get(CONF_PROMPT):
        conversation[CONF_PROMPT] = prompt
    if apis := options.get(CONF_LLM_HASS_API):
        conversation[CONF_LLM_HASS_API] = (
            [apis] if isinstance(apis, str) else list(apis)
        )
    agents[0]["data"] = conversation
    return hub, [*subentries, *agents]


NO_SERVICES_TITLE: Final = f"{HUB_TITLE} (no services)"


def hub_title(urls: Iterable[str]) -> str:
    """Return the hub entry's title, by where its services run: "AutoArr (nas)".

    The hub's device is "AutoArr": the entry names the stack's host, so the
    two read apart on the integration's page. Without services (yet), it
    says so: "AutoArr (no services)".
    """
    hosts = list(dict.fromkeys(host for url in urls if (host := URL(str(url)).host)))
    if not hosts:
        return NO_SERVICES_TITLE
    shown = ", ".join(hosts[:2]) + (", …" if len(hosts) > 2 else "")
    return f"{HUB_TITLE} ({shown})"


@callback
def async_update_hub_title(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Title the hub entry by where its services run now.

    Services are added, moved and removed after setup; the title follows
    them. A title the user gave the entry (one not of `hub_title`'s form)
    is theirs and kept.
    """
    title = entry.title
    if title != HUB_TITLE and not (
        title.startswith(f"{HUB_TITLE} (") and title.endswith(")")
    ):
        return
    wanted = hub_title(
        str(subentry.data[CONF_URL])
        for subentry in entry.subentries.values()
        if subentry.subentry_type in SPECS
    )
    if wanted != title:
        hass.config_entries.async_update_entry(entry, title=wanted)
