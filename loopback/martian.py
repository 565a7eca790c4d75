"""Martian addresses: sources and destinations no packet may carry.

RFC 1812 5.3.7 (a router drops "martian" packets), RFC 1122 3.2.1.3 (the IPv4 addresses a
host must not send from or accept), RFC 4291 2.5.2, 2.5.3 and 2.7 (IPv6 unspecified,
loopback and multicast), and what Linux drops (``ip_route_input_slow``, ``ip6_rcv_core``):

* ``127.0.0.0/8`` and ``::1``: martian off the loopback interface, either way;
* ``0.0.0.0/8``: martian either way, but ``0.0.0.0`` as a source with
  ``allow_unspecified`` (DHCP); ``::`` likewise (duplicate address detection);
* multicast (``224.0.0.0/4``, ``ff00::/8``): martian as a source; as a destination only
  with the reserved scope 0 (``ff00::/16``, ``ff10::/16``, ...), or with interface-local
  scope 1 (``ff01::/16``, ...) off the loopback interface;
* ``255.255.255.255``: martian as a source, valid as a destination;
* ``240.0.0.0/4`` (class E): martian either way, unless ``allow_class_e`` (Linux).

An IPv4-mapped address is judged by its IPv4 address. Documentation, private and other
addresses that are merely not routed on the Internet are bogons
(:func:`loopback.is_bogon`), not martians: they can arrive on a local network.
"""

from __future__ import annotations

from ._strict import shown
from ._values import unmapped
from .classify import version_and_int
from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, NamedTuple

    from .classify import AddressLike
else:
    from ._record import NamedTuple

__all__ = ["MartianVerdict", "is_martian_destination", "is_martian_source", "martian_verdict"]


class MartianVerdict(NamedTuple):
    """Whether an address is martian in a role, why, and the rule that says so.

    >>> verdict = martian_verdict("127.0.0.1", role="source")
    >>> verdict.martian, verdict.reason
    (True, 'loopback address off the loopback interface')
    >>> verdict.rule
    'RFC 1122 3.2.1.3 (g), RFC 1812 5.3.7'
    """

    #: Is the address martian in this role?
    martian: bool
    #: Why, in a few words.
    reason: str
    #: The RFC sections (and for Linux, the kernel function) behind the verdict.
    rule: str


def _martian(reason: str, rule: str) -> MartianVerdict:
    return MartianVerdict(martian=True, reason=reason, rule=rule)


def _fine(reason: str, rule: str) -> MartianVerdict:
    return MartianVerdict(martian=False, reason=reason, rule=rule)


_NONE = _fine("no martian rule applies", "")
_LOOP4_HOME = _fine("loopback address on the loopback interface", "RFC 1122 3.2.1.3 (g)")
_LOOP4 = _martian(
    "loopback address off the loopback interface", "RFC 1122 3.2.1.3 (g), RFC 1812 5.3.7"
)
_DHCP = _fine("0.0.0.0 while a host learns its address (DHCP)", "RFC 1122 3.2.1.3 (a)")
_ZERO_SOURCE = _martian("0.0.0.0 as a source", "RFC 1122 3.2.1.3 (a), RFC 1812 5.3.7")
_ZERO_DESTINATION = _martian(
    "0.0.0.0 as a destination", "RFC 1122 3.2.1.3 (a), Linux ip_route_input_slow"
)
_NET0 = _martian("address on network 0", "RFC 1122 3.2.1.3 (b), RFC 1812 5.3.7")
_BROADCAST = _martian("limited broadcast as a source", "RFC 1122 3.2.1.3 (c), RFC 1812 5.3.7")
_MULTICAST4 = _martian("multicast address as a source", "RFC 1112 4, RFC 1812 5.3.7")
_CLASS_E = _martian("reserved (class E) address", "RFC 1812 5.3.7, RFC 1112 4")
_LOOP6_HOME = _fine("loopback address on the loopback interface", "RFC 4291 2.5.3")
_LOOP6 = _martian("loopback address off the loopback interface", "RFC 4291 2.5.3")
_DAD = _fine(":: during duplicate address detection", "RFC 4291 2.5.2, RFC 4862 5.4")
_UNSPECIFIED6_SOURCE = _martian(":: as a source", "RFC 4291 2.5.2")
_UNSPECIFIED6_DESTINATION = _martian(":: as a destination", "RFC 4291 2.5.2")
_MULTICAST6 = _martian("multicast address as a source", "RFC 4291 2.7")
_SCOPE0 = _martian("multicast with the reserved scope 0", "RFC 4291 2.7")
_INTERFACE_LOCAL = _martian(
    "interface-local multicast off the loopback interface", "RFC 4291 2.7, Errata 3480"
)


def martian_verdict(
    address: AddressLike,
    *,
    role: Literal["source", "destination"],
    interface_is_loopback: bool = False,
    allow_class_e: bool = False,
    allow_unspecified: bool = False,
    lenient: bool = False,
) -> MartianVerdict:
    """Judge ``address`` as a packet's source or destination; say why and by which rule.

    >>> martian_verdict("::", role="source", allow_unspecified=True).reason
    ':: during duplicate address detection'

    :param role: ``"source"`` or ``"destination"``.
    :param interface_is_loopback: the packet is on the loopback interface, where loopback
        addresses are at home.
    :param allow_class_e: accept 240.0.0.0/4 as ordinary unicast, as Linux has since 2.6.25.
    :param allow_unspecified: accept the unspecified address as a source, as DHCP
        (``0.0.0.0``) and IPv6 duplicate address detection (``::``, RFC 4862 5.4) send it.
    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``),
        or ``role`` is neither ``"source"`` nor ``"destination"``.
    """
    given: object = role  # checked as the object it is, whatever the annotation says
    if type(given) is not str or given not in ("source", "destination"):
        raise AddressError(shown(given), None, "role must be 'source' or 'destination'")
    version, value = unmapped(*version_and_int(address, lenient))  # judged by the IPv4 inside
    source = role == "source"
    if version == 4:
        return _ipv4(value, source, interface_is_loopback, allow_class_e, allow_unspecified)
    return _ipv6(value, source, interface_is_loopback, allow_unspecified)


def _ipv4(value: int, source: bool, home: bool, class_e: bool, unspecified: bool) -> MartianVerdict:
    top = value >> 24
    if top == 127:
        return _LOOP4_HOME if home else _LOOP4
    if value == 0:
        if source:
            return _DHCP if unspecified else _ZERO_SOURCE
        return _ZERO_DESTINATION
    if top == 0:
        return _NET0
    if value == 0xFFFFFFFF:
        return _BROADCAST if source else _NONE
    if top >> 4 == 0xE:
        return _MULTICAST4 if source else _NONE
    if top >> 4 == 0xF and not class_e:
        return _CLASS_E
    return _NONE


def _ipv6(value: int, source: bool, home: bool, unspecified: bool) -> MartianVerdict:
    if value == 1:
        return _LOOP6_HOME if home else _LOOP6
    if value == 0:
        if source:
            return _DAD if unspecified else _UNSPECIFIED6_SOURCE
        return _UNSPECIFIED6_DESTINATION
    if value >> 120 == 0xFF:
        if source:
            return _MULTICAST6
        scope = value >> 112 & 0xF
        if scope == 0:
            return _SCOPE0
        if scope == 1 and not home:
            return _INTERFACE_LOCAL
    return _NONE


def is_martian_source(
    address: AddressLike,
    *,
    interface_is_loopback: bool = False,
    allow_class_e: bool = False,
    allow_unspecified: bool = False,
    lenient: bool = False,
) -> bool:
    """May no packet arrive with ``address`` as its source (on such an interface)?

    >>> is_martian_source("127.0.0.1"), is_martian_source("127.0.0.1", interface_is_loopback=True)
    (True, False)
    >>> is_martian_source("224.0.0.1"), is_martian_source("::"), is_martian_source("192.0.2.1")
    (True, True, False)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    return martian_verdict(
        address,
        role="source",
        interface_is_loopback=interface_is_loopback,
        allow_class_e=allow_class_e,
        allow_unspecified=allow_unspecified,
        lenient=lenient,
    ).martian


def is_martian_destination(
    address: AddressLike,
    *,
    interface_is_loopback: bool = False,
    allow_class_e: bool = False,
    lenient: bool = False,
) -> bool:
    """May no packet arrive with ``address`` as its destination (on such an interface)?

    >>> is_martian_destination("0.0.0.0"), is_martian_destination("255.255.255.255")
    (True, False)
    >>> is_martian_destination("ff01::1"), is_martian_destination("ff02::1")
    (True, False)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    return martian_verdict(
        address,
        role="destination",
        interface_is_loopback=interface_is_loopback,
        allow_class_e=allow_class_e,
        lenient=lenient,
    ).martian
