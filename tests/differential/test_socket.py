"""Differential tests against the C library: inet_pton (strict), getaddrinfo (lenient), inet_aton.

Where we differ from the C library on purpose, the inputs are left out and the reason is
written here:

* zones (``%``): ``inet_pton`` takes none, so strict zones are compared with the table
  tests only. glibc ``getaddrinfo`` takes a number on any address and an interface name
  on link-local ones; we do the same, but check an interface name's grammar without asking
  which interfaces exist (a pure function), so link-local addresses with named zones are
  left out of the lenient comparison.
* NUL: C reads up to the first NUL; we refuse the text (``is_loopback_host`` reads it both
  ways).
"""

from __future__ import annotations

import platform
import socket

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from loopback import AddressError, parse_address
from loopback._lenient import _link_scoped, read_inet_aton
from loopback._strict import parse_slow as _parse_slow
from tests.property.strategies import address_like_text, inet_aton_text, ipv6_spelling, ipv6_values

pytestmark = pytest.mark.oracle

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
needs_glibc = pytest.mark.skipif(not GLIBC, reason="getaddrinfo's numeric forms are glibc's")

texts = st.one_of(address_like_text, inet_aton_text(), ipv6_values.flatmap(ipv6_spelling))

# The SSRF bypass catalogue (notes/addresses.md 4) and the edges of both grammars.
CATALOGUE = [
    "0x7F.1", "127.1", "127.0.1", "127.00.0x1", "127.0.0x0.1", "01200034567", "012.1.2.3",
    "fe80::0001", "000:0:0000::01", "000:0:0000:0:000:0:00:001", "::fFFf:127.0.0.1", "0",
    "017700000001", "0000.0000", "0000.0000.0000.0000", "127.0.0.01", "10.0.0.01",
    "::ffff:0.0.0.0", "::ffff:0.0.255.255.255", "100::ffff::", "012.0.0.1", "0127.0.0.1",
    " 1.2.3.4", "1. 2.3.4", "1.2.3.4 ", "08.0.0.0", "018.0.0.0", "0xfg.0.0.0", "010.8.8.8",
    "0x", "0x.0.0.1", "127.0.0.1.", "1.2.3.4.5", "4294967295", "4294967296", "0xffffffff",
    "0x100000000", "037777777777", "040000000000", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
    "1:2:3:4::5:6:7:8", "::00001", "1::2::3", ":::", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
    "::ffff:127.0.0.01", "", "::", "::0.0.0.0", "1.2.3", "256.256.256.256",
]  # fmt: skip


def c_inet_pton(text: str) -> bytes | None:
    """What inet_pton makes of ``text`` in either family, or None."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_pton(family, text)
        except (OSError, ValueError):
            pass
    return None


def c_getaddrinfo(text: str) -> bytes | None:
    """What glibc getaddrinfo(AI_NUMERICHOST) makes of ``text`` (as bytes: no IDNA), or None."""
    try:
        infos = socket.getaddrinfo(
            text.encode("utf-8", "surrogatepass"),
            None,
            0,
            socket.SOCK_STREAM,
            0,
            socket.AI_NUMERICHOST,
        )
    except (OSError, UnicodeError, ValueError):
        return None
    family, _, _, _, sockaddr = infos[0]
    return socket.inet_pton(family, str(sockaddr[0]))


def ours(text: str, *, lenient: bool) -> bytes | None:
    """Our reading of ``text``: the public API, and in strict mode also the reference parser.

    Where the C library is glibc the public strict parser asks inet_pton itself, so the
    comparison that matters is the reference parser's (_parse_slow): it is what proves
    that glibc's inet_pton accepts exactly our grammar.
    """
    try:
        packed = parse_address(text, lenient=lenient).packed
    except AddressError:
        packed = None
    if not lenient:
        try:
            version, value, _ = _parse_slow(text)
            reference = value.to_bytes(4 if version == 4 else 16, "big")
        except AddressError:
            reference = None
        assert reference == packed, text
    return packed


@pytest.mark.parametrize("text", CATALOGUE)
def test_catalogue_strict(text: str) -> None:
    assert ours(text, lenient=False) == c_inet_pton(text)


@given(texts)
@example("1:2:3:4:5:6:7::")
def test_strict_is_inet_pton(text: str) -> None:
    assume("%" not in text and "\x00" not in text)
    assert ours(text, lenient=False) == c_inet_pton(text)


@needs_glibc
@pytest.mark.parametrize("text", CATALOGUE)
def test_catalogue_lenient(text: str) -> None:
    assert ours(text, lenient=True) == c_getaddrinfo(text)


def named_zone_on_link_local(text: str) -> bool:
    body, _, zone = text.partition("%")
    try:
        version, value, _ = _parse_slow(body)
    except AddressError:
        return False
    return version == 6 and not zone.isdigit() and _link_scoped(value)


zoned_texts = st.tuples(
    st.one_of(ipv6_values.flatmap(ipv6_spelling), st.sampled_from(["fe80::1", "ff02::1", "::1"])),
    st.one_of(
        st.sampled_from(["1", "01", "0", "4294967295", "4294967296", "lo", "eth99"]), st.text()
    ),
).map("%".join)


@needs_glibc
@given(st.one_of(texts, zoned_texts))
@example("::1%lo")
@example("::1%" + "0" * 70 + "1")
def test_lenient_is_getaddrinfo(text: str) -> None:
    assume("\x00" not in text and not named_zone_on_link_local(text))
    assert ours(text, lenient=True) == c_getaddrinfo(text)


def c_inet_aton(text: str) -> bytes | None:
    """What the C library's inet_aton makes of ``text``, or None."""
    try:
        return socket.inet_aton(text)
    except (OSError, ValueError):
        return None


def our_inet_aton(text: str) -> bytes | None:
    try:
        return read_inet_aton(text, exact=False).to_bytes(4, "big")
    except AddressError:
        return None


@needs_glibc
@pytest.mark.parametrize("text", [*CATALOGUE, "127.0.0.1 foo", "127\n.0.0.1", "1.2.3.4\t\x01"])
def test_catalogue_inet_aton(text: str) -> None:
    assert our_inet_aton(text) == c_inet_aton(text)


@needs_glibc
@given(st.one_of(texts, st.tuples(inet_aton_text(), st.text()).map("".join)))
def test_inet_aton(text: str) -> None:
    """glibc inet_aton stops at the first white space and ignores what follows it."""
    assume("\x00" not in text)
    assert our_inet_aton(text) == c_inet_aton(text)


@needs_glibc
@pytest.mark.parametrize(("text", "glibc"), [("fe80::1%lo", True), ("fe80::1%eth99", False)])
def test_interface_names_are_not_looked_up(text: str, glibc: bool) -> None:
    """The one documented difference: glibc checks that the interface exists, we check the
    name's grammar."""
    assert (c_getaddrinfo(text) is not None) is glibc
    assert parse_address(text, lenient=True).zone == text.split("%")[1]
