"""Readers of the listener tables each system's tools print (pure functions on text).

One reader per tool, each written from the tool's documented and observed output:

``ss``
    iproute2 ``ss -ltnp`` (also ``-u``, ``-a``, ``-e``, the ``Netid`` column of ``-ltnup``,
    and ``state listening``, which leaves the ``State`` column out). ``Recv-Q``/``Send-Q``
    of a listener are its accept queue and backlog. New versions print ``*`` for a
    dual-stack ``::`` socket and ``[::]`` for an IPv6-only one; old versions (before
    iproute2 4.17, 2018) print ``*`` for ``0.0.0.0`` and ``:::22`` for ``::``. A process
    column a narrow terminal wrapped onto the next line belongs to the row above.
``lsof``
    ``lsof -nP -iTCP -sTCP:LISTEN`` (and ``-iUDP``), on macOS and Linux, as a table or as
    ``-F`` fields (``-F0``: NUL-ended). A socket shared by several processes (pre-fork
    servers) is one listener, owned by the first process.
``netstat-macos``
    macOS ``netstat -anv -p tcp`` (and ``-p udp``, and ``-an``): ``127.0.0.1.5432``
    addresses, ``tcp46`` for dual-stack sockets, the ``pid`` column of macOS 10.x-15
    (``(State)`` in 14, ``rxbytes`` before ``pid`` in 15) and the ``process:pid`` column
    of macOS 26 (names with spaces).
``netstat-linux``
    net-tools ``netstat -tulpnW`` on Linux: ``:::22`` for ``::``, ``PID/Program name``
    (without ``-W`` long addresses are cut short, which no reader can undo).
``netstat-windows``
    ``netstat -ano`` (and ``-b`` process lines), in any display language: a listening TCP
    row is recognised by its foreign address ``0.0.0.0:0`` or ``[::]:0``, never by the
    localized state word (``LISTENING``, ``ABHÖREN``, ``ÉCOUTE``, ``ПРОСЛУШИВАНИЕ``...).
``get-nettcpconnection``
    PowerShell ``Get-NetTCPConnection`` (read by :mod:`._powershell`) as a table,
    ``Format-List``, ``ConvertTo-Json`` or ``ConvertTo-Csv``; the cmdlet's
    "No MSFT_NetTCPConnection objects found" error is an empty table.

Every reader returns the same :class:`ListeningSocket` records as
:func:`loopback.doctor.listening_sockets`: a wildcard is ``0.0.0.0`` or ``::`` by family,
zones and interface suffixes are dropped, IPv4-mapped addresses are kept as they are.
Service and loopback host names (output saved without ``-n``) are read by the tables of
:mod:`._names`; any other name is an error that asks for numeric output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .._address import Address, parse_address
from ..errors import AddressError, ListenerFormatError
from ._names import BOUND_WORDS, guess_code_page
from ._powershell import read_get_nettcpconnection
from ._records import ListeningSocket, Published
from ._rows import Protocol, Rows, integer, read_host, read_port

__all__ = ["TOOLS", "decode", "guess_tool", "read_docker_ps", "read_listeners", "read_proc_net"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]", re.ASCII)


def decode(data: bytes) -> str:
    """Text of a saved tool output: UTF-16 (PowerShell 5.1 redirects), UTF-8, or a code page.

    Bytes that are not UTF-8 are decoded in the code page whose decoding shows a known
    word of localized Windows output (``cmd.exe`` redirects write the OEM code page),
    else as UTF-8 with replacement characters: addresses and ports are ASCII, so a word
    decoded wrongly loses nothing a reader needs.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if len(data) > 1 and data[1::2].count(0) > len(data) // 4:  # UTF-16-LE without a BOM
        return data.decode("utf-16-le", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        page = guess_code_page(data)
    return data.decode(page or "utf-8", "replace")


# ---------------------------------------------------------------- ss (iproute2)
_SS_STATES = frozenset(
    ("LISTEN", "UNCONN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
     "TIME-WAIT", "CLOSE-WAIT", "LAST-ACK", "CLOSING", "CLOSED", "UNKNOWN")
)  # fmt: skip


_SS_HEADERS = frozenset(("State", "Netid", "Recv-Q"))


def _ss_users(line: str) -> tuple[str | None, int | None]:
    """The first process of ``users:(("name",pid=1,fd=3),...)``."""
    start = line.find('users:(("')
    end = line.find('",', start + 9)
    if start < 0 or end < 0:
        return None, None
    after = line[end + 2 :]  # pid=42,fd=3)) or, before iproute2 3.12, 42,3))
    digits = after.removeprefix("pid=")
    return line[start + 9 : end], integer(digits.split(",", 1)[0].split(")", 1)[0])


def _queue(text: str) -> bool:
    return text == "-" or integer(text) is not None


def _ss_version(peer: str, old: bool) -> int | None:
    """The family a row's peer shows (``0.0.0.0:*``, ``[::]:*``), for a host name."""
    host = peer.rpartition(":")[0]
    if host == "0.0.0.0" or (old and host == "*"):
        return 4
    return 6 if host.startswith("[") or ":" in host else None


def _ss_row(tokens: list[str]) -> tuple[str | None, str | None, int] | None:
    """A row's netid and state (either may be left out), and where Recv-Q is."""
    at = next((i for i in range(3) if i + 3 < len(tokens) and _queue(tokens[i])
               and _queue(tokens[i + 1])), None)  # fmt: skip
    if at is None:
        return None
    netid = state = None
    for word in tokens[:at]:
        if word in _SS_STATES and state is None:
            state = word
        elif netid is None and state is None and word.isascii() and word.isidentifier():
            netid = word  # tcp, udp, u_str, mptcp...
        else:
            return None  # a prompt, a wrapped line
    return netid, state, at


def _ss_old(rows: Rows) -> bool:
    """Whether ``ss`` is older than iproute2 4.17 (2018), which printed ``*`` for ``0.0.0.0``.

    Old: ``*:22 *:*`` and ``:::22 :::*``; IPv4 rows have the peer ``*:*``.
    New: ``0.0.0.0:22 0.0.0.0:*``, ``[::]:22 [::]:*``, and ``*:22 *:*`` for a dual-stack
    ``::`` socket.
    """
    for _, line in rows:
        tokens = line.split()
        row = _ss_row(tokens)
        if row is None:
            continue  # a prompt, a timestamp, extended information
        local, peer = tokens[row[2] + 2], tokens[row[2] + 3]
        hosts = (local.rpartition(":")[0], peer.rpartition(":")[0])
        if "0.0.0.0" in hosts or any(host.startswith("[") for host in hosts):
            return False
        if any(":" in host for host in hosts) or ("." in hosts[0] and peer == "*:*"):
            return True  # :::22, ::1:25, or 127.0.0.1:25 *:*
    return False


def _read_ss(rows: Rows) -> list[ListeningSocket]:
    old = _ss_old(rows)
    found: list[ListeningSocket] = []
    seen = False
    last = False  # whether the row above is the last listener found
    for number, line in rows:
        tokens = line.split()
        if tokens[0] in _SS_HEADERS:
            seen = True
            continue
        if tokens[0].startswith('users:(("') and last and found[-1].name is None:
            name, pid = _ss_users(line)
            found[-1] = replace(found[-1], name=name, pid=pid)
            continue  # the process column of a row wrapped by a narrow terminal
        row = _ss_row(tokens)
        if row is None:
            continue  # a prompt, an extended-information line
        netid, state, at = row
        seen, last = True, False
        protocol = netid or ("udp" if state == "UNCONN" else "tcp")
        local, peer = tokens[at + 2], tokens[at + 3]
        if state is None and not peer.endswith(":*"):
            continue  # ss state FILTER leaves the column out: keep unconnected sockets
        if state is not None and (protocol, state) not in (("tcp", "LISTEN"), ("udp", "UNCONN")):
            continue
        host, _, port = local.rpartition(":")
        if not host or port == "*":
            continue
        version = 4 if old and host == "*" else _ss_version(peer, old)
        address = read_host(host, version, rows, number)
        name, pid = _ss_users(line)
        queued, backlog = integer(tokens[at]), integer(tokens[at + 1])
        found.append(
            ListeningSocket(
                "udp" if protocol == "udp" else "tcp",
                address,
                read_port(port, rows, number),
                name,
                pid,
                queued if protocol == "tcp" else None,
                backlog if protocol == "tcp" else None,
            )
        )
        last = True
    if not seen:
        raise rows.error(None, "no ss header or rows found (save the output of ss -ltnp)")
    return found


# ---------------------------------------------------------------- lsof
def _unescape(name: str) -> str:
    r"""Lsof prints bytes it will not show as ``\xNN`` (``Google\x20Chrome``)."""
    if "\\x" not in name:
        return name
    out, i = [], 0
    while i < len(name):
        chunk = name[i + 2 : i + 4]
        if (
            name.startswith("\\x", i)
            and len(chunk) == 2
            and all(c in "0123456789abcdefABCDEF" for c in chunk)
        ):
            out.append(chr(int(chunk, 16)))
            i += 4
        else:
            out.append(name[i])
            i += 1
    return "".join(out)


class _LsofFile:
    """One open file of ``lsof``: the columns or fields a listener is read from."""

    def __init__(self, command: str = "", pid: int | None = None) -> None:
        self.command, self.pid = command, pid
        self.version: int | None = None  # TYPE IPv4 / IPv6
        self.protocol = ""  # NODE TCP / UDP
        self.name = ""  # NAME 127.0.0.1:80, *:http, [::1]:631
        self.state: str | None = None  # (LISTEN); None: the TCP state was not asked for
        self.device = ""  # the socket's kernel address or inode

    def listener(
        self, devices: set[tuple[str, str]], rows: Rows, number: int
    ) -> ListeningSocket | None:
        """The listener this file is, once per socket; ``None`` for anything else."""
        host, _, port = self.name.rpartition(":")
        if (
            self.protocol not in ("TCP", "UDP")
            or not host
            or "->" in self.name
            or port == "*"  # an unbound UDP socket
            or (self.protocol == "TCP" and self.state not in (None, "LISTEN"))
        ):
            return None
        if self.device and (self.device, self.name) in devices:
            return None  # the same socket in another process: a pre-fork server's workers
        devices.add((self.device, self.name))
        version = self.version or (6 if host.startswith("[") else None)
        address = read_host(host, version, rows, number)
        if version == 6 and address.version == 4:  # lsof shows ::ffff:a.b.c.d as a.b.c.d
            address = Address.from_int(0xFFFF_0000_0000 | int(address), 6)
        protocol: Protocol = "tcp" if self.protocol == "TCP" else "udp"
        return ListeningSocket(
            protocol, address, read_port(port, rows, number), _unescape(self.command), self.pid
        )


def _read_lsof_fields(rows: Rows) -> list[ListeningSocket]:
    """``lsof -F`` (``-F0``): one field a line (or NUL-ended), its kind in its first letter.

    A process set (``p`` pid, ``c`` command) is followed by its files (``f`` starts one;
    ``t`` type, ``P`` protocol, ``n`` name, ``d`` device, ``TST=`` the TCP state).
    """
    found: list[ListeningSocket] = []
    devices: set[tuple[str, str]] = set()
    process = file = _LsofFile()
    line = 0

    kinds: set[str] = set()

    def close() -> None:
        if file.name and not file.protocol:
            raise rows.error(line, "no protocol field: save lsof -F pcPtnT (or -F alone)")
        record = file.listener(devices, rows, line)
        found.extend([record] if record is not None else [])

    for number, text in rows:
        for field in text.split("\0"):
            kind, value = field[:1], field[1:]
            if kind in ("p", "f") or kind in kinds:  # -F without f: a field comes again
                close()
                if kind == "p":
                    process = _LsofFile(pid=integer(value))
                file, line, kinds = _LsofFile(process.command, process.pid), number, set()
            kinds.add(kind)
            if kind == "c":
                process.command = file.command = value
            elif kind == "t":
                file.version = 4 if value == "IPv4" else 6 if value == "IPv6" else None
            elif kind == "P":
                file.protocol = value
            elif kind == "n":
                file.name, line = value, number
            elif kind == "d":
                file.device = value
            elif kind == "T" and value.startswith("ST="):
                file.state = value[3:]
    close()
    return found


def _read_lsof(rows: Rows) -> list[ListeningSocket]:
    first = next((line for _, line in rows), "")
    if first[:1] == "p" and integer(first[1:].split("\0", 1)[0]) is not None:
        return _read_lsof_fields(rows)
    found: list[ListeningSocket] = []
    devices: set[tuple[str, str]] = set()
    seen = False
    for number, line in rows:
        tokens = line.split()
        if tokens[0] == "COMMAND":
            seen = True
            continue
        node = next((i for i in range(len(tokens) - 1, 1, -1) if tokens[i] in ("TCP", "UDP")), None)
        version = 4 if "IPv4" in tokens else 6 if "IPv6" in tokens else None
        if node is None or node + 1 >= len(tokens) or version is None or integer(tokens[1]) is None:
            continue  # lsof's warnings, a file that is not a socket
        seen = True
        file = _LsofFile(tokens[0], integer(tokens[1]))
        file.version, file.protocol, file.name = version, tokens[node], tokens[node + 1]
        # -T leaves the TCP state out (None: a TCP socket without a peer is listening)
        file.state = tokens[node + 2].strip("()") if node + 2 < len(tokens) else None
        file.device = tokens[tokens.index("IPv4" if version == 4 else "IPv6") + 1]
        record = file.listener(devices, rows, number)
        found.extend([record] if record is not None else [])
    if not seen:
        raise rows.error(
            None, "no lsof header or rows found (save the output of lsof -nP -iTCP -sTCP:LISTEN)"
        )
    return found


# ---------------------------------------------------------------- netstat on macOS
def _macos_address(text: str, proto: str, rows: Rows, number: int) -> tuple[Address, str]:
    host, _, port = text.rpartition(".")
    version = 4 if proto.endswith("4") else 6
    return read_host(host, version, rows, number), port


def _macos_process(rest: list[str], header: list[str]) -> tuple[str | None, int | None]:
    if "pid" in header:
        at = header.index("pid")
        return None, integer(rest[at]) if at < len(rest) else None
    if "process:pid" in header:
        at = header.index("process:pid")
        for end in range(at, len(rest)):  # a name may have spaces: up to the first ":digits"
            head, _, pid = rest[end].rpartition(":")
            if integer(pid) is not None and (head or end > at):
                return " ".join([*rest[at:end], head]), integer(pid)
    return None, None


def _read_netstat_macos(rows: Rows) -> list[ListeningSocket]:
    found: list[ListeningSocket] = []
    header: list[str] = []
    seen = False
    for number, line in rows:
        tokens = line.split()
        if tokens[0] == "Proto":
            seen = True
            # the Internet sections' header (with "(state)", "(State)" in macOS 14), not
            # the kernel sockets'
            at = line.lower().find("(state)")
            header = line[at + 7 :].split() if at >= 0 else header
            continue
        proto = tokens[0]
        if proto[:3] not in ("tcp", "udp") or proto[3:] not in ("4", "6", "46") or len(tokens) < 5:
            continue  # "Active Internet connections", other families
        seen = True
        protocol: Protocol = "tcp" if proto.startswith("tcp") else "udp"
        if protocol == "tcp":
            if len(tokens) < 6 or tokens[5] != "LISTEN":
                continue
            rest = tokens[6:]
        else:
            if tokens[4] != "*.*":
                continue  # a connected UDP socket
            rest = tokens[5:]
        address, port = _macos_address(tokens[3], proto, rows, number)
        if port == "*":
            continue  # an unbound socket: *.*
        name, pid = _macos_process(rest, header)
        found.append(ListeningSocket(protocol, address, read_port(port, rows, number), name, pid))
    if not seen:
        raise rows.error(None, "no netstat rows found (save the output of netstat -anv -p tcp)")
    return found


# ---------------------------------------------------------------- netstat on Linux
def _linux_separator(local: str) -> bool:
    """Whether an address ends in ``:port`` (Linux) rather than ``.port`` (macOS, BSD)."""
    return local.rfind(":") > local.rfind(".")


def _read_netstat_linux(rows: Rows) -> list[ListeningSocket]:
    found: list[ListeningSocket] = []
    seen = False
    for number, line in rows:
        tokens = line.split()
        if tokens[0] == "Proto":
            seen = True
        elif tokens[0] in ("tcp", "tcp6", "udp", "udp6") and len(tokens) >= 5:
            seen = True
            protocol: Protocol = "tcp" if tokens[0].startswith("tcp") else "udp"
            listening = tokens[5:6] == ["LISTEN"] if protocol == "tcp" else tokens[4][-2:] == ":*"
            rest = tokens[6:] if protocol == "tcp" else tokens[5:]
            owner = rest[0].partition("/") if rest else ("", "", "")
            host, _, port = tokens[3].rpartition(":")
            version = 6 if tokens[0].endswith("6") else 4
            found += (
                [ListeningSocket(protocol, read_host(host, version, rows, number),
                                 read_port(port, rows, number), owner[2].rstrip(":") or None,
                                 integer(owner[0]))]
                if listening
                else []
            )  # fmt: skip
    if not seen:
        raise rows.error(None, "no netstat rows found (save the output of netstat -tulpnW)")
    return found


# ---------------------------------------------------------------- netstat on Windows
def _netstat_windows_row(tokens: list[str], rows: Rows, number: int) -> ListeningSocket | None:
    """The listener of one ``netstat -ano`` row, or ``None`` for a connection."""
    protocol: Protocol = "tcp" if tokens[0].upper().startswith("TCP") else "udp"
    pid = integer(tokens[-1]) if len(tokens) >= (5 if protocol == "tcp" else 4) else None
    state = set(tokens[3 : -1 if pid is not None else None])
    # A listener has no peer: 0.0.0.0:0 or [::]:0 (a host name and port 0 without -n);
    # UDP rows are all bound sockets (*:*).
    if protocol == "tcp" and (tokens[2].rpartition(":")[2] != "0" or state & BOUND_WORDS):
        return None
    host, _, port = tokens[1].rpartition(":")
    version = 6 if host.startswith("[") else 4
    return ListeningSocket(
        protocol, read_host(host, version, rows, number), read_port(port, rows, number), None, pid
    )


def _read_netstat_windows(rows: Rows) -> list[ListeningSocket]:
    found: list[ListeningSocket] = []
    seen = False
    last: int | None = None  # the listener a "-b" process line belongs to
    for number, line in rows:
        tokens = line.split()
        stripped = line.strip()
        if tokens[0].upper() in ("TCP", "UDP", "TCPV6", "UDPV6") and len(tokens) >= 3:
            seen = True
            row = _netstat_windows_row(tokens, rows, number)
            found += [row] if row is not None else []
            last = len(found) - 1 if row is not None else None
        elif last is not None and stripped.startswith("[") and stripped.endswith("]"):
            found[last] = replace(found[last], name=stripped[1:-1])  # netstat -b: the program
    if not seen:
        elevated = "elevation" in "".join(rows.lines).lower()  # -b without an admin prompt
        raise rows.error(
            None,
            "netstat -b needs an elevated prompt (save netstat -ano, or run as administrator)"
            if elevated
            else "no netstat rows found (save the output of netstat -ano)",
        )
    return found


_Reader = Callable[[Rows, str], list[ListeningSocket]]

#: The tools whose saved output :func:`read_listeners` reads, and the command to save it.
TOOLS: dict[str, str] = {
    "ss": "ss -ltnup",
    "lsof": "lsof -nP -iTCP -sTCP:LISTEN",
    "netstat-macos": "netstat -anv -p tcp",
    "netstat-windows": "netstat -ano",
    "netstat-linux": "netstat -tulpnW",
    "get-nettcpconnection": "Get-NetTCPConnection -State Listen | ConvertTo-Json",
}
_READERS: dict[str, _Reader] = {
    "ss": lambda rows, text: _read_ss(rows),
    "lsof": lambda rows, text: _read_lsof(rows),
    "netstat-macos": lambda rows, text: _read_netstat_macos(rows),
    "netstat-windows": lambda rows, text: _read_netstat_windows(rows),
    "netstat-linux": lambda rows, text: _read_netstat_linux(rows),
    "get-nettcpconnection": read_get_nettcpconnection,
}


def read_listeners(text: str | bytes, tool: str) -> list[ListeningSocket]:
    """The listeners in saved output of ``tool`` (one of :data:`TOOLS`), sorted.

    ``text`` may be bytes as saved (UTF-16 from PowerShell, a Windows code page).
    Listening TCP sockets and bound, unconnected UDP sockets are kept; connections are
    skipped, and so are lines that are no row (prompts, warnings, blank lines).

    >>> rows = read_listeners('''
    ... State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
    ... LISTEN 0      511        127.0.0.1:3000      0.0.0.0:*     users:(("node",pid=42,fd=20))
    ... ''', "ss")
    >>> [(str(s.address), s.port, s.process) for s in rows]
    [('127.0.0.1', 3000, 'node (42)')]

    :raises ListenerFormatError: ``tool`` is not one of :data:`TOOLS`, ``text`` is not its
        output, or a listening row's address or port cannot be read.
    """
    if not isinstance(tool, str) or tool not in _READERS:
        shown = repr(tool)[:40] if isinstance(tool, str) else type(tool).__name__
        raise ListenerFormatError(shown, f"unknown tool (one of: {', '.join(TOOLS)})")
    if isinstance(text, (bytes, bytearray)):
        text = decode(bytes(text))
    elif not isinstance(text, str):
        raise ListenerFormatError(tool, f"not text: {type(text).__name__}")
    if "\x1b" in text:  # colours of a terminal copied along (PowerShell 7 tables)
        text = _ANSI.sub("", text)
    rows = Rows(tool, text)
    found = _READERS[tool](rows, text)
    return sorted(found, key=lambda s: (s.port, s.protocol, s.address, s.pid or 0))


_PROPERTIES = frozenset(
    ("LocalAddress", "LocalPort", "RemoteAddress", "RemotePort", "State", "AppliedSetting",
     "OwningProcess", "CreationTime", "OffloadState")
)  # fmt: skip


def _tool_of(words: list[str]) -> str | None:
    """The tool a line of output is from, if it tells (headers and rows)."""
    if not words:
        return None
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in ("[", "{", "#TYPE") or first.startswith(("[{", '{"', '"LocalAddress"')):
        return "get-nettcpconnection"  # JSON, CSV
    if first.startswith(("LocalAddress", "------------", "Get-NetTCPConnection")) or (
        first in _PROPERTIES and (second == ":" or second.startswith(":"))
    ):
        return "get-nettcpconnection"  # a table, a list
    if (first, second) in (("State", "Recv-Q"), ("Netid", "State"), ("Netid", "Recv-Q"),
                           ("Recv-Q", "Send-Q")):  # fmt: skip
        return "ss"
    if (first in _SS_STATES or second in _SS_STATES) and len(words) > 4:
        return "ss"
    if first == "COMMAND" or (first[:1] == "p" and integer(first[1:].split("\0")[0]) is not None):
        return "lsof"  # a table, or -F fields
    if integer(second) is not None and ("IPv4" in words or "IPv6" in words):
        return "lsof"  # rows without their header (lsof -i | grep LISTEN)
    if first[:3] in ("tcp", "udp") and first[3:] in ("", "4", "6", "46") and len(words) > 3:
        linux = first[3:] in ("", "6") and _linux_separator(words[3])
        return "netstat-linux" if linux else "netstat-macos"
    if first in ("TCP", "UDP") and len(words) >= 3:
        return "netstat-windows"
    return None


def guess_tool(text: str | bytes) -> str:
    """Which of :data:`TOOLS` printed ``text``, from its header or rows.

    >>> guess_tool("COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME")
    'lsof'

    :raises ListenerFormatError: no tool's output is recognised, or ``text`` is not text.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode(bytes(text))
    elif not isinstance(text, str):
        raise ListenerFormatError("unknown", f"not text: {type(text).__name__}")
    for line in _ANSI.sub("", text.lstrip("\ufeff")).splitlines():
        tool = _tool_of(line.split())
        if tool is not None:
            return tool
    raise ListenerFormatError(
        "unknown", f"no listener table recognised; name the tool (one of: {', '.join(TOOLS)})"
    )


# ---------------------------------------------------------------- Linux /proc/net
def _hex_address(text: str, version: int, little: bool) -> Address:
    """The kernel's hex address: 32-bit words in host byte order."""
    raw = bytes.fromhex(text)
    if little:
        raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return Address.from_packed(raw if version == 6 else raw[:4])


def read_proc_net(
    text: str, protocol: Protocol, version: int, *, little: bool = True
) -> list[tuple[ListeningSocket, str]]:
    """Listeners in a ``/proc/net/tcp``-style table, each with its socket inode.

    ``tx_queue`` and ``rx_queue`` of a listening socket are its backlog and how many
    connections wait in its accept queue (``ss`` shows them as Send-Q and Recv-Q).
    """
    wanted = "0A" if protocol == "tcp" else "07"  # TCP_LISTEN; TCP_CLOSE: unconnected UDP
    found = []
    for row in text.splitlines()[1:]:
        fields = row.split()
        if len(fields) < 10 or fields[3] != wanted:
            continue
        host, _, port = fields[1].partition(":")
        tx, _, rx = fields[4].partition(":")
        address = _hex_address(host, version, little)
        queued, backlog = (int(rx, 16), int(tx, 16)) if protocol == "tcp" else (None, None)
        found.append(
            (ListeningSocket(protocol, address, int(port, 16), queued=queued, backlog=backlog),
             fields[9])
        )  # fmt: skip
    return found


# ---------------------------------------------------------------- docker ps
def read_docker_ps(text: str | bytes) -> list[Published]:
    """Published ports in ``docker ps --format '{{.Names}}\\t{{.Ports}}'`` output.

    ``0.0.0.0:8080->80/tcp, :::8080->80/tcp, 127.0.0.1:5432-5433->5432-5433/tcp``;
    ports a container exposes without publishing (``80/tcp``) are skipped.

    :raises ListenerFormatError: ``text`` is neither ``str`` nor ``bytes``.
    """
    if isinstance(text, (bytes, bytearray)):
        text = decode(bytes(text))
    elif not isinstance(text, str):
        raise ListenerFormatError("docker ps", f"not text: {type(text).__name__}")
    found: list[Published] = []
    for line in text.splitlines():
        name, _, ports = line.partition("\t")
        for mapping in ports.split(","):
            outside, arrow, inside = mapping.strip().partition("->")
            if not arrow:
                continue
            host, _, port_range = outside.rpartition(":")
            target_range, _, proto = inside.partition("/")
            host = host.strip("[]") or "::"
            try:
                address = parse_address(host)
            except AddressError:
                continue
            first_text, _, last_text = port_range.partition("-")
            first, target = integer(first_text), integer(target_range.partition("-")[0])
            if not first or not target:
                continue
            last = integer(last_text) or first
            found.extend(
                Published(
                    name.strip(),
                    address,
                    first + offset,
                    target + offset,
                    "udp" if proto == "udp" else "tcp",
                )
                for offset in range(min(last, 65535) - first + 1)
            )
    return found
