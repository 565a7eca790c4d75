"""Editing a hosts file: only the lines an edit changes are touched, in the file's style.

New lines copy the file's newline (``\\n`` or ``\\r\\n``), the whitespace it puts after the
address (a tab, a space, or padding to a common column) and between names. ``add``
refuses what would change the meaning of the line it writes (injection): names must be RFC
1123 host names, comments one line without NUL. A Windows file gets CRLF and at most nine
names per line, the most its resolver is known to read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._address import Address
from ..errors import HostsSyntaxError
from ._parse import encode, parse_line

if TYPE_CHECKING:
    from ._model import HostsFile, Line

__all__ = ["Block", "add", "remove", "validate_name"]

#: RFC 1123 2.1 / RFC 952: letters, digits and hyphens; no hyphen first or last.
_LABEL = re.compile(rb"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TOKEN = re.compile(rb"[^ \t\n\v\f\r]+")
_OWNER = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)
_WINDOWS_NAMES_PER_LINE = 9
_STYLE_SAMPLE = 500


def validate_name(name: object) -> bytes:
    """Return ``name`` as bytes if it is an RFC 1123 host name, else raise.

    One trailing dot is allowed (glibc keeps it: ``a.example.`` is its own name).

    :raises HostsSyntaxError: naming the name and what is wrong with it.
    """
    if not isinstance(name, str):
        raise HostsSyntaxError(f"a host name must be str, not {type(name).__name__}")
    if not name.isascii():
        raise HostsSyntaxError(f"{name!r} is not ASCII: write its Punycode (xn--) form")
    raw = name.encode("ascii")
    body = raw[:-1] if raw.endswith(b".") else raw
    if not body or len(body) > 253:
        raise HostsSyntaxError(f"{name!r} is not a host name: 1 to 253 characters needed")
    for label in body.split(b"."):
        if _LABEL.fullmatch(label) is None:
            raise HostsSyntaxError(
                f"{name!r} is not a host name (RFC 1123): label {label.decode()!r} must be 1 to 63 "
                "letters, digits and hyphens, not starting or ending with a hyphen"
            )
    return raw


def _validate_comment(comment: object) -> bytes:
    if not isinstance(comment, str):
        raise HostsSyntaxError(f"a comment must be str, not {type(comment).__name__}")
    if any(ch in comment for ch in "\n\r\0"):
        raise HostsSyntaxError(f"a comment must be one line without NUL: {comment!r}")
    try:
        return comment.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise HostsSyntaxError(
            f"a comment must be text: {comment!r} has a lone surrogate"
        ) from None


class _Style:
    """How the file writes its entries: newline, separator after the address, between names."""

    def __init__(self, hosts: HostsFile, skip: tuple[int, int] | None = None) -> None:
        lines = hosts._lines
        count = len(hosts)
        ended = lines[: max(count - 1, 0)] if lines[-1] else lines[:count]  # lines with "\n"
        crlf = sum(1 for raw in ended if raw.endswith(b"\r"))
        self.crlf = hosts.windows or (bool(ended) and crlf * 2 > len(ended))
        after: Counter[bytes] = Counter()
        between: Counter[bytes] = Counter()
        columns: Counter[int] = Counter()
        widths: dict[int, set[int]] = {}  # name column -> address widths seen there
        sampled = 0
        outside = lines[:count] if skip is None else lines[: skip[0]] + lines[skip[1] + 1 : count]
        entries = (raw for raw in reversed(outside) if parse_line(raw).kind == "entry")
        for raw in entries:
            body = raw.split(b"#", 1)[0].rstrip(b"\r")
            tokens = list(_TOKEN.finditer(body))
            if len(tokens) > 1:
                after[body[tokens[0].end() : tokens[1].start()]] += 1
                columns[tokens[1].start()] += 1
                widths.setdefault(tokens[1].start(), set()).add(tokens[0].end())
                for left, right in zip(tokens[1:], tokens[2:]):
                    between[body[left.end() : right.start()]] += 1
                sampled += 1
            if sampled == _STYLE_SAMPLE:
                break
        self.separator = after.most_common(1)[0][0] if after else b"\t"
        self.between = between.most_common(1)[0][0] if between else b" "
        # Padded to a column: most entries start their names at one column, with spaces,
        # although their addresses differ in width.
        column, seen = columns.most_common(1)[0] if columns else (0, 0)
        padded = seen * 2 > sampled > 1 and len(widths.get(column, ())) > 1
        self.column = column if padded and b"\t" not in self.separator else 0

    def render(self, address: str, names: Sequence[bytes], comment: bytes | None) -> bytes:
        head = address.encode("ascii")
        pad = self.column - len(head)
        separator = b" " * pad if self.column and pad > 0 else self.separator
        line = head + separator + self.between.join(names)
        if comment is not None:
            line += b" # " + comment if comment else b" #"
        return line + (b"\r" if self.crlf else b"")


def _address_text(address: object) -> str:
    if isinstance(address, Address):
        if address.zone is not None:
            raise HostsSyntaxError(f"{address}: glibc ignores a line whose address has a zone id")
        return str(address)
    if not isinstance(address, str):
        raise HostsSyntaxError(f"an address must be str or Address, not {type(address).__name__}")
    parsed = Address(address)  # strict: what inet_pton reads; raises AddressError
    return _address_text(parsed)


def _render(
    hosts: HostsFile,
    address: object,
    names: Sequence[object],
    comment: object,
    style: _Style | None = None,
) -> list[bytes]:
    text = _address_text(address)
    if not names:
        raise HostsSyntaxError(
            f"{text}: at least one name is needed (an address alone shadows reverse lookups)"
        )
    encoded = [validate_name(name) for name in names]
    note = None if comment is None else _validate_comment(comment)
    style = style or _Style(hosts)
    step = _WINDOWS_NAMES_PER_LINE if hosts.windows else len(encoded)
    return [
        style.render(text, encoded[i : i + step], note if i == 0 else None)
        for i in range(0, len(encoded), step)
    ]


def _append(hosts: HostsFile, new: list[bytes]) -> list[Line]:
    """Append raw lines at the end of the file; return them as lines."""
    lines = hosts._lines
    at = len(hosts)
    if lines[-1]:  # the file does not end with a newline: end its last line first
        if _Style(hosts).crlf and not lines[-1].endswith(b"\r"):
            lines[-1] += b"\r"
        lines.append(b"")
    lines[-1:] = [*new, b""]
    hosts._changed()
    return hosts.lines[at : at + len(new)]


def add(hosts: HostsFile, address: object, names: Sequence[object], comment: object) -> list[Line]:
    """Append an entry for ``address`` and ``names`` at the end of the file.

    :raises AddressError: the address is not strict address text.
    :raises HostsSyntaxError: no name, a name that is not an RFC 1123 host name, a comment
        with a newline or NUL, an address with a zone id.
    """
    return _append(hosts, _render(hosts, address, names, comment))


def _token_spans(raw: bytes) -> list[tuple[int, int]]:
    """Start and end of each token glibc reads (before ``#`` and NUL)."""
    body = raw
    for stop in (b"\0", b"#"):
        cut = body.find(stop)
        if cut >= 0:
            body = body[:cut]
    return [match.span() for match in _TOKEN.finditer(body)]


def remove(hosts: HostsFile, name: object) -> int:
    """Remove ``name`` from every entry; drop lines left with no name; return the count."""
    if not isinstance(name, str):
        raise HostsSyntaxError(f"a name must be str, not {type(name).__name__}")
    key = encode(name).lower()
    lines = hosts._lines
    removed = 0
    count = len(hosts)
    for number in range(count - 1, -1, -1):
        raw = lines[number]
        if key not in raw.lower() or parse_line(raw, first=number == 0).kind != "entry":
            continue
        spans = _token_spans(raw)
        keep = [span for span in spans[1:] if raw[span[0] : span[1]].lower() != key]
        if len(keep) == len(spans) - 1:
            continue
        removed += len(spans) - 1 - len(keep)
        if keep:
            for start, end in reversed([span for span in spans[1:] if span not in keep]):
                cut = start  # remove the token and the whitespace before it
                while cut > 0 and raw[cut - 1 : cut].isspace():
                    cut -= 1
                raw = raw[:cut] + raw[end:]
            lines[number] = raw
        else:
            del lines[number]
            lines.extend([b""] * (number == len(lines)))  # the last line had no newline
    if removed:
        hosts._changed()
    return removed


class Block:
    """A managed block of lines, which one tool owns and rewrites as a whole.

    The block's lines stand between ``# BEGIN loopback: OWNER`` and ``# END loopback: OWNER``.

    >>> from loopback.hosts import HostsFile
    >>> hosts = HostsFile.parse(b"127.0.0.1 localhost\\n")
    >>> _ = hosts.block("myapp").replace([("127.0.0.1", "api.myapp.localhost")])
    >>> print(hosts.to_bytes().decode(), end="")
    127.0.0.1 localhost
    # BEGIN loopback: myapp
    127.0.0.1 api.myapp.localhost
    # END loopback: myapp
    """

    def __init__(self, hosts: HostsFile, owner: str) -> None:
        if not isinstance(owner, str) or _OWNER.fullmatch(owner) is None:
            raise HostsSyntaxError(f"a block owner is 1 to 64 of A-Z a-z 0-9 . _ -, not {owner!r}")
        self.hosts = hosts
        self.owner = owner
        self._begin = f"# BEGIN loopback: {owner}".encode()
        self._end = f"# END loopback: {owner}".encode()

    def _span(self) -> tuple[int, int] | None:
        """Line indices of the markers, or None; an unbalanced block is an error."""
        begin = end = None
        for number, raw in enumerate(self.hosts._lines[: len(self.hosts)]):
            text = raw.strip()
            if text == self._begin:
                if begin is not None:
                    raise HostsSyntaxError(
                        f"second BEGIN marker of block {self.owner!r}", line=number + 1, column=1
                    )
                begin = number
            elif text == self._end:
                if begin is None or end is not None:
                    raise HostsSyntaxError(
                        f"END marker of block {self.owner!r} without a BEGIN before it",
                        line=number + 1,
                        column=1,
                    )
                end = number
        if begin is not None and end is None:
            raise HostsSyntaxError(
                f"BEGIN marker of block {self.owner!r} without an END", line=begin + 1, column=1
            )
        return None if begin is None or end is None else (begin, end)

    @property
    def exists(self) -> bool:
        """Whether the file has this block."""
        return self._span() is not None

    @property
    def lines(self) -> list[Line]:
        """The lines inside the block (markers excluded); empty if there is no block."""
        span = self._span()
        return [] if span is None else self.hosts.lines[span[0] + 1 : span[1]]

    def replace(self, entries: Iterable[Sequence[object]]) -> list[Line]:
        """Make the block hold exactly ``entries`` (each ``(address, name, ...)``).

        Creates the block at the end of the file if it is missing. Replacing with the same
        entries again changes no byte. Returns the block's lines, markers included.
        """
        span = self._span()
        style = _Style(self.hosts, skip=span)  # the block's own lines must not restyle it
        newline = b"\r" if style.crlf else b""
        body = [
            line
            for entry in entries
            for line in _render(self.hosts, entry[0], entry[1:], None, style)
        ]
        new = [self._begin + newline, *body, self._end + newline]
        if span is None:
            return _append(self.hosts, new)
        begin, end = span
        lines = self.hosts._lines
        if lines[begin : end + 1] != new:
            lines[begin : end + 1] = new
            self.hosts._changed()
        return self.hosts.lines[begin : begin + len(new)]

    def remove(self) -> bool:
        """Delete the block, markers included; return whether there was one."""
        span = self._span()
        if span is None:
            return False
        begin, end = span
        lines = self.hosts._lines
        del lines[begin : end + 1]
        if begin == len(lines):
            lines.append(b"")
        self.hosts._changed()
        return True
