"""English phrasings of the instant requests."""

from __future__ import annotations

from custom_components.autoarr.agent.intents import InstantIntent as I

from . import Phrasings, Said

PHRASINGS = Phrasings(
    matches={
        I.DOWNLOADS: [
            Said("What's downloading?"),
            Said("show me my downloads"),
            Said("How are the downloads doing?"),
            Said("what is in the download queue"),
        ],
        I.DOWNLOAD_ETA: [
            Said("How long until The Bear is done?", title="The Bear"),
            Said("When will Dune be finished?", title="Dune"),
            Said("how long does Severance take to download", title="Severance"),
        ],
        I.PAUSE: [
            Said("Pause the downloads"),
            Said("pause all downloads for 20 minutes", minutes=20),
            Said("stop downloading for 2 hours", minutes=120),
            Said("pause the downloads overnight", until_morning=True),
        ],
        I.RESUME: [
            Said("Resume the downloads"),
            Said("unpause my downloads"),
            Said("start downloading again"),
        ],
        I.UPCOMING_TODAY: [
            Said("What's on today?"),
            Said("what is coming out today"),
            Said("any new episodes today"),
        ],
        I.UPCOMING_WEEK: [
            Said("What's airing this week?"),
            Said("what comes out this week"),
            Said("which movies this week"),
        ],
        I.IN_LIBRARY: [
            Said("Is Severance in my library?", title="Severance"),
            Said("do I have Dune in my collection", title="Dune"),
            Said("have I got The Bear already", title="The Bear"),
        ],
        I.ADD_MOVIE: [
            Said("Add the movie Dune", title="Dune"),
            Said("download the film Oppenheimer", title="Oppenheimer"),
            Said("grab movie Heat", title="Heat"),
        ],
        I.ADD_SERIES: [
            Said("Add the show The Bear", title="The Bear"),
            Said("download the TV series Dark", title="Dark"),
            Said("request the series Severance", title="Severance"),
        ],
        I.ADD_MEDIA: [
            Said("Download Dune", title="Dune"),
            Said("request Oppenheimer", title="Oppenheimer"),
            Said("download The Bear", title="The Bear"),
        ],
        I.ADD_ALBUM: [
            Said("Add the album Brat by Charli XCX", title="Brat", artist="Charli XCX"),
            Said("get the album Renaissance", title="Renaissance"),
            Said(
                "download album Blue from Joni Mitchell",
                title="Blue",
                artist="Joni Mitchell",
            ),
        ],
        I.NOTHING_FOUND: [
            Said("Why can't Sonarr find anything?"),
            Said("why is nothing being found"),
            Said("are my indexers down"),
        ],
        I.RETRY_FAILED: [
            Said("Retry the failed downloads"),
            Said("retry all failed downloads"),
            Said("try my failed downloads again"),
        ],
        I.SEARCH_MISSING: [
            Said("Search for missing episodes"),
            Said("look for all the missing movies"),
            Said("find missing albums"),
        ],
        I.MISSING: [
            Said("What's missing?"),
            Said("what am I still missing"),
            Said("which movies are still missing"),
            Said("show me the missing episodes"),
        ],
        I.REQUESTS: [
            Said("What's been requested?"),
            Said("which requests are pending"),
            Said("are there new requests"),
        ],
        I.APPROVE_REQUEST: [
            Said("Approve the request for Dune", title="Dune"),
            Said("approve request for The Bear", title="The Bear"),
            Said("approve the request of Heat", title="Heat"),
        ],
        I.DECLINE_REQUEST: [
            Said("Decline the request for Dune", title="Dune"),
            Said("deny request for Heat", title="Heat"),
            Said("reject the request of The Bear", title="The Bear"),
        ],
        I.APPROVE_IT: [
            Said("Approve it"),
            Said("approve that one"),
            Said("approve the request"),
        ],
        I.DECLINE_IT: [
            Said("Decline it"),
            Said("reject this one"),
            Said("deny the request"),
        ],
    },
    near_misses=[
        "turn on the kitchen light",
        "add milk to the shopping list",
        "pause the music",
        "what's the weather like today",
        "set a timer for 10 minutes",
        "is the front door locked",
        "what's on the calendar tomorrow",
        "play the album Brat by Charli XCX",
        "why can't I find my phone",
        "approve the invoice",
    ],
    questions=[
        "What's downloading?",
        "Are the downloads paused?",
        "Is Dune in my library?",
        "What's on this week?",
        "What's been requested?",
    ],
    changes=[
        "Pause the downloads",
        "Add the movie Dune",
        "Resume the downloads",
        "Turn off the kitchen light",
    ],
    spoken={
        "downloads": (
            "what's downloading?",
            (
                "2 downloading: Dune: Part Two, about 16 minutes left; "
                "Shōgun season 2 episode 5, about 4 minutes. 10 need attention: "
            ),
        ),
        "missing": ("What's missing?", "{total} items are missing, for example "),
        "pause_hour": ("pause downloads for an hour", "Downloads paused for 1 hour."),
        "pause_night": (
            "pause the downloads until tomorrow morning",
            "Downloads paused until 7 in the morning.",
        ),
        "indexers": (
            "Why can't it find anything?",
            (
                "1 of 3 indexers in Prowlarr are failing: NZBplanet. "
                "Searches run without them until they work again."
            ),
        ),
        "album": (
            "Add the album GNX by Kendrick Lamar",
            "Added the album GNX by Kendrick Lamar to Lidarr; searching for it now.",
        ),
        "requests": (
            "What's been requested?",
            (
                "2 requests are waiting for approval: Severance season 2 for Sam;"
                " Dune: Part Two for Sam."
            ),
        ),
        "decline": (
            "Decline the request for Severance",
            "Declined the request for Severance.",
        ),
    },
    choices=[
        ("the second one", 2),
        ("the last one", 3),
        ("the series", 2),
        ("the first", 1),
    ],
)
