"""The session's own network namespace (loopback/_netns.py) and --loopback-only=netns."""

from __future__ import annotations

import errno
import os
import struct
import subprocess
import sys

import pytest

from loopback import _netns as netns
from loopback.errors import NamespaceError


def test_linux_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(
        NamespaceError, match=r"^network namespaces exist on Linux only, not on darwin$"
    ):
        netns.enter()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            errno.EPERM,
            (
                "user namespaces are not allowed here (a container without them, or "
                "kernel.unprivileged_userns_clone=0)"
            ),
        ),
        (
            errno.EINVAL,
            "this process already runs threads, or the kernel has no network namespaces",
        ),
        (
            errno.ENOSPC,
            (
                "the limit of user or network namespaces is reached "
                "(user.max_user_namespaces, user.max_net_namespaces)"
            ),
        ),
        (errno.EIO, os.strerror(errno.EIO)),
    ],
)
def test_refusals_say_why(monkeypatch: pytest.MonkeyPatch, code: int, reason: str) -> None:
    def refuse(flags: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(netns, "unshare", refuse)
    with pytest.raises(NamespaceError) as caught:
        netns.enter()
    assert str(caught.value) == f"cannot enter a network namespace: {reason}"


@pytest.mark.posix_only("os.geteuid")
@pytest.mark.parametrize("euid", [0, 1000])
def test_enter(monkeypatch: pytest.MonkeyPatch, euid: int) -> None:
    """What enter() asks of the kernel, with the kernel replaced (the real one: below)."""
    calls: list[object] = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "geteuid", lambda: euid)
    monkeypatch.setattr(netns, "unshare", calls.append)
    monkeypatch.setattr(netns, "bring_up", calls.append)
    monkeypatch.setattr(netns, "_write", lambda path, text: calls.append((path, text)))
    netns.enter()
    uid, gid = os.getuid(), os.getgid()
    if euid == 0:
        assert calls == [0x40000000, "lo"]
    else:
        assert calls == [
            0x50000000,
            ("/proc/self/setgroups", "deny"),
            ("/proc/self/uid_map", f"{uid} {uid} 1"),
            ("/proc/self/gid_map", f"{gid} {gid} 1"),
            "lo",
        ]


def test_write(tmp_path: object) -> None:
    path = os.path.join(str(tmp_path), "map")
    netns._write(path, "0 0 1")
    with open(path) as file:
        assert file.read() == "0 0 1"


@pytest.mark.posix_only("fcntl.ioctl")
@pytest.mark.parametrize("flags", [0x0, 0x1 | 0x8])
def test_bring_up(monkeypatch: pytest.MonkeyPatch, flags: int) -> None:
    import fcntl  # noqa: PLC0415 - POSIX only

    asked: list[tuple[int, bytes]] = []

    def ioctl(sock: object, request: int, data: bytes) -> bytes:
        asked.append((request, data))
        return struct.pack("16sH14x", b"lo", flags)

    monkeypatch.setattr(fcntl, "ioctl", ioctl)
    netns.bring_up("lo")
    assert asked[0] == (0x8913, struct.pack("16sH14x", b"lo", 0))
    if flags & 1:
        assert len(asked) == 1  # already up
    else:
        assert asked[1] == (0x8914, struct.pack("16sH14x", b"lo", 1))


@pytest.mark.linux_only("unshare(2)")
def test_unshare_nothing() -> None:
    """unshare(0) changes nothing: both ways of calling it work, and errors are OSError."""
    netns.unshare(0)
    with pytest.raises(OSError, match="Invalid argument") as caught:
        netns.unshare(0x4)  # not a CLONE_ flag that unshare takes
    assert caught.value.errno == errno.EINVAL


@pytest.mark.linux_only("libc's unshare(2)")
def test_unshare_through_ctypes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "unshare", raising=False)
    netns.unshare(0)
    with pytest.raises(OSError, match="Invalid argument") as caught:
        netns.unshare(0x4)
    assert caught.value.errno == errno.EINVAL


def test_unshare_through_os(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(os, "unshare", asked.append, raising=False)
    netns.unshare(0x40000000)
    assert asked == [0x40000000]


def _namespaces_work() -> str:
    """Why a network namespace cannot be entered here, or ``""``."""
    probe = "from loopback._netns import enter; enter()"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    return result.stderr.strip().splitlines()[-1] if result.returncode else ""


NETNS_TESTS = """
import ctypes, errno, socket, struct
from loopback.pytest_plugin import expect_blocked

def test_only_lo():
    assert [name for _, name in socket.if_nameindex()] == ["lo"]

def test_loopback_works(loopback_socket):
    loopback_socket.listen()
    socket.create_connection(loopback_socket.getsockname()).close()

def test_ctypes_cannot_leave():
    # A C call the guard's wrappers never see: only the namespace stops it.
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
    ip = socket.inet_aton("192.0.2.1")
    address = struct.pack("=H", socket.AF_INET) + struct.pack("!H4s8x", 9, ip)
    assert libc.connect(fd, address, len(address)) == -1
    assert ctypes.get_errno() == errno.ENETUNREACH
    libc.close(fd)

def test_the_guard_is_on_too():
    with expect_blocked():
        socket.getaddrinfo("example.com", 80)
"""


@pytest.mark.slow
@pytest.mark.parametrize("workers", [[], ["-n", "2"]])
def test_netns_mode(pytester: pytest.Pytester, workers: list[str]) -> None:
    why = _namespaces_work()
    if why:
        pytest.skip(f"no network namespace here: {why}")
    pytester.makepyfile(NETNS_TESTS)
    result = pytester.runpytest_subprocess(
        "--loopback-only=netns", "-p", "no:cacheprovider", *workers
    )
    result.assert_outcomes(passed=4)


def test_netns_from_the_ini_file(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered: list[bool] = []
    monkeypatch.setattr(netns, "enter", lambda: entered.append(True))
    pytester.makeini("[pytest]\nloopback_netns = true\n")
    pytester.makepyfile("def test_nothing(): pass")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert entered == [True]


@pytest.mark.slow
@pytest.mark.linux_only("elsewhere enter() refuses before unshare(2)")
def test_netns_refused(pytester: pytest.Pytester) -> None:
    """Where namespaces cannot be made, the session stops before any test, saying why."""
    pytester.makeconftest(
        """
        import os
        from loopback import _netns

        def refuse(flags):
            raise OSError(1, "Operation not permitted")

        _netns.unshare = refuse
        """
    )
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest_subprocess("--loopback-only=netns", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            (
                "ERROR: --loopback-only=netns: cannot enter a network namespace: "
                "user namespaces are not allowed here*"
            )
        ]
    )
