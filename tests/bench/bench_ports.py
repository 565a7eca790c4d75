"""Port collision benchmark: 2 processes x 2,000 picks, then bind every port picked.

Run with ``nox -s bench`` (or ``python tests/bench/bench_ports.py`` with portpicker
installed). For each picker, two processes start together and each asks for 2,000 port
numbers on 127.0.0.1; then each binds all of its ports and keeps them. Twice: with one
``TMPDIR`` for both processes, and with a ``TMPDIR`` of each one's own (as two CI jobs, or
two users, have). It prints:

* duplicates: a port handed twice to one process;
* shared: a port handed to both processes;
* steals: a bind that failed because the port was taken.

Target for ``loopback.bind.free_port``: zero of each. Loopback only; nothing is sent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

PICKERS = {
    "naive bind(0) + close": "naive",
    "portpicker.pick_unused_port": "portpicker",
    "loopback.bind.free_port": "loopback",
}

WORKER = textwrap.dedent(
    """
    import json, socket, sys, time
    kind, start_at, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])

    def naive():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    if kind == "portpicker":
        import portpicker
        pick = portpicker.pick_unused_port
    elif kind == "loopback":
        from loopback.bind import free_port as pick
    else:
        pick = naive
    while time.time() < start_at:
        time.sleep(0.001)
    ports = [pick() for _ in range(count)]
    held, steals = [], 0
    for port in ports:
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
            held.append(s)
        except OSError:
            steals += 1
            s.close()
    print(json.dumps({"ports": ports, "steals": steals}))
    """
)


def run(kind: str, count: int, *, own_tmpdirs: bool) -> dict[str, int]:
    """Two processes of ``kind`` picking ``count`` ports each, released together."""
    start_at = time.time() + 1.5
    with tempfile.TemporaryDirectory() as base:
        processes = []
        for index in range(2):
            tmpdir = os.path.join(base, str(index) if own_tmpdirs else "shared")
            os.makedirs(tmpdir, exist_ok=True)
            env = {**os.environ, "TMPDIR": tmpdir}
            env.pop("LOOPBACK_PORT_CLAIMS", None)  # the machine's one claims directory
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-c", WORKER, kind, str(start_at), str(count)],
                    stdout=subprocess.PIPE,
                    text=True,
                    env=env,
                )
            )
        results = [json.loads(p.communicate(timeout=600)[0]) for p in processes]
    first, second = (r["ports"] for r in results)
    return {
        "duplicates": sum(len(r["ports"]) - len(set(r["ports"])) for r in results),
        "shared": len(set(first) & set(second)),
        "steals": sum(r["steals"] for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure and print, one line per picker and case."""
    count = int((argv or sys.argv[1:] or ["2000"])[0])
    print(f"2 processes x {count} picks on 127.0.0.1, then bind every port")
    print(f"  {'picker':32} {'TMPDIR':9} {'duplicates':>10} {'shared':>8} {'steals':>8}")
    for own_tmpdirs in (False, True):
        case = "own" if own_tmpdirs else "one"
        for label, kind in PICKERS.items():
            result = run(kind, count, own_tmpdirs=own_tmpdirs)
            print(
                f"  {label:32} {case:9} {result['duplicates']:>10} {result['shared']:>8} "
                f"{result['steals']:>8}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
