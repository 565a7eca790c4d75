"""glibc's numeric-name rules and host.conf reading, as tables verified with live glibc 2.36.

Every row here was answered by glibc itself (getaddrinfo through Python, gethostbyname2
through ctypes, with the file bind-mounted over /etc/hosts); tests/differential checks
them again wherever it can run.
"""

from __future__ import annotations

import socket

import pytest

from loopback import Address
from loopback._address import make_address
from loopback.hosts import HostsFile, HostsSyntaxError
from loopback.hosts._hostconf import read_multi
from loopback.hosts._io import interface_index, system_multi
from loopback.hosts._numeric import getaddrinfo_numeric

NAMES = (
    "\u0661.2.3.4 0x11 999.1.1.1 08 4294967296 1.16777216 127.0.0.1. 1.2.3. a:b 1:2:3 [::1] . "
    "0x7f.0.0.1 1.2.3.0x4 fe80::1%lo0 1.2.3.4. ::1. 127.0.0.1%lo 1.2.3.4 ab:cd:: g:1 :x 1:g "
    "1.2.3.4.5 1..2"
)
HOSTS = HostsFile.parse(f"10.0.0.1 n4 {NAMES}\nfd00::9 n6 {NAMES}\n")
F = "file"  # the file's line of that family
I4, I6, UN = socket.AF_INET, socket.AF_INET6, socket.AF_UNSPEC

#: name: getaddrinfo AF_INET, AF_INET6, AF_UNSPEC; gethostbyname2 AF_INET, AF_INET6.
#: None: nothing; F: the file's line; else the address answered.
TABLE: dict[str, tuple[str | None, ...]] = {
    "0x11": ("0.0.0.17", None, "0.0.0.17", F, F),
    "0X11": ("0.0.0.17", None, "0.0.0.17", F, F),
    "999.1.1.1": (None, F, F, None, None),
    "08": (None, F, F, None, None),
    "4294967296": (None, F, F, None, None),
    "1.16777216": (None, F, F, None, None),
    "1.2.3.4.5": (None, F, F, None, None),
    "1..2": (None, F, F, None, None),
    "127.0.0.1.": (F, F, F, F, F),
    "1.2.3.": (F, F, F, F, F),
    "1.2.3.4.": (F, F, F, F, F),
    "a:b": (None, F, F, None, None),
    "1:2:3": (None, F, F, None, None),
    ":x": (None, F, F, None, F),
    "1:g": (None, F, F, None, F),
    "::1.": (None, F, F, None, F),
    "g:1": (F, F, F, F, F),
    "[::1]": (F, F, F, F, F),
    ".": (F, F, F, F, F),
    "0x7f.0.0.1": ("127.0.0.1", None, "127.0.0.1", F, F),
    "1.2.3.0x4": ("1.2.3.4", None, "1.2.3.4", F, F),
    "1.2.3.4": ("1.2.3.4", None, "1.2.3.4", "1.2.3.4", None),
    "ab:cd::": (None, "ab:cd::", "ab:cd::", None, "ab:cd::"),
    "fe80::1%lo0": (None, None, None, None, F),
    "127.0.0.1%lo": (F, F, F, F, F),
    "nothere": (None, None, None, None, None),
    "": (None, None, None, None, None),
    "\u0661.2.3.4": (F, F, F, F, F),  # ARABIC-INDIC DIGIT ONE is no digit for C
}


def _lookup(expected: str | None, family: int) -> list[Address]:
    if expected is None:
        return []
    if expected == F:
        return [Address("fd00::9" if family == I6 else "10.0.0.1")]
    return [Address(expected)]


@pytest.mark.parametrize("name", sorted(TABLE))
def test_getaddrinfo_rules(name: str) -> None:
    for family, expected in zip((I4, I6, UN), TABLE[name]):
        assert HOSTS.lookup(name, family, multi=False) == _lookup(expected, family), family


@pytest.mark.parametrize("name", sorted(TABLE))
def test_gethostbyname2_rules(name: str) -> None:
    for family, expected in zip((I4, I6), TABLE[name][3:]):
        entry = HOSTS.query(name, family, multi=False)
        if expected is None:
            assert entry is None, family
        elif expected == F:
            assert entry is not None
            assert (entry.name, entry.addresses) == (
                "n6" if family == I6 else "n4",
                _lookup(F, family),
            )
        else:
            assert entry == (name, [], [Address(expected)])


def test_canonname_skips_the_gethostbyname_rule() -> None:
    """getent ahostsv4 passes AI_CANONNAME: AF_INET then reads the file for 999.1.1.1."""
    assert HOSTS.lookup("999.1.1.1", I4, multi=False) == []
    assert HOSTS.lookup("999.1.1.1", I4, multi=False, canonname=True) == [Address("10.0.0.1")]
    assert HOSTS.lookup("0x11", I4, multi=False, canonname=True) == [Address("0.0.0.17")]


#: file, name, multi: (getaddrinfo AF_INET6 with AI_V4MAPPED, with AI_V4MAPPED | AI_ALL).
V4MAPPED: list[tuple[bytes, str, bool, tuple[list[str], list[str]]]] = [
    (b"10.0.0.1 web\n", "web", True, (["::ffff:10.0.0.1"], ["::ffff:10.0.0.1"])),
    (b"10.0.0.1 web\nfd00::1 web\n", "web", True, (["fd00::1"], ["fd00::1", "::ffff:10.0.0.1"])),
    (b"10.0.0.1 web\nfd00::1 web\n", "web", False, (["fd00::1"], ["fd00::1", "::ffff:10.0.0.1"])),
    (b"10.0.0.1 web\n10.0.0.2 web\n", "web", False, (["::ffff:10.0.0.1"],) * 2),
    # an IPv6 line that is IPv4-mapped counts as IPv6, then AI_V4MAPPED alone drops it
    (b"::ffff:10.0.0.1 web\n", "web", True, ([], ["::ffff:10.0.0.1", "::ffff:10.0.0.1"])),
    (
        b"::ffff:10.0.0.1 web\nfd00::1 web\n",
        "web",
        True,
        (["fd00::1"], ["::ffff:10.0.0.1", "fd00::1", "::ffff:10.0.0.1"]),
    ),
    (
        b"::1 localhost\n127.0.0.1 localhost\n",
        "localhost",
        True,
        (["::1"], ["::1", "::ffff:127.0.0.1", "::ffff:127.0.0.1"]),
    ),
    (b"10.0.0.1 web\n", "1.2.3.4", True, (["::ffff:1.2.3.4"],) * 2),
    (b"10.0.0.1 web\n", "0x7f.1", True, (["::ffff:127.0.0.1"],) * 2),
    (b"10.0.0.1 web\n", "::ffff:1.2.3.4", True, (["::ffff:1.2.3.4"],) * 2),
    (b"10.0.0.1 web\n", "nothere", True, ([], [])),
    (b"10.0.0.1 999.1.1.1\n", "999.1.1.1", True, (["::ffff:10.0.0.1"],) * 2),
]


@pytest.mark.parametrize(("data", "name", "multi", "expected"), V4MAPPED)
def test_v4mapped(
    data: bytes, name: str, multi: bool, expected: tuple[list[str], list[str]]
) -> None:
    hosts = HostsFile.parse(data)
    for v4mapped, answer in zip((True, "all"), expected):
        found = hosts.lookup(name, I6, multi=multi, v4mapped=v4mapped)  # type: ignore[arg-type]
        assert found == [Address(a) for a in answer], v4mapped
    assert hosts.lookup(name, I4, multi=multi, v4mapped=True) == hosts.lookup(name, I4, multi=multi)


@pytest.mark.parametrize(
    ("v4mapped", "message"),
    [("yes", "'yes'"), (1, "int"), (None, "NoneType"), ("x" * 100, "'" + "x" * 39)],
)
def test_v4mapped_refuses(v4mapped: object, message: str) -> None:
    with pytest.raises(
        HostsSyntaxError, match=f"^v4mapped must be False, True or 'all', not {message}"
    ):
        HOSTS.lookup("n6", I6, v4mapped=v4mapped)  # type: ignore[arg-type]


def test_query_unspec_takes_the_first_line_of_either_family() -> None:
    assert HOSTS.query("n6", UN, multi=False) == ("n6", list(NAMES.split()), [Address("fd00::9")])
    assert HOSTS.query("1.2.3.4", UN, multi=False) == ("1.2.3.4", [], [Address("1.2.3.4")])
    assert HOSTS.query("ab:cd::", UN, multi=False) is None


def _interfaces(zone: str) -> int:
    return {"lo": 1}.get(zone, 0)


@pytest.mark.parametrize(
    ("name", "family", "expected"),
    [
        ("fe80::1%lo", UN, ["fe80::1%lo"]),
        ("fe80::1%lo", I4, []),
        ("fe80::1%bogus", UN, []),
        ("fe80::1%", UN, []),
        ("fe80::1%7", I6, ["fe80::1%7"]),
        ("fe80::1%4294967295", I6, ["fe80::1%4294967295"]),
        ("fe80::1%4294967296", I6, []),
        ("fe80::1%000000000007", I6, ["fe80::1%000000000007"]),
        ("fe80::1%7x", I6, []),
        ("fd00::1%lo", UN, []),  # an interface name only on link-local addresses
        ("fd00::1%7", UN, ["fd00::1%7"]),
        ("ff02::1%lo", UN, ["ff02::1%lo"]),  # link-local multicast
        ("ff01::1%lo", UN, ["ff01::1%lo"]),  # interface-local multicast
        ("ff05::1%lo", UN, []),
        ("::1%1", UN, ["::1%1"]),
        ("::ffff:1.2.3.4%lo", I4, []),
        # glibc moves the IPv4 address to the first word before it checks the zone
        ("::ffff:254.128.0.1%lo", I4, ["254.128.0.1"]),
        ("::ffff:254.128.0.1%lo", UN, []),
        ("::ffff:1.2.3.4%5", I4, ["1.2.3.4"]),
        ("::ffff:1.2.3.4", I4, ["1.2.3.4"]),
        ("::1", I4, []),
        ("1.2.3.4%lo", UN, None),  # no IPv6 text before the %: a name
    ],
)
def test_zones(name: str, family: int, expected: list[str] | None) -> None:
    answer = getaddrinfo_numeric(name, family, _interfaces)
    assert (None if answer is None else [str(a) for a in answer]) == expected


def test_zones_use_this_machines_interfaces() -> None:
    index, name = socket.if_nameindex()[0]
    assert interface_index(name) == index
    assert interface_index("no-such-interface-here") == 0
    assert interface_index("bad\0name") == 0
    assert HOSTS.lookup(f"fe80::1%{name}", I6) == [make_address(6, 0xFE80 << 112 | 1, name)]
    assert HOSTS.lookup("fe80::1%no-such-interface-here", I6) == []


@pytest.mark.parametrize(
    ("conf", "env", "expected"),
    [
        (None, None, False),
        (b"multi on\n", None, True),
        (b"MULTI ON\n", None, True),
        (b"multi onion\n", None, True),
        (b"multi offer\n", None, False),
        (b"multi o\n", None, False),
        (b"multi\n", None, False),
        (b"  multi\ton # comment\n", None, True),
        (b"multi,on\n", None, False),
        (b"multi#on\n", None, False),
        (b"# multi on\n", None, False),
        (b"multix on\n", None, False),
        (b"order hosts,bind\nmulti on\nmulti off\n", None, False),
        (b"multi on\nmulti garbage\n", None, True),
        (b"multi on", None, True),
        (b"multi on\0 off\n", None, True),
        (b"\0multi on\n", None, False),
        (b"multi off " + b" " * 246 + b"multi on\n", None, True),  # byte 256 starts a line
        (b"multi on " + b" " * 246 + b"multi off\n", None, False),
        (b"multi on" + b" " * 246 + b"multi off\n", None, True),  # "ulti off": no command
        (b"x" * 255 + b"multi on\n", None, True),
        (b"x" * 254 + b"\nmulti on\n", None, True),
        (b"multi on\n", b"off", False),
        (b"multi on\n", b" off", True),
        (b"multi on\n", b"OFFLINE", False),
        (b"multi off\n", b"onward", True),
        (b"multi off\n", b"", False),
        (b"multi on\n", b"yes", True),
        (None, b"On", True),
    ],
)
def test_host_conf(conf: bytes | None, env: bytes | None, expected: bool) -> None:
    assert read_multi(conf, env) is expected


def test_system_multi_reads_the_files(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "host.conf"  # type: ignore[operator]
    conf.write_bytes(b"multi Onion\n")
    monkeypatch.delenv("RESOLV_MULTI", raising=False)
    monkeypatch.setenv("RESOLV_HOST_CONF", str(conf))
    assert system_multi() is True
    monkeypatch.setenv("RESOLV_MULTI", " off")  # not on/off as glibc reads it: ignored
    assert system_multi() is True
    monkeypatch.setenv("RESOLV_MULTI", "Off")
    assert system_multi() is False
    monkeypatch.setenv("RESOLV_HOST_CONF", str(conf) + "-missing")
    monkeypatch.setenv("RESOLV_MULTI", "on")
    assert system_multi() is True


def test_lookup_in_lines_with_nul_bytes() -> None:
    """A NUL hides the rest of its line; the lines after it keep their addresses."""
    hosts = HostsFile.parse(b"10.0.0.1 a\x00b\n10.0.0.1 c\n10.0.0.1 d\n10.0.0.2 e\x00\n")
    assert hosts.lookup("b", multi=True) == []
    assert [hosts.lookup(name, multi=True) for name in "acde"] == [
        [Address("10.0.0.1")],
        [Address("10.0.0.1")],
        [Address("10.0.0.1")],
        [Address("10.0.0.2")],
    ]
