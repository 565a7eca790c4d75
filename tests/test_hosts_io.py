"""Loading and saving hosts files: atomic, locked, backed up, never lost (loopback/hosts/_io.py)."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable

import pytest

from loopback.hosts import HostsConflictError, HostsFile, HostsFileError, _io, default_path

ORIGINAL = b"127.0.0.1 localhost\n::1 localhost\n"


@pytest.fixture
def hosts_path(tmp_path: Path) -> Path:
    path = tmp_path / "hosts"
    path.write_bytes(ORIGINAL)
    path.chmod(0o640)
    return path


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.loopback-*.bak"))


#: This system's hosts file.
SYSTEM_HOSTS = (
    os.path.join(os.environ.get("SYSTEMROOT", r"C:\Windows"), "System32", "drivers", "etc", "hosts")
    if sys.platform == "win32"
    else "/etc/hosts"
)


def test_default_path() -> None:
    assert default_path() == SYSTEM_HOSTS


@pytest.mark.parametrize(
    ("platform", "root", "expected"),
    [
        ("win32", r"D:\Win", os.path.join(r"D:\Win", "System32", "drivers", "etc", "hosts")),
        ("win32", None, os.path.join(r"C:\Windows", "System32", "drivers", "etc", "hosts")),
        ("darwin", r"D:\Win", "/etc/hosts"),
    ],
)
def test_default_path_of_each_system(
    monkeypatch: pytest.MonkeyPatch, platform: str, root: str | None, expected: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    if root is None:
        monkeypatch.delenv("SYSTEMROOT", raising=False)
    else:
        monkeypatch.setenv("SYSTEMROOT", root)
    assert default_path() == expected


@pytest.mark.parametrize(("platform", "windows"), [("win32", True), ("linux", False)])
def test_load_follows_this_systems_rules(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path, platform: str, windows: bool
) -> None:
    """Windows' rules on Windows: an added line ends in CRLF there."""
    monkeypatch.undo()  # tests/conftest.py pins glibc's rules for every other test
    monkeypatch.setattr(sys, "platform", platform)
    hosts = HostsFile.load(str(hosts_path))
    assert hosts.windows is windows
    hosts.add("10.0.0.1", "web")
    assert hosts.to_bytes().endswith(b"10.0.0.1 web\r\n" if windows else b"\n10.0.0.1 web\n")


def test_load_and_save(hosts_path: Path) -> None:
    hosts = HostsFile.load(str(hosts_path))
    assert hosts.path == str(hosts_path) and not hosts.windows
    hosts.add("10.0.0.1", "web")
    hosts.save()
    assert hosts_path.read_bytes() == ORIGINAL + b"10.0.0.1 web\n"
    if os.name == "posix":  # Windows has a read-only flag, no modes
        assert stat.S_IMODE(hosts_path.stat().st_mode) == 0o640
    (backup,) = backups(hosts_path)
    assert backup.read_bytes() == ORIGINAL
    assert sorted(p.name for p in hosts_path.parent.iterdir()) == sorted(["hosts", backup.name])
    hosts.add("10.0.0.2", "db")
    hosts.save(backup=False)  # the snapshot moved on: no conflict with our own save
    assert len(backups(hosts_path)) == 1


def test_load_the_system_file() -> None:
    hosts = HostsFile.load()
    assert hosts.path == SYSTEM_HOSTS
    assert hosts.to_bytes() == Path(SYSTEM_HOSTS).read_bytes()


def test_save_defaults_to_the_system_path(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path
) -> None:
    monkeypatch.setattr(_io, "default_path", lambda: str(hosts_path))
    hosts = HostsFile.parse(b"10.0.0.9 new\n")
    hosts.save()
    assert hosts_path.read_bytes() == b"10.0.0.9 new\n"
    assert hosts.path == str(hosts_path)


def test_new_file(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    HostsFile.parse(b"10.0.0.1 a\n").save(str(target))
    assert target.read_bytes() == b"10.0.0.1 a\n"
    if os.name == "posix":  # Windows has a read-only flag, no modes
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by every user
    assert backups(target) == []


def test_backups_are_bounded(hosts_path: Path) -> None:
    hosts = HostsFile.load(str(hosts_path))
    for i in range(5):
        hosts.add(f"10.0.0.{i}", f"n{i}")
        hosts.save(keep_backups=3)
    kept = backups(hosts_path)
    assert len(kept) == 3
    assert kept[-1].read_bytes() == hosts.to_bytes().rsplit(b"10.0.0.4 n4\n", 1)[0]


def test_the_newest_backup_is_always_kept(hosts_path: Path) -> None:
    hosts = HostsFile.load(str(hosts_path))
    hosts.add("10.0.0.1", "web")
    hosts.save(keep_backups=0)
    (backup,) = backups(hosts_path)
    assert backup.read_bytes() == ORIGINAL


@pytest.mark.posix_only("a symbolic link needs a privilege on Windows")
def test_symlinks_are_followed(tmp_path: Path, hosts_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(hosts_path)
    hosts = HostsFile.load(str(link))
    hosts.add("10.0.0.1", "web")
    hosts.save()
    assert link.is_symlink()
    assert hosts_path.read_bytes().endswith(b"10.0.0.1 web\n")


def test_conflict_when_the_file_changed(hosts_path: Path) -> None:
    hosts = HostsFile.load(str(hosts_path))
    hosts_path.write_bytes(ORIGINAL + b"10.9.9.9 theirs\n")
    hosts.add("10.0.0.1", "ours")
    with pytest.raises(HostsConflictError, match="changed since it was loaded"):
        hosts.save()
    assert hosts_path.read_bytes() == ORIGINAL + b"10.9.9.9 theirs\n"
    hosts_path.unlink()
    with pytest.raises(HostsConflictError):
        hosts.save()


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        (errno.EACCES, "permission denied: run as root or administrator"),
        (errno.EROFS, "the file system is read-only"),
        (errno.ENOSPC, "no space left on the device"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_write_errors_are_explained(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path, code: int, hint: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    hosts = HostsFile.load(str(hosts_path))
    with pytest.raises(HostsFileError) as info:
        hosts.save(backup=False)
    assert info.value.errno == code
    assert hint in str(info.value)
    assert str(hosts_path) in str(info.value)
    assert hosts_path.read_bytes() == ORIGINAL


def test_read_errors_are_explained(tmp_path: Path) -> None:
    with pytest.raises(
        HostsFileError, match=r"cannot read the hosts file .*: no such file"
    ) as info:
        HostsFile.load(str(tmp_path / "missing"))
    assert info.value.errno == errno.ENOENT
    with pytest.raises(HostsFileError, match="it is a directory"):
        HostsFile.load(str(tmp_path))


def busy_at(mount: Path) -> Callable[[str, str], None]:
    """``os.replace`` as over a bind mount at ``mount``: EBUSY there, a rename elsewhere."""
    real = os.replace

    def replace(source: str, target: str) -> None:
        if Path(target) == mount:
            raise OSError(errno.EBUSY, "Device or resource busy")
        real(source, target)

    return replace


def test_bind_mounted_file_is_written_in_place(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path
) -> None:
    """Docker and Kubernetes bind-mount /etc/hosts: rename() onto it fails with EBUSY."""
    monkeypatch.setattr("loopback.hosts._io.os.replace", busy_at(hosts_path))
    inode = hosts_path.stat().st_ino
    hosts = HostsFile.load(str(hosts_path))
    hosts.add("10.0.0.1", "web")
    hosts.save()
    assert hosts_path.read_bytes() == ORIGINAL + b"10.0.0.1 web\n"
    assert hosts_path.stat().st_ino == inode
    assert len(backups(hosts_path)) == 1
    assert sorted(p.name for p in hosts_path.parent.iterdir() if p.name.startswith(".")) == []
    shorter = HostsFile.load(str(hosts_path))
    shorter.remove("localhost")
    shorter.save(backup=False)
    assert hosts_path.read_bytes() == b"10.0.0.1 web\n"


def test_other_rename_errors_are_not_retried_in_place(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path
) -> None:
    def denied(source: str, target: str) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("loopback.hosts._io.os.replace", denied)
    hosts = HostsFile.load(str(hosts_path))
    hosts.add("10.0.0.1", "web")
    with pytest.raises(HostsFileError, match="permission denied"):
        hosts.save(backup=False)
    assert hosts_path.read_bytes() == ORIGINAL
    assert [p.name for p in hosts_path.parent.iterdir()] == ["hosts"]


@pytest.mark.parametrize(
    "step",
    ["write", "fsync", pytest.param("fchmod", marks=pytest.mark.posix_only("os.fchmod")),
     "replace", "directory"],
)  # fmt: skip
def test_a_failure_at_any_step_leaves_the_old_or_the_new_file(
    monkeypatch: pytest.MonkeyPatch, hosts_path: Path, step: str
) -> None:
    """Fault injection: whatever step fails, the file is whole: the old content or the new."""
    new = HostsFile.load(str(hosts_path))
    new.add("10.0.0.1", "web")
    expected = {ORIGINAL, new.to_bytes()}
    real = {"write": os.write, "fsync": os.fsync, "fchmod": os.fchmod, "replace": os.replace}
    calls = {"fsync": 0}

    def failing(name: str) -> object:
        def fail(*args: object) -> object:
            if name == "fsync":
                calls["fsync"] += 1
                if calls["fsync"] < 3:  # let the backup's fsync pass, fail the temp file's
                    return real["fsync"](*args)  # type: ignore[operator]
            raise OSError(errno.EIO, "injected failure")

        return fail

    if step == "directory":
        monkeypatch.setattr(_io, "_fsync_directory", failing("directory"))
    else:
        monkeypatch.setattr(f"loopback.hosts._io.os.{step}", failing(step))
    with pytest.raises(HostsFileError):
        new.save()
    monkeypatch.undo()
    assert hosts_path.read_bytes() in expected
    assert not [p for p in hosts_path.parent.iterdir() if p.name.endswith(".tmp")]


SAVER = textwrap.dedent(
    """
    import sys
    from loopback.hosts import HostsFile
    path, size = sys.argv[1], int(sys.argv[2])
    versions = [bytes([65 + i]) * size + b"\\n" for i in range(2)]
    i = 0
    while True:
        hosts = HostsFile.parse(versions[i % 2])
        hosts.save(path, backup=False)
        i += 1
    """
)


@pytest.mark.posix_only("SIGKILL")
def test_sigkill_mid_save_never_leaves_a_cut_file(tmp_path: Path) -> None:
    """A writer killed at random moments leaves one whole version or the other."""
    target = tmp_path / "hosts"
    size = 2_000_000
    versions = {bytes([65 + i]) * size + b"\n" for i in range(2)}
    target.write_bytes(next(iter(versions)))
    rng = random.Random(7)
    for _ in range(15):
        # unmeasured: a kill while coverage writes its data file at exit would corrupt it
        unmeasured = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(target), str(size)], env=unmeasured
        )
        time.sleep(0.05 + rng.random() * 0.2)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert target.read_bytes() in versions
    for leftover in tmp_path.glob(".hosts.*.tmp"):
        leftover.unlink()  # a killed writer can leave its temp file: never the hosts file


ADDER = textwrap.dedent(
    """
    import sys
    from loopback.hosts import HostsConflictError, HostsFile
    path, tag = sys.argv[1], sys.argv[2]
    for i in range(200):
        while True:
            hosts = HostsFile.load(path)
            hosts.add(f"10.{tag}.{i // 256}.{i % 256}", f"{tag}-{i}")
            try:
                hosts.save(backup=False)
                break
            except HostsConflictError:
                continue
    """
)


@pytest.mark.slow
@pytest.mark.posix_only("the save lock is flock(2); Windows has none")
def test_two_writers_lose_nothing(hosts_path: Path) -> None:
    """Two processes add 200 entries each through the lock and conflict path."""
    writers = [
        subprocess.Popen([sys.executable, "-c", ADDER, str(hosts_path), tag]) for tag in ("1", "2")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    hosts = HostsFile.load(str(hosts_path))
    names = {name for line in hosts.entries for name in line.names}
    assert {f"{tag}-{i}" for tag in ("1", "2") for i in range(200)} <= names
    assert hosts.to_bytes().startswith(ORIGINAL)


@pytest.mark.parametrize(
    "path",
    ["bad\x00name", 5, None.__class__,
     pytest.param("\ud800", marks=pytest.mark.posix_only("Windows takes lone surrogates"))],
)  # fmt: skip
def test_a_path_that_is_no_file_name(path: object, tmp_path: Path) -> None:
    with pytest.raises(HostsFileError, match="not a file name") as info:
        HostsFile.load(path)  # type: ignore[arg-type]
    assert info.value.errno == errno.EINVAL
    with pytest.raises(HostsFileError, match="not a file name"):
        HostsFile.parse(b"").save(path)  # type: ignore[arg-type]


def test_backups_and_restore(hosts_path: Path) -> None:
    assert HostsFile.backups(str(hosts_path)) == []
    hosts = HostsFile.load(str(hosts_path))
    with pytest.raises(HostsFileError, match=f"no backup of {hosts_path} to restore") as info:
        hosts.restore()
    assert info.value.errno == errno.ENOENT
    hosts.add("10.0.0.1", "web")
    hosts.save()
    (backup,) = HostsFile.backups(str(hosts_path))
    assert Path(backup).read_bytes() == ORIGINAL
    assert hosts.restore() == backup
    assert hosts.to_bytes() == ORIGINAL
    assert hosts.lookup("web", multi=True) == []
    hosts.save()
    assert hosts_path.read_bytes() == ORIGINAL
    assert len(HostsFile.backups(str(hosts_path))) == 2
    with pytest.raises(HostsFileError, match="cannot read the hosts file"):
        hosts.restore(str(hosts_path.with_name("missing.bak")))
    with pytest.raises(HostsFileError, match="cannot list the backups of"):
        HostsFile.backups(str(hosts_path / "not-a-directory" / "hosts"))
