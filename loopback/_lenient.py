"""Lenient address readings: what glibc ``inet_aton`` and ``getaddrinfo`` accept.

glibc's ``inet_aton`` (``resolv/inet_addr.c``, 2.36) reads the BSD forms that curl and
browsers read too:

.. code-block:: abnf

    inet-aton = part [ "." part [ "." part [ "." part ] ] ]
    part      = "0" ( "x" / "X" ) 1*HEXDIG       ; hex
              / "0" *( %x30-37 )                 ; octal: 0, 00, 0177
              / %x31-39 *DIGIT                   ; decimal

The parts before the last are octets (at most 255); the last fills the bits that remain:
``a`` is 32 bits, ``a.b`` is 8 + 24, ``a.b.c`` is 8 + 8 + 16. So ``127.1``, ``0x7f.1``,
``0177.0.0.1`` and ``2130706433`` are all 127.0.0.1, ``0127.0.0.1`` is 87.0.0.1, and ``08``
(not octal), ``0x`` (no digits), ``1.2.3.4.5`` and ``127.0.0.1.`` are not addresses. A value
above ``2**32 - 1`` fails (``strtoul`` overflow).

``inet_aton`` stops at the first white space and ignores the rest (``127.0.0.1 foo``);
``getaddrinfo(AI_NUMERICHOST)`` uses the exact variant, which needs the whole string. IPv6
under ``getaddrinfo`` is ``inet_pton`` text (the strict grammar) with an optional zone.
"""

from __future__ import annotations

from ._strict import check_zone, parse_slow, parse_strict, shown
from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

__all__ = ["parse_lenient", "read_inet_aton"]

_HEX_DIGITS = "0123456789abcdefABCDEF"
_OCTAL_DIGITS = "01234567"
_DECIMAL_DIGITS = "0123456789"
_NONZERO_DIGITS = "123456789"
#: The largest value the last part may have, by how many parts came before it.
_LAST_MAX = (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)
#: C ``isspace`` in the C locale: what ends ``inet_aton``'s reading.
_C_SPACE = frozenset(" \t\n\v\f\r")
#: Digits needed to exceed 2**32 - 1 once leading zeros are gone, by base.
_MAX_DIGITS = {16: 8, 8: 11, 10: 10}


def read_inet_aton(text: str, *, exact: bool = True) -> int:
    """Read ``text`` as glibc ``inet_aton`` does and return the 32-bit value.

    With ``exact`` (what ``getaddrinfo(AI_NUMERICHOST)`` does) the whole text must be the
    address; without it, reading stops at the first white space, as ``inet_aton`` does.

    >>> read_inet_aton("0x7f.1") == 0x7F000001
    True
    >>> hex(read_inet_aton("127.0.0.1 trailing junk", exact=False))
    '0x7f000001'

    :raises AddressError: naming the first character that glibc would refuse.
    """
    if not isinstance(text, str):
        raise AddressError(shown(text), None, f"expected str, not {type(text).__name__}")
    parts: list[int] = []
    pos = 0
    end = len(text)
    while True:  # at most 4 parts: each slice below is taken at most 4 times
        start = pos
        if text.startswith(("0x", "0X"), pos):
            pos = end - len(text[start + 2 :].lstrip(_HEX_DIGITS))
            if pos == start + 2:
                raise AddressError(text, start + 1, "'0x' without hex digits")
            value = _number(text, start, text[start + 2 : pos], 16)
        elif text.startswith("0", pos):
            pos = end - len(text[start:].lstrip(_OCTAL_DIGITS))
            value = _number(text, start, text[start:pos], 8)
        elif pos < end and text[pos] in _NONZERO_DIGITS:
            pos = end - len(text[start:].lstrip(_DECIMAL_DIGITS))
            value = _number(text, start, text[start:pos], 10)
        elif not end:
            raise AddressError(text, None, "empty string")
        else:
            raise AddressError(text, pos, "empty part" if pos == end else "expected a digit")
        if pos == end or text[pos] != ".":
            break
        if len(parts) == 3:
            raise AddressError(text, pos, "more than 4 parts")
        if value > 0xFF:
            raise AddressError(text, start, "part above 255 before the last")
        parts.append(value)
        pos += 1
    if pos < end and (exact or text[pos] not in _C_SPACE):
        raise AddressError(text, pos, _trailing(text[pos]))
    if value > _LAST_MAX[len(parts)]:
        raise AddressError(text, start, f"last part above {_LAST_MAX[len(parts)]}")
    for shift, octet in zip((24, 16, 8), parts):
        value |= octet << shift
    return value


def _number(text: str, pos: int, digits: str, base: int) -> int:
    """The value of ``digits`` in ``base``, refusing more than 32 bits before converting."""
    significant = digits.lstrip("0")
    if len(significant) > _MAX_DIGITS[base]:
        raise AddressError(text, pos, "number above 2**32 - 1")
    value = int(significant or "0", base)
    if value > 0xFFFFFFFF:
        raise AddressError(text, pos, "number above 2**32 - 1")
    return value


def _trailing(ch: str) -> str:
    if ch in "89":
        return f"{ch!r} in an octal number (a leading 0 means octal)"
    if ch.isspace():
        return f"white space {ch!r}"
    return f"unexpected {ch!r}"


def parse_lenient(text: str) -> tuple[Literal[4, 6], int, str | None]:
    """Return ``(version, value, zone)`` for what ``getaddrinfo(AI_NUMERICHOST)`` reads.

    IPv6 (any text with a ``:``) is strict RFC 4291 text, as glibc's ``inet_pton`` reads it,
    with an optional zone as glibc's ``__inet6_scopeid_pton`` reads it: a decimal number
    up to 2**32 - 1 on any address, or an interface name (checked for its grammar only:
    which interfaces exist is not a pure function's business) on link-local unicast and on
    interface-local and link-local multicast addresses. Anything else is an exact
    ``inet_aton`` reading.

    :raises AddressError: naming the bad input and where.
    """
    if type(text) is str and ":" not in text and "%" not in text and text.count(".") == 3:
        # A strict dotted quad is read the same by inet_aton: the fast parser decides.
        try:
            return parse_strict(text)
        except AddressError:
            pass
    given: object = text  # checked as the object it is, whatever the annotation says
    if not isinstance(given, str):
        return parse_strict(text)  # raises, naming the type
    text = str.__str__(text)  # a plain copy: a str subclass's methods stay out
    if ":" not in text:
        if not text.isascii():
            return parse_slow(text)  # raises, naming the first non-ASCII character
        return 4, read_inet_aton(text), None
    pct = text.find("%")
    if pct < 0:
        return parse_strict(text)
    try:
        _, value, _ = parse_strict(text[:pct])
    except AddressError as error:
        raise AddressError(text, error.position, error.reason) from None
    zone = text[pct + 1 :]
    if zone.isascii() and zone.isdigit():
        number = zone.lstrip("0")
        if len(number) > 10 or int(number or "0") > 0xFFFFFFFF:
            raise AddressError(text, pct + 1, "zone number above 2**32 - 1")
        zone = str(int(number or "0"))  # the scope id glibc reads: "%01" is interface 1
    elif _link_scoped(value):
        check_zone(zone, text, pct + 1)
    else:
        reason = "zone is not a number, and only link-local addresses take interface names"
        raise AddressError(text, pct + 1, reason)
    return 6, value, zone


def _link_scoped(value: int) -> bool:
    """Whether glibc takes an interface name as this address's zone.

    Link-local unicast ``fe80::/10``, and interface-local or link-local multicast
    (glibc's ``IN6_IS_ADDR_LINKLOCAL``, ``IN6_IS_ADDR_MC_NODELOCAL``, ``..._MC_LINKLOCAL``).
    """
    return value >> 118 == 0x3FA or (value >> 120 == 0xFF and value >> 112 & 0xF in (1, 2))
