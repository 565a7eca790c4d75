"""The SSRF guard's policy, checked resolution and create_connection (loopback/ssrf/)."""

# ruff: noqa: E501 - tables of calls and their exact messages read best one a line

from __future__ import annotations

import errno
import pickle
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address, AddressError, LoopbackError, embedded_ipv4, special_purpose
from loopback.ssrf import (
    METADATA,
    AddrInfo,
    DestinationBlockedError,
    Policy,
    PolicyError,
    Verdict,
    create_connection,
    default_policy,
    resolve,
)
from loopback.ssrf import RULES as RULES_TABLE
from loopback.ssrf._local import interface_networks, read_fib_trie, read_if_inet6

from .platforms import needs_loopback_alias
from .property.strategies import ipv4_values, ipv6_values

ROOT = Path(__file__).resolve().parent.parent
#: A policy without this machine's own addresses, so answers do not depend on the host.
BARE = Policy(this_host=())


def fake_resolver(*answers: str) -> tuple[list[str], object]:
    """A resolver answering ``answers`` (address texts), and the names it was asked."""
    asked: list[str] = []

    def resolver(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        asked.append(host)
        infos: list[AddrInfo] = []
        for text in answers:
            if ":" in text:
                infos.append((socket.AF_INET6, type_, 6, "", (text, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, type_, 6, "", (text, port)))
        return infos

    return asked, resolver


class Rebinder:
    """DNS rebinding: a safe answer first, a blocked one after."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)

    def __call__(self, host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        text = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return [(socket.AF_INET, type_, 6, "", (text, port))]


# --- the policy: one table of destinations and the rule that decides each -----------------

RULES = [
    # the global Internet passes
    ("8.8.8.8", True, "global"),
    ("2606:4700:4700::1111", True, "global"),
    ("::ffff:8.8.8.8", True, "global"),  # mapped: the IPv4 address decides
    ("64:ff9b::808:808", True, "global"),  # NAT64 of a public address
    ("192.0.0.9", True, "global"),  # a global row inside a non-global block
    # this machine
    ("127.0.0.1", False, "loopback"),
    ("127.255.255.254", False, "loopback"),
    ("::1", False, "loopback"),
    ("::ffff:127.0.0.1", False, "loopback"),
    ("0.0.0.0", False, "unspecified"),
    ("::", False, "unspecified"),
    ("::ffff:0.0.0.0", False, "unspecified"),
    ("0.1.2.3", False, "reserved"),  # "this network"
    # cloud metadata, in every IPv6 form that embeds it
    ("169.254.169.254", False, "cloud-metadata"),
    ("::ffff:169.254.169.254", False, "cloud-metadata"),
    ("::169.254.169.254", False, "cloud-metadata"),
    ("64:ff9b::a9fe:a9fe", False, "cloud-metadata"),
    ("64:ff9b:1::a9fe:a9fe", False, "cloud-metadata"),
    ("2002:a9fe:a9fe::1", False, "cloud-metadata"),
    ("2001:0:4136:e378:8000:63bf:5601:5601", False, "cloud-metadata"),  # Teredo, inverted
    ("fd00:ec2::254", False, "cloud-metadata"),
    ("169.254.170.2", False, "cloud-metadata"),
    ("100.100.100.200", False, "cloud-metadata"),
    # other embedded forms of this machine
    ("::127.0.0.1", False, "loopback"),
    ("64:ff9b::7f00:1", False, "loopback"),
    ("2002:7f00:1::", False, "loopback"),
    ("64:ff9b::a00:1", False, "private"),
    # private, shared, link-local
    ("10.0.0.1", False, "private"),
    ("172.16.0.1", False, "private"),
    ("172.31.255.255", False, "private"),
    ("192.168.1.1", False, "private"),
    ("fd12:3456::1", False, "private"),
    ("100.64.0.1", False, "shared"),
    ("169.254.1.1", False, "link-local"),
    ("fe80::1", False, "link-local"),
    ("fe80::1%eth0", False, "link-local"),
    # multicast, broadcast, documentation, reserved
    ("224.0.0.1", False, "multicast"),
    ("239.255.255.250", False, "multicast"),
    ("ff02::1", False, "multicast"),
    ("::ffff:224.0.0.1", False, "multicast"),
    ("255.255.255.255", False, "reserved"),
    ("240.0.0.1", False, "reserved"),
    ("192.0.2.1", False, "documentation"),
    ("198.51.100.7", False, "documentation"),
    ("203.0.113.9", False, "documentation"),
    ("2001:db8::1", False, "documentation"),
    ("3fff::1", False, "documentation"),
    ("198.18.0.1", False, "reserved"),  # benchmarking
    ("2002:808:808::1", False, "reserved"),  # 6to4 of a public address: not globally reachable
    ("2001::1", False, "reserved"),  # Teredo
    ("100::1", False, "reserved"),  # discard-only
    ("4000::1", False, "reserved"),  # outside 2000::/3
]


@pytest.mark.parametrize(("address", "allowed", "rule"), RULES)
def test_default_policy_table(address: str, allowed: bool, rule: str) -> None:
    verdict = BARE.judge(address)
    assert (verdict.allowed, verdict.rule) == (allowed, rule)
    assert verdict.address == Address(address)


def test_verdict_names_the_rule_and_the_address() -> None:
    assert str(BARE.judge("64:ff9b::a9fe:a9fe")) == (
        "64:ff9b::a9fe:a9fe is refused (cloud-metadata): embeds 169.254.169.254: the instance "
        "metadata service of AWS, Google Cloud, Azure, Oracle Cloud, OpenStack, DigitalOcean, "
        "Hetzner and others"
    )
    assert str(BARE.judge("10.1.2.3")) == (
        "10.1.2.3 is refused (private): 10.0.0.0/8 Private-Use (RFC 1918), not globally reachable"
    )
    assert BARE.judge(Address("8.8.8.8")) == Verdict(
        allowed=True, rule="global", address=Address("8.8.8.8"), reason="globally reachable unicast"
    )


def test_this_host_is_refused() -> None:
    policy = Policy(this_host=["198.51.100.0/24", "2606:4700::1", Address("8.8.4.4")])
    assert policy.judge("198.51.100.20").rule == "this-host"
    assert policy.judge("2606:4700::1").rule == "this-host"
    assert policy.judge("8.8.4.4").rule == "this-host"
    assert policy.judge("::ffff:8.8.4.4").rule == "this-host"
    assert policy.judge("64:ff9b::808:404").rule == "this-host"
    assert policy.judge("8.8.8.8").allowed


def test_interfaces_are_listed_by_default() -> None:
    listed = interface_networks()
    assert Policy().this_host == listed
    assert default_policy() is default_policy()
    assert interface_networks("/nonexistent/fib", "/nonexistent/inet6") == ()


def test_kernel_tables_are_read() -> None:
    fib = (
        "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n"
        "     |-- 127.0.0.0\n        /8 host LOCAL\n     |-- 203.0.113.7\n        /32 host LOCAL\n"
        "     |-- 10.0.0.77\n        /24 host LOCAL\n     |-- nonsense\n        /32 host LOCAL\n"
        "     |-- 203.0.113.7\n        /32 host LOCAL\n        /x host LOCAL\n"
    )
    assert read_fib_trie(fib) == ["127.0.0.0/8", "203.0.113.7/32", "10.0.0.0/24"]
    inet6 = "00000000000000000000000000000001 01 80 10 80 lo\nshort 1 2\n\n"
    assert read_if_inet6(inet6) == ["::1/128"]


# --- allow- and deny-lists, ports, schemes -------------------------------------------------


def test_allow_list_opens_a_test_server_on_127_0_0_x() -> None:
    policy = Policy(allow=["127.0.0.5", "[::1]", "10.20.0.0/16"], this_host=())
    assert policy.judge("127.0.0.5").rule == "allow"
    assert policy.judge("::ffff:127.0.0.5").rule == "allow"  # the same destination
    assert policy.judge("::1").rule == "allow"
    assert policy.judge("10.20.3.4").rule == "allow"
    assert policy.judge("127.0.0.6").rule == "loopback"
    assert policy.judge("64:ff9b::7f00:5").rule == "loopback"  # NAT64 is not the same place
    assert policy.judge("10.21.0.1").rule == "private"


def test_allow_list_reads_entries_as_glibc_does() -> None:
    assert Policy(allow=["0x7f.5"], this_host=()).judge("127.0.0.5").allowed


def test_deny_wins_and_covers_embedded_forms() -> None:
    policy = Policy(allow=["8.8.0.0/16"], deny=["8.8.8.8", "2606:4700::/32"], this_host=())
    assert policy.judge("8.8.8.8").rule == "deny"
    assert policy.judge("::ffff:8.8.8.8").rule == "deny"
    assert policy.judge("64:ff9b::808:808").rule == "deny"
    assert policy.judge("2606:4700::1111").rule == "deny"
    assert policy.judge("8.8.4.4").rule == "allow"


def test_names_on_the_lists() -> None:
    policy = Policy(
        allow=["api.internal", "*.svc.cluster.local"], deny=["*.evil.example", "Bad.Example."]
    )
    assert policy.check_host("API.internal.", 80) == Verdict(
        allowed=True,
        rule="allow",
        address=None,
        reason="the name api.internal is on the allow-list",
    )
    assert policy.check_host("db.ns.svc.cluster.local").allowed  # type: ignore[union-attr]
    assert policy.check_host("svc.cluster.local") is None  # a wildcard needs a label
    assert str(policy.check_host("x.evil.example")) == (
        "refused (deny): the name x.evil.example is on the deny-list"
    )
    assert policy.check_host("bad.example").rule == "deny"  # type: ignore[union-attr]
    verdict = policy.judge("10.0.0.1", 80, host="api.internal")
    assert (verdict.allowed, verdict.rule, verdict.address) == (True, "allow", Address("10.0.0.1"))
    assert policy.judge("10.0.0.1", 80, host="other.internal").rule == "private"
    assert policy.judge("8.8.8.8", host="a.evil.example").rule == "deny"


def test_localhost_names_are_refused_unless_listed_by_name() -> None:
    assert str(BARE.check_host("App.LocalHost.")) == (
        "refused (loopback): app.localhost is a localhost name (RFC 6761)"
    )
    assert Policy(allow=["localhost"], this_host=()).check_host("localhost.").allowed  # type: ignore[union-attr]
    assert Policy(allow=["127.0.0.1"], this_host=()).check_host("localhost").rule == "loopback"  # type: ignore[union-attr]


def test_unicode_names_compare_as_idna() -> None:
    policy = Policy(deny=["bücher.example"], this_host=())
    assert policy.check_host("xn--bcher-kva.example").rule == "deny"  # type: ignore[union-attr]
    assert policy.check_host("BÜCHER.example").rule == "deny"  # type: ignore[union-attr]


def test_ports() -> None:
    policy = Policy(ports=[80, 443, *range(8000, 8010)], deny_ports=[8001], this_host=())
    assert policy.judge("8.8.8.8", 443).allowed
    assert policy.judge("8.8.8.8", 8005).allowed
    assert str(policy.judge("8.8.8.8", 22)) == (
        "8.8.8.8 is refused (port): port 22 is not an allowed port"
    )
    assert policy.judge("8.8.8.8", 8001).reason == "port 8001 is on the deny-list"
    assert Policy(deny_ports=[25], this_host=()).judge("8.8.8.8", 25).rule == "port"


def test_schemes() -> None:
    assert BARE.allows_scheme("HTTPS").allowed
    assert str(BARE.allows_scheme("gopher")) == (
        "refused (scheme): scheme 'gopher' is not in http, https"
    )
    assert str(Policy(schemes=[], this_host=()).allows_scheme("http")) == (
        "refused (scheme): scheme 'http' is not in nothing"
    )


def test_invalid_hosts_are_refused_before_any_lookup() -> None:
    for host in ["", "127.0.0.1\x00.evil.com", "127.0.0.1 foo", "a\tb", "xn--\udcff", "a" * 64]:
        verdict = BARE.check_host(host)
        if host == "a" * 64:
            assert verdict is None
            continue
        assert verdict is not None
        assert (verdict.allowed, verdict.rule) == (False, "invalid-host"), host


def test_policy_is_an_immutable_value() -> None:
    policy = Policy(allow=iter(["127.0.0.5"]), ports=iter([80]), this_host=())
    assert policy.allow == ("127.0.0.5",)
    assert policy == Policy(allow=["127.0.0.5"], ports=[80], this_host=[])
    assert hash(policy) == hash(Policy(allow=("127.0.0.5",), ports=(80,), this_host=()))
    assert policy.judge("127.0.0.5").allowed
    with pytest.raises(AttributeError):
        policy.allow = ()  # type: ignore[misc]
    assert "127.0.0.5" in repr(policy)


BAD_POLICIES = [
    ({"allow": "127.0.0.1"}, "allow must be a list of entries, not one str"),
    ({"allow": 5}, "allow must be an iterable of entries, not 5"),
    ({"deny": [5]}, "deny: 5 is not a str or an Address"),
    (
        {"allow": ["10.0.0.1/8"]},
        "allow: '10.0.0.1/8' has host bits set (did you mean the network?)",
    ),
    ({"allow": ["10.0.0.0/33"]}, "allow: '10.0.0.0/33' has a prefix longer than 32 bits"),
    ({"allow": ["10.0.0.0/x"]}, "allow: '10.0.0.0/x' has a bad prefix length 'x'"),
    ({"allow": ["10.0.0.0/0008"]}, "allow: '10.0.0.0/0008' has a bad prefix length '0008'"),
    ({"allow": ["a b"]}, "allow: 'a b' is not an address, a CIDR prefix or a host name"),
    ({"allow": ["*."]}, "allow: '*.' is not an address, a CIDR prefix or a host name"),
    ({"allow": ["a..b"]}, "allow: 'a..b' is not an address, a CIDR prefix or a host name"),
    ({"allow": ["::1::2"]}, "allow: '::1::2' is not an address, a CIDR prefix or a host name"),
    ({"deny": ["\udcff"]}, "deny: '\\udcff' is not a valid name"),
    ({"ports": [70000]}, "ports: 70000 is not a port (an int from 0 to 65535)"),
    ({"ports": [True]}, "ports: True is not a port (an int from 0 to 65535)"),
    ({"ports": 80}, "ports must be an iterable of ports, not 80"),
    ({"deny_ports": ["22"]}, "deny_ports: '22' is not a port (an int from 0 to 65535)"),
    ({"schemes": "http"}, "schemes must be a list of schemes, not the str 'http'"),
    ({"schemes": None}, "schemes must be an iterable of str, not None"),
    ({"schemes": [b"http"]}, "schemes: b'http' is not a str"),
    ({"this_host": [1.5]}, "this_host: 1.5 is not a str or an Address"),
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_POLICIES)
def test_bad_policy_entries(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy(**{"this_host": (), **kwargs})  # type: ignore[arg-type]
    assert str(info.value) == message


class Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


BAD_CALLS = [
    (lambda: BARE.judge(b"\x7f\x00\x00\x01"), "address: b'\\x7f\\x00\\x00\\x01' is not a str or an Address"),  # type: ignore[arg-type]
    (lambda: BARE.judge("8.8.8.8", 2**100), "port: 1267650600228229401496703205376 is not a port (an int from 0 to 65535)"),
    (lambda: BARE.judge("8.8.8.8", host=5), "host: 5 is not a str"),  # type: ignore[arg-type]
    (lambda: BARE.allows_scheme(Hostile()), "scheme: <Hostile object> is not a str"),  # type: ignore[arg-type]
    (lambda: BARE.check_host("x", -1), "port: -1 is not a port (an int from 0 to 65535)"),
    (lambda: resolve(Hostile(), 80, policy=BARE), "host: <Hostile object> is not a str"),  # type: ignore[arg-type]
    (lambda: resolve("x", 80, policy=object()), "policy: <object object at ...> is not a loopback.ssrf.Policy"),  # type: ignore[arg-type]
    (lambda: resolve("x", 80, policy=BARE, family=2**80), "family: 1208925819614629174706176 is not a socket constant"),
    (lambda: resolve("x", 80, policy=BARE, type="s"), "type: 's' is not a socket constant"),  # type: ignore[arg-type]
    (lambda: create_connection("x:80", policy=BARE), "address: 'x:80' is not a (host, port) tuple"),  # type: ignore[arg-type]
    (lambda: create_connection(("x", 80), -1, policy=BARE), "timeout: -1 is not None or a number of seconds >= 0"),
    (lambda: create_connection(("x", 80), float("nan"), policy=BARE), "timeout: nan is not None or a number of seconds >= 0"),
    (lambda: create_connection(("x", 80), "1", policy=BARE), "timeout: '1' is not None or a number of seconds >= 0"),
    (lambda: create_connection(("x", 80), None, ("", 2**70), policy=BARE), "source_address: 1180591620717411303424 is not a port (an int from 0 to 65535)"),
    (lambda: create_connection(("x", 80), None, "127.0.0.1", policy=BARE), "source_address: '127.0.0.1' is not a (host, port) tuple"),  # type: ignore[arg-type]
]  # fmt: skip


@pytest.mark.parametrize(("call", "message"), BAD_CALLS)
def test_wrong_arguments_raise_policy_error(call: object, message: str) -> None:
    with pytest.raises(PolicyError) as info:
        call()  # type: ignore[operator]
    shown = str(info.value)
    if "..." in message:
        head, tail = message.split("...")
        assert shown.startswith(head) and shown.endswith(tail)
    else:
        assert shown == message


def test_bad_address_raises_address_error() -> None:
    with pytest.raises(AddressError):
        BARE.judge("0x7f.1")  # judged addresses come from getaddrinfo: strict text


def test_long_values_are_cut_in_messages() -> None:
    with pytest.raises(PolicyError) as info:
        Policy(allow=["a b" * 50], this_host=())
    assert str(info.value) == (
        "allow: 'a ba ba ba ba ba ba ba ba ba ba ba ba ba ba ba ba ba ba ... is not an address, "
        "a CIDR prefix or a host name"
    )


def test_huge_timeouts_are_no_timeout() -> None:
    with serve("127.0.0.1") as port:
        policy = Policy(allow=["127.0.0.1"], this_host=())
        with create_connection(("127.0.0.1", port), 10**400, policy=policy) as sock:
            assert sock.gettimeout() is None
        with create_connection(("127.0.0.1", port), 5, policy=policy) as sock:
            assert sock.gettimeout() == 5.0


# --- resolution: once, judged, no second lookup --------------------------------------------


def test_resolution_keeps_only_allowed_answers() -> None:
    asked, resolver = fake_resolver("10.0.0.1", "8.8.8.8", "::1", "2606:4700::1111")
    infos = resolve("mixed.example", 443, policy=BARE, resolver=resolver)  # type: ignore[arg-type]
    assert [info[4][0] for info in infos] == ["8.8.8.8", "2606:4700::1111"]
    assert asked == ["mixed.example"]


def test_every_answer_refused() -> None:
    _, resolver = fake_resolver("10.0.0.1", "::ffff:169.254.169.254")
    with pytest.raises(DestinationBlockedError) as info:
        resolve("[internal.example]", 80, policy=BARE, resolver=resolver)  # type: ignore[arg-type]
    error = info.value
    assert (error.host, error.port, [v.rule for v in error.verdicts]) == (
        "internal.example",
        80,
        ["private", "cloud-metadata"],
    )
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    assert str(error).startswith(
        "refused to connect to 'internal.example' port 80: 10.0.0.1 is refused (private): "
    )


def test_answers_that_are_no_address_are_refused() -> None:
    def odd(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        unix = getattr(socket, "AF_UNIX", 1)  # Windows' Python has no AF_UNIX
        return [(unix, type_, 0, "", ("/run/sock",)), (2, 1, 6, "", ())]

    with pytest.raises(DestinationBlockedError) as info:
        resolve("odd.example", 80, policy=BARE, resolver=odd)
    assert [v.rule for v in info.value.verdicts] == ["invalid-address", "invalid-address"]

    with pytest.raises(DestinationBlockedError) as info:
        resolve("empty.example", 80, policy=BARE, resolver=lambda *args: [])
    assert str(info.value) == (
        "refused to connect to 'empty.example' port 80: refused (invalid-address): "
        "the lookup found no address"
    )


def test_refused_names_and_ports_are_never_looked_up() -> None:
    asked, resolver = fake_resolver("8.8.8.8")
    policy = Policy(deny=["*.corp"], deny_ports=[25], this_host=())
    for host, port in [("db.corp", 80), ("mail.example", 25), ("a\x00b", 80)]:
        with pytest.raises(DestinationBlockedError):
            resolve(host, port, policy=policy, resolver=resolver)  # type: ignore[arg-type]
    assert asked == []


def test_a_name_idna_cannot_encode_is_refused() -> None:
    def idna(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        raise UnicodeError("label too long")

    with pytest.raises(DestinationBlockedError) as info:
        resolve("x.example", 80, policy=BARE, resolver=idna)
    assert info.value.verdicts[0].rule == "invalid-host"


def test_lookup_errors_pass_through() -> None:
    def fails(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(socket.gaierror):
        create_connection(("nowhere.example", 80), policy=BARE, resolver=fails)


# Numeric spellings of this machine, as a URL or a config might write them: the system's
# getaddrinfo reads each (no DNS is asked for a numeric host), and the answer is judged.
LOCAL_SPELLINGS = [
    "127.0.0.1", "127.1", "0x7f.1", "0x7f000001", "2130706433", "0177.0.0.1", "017700000001",
    "127.000.000.001", "0", "0.0.0.0", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1",
    "::ffff:7f00:1", "[::ffff:127.0.0.1]", "::127.0.0.1", "::", "[::]", "0:0::0:1",
    "::ffff:169.254.169.254", "169.254.169.254", "0xa9fea9fe", "2852039166", "0251.0376.0251.0376",
    "64:ff9b::a9fe:a9fe", "64:ff9b::169.254.169.254", "2002:a9fe:a9fe::",
    "localhost", "LOCALHOST", "localhost.", "app.localhost",
    # non-ASCII spellings that IDNA folds to the above before the system reads them
    "１２７.０.０.１", "127。0。0。1", "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ", "0X7f.1", "127.0.1", "0x7f.0x0.0x0.0x1",
    "0:0:0:0:0:0:127.0.0.1",
]  # fmt: skip


@pytest.mark.parametrize("host", LOCAL_SPELLINGS)
def test_every_spelling_of_this_machine_is_refused(host: str) -> None:
    with pytest.raises(DestinationBlockedError):
        create_connection((host, 9), 1, policy=BARE)


# --- real connections to servers on loopback addresses -------------------------------------


class serve:  # noqa: N801 - used like a function
    """A TCP server on ``host`` that accepts and closes; yields its port."""

    def __init__(self, host: str) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.close()

    def __enter__(self) -> int:
        self.thread.start()
        port: int = self.sock.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def server() -> Iterator[int]:
    with serve("127.0.0.1") as port:
        yield port


def test_blocked_by_default_allowed_by_the_list(server: int) -> None:
    with pytest.raises(DestinationBlockedError) as info:
        create_connection(("127.0.0.1", server), 2)
    assert info.value.verdicts[0].rule == "loopback"
    policy = Policy(allow=["127.0.0.1"], this_host=())
    with create_connection(("127.0.0.1", server), 2, policy=policy) as sock:
        assert sock.getpeername() == ("127.0.0.1", server)


def test_ipv6_loopback_server() -> None:
    try:
        context = serve("::1")
    except OSError:  # pragma: no cover - a machine without IPv6
        pytest.skip("no IPv6 loopback")
    with context as port:
        with pytest.raises(DestinationBlockedError):
            create_connection(("::1", port), 2, policy=BARE)
        policy = Policy(allow=["::1"], this_host=())
        with create_connection(("[::1]", port), 2, policy=policy) as sock:
            assert sock.getpeername()[:2] == ("::1", port)


def test_connects_to_the_judged_answer_not_a_second_lookup(server: int) -> None:
    rebinder = Rebinder("127.0.0.1", "169.254.169.254")
    policy = Policy(allow=["127.0.0.1"], this_host=())
    with create_connection(("rebind.example", server), 2, policy=policy, resolver=rebinder) as s:
        assert s.getpeername() == ("127.0.0.1", server)
    with pytest.raises(DestinationBlockedError) as info:
        create_connection(("rebind.example", server), 2, policy=policy, resolver=rebinder)
    assert info.value.verdicts[0].rule == "cloud-metadata"


@needs_loopback_alias("127.0.0.2")
def test_next_answer_is_tried_and_the_last_error_raised(server: int) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.2", 0))
    dead = closed.getsockname()[1]
    closed.close()
    policy = Policy(allow=["127.0.0.0/8"], this_host=())
    _, both = fake_resolver("127.0.0.2", "127.0.0.1")

    def resolver(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        first, second = both(host, port, family, type_)  # type: ignore[operator]
        return [(*first[:4], ("127.0.0.2", dead)), second]

    with create_connection(("two.example", server), 2, ("127.0.0.1", 0), policy=policy,
                           resolver=resolver) as sock:  # fmt: skip
        assert sock.getpeername() == ("127.0.0.1", server)
    _, only_dead = fake_resolver("127.0.0.2")
    with pytest.raises(ConnectionRefusedError):
        create_connection(("dead.example", dead), 2, policy=policy, resolver=only_dead)  # type: ignore[arg-type]
    with pytest.raises(OSError) as caught:  # noqa: PT011 - the errno, as each system words it
        create_connection(("127.0.0.1", server), 2, ("203.0.113.1", 0), policy=policy)
    assert caught.value.errno == errno.EADDRNOTAVAIL  # not an address of ours


def test_import_loopback_does_not_import_the_guard() -> None:
    code = "import sys, loopback; print([m for m in sys.modules if 'ssrf' in m or m in ('requests', 'httpx', 'aiohttp', 'urllib3')])"
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
    code = "import sys, loopback.ssrf; print([m for m in ('requests', 'httpx', 'aiohttp', 'urllib3', 'ipaddress') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_default_timeout_and_a_family_that_cannot_be_made(server: int) -> None:
    policy = Policy(allow=["127.0.0.1"], this_host=())

    def resolver(host: str, port: int, family: int, type_: int) -> Sequence[AddrInfo]:
        return [(9999, type_, 0, "", ("127.0.0.1", port)), (socket.AF_INET, type_, 6, "", ("127.0.0.1", port))]  # fmt: skip

    with create_connection(("odd.example", server), policy=policy, resolver=resolver) as sock:
        assert sock.gettimeout() == socket.getdefaulttimeout()


# --- the fast path for global addresses gives the table's answer --------------------------

HOME = Policy(this_host=["8.8.4.0/24", "2606:4700::1"])
HOME_RANGES = (
    (0xFFFF << 32 | 0x08080400, 0xFFFF << 32 | 0x080804FF),
    (int(Address("2606:4700::1")), int(Address("2606:4700::1"))),
)


def first_rule(address: Address) -> str | None:
    value = int(address) | (0xFFFF << 32 if address.version == 4 else 0)
    for _, test in RULES_TABLE:
        refused = test(address, value, HOME_RANGES)
        if refused is not None:
            return refused[0]
    return None


def by_the_table(address: Address) -> str:
    """The rule the module's table gives, step by step, with no fast path."""
    mapped = address.ipv4_mapped
    inner = embedded_ipv4(address)
    if inner is not None and mapped is None:
        rule = first_rule(inner)
        if rule is not None:
            return rule
    return first_rule(mapped or address) or "global"


GLOBAL_UNICAST = st.integers(0x2000 << 112, (0x4000 << 112) - 1)
ADDRESSES = st.one_of(
    ipv4_values.map(lambda v: Address.from_int(v, 4)),
    ipv6_values.map(lambda v: Address.from_int(v, 6)),
    GLOBAL_UNICAST.map(lambda v: Address.from_int(v, 6)),
    st.integers(0, 255).map(lambda low: Address.from_int(0x08080400 | low, 4)),
    ipv4_values.map(lambda v: Address.from_int(0x0064FF9B << 96 | v, 6)),
    ipv4_values.map(lambda v: Address.from_int(0x2002 << 112 | v << 80, 6)),
    st.sampled_from(sorted(METADATA)),
)


@given(ADDRESSES)
def test_every_verdict_is_the_tables(address: Address) -> None:
    assert HOME.decide(address, None).rule == by_the_table(address)


def test_every_metadata_address_is_in_a_block_that_is_not_global() -> None:
    for address in METADATA:
        row = special_purpose(address)
        assert row is not None and row.globally_reachable is False, address


# --- totality: hostile arguments get a LoopbackError, never another exception --------------


class Hostile2:
    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __iter__(self) -> Iterator[object]:
        raise RuntimeError("iter")

    def __index__(self) -> int:
        raise RuntimeError("index")


HOSTILE = [None, 2**200, -1, Hostile2(), b"x", "x" * 10_000, 1.5, [], True, float("nan"), "\udcff", object()]  # fmt: skip
_, NO_ANSWER = fake_resolver()


@pytest.mark.parametrize("value", HOSTILE)
def test_public_functions_are_total(value: object) -> None:
    keywords = ["allow", "deny", "ports", "deny_ports", "schemes", "this_host"]
    calls: list[tuple[object, tuple[object, ...], dict[str, object]]] = [
        *((Policy, (), {kw: value}) for kw in keywords),
        *((Policy, (), {kw: [value]}) for kw in keywords),  # type: ignore[list-item]
        (BARE.judge, (value,), {}), (BARE.judge, ("8.8.8.8", value), {}), (BARE.judge, ("8.8.8.8",), {"host": value}),
        (BARE.check_host, (value,), {}), (BARE.check_host, ("x", value), {}), (BARE.allows_scheme, (value,), {}),
        (BARE.decide, (value, None), {}), (BARE.decide, (Address("8.8.8.8"), value), {}),
        (resolve, (value, 80), {"policy": BARE, "resolver": NO_ANSWER}),
        (resolve, ("127.0.0.1", value), {"policy": BARE}),
        (resolve, ("127.0.0.1", 80), {"policy": BARE, "family": value}),
        (resolve, ("a.invalid", 80), {"policy": BARE, "resolver": value or NO_ANSWER}),
        (resolve, ("a.invalid", 80), {"policy": BARE, "resolver": lambda *args: value}),
        (create_connection, (value,), {"policy": BARE}),
        (create_connection, (("127.0.0.1", 80), value), {"policy": BARE}),
        (create_connection, (("127.0.0.1", 80), 1, value), {"policy": BARE}),
        (create_connection, (("127.0.0.1", 80),), {"policy": value}),
        (create_connection, ((value, 80),), {"policy": BARE, "resolver": NO_ANSWER}),
    ]  # fmt: skip
    for function, args, kwargs in calls:
        try:
            function(*args, **kwargs)  # type: ignore[operator]
        except LoopbackError:
            pass
        except socket.gaierror:  # family -1: the documented OSError of a failed lookup
            assert value == -1
