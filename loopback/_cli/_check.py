"""``loopback check HOST...``: how each host or address reads, and whether it is this machine."""

from __future__ import annotations

import argparse

from .._address import Address, parse_address
from .._host import read_bind_host
from .._url import parse_url_host
from ..classify import (
    is_global,
    is_localhost_name,
    is_loopback,
    is_loopback_host,
    is_unspecified,
    special_purpose,
)
from ..errors import AddressError
from ..martian import martian_verdict
from ._common import command, json_option, quote, write_json, write_table

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


__all__ = ["add_check"]


def add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = command(
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
    json_option(check)


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
        write_json(rows, out)
    else:
        table = [[title for title, _ in _CHECK_COLUMNS]]
        for row in rows:
            cells = [_cell(row[key]) for _, key in _CHECK_COLUMNS]
            cells[0] = quote(str(row["host"]))
            table.append(cells)
        write_table(table, out)
        out.writelines(f"{quote(str(row['host']))}: {row['note']}\n" for row in rows if row["note"])
    invalid = any(row["read_as"] == "invalid" and not row["loopback"] for row in rows)
    return 1 if invalid else 0
