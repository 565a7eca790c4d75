"""The ``loopback`` command (``python -m loopback``).

``main(argv) -> int``: every error is one line on stderr and a documented exit status,
never a traceback. Exit statuses: 0 done, 1 a ``check`` found an input that is not an
address or a name, a ``doctor`` check failed, ``lint`` found a setting that exposes a
service, or the command could not run (an error on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import socket
import sys
from typing import TYPE_CHECKING, TextIO

from . import __version__
from ._address import Address, parse_address
from ._url import parse_url_host
from .classify import (
    is_global,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    special_purpose,
)
from .errors import AddressError, LoopbackError
from .martian import martian_verdict

if TYPE_CHECKING:
    from .hosts import Finding, Line

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loopback",
        description='Everything about "this machine" on the network.',
    )
    parser.add_argument("--version", action="version", version=f"loopback {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="classify hosts and addresses: loopback, unspecified, localhost name, or not local",
        description="One row per HOST: the address it reads as (strict text; with --lenient "
        "also as inet_aton and browsers read it), whether it is loopback or a wildcard, its "
        "IANA special-purpose block, whether it is global, and why it is martian as a packet's "
        "source. Never uses DNS.",
    )
    check.add_argument("hosts", nargs="+", metavar="HOST")
    check.add_argument(
        "--lenient",
        action="store_true",
        help="read the inet_aton forms (127.1, 0x7f.1) and URL hosts as browsers do",
    )
    check.add_argument("--json", action="store_true", help="print JSON")
    ports = commands.add_parser(
        "ports",
        help="list listening TCP and bound UDP sockets, and who can reach them",
        description="Every listening TCP socket and bound UDP socket on this machine, with "
        "its address, port, exposure and (where readable) process. Linux only.",
    )
    ports.add_argument("--json", action="store_true", help="print JSON")
    doctor = commands.add_parser(
        "doctor",
        help="why doesn't localhost:PORT answer? (no PORT: check this machine)",
        description="With PORT (or a URL with a port), diagnose localhost:PORT: what "
        "localhost resolves to, what listens, whether each address answers (loopback only), "
        "and what to fix. Without it, check this machine's localhost, IPv6 and exposure.",
    )
    doctor.add_argument("target", nargs="?", metavar="PORT|URL")
    doctor.add_argument("--json", action="store_true", help="print JSON")
    _hosts_parser(commands)
    lint = commands.add_parser(
        "lint",
        help="find settings that expose a service beyond this machine (exit status 1 if any)",
        description="Read configuration files (docker-compose and other YAML, Kubernetes "
        "manifests, JSON, TOML, .env, redis.conf, postgresql.conf, mongod.conf, nginx) and "
        "report every bind setting that exposes a service: every interface, or an address "
        "other machines reach. A directory means every such file in it. Exit status 1 when "
        "a setting exposes a service or a file cannot be read.",
    )
    lint.add_argument("paths", nargs="+", metavar="PATH")
    lint.add_argument(
        "--format", choices=["text", "json", "sarif"], default="text", help="output format"
    )
    lint.add_argument("--json", action="store_true", help="the same as --format json")
    lint.add_argument(
        "--all", action="store_true", help="report loopback-only settings too (as notes)"
    )
    return parser


def _hosts_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hosts = commands.add_parser(
        "hosts",
        help="read, check and edit the hosts file as glibc reads it",
        description="Show, look up, lint and edit a hosts file (default: this system's). "
        "Edits print a unified diff and save atomically with a backup; --dry-run saves nothing.",
    )
    hosts.add_argument("--file", metavar="PATH", help="the hosts file (default: this system's)")
    hosts.add_argument("--json", action="store_true", help="print JSON")
    actions = hosts.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("show", help="every line, and what glibc reads in it")
    lookup = actions.add_parser("lookup", help="the addresses of NAME, as getaddrinfo answers")
    lookup.add_argument("name", metavar="NAME")
    lookup.add_argument(
        "--family", choices=["any", "4", "6"], default="any", help="address family (default: any)"
    )
    lookup.add_argument(
        "--multi",
        choices=["on", "off"],
        help="glibc's multi option (default: as RESOLV_MULTI and host.conf say)",
    )
    reverse = actions.add_parser("reverse", help="the names of ADDRESS, as gethostbyaddr answers")
    reverse.add_argument("address", metavar="ADDRESS")
    actions.add_parser("lint", help="problems in the file (exit status 1 on errors)")
    add = actions.add_parser("add", help="add an entry at the end, in the file's style")
    add.add_argument("address", metavar="ADDRESS")
    add.add_argument("names", nargs="+", metavar="NAME")
    add.add_argument("--comment", help="a comment to put at the end of the line")
    add.add_argument("--dry-run", action="store_true", help="print the diff, save nothing")
    remove = actions.add_parser("remove", help="remove NAME from every entry")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--dry-run", action="store_true", help="print the diff, save nothing")


_FAMILIES = {"any": socket.AF_UNSPEC, "4": socket.AF_INET, "6": socket.AF_INET6}


def _hosts(args: argparse.Namespace, out: TextIO) -> int:
    from .hosts import HostsFile  # noqa: PLC0415 - the hosts module only when asked

    hosts = HostsFile.load(args.file)
    action = args.action
    if action == "show":
        if args.json:
            rows = [_line_json(line) for line in hosts.lines]
            out.write(json.dumps(rows, indent=2) + "\n")
            return 0
        for line in hosts.lines:
            what = line.reason or " ".join(line.names)
            address = "-" if line.address is None else str(line.address)
            out.write(f"{line.number:>5}  {line.kind:<7}  {address:<24}  {what}\n")
        return 0
    if action == "lookup":
        multi = None if args.multi is None else args.multi == "on"
        found = [str(a) for a in hosts.lookup(args.name, _FAMILIES[args.family], multi=multi)]
        out.write(json.dumps(found) + "\n" if args.json else "".join(f"{a}\n" for a in found))
        return 0 if found else 1
    if action == "reverse":
        names = hosts.reverse(args.address)
        out.write(json.dumps(names) + "\n" if args.json else "".join(f"{n}\n" for n in names or []))
        return 0 if names is not None else 1
    if action == "lint":
        findings = hosts.lint()
        if args.json:
            out.write(json.dumps([_finding_json(f) for f in findings], indent=2) + "\n")
        else:
            path = hosts.path or "hosts"
            out.writelines(_finding_text(path, f, _colour(out)) for f in findings)
        return 1 if any(f.severity == "error" for f in findings) else 0
    before = hosts.to_bytes()
    if action == "add":
        hosts.add(args.address, *args.names, comment=args.comment)
    else:
        hosts.remove(args.name)
    _diff(before, hosts.to_bytes(), hosts.path or "hosts", out)
    if not args.dry_run:
        hosts.save()
    return 0


def _finding_text(path: str, finding: Finding, colour: bool = False) -> str:
    """``path:line:column: severity: message (fix: ...)``, as compilers print them."""
    where = "".join(f"{n}:" for n in (finding.line, finding.column) if n)
    fix = f" (fix: {finding.suggestion})" if finding.suggestion else ""
    severity = _paint(finding.severity, colour)
    return f"{path}:{where} {severity}: {finding.message}{fix}\n"


_COLOURS = {"error": "31", "FAIL": "31", "warning": "33", "WARN": "33", "PASS": "32"}


def _colour(out: TextIO) -> bool:
    """Colour on a terminal, never when ``NO_COLOR`` is set (https://no-color.org)."""
    isatty = getattr(out, "isatty", None)
    return not os.environ.get("NO_COLOR") and isatty is not None and bool(isatty())


def _paint(word: str, colour: bool) -> str:
    code = _COLOURS.get(word) if colour else None
    return word if code is None else f"\x1b[{code}m{word}\x1b[0m"


def _finding_json(finding: Finding) -> dict[str, object]:
    """A lint finding as a JSON object."""
    names = ("line", "column", "severity", "message", "suggestion")
    return {name: getattr(finding, name) for name in names}


def _line_json(line: Line) -> dict[str, object]:
    """A hosts-file line as a JSON object."""
    address = None if line.address is None else str(line.address)
    return {"line": line.number, "kind": line.kind, "address": address, "names": list(line.names),
            "reason": line.reason}  # fmt: skip


def _diff(before: bytes, after: bytes, path: str, out: TextIO) -> None:
    old = before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    new = after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    out.writelines(difflib.unified_diff(old, new, fromfile=path, tofile=path))


def _port_of(target: str) -> int:
    """The port of ``3000``, ``localhost:3000`` or ``http://localhost:3000/path``."""
    text = target.rsplit("//", 1)[-1].split("/", 1)[0]
    digits = text.rsplit(":", 1)[-1]
    if (
        not (digits.isascii() and digits.isdigit() and len(digits) < 6)
        or not 0 < int(digits) < 65536
    ):
        raise LoopbackError(f"no port in {target!r}: give a port (3000) or a URL with one")
    return int(digits)


def _ports(as_json: bool, out: TextIO) -> int:
    from .doctor import listening_sockets  # noqa: PLC0415 - /proc reading only when asked

    sockets = listening_sockets()
    if as_json:
        rows = [
            {"protocol": s.protocol, "address": str(s.address), "port": s.port,
             "exposure": s.exposure, "process": s.process}
            for s in sockets
        ]  # fmt: skip
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    table = [["PROTO", "ADDRESS", "PORT", "EXPOSURE", "PROCESS"]]
    table += [
        [s.protocol, str(s.address), str(s.port), s.exposure, s.process or "-"] for s in sockets
    ]
    _table(table, out)
    return 0


def _doctor(target: str | None, as_json: bool, out: TextIO) -> int:
    from .doctor import diagnose, health  # noqa: PLC0415 - /proc reading only when asked

    checks = health() if target is None else diagnose(_port_of(target))
    if as_json:
        rows = [
            {"status": c.status, "check": c.title, "detail": c.detail, "fix": c.fix} for c in checks
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
    else:
        colour = _colour(out)
        for check in checks:
            status = _paint(f"{check.status.upper():4}", colour)
            out.write(f"{status}  {check.title}: {check.detail}\n")
            if check.fix:
                out.write(f"      fix: {check.fix}\n")
    return 1 if any(c.status == "fail" for c in checks) else 0


_WILDCARD_SPELLINGS = ("", "*")


def _reading(host: str, lenient: bool) -> tuple[Address | None, str, str | None]:
    """What ``host`` reads as: the address (or ``None``), how it was read, and a note."""
    try:
        return parse_address(host), "address", None
    except AddressError as error:
        strict_error = error
    if host in _WILDCARD_SPELLINGS:
        return None, "bind wildcard", "as a bind host: all interfaces"
    if lenient:
        try:
            return parse_address(host, lenient=True), "inet_aton form", None
        except AddressError:
            pass
    try:
        url_host = parse_url_host(host)
    except AddressError as error:
        return None, "invalid", error.reason
    if isinstance(url_host, str):
        return None, "name", None
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


def _check(hosts: list[str], lenient: bool, as_json: bool, out: TextIO) -> int:
    """One row per host; exit status 1 when a host is invalid and reaches nothing local."""
    rows = [_row(host, lenient) for host in hosts]
    if as_json:
        out.write(json.dumps(rows, indent=2) + "\n")
    else:
        table = [[title for title, _ in _CHECK_COLUMNS]]
        for row in rows:
            cells = [_cell(row[key]) for _, key in _CHECK_COLUMNS]
            cells[0] = repr(row["host"])
            table.append(cells)
        _table(table, out)
        out.writelines(f"{row['host']!r}: {row['note']}\n" for row in rows if row["note"])
    invalid = any(row["read_as"] == "invalid" and not row["loopback"] for row in rows)
    return 1 if invalid else 0


def _table(table: list[list[str]], out: TextIO) -> None:
    """Print rows as aligned columns (the last one ragged)."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths))
        out.write(f"{line}  {row[-1]}".rstrip() + "\n")


def _lint(paths: list[str], output: str, everything: bool, out: TextIO) -> int:
    """Findings of every file; exit status 1 when one exposes or a file cannot be read."""
    from .lint import (  # noqa: PLC0415 - the lint module only when asked
        format_json,
        format_sarif,
        format_text,
        lint_path,
        severity,
    )
    from .lint._files import walk  # noqa: PLC0415

    findings, failed = [], False
    for path in paths:
        try:  # each file of a directory on its own: one bad file hides no other's findings
            files = list(walk(path)) if os.path.isdir(path) else [path]
        except LoopbackError as error:  # a directory that cannot be read
            files, failed = [], _complain(error)
        for file in files:
            try:
                findings += lint_path(file)
            except LoopbackError as error:
                failed = _complain(error)
    shown = [f for f in findings if everything or severity(f) != "note"]
    if output == "json":
        out.write(format_json(shown))
    elif output == "sarif":
        out.write(format_sarif(shown))
    else:
        out.write(format_text(shown, colour=_colour(out)))
        exposed = sum(f.verdict.exposed for f in findings)
        out.write(f"{len(findings)} bind setting(s) found, {exposed} exposing a service\n")
    return 1 if failed or any(f.verdict.exposed for f in findings) else 0


def _complain(error: LoopbackError) -> bool:
    """Write ``error`` as one line on standard error; ``True`` (something failed)."""
    sys.stderr.write(f"loopback: {str(error).splitlines()[0]}\n")
    return True


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
    try:
        if args.command == "check":
            return _check(args.hosts, args.lenient, args.json, sys.stdout)
        if args.command == "ports":
            return _ports(args.json, sys.stdout)
        if args.command == "doctor":
            return _doctor(args.target, args.json, sys.stdout)
        if args.command == "hosts":
            return _hosts(args, sys.stdout)
        if args.command == "lint":
            return _lint(args.paths, "json" if args.json else args.format, args.all, sys.stdout)
    except LoopbackError as error:
        return int(_complain(error))
    parser.print_help(sys.stderr)
    return 2
