"""Lint for hosts files: what glibc silently ignores, misreads, or answers surprisingly.

Severity ``error``: glibc ignores or misreads the line. ``warning``: glibc reads it, but
probably not as meant. ``note``: portability (Windows, macOS) and hygiene.
"""

from __future__ import annotations

import warnings
from socket import AF_INET, AF_UNSPEC
from typing import TYPE_CHECKING, Literal

from .._address import Address, make_address
from .._lenient import parse_lenient
from .._record import frozen
from ..classify import is_loopback
from ..errors import AddressError, HostsSyntaxError
from ._edit import validate_name
from ._numeric import getaddrinfo_numeric, gethostbyname_numeric
from ._parse import BOM, encode

if TYPE_CHECKING:
    from ._parse import Line

__all__ = ["Finding", "lint"]

Severity = Literal["error", "warning", "note"]
_LONG_LINE = 4096
_MAX_NAME = 253  # RFC 1035 2.3.4, without the length octets
_WINDOWS_NAMES = 9


@frozen
class Finding:
    """One problem: where, how bad, what, and what to do.

    >>> from loopback.hosts import HostsFile
    >>> [f.message for f in HostsFile.parse(b"127.1 short\\n").lint()]
    ["glibc ignores this line: glibc does not read the address '127.1' (inet_pton: ...)"]
    """

    __slots__ = ("column", "fix", "line", "message", "severity")

    #: 1-based line number (0 for the file as a whole).
    line: int
    #: 1-based column, or ``None``.
    column: int | None
    #: ``"error"``, ``"warning"`` or ``"note"`` (the words of ``loopback.lint`` and SARIF).
    severity: Severity
    #: What is wrong.
    message: str
    #: What to write instead, or ``None``.
    fix: str | None

    @property
    def suggestion(self) -> str | None:
        """Deprecated alias of :attr:`fix` (the word ``loopback.doctor`` uses too)."""
        warnings.warn(
            "Finding.suggestion is deprecated; use Finding.fix", DeprecationWarning, stacklevel=2
        )
        return self.fix


def lint(data: bytes, lines: list[Line]) -> list[Finding]:
    """Every finding in a file of ``data``, split into ``lines``, in line order."""
    findings: list[Finding] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\0") > len(data) // 4 > 0:
        return [
            Finding(
                0,
                None,
                "error",
                "the file looks like UTF-16: glibc reads nothing in it",
                "save it as ASCII or UTF-8",
            )
        ]
    _endings(lines, findings)
    first_line: dict[tuple[bytes, int], tuple[Line, Address]] = {}
    entries: dict[tuple[Address | None, tuple[bytes, ...]], int] = {}
    for line in lines:
        _line_findings(line, findings)
        if line.kind == "entry":
            _name_findings(line, findings, first_line)
            _duplicate_entry(line, entries, findings)
    findings.sort(key=lambda f: (f.line, f.column or 0))
    return findings


def _duplicate_entry(
    line: Line,
    entries: dict[tuple[Address | None, tuple[bytes, ...]], int],
    findings: list[Finding],
) -> None:
    """An entry with the address and names of an earlier one (names ASCII case-insensitive)."""
    key = (line.address, tuple(encode(name).lower() for name in line.names))
    first = entries.setdefault(key, line.number)
    if first != line.number:
        message = f"the same entry as line {first}: glibc answers nothing more for it"
        findings.append(Finding(line.number, 1, "note", message, "remove the line"))


def _endings(lines: list[Line], findings: list[Finding]) -> None:
    ended = [line.raw for line in lines if line.newline]
    crlf = sum(1 for raw in ended if raw.endswith(b"\r"))
    if 0 < crlf < len(ended):
        findings.append(
            Finding(
                0,
                None,
                "note",
                f"mixed line endings: {crlf} of {len(ended)} lines end in CRLF",
                "use one style",
            )
        )
    for line in lines:
        lone = line.raw.rstrip(b"\r").find(b"\r")
        if lone >= 0:
            findings.append(
                Finding(
                    line.number,
                    lone + 1,
                    "error",
                    "a lone CR does not end a line for glibc: what follows joins this line",
                    "end lines with LF or CRLF",
                )
            )


def _line_findings(line: Line, findings: list[Finding]) -> None:
    raw, number = line.raw, line.number
    if raw[:1].isspace() and raw.strip() and (not line.newline or b"\0" in raw):
        # glibc's __nss_readline strips leading blanks with a memmove that leaves the
        # line's last bytes doubled when no newline ends it: "  10.0.0.5 host" reads as
        # "10.0.0.5 hostst".
        message = "glibc misreads an indented line that no newline ends (or with a NUL)"
        findings.append(Finding(number, 1, "error", message, "remove the indentation"))
    if number == 1 and raw.startswith(BOM):
        findings.append(
            Finding(
                1,
                1,
                "error",
                "a UTF-8 byte order mark makes glibc ignore this line",
                "remove the byte order mark",
            )
        )
    nul = raw.find(b"\0")
    if nul >= 0:
        findings.append(
            Finding(
                number,
                nul + 1,
                "error",
                "a NUL byte hides the rest of the line from glibc",
                "remove the NUL byte",
            )
        )
    if len(raw) > _LONG_LINE:
        findings.append(
            Finding(
                number,
                None,
                "note",
                f"a line of {len(raw)} bytes: fixed-buffer callers of gethostbyname_r fail past it",
                "split it",
            )
        )
    stripped = raw.lstrip()
    if stripped.startswith((b";", b"//")):
        findings.append(
            Finding(
                number,
                len(raw) - len(stripped) + 1,
                "error",
                "';' and '//' do not start comments in a hosts file",
                "use '#'",
            )
        )
        return
    if line.kind == "ignored" and not (number == 1 and raw.startswith(BOM)):
        findings.append(
            Finding(
                number,
                1,
                "error",
                f"glibc ignores this line: {line.reason}",
                _fix_address(line.text),
            )
        )
    hash_at = raw.find(b"#")
    if hash_at > 0 and not raw[hash_at - 1 : hash_at].isspace() and raw[:hash_at].strip():
        findings.append(
            Finding(
                number,
                hash_at + 1,
                "warning",
                "'#' glued to a word starts a comment there: glibc reads what comes before it only",
                "put a space before '#'",
            )
        )
    if line.kind == "entry" and not line.names:
        findings.append(
            Finding(
                number,
                1,
                "warning",
                "an address with no name: reverse lookups answer no name (and skip later lines)",
                "add a name or remove the line",
            )
        )
    if len(line.names) > _WINDOWS_NAMES:
        findings.append(
            Finding(
                number,
                None,
                "note",
                f"{len(line.names)} names on one line: Windows reads at most {_WINDOWS_NAMES}",
                "split the line",
            )
        )


def _fix_address(text: str) -> str | None:
    """A suggestion for a line whose address glibc ignores."""
    token = text.split(maxsplit=1)[0] if text.split() else ""
    body = token.strip("[]").split("/")[0].split("%")[0]
    try:
        version, value, _ = parse_lenient(body)
    except AddressError:
        return None
    canonical = str(make_address(version, value))
    return f"write the address as {canonical}"


def _name_findings(
    line: Line, findings: list[Finding], first_line: dict[tuple[bytes, int], tuple[Line, Address]]
) -> None:
    address = line.address
    if address is None:  # pragma: no cover - only entries come here
        return
    for name in line.names:
        key = encode(name).lower()
        bare = key.rstrip(b".")
        if (bare == b"localhost" or bare.endswith(b".localhost")) and not is_loopback(address):
            message = f"{name} points to {address}, not to loopback (RFC 6761 6.3)"
            fix = f"use 127.0.0.1 or ::1 for {name}"
            findings.append(Finding(line.number, None, "warning", message, fix))
        if "*" in name:
            findings.append(
                Finding(
                    line.number,
                    None,
                    "warning",
                    f"{name}: '*' is a literal character here, not a wildcard",
                    None,
                )
            )
        elif not name.isascii():
            punycode = _punycode(name)
            findings.append(
                Finding(
                    line.number,
                    None,
                    "warning",
                    f"{name} is not ASCII: glibc compares bytes; IDN lookups ask for Punycode",
                    punycode and f"write {punycode}",
                )
            )
        else:
            _hostname_findings(line, name, findings)
        _duplicate_findings(line, name, key, address, findings, first_line)


def _views(address: Address) -> list[tuple[int, Address]]:
    """(family, address) as glibc's AF_INET and AF_INET6 lookups see a line's address."""
    if address.version == 4:
        return [(4, address)]
    views: list[tuple[int, Address]] = [(6, address)]
    mapped = address.ipv4_mapped
    if mapped is not None:
        views.append((4, mapped))
    elif int(address) == 1:
        views.append((4, Address("127.0.0.1")))
    return views


def _duplicate_findings(  # noqa: PLR0917 - one private helper, called once
    line: Line,
    name: str,
    key: bytes,
    address: Address,
    findings: list[Finding],
    first_line: dict[tuple[bytes, int], tuple[Line, Address]],
) -> None:
    """The same name for different addresses of one family; ``::1`` before ``127.0.0.1``."""
    loopback_first = first_line.get((key, 6))
    if (
        address == Address("127.0.0.1")
        and loopback_first
        and int(loopback_first[1]) == 1
        and ((key, 4) not in first_line or first_line[(key, 4)][0] is loopback_first[0])
    ):
        message = (
            f"::1 on line {loopback_first[0].number} comes first for {name}: "
            "with multi off, getaddrinfo answers only ::1"
        )
        findings.append(
            Finding(line.number, None, "warning", message, "put the 127.0.0.1 line first")
        )
    for family, view in _views(address):
        seen = first_line.setdefault((key, family), (line, view))
        earlier, earlier_view = seen
        if earlier is not line and earlier_view != view:
            message = (
                f"{name} is {earlier_view} on line {earlier.number} and {view} here: "
                "with multi off only the first answers"
            )
            findings.append(Finding(line.number, None, "warning", message, None))
            break


def _no_interfaces(zone: str) -> int:
    return 0


def _getaddrinfo_blind(name: str) -> bool:
    return getaddrinfo_numeric(name, AF_UNSPEC, _no_interfaces) is not None


def _gethostbyname_blind(name: str) -> bool:
    return gethostbyname_numeric(name, AF_INET) is not None


#: (API, whether it answers ``name`` without reading the file): see ``_numeric.py``.
_NUMERIC_RULES = (
    ("getaddrinfo", _getaddrinfo_blind),
    ("gethostbyname", _gethostbyname_blind),
)


def _hostname_findings(line: Line, name: str, findings: list[Finding]) -> None:
    blind = [api for api, rule in _NUMERIC_RULES if rule(name)]
    if blind:
        findings.append(
            Finding(
                line.number,
                None,
                "warning",
                f"{name} looks like an address: {' and '.join(blind)} never read the hosts "
                "file for it",
                None,
            )
        )
        return
    if name.endswith(".") and len(name) > 1:
        findings.append(
            Finding(
                line.number,
                None,
                "note",
                f"{name}: glibc keeps a trailing dot; {name} and {name[:-1]} are different names",
                None,
            )
        )
    try:
        validate_name(name)
    except HostsSyntaxError as error:
        findings.append(Finding(line.number, None, "note", str(error), None))


def _punycode(name: str) -> str | None:
    """The IDNA 2003 form of ``name``, or None; a name too long for DNS has none.

    Python's Punycode encoder is quadratic in a label's length, and a label longer than
    63 octets fails only after it: longer names are refused first.
    """
    if len(name) > _MAX_NAME:
        return None
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
