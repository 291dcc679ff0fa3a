"""Errors raised by the arr stack clients.

Every message says what went wrong in words a user can act on and never
contains an API key: the clients build messages from the URL without its
query string, and `redact` strips a key from any text a server echoes back.
"""

from __future__ import annotations


class ArrError(Exception):
    """Base class of every error the arr clients raise."""


class ArrConnectionError(ArrError):
    """The service could not be reached (refused, DNS, TLS, reset)."""


class ArrTimeoutError(ArrConnectionError):
    """The service did not answer in time."""


class ArrTLSError(ArrConnectionError):
    """The TLS handshake failed (bad certificate or not an HTTPS server)."""


class ArrAuthError(ArrError):
    """The service rejected the API key."""


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


def redact(text: str, *secrets: str | None) -> str:
    """Return text with every non-empty secret replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "**REDACTED**")
    return text


class ArrInvalidURLError(ArrError):
    """The URL given for a service is not a usable http(s) URL."""
