"""Reading and saving hosts files: the only file I/O of :mod:`loopback.hosts`.

Saving never leaves a cut or mixed file, whatever fails or whoever else writes:

1. the real file is found (symbolic links resolved: ``/etc`` is ``/private/etc`` on macOS);
2. an advisory lock is taken on its directory, so our own writers go one at a time; an
   in-place write that an earlier save did not finish is finished (below), and the
   temporary files a killed save left are deleted;
3. the file is read again: if it is not what was loaded, :class:`HostsConflictError`;
4. a timestamped backup is written next to it (to a temporary file, flushed, then renamed:
   never a cut backup), and only the newest ``keep_backups`` of ours are kept;
5. the new content goes to a temporary file in the same directory, with the file's mode,
   owner and group, is flushed to disk (``fsync``); the file is read once more, right
   before the rename, and if anyone changed it since step 3, :class:`HostsConflictError`;
   then it is renamed over the file (``os.replace``, atomic) and the directory flushed;
6. where renaming is impossible (``/etc/hosts`` is a bind mount in Docker and Kubernetes:
   ``EBUSY``), or would change the file's owner or group (we may not give a file away),
   the file is rewritten in place, which keeps them: the new content is first written,
   flushed, beside the file as ``.NAME.loopback-pending``; the space the file needs is
   reserved (``posix_fallocate``), so a full disk fails before the first byte changes;
   the file is checked once more for others' changes, overwritten, flushed, and the
   pending file deleted. A save killed in between leaves the pending file, and the next
   :func:`read` or :func:`write` of the file finishes the write from it.

A writer that takes no lock (``sed -i``, ``>>``) can still change the file between the
last check and the rename (or the in-place write): a window of one ``os.replace`` call
(microseconds), or of the in-place write itself; what it wrote then is lost.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
import time
from typing import TYPE_CHECKING, Callable

from .._paths import file_name
from ..errors import HostsConflictError, HostsFileError
from ._hostconf import read_multi

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "backups",
    "default_path",
    "interface_index",
    "is_windows",
    "read",
    "system_multi",
    "write",
]

_BACKUP_INFIX = ".loopback-"
_BACKUP_SUFFIX = ".bak"
_PENDING_SUFFIX = ".loopback-pending"
_TEMP_SUFFIX = ".tmp"


def default_path() -> str:
    """Return this system's hosts file.

    ``%SystemRoot%\\System32\\drivers\\etc\\hosts`` on Windows, ``/etc/hosts`` elsewhere.
    """
    if sys.platform == "win32":  # pragma: win32 cover
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return os.path.join(root, "System32", "drivers", "etc", "hosts")
    return "/etc/hosts"  # pragma: win32 no cover


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
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EFBIG: "the file would be too large (RLIMIT_FSIZE?)",
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
    """Read ``path`` (default: this system's hosts file); return the path and the bytes.

    A save of this file that was killed while it wrote the file in place is finished first.
    """
    path = default_path() if path is None else _path(path)
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    if os.path.lexists(_pending(target)):
        try:
            with _locked(directory):
                _finish_pending(target, directory)
        except OSError as error:
            raise _file_error(error, target, "finish an interrupted save of") from None
    try:
        with open(path, "rb") as source:
            return path, source.read()
    except OSError as error:
        raise _file_error(error, path, "read") from None


def _pending(target: str) -> str:
    directory, name = os.path.split(target)
    return os.path.join(directory, f".{name}{_PENDING_SUFFIX}")


def _finish_pending(target: str, directory: str) -> None:
    """Finish an in-place write that a killed save began (under the lock)."""
    pending = _pending(target)
    try:
        with open(pending, "rb") as source:
            data = source.read()
    except FileNotFoundError:
        return  # another process finished it
    current, _ = _current(target)
    if current != data:
        _write_in_place(target, data)
    os.unlink(pending)
    _fsync_directory(directory)


def _temp_prefix(target: str) -> str:
    return f".{os.path.basename(target)}{_BACKUP_INFIX}"


def _clean_up(target: str, directory: str) -> None:
    """Delete the temporary files that killed saves of ``target`` left (under the lock)."""
    prefix = _temp_prefix(target)
    for entry in os.listdir(directory):
        if entry.startswith(prefix) and entry.endswith(_TEMP_SUFFIX):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(directory, entry))


@contextlib.contextmanager
def _locked(directory: str) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``directory``.

    The directory stays the same inode while the file in it is replaced; a lock on the
    file itself would be lost with it.
    """
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: win32 cover - Windows has no flock
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
    except OSError:  # pragma: win32 cover - Windows cannot open directories
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ours(directory: str, name: str) -> list[str]:
    """Our backups of file ``name`` in ``directory``, oldest first (their names sort so)."""
    prefix = f"{name}{_BACKUP_INFIX}"
    return sorted(
        entry
        for entry in os.listdir(directory or ".")
        if entry.startswith(prefix) and entry.endswith(_BACKUP_SUFFIX)
    )


def backups(path: str | None) -> list[str]:
    """The backups :func:`write` kept of ``path``, oldest first, as paths."""
    path = default_path() if path is None else _path(path)
    target = os.path.realpath(path)
    directory, name = os.path.split(target)
    try:
        return [os.path.join(directory, entry) for entry in _ours(directory, name)]
    except OSError as error:
        raise _file_error(error, target, "list the backups of") from None


def _backup(target: str, data: bytes, mode: int, keep: int) -> str:
    """Write ``data`` as a timestamped backup of ``target``; prune ours beyond ``keep``.

    Names sort in time order: ``hosts.loopback-YYYYmmddTHHMMSS-NNN.bak``, where ``NNN``
    counts the saves within one second.
    """
    directory, name = os.path.split(target)
    prefix = f"{name}{_BACKUP_INFIX}"
    ours = _ours(directory, name)
    stamp = f"{prefix}{time.strftime('%Y%m%dT%H%M%S')}-"
    counters = [
        entry[len(stamp) : -len(_BACKUP_SUFFIX)] for entry in ours if entry.startswith(stamp)
    ]
    counter = 1 + max((int(c) for c in counters if c.isdigit()), default=-1)
    backup = f"{stamp}{counter:03d}{_BACKUP_SUFFIX}"
    path = os.path.join(directory, backup)
    _write_whole(path, data, mode, hosts=target)
    ours.append(backup)
    for old in ours[: max(len(ours) - keep, 0)]:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, old))
    return path


def _write_whole(
    path: str,
    data: bytes,
    mode: int,
    info: os.stat_result | None = None,
    before_rename: Callable[[], None] | None = None,
    *,
    hosts: str,
) -> bool:
    """Write ``data`` to ``path`` through a flushed temporary file and a rename.

    The temporary file gets ``mode``. For the hosts file itself (``info`` given: its
    status), it gets its owner and group too, and the answer is False, with nothing
    written, when they cannot be kept or ``path`` cannot be replaced (a bind mount): the
    caller writes in place. ``before_rename`` runs right before the rename (the last
    check for others' changes). The temporary file is named after the ``hosts`` file, so
    that the next save of it finds what a killed save left.
    """
    import tempfile  # noqa: PLC0415 - only saves need it: loading stays light (half a megabyte)

    directory = os.path.dirname(path)
    fd, temporary = tempfile.mkstemp(
        dir=directory or ".", prefix=_temp_prefix(hosts), suffix=_TEMP_SUFFIX
    )
    try:
        try:
            if hasattr(os, "fchmod"):  # pragma: no branch - Windows has neither
                os.fchmod(fd, mode & 0o7777)
                if info is not None and not _give(fd, info):
                    return False
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_rename is not None:
            before_rename()
        try:
            os.replace(temporary, path)
        except OSError as error:
            if info is None or error.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM):
                raise
            return False
        temporary = ""
        _fsync_directory(directory or ".")
        return True
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _give(fd: int, info: os.stat_result) -> bool:
    """Give the file ``fd`` the owner and group of ``info``; whether that was possible."""
    if (os.fstat(fd).st_uid, os.fstat(fd).st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except OSError:  # only root may give a file away, or take a group it is not in
        return False
    return True


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
            _finish_pending(target, directory)
            _clean_up(target, directory)
            current, info = _current(target)
            loaded_here = loaded_from is not None and os.path.realpath(loaded_from) == target
            if loaded_here and expected is not None and current != expected:
                _conflict(target)

            def unchanged() -> None:
                """The last check: nobody changed the file since we read it above."""
                if _current(target)[0] != current:
                    _conflict(target)

            mode = 0o644 if info is None else info.st_mode  # a new file must be readable
            if backup and current is not None:
                _backup(target, current, mode, max(keep_backups, 1))  # never lose the new one
            if not _write_whole(target, data, mode, info, unchanged, hosts=target):
                _write_through_pending(target, directory, data, unchanged)
    except OSError as error:
        raise _file_error(error, target, "write") from None
    return path


def _conflict(target: str) -> None:
    message = f"{target} changed since it was loaded: load it again and redo the edit"
    raise HostsConflictError(message)


def _current(target: str) -> tuple[bytes | None, os.stat_result | None]:
    try:
        with open(target, "rb") as source:
            return source.read(), os.fstat(source.fileno())
    except FileNotFoundError:
        return None, None


def _write_through_pending(
    target: str, directory: str, data: bytes, unchanged: Callable[[], None]
) -> None:
    """Write ``target`` in place, recoverably: the new content waits beside it first."""
    pending = _pending(target)
    _write_whole(pending, data, 0o600, hosts=target)
    fd = -1
    try:
        unchanged()
        fd = os.open(target, os.O_WRONLY)
        _reserve(fd, len(data))
    except (OSError, HostsConflictError):
        # nothing has changed yet: the pending file must not finish anything later
        if fd >= 0:
            os.close(fd)
        os.unlink(pending)
        raise
    try:
        _overwrite(fd, data)  # if this fails, the pending file finishes it later
    finally:
        os.close(fd)
    os.unlink(pending)
    _fsync_directory(directory)


def _write_in_place(target: str, data: bytes) -> None:
    """Overwrite ``target`` where it is, the space reserved first."""
    fd = os.open(target, os.O_WRONLY)
    try:
        _reserve(fd, len(data))
        _overwrite(fd, data)
    finally:
        os.close(fd)


def _overwrite(fd: int, data: bytes) -> None:
    _write_all(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _reserve(fd: int, size: int) -> None:
    """Allocate ``size`` bytes for ``fd`` (ENOSPC now, not half way through the write)."""
    if not hasattr(os, "posix_fallocate"):  # pragma: linux no cover - macOS and Windows
        return
    try:
        os.posix_fallocate(fd, 0, max(size, 1))
    except OSError as error:
        if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise
