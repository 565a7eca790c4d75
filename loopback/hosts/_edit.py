"""Editing a hosts file: only the lines an edit changes are touched, in the file's style.

Every edit is a pure function over the file's raw lines (split at ``\\n``; the last item
is what follows the final newline) that returns :class:`Splice` values; the model applies
them in one pass and drops its caches. New lines copy the file's newline (``\\n`` or
``\\r\\n``), the whitespace it puts after the address (a tab, a space, or padding to a
common column) and between names. ``add``
refuses what would change the meaning of the line it writes (injection): names must be RFC
1123 host names, comments one line without NUL. A Windows file gets CRLF and at most nine
names per line, the most its resolver is known to read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .._address import Address
from ..errors import HostsSyntaxError
from ._parse import encode, parse_line

__all__ = [
    "Splice",
    "add",
    "block_disabled",
    "block_entries",
    "block_lines",
    "block_remove",
    "block_replace",
    "block_toggle",
    "check_owner",
    "remove",
    "remove_address",
    "validate_name",
]


class Splice(NamedTuple):
    """Replace raw lines ``start:stop`` with ``lines`` (indices before any splice)."""

    start: int
    stop: int
    lines: list[bytes]


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


def _count(lines: Sequence[bytes]) -> int:
    """The number of lines (what follows a final newline is no line)."""
    return len(lines) - (lines[-1] == b"")


class _Style:
    """How the file writes its entries: newline, separator after the address, between names."""

    def __init__(
        self, lines: Sequence[bytes], windows: bool, skip: tuple[int, int] | None = None
    ) -> None:
        count = _count(lines)
        ended = lines[: max(count - 1, 0)] if lines[-1] else lines[:count]  # lines with "\n"
        crlf = sum(1 for raw in ended if raw.endswith(b"\r"))
        self.crlf = windows or (bool(ended) and crlf * 2 > len(ended))
        self.windows = windows
        after: Counter[bytes] = Counter()
        between: Counter[bytes] = Counter()
        columns: Counter[int] = Counter()
        widths: dict[int, set[int]] = {}  # name column -> address widths seen there
        sampled = 0
        for number in range(count - 1, -1, -1):
            if skip is not None and skip[0] <= number <= skip[1]:
                continue
            raw = lines[number]
            if parse_line(raw).kind != "entry":
                continue
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

    def entry(self, address: object, names: Sequence[object], comment: object) -> list[bytes]:
        """The lines of one entry (a Windows file gets at most nine names a line)."""
        text = _address_text(address)
        if not names:
            raise HostsSyntaxError(
                f"{text}: at least one name is needed (an address alone shadows reverse lookups)"
            )
        encoded = [validate_name(name) for name in names]
        note = None if comment is None else _validate_comment(comment)
        step = _WINDOWS_NAMES_PER_LINE if self.windows else len(encoded)
        return [
            self.render(text, encoded[i : i + step], note if i == 0 else None)
            for i in range(0, len(encoded), step)
        ]


def _address_text(address: object) -> str:
    if isinstance(address, Address):
        if address.zone is not None:
            raise HostsSyntaxError(f"{address}: glibc ignores a line whose address has a zone id")
        return str(address)
    if not isinstance(address, str):
        raise HostsSyntaxError(f"an address must be str or Address, not {type(address).__name__}")
    parsed = Address(address)  # strict: what inet_pton reads; raises AddressError
    return _address_text(parsed)


def _append(lines: Sequence[bytes], crlf: bool, new: list[bytes]) -> list[Splice]:
    """Splices that append raw lines at the end, ending an unended last line first."""
    end = len(lines) - 1
    if lines[-1]:  # the file does not end with a newline: end its last line first
        last = lines[-1]
        if crlf and not last.endswith(b"\r"):
            last += b"\r"
        return [Splice(end, end + 1, [last, *new, b""])]
    return [Splice(end, end + 1, [*new, b""])]


def add(
    lines: Sequence[bytes], windows: bool, address: object, names: Sequence[object], comment: object
) -> list[Splice]:
    """Append an entry for ``address`` and ``names`` at the end of the file.

    No splice when an entry line with that address already names them all.

    :raises AddressError: the address is not strict address text.
    :raises HostsSyntaxError: no name, a name that is not an RFC 1123 host name, a comment
        with a newline or NUL, an address with a zone id.
    """
    style = _Style(lines, windows)
    new = style.entry(address, names, comment)  # checks everything first
    if _present(lines, address, names):
        return []
    return _append(lines, style.crlf, new)


def _present(lines: Sequence[bytes], address: object, names: Sequence[object]) -> bool:
    """Whether an entry line with ``address`` already names every one of ``names``.

    Names compare ASCII case-insensitively, as glibc compares them.
    """
    wanted = Address(_address_text(address))
    target = (wanted.version, int(wanted))
    keys = {encode(str(name)).lower() for name in names}
    for number in range(_count(lines)):
        parsed = parse_line(lines[number], first=number == 0)
        if parsed.address == target and keys <= {name.lower() for name in parsed.names}:
            return True
    return False


def _token_spans(raw: bytes) -> list[tuple[int, int]]:
    """Start and end of each token glibc reads (before ``#`` and NUL)."""
    body = raw
    for stop in (b"\0", b"#"):
        cut = body.find(stop)
        if cut >= 0:
            body = body[:cut]
    return [match.span() for match in _TOKEN.finditer(body)]


def _without(raw: bytes, spans: list[tuple[int, int]], drop: list[bool]) -> bytes:
    """``raw`` without the tokens marked in ``drop``, each with the white space before it.

    One pass: the kept pieces are joined once, so a line of many names costs its length.
    """
    pieces = []
    kept_to = 0  # raw[:kept_to] is decided
    for (start, end), dropped in zip(spans, drop):
        if dropped:
            cut = start
            while cut > kept_to and raw[cut - 1 : cut].isspace():
                cut -= 1
            pieces.append(raw[kept_to:cut])
            kept_to = end
    pieces.append(raw[kept_to:])
    return b"".join(pieces)


def _line_splice(lines: Sequence[bytes], number: int, new: bytes | None) -> Splice:
    """Replace line ``number`` with ``new``, or delete it (``None``), keeping the ending."""
    if new is not None:
        return Splice(number, number + 1, [new])
    if number == len(lines) - 1:  # the last line had no newline: the file now ends with one
        return Splice(number, number + 1, [b""])
    return Splice(number, number + 1, [])


def remove(lines: Sequence[bytes], name: object) -> tuple[int, list[Splice]]:
    """Remove ``name`` from every entry, ASCII case-insensitively; drop lines left nameless.

    :returns: how many names were removed, and the splices. Linear in the file.
    """
    if not isinstance(name, str):
        raise HostsSyntaxError(f"a name must be str, not {type(name).__name__}")
    key = encode(name).lower()
    removed = 0
    splices = []
    for number in range(_count(lines)):
        raw = lines[number]
        if key not in raw.lower() or parse_line(raw, first=number == 0).kind != "entry":
            continue
        spans = _token_spans(raw)
        drop = [False] + [raw[start:end].lower() == key for start, end in spans[1:]]
        dropped = sum(drop)
        if not dropped:
            continue
        removed += dropped
        keep = dropped < len(spans) - 1
        splices.append(_line_splice(lines, number, _without(raw, spans, drop) if keep else None))
    return removed, splices


def remove_address(lines: Sequence[bytes], address: object) -> tuple[int, list[Splice]]:
    """Remove every entry line whose address is ``address``; return the count and splices.

    The address is compared as a value (``FD00::1`` is ``fd00::1``).

    :raises AddressError: ``address`` is not strict address text.
    """
    text = _address_text(address)
    wanted = Address(text)
    target = (wanted.version, int(wanted))
    splices = []
    for number in range(_count(lines)):
        parsed = parse_line(lines[number], first=number == 0)
        if parsed.kind == "entry" and parsed.address == target:
            splices.append(_line_splice(lines, number, None))
    return len(splices), splices


def check_owner(owner: object) -> str:
    """``owner`` if it can name a block, else raise :class:`HostsSyntaxError`."""
    if not isinstance(owner, str):
        raise HostsSyntaxError(f"a block owner must be str, not {type(owner).__name__}")
    if _OWNER.fullmatch(owner) is None:
        shown = str.__repr__(owner[:64]) + ("..." if len(owner) > 64 else "")
        raise HostsSyntaxError(f"a block owner is 1 to 64 of A-Z a-z 0-9 . _ -, not {shown}")
    return owner


def _markers(owner: str) -> tuple[bytes, bytes]:
    return f"# BEGIN loopback: {owner}".encode(), f"# END loopback: {owner}".encode()


#: What a disabled block's BEGIN marker ends with, and what each of its lines starts with.
_DISABLED = b" (disabled)"
_COMMENTED = b"# "


def block_span(lines: Sequence[bytes], owner: str) -> tuple[int, int] | None:
    """Line indices of the block's markers, or None; an unbalanced block is an error."""
    begin_marker, end_marker = _markers(owner)
    begin = end = None
    for number in range(_count(lines)):
        text = lines[number].strip()
        if text in (begin_marker, begin_marker + _DISABLED):
            if begin is not None:
                raise HostsSyntaxError(
                    f"second BEGIN marker of block {owner!r}", line=number + 1, column=1
                )
            begin = number
        elif text == end_marker:
            if begin is None or end is not None:
                raise HostsSyntaxError(
                    f"END marker of block {owner!r} without a BEGIN before it",
                    line=number + 1,
                    column=1,
                )
            end = number
    if begin is not None and end is None:
        raise HostsSyntaxError(
            f"BEGIN marker of block {owner!r} without an END", line=begin + 1, column=1
        )
    return None if begin is None or end is None else (begin, end)


def block_disabled(lines: Sequence[bytes], owner: str) -> bool:
    """Whether the block is there and disabled (its lines commented out)."""
    span = block_span(lines, owner)
    return span is not None and lines[span[0]].strip().endswith(_DISABLED)


def block_entries(lines: Sequence[bytes], owner: str) -> list[tuple[str, ...]]:
    """The block's entries as ``(address, name, ...)``, disabled or not."""
    inside = block_lines(lines, owner)
    if inside is None:
        return []
    disabled = block_disabled(lines, owner)
    out = []
    for raw in lines[inside[0] : inside[1]]:
        commented = disabled and raw.startswith(_COMMENTED)
        parsed = parse_line(raw[len(_COMMENTED) :] if commented else raw)
        if parsed.address is not None and parsed.names:
            text = str(Address.from_int(parsed.address[1], parsed.address[0]))
            out.append((text, *(name.decode("utf-8", "surrogateescape") for name in parsed.names)))
    return out


def block_toggle(lines: Sequence[bytes], owner: str, *, disable: bool) -> list[Splice] | None:
    """Splices that comment the block's lines out (``disable``) or back in; None: no block.

    Disabling marks the BEGIN line and puts ``# `` before every line inside; enabling
    takes exactly that off again, so the block comes back byte for byte.
    """
    span = block_span(lines, owner)
    if span is None:
        return None
    begin, end = span
    if block_disabled(lines, owner) == disable:
        return []
    marker = lines[begin]
    ending = b"\r" if marker.endswith(b"\r") else b""
    head = _markers(owner)[0] + (_DISABLED if disable else b"")
    inner = lines[begin + 1 : end]
    if disable:
        body = [_COMMENTED + raw for raw in inner]
    else:
        body = [raw.removeprefix(_COMMENTED) for raw in inner]
    return [Splice(begin, end, [head + ending, *body])]


def block_lines(lines: Sequence[bytes], owner: str) -> tuple[int, int] | None:
    """Indices ``start, stop`` of the lines inside the block, markers excluded, or None."""
    span = block_span(lines, owner)
    return None if span is None else (span[0] + 1, span[1])


def block_replace(
    lines: Sequence[bytes], windows: bool, owner: str, entries: Iterable[Sequence[object]]
) -> tuple[int, int, list[Splice]]:
    """Splices that make the block hold exactly ``entries``; where it starts, how long it is.

    The length counts the markers. Creates the block at the end of the file if it is
    missing; the same entries again give no splice.
    """
    span = block_span(lines, owner)
    style = _Style(lines, windows, skip=span)  # the block's own lines must not restyle it
    newline = b"\r" if style.crlf else b""
    begin_marker, end_marker = _markers(owner)
    body = [line for entry in entries for line in style.entry(entry[0], entry[1:], None)]
    if block_disabled(lines, owner):  # a disabled block stays disabled
        begin_marker += _DISABLED
        body = [_COMMENTED + line for line in body]
    new = [begin_marker + newline, *body, end_marker + newline]
    if span is None:
        return _count(lines), len(new), _append(lines, style.crlf, new)
    begin, end = span
    if list(lines[begin : end + 1]) == new:
        return begin, len(new), []
    return begin, len(new), [Splice(begin, end + 1, new)]


def block_remove(lines: Sequence[bytes], owner: str) -> list[Splice] | None:
    """Splices that delete the block, markers included; None if there is no block."""
    span = block_span(lines, owner)
    if span is None:
        return None
    begin, end = span
    if end == len(lines) - 1:  # the END marker ended the file without a newline
        return [Splice(begin, end + 1, [b""])]
    return [Splice(begin, end + 1, [])]
