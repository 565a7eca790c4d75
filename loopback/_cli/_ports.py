"""``loopback ports``: the listening sockets, from this machine or from saved tool output."""

from __future__ import annotations

import argparse
import sys

from ..errors import LoopbackError
from ._common import UsageError, command, json_option, quote, write_json, write_table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


__all__ = ["add_ports"]


#: The tools ``ports --from`` reads (``loopback.doctor.TOOLS``, named here so that building
#: the parser imports nothing; a test checks they agree).
_TOOLS = (
    "ss", "lsof", "netstat-macos", "netstat-windows", "netstat-linux", "get-nettcpconnection"
)  # fmt: skip


def add_ports(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ports = command(
        commands,
        "ports",
        _run_ports,
        help="list listening TCP and bound UDP sockets, and who can reach them",
        description="Every listening TCP socket and bound UDP socket on this machine, with "
        "its address, port, exposure and (where readable) process: from /proc on Linux, lsof "
        "or netstat on macOS, netstat or Get-NetTCPConnection on Windows. With --from, the "
        "same from saved output of one of those tools (pasted from another machine).",
        statuses=(
            "0  the sockets were listed",
            "1  they cannot be read here, or FILE is no listener table",
        ),
    )
    json_option(ports)
    ports.add_argument(
        "--from", dest="source", metavar="FILE", help="read saved tool output ('-': stdin)"
    )
    ports.add_argument(
        "--tool",
        metavar="TOOL",
        help=f"the tool that printed FILE: {', '.join(_TOOLS)}, or auto (the default: "
        "recognised from its output)",
    )


def _read_source(source: str) -> bytes:
    """The bytes of ``FILE`` (``-``: standard input)."""
    if source == "-":
        stdin = sys.stdin
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    try:
        with open(source, "rb") as f:
            return f.read()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise LoopbackError(f"cannot read {quote(source)}: {reason}") from None


def _run_ports(args: argparse.Namespace, out: TextIO) -> int:
    from ..doctor import guess_tool, listening_sockets, read_listeners  # noqa: PLC0415 - when asked

    if args.tool is not None and args.tool not in (*_TOOLS, "auto"):
        raise UsageError(f"unknown tool {quote(args.tool)} (one of: {', '.join(_TOOLS)}, auto)")
    if args.source is None:
        if args.tool is not None:
            raise UsageError("--tool needs --from FILE")
        notes: list[str] = []
        sockets = listening_sockets(notes=notes)
        for note in notes:  # on standard error: the table or JSON stays clean
            sys.stderr.write(f"loopback ports: note: {note}\n")
    else:
        data = _read_source(args.source)
        tool = guess_tool(data) if args.tool in (None, "auto") else args.tool
        sockets = read_listeners(data, tool)
    if args.json:
        rows = [
            {"protocol": s.protocol, "address": str(s.address), "port": s.port,
             "exposure": s.exposure, "process": s.process, "name": s.name, "pid": s.pid}
            for s in sockets
        ]  # fmt: skip
        write_json(rows, out)
        return 0
    table = [["PROTO", "ADDRESS", "PORT", "EXPOSURE", "PROCESS"]]
    table += [
        [s.protocol, str(s.address), str(s.port), s.exposure.replace("_", " "), s.process or "-"]
        for s in sockets
    ]
    write_table(table, out)
    return 0
