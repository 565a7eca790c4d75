"""What every subcommand shares: usage errors, quoting, help texts, tables, colour, JSON."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager

from ..errors import AddressError, HostsSyntaxError, LoopbackError, render

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Callable, TextIO

    Run = Callable[[argparse.Namespace, TextIO], int]

__all__ = [
    "HelpFormatter",
    "UsageError",
    "arguments",
    "command",
    "complain",
    "exit_statuses",
    "first_line",
    "json_option",
    "paint",
    "quote",
    "use_colour",
    "write_json",
    "write_line_json",
    "write_table",
]


class UsageError(Exception):
    """An argument that does not read: exit status 2, with the subcommand's usage."""


def quote(text: str) -> str:
    """``text`` as a message quotes it: escaped onto one line, cut to about 60 characters.

    The one helper every message of the command uses to show what the user typed.
    """
    return f"'{render(text, None)[0]}'"


@contextmanager
def arguments() -> Iterator[None]:
    """Around reading arguments: an address or name that does not read is a usage error.

    Exit status 2 with the subcommand's usage, not 1 as for a failed check.
    """
    try:
        yield
    except (AddressError, HostsSyntaxError) as error:
        raise UsageError(first_line(error)) from None


def first_line(error: BaseException) -> str:
    return str(error).splitlines()[0]


def complain(error: LoopbackError | str) -> bool:
    """Write ``error`` as one line on standard error; ``True`` (something failed)."""
    message = error if isinstance(error, str) else first_line(error)
    sys.stderr.write(f"loopback: {message}\n")
    return True


#: The exit statuses every command shares; each command adds its own 1 (and 0).
_USAGE_STATUS = "2  usage error: an unknown option, a missing or unreadable argument"


def exit_statuses(*statuses: str) -> str:
    """The ``exit status:`` section of a help text (an epilog)."""
    lines = "".join(f"  {status}\n" for status in (*statuses, _USAGE_STATUS))
    return f"exit status:\n{lines}"


def command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Run | None,
    *,
    help: str,  # noqa: A002 - argparse's word
    description: str,
    statuses: tuple[str, ...],
    parents: tuple[argparse.ArgumentParser, ...] = (),
) -> argparse.ArgumentParser:
    """Add subcommand (or action) ``name`` with its help line and exit statuses.

    ``run(args, out)`` runs it (``None`` for a command whose actions have their own).
    """
    parser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=exit_statuses(*statuses),
        formatter_class=HelpFormatter,
        parents=list(parents),
    )
    parser.set_defaults(run=run, parser=parser)
    return parser


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped as usual; the exit-status epilog printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("exit status:"):
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def json_option(parser: argparse.ArgumentParser, default: object = False) -> None:
    parser.add_argument("--json", action="store_true", default=default, help="print JSON")


def write_json(value: object, out: TextIO) -> None:
    import json  # noqa: PLC0415 - json only for --json: loopback check starts fast

    out.write(json.dumps(value, indent=2) + "\n")


_COLOURS = {"error": "31", "FAIL": "31", "warning": "33", "WARN": "33", "PASS": "32", "NOTE": "36"}


def write_line_json(value: object, out: TextIO) -> None:
    import json  # noqa: PLC0415 - json only for --json: loopback check starts fast

    out.write(json.dumps(value) + "\n")


def use_colour(out: TextIO) -> bool:
    """Colour on a terminal, never when ``NO_COLOR`` is set (https://no-color.org)."""
    isatty = getattr(out, "isatty", None)
    return not os.environ.get("NO_COLOR") and isatty is not None and bool(isatty())


def paint(word: str, colour: bool) -> str:
    code = _COLOURS.get(word) if colour else None
    return word if code is None else f"\x1b[{code}m{word}\x1b[0m"


def write_table(table: list[list[str]], out: TextIO) -> None:
    """Print rows as aligned columns (the last one ragged)."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths))
        out.write(f"{line}  {row[-1]}".rstrip() + "\n")
