"""Config flow for AutoArr: the hub, its services and its agents.

One hub entry per Home Assistant holds the language models (Ollama and
Anthropic, each optional; reconfigure adds or changes them later). Every Sonarr, Radarr and SABnzbd instance
is a config subentry of it, and so is every agent (`conversation`,
`ai_task_data`). The hub's first flow sets the models, offers to download a
missing Ollama model, then lets the user add services before it finishes.

Reloading: this module changes entries (reauth, reconfigure, subentries) and
leaves the reload to the entry's update listener, which `async_setup_entry`
registers; when the entry has none (it is not loaded, for instance because
its setup failed on a rejected key) the flow schedules the reload itself.

Reauthentication: a coordinator that sees a service reject its key raises
`ConfigEntryAuthFailed`, which starts the hub's reauth flow. It may start the
flow itself first with `entry.async_start_reauth(hass, data={
REAUTH_SUBENTRY_ID: subentry_id})` to name the service; either way the flow
probes every service (and the Anthropic key) with its stored key and asks for
a new key for each one rejected, the named one first.
"""

from __future__ import annotations

from .flows.hub import AutoArrConfigFlow

__all__ = ["AutoArrConfigFlow"]
