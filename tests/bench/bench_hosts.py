"""Hosts-file benchmarks: loopback.hosts against python-hosts and a bare split loop.

Run with ``nox -s bench`` (or ``python tests/bench/bench_hosts.py`` with python-hosts
installed). Two shapes, generated from a fixed seed, at 10,000, 200,000 and 1,000,000
lines: a blocklist (the shape of StevenBlack/hosts: a header, a localhost block,
``0.0.0.0 <domain>`` lines, section comments) and an inventory (every line its own
address, a long name and a short one, a comment now and then); and the real 2017
StevenBlack file in ../shared/data when it is there. Times are best of N (N shrinks with
the size, to keep the run short on a shared machine) of CPU time (``time.process_time``:
other processes on a loaded machine count less); peak memory is measured with
tracemalloc in a fresh process per library, reading the file included for both. The cost
per line shows whether it stays flat from 10k to 1M lines. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from loopback.hosts import HostsFile

HERE = Path(__file__).resolve()
#: ../shared/data beside the repository, or beside the directory of its worktrees.
SHARED_BLOCKLIST = next(
    (
        parent / "shared" / "data" / "stevenblack-hosts-2017.txt"
        for parent in list(HERE.parents)[2:5]  # Python 3.9's parents takes no slice
        if (parent / "shared" / "data").is_dir()
    ),
    HERE.parents[3] / "shared" / "data" / "stevenblack-hosts-2017.txt",
)
HEADER = b"""# Title: a generated blocklist
# Date: fixed seed 20261201
# Number of unique domains: 200,000
#
127.0.0.1 localhost
127.0.0.1 localhost.localdomain
127.0.0.1 local
255.255.255.255 broadcasthost
::1 localhost
::1 ip6-localhost
::1 ip6-loopback
fe80::1%lo0 localhost
ff00::0 ip6-localnet
ff02::1 ip6-allnodes
0.0.0.0 0.0.0.0
# Custom host records are listed here.
# End of custom host records.
"""


def blocklist(lines: int = 200_000, seed: int = 20261201) -> bytes:
    """A blocklist-shaped hosts file with ``lines`` unique blocked domains."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789-"
    tlds = ["com", "net", "org", "io", "ru", "info", "biz", "co.uk", "de", "xyz"]
    seen: set[str] = set()
    out = [HEADER]
    while len(seen) < lines:
        if len(seen) % 5000 == 0:
            out.append(f"\n# [section {len(seen) // 5000}]\n".encode())
        label = "".join(rng.choice(letters) for _ in range(rng.randrange(4, 16))).strip("-") or "x"
        domain = f"{rng.choice(['', 'ads.', 'track.', 'cdn.'])}{label}.{rng.choice(tlds)}"
        if domain not in seen:
            seen.add(domain)
            out.append(f"0.0.0.0 {domain}\n".encode())
    return b"".join(out)


def inventory(lines: int = 200_000, seed: int = 20261201) -> bytes:
    """An inventory-shaped hosts file: ``lines`` entries, each with its own address."""
    rng = random.Random(seed)
    out = [b"# Internal inventory, generated\n127.0.0.1 localhost\n::1 localhost\n"]
    for i in range(lines):
        if i % 1000 == 0:
            out.append(b"# rack %d\n" % (i // 1000))
        address = b"10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
        if i % 10 == 9:
            address = b"fd00::%x:%x" % (i >> 16, i & 0xFFFF)  # valid at any i
        site = rng.choice([b"fra", b"ams", b"iad", b"sfo"])
        out.append(b"%s\thost-%d.%s.example.internal host-%d\n" % (address, i, site, i))
    return b"".join(out)


def best(function: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``function``."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def new_names(data: bytes, probe: str, others: list[str]) -> float:
    """CPU time of a lookup of a name not looked up before, once the index is built."""
    from loopback.hosts import HostsFile  # noqa: PLC0415 - import after the corpus is built

    hosts = HostsFile.parse(data)
    hosts.lookup(probe, multi=True)
    hosts.lookup("localhost", multi=True)  # the index is built
    start = time.process_time()
    for name in others:
        hosts.lookup(name, multi=True)
    return (time.process_time() - start) / len(others)


MEMORY = """
import sys, tracemalloc
tracemalloc.start()
if sys.argv[2] == "loopback":
    from loopback.hosts import HostsFile
else:
    from python_hosts import Hosts
imported = tracemalloc.get_traced_memory()[0]
if sys.argv[2] == "loopback":
    hosts = HostsFile.load(sys.argv[1])
    hosts.lookup("localhost", multi=True)
    hosts.lookup("no-such-name.example", multi=True)  # a second name: the index is built
else:
    hosts = Hosts(path=sys.argv[1])
print(tracemalloc.get_traced_memory()[1], imported)
"""


def peak_memory(path: str, library: str) -> tuple[int, int]:
    """Peak bytes allocated while importing, reading and parsing ``path`` (for us, index
    built), and the bytes the import alone left allocated."""
    # As installed packages run: from their compiled bytecode (pip compiles it at install).
    # Compiling the sources costs either library a transient megabyte or more.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    module = "loopback.hosts" if library == "loopback" else "python_hosts"
    subprocess.run([sys.executable, "-c", f"import {module}"], env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-c", MEMORY, path, library],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    peak, imported = map(int, result.stdout.split())
    return peak, imported


def measure(name: str, data: bytes, repeat: int) -> dict[str, float]:
    from python_hosts import Hosts  # noqa: PLC0415 - only the benchmark needs it

    from loopback.hosts import HostsFile  # noqa: PLC0415 - import after the corpus is built

    lines = data.count(b"\n")
    split = data.split(b"\n")
    probe = split[len(split) // 2].split()[-1].decode()
    # names of 1,000 lines spread over the file, each looked up once after the index
    others = [line.split()[-1].decode() for line in split[1 :: max(1, len(split) // 1000)] if line]
    del split
    with tempfile.NamedTemporaryFile(suffix=".hosts", delete=False) as f:
        f.write(data)
        path = f.name
    try:

        def bare() -> None:
            for line in data.split(b"\n"):
                line.split()

        def ours_parse_lookup() -> None:
            HostsFile.parse(data).lookup(probe, multi=True)

        def ours_parse_index() -> None:
            hosts = HostsFile.parse(data)
            hosts.lookup(probe, multi=True)  # the first name: a scan of the bytes
            hosts.lookup("localhost", multi=True)  # the second: the index is built

        parsed = HostsFile.parse(data)
        parsed.lookup(probe, multi=True)
        peer = Hosts(path=path)
        results = {
            "bare split loop": best(bare, repeat),
            "loopback parse + first lookup, per line": 0.0,
            "loopback parse + index, per line": 0.0,
            "python-hosts parse": best(lambda: Hosts(path=path), 1 if lines > 300_000 else 2),
            "loopback parse": best(lambda: HostsFile.parse(data), repeat),
            "loopback parse + first lookup": best(ours_parse_lookup, repeat),
            "loopback parse + index (2nd name)": best(ours_parse_index, repeat),
            "loopback to_bytes": best(parsed.to_bytes, repeat),
            "loopback later lookup, same name": best(
                lambda: [parsed.lookup(probe, multi=True) for _ in range(1000)], repeat
            )
            / 1000,
            "loopback later lookup, new names": new_names(data, probe, others),
            "python-hosts find": best(lambda: peer.find_all_matching(name=probe), repeat),
        }
        for library in ("loopback", "python-hosts"):
            peak, imported = peak_memory(path, library)
            results[f"{library} peak MiB"] = peak / 2**20
            results[f"{library} peak above its import MiB"] = (peak - imported) / 2**20
    finally:
        os.unlink(path)
    results["loopback parse + first lookup, per line"] = (
        results["loopback parse + first lookup"] / lines
    )
    results["loopback parse + index, per line"] = (
        results["loopback parse + index (2nd name)"] / lines
    )
    print(f"{name}: {len(data):,} bytes, {lines:,} lines, load {os.getloadavg()[0]:.1f}")
    for key, value in results.items():
        unit = (
            "MiB"
            if "MiB" in key
            else "ns"
            if "per line" in key
            else "us"
            if "later" in key
            else "ms"
        )
        scale = {"MiB": 1, "ns": 1e9, "us": 1e6, "ms": 1e3}[unit]
        print(f"  {key:40} {value * scale:10.3f} {unit}")
    ratios = {
        # Our parse only keeps the bytes and the first lookup builds the index, so the fair
        # match for python-hosts' parse is our parse with that first lookup.
        "parse + lookup: x faster than p-h": results["python-hosts parse"]
        / results["loopback parse + first lookup"],
        "parse + lookup: x the bare loop": results["loopback parse + first lookup"]
        / results["bare split loop"],
        "parse + index: x the bare loop": results["loopback parse + index (2nd name)"]
        / results["bare split loop"],
        "peak memory: x python-hosts'": results["loopback peak MiB"]
        / results["python-hosts peak MiB"],
        "peak memory above the imports: x": results["loopback peak above its import MiB"]
        / results["python-hosts peak above its import MiB"],
    }
    targets = {
        "parse + lookup: x faster than p-h": ">= 10",
        "parse + lookup: x the bare": "<= 4" if "inventory" in name else "<= 3",
        "parse + index: x the bare": "<= 4" if "inventory" in name else "<= 3",
        "peak memory": "<= 0.7",
    }
    for key, value in ratios.items():
        target = next(t for prefix, t in targets.items() if key.startswith(prefix))
        print(f"  {key:34} {value:10.2f}  target {target}")
    return results


#: Inputs that were quadratic once, or could be: (name, input of n units, the work on it).
ADVERSARIAL: list[tuple[str, Callable[[int], bytes], Callable[[HostsFile], object]]] = [
    (
        "remove from one line of n aliases",
        lambda n: b"10.0.0.1 " + b" ".join([b"a", b"B"] * (n // 2)) + b"\n",
        lambda hosts: hosts.remove("a"),
    ),
    (
        "remove from n lines",
        lambda n: b"10.0.0.1 web\n10.0.0.2 web db\n" * (n // 2),
        lambda hosts: hosts.remove("web"),
    ),
    (
        "lookup in n lines with NUL bytes",
        lambda n: b"10.0.0.1 x\x00y\n" * n + b"10.0.0.2 y\n",
        lambda hosts: (hosts.lookup("y", multi=True), hosts.lookup("x", multi=True)),
    ),
    (
        "lookup of a name inside every line's names",
        lambda n: b"".join(b"10.0.0.1 aaaa%da\n" % i for i in range(n)),
        lambda hosts: (hosts.lookup("aaaa", multi=True), hosts.lookup("a", multi=True)),
    ),
    (
        "lookup of a name in every chunk, in every line's bytes",
        lambda n: b"".join(b"10.0.0.1 x%d\n" % i if i % 100 else b"10.0.0.2 x\n" for i in range(n)),
        lambda hosts: (hosts.lookup("first", multi=True), hosts.lookup("x", multi=True)),
    ),
    (
        "lookup in one line of n names",
        lambda n: b"10.0.0.1 " + b" ".join(b"n%d" % i for i in range(n)) + b"\n",
        lambda hosts: [hosts.lookup(f"n{i}", multi=True) for i in range(100)],
    ),
    (
        "lint of one name of n non-ASCII letters",
        lambda n: b"10.0.0.1 " + b"\xc3\xa9" * n + b"\n",
        lambda hosts: hosts.lint(),
    ),
    (
        "lint of n lines, every name twice",
        lambda n: b"".join(
            b"10.0.%d.%d dup%d\n" % (i >> 8 & 255, i & 255, i % 97) for i in range(n)
        ),
        lambda hosts: hosts.lint(),
    ),
]


def adversarial(sizes: tuple[int, ...] = (8_000, 16_000, 32_000)) -> None:
    """CPU time per kilobyte of each adversarial input at growing sizes: flat is linear."""
    from loopback.hosts import HostsFile  # noqa: PLC0415 - import after the corpora

    print("adversarial inputs, CPU time per kB at " + ", ".join(f"{n:,}" for n in sizes) + " units")
    for name, make, work in ADVERSARIAL:
        costs = []
        for size in sizes:
            data = make(size)

            def run(data: bytes = data, work: Callable[[HostsFile], object] = work) -> None:
                work(HostsFile.parse(data))

            costs.append(best(run, 3) / (len(data) / 1000))
        shown = "  ".join(f"{cost * 1e6:8.2f} us" for cost in costs)
        print(f"  {name:45} {shown}   x{costs[-1] / costs[0]:.2f} from the first size")


def main(argv: list[str] | None = None) -> int:
    """Measure and print; docs/benchmarks.md records the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of N up to 200k lines (2 above)"
    )
    parser.add_argument(
        "--sizes", default="10000,200000,1000000", help="line counts, comma-separated"
    )
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, load {os.getloadavg()}")
    for size in map(int, args.sizes.split(",")):
        repeat = args.repeat if size <= 200_000 else 2
        for shape, make in (("blocklist", blocklist), ("inventory", inventory)):
            measure(f"generated {size:,}-line {shape}", make(size), repeat)
    adversarial()
    if SHARED_BLOCKLIST.exists():
        measure("StevenBlack/hosts 2017 (shared/data)", SHARED_BLOCKLIST.read_bytes(), args.repeat)
    else:
        print(f"(no {SHARED_BLOCKLIST}: the real blocklist is skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
