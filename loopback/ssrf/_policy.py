"""The destination policy of the SSRF guard: which addresses, names, ports and schemes pass.

Pure judgement, no I/O (the addresses of this machine's interfaces are a fact gathered by
:mod:`loopback.ssrf._local` and handed in). By default only globally reachable unicast
destinations pass. The default refusals are a table, :data:`RULES`, tried in order on
the address and, for an IPv6 address that embeds an IPv4 one (mapped, compatible, NAT64,
6to4, Teredo: :func:`loopback.embedded_ipv4`), on the IPv4 address inside first:

===================  =========================================================  ==========
rule                 what it refuses                                            source
===================  =========================================================  ==========
``loopback``         ``127.0.0.0/8``, ``::1``                                   RFC 1122, RFC 4291
``unspecified``      ``0.0.0.0``, ``::``: Linux delivers them to this machine   RFC 1122
``this-host``        an address of one of this machine's interfaces             the kernel's tables
``cloud-metadata``   the metadata services of the big clouds                    vendors' docs
``multicast``        ``224.0.0.0/4``, ``ff00::/8``                               RFC 5771, RFC 4291
``private``          ``10/8``, ``172.16/12``, ``192.168/16``, ``fc00::/7``      RFC 1918, RFC 4193
``shared``           ``100.64.0.0/10`` (carrier-grade NAT)                      RFC 6598
``link-local``       ``169.254.0.0/16``, ``fe80::/10``                          RFC 3927, RFC 4291
``documentation``    ``192.0.2.0/24`` and the other example ranges              RFC 5737, 3849
``reserved``         every other block the IANA special-purpose registries say  RFC 6890
                     is not globally reachable, and IPv6 outside ``2000::/3``
===================  =========================================================  ==========

Explicit lists come before the table: a ``deny`` entry refuses (the address, or the
IPv4 address it embeds), then an ``allow`` entry lets through what the table would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Optional, Union

from .. import (
    Address,
    AddressError,
    embedded_ipv4,
    is_bogon,
    is_localhost_name,
    is_loopback,
    is_unspecified,
    parse_address,
    special_purpose,
)
from ..errors import PolicyError

__all__ = [
    "METADATA",
    "RULES",
    "Policy",
    "Verdict",
    "block",
    "check_port",
    "host_name",
    "permit",
    "shown",
]

#: ``::ffff:0:0/96``: an IPv4 address seen as 128 bits, as the core classifiers see it.
_MAPPED = 0xFFFF << 32
_V4_MAX = (1 << 32) - 1
#: How many characters of a bad value a message shows.
_SHOWN = 60

#: Cloud metadata and credential services, by address: the first thing an SSRF asks for.
METADATA: dict[Address, str] = {
    Address("169.254.169.254"): "the instance metadata service of AWS, Google Cloud, Azure, "
    "Oracle Cloud, OpenStack, DigitalOcean, Hetzner and others",
    Address("fd00:ec2::254"): "the AWS instance metadata service over IPv6",
    Address("169.254.170.2"): "the AWS ECS task metadata and credentials service",
    Address("169.254.170.23"): "the AWS EKS Pod Identity credentials agent",
    Address("fd00:ec2::23"): "the AWS EKS Pod Identity credentials agent over IPv6",
    Address("100.100.100.200"): "the Alibaba Cloud metadata service",
    Address("169.254.0.23"): "the Tencent Cloud metadata service",
    Address("192.0.0.192"): "the Oracle Cloud legacy metadata service",
}
_METADATA_INTS = {int(a) | (_MAPPED if a.version == 4 else 0): who for a, who in METADATA.items()}

#: IANA registry names that make a rule of their own; every other non-global row is "reserved".
_ROW_RULES = {
    "Private-Use": "private",
    "Unique-Local": "private",
    "Shared Address Space": "shared",
    "Link Local": "link-local",
    "Link-Local Unicast": "link-local",
}


def shown(value: object) -> str:
    """A short ``repr`` of ``value`` for a message; never raises."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ still gets a message
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


class Verdict(NamedTuple):
    """The policy's answer for one destination, and the rule that gave it.

    ``str()`` reads as a sentence for a log line or an error message.

    >>> from loopback.ssrf import Policy
    >>> verdict = Policy(this_host=()).judge("169.254.169.254")
    >>> verdict.allowed, verdict.rule, verdict.address
    (False, 'cloud-metadata', Address('169.254.169.254'))
    >>> print(verdict)
    169.254.169.254 is refused (cloud-metadata): the instance metadata service of AWS, ...
    """

    #: Whether a connection may be made.
    allowed: bool
    #: The rule that decided: a name from :data:`RULES`, or ``"global"``, ``"allow"``,
    #: ``"deny"``, ``"port"``, ``"scheme"``, ``"invalid-host"``.
    rule: str
    #: The address judged, or ``None`` for a verdict on a name, port or scheme alone.
    address: Address | None
    #: Why, in a few words.
    reason: str

    def __str__(self) -> str:
        what = "allowed" if self.allowed else "refused"
        subject = "" if self.address is None else f"{self.address} is "
        return f"{subject}{what} ({self.rule}): {self.reason}"


_make_verdict = Verdict._make


def permit(rule: str, address: Address | None, reason: str) -> Verdict:
    """A verdict that lets the connection through."""
    return _make_verdict((True, rule, address, reason))


def block(rule: str, address: Address | None, reason: str) -> Verdict:
    """A verdict that refuses the connection."""
    return _make_verdict((False, rule, address, reason))


#: A default refusal: its name, and a test that returns the rule (its name, or a finer
#: one) and why an address is refused, or None. The test gets the address, its 128-bit
#: value (IPv4 mapped) and this machine's own ranges.
Rule = tuple[str, Callable[[Address, int, tuple[tuple[int, int], ...]], Optional[tuple[str, str]]]]
_Home = tuple[tuple[int, int], ...]


def _loopback(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    return ("loopback", "loopback: this machine") if is_loopback(address) else None


def _unspecified(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    if is_unspecified(address):
        return "unspecified", "the unspecified address, which reaches this machine"
    return None


def _this_host(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    if any(first <= value <= last for first, last in home):
        return "this-host", "an address of this machine's own interfaces"
    return None


def _metadata(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    who = _METADATA_INTS.get(value)
    return None if who is None else ("cloud-metadata", who)


def _multicast(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    if value >> 28 == _MAPPED >> 28 | 0xE or value >> 120 == 0xFF:
        return "multicast", "multicast"
    return None


def _special(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    row = special_purpose(address)
    if row is None or row.globally_reachable is True:
        return None
    if row.name.startswith("Documentation"):
        rule = "documentation"
    else:
        rule = _ROW_RULES.get(row.name, "reserved")
    return rule, f"{row.prefix} {row.name} ({row.rfc}), not globally reachable"


def _outside_unicast(address: Address, value: int, home: _Home) -> tuple[str, str] | None:
    if is_bogon(address):
        return "reserved", "outside global unicast space (2000::/3)"
    return None


#: The default refusals, in order (see the module's table). The special-purpose registry
#: row names its rule: private, shared, link-local, documentation or reserved.
RULES: tuple[Rule, ...] = (
    ("loopback", _loopback),
    ("unspecified", _unspecified),
    ("this-host", _this_host),
    ("cloud-metadata", _metadata),
    ("multicast", _multicast),
    ("special-purpose", _special),
    ("reserved", _outside_unicast),
)


def _refusal(address: Address, home: _Home) -> tuple[str, str] | None:
    """The first default rule that refuses ``address`` (no embedded look), or None."""
    mapped = address.ipv4_mapped  # a mapped address goes where its IPv4 address goes
    if mapped is not None:
        address = mapped
    value = int(address) | (_MAPPED if address.version == 4 else 0)
    for _, test in RULES:
        refused = test(address, value, home)
        if refused is not None:
            return refused
    return None


def _ports(values: Iterable[int] | None, what: str) -> frozenset[int] | None:
    """Check a collection of ports: ints from 0 to 65535."""
    if values is None:
        return None
    try:
        items = list(values)
    except Exception:  # noqa: BLE001 - any failure to iterate is a bad argument
        raise PolicyError(f"{what} must be an iterable of ports, not {shown(values)}") from None
    for port in items:
        check_port(port, what)
    return frozenset(items)


def check_port(port: object, what: str = "port") -> int:
    """``port`` if it is an ``int`` from 0 to 65535, else :class:`PolicyError`."""
    if type(port) is not int or not 0 <= port <= 65535:
        raise PolicyError(f"{what}: {shown(port)} is not a port (an int from 0 to 65535)")
    return port


def host_name(host: str) -> str:
    """``host`` as names compare: ASCII lower case, IDNA for non-ASCII, no trailing dot.

    >>> host_name("Example.COM.")
    'example.com'

    :raises UnicodeError: a non-ASCII name that IDNA cannot encode.
    """
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    host = host.lower()
    return host.removesuffix(".")


#: What an allow- or deny-list entry may be.
PolicyEntry = Union[str, Address]

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")


class _Entries(NamedTuple):
    """An allow- or deny-list, read: address ranges (128-bit, IPv4 mapped) and names."""

    networks: tuple[tuple[int, int], ...]
    names: frozenset[str]
    suffixes: tuple[str, ...]


def _network(entry: str, what: str) -> tuple[int, int]:
    """Read an address or CIDR prefix (lenient IPv4, brackets allowed) as a 128-bit range."""
    text, slash, length = entry.partition("/")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    address = parse_address(text, lenient=True)
    bits = 32 if address.version == 4 else 128
    if slash:
        if not (length.isascii() and length.isdigit() and len(length) <= 3):
            raise PolicyError(f"{what}: {entry!r} has a bad prefix length {length!r}")
        prefix = int(length)
        if prefix > bits:
            raise PolicyError(f"{what}: {entry!r} has a prefix longer than {bits} bits")
    else:
        prefix = bits
    size = 1 << (bits - prefix)
    first = int(address)
    if first % size:
        raise PolicyError(f"{what}: {entry!r} has host bits set (did you mean the network?)")
    if address.version == 4:
        first |= _MAPPED
    return first, first + size - 1


def _entries(values: Iterable[PolicyEntry], what: str) -> tuple[tuple[PolicyEntry, ...], _Entries]:
    """Read an allow- or deny-list: addresses, CIDR prefixes, names and ``*.`` suffixes."""
    if isinstance(values, (str, bytes)):
        raise PolicyError(f"{what} must be a list of entries, not one {type(values).__name__}")
    try:
        items = list(values)
    except Exception:  # noqa: BLE001 - any failure to iterate is a bad argument
        raise PolicyError(f"{what} must be an iterable of entries, not {shown(values)}") from None
    networks: list[tuple[int, int]] = []
    names: set[str] = set()
    suffixes: list[str] = []
    for item in items:
        if isinstance(item, Address):
            value = int(item) | (_MAPPED if item.version == 4 else 0)
            networks.append((value, value))
            continue
        if not isinstance(item, str):
            raise PolicyError(f"{what}: {shown(item)} is not a str or an Address")
        entry = str.__str__(item)
        try:
            networks.append(_network(entry, what))
            continue
        except AddressError:
            pass
        try:
            name = host_name(entry)
        except UnicodeError:
            raise PolicyError(f"{what}: {shown(entry)} is not a valid name") from None
        wildcard = name.startswith("*.")
        bare = name[2:] if wildcard else name
        if not bare or not set(bare) <= _NAME_CHARS or ".." in bare or bare.startswith("."):
            raise PolicyError(
                f"{what}: {shown(entry)} is not an address, a CIDR prefix or a host name"
            )
        if wildcard:
            suffixes.append("." + bare)
        else:
            names.add(bare)
    return tuple(items), _Entries(tuple(networks), frozenset(names), tuple(suffixes))


def _matches(entries: _Entries, value: int) -> bool:
    return any(first <= value <= last for first, last in entries.networks)


def _names(entries: _Entries, name: str) -> bool:
    return name in entries.names or name.endswith(entries.suffixes)


@dataclass(frozen=True, init=False)
class Policy:
    """Where outbound connections may go: an immutable value, safe to share.

    By default only globally reachable unicast addresses pass, on any port, for ``http``
    and ``https``: this machine (loopback, unspecified, its own interface addresses),
    private, shared, link-local (cloud metadata named), multicast, documentation and
    reserved addresses are refused, and an IPv6 address that embeds an IPv4 address is
    judged by that IPv4 address as well.

    :param allow: entries that pass although the default rules refuse them: addresses
        (``"127.0.0.5"``, ``"::1"``), CIDR prefixes (``"10.1.0.0/16"``), host names
        (``"api.internal"``, ``"*.svc.cluster.local"``: a name lets through every address
        it resolves to). An IPv4 entry covers its IPv4-mapped form too.
    :param deny: entries refused whatever else says; an address entry also refuses IPv6
        addresses that embed it. Deny wins over allow.
    :param ports: the only ports allowed, or ``None`` (the default) for any port.
    :param deny_ports: ports always refused.
    :param schemes: URL schemes the client integrations accept (default http and https).
    :param this_host: this machine's own addresses or prefixes, refused like loopback;
        ``None`` (the default) lists the interfaces' addresses when the policy is made
        (Linux; elsewhere none are listed). Pass ``()`` to skip it.

    >>> policy = Policy(allow=["127.0.0.5"], this_host=())
    >>> policy.judge("127.0.0.5").allowed, policy.judge("127.0.0.1").rule
    (True, 'loopback')
    >>> Policy(this_host=()).judge("64:ff9b::a9fe:a9fe").rule   # NAT64 form of metadata
    'cloud-metadata'

    :raises PolicyError: an entry, port or scheme that cannot be read.
    """

    allow: tuple[PolicyEntry, ...]
    deny: tuple[PolicyEntry, ...]
    ports: frozenset[int] | None
    deny_ports: frozenset[int]
    schemes: frozenset[str]
    this_host: tuple[PolicyEntry, ...]
    _allow: _Entries = field(repr=False, compare=False)
    _deny: _Entries = field(repr=False, compare=False)
    _home: tuple[tuple[int, int], ...] = field(repr=False, compare=False)
    _home_exact: frozenset[int] = field(repr=False, compare=False)
    _home_ranges: tuple[tuple[int, int], ...] = field(repr=False, compare=False)

    def __init__(
        self,
        *,
        allow: Iterable[PolicyEntry] = (),
        deny: Iterable[PolicyEntry] = (),
        ports: Iterable[int] | None = None,
        deny_ports: Iterable[int] = (),
        schemes: Iterable[str] = ("http", "https"),
        this_host: Iterable[PolicyEntry] | None = None,
    ) -> None:
        allow, allowed = _entries(allow, "allow")
        deny, denied = _entries(deny, "deny")
        if this_host is None:
            from ._local import interface_networks  # noqa: PLC0415 - I/O only when asked

            this_host = interface_networks()
        this_host, home = _entries(this_host, "this_host")
        if isinstance(schemes, str):
            raise PolicyError(f"schemes must be a list of schemes, not the str {schemes!r}")
        try:
            scheme_list = list(schemes)
        except Exception:  # noqa: BLE001 - any failure to iterate is a bad argument
            raise PolicyError(f"schemes must be an iterable of str, not {shown(schemes)}") from None
        for scheme in scheme_list:
            if not isinstance(scheme, str):
                raise PolicyError(f"schemes: {shown(scheme)} is not a str")
        setter = object.__setattr__
        setter(self, "allow", allow)
        setter(self, "deny", deny)
        setter(self, "ports", _ports(ports, "ports"))
        setter(self, "deny_ports", _ports(deny_ports, "deny_ports"))
        setter(self, "schemes", frozenset(str.__str__(s).lower() for s in scheme_list))
        setter(self, "this_host", this_host)
        setter(self, "_allow", allowed)
        setter(self, "_deny", denied)
        setter(self, "_home", home.networks)
        setter(self, "_home_exact", frozenset(a for a, b in home.networks if a == b))
        setter(self, "_home_ranges", tuple((a, b) for a, b in home.networks if a != b))

    def allows_scheme(self, scheme: str) -> Verdict:
        """Is a URL with this scheme allowed? ASCII case-insensitive.

        >>> print(Policy(this_host=()).allows_scheme("FILE"))
        refused (scheme): scheme 'file' is not in http, https

        :raises PolicyError: ``scheme`` is not a ``str``.
        """
        if not isinstance(scheme, str):
            raise PolicyError(f"scheme: {shown(scheme)} is not a str")
        scheme = str.__str__(scheme).lower()
        if scheme in self.schemes:
            return permit("scheme", None, f"scheme {scheme!r} is allowed")
        listed = ", ".join(sorted(self.schemes)) or "nothing"
        return block("scheme", None, f"scheme {shown(scheme)} is not in {listed}")

    def check_host(self, host: str, port: int | None = None) -> Verdict | None:
        """Judge a host before it is looked up: the port, and the name lists.

        Returns a refusal, an ``"allow"`` verdict for a name on the allow-list (its
        addresses will pass), or ``None`` when the addresses decide. A localhost name
        (``localhost``, ``*.localhost``, RFC 6761) is refused here unless it is on the
        allow-list by name: resolvers may send ``foo.localhost`` to DNS.

        >>> policy = Policy(deny=["*.internal"], allow=["api.example"], this_host=())
        >>> print(policy.check_host("db.internal", 5432))
        refused (deny): the name db.internal is on the deny-list
        >>> policy.check_host("example.com", 443) is None
        True

        :raises PolicyError: ``host`` is not a ``str``, or ``port`` not a port.
        """
        if not isinstance(host, str):
            raise PolicyError(f"host: {shown(host)} is not a str")
        refused = self._port(port)
        if refused is not None:
            return refused
        try:
            name = host_name(str.__str__(host))
        except UnicodeError:
            return block("invalid-host", None, f"{shown(host)} is not a valid host name")
        if not name or not name.isprintable() or " " in name:
            return block("invalid-host", None, f"{shown(host)} is not a valid host name")
        if _names(self._deny, name):
            return block("deny", None, f"the name {name} is on the deny-list")
        if _names(self._allow, name):
            return permit("allow", None, f"the name {name} is on the allow-list")
        if is_localhost_name(name):  # RFC 6761 6.3: never sent to DNS, always this machine
            return block("loopback", None, f"{name} is a localhost name (RFC 6761)")
        return None

    def _port(self, port: int | None) -> Verdict | None:
        if port is None:
            return None
        check_port(port)
        if port in self.deny_ports:
            return block("port", None, f"port {port} is on the deny-list")
        if self.ports is not None and port not in self.ports:
            return block("port", None, f"port {port} is not an allowed port")
        return None

    def judge(
        self, address: Address | str, port: int | None = None, *, host: str | None = None
    ) -> Verdict:
        """May a connection go to ``address`` (and ``port``), resolved from ``host``?

        ``address`` is strict address text (a zone is allowed, as ``getaddrinfo``
        returns for link-local IPv6) or an :class:`~loopback.Address`. With ``host``,
        the name lists are consulted too (see :meth:`check_host`).

        >>> policy = Policy(this_host=())
        >>> print(policy.judge("::ffff:127.0.0.1"))
        ::ffff:127.0.0.1 is refused (loopback): loopback: this machine
        >>> print(policy.judge("2002:a00:1::1"))
        2002:a00:1::1 is refused (private): embeds 10.0.0.1: 10.0.0.0/8 Private-Use (RFC 1918),
        not globally reachable
        >>> print(policy.judge("93.184.215.14", 443))
        93.184.215.14 is allowed (global): globally reachable unicast

        :raises AddressError: ``address`` is not an address.
        :raises PolicyError: ``port`` is not a port, or ``host`` not a ``str``.
        """
        if isinstance(address, Address):
            parsed = address
        elif isinstance(address, str):
            parsed = parse_address(address)
        else:
            raise PolicyError(f"address: {shown(address)} is not a str or an Address")
        first = None if host is None else self.check_host(host, port)
        if first is None:
            first = self._port(port)
        return self.decide(parsed, first)

    def decide(self, address: Address, first: Verdict | None) -> Verdict:
        """:meth:`judge` after :meth:`check_host`: the lists, then the default rules.

        :raises PolicyError: ``address`` is not an :class:`~loopback.Address`, or ``first``
            not a :class:`Verdict` or ``None``.
        """
        if not isinstance(address, Address) or not (first is None or type(first) is Verdict):
            raise PolicyError(
                f"decide takes an Address and a Verdict or None, not {shown(address)}, "
                f"{shown(first)}"
            )
        if first is not None and not first.allowed:
            return first._replace(address=address)
        version = address.version
        value = int(address) | (_MAPPED if version == 4 else 0)
        inner = None if version == 4 else embedded_ipv4(address)
        if self._deny.networks and (
            _matches(self._deny, value)
            or (inner is not None and _matches(self._deny, int(inner) | _MAPPED))
        ):
            return block("deny", address, "on the deny-list")
        if self._allow.networks and _matches(self._allow, value):
            return permit("allow", address, "on the allow-list")
        if first is not None:  # the name is on the allow-list
            return first._replace(address=address)
        if inner is None and self._plainly_global(address, value):
            return permit("global", address, _GLOBAL)
        if inner is not None and value >> 32 != 0xFFFF:
            refused = _refusal(inner, self._home)
            if refused is not None:
                rule, reason = refused
                return block(rule, address, f"embeds {inner}: {reason}")
        refused = _refusal(address, self._home)
        if refused is not None:
            return block(refused[0], address, refused[1])
        return permit("global", address, _GLOBAL)

    def _plainly_global(self, address: Address, value: int) -> bool:
        """The fast path of :data:`RULES` for an address that embeds none: does every rule pass?

        A registry row that is globally reachable (or none) leaves out loopback,
        unspecified, private, shared, link-local, documentation and reserved blocks, and
        every cloud metadata address (each lies in a block that is not: a test checks it);
        what is left to test is this machine's addresses, multicast and, for IPv6, global
        unicast ``2000::/3``. Whatever this cannot pass goes through the table.
        """
        if value in self._home_exact:
            return False
        for first, last in self._home_ranges:
            if first <= value <= last:
                return False
        if value >> 28 == _MAPPED >> 28 | 0xE or value >> 120 == 0xFF:  # multicast
            return False
        if address.version == 6 and value >> 125 != 0b001:  # outside global unicast
            return False
        row = special_purpose(address)
        return row is None or row.globally_reachable is True


_GLOBAL = "globally reachable unicast"
