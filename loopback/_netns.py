"""A network namespace of the session's own, where only ``lo`` exists (Linux).

``unshare(2)`` with ``CLONE_NEWNET`` (and ``CLONE_NEWUSER`` for a process without
``CAP_SYS_ADMIN``: an unprivileged user may create a user namespace, and is then allowed
to create a network namespace inside it) moves this process and every child it starts
afterwards into a new network stack: the loopback interface alone, and no route to any
other machine. ``os.unshare`` on Python 3.12+, libc's ``unshare`` through ``ctypes`` before.

The user namespace maps the user's own uid and gid to themselves (``/proc/self/uid_map``),
so files keep their owners. ``lo`` starts down in a new namespace; it is brought up with
the ``SIOCSIFFLAGS`` ioctl, as ``ip link set lo up`` does.
"""

from __future__ import annotations

import errno
import os
import socket
import struct
import sys

from .errors import NamespaceError

__all__ = ["NamespaceError", "bring_up", "enter", "unshare"]

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1

#: What each errno of unshare(2) means here (see man 2 unshare).
_REASONS = {
    errno.EPERM: "user namespaces are not allowed here (a container without them, or "
    "kernel.unprivileged_userns_clone=0)",
    errno.EACCES: "user namespaces are not allowed here (an AppArmor or SELinux policy)",
    errno.EINVAL: "this process already runs threads, or the kernel has no network namespaces",
    errno.ENOSPC: "the limit of user or network namespaces is reached "
    "(user.max_user_namespaces, user.max_net_namespaces)",
    errno.EUSERS: "the limit of nested user namespaces is reached",
    errno.ENOSYS: "the kernel has no unshare(2)",
}


def unshare(flags: int) -> None:
    """``unshare(2)``: ``os.unshare`` on Python 3.12+, libc's through ``ctypes`` before."""
    if hasattr(os, "unshare"):  # Python 3.12+
        os.unshare(flags)
        return
    import ctypes  # noqa: PLC0415 - only on Python before 3.12, only when asked

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(ctypes.c_int(flags)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def enter() -> None:
    """Move this process into a new network namespace and bring its ``lo`` up.

    :raises NamespaceError: not Linux, or the kernel refused; the message says why.
    """
    if not sys.platform.startswith("linux"):
        raise NamespaceError(f"network namespaces exist on Linux only, not on {sys.platform}")
    uid, gid = os.getuid(), os.getgid()
    privileged = os.geteuid() == 0
    flags = _CLONE_NEWNET if privileged else _CLONE_NEWUSER | _CLONE_NEWNET
    try:
        unshare(flags)
        if not privileged:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError as error:
        reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
        raise NamespaceError(f"cannot enter a network namespace: {reason}") from None
    bring_up("lo")


def bring_up(name: str) -> None:
    """Set IFF_UP on interface ``name``, as ``ip link set NAME up`` does."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        import fcntl  # noqa: PLC0415 - POSIX only, only when asked

        request = struct.pack("16sH14x", name.encode(), 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(sock, _SIOCGIFFLAGS, request))[1]
        if not flags & _IFF_UP:
            fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH14x", name.encode(), flags | _IFF_UP))
