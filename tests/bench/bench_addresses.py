"""Address benchmarks: ``loopback`` against ``ipaddress`` and C ``inet_pton``, same run.

Run with ``nox -s bench`` (or ``python tests/bench/bench_addresses.py``). Prints, per
operation, nanoseconds per call over a corpus of distinct addresses and the ratios the
project's targets are stated in. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import ipaddress
import platform
import random
import socket
import sys
import timeit
from typing import Callable

import loopback
from loopback._strict import _parse_portable


def corpus(n: int, seed: int = 20261201) -> list[str]:
    """``n`` distinct address strings: 45 % IPv4, 45 % IPv6, 10 % invalid, shuffled.

    Half of each family is loopback; IPv6 mixes RFC 5952 text, mapped addresses, and
    non-canonical spellings (upper case, leading zeros), so no single fast path covers all.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []

    def add(text: str) -> None:
        if text not in seen:
            seen.add(text)
            out.append(text)

    def octets(k: int) -> str:
        return ".".join(str(rng.randrange(256)) for _ in range(k))

    while len(out) < n * 45 // 100:
        add(f"127.{octets(3)}" if rng.random() < 0.5 else octets(4))
    v6_goal = len(out) + n * 45 // 100
    while len(out) < v6_goal:
        kind = rng.random()
        if kind < 0.2:
            add(f"::ffff:127.{octets(3)}" if rng.random() < 0.5 else f"::ffff:{octets(4)}")
            continue
        groups = [rng.choice((0, 0, rng.randrange(16), rng.randrange(65536))) for _ in range(8)]
        value = 0
        for group in groups:
            value = value << 16 | group
        if kind < 0.35:
            value = 1
            text = ":".join("0" * rng.randrange(1, 5) for _ in range(7))
            add(text + ":" + "1".rjust(rng.randrange(1, 5), "0"))
            continue
        text = str(ipaddress.IPv6Address(value))
        if kind > 0.85:
            text = ":".join(
                g and g.rjust(rng.randrange(len(g), 5), "0") for g in text.split(":")
            ).upper()
        add(text)
    junk = ("example.com", "127.0.0.1/8", "::1::", "1.2.3", "256.0.0.1", "127.0.0.01", "[::1]")
    while len(out) < n:
        add(f"{rng.choice(junk)}{rng.randrange(10**6)}")
    rng.shuffle(out)
    return out


def per_call(function: Callable[[], object], n: int, repeat: int) -> float:
    """Best-of-``repeat`` nanoseconds per item for ``function``, which loops over n items."""
    return min(timeit.repeat(function, number=1, repeat=repeat)) / n * 1e9


def loops(texts: list[str]) -> dict[str, Callable[[], None]]:
    """One pass over ``texts`` per measured operation, each written out as a plain loop
    so that no side pays for an extra call."""
    inet_pton = socket.inet_pton
    af4, af6 = socket.AF_INET, socket.AF_INET6
    ip_address = ipaddress.ip_address
    is_loopback, is_global = loopback.is_loopback, loopback.is_global
    parse_address, parse_portable = loopback.parse_address, _parse_portable
    error = loopback.AddressError

    def c_inet_pton() -> None:
        for s in texts:
            try:
                inet_pton(af6 if ":" in s else af4, s)
            except OSError:
                pass

    def stdlib_is_loopback() -> None:
        for s in texts:
            try:
                _ = ip_address(s).is_loopback
            except ValueError:
                pass

    def stdlib_ip_address() -> None:
        for s in texts:
            try:
                ip_address(s)
            except ValueError:
                pass

    def stdlib_is_global() -> None:
        for s in texts:
            try:
                _ = ip_address(s).is_global
            except ValueError:
                pass

    def ours(function: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            for s in texts:
                try:
                    function(s)
                except error:
                    pass

        return run

    return {
        "C inet_pton": c_inet_pton,
        "ipaddress .is_loopback": stdlib_is_loopback,
        "ipaddress ip_address": stdlib_ip_address,
        "ipaddress .is_global": stdlib_is_global,
        "is_loopback": ours(is_loopback),
        "parse_address": ours(parse_address),
        "is_global": ours(is_global),
        "portable parser": ours(parse_portable),
    }


#: (label, numerator, denominator, target): the ratios the project's targets are stated in.
RATIOS = [
    ("is_loopback: x faster than ipaddress", "ipaddress .is_loopback", "is_loopback", ">= 5"),
    ("is_loopback: x the time of inet_pton", "is_loopback", "C inet_pton", "<= 3"),
    ("parse_address: x faster than ipaddress", "ipaddress ip_address", "parse_address", ""),
    ("parse_address: x the time of inet_pton", "parse_address", "C inet_pton", ""),
    ("is_global: x faster than ipaddress", "ipaddress .is_global", "is_global", ">= 5"),
    ("portable parser: x faster than ipaddress", "ipaddress ip_address", "portable parser", ""),
]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Measure and print; the ratios are what docs/benchmarks.md records."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100_000, help="corpus size (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs")
    args = parser.parse_args(argv)
    texts = corpus(args.n)
    times = {name: per_call(run, len(texts), args.repeat) for name, run in loops(texts).items()}
    version, machine = platform.python_version(), platform.machine()
    print(f"Python {version} on {machine}, {len(texts)} distinct addresses (ns/call)")
    for name, ns in times.items():
        print(f"  {name:40} {ns:8.0f}")
    for label, slower, faster, target in RATIOS:
        print(f"  {label:40} {times[slower] / times[faster]:8.2f}  {target and 'target ' + target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
