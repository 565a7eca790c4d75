"""The Address value and the strict parser (loopback/_address.py)."""

from __future__ import annotations

import copy
import pickle
from typing import Callable

import pytest

from loopback import Address, AddressError, parse_address
from loopback._strict import _glibc, _parse_glibc, _parse_portable, parse_strict
from loopback._strict import parse_slow as _parse_slow

# (text, canonical text, version, integer value): one table drives parse and format.
VALID = [
    # RFC 791 dotted quads
    ("127.0.0.1", "127.0.0.1", 4, 0x7F000001),
    ("0.0.0.0", "0.0.0.0", 4, 0),
    ("255.255.255.255", "255.255.255.255", 4, 2**32 - 1),
    ("10.0.0.0", "10.0.0.0", 4, 0x0A000000),
    ("127.255.255.255", "127.255.255.255", 4, 0x7FFFFFFF),
    # RFC 4291 text, canonicalised per RFC 5952
    ("::1", "::1", 6, 1),
    ("::", "::", 6, 0),
    ("0:0:0:0:0:0:0:1", "::1", 6, 1),
    ("0000:0000:0000:0000:0000:0000:0000:0001", "::1", 6, 1),
    ("000:0:0000::01", "::1", 6, 1),
    ("1::", "1::", 6, 1 << 112),
    ("2001:DB8::1", "2001:db8::1", 6, 0x20010DB8 << 96 | 1),
    ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", 6, 0x20010DB8 << 96 | 1 << 48 | 1),
    ("1:0:0:1:0:0:1:0", "1::1:0:0:1:0", 6, 1 << 112 | 1 << 64 | 1 << 16),
    ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7", 6, 0x0001000000020003000400050006_0007),
    ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0", 6, 0x00010002000300040005000600070000),
    ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8", 6, 0x00000002000300040005000600070008),
    (
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        6,
        2**128 - 1,
    ),
    # embedded IPv4: mapped prints dotted (RFC 5952 5), compatible prints hex
    ("::ffff:127.0.0.1", "::ffff:127.0.0.1", 6, 0xFFFF7F000001),
    ("::FFFF:7F00:0001", "::ffff:127.0.0.1", 6, 0xFFFF7F000001),
    ("0:0:0:0:0:ffff:127.0.0.1", "::ffff:127.0.0.1", 6, 0xFFFF7F000001),
    ("::ffff:0.0.0.0", "::ffff:0.0.0.0", 6, 0xFFFF00000000),
    ("::127.0.0.1", "::7f00:1", 6, 0x7F000001),
    ("::0.0.0.1", "::1", 6, 1),
    ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304", 6, 0x00010002000300040005000601020304),
    ("64:ff9b::7f00:1", "64:ff9b::7f00:1", 6, 0x0064FF9B << 96 | 0x7F000001),
    # zones: IPv6 only, RFC 6874 unreserved characters
    ("fe80::1%eth0", "fe80::1%eth0", 6, 0xFE80 << 112 | 1),
    ("::1%1", "::1%1", 6, 1),
    ("fe80::1%a.b_c~d-e", "fe80::1%a.b_c~d-e", 6, 0xFE80 << 112 | 1),
    ("fe80::1%" + "z" * 64, "fe80::1%" + "z" * 64, 6, 0xFE80 << 112 | 1),
]


@pytest.mark.parametrize(("text", "canonical", "version", "value"), VALID)
def test_parse_and_format(text: str, canonical: str, version: int, value: int) -> None:
    address = parse_address(text)
    assert (str(address), address.version, int(address)) == (canonical, version, value)
    assert parse_address(canonical) == address
    assert Address(text) == address
    assert _parse_slow(text) == parse_strict(text)  # the fast paths agree with the parser


# (text, position, reason): exact error text, grouped by why it is refused.
INVALID = [
    # empty and non-ASCII: int() would read Arabic-Indic digits
    ("", None, "empty string"),
    ("\uff11\uff12\uff17.0.0.1", 0, "non-ASCII character '１'"),
    ("١٢٧.0.0.1", 0, "non-ASCII character '١'"),
    ("127.0.0.\u0661", 8, "non-ASCII character '١'"),
    ("::\u0661", 2, "non-ASCII character '١'"),
    # leading zeros are octal to every OS (CVE-2021-29921)
    ("127.0.0.01", 8, "leading zero (operating systems read it as octal)"),
    ("0127.0.0.1", 0, "leading zero (operating systems read it as octal)"),
    ("00.0.0.0", 0, "leading zero (operating systems read it as octal)"),
    # inet_aton forms are lenient only
    ("127.1", 5, "2 octets, 4 needed"),
    ("2130706433", 10, "1 octet, 4 needed"),
    ("0x7f.0.0.1", 1, "unexpected 'x'"),
    ("1.2.3.4.5", 7, "more than 4 octets"),
    ("999.1.2.3.4", 9, "more than 4 octets"),
    ("127.0.0.1.", 9, "trailing '.'"),
    ("127.0.0.1.2", 9, "more than 4 octets"),
    (".127.0.0.1", 0, "empty octet"),
    ("127..0.1", 4, "empty octet"),
    ("256.0.0.1", 0, "octet above 255"),
    ("+127.0.0.1", 0, "unexpected '+'"),
    ("1e2.0.0.1", 1, "unexpected 'e'"),
    ("127.0.0.1_0", 9, "unexpected '_'"),
    # whitespace, brackets, prefixes and ports are not part of an address
    (" 127.0.0.1", 0, "white space ' '"),
    ("127.0.0.1\n", 9, "white space '\\n'"),
    ("127.0.0.1\x00evil", 9, "unexpected '\\x00'"),
    ("[::1]", 0, "unexpected '[' (brackets belong to URLs and host:port, not addresses)"),
    ("::1/128", 3, "unexpected '/' (a prefix length is not part of an address)"),
    ("127.0.0.1:80", 9, "unexpected ':' (a port is not part of an address)"),
    # IPv6 grammar
    ("1::2::3", 4, "second '::'"),
    (":::", 1, "second '::'"),
    (":1::", 0, "empty group"),
    ("1:2:3:4:5:6:7:", 14, "empty group"),
    ("1:2:3:4:5:6:7:8:9", 16, "more than 8 groups"),
    ("1:2:3:4:5:6:7", 13, "7 groups, 8 needed (or '::')"),
    ("1:2:3:4:5:6:7::8", 13, "'::' with no zero group left to stand for"),
    ("1:2:3:4::5:6:7:8", 7, "'::' with no zero group left to stand for"),
    ("::00001", 6, "group longer than 4 hex digits"),
    ("fe801::1", 4, "group longer than 4 hex digits"),
    ("g::", 0, "unexpected 'g'"),
    ("::ffff:127.0.0.01", 15, "leading zero (operating systems read it as octal)"),
    ("::ffff:127.1", 12, "2 octets, 4 needed"),
    ("1.2.3.4::", 7, "unexpected ':' (a port is not part of an address)"),
    ("::1.2.3.4:5", 3, "IPv4 part before the end"),
    ("1:2:3:4:5:6:7:1.2.3.4", 14, "IPv4 part after 7 groups"),
    ("::ffff:192.168.140.bad", 19, "unexpected 'b'"),
    ("1:2:3:4:5:6:7:8" + ":1" * 20, 45, "longer than 45 characters"),
    # zones
    ("::1%", 4, "empty zone id after '%'"),
    ("::1% ", 4, "' ' in a zone id"),
    ("::1%\n", 4, "'\\n' in a zone id"),
    ("fe80::1%25%eth0", 10, "'%' in a zone id"),
    ("::1%" + "z" * 65, 68, "zone id longer than 64 characters"),
    ("127.0.0.1%lo", 9, "zone id on an IPv4 address (zones are IPv6 only)"),
]


FAST_PATH_CASES = [
    *(text for text, _, _, _ in VALID),
    *(text for text, _, _ in INVALID),
    "::1%lo", "1:2:3:4:5:6:7::", "::FFFF:7F00:1", "1::2::3", ":1::2", "1::2.3", None, b"::1",
]  # fmt: skip


@pytest.mark.parametrize("text", FAST_PATH_CASES)
def test_fast_paths_decide_as_the_full_parser(text: str) -> None:
    """Every branch of both fast paths, on fixed input (the property tests add random)."""

    def outcome(parse: Callable[[str], object]) -> object:
        try:
            return parse(text)
        except AddressError as error:
            return (error.position, error.reason)

    expected = outcome(_parse_slow)
    assert outcome(_parse_portable) == expected
    assert outcome(parse_strict) == expected
    if _glibc():
        assert outcome(_parse_glibc) == expected


@pytest.mark.parametrize(("text", "position", "reason"), INVALID)
def test_invalid(text: str, position: int | None, reason: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_address(text)
    assert (info.value.text, info.value.position, info.value.reason) == (text, position, reason)
    with pytest.raises(AddressError):
        Address(text)


@pytest.mark.parametrize("value", [None, 2130706433, b"127.0.0.1", ["::1"], 1.5])
def test_not_a_string(value: object) -> None:
    with pytest.raises(AddressError, match=r"expected str, not \w+"):
        parse_address(value)  # type: ignore[arg-type]


def test_str_subclass_is_read_as_its_text() -> None:
    class Text(str):
        def split(self, *args: object, **kwargs: object) -> list[str]:
            raise RuntimeError("a subclass's methods must not be called")

    assert parse_address(Text("::1")) == Address("::1")
    assert parse_address(Text("127.0.0.1")) == Address("127.0.0.1")


class TestAddress:
    def test_repr_evaluates_back(self) -> None:
        address = Address("fe80::1%eth0")
        assert repr(address) == "Address('fe80::1%eth0')"
        assert eval(repr(address)) == address  # noqa: S307 - the point of the test

    def test_properties(self) -> None:
        mapped = Address("::ffff:127.0.0.1")
        assert mapped.ipv4_mapped == Address("127.0.0.1")
        assert Address("::127.0.0.1").ipv4_mapped is None
        assert Address("127.0.0.1").ipv4_mapped is None
        assert Address("127.0.0.1").packed == b"\x7f\x00\x00\x01"
        assert Address("::1").packed == bytes(15) + b"\x01"
        assert Address("::1").zone is None
        assert Address("fe80::1%eth0").zone == "eth0"

    def test_order_is_ipv4_first_then_value_then_zone(self) -> None:
        texts = ["::1%b", "::", "255.255.255.255", "::1", "0.0.0.0", "::1%a", "10.0.0.1"]
        ordered = sorted(Address(t) for t in texts)
        assert [str(a) for a in ordered] == [
            "0.0.0.0", "10.0.0.1", "255.255.255.255", "::", "::1", "::1%a", "::1%b",
        ]  # fmt: skip
        assert Address("0.0.0.1") < Address("::") <= Address("::")
        assert Address("::1") > Address("::") >= Address("::")

    def test_equality_and_hash(self) -> None:
        assert Address("::1") == Address("0::1")
        assert hash(Address("::1")) == hash(Address("0::1"))
        assert Address("::1") != Address("::1%lo")
        assert Address("127.0.0.1") != Address("::ffff:127.0.0.1")
        assert Address("127.0.0.1") != "127.0.0.1"
        assert len({Address("::1"), Address("0:0::1"), Address("::0.0.0.1")}) == 1

    def test_comparison_with_other_types_is_refused(self) -> None:
        with pytest.raises(TypeError):
            assert Address("::1") < "::2"  # type: ignore[operator]
        for method in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert getattr(Address("::1"), method)(1) is NotImplemented

    def test_immutable(self) -> None:
        address = Address("::1")
        with pytest.raises(AttributeError, match="immutable"):
            address._parts = (6, 2, None)
        with pytest.raises(AttributeError, match="immutable"):
            del address._parts
        assert int(address) == 1

    def test_pickle_and_copy(self) -> None:
        for text in ("127.0.0.1", "::ffff:127.0.0.1", "fe80::1%eth0"):
            address = Address(text)
            assert pickle.loads(pickle.dumps(address)) == address
            assert copy.copy(address) == address
            assert copy.deepcopy(address) == address

    def test_from_int(self) -> None:
        assert Address.from_int(0x7F000001, 4) == Address("127.0.0.1")
        assert Address.from_int(1, 6) == Address("::1")
        assert Address.from_int(0xFE80 << 112 | 1, 6, zone="eth0") == Address("fe80::1%eth0")

    @pytest.mark.parametrize(
        ("args", "kwargs", "reason"),
        [
            ((1, 5), {}, "IP version must be 4 or 6"),
            ((2**32, 4), {}, "out of range for IPv4"),
            ((-1, 6), {}, "out of range for IPv6"),
            ((2**128, 6), {}, "out of range for IPv6"),
            ((True, 4), {}, "expected int, not bool"),
            ((1, 4.0), {}, "IP version must be 4 or 6"),
            ((1, True), {}, "IP version must be 4 or 6"),
            (("1", 4), {}, "expected int, not str"),
            ((1, 4), {"zone": "eth0"}, "zone id on an IPv4 address"),
            ((1, 6), {"zone": 1}, "zone id must be str"),
            ((1, 6), {"zone": "a b"}, "' ' in a zone id"),
            ((1, 6), {"zone": ""}, "empty zone id after '%'"),
        ],
    )
    def test_from_int_refuses(
        self, args: tuple[object, ...], kwargs: dict[str, object], reason: str
    ) -> None:
        with pytest.raises(AddressError) as info:
            Address.from_int(*args, **kwargs)  # type: ignore[arg-type]
        assert info.value.reason == reason

    def test_from_packed(self) -> None:
        assert Address.from_packed(b"\x7f\x00\x00\x01") == Address("127.0.0.1")
        assert Address.from_packed(bytearray(16)) == Address("::")
        with pytest.raises(AddressError, match="5 bytes, 4 or 16 needed"):
            Address.from_packed(b"12345")
        with pytest.raises(AddressError, match="expected bytes, not str"):
            Address.from_packed("1234")  # type: ignore[arg-type]
