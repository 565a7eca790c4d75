"""The facts doctor reads from this machine: the only module of the package that does I/O.

Linux: the kernel's tables (``/proc/net/tcp``, ``tcp6``, ``udp``, ``udp6``) and
``/proc/*/fd`` for owners. macOS: ``lsof`` and ``netstat -anv``, whichever shows more
without root. Windows: ``netstat -ano`` (or PowerShell's ``Get-NetTCPConnection``) with
names from ``tasklist``. Name resolution, connection attempts (loopback addresses only),
WSL (from inside, and from Windows: ``wsl.exe --list --verbose`` and ``.wslconfig``),
containers and ``docker ps`` are read here too; every function returns plain values for
:mod:`._judge`. Which commands run, and what their output means, is decided by the pure
functions of :mod:`._tools` and :mod:`._readers`: what runs only on macOS or Windows
here is one :func:`run` per tool, so all of it is tested on every system.
"""

from __future__ import annotations

import errno
import glob
import os
import socket
import subprocess
import sys
from dataclasses import replace
from typing import Literal

from .._address import Address
from .._paths import read_or_empty as read
from ..classify import is_loopback
from ..errors import DoctorError, LoopbackError
from ._readers import decode, read_docker_ps, read_listeners, read_proc_net
from ._records import Attempt, Environment, ListeningSocket, Outcome, Published, WslDistro
from ._tools import (
    LISTENER_COMMANDS,
    NO_TOOL,
    TASKLIST,
    WSL_LIST,
    WSL_LIST_ENV,
    WSLINFO,
    named,
    read_tasklist,
    read_wsl_list,
    read_wslconfig,
    wsl_version,
    wslconfig_problem,
)

__all__ = [
    "attempt",
    "environment",
    "listeners",
    "resolve",
    "run",
    "this_system",
    "with_commands",
]

System = Literal["linux", "macos", "windows", "other"]
_PROC_TABLES: tuple[tuple[Literal["tcp", "udp"], int, str], ...] = (
    ("tcp", 4, "/proc/net/tcp"),
    ("tcp", 6, "/proc/net/tcp6"),
    ("udp", 4, "/proc/net/udp"),
    ("udp", 6, "/proc/net/udp6"),
)


_SYSTEMS: dict[str, System] = {"darwin": "macos", "win32": "windows"}


def this_system() -> System:
    """The system doctor runs on."""
    platform = sys.platform
    return "linux" if platform.startswith("linux") else _SYSTEMS.get(platform, "other")


def run(
    command: list[str], timeout: float = 10.0, env: dict[str, str] | None = None
) -> tuple[str | None, str | None]:
    """``(output, None)``, or ``(None, why)`` where the tool is missing or fails.

    The output is decoded as the tools of each system write it (:func:`._readers.decode`:
    UTF-8, UTF-16 from ``wsl.exe`` and PowerShell, a console code page); ``env`` is added
    to this process's environment.
    """
    try:
        done = subprocess.run(  # noqa: S603 - fixed commands, no shell
            command,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=None if env is None else {**os.environ, **env},
        )
    except FileNotFoundError:
        return None, f"{command[0]} is not installed"
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"{command[0]} could not run ({error})"
    if done.returncode != 0 and not done.stdout.strip():
        reason = decode(done.stderr).strip().splitlines()[:1]
        return None, f"{command[0]} failed ({reason[0] if reason else done.returncode})"
    return decode(done.stdout), None


# ------------------------------------------------------------------ listeners
def _owners() -> dict[str, tuple[str, int, str | None]]:
    """Socket inode -> (name, pid, command line), from /proc/*/fd (this user's processes)."""
    owners: dict[str, tuple[str, int, str | None]] = {}
    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            name = read(f"/proc/{pid}/comm").strip()
            command = read(f"/proc/{pid}/cmdline").replace("\0", " ").strip() or None
            for fd in fds:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    owners.setdefault(target[8:-1], (name, pid, command))
        except OSError:  # a process that ended, or that is not ours to read
            continue
    return owners


def _linux(processes: bool) -> tuple[list[ListeningSocket], str | None]:
    owners = _owners() if processes else {}
    found = []
    for protocol, version, path in _PROC_TABLES:
        text = read(path)
        for sock, inode in read_proc_net(text, protocol, version, little=sys.byteorder == "little"):
            name, pid, command = owners.get(inode, (None, None, None))
            found.append(
                ListeningSocket(
                    sock.protocol, sock.address, sock.port, name, pid, sock.queued,
                    sock.backlog, command,
                )
            )  # fmt: skip
    note = None
    if processes and any(s.pid is None for s in found):
        note = "some owners are unknown: other users' processes are readable by root only"
    return found, note


def _best(
    attempts: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[list[ListeningSocket] | None, str | None]:
    """Run each tool; keep the output that shows the most listeners (with owners).

    Process names any tool gave are filled in by pid: macOS's ``netstat -anv`` sees every
    user's sockets with their pid, ``lsof`` names the processes (its own user's only).
    """
    best: list[ListeningSocket] | None = None
    names: dict[int, str] = {}
    notes = []
    for tool, command in attempts:
        text, why = run(list(command))
        if text is None:
            notes.append(str(why))
            continue
        try:
            found = read_listeners(text, tool)
        except LoopbackError as error:
            notes.append(f"{command[0]}: {error}")
            continue
        names.update((s.pid, s.name) for s in found if s.pid is not None and s.name)
        score = (len(found), sum(s.pid is not None for s in found))
        if best is None or score > (len(best), sum(s.pid is not None for s in best)):
            best = found
    if best is not None:
        best = [
            replace(s, name=names[s.pid]) if s.name is None and s.pid in names else s for s in best
        ]
    return best, "; ".join(notes) or None


def listeners(
    system: System, *, processes: bool = True
) -> tuple[list[ListeningSocket] | None, str | None]:
    """This machine's listeners (``None`` where no tool could tell), and a note on gaps."""
    if system == "linux" and os.path.exists("/proc/net/tcp"):
        return _linux(processes)
    commands = LISTENER_COMMANDS.get(system)
    if commands is None:
        return None, NO_TOOL
    found, note = _best(commands)
    if found is None:
        return None, note
    names: dict[int, str] = {}
    if system == "windows" and processes:
        text, _ = run(list(TASKLIST))
        names = read_tasklist(text or "")
    found, gap = named(system, found, names)
    return found, "; ".join(n for n in (note, gap) if n) or None


def with_commands(found: list[ListeningSocket], port: int) -> list[ListeningSocket]:
    """The listeners, those on ``port`` with their command line from ``ps`` where missing.

    macOS's tools name a process by its executable (``node``); the command line tells
    which dev server it runs (``node .../vite``).
    """
    out = []
    for sock in found:
        command = None
        if sock.port == port and sock.pid is not None and sock.command is None:
            text, _ = run(["ps", "-o", "command=", "-p", str(sock.pid)], timeout=5)
            command = text.strip() if text else None
        out.append(replace(sock, command=command) if command else sock)
    return out


# ------------------------------------------------------------------ names and connections
def resolve(host: str, port: int) -> list[Address]:
    """What the system resolver answers for ``host``, in the order clients try it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    out: list[Address] = []
    for *_, sockaddr in infos:
        address = Address(str(sockaddr[0]).split("%", 1)[0])
        if address not in out:
            out.append(address)
    return out


_OUTCOMES: dict[int, Outcome] = {
    errno.ECONNREFUSED: "refused",
    errno.ETIMEDOUT: "timed out",
    errno.EADDRNOTAVAIL: "address not available",
    errno.EAFNOSUPPORT: "address not available",
    errno.EPROTONOSUPPORT: "address not available",
    errno.ENETUNREACH: "unreachable",
    errno.EHOSTUNREACH: "unreachable",
    errno.ENETDOWN: "unreachable",
    errno.EPERM: "blocked",
    errno.EACCES: "blocked",
}


def outcome_of(error: OSError) -> Outcome:
    """How a failed connect ended, from its errno."""
    return _OUTCOMES.get(error.errno or 0, "error")


def attempt(address: Address, port: int, timeout: float) -> Attempt:
    """One TCP connection to a loopback ``address`` (never anything else) and its outcome."""
    if not is_loopback(address):
        raise DoctorError(f"doctor connects to loopback addresses only, not {address}")
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect((str(address), port))
    except socket.timeout:
        return Attempt(address, port, "timed out", f"no answer within {timeout:g} s")
    except OSError as error:
        return Attempt(address, port, outcome_of(error), error.strerror)
    return Attempt(address, port, "accepted")


# ------------------------------------------------------------------ where this runs
def _wsl_networking() -> tuple[str | None, bool | None]:
    """Inside WSL 2: the networking mode (``wslinfo``, else ``.wslconfig``), forwarding."""
    text, _ = run(list(WSLINFO), timeout=5)
    mode = text.strip().lower() if text and text.strip() else None
    configs = glob.glob("/mnt/c/Users/*/.wslconfig")
    config_mode, forwarding = (
        read_wslconfig(read(configs[0])) if len(configs) == 1 else (None, None)
    )
    return mode or config_mode, forwarding


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:  # none there, or not readable: WSL's defaults apply
        return b""


def _wsl_from_windows() -> tuple[tuple[WslDistro, ...] | None, str | None, bool | None, str | None]:
    """On Windows: the WSL distributions and what ``%UserProfile%\\.wslconfig`` sets.

    The last value says why WSL ignores that file, if it does (its settings are then
    WSL's defaults, as WSL runs).
    """
    text, _ = run(list(WSL_LIST), timeout=10, env=WSL_LIST_ENV)
    profile = os.environ.get("USERPROFILE")
    data = _read_bytes(os.path.join(profile, ".wslconfig")) if profile else b""
    problem = wslconfig_problem(data)
    mode, forwarding = (None, None) if problem else read_wslconfig(decode(data))
    return (None if text is None else read_wsl_list(text)), mode, forwarding, problem


def container_runtime(
    cgroup: str, dockerenv: bool, containerenv: bool, env: dict[str, str]
) -> str | None:
    """Which container runtime this runs in, from ``/proc/1/cgroup`` and marker files."""
    if "KUBERNETES_SERVICE_HOST" in env or "kubepods" in cgroup:
        return "kubernetes"
    if containerenv or "libpod" in cgroup:
        return "podman"
    if dockerenv or "docker" in cgroup:
        return "docker"
    if env.get("container"):
        return env["container"]
    return None


def _published() -> tuple[Published, ...] | None:
    text, _ = run(["docker", "ps", "--format", "{{.Names}}\t{{.Ports}}"], timeout=5)
    return None if text is None else tuple(read_docker_ps(text))


def environment(system: System, *, docker: bool = True) -> Environment:
    """Where doctor runs: the system, WSL and its networking, a container, Docker's ports."""
    if system == "windows":
        distros, mode, forwarding, problem = _wsl_from_windows()
        published = _published() if docker else None
        return Environment(system, None, mode, forwarding, None, published, distros, problem)
    if system != "linux":
        return Environment(system, published=_published() if docker else None)
    wsl = wsl_version(read("/proc/sys/kernel/osrelease"))
    mode, forwarding = _wsl_networking() if wsl == 2 else (None, None)
    runtime = container_runtime(
        read("/proc/1/cgroup"),
        os.path.exists("/.dockerenv"),
        os.path.exists("/run/.containerenv"),
        dict(os.environ),
    )
    published = _published() if docker and runtime is None else None
    return Environment(system, wsl, mode, forwarding, runtime, published)
