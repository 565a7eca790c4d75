"""Saving never leaves a cut or mixed file: fault injection on both paths.

A subprocess saves two versions of a file in turn and is killed at random moments; each
time, the file (once the next load has finished an interrupted in-place write) is one
version or the other, every backup is whole, and the next save leaves no temporary file.
The in-place path is the one a bind mount forces (``os.replace`` onto the file fails with
EBUSY): the subprocess makes ``os.replace`` fail so for the hosts file only.

The normal run makes a few trials per case; ``LOOPBACK_SAVE_TRIALS=N`` makes N (the
``property`` session's scale is a few hundred).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from loopback.hosts import HostsConflictError, HostsFile, HostsFileError, _io
from tests.test_hosts_io import busy_at

if TYPE_CHECKING:
    from collections.abc import Iterator

TRIALS = int(os.environ.get("LOOPBACK_SAVE_TRIALS", "6"))

#: The start of each saving script: argv[1] is the file, argv[-1] "1" for the in-place path.
PRELUDE = textwrap.dedent(
    """
    import errno, os, sys
    from loopback.hosts import HostsFile, HostsFileError
    path, in_place = sys.argv[1], sys.argv[-1] == "1"
    if in_place:  # as over a bind mount: the hosts file cannot be renamed onto
        real = os.replace
        def replace(source, target):
            if os.path.realpath(target) == os.path.realpath(path):
                raise OSError(errno.EBUSY, "Device or resource busy")
            real(source, target)
        os.replace = replace
    """
)

SAVER = PRELUDE + textwrap.dedent(
    """
    size = int(sys.argv[2])
    versions = [bytes([65 + i]) * size + b"\\n" for i in range(2)]
    print("ready", flush=True)
    i = 0
    while True:
        hosts = HostsFile.load(path)
        hosts = HostsFile.parse(versions[i % 2])
        hosts.save(path, keep_backups=2)
        i += 1
    """
)


#: The killed savers run without coverage's subprocess measurement: a kill while coverage
#: writes its data file at exit would leave a corrupt file for `coverage combine`.
UNMEASURED = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}


def versions(size: int) -> set[bytes]:
    return {bytes([65 + i]) * size + b"\n" for i in range(2)}


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


@pytest.mark.posix_only("SIGKILL at random moments")
@pytest.mark.parametrize("in_place", [False, True], ids=["rename", "in-place"])
@pytest.mark.parametrize("size", [100, 3_000_000], ids=["small", "3MB"])
def test_a_save_killed_at_any_moment(tmp_path: Path, in_place: bool, size: int) -> None:
    target = tmp_path / "hosts"
    whole = versions(size)
    target.write_bytes(min(whole))
    rng = random.Random(f"{in_place}{size}")
    for _ in range(TRIALS):
        process = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(target), str(size), "1" if in_place else "0"],
            stdout=subprocess.PIPE,
            env=UNMEASURED,
        )
        assert process.stdout is not None
        process.stdout.readline()  # imported and ready: the kill lands inside the saves
        time.sleep(rng.random() * (0.3 if size > 1000 else 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        hosts = HostsFile.load(str(target))  # finishes an interrupted in-place write
        assert hosts.to_bytes() in whole
        assert target.read_bytes() == hosts.to_bytes()
        assert not (tmp_path / ".hosts.loopback-pending").exists()
        for backup in tmp_path.glob("hosts.loopback-*.bak"):
            assert backup.read_bytes() in whole, backup.name
    HostsFile.load(str(target)).save(backup=False)  # cleans up what killed saves left
    assert leftovers(tmp_path) == []


def test_an_interrupted_in_place_write_is_finished_by_the_next_load(tmp_path: Path) -> None:
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 new\n10.0.0.2 ol")  # cut half way
    (tmp_path / ".hosts.loopback-pending").write_bytes(b"10.0.0.1 new\n10.0.0.2 other\n")
    assert HostsFile.load(str(target)).to_bytes() == b"10.0.0.1 new\n10.0.0.2 other\n"
    assert target.read_bytes() == b"10.0.0.1 new\n10.0.0.2 other\n"
    assert leftovers(tmp_path) == []
    # killed after the write, before the pending file was deleted: only the deletion is left
    (tmp_path / ".hosts.loopback-pending").write_bytes(target.read_bytes())
    HostsFile.parse(b"10.0.0.3 third\n").save(str(target), backup=False)
    assert target.read_bytes() == b"10.0.0.3 third\n"
    assert leftovers(tmp_path) == []


def test_the_temporary_file_of_a_killed_save_is_deleted_by_the_next_save(
    tmp_path: Path,
) -> None:
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 old\n")
    (tmp_path / ".hosts.loopback-k1ll3d.tmp").write_bytes(b"10.0.0.1 ha")  # killed mid-write
    (tmp_path / ".hosts.loopback-notes").write_bytes(b"not ours to delete\n")
    (tmp_path / ".other.loopback-k1ll3d.tmp").write_bytes(b"another file's\n")
    HostsFile.parse(b"10.0.0.2 new\n").save(str(target), backup=False)
    assert target.read_bytes() == b"10.0.0.2 new\n"
    assert leftovers(tmp_path) == [".hosts.loopback-notes", ".other.loopback-k1ll3d.tmp"]


def test_a_pending_write_that_cannot_be_finished_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hosts"
    target.write_bytes(b"cut")
    (tmp_path / ".hosts.loopback-pending").write_bytes(b"10.0.0.1 whole\n")

    def denied(*args: object) -> int:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("loopback.hosts._io.os.open", denied)
    with pytest.raises(HostsFileError) as info:
        HostsFile.load(str(target))
    assert str(info.value) == (
        f"cannot finish an interrupted save of the hosts file {target}: "
        "permission denied: run as root or administrator"
    )


def test_a_writer_without_a_lock_is_caught_at_the_last_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines appended (``>>``) while the backup is written are not lost: the save stops."""
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 a\n")
    real_backup = _io._backup

    def backup_then_append(*args: object) -> str:
        written = real_backup(*args)  # type: ignore[arg-type]
        with target.open("ab") as other:
            other.write(b"10.0.0.9 appended\n")
        return written

    monkeypatch.setattr(_io, "_backup", backup_then_append)
    for in_place in (False, True):
        if in_place:
            monkeypatch.setattr("loopback.hosts._io.os.replace", busy_at(target))
        hosts = HostsFile.load(str(target))
        hosts.add("10.0.0.2", "b")
        with pytest.raises(HostsConflictError, match="changed since it was loaded"):
            hosts.save()
        assert target.read_bytes().endswith(b"10.0.0.9 appended\n")
        assert not (tmp_path / ".hosts.loopback-pending").exists()
        assert not list(tmp_path.glob(".hosts.loopback-*.tmp"))


def test_a_writer_without_a_lock_during_an_in_place_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines appended after the rename was refused, before the in-place write: kept."""
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 a\n")
    real = os.replace

    def busy_and_append(source: str, destination: str) -> None:
        if Path(destination) == target:
            with target.open("ab") as other:
                other.write(b"10.0.0.9 appended\n")
            raise OSError(errno.EBUSY, "Device or resource busy")
        real(source, destination)

    monkeypatch.setattr("loopback.hosts._io.os.replace", busy_and_append)
    hosts = HostsFile.load(str(target))
    hosts.add("10.0.0.2", "b")
    with pytest.raises(HostsConflictError, match="changed since it was loaded"):
        hosts.save(backup=False)
    assert target.read_bytes() == b"10.0.0.1 a\n10.0.0.9 appended\n"
    assert leftovers(tmp_path) == []


@pytest.mark.linux_only("posix_fallocate")
@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "no space left on the device"), (errno.EOPNOTSUPP, None)],
)
def test_the_space_is_reserved_before_an_in_place_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str | None
) -> None:
    """ENOSPC from posix_fallocate stops the save unchanged; no support for it is no error."""
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 a\n")

    def fallocate(fd: int, offset: int, length: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("loopback.hosts._io.os.replace", busy_at(target))
    monkeypatch.setattr("loopback.hosts._io.os.posix_fallocate", fallocate)
    hosts = HostsFile.load(str(target))
    hosts.add("10.0.0.2", "b")
    if message is None:
        hosts.save(backup=False)
        assert target.read_bytes() == b"10.0.0.1 a\n10.0.0.2 b\n"
    else:
        with pytest.raises(HostsFileError, match=message):
            hosts.save(backup=False)
        assert target.read_bytes() == b"10.0.0.1 a\n"
    assert leftovers(tmp_path) == []


@pytest.mark.posix_only("file owners (os.fchown)")
def test_an_owner_that_cannot_be_kept_means_an_in_place_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 a\n")
    inode = target.stat().st_ino
    info = target.stat()
    fake = os.stat_result((*info[:4], info.st_uid + 1, *info[5:]))

    def denied(fd: int, uid: int, gid: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    real_current = _io._current

    def current(path: str) -> tuple[bytes | None, os.stat_result | None]:
        data, _ = real_current(path)
        return data, fake  # as if another user owned the file

    monkeypatch.setattr(_io, "_current", current)
    monkeypatch.setattr("loopback.hosts._io.os.fchown", denied)
    hosts = HostsFile.load(str(target))
    hosts.add("10.0.0.2", "b")
    hosts.save(backup=False)
    assert target.stat().st_ino == inode  # written in place: the owner stays
    assert target.read_bytes() == b"10.0.0.1 a\n10.0.0.2 b\n"


@pytest.mark.posix_only("file owners (os.fchown)")
def test_an_owner_that_can_be_given_means_a_new_file_given_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root (or to a group of one's own): the new file gets the old one's owner."""
    target = tmp_path / "hosts"
    target.write_bytes(b"10.0.0.1 a\n")
    inode = target.stat().st_ino
    info = target.stat()
    fake = os.stat_result((*info[:4], info.st_uid + 1, *info[5:]))
    given: list[tuple[int, int]] = []
    real_current = _io._current

    def current(path: str) -> tuple[bytes | None, os.stat_result | None]:
        data, _ = real_current(path)
        return data, fake  # as if another user owned the file

    monkeypatch.setattr(_io, "_current", current)
    monkeypatch.setattr("loopback.hosts._io.os.fchown", lambda fd, u, g: given.append((u, g)))
    hosts = HostsFile.load(str(target))
    hosts.add("10.0.0.2", "b")
    hosts.save(backup=False)
    assert given == [(info.st_uid + 1, info.st_gid)]
    assert target.stat().st_ino != inode  # a new file, renamed over the old one
    assert target.read_bytes() == b"10.0.0.1 a\n10.0.0.2 b\n"


SAVE_ONCE = PRELUDE + textwrap.dedent(
    """
    hosts = HostsFile.load(path)
    hosts.add("10.0.0.2", *(f"name{i}.example" for i in range(4000)))
    try:
        hosts.save()
    except HostsFileError as error:
        print(error)
    """
)


def _save_once(
    target: Path, in_place: bool, *, python: str = sys.executable, **options: object
) -> str:
    result = subprocess.run(
        [python, "-c", SAVE_ONCE, str(target), "1" if in_place else "0"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        **options,  # type: ignore[call-overload]
    )
    return str(result.stdout.strip())


def _limit_file_size() -> None:
    import resource  # noqa: PLC0415 - POSIX only

    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.posix_only("RLIMIT_FSIZE in the child")
@pytest.mark.parametrize("in_place", [False, True], ids=["rename", "in-place"])
def test_a_file_size_limit_changes_nothing(tmp_path: Path, in_place: bool) -> None:
    """RLIMIT_FSIZE, as ENOSPC would: the write fails before the file changes."""
    target = tmp_path / "hosts"
    target.write_bytes(b"127.0.0.1 localhost\n" * 500)  # 10,000 bytes: room for one backup
    before = target.read_bytes()
    # unmeasured: the limit would also cut coverage's own data file at exit
    message = _save_once(target, in_place, preexec_fn=_limit_file_size, env=UNMEASURED)
    assert message.startswith(f"cannot write the hosts file {target}: ")
    assert "too large" in message
    assert target.read_bytes() == before
    for backup in tmp_path.glob("hosts.loopback-*.bak"):
        assert backup.read_bytes() == before
    assert leftovers(tmp_path) == []


def _can_mount_tmpfs() -> str | None:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return "needs Linux, root and unshare to mount a small tmpfs"
    probe = subprocess.run(
        ["unshare", "-m", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", "/mnt"],
        capture_output=True,
        check=False,
    )
    return None if probe.returncode == 0 else "cannot mount a tmpfs in a mount namespace"


WHY_NO_TMPFS = _can_mount_tmpfs()


@pytest.mark.skipif(WHY_NO_TMPFS is not None, reason=WHY_NO_TMPFS or "")
@pytest.mark.parametrize("in_place", [False, True], ids=["rename", "in-place"])
def test_a_full_disk_changes_nothing(tmp_path: Path, in_place: bool) -> None:
    """ENOSPC on a 96 KiB tmpfs: the old file stays whole, nothing cut is left beside it."""
    directory = tmp_path / "small"
    directory.mkdir()
    before = b"127.0.0.1 localhost\n" * 1500  # 30,000 bytes; the new file is ~70 KB
    script = (
        f"mount -t tmpfs -o size=96k tmpfs {directory} && "
        f"printf '%s' {_shell_quote(before.decode())} > {directory}/hosts && "
        f"{sys.executable} -c {_shell_quote(SAVE_ONCE)} {directory}/hosts {int(in_place)} && "
        f"cat {directory}/hosts > {tmp_path}/after && ls -A {directory} > {tmp_path}/listing"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no space left on the device" in result.stdout
    assert (tmp_path / "after").read_bytes() == before
    names = (tmp_path / "listing").read_text().split()
    assert [name for name in names if not name.endswith(".bak")] == ["hosts"]


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _as_nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


REPOSITORY = Path(__file__).resolve().parents[1]


def _python_for_nobody() -> str | None:
    """A Python that user nobody may run and that imports this checkout, if any."""
    if sys.platform == "win32" or os.geteuid() != 0:
        return None
    for python in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            probe = subprocess.run(
                [python, "-c", "import loopback.hosts"],
                preexec_fn=_as_nobody,
                env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
                capture_output=True,
                check=False,
                cwd="/",
            )
        except OSError:  # nobody may not run it
            continue
        if probe.returncode == 0:
            return python
    return None  # pragma: no cover - a machine whose Pythons nobody may not run


NOBODY_PYTHON = _python_for_nobody()
needs_root = pytest.mark.skipif(
    NOBODY_PYTHON is None, reason="needs root and a Python that user nobody may run"
)


def _save_as_nobody(target: Path) -> str:
    assert NOBODY_PYTHON is not None
    return _save_once(
        target,
        in_place=False,
        python=NOBODY_PYTHON,
        preexec_fn=_as_nobody,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        cwd="/",
    )


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A directory that user nobody can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="loopback-saving-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@needs_root
def test_permission_denied_changes_nothing(public_dir: Path) -> None:
    tmp_path = public_dir
    target = tmp_path / "hosts"
    target.write_bytes(b"127.0.0.1 localhost\n")
    target.chmod(0o644)
    message = _save_as_nobody(target)
    assert message == (
        f"cannot write the hosts file {target}: permission denied: run as root or administrator"
    )
    assert target.read_bytes() == b"127.0.0.1 localhost\n"
    assert leftovers(tmp_path) == []


@needs_root
def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "hosts"
    target.write_bytes(b"127.0.0.1 localhost\n")
    os.chown(target, 1234, 2345)
    target.chmod(0o664)
    HostsFile.load(str(target)).save(backup=False)  # as root: the new file is given away
    info = target.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (1234, 2345, 0o664)


@needs_root
def test_another_users_file_is_written_in_place_to_keep_its_owner(public_dir: Path) -> None:
    """A user who may write the file but not give a file away: in place, owner kept."""
    tmp_path = public_dir
    tmp_path.chmod(0o777)
    target = tmp_path / "hosts"
    target.write_bytes(b"127.0.0.1 localhost\n")
    target.chmod(0o666)
    inode = target.stat().st_ino
    assert _save_as_nobody(target) == ""
    info = target.stat()
    assert (info.st_uid, info.st_gid, info.st_ino) == (0, 0, inode)
    assert target.read_bytes().startswith(b"127.0.0.1 localhost\n10.0.0.2 name0.example ")
    assert leftovers(tmp_path) == []
