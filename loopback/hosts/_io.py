"""Reading and saving hosts files: the only file I/O of :mod:`loopback.hosts`.

Saving never loses the file, whatever fails or whoever else writes:

1. the real file is found (symbolic links resolved: ``/etc`` is ``/private/etc`` on macOS);
2. an advisory lock is taken on its directory, so our own writers go one at a time;
3. the file is read again: if it is not what was loaded, :class:`HostsConflictError`;
4. a timestamped backup is written next to it, and only the newest ``keep_backups`` of
   ours are kept;
5. the new content goes to a temporary file in the same directory, with the file's mode
   and owner, is flushed to disk (``fsync``), and renamed over the file (``os.replace``,
   atomic), and the directory is flushed too;
6. where renaming is impossible (``/etc/hosts`` is a bind mount in Docker and Kubernetes:
   ``EBUSY``), the file is rewritten in place after the backup.

A crash at any step leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from .._paths import file_name
from ..errors import HostsConflictError, HostsFileError
from ._hostconf import read_multi

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["default_path", "interface_index", "is_windows", "read", "system_multi", "write"]

_BACKUP_INFIX = ".loopback-"
_BACKUP_SUFFIX = ".bak"


def default_path() -> str:
    """Return this system's hosts file.

    ``%SystemRoot%\\System32\\drivers\\etc\\hosts`` on Windows, ``/etc/hosts`` elsewhere.
    """
    if sys.platform == "win32":  # pragma: no cover - another OS's branch
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return os.path.join(root, "System32", "drivers", "etc", "hosts")
    return "/etc/hosts"


def system_multi() -> bool:
    """Return glibc's ``multi`` setting, as ``resolv/res_hconf.c`` reads it.

    ``/etc/host.conf`` (or ``RESOLV_HOST_CONF``), then ``RESOLV_MULTI``; off when neither
    says (see :func:`read_multi` for how each is read).
    """
    path = os.environ.get("RESOLV_HOST_CONF", "/etc/host.conf")
    conf: bytes | None
    try:
        with open(path, "rb") as source:
            conf = source.read()
    except (OSError, ValueError):  # ValueError: a NUL in the variable
        conf = None
    env = os.environ.get("RESOLV_MULTI")
    return read_multi(conf, None if env is None else os.fsencode(env))


def interface_index(name: str) -> int:
    """``if_nametoindex(name)``: this machine's index of interface ``name``, or 0."""
    try:
        return socket.if_nametoindex(name)
    except (OSError, ValueError, UnicodeError):
        return 0


def _file_error(error: OSError, path: str, action: str) -> HostsFileError:
    hints = {
        errno.EACCES: "permission denied: run as root or administrator",
        errno.EPERM: "operation not permitted: run as root or administrator",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "no such file",
        errno.EISDIR: "it is a directory",
        errno.ENOSPC: "no space left on the device",
    }
    hint = hints.get(error.errno or 0, error.strerror or str(error))
    return HostsFileError(error.errno or 0, f"cannot {action} the hosts file {path}: {hint}", path)


def _path(path: object) -> str:
    """``path`` as a file name the OS can take, or HostsFileError naming it."""
    try:
        return file_name(path)
    except ValueError as error:
        raise HostsFileError(errno.EINVAL, str(error)) from None


def is_windows() -> bool:
    """Whether this system is Windows (its hosts file's limits apply)."""
    return sys.platform == "win32"


def read(path: str | None) -> tuple[str, bytes]:
    """Read ``path`` (default: this system's hosts file); return the path and the bytes."""
    path = default_path() if path is None else _path(path)
    try:
        with open(path, "rb") as source:
            return path, source.read()
    except OSError as error:
        raise _file_error(error, path, "read") from None


@contextlib.contextmanager
def _locked(directory: str) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``directory``.

    The directory stays the same inode while the file in it is replaced; a lock on the
    file itself would be lost with it.
    """
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - another OS's branch (Windows: no flock)
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open directories
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _backup(target: str, data: bytes, mode: int, keep: int) -> str:
    """Write ``data`` as a timestamped backup of ``target``; prune ours beyond ``keep``.

    Names sort in time order: ``hosts.loopback-YYYYmmddTHHMMSS-NNN.bak``, where ``NNN``
    counts the saves within one second.
    """
    directory, name = os.path.split(target)
    prefix = f"{name}{_BACKUP_INFIX}"
    ours = sorted(
        entry
        for entry in os.listdir(directory or ".")
        if entry.startswith(prefix) and entry.endswith(_BACKUP_SUFFIX)
    )
    stamp = f"{prefix}{time.strftime('%Y%m%dT%H%M%S')}-"
    counters = [
        entry[len(stamp) : -len(_BACKUP_SUFFIX)] for entry in ours if entry.startswith(stamp)
    ]
    counter = 1 + max((int(c) for c in counters if c.isdigit()), default=-1)
    backup = f"{stamp}{counter:03d}{_BACKUP_SUFFIX}"
    path = os.path.join(directory, backup)
    _write_new(path, data, mode)
    ours.append(backup)
    for old in ours[: max(len(ours) - keep, 0)]:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, old))
    return path


def _write_new(path: str, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode & 0o7777)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write(
    path: str | None,
    data: bytes,
    *,
    expected: bytes | None,
    loaded_from: str | None,
    backup: bool,
    keep_backups: int,
) -> str:
    """Write ``data`` to ``path`` (default: this system's hosts file); return the path.

    ``expected`` is what the file held when ``loaded_from`` was read: if ``path`` is that
    file and it holds something else now, nothing is written.
    """
    path = default_path() if path is None else _path(path)
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        with _locked(directory):
            current, info = _current(target)
            loaded_here = loaded_from is not None and os.path.realpath(loaded_from) == target
            if loaded_here and expected is not None and current != expected:
                message = f"{target} changed since it was loaded: load it again and redo the edit"
                raise HostsConflictError(message)
            mode = 0o644 if info is None else info.st_mode
            if backup and current is not None:
                _backup(target, current, mode, max(keep_backups, 1))  # never lose the new one
            _replace(target, directory, data, info)
    except OSError as error:
        raise _file_error(error, target, "write") from None
    return path


def _current(target: str) -> tuple[bytes | None, os.stat_result | None]:
    try:
        with open(target, "rb") as source:
            return source.read(), os.fstat(source.fileno())
    except FileNotFoundError:
        return None, None


def _replace(target: str, directory: str, data: bytes, info: os.stat_result | None) -> None:
    """Write ``data`` to a temporary file and rename it over ``target``.

    Where the rename is refused (a bind-mounted file), write ``target`` in place instead.
    """
    fd, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
    )
    try:
        try:
            if hasattr(os, "fchmod"):  # pragma: no branch - Windows has neither
                # a new hosts file is world-readable, or nothing resolves for other users
                os.fchmod(fd, 0o644 if info is None else info.st_mode & 0o7777)
                if info is not None:
                    with contextlib.suppress(OSError):  # only root may give a file away
                        os.fchown(fd, info.st_uid, info.st_gid)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.replace(temporary, target)
        except OSError as error:
            if error.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM):
                raise
            _write_in_place(target, data)  # the backup is already on disk
        else:
            temporary = ""
            _fsync_directory(directory)
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _write_in_place(target: str, data: bytes) -> None:
    """Overwrite ``target`` where it is: for files that cannot be replaced (bind mounts)."""
    fd = os.open(target, os.O_WRONLY)
    try:
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
