"""The facts doctor gathers (loopback/doctor/_system.py, _gather.py) and the commands.

Real sockets on loopback only; a network namespace (``unshare -n``, root) for IPv6
disabled on ``lo``; name resolution from a hosts file given with ``hosts_file``.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import Address, LoopbackError
from loopback._cli import _doctor, _ports, main
from loopback.doctor import (
    CLIENTS,
    TOOLS,
    Check,
    Environment,
    ListeningSocket,
    WslDistro,
    _gather,
    _system,
    _tools,
    check_host,
    diagnose,
    health,
    listening_sockets,
    read_listeners,
    read_target,
)
from loopback.doctor._readers import decode

A = Address
DATA = Path(__file__).resolve().parent / "data" / "doctor"
#: Tests of what the Linux kernel's tables show (macOS and Windows run their tools).
linux_only = pytest.mark.linux_only("reads /proc, as Linux has it")


@pytest.fixture
def tcp4() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock


@pytest.fixture
def hosts(tmp_path: Path) -> Path:
    path = tmp_path / "hosts"
    path.write_text("127.0.0.1 localhost\n")
    return path


def listener(family: int, host: str, port: int = 0, backlog: int = 5) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    return sock


def statuses(checks: list[Check]) -> dict[str, str]:
    return {c.title: c.status for c in checks}


@linux_only
class TestListeningSockets:
    def test_finds_our_sockets_with_owner_and_queue(self, tcp4: socket.socket) -> None:
        port4 = tcp4.getsockname()[1]
        with (
            listener(socket.AF_INET6, "::1") as tcp6,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        ):
            udp.bind(("127.0.0.1", 0))
            found = {(s.protocol, str(s.address), s.port): s for s in listening_sockets()}
            mine = found[("tcp", "127.0.0.1", port4)]
            assert mine.exposure == "loopback"
            with open("/proc/self/comm", encoding="utf-8") as comm:  # python, or coverage
                assert mine.process == f"{comm.read().strip()} ({os.getpid()})"
            assert mine.command is not None and mine.backlog is not None
            assert found[("tcp", "::1", tcp6.getsockname()[1])].exposure == "loopback"
            assert ("udp", "127.0.0.1", udp.getsockname()[1]) in found
        assert all(s.pid is None for s in listening_sockets(processes=False))

    def test_notes(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_system, "listeners", lambda system, processes: ([], "lsof: no"))
        notes: list[str] = []
        assert listening_sockets(notes=notes) == [] and notes == ["lsof: no"]
        assert listening_sockets() == []

    def test_agrees_with_ss(self, tcp4: socket.socket) -> None:
        if shutil.which("ss") is None:  # pragma: no cover - ss is part of iproute2
            pytest.skip("no ss here")
        with listener(socket.AF_INET6, "::1"):
            text = subprocess.run(["ss", "-ltnup"], capture_output=True, text=True, check=True)
            theirs = {(s.protocol, s.address, s.port) for s in read_listeners(text.stdout, "ss")}
            ours = {(s.protocol, s.address, s.port) for s in listening_sockets()}
        assert {k for k in ours if k[2] == tcp4.getsockname()[1]} <= theirs

    def test_no_tool_here(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_system, "this_system", lambda: "other")
        with pytest.raises(LoopbackError) as info:
            listening_sockets()
        assert str(info.value) == (
            "cannot list listening sockets: no /proc/net, lsof, netstat or "
            "Get-NetTCPConnection here"
        )


class TestAttempts:
    def test_accepted_and_refused(self, tcp4: socket.socket) -> None:
        port = tcp4.getsockname()[1]
        assert _system.attempt(A("127.0.0.1"), port, 1).outcome == "accepted"
        tcp4.close()
        refused = _system.attempt(A("127.0.0.1"), port, 5)  # Windows answers after 2 s
        assert refused.outcome == "refused"
        if os.name == "posix":  # Windows words it its own way, and in the user's language
            assert refused.reason == "Connection refused"

    @linux_only
    def test_a_full_backlog_times_out(self) -> None:
        with listener(socket.AF_INET, "127.0.0.1", backlog=0) as server:
            port = server.getsockname()[1]
            waiting = []
            try:
                for _ in range(4):  # fill the accept queue (and the SYN queue behind it)
                    client = socket.socket()
                    client.setblocking(False)  # noqa: FBT003 - the socket API
                    client.connect_ex(("127.0.0.1", port))
                    waiting.append(client)
                result = _system.attempt(A("127.0.0.1"), port, 0.3)
                full = [s for s in listening_sockets() if s.port == port]
            finally:
                for client in waiting:
                    client.close()
        assert result.outcome == "timed out"
        assert full and full[0].full

    def test_never_anything_but_loopback(self) -> None:
        with pytest.raises(LoopbackError, match=r"loopback addresses only, not 10\.0\.0\.1"):
            _system.attempt(A("10.0.0.1"), 80, 1)

    def test_outcomes_from_errno(self) -> None:
        assert _system.outcome_of(OSError(errno.EADDRNOTAVAIL, "x")) == "address not available"
        assert _system.outcome_of(OSError(errno.ENETUNREACH, "x")) == "unreachable"
        assert _system.outcome_of(OSError(errno.EPERM, "x")) == "blocked"
        assert _system.outcome_of(OSError(errno.EMFILE, "x")) == "error"


NETNS_SCRIPT = """
import socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
with open("/proc/sys/net/ipv6/conf/lo/disable_ipv6", "w") as f:
    f.write("1")
from loopback.doctor import _system
from loopback import Address
print(_system.attempt(Address("::1"), 8080, 1).outcome)
"""


def test_ipv6_disabled_on_lo_is_address_not_available() -> None:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0 or shutil.which("ip") is None:  # pragma: no cover
        pytest.skip("needs root, unshare and ip for a network namespace")
    done = subprocess.run(
        [unshare, "-n", sys.executable, "-c", NETNS_SCRIPT],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # pragma: no cover - namespaces not allowed here
        pytest.skip(f"no network namespace: {done.stderr.strip()[-200:]}")
    assert done.stdout.strip() == "address not available"


def test_command_lines_from_ps() -> None:
    if shutil.which("ps") is None:  # pragma: no cover - procps is everywhere we test
        pytest.skip("no ps here")
    mine = ListeningSocket("tcp", A("127.0.0.1"), 9, "python", os.getpid())
    other = ListeningSocket("tcp", A("127.0.0.1"), 10, "python", os.getpid())
    gone = ListeningSocket("tcp", A("127.0.0.1"), 9, "x", 2**22 + 12345)
    found = _system.with_commands([mine, other, gone], 9)
    assert found[0].command is not None and "python" in found[0].command.lower()
    assert found[1].command is None and found[2].command is None


NETNS_DOCTOR = """
import json, socket, subprocess, sys
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
with open("/proc/sys/net/ipv6/conf/lo/disable_ipv6", "w") as f:
    f.write("1")
from loopback.doctor import diagnose, health
server = socket.create_server(("127.0.0.1", 0))
port = server.getsockname()[1]
checks = diagnose(port, hosts_file=sys.argv[1]) + health(hosts_file=sys.argv[1])
print(json.dumps([[c.status, c.title, c.detail, c.fix] for c in checks]))
"""


def test_doctor_with_ipv6_disabled_on_lo(tmp_path: Path) -> None:
    """A container's classic: IPv6 off on lo, and ::1 localhost still in the hosts file."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0 or shutil.which("ip") is None:  # pragma: no cover
        pytest.skip("needs root, unshare and ip for a network namespace")
    hosts = tmp_path / "hosts"
    hosts.write_text("::1 localhost\n127.0.0.1 localhost\n")
    done = subprocess.run(
        [unshare, "-n", sys.executable, "-c", NETNS_DOCTOR, str(hosts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # pragma: no cover - namespaces not allowed here
        pytest.skip(f"no network namespace: {done.stderr.strip()[-200:]}")
    checks = {
        title: (status, detail, fix) for status, title, detail, fix in json.loads(done.stdout)
    }
    status, detail, fix = checks["connect to ::1"]
    assert status == "warn" and "address not available" in detail
    assert "bind ::1" not in fix and "remove ::1" in fix
    assert checks["connect to 127.0.0.1"][0] == "pass"
    assert checks["localhost answers"][0] == "warn"
    assert "bind" not in checks["localhost answers"][2]
    assert checks["IPv6 loopback"][0] == "warn"


@linux_only
def test_doctor_on_a_full_backlog() -> None:
    with listener(socket.AF_INET, "127.0.0.1", backlog=0) as server:
        port = server.getsockname()[1]
        waiting = []
        try:
            for _ in range(4):
                client = socket.socket()
                client.setblocking(False)  # noqa: FBT003 - the socket API
                client.connect_ex(("127.0.0.1", port))
                waiting.append(client)
            checks = diagnose(port, host="127.0.0.1", timeout=0.3)
        finally:
            for client in waiting:
                client.close()
    connect = next(c for c in checks if c.title == "connect to 127.0.0.1")
    assert connect.status == "fail" and "refuses" not in connect.detail
    assert connect.fix is not None and "accept queue is full" in connect.fix
    assert "bind 127.0.0.1" not in connect.fix


class TestRun:
    def test_missing_and_failing_tools(self) -> None:
        assert _system.run(["no-such-tool-here"]) == (None, "no-such-tool-here is not installed")
        assert _system.run([sys.executable, "-c", "import sys; sys.exit('bad')"]) == (
            None,
            f"{sys.executable} failed (bad)",
        )
        assert _system.run([sys.executable, "-c", "import sys; sys.exit(3)"]) == (
            None,
            f"{sys.executable} failed (3)",
        )
        ok = "import sys; sys.stdout.buffer.write(b'ok\\n')"  # bytes: no CRLF on Windows
        assert _system.run([sys.executable, "-c", ok]) == ("ok\n", None)
        utf16 = "import sys; sys.stdout.buffer.write('  NAME\\r\\r\\n'.encode('utf-16-le'))"
        assert _system.run([sys.executable, "-c", utf16]) == ("  NAME\r\r\n", None)
        env = "import os; print(os.environ['WSL_UTF8'], 'PATH' in os.environ, end='')"
        assert _system.run([sys.executable, "-c", env], env={"WSL_UTF8": "1"}) == ("1 True", None)
        text, why = _system.run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.1)
        assert text is None and "could not run" in str(why)

    def test_best_of_several_tools(self, monkeypatch: pytest.MonkeyPatch) -> None:
        outputs = {
            "a": ((DATA / "netstat-macos-mojave.txt").read_text(), None),
            "b": ((DATA / "lsof-macos.txt").read_text(), None),
            "c": (None, "c is not installed"),
            "d": ("garbage", None),
        }
        monkeypatch.setattr(_system, "run", lambda command, timeout=10: outputs[command[0]])
        found, note = _system._best(
            (("lsof", ("b",)), ("netstat-macos", ("a",)), ("ss", ("c",)), ("ss", ("d",)))
        )
        assert found is not None and len(found) == 12
        assert _system._best((("ss", ("c",)),)) == (None, "c is not installed")
        outputs["e"] = ("postgres 777 me 7u IPv6 0x1 0t0 TCP [::1]:5432 (LISTEN)\n", None)
        found, _ = _system._best((("lsof", ("e",)), ("netstat-macos", ("a",))))
        assert found is not None
        assert [(s.port, s.name) for s in found] == [
            (3000, None),
            (5432, "postgres"),
            (5432, "postgres"),
            (7000, None),
            (8021, None),
        ]  # netstat's rows, named by lsof
        assert (
            note == "c is not installed; d: ss output: no ss header or rows found "
            "(save the output of ss -ltnp)"
        )


WSL_DATA = Path(__file__).resolve().parent / "data" / "wsl"


def recorded(name: str, directory: Path = WSL_DATA) -> str:
    """A recorded output as :func:`_system.run` hands it on (decoded as Windows wrote it)."""
    return decode((directory / name).read_bytes())


class FakeTools:
    """``_system.run`` replaced: each command's recorded output, and the commands asked."""

    def __init__(self, outputs: dict[str, str | None]) -> None:
        self.outputs = outputs
        self.asked: list[tuple[list[str], dict[str, str] | None]] = []

    def __call__(
        self, command: list[str], timeout: float = 10.0, env: dict[str, str] | None = None
    ) -> tuple[str | None, str | None]:
        self.asked.append((command, env))
        text = self.outputs.get(command[0])
        return (text, None) if text is not None else (None, f"{command[0]} is not installed")


class TestOtherSystems:
    """macOS's and Windows' tools, run on recorded output: only run() differs there."""

    @pytest.mark.parametrize(
        ("platform", "system"),
        [("linux", "linux"), ("darwin", "macos"), ("win32", "windows"),
         ("freebsd14", "other"), ("cygwin", "other")],
    )  # fmt: skip
    def test_this_system(self, monkeypatch: pytest.MonkeyPatch, platform: str, system: str) -> None:
        monkeypatch.setattr(sys, "platform", platform)
        assert _system.this_system() == system

    def test_macos(self, monkeypatch: pytest.MonkeyPatch) -> None:
        tools = FakeTools(
            {
                "lsof": recorded("lsof-macos.txt", DATA),
                "netstat": recorded("netstat-macos-mojave.txt", DATA),
            }
        )
        monkeypatch.setattr(_system, "run", tools)
        found, note = _system.listeners("macos")
        assert [c for c, _ in tools.asked] == [
            ["lsof", "-nP", "-i", "-FpcfdPtnT"],
            ["netstat", "-anv", "-p", "tcp"],
        ]
        assert found is not None and len(found) == 12  # lsof's table: more than netstat's 5
        assert (str(found[3].address), found[3].port, found[3].name) == ("::1", 5173, "node")
        assert note is None  # every owner known
        tools.outputs["lsof"] = None
        found, note = _system.listeners("macos")
        assert found is not None and len(found) == 5 and found[0].name is None
        assert note == "lsof is not installed"  # netstat -anv shows every owner's pid

    def test_the_lsof_fields_asked_for_are_the_fields_read(self) -> None:
        """lsof -F with doctor's field list reads as lsof -F with every field."""
        every = recorded("lsof-F-macos.txt", DATA)
        ((_, command), _) = _tools.LISTENER_COMMANDS["macos"]
        letters = command[-1].removeprefix("-F")
        asked = "".join(line + "\n" for line in every.splitlines() if line[:1] in letters)
        assert read_listeners(asked, "lsof") == read_listeners(every, "lsof")
        assert len(read_listeners(asked, "lsof")) == 5

    def test_owners_lsof_cannot_see(self) -> None:
        theirs = ListeningSocket("tcp", A("::1"), 80)
        mine = ListeningSocket("tcp", A("::1"), 81, pid=7)
        assert _tools.named("macos", [theirs, mine], {7: "node"}) == (
            [theirs, ListeningSocket("tcp", A("::1"), 81, "node", 7)],
            "lsof shows only this user's processes without sudo",
        )
        assert _tools.named("windows", [theirs], {}) == ([theirs], None)

    def test_windows(self, monkeypatch: pytest.MonkeyPatch) -> None:
        tools = FakeTools(
            {
                "netstat": recorded("netstat-windows-en.txt", DATA),
                "powershell": recorded("get-nettcpconnection.json", DATA),
                "tasklist": recorded("tasklist-csv.txt"),
            }
        )
        monkeypatch.setattr(_system, "run", tools)
        found, note = _system.listeners("windows")
        assert [c[0] for c, _ in tools.asked] == ["netstat", "powershell", "tasklist"]
        assert tools.asked[1][0][-1] == "Get-NetTCPConnection -State Listen | ConvertTo-Json"
        assert found is not None and note is None
        named = {(str(s.address), s.port): s.name for s in found}
        assert named[("0.0.0.0", 135)] == "svchost.exe"
        assert named[("127.0.0.1", 3000)] == "node.exe"
        assert named[("::1", 1900)] is None  # pid 3300: not in tasklist's answer
        found, _ = _system.listeners("windows", processes=False)
        assert found is not None and all(s.name is None for s in found)
        assert [c[0] for c, _ in tools.asked[3:]] == ["netstat", "powershell"]

    def test_no_tool_answers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_system, "run", FakeTools({}))
        assert _system.listeners("windows") == (
            None,
            "netstat is not installed; powershell is not installed",
        )
        assert _system.listeners("other") == (None, _tools.NO_TOOL)

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            (recorded("tasklist-csv.txt"), {0: "System Idle Process", 4: "System",
             1060: "svchost.exe", 15872: "node.exe", 20480: "wslrelay.exe"}),
            ("INFO: No tasks are running which match the specified criteria.\r\n", {}),
            ('"x","\u0661\u0662","c"\n"y","99999999999","c"\n"z"\n', {}),
            ("", {}),
        ],
    )  # fmt: skip
    def test_read_tasklist(self, text: str, names: dict[int, str]) -> None:
        assert _tools.read_tasklist(text) == names


class TestWslFromWindows:
    @pytest.mark.parametrize(
        ("name", "distros"),
        [
            ("wsl-list-verbose-utf16.txt", (
                WslDistro("Ubuntu-22.04", "Running", 2, default=True, running=True),
                WslDistro("docker-desktop", "Stopped", 2, running=False),
                WslDistro("Legacy", "Stopped", 1, running=False),
            )),
            ("wsl-list-verbose-utf8.txt", (
                WslDistro("Debian", "Stopped", 2, default=True, running=False),
                WslDistro("kali-linux", "Running", 2, running=True),
            )),
            ("wsl-list-verbose-de-utf16.txt", (
                WslDistro("Ubuntu", "Wird ausgeführt", 2, default=True),
                WslDistro("openSUSE-Leap-15.5", "Beendet", 2),
            )),
            ("wsl-list-verbose-none-utf16.txt", ()),
        ],
    )  # fmt: skip
    def test_read_wsl_list(self, name: str, distros: tuple[WslDistro, ...]) -> None:
        assert _tools.read_wsl_list(recorded(name)) == distros

    @pytest.mark.parametrize(
        ("text", "distros"),
        [
            (
                "*Ubuntu Running 2\n",
                (WslDistro("Ubuntu", "Running", 2, default=True, running=True),),
            ),
            ("* Ubuntu Running 3\n* 2\nUbuntu 2\n", ()),  # no version 3, no name, no state
            ("Usage: wsl.exe [Argument] [Options...] [CommandLine]\n", ()),
        ],
    )
    def test_rows_that_are_not_distributions(
        self, text: str, distros: tuple[WslDistro, ...]
    ) -> None:
        assert _tools.read_wsl_list(text) == distros

    def test_environment_on_windows(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        tools = FakeTools(
            {
                "wsl.exe": recorded("wsl-list-verbose-utf16.txt"),
                "docker": "web\t0.0.0.0:80->80/tcp\n",
            }
        )
        monkeypatch.setattr(_system, "run", tools)
        (tmp_path / ".wslconfig").write_text("[wsl2]\nlocalhostForwarding=false\n")
        monkeypatch.setenv("USERPROFILE", str(tmp_path))
        env = _system.environment("windows")
        assert tools.asked[0] == (["wsl.exe", "--list", "--verbose"], {"WSL_UTF8": "1"})
        assert env.system == "windows" and env.wsl is None and env.container is None
        assert env.wsl_distros is not None and len(env.wsl_distros) == 3
        assert (env.wsl_networking, env.wsl_forwarding) == (None, False)
        assert env.published is not None and env.published[0].port == 80
        monkeypatch.delenv("USERPROFILE")
        monkeypatch.setattr(_system, "run", FakeTools({}))
        env = _system.environment("windows", docker=False)
        assert env == Environment("windows")  # no WSL, no .wslconfig, no Docker asked
        monkeypatch.setenv("USERPROFILE", str(tmp_path / "elsewhere"))  # no .wslconfig there
        assert _system.environment("windows", docker=False) == Environment("windows")

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ("[wsl2]\nnetworkingMode=mirrored\n".encode("utf-16"),
             ("mirrored", "networkingMode=mirrored does not apply")),
            ("[wsl2]\nnetworkingMode=nat\nlocalhostForwarding=False\n".encode("utf-16-le"),
             ("nat", "networkingMode=nat and localhostForwarding=false does not apply")),
            ("[wsl2]\nmemory=4GB\n".encode("utf-16"), (None, "ignores")),
            (b"[wsl2]\r\nnetworkingMode=mirrored\r\n", ("mirrored", None)),
        ],
    )  # fmt: skip
    def test_a_wslconfig_wsl_ignores(
        self,
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
        data: bytes,
        expected: tuple[str | None, str | None],
    ) -> None:
        """A UTF-16 .wslconfig is ignored by WSL: its settings do not count, and doctor says so."""
        monkeypatch.setattr(_system, "run", FakeTools({"wsl.exe": "* Ubuntu Running 2\n"}))
        (tmp_path / ".wslconfig").write_bytes(data)
        monkeypatch.setenv("USERPROFILE", str(tmp_path))
        env = _system.environment("windows", docker=False)
        mode, problem = expected
        if problem is None:
            assert (env.wsl_networking, env.wsl_config_problem) == (mode, None)
        else:
            assert env.wsl_networking is None  # WSL runs with its defaults
            assert env.wsl_config_problem is not None
            assert env.wsl_config_problem.startswith("it is saved as UTF-16, which WSL ignores")
            assert env.wsl_config_problem.endswith(problem)

    def test_environment_on_macos(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_system, "run", FakeTools({}))
        assert _system.environment("macos") == Environment("macos")

    def test_networking_mode_inside_wsl(self, monkeypatch: pytest.MonkeyPatch) -> None:
        tools = FakeTools({"wslinfo": "mirrored\n"})
        monkeypatch.setattr(_system, "run", tools)
        monkeypatch.setattr(
            "loopback.doctor._system.glob.glob", lambda pattern: ["/mnt/c/Users/me/.wslconfig"]
        )
        monkeypatch.setattr(_system, "read", lambda path: "[wsl2]\nlocalhostForwarding=true\n")
        assert _system._wsl_networking() == ("mirrored", True)
        assert tools.asked[0][0] == ["wslinfo", "--networking-mode"]
        tools.outputs["wslinfo"] = None  # WSL before 2.0: .wslconfig says
        monkeypatch.setattr(_system, "read", lambda path: "[wsl2]\nnetworkingMode=nat\n")
        assert _system._wsl_networking() == ("nat", None)
        monkeypatch.setattr("loopback.doctor._system.glob.glob", lambda pattern: [])
        assert _system._wsl_networking() == (None, None)


class TestEnvironment:
    @pytest.mark.parametrize(
        ("release", "wsl"),
        [
            ("5.15.153.1-microsoft-standard-WSL2", 2),
            ("4.4.0-19041-Microsoft", 1),
            ("6.8.0-45-generic", None),
        ],
    )
    def test_wsl(self, release: str, wsl: int | None) -> None:
        assert _tools.wsl_version(release) == wsl

    def test_wslconfig(self) -> None:
        text = (
            "[wsl2]\nmemory=8GB # comment\nnetworkingMode = Mirrored\n"
            "localhostForwarding=false\n[experimental]\nnetworkingMode=nat\nbad line\n"
        )
        assert _tools.read_wslconfig(text) == ("mirrored", False)
        assert _tools.read_wslconfig("") == (None, None)

    @pytest.mark.parametrize(
        ("cgroup", "dockerenv", "containerenv", "env", "runtime"),
        [
            ("0::/kubepods/burstable/x", False, False, {}, "kubernetes"),
            ("", False, False, {"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, "kubernetes"),
            ("0::/machine.slice/libpod-1.scope", False, False, {}, "podman"),
            ("", False, True, {}, "podman"),
            ("12:pids:/docker/abc", False, False, {}, "docker"),
            ("0::/", True, False, {}, "docker"),
            ("0::/", False, False, {"container": "lxc"}, "lxc"),
            ("0::/init.scope", False, False, {}, None),
        ],
    )
    def test_container_runtime(
        self,
        cgroup: str,
        dockerenv: bool,
        containerenv: bool,
        env: dict[str, str],
        runtime: str | None,
    ) -> None:
        assert _system.container_runtime(cgroup, dockerenv, containerenv, env) == runtime

    def test_environment_here(self, monkeypatch: pytest.MonkeyPatch) -> None:
        env = _system.environment("linux", docker=False)
        assert env.system == "linux" and env.published is None
        monkeypatch.setattr(_system, "read", lambda path: "")
        monkeypatch.setattr(_system, "container_runtime", lambda *args: None)
        monkeypatch.setattr(
            _system, "run", lambda command, timeout=10: ("web\t0.0.0.0:80->80/tcp\n", None)
        )
        env = _system.environment("linux")
        assert env.container is None and env.published is not None and env.published[0].port == 80
        monkeypatch.setattr(_system, "run", lambda command, timeout=10: (None, "no docker"))
        assert _system.environment("linux").published is None

    def test_wsl2_networking(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(
            _system,
            "read",
            lambda path: "5.15-microsoft-standard-WSL2" if "osrelease" in path else "",
        )
        monkeypatch.setattr(_system, "_wsl_networking", lambda: ("mirrored", None))
        env = _system.environment("linux", docker=False)
        assert (env.wsl, env.wsl_networking) == (2, "mirrored")


class TestResolve:
    def test_real(self) -> None:
        assert _system.resolve("localhost", 80)
        assert _system.resolve("no-such-name.invalid", 80) == []

    def test_order_and_duplicates(self, monkeypatch: pytest.MonkeyPatch) -> None:
        infos = [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1%lo", 80, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)),
        ]
        monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: infos)
        assert _system.resolve("localhost", 80) == [A("::1"), A("127.0.0.1")]


class TestDiagnose:
    def test_real_listener_through_a_hosts_file(self, tcp4: socket.socket, hosts: Path) -> None:
        port = tcp4.getsockname()[1]
        checks = diagnose(port, hosts_file=str(hosts))
        assert statuses(checks)["localhost resolves"] == "pass"
        assert statuses(checks)["connect to 127.0.0.1"] == "pass"
        assert f"(the hosts file {hosts})" in checks[0].detail

    def test_a_hosts_file_without_localhost(self, tcp4: socket.socket, tmp_path: Path) -> None:
        (tmp_path / "h").write_text("10.0.0.1 other\n")
        checks = diagnose(tcp4.getsockname()[1], hosts_file=str(tmp_path / "h"))
        assert statuses(checks)["localhost resolves"] == "fail"

    def test_without_listeners(self, tcp4: socket.socket, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_system, "listeners", lambda system: (None, "lsof is not installed"))
        checks = diagnose(tcp4.getsockname()[1], host="127.0.0.1")
        assert statuses(checks)["something listens"] == "warn"

    def test_an_address_as_host(self, tcp4: socket.socket) -> None:
        checks = diagnose(tcp4.getsockname()[1], host="[127.0.0.1]")
        assert statuses(checks)["connect to 127.0.0.1"] == "pass"

    def test_system_resolver(self, tcp4: socket.socket) -> None:
        checks = diagnose(tcp4.getsockname()[1], timeout=2, client="curl")
        assert "(the system resolver)" in checks[0].detail

    @pytest.mark.parametrize(
        "port", [0, 65536, "80", True, 10**5000], ids=["0", "65536", "str", "bool", "huge"]
    )
    def test_bad_port(self, port: object) -> None:
        with pytest.raises(LoopbackError, match="not a TCP port"):
            diagnose(port)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "timeout",
        [0, -1, float("nan"), float("inf"), 61, "1", True, 10**5000],
        ids=["0", "-1", "nan", "inf", "61", "str", "bool", "huge"],
    )
    def test_bad_timeout(self, timeout: object) -> None:
        with pytest.raises(LoopbackError, match="not a timeout in seconds"):
            diagnose(80, timeout=timeout)  # type: ignore[arg-type]

    def test_bad_host_and_client(self) -> None:
        with pytest.raises(LoopbackError, match=r"this machine only: 'example\.com'"):
            diagnose(80, host="example.com")
        with pytest.raises(LoopbackError, match=r"this machine only: '10\.0\.0\.1'"):
            diagnose(80, host="10.0.0.1")
        with pytest.raises(LoopbackError, match="this machine only: None"):
            diagnose(80, host=None)  # type: ignore[arg-type]
        with pytest.raises(LoopbackError, match="unknown client: 'lynx' \\(one of: node"):
            diagnose(80, client="lynx")


class TestHealth:
    def test_a_hosts_file_without_localhost_fails(self, tmp_path: Path) -> None:
        (tmp_path / "h").write_text("127.0.0.1 localhost.localdomain\n")
        checks = health(hosts_file=str(tmp_path / "h"))
        assert statuses(checks)["localhost resolves"] == "fail"

    def test_missing_file(self, tmp_path: Path) -> None:
        checks = health(hosts_file=str(tmp_path / "missing"))
        assert statuses(checks)["hosts file"] == "warn"

    def test_this_machine(self) -> None:
        facts = _gather.machine_facts(hosts_file=None, docker=False)
        assert facts.resolved is not None and facts.hosts_path is not None
        assert "IPv6 loopback" in statuses(health())

    def test_ipv6_probe(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class NoIPv6:
            def __init__(self, *args: object) -> None:
                raise OSError(97, "Address family not supported by protocol")

        monkeypatch.setattr(socket, "socket", NoIPv6)
        assert _gather._ipv6_error() == "Address family not supported by protocol"


class TestTarget:
    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            ("3000", ("localhost", 3000)),
            ("localhost:3000", ("localhost", 3000)),
            ("127.0.0.1:8080", ("127.0.0.1", 8080)),
            ("[::1]:8080", ("::1", 8080)),
            ("app.localhost:5173", ("app.localhost", 5173)),
            ("http://localhost:3000/path?q#f", ("localhost", 3000)),
            ("http://localhost/", ("localhost", 80)),
            ("https://localhost", ("localhost", 443)),
            ("HTTPS://LOCALHOST:", ("localhost", 443)),
            ("ws://127.0.0.1/socket", ("127.0.0.1", 80)),
            ("wss://[::1]/", ("::1", 443)),
            ("http://user:pw@localhost:81/", ("localhost", 81)),
            ("http://0x7f.1:82/", ("127.0.0.1", 82)),
            ("http://[::1]", ("::1", 80)),
        ],
    )
    def test_reads(self, target: str, expected: tuple[str, int]) -> None:
        assert read_target(target) == expected

    @pytest.mark.parametrize(
        ("target", "message"),
        [
            ("65536", "port out of range: '65536' (1 to 65535)"),
            ("0", "port out of range: '0' (1 to 65535)"),
            ("localhost:99999", "port out of range: '99999' (1 to 65535)"),
            ("9" * 5000, "port out of range: '" + "9" * 60 + "...' (1 to 65535)"),
            ("localhost:x", "not a port: 'x' in 'localhost:x'"),
            ("localhost:١٢", "not a port: '١٢' in 'localhost:١٢'"),
            (
                "localhost",
                "no port in 'localhost': give a port (3000), HOST:PORT or a URL with one",
            ),
            ("::1", "no port in '::1': give a port (3000), HOST:PORT or a URL with one"),
            ("[::1", "no port in '[::1': give a port (3000), HOST:PORT or a URL with one"),
            ("redis://localhost/", "scheme 'redis' has no default port in 'redis://localhost/'"),
            ("http://example.com:8000", "doctor diagnoses this machine only: 'example.com' is not"),
            ("http://10.0.0.1/", "doctor diagnoses this machine only: '10.0.0.1' is not"),
            ("http://[zz]:80/", "doctor diagnoses this machine only: '[zz]' is not"),
            ("", "nothing to diagnose"),
        ],
    )
    def test_refuses(self, target: str, message: str) -> None:
        with pytest.raises(LoopbackError) as info:
            read_target(target)
        assert str(info.value).startswith(message)

    @given(
        st.one_of(
            st.text(),
            st.builds(
                lambda s, t: f"{s}://{t}", st.sampled_from(["http", "https", "x"]), st.text()
            ),
        )
    )
    def test_total(self, target: str) -> None:
        """Any text is a target on this machine or a LoopbackError, never a crash."""
        try:
            host, port = read_target(target)
        except LoopbackError:
            return
        assert 0 < port < 65536
        check_host(host)


class TestCommands:
    @linux_only
    def test_ports(self, capsys: pytest.CaptureFixture[str], tcp4: socket.socket) -> None:
        assert main(["ports"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("PROTO")
        assert "127.0.0.1  " in out and str(tcp4.getsockname()[1]) in out
        assert main(["ports", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {
            "protocol": "tcp",
            "address": "127.0.0.1",
            "port": tcp4.getsockname()[1],
            "exposure": "loopback",
            "pid": os.getpid(),
        }.items() <= next(r for r in rows if r["port"] == tcp4.getsockname()[1]).items()

    def test_ports_notes_go_to_stderr(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(_system, "listeners", lambda system, processes: ([], "lsof: no"))
        assert main(["ports", "--json"]) == 0
        out, err = capsys.readouterr()
        assert json.loads(out) == [] and err == "loopback ports: note: lsof: no\n"

    def test_ports_from_a_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        path = str(DATA / "netstat-windows-de-cp850.txt")
        assert main(["ports", "--from", path, "--tool", "netstat-windows"]) == 0
        assert "tcp    ::1        5000  loopback        pid 8120" in capsys.readouterr().out
        assert main(["ports", "--from", path, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)[0] == {
            "protocol": "tcp", "address": "0.0.0.0", "port": 135, "exposure": "all_interfaces",
            "process": "pid 1060", "name": None, "pid": 1060,
        }  # fmt: skip

    def test_ports_from_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        data = (DATA / "lsof-macos.txt").read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert main(["ports", "--from", "-", "--tool", "auto"]) == 0
        assert "ControlCe (512)" in capsys.readouterr().out

    def test_ports_errors(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        assert main(["ports", "--tool", "ss"]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            "loopback ports: error: --tool needs --from FILE"
        )
        assert main(["ports", "--from", "x", "--tool", "nope"]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            "loopback ports: error: unknown tool 'nope' (one of: ss, lsof, netstat-macos, "
            "netstat-windows, netstat-linux, get-nettcpconnection, auto)"
        )
        assert main(["ports", "--from", "missing"]) == 1
        assert capsys.readouterr().err == (
            "loopback: cannot read 'missing': No such file or directory\n"
        )
        (tmp_path / "x").write_text("hello\n")
        assert main(["ports", "--from", str(tmp_path / "x")]) == 1
        assert "no listener table recognised" in capsys.readouterr().err

    def test_the_command_names_every_tool_and_client(self) -> None:
        assert tuple(TOOLS) == _ports._TOOLS
        assert tuple(c.name for c in CLIENTS) == _doctor._CLIENTS

    def test_doctor(
        self, capsys: pytest.CaptureFixture[str], tcp4: socket.socket, hosts: Path
    ) -> None:
        port = tcp4.getsockname()[1]
        assert main(["doctor", f"http://localhost:{port}/path", "--hosts-file", str(hosts)]) == 0
        assert "PASS  something listens" in capsys.readouterr().out
        args = ["doctor", f"127.0.0.1:{port}", "--json", "--timeout", "2", "--client", "node"]
        assert main(args) == 0
        assert "fail" not in {row["status"] for row in json.loads(capsys.readouterr().out)}
        main(["doctor"])
        assert "IPv6 loopback" in capsys.readouterr().out

    def test_doctor_exit_status_and_fixes(
        self, capsys: pytest.CaptureFixture[str], tcp4: socket.socket, hosts: Path
    ) -> None:
        port = tcp4.getsockname()[1]
        tcp4.close()
        assert main(["doctor", str(port), "--hosts-file", str(hosts)]) == 1
        assert "      fix: start the server" in capsys.readouterr().out

    def test_doctor_without_localhost_fails(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        (tmp_path / "h").write_text("# nothing\n")
        assert main(["doctor", "--hosts-file", str(tmp_path / "h")]) == 1
        assert "FAIL  localhost resolves" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("target", "message"),
        [
            ("65536", "port out of range: '65536' (1 to 65535)"),
            ("http://example.com:8000", ("doctor diagnoses this machine only: "
             "'example.com' is not a localhost name or loopback address")),
            ("nope", "no port in 'nope': give a port (3000), HOST:PORT or a URL with one"),
        ],
    )  # fmt: skip
    def test_doctor_refuses_targets(
        self, capsys: pytest.CaptureFixture[str], target: str, message: str
    ) -> None:
        assert main(["doctor", target]) == 2
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("usage: loopback doctor ")
        assert err[-1] == f"loopback doctor: error: {message}"

    def test_doctor_refuses_an_unknown_client(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["doctor", "80", "--client", "lynx"]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == (
            "loopback doctor: error: unknown client 'lynx' (one of: node, browser, curl, "
            "python, wget)"
        )
