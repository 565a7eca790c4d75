"""The guard's judgement and its wrappers, in this process (loopback/_guard.py)."""

from __future__ import annotations

import _socket
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address, is_loopback_host
from loopback import _guard as guard
from loopback.errors import LoopbackGuardError, SpecError

#: These tests install and remove the guard themselves: a guard around them
#: (``pytest --loopback-only``) stays out of their way.
pytestmark = pytest.mark.allow_network

HOSTS = b"""\
127.0.0.1 localhost
10.0.0.5 db.test db
127.0.0.7 svc.test
::1 ip6-localhost
fe80::1 linklocal.test
0.0.0.0 zero.test
"""


@pytest.fixture
def hosts(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "hosts"
    path.write_bytes(HOSTS)
    guard.use_hosts_file(str(path))
    yield path
    guard.use_hosts_file(None)


@pytest.fixture
def on(hosts: Path) -> Iterator[None]:
    """The wrappers installed and the guard on, with no allow rule."""
    guard.install()
    guard.activate(())
    yield
    guard.deactivate()
    guard.uninstall()


# Allow specs: the forms --loopback-allow takes ------------------------------------------

RULES = [
    # (spec, name, version, first, last, port)
    ("db.example", "db.example", 0, 0, 0, None),
    ("DB.Example.", "db.example", 0, 0, 0, None),
    ("my_service", "my_service", 0, 0, 0, None),
    ("db.example:5432", "db.example", 0, 0, 0, 5432),
    ("10.0.0.7", "", 4, 0x0A000007, 0x0A000007, None),
    (" 10.0.0.7 ", "", 4, 0x0A000007, 0x0A000007, None),
    ("10.1", "", 4, 0x0A000001, 0x0A000001, None),  # glibc's reading, as the resolver's
    ("10.0.0.7:5432", "", 4, 0x0A000007, 0x0A000007, 5432),
    ("10.0.0.0/8", "", 4, 0x0A000000, 0x0AFFFFFF, None),
    ("10.1.2.3/8", "", 4, 0x0A000000, 0x0AFFFFFF, None),  # host bits ignored
    ("0.0.0.0/0", "", 4, 0, 0xFFFFFFFF, None),
    ("172.17.0.2/32", "", 4, 0xAC110002, 0xAC110002, None),
    ("2001:db8::/32", "", 6, 0x20010DB8 << 96, (0x20010DB8 << 96) | (1 << 96) - 1, None),
    ("2001:db8::1", "", 6, 0x20010DB8 << 96 | 1, 0x20010DB8 << 96 | 1, None),
    ("[2001:db8::1]", "", 6, 0x20010DB8 << 96 | 1, 0x20010DB8 << 96 | 1, None),
    ("[2001:db8::1]:443", "", 6, 0x20010DB8 << 96 | 1, 0x20010DB8 << 96 | 1, 443),
    ("::ffff:10.0.0.0/104", "", 4, 0x0A000000, 0x0AFFFFFF, None),  # mapped: its IPv4
    ("::ffff:10.0.0.7", "", 4, 0x0A000007, 0x0A000007, None),
    ("fe80::1%eth0", "", 6, 0xFE80 << 112 | 1, 0xFE80 << 112 | 1, None),
]


@pytest.mark.parametrize(("spec", "name", "version", "first", "last", "port"), RULES)
def test_parse_rule(
    spec: str, name: str, version: int, first: int, last: int, port: int | None
) -> None:
    assert guard.parse_rule(spec) == (spec, name, version, first, last, port)


BAD_RULES = [
    ("", "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"),
    ("db example", "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"),
    ("*.example", "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"),
    ("bücher.example", "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"),
    ("x" * 254, "not an address, a prefix (10.0.0.0/8) or a host name (db.example)"),
    ("db:", "the port must be a number from 1 to 65535"),
    ("db:0", "the port must be a number from 1 to 65535"),
    ("db:65536", "the port must be a number from 1 to 65535"),
    ("db:٣", "the port must be a number from 1 to 65535"),
    ("db:http", "the port must be a number from 1 to 65535"),
    ("[::1", "a '[' without its ']' (write [::1] or [::1]:5432)"),
    ("[::1]x", "a '[' without its ']' (write [::1] or [::1]:5432)"),
    ("[::1]:", "the port must be a number from 1 to 65535"),
    ("10.0.0.0/33", "the prefix length must be a number from 0 to 32"),
    ("::/129", "the prefix length must be a number from 0 to 128"),
    ("10.0.0.0/", "the prefix length must be a number from 0 to 32"),
    ("10.0.0.0/-1", "the prefix length must be a number from 0 to 32"),
    ("10.0.0.0/8000", "the prefix length must be a number from 0 to 32"),
    ("db.example/8", "'db.example' is not an address"),
]


@pytest.mark.parametrize(("spec", "reason"), BAD_RULES)
def test_bad_rules(spec: str, reason: str) -> None:
    with pytest.raises(SpecError) as caught:
        guard.parse_rule(spec)
    assert caught.value.reason == reason
    assert caught.value.spec == spec


def test_rule_errors_name_the_spec() -> None:
    with pytest.raises(SpecError, match=r"^invalid allow spec 'db:x': the port must be"):
        guard.parse_rule("db:x")
    with pytest.raises(SpecError, match=r"^invalid allow spec '5': a spec must be str, not int$"):
        guard.parse_rule(5)


# What stays on this machine -----------------------------------------------------------


#: The number POSIX gives AF_UNIX: Windows' Python has no such name, and the guard
#: leaves the family alone all the same.
AF_UNIX = getattr(socket, "AF_UNIX", 1)


def rules(*specs: str) -> tuple[guard.Rule, ...]:
    return tuple(guard.parse_rule(spec) for spec in specs)


STAYS = [
    # (call, family, address, allow)
    ("connect", socket.AF_INET, ("127.0.0.1", 80), ()),
    ("connect", socket.AF_INET, ("127.1", 80), ()),
    ("connect", socket.AF_INET, (b"127.0.0.1", 80), ()),
    ("connect", socket.AF_INET, (bytearray(b"127.0.0.1"), 80), ()),
    ("connect", socket.AF_INET, ("0.0.0.0", 80), ()),  # Linux connects this to itself
    ("connect", socket.AF_INET, ("", 80), ()),  # Python's INADDR_ANY
    ("connect", socket.AF_INET6, ("::", 80, 0, 0), ()),
    ("connect", socket.AF_INET6, ("::1", 80, 0, 0), ()),
    ("connect", socket.AF_INET6, ("::ffff:127.0.0.1", 80), ()),
    ("connect", socket.AF_INET, ("localhost", 80), ()),
    ("connect", socket.AF_INET, ("app.localhost", 80), ()),
    ("connect", socket.AF_INET, ("svc.test", 80), ()),  # the hosts file: 127.0.0.7
    ("connect", socket.AF_INET, (" 127.0.0.1", 80), ()),  # is_loopback_host reads it
    ("sendto", socket.AF_INET, ("127.0.0.1", 80), ()),
    ("bind", socket.AF_INET, ("127.0.0.1", 0), ()),
    ("bind", socket.AF_INET, ("svc.test", 0), ()),
    ("connect", socket.AF_INET, ("zero.test", 80), ()),  # 0.0.0.0: this machine
    ("bind", socket.AF_INET6, ("::1", 0), ()),
    ("bind", socket.AF_INET, ("0.0.0.0", 0), ("0.0.0.0",)),
    ("connect", socket.AF_INET, ("10.1.2.3", 80), ("10.0.0.0/8",)),
    ("connect", socket.AF_INET6, ("::ffff:10.1.2.3", 80), ("10.0.0.0/8",)),
    ("connect", socket.AF_INET, ("10.1.2.3", 5432), ("10.1.2.3:5432",)),
    ("connect", socket.AF_INET6, ("2001:db8::1", 443, 0, 0), ("[2001:db8::1]:443",)),
    ("connect", socket.AF_INET, ("db.test", 80), ("db.test",)),
    ("connect", socket.AF_INET, ("DB.test", 80), ("db.test",)),
    ("connect", socket.AF_INET, ("db.test", 80), ("10.0.0.5",)),  # by the hosts file's answer
    ("connect", socket.AF_INET, ("example.com", 443), ("example.com:443",)),
    # Not the guard's business: other families, and addresses the call itself refuses
    ("connect", AF_UNIX, "sock", ()),
    ("connect", socket.AF_INET, "192.0.2.1", ()),
    ("connect", socket.AF_INET, (), ()),
    ("connect", socket.AF_INET, (5, 80), ()),
]


@pytest.mark.usefixtures("hosts")
@pytest.mark.parametrize(("call", "family", "address", "allow"), STAYS)
def test_stays(call: str, family: int, address: object, allow: tuple[str, ...]) -> None:
    assert guard.judge_socket(call, family, address, rules(*allow)) is None


LEAVES = [
    # (call, family, address, allow, reason, allow spec)
    (
        "connect",
        socket.AF_INET,
        ("192.0.2.1", 80),
        (),
        "leaves loopback: 192.0.2.1 is not this machine",
        "192.0.2.1",
    ),
    (
        "connect",
        socket.AF_INET,
        ("<broadcast>", 80),
        (),
        "leaves loopback: 255.255.255.255 is not this machine",
        "255.255.255.255",
    ),
    (
        "connect",
        socket.AF_INET6,
        ("::ffff:10.1.2.3", 80),
        ("10.0.0.0/16",),
        "leaves loopback: ::ffff:10.1.2.3 is not this machine",
        "::ffff:10.1.2.3",
    ),
    (
        "connect",
        socket.AF_INET,
        ("10.1.2.3", 80),
        ("10.1.2.3:5432",),
        "leaves loopback: 10.1.2.3 is not this machine",
        "10.1.2.3",
    ),
    (
        "connect",
        socket.AF_INET,
        ("db.test", 80),
        (),
        "leaves loopback: the hosts file sends db.test to 10.0.0.5",
        "db.test",
    ),
    (
        "bind",
        socket.AF_INET,
        ("zero.test", 0),
        (),
        "leaves loopback: the hosts file sends zero.test to 0.0.0.0",
        "zero.test",
    ),
    (
        "bind",
        socket.AF_INET,
        ("db.test", 0),
        (),
        "leaves loopback: the hosts file sends db.test to 10.0.0.5",
        "db.test",
    ),
    (
        "connect",
        socket.AF_INET,
        ("example.com", 80),
        ("example.com:443",),
        (
            "leaves loopback: looking up example.com would ask a DNS server "
            "(the hosts file does not answer it)"
        ),
        "example.com",
    ),
    (
        "bind",
        socket.AF_INET,
        ("0.0.0.0", 0),
        (),
        (
            "leaves loopback: binds every interface (0.0.0.0): the service is exposed on every "
            "network this machine is on"
        ),
        "0.0.0.0",
    ),
    (
        "bind",
        socket.AF_INET,
        ("", 0),
        (),
        (
            "leaves loopback: binds every interface (0.0.0.0 and ::): the service is exposed on "
            "every network this machine is on"
        ),
        "0.0.0.0",
    ),
    (
        "bind",
        socket.AF_INET,
        ("example.com", 0),
        (),
        (
            "leaves loopback: looking up example.com would ask a DNS server "
            "(the hosts file does not answer it)"
        ),
        "example.com",
    ),
    (
        "bind",
        socket.AF_INET,
        ("*", 0),
        (),
        (
            "leaves loopback: binds every interface (0.0.0.0 and ::): the service is exposed on "
            "every network this machine is on"
        ),
        "0.0.0.0",
    ),
    (
        "bind",
        socket.AF_INET,
        ("10.0.0.1", 0),
        (),
        "leaves loopback: 10.0.0.1 is reachable from other machines",
        "10.0.0.1",
    ),
]


@pytest.mark.usefixtures("hosts")
@pytest.mark.parametrize(("call", "family", "address", "allow", "reason", "spec"), LEAVES)
def test_leaves(
    call: str, family: int, address: object, allow: tuple[str, ...], reason: str, spec: str
) -> None:
    assert guard.judge_socket(call, family, address, rules(*allow)) == (reason, spec)


@pytest.mark.usefixtures("hosts")
@given(st.text(max_size=40) | st.sampled_from(["[::1]", "0x7f.1", "127.0.0.1 x", "::1%lo"]))
def test_connect_agrees_with_is_loopback_host(host: str) -> None:
    """A connect stays on this machine exactly when ``is_loopback_host`` says so.

    Except where Python itself reads the host: ``""`` is INADDR_ANY, and names the hosts
    file answers.
    """
    if host == "" or "\x00" in host or guard.hosts_file().lookup(host, socket.AF_INET):
        return
    stays = guard.judge_socket("connect", socket.AF_INET, (host, 80), ()) is None
    assert stays == is_loopback_host(host)


# Name lookups -------------------------------------------------------------------------

ANSWERS = [
    # (name, family, answer); None: the resolver answers
    ("127.0.0.1", 0, None),
    ("0x7f.1", 0, None),
    ("fe80::1%lo", 0, None),
    ("svc.test", 0, [Address("127.0.0.7")]),
    ("SVC.test", socket.AF_INET, [Address("127.0.0.7")]),
    (b"svc.test", 0, [Address("127.0.0.7")]),
    ("db", 0, [Address("10.0.0.5")]),
    ("localhost", 0, [Address("127.0.0.1")]),  # the file's answer
    ("localhost", socket.AF_INET6, [Address("::1")]),  # RFC 6761, the file has no IPv6 line
    ("app.localhost", 0, [Address("127.0.0.1"), Address("::1")]),
    ("app.localhost.", socket.AF_INET, [Address("127.0.0.1")]),
    ("example.com", 0, "raise"),
    ("no-such-name.invalid", 0, "nxdomain"),  # RFC 6761 6.4: no one is asked
    ("INVALID.", 0, "nxdomain"),
    ("invalid.example", 0, "raise"),
    ("db", socket.AF_INET6, "raise"),  # the file has IPv4 only: the resolver would ask DNS
    ("allowed.example", 0, None),
    ("Allowed.Example.", 0, None),
    (None, 0, None),
    ("", 0, None),
    ("example.com", AF_UNIX, None),
]


@pytest.mark.usefixtures("hosts")
@pytest.mark.parametrize(("name", "family", "answer"), ANSWERS)
def test_answer_name(name: object, family: int, answer: object) -> None:
    allow = rules("allowed.example")
    if answer == "raise":
        with pytest.raises(LookupError):
            guard.answer_name(name, family, allow)
    elif answer == "nxdomain":
        with pytest.raises(socket.gaierror) as caught:
            guard.answer_name(name, family, allow)
        assert caught.value.errno == socket.EAI_NONAME
    else:
        assert guard.answer_name(name, family, allow) == answer


def test_lookups_answered_from_the_hosts_file(on: None) -> None:
    assert socket.getaddrinfo("svc.test", 80, type=socket.SOCK_STREAM) == [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.7", 80))
    ]
    answer = socket.getaddrinfo("svc.test", "http", socket.AF_INET, 0, 0, socket.AI_CANONNAME)
    assert answer[0][3] == "svc.test" and answer[0][4] == ("127.0.0.7", 80)
    answer = socket.getaddrinfo(b"svc.test", 80, socket.AF_INET, 0, 0, socket.AI_CANONNAME)
    assert answer[0][3] == "svc.test"
    assert socket.getaddrinfo("db", 5432, socket.AF_INET, socket.SOCK_STREAM)[0][4] == (
        "10.0.0.5",
        5432,
    )
    assert socket.getaddrinfo("192.0.2.1", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4] == (
        "192.0.2.1",
        80,
    )
    with pytest.raises(socket.gaierror):  # the resolver refuses without asking anyone
        socket.getaddrinfo("example.com", 80, flags=socket.AI_NUMERICHOST)
    assert socket.gethostbyname("db") == "10.0.0.5"
    assert socket.gethostbyname("app.localhost") == "127.0.0.1"
    assert socket.gethostbyname("127.1") == "127.0.0.1"
    assert socket.gethostbyname_ex("db") == ("db.test", ["db"], ["10.0.0.5"])
    assert socket.gethostbyname_ex("app.localhost") == ("app.localhost", [], ["127.0.0.1"])
    assert socket.gethostbyname_ex("127.0.0.1") == ("127.0.0.1", [], ["127.0.0.1"])
    assert socket.gethostbyaddr("10.0.0.5") == ("db.test", ["db"], ["10.0.0.5"])
    assert socket.gethostbyaddr("svc.test") == ("svc.test", [], ["127.0.0.7"])
    assert socket.gethostbyaddr("fe80::1%lo") == ("linklocal.test", [], ["fe80::1%lo"])
    assert socket.getnameinfo(("10.0.0.5", 80), 0) == ("db.test", "http")
    # Loopback addresses the file does not name: answered as RFC 6303's local zones are.
    assert socket.gethostbyaddr("::1") == ("ip6-localhost", [], ["::1"])  # the file's
    assert socket.gethostbyaddr("127.0.0.1") == ("localhost", [], ["127.0.0.1"])
    guard.use_hosts_file(os.devnull)
    assert socket.gethostbyaddr("::1") == ("localhost", [], ["::1"])
    assert socket.getfqdn("127.0.0.2") == "127.0.0.2"  # http.server's bind does this
    with pytest.raises(socket.herror, match="Unknown host"):
        socket.gethostbyaddr("127.0.0.2")
    assert socket.getnameinfo(("127.0.0.2", 80), 0) == ("127.0.0.2", "http")
    assert socket.getnameinfo(("127.0.0.1", 80), 0) == ("localhost", "http")
    with pytest.raises(socket.gaierror):
        socket.getnameinfo(("127.0.0.2", 80), socket.NI_NAMEREQD)
    assert socket.getnameinfo(("192.0.2.1", 80), socket.NI_NUMERICHOST) == ("192.0.2.1", "http")
    assert guard.deactivate() == []


BLOCKED_LOOKUPS = [
    (lambda: socket.getaddrinfo("example.com", 80), "socket.getaddrinfo('example.com', 80)"),
    (lambda: socket.gethostbyname("example.com"), "socket.gethostbyname('example.com')"),
    (lambda: socket.gethostbyname_ex("example.com"), "socket.gethostbyname_ex('example.com')"),
    (lambda: socket.gethostbyaddr("192.0.2.1"), "socket.gethostbyaddr('192.0.2.1')"),
    (lambda: socket.gethostbyaddr("example.com"), "socket.gethostbyaddr('example.com')"),
    (lambda: socket.getnameinfo(("192.0.2.1", 80), 0), "socket.getnameinfo(('192.0.2.1', 80), 0)"),
    (lambda: _socket.getaddrinfo("example.com", 80), "socket.getaddrinfo('example.com', 80)"),
]


@pytest.mark.parametrize(("call", "shown"), BLOCKED_LOOKUPS)
def test_lookups_that_would_ask_dns(on: None, call: object, shown: str) -> None:
    with pytest.raises(LoopbackGuardError) as caught:
        call()  # type: ignore[operator]
    error = caught.value
    assert error.call == shown
    assert error.reason.startswith("leaves loopback: it would ask a DNS server")
    assert error.where.startswith("tests/test_guard.py:") or error.where.startswith(
        os.path.join("tests", "test_guard.py")
    )
    assert guard.deactivate() == [error]


def test_allowed_lookups_go_to_the_resolver(hosts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[object] = []

    def resolver(answer: object) -> object:
        def resolve(*args: object) -> object:
            asked.append(args)
            return answer

        return resolve

    monkeypatch.setattr(_socket, "getaddrinfo", resolver([]))
    monkeypatch.setattr(_socket, "gethostbyname", resolver("192.0.2.7"))
    monkeypatch.setattr(_socket, "gethostbyname_ex", resolver(("x", [], [])))
    monkeypatch.setattr(_socket, "gethostbyaddr", resolver(("x", [], [])))
    monkeypatch.setattr(_socket, "getnameinfo", resolver(("x", "80")))
    guard.install()
    guard.activate(rules("example.com", "192.0.2.0/24"))
    try:
        socket.getaddrinfo("example.com", 80)
        assert socket.gethostbyname("example.com") == "192.0.2.7"
        socket.gethostbyname_ex("example.com")
        socket.gethostbyaddr("example.com")
        socket.gethostbyaddr("192.0.2.1")
        socket.getnameinfo(("192.0.2.1", 80), 0)
        socket.getnameinfo(("not numeric", 80), 0)
    finally:
        assert guard.deactivate() == []
        guard.uninstall()
    assert len(asked) == 7


def test_an_unreadable_hosts_file_answers_nothing(tmp_path: Path) -> None:
    guard.use_hosts_file(str(tmp_path / "missing"))
    try:
        assert guard.hosts_file().lookup("localhost") == []
        assert guard.answer_name("localhost", 0, ()) == [Address("127.0.0.1"), Address("::1")]
    finally:
        guard.use_hosts_file(None)


# The wrappers ---------------------------------------------------------------------------


def test_socket_calls(on: None) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        port = receiver.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("localhost", port))
            assert s.connect_ex(("127.0.0.1", port)) == 0
            s.sendmsg([b"x"])  # connected: no address to judge
            s.sendto(b"x", ("127.0.0.1", port))
            s.sendto(b"x", 0, ("127.0.0.1", port))
            for call in (
                lambda: s.connect(("192.0.2.1", 9)),
                lambda: s.connect_ex(("192.0.2.1", 9)),
                lambda: s.sendto(b"x", ("192.0.2.1", 9)),
                lambda: s.sendto(b"x", 0, ("192.0.2.1", 9)),
                lambda: s.sendmsg([b"x"], [], 0, ("192.0.2.1", 9)),
                lambda: _socket.socket.connect(s, ("192.0.2.1", 9)),  # the C base class
            ):
                with pytest.raises(LoopbackGuardError, match=r"leaves loopback: 192\.0\.2\.1"):
                    call()
    c = _socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # a C socket
    try:
        with pytest.raises(LoopbackGuardError):
            c.connect(("192.0.2.1", 9))
        assert isinstance(c, _socket.socket)
    finally:
        c.close()
    with socket.socket() as s:
        assert isinstance(s, _socket.socket) and issubclass(socket.socket, _socket.socket)
    assert len(guard.deactivate()) == 7


def test_off_lets_everything_through(hosts: Path) -> None:
    guard.install()
    guard.install()  # twice is once
    assert guard.installed() and guard.active() is None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # UDP: nothing is sent
        assert socket.gethostbyname("127.0.0.1") == "127.0.0.1"
        guard.activate(())
        guard.pause()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
    finally:
        guard.uninstall()
    assert not guard.installed()
    assert "connect" not in vars(socket.socket)
    assert _socket.socket is socket.socket.__mro__[1]
    assert socket.gethostbyname is _socket.gethostbyname


def test_where_names_the_caller(on: None) -> None:
    with pytest.raises(LoopbackGuardError) as caught:
        socket.create_connection(("192.0.2.1", 9), timeout=0.01)  # through socket.py
    assert caught.value.where == f"tests/test_guard.py:{sys._getframe().f_lineno - 1}"
    text = str(caught.value)
    assert text == (
        "socket.connect(('192.0.2.1', 9)) leaves loopback: 192.0.2.1 is not this machine "
        f"({caught.value.where}); allow it with --loopback-allow=192.0.2.1, "
        "@pytest.mark.loopback_only(allow=['192.0.2.1']) or @pytest.mark.allow_network"
    )
    assert str(LoopbackGuardError("socket.connect(x)", "leaves", "", "x")).startswith(
        "socket.connect(x) leaves; allow"
    )
    guard.deactivate()


# Child processes ------------------------------------------------------------------------


def test_child_environment_round_trip(tmp_path: Path) -> None:
    report = str(tmp_path / "report")
    env = guard.child_environment(rules("10.0.0.0/8", "db.test"), report)
    assert env == {"LOOPBACK_GUARD": "guard\n10.0.0.0/8\ndb.test", "LOOPBACK_GUARD_REPORT": report}
    code = (
        "import socket, loopback._guard as g\n"
        "assert g.start_from_environment()\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "s.connect(('10.1.2.3', 9))\n"
        "try:\n"
        "    s.connect(('192.0.2.1', 9))\n"
        "except AssertionError:\n"
        "    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, check=True)
    lines = guard.take_reports(report)
    assert len(lines) == 1 and lines[0].startswith("socket.connect(('192.0.2.1', 9)) leaves")
    assert guard.take_reports(report) == []
    assert guard.take_reports(str(tmp_path / "none")) == []


def test_start_from_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hosts: Path
) -> None:
    report = str(tmp_path / "report")
    for name, value in guard.child_environment(rules("192.0.2.0/24"), report).items():
        monkeypatch.setenv(name, value)
    try:
        assert guard.start_from_environment()
        assert guard.active() == rules("192.0.2.0/24")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            with pytest.raises(LoopbackGuardError):
                s.connect(("198.51.100.1", 9))
    finally:
        guard.deactivate()
        guard.uninstall()
    assert [line[:40] for line in guard.take_reports(report)] == [
        "socket.connect(('198.51.100.1', 9)) leav"
    ]


def test_no_environment_no_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOOPBACK_GUARD", raising=False)
    assert not guard.start_from_environment()


def test_a_report_that_cannot_be_written(tmp_path: Path, hosts: Path) -> None:
    guard.install()
    guard.activate((), report=str(tmp_path / "missing" / "report"), owner=-1)
    try:
        with pytest.raises(LoopbackGuardError):
            socket.gethostbyname("example.com")
    finally:
        guard.deactivate()
        guard.uninstall()
