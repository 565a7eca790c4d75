"""The reader of PowerShell's ``Get-NetTCPConnection`` output, in each form users save it.

As a table (column names are property names, never localized; ``Select-Object`` columns
such as a process name too, ``-Wrap`` continuation rows), as ``Format-List`` (``*``: every
property, ``State`` first), as ``ConvertTo-Json`` (``State`` as ``2`` or ``"Listen"``; one
object or an array), or as ``ConvertTo-Csv`` (``,`` or the ``;`` of ``-UseCulture``).
"""

from __future__ import annotations

import csv
import json

from ..errors import ListenerFormatError
from ._records import ListeningSocket
from ._rows import Rows, integer, read_host, read_port, shown

__all__ = ["read_get_nettcpconnection"]

_LISTEN_STATES = ("2", "listen")
#: Columns users add with Select-Object for the process (OwningProcess is its pid).
_NAME_KEYS = ("owningprocessname", "processname", "process", "name", "program", "image")


def _record(values: dict[str, str], rows: Rows, number: int) -> ListeningSocket | None:
    """One connection from its property values (keys lower-cased); ``None``: not a listener."""
    state = values.get("state", "").strip().lower()
    if state and state not in _LISTEN_STATES:
        return None
    if not state and values.get("remoteport", "0").strip() not in ("0", ""):
        return None
    if "localaddress" not in values or "localport" not in values:
        raise rows.error(number, "a connection without LocalAddress and LocalPort")
    address = values["localaddress"].strip()
    if address.endswith(("...", "\u2026")):
        raise rows.error(
            number,
            f"the address {shown(address)} is cut short: save ConvertTo-Json or "
            "Format-Table -AutoSize output",
        )
    name = next((values[key] for key in _NAME_KEYS if values.get(key, "").strip()), None)
    return ListeningSocket(
        "tcp",
        read_host(address, None, rows, number),
        read_port(values["localport"].strip(), rows, number),
        name.strip() if name else None,
        integer(values.get("owningprocess", "").strip()),
    )


def _read_json(rows: Rows, text: str) -> list[ListeningSocket]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as error:
        raise rows.error(None, f"not JSON: {error}") from None
    items = data if isinstance(data, list) else [data]
    found = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise rows.error(None, f"item {index} is not an object")
        values = {
            str(key).lower(): str(value)
            for key, value in item.items()
            if isinstance(value, (str, int)) and not isinstance(value, bool)
        }
        record = _record(values, rows, index)
        if record is not None:
            found.append(record)
    return found


def _read_csv(rows: Rows) -> list[ListeningSocket]:
    """``ConvertTo-Csv`` / ``Export-Csv``: a ``#TYPE`` line (Windows PowerShell), a header.

    Values are quoted or not (PowerShell 7's ``-UseQuotes``); ``-UseCulture`` separates
    them by the list separator of the display language (``;`` in much of Europe).
    """
    lines = [(n, line) for n, line in rows if not line.startswith("#TYPE")]
    if not lines:
        raise rows.error(None, "a CSV type line without a header")
    first = lines[0][1]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    found: list[ListeningSocket] = []
    header: list[str] = []
    for number, line in lines:
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except csv.Error as error:  # a huge field; a NUL before Python 3.11
            raise rows.error(number, f"not CSV: {error}") from None
        if not header:
            header = [name.strip().lower() for name in cells]
            continue
        record = _record(dict(zip(header, cells)), rows, number)
        if record is not None:
            found.append(record)
    return found


def _columns(header: str, dashes: str) -> list[tuple[str, int, int]]:
    """A table's columns (lower-cased name, start, end) from the dashes under its header."""
    starts = [i for i, c in enumerate(dashes) if c == "-" and (i == 0 or dashes[i - 1] == " ")]
    ends = [*starts[1:], 1 << 30]
    return [(header[s:e].strip().lower(), s, e) for s, e in zip(starts, ends)]


def read_get_nettcpconnection(rows: Rows, text: str) -> list[ListeningSocket]:
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith(("[", "{")):
        return _read_json(rows, text)
    if start.startswith(("#TYPE", '"')) or start.lower().startswith(
        ("localaddress,", "localaddress;")
    ):
        return _read_csv(rows)
    try:
        return _read_table_or_list(rows, text)
    except ListenerFormatError:
        if "CmdletizationQuery_NotFound" in text:  # "No MSFT_NetTCPConnection objects
            return []  # found", in any language: its lines are no table
        raise


def _read_table_or_list(rows: Rows, text: str) -> list[ListeningSocket]:
    """``Format-Table`` (the default view, ``Select-Object``) or ``Format-List`` output."""
    found: list[ListeningSocket] = []
    columns: list[tuple[str, int, int]] = []
    header: tuple[int, str] | None = None
    block: dict[str, str] = {}
    block_line = 0
    listed = False

    wrapped: dict[str, list[str]] = {}  # Format-Table -Wrap: the rest of a row's values

    def close() -> None:
        for name, parts in wrapped.items():
            block[name] = ("" if name == "localaddress" else " ").join([block[name], *parts])
        record = _record(block, rows, block_line) if block else None
        found.extend([record] if record is not None else [])
        block.clear()
        wrapped.clear()

    for number, line in enumerate(rows.lines, 1):
        stripped = line.strip()
        if not stripped:
            close()  # Format-List: a blank line ends an object
            continue
        if stripped.startswith(("+ ", "At line:", "Get-NetTCPConnection :", "PS ", "```")):
            continue  # PowerShell's error record (nothing found), a prompt, a Markdown fence
        if set(stripped) <= {"-", " "}:  # the dashes under a table's header
            columns = _columns(header[1], line) if header is not None else columns
            continue
        if " : " in line or stripped.endswith(" :"):  # Format-List: "Name : value"
            key, _, value = line.partition(":")
            key, listed = key.strip().lower(), True
            if key in block:  # the next object without a blank line between
                close()
            if not block:
                block_line = number
            block[key] = value.strip()
            continue
        if not columns:
            header = (number, line)
            continue
        values = {name: line[s:e].strip() for name, s, e in columns}
        if values.get("localport", "x"):
            close()  # a row: kept open for the lines Format-Table -Wrap continues it on
            block.update(values)
            block_line = number
            continue
        for name, value in values.items():  # a continuation: the rest of wrapped values
            if block and value:
                wrapped.setdefault(name, []).append(value)
    close()
    if not columns and not listed:
        raise rows.error(
            None, "no table, list or JSON found (save Get-NetTCPConnection -State Listen)"
        )
    return found
