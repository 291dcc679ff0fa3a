"""A tiny SABnzbd stand-in answering with answers recorded from the real one.

For the fast unit tests: it serves `<url base>/api` (and `/api`), checks the
API key the way SABnzbd 5 does (HTTP 403 "API Key Incorrect"), records every
request, and answers each mode from tests/sabnzbd/fixtures unless a test sets
another answer (a status, a body, a delay).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
import json
from pathlib import Path
from typing import Any

from aiohttp import web

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED_API_KEY = "test-api-key-0123456789abcdef"
RECORDED_NZB_KEY = "test-nzb-key-0123456789abcdef"
# Modes SABnzbd answers without checking the key.
OPEN_MODES = frozenset({"version", "auth"})
STATUS_TRUE = {"status": True}

# (mode, name) -> fixture name; name None is the mode's default.
DEFAULT_ANSWERS: Mapping[tuple[str, str | None], str | dict[str, Any]] = {
    ("version", None): "version",
    ("queue", None): "queue_items",
    ("queue", "pause"): "queue_pause_item",
    ("queue", "resume"): "queue_resume_item",
    ("queue", "delete"): "queue_delete",
    ("queue", "priority"): "queue_priority",
    ("history", None): "history_failed",
    ("history", "delete"): "history_delete",
    ("retry", None): "retry",
    ("retry_all", None): "retry_all",
    ("warnings", None): "warnings",
    ("warnings", "clear"): STATUS_TRUE,
    ("server_stats", None): "server_stats",
    ("fullstatus", None): "fullstatus",
    ("get_config", None): "get_config_misc",
    ("set_config", None): "set_config",
    ("get_cats", None): "get_cats",
    ("pause", None): "pause",
    ("resume", None): "resume",
    ("config", "speedlimit"): "speedlimit",
    ("config", "set_pause"): "set_pause",
    ("addfile", None): "addfile",
    ("addurl", None): "addfile",
}


def fixture(name: str) -> Any:
    """Return a recorded answer, decoded."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Answer:
    """How the fake answers one mode."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"
    delay: float = 0.0


@dataclass
class SeenRequest:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, Any] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """Return the request's mode."""
        return self.query.get("mode", "")


@dataclass
class FakeSabnzbd:
    """A SABnzbd stand-in; `app()` builds the aiohttp application."""

    api_key: str = RECORDED_API_KEY
    nzb_key: str = RECORDED_NZB_KEY
    url_base: str = "/sabnzbd"
    serve_root_api: bool = True
    requests: list[SeenRequest] = field(default_factory=list)
    # A history to page through as SABnzbd does (newest first; `limit`,
    # `start` and `failed_only`), instead of the recorded one.
    history_jobs: list[dict[str, Any]] | None = None
    _answers: dict[tuple[str, str | None], Answer] = field(default_factory=dict)

    def answer(
        self,
        mode: str,
        name: str | None = None,
        *,
        json_body: Any = None,
        body: bytes | None = None,
        status: int = 200,
        content_type: str = "application/json",
        delay: float = 0.0,
    ) -> None:
        """Set how the fake answers a mode (and name)."""
        if body is None:
            body = json.dumps(json_body).encode()
        self._answers[(mode, name)] = Answer(body, status, content_type, delay)

    def last(self, mode: str | None = None) -> SeenRequest:
        """Return the last request (of a mode)."""
        matching = [r for r in self.requests if mode is None or r.mode == mode]
        assert matching, f"no request with mode={mode}"
        return matching[-1]

    def _history_page(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Return a page of `history_jobs` as SABnzbd's history mode does."""
        jobs = self.history_jobs or []
        if query.get("failed_only") == "1":
            jobs = [job for job in jobs if job["status"] == "Failed"]
        start = int(query.get("start", "0"))
        limit = int(query.get("limit", "0")) or len(jobs)
        recorded = fixture("history_failed")["history"]
        page = jobs[start : start + limit]
        return {"history": {**recorded, "noofslots": len(jobs), "slots": page}}

    def app(self) -> web.Application:
        """Return the aiohttp application serving the API."""
        app = web.Application()
        paths = [f"{self.url_base.rstrip('/')}/api"]
        if self.serve_root_api:
            paths.append("/api")
        for path in paths:
            app.router.add_route("*", path, self._handle)
        app.router.add_get("/", self._web_page)
        return app

    async def _web_page(self, request: web.Request) -> web.Response:
        return web.Response(
            text="<!DOCTYPE html><html><head><title>SABnzbd</title></head></html>",
            content_type="text/html",
        )

    async def _handle(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        form: dict[str, Any] = {}
        if request.method == "POST":
            data = await request.post()
            for key, value in data.items():
                if isinstance(value, web.FileField):
                    form[key] = (value.filename, value.file.read(), value.content_type)
                else:
                    form[key] = value
        self.requests.append(SeenRequest(request.method, request.path, query, form))
        mode = query.get("mode", "")
        key = query.get("apikey", "")
        if mode not in OPEN_MODES:
            if not key:
                return web.Response(
                    status=403, text="API Key Required", content_type="text/html"
                )
            if key != self.api_key and not (
                key == self.nzb_key and mode in ("addfile", "addurl")
            ):
                return web.Response(
                    status=403, text="API Key Incorrect", content_type="text/html"
                )
        name = query.get("name")
        if mode == "history" and name is None and self.history_jobs is not None:
            return web.json_response(self._history_page(query))
        answer = self._answers.get((mode, name)) or self._answers.get((mode, None))
        if answer is None:
            recorded = DEFAULT_ANSWERS.get((mode, name)) or DEFAULT_ANSWERS.get(
                (mode, None)
            )
            if recorded is None:
                recorded = "error_not_implemented"
            payload = recorded if isinstance(recorded, dict) else fixture(recorded)
            answer = Answer(json.dumps(payload).encode())
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return web.Response(
            status=answer.status,
            body=answer.body,
            headers={"Content-Type": answer.content_type},
        )
