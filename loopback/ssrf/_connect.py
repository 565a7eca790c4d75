"""Checked resolution and connection, standard library only.

Resolve once, judge every address, connect only to the addresses that passed: there is
no second lookup for DNS rebinding to answer differently, and the host name is kept by
the caller for TLS SNI and the ``Host`` header. :func:`create_connection` is
:func:`socket.create_connection` with the policy in between.
"""

from __future__ import annotations

import math
import socket
from collections.abc import Sequence
from typing import Any, Callable, NamedTuple, cast

from .. import Address, AddressError, parse_address
from ..errors import DestinationBlockedError, PolicyError
from ._policy import Policy, Verdict, block, check_port, shown

__all__ = [
    "AddrInfo",
    "Guard",
    "Resolver",
    "connect_to",
    "create_connection",
    "default_policy",
    "guarded_addresses",
    "invalid_host",
    "literal_answers",
    "make_guard",
    "precheck",
    "resolve",
]

#: One answer of :func:`socket.getaddrinfo`: family, type, proto, canonname, sockaddr.
AddrInfo = tuple[int, int, int, str, tuple[Any, ...]]
#: Looks a host up as :func:`socket.getaddrinfo` does: ``resolver(host, port, family, type)``.
Resolver = Callable[[str, int, int, int], Sequence[AddrInfo]]

#: The characters of the ``inet_aton`` forms (``0x7f.1``); non-ASCII text is read after IDNA.
_NUMERIC = "0123456789abcdefABCDEFxX."
_FAMILY = {4: socket.AF_INET, 6: socket.AF_INET6}
#: ``socket.create_connection``'s "no timeout given": the global default applies.
_DEFAULT_TIMEOUT: Any = getattr(socket, "_GLOBAL_DEFAULT_TIMEOUT", object())
_DEFAULT_POLICY: list[Policy] = []


def default_policy() -> Policy:
    """The policy used when none is given: ``Policy()``, made once, on first use.

    Its list of this machine's addresses is read then; make a :class:`Policy` of your own
    (and make it again) where the interfaces change while the program runs.
    """
    if not _DEFAULT_POLICY:
        _DEFAULT_POLICY.append(Policy())
    return _DEFAULT_POLICY[0]


def _policy(policy: object) -> Policy:
    if policy is None:
        return default_policy()
    if not isinstance(policy, Policy):
        raise PolicyError(f"policy: {shown(policy)} is not a loopback.ssrf.Policy")
    return policy


class Guard(NamedTuple):
    """A policy and the resolver to look hosts up with (``None``: the system's)."""

    policy: Policy
    resolver: Resolver | None = None


def make_guard(policy: object, resolver: object) -> Guard:
    """Check the arguments every client integration takes, and pair them.

    :raises PolicyError: ``policy`` is not a :class:`Policy` or ``None``, or ``resolver``
        is not callable.
    """
    if resolver is not None and not callable(resolver):
        raise PolicyError(f"resolver: {shown(resolver)} is not callable")
    return Guard(_policy(policy), cast("Resolver | None", resolver))


def _name(host: object) -> str:
    """The host to look up: a ``str``, brackets of an IPv6 literal removed."""
    if not isinstance(host, str):
        raise PolicyError(f"host: {shown(host)} is not a str")
    host = str.__str__(host)
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def guarded_addresses(
    host: str,
    port: int,
    infos: Sequence[AddrInfo],
    policy: Policy,
    first: Verdict | None,
) -> list[AddrInfo]:
    """The answers of a lookup that the policy allows; refuses if none is.

    ``first`` is :meth:`Policy.check_host`'s verdict on the host (``None``, or the
    ``allow`` of a listed name). Answers whose address cannot be read are refused.

    :raises DestinationBlockedError: no answer is allowed.
    """
    try:
        answers = list(infos)
    except Exception:  # noqa: BLE001 - whatever a resolver returned, it is no list of answers
        raise PolicyError(f"the resolver returned {shown(infos)}, not a list of answers") from None
    allowed: list[AddrInfo] = []
    refused: list[Verdict] = []
    for info in answers:
        try:
            address = Address(info[4][0])
        except (AddressError, TypeError, IndexError, KeyError):
            refused.append(block("invalid-address", None, f"{shown(info)} is no address"))
            continue
        verdict = policy.decide(address, first)
        if verdict.allowed:
            allowed.append(info)
        else:
            refused.append(verdict)
    if not allowed:
        if not refused:
            refused.append(block("invalid-address", None, "the lookup found no address"))
        raise DestinationBlockedError(host, port, tuple(refused))
    return allowed


def resolve(
    host: str,
    port: int,
    *,
    policy: Policy | None = None,
    family: int = 0,
    type: int = socket.SOCK_STREAM,  # noqa: A002 - getaddrinfo's name
    resolver: Resolver | None = None,
) -> list[AddrInfo]:
    """Look ``host`` up once and keep the answers the policy allows.

    Returns :func:`socket.getaddrinfo` tuples, in the resolver's order; connect to their
    ``sockaddr`` and nothing else. Refused addresses are dropped as long as one passes
    (a name that resolves to a public and a private address reaches the public one).
    ``resolver`` stands in for :func:`socket.getaddrinfo` (a fake one in tests, or a
    caching one); it is called as ``resolver(host, port, family, type)`` for names only:
    an address literal is read by the system's ``getaddrinfo(AI_NUMERICHOST)``, which
    takes the ``inet_aton`` forms too (``127.1``, ``0x7f.1``, ``2130706433``).

    >>> from loopback.ssrf import Policy
    >>> def fake(host, port, family, type):
    ...     return [(socket.AF_INET, type, 6, "", ("127.0.0.1", port))]
    >>> resolve("rebind.example", 80, policy=Policy(this_host=()), resolver=fake)
    Traceback (most recent call last):
      ...
    loopback.errors.DestinationBlockedError: refused to connect to 'rebind.example' port 80:
    127.0.0.1 is refused (loopback): loopback: this machine

    :raises DestinationBlockedError: the port, the name or every address is refused.
    :raises OSError: the lookup failed (:class:`socket.gaierror`).
    :raises PolicyError: an argument of the wrong type, or a resolver that returned no list.
    """
    policy, resolver = make_guard(policy, resolver)
    name, first = precheck(host, port, policy)
    _socket_constant(family, "family")
    _socket_constant(type, "type")
    infos: Sequence[AddrInfo] | None = literal_answers(name, port, family, type)
    if infos is None:
        try:
            infos = (socket.getaddrinfo if resolver is None else resolver)(name, port, family, type)
        except UnicodeError:  # the IDNA codec refused the name
            raise invalid_host(name, port) from None
    return guarded_addresses(name, port, infos, policy, first)


def _socket_constant(value: object, what: str) -> None:
    """Check a ``family`` or ``type``: an ``int`` (not a ``bool``) that C can take."""
    if isinstance(value, bool) or not isinstance(value, int) or not -(2**31) <= value < 2**31:
        raise PolicyError(f"{what}: {shown(value)} is not a socket constant")


def precheck(host: object, port: object, policy: Policy) -> tuple[str, Verdict | None]:
    """The host to look up (brackets removed) and the policy's word on it before any lookup.

    :raises DestinationBlockedError: the port or the name is refused.
    :raises PolicyError: ``host`` is not a ``str`` or ``port`` not a port.
    """
    name = _name(host)
    checked = check_port(port)
    first = policy.check_host(name, checked)
    if first is not None and not first.allowed:
        raise DestinationBlockedError(name, checked, (first,))
    return name, first


def literal_answers(name: str, port: int, family: int, type_: int) -> Sequence[AddrInfo] | None:
    """``name`` read as an address literal, as the system reads it (``127.1``, ``0x7f.1``).

    ``None`` if it is a name: no lookup is made here. Strict address text is read by
    :func:`loopback.parse_address` (which reads it as glibc does); anything else that
    could be a literal, by ``getaddrinfo(AI_NUMERICHOST)``.

    :raises DestinationBlockedError: a name that the IDNA codec cannot encode.
    """
    try:
        address = parse_address(name)
    except AddressError:
        pass
    else:
        if (
            address.zone is None
            and type_ == socket.SOCK_STREAM
            and family in (0, _FAMILY[address.version])
        ):
            if address.version == 4:
                return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (name, port))]
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (name, port, 0, 0))
            ]
    if name.isascii() and ":" not in name and name.strip(_NUMERIC):
        return None  # a name: glibc reads IPv4 literals from these characters only
    try:
        infos: Sequence[AddrInfo] = socket.getaddrinfo(
            name, port, family, type_, 0, socket.AI_NUMERICHOST
        )
    except socket.gaierror:
        return None
    except UnicodeError:  # the IDNA codec refused it: a label of 64 digits
        raise invalid_host(name, port) from None
    return infos


def invalid_host(name: str, port: int) -> DestinationBlockedError:
    """The refusal of a host that is no valid name (the IDNA codec refused it)."""
    refusal = block("invalid-host", None, f"{shown(name)} is not a valid host name")
    return DestinationBlockedError(name, port, (refusal,))


def connect_to(
    infos: Sequence[AddrInfo],
    timeout: Any = _DEFAULT_TIMEOUT,  # noqa: ANN401 - a float, None or socket's sentinel
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """Connect to the first of ``infos`` that answers, as :func:`socket.create_connection`.

    :raises OSError: no address could be connected to (the last error).
    """
    error: OSError | None = None
    for family, type_, proto, _, sockaddr in infos:
        sock = None
        try:
            sock = socket.socket(family, type_, proto)
            if timeout is not _DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as failed:
            error = failed
            if sock is not None:
                sock.close()
        else:
            return sock
    assert error is not None  # infos is never empty here  # noqa: S101
    try:
        raise error
    finally:
        error = None  # break the reference cycle through the traceback, as socket.py does


def _timeout(timeout: object) -> Any:  # noqa: ANN401 - a float, None or socket's sentinel
    if timeout is _DEFAULT_TIMEOUT or timeout is None:
        return timeout
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        try:
            number = float(timeout)
        except OverflowError:
            number = math.inf
        if number >= 0 and not math.isnan(number):
            return number if math.isfinite(number) else None
    raise PolicyError(f"timeout: {shown(timeout)} is not None or a number of seconds >= 0")


def create_connection(
    address: tuple[str, int],
    timeout: Any = _DEFAULT_TIMEOUT,  # noqa: ANN401 - a float, None or socket's sentinel
    source_address: tuple[str, int] | None = None,
    *,
    policy: Policy | None = None,
    resolver: Resolver | None = None,
) -> socket.socket:
    """:func:`socket.create_connection` that connects only where ``policy`` allows.

    The host is looked up once (:func:`resolve`) and the connection goes to an allowed
    answer's address, never to a second lookup's. Use it wherever a library takes a
    ``create_connection``-like function, or in an :mod:`http.client` connection's
    ``connect``; the host name stays with the caller for TLS and the ``Host`` header.

    >>> from loopback.ssrf import Policy
    >>> create_connection(("169.254.169.254", 80), policy=Policy(this_host=()))
    Traceback (most recent call last):
      ...
    loopback.errors.DestinationBlockedError: refused to connect to '169.254.169.254' port 80:
    169.254.169.254 is refused (cloud-metadata): the instance metadata service of AWS, ...

    :raises DestinationBlockedError: the policy refuses the port, the name or every address.
    :raises OSError: the lookup or every connection attempt failed, as in
        :func:`socket.create_connection` (the last attempt's error).
    :raises PolicyError: an argument of the wrong type or out of range.
    """
    if not isinstance(address, tuple) or len(address) != 2:
        raise PolicyError(f"address: {shown(address)} is not a (host, port) tuple")
    timeout = _timeout(timeout)
    if source_address is not None and not (
        isinstance(source_address, tuple)
        and len(source_address) == 2
        and isinstance(source_address[0], str)
    ):
        raise PolicyError(f"source_address: {shown(source_address)} is not a (host, port) tuple")
    if source_address is not None:
        check_port(source_address[1], "source_address")
    host, port = address
    infos = resolve(host, port, policy=policy, resolver=resolver)
    return connect_to(infos, timeout, source_address)
