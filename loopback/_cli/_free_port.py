"""``loopback free-port``: a port (and loopback address) no parallel test shares."""

from __future__ import annotations

import argparse

from ..errors import UnsafeBindError
from ._common import UsageError, command, quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


__all__ = ["add_free_port"]


def add_free_port(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = command(
        commands,
        "free-port",
        _run_free_port,
        help="print a free port number for a shell script or a CI step",
        description="A port on HOST that is free now and claimed for one to two minutes: no "
        "other 'loopback free-port' or loopback.bind.free_port() call, in any process of this "
        "machine, is given it meanwhile. Bind it before then.",
        statuses=("0  a port was printed", "1  no port could be found, or HOST cannot be bound"),
    )
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument(
        "--udp",
        action="store_const",
        const="udp",
        dest="type",
        default="tcp",
        help="free for UDP (default: TCP)",
    )
    kind.add_argument(
        "--both", action="store_const", const="both", dest="type", help="free for TCP and UDP"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="a loopback address: 127.0.0.1 (the default), ::1 or another 127.x.y.z",
    )


def _run_free_port(args: argparse.Namespace, out: TextIO) -> int:
    from ..bind import free_port  # noqa: PLC0415 - sockets and files only when asked

    try:
        port = free_port(args.host, type=args.type)
    except UnsafeBindError as error:
        raise UsageError(f"--host {quote(args.host)}: {error.reason.split(';')[0]}") from None
    out.write(f"{port}\n")
    return 0
