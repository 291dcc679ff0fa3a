"""AutoArr ships its own brand images, which Home Assistant serves."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

BRAND_DIR = Path(__file__).parent.parent / "custom_components" / "autoarr" / "brand"


@pytest.mark.parametrize(
    "image", ["icon.png", "icon@2x.png", "logo.png", "logo@2x.png", "dark_logo.png"]
)
async def test_brand_images_are_served(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, image: str
) -> None:
    """The brands integration serves each image from the integration's folder."""
    assert await async_setup_component(hass, "brands", {})
    client = await hass_client()

    resp = await client.get(f"/api/brands/integration/autoarr/{image}")

    assert resp.status == 200
    assert await resp.read() == (BRAND_DIR / image).read_bytes()
    assert (BRAND_DIR / image).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
