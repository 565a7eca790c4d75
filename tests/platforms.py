"""What this system lets the tests do, for those that need more than every system has.

The platform markers (``linux_only``, ``posix_only``, ``windows_only``: tests/conftest.py)
skip by system; the helpers here skip by what a probe finds.
"""

from __future__ import annotations

import socket

import pytest

__all__ = ["bindable", "needs_loopback_alias"]


def bindable(host: str) -> bool:
    """Whether a socket can be bound to ``host`` (a loopback address) here."""
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
    except OSError:  # pragma: no cover - macOS and the BSDs: only 127.0.0.1 until aliased
        return False
    return True


def needs_loopback_alias(host: str) -> pytest.MarkDecorator:
    """Skip unless ``host`` can be bound: Linux and Windows answer on all of 127.0.0.0/8,
    macOS and the BSDs on 127.0.0.1 and the addresses added to ``lo0``."""
    return pytest.mark.skipif(
        not bindable(host),
        reason=f"{host} cannot be bound here (macOS: sudo ifconfig lo0 alias {host} up)",
    )
