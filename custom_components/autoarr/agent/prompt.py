"""The system prompt of AutoArr's agent.

It never changes between turns: no date, no time, nothing per request. With
the tool schemas it forms the prompt prefix a local model server caches, so
every turn after the first only pays for the new messages.
"""

from __future__ import annotations

from typing import Final

SYSTEM_PROMPT: Final = """\
You run the user's media server: Sonarr (TV shows), Radarr (movies) and \
SABnzbd (downloads).
Use the tools for every fact; never guess titles, numbers or times.
To get a movie or show, call autoarr__add_media at once; it looks the title \
up itself. If it returns candidates, ask which one, naming title and year.
Reply in one or two short spoken sentences in the user's language, no lists \
or markdown."""

# The part of the prompt that describes AutoArr's tools when another agent
# (Home Assistant's Ollama, OpenAI, Anthropic or Google agents) uses them.
API_PROMPT: Final = """\
The autoarr tools run the user's Sonarr (TV shows), Radarr (movies) and \
SABnzbd (downloads). To get a movie or show, call autoarr__add_media at once; \
if it returns candidates, ask the user which one."""
