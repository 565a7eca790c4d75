"""Exhaustive sweeps through the public API (``nox -s exhaustive``; minutes, not seconds).

* every dotted quad of 127.0.0.0/8 (2**24 of them) is loopback, parses to its value and
  prints back as itself; the addresses on either side of the block are not loopback;
* every RFC 4291 spelling of ``::1`` (223,005 of them: each group in every width and
  case, ``::`` in every place, with and without a dotted tail) and of ``::ffff:127.0.0.1``
  parses to that address, is loopback, and is a loopback host with and without brackets.
"""

from __future__ import annotations

import pytest

from loopback import Address, is_loopback, is_loopback_host, parse_address
from tests.spellings import spellings

pytestmark = pytest.mark.exhaustive

OCTETS = [str(i) for i in range(256)]


#: The sweep of 127.0.0.0/8 in slices of the second octet, so pytest-xdist's workers share it.
SLICES = 8


@pytest.mark.parametrize("part", range(SLICES))
def test_all_of_127_0_0_0_slash_8(part: int) -> None:
    swept = 0
    size = len(OCTETS) // SLICES
    for b in OCTETS[part * size : (part + 1) * size]:
        for c in OCTETS:
            prefix = f"127.{b}.{c}."
            texts = [prefix + d for d in OCTETS]
            assert all(map(is_loopback, texts)), prefix
            addresses = list(map(parse_address, texts))
            base = 0x7F000000 | int(b) << 16 | int(c) << 8
            assert list(map(int, addresses)) == list(range(base, base + 256)), prefix
            assert list(map(str, addresses)) == texts, prefix
            swept += len(texts)
    assert swept == 2**24 // SLICES


def test_around_127_0_0_0_slash_8() -> None:
    assert not any(map(is_loopback, ["126.255.255.255", "128.0.0.0", "0.0.0.0"]))


@pytest.mark.parametrize(("value", "count"), [(1, 223_005), (0xFFFF7F000001, 376_848)])
def test_every_spelling(value: int, count: int) -> None:
    expected = Address.from_int(value, 6)
    seen = 0
    for text in spellings(value):
        assert parse_address(text) == expected, text
        assert is_loopback(text), text
        assert is_loopback_host(text), text
        assert is_loopback_host(f"[{text}]"), text
        seen += 1
    assert seen == count
