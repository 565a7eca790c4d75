"""URL hosts as browsers read them: the WHATWG host parser (loopback/_url.py)."""

from __future__ import annotations

import pytest

from loopback import Address, AddressError, parse_url_host

# (host text, Address text or lower-case name): WHATWG URL Standard, web-platform-tests'
# urltestdata.json cases where they exist, and what Node 20 (ada) printed for the rest.
VALID: list[tuple[str, str | Address]] = [
    # IPv4 in every inet_aton form, plus WHATWG's own: bare 0x is 0, one trailing dot
    ("127.0.0.1", Address("127.0.0.1")),
    ("0x7f.1", Address("127.0.0.1")),
    ("0177.0.0.1", Address("127.0.0.1")),
    ("2130706433", Address("127.0.0.1")),
    ("017700000001", Address("127.0.0.1")),
    ("127.0.0.1.", Address("127.0.0.1")),
    ("0x.0x.0", Address("0.0.0.0")),
    ("0x", Address("0.0.0.0")),
    ("4294967295", Address("255.255.255.255")),
    ("0xffffffff", Address("255.255.255.255")),
    ("0", Address("0.0.0.0")),
    # tab, CR and LF are removed anywhere (and only they: a host is never stripped)
    ("127\n.0.0.1", Address("127.0.0.1")),
    ("\t127.0.0.1\r\n", Address("127.0.0.1")),
    ("[::1\n]", Address("::1")),
    # percent-decoding and UTS #46 folding
    ("%31%32%37.0.0.1", Address("127.0.0.1")),
    ("\uff11\uff12\uff17.\uff10.\uff10.\uff11", Address("127.0.0.1")),
    ("127\u30020\u30020\u30021", Address("127.0.0.1")),
    ("127\uff0e0\uff610.1", Address("127.0.0.1")),
    ("\U0001d7cf\U0001d7d0\U0001d7d5.0.0.1", Address("127.0.0.1")),  # mathematical bold
    ("\u2460\u2461\u2466.0.0.1", Address("127.0.0.1")),  # circled digits
    ("\u00b9\u00b2\u2077.0.0.1", Address("127.0.0.1")),  # superscripts
    ("127.0.0.1\u200b", Address("127.0.0.1")),  # zero width space is ignored
    ("12\u00ad7.0.0.1", Address("127.0.0.1")),  # soft hyphen is ignored
    # brackets: IPv6, with RFC 6874 (%25) zones
    ("[::1]", Address("::1")),
    ("[::FFFF:127.0.0.1]", Address("::ffff:127.0.0.1")),
    ("[0:0:0:0:0:0:0:1]", Address("::1")),
    ("[1:2:3:4::5:6:7:8]", Address("1:2:3:4:5:6:7:8")),  # WHATWG lets :: stand for nothing
    ("[fe80::1%25eth0]", Address("fe80::1%eth0")),
    ("[fe80::1%25%65th0]", Address("fe80::1%eth0")),
    # names: lower case, kept as they are otherwise
    ("LocalHost", "localhost"),
    ("localhost.", "localhost."),
    ("Example.COM", "example.com"),
    ("127.0.0.1.nip.io", "127.0.0.1.nip.io"),
    ("127.0.0.1..", "127.0.0.1.."),  # two trailing dots: a domain (last label is empty)
    ("1.2.3.4x", "1.2.3.4x"),
    ("\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", "localhost"),
    ("b\u00fccher.example", "xn--bcher-kva.example"),
    ("fa\u00df.de", "xn--fa-hia.de"),  # non-transitional: sharp s stays, unlike IDNA 2003
    ("%62%C3%BCcher.example", "xn--bcher-kva.example"),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_url_host(text: str, expected: str | Address) -> None:
    assert parse_url_host(text) == expected


INVALID = [
    # WPT: numbers that do not fit
    ("256.0.0.1", "part above 255 before the last"),
    ("0xffffffff1", "last part above 4294967295"),
    ("4294967296", "last part above 4294967295"),
    ("10000000000", "last part above 4294967295"),
    ("0x100000000", "last part above 4294967295"),
    ("1" * 400, "number above 2**32 - 1"),
    ("1.2.3.4.5", "an address that ends in a number has more than 4 parts"),
    ("08.0.0.1", "not a number, in a host that ends in a number"),
    ("foo.09", "not a number, in a host that ends in a number"),
    ("foo.0x1", "not a number, in a host that ends in a number"),
    # forbidden domain code points
    ("a b", "' ' is forbidden in a host"),
    ("exa%mple.com", "'%' is forbidden in a host"),
    ("127.0.0.1:80", "':' is forbidden in a host"),
    ("::ffff:1.2.3.4", "':' is forbidden in a host"),  # IPv6 needs brackets in a URL
    ("user@host", "'@' is forbidden in a host"),
    ("a%00b", "'\\x00' is forbidden in a host (in the host as read: 'a\\x00b')"),
    ("%ff.example", "not UTF-8 after percent-decoding"),
    ("", "empty host"),
    ("\t\n", "empty host"),
    ("\u200b", "empty host"),
    ("\u00ad", "empty host"),
    # brackets
    ("[::1", "'[' without a closing ']'"),
    ("[]", "empty brackets"),
    ("[127.0.0.1]", "not an IPv6 address inside brackets"),
    ("[::1]]", "unexpected ']' (brackets belong to URLs and host:port, not addresses)"),
    ("[::1%25]", "empty zone id after '%'"),
    ("[::1%25a%20b]", "' ' in a zone id (decoded: 'a b')"),
    ("[fe80::1%25%41%41!]", "'!' in a zone id (decoded: 'AA!')"),
    ("[::1%25a b]", "' ' in a zone id"),
    ("[::1::]", "second '::'"),
    # inside brackets only the IPv6 parser runs: a zone needs RFC 6874's "%25"
    ("[::%31]", "unexpected '%' (a zone in a URL is written '%25')"),
    ("[fe80::1%eth0]", "unexpected '%' (a zone in a URL is written '%25')"),
    ("[::1%]", "unexpected '%' (a zone in a URL is written '%25')"),
    # the URL parser strips a whole URL's ends, never a host's: these are forbidden
    (" 127.0.0.1", "' ' is forbidden in a host"),
    ("127.0.0.1 ", "' ' is forbidden in a host"),
    ("127.0.0.1\x0b", "'\\x0b' is forbidden in a host"),
    ("127.0.0.1\x00", "'\\x00' is forbidden in a host"),
    ("\x1f[::1]", "'\\x1f' is forbidden in a host"),
    (" [::1]", "' ' is forbidden in a host"),
    ("[::ffff:127.0.0.01]", "leading zero (operating systems read it as octal)"),
]


@pytest.mark.parametrize(("text", "reason"), INVALID)
def test_url_host_invalid(text: str, reason: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_url_host(text)
    assert info.value.reason == reason


def test_error_positions_point_into_the_input_when_it_was_not_rewritten() -> None:
    with pytest.raises(AddressError) as info:
        parse_url_host("[::g]")
    assert (info.value.text, info.value.position) == ("[::g]", 3)
    with pytest.raises(AddressError) as info:
        parse_url_host("[::1%25a b]")
    assert info.value.position == 8
    with pytest.raises(AddressError) as info:
        parse_url_host("1.2.300.4")
    assert (info.value.text, info.value.position) == ("1.2.300.4", 4)
    with pytest.raises(AddressError) as info:
        parse_url_host("%31.2.300.4")
    assert (info.value.text, info.value.position) == ("%31.2.300.4", None)


@pytest.mark.parametrize("value", [None, 1, b"localhost"])
def test_url_host_not_a_string(value: object) -> None:
    with pytest.raises(AddressError, match="expected str"):
        parse_url_host(value)  # type: ignore[arg-type]
