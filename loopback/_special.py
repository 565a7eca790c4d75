"""The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890, RFC 8190).

Pinned here as data, so that the answers do not change with the Python version:
registry snapshot of **2026-07-18** (IPv4 and IPv6 registries, both last updated before
that date), checked row by row against IANA's CSV files in ``tests/data/``.

Each row keeps the registry's five flags. ``None`` stands for the registry's "N/A" and for
the empty cells of terminated (deprecated) rows; a footnote on the row or one of its flags
is kept as text. :func:`lookup` finds the most specific row for an address with one binary
search over precomputed disjoint intervals: no scan of the rows per call.
"""

from __future__ import annotations

from bisect import bisect_right

from ._strict import parse_strict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from ._record import NamedTuple

__all__ = ["REGISTRY_DATE", "ROWS", "SpecialPurpose", "lookup"]

REGISTRY_DATE = "2026-07-18"


class SpecialPurpose(NamedTuple):
    """One row of the IANA Special-Purpose Address Registry.

    >>> from loopback import special_purpose
    >>> row = special_purpose("192.0.2.1")
    >>> row.name, row.prefix, row.rfc, row.globally_reachable
    ('Documentation (TEST-NET-1)', '192.0.2.0/24', 'RFC 5737', False)
    """

    #: The address block, such as ``"127.0.0.0/8"``.
    prefix: str
    #: The registry's name for the block.
    name: str
    #: The defining documents, such as ``"RFC 1122, Section 3.2.1.3"``.
    rfc: str
    #: Allocation date, ``YYYY-MM``.
    allocated: str
    #: Termination date for deprecated rows, else ``None``.
    terminated: str | None
    #: May the address be a packet's source? ``None``: N/A (or a deprecated row).
    source: bool | None
    #: May it be a destination?
    destination: bool | None
    #: May routers forward such packets?
    forwardable: bool | None
    #: Is it reachable across the Internet?
    globally_reachable: bool | None
    #: Does a protocol, rather than an allocation, give it its meaning?
    reserved_by_protocol: bool | None
    #: The registry's footnote on this row or its flags, if any (in short).
    footnote: str | None


_FLAG = {"T": True, "F": False, "-": None}

_FOOTNOTES = {
    "v4-1": "Several protocols have exceptions to this rule (RFC 8029, RFC 8083).",
    "v4-2": "Not usable except through a more specific reservation.",
    "v6-1": "Unless a more specific allocation says otherwise.",
    "v6-2": "See RFC 4380, Section 5.",
    "v6-3": "See RFC 3056.",
    "v6-4": "Drawn from global unicast space but not globally routed (RFC 4193).",
}

# (prefix, name, rfc, allocated, terminated, flags, footnote). Flags are Source,
# Destination, Forwardable, Globally Reachable and Reserved-by-Protocol as T, F or "-"
# (N/A, or empty in a terminated row). Order as in the registry.
_V4_ROWS = [
    ("0.0.0.0/8", '"This network"', "RFC 791, Section 3.2", "1981-09", None, "TFFFT", None),
    ("0.0.0.0/32", '"This host on this network"', "RFC 1122, Section 3.2.1.3", "1981-09", None, "TFFFT", None),
    ("10.0.0.0/8", "Private-Use", "RFC 1918", "1996-02", None, "TTTFF", None),
    ("100.64.0.0/10", "Shared Address Space", "RFC 6598", "2012-04", None, "TTTFF", None),
    ("127.0.0.0/8", "Loopback", "RFC 1122, Section 3.2.1.3", "1981-09", None, "FFFFT", "v4-1"),
    ("169.254.0.0/16", "Link Local", "RFC 3927", "2005-05", None, "TTFFT", None),
    ("172.16.0.0/12", "Private-Use", "RFC 1918", "1996-02", None, "TTTFF", None),
    ("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890, Section 2.1", "2010-01", None, "FFFFF", "v4-2"),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", "2011-06", None, "TTTFF", None),
    ("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", "2015-03", None, "TFFFF", None),
    ("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", "2015-10", None, "TTTTF", None),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", "2017-02", None, "TTTTF", None),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", "2013-02", None, "FFFFT", None),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050, Section 2.2", "2013-02", None, "FFFFT", None),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", "2010-01", None, "FFFFF", None),
    ("192.31.196.0/24", "AS112-v4", "RFC 7535", "2014-12", None, "TTTTF", None),
    ("192.52.193.0/24", "AMT", "RFC 7450", "2014-12", None, "TTTTF", None),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", "2001-06", "2015-03", "-----", None),
    ("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", "2012-10", None, "TTTFF", None),
    ("192.168.0.0/16", "Private-Use", "RFC 1918", "1996-02", None, "TTTFF", None),
    ("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", "1996-01", None, "TTTTF", None),
    ("198.18.0.0/15", "Benchmarking", "RFC 2544", "1999-03", None, "TTTFF", None),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", "2010-01", None, "FFFFF", None),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", "2010-01", None, "FFFFF", None),
    ("240.0.0.0/4", "Reserved", "RFC 1112, Section 4", "1989-08", None, "FFFFT", None),
    ("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919, Section 7", "1984-10", None, "FTFFT", None),
]  # fmt: skip
_V6_ROWS = [
    ("::1/128", "Loopback Address", "RFC 4291", "2006-02", None, "FFFFT", None),
    ("::/128", "Unspecified Address", "RFC 4291", "2006-02", None, "TFFFT", None),
    ("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", "2006-02", None, "FFFFT", None),
    ("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", "2010-10", None, "TTTTF", None),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", "2017-06", None, "TTTFF", None),
    ("100::/64", "Discard-Only Address Block", "RFC 6666", "2012-06", None, "TTTFF", None),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", "2025-04", None, "TFFFF", None),
    ("2001::/23", "IETF Protocol Assignments", "RFC 2928", "2000-09", None, "FFFFF", "v6-1"),
    ("2001::/32", "TEREDO", "RFC 4380, RFC 8190", "2006-01", None, "TTT-F", "v6-2"),
    ("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", "2015-10", None, "TTTTF", None),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", "2017-02", None, "TTTTF", None),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", "2024-04", None, "TTTTF", None),
    ("2001:2::/48", "Benchmarking", "RFC 5180, RFC Errata 1752", "2008-04", None, "TTTFF", None),
    ("2001:3::/32", "AMT", "RFC 7450", "2014-12", None, "TTTTF", None),
    ("2001:4:112::/48", "AS112-v6", "RFC 7535", "2014-12", None, "TTTTF", None),
    ("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", "2007-03", "2014-03", "-----", None),
    ("2001:20::/28", "ORCHIDv2", "RFC 7343", "2014-07", None, "TTTTF", None),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", "2022-12", None, "TTTTF", None),
    ("2001:db8::/32", "Documentation", "RFC 3849", "2004-07", None, "FFFFF", None),
    ("2002::/16", "6to4", "RFC 3056", "2001-02", None, "TTT-F", "v6-3"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", "2011-05", None, "TTTTF", None),
    ("3fff::/20", "Documentation", "RFC 9637", "2024-07", None, "FFFFF", None),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", "2024-04", None, "TTTFF", None),
    ("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", "2005-10", None, "TTTFF", "v6-4"),
    ("fe80::/10", "Link-Local Unicast", "RFC 4291", "2006-02", None, "TTFFT", None),
]  # fmt: skip


def _record(row: tuple[str, str, str, str, str | None, str, str | None]) -> SpecialPurpose:
    prefix, name, rfc, allocated, terminated, flags, footnote = row
    source, destination, forwardable, reachable, reserved = (_FLAG[f] for f in flags)
    note = None if footnote is None else _FOOTNOTES[footnote]
    return SpecialPurpose(
        prefix, name, rfc, allocated, terminated, source, destination, forwardable, reachable, reserved, note
    )  # fmt: skip


#: Every row, by IP version, in registry order.
ROWS: dict[Literal[4, 6], tuple[SpecialPurpose, ...]] = {
    4: tuple(map(_record, _V4_ROWS)),
    6: tuple(map(_record, _V6_ROWS)),
}


def _network(prefix: str, bits: int) -> tuple[int, int]:
    """The first and last integer of ``prefix`` (``a.b.c.d/n`` or IPv6 ``x::/n``)."""
    text, length = prefix.split("/")
    _, value, _ = parse_strict(text)
    size = 1 << (bits - int(length))
    return value, value + size - 1


def _intervals(
    rows: tuple[SpecialPurpose, ...], bits: int
) -> tuple[list[int], list[SpecialPurpose | None]]:
    """Cut the address space into intervals each covered by one most specific row (or none).

    Returns the intervals' starts, sorted, and the row of each. Registry prefixes nest or
    are disjoint, so the most specific row at any point is the smallest that covers it.
    """
    spans = [(*_network(row.prefix, bits), row) for row in rows]
    cuts = sorted({0} | {first for first, _, _ in spans} | {last + 1 for _, last, _ in spans})
    cuts = [cut for cut in cuts if cut < 1 << bits]
    owners: list[SpecialPurpose | None] = []
    for cut in cuts:
        covering = [(last - first, row) for first, last, row in spans if first <= cut <= last]
        owners.append(min(covering, key=lambda pair: pair[0])[1] if covering else None)
    return cuts, owners


_TABLES = {4: _intervals(ROWS[4], 32), 6: _intervals(ROWS[6], 128)}


def lookup(version: Literal[4, 6], value: int) -> SpecialPurpose | None:
    """The most specific registry row for the address ``value`` of IP ``version``, or None.

    >>> lookup(4, 0x7F000001).name
    'Loopback'
    >>> lookup(4, 0x08080808) is None
    True
    """
    starts, owners = _TABLES[version]
    return owners[bisect_right(starts, value) - 1]
