"""Address benchmarks: ``loopback`` against ``ipaddress`` and C ``inet_pton``, same run.

Run with ``nox -s bench`` (or ``python tests/bench/bench_addresses.py``). Prints, per
operation, nanoseconds per call over corpora of distinct inputs (a mixed corpus, and IPv4,
IPv6 and host names apart), the ratios the project's targets are stated in, the CPU time
of ``import loopback`` and ``loopback check`` against ``import ipaddress`` and ``python -c
pass``, and how each parser's time grows from 1,000 to 100,000 characters of adversarial
input. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import time
import timeit
from functools import partial
from typing import Callable

import loopback
from loopback._strict import _parse_portable
from loopback.bind import check_bind_address


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
    # CPU time of this process: on a shared machine, wall time counts the waits for a core.
    return min(timeit.repeat(function, number=1, repeat=repeat, timer=time.process_time)) / n * 1e9


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


def _valid(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def corpora(n: int, seed: int = 20261206) -> dict[str, list[str]]:
    """``n`` distinct IPv4 texts, IPv6 texts and host names, half of each local.

    IPv6 mixes RFC 5952 text, mapped addresses and long spellings; names are the shapes of
    service and DNS names (``svc-12.internal``, ``api.example.com``, ``x.localhost``).
    """
    rng = random.Random(seed)
    mixed = corpus(3 * n, seed)
    valid = [t for t in mixed if _valid(t)]
    ipv4 = [t for t in valid if ":" not in t][:n]
    ipv6 = [t for t in valid if ":" in t][:n]
    names: set[str] = set()
    words = ("api", "db", "svc", "cache", "web", "auth", "queue", "metrics", "internal")
    tlds = ("com", "net", "io", "internal", "local", "localhost", "example", "org")
    while len(names) < n:
        labels = [f"{rng.choice(words)}-{rng.randrange(10**5)}" for _ in range(rng.randrange(1, 4))]
        names.add(".".join([*labels, rng.choice(tlds)]))
    return {"IPv4": ipv4, "IPv6": ipv6, "names": sorted(names, key=lambda _: rng.random())}


def corpus_loops(texts: list[str]) -> dict[str, Callable[[], None]]:
    """The per-corpus operations, each a plain loop (the naive guard as users write it)."""
    ip_address = ipaddress.ip_address
    is_loopback_host, parse_address = loopback.is_loopback_host, loopback.parse_address
    parse_url_host, error = loopback.parse_url_host, loopback.AddressError

    def naive_guard() -> None:
        for s in texts:
            try:
                _ = ip_address(s).is_loopback
            except ValueError:
                _ = s == "localhost"

    def stdlib_ip_address() -> None:
        for s in texts:
            try:
                ip_address(s)
            except ValueError:
                pass

    def host() -> None:
        for s in texts:
            is_loopback_host(s)

    def lenient() -> None:
        for s in texts:
            try:
                parse_address(s, lenient=True)
            except error:
                pass

    def url_host() -> None:
        for s in texts:
            try:
                parse_url_host(s)
            except error:
                pass

    inet_pton, af4, af6 = socket.inet_pton, socket.AF_INET, socket.AF_INET6
    is_loopback = loopback.is_loopback

    def c_inet_pton() -> None:
        for s in texts:
            try:
                inet_pton(af6 if ":" in s else af4, s)
            except OSError:
                pass

    def loopback_check() -> None:
        for s in texts:
            try:
                is_loopback(s)
            except error:
                pass

    return {
        "C inet_pton": c_inet_pton,
        "is_loopback": loopback_check,
        "naive guard": naive_guard,
        "is_loopback_host": host,
        "ipaddress ip_address": stdlib_ip_address,
        "parse_address(lenient=True)": lenient,
        "parse_url_host": url_host,
    }


#: Per corpus: (label, numerator, denominator, target).
_IP = "ipaddress ip_address"
_TARGET = ">= 2.5 on IPv4, > 1"
CORPUS_RATIOS = [
    ("is_loopback: x the time of inet_pton", "is_loopback", "C inet_pton", "<= 2.5 on IPv4"),
    ("is_loopback_host: x faster than the naive guard", "naive guard", "is_loopback_host", ">= 3"),
    ("parse_address(lenient): x faster than ip_address", _IP, "parse_address(lenient=True)",
     _TARGET),
    ("parse_url_host: x faster than ip_address", _IP, "parse_url_host", _TARGET),
]  # fmt: skip


_CHECK = "import sys; from loopback._cli import main; sys.exit(main(['check', '127.0.0.1']))"


def import_cpu(repeat: int = 20) -> dict[str, float]:
    """CPU milliseconds of fresh interpreters (bytecode cached), the median-low of runs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {  # -S: no site hooks (a .pth file may import anything, ipaddress included)
        "python -c pass": ["-S", "-c", "pass"],
        "import ipaddress": ["-S", "-c", "import ipaddress"],
        "import loopback": ["-S", "-c", "import loopback"],
        # What the console script does: python -m would add runpy, which on 3.9 imports
        # typing through importlib.util (20 ms that are the interpreter's, not ours).
        "loopback check 127.0.0.1": ["-S", "-c", _CHECK],
    }
    out = {}
    for name, args in commands.items():
        command = [sys.executable, *args]
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)  # caches .pyc
        runs = []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        out[name] = sorted(runs)[repeat // 4] * 1000
    return out


#: Adversarial inputs of ``n`` characters: long non-ASCII labels, many dots, many ``%``.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "non-ASCII label": lambda n: "".join(chr(0x4E00 + i % 20000) for i in range(n)),
    "many dots": lambda n: "1." * (n // 2),
    "many %": lambda n: "%31" * (n // 3),
    "many % in brackets": lambda n: "[::1%25" + "%41" * (n // 3) + "]",
}


def growth_parsers() -> dict[str, Callable[[str], object]]:
    def quiet(function: Callable[[str], object]) -> Callable[[str], object]:
        def run(text: str) -> object:
            try:
                return function(text)
            except (loopback.AddressError, loopback.UnsafeBindError):
                return None

        return run

    return {
        "parse_address": quiet(loopback.parse_address),
        "parse_address(lenient=True)": quiet(lambda t: loopback.parse_address(t, lenient=True)),
        "parse_url_host": quiet(loopback.parse_url_host),
        "is_loopback_host": quiet(loopback.is_loopback_host),
        "read_bind_host": quiet(loopback.read_bind_host),
        "check_bind_address": quiet(lambda t: check_bind_address(t, allow_public=True)),
    }


def growth(sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> list[tuple[str, str, list[float]]]:
    """Per parser and input: nanoseconds per character at each size (flat means linear)."""
    rows = []
    for parser, function in growth_parsers().items():
        for shape, make in ADVERSARIAL.items():
            per_char = []
            for size in sizes:
                text = make(size)
                call = partial(function, text)
                best = min(timeit.repeat(call, number=1, repeat=3, timer=time.process_time))
                per_char.append(best / len(text) * 1e9)
            rows.append((parser, shape, per_char))
    return rows


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
    for kind, inputs in corpora(args.n // 2).items():
        ops = corpus_loops(inputs)
        times = {name: per_call(run, len(inputs), args.repeat) for name, run in ops.items()}
        print(f"{kind}, {len(inputs)} distinct inputs (ns/call)")
        for name, ns in times.items():
            print(f"  {name:40} {ns:8.0f}")
        for label, slower, faster, target in CORPUS_RATIOS:
            ratio = times[slower] / times[faster]
            print(f"  {label:50} {ratio:6.2f}  target {target}")
    cpu = import_cpu()
    base = cpu["python -c pass"]
    print("CPU time of a fresh interpreter, bytecode cached (ms)")
    for name, ms in cpu.items():
        print(f"  {name:40} {ms:8.1f}")
    ratio = (cpu["import loopback"] - base) / (cpu["import ipaddress"] - base)
    print(f"  {'import loopback: x import ipaddress':40} {ratio:8.2f}  target <= 3")
    extra = cpu["loopback check 127.0.0.1"] - base
    print(f"  {'loopback check: ms over python -c pass':40} {extra:8.1f}  target <= 30")
    print("Growth: ns per character at 1,000 / 10,000 / 100,000 characters (flat: linear)")
    for parser_name, shape, per_char in growth():
        cells = " / ".join(f"{value:7.1f}" for value in per_char)
        print(f"  {parser_name:28} {shape:20} {cells}  x{per_char[-1] / per_char[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
