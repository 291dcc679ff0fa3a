"""The names Home Assistant gives tools in merged LLM APIs.

Home Assistant 2026.10 prefixes every tool of a merged API with its API's id
("autoarr__autoarr__missing", "assist__GetLiveContext"); 2026.11 prefixes
only tools whose names clash, and AutoArr's never do (one API alone offers
them). Tests ask Home Assistant for the name instead of spelling it.
"""

from __future__ import annotations

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm


def offered_as(names: list[str], tool: str) -> str:
    """Return the one name under which `tool` is among `names`."""
    (name,) = [name for name in names if name == tool or name.endswith(f"__{tool}")]
    return name


async def merged_name(hass: HomeAssistant, apis: list[str], tool: str) -> str:
    """Return the name Home Assistant gives `tool` in the merged API of `apis`."""
    context = llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant=conversation.DOMAIN,
        device_id=None,
    )
    api = await llm.async_get_api(hass, apis, context)
    return offered_as([offered.name for offered in api.tools], tool)
