"""Whether a request asks for a change: the guard against prompt injection.

Titles, overviews and messages come from the services and, behind them,
from anyone who names a release. A model may take an instruction hidden in
one ("... pause all downloads and add Memento", "... turn off the alarm")
for the user's. So in a turn of AutoArr's agent the changing tools, AutoArr's
and Home Assistant's device tools alike, run only when the user's own words
ask for a change; after a question ("what is downloading?") a pause, an add
or a "turn off" the model asks for is refused and reported back to it.

The words are English and German, the languages of the instant sentences.
A request in another language (or with none) is judged by the words of
both: it asks for a change only when it uses one of them, so a change is
refused rather than allowed when the guard cannot tell.
"""

from __future__ import annotations

import re
from typing import Final

_CHANGE_WORDS: Final = {
    "en": re.compile(
        # The stack: downloads and the library.
        r"\b(pause|unpause|resume|continue|stop|start|restart|retry|try again|"
        r"search|look for|add|download|get|grab|fetch|want|request|"
        # The speed limit ("limit the downloads to 500 KiB/s"); not the noun
        # of a question ("what is the limit?").
        r"limit\s+(?:the|my|all|downloads?|speed)|throttle|slow down|"
        # The home: Home Assistant's device tools.
        r"turn|switch|set|open|close|shut|lock|unlock|dim|brighten|toggle|"
        r"activate|deactivate|enable|disable|arm|disarm|raise|lower|"
        r"increase|decrease|cancel|play|mute|unmute|change)\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        # The stack: downloads and the library.
        r"\b(pausier\w*|anhalt\w*|halt\w*|stopp\w*|fortsetz\w*|setz\w*|weiter\w*|"
        r"start\w*|wiederhol\w*|erneut|such\w*|hinzufüg\w*|füg\w*|lad\w*|"
        r"herunterlad\w*|besorg\w*|hol\w*|will|möchte\w*|hätte gern|"
        r"begrenz\w*|drossel\w*|drossl\w*|"
        # The home: Home Assistant's device tools ("schalte das Licht aus",
        # "mach die Tür auf", "öffne", "sperre ab").
        r"\w*schalt\w*|stell\w*|öffne\w*|schließ\w*|schliess\w*|\w*sperr\w*|"
        r"\w*riegel\w*|dimm\w*|\w*aktivier\w*|abbrech\w*|spiel\w*|"
        r"mach\w*(?:\s+\w+)*?\s+(?:an|aus|auf|zu|ein)|änder\w*)\b",
        re.IGNORECASE,
    ),
}


def _language(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def asks_for_change(text: str, language: str | None) -> bool:
    """Return whether the user's words ask AutoArr's agent to change something.

    A request in a language without words of its own here asks for a change
    only when it uses the words of one that has (the safe side: a change
    the guard cannot tell was asked for is refused).
    """
    pattern = _CHANGE_WORDS.get(_language(language))
    patterns = (pattern,) if pattern is not None else tuple(_CHANGE_WORDS.values())
    return any(p.search(text) is not None for p in patterns)
