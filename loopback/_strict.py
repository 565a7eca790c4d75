"""The strict address grammar: RFC 791 and RFC 4291 text, read into integers.

This module sits below everything else that reads addresses (:mod:`loopback._address`
builds :class:`~loopback.Address` values on it, :mod:`loopback._lenient` reads the
``inet_aton`` forms beside it) and imports none of them.

Strict text is what RFC 791 and RFC 4291 define, and nothing else:

.. code-block:: abnf

    address     = IPv4address / IPv6address [ "%" zone ]
    IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet     ; RFC 3986 3.2.2
    dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
    IPv6address = the nine forms of RFC 3986 3.2.2: 8 h16 groups, "::" standing for
                  one or more zero groups at most once, and an IPv4address as the last 32 bits
    h16         = 1*4HEXDIG
    zone        = 1*64( ALPHA / DIGIT / "." / "_" / "~" / "-" )            ; RFC 6874 unreserved

Deviations, each on purpose:

* No leading zeros in a ``dec-octet`` (``127.0.0.01``): every operating system reads them as
  octal, and reading them as decimal was CVE-2021-29921 (CPython), CVE-2021-29922 (Rust) and
  CVE-2021-29923 (Go).
* Zones are IPv6 only and limited to RFC 6874 ``unreserved`` characters, so that a zone can
  never smuggle white space, a ``%`` or a control character into a log line or header.
* ASCII only, checked before any digit is read: :func:`int` reads Arabic-Indic digits.

Lenient readings (``inet_aton`` forms) live in :mod:`loopback._lenient`, the
:class:`~loopback.Address` value and its formatter in :mod:`loopback._address`.
"""

from __future__ import annotations

import os

# The C library's converters straight from the C module: socket.py costs milliseconds to import.
from _socket import AF_INET as _AF_INET
from _socket import AF_INET6 as _AF_INET6
from _socket import inet_ntop as _inet_ntop
from _socket import inet_pton as _inet_pton

from .errors import AddressError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

__all__ = [
    "check_zone",
    "diagnose",
    "parse_ipv4",
    "parse_ipv6",
    "parse_slow",
    "parse_strict",
    "shown",
]

#: The dotted-decimal spellings of 0 to 255 that RFC 791 text allows (no leading zeros).
_OCTETS: dict[str, int] = {str(i): i for i in range(256)}
#: The longest strict text: 6 groups of 4 digits and a dotted quad (45), "%" and a 64-char zone.
_MAX_BODY = 45
_MAX_ZONE = 64
_HEX = frozenset("0123456789abcdefABCDEF")
#: RFC 6874 ``unreserved``: the characters of a zone id.
_ZONE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-"
_from_bytes = int.from_bytes
_HEX_DIGITS = "0123456789abcdefABCDEF"


def _parse_glibc(text: str) -> tuple[Literal[4, 6], int, str | None]:
    """:func:`parse_strict` where the C library is glibc.

    glibc's ``inet_pton`` (``resolv/inet_pton.c``) accepts exactly the strict grammar of
    this module, zones aside: dotted quads of decimal octets without leading zeros, and
    RFC 4291 text with 1 to 4 hex digits a group, ``::`` standing for at least one group,
    and a strict dotted quad as the last 32 bits. ``tests/differential/test_socket.py``
    checks that on every run. So it decides and converts zone-free text here, and
    :func:`parse_slow` decides the rest and explains every error, when asked.
    """
    if type(text) is str and "%" not in text:
        try:
            if ":" in text:
                return 6, _from_bytes(_inet_pton(_AF_INET6, text), "big"), None
            return 4, _from_bytes(_inet_pton(_AF_INET, text), "big"), None
        except (OSError, ValueError):  # ValueError: NUL or a lone surrogate in the text
            raise AddressError(text, diagnose) from None
    return parse_slow(text)


def _parse_portable(text: str) -> tuple[Literal[4, 6], int, str | None]:
    """:func:`parse_strict` for any C library.

    Fast paths decide the common cases; :func:`parse_slow` decides what they leave (zones,
    non-``str`` input) and explains every error, when asked (see :func:`diagnose`):

    * a dotted quad is valid if and only if its four parts are keys of ``_OCTETS``;
    * IPv6 text goes to the C library's ``inet_pton``. What it refuses, and what it
      accepts but neither prints back unchanged (``inet_ntop``) nor passes our grammar
      check :func:`_ipv6_shape`, goes to the full parser. So a libc's own leniency never
      leaks through: every ``inet_pton`` converts valid RFC 4291 text the same way, and
      text that is a libc's own output for a value is RFC 4291 text for that value.
    """
    if type(text) is str:
        parts = text.split(".")
        if len(parts) == 4:
            get = _OCTETS.get
            a = get(parts[0])
            b = get(parts[1])
            c = get(parts[2])
            d = get(parts[3])
            if a is not None and b is not None and c is not None and d is not None:
                return 4, a << 24 | b << 16 | c << 8 | d, None
        if ":" not in text:
            raise AddressError(text, diagnose)  # IPv4 text that is not a dotted quad of octets
        if "%" not in text:
            try:
                packed = _inet_pton(_AF_INET6, text)
            except (OSError, ValueError):
                # A libc that refuses RFC 4291 text we accept would fall through to the
                # full parser; glibc, musl and the BSDs refuse none.
                if not _ipv6_shape(text):  # pragma: no branch
                    raise AddressError(text, diagnose) from None
            else:
                # What a libc more lenient than RFC 4291 accepts falls through to the full
                # parser, which refuses it; glibc accepts nothing that _ipv6_shape refuses.
                if _inet_ntop(_AF_INET6, packed) == text or _ipv6_shape(text):  # pragma: no branch
                    return 6, _from_bytes(packed, "big"), None
    return parse_slow(text)


def _glibc() -> bool:
    """Whether the C library is glibc (``confstr`` names it; others have no such name)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # pragma: linux no cover - not glibc
        return False


#: ``parse_strict(text) -> (version, value, zone)``: the strict parser, fast.
#:
#: :raises AddressError: as :func:`parse_address`.
parse_strict = _parse_glibc if _glibc() else _parse_portable


def diagnose(text: str) -> tuple[int | None, str]:
    """Return the position and reason why strict ``text`` is not an address.

    For the errors the fast path of :func:`parse_strict` raises with the text alone (see
    :class:`AddressError`).
    """
    try:
        parse_slow(text)
    except AddressError as error:
        return error.position, error.reason
    return None, "not an address in the form asked for"  # valid strict text


def _ipv6_shape(text: str) -> bool:
    """Whether ``text`` (no zone) is RFC 4291 IPv6 text, without converting it.

    The shape is 3 to 9 colon-separated groups of 0 to 4 hex digits, or 3 to 8 of them
    where the last is a strict dotted quad; the rest is counting: at most one ``::``, an
    empty group only as part of it, and 8 groups in all (a dotted quad is two), fewer
    when ``::`` stands for at least one zero group.
    """
    groups = text.split(":")
    slots = 8
    if "." in groups[-1]:
        octets = groups.pop().split(".")
        if len(octets) != 4 or not all(octet in _OCTETS for octet in octets):
            return False
        slots = 7
    if not ((3 <= len(groups) <= 9) if slots == 8 else (2 <= len(groups) <= 7)):
        return False
    for group in groups:
        if len(group) > 4 or group.strip(_HEX_DIGITS):
            return False
    colons = text.count(":")
    double = text.find("::")
    if double < 0:
        return colons == slots - 1 and text[0] != ":" and text[-1] != ":"
    if text.find("::", double + 1) >= 0:
        return False
    end = len(text) - 2
    if (text[0] == ":" and double) or (text[-1] == ":" and double != end):
        return False
    return colons - (double == 0) - (double == end) < slots


def parse_slow(text: str) -> tuple[Literal[4, 6], int, str | None]:
    """Everything but a well-formed dotted quad: IPv6, zones, and diagnosing bad text."""
    if not isinstance(text, str):
        raise AddressError(shown(text), None, f"expected str, not {type(text).__name__}")
    text = str.__str__(text)  # a plain copy: a str subclass's methods stay out of the parser
    if not text:
        raise AddressError(text, None, "empty string")
    if not text.isascii():
        bad = next(i for i, ch in enumerate(text) if ord(ch) > 127)
        raise AddressError(text, bad, f"non-ASCII character {text[bad]!r}")
    pct = text.find("%")
    body = text if pct < 0 else text[:pct]
    if ":" not in body:
        if pct >= 0:
            raise AddressError(text, pct, "zone id on an IPv4 address (zones are IPv6 only)")
        return 4, parse_ipv4(body, text, 0), None
    colon = body.find(":")
    if "." in body[:colon]:
        raise AddressError(text, colon, _unexpected(":"))
    if len(body) > _MAX_BODY:
        raise AddressError(text, _MAX_BODY, f"longer than {_MAX_BODY} characters")
    zone = None
    if pct >= 0:
        zone = text[pct + 1 :]
        check_zone(zone, text, pct + 1)
    return 6, parse_ipv6(body, text, 0), zone


def shown(obj: object) -> str:
    """A short ``repr`` of a non-text input, for an error's ``.text``."""
    try:
        shown = repr(obj)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not hide the real error
        shown = f"<{type(obj).__name__} object>"
    return shown if len(shown) <= 80 else shown[:77] + "..."


def check_zone(zone: str, text: str, at: int) -> None:
    """Check an IPv6 zone id: 1 to 64 RFC 6874 unreserved characters.

    :raises AddressError: with the position of the first bad character in ``text``.
    """
    if 0 < len(zone) <= _MAX_ZONE and zone.isascii() and not zone.strip(_ZONE_CHARACTERS):
        return
    if not zone:
        raise AddressError(text, at, "empty zone id after '%'")
    for i, ch in enumerate(zone):
        if i == _MAX_ZONE:
            raise AddressError(text, at + i, f"zone id longer than {_MAX_ZONE} characters")
        if ch not in _ZONE_CHARACTERS:
            raise AddressError(text, at + i, f"{ch!r} in a zone id")
    raise AssertionError("unreachable")  # pragma: no cover


def parse_ipv4(body: str, text: str, at: int) -> int:
    """Parse a strict dotted quad ``body`` found at index ``at`` of ``text``.

    Characters are checked first, then the number of octets, then their values, so the
    error names the most basic problem.

    :raises AddressError: naming the first bad octet or character.
    """
    parts = body.split(".")
    starts = []
    pos = at
    for i, part in enumerate(parts):
        if not part:
            last = i == len(parts) - 1 and i
            raise AddressError(
                text, pos - 1 if last else pos, "trailing '.'" if last else "empty octet"
            )
        for j, ch in enumerate(part):
            if not ("0" <= ch <= "9"):
                raise AddressError(text, pos + j, _unexpected(ch))
        starts.append(pos)
        pos += len(part) + 1
    if len(parts) > 4:
        raise AddressError(text, starts[4] - 1, "more than 4 octets")
    if len(parts) < 4:
        raise AddressError(text, pos - 1, f"{len(parts)} octet{'s' * (len(parts) > 1)}, 4 needed")
    for part, start in zip(parts, starts):
        if part not in _OCTETS:
            if part[0] == "0":
                raise AddressError(text, start, "leading zero (operating systems read it as octal)")
            raise AddressError(text, start, "octet above 255")
    a, b, c, d = (_OCTETS[p] for p in parts)
    return a << 24 | b << 16 | c << 8 | d


def _unexpected(ch: str) -> str:
    """The reason for an unexpected character, with a hint for the common mistakes."""
    if ch in "[]":
        return f"unexpected {ch!r} (brackets belong to URLs and host:port, not addresses)"
    if ch == "/":
        return "unexpected '/' (a prefix length is not part of an address)"
    if ch.isspace():
        return f"white space {ch!r}"
    if ch == ":":
        return "unexpected ':' (a port is not part of an address)"
    return f"unexpected {ch!r}"


def parse_ipv6(body: str, text: str, at: int, *, compress_empty: bool = False) -> int:
    """Parse RFC 4291 IPv6 text ``body`` (no zone) found at index ``at`` of ``text``.

    ``compress_empty`` lets ``::`` stand for no group at all, as the WHATWG URL parser
    does (``1:2:3:4::5:6:7:8``); RFC 4291 and glibc ``inet_pton`` require at least one.

    :raises AddressError: naming the first bad group or character.
    """
    double = body.find("::")
    if double < 0:
        value, bits = _read_groups(body.split(":"), text, at, v4_last=True)
        if bits != 128:
            raise AddressError(text, at + len(body), f"{bits // 16} groups, 8 needed (or '::')")
        return value
    again = body.find("::", double + 1)
    if again >= 0:
        raise AddressError(text, at + again, "second '::'")
    left = body[:double]
    right = body[double + 2 :]
    high, high_bits = _read_groups(left.split(":"), text, at, v4_last=False) if left else (0, 0)
    low, low_bits = (
        _read_groups(right.split(":"), text, at + double + 2, v4_last=True) if right else (0, 0)
    )
    if high_bits + low_bits > (128 if compress_empty else 112):
        raise AddressError(text, at + double, "'::' with no zero group left to stand for")
    return high << (128 - high_bits) | low


def _read_groups(groups: list[str], text: str, at: int, *, v4_last: bool) -> tuple[int, int]:
    """Read colon-separated ``groups`` starting at index ``at`` of ``text``.

    Return ``(value, bits)``. A dotted quad may stand as the last group when ``v4_last``
    (RFC 4291 2.2: "the 32 low-order bits"); no more than 128 bits are read.

    :raises AddressError: naming the first bad group or character.
    """
    value = 0
    bits = 0
    last = len(groups) - 1
    for i, group in enumerate(groups):
        if bits == 128:
            raise AddressError(text, at, "more than 8 groups")
        if "." in group:
            if i != last or not v4_last:
                raise AddressError(text, at + group.index("."), "IPv4 part before the end")
            if bits > 96:
                raise AddressError(text, at, "IPv4 part after 7 groups")
            value = value << 32 | parse_ipv4(group, text, at)
            bits += 32
            continue
        if not group:
            raise AddressError(text, at, "empty group")
        for j, ch in enumerate(group):
            if ch not in _HEX:
                raise AddressError(text, at + j, _unexpected(ch))
            if j == 4:
                raise AddressError(text, at + j, "group longer than 4 hex digits")
        value = value << 16 | int(group, 16)
        bits += 16
        at += len(group) + 1
    return value, bits
