"""The ``loopback`` command (``python -m loopback``).

``main(argv) -> int``: every error is one line on standard error and a documented exit
status, never a traceback. The statuses follow argparse's convention: 0 success, 1 a
check failed (or the command could not run: a file that cannot be read), 2 a usage error
(an unknown option, a missing argument, an argument that does not read: a bad port,
address or name).

The layout, so that each subcommand stays easy to extend: ``_common.py`` holds what every
subcommand shares (``UsageError``, ``quote``, ``complain``, ``command``, tables, colour,
JSON); each subcommand has its own module (``_check.py``, ``_ports.py``, ``_doctor.py``,
``_hosts.py``, ``_lint.py``, ``_free_port.py``) with an ``add_<name>`` function that
declares its parser (every option with a help line, and its exit statuses) and a
``_run_<name>(args, out)`` function that runs it. Building the parser imports only those
modules; each imports the library part it runs when it runs. ``_COMMANDS`` lists the
subcommands in the order ``loopback --help`` shows them. The JSON each command prints
is documented, with a JSON schema, in ``docs/reference/cli.md`` (a test checks every
command against it).
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import LoopbackError
from ._check import add_check
from ._common import HelpFormatter, UsageError, complain, exit_statuses
from ._doctor import add_doctor
from ._free_port import add_free_port
from ._hosts import add_hosts
from ._lint import add_lint
from ._ports import add_ports

__all__ = ["main"]


#: Every subcommand, in the order ``loopback --help`` lists them.
_COMMANDS = (add_check, add_ports, add_doctor, add_hosts, add_lint, add_free_port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopback",
        description='Everything about "this machine" on the network. '
        "Each command's --help says more.",
        epilog=exit_statuses(
            "0  success",
            "1  a check failed (each command's --help says which), or the command could",
            "   not run (one line on standard error)",
        ),
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"loopback {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _COMMANDS:
        add(commands)
    parser.set_defaults(run=None, parser=parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``loopback`` command with ``argv`` (default: ``sys.argv[1:]``)."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a host: escape it
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 0 for --help/--version and 2 on errors
        return int(exit_.code or 0)
    if args.run is None:  # no command
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args, sys.stdout))
    except UsageError as error:
        args.parser.print_usage(sys.stderr)
        sys.stderr.write(f"{args.parser.prog}: error: {error}\n")
        return 2
    except LoopbackError as error:
        return int(complain(error))
