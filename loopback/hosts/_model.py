"""The lossless hosts-file model: every byte kept, glibc's view beside it.

A file is held as its bytes; ``to_bytes`` returns them as they came until an edit. Lines
are split off when first needed (at ``\\n`` only, so ``\\r\\n`` endings stay in the line and
a file without a final newline stays without one), and an edit replaces only the lines it
changes. Nothing is decoded, normalised or re-rendered otherwise. glibc's view of a line
(:class:`Line`) is computed when asked for; lookups use an index built on first use and
dropped on every edit.
"""

from __future__ import annotations

import errno
import socket
from collections import abc
from typing import TYPE_CHECKING, Literal

from .._address import Address
from ..errors import HostsFileError, HostsSyntaxError
from . import _edit, _io, _lint
from ._io import default_path
from ._lookup import HostEntry, Index
from ._parse import BOM, Line, encode, read_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

__all__ = ["Block", "HostsFile"]


class HostsFile:
    """A hosts file, parsed without loss; lookups answer what glibc answers.

    >>> hosts = HostsFile.parse(b"::1 localhost\\n127.0.0.1 localhost\\n")
    >>> hosts.lookup("LOCALHOST", multi=False)
    [Address('::1')]
    >>> hosts.lookup("localhost", socket.AF_INET, multi=True)
    [Address('127.0.0.1'), Address('127.0.0.1')]
    >>> hosts.to_bytes() == b"::1 localhost\\n127.0.0.1 localhost\\n"
    True
    """

    __slots__ = ("_data", "_index", "_multi", "_snapshot", "_split", "path", "windows")

    def __init__(self, data: bytes, *, windows: bool = False) -> None:
        self._data: bytes | None = data  # the file's bytes, until an edit changes them
        self._split: list[bytes] | None = None  # its lines, split when first needed
        self._index: Index | None = None
        self._multi: bool | None = None
        self._snapshot: bytes | None = None  # what load() read, to detect others' changes
        #: Where :meth:`load` read the file from, and where :meth:`save` writes by default.
        self.path: str | None = None
        #: Write as Windows does: CRLF, at most 9 names per line (see :meth:`add`).
        self.windows = windows

    @classmethod
    def parse(cls, data: bytes | str, *, windows: bool = False) -> HostsFile:
        """Parse a hosts file's contents; never raises on any content.

        ``str`` is encoded as UTF-8 (lone surrogates as the bytes they stand for).
        """
        if isinstance(data, str):
            data = encode(data)
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            raise HostsSyntaxError(f"expected bytes or str, not {type(data).__name__}")
        return cls(bytes(data), windows=windows)

    @property
    def _lines(self) -> list[bytes]:
        """The raw lines, split at ``\n``; the last is what follows the final newline."""
        if self._split is None:
            self._split = self._data.split(b"\n")  # type: ignore[union-attr]
        return self._split

    def to_bytes(self) -> bytes:
        """The file's bytes: exactly what was parsed, but for the lines edits changed."""
        return b"\n".join(self._lines) if self._data is None else self._data

    def __len__(self) -> int:
        """The number of lines (a final newline does not start another)."""
        if self._split is None and self._data is not None:
            data = self._data
            return data.count(b"\n") + 1 - (not data or data.endswith(b"\n"))
        return len(self._lines) - (self._lines[-1] == b"")

    @property
    def lines(self) -> list[Line]:
        """Every line, with glibc's view of it."""
        return list(self._iter_lines())

    def _iter_lines(self) -> Iterator[Line]:
        count = len(self)
        last = len(self._lines) - 1
        for i in range(count):
            yield read_line(i + 1, self._lines[i], b"\n" if i < last else b"")

    @property
    def entries(self) -> list[Line]:
        """The lines glibc reads as entries (address and names)."""
        return [line for line in self._iter_lines() if line.kind == "entry"]

    @property
    def has_bom(self) -> bool:
        """Whether the file starts with a UTF-8 byte order mark (glibc ignores line 1)."""
        return self.to_bytes().startswith(BOM)

    # Lookups -------------------------------------------------------------------------

    def _get_index(self) -> Index:
        if self._index is None:
            self._index = Index(self.to_bytes())
        return self._index

    def _resolve_multi(self, multi: bool | None) -> bool:
        if multi is not None:
            return multi
        if self._multi is None:
            self._multi = _io.system_multi()
        return self._multi

    def lookup(
        self,
        name: str,
        family: int = socket.AF_UNSPEC,
        *,
        multi: bool | None = None,
        canonname: bool = False,
        v4mapped: bool | Literal["all"] = False,
    ) -> list[Address]:
        """The addresses glibc's ``getaddrinfo`` takes from this file for ``name``.

        :param family: ``socket.AF_INET``, ``socket.AF_INET6`` or ``socket.AF_UNSPEC``.
        :param multi: glibc's ``multi`` setting; ``None`` reads ``RESOLV_MULTI`` and
            ``/etc/host.conf`` (``RESOLV_HOST_CONF``) as glibc does: off when absent.
        :param canonname: as if ``AI_CANONNAME`` were passed (``getent ahosts`` does): then
            an ``AF_INET`` lookup skips ``gethostbyname2``'s numeric rule (see
            :meth:`query`) and reads the file for names such as ``999.1.1.1``.
        :param v4mapped: for ``AF_INET6``, as if ``AI_V4MAPPED`` were passed (``True``) or
            ``AI_V4MAPPED | AI_ALL`` (``"all"``; ``getent ahostsv6`` passes the first):
            when no IPv6 line answers (or always, with ``"all"``), the IPv4 answer
            follows as IPv4-mapped addresses (``::ffff:10.0.0.1``), and a name that
            ``inet_aton`` reads answers its mapped address. With ``True``, an answer from
            IPv6 lines leaves out the lines whose address is itself IPv4-mapped, as glibc
            does. Ignored for other families.
        :returns: addresses in file order (glibc sorts ``AF_UNSPEC`` answers by RFC 6724
            afterwards). A name that ``inet_aton`` reads whole, or IPv6 text with an
            optional zone (which must name an interface of this machine on a link-local
            address, or be a number), answers itself without reading the file; the
            zone is kept in the answer.
        :raises HostsSyntaxError: ``name`` is not a ``str``, ``family`` is unknown, or
            ``v4mapped`` is not ``False``, ``True`` or ``"all"``.
        """
        _check_query(name, family)
        _check_v4mapped(v4mapped)
        return self._get_index().lookup(
            name,
            family,
            self._resolve_multi(multi),
            _io.interface_index,
            bool(canonname),
            v4mapped=v4mapped,
        )

    def query(
        self, name: str, family: int = socket.AF_INET, *, multi: bool | None = None
    ) -> HostEntry | None:
        """What ``gethostbyname2(name, family)`` answers: canonical name, aliases, addresses.

        A name of digits and dots not ending in a dot answers the address ``inet_aton``
        reads (``AF_INET``), else ``None``; IPv6 text answers itself for ``AF_INET6``, and
        ``None`` for ``AF_INET``; everything else reads the file (``0x11``, ``1.2.3.``,
        ``fe80::1%lo0``). ``AF_UNSPEC`` reads lines of both families as they are (glibc
        aborts on it with ``multi`` on; we then merge as for one family).

        With ``multi`` on, later lines add their addresses, then their aliases, then their
        canonical name if it differs (case-sensitively) from the first; duplicates are
        kept, as glibc does.

        :raises HostsSyntaxError: ``name`` is not a ``str`` or ``family`` is unknown.
        """
        _check_query(name, family)
        return self._get_index().query(name, family, self._resolve_multi(multi))

    def reverse(self, address: Address | str) -> list[str] | None:
        """The names of the first line with ``address``, canonical first.

        ``None`` if no line has it; a line with an address and no names answers ``[]``.

        For an IPv4 address, a ``::1`` line counts as ``127.0.0.1`` and an IPv4-mapped line
        as its IPv4 address, as for glibc's ``gethostbyaddr``.

        :raises AddressError: ``address`` is not strict address text or an ``Address``.
        """
        if not isinstance(address, Address):
            address = Address(address)
        return self._get_index().reverse(address)

    # Editing: the edits are pure functions in _edit.py; _apply is the one place that
    # changes the lines -----------------------------------------------------------------

    def _apply(self, splices: Sequence[_edit.Splice]) -> None:
        """Apply splices (sorted, not overlapping) in one pass; drop every cache."""
        if not splices:
            return
        lines = self._lines
        out: list[bytes] = []
        at = 0
        for start, stop, new in splices:
            out += lines[at:start]
            out += new
            at = stop
        out += lines[at:]
        self._split = out
        self._data = None
        self._index = None

    def _new_lines(self, start: int, count: int) -> list[Line]:
        """Lines ``start`` to ``start + count`` (0-based) as :class:`Line` values."""
        lines = self._lines
        last = len(lines) - 1
        return [
            read_line(i + 1, lines[i], b"\n" if i < last else b"")
            for i in range(start, start + count)
        ]

    def add(self, address: Address | str, *names: str, comment: str | None = None) -> list[Line]:
        """Append an entry, in the file's own style; return the lines added.

        An entry line that already has this address and every one of these names (ASCII
        case-insensitively) makes it a no-op: nothing is added, and the answer is ``[]``.
        The address must be strict (what ``inet_pton`` reads, no zone); each name an RFC
        1123 host name; a comment one line. New lines copy the file's newline and spacing;
        a Windows file gets at most nine names a line.

        :raises AddressError: the address is not strict address text.
        :raises HostsSyntaxError: no name, or a name or comment that ``add`` refuses.
        """
        at = len(self)
        self._apply(_edit.add(self._lines, self.windows, address, names, comment))
        return self._new_lines(at, len(self) - at)

    def remove(self, name: str) -> int:
        """Remove ``name`` from every entry, ASCII case-insensitively; return how many.

        A line left with an address and no name is removed.
        """
        removed, splices = _edit.remove(self._lines, name)
        self._apply(splices)
        return removed

    def remove_address(self, address: Address | str) -> int:
        """Remove every entry line whose address is ``address``; return how many.

        :raises AddressError: ``address`` is not strict address text.
        """
        removed, splices = _edit.remove_address(self._lines, address)
        self._apply(splices)
        return removed

    def restore(self, backup: str | None = None) -> str:
        """Make the content that of ``backup``; return the backup's path. Save to write it.

        :param backup: a backup's path (default: the newest that :meth:`save` kept of
            :attr:`path`, see :meth:`backups`).
        :raises HostsFileError: there is no backup, or it cannot be read.
        """
        if backup is None:
            found = _io.backups(self.path)
            if not found:
                raise HostsFileError(
                    errno.ENOENT, f"no backup of {self.path or default_path()} to restore"
                )
            backup = found[-1]
        backup, data = _io.read(backup)
        self._apply([_edit.Splice(0, len(self._lines), data.split(b"\n"))])
        return backup

    def block(self, owner: str) -> Block:
        """The managed block of ``owner``: lines between ``# BEGIN``/``# END`` markers."""
        return Block(self, owner)

    def lint(self) -> list[_lint.Finding]:
        """Problems in the file, from the harmless to the ones that break resolution."""
        return _lint.lint(self.to_bytes(), self.lines)

    # Files: the bytes go through _io.py --------------------------------------------------

    @staticmethod
    def backups(path: str | None = None) -> list[str]:
        """The backups :meth:`save` kept of ``path`` (default: this system's file), oldest first.

        :raises HostsFileError: the directory cannot be read, or ``path`` is no file name.
        """
        return _io.backups(path)

    @classmethod
    def load(cls, path: str | None = None, *, windows: bool | None = None) -> HostsFile:
        """Read a hosts file (default: this system's); remember it for :meth:`save`.

        :raises HostsFileError: the file is missing or unreadable, or ``path`` is no file name.
        """
        path, data = _io.read(path)
        hosts = cls.parse(data, windows=_io.is_windows() if windows is None else windows)
        hosts.path = path
        hosts._snapshot = data
        return hosts

    def save(self, path: str | None = None, *, backup: bool = True, keep_backups: int = 10) -> None:
        """Write the file atomically, under a lock, after a backup; never lose it.

        :raises HostsConflictError: the file changed on disk since it was loaded.
        :raises HostsFileError: the file cannot be written (permission, read-only, ...), or
            ``path`` is no file name.
        """
        data = self.to_bytes()
        written = _io.write(
            self.path if path is None else path,
            data,
            expected=self._snapshot,
            loaded_from=self.path,
            backup=backup,
            keep_backups=keep_backups,
        )
        self._snapshot = data
        self.path = written


class Block:
    """A managed block of lines, which one tool owns and rewrites as a whole.

    The block's lines stand between ``# BEGIN loopback: OWNER`` and ``# END loopback: OWNER``.

    >>> hosts = HostsFile.parse(b"127.0.0.1 localhost\\n")
    >>> _ = hosts.block("myapp").replace([("127.0.0.1", "api.myapp.localhost")])
    >>> print(hosts.to_bytes().decode(), end="")
    127.0.0.1 localhost
    # BEGIN loopback: myapp
    127.0.0.1 api.myapp.localhost
    # END loopback: myapp
    """

    def __init__(self, hosts: HostsFile, owner: str) -> None:
        self.hosts = hosts
        self.owner = _edit.check_owner(owner)

    @property
    def exists(self) -> bool:
        """Whether the file has this block."""
        return _edit.block_span(self.hosts._lines, self.owner) is not None

    @property
    def lines(self) -> list[Line]:
        """The lines inside the block (markers excluded); empty if there is no block."""
        inside = _edit.block_lines(self.hosts._lines, self.owner)
        return [] if inside is None else self.hosts._new_lines(inside[0], inside[1] - inside[0])

    @property
    def enabled(self) -> bool:
        """Whether the block is there and not disabled."""
        return self.exists and not _edit.block_disabled(self.hosts._lines, self.owner)

    @property
    def entries(self) -> list[tuple[str, ...]]:
        """The block's entries, ``(address, name, ...)``, whether it is enabled or not."""
        return _edit.block_entries(self.hosts._lines, self.owner)

    def disable(self) -> bool:
        """Comment the block's lines out, keeping every byte; return whether it changed.

        :raises HostsSyntaxError: there is no such block (or its markers are unbalanced).
        """
        return self._toggle(disable=True)

    def enable(self) -> bool:
        """Comment a disabled block's lines back in, byte for byte; whether it changed.

        :raises HostsSyntaxError: there is no such block (or its markers are unbalanced).
        """
        return self._toggle(disable=False)

    def _toggle(self, *, disable: bool) -> bool:
        splices = _edit.block_toggle(self.hosts._lines, self.owner, disable=disable)
        if splices is None:
            raise HostsSyntaxError(f"there is no block {self.owner!r}")
        self.hosts._apply(splices)
        return bool(splices)

    def replace(self, entries: Iterable[Sequence[object]]) -> list[Line]:
        """Make the block hold exactly ``entries`` (each ``(address, name, ...)``).

        Creates the block at the end of the file if it is missing; a disabled block stays
        disabled. Replacing with the same entries again changes no byte. Returns the
        block's lines, markers included.

        :raises HostsSyntaxError: ``entries`` is not a list of non-empty sequences (or any
            entry :meth:`HostsFile.add` would refuse).
        """
        entries = _checked_entries(entries)
        hosts = self.hosts
        begin, count, splices = _edit.block_replace(
            hosts._lines, hosts.windows, self.owner, entries
        )
        hosts._apply(splices)
        return hosts._new_lines(begin, count)

    def remove(self) -> bool:
        """Delete the block, markers included; return whether there was one."""
        splices = _edit.block_remove(self.hosts._lines, self.owner)
        if splices is None:
            return False
        self.hosts._apply(splices)
        return True


def _checked_entries(entries: object) -> list[Sequence[object]]:
    """``entries`` as a list of ``(address, name, ...)`` sequences (each at least 1 long)."""
    if isinstance(entries, (str, bytes, bytearray)) or not isinstance(entries, abc.Iterable):
        raise HostsSyntaxError(
            f"entries must be a list of (address, name, ...), not {type(entries).__name__}"
        )
    checked: list[Sequence[object]] = []
    for entry in entries:
        if isinstance(entry, (str, bytes, bytearray)) or not isinstance(entry, abc.Sequence):
            raise HostsSyntaxError(
                f"an entry must be (address, name, ...), not {type(entry).__name__}"
            )
        if not entry:
            raise HostsSyntaxError("an entry must be (address, name, ...), not empty")
        checked.append(entry)
    return checked


def _check_query(name: object, family: object) -> None:
    if not isinstance(name, str):
        raise HostsSyntaxError(f"a name to look up must be str, not {type(name).__name__}")
    if family not in (socket.AF_UNSPEC, socket.AF_INET, socket.AF_INET6):
        shown = repr(family)[:40] if type(family) is not int or family.bit_length() < 64 else "?"
        raise HostsSyntaxError(f"family must be AF_UNSPEC, AF_INET or AF_INET6, not {shown}")


def _check_v4mapped(v4mapped: object) -> None:
    if isinstance(v4mapped, bool) or (type(v4mapped) is str and v4mapped == "all"):
        return
    shown = repr(v4mapped)[:40] if type(v4mapped) is str else type(v4mapped).__name__
    raise HostsSyntaxError(f"v4mapped must be False, True or 'all', not {shown}")
