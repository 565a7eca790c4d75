"""What listens where on this machine, and why ``localhost:PORT`` does not answer.

Facts, then judgement: :mod:`loopback.doctor._system` reads this machine (the kernel's
socket tables on Linux; ``lsof`` and ``netstat`` on macOS; ``netstat`` and
``Get-NetTCPConnection`` on Windows; name resolution; one connection attempt per loopback
address, never anything else), and pure functions judge the facts:

* :func:`diagnose` runs the checklist people run by hand with ``ss``, ``getent`` and
  ``curl -v``: what the host resolves to and in which order, what listens on the port (TCP
  and UDP), how each connection attempt ends (accepted, refused, timed out, address not
  available, unreachable, blocked), and what to change, for the clients that matter and
  the dev server found; :func:`judge_port` is its judgement on given :class:`PortFacts`.
* :func:`health` checks the machine: the hosts file's ``localhost``, IPv6, services
  exposed on all interfaces, WSL (inside it, and its distributions seen from Windows),
  containers, Docker's published ports;
  :func:`judge_machine` is its judgement on :class:`MachineFacts`.
* :func:`listening_sockets` lists this machine's listeners; :func:`read_listeners` reads
  the same records from saved output of ``ss``, ``lsof``, macOS or Windows ``netstat``, or
  ``Get-NetTCPConnection``, so output pasted from another machine can be judged too.
"""

from __future__ import annotations

import sys

from .._address import parse_address
from ..classify import is_localhost_name, is_loopback
from ..errors import AddressError, DoctorError, ListenerFormatError
from . import _gather, _system
from ._advice import CLIENTS, FRAMEWORKS, SQUATTERS, Client, Framework, Squatter
from ._judge import MachineFacts, check_client, judge_machine, judge_port, shown
from ._readers import TOOLS, guess_tool, read_docker_ps, read_listeners
from ._records import (
    Attempt,
    Check,
    Environment,
    Exposure,
    ListeningSocket,
    Outcome,
    PortFacts,
    Published,
    Status,
    WslDistro,
)
from ._target import read_target

__all__ = [
    "CLIENTS",
    "FRAMEWORKS",
    "SQUATTERS",
    "TOOLS",
    "Attempt",
    "Check",
    "Client",
    "DoctorError",
    "Environment",
    "Exposure",
    "Framework",
    "ListenerFormatError",
    "ListeningSocket",
    "MachineFacts",
    "Outcome",
    "PortFacts",
    "Published",
    "Squatter",
    "Status",
    "WslDistro",
    "check_host",
    "diagnose",
    "guess_tool",
    "health",
    "judge_machine",
    "judge_port",
    "listening_sockets",
    "read_docker_ps",
    "read_listeners",
    "read_target",
]

#: The default connect timeout: Windows answers a refused loopback connection only after
#: retrying the SYN for about 2 seconds, so it gets more.
DEFAULT_TIMEOUT = 3.0 if sys.platform == "win32" else 1.0


def listening_sockets(
    *, processes: bool = True, notes: list[str] | None = None
) -> list[ListeningSocket]:
    """Every listening TCP socket and bound UDP socket on this machine, sorted.

    Linux reads ``/proc/net``; macOS runs ``lsof`` and ``netstat``; Windows runs
    ``netstat -ano`` or ``Get-NetTCPConnection`` and ``tasklist``.

    :param processes: find each socket's process (on Linux, only processes this user may
        inspect are found).
    :param notes: a list to append what is missing to (a tool not installed, owners that
        need more privileges).
    :raises DoctorError: no tool here can tell (the message says which are missing).
    """
    found, note = _system.listeners(_system.this_system(), processes=processes)
    if found is None:
        raise DoctorError(f"cannot list listening sockets: {note}")
    if note is not None and notes is not None:
        notes.append(note)
    return sorted(found, key=lambda s: (s.port, s.protocol, s.address, s.pid or 0))


def check_host(host: object) -> str:
    """``host`` if it is a localhost name or a loopback address (brackets allowed).

    >>> check_host("[::1]")
    '[::1]'
    >>> check_host("example.com")
    Traceback (most recent call last):
      ...
    loopback.errors.DoctorError: doctor diagnoses this machine only: 'example.com' is not ...

    :raises DoctorError: anything else (doctor never connects elsewhere).
    """
    if isinstance(host, str) and host:
        text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        try:
            local = is_loopback(parse_address(text))
        except AddressError:
            local = is_localhost_name(text)
        if local:
            return host
    raise DoctorError(
        f"doctor diagnoses this machine only: {shown(host)} is not a localhost name or "
        "loopback address"
    )


def _checked(port: object, timeout: object) -> tuple[int, float]:
    if type(port) is not int or not 0 < port < 65536:
        raise DoctorError(f"not a TCP port: {shown(port)} (1 to 65535)")
    if timeout is None:
        return port, DEFAULT_TIMEOUT
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout <= 60:
        raise DoctorError(f"not a timeout in seconds (more than 0, at most 60): {shown(timeout)}")
    return port, float(timeout)


def diagnose(
    port: int,
    *,
    host: str = "localhost",
    hosts_file: str | None = None,
    timeout: float | None = None,
    client: str | None = None,
) -> list[Check]:
    """Why ``host:port`` does (not) answer: each step with its status and a fix.

    :param host: a localhost name (``localhost``, ``app.localhost``) or a loopback address.
    :param hosts_file: resolve the name from this hosts file instead of the system resolver.
    :param timeout: seconds to wait for each connection (default 1, 3 on Windows).
    :param client: focus the client advice on one client of :data:`CLIENTS`
        (``node``, ``browser``, ``curl``, ``python``, ``wget``).
    :raises DoctorError: ``port`` is not a TCP port number, ``timeout`` is not a number of
        seconds above 0 and at most 60, ``host`` is not local, ``client`` is unknown, or
        the hosts file cannot be read (:class:`~loopback.errors.HostsFileError`).
    """
    port, seconds = _checked(port, timeout)
    check_host(host)
    check_client(client)
    facts = _gather.port_facts(host, port, hosts_file=hosts_file, timeout=seconds)
    return judge_port(facts, client=client)


def health(*, hosts_file: str | None = None) -> list[Check]:
    """This machine's checks, without a port: localhost, IPv6, exposure, environment.

    :param hosts_file: judge this hosts file instead of the system's (the system
        resolver is then not asked).
    """
    return judge_machine(_gather.machine_facts(hosts_file=hosts_file))
