"""Lenient readings: glibc inet_aton / getaddrinfo(AI_NUMERICHOST) (loopback/_lenient.py)."""

from __future__ import annotations

import pytest

from loopback import Address, AddressError, parse_address
from loopback._lenient import read_inet_aton

# (text, what glibc getaddrinfo(AI_NUMERICHOST) reads): checked against glibc in
# tests/differential/test_socket.py.
VALID = [
    # BSD short forms: the last part fills the bits that remain
    ("127.1", "127.0.0.1"),
    ("127.0.1", "127.0.0.1"),
    ("127.16777215", "127.255.255.255"),
    ("1.2.65535", "1.2.255.255"),
    ("2130706433", "127.0.0.1"),
    ("0", "0.0.0.0"),
    ("4294967295", "255.255.255.255"),
    # hex after 0x or 0X, any case of digit
    ("0x7f.1", "127.0.0.1"),
    ("0X7F.0x0.0x0.0x1", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("0xFFFFFFFF", "255.255.255.255"),
    ("0x00000000000000007f000001", "127.0.0.1"),
    # a leading 0 means octal: 0127 is 87 (CVE-2021-28918 read it as 127)
    ("0177.0.0.1", "127.0.0.1"),
    ("0127.0.0.1", "87.0.0.1"),
    ("127.0.0.01", "127.0.0.1"),
    ("010.8.8.8", "8.8.8.8"),
    ("017700000001", "127.0.0.1"),
    ("00.0.0.0", "0.0.0.0"),
    ("0000.0000", "0.0.0.0"),
    ("127.0.0." + "0" * 200 + "1", "127.0.0.1"),
    # IPv6 is inet_pton text, as strict, with a zone
    ("::1", "::1"),
    ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
    ("fe80::1%eth0", "fe80::1%eth0"),
    # zones as glibc reads them: a number on any address (normalised to the scope id it
    # names), an interface name on link-local unicast and link- or interface-local multicast
    ("::1%1", "::1%1"),
    ("::1%0001", "::1%1"),
    ("::1%4294967295", "::1%4294967295"),
    ("::1%" + "0" * 70 + "1", "::1%1"),
    ("ff02::1%eth0", "ff02::1%eth0"),
    ("ff01::1%lo", "ff01::1%lo"),
]


@pytest.mark.parametrize(("text", "address"), VALID)
def test_lenient(text: str, address: str) -> None:
    assert parse_address(text, lenient=True) == Address(address)


INVALID = [
    ("", None, "empty string"),
    ("08.0.0.0", 1, "'8' in an octal number (a leading 0 means octal)"),
    ("09", 1, "'9' in an octal number (a leading 0 means octal)"),
    ("0x", 1, "'0x' without hex digits"),
    ("0x.0.0.1", 1, "'0x' without hex digits"),
    ("0xg", 1, "'0x' without hex digits"),
    ("127.0.0.1.", 9, "more than 4 parts"),
    ("1.2.3.4.5", 7, "more than 4 parts"),
    ("127..1", 4, "expected a digit"),
    ("127.", 4, "empty part"),
    (".1", 0, "expected a digit"),
    ("256.1", 0, "part above 255 before the last"),
    ("1.16777216", 2, "last part above 16777215"),
    ("1.2.65536", 4, "last part above 65535"),
    ("1.2.3.256", 6, "last part above 255"),
    ("4294967296", 0, "number above 2**32 - 1"),
    ("0x100000000", 0, "number above 2**32 - 1"),
    ("040000000000", 0, "number above 2**32 - 1"),
    ("99999999999", 0, "number above 2**32 - 1"),
    ("1" * 5000, 0, "number above 2**32 - 1"),
    # getaddrinfo reads exactly: no white space, sign or junk (inet_aton alone would stop)
    ("127.0.0.1 ", 9, "white space ' '"),
    ("127.0.0.1 foo", 9, "white space ' '"),
    (" 127.0.0.1", 0, "expected a digit"),
    ("+1", 0, "expected a digit"),
    ("127.0.0.1x", 9, "unexpected 'x'"),
    ("\uff11\uff12\uff17.0.0.1", 0, "non-ASCII character '１'"),
    ("١٢٧.0.0.1", 0, "non-ASCII character '١'"),
    ("127.0.0.1%lo", 9, "unexpected '%'"),
    ("::1::", 3, "second '::'"),
    ("::1%lo", 4, "zone is not a number, and only link-local addresses take interface names"),
    ("ff05::1%eth0", 8, "zone is not a number, and only link-local addresses take interface names"),
    ("::1%4294967296", 4, "zone number above 2**32 - 1"),
    ("::1%99999999999", 4, "zone number above 2**32 - 1"),
    ("fe80::1%", 8, "empty zone id after '%'"),
    ("fe80::1%a b", 9, "' ' in a zone id"),
    ("::g%1", 2, "unexpected 'g'"),
]


@pytest.mark.parametrize(("text", "position", "reason"), INVALID)
def test_lenient_invalid(text: str, position: int | None, reason: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_address(text, lenient=True)
    assert (info.value.position, info.value.reason) == (position, reason)


@pytest.mark.parametrize(
    ("text", "value"),
    [("127.0.0.1 foo", 0x7F000001), ("127.1\tx", 0x7F000001), ("0x7f.1\n", 0x7F000001), ("1 2", 1)],
)
def test_inet_aton_stops_at_white_space(text: str, value: int) -> None:
    assert read_inet_aton(text, exact=False) == value
    with pytest.raises(AddressError):
        read_inet_aton(text)


def test_inet_aton_rejects_junk_that_is_not_white_space() -> None:
    with pytest.raises(AddressError, match="unexpected '/'"):
        read_inet_aton("127.0.0.1/8", exact=False)
    with pytest.raises(AddressError, match="unexpected '\\\\x00'"):
        read_inet_aton("127.0.0.1\x00", exact=False)


@pytest.mark.parametrize("value", [None, 1, b"127.0.0.1"])
def test_lenient_not_a_string(value: object) -> None:
    with pytest.raises(AddressError, match="expected str"):
        parse_address(value, lenient=True)  # type: ignore[arg-type]
    with pytest.raises(AddressError, match="expected str"):
        read_inet_aton(value)  # type: ignore[arg-type]
