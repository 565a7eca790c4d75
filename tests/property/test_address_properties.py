"""Properties of the address core over the whole space, one RFC sentence per class."""

from __future__ import annotations

import ipaddress

from hypothesis import example, given
from hypothesis import strategies as st

from loopback import (
    Address,
    AddressError,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    is_wildcard,
    parse_address,
    parse_url_host,
)
from loopback._strict import _glibc, _parse_glibc, _parse_portable, parse_strict
from loopback._strict import parse_slow as _parse_slow
from tests.property.strategies import (
    V4_LOOPBACK_EDGES,
    address_like_text,
    ipv4_values,
    ipv6_spelling,
    ipv6_values,
)
from tests.spellings import dotted

MAPPED = 0xFFFF << 32


def outcome(function: object, *args: object, **kwargs: object) -> object:
    """The result of a call, or the AddressError's (position, reason)."""
    try:
        return function(*args, **kwargs)  # type: ignore[operator]
    except AddressError as error:
        return ("error", error.position, error.reason)


class TestLoopbackRange:
    """RFC 1122 3.2.1.3 (g): {127, <any>} "Internal host loopback address. Addresses of this
    form MUST NOT appear outside a host." Every address of 127.0.0.0/8 is loopback, in every
    form; nothing outside it is (IPv4)."""

    @given(ipv4_values)
    @example(0x7EFFFFFF)
    @example(0x7F000000)
    @example(0x7FFFFFFF)
    @example(0x80000000)
    def test_ipv4(self, value: int) -> None:
        expected = value >> 24 == 127
        text = dotted(value)
        address = parse_address(text)
        assert int(address) == value
        assert is_loopback(text) is expected
        assert is_loopback(address) is expected
        assert is_loopback(address.packed) is expected
        assert is_loopback(ipaddress.IPv4Address(value)) is expected
        assert is_loopback_host(text) is (expected or value == 0)

    @given(ipv4_values)
    def test_mapped(self, value: int) -> None:
        """RFC 4291 2.5.5.2: ::ffff:a.b.c.d is the IPv4 address a.b.c.d; Linux routes it so."""
        expected = value >> 24 == 127
        for text in (f"::ffff:{dotted(value)}", f"::ffff:{value >> 16:x}:{value & 0xFFFF:x}"):
            assert is_loopback(text) is expected
            assert parse_address(text).ipv4_mapped == Address.from_int(value, 4)

    @given(ipv4_values)
    def test_compatible_is_not_loopback(self, value: int) -> None:
        """RFC 4291 2.5.5.1: IPv4-compatible addresses are deprecated and not delivered locally."""
        assert is_loopback(f"::{dotted(value)}") is (value == 1)  # ::0.0.0.1 is ::1

    def test_edges(self) -> None:
        assert [is_loopback(dotted(v)) for v in V4_LOOPBACK_EDGES] == [False, True, True, False]


class TestSpellings:
    """RFC 4291 2.2: leading zeros in a group may be omitted, "::" stands for one or more
    groups of zeros, the low 32 bits may be a dotted quad, and hex digits are
    case-insensitive. Every spelling of a value parses to that value."""

    @given(st.data())
    def test_every_spelling_of_one(self, data: st.DataObject) -> None:
        text = data.draw(ipv6_spelling(1))
        assert parse_address(text) == Address("::1")
        assert is_loopback(text) is True
        assert is_loopback_host(text) is True
        assert is_loopback_host(f"[{text}]") is True

    @given(st.integers(0x7F000000, 0x7FFFFFFF), st.data())
    def test_every_spelling_of_mapped_loopback(self, value: int, data: st.DataObject) -> None:
        text = data.draw(ipv6_spelling(MAPPED | value))
        assert int(parse_address(text)) == MAPPED | value
        assert is_loopback(text) is True

    @given(ipv6_values, st.data())
    def test_any_spelling(self, value: int, data: st.DataObject) -> None:
        text = data.draw(ipv6_spelling(value))
        address = parse_address(text)
        assert int(address) == value
        assert is_unspecified(text) is (value in (0, MAPPED))
        assert is_wildcard(f"[{text}]") is (value in (0, MAPPED))


class TestRoundTrip:
    """RFC 5952 4: one canonical text per address; parsing it gives the address back."""

    @given(ipv4_values)
    def test_ipv4(self, value: int) -> None:
        address = Address.from_int(value, 4)
        assert parse_address(str(address)) == address
        assert Address.from_packed(address.packed) == address

    @given(ipv6_values, st.sampled_from([None, "eth0", "1", "a.b~c-d_e"]))
    def test_ipv6(self, value: int, zone: str | None) -> None:
        address = Address.from_int(value, 6, zone=zone)
        text = str(address)
        assert parse_address(text) == address
        assert text == text.lower()
        assert ":::" not in text
        assert Address.from_packed(address.packed) == Address.from_int(value, 6)

    @given(ipv6_values, st.data())
    def test_canonical_text_is_a_fixed_point(self, value: int, data: st.DataObject) -> None:
        text = data.draw(ipv6_spelling(value))
        canonical = str(parse_address(text))
        assert str(parse_address(canonical)) == canonical


class TestTotality:
    """Every public function returns or raises AddressError: never anything else."""

    @given(address_like_text)
    def test_any_text(self, text: str) -> None:
        for lenient in (False, True):
            result = outcome(parse_address, text, lenient=lenient)
            assert isinstance(result, (Address, tuple))
        assert isinstance(outcome(parse_url_host, text), (Address, str, tuple))
        assert isinstance(is_loopback_host(text), bool)
        assert isinstance(outcome(is_wildcard, text), (bool, tuple))

    @given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.text())))
    def test_any_object(self, value: object) -> None:
        for function in (is_loopback, is_unspecified, is_wildcard):
            result = outcome(function, value)
            assert isinstance(result, (bool, tuple))
            if not isinstance(value, bytes) or len(value) not in (4, 16):
                assert isinstance(result, tuple)
        assert isinstance(outcome(parse_address, value), tuple)


fast_path_texts = st.one_of(
    address_like_text,
    ipv4_values.map(dotted),
    ipv6_values.flatmap(ipv6_spelling),
    st.sampled_from(["1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::1%lo", "127.0.0.1\x00", "\ud800"]),
    st.sampled_from(["1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:", "::1.2.3.4:5", "1::2.3"]),
    st.sampled_from([None, 1, b"::1"]),
)


class TestFastPaths:
    """The fast paths of parse_strict decide exactly what the full parser decides, and the
    lazy diagnosis of a fast-path error is the full parser's error."""

    @given(fast_path_texts)
    def test_portable(self, text: str) -> None:
        assert outcome(_parse_portable, text) == outcome(_parse_slow, text)

    @given(fast_path_texts)
    def test_glibc(self, text: str) -> None:
        if _glibc():
            assert outcome(_parse_glibc, text) == outcome(_parse_slow, text)
        assert outcome(parse_strict, text) == outcome(_parse_slow, text)
