"""Differential tests against the standard library's ipaddress, on the running Python.

Every difference must be explained by a row of KNOWN_DIFFERENCES: where (which inputs,
which Python versions) and why ours is the answer to keep. The same table is printed in
docs/explanation/ipaddress-differences.md.
"""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass
from typing import Callable, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address, AddressError, is_global, is_loopback, is_unspecified, parse_address
from loopback._special import ROWS
from tests.property.strategies import address_like_text, ipv4_values, ipv6_spelling, ipv6_values

pytestmark = pytest.mark.oracle

PY = sys.version_info[:2]


class Answer(NamedTuple):
    """What one library says of one text: parsed (canonical text) and three classifiers."""

    text: str | None
    is_loopback: bool | None
    is_unspecified: bool | None
    is_global: bool | None


def stdlib(text: str) -> Answer:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return Answer(None, None, None, None)
    return Answer(str(address), address.is_loopback, address.is_unspecified, address.is_global)


def loopback_answer(text: str) -> Answer:
    try:
        address = parse_address(text)
    except AddressError:
        return Answer(None, None, None, None)
    return Answer(str(address), is_loopback(address), is_unspecified(address), is_global(address))


def within(*prefixes: str) -> Callable[[str], bool]:
    """A predicate: is the text an address (zone ignored), or an IPv4-mapped address
    whose IPv4 address is, in one of the prefixes?"""
    networks = [ipaddress.ip_network(p) for p in prefixes]

    def applies(text: str) -> bool:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            return False
        candidates = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        return any(a in n for a in candidates for n in networks if n.version == a.version)

    return applies


def mapped(text: str) -> Address | None:
    try:
        return parse_address(text).ipv4_mapped
    except AddressError:
        return None


@dataclass(frozen=True)
class Difference:
    """One known difference: which inputs, on which Pythons, which field, and why."""

    field: str
    inputs: str
    pythons: str
    applies: Callable[[str], bool]
    why: str
    example: str


_GLOBAL_IN_2001_23 = (
    "2001:1::1/128", "2001:1::2/128", "2001:3::/32",
    "2001:4:112::/48", "2001:20::/28", "2001:30::/28",
)  # fmt: skip

KNOWN_DIFFERENCES = [
    Difference(
        "text",
        "zone ids outside RFC 6874 unreserved characters or longer than 64 (`::1% `, `::1%a/b`)",
        "3.9+ (3.8 had no zones)",
        lambda t: "%" in t,
        "ipaddress accepts any non-empty zone without `%`, including white space and control "
        "characters that end up in logs and headers; RFC 6874 zones are unreserved characters.",
        "fe80::1%a b",
    ),
    Difference(
        "text",
        "IPv4-mapped addresses (`::ffff:127.0.0.1`)",
        "3.9-3.12",
        lambda t: PY < (3, 13) and mapped(t) is not None,
        "RFC 5952 section 5 recommends the dotted form; ipaddress printed `::ffff:7f00:1` "
        "until 3.13 (gh-87799).",
        "::ffff:127.0.0.1",
    ),
    Difference(
        "is_loopback",
        "IPv4-mapped loopback (`::ffff:127.0.0.0/104`)",
        "3.9-3.12",
        lambda t: PY < (3, 13) and (m := mapped(t)) is not None and int(m) >> 24 == 127,
        "Linux delivers `::ffff:127.x.y.z` to the IPv4 loopback, so it never leaves the host; "
        "ipaddress agrees from 3.13 (gh-117566).",
        "::ffff:127.0.0.1",
    ),
    Difference(
        "is_unspecified",
        "`::ffff:0.0.0.0`",
        "3.9-3.13",
        lambda t: (m := mapped(t)) is not None and int(m) == 0,
        "A dual-stack socket bound to `::ffff:0.0.0.0` listens on every IPv4 address, and a "
        "connection to it reaches this host: it is the IPv4 unspecified address.",
        "::ffff:0.0.0.0",
    ),
    Difference(
        "is_global",
        "the parts of `192.0.0.0/24` that ipaddress does not list as private "
        "(`192.0.0.8`, `.11` to `.169`, `.172` to `.255`)",
        "3.9-3.12",
        lambda t: (
            PY < (3, 13)
            and within("192.0.0.0/24")(t)
            and not within("192.0.0.0/29", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/31")(t)
        ),
        "The registry marks 192.0.0.0/24 and 192.0.0.8 not globally reachable; 3.13 agrees "
        "(CVE-2024-4032).",
        "192.0.0.8",
    ),
    Difference(
        "is_global",
        "IPv4-mapped shared address space (`::ffff:100.64.0.0/106`)",
        "3.10-3.13",
        lambda t: PY >= (3, 10) and mapped(t) is not None and within("100.64.0.0/10")(t),
        "ipaddress judges a mapped address by is_private alone, and 100.64.0.0/10 is neither "
        "private nor global there; the registry says not globally reachable.",
        "::ffff:100.64.0.1",
    ),
    Difference(
        "is_global",
        "the deprecated 6to4 relay anycast block `192.88.99.0/24` (and `192.88.99.2`, 6a44)",
        "3.9-3.13",
        within("192.88.99.0/24"),
        "Terminated in 2015 (RFC 7526); 192.88.99.2/32 is not globally reachable (RFC 6751).",
        "192.88.99.1",
    ),
    Difference(
        "is_global",
        "NAT64 local-use `64:ff9b:1::/48` (RFC 8215) and 6to4 `2002::/16`",
        "3.9-3.12",
        lambda t: PY < (3, 13) and within("64:ff9b:1::/48", "2002::/16")(t),
        "Not globally reachable in the registry (6to4: N/A); 3.13 agrees (CVE-2024-4032).",
        "2002::1",
    ),
    Difference(
        "is_global",
        "the globally reachable rows inside `2001::/23` (`2001:1::1`, `2001:1::2`, `2001:3::/32`, "
        "`2001:4:112::/48`, `2001:20::/28`, `2001:30::/28`)",
        "3.9-3.12",
        lambda t: PY < (3, 13) and within(*_GLOBAL_IN_2001_23)(t),
        "More specific rows win over 2001::/23; 3.13 agrees (CVE-2024-4032).",
        "2001:1::1",
    ),
    Difference(
        "is_global",
        "rows added to the registry since 2024: `2001:1::3` (RFC 9665), `3fff::/20` (RFC 9637), "
        "`5f00::/16` (RFC 9602), `100:0:0:1::/64` (RFC 9780)",
        "3.9-3.13",
        within("2001:1::3/128", "3fff::/20", "5f00::/16", "100:0:0:1::/64"),
        "Our table is pinned to the registry of 2026-07-18; ipaddress lags it.",
        "3fff::1",
    ),
    Difference(
        "is_global",
        "IPv4-mapped addresses of global IPv4 addresses (`::ffff:8.8.8.8`)",
        "3.9",
        lambda t: PY < (3, 10) and mapped(t) is not None,
        "A mapped address is the IPv4 address it carries; 3.10 and later agree (bpo-33433).",
        "::ffff:8.8.8.8",
    ),
]
FIELDS = {"text": 0, "is_loopback": 1, "is_unspecified": 2, "is_global": 3}


def explained(text: str) -> None:
    """Assert that ours and ipaddress agree on ``text`` except where a row explains it."""
    theirs, mine = stdlib(text), loopback_answer(text)
    for field, index in FIELDS.items():
        if theirs[index] == mine[index]:
            continue
        reasons = [d for d in KNOWN_DIFFERENCES if d.field == field and d.applies(text)]
        assert reasons, f"{text!r}: {field} is {mine[index]!r} here, {theirs[index]!r} in ipaddress"
        if field == "text":
            break  # a parse difference explains the classifier differences that follow


def registry_edges() -> list[str]:
    """The first, last and neighbouring addresses of every registry row."""
    out = []
    for version in (4, 6):
        for row in ROWS[version]:
            network = ipaddress.ip_network(row.prefix)
            make = type(network.network_address)
            first, last = int(network.network_address), int(network.broadcast_address)
            top = 2**network.max_prefixlen - 1
            out += [
                str(make(v))
                for v in (first - 1, first, first + 1, last - 1, last, last + 1)
                if 0 <= v <= top
            ]
    return out


EDGES = registry_edges()

texts = st.one_of(
    st.sampled_from(EDGES),
    address_like_text,
    ipv4_values.map(lambda v: str(Address.from_int(v, 4))),
    ipv6_values.flatmap(ipv6_spelling),
    st.tuples(ipv6_values.flatmap(ipv6_spelling), st.text(min_size=1, max_size=70)).map(
        lambda pair: f"{pair[0]}%{pair[1]}"
    ),
)


@given(texts)
def test_differences_are_known(text: str) -> None:
    explained(text)


@pytest.mark.parametrize("text", EDGES)
def test_registry_edges(text: str) -> None:
    explained(text)


@pytest.mark.parametrize("difference", KNOWN_DIFFERENCES, ids=lambda d: d.example)
def test_each_known_difference_is_real_where_it_says(difference: Difference) -> None:
    """A row whose example no longer differs on this Python is stale: fix the table."""
    theirs, mine = stdlib(difference.example), loopback_answer(difference.example)
    index = FIELDS[difference.field]
    assert (theirs[index] != mine[index]) is difference.applies(difference.example)


@pytest.mark.parametrize(
    "text",
    [
        "127.0.0.1",
        "::1",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "0:0:0:0:0:0:0:0",
        "127.0.0.01",
        "010.8.8.8",
    ],
)
def test_agree(text: str) -> None:
    assert stdlib(text) == loopback_answer(text)
