"""Lookups in a parsed hosts file that answer what glibc answers.

glibc 2.36 ``nss_files`` (verified with ``getent`` and ``getaddrinfo``; see
``docs/explanation/hosts-behaviour.md``):

* names compare ASCII case-insensitively, byte for byte otherwise; a trailing dot is part
  of the name;
* ``multi off`` (the default without ``/etc/host.conf``): only the first line that matches
  the name *and the family* answers; ``multi on`` (Debian, Ubuntu, Fedora): every such
  line, in file order (getaddrinfo then sorts by RFC 6724, which we do not emulate);
* ``AF_INET`` takes IPv4 lines, an IPv4-mapped line as its IPv4 address, and a ``::1``
  line as ``127.0.0.1``; ``AF_INET6`` takes IPv6 lines; ``AF_UNSPEC`` takes both, as they are;
* a reverse lookup answers from the first line with the address (``AF_INET`` conversions
  applied), which may have no names at all;
* names that glibc reads as addresses never reach the file, by a rule of each API's own
  (see ``_numeric.py``).

The first name looked up is searched for in the file's bytes (one C-speed scan, when it
is on few lines: a program that asks once pays no index). The second builds the index,
kept until the file is edited. It is lean, and the same for every shape of file (a
blocklist: one address, many names; an inventory: every line its own address): it maps
each lower-cased name (by its hash) to the byte offsets of the lines that hold it, and
nothing else. A line's address is read, and the line checked to be an entry that really
names it, when a lookup first reaches it; the reverse tables are built on the first
reverse lookup. Later lookups of a name are dictionary hits.
"""

from __future__ import annotations

import socket
from typing import Literal, NamedTuple

from .._address import Address, make_address
from .._values import mapped_ipv4
from ._numeric import InterfaceIndex, getaddrinfo_numeric, gethostbyname_numeric
from ._parse import BOM, encode, parse_line

__all__ = ["HostEntry", "Index"]

_LOOPBACK4 = 0x7F000001
#: The most bytes lower-cased and split at once, so that building the index holds a
#: bounded copy of the file beside the file.
_CHUNK = 1 << 20


class HostEntry(NamedTuple):
    """What ``gethostbyname2`` answers: the canonical name, the aliases, the addresses."""

    name: str
    aliases: list[str]
    addresses: list[Address]


def _decode(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")


def _as_family(version: int, value: int, family: int) -> Address | None:
    """The address a line of (version, value) gives for ``family``, or None."""
    if family == socket.AF_INET:
        if version == 4:
            return make_address(4, value)
        ipv4 = mapped_ipv4(value)
        if ipv4 is not None:
            return make_address(4, ipv4)
        return make_address(4, _LOOPBACK4) if value == 1 else None
    if family == socket.AF_INET6:
        return make_address(6, value) if version == 6 else None
    return make_address(version, value)  # type: ignore[arg-type]


#: One entry line that names a looked-up name: (offset, version, value, names as written).
Match = tuple[int, int, int, tuple[bytes, ...]]


class Index:
    """Names of one hosts file, to the lines that hold them: lookups in microseconds."""

    __slots__ = ("_built", "_data", "_matches", "_reverse4", "_reverse6", "by_name")

    def __init__(self, data: bytes) -> None:
        self._data = data
        #: lower-cased name -> offset of its line, or offsets of its lines (file order).
        #: A line is indexed by its tokens after the first, whatever its address; a lookup
        #: checks the line (see :meth:`_matching`).
        self.by_name: dict[int, int | list[int]] = {}
        #: Looked-up names, their entry lines checked and their addresses read.
        self._matches: dict[bytes, list[Match]] = {}
        #: Reverse tables, built on the first reverse lookup: value -> first offset.
        self._reverse4: dict[int, int] | None = None
        self._reverse6: dict[int, int] = {}
        #: Whether by_name is built (on the second name looked up: see _candidates).
        self._built = False

    def _build(self) -> None:
        """Index every line's names: the work of a lookup after the first."""
        data = self._data
        self._built = True
        start = 0
        for special in _special_lines(data):
            self._index_plain(start, special)
            end = data.find(b"\n", special)
            end = len(data) if end < 0 else end
            self._index_special(special, end)
            start = end + 1
        self._index_plain(start, len(data) + 1)

    def _index_plain(self, start: int, stop: int) -> None:
        """Index the lines from offset ``start`` to ``stop`` (a line start, or the end + 1).

        These lines hold no ``#``, no NUL and no byte order mark: their tokens after the
        first are their names. This is the loop every line of a file goes through, so it
        does as little as it can: one lower-casing and one split a chunk, one split and
        one dictionary operation a line.
        """
        data = self._data
        add = self.by_name.setdefault
        again = self._again
        while start < stop:
            end = stop - 1  # the newline before the special line, or the end of the data
            if end - start > _CHUNK:  # a chunk ends at a newline, if a line ends in reach
                cut = data.rfind(b"\n", start, start + _CHUNK)
                if cut < 0:
                    cut = data.find(b"\n", start + _CHUNK, end)
                if cut >= 0:
                    end = cut
            offset = start
            for line in data[start:end].lower().split(b"\n"):
                tokens = line.split()
                if len(tokens) == 2:  # the common case, without a slice
                    key = hash(tokens[1])
                    found = add(key, offset)
                    if found is not offset:  # the name was on an earlier line too
                        again(key, found, offset)
                elif len(tokens) > 2:
                    for name in tokens[1:]:
                        key = hash(name)
                        found = add(key, offset)
                        if found is not offset:
                            again(key, found, offset)
                offset += len(line) + 1
            start = end + 1

    def _index_special(self, start: int, end: int) -> None:
        """Index one line with a ``#`` or a NUL (or a byte order mark): cut, then split."""
        raw = self._data[start:end]
        if start == 0 and raw.startswith(BOM):
            return  # glibc ignores the line
        for stop in (b"\0", b"#"):
            cut = raw.find(stop)
            if cut >= 0:
                raw = raw[:cut]
        add = self.by_name.setdefault
        for name in raw.lower().split()[1:]:
            key = hash(name)
            found = add(key, start)
            if found is not start:
                self._again(key, found, start)

    def _again(self, name: int, found: int | list[int], offset: int) -> None:
        """Record ``name`` on the line at ``offset`` too (file order; once per line).

        ``found`` is never this line's own offset as an int: a name seen earlier on this
        line returns the very object ``offset``, which the caller skips.
        """
        if isinstance(found, int):
            self.by_name[name] = [found, offset]
        elif found[-1] != offset:
            found.append(offset)

    def _line(self, offset: int) -> bytes:
        end = self._data.find(b"\n", offset)
        return self._data[offset:] if end < 0 else self._data[offset:end]

    def _candidates(self, key: bytes) -> list[int]:
        """Offsets of lines that may name ``key`` (a superset), in file order.

        The first name looked up is searched for in the file's bytes, one C-speed scan,
        when it occurs on few lines; every later one (or one that occurs on many lines)
        builds the index, so that lookups after it are dictionary hits.
        """
        if not self._built and not self._matches and key:
            scanned = _scan(self._data, key)
            if scanned is not None:
                return scanned
        if not self._built:
            self._build()
        found = self.by_name.get(hash(key), [])
        return [found] if isinstance(found, int) else found

    def _matching(self, name: str) -> list[Match]:
        """The entry lines that name ``name``, file order, with their addresses."""
        key = encode(name).lower()
        matches = self._matches.get(key)
        if matches is None:
            matches = []
            for offset in self._candidates(key):
                parsed = parse_line(self._line(offset), first=offset == 0)
                if parsed.address is not None and key in (n.lower() for n in parsed.names):
                    matches.append((offset, *parsed.address, parsed.names))
            self._matches[key] = matches
        return matches

    def lookup(
        self,
        name: str,
        family: int,
        multi: bool,
        interface_index: InterfaceIndex,
        canonname: bool,
    ) -> list[Address]:
        """The addresses glibc gives for ``name`` (file order; see the module docstring)."""
        numeric = getaddrinfo_numeric(name, family, interface_index, canonname=canonname)
        if numeric is not None:
            return numeric
        out = []
        for _, version, value, _ in self._matching(name):
            address = _as_family(version, value, family)
            if address is not None:
                out.append(address)
                if not multi:
                    break
        return out

    def query(self, name: str, family: int, multi: bool) -> HostEntry | None:
        """``gethostbyname2(name, family)``: canonical name, aliases, addresses."""
        numeric = gethostbyname_numeric(name, family)
        if numeric is not None:
            return HostEntry(name, [], numeric) if numeric else None
        entry: HostEntry | None = None
        for _, version, value, names in self._matching(name):
            address = _as_family(version, value, family)
            if address is None:
                continue
            canonical, *aliases = map(_decode, names)
            if entry is None:
                entry = HostEntry(canonical, aliases, [address])
            else:
                entry.addresses.append(address)
                entry.aliases.extend(aliases)
                if canonical != entry.name:  # case-sensitive, as glibc's strcmp
                    entry.aliases.append(canonical)
            if not multi:
                break
        return entry

    def _build_reverse(self) -> dict[int, int]:
        """The reverse tables: value -> offset of its first line (AF_INET; AF_INET6 beside)."""
        reverse4: dict[int, int] = {}
        reverse6 = self._reverse6
        known: dict[bytes, tuple[Literal[4, 6], int] | None] = {}  # address tokens repeat
        offset = 0
        for line in self._data.split(b"\n"):
            address: tuple[Literal[4, 6], int] | None = None
            if b"#" in line or b"\0" in line or offset == 0:
                address = parse_line(line, first=offset == 0).address
            else:
                head = line.split(None, 1)
                if head:
                    token = head[0]
                    if token in known:
                        address = known[token]
                    else:
                        address = known[token] = parse_line(token).address
            if address is not None:
                version, value = address
                if version == 4:
                    reverse4.setdefault(value, offset)
                else:
                    reverse6.setdefault(value, offset)
                    ipv4 = mapped_ipv4(value)
                    if ipv4 is not None:
                        reverse4.setdefault(ipv4, offset)
                    elif value == 1:
                        reverse4.setdefault(_LOOPBACK4, offset)
            offset += len(line) + 1
        return reverse4

    def reverse(self, address: Address) -> list[str] | None:
        """The names of the first line with ``address`` (canonical first), or None.

        ``::`` is never looked up: glibc's gethostbyaddr refuses it before the file.
        """
        if address.version == 6 and int(address) == 0:
            return None
        if self._reverse4 is None:
            self._reverse4 = self._build_reverse()
        table = self._reverse4 if address.version == 4 else self._reverse6
        offset = table.get(int(address))
        if offset is None:
            return None
        return list(map(_decode, parse_line(self._line(offset), first=offset == 0).names))


#: A first lookup scans the bytes while its name is on at most this many lines.
_SCAN_LINES = 64


def _scan(data: bytes, key: bytes) -> list[int] | None:
    """Offsets of the lines whose lower-cased bytes hold ``key``; None past _SCAN_LINES."""
    low = data.lower()  # bytes.lower is ASCII-only, as glibc's comparison: offsets hold
    offsets: list[int] = []
    at = low.find(key)
    while at >= 0:
        if len(offsets) == _SCAN_LINES:
            return None
        offsets.append(low.rfind(b"\n", 0, at) + 1)
        end = low.find(b"\n", at)
        at = -1 if end < 0 else low.find(key, end)  # the next line: one find a line
    return offsets


def _special_lines(data: bytes) -> list[int]:
    """Offsets of the lines holding a ``#`` or a NUL, and of a first line after a BOM.

    Each line is scanned at most once per byte looked for: linear in the file.
    """
    starts = {0} if data.startswith(BOM) else set()
    for byte in (b"#", b"\0"):
        at = data.find(byte)
        while at >= 0:
            starts.add(data.rfind(b"\n", 0, at) + 1)
            end = data.find(b"\n", at)
            at = -1 if end < 0 else data.find(byte, end)
    return sorted(starts)
