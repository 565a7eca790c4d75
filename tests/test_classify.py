"""Classifiers (loopback/classify.py)."""

from __future__ import annotations

import ipaddress

import pytest

from loopback import (
    Address,
    AddressError,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    is_wildcard,
)

LOOPBACK = [
    "127.0.0.0", "127.0.0.1", "127.1.2.3", "127.255.255.255",  # all of 127.0.0.0/8 (RFC 1122)
    "::1", "0:0:0:0:0:0:0:1", "::0.0.0.1",  # RFC 4291 2.5.3
    "::ffff:127.0.0.1", "::ffff:127.255.255.255", "::FFFF:7F00:0001", "::ffff:7f12:3456",
]  # fmt: skip
NOT_LOOPBACK = [
    "126.255.255.255", "128.0.0.0", "0.0.0.0", "10.0.0.1", "255.255.255.255",
    "::", "::2", "1::1", "::127.0.0.1",  # IPv4-compatible: the kernel does not deliver it locally
    "::ffff:126.255.255.255", "::ffff:128.0.0.0", "::fffe:127.0.0.1",
    "64:ff9b::7f00:1", "64:ff9b:1::7f00:1", "2002:7f00:1::",  # NAT64 and 6to4 leave the host
    "fe80::1%lo",
]  # fmt: skip


@pytest.mark.parametrize("text", LOOPBACK)
def test_loopback(text: str) -> None:
    assert is_loopback(text) is True
    address = Address(text)
    assert is_loopback(address) is True
    assert is_loopback(address.packed) is True
    assert is_loopback(ipaddress.ip_address(text)) is True


@pytest.mark.parametrize("text", NOT_LOOPBACK)
def test_not_loopback(text: str) -> None:
    assert is_loopback(text) is False
    assert is_loopback(Address(text)) is False
    assert is_loopback(Address(text).packed) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [("127.1", True), ("0x7f.1", True), ("0177.0.0.1", True), ("2130706433", True),
     ("0127.0.0.1", False), ("0", False), ("::1", True)],
)  # fmt: skip
def test_loopback_lenient(text: str, expected: bool) -> None:
    assert is_loopback(text, lenient=True) is expected


def test_loopback_strict_refuses_lenient_forms() -> None:
    with pytest.raises(AddressError, match="2 octets, 4 needed"):
        is_loopback("127.1")


@pytest.mark.parametrize("text", ["0.0.0.0", "::", "0:0:0:0:0:0:0:0", "::0", "::ffff:0.0.0.0"])
def test_unspecified(text: str) -> None:
    assert is_unspecified(text) is True
    assert is_unspecified(Address(text)) is True
    assert is_wildcard(text) is True


@pytest.mark.parametrize("text", ["0.0.0.1", "::1", "::ffff:0.0.0.1", "::ffff:0:1", "1::"])
def test_not_unspecified(text: str) -> None:
    assert is_unspecified(text) is False
    assert is_wildcard(text) is False


def test_ipv4_compatible_zero_is_unspecified() -> None:
    # "::0.0.0.0" is "::" written with a dotted tail: the same 128 bits.
    assert is_unspecified("::0.0.0.0") is True


@pytest.mark.parametrize("text", ["0", "0x0", "0.0", "0000.0000", "00.0.0.0"])
def test_unspecified_lenient(text: str) -> None:
    assert is_unspecified(text, lenient=True) is True
    assert is_wildcard(text, lenient=True) is True
    with pytest.raises(AddressError):
        is_wildcard(text)


@pytest.mark.parametrize("host", ["", "*", "[::]", "[0:0::0]", "[::ffff:0.0.0.0]"])
def test_wildcard_bind_spellings(host: str) -> None:
    assert is_wildcard(host) is True


@pytest.mark.parametrize("host", ["[::1]", "127.0.0.1", "::1", "localhost", "app.localhost."])
def test_not_wildcard(host: str) -> None:
    assert is_wildcard(host) is False


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("**", "'*' in a name"),
        ("[*]", "brackets hold an IPv6 address only"),
        ("[]", "brackets hold an IPv6 address only"),
        ("[0.0.0.0]", "brackets hold an IPv6 address only"),
        (" ", "white space ' '"),
        (" 0.0.0.0", "white space ' '"),
        ("0.0.0.0\x00", "a control character ('\\x00')"),
        ("1.2.3.999", "octet above 255 (text ending in a number is an IPv4 address, not a name)"),
        ("example.com", "a name: what it binds depends on name resolution, not an address"),
    ],
)
def test_wildcard_refuses_what_is_neither(host: str, reason: str) -> None:
    with pytest.raises(AddressError) as info:
        is_wildcard(host)
    assert (info.value.text, info.value.position, info.value.reason) == (host, None, reason)


def test_wildcard_reads_as_check_bind_address_does() -> None:
    """One reader: "[0.0.0.0]" is no wildcard to either; white space only when stripped."""
    assert is_wildcard("[::ffff:0.0.0.0]", lenient=True) is True
    assert is_wildcard(" 0.0.0.0 ", strip_whitespace=True) is True
    assert is_wildcard("\t*\n", strip_whitespace=True) is True


class TestInputTypes:
    def test_packed_bytes_and_bytearray(self) -> None:
        assert is_loopback(b"\x7f\x00\x00\x01") is True
        assert is_loopback(bytearray(15) + b"\x01") is True
        assert is_unspecified(bytes(16)) is True

    def test_objects_with_packed(self) -> None:
        assert is_loopback(ipaddress.IPv6Address("::ffff:127.0.0.1")) is True
        assert is_unspecified(ipaddress.IPv4Address("0.0.0.0")) is True

        class Packed:
            packed = b"\x7f\x00\x00\x01"

        assert is_loopback(Packed()) is True

    def test_str_subclass(self) -> None:
        class Text(str):
            pass

        assert is_loopback(Text("127.0.0.1")) is True
        assert is_wildcard(Text("*")) is True

    @pytest.mark.parametrize(
        ("value", "reason"),
        [
            (None, "expected str, Address, bytes or an object with .packed, not NoneType"),
            (2130706433, "expected str, Address, bytes or an object with .packed, not int"),
            (["127.0.0.1"], "expected str, Address, bytes or an object with .packed, not list"),
            (b"\x7f\x00\x01", "3 packed bytes, 4 or 16 needed"),
            (b"127.0.0.1", "9 packed bytes, 4 or 16 needed"),
        ],
    )
    def test_refused(self, value: object, reason: str) -> None:
        for classify in (is_loopback, is_unspecified, is_wildcard):
            with pytest.raises(AddressError) as info:
                classify(value)  # type: ignore[arg-type]
            assert info.value.reason == reason

    def test_hostile_packed_attribute(self) -> None:
        class Hostile:
            @property
            def packed(self) -> bytes:
                raise RuntimeError("boom")

            def __repr__(self) -> str:
                raise RuntimeError("boom")

        with pytest.raises(AddressError) as info:
            is_loopback(Hostile())
        assert info.value.text == "<Hostile object>"

    def test_long_repr_is_truncated(self) -> None:
        with pytest.raises(AddressError) as info:
            is_loopback(list(range(100)))  # type: ignore[arg-type]
        assert len(info.value.text) == 80
        assert info.value.text.endswith("...")


LOCALHOST_NAMES = [
    "localhost",
    "LOCALHOST",
    "localhost.",
    "a.localhost",
    "a.b.LocalHost.",
]
NOT_LOCALHOST_NAMES = [
    "localhost..", ".localhost", "a..localhost", "localhost.com", "notlocalhost", "localhost-1",
    "", ".", "127.0.0.1",
    "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54",  # fullwidth: not ASCII
    "loc\u0430lhost",  # Cyrillic a
]  # fmt: skip


@pytest.mark.parametrize("name", LOCALHOST_NAMES)
def test_localhost_names(name: str) -> None:
    assert is_localhost_name(name) is True
    assert is_loopback_host(name) is True


@pytest.mark.parametrize("name", NOT_LOCALHOST_NAMES)
def test_not_localhost_names(name: str) -> None:
    assert is_localhost_name(name) is False


def test_localhost_name_not_a_string() -> None:
    with pytest.raises(AddressError, match="expected str, not bytes"):
        is_localhost_name(b"localhost")  # type: ignore[arg-type]


# Hosts that reach this machine under some consumer's reading (notes/addresses.md 4, 5).
LOOPBACK_HOSTS = [
    # strict and getaddrinfo(AI_NUMERICHOST)
    "127.0.0.1", "::1", "[::1]", "::ffff:127.0.0.1", "[::ffff:7f00:1]", "127.1", "0x7f.1",
    "0177.0.0.1", "2130706433", "017700000001", "127.0.0.01", "127.00.0x1", "000:0:0000::01",
    "::fFFf:127.0.0.1", "::1%1", "::1%lo",
    # unspecified destinations are delivered locally by Linux
    "0.0.0.0", "0", "0x0", "0.0", "0000.0000", "::", "[::]", "::ffff:0.0.0.0",
    # inet_aton stops at white space; C strings stop at NUL
    "127.0.0.1 foo", "127.0.0.1\tx", "127.0.0.1\x00.evil.com", "localhost\x00.evil.com",
    "[::1]\x00junk",
    # WHATWG URL host parsing
    "%31%32%37.0.0.1", "\uff11\uff12\uff17.\uff10.\uff10.\uff11", "127\u30020\u30020\u30021",
    "127.0.0.1\u200b", "127.0.0.1.", "0x.0x.0", "127\n.0.0.1", "\t127.0.0.1", "127.0.0.1\n",
    "LOCALHOST", "localhost.",
    # IPv6 text is read in brackets too, as a URL holds it: http://[::1\n]/ reaches ::1
    "::1\n", "::1\t", "::ffff:127.0.0.1\r", ":\n:1",
    # stripped around it first, as config readers and the URL parser (a whole URL) do
    " 127.0.0.1", "127.0.0.1\x0b", "\x1f::1 ", " localhost ", "\x0c[::1]",
    "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54",
    "%6c%6f%63%61%6c%68%6f%73%74",
    # curl drops a zone it cannot use
    "[::1%%]", "::1%%", "[::1%25]", "::1% ",
    # CPython's socket (IDNA 2003) and curl (libidn2) drop invisibles and fold digits,
    # also in IPv6 text and after percent-decoding
    "127.0.0.1\u200d", "127.0.0.1%E2%80%8D", "local\u200chost", "0x7f.1\u200d",
    "127.0.0\u1806.1", "::\uff11", "::\u00b9", "\u00ad::1", "::1\u200b", "\u200b::",
    "::ffff:127.0.0.1\uff11",
    # names under .localhost, even malformed ones, resolve locally for some resolvers
    ".localhost", "a..localhost", "a b.localhost",
]  # fmt: skip
NOT_LOOPBACK_HOSTS = [
    "example.com", "127.0.0.1.nip.io", "localhost.example.com", "10.0.0.1", "8.8.8.8",
    "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "128.0.0.1", "126.255.255.255",
    "0127.0.0.1", "", "[", "]", "[]", "127.0.0.1:80", "localhost:80", "[::1]:80",
    "1.2.3.4 127.0.0.1", "fe80::1%25lo", "::2%lo", "a:b%c", "[x:%1]",
]  # fmt: skip


@pytest.mark.parametrize("host", LOOPBACK_HOSTS)
def test_loopback_host(host: str) -> None:
    assert is_loopback_host(host) is True


@pytest.mark.parametrize("host", NOT_LOOPBACK_HOSTS)
def test_not_loopback_host(host: str) -> None:
    assert is_loopback_host(host) is False


def test_loopback_host_not_a_string() -> None:
    with pytest.raises(AddressError, match="expected str, not Address"):
        is_loopback_host(Address("::1"))  # type: ignore[arg-type]
