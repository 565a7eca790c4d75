"""The :class:`Address` value, :func:`parse_address` and the RFC 5952 formatter.

The grammar is in :mod:`loopback._strict` (strict text) and :mod:`loopback._lenient`
(what glibc ``getaddrinfo(AI_NUMERICHOST)`` reads); this module builds values on them.
"""

from __future__ import annotations

from ._lenient import parse_lenient
from ._strict import check_zone, parse_strict, shown
from ._values import V4_MAX, V6_MAX, mapped_ipv4, packed_value
from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    from typing_extensions import Self

__all__ = ["Address", "make_address", "parse_address"]

#: Runs of zero groups, longest first, framed by colons (RFC 5952 4.2).
_ZERO_RUNS = tuple(":" + "0:" * n for n in range(8, 1, -1))


def parse_address(text: str, *, lenient: bool = False) -> Address:
    """Parse an IPv4 or IPv6 address.

    Strict (the default) accepts exactly the RFC text described in this module. With
    ``lenient=True`` it reads what glibc ``getaddrinfo(..., AI_NUMERICHOST)`` reads: IPv4 in
    1 to 4 parts, each decimal, ``0x`` hex or leading-zero octal (``127.1``, ``0x7f.1``,
    ``0177.0.0.1``, ``2130706433``), and IPv6 as strict.

    >>> parse_address("127.0.0.1")
    Address('127.0.0.1')
    >>> parse_address("0:0:0:0:0:FFFF:7F00:0001")
    Address('::ffff:127.0.0.1')
    >>> parse_address("0x7f.1", lenient=True)
    Address('127.0.0.1')

    :raises AddressError: ``text`` is not an address in that form (or not a ``str``).
    """
    if not lenient:
        version, value, zone = parse_strict(text)
    elif type(text) is str and "%" not in text:
        # Strict text without a zone reads the same leniently: the fast parser decides (one
        # call fewer than parse_lenient's own fast path, on the hot path of URL guards).
        try:
            version, value, zone = parse_strict(text)
        except AddressError:
            version, value, zone = parse_lenient(text)
    else:
        version, value, zone = parse_lenient(text)
    self = _new(Address)  # make_address, inlined on the hot path
    _set_parts(self, (version, value, zone))
    return self


def format_ipv4(value: int) -> str:
    """Dotted-decimal text of a 32-bit value."""
    return f"{value >> 24}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def format_ipv6(value: int) -> str:
    """Return the RFC 5952 text of a 128-bit value.

    Lower case, no leading zeros, the longest run (the first of equals) of two or more
    zero groups as ``::``, and ``::ffff:a.b.c.d`` for IPv4-mapped addresses (section 5).
    """
    ipv4 = mapped_ipv4(value)
    if ipv4 is not None:
        return "::ffff:" + format_ipv4(ipv4)
    framed = (
        f":{value >> 112:x}:{value >> 96 & 0xFFFF:x}:{value >> 80 & 0xFFFF:x}"
        f":{value >> 64 & 0xFFFF:x}:{value >> 48 & 0xFFFF:x}:{value >> 32 & 0xFFFF:x}"
        f":{value >> 16 & 0xFFFF:x}:{value & 0xFFFF:x}:"
    )
    for run in _ZERO_RUNS:
        i = framed.find(run)
        if i >= 0:
            framed = framed[:i] + "::" + framed[i + len(run) :]
            break
    if framed[1] != ":":
        framed = framed[1:]
    if framed[-2] != ":":
        framed = framed[:-1]
    return framed


class Address:
    r"""An IPv4 or IPv6 address: immutable, hashable and ordered.

    IPv4 sorts before IPv6, then by value, then by zone. ``str()`` is the canonical text
    (RFC 5952 for IPv6); ``repr()`` evaluates back to an equal address.

    >>> a = Address("::FFFF:127.0.0.1")
    >>> a, a.version, a.ipv4_mapped
    (Address('::ffff:127.0.0.1'), 6, Address('127.0.0.1'))
    >>> int(Address("127.0.0.1")), Address("127.0.0.1").packed
    (2130706433, b'\x7f\x00\x00\x01')
    >>> Address("fe80::1%eth0").zone
    'eth0'

    :raises AddressError: ``text`` is not strict address text (see :func:`parse_address`).
    """

    __slots__ = ("_parts",)

    #: ``(version, value, zone)``: one slot, written once (faster to build than three).
    _parts: tuple[Literal[4, 6], int, str | None]

    def __init__(self, text: str) -> None:
        version, value, zone = parse_strict(text)
        _set_parts(self, (version, value, zone))

    @classmethod
    def _make(cls, version: Literal[4, 6], value: int, zone: str | None = None) -> Self:
        """Build an address of this class from parts already checked."""
        self = _new(cls)
        _set_parts(self, (version, value, zone))
        return self

    @classmethod
    def from_int(cls, value: int, version: Literal[4, 6], *, zone: str | None = None) -> Self:
        """The address with integer ``value`` in IP ``version`` 4 or 6.

        >>> Address.from_int(1, 6)
        Address('::1')

        :raises AddressError: the version is not 4 or 6, the value is out of range, or the
            zone is not a valid IPv6 zone id.
        """
        given: object = version  # checked as the object it is, whatever the annotation says
        if type(given) is not int or given not in (4, 6):
            raise AddressError(shown(version), None, "IP version must be 4 or 6")
        if not isinstance(value, int) or isinstance(value, bool):
            raise AddressError(shown(value), None, f"expected int, not {type(value).__name__}")
        value = int(value)
        if not 0 <= value <= (V4_MAX if version == 4 else V6_MAX):
            raise AddressError(shown(value), None, f"out of range for IPv{version}")
        if zone is not None:
            if version == 4:
                raise AddressError(shown(zone), None, "zone id on an IPv4 address")
            if not isinstance(zone, str):
                raise AddressError(shown(zone), None, "zone id must be str")
            check_zone(zone, zone, 0)
        return cls._make(version, value, zone)

    @classmethod
    def from_packed(cls, packed: bytes | bytearray) -> Self:
        """The address whose network-order bytes are ``packed`` (4 or 16 of them).

        >>> Address.from_packed(bytes([127, 0, 0, 1]))
        Address('127.0.0.1')

        :raises AddressError: ``packed`` is not 4 or 16 bytes.
        """
        if not isinstance(packed, (bytes, bytearray)):
            raise AddressError(shown(packed), None, f"expected bytes, not {type(packed).__name__}")
        read = packed_value(packed)
        if read is None:
            raise AddressError(shown(packed), None, f"{len(packed)} bytes, 4 or 16 needed")
        return cls._make(*read)

    @property
    def version(self) -> Literal[4, 6]:
        """4 or 6."""
        return self._parts[0]

    @property
    def zone(self) -> str | None:
        """The IPv6 zone id (``eth0`` of ``fe80::1%eth0``), or ``None``."""
        return self._parts[2]

    @property
    def packed(self) -> bytes:
        """The address in network byte order: 4 or 16 bytes."""
        version, value, _ = self._parts
        return value.to_bytes(4 if version == 4 else 16, "big")

    @property
    def ipv4_mapped(self) -> Address | None:
        """The IPv4 address inside an IPv4-mapped address (``::ffff:0:0/96``), else ``None``."""
        version, value, _ = self._parts
        ipv4 = mapped_ipv4(value) if version == 6 else None
        return None if ipv4 is None else make_address(4, ipv4)

    def __int__(self) -> int:
        return self._parts[1]

    def __str__(self) -> str:
        version, value, zone = self._parts
        if version == 4:
            return format_ipv4(value)
        text = format_ipv6(value)
        return text if zone is None else f"{text}%{zone}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[type[Address], tuple[str]]:
        return (type(self), (str(self),))

    def _key(self) -> tuple[int, int, str]:
        version, value, zone = self._parts
        return (version, value, zone or "")

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Address):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other: Address) -> bool:
        if isinstance(other, Address):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other: Address) -> bool:
        if isinstance(other, Address):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other: Address) -> bool:
        if isinstance(other, Address):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other: Address) -> bool:
        if isinstance(other, Address):
            return self._key() >= other._key()
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


# Address is immutable: its slots are written once, through their descriptors (faster than
# object.__setattr__, which the class's own __setattr__ refuses).
_new = object.__new__
_set_parts = Address.__dict__["_parts"].__set__


def make_address(version: Literal[4, 6], value: int, zone: str | None = None) -> Address:
    """Build an :class:`Address` from parts already checked: the package's one constructor.

    Every module that has read a version, a value and a zone builds its address here, so
    that how an address is laid out stays this module's business.
    """
    self = _new(Address)
    _set_parts(self, (version, value, zone))
    return self
