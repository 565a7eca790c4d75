"""Listener readers: time per row at growing sizes, against splitting the same text.

Run with ``nox -s bench`` (or ``python tests/bench/bench_doctor_readers.py``). For each
tool, a recorded output from ``tests/data/doctor/`` is repeated to 1,000, 10,000 and
100,000 lines, and two adversarial inputs too (one line of 100,000 words; 100,000 lines
that look like rows but are none). It prints the CPU time of ``read_listeners`` per line
and as a ratio of the baseline every reader pays anyway, ``line.split()`` of every line:
the ratio staying flat as the input grows is what "linear time" means here.
"""

from __future__ import annotations

import time
from pathlib import Path

from loopback.doctor import ListenerFormatError, read_listeners

DATA = Path(__file__).resolve().parent.parent / "data" / "doctor"
SAMPLES = {
    "ss": "ss-tulpn-wrapped.txt",
    "lsof": "lsof-macos.txt",
    "lsof -F": "lsof-F-macos.txt",
    "netstat-macos": "netstat-macos-tahoe.txt",
    "netstat-windows": "netstat-windows-b-fr.txt",
    "netstat-linux": "netstat-linux.txt",
    "get-nettcpconnection": "get-nettcpconnection-table.txt",
    "get-nettcpconnection list": "get-nettcpconnection-list-all.txt",
}
ADVERSARIAL = {
    "ss": ("LISTEN 0 5 " + "x " * 100_000, "LISTEN 0 5 a b\n" * 100_000),
    "netstat-macos": ("tcp4 0 0 127.0.0.1.80 *.* LISTEN " + "x " * 100_000, "tcp4 \n" * 100_000),
    "get-nettcpconnection": (
        "LocalAddress LocalPort\n------------ ---------\n" + "- " * 100_000,
        "LocalAddress LocalPort\n------------ ---------\nfe80::1   80\n" + "a\n" * 100_000,
    ),
}


def cpu(function: object, *args: object) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        try:
            function(*args)  # type: ignore[operator]
        except ListenerFormatError:
            pass
        best = min(best, time.process_time() - start)
    return best


def baseline(text: str) -> None:
    for line in text.split("\n"):
        line.split()


def main() -> None:
    print(f"{'tool':28} {'lines':>7} {'us/line':>8} {'x split':>8}")
    for label, name in SAMPLES.items():
        tool = label.split()[0]
        sample = (DATA / name).read_bytes().decode("utf-8", "replace")
        lines = sample.strip("\n").split("\n")
        for count in (1_000, 10_000, 100_000):
            text = "\n".join(lines[i % len(lines)] for i in range(count)) + "\n"
            took, base = cpu(read_listeners, text, tool), cpu(baseline, text)
            print(f"{label:28} {count:7} {took / count * 1e6:8.2f} {took / base:8.1f}")
    for tool, texts in ADVERSARIAL.items():
        for kind, text in zip(("one long line", "100,000 non-rows"), texts):
            took, base = cpu(read_listeners, text, tool), cpu(baseline, text)
            print(f"{tool + ': ' + kind:37} {took * 1e3:7.1f} ms {took / base:8.1f}")


if __name__ == "__main__":
    main()
