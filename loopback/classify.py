"""Classifiers: is this address loopback, unspecified, a wildcard; is this host local.

Every classifier takes an address as ``str`` (strict text, or ``inet_aton`` forms with
``lenient=True``), an :class:`~loopback.Address`, 4 or 16 packed ``bytes``, or any object
with a ``.packed`` attribute (so :mod:`ipaddress` objects work without this package
importing :mod:`ipaddress`). All of them first normalise the address to one 128-bit
integer in which an IPv4 address is its IPv4-mapped form (``::ffff:a.b.c.d``, RFC 4291
2.5.5.2): a mapped address is judged by its IPv4 address, as the Linux kernel routes it.
"""

from __future__ import annotations

from ._address import Address
from ._host import is_localhost_name, read_bind_host, under_localhost
from ._lenient import parse_lenient, read_inet_aton
from ._special import SpecialPurpose, lookup
from ._strict import parse_strict, shown
from ._url import parse_url_host, percent_decode
from ._values import (
    LOOPBACK4_TOP,
    MAPPED,
    is_local_value,
    mapped_ipv4,
    normalised,
    packed_value,
    unmapped,
)
from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, Protocol, Union
else:
    Protocol = object  # a structural type for checkers; typing stays unimported at run time

__all__ = [
    "AddressLike",
    "SpecialPurpose",
    "SupportsPacked",
    "embedded_ipv4",
    "is_bogon",
    "is_global",
    "is_localhost_name",
    "is_loopback",
    "is_loopback_host",
    "is_unspecified",
    "is_wildcard",
    "special_purpose",
]


class SupportsPacked(Protocol):
    """An object that gives its address as network-order bytes, as ``ipaddress`` objects do."""

    @property
    def packed(self) -> bytes:
        """The address in network byte order: 4 or 16 bytes."""


if TYPE_CHECKING:
    #: What the classifiers accept as an address.
    AddressLike = Union[str, Address, bytes, bytearray, SupportsPacked]


def __getattr__(name: str) -> object:
    """``AddressLike``, built when first asked for: it needs :mod:`typing`."""
    if name == "AddressLike":
        from typing import Union  # noqa: PLC0415 - typing costs more than ipaddress to import

        return Union[str, Address, bytes, bytearray, SupportsPacked]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_LOOPBACK4_TOP = LOOPBACK4_TOP
#: C0 controls and space: what the URL parser strips from the ends of a whole URL.
_C0_SPACE = "".join(map(chr, range(0x21)))
_DIGITS = frozenset("0123456789")
#: The longest DNS label (RFC 1035 2.3.4), and so the longest the IDNA codec encodes.
_MAX_LABEL = 63
#: ``::ffff:0.0.0.0``: IPv4 0.0.0.0 in the normalised form.
_UNSPECIFIED4 = MAPPED


def as_int(address: AddressLike, lenient: bool = False) -> int:
    """Normalise ``address`` to 128 bits, IPv4 as ``::ffff:a.b.c.d``; zones are dropped.

    >>> hex(as_int("127.0.0.1"))
    '0xffff7f000001'

    :raises AddressError: ``address`` is not an address in an accepted form.
    """
    return normalised(*version_and_int(address, lenient))


def version_and_int(address: AddressLike, lenient: bool = False) -> tuple[Literal[4, 6], int]:
    """The IP version and integer value of ``address``; zones are dropped.

    >>> version_and_int("::ffff:127.0.0.1")
    (6, 281472812449793)

    :raises AddressError: ``address`` is not an address in an accepted form.
    """
    if isinstance(address, str):
        version, value, _ = parse_lenient(address) if lenient else parse_strict(address)
        return version, value
    if isinstance(address, Address):
        return address.version, int(address)
    packed: object = address
    if not isinstance(packed, (bytes, bytearray)):
        try:
            packed = getattr(address, "packed", None)
        except Exception:  # noqa: BLE001 - a hostile property is still just not an address
            packed = None
        if not isinstance(packed, (bytes, bytearray)):
            expected = "expected str, Address, bytes or an object with .packed"
            raise AddressError(shown(address), None, f"{expected}, not {type(address).__name__}")
    read = packed_value(packed)
    if read is None:
        raise AddressError(shown(address), None, f"{len(packed)} packed bytes, 4 or 16 needed")
    return read


def is_loopback(address: AddressLike, *, lenient: bool = False) -> bool:
    """Is ``address`` a loopback address?

    True for all of ``127.0.0.0/8`` (RFC 1122 3.2.1.3: "Addresses of this form MUST NOT
    appear outside a host"), ``::1`` (RFC 4291 2.5.3), and ``::ffff:127.0.0.0/104``, which
    Linux delivers to the IPv4 loopback. False for ``::127.0.0.1`` (IPv4-compatible),
    NAT64 and 6to4 addresses, which leave the host.

    >>> is_loopback("127.8.9.10"), is_loopback("::ffff:127.0.0.1"), is_loopback("::127.0.0.1")
    (True, True, False)
    >>> is_loopback("127.1", lenient=True)
    True

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    if type(address) is str and not lenient:  # the hot path, one call shorter
        version, value, _ = parse_strict(address)
        return value >> 24 == 127 if version == 4 else value == 1 or value >> 24 == _LOOPBACK4_TOP
    value = as_int(address, lenient)
    return value == 1 or value >> 24 == _LOOPBACK4_TOP


def is_unspecified(address: AddressLike, *, lenient: bool = False) -> bool:
    """Is ``address`` the unspecified address: ``0.0.0.0``, ``::`` or ``::ffff:0.0.0.0``?

    RFC 1122 3.2.1.3 (``{0, 0}``: "This host on this network") and RFC 4291 2.5.2. As a
    bind address it means every interface; as a destination Linux delivers it locally.

    >>> is_unspecified("::"), is_unspecified("::ffff:0.0.0.0"), is_unspecified("0.0.0.1")
    (True, True, False)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    if type(address) is str and not lenient:  # the hot path, one call shorter
        version, value, _ = parse_strict(address)
        return value == 0 or (version == 6 and value == _UNSPECIFIED4)
    value = as_int(address, lenient)
    return value in (0, _UNSPECIFIED4)


def is_wildcard(
    host: AddressLike, *, lenient: bool = False, strip_whitespace: bool = False
) -> bool:
    """Does binding to ``host`` listen on every interface?

    True for the unspecified addresses (see :func:`is_unspecified`) and for the spellings
    that servers and config files use for them: ``""`` (Python's ``bind(("", port))``),
    ``"*"`` (nginx, PostgreSQL, Redis) and a bracketed IPv6 such as ``"[::]"``. A text is
    read as a bind host (:func:`loopback.read_bind_host`), so ``localhost`` is False.

    >>> is_wildcard(""), is_wildcard("*"), is_wildcard("[::]"), is_wildcard("127.0.0.1")
    (True, True, True, False)
    >>> is_wildcard("0", lenient=True), is_wildcard("localhost")
    (True, False)

    :param lenient: read ``inet_aton`` forms (``0``, ``0x0``), as ``getaddrinfo`` does.
    :param strip_whitespace: strip ASCII white space around a text first.
    :raises AddressError: ``host`` is a host name (what it binds depends on name
        resolution), or neither a bind spelling nor an address.
    """
    if isinstance(host, str):
        reading = read_bind_host(host, lenient=lenient, strip_whitespace=strip_whitespace)
        if reading.kind == "invalid":
            raise AddressError(host, None, reading.reason)
        if reading.kind == "name":
            raise AddressError(host, None, f"{reading.reason}, not an address")
        return reading.kind == "wildcard"
    return is_unspecified(host, lenient=lenient)


def is_loopback_host(host: str) -> bool:
    r"""Does a connection to ``host``, as written in a URL or config, stay on this machine?

    True if *any* consumer that might read ``host`` reaches this machine: a localhost
    name (:func:`is_localhost_name`), or a loopback or unspecified address (Linux
    delivers ``0.0.0.0`` and ``::`` to local listeners) under any of these readings:

    * strict text and glibc ``getaddrinfo(AI_NUMERICHOST)`` (``127.1``, ``0x7f.1``);
    * ``inet_aton``, which stops at white space (``"127.0.0.1 foo"``);
    * a C string, which stops at NUL (``"127.0.0.1\x00.evil.com"``);
    * the WHATWG URL host parser (``"%31%32%37.0.0.1"``, fullwidth digits, ``127.0.0.1.``),
      with IPv6 text also read in brackets, as a URL holds it (``"::1\n"`` is
      ``http://[::1\n]/``, which reaches ``::1``);
    * curl, which drops a zone (``"[::1%%]"``);
    * a reader that strips white space and C0 controls around it first, as config
      readers and the URL parser (around a whole URL) do (``" 127.0.0.1"``).

    Brackets are allowed. It never looks anything up in DNS or in a hosts file, and never
    raises for a ``str``. For an SSRF guard this errs on the safe side: a false ``True``
    blocks a request, a false ``False`` would let one through.

    >>> is_loopback_host("localhost"), is_loopback_host("[::1]"), is_loopback_host("0x7f.1")
    (True, True, True)
    >>> is_loopback_host("127.0.0.1\x00.example.com"), is_loopback_host("example.com")
    (True, False)

    :raises AddressError: ``host`` is not a ``str``.
    """
    if type(host) is str and host[-1:] in _DIGITS and ":" not in host:
        # A strict dotted quad: every reading of it (inet_aton, a URL) is this value.
        try:
            _, value, _ = parse_strict(host)
        except AddressError:
            pass
        else:
            return value >> 24 == 127 or value == 0
    if (
        type(host) is str
        and host.isascii()
        and host.isprintable()
        and " " not in host
        and "%" not in host
        and "[" not in host
        and "]" not in host
    ):
        # Plain ASCII text: no reading strips, decodes, maps, cuts or brackets anything.
        if ":" in host:
            # RFC 4291 text: every reading of it (glibc, a URL in brackets) is this value.
            try:
                _, value, _ = parse_strict(host)
            except AddressError:
                pass
            else:
                return value in (0, 1, MAPPED) or value >> 24 == LOOPBACK4_TOP
        else:
            last = host[host.rfind(".", 0, len(host) - 1) + 1 :]
            if last[:1] not in _DIGITS:
                # No reading of it is an address (inet_aton and the URL Standard need the
                # last label to be a number): only a localhost name stays here.
                return under_localhost(host)
    return _is_loopback_host(host)


def _is_loopback_host(host: str) -> bool:
    """:func:`is_loopback_host`, every reading tried."""
    if not isinstance(host, str):
        raise AddressError(shown(host), None, f"expected str, not {type(host).__name__}")
    host = str.__str__(host)  # a plain copy: a str subclass's methods stay out
    nul = host.find("\x00")
    if nul >= 0 and _local_reading(host[:nul]):
        return True
    stripped = host.strip(_C0_SPACE)
    if stripped != host and _local_reading(stripped):
        return True
    return _local_reading(host)


def _local_reading(host: str) -> bool:
    """Whether some reading of ``host`` (without the C-string one) is local."""
    inner = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if any(map(_local_text, _idna_readings(inner))):
        return True
    if "%" in inner and any(map(_local_text, _idna_readings(percent_decode(inner)))):
        return True  # curl percent-decodes a URL's host before it maps it with libidn2
    if ":" in host and inner is host and _local_url_host(f"[{host}]"):
        return True  # IPv6 text as a URL holds it: in brackets
    return _local_url_host(host)


def _local_url_host(host: str) -> bool:
    """Whether the WHATWG URL host parser reads ``host`` as a local host."""
    try:
        url_host = parse_url_host(host)
    except AddressError:
        return False
    if isinstance(url_host, str):
        return under_localhost(url_host)
    return is_local_value(as_int(url_host))


def _idna_readings(text: str) -> list[str]:
    """``text``, and if it is not ASCII, what IDNA 2003 makes of it.

    CPython's socket module encodes a non-ASCII ``str`` host with the IDNA 2003 codec
    (NFKC; U+00AD, U+200B, U+200C, U+200D and other invisibles mapped to nothing) before
    calling getaddrinfo; libidn2 in curl maps most of them the same way.

    The codec's Punycode step is quadratic in a label's length, and any label longer than
    63 characters after its nameprep step fails anyway: such text is refused before the
    codec sees it, so the time stays linear and the answers stay the codec's.
    """
    if text.isascii():
        return [text]
    from encodings.idna import dots, nameprep  # noqa: PLC0415 - only for non-ASCII hosts

    try:
        for label in dots.split(text):
            if len(label if label.isascii() else nameprep(label)) > _MAX_LABEL:
                return [text]
        return [text, text.encode("idna").decode("ascii")]
    except UnicodeError:
        return [text]


def _local_text(text: str) -> bool:
    """A localhost name, or local under glibc, inet_aton or curl's zone-dropping reading."""
    if under_localhost(text):
        return True
    try:
        if is_local_value(as_int(text, lenient=True)):
            return True
    except AddressError:
        pass
    try:
        if is_local_value(MAPPED | read_inet_aton(text, exact=False)):
            return True
    except AddressError:
        pass
    pct = text.find("%")
    if pct >= 0 and ":" in text:
        try:
            return is_local_value(as_int(text[:pct]))
        except AddressError:
            pass
    return False


def special_purpose(address: AddressLike, *, lenient: bool = False) -> SpecialPurpose | None:
    """The most specific row of the IANA Special-Purpose Address Registry for ``address``.

    ``None`` if no row covers it. An IPv6 address is looked up in the IPv6 registry as it
    is, so ``::ffff:127.0.0.1`` finds "IPv4-mapped Address" (use :func:`is_global` and
    :func:`embedded_ipv4` to judge what it carries). The registry date is in
    :mod:`loopback._special`.

    >>> special_purpose("192.0.0.9").name
    'Port Control Protocol Anycast'
    >>> special_purpose("192.0.0.8").prefix, special_purpose("2001:db8::1").rfc
    ('192.0.0.8/32', 'RFC 3849')
    >>> special_purpose("8.8.8.8") is None
    True

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    return lookup(*version_and_int(address, lenient))


def _unmapped(address: AddressLike, lenient: bool) -> tuple[Literal[4, 6], int]:
    """Version and value, an IPv4-mapped address as the IPv4 address it carries."""
    return unmapped(*version_and_int(address, lenient))


def is_global(address: AddressLike, *, lenient: bool = False) -> bool:
    """Is ``address`` globally reachable, as the Special-Purpose Address Registry says?

    The most specific registry row decides (``192.0.0.9`` is global inside the non-global
    ``192.0.0.0/24``); an address in no row is global; "N/A" and deprecated rows are not
    (6to4 ``2002::/16``, Teredo ``2001::/32``). An IPv4-mapped address is judged by its
    IPv4 address. NAT64 ``64:ff9b::/96`` is global as the registry says, whatever it
    embeds: ask :func:`embedded_ipv4` for that. Multicast and unallocated space are in no
    row, so they are "global" here as in :mod:`ipaddress`: ask :func:`is_bogon` whether an
    address is routed on the Internet at all.

    >>> is_global("8.8.8.8"), is_global("10.0.0.1"), is_global("::ffff:8.8.8.8")
    (True, False, True)
    >>> is_global("192.0.0.9"), is_global("192.0.0.8"), is_global("2002::1")
    (True, False, False)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    row = lookup(*_unmapped(address, lenient))
    return row is None or row.globally_reachable is True


#: IPv4 multicast (RFC 5771), outside the special-purpose registry.
_MULTICAST4 = 0xE0000000 >> 28
#: IPv6 global unicast, 2000::/3 (RFC 4291 2.4): the rest of the space is not routed.
_GLOBAL_UNICAST6 = 0b001


def is_bogon(address: AddressLike, *, lenient: bool = False) -> bool:
    """Should ``address`` never be seen on the public Internet?

    True for registry rows that are not globally reachable (private, shared, link-local,
    documentation, benchmarking, loopback, ``240.0.0.0/4`` and the rest, "N/A" and
    deprecated rows included), for IPv4 multicast ``224.0.0.0/4``, and for IPv6 outside
    global unicast ``2000::/3`` (multicast, unassigned space) unless a registry row says
    the block is global (NAT64 ``64:ff9b::/96``). IPv4-mapped addresses are judged by their
    IPv4 address. Teredo ``2001::/32`` and 6to4 ``2002::/16`` are bogons here (the registry
    says "N/A"), though many published bogon lists leave them out. Martians (see
    :mod:`loopback.martian`) are a stricter, smaller set.

    >>> is_bogon("192.0.2.1"), is_bogon("10.1.2.3"), is_bogon("224.0.0.1"), is_bogon("ff02::1")
    (True, True, True, True)
    >>> is_bogon("8.8.8.8"), is_bogon("2606:4700::1111"), is_bogon("64:ff9b::808:808")
    (False, False, False)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    version, value = _unmapped(address, lenient)
    row = lookup(version, value)
    if row is not None:
        return row.globally_reachable is not True
    if version == 4:
        return value >> 28 == _MULTICAST4
    return value >> 125 != _GLOBAL_UNICAST6


def embedded_ipv4(address: AddressLike, *, lenient: bool = False) -> Address | None:
    """The IPv4 address an IPv6 address carries, where a standard embeds one.

    * IPv4-mapped ``::ffff:a.b.c.d`` (RFC 4291 2.5.5.2);
    * IPv4-compatible ``::a.b.c.d`` (RFC 4291 2.5.5.1, deprecated), but not ``::`` or ``::1``;
    * NAT64 ``64:ff9b::/96`` (RFC 6052), the IPv4 address in the last 32 bits; in the
      local-use ``64:ff9b:1::/48`` (RFC 8215) the operator chooses the layout, so only
      ``64:ff9b:1::/96`` is read, and the rest of the /48 answers ``None`` (it is not global,
      and a bogon, whatever it embeds);
    * 6to4 ``2002:AABB:CCDD::/48`` (RFC 3056), the IPv4 address in bits 16 to 47;
    * Teredo ``2001::/32`` (RFC 4380 4), the client's address: the last 32 bits inverted.

    An SSRF guard should judge what an address really reaches by this IPv4 address too.

    >>> embedded_ipv4("64:ff9b::7f00:1"), embedded_ipv4("2002:7f00:1::")
    (Address('127.0.0.1'), Address('127.0.0.1'))
    >>> embedded_ipv4("2001:0:4136:e378:8000:63bf:3fff:fdd2")
    Address('192.0.2.45')
    >>> embedded_ipv4("2001:db8::1") is None, embedded_ipv4("127.0.0.1") is None
    (True, True)

    :raises AddressError: ``address`` is not an address (strict text unless ``lenient``).
    """
    version, value = version_and_int(address, lenient)
    if version == 4:
        return None
    low = value & 0xFFFFFFFF
    if (
        mapped_ipv4(value) is not None
        or (value >> 32 == 0 and value > 1)
        or value >> 32 in (0x0064FF9B << 64, 0x0064FF9B0001 << 48)
    ):
        embedded = low
    elif value >> 112 == 0x2002:
        embedded = value >> 80 & 0xFFFFFFFF
    elif value >> 96 == 0x20010000:
        embedded = low ^ 0xFFFFFFFF
    else:
        return None
    return Address.from_int(embedded, 4)
