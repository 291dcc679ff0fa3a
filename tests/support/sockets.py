"""Opening sockets from a session fixture, past Home Assistant's socket block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
import socket

import pytest_socket


@contextmanager
def sockets_allowed() -> Iterator[None]:
    """Let this process open sockets (still only to 127.0.0.1) for a moment.

    Home Assistant's test plugin blocks socket creation before every test;
    a session fixture is set up before any test's `socket_enabled`, so it
    lifts the block itself and puts it back as it was.
    """
    blocked = socket.socket is not pytest_socket._true_socket
    pytest_socket.enable_socket()
    try:
        yield
    finally:
        if blocked:
            pytest_socket.disable_socket(allow_unix_socket=True)
