"""Downloading an Ollama model from a flow, with its progress.

The hub's model steps and the agents' options both offer to download an
Ollama model that is not on the server, as Home Assistant core's Ollama
integration does: the pull runs as a background task the flow shows as
progress (`async_show_progress`), with the share done as it streams.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowHandler, FlowResult

from custom_components.autoarr.llm_providers.errors import LLMError

from .providers import create_ollama

_LOGGER = logging.getLogger(__name__)


class ModelPull:
    """One download of a model to an Ollama server, for one flow."""

    def __init__(self, hass: HomeAssistant, url: str, model: str) -> None:
        """Prepare to download `model` to the server at `url`."""
        self.hass = hass
        self.url = url
        self.model = model
        self.task: asyncio.Task[None] | None = None
        self.percent = -1
        self.error = ""

    def placeholders(self) -> dict[str, str]:
        """Return the model and server, for the steps' texts."""
        return {"model": self.model, "url": self.url}

    def start(self, report: Callable[[float], None]) -> asyncio.Task[None]:
        """Start the download once; return its task (the flow's progress).

        `report` is the flow's `async_update_progress`.
        """
        if self.task is None:
            self.percent = -1
            self.task = self.hass.async_create_background_task(
                self._async_pull(report), f"AutoArr: download {self.model}"
            )
        return self.task

    def progress_step[ResultT: FlowResult[Any, Any]](
        self, flow: FlowHandler[Any, ResultT, Any], on_done: Callable[[str], None]
    ) -> ResultT:
        """Return the flow's `download` step: the download's progress.

        Once the download is over, the flow goes on to `download_done` (after
        `on_done` is given the model) or to `download_failed`.
        """
        task = self.start(flow.async_update_progress)
        if not task.done():
            return flow.async_show_progress(
                step_id="download",
                progress_action="download",
                description_placeholders=self.placeholders(),
                progress_task=task,
            )
        if not self.finished():
            return flow.async_show_progress_done(next_step_id="download_failed")
        on_done(self.model)
        return flow.async_show_progress_done(next_step_id="download_done")

    def failed_step[ResultT: FlowResult[Any, Any]](
        self, flow: FlowHandler[Any, ResultT, Any], back: str
    ) -> ResultT:
        """Return the flow's `download_failed` step: why, and what next.

        Its menu offers to download again or to go `back` to another step.
        """
        return flow.async_show_menu(
            step_id="download_failed",
            menu_options=["download", back],
            description_placeholders={**self.placeholders(), "error": self.error},
        )

    def finished(self) -> bool:
        """Return whether the download ended well (False: `error` says why).

        Forgets the task, so the next `start` downloads again.
        """
        task, self.task = self.task, None
        assert task is not None and task.done()
        if (err := task.exception()) is None:
            return True
        if isinstance(err, LLMError):
            _LOGGER.warning("Downloading %s failed: %s", self.model, err)
        else:
            _LOGGER.error("Unexpected error downloading %s", self.model, exc_info=err)
        self.error = str(err) or type(err).__name__
        return False

    async def _async_pull(self, report: Callable[[float], None]) -> None:
        """Pull the model, reporting its overall progress to the frontend.

        Ollama reports each layer (digest) of the model apart; the overall
        share is the bytes done over the bytes of every layer seen so far,
        reported in whole percent steps and never backwards (a new layer
        would otherwise make it drop).
        """
        ollama = create_ollama(self.hass, self.url)
        layers: dict[str, tuple[int, int]] = {}
        async for progress in ollama.pull(self.model):
            if not progress.digest or not progress.total:
                continue
            layers[progress.digest] = (progress.completed or 0, progress.total)
            done = sum(completed for completed, _ in layers.values())
            total = sum(size for _, size in layers.values())
            percent = min(100, 100 * done // total)
            if percent > self.percent:
                self.percent = percent
                report(percent / 100)
