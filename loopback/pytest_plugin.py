"""The pytest plugin (entry point ``pytest11``): loopback fixtures and a network guard.

Fixtures: ``free_port`` (a port number no other test was given), ``loopback_socket`` (a TCP
socket bound to ``127.0.0.1``, closed after the test), ``loopback_host`` (a
``127.x.y.z`` address of this test's own, disjoint across pytest-xdist workers) and
``localhost_sockets`` (``127.0.0.1`` and ``::1`` on one port).

Guard: ``--loopback-only`` (every test) or ``@pytest.mark.loopback_only`` (one test) fails
a test that binds a non-loopback address or connects anywhere but loopback, naming the
call. It watches ``socket.socket.bind``, ``connect``, ``connect_ex``, ``sendto`` and ``sendmsg``
while the test runs. Names under ``.localhost`` pass as local (RFC 6761), though a
resolver could still send them elsewhere.

The plugin imports nothing heavy until a fixture or the guard is used.
"""

from __future__ import annotations

import socket
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any, Callable

import pytest

if TYPE_CHECKING:
    from ._address import Address

__all__ = [
    "free_port",
    "localhost_sockets",
    "loopback_host",
    "loopback_socket",
    "pytest_addoption",
    "pytest_configure",
]

#: The socket methods the guard watches, and where each takes its address.
_GUARDED = {"bind": 0, "connect": 0, "connect_ex": 0, "sendto": -1, "sendmsg": 3}


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--loopback-only``: fail any test that leaves loopback."""
    group = parser.getgroup("loopback")
    group.addoption(
        "--loopback-only",
        action="store_true",
        default=False,
        help="fail tests that bind or connect to anything but loopback addresses",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``loopback_only`` marker."""
    config.addinivalue_line(
        "markers", "loopback_only: fail the test if it binds or connects beyond loopback"
    )


@pytest.fixture
def free_port() -> int:
    """A port number on 127.0.0.1 that no other caller of free_port was given."""
    from .bind import free_port as pick  # noqa: PLC0415 - the plugin stays light until used

    return pick()


@pytest.fixture
def loopback_socket() -> Iterator[socket.socket]:
    """A TCP socket bound to 127.0.0.1 on a port of its own; closed after the test."""
    from .bind import bind_loopback  # noqa: PLC0415 - the plugin stays light until used

    sock = bind_loopback()
    try:
        yield sock
    finally:
        sock.close()


@pytest.fixture
def localhost_sockets() -> Iterator[list[socket.socket]]:
    """TCP sockets on 127.0.0.1 and ::1 with one port (IPv4 alone without IPv6)."""
    from .bind import bind_localhost  # noqa: PLC0415 - the plugin stays light until used

    socks = bind_localhost()
    try:
        yield socks
    finally:
        for sock in socks:
            sock.close()


class _Hosts:
    """Hands out this worker's loopback hosts, one after another."""

    def __init__(self) -> None:
        self.given = 0

    def next(self) -> Address:
        from .bind import loopback_hosts  # noqa: PLC0415 - the plugin stays light until used

        self.given += 1
        return loopback_hosts(self.given)[-1]


@pytest.fixture(scope="session")
def _loopback_host_allocator() -> _Hosts:
    return _Hosts()


@pytest.fixture
def loopback_host(_loopback_host_allocator: _Hosts) -> Address:
    """A 127.x.y.z address no other test of this session (on any xdist worker) gets."""
    return _loopback_host_allocator.next()


class LoopbackGuardError(AssertionError):
    """A test bound or connected beyond loopback while the loopback guard was on."""


#: What the guarded test did beyond loopback, in order (a test may swallow the error).
_VIOLATIONS: list[str] = []


def _check(call: str, sock: socket.socket, address: Any) -> None:  # noqa: ANN401 - any sockaddr
    """Raise if ``address`` for ``sock`` is not loopback (AF_INET and AF_INET6 only)."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("latin-1")
    from .classify import is_localhost_name, is_loopback  # noqa: PLC0415 - only when used
    from .errors import AddressError  # noqa: PLC0415 - only when used

    if isinstance(host, str) and is_localhost_name(host):
        return
    try:
        if isinstance(host, str) and is_loopback(host.split("%", 1)[0], lenient=True):
            return
    except AddressError:
        pass
    message = f"socket.{call}({address!r}) leaves loopback (the loopback guard is on)"
    _VIOLATIONS.append(message)
    raise LoopbackGuardError(message)


def _guarded(call: str, original: Callable[..., Any], at: int) -> Callable[..., Any]:
    """``original``, checking the address it takes as argument ``at`` first."""

    def method(self: socket.socket, *args: Any) -> Any:  # noqa: ANN401
        if at < len(args) and (at >= 0 or args):  # sendmsg without an address: connected
            _check(call, self, args[at])
        return original(self, *args)

    method.__name__ = call
    return method


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Watch the test's sockets when the guard is on for it.

    A violation raises in the call itself, and fails the test afterwards too, in case the
    test swallowed the error.
    """
    if not (item.config.getoption("loopback_only") or item.get_closest_marker("loopback_only")):
        return (yield)
    originals = {name: getattr(socket.socket, name) for name in _GUARDED}
    for name, original in originals.items():
        setattr(socket.socket, name, _guarded(name, original, _GUARDED[name]))
    del _VIOLATIONS[:]
    try:
        result = yield
    finally:
        for name, original in originals.items():
            setattr(socket.socket, name, original)
    if _VIOLATIONS:
        raise LoopbackGuardError("; ".join(_VIOLATIONS))
    return result
