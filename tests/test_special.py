"""The special-purpose registry and what is built on it (loopback/_special.py, classify.py)."""

from __future__ import annotations

import csv
import ipaddress
import re
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import (
    Address,
    AddressError,
    SpecialPurpose,
    _special,
    embedded_ipv4,
    is_bogon,
    is_global,
    special_purpose,
)
from loopback._special import REGISTRY_DATE, ROWS
from tests.property.strategies import ipv4_values, ipv6_values

DATA = Path(__file__).parent / "data"
FLAGS = ("Source", "Destination", "Forwardable", "Globally Reachable", "Reserved-by-Protocol")
VERSIONS: tuple[Literal[4, 6], ...] = (4, 6)
ALL_ROWS = [row for version in VERSIONS for row in ROWS[version]]


def iana(version: int) -> list[dict[str, str]]:
    with (DATA / f"iana-ipv{version}-special-registry-1.csv").open(
        newline="", encoding="utf-8"
    ) as f:
        return list(csv.DictReader(f))


def flag(cell: str) -> bool | None:
    """A registry cell: True, False (footnote marks ignored), or None for N/A and empty."""
    word = re.sub(r"\s*\[\d+\]", "", cell).strip()
    return {"True": True, "False": False, "N/A": None, "": None}[word]


def references(cell: str) -> str:
    """'[RFC8880][RFC7050], Section 2.2' -> 'RFC 8880, RFC 7050, Section 2.2'."""
    cell = " ".join(cell.split())
    refs = [re.sub(r"^RFC(\d)", r"RFC \1", ref) for ref in re.findall(r"\[([^\]]+)\]", cell)]
    rest = cell[cell.rindex("]") + 1 :].strip()
    return ", ".join([*refs, rest.lstrip(", ")] if rest else refs)


@pytest.mark.parametrize("version", [4, 6])
def test_table_is_the_registry(version: int) -> None:
    """Every row of IANA's CSV, in order, with every flag, date, reference and footnote."""
    expected = []
    for entry in iana(version):
        block = entry["Address Block"]
        for prefix in re.sub(r"\s*\[\d+\]", "", block).split(","):
            terminated = entry["Termination Date"]
            cells = [block, *(entry[name] for name in FLAGS)]
            expected.append(
                (
                    prefix.strip(),
                    entry["Name"],
                    references(entry["RFC"]),
                    entry["Allocation Date"],
                    None if terminated == "N/A" else terminated,
                    tuple(flag(entry[name]) for name in FLAGS),
                    any(re.search(r"\[\d+\]", cell) for cell in cells),
                )
            )
    ours = [
        (
            row.prefix,
            row.name,
            row.rfc,
            row.allocated,
            row.terminated,
            (
                row.source,
                row.destination,
                row.forwardable,
                row.globally_reachable,
                row.reserved_by_protocol,
            ),
            row.footnote is not None,
        )
        for row in ROWS[version]  # type: ignore[index]
    ]
    assert ours == expected


def test_registry_date_is_recorded() -> None:
    assert REGISTRY_DATE in (_special.__doc__ or "")


def oracle(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> SpecialPurpose | None:
    """The most specific row by a linear scan with ipaddress: the test's own reading."""
    covering = [
        (ipaddress.ip_network(row.prefix).prefixlen, row)
        for row in ROWS[address.version]
        if address in ipaddress.ip_network(row.prefix)
    ]
    return max(covering, key=lambda pair: pair[0])[1] if covering else None


def edges(row: SpecialPurpose) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The first and last address of the row's block, and the addresses just outside it."""
    network = ipaddress.ip_network(row.prefix)
    first, last = int(network.network_address), int(network.broadcast_address)
    top = 2**network.max_prefixlen - 1
    values = [first, last] + ([first - 1] if first else []) + ([last + 1] if last < top else [])
    make = type(network.network_address)
    return [make(v) for v in values]


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda row: row.prefix)
def test_every_row_at_its_edges(row: SpecialPurpose) -> None:
    network = ipaddress.ip_network(row.prefix)
    for address in edges(row):
        found = special_purpose(str(address))
        assert found == oracle(address), address
        inside = address in network
        if inside:  # this row, or one nested in it, answers inside the block
            assert found is not None and ipaddress.ip_network(found.prefix).subnet_of(network)  # type: ignore[arg-type]
        else:
            assert found is not row
        assert is_global(str(address)) is (found is None or found.globally_reachable is True)


@given(st.one_of(ipv4_values.map(ipaddress.IPv4Address), ipv6_values.map(ipaddress.IPv6Address)))
def test_most_specific_row_wins(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    assert special_purpose(address.packed) == oracle(address)


@given(ipv4_values)
def test_mapped_addresses_are_judged_by_their_ipv4(value: int) -> None:
    v4 = str(Address.from_int(value, 4))
    mapped = f"::ffff:{v4}"
    assert is_global(mapped) is is_global(v4)
    assert is_bogon(mapped) is is_bogon(v4)
    assert special_purpose(mapped).name == "IPv4-mapped Address"  # type: ignore[union-attr]
    assert embedded_ipv4(mapped) == Address(v4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # most specific row wins, both ways
        ("192.0.0.9", True), ("192.0.0.10", True), ("192.0.0.8", False), ("192.0.0.1", False),
        ("192.0.0.100", False), ("2001:1::1", True), ("2001:1::4", False), ("2001:3::1", True),
        ("2001:2::1", False), ("2001:db8::1", False),
        # N/A and deprecated rows are not global
        ("2002::1", False), ("2001::1", False), ("192.88.99.1", False), ("2001:10::1", False),
        # new rows that ipaddress lacks (RFC 9637, 9602, 9780)
        ("3fff::1", False), ("5f00::1", False), ("100:0:0:1::1", False),
        # NAT64: the global-use prefix is global, the local-use one is not
        ("64:ff9b::808:808", True), ("64:ff9b::7f00:1", True), ("64:ff9b:1::808:808", False),
        # no row: global
        ("8.8.8.8", True), ("2606:4700::1111", True), ("224.0.0.1", True), ("ff0e::1", True),
        # mapped: by the IPv4 address
        ("::ffff:8.8.8.8", True), ("::ffff:10.0.0.1", False), ("::ffff:127.0.0.1", False),
    ],
)  # fmt: skip
def test_is_global(text: str, expected: bool) -> None:
    assert is_global(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.8.8.8", False), ("1.1.1.1", False), ("2606:4700::1111", False),
        ("10.0.0.1", True), ("100.64.0.1", True), ("169.254.1.1", True), ("192.0.2.1", True),
        ("198.18.0.1", True), ("240.0.0.1", True), ("255.255.255.255", True), ("0.1.2.3", True),
        ("224.0.0.1", True), ("239.255.255.255", True), ("223.255.255.255", False),
        ("ff02::1", True), ("fec0::1", True), ("4000::1", True), ("::", True), ("::1", True),
        ("fe80::1", True), ("fd00::1", True), ("2001:db8::1", True), ("2002::1", True),
        ("64:ff9b::808:808", False), ("::ffff:8.8.8.8", False), ("::ffff:192.168.1.1", True),
        ("192.0.0.9", False), ("2001:4:112::1", False), ("192.88.99.2", True),
    ],
)  # fmt: skip
def test_is_bogon(text: str, expected: bool) -> None:
    assert is_bogon(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::127.0.0.1", "127.0.0.1"),
        ("::2", "0.0.0.2"),
        ("64:ff9b::192.168.2.1", "192.168.2.1"),
        ("64:ff9b:1::a00:1", "10.0.0.1"),
        ("64:ff9b:1:c000:2:2100::", None),  # RFC 6052 /48 layout: ambiguous in the /48
        ("64:ff9b:1:0:7f:0:1:0", None),
        ("2002:c0a8:ffff::", "192.168.255.255"),
        ("2002:7f00:1:1234::1", "127.0.0.1"),
        ("2001:0000:4136:e378:8000:63bf:3f57:fdf2", "192.168.2.13"),  # Advocate's Teredo case
        ("::", None),
        ("::1", None),
        ("2001:db8::7f00:1", None),
        ("64:ff9b:2::7f00:1", None),
        ("127.0.0.1", None),
    ],
)
def test_embedded_ipv4(text: str, expected: str | None) -> None:
    assert embedded_ipv4(text) == (None if expected is None else Address(expected))


def test_lenient_and_errors() -> None:
    assert special_purpose("127.1", lenient=True).name == "Loopback"  # type: ignore[union-attr]
    assert is_global("0x8.8.8.8", lenient=True) is True
    for function in (special_purpose, is_global, is_bogon, embedded_ipv4):
        with pytest.raises(AddressError):
            function("127.1")
        with pytest.raises(AddressError):
            function(None)  # type: ignore[arg-type]
