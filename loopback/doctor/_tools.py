"""The commands doctor runs on each system, and readers of what they print (pure functions).

:mod:`._system` runs the commands (one ``subprocess`` call each) and hands their output
here; the listener tables themselves are read by :mod:`._readers`. What is here:

* :data:`LISTENER_COMMANDS`: the tools that list listeners where the kernel's tables
  cannot be read (macOS: ``lsof -F`` and ``netstat -anv``; Windows: ``netstat -ano`` and
  PowerShell's ``Get-NetTCPConnection``), each with the reader of its output.
* ``tasklist /fo csv /nh`` (Windows): process names by pid, :func:`read_tasklist`.
* WSL, from inside: the kernel release (:func:`wsl_version`), ``wslinfo
  --networking-mode``; from both sides: ``.wslconfig`` (:func:`read_wslconfig`); from
  Windows: ``wsl.exe --list --verbose`` (:func:`read_wsl_list`), which prints UTF-16-LE
  unless ``WSL_UTF8=1`` (WSL 0.64 and newer) asks for UTF-8, and ends lines with
  ``\\r\\r\\n``.
"""

from __future__ import annotations

import csv
from dataclasses import replace

from ._readers import decode
from ._records import ListeningSocket, WslDistro

__all__ = [
    "LISTENER_COMMANDS",
    "NO_TOOL",
    "TASKLIST",
    "WSLINFO",
    "WSL_LIST",
    "WSL_LIST_ENV",
    "named",
    "read_tasklist",
    "read_wsl_list",
    "read_wslconfig",
    "wsl_version",
    "wslconfig_problem",
]

#: The commands that list listeners where the kernel's tables cannot be read, with the
#: reader of each one's output (a tool of :data:`~._readers.TOOLS`), in the order they
#: are tried; the output that shows the most listeners (with owners) wins.
LISTENER_COMMANDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "macos": (
        # every Internet socket (the reader keeps listening TCP and bound UDP), as -F
        # fields, which stay the same across lsof versions: pid, command, fd, device,
        # protocol, type, name, TCP state
        ("lsof", ("lsof", "-nP", "-i", "-FpcfdPtnT")),
        # every user's sockets with their pid, without root (names come from lsof)
        ("netstat-macos", ("netstat", "-anv", "-p", "tcp")),
    ),
    "windows": (
        ("netstat-windows", ("netstat", "-ano")),
        (
            "get-nettcpconnection",
            ("powershell", "-NoProfile", "-NonInteractive", "-Command",
             "Get-NetTCPConnection -State Listen | ConvertTo-Json"),
        ),
    ),
}  # fmt: skip
#: What :func:`~._system.listeners` says where no command of a system is known.
NO_TOOL = "no /proc/net, lsof, netstat or Get-NetTCPConnection here"
#: Windows: every process's image name and pid, as CSV without a header.
TASKLIST = ("tasklist", "/fo", "csv", "/nh")
#: Windows: the WSL distributions, their state and WSL version.
WSL_LIST = ("wsl.exe", "--list", "--verbose")
#: The environment for :data:`WSL_LIST`: UTF-8 where WSL knows the variable.
WSL_LIST_ENV = {"WSL_UTF8": "1"}
#: Inside WSL 2 (WSL 2.0 and newer): the networking mode, ``nat`` or ``mirrored``.
WSLINFO = ("wslinfo", "--networking-mode")


def named(
    system: str, found: list[ListeningSocket], names: dict[int, str]
) -> tuple[list[ListeningSocket], str | None]:
    """The listeners with process names by pid filled in, and a note on the gaps.

    macOS's ``lsof`` lists only its own user's processes without ``sudo``; Windows'
    ``tasklist`` names every process a user may see.
    """
    out = [replace(s, name=names[s.pid]) if s.pid in names and not s.name else s for s in found]
    note = None
    if system == "macos" and any(s.pid is None for s in out):
        note = "lsof shows only this user's processes without sudo"
    return out, note


def read_tasklist(text: str) -> dict[int, str]:
    """Pid -> image name, from ``tasklist /fo csv /nh``.

    >>> read_tasklist('"System Idle Process","0","Services","0","8 K"\\n"node.exe","4312",'
    ...               '"Console","1","52,112 K"\\n')
    {0: 'System Idle Process', 4312: 'node.exe'}

    Rows that are not ``"name","pid",...`` (an "INFO:" line when nothing matches) are
    left out.
    """
    names = {}
    for row in csv.reader(text.splitlines()):
        if len(row) > 1 and row[1].isascii() and row[1].isdigit() and len(row[1]) < 11:
            names[int(row[1])] = row[0]
    return names


def wsl_version(release: str) -> int | None:
    """1 or 2 when the kernel release (``/proc/sys/kernel/osrelease``) is WSL's, else ``None``.

    >>> wsl_version("5.15.153.1-microsoft-standard-WSL2"), wsl_version("4.4.0-19041-Microsoft")
    (2, 1)
    """
    lowered = release.lower()
    if "microsoft" not in lowered and "wsl" not in lowered:
        return None
    return 2 if "wsl2" in lowered or "microsoft-standard" in lowered else 1


def read_wslconfig(text: str) -> tuple[str | None, bool | None]:
    """``networkingMode`` and ``localhostForwarding`` of a ``.wslconfig``'s ``[wsl2]``.

    >>> read_wslconfig("[wsl2]\\nnetworkingMode=mirrored\\n")
    ('mirrored', None)

    Section and key names are case-insensitive, ``#`` and ``;`` start comments; a value
    ``true`` (any case) turns forwarding on, anything else off. ``None``: not set.
    """
    section = ""
    mode: str | None = None
    forwarding: bool | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].split(";", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        key, equals, value = line.partition("=")
        if not equals or section != "wsl2":
            continue
        key, value = key.strip().lower(), value.strip().strip("\"'").lower()
        if key == "networkingmode":
            mode = value
        elif key == "localhostforwarding":
            forwarding = value == "true"
    return mode, forwarding


def wslconfig_problem(data: bytes) -> str | None:
    """Why WSL ignores a ``.wslconfig`` of these bytes, and what it would have set.

    WSL reads the file as ASCII or UTF-8; one saved as UTF-16 (PowerShell 5.1's ``>`` and
    ``Out-File``, old Notepad) is ignored (MicrosoftDocs/WSL#1174), so WSL runs with the
    defaults while the file says otherwise.

    >>> wslconfig_problem("[wsl2]\\nnetworkingMode=mirrored\\n".encode("utf-16"))
    'it is saved as UTF-16, which WSL ignores: networkingMode=mirrored does not apply'
    >>> wslconfig_problem(b"[wsl2]\\nnetworkingMode=mirrored\\n") is None
    True
    """
    if not (data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data):
        return None
    mode, forwarding = read_wslconfig(decode(data))
    settings = [f"networkingMode={mode}"] if mode is not None else []
    if forwarding is not None:
        settings.append(f"localhostForwarding={str(forwarding).lower()}")
    lost = f": {' and '.join(settings)} does not apply" if settings else ""
    return f"it is saved as UTF-16, which WSL ignores{lost}"


#: The states ``wsl.exe --list --verbose`` prints in English (WSL's own names); other
#: display languages translate them, and are kept as they are, running unknown.
_STATES = {"running": True, "stopped": False, "installing": False, "converting": False,
           "uninstalling": False}  # fmt: skip


def read_wsl_list(text: str) -> tuple[WslDistro, ...]:
    """The distributions in the output of ``wsl.exe --list --verbose`` (``-l -v``).

    >>> read_wsl_list("  NAME      STATE      VERSION\\r\\r\\n* Ubuntu    Running    2\\r\\r\\n")
    (WslDistro(name='Ubuntu', state='Running', version=2, default=True, running=True),)

    A row is a name (WSL's names have no spaces), a state (a word or more: localized
    states such as ``Wird ausgeführt`` have spaces) and the WSL version, ``*`` before the
    default distribution. The header (localized too) and messages such as "Windows
    Subsystem for Linux has no installed distributions." end in no version, and are left
    out; so is anything else that is no such row.
    """
    found = []
    for line in text.splitlines():
        words = line.split()
        default = bool(words) and words[0].startswith("*")
        if default:
            words[0] = words[0][1:]
            words = [w for w in words if w]
        if len(words) < 3 or words[-1] not in ("1", "2"):
            continue
        state = " ".join(words[1:-1])
        found.append(
            WslDistro(words[0], state, int(words[-1]), default, _STATES.get(state.lower()))
        )
    return tuple(found)
