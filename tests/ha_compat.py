"""Loaded by pytest before any other plugin (`-p tests.ha_compat` in pyproject).

Home Assistant is imported first: from 2026.11 on, importing it aliases
`httpx` to `httpx2`, which must happen before anything imports `httpx` (the
respx plugin does, as pytest loads it).

The same pytest-homeassistant-custom-component release serves every tested
Home Assistant version (none pins 2026.11), so what it imports from a place a
newer release moved is made available where it looks for it. Each line is a
no-op on the version the plugin was built for.
"""

from homeassistant.components import logger
from homeassistant.components.logger import helpers as logger_helpers

# 2026.11 keeps it in logger.helpers only; the plugin imports it from logger.
vars(logger).setdefault(
    "_clear_logger_overwrites",
    logger_helpers._clear_logger_overwrites,
)
