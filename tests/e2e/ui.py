"""What the end-to-end tests do in Home Assistant's frontend, step by step.

Playwright's CSS selectors pierce the frontend's open shadow roots, so the
selectors below name the frontend's own elements.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.async_api import Page

from tests.support.demo import REPO_DIR

from .conftest import ARTIFACTS

README_IMAGES = REPO_DIR / "docs" / "images"
# Set to refresh the README's screenshots from a test run.
UPDATE_README_IMAGES = "AUTOARR_README_SCREENSHOTS"


async def screenshot(page: Page, name: str, *, readme: bool = False) -> Path:
    """Save a screenshot of the viewport under artifacts/e2e/.

    With readme=True and AUTOARR_README_SCREENSHOTS=1 in the environment, a
    copy reduced to 256 colours (a few times smaller) also replaces the
    README's picture in docs/images/.
    """
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path))
    if readme and os.environ.get(UPDATE_README_IMAGES) == "1":
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256).save(
                README_IMAGES / f"{name}.png", optimize=True
            )
    return path


async def log_in(page: Page, demo: dict[str, Any]) -> None:
    """Log in through Home Assistant's login page, as a person does."""
    await page.goto(demo["url"])
    await page.fill("input[name=username]", demo["username"])
    await page.fill("input[name=password]", demo["password"])
    await page.click("ha-button:has-text('Log in')")
    await wait_for_app(page)


async def wait_for_app(page: Page) -> None:
    """Wait until the frontend has replaced its launch screen by the app."""
    # index.html's launch screen ("Loading...") is removed once the app shell
    # has connected and rendered; the sidebar is part of that shell.
    await page.wait_for_selector("#ha-launch-screen", state="detached")
    await page.wait_for_selector("ha-sidebar")


async def open_page(page: Page, demo: dict[str, Any], path: str) -> None:
    """Log in, then open a page of the frontend by its path."""
    await log_in(page, demo)
    # The frontend keeps its tokens in local storage ("Keep me logged in");
    # a page load before they are written would land on the login page.
    await page.wait_for_function("() => !!localStorage.getItem('hassTokens')")
    await page.goto(demo["url"] + path)
    await wait_for_app(page)


async def deep_text(page: Page, selector: str) -> str:
    """Return the text of the last element matching selector, shadow roots included."""
    element = page.locator(selector).last
    text: str = await element.evaluate(
        """element => {
            const parts = [];
            const walk = node => {
                if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
                if (node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
                node.childNodes.forEach(walk);
            };
            walk(element);
            return parts.join(" ").replace(/\\s+/g, " ").trim();
        }"""
    )
    return text


async def arr_get(http: Any, service: dict[str, Any], path: str, **params: str) -> Any:
    """GET one of a Sonarr or Radarr simulator's API paths (below /api/v3)."""
    async with http.get(
        f"{service['url']}/api/v3/{path}",
        params=params,
        headers={"X-Api-Key": service["api_key"]},
    ) as resp:
        resp.raise_for_status()
        return await resp.json()
