"""The bind-host reader (loopback/_host.py): one reading of a host a config hands a server."""

from __future__ import annotations

import pytest

from loopback import Address, AddressError, BindHost, read_bind_host

A = Address
BOTH_ANY = (A("0.0.0.0"), A("::"))
LOCALHOST = (A("127.0.0.1"), A("::1"))
NUMBER = "(text ending in a number is an IPv4 address, not a name)"


@pytest.mark.parametrize(
    ("text", "kind", "addresses", "host"),
    [
        # every interface: the spellings, and the unspecified addresses in any form
        ("", "wildcard", BOTH_ANY, ""),
        ("*", "wildcard", BOTH_ANY, "*"),
        ("0.0.0.0", "wildcard", (A("0.0.0.0"),), "0.0.0.0"),
        ("0", "wildcard", (A("0.0.0.0"),), "0"),
        ("0x0.0", "wildcard", (A("0.0.0.0"),), "0x0.0"),
        ("::", "wildcard", (A("::"),), "::"),
        ("[::]", "wildcard", (A("::"),), "::"),
        ("[0:0::0]", "wildcard", (A("::"),), "0:0::0"),
        ("::ffff:0.0.0.0", "wildcard", (A("0.0.0.0"),), "::ffff:0.0.0.0"),  # IPv4 in disguise
        # this machine only
        ("127.0.0.1", "loopback", (A("127.0.0.1"),), "127.0.0.1"),
        ("127.1", "loopback", (A("127.0.0.1"),), "127.1"),
        ("0x7f.1", "loopback", (A("127.0.0.1"),), "0x7f.1"),
        ("[::1]", "loopback", (A("::1"),), "::1"),
        ("::ffff:127.9.9.9", "loopback", (A("::ffff:127.9.9.9"),), "::ffff:127.9.9.9"),
        ("localhost", "loopback", LOCALHOST, "localhost"),
        ("App.LocalHost.", "loopback", LOCALHOST, "App.LocalHost."),
        # another address
        ("10.0.0.1", "address", (A("10.0.0.1"),), "10.0.0.1"),
        ("fe80::1%eth0", "address", (A("fe80::1%eth0"),), "fe80::1%eth0"),
        ("[fe80::1%2]", "address", (A("fe80::1%2"),), "fe80::1%2"),
        ("::127.0.0.1", "address", (A("::7f00:1"),), "::127.0.0.1"),  # compatible: leaves
        # names: what they bind depends on name resolution
        ("db", "name", (), "db"),
        ("my-host.internal.", "name", (), "my-host.internal."),
        ("web_1", "name", (), "web_1"),  # Docker service names
        ("localhost.example.com", "name", (), "localhost.example.com"),
        ("1.2.3.4.example", "name", (), "1.2.3.4.example"),
        ("0x7f.example", "name", (), "0x7f.example"),
        ("example.0x1g", "name", (), "example.0x1g"),
    ],
)
def test_readings(text: str, kind: str, addresses: tuple[Address, ...], host: str) -> None:
    reading = read_bind_host(text)
    assert (reading.kind, reading.addresses, reading.host) == (kind, addresses, host)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # digits and dots no parser reads: a typo, not a name (the decision in the docstring)
        ("1.2.3.999", f"last part above 255 {NUMBER}"),
        ("1.2.3.4.5", f"more than 4 parts {NUMBER}"),
        ("08", f"'8' in an octal number (a leading 0 means octal) {NUMBER}"),
        ("host.123", f"expected a digit {NUMBER}"),
        # what a name cannot hold
        ("-bad", "a label starting or ending with '-'"),
        ("bad-.example", "a label starting or ending with '-'"),
        ("a..b", "an empty label in a name"),
        (".", "an empty label in a name"),
        ("a" * 64, "a label longer than 63 characters"),
        (".".join(["a" * 63] * 4), "a name longer than 253 characters"),
        ("host:80", "one ':' (a port is not part of a host: split it off first)"),
        ("127.0.0.1:80", "one ':' (a port is not part of a host: split it off first)"),
        ("1::2::3", "second '::'"),
        ("a/b", "'/' in a name"),
        ("ex\u00e4mple.com", "non-ASCII character '\u00e4' (write a name in its xn-- form)"),
        (
            "\u0661\u0662\u0667.0.0.1",
            "non-ASCII character '\u0661' (write a name in its xn-- form)",
        ),
        # control characters and white space: C stops at NUL, getaddrinfo strips nothing
        ("0.0.0.0\x00junk", "a control character ('\\x00')"),
        ("127.0.0.1\n", "a control character ('\\n')"),
        ("\x7f", "a control character ('\\x7f')"),
        (" 127.0.0.1", "white space ' '"),
        ("a b", "white space ' '"),
        # brackets hold IPv6 text only, and close
        ("[127.0.0.1]", "brackets hold an IPv6 address only"),
        ("[0.0.0.0]", "brackets hold an IPv6 address only"),
        ("[]", "brackets hold an IPv6 address only"),
        ("[::1", "'[' without a closing ']'"),
        ("[::1]:80", "'[' without a closing ']'"),
        ("[::g]", "unexpected 'g'"),
        (
            "[::1%25eth0]",
            "zone is not a number, and only link-local addresses take interface names",
        ),
    ],
)
def test_invalid(text: str, reason: str) -> None:
    reading = read_bind_host(text)
    assert (reading.kind, reading.addresses, reading.reason) == ("invalid", (), reason)


def test_lenient_is_a_policy() -> None:
    """Strict: only RFC text is an address; an inet_aton form is then a mistake."""
    assert read_bind_host("127.1", lenient=False) == BindHost(
        "invalid",
        (),
        "2 octets, 4 needed (text ending in a number is an IPv4 address, not a name)",
        "127.1",
    )
    assert read_bind_host("0", lenient=False).kind == "invalid"
    assert read_bind_host("[::]", lenient=False).kind == "wildcard"
    assert read_bind_host("localhost", lenient=False).kind == "loopback"


@pytest.mark.parametrize(
    ("text", "kind", "host"),
    [
        (" 127.0.0.1", "loopback", "127.0.0.1"),
        ("\t::1\r\n", "loopback", "::1"),
        (" ", "wildcard", ""),
        ("\v*\f", "wildcard", "*"),
        (" db ", "name", "db"),
        ("\u00a0127.0.0.1", "invalid", "\u00a0127.0.0.1"),  # only ASCII white space goes
        (" a b ", "invalid", "a b"),
    ],
)
def test_strip_whitespace_is_a_policy(text: str, kind: str, host: str) -> None:
    reading = read_bind_host(text, strip_whitespace=True)
    assert (reading.kind, reading.host) == (kind, host)
    if text != host:
        assert read_bind_host(text).kind == "invalid"


def test_reasons_of_the_other_kinds() -> None:
    assert read_bind_host("*").reason == "'*' binds every interface (IPv4 and IPv6)"
    assert read_bind_host("::").reason == "an unspecified address"
    assert read_bind_host("::1").reason == "a loopback address"
    assert read_bind_host("localhost").reason == "a localhost name (RFC 6761)"
    assert read_bind_host("8.8.8.8").reason == "an address"
    assert read_bind_host("db").reason == "a name: what it binds depends on name resolution"


def test_str_subclass_is_read_as_its_text() -> None:
    class Text(str):
        def strip(self, chars: str | None = None) -> str:
            raise AssertionError("a subclass's methods stay out")

    assert read_bind_host(Text(" ::1 "), strip_whitespace=True).kind == "loopback"


@pytest.mark.parametrize("value", [None, 80, b"127.0.0.1", ["::1"]])
def test_not_a_string(value: object) -> None:
    with pytest.raises(AddressError) as info:
        read_bind_host(value)  # type: ignore[arg-type]
    assert info.value.reason == f"expected str, not {type(value).__name__}"
