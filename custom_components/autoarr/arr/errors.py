"""Errors raised by the arr stack clients.

Every message says what went wrong in words a user can act on and never
contains an API key: the clients build messages from the URL without its
query string, and `redact` strips a key from any text a server echoes back.
"""

from __future__ import annotations

import re


class ArrError(Exception):
    """Base class of every error the arr clients raise.

    Its message is redacted when the error is made (URL passwords, query
    keys), so no path that shows it to a user can leak them.
    """

    def __init__(self, message: str = "") -> None:
        """Keep the message, redacted."""
        super().__init__(redact(message))


class ArrConnectionError(ArrError):
    """The service could not be reached (refused, DNS, TLS, reset)."""


class ArrTimeoutError(ArrConnectionError):
    """The service did not answer in time."""


class ArrTLSError(ArrConnectionError):
    """The TLS handshake failed (bad certificate or not an HTTPS server)."""


class ArrRedirectError(ArrConnectionError):
    """The service redirected to another server (which gets no credentials)."""


class ArrAuthError(ArrError):
    """The service rejected the API key."""


class ArrInvalidAPIKeyError(ArrAuthError):
    """The API key has characters no API key has (spaces, line breaks)."""


class ArrWrongAppError(ArrError):
    """Something answered at that URL, but not the expected application."""

    def __init__(self, message: str, *, found: str | None = None) -> None:
        """Keep which application was found, when it is known."""
        super().__init__(message)
        self.found = found


class ArrApiError(ArrError):
    """The service answered with an error of its own."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        """Keep the HTTP status, when there is one."""
        super().__init__(message)
        self.status = status


class ArrNotFoundError(ArrApiError):
    """The item asked for does not exist on the service."""


class ArrMalformedResponseError(ArrError):
    """The service answered with something that cannot be understood."""


class ArrResponseTooLargeError(ArrMalformedResponseError):
    """The service's answer is larger than any real answer."""


REDACTED = "**REDACTED**"
# The password of a URL's user part ("//user:password@host").
_URL_PASSWORD = re.compile(r"(//[^\s/@:?#\"]*):[^\s/\"]*@")
# A query parameter that carries a key ("?apikey=...", "&token=...").
_QUERY_KEY = re.compile(
    r"([?&](?:api_?key|apikey|key|token|access_token|password|pass|pw)=)[^&#\s\"']+",
    re.IGNORECASE,
)


def redact(text: str, *secrets: str | None) -> str:
    """Return text fit to show a user: no secret, URL password or query key.

    The one redaction used on every path to a user (messages, logs, action
    answers, events, repairs, diagnostics): each non-empty secret given is
    replaced, and so is the password of any URL in the text and the value
    of any query parameter that carries a key, whatever their value.
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _URL_PASSWORD.sub(rf"\1:{REDACTED}@", text)
    return _QUERY_KEY.sub(rf"\1{REDACTED}", text)


class ArrInvalidURLError(ArrError):
    """The URL given for a service is not a usable http(s) URL."""
