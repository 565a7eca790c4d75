"""Typical use of the public API; `nox -s typecheck` checks that it type-checks."""

from __future__ import annotations

import ipaddress

import loopback
from loopback import Address, AddressError, AddressLike, parse_address
from loopback.ssrf import DestinationBlockedError, Policy, Verdict
from loopback.ssrf.requests import guarded_session


def classify(values: list[AddressLike]) -> list[bool]:
    return [loopback.is_loopback(v) or loopback.is_unspecified(v) for v in values]


def canonical(text: str) -> str | None:
    try:
        address: Address = parse_address(text, lenient=True)
    except AddressError as error:
        position: int | None = error.position
        reason: str = error.reason
        print(f"{error.text}: {reason} at {position}")
        return None
    version: int = address.version
    mapped: Address | None = address.ipv4_mapped
    print(version, mapped, address.zone, address.packed, int(address))
    return str(address)


host = loopback.parse_url_host("[::1]")
if isinstance(host, Address):
    print(host.version)
else:
    print(host.upper())

classify(["127.0.0.1", Address("::1"), b"\x7f\x00\x00\x01", ipaddress.ip_address("::1")])
sorted([Address("::1"), Address.from_int(1, 4), Address.from_packed(bytes(16))])
ok: bool = loopback.is_loopback_host("localhost") and loopback.is_localhost_name("localhost")


def guarded_fetch(url: str) -> bytes | None:
    """The SSRF guard with requests: a policy, a session, and the refusal's verdicts."""
    policy = Policy(allow=["127.0.0.5", "10.1.0.0/16"], ports=[80, 443], this_host=())
    verdict: Verdict = policy.judge("8.8.8.8", 443)
    allowed: bool = verdict.allowed
    print(allowed, verdict.rule, verdict.address, verdict.reason)
    try:
        return guarded_session(policy).get(url, timeout=5).content
    except DestinationBlockedError as error:
        verdicts: tuple[Verdict, ...] = error.verdicts
        print(error.host, error.port, [v.rule for v in verdicts])
        return None
