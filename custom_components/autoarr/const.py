"""Constants for the AutoArr integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "autoarr"
LOGGER = logging.getLogger(__package__)

# Hub entry data (the language models).
CONF_OLLAMA_URL: Final = "ollama_url"
CONF_OLLAMA_MODEL: Final = "ollama_model"
CONF_ANTHROPIC_API_KEY: Final = "anthropic_api_key"
CONF_ANTHROPIC_MODEL: Final = "anthropic_model"
# An OpenAI-compatible server (llama.cpp's llama-server, LM Studio, vLLM...):
# the provider library's "<provider>_<setting>" keys.
CONF_OPENAI_URL: Final = "openai_compat_url"
CONF_OPENAI_MODEL: Final = "openai_compat_model"
CONF_OPENAI_API_KEY: Final = "openai_compat_api_key"

# Subentry types of the agents. Each service instance is a subentry too, of
# its kind's type: the keys of the registry (arr/kinds.py's SPECS).
SUBENTRY_CONVERSATION: Final = "conversation"
SUBENTRY_AI_TASK: Final = "ai_task_data"
# Service subentry data: homeassistant.const's CONF_URL, CONF_API_KEY and
# CONF_VERIFY_SSL; the subentry's title is the instance's name.

# Agent subentry data (conversation and ai_task_data); the prompt and the
# Home Assistant LLM APIs use homeassistant.const's CONF_PROMPT and
# CONF_LLM_HASS_API.
CONF_PROVIDER: Final = "provider"
CONF_MAX_TOOL_ITERATIONS: Final = "max_tool_iterations"
CONF_INSTANT_ANSWERS: Final = "instant_answers"
# The most tokens the model may write per round: a tool call or a spoken
# answer of a sentence or two fits in far fewer; the limit stops a rambling
# model from writing until its context is full.
CONF_MAX_TOKENS: Final = "max_tokens"
DEFAULT_MAX_TOKENS: Final = 300
# What a request to the agent with no Home Assistant user (a voice
# satellite) may do; see permissions.py.
CONF_VOICE_CONTROL: Final = "voice_control"
VOICE_ALLOW: Final = "allow"
VOICE_READ_ONLY: Final = "read_only"
DEFAULT_VOICE_CONTROL: Final = VOICE_ALLOW
# Ask before an add or a pause ("Add Dune (2021)?") and make it only on a yes
# in the next turn of the conversation; see agent/confirm.py.
CONF_CONFIRM_CHANGES: Final = "confirm_changes"
# Add movies and series straight to Radarr and Sonarr even when a Seerr is
# set up (by default the agent's adds go through Seerr's requests).
CONF_ADD_DIRECTLY: Final = "add_directly"
# Say on the satellite that asked (else in a notification) when a movie or
# show added by voice is imported; see followups.py.
CONF_ANNOUNCE_READY: Final = "announce_ready"
# How many days a follow-up waits for its item before it is dropped.
CONF_FOLLOWUP_DAYS: Final = "followup_days"
DEFAULT_FOLLOWUP_DAYS: Final = 30
# Where a follow-up is said: a media player or notify entity (absent: the
# satellite that asked); see announce.py.
CONF_ANNOUNCE_TO: Final = "announce_to"
MAX_FOLLOWUP_DAYS: Final = 365
DEFAULT_CONFIRM_CHANGES: Final = False
# An AI task's answer may be a JSON document, longer than a spoken answer.
DEFAULT_AI_TASK_MAX_TOKENS: Final = 1024
# Per agent, the model of each provider (the hub's keys: ollama_model,
# openai_compat_model, anthropic_model; absent: the hub's model) and how it
# runs. Absent options keep the provider's default.
CONF_TEMPERATURE: Final = "temperature"
# Ollama: the context window, how long the model stays loaded (seconds, -1:
# for ever), and whether it thinks before answering.
CONF_NUM_CTX: Final = "num_ctx"
CONF_KEEP_ALIVE: Final = "keep_alive"
CONF_THINK: Final = "think"
# Claude's extended thinking: tokens to reason in (0: off).
CONF_THINKING_BUDGET: Final = "thinking_budget"
# Seconds without a streamed byte before a local server counts as down: a
# home CPU reads a long prompt for minutes before the first token.
CONF_READ_TIMEOUT: Final = "read_timeout"
DEFAULT_READ_TIMEOUT: Final = 300
# "auto": the hub's fallback chain in its own order (Ollama, then Anthropic);
# a provider's name: that provider first, the others as fallback.
PROVIDER_AUTO: Final = "auto"
# An agent's models in full order (each takes over when those before cannot;
# those left out never answer for it); absent or empty: CONF_PROVIDER's rule.
CONF_PROVIDER_ORDER: Final = "provider_order"
PROVIDER_OLLAMA: Final = "ollama"
PROVIDER_ANTHROPIC: Final = "anthropic"
PROVIDER_OPENAI: Final = "openai_compat"
DEFAULT_MAX_TOOL_ITERATIONS: Final = 5
MAX_MAX_TOOL_ITERATIONS: Final = 20
DEFAULT_CONVERSATION_NAME: Final = "AutoArr agent"
DEFAULT_AI_TASK_NAME: Final = "AutoArr AI Task"

# Passed in a reauth flow's data (entry.async_start_reauth(hass, data={...}))
# by whoever saw a service reject its key, so the reauth flow asks for that
# service's key first; the flow also probes every other service itself.
REAUTH_SUBENTRY_ID: Final = "reauth_subentry_id"

# The hub entry's title, beside where its services run: "AutoArr (nas)".
HUB_TITLE: Final = "AutoArr"
