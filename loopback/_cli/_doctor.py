"""``loopback doctor [PORT|URL]``: why localhost does not answer, or this machine's health."""

from __future__ import annotations

import argparse

from ..errors import LoopbackError
from ._common import (
    UsageError,
    command,
    first_line,
    json_option,
    paint,
    quote,
    use_colour,
    write_json,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


__all__ = ["add_doctor"]


#: The clients ``doctor --client`` knows (``loopback.doctor.CLIENTS``; a test checks).
_CLIENTS = ("node", "browser", "curl", "python", "wget")


def add_doctor(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = command(
        commands,
        "doctor",
        _run_doctor,
        help="why doesn't localhost:PORT answer? (no PORT: check this machine)",
        description="With PORT, HOST:PORT or a URL (a localhost name or loopback address; "
        "a URL without a port uses its scheme's: http 80, https 443), diagnose it: what the "
        "name resolves to, what listens (TCP and UDP), how each connection attempt ends "
        "(loopback only), and what to fix, for each client and dev server. Without it, "
        "check this machine: localhost in the hosts file, IPv6, exposed services, WSL, "
        "containers and Docker.",
        statuses=("0  every check passed (or noted, or warned)", "1  a check failed"),
    )
    doctor.add_argument(
        "target",
        nargs="?",
        metavar="PORT|URL",
        help="a port (3000), HOST:PORT or a URL on this machine (http://localhost:3000/)",
    )
    json_option(doctor)
    doctor.add_argument(
        "--hosts-file", metavar="PATH", help="read localhost from this hosts file instead"
    )
    doctor.add_argument(
        "--client",
        metavar="NAME",
        help=f"focus the advice on one client: {', '.join(_CLIENTS)}",
    )
    doctor.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="connect timeout (default 1; Windows 3)"
    )


def _run_doctor(args: argparse.Namespace, out: TextIO) -> int:
    from ..doctor import diagnose, health, read_target  # noqa: PLC0415 - /proc reading only when asked

    if args.client is not None and args.client not in _CLIENTS:
        raise UsageError(f"unknown client {quote(args.client)} (one of: {', '.join(_CLIENTS)})")
    if args.target is None:
        checks = health(hosts_file=args.hosts_file)
    else:
        try:
            host, port = read_target(args.target)
        except LoopbackError as error:
            raise UsageError(first_line(error)) from None
        checks = diagnose(
            port, host=host, hosts_file=args.hosts_file, timeout=args.timeout, client=args.client
        )
    if args.json:
        rows = [
            {"status": c.status, "title": c.title, "detail": c.detail, "fix": c.fix} for c in checks
        ]
        write_json(rows, out)
    else:
        colour = use_colour(out)
        for check in checks:
            status = paint(f"{check.status.upper():4}", colour)
            out.write(f"{status}  {check.title}: {check.detail}\n")
            if check.fix:
                out.write(f"      fix: {check.fix}\n")
    return 1 if any(c.status == "fail" for c in checks) else 0
