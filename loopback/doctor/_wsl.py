"""WSL seen from Windows: which side ``localhost:PORT`` reaches (pure judgement).

Facts (:class:`Environment` on Windows: ``wsl.exe --list --verbose`` and
``%UserProfile%\\.wslconfig``; the listeners ``netstat`` shows), and what WSL does with
them, from its documentation and its maintainers' answers:

* WSL 1 runs on Windows' own network stack: a server in it is a Windows listener.
* WSL 2 runs in a virtual machine. In its default ``nat`` mode, with
  ``localhostForwarding`` on (the default), a relay on Windows (``wslrelay.exe`` since
  WSL 1.1, ``wslhost.exe`` before) listens on ``localhost:PORT`` for each server inside
  that listens on ``127.0.0.1`` or ``0.0.0.0``: IPv4 only, and no other ``127.x`` address
  (microsoft/WSL#10206, #4851). A relay can outlive its server and hold the port
  (microsoft/WSL#10601).
* ``networkingMode=mirrored`` (Windows 11 22H2 and newer) shares ``localhost`` both ways,
  for ``127.0.0.1`` and ``0.0.0.0`` (not other ``127.x`` addresses: microsoft/WSL#41116;
  ``::1`` not reliably: #10803).

The fix never starts with "bind 0.0.0.0": that exposes the server to the network.
"""

from __future__ import annotations

from ._records import Check, Environment, ListeningSocket, WslDistro, where

__all__ = ["RELAYS", "wsl_machine_checks", "wsl_port_checks"]

#: The Windows processes that relay ``localhost:PORT`` to a server inside WSL 2.
RELAYS = ("wslrelay.exe", "wslrelay", "wslhost.exe", "wslhost")
_CONFIG = "%UserProfile%\\.wslconfig"


def _listed(distros: tuple[WslDistro, ...]) -> str:
    """``Ubuntu (WSL 2, running, default), Debian (WSL 1, stopped)``."""
    shown = []
    for d in distros:
        state = d.state if d.running is None else d.state.lower()  # a translation as it is
        shown.append(f"{d.name} (WSL {d.version}, {state}{', default' if d.default else ''})")
    return ", ".join(shown)


def _mode(env: Environment) -> str:
    forwarding = "off" if env.wsl_forwarding is False else "on"
    mode = env.wsl_networking or "nat"
    return mode if mode == "mirrored" else f"{mode}, localhost forwarding {forwarding}"


def _ignored(env: Environment) -> list[Check]:
    """A warning where WSL ignores ``.wslconfig`` (and its settings with it)."""
    if env.wsl_config_problem is None:
        return []
    return [
        Check(
            "warn",
            "WSL config",
            f"{_CONFIG}: {env.wsl_config_problem}",
            "save it as UTF-8 (PowerShell: Get-Content FILE | Set-Content -Encoding utf8 "
            "FILE2; Notepad: Save as, Encoding UTF-8), then run wsl --shutdown",
        )
    ]


def wsl_machine_checks(env: Environment) -> list[Check]:
    """On Windows: the WSL distributions and WSL 2's networking, as a note."""
    if env.system != "windows" or not env.wsl_distros:
        return []
    detail = f"WSL distributions: {_listed(env.wsl_distros)}"
    if any(d.version == 2 for d in env.wsl_distros):
        detail += f"; WSL 2 networking: {_mode(env)}"
    return [Check("note", "WSL", detail), *_ignored(env)]


def _relayed(relays: list[ListeningSocket], port: int) -> Check:
    sock = relays[0]
    return Check(
        "note",
        "WSL",
        f"{where(sock.address, port)} is WSL 2's localhost relay ({sock.name}): the server "
        "runs inside WSL, and Windows reaches it through the relay",
        "if connections hang although the server inside stopped, the relay kept the port: "
        "run wsl --shutdown",
    )


def wsl_port_checks(env: Environment, port: int, tcp: tuple[ListeningSocket, ...]) -> list[Check]:
    """On Windows: whether ``localhost:PORT`` can reach a server inside WSL, and the fix."""
    distros = env.wsl_distros
    if env.system != "windows" or not distros:
        return []
    relays = [s for s in tcp if (s.name or "").lower() in RELAYS]
    if relays:
        return [_relayed(relays, port)]
    two = [d for d in distros if d.version == 2]
    if tcp or not two:  # a Windows server answers; WSL 1's servers are Windows listeners
        return []
    return [*_wsl2_unreached(env, port, two), *_ignored(env)]


def _wsl2_unreached(env: Environment, port: int, two: list[WslDistro]) -> list[Check]:
    """Nothing listens on Windows, and WSL 2 runs: what would reach a server inside."""
    listed = _listed(tuple(two))
    if env.wsl_networking == "mirrored":
        return [
            Check(
                "note",
                "WSL",
                f"WSL 2 ({listed}) runs in mirrored mode: a server inside WSL listening on "
                f"127.0.0.1 or 0.0.0.0 is localhost:{port} here too, but nothing listens",
                "start the server; inside WSL, bind 127.0.0.1 (::1 and other 127.x "
                "addresses are not shared)",
            )
        ]
    if env.wsl_forwarding is False:
        return [
            Check(
                "warn",
                "WSL",
                f"localhostForwarding=false in {_CONFIG}: a server inside WSL 2 ({listed}) "
                f"is not localhost:{port} from Windows",
                f"set localhostForwarding=true (or networkingMode=mirrored) under [wsl2] in "
                f"{_CONFIG}, then run wsl --shutdown; never bind 0.0.0.0 for this",
            )
        ]
    running = any(d.running for d in two)
    return [
        Check(
            "warn" if running else "note",
            "WSL",
            f"nothing listens on Windows; a server inside WSL 2 ({listed}) is localhost:{port} "
            "here only through localhost forwarding, which relays servers listening on "
            "127.0.0.1 or 0.0.0.0 (IPv4) while their distribution runs: not one on ::1 only "
            "(WSL 2's NAT has no IPv6) or on another 127.x address",
            "inside WSL, bind 127.0.0.1 (a dev server's --host 127.0.0.1), or set "
            f"networkingMode=mirrored under [wsl2] in {_CONFIG} and run wsl --shutdown; "
            "never bind 0.0.0.0 for this",
        )
    ]
