"""Constants for the AutoArr integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "autoarr"
LOGGER = logging.getLogger(__package__)
