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

from ._address import Address, make_address, parse_address
from ._punycode import punycode
from ._strict import check_zone, parse_ipv6, shown
from ._uts46 import table
from .errors import AddressError

__all__ = ["parse_url_host"]

#: ASCII tab or newline, removed everywhere (basic URL parser step 3).
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
#: UTS #46's mappings of non-ASCII code points to ASCII text or to nothing, pinned.
_TO_ASCII: dict[int, str] = {}  # filled on first use: only non-ASCII hosts need it
#: Forbidden domain code points (URL Standard 3.2): a host with one of them is not valid.
_FORBIDDEN = "".join(map(chr, range(0x21))) + "#%/:<>?@[\\]^|\x7f"
#: A table that keeps the forbidden code points of an ASCII text and deletes the rest.
_ONLY_FORBIDDEN = {i: None for i in range(128) if chr(i) not in _FORBIDDEN}
_HEX_DIGITS = "0123456789abcdefABCDEF"
_OCTAL_DIGITS = "01234567"


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
    if type(text) is str and text[-1:].isdigit() and ":" not in text and "%" not in text:
        # A strict dotted quad is an IPv4 host the URL Standard reads the same way.
        try:
            return parse_address(text)
        except AddressError:
            pass
    if not isinstance(text, str):
        raise AddressError(shown(text), None, f"expected str, not {type(text).__name__}")
    text = str.__str__(text)  # a plain copy: a str subclass's methods stay out
    host = text.translate(_TAB_NEWLINE) if "\t" in text or "\n" in text or "\r" in text else text
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
    if not host.replace(".", "").replace("-", "").isalnum():  # most names: letters and digits
        forbidden = host.translate(_ONLY_FORBIDDEN)
        if forbidden:
            bad = forbidden[0]
            raise _error(text, host, host.index(bad), f"{bad!r} is forbidden in a host")
    labels = host.split(".")
    last = labels[-1] if labels[-1] or len(labels) == 1 else labels[-2]
    if not _ends_in_number(last):
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


def _ends_in_number(label: str) -> bool:
    """Whether an ASCII ``label`` is all digits, or ``0x`` and hex digits (URL Standard)."""
    if label[:2] in ("0x", "0X"):
        return not label[2:].strip(_HEX_DIGITS)
    return label.isdigit()


def percent_decode(text: str) -> str:
    """Percent-decode ``text`` and decode the bytes as UTF-8 (bad bytes become U+FFFD).

    A ``%`` not followed by two hex digits stays as it is (URL Standard, percent-decode).
    """
    pieces = text.encode("utf-8", "surrogatepass").split(b"%")
    out = [pieces[0]]
    for piece in pieces[1:]:
        pair = piece[:2]
        if len(pair) == 2 and pair.isalnum() and not pair.strip(b"0123456789abcdefABCDEF"):
            out.append(bytes([int(pair, 16)]) + piece[2:])
        else:
            out.append(b"%" + piece)
    return b"".join(out).decode("utf-8", "replace")


def _to_ascii(host: str, text: str) -> str:
    """UTS #46 ToASCII, as far as it matters here (see the module docstring).

    Code points that UTS #46 maps to ASCII or ignores go through our pinned table, so an
    address or ``localhost`` comes out the same on every Python. What is left is lower-cased,
    composed (NFC) and Punycode-encoded label by label: a name.
    """
    if not _TO_ASCII:
        _TO_ASCII.update(table())
    mapped = host.translate(_TO_ASCII)
    if "\ufffd" in mapped:
        raise AddressError(text, None, "not UTF-8 after percent-decoding")
    if mapped.isascii():
        return mapped
    # Lower case, not case folding: UTS #46 (non-transitional, as WHATWG uses it) keeps
    # sharp s and final sigma, which case folding would turn into "ss" and a plain sigma.
    from unicodedata import normalize  # noqa: PLC0415 - only for non-ASCII names

    mapped = normalize("NFC", mapped.lower())
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
        if label[:2] in ("0x", "0X") and not label[2:].strip(_HEX_DIGITS):
            digits, base = label[2:], 16  # "0x" alone is 0
        elif label[:1] == "0" and label[1:] and not label[1:].strip(_OCTAL_DIGITS):
            digits, base = label[1:], 8
        elif label.isdigit() and (label == "0" or label[0] != "0"):
            digits, base = label, 10
        else:
            raise AddressError(host, pos, "not a number, in a host that ends in a number")
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
