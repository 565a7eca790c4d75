"""Reading one hosts-file line as glibc's nss_files does (``nss/nss_files/files-hosts.c``).

glibc 2.36, verified with ``getent`` on files bind-mounted over ``/etc/hosts``:

* lines end at ``\\n`` only; a lone ``\\r`` does not end a line;
* a NUL hides the rest of its line (C strings);
* ``#`` anywhere starts a comment, even inside a token (``foo#bar`` is ``foo``);
* tokens are separated by C ``isspace`` bytes (space, ``\\t``, ``\\v``, ``\\f``, ``\\r``):
  ``bytes.split()`` splits on exactly these, ``str.split()`` on more;
* the first token must be an address as ``inet_pton`` reads it, or the whole line is
  ignored, silently (``127.1``, leading zeros, zone ids, brackets, prefixes);
* the tokens after it are the canonical name and the aliases, possibly none (an
  address-only line is an entry with no names);
* a UTF-8 byte order mark at the start of the file makes glibc ignore the first line.

Everything here works on bytes; names become ``str`` only when shown, decoded as UTF-8
with ``surrogateescape`` so that any byte sequence survives.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from .._address import Address, make_address
from .._record import frozen
from .._strict import parse_strict
from ..errors import AddressError

__all__ = ["BOM", "Line", "LineKind", "Parsed", "encode", "parse_line", "read_line"]

BOM = b"\xef\xbb\xbf"

LineKind = Literal["entry", "comment", "blank", "ignored"]


class Parsed(NamedTuple):
    """glibc's view of one line."""

    kind: LineKind
    #: (version, value) of the address of an entry, else None.
    address: tuple[Literal[4, 6], int] | None
    #: Names as bytes, canonical name first (entries only).
    names: tuple[bytes, ...]
    #: Why glibc ignores the line (``kind == "ignored"``), else None.
    reason: str | None


_BLANK = Parsed("blank", None, (), None)
_COMMENT = Parsed("comment", None, (), None)
_BOM_LINE = Parsed("ignored", None, (), "a UTF-8 byte order mark makes glibc ignore the first line")


def parse_line(raw: bytes, *, first: bool = False) -> Parsed:
    """Glibc's reading of ``raw``, one line without its ``\\n``.

    >>> parse_line(b"10.0.0.1 web web.example # the web server")
    Parsed(kind='entry', address=(4, 167772161), names=(b'web', b'web.example'), reason=None)
    >>> parse_line(b"127.1 short").reason
    "glibc does not read the address '127.1' (inet_pton: 2 octets, 4 needed)"
    """
    if first and raw.startswith(BOM):
        return _BOM_LINE
    cut = raw.find(b"\0")
    if cut >= 0:
        raw = raw[:cut]
    cut = raw.find(b"#")
    tokens = (raw if cut < 0 else raw[:cut]).split()
    if not tokens:
        return _BLANK if cut < 0 else _COMMENT
    text = tokens[0].decode("latin-1")  # addresses are ASCII; latin-1 never fails
    try:
        version, value, _ = parse_strict(text)
    except AddressError as error:
        return Parsed(
            "ignored",
            None,
            (),
            f"glibc does not read the address {text!r} (inet_pton: {error.reason})",
        )
    if "%" in text:  # a zone: valid for Go and macOS, but inet_pton does not read it
        return Parsed(
            "ignored", None, (), f"glibc does not read the address {text!r} (inet_pton: zone id)"
        )
    return Parsed("entry", (version, value), tuple(tokens[1:]), None)


def encode(text: str) -> bytes:
    """``text`` as the bytes it stands for in a hosts file: UTF-8, escaped bytes restored.

    A lone surrogate that no byte stands for (``"\\ud800"``) is kept as its own three
    bytes, so any ``str`` encodes and matches only itself.
    """
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


@frozen
class Line:
    """One line of a hosts file: its exact bytes and what glibc makes of it.

    >>> first = read_line(1, b"127.0.0.1\\tlocalhost  # loopback", b"\\n")
    >>> second = read_line(2, b"127.1 x", b"\\n")
    >>> first.kind, first.address, first.names, first.comment
    ('entry', Address('127.0.0.1'), ('localhost',), ' loopback')
    >>> second.kind, second.reason
    ('ignored', "glibc does not read the address '127.1' (inet_pton: 2 octets, 4 needed)")
    """

    __slots__ = ("address", "comment", "kind", "names", "newline", "number", "raw", "reason")

    #: 1-based line number.
    number: int
    #: The line's bytes, without its ``\\n`` (a ``\\r`` before it stays here).
    raw: bytes
    #: ``b"\\n"``, or ``b""`` for a last line without a newline.
    newline: bytes
    #: ``"entry"``, ``"comment"``, ``"blank"`` or ``"ignored"`` (glibc skips it: see reason).
    kind: LineKind
    #: The address of an entry, else ``None``.
    address: Address | None
    #: Canonical name and aliases of an entry (UTF-8, undecodable bytes kept as surrogates).
    names: tuple[str, ...]
    #: Text after the first ``#``, or ``None``.
    comment: str | None
    #: Why glibc ignores the line, for ``kind == "ignored"``.
    reason: str | None

    @property
    def text(self) -> str:
        """The line as text (UTF-8, undecodable bytes kept as surrogates), no newline."""
        return self.raw.decode("utf-8", "surrogateescape")


def read_line(number: int, raw: bytes, newline: bytes) -> Line:
    """Line ``number`` (1-based) of a file: ``raw`` without its ``newline``, and glibc's view."""
    parsed = parse_line(raw, first=number == 1)
    hash_at = raw.find(b"#")
    comment = None if hash_at < 0 else raw[hash_at + 1 :].decode("utf-8", "surrogateescape")
    address = None if parsed.address is None else make_address(*parsed.address)
    names = tuple(name.decode("utf-8", "surrogateescape") for name in parsed.names)
    return Line(number, raw, newline, parsed.kind, address, names, comment, parsed.reason)
