"""What listens where on this machine, and why ``localhost:PORT`` does not answer.

:func:`listening_sockets` reads the kernel's socket tables (Linux: ``/proc/net/tcp``,
``tcp6``, ``udp``, ``udp6``, and ``/proc/*/fd`` for the owning process, where readable).
:func:`diagnose` runs the checklist people run by hand with ``ss``, ``getent`` and
``curl -v``: what ``localhost`` resolves to and in which order, what listens on the port
and on which addresses, whether a connection to each resolved address succeeds (loopback
only: nothing is ever sent elsewhere), and what to change. :func:`health` checks the
machine itself: the hosts file's ``localhost``, IPv6, services exposed on all interfaces.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from typing import Literal

from ._address import Address
from .classify import is_loopback, is_unspecified
from .errors import LoopbackError

__all__ = ["Check", "ListeningSocket", "diagnose", "health", "listening_sockets"]

Exposure = Literal["loopback", "all_interfaces", "specific_address"]
Status = Literal["pass", "warn", "fail"]

_TABLES: tuple[tuple[Literal["tcp", "udp"], int, str], ...] = (
    ("tcp", 4, "/proc/net/tcp"),
    ("tcp", 6, "/proc/net/tcp6"),
    ("udp", 4, "/proc/net/udp"),
    ("udp", 6, "/proc/net/udp6"),
)
_TCP_LISTEN = "0A"
_UDP_UNCONNECTED = "07"


@dataclass(frozen=True)
class ListeningSocket:
    """A listening TCP socket or a bound, unconnected UDP socket."""

    __slots__ = ("address", "exposure", "port", "process", "protocol")

    #: ``"tcp"`` or ``"udp"``.
    protocol: Literal["tcp", "udp"]
    #: The address it is bound to (``0.0.0.0`` or ``::`` for all interfaces).
    address: Address
    #: The port.
    port: int
    #: Who can reach it: ``"loopback"`` (only this machine), ``"all_interfaces"`` (every
    #: network) or ``"specific_address"`` (one address's network); the words of
    #: ``loopback.lint``.
    exposure: Exposure
    #: ``"name (pid)"`` of the owning process where readable, else ``None``.
    process: str | None


@dataclass(frozen=True)
class Check:
    """One line of a diagnosis: pass, warn or fail, what was checked, and what to do."""

    __slots__ = ("detail", "fix", "status", "title")

    status: Status
    title: str
    detail: str
    fix: str | None


def _exposure(address: Address) -> Exposure:
    if is_loopback(address):
        return "loopback"
    if is_unspecified(address):
        return "all_interfaces"
    return "specific_address"


def _hex_address(text: str, version: int) -> Address:
    """The kernel's hex address: 32-bit words in host (little-endian) byte order."""
    raw = bytes.fromhex(text)
    words = (
        b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
        if sys.byteorder == "little"
        else raw
    )
    return Address.from_packed(words) if version == 6 else Address.from_packed(words[:4])


def _owners() -> dict[str, str]:
    """Socket inode -> "name (pid)", from /proc/*/fd (only what this user may read)."""
    owners: dict[str, str] = {}
    try:
        pids = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:  # pragma: no cover - /proc exists wherever the tables do
        return owners
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
                name = comm.read().strip()
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    owners.setdefault(target[8:-1], f"{name} ({pid})")
        except OSError:  # a process that ended, or that is not ours to read
            continue
    return owners


def listening_sockets(*, processes: bool = True) -> list[ListeningSocket]:
    """Every listening TCP socket and bound UDP socket on this machine (Linux).

    :param processes: find each socket's process (reads ``/proc/*/fd``; only processes
        this user may inspect are found).
    :raises LoopbackError: not Linux, or the tables cannot be read.
    """
    if not os.path.exists("/proc/net/tcp"):
        raise LoopbackError(
            "listening sockets are read from /proc/net, which is not here (Linux only)"
        )
    owners = _owners() if processes else {}
    found = []
    for protocol, version, path in _TABLES:
        try:
            with open(path, encoding="ascii") as table:
                rows = table.read().splitlines()[1:]
        except OSError:
            continue  # no IPv6 here, for instance
        wanted = _TCP_LISTEN if protocol == "tcp" else _UDP_UNCONNECTED
        for row in rows:
            fields = row.split()
            if len(fields) < 10 or fields[3] != wanted:
                continue
            host, _, port = fields[1].partition(":")
            address = _hex_address(host, version)
            owner = owners.get(fields[9])
            found.append(
                ListeningSocket(protocol, address, int(port, 16), _exposure(address), owner)
            )
    return sorted(found, key=lambda s: (s.port, s.protocol, s.address))


def _resolve_localhost(port: int) -> list[Address]:
    """What ``localhost`` resolves to here, in the order clients try it."""
    try:
        infos = socket.getaddrinfo("localhost", port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    out: list[Address] = []
    for *_, sockaddr in infos:
        address = Address(str(sockaddr[0]).split("%", 1)[0])
        if address not in out:
            out.append(address)
    return out


def _connects(address: Address, port: int, timeout: float) -> bool:
    """Whether a TCP connection to a loopback ``address`` succeeds (never anything else)."""
    if not is_loopback(address):  # pragma: no cover - localhost resolving elsewhere: not tried
        return False
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((str(address), port)) == 0


def _shown(value: object) -> str:
    """A short repr for a message (a huge number's repr would raise)."""
    if type(value) is int and value.bit_length() > 64:
        return "a number out of range"
    return repr(value)[:40]


def _where(address: Address, port: int) -> str:
    return f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"


def diagnose(port: int, *, timeout: float = 1.0) -> list[Check]:
    """Why ``localhost:port`` does (not) answer: each step with pass, warn or fail and a fix.

    :raises LoopbackError: ``port`` is not a TCP port number, or ``timeout`` is not a
        number of seconds above 0 and at most 60.
    """
    if type(port) is not int or not 0 < port < 65536:
        raise LoopbackError(f"not a TCP port: {_shown(port)} (1 to 65535)")
    if type(timeout) not in (int, float) or not 0 < timeout <= 60:
        raise LoopbackError(
            f"not a timeout in seconds (more than 0, at most 60): {_shown(timeout)}"
        )
    checks = []
    resolved = _resolve_localhost(port)
    if not resolved:
        checks.append(
            Check(
                "fail",
                "localhost resolves",
                "localhost resolves to nothing",
                "add '127.0.0.1 localhost' and '::1 localhost' to the hosts file",
            )
        )
    elif not all(map(is_loopback, resolved)):
        others = ", ".join(str(a) for a in resolved if not is_loopback(a))
        checks.append(
            Check(
                "fail",
                "localhost resolves",
                f"localhost resolves to {others}, which is not loopback",
                "point localhost at 127.0.0.1 and ::1 in the hosts file",
            )
        )
    else:
        order = ", then ".join(str(a) for a in resolved)
        checks.append(Check("pass", "localhost resolves", f"localhost resolves to {order}", None))
    listeners = [s for s in _tcp_listeners(checks, "listeners") if s.port == port]
    if listeners:
        where = ", ".join(
            _where(s.address, s.port) + (f" by {s.process}" if s.process else "") for s in listeners
        )
        checks.append(Check("pass", "something listens", f"listening on {where}", None))
        exposed = [s for s in listeners if s.exposure != "loopback"]
        if exposed:
            where = ", ".join(_where(s.address, s.port) for s in exposed)
            checks.append(
                Check(
                    "warn",
                    "exposure",
                    f"{where} is reachable from other machines",
                    "bind 127.0.0.1 and ::1 instead, unless other machines should reach it",
                )
            )
    else:
        checks.append(
            Check(
                "fail",
                "something listens",
                f"nothing listens on TCP port {port}",
                "start the server, or check the port it uses",
            )
        )
    answered = []
    for address in resolved:
        if not is_loopback(address):  # pragma: no cover - reported above; never contacted
            continue
        if _connects(address, port, timeout):
            answered.append(address)
            checks.append(
                Check(
                    "pass",
                    f"connect to {address}",
                    f"{_where(address, port)} accepts connections",
                    None,
                )
            )
        else:
            fix = _fix_for(address, port, listeners)
            status: Status = "warn" if answered or len(resolved) > 1 else "fail"
            checks.append(
                Check(
                    status,
                    f"connect to {address}",
                    f"{_where(address, port)} refuses connections",
                    fix,
                )
            )
    if resolved and not answered:
        checks.append(
            Check(
                "fail", "localhost answers", f"no address of localhost answers on port {port}", None
            )
        )
    elif resolved and resolved[0] not in answered:
        checks.append(
            Check(
                "warn",
                "localhost answers",
                f"clients that try {resolved[0]} first wait for a refusal, then try {answered[0]}",
                f"make the server listen on {resolved[0]} too (both 127.0.0.1 and ::1)",
            )
        )
    return checks


def _fix_for(address: Address, port: int, listeners: list[ListeningSocket]) -> str:
    if any(s.address.version == address.version for s in listeners):
        return f"the server listens on another IPv{address.version} address: bind {address}"
    other = "127.0.0.1" if address.version == 6 else "::1"
    if listeners:
        family = 6 if address.version == 4 else 4
        use = _where(Address(other), port)
        return f"the server listens on IPv{family} only: bind {address} too, or use {use}"
    return "start the server"


def _tcp_listeners(checks: list[Check], title: str) -> list[ListeningSocket]:
    """This machine's TCP listeners, or none and a warning ``title`` where it cannot tell."""
    try:
        return [s for s in listening_sockets() if s.protocol == "tcp"]
    except LoopbackError as error:  # pragma: no cover - not Linux
        checks.append(Check("warn", title, str(error), None))
        return []


def health() -> list[Check]:
    """This machine's checks, without a port: localhost in the hosts file, IPv6, exposure."""
    from .hosts import HostsFile  # noqa: PLC0415 - the hosts module only when checked

    checks = []
    try:
        hosts = HostsFile.load()
    except LoopbackError as error:
        checks.append(Check("warn", "hosts file", str(error), None))
    else:
        v4 = hosts.lookup("localhost", socket.AF_INET, multi=False)
        v6 = hosts.lookup("localhost", socket.AF_INET6, multi=False)
        names = {4: v4, 6: v6}
        for version, found in names.items():
            if not found:
                checks.append(
                    Check(
                        "warn",
                        f"localhost (IPv{version})",
                        f"the hosts file has no IPv{version} localhost line",
                        f"add '{'127.0.0.1' if version == 4 else '::1'} localhost'",
                    )
                )
            elif not all(map(is_loopback, found)):
                checks.append(
                    Check(
                        "fail",
                        f"localhost (IPv{version})",
                        f"the hosts file points localhost to {found[0]}",
                        "point it at loopback",
                    )
                )
            else:
                checks.append(
                    Check(
                        "pass",
                        f"localhost (IPv{version})",
                        f"localhost is {found[0]} in the hosts file",
                        None,
                    )
                )
        first = hosts.lookup("localhost", multi=False)
        if first and first[0].version == 6 and v4:
            checks.append(
                Check(
                    "warn",
                    "localhost order",
                    "::1 comes first for localhost: with multi off, getaddrinfo answers only ::1",
                    "servers should listen on ::1 as well as 127.0.0.1",
                )
            )
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        checks.append(Check("pass", "IPv6 loopback", "::1 can be bound", None))
    except OSError as error:  # pragma: no cover - machines without IPv6
        checks.append(
            Check(
                "warn",
                "IPv6 loopback",
                f"::1 cannot be bound ({error.strerror})",
                "servers reachable as localhost need 127.0.0.1 only here",
            )
        )
    exposed = [s for s in _tcp_listeners(checks, "exposed services") if s.exposure != "loopback"]
    if exposed:
        where = ", ".join(
            _where(s.address, s.port) + (f" ({s.process})" if s.process else "") for s in exposed
        )
        checks.append(
            Check(
                "warn",
                "exposed services",
                f"listening beyond loopback: {where}",
                "bind 127.0.0.1 and ::1 unless other machines should reach them",
            )
        )
    else:
        checks.append(Check("pass", "exposed services", "every TCP listener is on loopback", None))
    if (
        os.path.exists("/.dockerenv")
        or "docker" in _read("/proc/1/cgroup")
        or "kubepods" in _read("/proc/1/cgroup")
    ):
        checks.append(
            Check(
                "warn",
                "container",
                "this is a container: localhost here is not the host's localhost",
                "publish the port (docker -p 127.0.0.1:PORT:PORT) to reach it from the host",
            )
        )
    return checks


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""
