"""Martian sources and destinations (loopback/martian.py)."""

from __future__ import annotations

import pytest
from hypothesis import given

from loopback import (
    Address,
    AddressError,
    is_martian_destination,
    is_martian_source,
    martian_verdict,
)
from tests.property.strategies import ipv4_values

# (address, martian as a source off loopback, on loopback, as a destination off, on)
TABLE = [
    # RFC 1122 3.2.1.3 (g): 127/8 never outside a host; ::1 likewise (RFC 4291 2.5.3)
    ("127.0.0.1", True, False, True, False),
    ("127.255.255.255", True, False, True, False),
    ("::1", True, False, True, False),
    ("::ffff:127.0.0.1", True, False, True, False),
    # network 0 and the unspecified addresses
    ("0.0.0.0", True, True, True, True),
    ("0.1.2.3", True, True, True, True),
    ("::", True, True, True, True),
    ("::ffff:0.0.0.0", True, True, True, True),
    # multicast: never a source; a valid destination except scope 0 and interface-local
    ("224.0.0.1", True, True, False, False),
    ("239.255.255.255", True, True, False, False),
    ("ff02::1", True, True, False, False),
    ("ff0e::1", True, True, False, False),
    ("ff00::1", True, True, True, True),
    ("ff10::1", True, True, True, True),
    ("ff01::1", True, True, True, False),
    ("ff11::1", True, True, True, False),
    # limited broadcast: a destination, never a source (RFC 1122 3.2.1.3 (c))
    ("255.255.255.255", True, True, False, False),
    # class E (RFC 1812 5.3.7), opt-out below
    ("240.0.0.1", True, True, True, True),
    ("255.255.255.254", True, True, True, True),
    # bogons that are not martians: documentation, private, link-local, CGNAT, ULA
    ("192.0.2.1", False, False, False, False),
    ("10.0.0.1", False, False, False, False),
    ("169.254.1.1", False, False, False, False),
    ("100.64.0.1", False, False, False, False),
    ("fd00::1", False, False, False, False),
    ("fe80::1", False, False, False, False),
    ("2001:db8::1", False, False, False, False),
    ("8.8.8.8", False, False, False, False),
    ("::127.0.0.1", False, False, False, False),
    ("223.255.255.255", False, False, False, False),
    ("126.255.255.255", False, False, False, False),
    ("128.0.0.0", False, False, False, False),
]


@pytest.mark.parametrize(("text", "source", "source_lo", "destination", "destination_lo"), TABLE)
def test_martians(
    text: str, source: bool, source_lo: bool, destination: bool, destination_lo: bool
) -> None:
    assert is_martian_source(text) is source
    assert is_martian_source(text, interface_is_loopback=True) is source_lo
    assert is_martian_destination(text) is destination
    assert is_martian_destination(text, interface_is_loopback=True) is destination_lo


@pytest.mark.parametrize("text", ["240.0.0.1", "255.255.255.254", "::ffff:240.1.2.3"])
def test_class_e_opt_out(text: str) -> None:
    """Linux has routed 240.0.0.0/4 as ordinary unicast since 2.6.25."""
    assert is_martian_source(text, allow_class_e=True) is False
    assert is_martian_destination(text, allow_class_e=True) is False


def test_unspecified_source_opt_out() -> None:
    """DHCP sends from 0.0.0.0 and duplicate address detection from :: (RFC 4862 5.4)."""
    assert is_martian_source("::", allow_unspecified=True) is False
    assert is_martian_source("0.0.0.0", allow_unspecified=True) is False
    assert is_martian_source("0.0.0.1", allow_unspecified=True) is True
    assert is_martian_destination("::") is True


@pytest.mark.parametrize(
    ("text", "role", "kwargs", "martian", "reason", "rule"),
    [
        ("127.0.0.1", "source", {}, True, "loopback address off the loopback interface",
         "RFC 1122 3.2.1.3 (g), RFC 1812 5.3.7"),
        ("127.0.0.1", "destination", {"interface_is_loopback": True}, False,
         "loopback address on the loopback interface", "RFC 1122 3.2.1.3 (g)"),
        ("0.0.0.0", "destination", {}, True, "0.0.0.0 as a destination",
         "RFC 1122 3.2.1.3 (a), Linux ip_route_input_slow"),
        ("0.0.0.0", "source", {"allow_unspecified": True}, False,
         "0.0.0.0 while a host learns its address (DHCP)", "RFC 1122 3.2.1.3 (a)"),
        ("::", "source", {}, True, ":: as a source", "RFC 4291 2.5.2"),
        ("::", "destination", {}, True, ":: as a destination", "RFC 4291 2.5.2"),
        ("ff01::1", "destination", {}, True, "interface-local multicast off the loopback interface",
         "RFC 4291 2.7, Errata 3480"),
        ("::1", "source", {"interface_is_loopback": True}, False,
         "loopback address on the loopback interface", "RFC 4291 2.5.3"),
        ("8.8.8.8", "source", {}, False, "no martian rule applies", ""),
    ],
)  # fmt: skip
def test_verdict_says_why(
    text: str, role: str, kwargs: dict[str, bool], martian: bool, reason: str, rule: str
) -> None:
    verdict = martian_verdict(text, role=role, **kwargs)  # type: ignore[arg-type]
    assert (verdict.martian, verdict.reason, verdict.rule) == (martian, reason, rule)


@given(ipv4_values)
def test_mapped_addresses_are_judged_by_their_ipv4(value: int) -> None:
    v4 = Address.from_int(value, 4)
    mapped = Address.from_int(0xFFFF << 32 | value, 6)
    for role in ("source", "destination"):
        for loopback_interface in (False, True):
            ours = martian_verdict(v4, role=role, interface_is_loopback=loopback_interface)
            theirs = martian_verdict(mapped, role=role, interface_is_loopback=loopback_interface)
            assert ours == theirs


def test_errors() -> None:
    with pytest.raises(AddressError, match="role must be 'source' or 'destination'"):
        martian_verdict("127.0.0.1", role="sideways")  # type: ignore[arg-type]
    with pytest.raises(AddressError, match="role must be") as info:
        martian_verdict("127.0.0.1", role=["source"])  # type: ignore[arg-type]
    assert info.value.text == "['source']"
    with pytest.raises(AddressError):
        is_martian_source("127.1")
    assert is_martian_source("127.1", lenient=True) is True
    with pytest.raises(AddressError):
        is_martian_destination(None)  # type: ignore[arg-type]
