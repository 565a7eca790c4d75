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
blocklist: one address, many names; an inventory: every line its own address): the file
is cut at newlines into chunks of about 3,500 distinct tokens, and each chunk gets the set
of the hashes of its lower-cased tokens (``#`` and NUL count as spaces, so a name cut off
by a comment or a NUL is a token of its own). Nothing is kept per line, and one C call
makes a chunk's set, so building the index costs the same per line at any size (one
dictionary of every name would not: its inserts miss the CPU caches once it outgrows
them, and a million-line file took twice as long a line as a 200,000-line one). A lookup
asks each chunk's set for the name's hash and searches the chunks that answer for the
lines that hold it: a hundred to a few hundred microseconds at a million lines. Its
answer is kept per name, so asking again is a dictionary hit (microseconds). Once the
lookups of new names have spent about what indexing every line costs (a ski rental: never
more than twice the better of the two), every line's names are indexed, by hash, to the
offsets of their lines, and every lookup is a dictionary hit. A line's
address is read, and the line checked to be an entry that really names it, only when a
lookup reaches it; the reverse tables are built on the first reverse lookup.
"""

from __future__ import annotations

import socket
import sys
from itertools import compress, count, repeat
from operator import contains
from typing import Literal, NamedTuple

from .._address import Address, make_address
from .._values import MAPPED, mapped_ipv4
from ._numeric import InterfaceIndex, getaddrinfo_numeric, gethostbyname_numeric
from ._parse import encode, parse_line

__all__ = ["HostEntry", "Index"]

_LOOPBACK4 = 0x7F000001
#: Every byte as the index sees it: ASCII lower case (glibc compares names with
#: ``strcasecmp``, ASCII only in the C locale), ``#`` and NUL as spaces.
_FOLD = bytes(range(256)).lower().replace(b"#", b" ").replace(b"\0", b" ")
#: A chunk of the index holds about this many distinct tokens: the next chunk's size is
#: the last one's scaled to it. CPython gives a set of 1,229 to 4,915 items a table of
#: 8,192 slots, so sets of this size are dense, and a lookup, which asks every chunk's
#: set and then searches the chunks that hold its name, asks a few hundred sets at a
#: million lines and searches about 100 kB.
_TOKENS = 3500
#: Lookups index every line once they have spent about what that costs: a probe of a
#: chunk's set costs about what indexing one token does (a cache miss, 0.3 us) ...
_PROMOTION = 1
#: ... and so does searching this many bytes of a chunk.
_SCAN_BYTES = 512
#: A chunk is at least this many bytes (up to the next newline) and at most this many.
_MIN_CHUNK = 4096
_MAX_CHUNK = 1 << 20


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

    __slots__ = (
        "_by_name", "_data", "_matches", "_reverse4", "_reverse6", "_sets", "_spent",
        "_starts", "_tokens",
    )  # fmt: skip

    def __init__(self, data: bytes) -> None:
        self._data = data
        #: Offsets where the chunks start (each ends at the newline before the next) ...
        self._starts: list[int] = []
        #: ... and the hashes of each chunk's folded tokens (see the module docstring).
        self._sets: list[set[int] | frozenset[int]] = []
        #: How many tokens the sets hold, and the work lookups did with them so far (in
        #: the same unit: about what indexing one token costs).
        self._tokens = 0
        self._spent = 0
        #: Once lookups have spent what it costs: hash of a name -> its lines' offsets.
        self._by_name: dict[int, int | list[int]] | None = None
        #: Looked-up names, their entry lines checked and their addresses read.
        self._matches: dict[bytes, list[Match]] = {}
        #: Reverse tables, built on the first reverse lookup: value -> first offset.
        self._reverse4: dict[int, int] | None = None
        self._reverse6: dict[int, int] = {}

    def _build(self) -> None:
        """Cut the file into chunks at newlines; hash each chunk's tokens into a set.

        One ``translate``, one ``split`` and one set a chunk, all in C: the work of a
        lookup after the first.
        """
        data = self._data
        size = len(data)
        starts = self._starts
        sets = self._sets
        start = 0
        step = 16 * _MIN_CHUNK
        while True:
            end = data.find(b"\n", start + step)
            if end < 0:
                end = size
            tokens: set[int] | frozenset[int]
            tokens = set(map(hash, data[start:end].translate(_FOLD).split()))
            if sys.getsizeof(tokens) > 64 * len(tokens) + 1024:  # grown sparse: copy
                tokens = frozenset(tokens)
            starts.append(start)
            sets.append(tokens)
            self._tokens += len(tokens)
            if end == size:
                break
            # the size that held _TOKENS in the last chunk, at most twice the last
            step = (end - start) * _TOKENS // (len(tokens) + 1)
            step = min(2 * (end - start), _MAX_CHUNK, max(_MIN_CHUNK, step))
            start = end + 1

    def _build_by_name(self) -> dict[int, int | list[int]]:
        """Each name's hash to the offsets of the lines that may hold it (file order).

        A line's tokens after the first, ``#`` and NUL as spaces: a superset of the names
        glibc reads there. One dictionary operation a token: what lookups paid for.
        """
        data = self._data
        by_name: dict[int, int | list[int]] = {}
        add = by_name.setdefault
        starts = self._starts
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(data)
            offset = start
            for line in data[start:end].translate(_FOLD).split(b"\n"):
                for name in line.split()[1:]:
                    key = hash(name)
                    found = add(key, offset)
                    if found is offset:  # new, or this line's own name seen again
                        continue
                    if isinstance(found, int):
                        by_name[key] = [found, offset]
                    elif found[-1] != offset:
                        found.append(offset)
                offset += len(line) + 1
        return by_name

    def _line(self, offset: int) -> bytes:
        end = self._data.find(b"\n", offset)
        return self._data[offset:] if end < 0 else self._data[offset:end]

    def _candidates(self, key: bytes) -> list[int]:
        """Offsets of lines that may name ``key`` (a superset), in file order.

        The first name looked up is searched for in the file's bytes, one C-speed scan,
        when it occurs on few lines; every later one (or one that occurs on many lines)
        builds the index, then searches only the chunks whose sets hold its hash. When
        the lookups have spent about what indexing every line costs (ski rental: at most
        twice the best of both), every line is indexed and lookups are dictionary hits.
        """
        if key.translate(_FOLD).split() != [key]:
            return []  # empty, or holding a space, '#' or NUL: no token is this name
        if self._by_name is not None:
            found = self._by_name.get(hash(key), [])
            return [found] if isinstance(found, int) else found
        data = self._data
        if not self._sets:
            if not self._matches:
                scanned = _scan(data, key, 0, len(data), _SCAN_LINES)
                if scanned is not None:
                    return scanned
            self._build()
        starts = self._starts
        size = len(data)
        offsets: list[int] = []
        spent = len(starts)
        for i in compress(count(), map(contains, self._sets, repeat(hash(key)))):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else size
            offsets += _scan(data, key, starts[i], end, None) or ()
            spent += (end - starts[i]) // _SCAN_BYTES
        self._spent += spent
        if self._spent * _PROMOTION >= self._tokens:
            self._sets = []
            self._by_name = self._build_by_name()
        return offsets

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
        *,
        v4mapped: bool | Literal["all"] = False,
    ) -> list[Address]:
        """The addresses glibc gives for ``name`` (file order; see the module docstring).

        ``v4mapped`` (``AF_INET6`` only): ``True`` for ``AI_V4MAPPED``, ``"all"`` for
        ``AI_V4MAPPED | AI_ALL``, as ``get_nss_addresses`` and ``generate_addrinfo`` in
        glibc's ``sysdeps/posix/getaddrinfo.c`` treat them: the IPv6 lines first; the
        IPv4 answer, mapped, when they gave nothing (or always, with ``"all"``); and with
        ``AI_V4MAPPED`` alone, IPv6 answers that are IPv4-mapped addresses are dropped
        once an IPv6 line answered.
        """
        mapped = family == socket.AF_INET6 and v4mapped is not False
        numeric = getaddrinfo_numeric(
            name, family, interface_index, canonname=canonname, v4mapped=mapped
        )
        if numeric is not None:
            return numeric
        out = self._addresses(name, family, multi)
        if not mapped:
            return out
        if out and v4mapped != "all":
            return [address for address in out if mapped_ipv4(int(address)) is None]
        ipv4 = self._addresses(name, socket.AF_INET, multi)
        return out + [make_address(6, MAPPED | int(address)) for address in ipv4]

    def _addresses(self, name: str, family: int, multi: bool) -> list[Address]:
        """The addresses of the entry lines of ``family`` that name ``name``."""
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


def _scan(data: bytes, key: bytes, start: int, end: int, limit: int | None) -> list[int] | None:
    """Offsets of the lines from ``start`` to ``end`` whose folded bytes hold ``key``.

    ``None`` if more than ``limit`` lines do. One ``find`` a line, one ``rfind`` back to
    the line's start: linear in ``end - start``.
    """
    folded = data[start:end].lower()  # ASCII-only, byte for byte: offsets hold
    offsets: list[int] = []
    at = folded.find(key)
    while at >= 0:
        if len(offsets) == limit:
            return None
        offsets.append(start + folded.rfind(b"\n", 0, at) + 1)
        newline = folded.find(b"\n", at)
        at = -1 if newline < 0 else folded.find(key, newline)  # the next line
    return offsets
