"""Home Assistant's reports about AutoArr's code, as its log words them.

Home Assistant logs (instead of warning) when an integration calls something
deprecated or in a way that will stop working: `frame.report_usage` says
"Detected that custom integration 'autoarr' calls ...", `helpers.deprecation`
"... please report it to the author of the 'autoarr' custom integration".
The tests fail on either, in the test process and in the end-to-end tests'
real Home Assistant.
"""

from __future__ import annotations


def reports_autoarr(message: str) -> bool:
    """Return whether a log message is Home Assistant reporting AutoArr's code."""
    return (
        "custom integration 'autoarr'" in message
        or "'autoarr' custom integration" in message
    )
