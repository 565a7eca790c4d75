"""The plain values doctor works with: listeners, connection attempts, facts, checks.

Facts are gathered by :mod:`._system` (the only I/O) and judged by :mod:`._judge` (pure
functions); the records here are what passes between them, and what users get back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .._address import Address
from ..classify import is_loopback, is_unspecified

__all__ = [
    "Attempt",
    "Check",
    "Environment",
    "Exposure",
    "ListeningSocket",
    "Outcome",
    "PortFacts",
    "Published",
    "Status",
    "WslDistro",
    "exposure",
    "where",
]

#: Who can reach a socket: this machine only, every network, or one address's network.
Exposure = Literal["loopback", "all_interfaces", "specific_address"]
#: How a check ended; ``note`` is information that needs no action.
Status = Literal["pass", "note", "warn", "fail"]
#: How a TCP connection attempt ended.
Outcome = Literal[
    "accepted", "refused", "timed out", "address not available", "unreachable", "blocked", "error"
]


def exposure(address: Address) -> Exposure:
    """Who can reach a socket bound to ``address``."""
    if is_loopback(address):
        return "loopback"
    if is_unspecified(address):
        return "all_interfaces"
    return "specific_address"


def where(address: Address, port: int) -> str:
    """``127.0.0.1:80`` or ``[::1]:80``."""
    return f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"


@dataclass(frozen=True)
class ListeningSocket:
    """A listening TCP socket or a bound, unconnected UDP socket.

    A socket on every interface has the address ``0.0.0.0`` (IPv4) or ``::`` (IPv6, which
    on most systems takes IPv4 connections too).
    """

    #: ``"tcp"`` or ``"udp"``.
    protocol: Literal["tcp", "udp"]
    #: The address it is bound to (``0.0.0.0`` or ``::`` for all interfaces).
    address: Address
    #: The port.
    port: int
    #: The owning process's name where the tool or the system tells, else ``None``.
    name: str | None = None
    #: The owning process's id where known, else ``None``.
    pid: int | None = None
    #: Connections waiting to be accepted (Linux and ``ss``: the accept queue), if known.
    queued: int | None = None
    #: The accept queue's limit (the ``listen()`` backlog), if known.
    backlog: int | None = None
    #: The owning process's command line where readable (Linux), else ``None``.
    command: str | None = field(default=None, compare=False)

    @property
    def exposure(self) -> Exposure:
        """Who can reach it: ``loopback``, ``all_interfaces`` or ``specific_address``."""
        return exposure(self.address)

    @property
    def process(self) -> str | None:
        """``"name (pid)"``, ``"name"`` or ``"pid N"``, whatever is known; else ``None``."""
        if self.name is not None and self.pid is not None:
            return f"{self.name} ({self.pid})"
        if self.name is not None:
            return self.name
        return None if self.pid is None else f"pid {self.pid}"

    @property
    def full(self) -> bool:
        """Whether its accept queue is full (new connections wait, then time out)."""
        if self.queued is None or self.backlog is None:
            return False
        return self.queued > 0 and self.queued >= self.backlog


@dataclass(frozen=True)
class Attempt:
    """One TCP connection attempt to a loopback address, and how it ended."""

    #: The address tried.
    address: Address
    #: The port tried.
    port: int
    #: ``accepted``, ``refused``, ``timed out``, ``address not available``,
    #: ``unreachable``, ``blocked`` (a firewall rule here said no) or ``error``.
    outcome: Outcome
    #: The system's words for a failure (``strerror``), else ``None``.
    reason: str | None = None


@dataclass(frozen=True)
class Published:
    """A port Docker publishes on the host (one ``docker ps`` mapping)."""

    #: The container's name.
    container: str
    #: The host address it is published on (``0.0.0.0`` or ``::``: every interface).
    address: Address
    #: The host port.
    port: int
    #: The port inside the container.
    target: int
    #: ``"tcp"`` or ``"udp"``.
    protocol: Literal["tcp", "udp"]


@dataclass(frozen=True)
class WslDistro:
    """A WSL distribution as Windows lists it (``wsl.exe --list --verbose``)."""

    #: Its name (``Ubuntu``, ``docker-desktop``).
    name: str
    #: Its state as printed: ``Running``, ``Stopped``, ... (translated in other languages).
    state: str
    #: The WSL version it runs under: 1 or 2.
    version: int
    #: Whether it is the default distribution (``*``).
    default: bool = False
    #: Whether it runs; ``None`` where the state is in a language doctor does not read.
    running: bool | None = None


@dataclass(frozen=True)
class Environment:
    """Where doctor runs: the OS, WSL, a container, Docker on the host."""

    #: ``"linux"``, ``"macos"``, ``"windows"`` or ``"other"``.
    system: Literal["linux", "macos", "windows", "other"] = "linux"
    #: 1 or 2 inside WSL, else ``None``.
    wsl: int | None = None
    #: WSL 2's networking mode (``nat``, ``mirrored``, ``virtioproxy``, ...), if known
    #: (inside WSL 2, or on Windows from ``.wslconfig``).
    wsl_networking: str | None = None
    #: WSL 2's ``localhostForwarding`` setting, if ``.wslconfig`` says (default on).
    wsl_forwarding: bool | None = None
    #: ``"docker"``, ``"podman"``, ``"kubernetes"`` or another runtime inside a
    #: container, else ``None``.
    container: str | None = None
    #: Ports Docker publishes on this host (``docker ps``), ``None`` where unknown.
    published: tuple[Published, ...] | None = None
    #: On Windows, its WSL distributions (``wsl.exe --list --verbose``; empty: none),
    #: ``None`` elsewhere or where WSL could not tell. ``wsl_networking`` and
    #: ``wsl_forwarding`` are then what ``%UserProfile%\\.wslconfig`` says.
    wsl_distros: tuple[WslDistro, ...] | None = None
    #: On Windows, why WSL ignores ``%UserProfile%\\.wslconfig`` (saved as UTF-16), and
    #: what it would have set; ``None`` where it is read (or absent).
    wsl_config_problem: str | None = None


@dataclass(frozen=True)
class PortFacts:
    """Everything :func:`diagnose` found out about one ``HOST:PORT``, before judging it."""

    #: The host as asked (``localhost``, ``127.0.0.1``, ``::1``, ``app.localhost``).
    host: str
    #: The port.
    port: int
    #: The host's addresses, in the order clients try them (empty: resolves to nothing).
    addresses: tuple[Address, ...]
    #: Who answered the name: ``"the system resolver"`` or ``"the hosts file PATH"``.
    resolver: str
    #: Every listener on the port, TCP and UDP; ``None`` where they cannot be read.
    listeners: tuple[ListeningSocket, ...] | None
    #: Why the listeners are unknown or incomplete (a missing tool, privileges).
    listeners_note: str | None
    #: One connection attempt per loopback address (others are never contacted).
    attempts: tuple[Attempt, ...]
    #: Where this runs.
    environment: Environment = field(default_factory=Environment)


@dataclass(frozen=True)
class Check:
    """One line of a diagnosis: its status, what was checked, what was found, what to do."""

    #: ``pass``, ``note``, ``warn`` or ``fail``.
    status: Status
    #: What was checked, short (``localhost resolves``).
    title: str
    #: What was found.
    detail: str
    #: What to do, or ``None``.
    fix: str | None = None
