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

The index is built on the first lookup and kept until the file is edited: later lookups
are dictionary hits.
"""

from __future__ import annotations

import re
import socket
from bisect import bisect_right
from typing import Callable, NamedTuple

from .._address import Address, make_address
from .._values import mapped_ipv4
from ._numeric import InterfaceIndex, getaddrinfo_numeric, gethostbyname_numeric
from ._parse import BOM, encode, parse_line

__all__ = ["HostEntry", "Index"]

_LOOPBACK4 = 0x7F000001
#: A comment: from "#" to the end of its line.
_COMMENT = re.compile(rb"#[^\n]*")


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


class Index:
    """Names and addresses of one hosts file, for lookups in microseconds."""

    __slots__ = ("_line", "_run_addresses", "_run_starts", "by_name", "first_v4", "first_v6")

    def __init__(self, text: bytes, line: Callable[[int], bytes]) -> None:
        self._line = line  # the raw line of an index, for names in their own case
        #: lower-cased name -> line index, or list of line indices (file order).
        self.by_name: dict[bytes, int | list[int]] = {}
        #: IPv4 value as AF_INET sees it -> first line index; IPv6 value -> first line.
        self.first_v4: dict[int, int] = {}
        self.first_v6: dict[int, int] = {}
        # Runs of lines with one address (a blocklist is one run): first line, address.
        self._run_starts: list[int] = []
        self._run_addresses: list[tuple[int, int]] = []
        self._build(text)

    def _build(self, text: bytes) -> None:
        """Index every entry: one pass, with the per-line work cut to the bone.

        The whole file is lower-cased once (names compare ASCII case-insensitively) and
        its comments are cut with one regular expression (``#`` ends a line for glibc);
        lines with a NUL, and a first line after a byte order mark, take the full parser.
        """
        special = set()
        if b"\0" in text:
            special = {text.count(b"\n", 0, at) for at in _positions(text, b"\0")}
        if text.startswith(BOM):
            special.add(0)
        text = _strip_comments(text.lower())
        # Address tokens repeat (a blocklist has one address for 200,000 names): read once.
        known: dict[bytes, tuple[int, int] | None] = {}
        previous: tuple[int, int] | None = None
        last_head = b""  # the address text of the last indexed line: b"" matches no token
        add_name = self.by_name.setdefault
        for number, split in enumerate(map(bytes.split, text.split(b"\n"))):
            tokens = split
            if not tokens:
                continue
            if tokens[0] != last_head or special:  # else: the address of the line before
                address: tuple[int, int] | None
                if special and number in special:
                    parsed = parse_line(self._line(number), first=number == 0)
                    address = parsed.address
                    tokens = [b"", *(name.lower() for name in parsed.names)]
                else:
                    try:
                        address = known[tokens[0]]
                    except KeyError:
                        address = known[tokens[0]] = parse_line(tokens[0]).address
                if address is None:
                    continue
                last_head = tokens[0]
                if address is not previous:  # a run of lines with one address: once
                    previous = address
                    self._run_starts.append(number)
                    self._run_addresses.append(address)
                    self._record_address(address, number)
            if len(tokens) == 2:  # the common case, without a slice
                found = add_name(tokens[1], number)
                if found is not number:  # the name was on an earlier line too
                    self._again(tokens[1], found, number)
            else:
                for name in tokens[1:]:
                    found = add_name(name, number)
                    if found is not number:
                        self._again(name, found, number)

    def _record_address(self, address: tuple[int, int], number: int) -> None:
        version, value = address
        if version == 4:
            self.first_v4.setdefault(value, number)
            return
        self.first_v6.setdefault(value, number)
        ipv4 = mapped_ipv4(value)
        if ipv4 is not None:
            self.first_v4.setdefault(ipv4, number)
        elif value == 1:
            self.first_v4.setdefault(_LOOPBACK4, number)

    def _again(self, name: bytes, found: int | list[int], number: int) -> None:
        """Record ``name`` on line ``number`` too (file order; once per line).

        ``found`` is never this line's own number as an int: a name seen earlier on this
        line returns the very object ``number``, which the caller skips.
        """
        if isinstance(found, int):
            self.by_name[name] = [found, number]
        elif found[-1] != number:
            found.append(number)

    def _address_of(self, number: int) -> tuple[int, int]:
        """The address of indexed line ``number``: that of the run it is in."""
        return self._run_addresses[bisect_right(self._run_starts, number) - 1]

    def _matching(self, name: str) -> list[int]:
        found = self.by_name.get(encode(name).lower())
        if found is None:
            return []
        return [found] if isinstance(found, int) else found

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
        for number in self._matching(name):
            address = _as_family(*self._address_of(number), family)
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
        for number in self._matching(name):
            address = _as_family(*self._address_of(number), family)
            if address is None:
                continue
            canonical, *aliases = map(
                _decode, parse_line(self._line(number), first=number == 0).names
            )
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

    def reverse(self, address: Address) -> list[str] | None:
        """The names of the first line with ``address`` (canonical first), or None.

        ``::`` is never looked up: glibc's gethostbyaddr refuses it before the file.
        """
        if address.version == 6 and int(address) == 0:
            return None
        table = self.first_v4 if address.version == 4 else self.first_v6
        number = table.get(int(address))
        if number is None:
            return None
        return list(map(_decode, parse_line(self._line(number), first=number == 0).names))


def _strip_comments(text: bytes) -> bytes:
    """``text`` without its comments (``#`` to the end of the line), line breaks kept.

    A few comments (a blocklist's section headers) are cut out with ``find``; many, with
    one regular expression.
    """
    count = text.count(b"#")
    if count > 1000:
        return _COMMENT.sub(b"", text)
    pieces = []
    start = 0
    for _ in range(count):
        at = text.find(b"#", start)
        if at < 0:
            break
        pieces.append(text[start:at])
        start = text.find(b"\n", at)
        if start < 0:
            start = len(text)
            break
    pieces.append(text[start:])
    return b"".join(pieces)


def _positions(text: bytes, byte: bytes) -> list[int]:
    """Every index of ``byte`` in ``text``."""
    out = []
    at = text.find(byte)
    while at >= 0:
        out.append(at)
        at = text.find(byte, at + 1)
    return out
