"""A URL's host as a browser reads it: the WHATWG URL Standard's host parser.

https://url.spec.whatwg.org/#host-parsing, for special schemes (``http``, ``https``, ...):

1. Every ASCII tab, LF and CR is removed (the URL parser does this anywhere in a URL).
   Leading and trailing C0 controls and spaces are *not* stripped: the URL parser strips
   them from the ends of a whole URL, never from a host inside it, so ``" 127.0.0.1"``
   as a host fails (a space and the C0 controls are forbidden host code points).
2. ``[...]`` is an IPv6 address, read by the IPv6 parser alone. WHATWG has no zones; we
   also accept an RFC 6874 zone (``[fe80::1%25eth0]``), which needs the ``%25``:
   ``[::%31]`` fails, as it does in a browser.
3. Otherwise the host is percent-decoded, decoded as UTF-8 and mapped to ASCII with
   UTS #46 (see below). A host that "ends in a number" (its last label is all digits, or
   ``0x`` with hex digits) must be an IPv4 address in the ``inet_aton`` forms, with two
   WHATWG differences: a bare ``0x`` part is 0, and one trailing dot is allowed
   (``127.0.0.1.``). Anything else is a domain name, returned in lower case.

UTS #46 needs Unicode's IDNA mapping table. We pin the part of it that matters for finding
addresses and localhost names, in :mod:`loopback._uts46`: every non-ASCII code point that
it maps to ASCII (fullwidth, mathematical, circled, superscript and outlined digits and
letters, the full stops U+3002, U+FF0E and U+FF61) or ignores (U+00AD, U+200B, U+3164,
variation selectors, ...). So the answer does not depend on the Unicode version of the
running Python. Other non-ASCII text is lower-cased, composed (NFC) and Punycode-encoded:
a name. Names that UTS #46 would refuse (disallowed code points, U+200C and U+200D out of
context) come back as ``xn--`` names instead of failing.
"""

from __future__ import annotations

import re
import unicodedata

from ._address import Address, make_address
from ._punycode import punycode
from ._strict import check_zone, parse_ipv6, parse_strict, shown
from ._uts46 import table
from .errors import AddressError

__all__ = ["parse_url_host"]

#: ASCII tab or newline, removed everywhere (basic URL parser step 3).
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
#: UTS #46's mappings of non-ASCII code points to ASCII text or to nothing, pinned.
_TO_ASCII = table()
#: Forbidden domain code points (URL Standard 3.2): a host with one of them is not valid.
_FORBIDDEN = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]", re.ASCII).search
_PERCENT = re.compile(rb"%([0-9A-Fa-f]{2})")
#: One IPv4 number: hex after 0x (may be empty: 0), octal after 0, else decimal.
_NUMBER = re.compile(r"0[xX]([0-9A-Fa-f]*)|0([0-7]+)|([1-9][0-9]*|0)", re.ASCII).fullmatch
_ENDS_IN_NUMBER = re.compile(r"[0-9]+|0[xX][0-9A-Fa-f]*", re.ASCII).fullmatch


def parse_url_host(text: str) -> Address | str:
    r"""Read ``text`` as the host of an ``http:`` URL, as a browser does.

    An address comes back as an :class:`Address`, a name as a lower-case ``str``.

    >>> parse_url_host("0x7f.1")
    Address('127.0.0.1')
    >>> parse_url_host("\uff11\uff12\uff17.0.0.1")   # fullwidth digits
    Address('127.0.0.1')
    >>> parse_url_host("[::1]")
    Address('::1')
    >>> parse_url_host("LocalHost.")
    'localhost.'

    :raises AddressError: the URL Standard fails the host (``256.0.0.1``, ``1.2.3.4.5``,
        ``exa mple.com``, ``[::1``), or ``text`` is not a ``str``.
    """
    if type(text) is str and text.count(".") == 3 and "%" not in text:
        # A strict dotted quad is an IPv4 host the URL Standard reads the same way.
        try:
            version, value, _ = parse_strict(text)
        except AddressError:
            pass
        else:
            if version == 4:
                return make_address(4, value)
    if not isinstance(text, str):
        raise AddressError(shown(text), None, f"expected str, not {type(text).__name__}")
    text = str.__str__(text)  # a plain copy: a str subclass's methods stay out
    host = text.translate(_TAB_NEWLINE)
    if host.startswith("["):
        try:
            return _bracketed(host)
        except AddressError as error:
            raise _error(text, host, error.position, error.reason) from None
    if "%" in host:
        host = percent_decode(host)
    if not host.isascii():
        host = _to_ascii(host, text)
    if not host:
        raise AddressError(text, None, "empty host")
    host = host.lower()
    bad = _FORBIDDEN(host)
    if bad is not None:
        raise _error(text, host, bad.start(), f"{bad.group()!r} is forbidden in a host")
    labels = host.split(".")
    last = labels[-1] if labels[-1] or len(labels) == 1 else labels[-2]
    if _ENDS_IN_NUMBER(last) is None:
        return host
    try:
        return make_address(4, _whatwg_ipv4(host, labels))
    except AddressError as error:
        raise _error(text, host, error.position, error.reason) from None


def _error(text: str, host: str, position: int | None, reason: str) -> AddressError:
    """An error about ``text``, whose host read as ``host``.

    A position in ``host`` is kept when ``host`` is ``text``; otherwise (tabs or newlines
    removed, percent-decoded, mapped) the error names the host as read instead.
    """
    if host == text:
        return AddressError(text, position, reason)
    return AddressError(text, None, f"{reason} (in the host as read: {host!r})")


def _bracketed(host: str) -> Address:
    """``[IPv6]`` with an optional RFC 6874 (``%25``) zone."""
    if not host.endswith("]"):
        raise AddressError(host, len(host), "'[' without a closing ']'")
    if host == "[]":
        raise AddressError(host, 1, "empty brackets")
    inner = host[1:-1]
    pct = inner.find("%")
    body = inner if pct < 0 else inner[:pct]
    if ":" not in body:
        raise AddressError(host, 1, "not an IPv6 address inside brackets")
    value = parse_ipv6(body, host, 1, compress_empty=True)
    if pct < 0:
        return make_address(6, value)
    if not inner.startswith("25", pct + 1):
        # RFC 6874: "%25" is the delimiter; a bare "%" is no zone but a bad IPv6 character.
        raise AddressError(host, pct + 1, "unexpected '%' (a zone in a URL is written '%25')")
    encoded = inner[pct + 3 :]
    zone = percent_decode(encoded)
    if zone != encoded:  # positions in the decoded zone are not positions in the host
        try:
            check_zone(zone, zone, 0)
        except AddressError as error:
            raise AddressError(host, None, f"{error.reason} (decoded: {zone!r})") from None
        return make_address(6, value, zone)
    check_zone(zone, host, pct + 4)
    return make_address(6, value, zone)


def percent_decode(text: str) -> str:
    """Percent-decode ``text`` and decode the bytes as UTF-8 (bad bytes become U+FFFD)."""
    raw = _PERCENT.sub(
        lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8", "surrogatepass")
    )
    return raw.decode("utf-8", "replace")


def _to_ascii(host: str, text: str) -> str:
    """UTS #46 ToASCII, as far as it matters here (see the module docstring).

    Code points that UTS #46 maps to ASCII or ignores go through our pinned table, so an
    address or ``localhost`` comes out the same on every Python. What is left is lower-cased,
    composed (NFC) and Punycode-encoded label by label: a name.
    """
    mapped = host.translate(_TO_ASCII)
    if "\ufffd" in mapped:
        raise AddressError(text, None, "not UTF-8 after percent-decoding")
    if mapped.isascii():
        return mapped
    # Lower case, not case folding: UTS #46 (non-transitional, as WHATWG uses it) keeps
    # sharp s and final sigma, which case folding would turn into "ss" and a plain sigma.
    mapped = unicodedata.normalize("NFC", mapped.lower())
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label)
            continue
        labels.append("xn--" + punycode(label))  # the codec's answer, in linear time
    return ".".join(labels)


def _whatwg_ipv4(host: str, labels: list[str]) -> int:
    """The URL Standard's IPv4 parser (https://url.spec.whatwg.org/#concept-ipv4-parser)."""
    if not labels[-1] and len(labels) > 1:
        labels = labels[:-1]  # one trailing dot is a validation error, not a failure
    if len(labels) > 4:
        raise AddressError(host, None, "an address that ends in a number has more than 4 parts")
    numbers = []
    pos = 0
    for label in labels:
        match = _NUMBER(label)
        if match is None:
            raise AddressError(host, pos, "not a number, in a host that ends in a number")
        hex_digits, octal, decimal = match.groups()
        if hex_digits is not None:
            digits, base = hex_digits, 16
        elif octal is not None:
            digits, base = octal, 8
        else:
            digits, base = decimal, 10
        digits = digits.lstrip("0")
        if len(digits) > 11:  # beyond 2**32 in any base: fail without a huge int()
            raise AddressError(host, pos, "number above 2**32 - 1")
        numbers.append((int(digits or "0", base), pos))
        pos += len(label) + 1
    *head, (last, last_pos) = numbers
    for number, at in head:
        if number > 255:
            raise AddressError(host, at, "part above 255 before the last")
    if last >= 256 ** (5 - len(numbers)):
        raise AddressError(host, last_pos, f"last part above {256 ** (5 - len(numbers)) - 1}")
    value = last
    for shift, (number, _) in zip((24, 16, 8), head):
        value |= number << shift
    return value
