"""The ``loopback`` command (``python -m loopback``).

``main(argv) -> int``: every error is one line on standard error and a documented exit
status, never a traceback. The statuses follow argparse's convention: 0 success, 1 a
check failed (or the command could not run: a file that cannot be read), 2 a usage error
(an unknown option, a missing argument, an argument that does not read: a bad port,
address or name).

The layout, so that each subcommand stays easy to extend: the shared helpers come first
(:class:`_UsageError`, :func:`_quote`, :func:`_complain`, :func:`_command`, tables,
colour, JSON); then one section per subcommand, each an ``_add_<name>`` function that
declares its parser (every option with a help line, and its exit statuses) and a
``_run_<name>(args, out)`` function that runs it. ``_COMMANDS`` lists the sections in the
order ``loopback --help`` shows them. The JSON each command prints is documented, with
a JSON schema, in ``docs/reference/cli.md`` (a test checks every command against it).
"""

from __future__ import annotations

import argparse
import os
import sys

# The C module's constants: socket.py costs milliseconds to import (loopback check is timed).
from _socket import AF_INET, AF_INET6, AF_UNSPEC
from contextlib import contextmanager

from . import __version__
from ._address import Address, parse_address
from ._host import read_bind_host
from ._url import parse_url_host
from .classify import (
    is_global,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    special_purpose,
)
from .errors import AddressError, HostsSyntaxError, LoopbackError, UnsafeBindError, render
from .martian import martian_verdict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Callable, TextIO

    from .hosts import Finding, HostsFile, Line

    _Run = Callable[[argparse.Namespace, TextIO], int]


__all__ = ["main"]

# Shared helpers ---------------------------------------------------------------------------


class _UsageError(Exception):
    """An argument that does not read: exit status 2, with the subcommand's usage."""


def _quote(text: str) -> str:
    """``text`` as a message quotes it: escaped onto one line, cut to about 60 characters.

    The one helper every message of the command uses to show what the user typed.
    """
    return f"'{render(text, None)[0]}'"


@contextmanager
def _arguments() -> Iterator[None]:
    """Around reading arguments: an address or name that does not read is a usage error.

    Exit status 2 with the subcommand's usage, not 1 as for a failed check.
    """
    try:
        yield
    except (AddressError, HostsSyntaxError) as error:
        raise _UsageError(_first_line(error)) from None


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0]


def _complain(error: LoopbackError | str) -> bool:
    """Write ``error`` as one line on standard error; ``True`` (something failed)."""
    message = error if isinstance(error, str) else _first_line(error)
    sys.stderr.write(f"loopback: {message}\n")
    return True


#: The exit statuses every command shares; each command adds its own 1 (and 0).
_USAGE_STATUS = "2  usage error: an unknown option, a missing or unreadable argument"


def _exit_statuses(*statuses: str) -> str:
    """The ``exit status:`` section of a help text (an epilog)."""
    lines = "".join(f"  {status}\n" for status in (*statuses, _USAGE_STATUS))
    return f"exit status:\n{lines}"


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: _Run | None,
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
        epilog=_exit_statuses(*statuses),
        formatter_class=_HelpFormatter,
        parents=list(parents),
    )
    parser.set_defaults(run=run, parser=parser)
    return parser


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped as usual; the exit-status epilog printed as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("exit status:"):
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def _json_option(parser: argparse.ArgumentParser, default: object = False) -> None:
    parser.add_argument("--json", action="store_true", default=default, help="print JSON")


def _write_json(value: object, out: TextIO) -> None:
    import json  # noqa: PLC0415 - json only for --json: loopback check starts fast

    out.write(json.dumps(value, indent=2) + "\n")


_COLOURS = {"error": "31", "FAIL": "31", "warning": "33", "WARN": "33", "PASS": "32", "NOTE": "36"}


def _write_line_json(value: object, out: TextIO) -> None:
    import json  # noqa: PLC0415 - json only for --json: loopback check starts fast

    out.write(json.dumps(value) + "\n")


def _colour(out: TextIO) -> bool:
    """Colour on a terminal, never when ``NO_COLOR`` is set (https://no-color.org)."""
    isatty = getattr(out, "isatty", None)
    return not os.environ.get("NO_COLOR") and isatty is not None and bool(isatty())


def _paint(word: str, colour: bool) -> str:
    code = _COLOURS.get(word) if colour else None
    return word if code is None else f"\x1b[{code}m{word}\x1b[0m"


def _table(table: list[list[str]], out: TextIO) -> None:
    """Print rows as aligned columns (the last one ragged)."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths))
        out.write(f"{line}  {row[-1]}".rstrip() + "\n")


# loopback check -----------------------------------------------------------------------------


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = _command(
        commands,
        "check",
        _run_check,
        help="classify hosts and addresses: loopback, unspecified, localhost name, or not local",
        description="One row per HOST: the address it reads as (strict text; with --lenient "
        "also as inet_aton and browsers read it), whether it is loopback or a wildcard, its "
        "IANA special-purpose block, whether it is global, and why it is martian as a packet's "
        "source. Never uses DNS.",
        statuses=(
            "0  each HOST is an address, a name or a wildcard, or reaches this machine",
            "1  a HOST is none of these, and no reader of it reaches this machine",
        ),
    )
    check.add_argument(
        "hosts", nargs="+", metavar="HOST", help="an address, a host name, or a bind host"
    )
    check.add_argument(
        "--lenient",
        action="store_true",
        help="read the inet_aton forms (127.1, 0x7f.1) and URL hosts as browsers do",
    )
    _json_option(check)


def _reading(host: str, lenient: bool) -> tuple[Address | None, str, str | None]:
    """What ``host`` reads as: the address (or ``None``), how it was read, and a note.

    Strict address text first; anything else as a bind host (``read_bind_host``, the
    reader every part of the package uses), and with ``--lenient`` as a URL host too.
    """
    try:
        return parse_address(host), "address", None
    except AddressError as error:
        strict_error = error
    bind = read_bind_host(host, lenient=lenient)
    if bind.kind == "name" or is_localhost_name(bind.host):
        return None, "name", None
    if bind.kind == "wildcard" and bind.host in ("", "*"):
        return None, "bind wildcard", "as a bind host: all interfaces"
    if bind.kind != "invalid":
        read_as = "bracketed address" if bind.host != host else "inet_aton form"
        return parse_address(bind.host, lenient=lenient), read_as, None
    try:
        url_host = parse_url_host(host)
    except AddressError:
        url_host = None
    if not isinstance(url_host, Address):
        return None, "invalid", bind.reason
    if lenient:
        return url_host, "URL host", None
    return None, "invalid", f"{strict_error.reason}; --lenient reads {url_host}"


def _row(host: str, lenient: bool) -> dict[str, object]:
    """One host's answers, as ``check --json`` prints them."""
    address, read_as, note = _reading(host, lenient)
    row: dict[str, object] = {"host": host, "address": None, "read_as": read_as}
    if address is None:
        local = is_localhost_name(host) if read_as == "name" else is_loopback_host(host)
        if read_as == "invalid" and local:
            note = f"{note}; some readers of it reach this machine"
        row.update(loopback=local, wildcard=read_as == "bind wildcard", special_purpose=None,
                   is_global=None, martian_source=None)  # fmt: skip
    else:
        special = special_purpose(address)
        verdict = martian_verdict(address, role="source")
        row.update(
            address=str(address),
            loopback=is_loopback(address),
            wildcard=is_unspecified(address),
            special_purpose=None if special is None else special.name,
            is_global=is_global(address),
            martian_source=verdict.reason if verdict.martian else None,
        )
    row["note"] = note
    return row


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_CHECK_COLUMNS = (
    ("HOST", "host"), ("ADDRESS", "address"), ("READ AS", "read_as"), ("LOOPBACK", "loopback"),
    ("WILDCARD", "wildcard"), ("SPECIAL-PURPOSE", "special_purpose"), ("GLOBAL", "is_global"),
    ("MARTIAN SOURCE", "martian_source"),
)  # fmt: skip


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    """One row per host; exit status 1 when a host is invalid and reaches nothing local."""
    rows = [_row(host, args.lenient) for host in args.hosts]
    if args.json:
        _write_json(rows, out)
    else:
        table = [[title for title, _ in _CHECK_COLUMNS]]
        for row in rows:
            cells = [_cell(row[key]) for _, key in _CHECK_COLUMNS]
            cells[0] = _quote(str(row["host"]))
            table.append(cells)
        _table(table, out)
        out.writelines(
            f"{_quote(str(row['host']))}: {row['note']}\n" for row in rows if row["note"]
        )
    invalid = any(row["read_as"] == "invalid" and not row["loopback"] for row in rows)
    return 1 if invalid else 0


# loopback ports -----------------------------------------------------------------------------

#: The tools ``ports --from`` reads (``loopback.doctor.TOOLS``, named here so that building
#: the parser imports nothing; a test checks they agree).
_TOOLS = (
    "ss", "lsof", "netstat-macos", "netstat-windows", "netstat-linux", "get-nettcpconnection"
)  # fmt: skip


def _add_ports(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ports = _command(
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
    _json_option(ports)
    ports.add_argument(
        "--from", dest="source", metavar="FILE", help="read saved tool output ('-': stdin)"
    )
    ports.add_argument(
        "--tool",
        metavar="TOOL",
        help=f"the tool that printed FILE: {', '.join(_TOOLS)} (default: recognised)",
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
        raise LoopbackError(f"cannot read {_quote(source)}: {reason}") from None


def _run_ports(args: argparse.Namespace, out: TextIO) -> int:
    from .doctor import guess_tool, listening_sockets, read_listeners  # noqa: PLC0415 - when asked

    if args.tool is not None and args.tool not in _TOOLS:
        raise _UsageError(f"unknown tool {_quote(args.tool)} (one of: {', '.join(_TOOLS)})")
    if args.source is None:
        if args.tool is not None:
            raise _UsageError("--tool needs --from FILE")
        notes: list[str] = []
        sockets = listening_sockets(notes=notes)
        for note in notes:  # on standard error: the table or JSON stays clean
            sys.stderr.write(f"loopback ports: note: {note}\n")
    else:
        data = _read_source(args.source)
        sockets = read_listeners(data, args.tool or guess_tool(data))
    if args.json:
        rows = [
            {"protocol": s.protocol, "address": str(s.address), "port": s.port,
             "exposure": s.exposure, "process": s.process, "name": s.name, "pid": s.pid}
            for s in sockets
        ]  # fmt: skip
        _write_json(rows, out)
        return 0
    table = [["PROTO", "ADDRESS", "PORT", "EXPOSURE", "PROCESS"]]
    table += [
        [s.protocol, str(s.address), str(s.port), s.exposure.replace("_", " "), s.process or "-"]
        for s in sockets
    ]
    _table(table, out)
    return 0


# loopback doctor ----------------------------------------------------------------------------

#: The clients ``doctor --client`` knows (``loopback.doctor.CLIENTS``; a test checks).
_CLIENTS = ("node", "browser", "curl", "python", "wget")


def _add_doctor(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = _command(
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
    _json_option(doctor)
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
    from .doctor import diagnose, health, read_target  # noqa: PLC0415 - /proc reading only when asked

    if args.client is not None and args.client not in _CLIENTS:
        raise _UsageError(f"unknown client {_quote(args.client)} (one of: {', '.join(_CLIENTS)})")
    if args.target is None:
        checks = health(hosts_file=args.hosts_file)
    else:
        try:
            host, port = read_target(args.target)
        except LoopbackError as error:
            raise _UsageError(_first_line(error)) from None
        checks = diagnose(
            port, host=host, hosts_file=args.hosts_file, timeout=args.timeout, client=args.client
        )
    if args.json:
        rows = [
            {"status": c.status, "title": c.title, "detail": c.detail, "fix": c.fix} for c in checks
        ]
        _write_json(rows, out)
    else:
        colour = _colour(out)
        for check in checks:
            status = _paint(f"{check.status.upper():4}", colour)
            out.write(f"{status}  {check.title}: {check.detail}\n")
            if check.fix:
                out.write(f"      fix: {check.fix}\n")
    return 1 if any(c.status == "fail" for c in checks) else 0


# loopback hosts -----------------------------------------------------------------------------


def _hosts_options(suppress: bool, *, json: bool = True) -> argparse.ArgumentParser:
    """``--file`` (and ``--json``), taken before the action or after it.

    The action's copies default to "not given" (``SUPPRESS``), so that an option given
    before the action is not reset by the action's parser.
    """
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--file",
        metavar="PATH",
        default=argparse.SUPPRESS if suppress else None,
        help="the hosts file (default: this system's)",
    )
    if json:
        _json_option(options, argparse.SUPPRESS if suppress else False)
    return options


def _add_hosts(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hosts = _command(
        commands,
        "hosts",
        None,
        help="read, check and edit the hosts file as glibc reads it",
        description="Show, look up, lint and edit a hosts file (default: this system's). "
        "Edits print a unified diff and save atomically with a backup; --dry-run saves "
        "nothing. --file and --json go before or after the action.",
        statuses=_HOSTS_STATUSES,
        parents=(_hosts_options(suppress=False),),
    )
    actions = hosts.add_subparsers(dest="action", metavar="ACTION", required=True)
    readers = (_hosts_options(suppress=True),)
    editors = (_hosts_options(suppress=True, json=False),)

    def action(name: str, run: _Run, help: str, *statuses: str) -> argparse.ArgumentParser:  # noqa: A002
        return _command(
            actions, name, run, help=help, description=help[0].upper() + help[1:] + ".",
            statuses=statuses, parents=editors if run is _run_hosts_edit else readers,
        )  # fmt: skip

    action("show", _run_hosts_show, "every line, and what glibc reads in it", "0  shown", _FAILED)
    lookup = action(
        "lookup",
        _run_hosts_lookup,
        "the addresses of NAME, as getaddrinfo answers",
        "0  NAME has an address",
        "1  it has none (or the file cannot be read)",
    )
    lookup.add_argument("name", metavar="NAME", help="the host name to look up")
    lookup.add_argument(
        "--family", choices=["any", "4", "6"], default="any", help="address family (default: any)"
    )
    lookup.add_argument(
        "--multi",
        choices=["on", "off"],
        help="glibc's multi option (default: as RESOLV_MULTI and host.conf say)",
    )
    reverse = action(
        "reverse",
        _run_hosts_reverse,
        "the names of ADDRESS, as gethostbyaddr answers",
        "0  a line has ADDRESS",
        "1  none has (or the file cannot be read)",
    )
    reverse.add_argument("address", metavar="ADDRESS", help="the address (strict text)")
    action(
        "lint",
        _run_hosts_lint,
        "problems in the file",
        "0  no errors (warnings and notes are printed)",
        "1  an error (or the file cannot be read)",
    )
    add = action(
        "add", _run_hosts_edit, "add an entry at the end, in the file's style", *_EDIT_STATUSES
    )
    add.add_argument("address", metavar="ADDRESS", help="the entry's address (strict text)")
    add.add_argument("names", nargs="+", metavar="NAME", help="a host name of the entry")
    add.add_argument("--comment", help="a comment to put at the end of the line")
    _dry_run_option(add)
    remove = action(
        "remove",
        _run_hosts_edit,
        "remove NAME from every entry, or every entry of ADDRESS",
        "0  saved (or, with --dry-run, shown)",
        "1  nothing to remove (nothing written), or the file cannot be read or written",
    )
    remove.add_argument(
        "name", metavar="NAME|ADDRESS", help="a host name, or an address (strict text)"
    )
    _dry_run_option(remove)
    action(
        "backups",
        _run_hosts_backups,
        "the backups that saves kept, oldest first",
        "0  listed (maybe none)",
        "1  the directory cannot be read",
    )
    restore = action(
        "restore",
        _run_hosts_edit,
        "put a backup back (the newest, or BACKUP)",
        "0  saved (or, with --dry-run, shown)",
        "1  no backup, or a file cannot be read or written",
    )
    restore.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="a backup's path (default: the newest)"
    )
    _dry_run_option(restore)
    block = action(
        "block",
        _run_hosts_edit,
        "a managed block: list, add, remove, enable or disable it",
        "0  done (or, with --dry-run, shown)",
        "1  no such block or entry, or the file cannot be read or written",
    )
    block.add_argument("owner", metavar="BLOCK", help="the block's name (A-Z a-z 0-9 . _ -)")
    block.add_argument(
        "verb", choices=["list", "add", "remove", "enable", "disable"], help="what to do"
    )
    block.add_argument(
        "words",
        nargs="*",
        metavar="ARG",
        help="add: ADDRESS NAME...; remove: a NAME or an ADDRESS (none: the whole block)",
    )
    _dry_run_option(block)


_FAILED = "1  the file cannot be read"
_HOSTS_STATUSES = ("0  done", "1  the action found nothing, found an error, or could not run")
_EDIT_STATUSES = ("0  saved (or, with --dry-run, shown)", "1  the file cannot be read or written")


def _dry_run_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print the diff, save nothing")


_FAMILIES = {"any": AF_UNSPEC, "4": AF_INET, "6": AF_INET6}


def _load_hosts(args: argparse.Namespace) -> HostsFile:
    from .hosts import HostsFile  # noqa: PLC0415 - the hosts module only when asked

    return HostsFile.load(args.file)


def _run_hosts_show(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    if args.json:
        _write_json([_line_json(line) for line in hosts.lines], out)
        return 0
    for line in hosts.lines:
        what = line.reason or " ".join(line.names)
        address = "-" if line.address is None else str(line.address)
        out.write(f"{line.number:>5}  {line.kind:<7}  {address:<24}  {what}\n")
    return 0


def _run_hosts_lookup(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    multi = None if args.multi is None else args.multi == "on"
    found = [str(a) for a in hosts.lookup(args.name, _FAMILIES[args.family], multi=multi)]
    if args.json:
        _write_line_json(found, out)
    else:
        out.write("".join(f"{a}\n" for a in found))
    if not found:
        _complain(f"no address for {_quote(args.name)} in {hosts.path}")
    return 0 if found else 1


def _run_hosts_reverse(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    with _arguments():
        names = hosts.reverse(args.address)
    if args.json:
        _write_line_json(names, out)
    else:
        out.write("".join(f"{n}\n" for n in names or []))
    if names is None:
        _complain(f"no line has the address {_quote(args.address)} in {hosts.path}")
    return 0 if names is not None else 1


def _run_hosts_backups(args: argparse.Namespace, out: TextIO) -> int:
    from .hosts import HostsFile  # noqa: PLC0415 - the hosts module only when asked

    found = HostsFile.backups(args.file)
    if args.json:
        _write_json(found, out)
    else:
        out.write("".join(f"{path}\n" for path in found))
    return 0


def _run_hosts_lint(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    findings = hosts.lint()
    if args.json:
        _write_json([_finding_json(f) for f in findings], out)
    else:
        path = hosts.path or "hosts"
        out.writelines(_finding_text(path, f, _colour(out)) for f in findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _run_hosts_edit(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    before = hosts.to_bytes()
    with _arguments():
        edited = _HOSTS_EDITS[args.action](hosts, args, out)
    if edited is None:
        return 1
    if edited:
        _diff(before, hosts.to_bytes(), hosts.path or "hosts", out)
        if not args.dry_run:
            hosts.save()
            _flush_hint(out)
    return 0


def _hosts_add(hosts: HostsFile, args: argparse.Namespace, out: TextIO) -> bool | None:
    """``hosts add``: an entry that is there already is reported, not added again."""
    if hosts.add(args.address, *args.names, comment=args.comment):
        return True
    entry = " ".join([args.address, *args.names])
    out.write(f"already in {hosts.path}: {_quote(entry)}; nothing written\n")
    return False


def _hosts_remove(hosts: HostsFile, args: argparse.Namespace, out: TextIO) -> bool | None:
    """``hosts remove``: a name, or every entry of an address (strict address text)."""
    try:
        parse_address(args.name)
    except AddressError:
        removed = hosts.remove(args.name)
    else:
        removed = hosts.remove_address(args.name)
    if removed:
        return True
    _complain(f"{_quote(args.name)} is not in {hosts.path}: nothing removed, nothing written")
    return None


def _hosts_restore(hosts: HostsFile, args: argparse.Namespace, out: TextIO) -> bool | None:
    """``hosts restore``: the newest backup, or the one given, becomes the file again."""
    before = hosts.to_bytes()
    backup = hosts.restore(args.backup)
    if hosts.to_bytes() != before:
        return True
    out.write(f"{hosts.path} already holds {backup}; nothing written\n")
    return False


def _hosts_block(hosts: HostsFile, args: argparse.Namespace, out: TextIO) -> bool | None:
    """``hosts block BLOCK VERB [ARG...]``: the verbs of a managed block."""
    block = hosts.block(args.owner)
    where = f"block {_quote(args.owner)} of {hosts.path}"
    if not block.exists and args.verb != "add":
        _complain(f"there is no {where}")
        return None
    if args.verb == "list":
        out.writelines(f"{line.text}\n" for line in block.lines)
        return False
    if args.verb in ("enable", "disable"):
        changed = block.enable() if args.verb == "enable" else block.disable()
        if not changed:
            out.write(f"the {where} is {args.verb}d already; nothing written\n")
        return changed
    entries = block.entries
    if args.verb == "add":
        if len(args.words) < 2:
            raise _UsageError("block add needs an ADDRESS and at least one NAME")
        address, *names = args.words
        new = (str(parse_address(address)), *names)
        lower = {name.lower() for name in names}  # names compare ASCII case-insensitively
        if any(e[0] == new[0] and lower <= {n.lower() for n in e[1:]} for e in entries):
            out.write(f"already in the {where}: {_quote(' '.join(args.words))}; nothing written\n")
            return False
        block.replace([*entries, new])
        return True
    if not args.words:
        return block.remove()
    kept = _without_entry(entries, args.words[0])
    if kept == entries:
        _complain(f"{_quote(args.words[0])} is not in the {where}: nothing written")
        return None
    block.replace(kept)
    return True


def _without_entry(entries: list[tuple[str, ...]], what: str) -> list[tuple[str, ...]]:
    """``entries`` without the address ``what`` (strict text), or without the name ``what``."""
    try:
        address = str(parse_address(what))
    except AddressError:
        lower = what.lower()
        trimmed = [(e[0], *(n for n in e[1:] if n.lower() != lower)) for e in entries]
        return [e for e in trimmed if len(e) > 1]
    return [e for e in entries if e[0] != address]


#: Each edit changes the file and answers True, or answers False (nothing to write:
#: status 0) or None (nothing done, said on standard error: status 1).
_HOSTS_EDITS = {
    "add": _hosts_add,
    "remove": _hosts_remove,
    "restore": _hosts_restore,
    "block": _hosts_block,
}

#: After a save, the command that makes this OS's resolver forget the old file (we do not
#: run it): macOS's mDNSResponder and Windows' DNS Client cache hosts-file answers.
_FLUSH_COMMANDS = {
    "darwin": "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder",
    "win32": "ipconfig /flushdns",
}


def _flush_hint(out: TextIO) -> None:
    command = _FLUSH_COMMANDS.get(sys.platform)
    if command is not None:
        out.write(f"saved; to make lookups see it now, flush the resolver cache: {command}\n")


def _finding_text(path: str, finding: Finding, colour: bool = False) -> str:
    """``path:line:column: severity: message (fix: ...)``, as compilers print them."""
    where = "".join(f"{n}:" for n in (finding.line, finding.column) if n)
    fix = f" (fix: {finding.fix})" if finding.fix else ""
    severity = _paint(finding.severity, colour)
    return f"{path}:{where} {severity}: {finding.message}{fix}\n"


def _finding_json(finding: Finding) -> dict[str, object]:
    """A hosts lint finding as a JSON object."""
    names = ("line", "column", "severity", "message", "fix")
    return {name: getattr(finding, name) for name in names}


def _line_json(line: Line) -> dict[str, object]:
    """A hosts-file line as a JSON object."""
    address = None if line.address is None else str(line.address)
    return {"line": line.number, "kind": line.kind, "address": address, "names": list(line.names),
            "reason": line.reason}  # fmt: skip


def _diff(before: bytes, after: bytes, path: str, out: TextIO) -> None:
    old = before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    new = after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    import difflib  # noqa: PLC0415 - only --dry-run diffs need it

    out.writelines(difflib.unified_diff(old, new, fromfile=path, tofile=path))


# loopback lint ------------------------------------------------------------------------------


def _add_lint(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = _command(
        commands,
        "lint",
        _run_lint,
        help="find settings that expose a service beyond this machine",
        description="Read configuration files, command lines and Python source (compose "
        "files, Kubernetes manifests, Dockerfiles, Procfiles, systemd units, package.json, "
        "nginx, Caddy, HAProxy, Redis, PostgreSQL, ...) and report every bind setting that "
        "exposes a service: every interface, or an address other machines reach. A "
        "directory means every such file in it. Settings come from [tool.loopback.lint] "
        "in pyproject.toml or [lint] in .loopback.toml.",
        statuses=(
            "0  no finding at the --fail-on severity (or --exit-zero)",
            "1  a finding at that severity (default: error, a service exposed), or a",
            "   file cannot be read",
        ),
    )
    lint.add_argument(
        "paths", nargs="+", metavar="PATH", help="a configuration file, or a directory of them"
    )
    lint.add_argument(
        "--format", choices=["text", "json", "sarif"], default="text", help="output format"
    )
    lint.add_argument("--json", action="store_true", help="the same as --format json")
    lint.add_argument(
        "--all", action="store_true", help="report loopback-only settings too (as notes)"
    )
    lint.add_argument(
        "--kind", metavar="KIND", help="read each file given as this kind, whatever its name"
    )
    lint.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB",
        help="leave out files and directories matching GLOB (repeatable)",
    )  # fmt: skip
    lint.add_argument(
        "--include", action="append", default=[], metavar="GLOB",
        help="read only the files matching GLOB in directories (repeatable)",
    )  # fmt: skip
    lint.add_argument(
        "--baseline", metavar="FILE",
        help="leave out the findings of an earlier run's JSON or SARIF output",
    )  # fmt: skip
    lint.add_argument(
        "--fail-on", choices=["error", "warning", "note", "never"],
        help="the least severe finding that makes the exit status 1 (default: error)",
    )  # fmt: skip
    lint.add_argument(
        "--exit-zero", action="store_true",
        help="exit with 0 whatever is found (a file that cannot be read still fails)",
    )  # fmt: skip


def _run_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Findings of every file; exit status 1 at the --fail-on severity or on a bad file."""
    from .lint import (  # noqa: PLC0415 - the lint module only when asked
        FILE_KINDS,
        format_json,
        format_sarif,
        format_text,
        lint_path,
        severity,
    )
    from .lint._files import walk  # noqa: PLC0415
    from .lint._policy import SEVERITIES, allowed, read_baseline, read_config  # noqa: PLC0415

    if args.kind is not None and args.kind not in FILE_KINDS:
        raise _UsageError(f"unknown kind {_quote(args.kind)} (one of: {', '.join(FILE_KINDS)})")
    config = read_config()
    exclude, include = (*config.exclude, *args.exclude), (*config.include, *args.include)
    baseline_file = args.baseline or config.baseline
    baseline = read_baseline(baseline_file) if baseline_file else frozenset()
    findings, failed = [], False
    for path in args.paths:
        try:  # each file of a directory on its own: one bad file hides no other's findings
            if os.path.isdir(path):
                files = list(walk(path, exclude=exclude, include=include))
                if not files:
                    _complain(f"warning: {_quote(path)} holds no file that lint reads")
            else:
                files = [path]
        except LoopbackError as error:  # a directory that cannot be read
            files, failed = [], _complain(error)
        for file in files:
            if baseline_file and os.path.realpath(file) == os.path.realpath(baseline_file):
                continue  # the baseline itself: our own output, never a configuration
            try:
                findings += lint_path(file, kind=args.kind if file == path else None)
            except LoopbackError as error:
                failed = _complain(error)
    findings = [f for f in findings if not allowed(f, config, baseline)]
    shown = [f for f in findings if args.all or severity(f) != "note"]
    output = "json" if args.json else args.format
    if output == "json":
        out.write(format_json(shown))
    elif output == "sarif":
        out.write(format_sarif(shown))
    else:
        out.write(format_text(shown, colour=_colour(out)))
        exposed = sum(f.verdict.exposed and not f.check for f in findings)
        out.write(f"{len(findings)} bind setting(s) found, {exposed} exposing a service\n")
    threshold = SEVERITIES.index(args.fail_on or config.fail_on)  # "never": above them all
    found = any(SEVERITIES.index(severity(f)) <= threshold < 3 for f in findings)
    return 1 if failed or (found and not args.exit_zero) else 0


# loopback free-port -------------------------------------------------------------------------


def _add_free_port(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _command(
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
    from .bind import free_port  # noqa: PLC0415 - sockets and files only when asked

    try:
        port = free_port(args.host, type=args.type)
    except UnsafeBindError as error:
        raise _UsageError(f"--host {_quote(args.host)}: {error.reason.split(';')[0]}") from None
    out.write(f"{port}\n")
    return 0


# The command ------------------------------------------------------------------------------

#: Every subcommand, in the order ``loopback --help`` lists them.
_COMMANDS = (_add_check, _add_ports, _add_doctor, _add_hosts, _add_lint, _add_free_port)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopback",
        description='Everything about "this machine" on the network. '
        "Each command's --help says more.",
        epilog=_exit_statuses(
            "0  success",
            "1  a check failed (each command's --help says which), or the command could",
            "   not run (one line on standard error)",
        ),
        formatter_class=_HelpFormatter,
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
    except _UsageError as error:
        args.parser.print_usage(sys.stderr)
        sys.stderr.write(f"{args.parser.prog}: error: {error}\n")
        return 2
    except LoopbackError as error:
        return int(_complain(error))
