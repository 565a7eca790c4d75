"""The network guard behind ``pytest --loopback-only``: what stays on this machine.

Facts, then judgement (DESIGN 7): the hosts file is read once (:func:`hosts_file`);
:func:`judge_socket` and :func:`answer_name` are pure functions of the call's address,
the allow rules and that reading; :func:`install` puts thin wrappers around the socket
calls that ask them.

What stays on this machine:

* a connect or send to a loopback address, or to ``0.0.0.0``/``::`` (Linux and macOS
  connect those to this machine), as :func:`loopback.is_loopback_host` reads the host;
* a bind to a loopback host, as :func:`loopback.read_bind_host` reads it (a bind to every
  interface exposes the service, so it leaves; a name is what the hosts file says);
* a name lookup that no DNS server is asked: a numeric host, a name the hosts file
  answers (read as glibc reads it, :mod:`loopback.hosts`), or a localhost name (RFC 6761:
  ``127.0.0.1`` and ``::1``); the guard answers those itself, from that reading.

Anything else fails, unless an allow rule (:func:`parse_rule`) matches it.
"""

from __future__ import annotations

import _socket
import os
import socket
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ._address import Address
from ._host import read_bind_host
from ._lenient import parse_lenient
from .classify import is_localhost_name, is_loopback, is_loopback_host, is_unspecified
from .errors import AddressError, LoopbackGuardError, SpecError
from .hosts import HostsFile, HostsFileError

if TYPE_CHECKING:
    from types import FrameType

__all__ = [
    "ENV_REPORT",
    "ENV_RULES",
    "Rule",
    "activate",
    "active",
    "answer_name",
    "child_environment",
    "deactivate",
    "forget",
    "hosts_file",
    "install",
    "installed",
    "judge_socket",
    "parse_rule",
    "pause",
    "start_from_environment",
    "take_reports",
    "uninstall",
    "use_hosts_file",
]

_INET = (socket.AF_INET, socket.AF_INET6)
_MAPPED = 0xFFFF << 32
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")


class Rule(NamedTuple):
    """One allow rule: a host name, or an address range, with an optional port."""

    #: The spec as written.
    spec: str
    #: A host name (lower case, no trailing dot), or ``""`` for an address rule.
    name: str
    #: 4 or 6 for an address rule, 0 for a name.
    version: int
    #: The first and last address of the range (one address: both the same).
    first: int
    last: int
    #: The port the rule is limited to, or ``None`` for every port.
    port: int | None


def _unmap(version: int, value: int) -> tuple[int, int]:
    """An IPv4-mapped IPv6 address as its IPv4 address: a rule matches both spellings."""
    if version == 6 and value >> 32 == 0xFFFF:
        return 4, value & 0xFFFFFFFF
    return version, value


def parse_rule(spec: object) -> Rule:
    """Read an allow spec: a host name, an address, a CIDR prefix, ``host:port``, ``[v6]:port``.

    >>> parse_rule("10.0.0.0/8")[2:5] == (4, 0x0A000000, 0x0AFFFFFF)
    True
    >>> parse_rule("[::1]:5432").port, parse_rule("DB.example.").name
    (5432, 'db.example')

    Host bits under a prefix are ignored (``10.1.2.3/8`` is ``10.0.0.0/8``); a mapped
    IPv6 address or prefix (``::ffff:10.0.0.0/104``) is its IPv4 one.

    :raises SpecError: the spec is none of these; the message says why.
    """
    if not isinstance(spec, str):
        raise SpecError(repr(spec)[:60], f"a spec must be str, not {type(spec).__name__}")
    text = spec.strip()
    host, port = _split_port(spec, text)
    if "/" in host:
        address, _, bits = host.partition("/")
        version, value = _read(spec, address)
        width = 32 if version == 4 else 128
        if not (bits.isascii() and bits.isdigit() and len(bits) <= 3 and int(bits) <= width):
            raise SpecError(spec, f"the prefix length must be a number from 0 to {width}")
        host_bits = width - int(bits)
        first = value >> host_bits << host_bits
        last = first | ((1 << host_bits) - 1)
        if version == 6 and host_bits <= 32 and first >> 32 == 0xFFFF:
            version, first, last = 4, first & 0xFFFFFFFF, last & 0xFFFFFFFF
        return Rule(spec, "", version, first, last, port)
    try:
        version, value = _address_of(spec, host)
    except SpecError:
        name = host.lower()
        name = name.removesuffix(".")
        if not name or len(name) > 253 or not _NAME_CHARACTERS.issuperset(name):
            raise SpecError(
                spec, "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"
            ) from None
        return Rule(spec, name, 0, 0, 0, port)
    return Rule(spec, "", version, value, value, port)


def _split_port(spec: str, text: str) -> tuple[str, int | None]:
    """``text`` as (host, port): ``[v6]:port``, ``[v6]``, ``host:port`` (one colon), host."""
    if text.startswith("["):
        inner, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise SpecError(spec, "a '[' without its ']' (write [::1] or [::1]:5432)")
        return inner, _port(spec, rest[1:]) if rest else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(spec, port)
    return text, None


def _port(spec: str, text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) < 65536):
        raise SpecError(spec, "the port must be a number from 1 to 65535")
    return int(text)


def _read(spec: str, text: str) -> tuple[int, int]:
    """The (version, value) of address text as glibc reads it (the core's lenient reader)."""
    try:
        version, value, _ = parse_lenient(text)
    except AddressError:
        raise SpecError(spec, f"{text[:60]!r} is not an address") from None
    return version, value


def _address_of(spec: str, text: str) -> tuple[int, int]:
    return _unmap(*_read(spec, text))


def _allows(rules: tuple[Rule, ...], name: str, address: Address | None, port: int | None) -> bool:
    """Whether a rule allows ``name`` (lower case) or ``address`` on ``port``."""
    found = None if address is None else _unmap(address.version, int(address))
    for rule in rules:
        if rule.port is not None and rule.port != port:
            continue
        if rule.name:
            if rule.name == name:
                return True
        elif found is not None and found[0] == rule.version and rule.first <= found[1] <= rule.last:
            return True
    return False


# Facts: the hosts file ------------------------------------------------------------------

_HOSTS: list[HostsFile] = []
_HOSTS_PATH: list[str | None] = [None]


def hosts_file() -> HostsFile:
    """This machine's hosts file, read once (an unreadable file answers nothing)."""
    if not _HOSTS:
        try:
            _HOSTS.append(HostsFile.load(_HOSTS_PATH[0]))
        except HostsFileError:
            _HOSTS.append(HostsFile.parse(b""))
    return _HOSTS[0]


def use_hosts_file(path: str | None) -> None:
    """Read the hosts file at ``path`` from now on (``None``: this OS's); for tests."""
    _HOSTS_PATH[0] = path
    _HOSTS.clear()


# Judgement -----------------------------------------------------------------------------


class Verdict(NamedTuple):
    """Why a call leaves this machine, and an allow spec that would let it."""

    reason: str
    allow: str


def _numeric(host: str) -> Address | None:
    """``host`` as an address, read as glibc's ``getaddrinfo`` reads numeric hosts."""
    try:
        version, value, zone = parse_lenient(host)
    except AddressError:
        return None
    return Address.from_int(value, version, zone=zone)


def _lookup(name: str, family: int) -> list[Address]:
    """The addresses answered without DNS: the hosts file's, else a localhost name's."""
    found = hosts_file().lookup(name, family)
    if not found and is_localhost_name(name):
        found = [a for a in (_LOOPBACK4, _LOOPBACK6) if family in (0, _FAMILY[a.version])]
    return found


_ANY = Address("0.0.0.0")  # Python's connect(("", port)) is INADDR_ANY: this machine
_LOOPBACK4 = Address("127.0.0.1")
_LOOPBACK6 = Address("::1")
_FAMILY = {4: socket.AF_INET, 6: socket.AF_INET6}


def judge_socket(
    call: str, family: int, address: object, rules: tuple[Rule, ...]
) -> Verdict | None:
    """Whether a socket call with ``address`` leaves this machine (``None``: it stays).

    ``call`` is ``bind`` or a call that sends (``connect``, ``sendto``, ...): a bind must
    be to a loopback address; a send may also go to ``0.0.0.0`` or ``::`` (this machine).
    Addresses that are not ``(host, port, ...)`` pass: the call itself refuses them.
    """
    if family not in _INET or not isinstance(address, tuple) or not address:
        return None
    host = address[0]
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("latin-1")
    if not isinstance(host, str):
        return None
    port = address[1] if len(address) > 1 and type(address[1]) is int else None
    if host == "<broadcast>":  # Python's spelling of 255.255.255.255
        host = "255.255.255.255"
    numeric = _numeric(host) if host else _ANY
    if numeric is not None and _allows(rules, "", numeric, port):
        return None
    if numeric is None:
        if _allows(rules, host.lower().rstrip("."), None, port):
            return None
        found = hosts_file().lookup(host, family)
        if found:
            first = found[0]
            if _allows(rules, "", first, port) or is_loopback(first):
                return None
            if call != "bind" and is_unspecified(first):
                return None
            return Verdict(f"leaves loopback: the hosts file sends {host} to {first}", host)
    if call == "bind":
        return _judge_bind(host, numeric)
    if numeric is not None:
        if is_loopback(numeric) or is_unspecified(numeric) or is_loopback_host(host):
            return None
        return Verdict(f"leaves loopback: {numeric} is not this machine", str(numeric))
    if is_loopback_host(host):
        return None
    return _asks_dns(host)


def _judge_bind(host: str, numeric: Address | None) -> Verdict | None:
    """A bind stays when the core's reader reads a loopback host (a name: the resolver's)."""
    reading = read_bind_host(host)
    if reading.kind == "loopback":
        return None
    if reading.kind == "wildcard":
        families = " and ".join(map(str, reading.addresses))
        return Verdict(
            f"leaves loopback: binds every interface ({families}): the service is exposed on "
            "every network this machine is on",
            "0.0.0.0" if numeric is None else str(numeric),
        )
    if reading.kind == "address":
        return Verdict(
            f"leaves loopback: {reading.addresses[0]} is reachable from other machines",
            str(numeric),
        )
    # A name, or text no address parser reads: the resolver would look it up.
    return _asks_dns(host)


def _asks_dns(host: str) -> Verdict:
    return Verdict(
        f"leaves loopback: looking up {host[:60]} would ask a DNS server "
        "(the hosts file does not answer it)",
        host,
    )


def answer_name(name: object, family: int, rules: tuple[Rule, ...]) -> list[Address] | None:
    """The guard's answer to a name lookup, ``None`` to let the resolver answer.

    The resolver answers numeric hosts and names an allow rule names; the guard answers
    names the hosts file answers and localhost names (without asking anyone), and refuses
    ``.invalid`` names as RFC 6761 asks resolvers to.

    :raises socket.gaierror: an ``.invalid`` name (``EAI_NONAME``).
    :raises LookupError: the lookup would ask a DNS server.
    """
    if isinstance(name, (bytes, bytearray)):
        name = bytes(name).decode("latin-1")
    if not isinstance(name, str) or family not in (0, *_INET) or not name:
        return None
    if _numeric(name) is not None:
        return None
    found = _lookup(name, family)
    if found:
        return found
    bare = name.lower().removesuffix(".")
    if bare == "invalid" or bare.endswith(".invalid"):
        # RFC 6761 6.4: "Name resolution APIs and libraries SHOULD recognize 'invalid'
        # names as special and SHOULD always return immediately with an NXDOMAIN response."
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    if _allows(rules, bare, None, None):
        return None
    raise LookupError(name)


# The wrappers -----------------------------------------------------------------------------


class _State:
    """What the guard is doing in this process: its rules (or off) and what it blocked."""

    rules: tuple[Rule, ...] | None = None
    #: The process that turned the guard on; any other (a child) writes to ``report``.
    owner = 0
    report = ""
    blocked: list[LoopbackGuardError] = []  # noqa: RUF012 - one list for the process
    originals: dict[tuple[object, str], object] = {}  # noqa: RUF012
    lock = threading.Lock()


def active() -> tuple[Rule, ...] | None:
    """The rules in force, or ``None`` when the guard is off."""
    return _State.rules


def activate(rules: tuple[Rule, ...], *, report: str = "", owner: int | None = None) -> None:
    """Turn the guard on with ``rules`` (the wrappers must be installed).

    :param report: a file where processes other than ``owner`` (forked children) append
        what they blocked, one line each.
    :param owner: the process whose blocked calls stay in memory (default: this one).
    """
    with _State.lock:
        _State.rules = rules
        _State.blocked = []
        _State.report = report
        _State.owner = os.getpid() if owner is None else owner


def pause() -> None:
    """Let everything through until the next :func:`activate`, keeping what was blocked."""
    _State.rules = None


def forget(error: LoopbackGuardError) -> None:
    """Drop ``error`` from what was blocked: the test expected it."""
    with _State.lock:
        _State.blocked = [e for e in _State.blocked if e is not error]


def deactivate() -> list[LoopbackGuardError]:
    """Turn the guard off; return what it blocked since :func:`activate`."""
    with _State.lock:
        _State.rules = None
        blocked, _State.blocked = _State.blocked, []
    return blocked


_STDLIB = os.path.dirname(socket.__file__) + os.sep
_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def _where() -> str:
    """``file:line`` of the innermost caller that is neither the stdlib nor this package."""
    frame: FrameType | None = sys._getframe(2)
    fallback = ""
    while frame is not None:
        path = frame.f_code.co_filename
        if not path.startswith(_HERE):
            place = f"{_relative(path)}:{frame.f_lineno}"
            fallback = fallback or place
            if not path.startswith(_STDLIB) and "-packages" + os.sep not in path:
                return place
        frame = frame.f_back
    return fallback


def _relative(path: str) -> str:
    """``path`` relative to the working directory when it is under it."""
    here = os.getcwd() + os.sep
    return path.removeprefix(here)


def _block(call: str, verdict: Verdict) -> LoopbackGuardError:
    error = LoopbackGuardError(call, verdict.reason, _where(), verdict.allow)
    with _State.lock:
        _State.blocked.append(error)
        if _State.report and os.getpid() != _State.owner:
            _append(_State.report, str(error))
    return error


def _append(path: str, line: str) -> None:
    """Append one line to ``path`` in one write (``O_APPEND``: lines of processes never mix)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:  # the session is gone: the error raised in the child is all there is
        return
    try:
        os.write(fd, (line.replace("\n", " ") + "\n").encode("utf-8", "backslashreplace"))
    finally:
        os.close(fd)


#: The environment variables that carry the guard to child processes.
ENV_RULES = "LOOPBACK_GUARD"
ENV_REPORT = "LOOPBACK_GUARD_REPORT"


def child_environment(rules: tuple[Rule, ...], report: str) -> dict[str, str]:
    """The variables that make a child Python process guard itself with ``rules``."""
    return {ENV_RULES: "\n".join(["guard", *(rule.spec for rule in rules)]), ENV_REPORT: report}


def start_from_environment() -> bool:
    """Guard this process if its parent asked for it (:func:`child_environment`).

    Called by the ``sitecustomize`` the plugin puts on ``PYTHONPATH`` for child processes;
    returns whether the guard is now on.
    """
    specs = os.environ.get(ENV_RULES, "").split("\n")
    if specs[0] != "guard":
        return False
    rules = tuple(parse_rule(spec) for spec in specs[1:])
    install()
    activate(rules, report=os.environ.get(ENV_REPORT, ""), owner=-1)
    return True


def take_reports(path: str) -> list[str]:
    """The lines child processes appended to ``path``; the file is emptied."""
    try:
        with open(path, "rb+") as file:
            data = file.read()
            file.seek(0)
            file.truncate()
    except OSError:
        return []
    return [line for line in data.decode("utf-8", "replace").split("\n") if line]


def _shown(args: tuple[Any, ...]) -> str:
    text = ", ".join(repr(a) for a in args)
    return text if len(text) <= 80 else text[:77] + "..."


#: The socket methods the guard watches, and where each takes its address.
_METHODS = {"bind": 0, "connect": 0, "connect_ex": 0, "sendto": -1, "sendmsg": 3}


def _method(name: str, original: Callable[..., Any], at: int) -> Callable[..., Any]:
    def guarded(self: socket.socket, *args: Any) -> Any:  # noqa: ANN401 - any socket call
        __tracebackhide__ = True
        rules = _State.rules
        if rules is not None and len(args) > (at if at >= 0 else 1):
            verdict = judge_socket(name, self.family, args[at], rules)
            if verdict is not None:
                raise _block(f"socket.{name}({args[at]!r})", verdict)
        return original(self, *args)

    guarded.__name__ = guarded.__qualname__ = name
    guarded.__doc__ = original.__doc__
    return guarded


def _lookup_call(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - the resolver's signature
        __tracebackhide__ = True
        rules = _State.rules
        if rules is None:
            return original(*args, **kwargs)
        try:
            return _ANSWERS[name](original, rules, *args, **kwargs)
        except LookupError as error:
            host = str(error.args[0])[:60]
            verdict = Verdict(
                f"leaves loopback: it would ask a DNS server (the hosts file does not answer "
                f"{host})",
                host,
            )
            shown = _shown(args[:2] if name == "getaddrinfo" else args)
            raise _block(f"socket.{name}({shown})", verdict) from None

    guarded.__name__ = guarded.__qualname__ = name
    guarded.__doc__ = original.__doc__
    return guarded


def _getaddrinfo(  # noqa: PLR0917 - the resolver's signature
    original: Callable[..., Any],
    rules: tuple[Rule, ...],
    host: object,
    port: object,
    family: int = 0,
    type: int = 0,  # noqa: A002 - the resolver's name
    proto: int = 0,
    flags: int = 0,
) -> Any:  # noqa: ANN401
    found = None if flags & socket.AI_NUMERICHOST else answer_name(host, family, rules)
    if found is None:
        return original(host, port, family, type, proto, flags)
    numeric = (flags | socket.AI_NUMERICHOST) & ~socket.AI_CANONNAME
    out: list[Any] = []
    for address in found:
        out.extend(original(str(address), port, _FAMILY[address.version], type, proto, numeric))
    if flags & socket.AI_CANONNAME and out:
        name = bytes(host).decode("latin-1") if isinstance(host, (bytes, bytearray)) else host
        out[0] = (*out[0][:3], name, out[0][4])
    return out


def _gethostbyname(original: Callable[..., Any], rules: tuple[Rule, ...], name: object) -> Any:  # noqa: ANN401
    found = answer_name(name, socket.AF_INET, rules)
    return original(name) if found is None else str(found[0])


def _gethostbyname_ex(original: Callable[..., Any], rules: tuple[Rule, ...], name: object) -> Any:  # noqa: ANN401
    found = answer_name(name, socket.AF_INET, rules)
    if found is None:
        return original(name)
    entry = hosts_file().query(str(name), socket.AF_INET)
    if entry is None:  # a localhost name the file does not list
        return (str(name), [], [str(a) for a in found])
    return (entry.name, entry.aliases, [str(a) for a in entry.addresses])


def _gethostbyaddr(original: Callable[..., Any], rules: tuple[Rule, ...], host: object) -> Any:  # noqa: ANN401
    address = _numeric(host) if isinstance(host, str) else None
    if address is None:
        found = answer_name(host, socket.AF_INET, rules)
        if found is None:
            return original(host)
        address = found[0]
    if _allows(rules, "", address, None):
        return original(host)
    names = _reverse(address)
    if not names:
        raise socket.herror(1, "Unknown host")  # what a resolver says for loopback
    return (names[0], names[1:], [str(address)])


def _reverse(address: Address) -> list[str]:
    """The names of ``address`` without asking a DNS server: the hosts file's, or loopback's.

    A loopback address the hosts file does not name is answered as the locally served
    zones of RFC 6303 answer it: ``127.0.0.1`` and ``::1`` are ``localhost``, other
    loopback addresses have no name (``[]``). Any other address: ``LookupError``.
    """
    names = hosts_file().reverse(Address.from_int(int(address), address.version))
    if names:
        return names
    if not is_loopback(address):
        raise LookupError(str(address))
    return ["localhost"] if address in (_LOOPBACK4, _LOOPBACK6) else []


def _getnameinfo(
    original: Callable[..., Any], rules: tuple[Rule, ...], sockaddr: object, flags: int
) -> Any:  # noqa: ANN401
    host = sockaddr[0] if isinstance(sockaddr, tuple) and sockaddr else None
    address = _numeric(host) if isinstance(host, str) else None
    if flags & socket.NI_NUMERICHOST or address is None or _allows(rules, "", address, None):
        return original(sockaddr, flags)  # Python reads the host numerically: no lookup
    names = _reverse(address)
    if names:
        return (names[0], original(sockaddr, flags | socket.NI_NUMERICHOST)[1])
    if flags & socket.NI_NAMEREQD:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return original(sockaddr, flags | socket.NI_NUMERICHOST)  # no name: the address, as glibc


_ANSWERS: dict[str, Callable[..., Any]] = {
    "getaddrinfo": _getaddrinfo,
    "gethostbyname": _gethostbyname,
    "gethostbyname_ex": _gethostbyname_ex,
    "gethostbyaddr": _gethostbyaddr,
    "getnameinfo": _getnameinfo,
}


class _CSocketType(type):
    """The guarded ``_socket.socket`` counts every C socket as its instance."""

    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, _C_SOCKET)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, _C_SOCKET)


_C_SOCKET = _socket.socket


def _guarded_c_socket() -> type:
    """A stand-in for ``_socket.socket`` with guarded methods: ``_socket.socket.connect(s, a)``."""
    methods = {name: _method(name, getattr(_C_SOCKET, name), at) for name, at in _METHODS.items()}
    return _CSocketType("socket", (_C_SOCKET,), {"__module__": "_socket", **methods})


#: Marks a method that the class inherits (from the C socket): uninstall deletes ours.
_INHERITED = object()


def installed() -> bool:
    """Whether the wrappers are in place."""
    return bool(_State.originals)


def install() -> None:
    """Put the wrappers in place (they do nothing until :func:`activate`)."""
    if _State.originals:
        return
    targets: list[tuple[object, str, object]] = [
        (socket.socket, name, _method(name, getattr(socket.socket, name), at))
        for name, at in _METHODS.items()
    ]
    stand_in = _guarded_c_socket()
    targets += [(_socket, "socket", stand_in), (_socket, "SocketType", stand_in)]
    for name in _ANSWERS:
        wrapper = _lookup_call(name, getattr(_socket, name))
        targets.append((_socket, name, wrapper))
        if name != "getaddrinfo":  # socket.getaddrinfo calls _socket.getaddrinfo
            targets.append((socket, name, wrapper))
    for owner, name, replacement in targets:
        _State.originals[owner, name] = vars(owner).get(name, _INHERITED)
        setattr(owner, name, replacement)


def uninstall() -> None:
    """Put the originals back."""
    for (owner, name), original in _State.originals.items():
        if original is _INHERITED:
            delattr(owner, name)
        else:
            setattr(owner, name, original)
    _State.originals.clear()
