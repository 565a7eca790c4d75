"""``loopback hosts ACTION``: show, look up, lint and edit the hosts file."""

from __future__ import annotations

import argparse
import sys

# The C module's constants: socket.py costs milliseconds to import (loopback check is timed).
from _socket import AF_INET, AF_INET6, AF_UNSPEC

from .._address import parse_address
from ..errors import AddressError
from ._common import (
    UsageError,
    arguments,
    command,
    complain,
    json_option,
    paint,
    quote,
    use_colour,
    write_json,
    write_line_json,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from ..hosts import Block, Finding, HostsFile, Line
    from ._common import Run

__all__ = ["add_hosts"]


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
        json_option(options, argparse.SUPPRESS if suppress else False)
    return options


def add_hosts(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hosts = command(
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

    def action(
        name: str,
        run: Run,
        help: str,  # noqa: A002
        *statuses: str,
        json: bool | None = None,
    ) -> argparse.ArgumentParser:
        shows = run is not _run_hosts_edit if json is None else json
        return command(
            actions, name, run, help=help, description=help[0].upper() + help[1:] + ".",
            statuses=statuses, parents=readers if shows else editors,
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
        "a managed block: list, add, remove, enable or disable it (--json: list only)",
        "0  done (or, with --dry-run, shown)",
        "1  no such block or entry, or the file cannot be read or written",
        json=True,
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
    from ..hosts import HostsFile  # noqa: PLC0415 - the hosts module only when asked

    return HostsFile.load(args.file)


def _run_hosts_show(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    if args.json:
        write_json([_line_json(line) for line in hosts.lines], out)
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
        write_line_json(found, out)
    else:
        out.write("".join(f"{a}\n" for a in found))
    if not found:
        complain(f"no address for {quote(args.name)} in {hosts.path}")
    return 0 if found else 1


def _run_hosts_reverse(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    with arguments():
        names = hosts.reverse(args.address)
    if args.json:
        write_line_json(names, out)
    else:
        out.write("".join(f"{n}\n" for n in names or []))
    if names is None:
        complain(f"no line has the address {quote(args.address)} in {hosts.path}")
    return 0 if names is not None else 1


def _run_hosts_backups(args: argparse.Namespace, out: TextIO) -> int:
    from ..hosts import HostsFile  # noqa: PLC0415 - the hosts module only when asked

    found = HostsFile.backups(args.file)
    if args.json:
        write_json(found, out)
    else:
        out.write("".join(f"{path}\n" for path in found))
    return 0


def _run_hosts_lint(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    findings = hosts.lint()
    if args.json:
        write_json([_finding_json(f) for f in findings], out)
    else:
        path = hosts.path or "hosts"
        out.writelines(_finding_text(path, f, use_colour(out)) for f in findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _run_hosts_edit(args: argparse.Namespace, out: TextIO) -> int:
    hosts = _load_hosts(args)
    before = hosts.to_bytes()
    with arguments():
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
    out.write(f"already in {hosts.path}: {quote(entry)}; nothing written\n")
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
    complain(f"{quote(args.name)} is not in {hosts.path}: nothing removed, nothing written")
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
    where = f"block {quote(args.owner)} of {hosts.path}"
    if args.json and args.verb != "list":
        raise UsageError(f"--json goes with block {quote(args.owner)} list; edits print a diff")
    if args.json:
        write_json(_block_json(block), out)
    if not block.exists and args.verb != "add":
        complain(f"there is no {where}")
        return None
    if args.verb == "list":
        if not args.json:
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
            raise UsageError("block add needs an ADDRESS and at least one NAME")
        address, *names = args.words
        new = (str(parse_address(address)), *names)
        lower = {name.lower() for name in names}  # names compare ASCII case-insensitively
        if any(e[0] == new[0] and lower <= {n.lower() for n in e[1:]} for e in entries):
            out.write(f"already in the {where}: {quote(' '.join(args.words))}; nothing written\n")
            return False
        block.replace([*entries, new])
        return True
    if not args.words:
        return block.remove()
    kept = _without_entry(entries, args.words[0])
    if kept == entries:
        complain(f"{quote(args.words[0])} is not in the {where}: nothing written")
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
    severity = paint(finding.severity, colour)
    return f"{path}:{where} {severity}: {finding.message}{fix}\n"


def _finding_json(finding: Finding) -> dict[str, object]:
    """A hosts lint finding as a JSON object."""
    names = ("line", "column", "severity", "message", "fix")
    return {name: getattr(finding, name) for name in names}


def _block_json(block: Block) -> dict[str, object]:
    """A managed block as a JSON object (``hosts block NAME list --json``)."""
    return {"block": block.owner, "exists": block.exists, "enabled": block.enabled,
            "entries": [list(entry) for entry in block.entries],
            "lines": [_line_json(line) for line in block.lines]}  # fmt: skip


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
