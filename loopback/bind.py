"""Binding safely: check bind addresses, bind loopback sockets, hand out ports and hosts.

* :func:`check_bind_address` reads every spelling a config may hold for a bind host and
  refuses, with the reason, what would expose the service beyond this machine.
* :func:`bind_loopback` binds one loopback socket; :func:`bind_localhost` binds
  ``127.0.0.1`` and ``::1`` on one port, because ``localhost`` is both for its clients.
* :func:`free_port` hands out a port number (free for TCP, UDP or both) that no other
  caller of it, in any process of the machine, has been given (a bound socket is better:
  :func:`bind_loopback` ``(0)``); :func:`reserve_port` holds one until the process it is
  for binds it.
* :func:`loopback_hosts` hands out distinct ``127.x.y.z`` addresses, disjoint per
  pytest-xdist worker, for multi-node clusters on one machine.

Socket options follow the OS: never ``SO_REUSEPORT`` (it lets another socket share the
port); no ``SO_REUSEADDR`` unless asked for (on Linux two sockets that both set it can bind
one port until one listens, so it would undo the reservation; ask for it, POSIX only, to
rebind a fixed port through TIME_WAIT after a restart), and never on Windows, where it lets
another process take the port (``exclusive=True`` asks for ``SO_EXCLUSIVEADDRUSE``
instead); ``IPV6_V6ONLY`` set explicitly, as its default differs between systems.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import tempfile
import time
from typing import Literal, Union

from ._address import Address
from ._host import is_localhost_name, read_bind_host
from ._strict import shown
from .classify import is_loopback
from .errors import BindError, UnsafeBindError

__all__ = [
    "CLAIMS_VARIABLE",
    "PortReservation",
    "PortType",
    "bind_localhost",
    "bind_loopback",
    "check_bind_address",
    "free_port",
    "loopback_hosts",
    "reserve_port",
]

_LOCALHOST = [Address("127.0.0.1"), Address("::1")]


def check_bind_address(
    host: str,
    *,
    allow_wildcard: bool = False,
    allow_public: bool = False,
    strip_whitespace: bool = True,
) -> list[Address]:
    """Check a bind host from a config; return the addresses binding it would use.

    The host is read by :func:`loopback.read_bind_host`, as every part of the package reads
    one: addresses (strict or as glibc reads them: ``127.1``, ``0x7f.1``), bracketed IPv6
    (``[::1]``), zone ids, localhost names (``localhost`` means ``127.0.0.1`` and ``::1``),
    the wildcard spellings ``""``, ``*``, ``0``, ``0.0.0.0``, ``::``, ``[::]`` and
    ``::ffff:0.0.0.0``, and host names. Digits and dots that no parser reads
    (``1.2.3.999``) are a mistake, not a name.

    >>> check_bind_address("localhost")
    [Address('127.0.0.1'), Address('::1')]
    >>> check_bind_address("0x7f.1")
    [Address('127.0.0.1')]
    >>> check_bind_address("*", allow_wildcard=True)
    [Address('0.0.0.0'), Address('::')]

    :param allow_wildcard: accept binding every interface.
    :param allow_public: accept a specific address that is not loopback, and host names
        (which are not resolved: they answer ``[]``, since what they bind depends on DNS).
    :param strip_whitespace: strip ASCII white space around the host first (the default,
        as config readers do); with ``False`` it makes the host invalid, as
        ``getaddrinfo`` reads it.
    :raises UnsafeBindError: the host exposes the service and that was not allowed, or is
        not a host at all; the message says what to use instead.
    """
    if not isinstance(host, str):
        raise UnsafeBindError(shown(host), f"a bind host must be str, not {type(host).__name__}")
    reading = read_bind_host(host, strip_whitespace=strip_whitespace)
    kind = reading.kind
    if kind == "loopback" or (allow_public and kind in ("address", "name")):
        return list(reading.addresses)
    if kind == "wildcard":
        if allow_wildcard:
            return list(reading.addresses)
        families = " and ".join(map(str, reading.addresses))
        raise UnsafeBindError(
            host,
            f"binds every interface ({families}): the service is exposed on every network "
            "this machine is on; bind 127.0.0.1 and ::1 (localhost) instead, or "
            "allow_wildcard=True",
        )
    if kind == "address":
        raise UnsafeBindError(
            host,
            f"{reading.addresses[0]} is reachable from other machines; bind 127.0.0.1 or ::1 "
            "to stay on this one (or allow_public=True if that is the point)",
        )
    if kind == "name":
        raise UnsafeBindError(
            host,
            "not an address or localhost: what a name binds depends on name resolution; "
            "use 127.0.0.1 or ::1 (or allow_public=True to accept names)",
        )
    raise UnsafeBindError(host, f"not an address or localhost: {reading.reason}")


def _loopback_address(host: object) -> Address:
    """``host`` as one loopback address, or UnsafeBindError."""
    if isinstance(host, Address):
        address = host
    elif isinstance(host, str) and is_localhost_name(host):
        raise UnsafeBindError(
            host, "localhost is two addresses: use bind_localhost(), or 127.0.0.1 or ::1"
        )
    else:
        addresses = check_bind_address(host)  # type: ignore[arg-type]
        address = addresses[0]
    if not is_loopback(address):
        raise UnsafeBindError(
            str(address), "not a loopback address: bind_loopback binds loopback only"
        )
    if address.ipv4_mapped is not None:
        raise UnsafeBindError(
            str(address), f"an IPv4 address in IPv6 form: bind {address.ipv4_mapped} instead"
        )
    return address


def bind_loopback(
    port: int = 0,
    *,
    host: str | Address = "127.0.0.1",
    type: int = socket.SOCK_STREAM,  # noqa: A002 - the name socket.socket uses
    exclusive: bool = True,
    reuse_address: bool = False,
) -> socket.socket:
    """A socket bound to a loopback address (``127.0.0.1`` by default) and ``port``.

    Port 0 lets the kernel choose; read it with ``sock.getsockname()[1]``. The socket is
    yours to ``listen()`` on (TCP) or use (UDP), and to close.

    >>> sock = bind_loopback()
    >>> sock.getsockname()[0], sock.getsockname()[1] > 0
    ('127.0.0.1', True)
    >>> sock.close()

    :param exclusive: on Windows, set ``SO_EXCLUSIVEADDRUSE`` so no other socket can take
        the port; ignored elsewhere.
    :param reuse_address: set ``SO_REUSEADDR`` (POSIX only), to bind a fixed port that a
        previous run left in TIME_WAIT.
    :raises UnsafeBindError: ``host`` is not a loopback address.
    :raises BindError: the OS refused (port in use, address not configured, ...), or
        ``port`` is not a port number (an ``int`` from 0 to 65535) or ``type`` no socket type.
    """
    port = _port_number(port)
    kind: object = type  # checked as the object it is, whatever the annotation says
    if not isinstance(kind, int):
        raise BindError(f"a socket type must be an int such as SOCK_STREAM, not {shown(kind)}")
    address = _loopback_address(host)
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    try:
        sock = socket.socket(family, type)
    except OSError as error:
        raise _bind_error(error, address, port) from None
    try:
        _set_options(sock, family, exclusive=exclusive, reuse_address=reuse_address)
        sock.bind((str(address), port))
    except OSError as error:
        sock.close()
        raise _bind_error(error, address, port) from None
    return sock


def _port_number(port: object) -> int:
    """``port`` as a port number, or BindError: ``"8080"`` and ``70000`` are no ports."""
    if isinstance(port, int) and not isinstance(port, bool) and 0 <= port <= 65535:
        return int(port)
    raise BindError(f"a port must be an int from 0 to 65535, not {shown(port)}")


def _set_options(sock: socket.socket, family: int, *, exclusive: bool, reuse_address: bool) -> None:
    if sys.platform == "win32":  # pragma: win32 cover
        if exclusive:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
    elif reuse_address:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)


def _bind_error(error: OSError, address: Address, port: int) -> BindError:
    code = error.errno or 0
    where = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
    if code == errno.EADDRINUSE:
        message = f"{where} is in use"
    elif code == errno.EADDRNOTAVAIL and address.version == 4:
        message = f"{address} is not configured on this machine"
        if sys.platform != "linux":  # pragma: linux no cover - macOS has 127.0.0.1 only
            message += f": add it with 'sudo ifconfig lo0 alias {address} up'"
    elif code in (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL):
        message = f"IPv6 is not available here ({os.strerror(code)})"
    else:
        message = f"cannot bind {where}: {os.strerror(code) if code else error}"
    return BindError(code, message) if code else BindError(message)


def bind_localhost(port: int = 0, *, type: int = socket.SOCK_STREAM) -> list[socket.socket]:  # noqa: A002
    """Sockets on ``127.0.0.1`` and ``::1`` with the same port: what ``localhost`` means.

    A client's ``localhost`` may resolve to ``::1`` first; a server on ``127.0.0.1`` alone
    then looks dead to it. With port 0, the kernel picks the IPv4 port and the IPv6 socket
    takes the same number, retrying with a new port if that one is taken for IPv6. Where
    IPv6 is absent, only the IPv4 socket comes back.

    >>> socks = bind_localhost()
    >>> [s.getsockname()[0] for s in socks], len({s.getsockname()[1] for s in socks})
    (['127.0.0.1', '::1'], 1)
    >>> for s in socks: s.close()

    :raises BindError: the port is in use (for a fixed port), no port could be found, or
        ``port`` is not a port number (an ``int`` from 0 to 65535).
    """
    port = _port_number(port)
    for _ in range(1 if port else 50):
        first = bind_loopback(port, host=_LOCALHOST[0], type=type)
        chosen = first.getsockname()[1]
        try:
            second = bind_loopback(chosen, host=_LOCALHOST[1], type=type)
        except BindError as error:
            if error.errno != errno.EADDRINUSE:
                return [first]  # no IPv6 here: IPv4 alone
            first.close()
            if port:
                raise
            continue  # that port is taken for IPv6: let the kernel pick another
        return [first, second]
    raise BindError(errno.EADDRINUSE, "no port is free on both 127.0.0.1 and ::1")


# Ports handed out by this process, and the directory where processes record theirs.
_HANDED_OUT: set[int] = set()
#: How long a claim holds: long enough to bind what you were given, short enough that
#: busy test suites do not run out of the ports the kernel hands out (on Linux, bind(0)
#: picks from the odd ports only: about 14,000).
_RESERVATION_SECONDS = 60
#: The environment variable naming the claims directory, for processes that must agree
#: on one elsewhere (another machine's view, a sandbox without ``/tmp``).
CLAIMS_VARIABLE = "LOOPBACK_PORT_CLAIMS"


_PRUNED: set[str] = set()


def _shared_directory() -> str:
    """Where every process of this machine keeps its claims, whatever its ``TMPDIR``.

    ``$LOOPBACK_PORT_CLAIMS``, else ``/tmp/loopback-ports`` (made world-writable and sticky,
    as ``/tmp`` is, so that every user's processes claim in one place); ports belong to the
    machine, not to a user or a temporary directory.
    """
    chosen = os.environ.get(CLAIMS_VARIABLE)
    if chosen:
        return chosen
    if sys.platform == "win32":  # pragma: win32 cover
        root = os.environ.get("PROGRAMDATA") or tempfile.gettempdir()
        return os.path.join(root, "loopback-ports")
    return "/tmp/loopback-ports"  # noqa: S108  # pragma: win32 no cover - one place for the machine


def _reservation_directory() -> str:
    """The claims directory, made if missing; its lapsed claims are removed once per process.

    A directory that cannot be used (not a directory, a symbolic link, not writable) is
    replaced by one of this user's own in the temporary directory.
    """
    path = _shared_directory()
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return _private_directory()
    else:
        os.chmod(path, 0o1777)  # noqa: S103 - every user claims here; sticky as /tmp is
    if os.path.islink(path) or not os.path.isdir(path) or not os.access(path, os.W_OK | os.X_OK):
        return _private_directory()
    if path not in _PRUNED:  # claims of periods that no longer count can go
        _PRUNED.add(path)
        oldest = _bucket() - 1
        for entry in os.listdir(path):
            period = entry.rpartition("-")[2]
            if not period.isdigit() or int(period) < oldest:
                with contextlib.suppress(OSError):  # another user's claim: theirs to remove
                    os.unlink(os.path.join(path, entry))
    return path


def _private_directory() -> str:
    user = os.getuid() if hasattr(os, "getuid") else 0
    path = os.path.join(tempfile.gettempdir(), f"loopback-ports-{user}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _bucket() -> int:
    """The current claim period: claims are files named ``PORT-PERIOD``."""
    return int(time.time() // _RESERVATION_SECONDS)


def _reserve(port: int) -> bool:
    """Claim ``port`` in the shared directory; False if another claim stands.

    A claim of this period or the one before stands. Claims are never taken over or deleted
    while they count, so two processes can never both win: only one ``O_EXCL`` create of a
    name succeeds.
    """
    directory = _reservation_directory()
    now = _bucket()
    if os.path.exists(os.path.join(directory, f"{port}-{now - 1}")):
        return False
    try:
        fd = os.open(
            os.path.join(directory, f"{port}-{now}"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644
        )
    except FileExistsError:
        return False
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


#: What ``type=`` may say, and the socket types a port must be free for.
_TYPES: dict[object, tuple[int, ...]] = {
    socket.SOCK_STREAM: (socket.SOCK_STREAM,),
    socket.SOCK_DGRAM: (socket.SOCK_DGRAM,),
    "tcp": (socket.SOCK_STREAM,),
    "udp": (socket.SOCK_DGRAM,),
    "both": (socket.SOCK_STREAM, socket.SOCK_DGRAM),
}

PortType = Union[int, Literal["tcp", "udp", "both"]]


def _types(kind: object) -> tuple[int, ...]:
    types = (
        _TYPES.get(kind) if isinstance(kind, (int, str)) and not isinstance(kind, bool) else None
    )
    if types is None:
        raise BindError(
            errno.EINVAL,
            f"type must be socket.SOCK_STREAM, socket.SOCK_DGRAM, 'tcp', 'udp' or 'both', "
            f"not {shown(kind)}",
        )
    return types


def _pick(
    address: Address, types: tuple[int, ...], *, hold: bool
) -> tuple[int, list[socket.socket]]:
    """A port free for every one of ``types`` on ``address``, claimed; the probes if held.

    The kernel picks the port for the first type (``bind(0)`` without ``SO_REUSEADDR``,
    which would halve the range it searches); the others bind the same number, or the
    search goes on. Held probes get ``SO_REUSEADDR`` after binding (POSIX), so that the
    process the port is for can bind it while they hold it.
    """
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    for _ in range(2000):
        probes: list[socket.socket] = []
        try:
            port = 0
            for kind in types:
                probe = socket.socket(family, kind)
                probes.append(probe)
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind((str(address), port))
                port = probe.getsockname()[1]
        except OSError as error:
            for probe in probes:
                probe.close()
            if error.errno == errno.EADDRINUSE and port:
                continue  # free for one type, not the other: look again
            raise _bind_error(error, address, port) from None
        if port not in _HANDED_OUT and _reserve(port):
            _HANDED_OUT.add(port)
            if not hold:
                for probe in probes:
                    probe.close()
                return port, []
            if sys.platform != "win32":  # pragma: no branch - Windows: anyone could take it
                for probe in probes:
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            return port, probes
        for probe in probes:
            probe.close()
    raise BindError(errno.EADDRINUSE, f"no free port found on {address}")  # pragma: no cover


def free_port(host: str | Address = "127.0.0.1", *, type: PortType = socket.SOCK_STREAM) -> int:  # noqa: A002
    """A port number that no other caller of ``free_port`` was given in the last minute.

    The kernel picks it (``bind(0)``, with no ``SO_REUSEADDR``, which would halve the range
    it searches); this process remembers every port it handed out, and every process of
    the machine sees the claim as a file in ``/tmp/loopback-ports/`` (created atomically,
    whatever the process's ``TMPDIR``; ``$LOOPBACK_PORT_CLAIMS`` names another directory).
    A claim counts for one to two minutes: bind the port before that. Something that is
    not ``free_port`` can still take the port before you bind it: when you can, take a
    bound socket instead (:func:`bind_loopback` with port 0), or hold the port with
    :func:`reserve_port` until the process it is for has bound it.

    >>> port = free_port()
    >>> 0 < port < 65536
    True
    >>> 0 < free_port(type="both") < 65536    # free for TCP and UDP
    True

    :param type: ``socket.SOCK_STREAM`` or ``"tcp"`` (the default), ``socket.SOCK_DGRAM``
        or ``"udp"``, or ``"both"``: the port is free for TCP and UDP.
    :raises UnsafeBindError: ``host`` is not a loopback address.
    :raises BindError: no port could be found, or ``type`` is none of the above.
    """
    types = _types(type)
    return _pick(_loopback_address(host), types, hold=False)[0]


class PortReservation:
    """A port held for a process that binds it later, with no window for others to take it.

    Made by :func:`reserve_port`. Until :meth:`release`, sockets bound to the port (and
    not listening) keep it: the kernel hands it to no ``bind(0)``, a ``bind`` without
    ``SO_REUSEADDR`` fails, and other callers of :func:`free_port` pass it over. A server
    that sets ``SO_REUSEADDR`` (Python's ``socketserver``, ``asyncio``, uvicorn, gunicorn,
    nginx and most others do) binds it meanwhile, on Linux; release the reservation once it
    listens. A server that takes a listening socket's file descriptor (``gunicorn --bind
    fd://N``, ``uvicorn --fd N``) can be handed :meth:`fileno` instead. A context manager:
    leaving the ``with`` block releases it.
    """

    __slots__ = ("host", "port", "sockets")

    def __init__(self, host: Address, port: int, sockets: list[socket.socket]) -> None:
        #: The loopback address the port is held on.
        self.host = host
        #: The port number.
        self.port = port
        #: The sockets holding it (one per type; empty once released).
        self.sockets = sockets

    def fileno(self) -> int:
        """The first holding socket's file descriptor, to hand to a child (``pass_fds``).

        :raises BindError: the reservation was released.
        """
        if not self.sockets:
            raise BindError(errno.EBADF, f"the reservation of port {self.port} was released")
        return self.sockets[0].fileno()

    def release(self) -> None:
        """Let the port go (again: nothing happens)."""
        sockets, self.sockets = self.sockets, []
        for sock in sockets:
            sock.close()

    def __enter__(self) -> PortReservation:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "held" if self.sockets else "released"
        host = f"[{self.host}]" if self.host.version == 6 else str(self.host)
        return f"<PortReservation {host}:{self.port} {state}>"


def reserve_port(
    host: str | Address = "127.0.0.1",
    *,
    type: PortType = socket.SOCK_STREAM,  # noqa: A002 - the name socket.socket uses
) -> PortReservation:
    """A port held until the process it is for binds it (see :class:`PortReservation`).

    >>> with reserve_port() as reservation:
    ...     port = reservation.port    # start the server on it, wait until it listens
    >>> reservation
    <PortReservation 127.0.0.1:... released>

    :param type: as for :func:`free_port`: ``"tcp"``, ``"udp"`` or ``"both"``.
    :raises UnsafeBindError: ``host`` is not a loopback address.
    :raises BindError: no port could be found, or ``type`` is not a port type.
    """
    types = _types(type)
    address = _loopback_address(host)
    port, sockets = _pick(address, types, hold=True)
    return PortReservation(address, port, sockets)


_HOSTS_PER_WORKER = 254 * 254


def loopback_hosts(n: int) -> list[Address]:
    """``n`` distinct ``127.x.y.z`` addresses, the same ones on every call in one worker.

    Each pytest-xdist worker (``PYTEST_XDIST_WORKER=gwN``) gets its own second octet
    (``127.(N+10).y.z``), so parallel workers never share an address; outside xdist it is
    ``127.10.y.z``. Host bytes 0 and 255 are skipped, and the range keeps away from
    ``127.0.0.0/16``, where other software lives (``127.0.0.1``, ``127.0.0.53``/``.54`` of
    systemd-resolved, ``127.0.1.1`` of Debian's host name, ``127.0.0.11`` of Docker's DNS).
    Each address is checked to be bindable.

    >>> loopback_hosts(2)
    [Address('127.10.1.1'), Address('127.10.1.2')]

    :raises UnsafeBindError: ``n`` is not a whole number from 0 to 64,516.
    :raises BindError: an address cannot be bound (macOS and the BSDs configure only
        127.0.0.1: the message names the ``ifconfig lo0 alias`` command).
    """
    if type(n) is not int or not 0 <= n <= _HOSTS_PER_WORKER:
        raise UnsafeBindError(
            shown(n), f"the number of hosts must be an int from 0 to {_HOSTS_PER_WORKER}"
        )
    second = 10 + _worker_index()
    out = [
        Address.from_int(0x7F000000 | second << 16 | (i // 254 + 1) << 8 | (i % 254 + 1), 4)
        for i in range(n)
    ]
    for address in out:
        bind_loopback(0, host=address, type=socket.SOCK_DGRAM).close()  # raises BindError
    return out


def _worker_index() -> int:
    """pytest-xdist's worker number (``gw7`` is 7), or 0."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    digits = worker[2:] if worker.startswith("gw") else ""
    return int(digits) % 240 if digits.isdigit() and digits.isascii() else 0
