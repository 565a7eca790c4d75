"""Hypothesis strategies for your own property tests (needs the ``hypothesis`` extra).

Install it with ``pip install 'loopback-net[hypothesis]'``; without it, importing this
module raises :class:`ModuleNotFoundError` saying so.

>>> from hypothesis import given
>>> from loopback import is_loopback
>>> @given(loopback_addresses(spelling="any"))
... def test_loopback(text):
...     assert is_loopback(text)
>>> test_loopback()

Every strategy draws text a real consumer reads: strict RFC text (``"canonical"`` or
``"any"`` spelling: leading zeros, upper case, ``::`` anywhere, a dotted tail), or, for
``spelling="lenient"``, the ``inet_aton`` forms glibc, curl and browsers read
(``127.1``, ``0x7f.1``, ``0177.0.0.1``).
"""

from __future__ import annotations

from typing import Literal

from ._address import Address, format_ipv4
from ._special import ROWS
from ._strict import shown
from .errors import AddressError

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:  # the extra is not installed: say which one to install
    raise ModuleNotFoundError(
        f"loopback.strategies needs Hypothesis: pip install 'loopback-net[hypothesis]' ({error})",
        name=error.name,
    ) from None

__all__ = [
    "group_spellings",
    "hosts_file_lines",
    "inet_aton_number",
    "ipv6_spelling",
    "lenient_ipv4_spelling",
    "loopback_addresses",
    "martian_sources",
    "non_loopback_addresses",
    "wildcard_hosts",
]

Spelling = Literal["canonical", "any", "lenient"]
_MAPPED = 0xFFFF << 32


def group_spellings(group: int) -> list[str]:
    """Every spelling of one 16-bit IPv6 group: 1 to 4 hex digits, letters in either case.

    >>> group_spellings(0xab)
    ['ab', 'AB', '0ab', '0AB', '00ab', '00AB']

    :raises AddressError: ``group`` is not an ``int`` from 0 to 0xFFFF.
    """
    given: object = group  # checked as the object it is, whatever the annotation says
    if not isinstance(given, int) or isinstance(given, bool) or not 0 <= given <= 0xFFFF:
        raise AddressError(shown(given), None, "a group must be an int from 0 to 0xFFFF")
    digits = f"{int(given):x}"
    out = []
    for width in range(len(digits), 5):
        padded = digits.rjust(width, "0")
        out.extend([padded] if padded == padded.upper() else [padded, padded.upper()])
    return out


@st.composite
def ipv6_spelling(draw: st.DrawFn, value: int) -> str:
    """One RFC 4291 spelling of the 128-bit ``value``.

    Group widths and letter case, where ``::`` stands (if anywhere), and whether the last
    32 bits are a dotted quad are all drawn.
    """
    groups = [(value >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    tail = draw(st.booleans())
    n = 6 if tail else 8
    words = [draw(st.sampled_from(group_spellings(g))) for g in groups[:n]]
    tail_text = [format_ipv4(value & 0xFFFFFFFF)] if tail else []
    runs = [
        (start, end)
        for start in range(n)
        for end in range(start + 1, n + 1)
        if all(g == 0 for g in groups[start:end])
    ]
    run = draw(st.sampled_from([None, *runs]))
    if run is None:
        return ":".join([*words, *tail_text])
    start, end = run
    return ":".join(words[:start]) + "::" + ":".join([*words[end:], *tail_text])


@st.composite
def lenient_ipv4_spelling(draw: st.DrawFn, value: int) -> str:
    """Draw one ``inet_aton`` spelling of the 32-bit ``value``.

    1 to 4 parts, each decimal, octal (leading 0) or hex (``0x``), as glibc, curl and
    browsers read them.
    """
    count = draw(st.integers(1, 4))
    octets = list(value.to_bytes(4, "big"))
    parts = [*octets[: count - 1], int.from_bytes(bytes(octets[count - 1 :]), "big")]
    return ".".join(draw(inet_aton_number(part)) for part in parts)


@st.composite
def inet_aton_number(draw: st.DrawFn, value: int) -> str:
    """Draw one part of an ``inet_aton`` address.

    ``value`` in decimal, octal or hex (``0x`` or ``0X``, either letter case), with up to
    two extra leading zeros.
    """
    base = draw(st.sampled_from(["dec", "oct", "hex", "HEX"]))
    zeros = "0" * draw(st.integers(0, 2))
    if base == "dec":
        return str(value)
    if base == "oct":
        return "0" + zeros + f"{value:o}"
    digits = f"{value:x}" if base == "hex" else f"{value:X}"
    return draw(st.sampled_from(["0x", "0X"])) + zeros + digits


_LOOPBACK4 = st.integers(0x7F000000, 0x7FFFFFFF)


def _spelled(
    values: st.SearchStrategy[tuple[int, int]], spelling: Spelling
) -> st.SearchStrategy[str]:
    def spell(pair: tuple[int, int]) -> st.SearchStrategy[str]:
        version, value = pair
        if spelling == "canonical":
            return st.just(str(Address.from_int(value, version)))  # type: ignore[arg-type]
        if version == 6:
            return ipv6_spelling(value)
        if spelling == "lenient":
            return lenient_ipv4_spelling(value)
        return st.just(format_ipv4(value))

    return values.flatmap(spell)


def loopback_addresses(
    *, version: Literal[4, 6] | None = None, spelling: Spelling = "canonical"
) -> st.SearchStrategy[str]:
    """Loopback addresses: all of ``127.0.0.0/8``, ``::1`` and ``::ffff:127.0.0.0/104``.

    :param version: 4, 6 or either (``None``).
    :param spelling: ``"canonical"`` text, ``"any"`` valid strict spelling, or
        ``"lenient"`` (IPv4 in the ``inet_aton`` forms too; parse with ``lenient=True``).
    """
    v4 = _LOOPBACK4.map(lambda v: (4, v))
    v6 = st.one_of(st.just((6, 1)), _LOOPBACK4.map(lambda v: (6, _MAPPED | v)))
    values = v4 if version == 4 else v6 if version == 6 else st.one_of(v4, v6)
    return _spelled(values, spelling)


def non_loopback_addresses(
    *, version: Literal[4, 6] | None = None, spelling: Spelling = "canonical"
) -> st.SearchStrategy[str]:
    """Addresses that are neither loopback nor unspecified.

    Weighted towards the near misses: ``126.255.255.255``, ``128.0.0.0``, ``::2``,
    ``::127.0.0.1``, NAT64 and 6to4 forms.
    """
    near4 = st.sampled_from([0x7EFFFFFF, 0x80000000, 0x7F000000 - 1, 0x0A000001])
    any4 = st.integers(1, 2**32 - 1).filter(lambda v: v >> 24 != 127)
    near6 = st.sampled_from(
        [2, 0x7F000001, 0x0064FF9B << 96 | 0x7F000001, 0x2002 << 112 | 0x7F000001 << 80]
    )
    any6 = st.integers(2, 2**128 - 1).filter(
        lambda v: v >> 24 != (_MAPPED | 0x7F000000) >> 24 and v != _MAPPED
    )
    v4 = st.one_of(near4, any4).map(lambda v: (4, v))
    v6 = st.one_of(near6, any6).map(lambda v: (6, v))
    values = v4 if version == 4 else v6 if version == 6 else st.one_of(v4, v6)
    return _spelled(values, spelling)


def wildcard_hosts() -> st.SearchStrategy[str]:
    """Bind-host spellings of "every interface".

    ``""``, ``*``, ``0.0.0.0``, ``::`` in any spelling (bare or bracketed),
    ``::ffff:0.0.0.0``, and the ``inet_aton`` zeros (``0``, ``0x0``, ``0.0``); check them
    with ``is_wildcard(host, lenient=True)``.
    """
    return st.one_of(
        st.sampled_from(["", "*", "0.0.0.0", "[::]"]),
        ipv6_spelling(0),
        ipv6_spelling(0).map(lambda text: f"[{text}]"),
        ipv6_spelling(_MAPPED),
        lenient_ipv4_spelling(0),
    )


def martian_sources() -> st.SearchStrategy[str]:
    """Addresses no packet may carry as its source off the loopback interface.

    See :func:`loopback.is_martian_source`: loopback, ``0.0.0.0/8``, multicast, limited
    broadcast, class E, ``::``, ``::1`` and IPv6 multicast, plain or IPv4-mapped.
    """
    v4 = st.one_of(
        st.integers(0x7F000000, 0x7FFFFFFF),
        st.integers(0, 0x00FFFFFF),
        st.integers(0xE0000000, 0xFFFFFFFF),
    )
    return st.one_of(
        v4.map(format_ipv4),
        v4.map(lambda v: f"::ffff:{format_ipv4(v)}"),
        st.sampled_from(["::", "::1"]),
        st.integers(0, 2**120 - 1).map(lambda v: str(Address.from_int(0xFF << 120 | v, 6))),
    )


def hosts_file_lines() -> st.SearchStrategy[bytes]:
    """Lines of a hosts file, each without its ``\\n``.

    Entries, comments (also glued to a name), blank and indented lines, CRLF, tabs,
    addresses glibc ignores, and the first addresses of the special-purpose rows.
    """
    names = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,2}\.?", fullmatch=True)
    addresses = st.one_of(
        loopback_addresses(),
        non_loopback_addresses(),
        st.sampled_from([row.prefix.split("/")[0] for rows in ROWS.values() for row in rows]),
        st.sampled_from(["127.1", "010.0.0.1", "fe80::1%lo0", "[::1]", "10.0.0.0/8"]),
    )
    spaces = st.sampled_from([" ", "\t", "  ", " \t"])
    entry = st.tuples(addresses, spaces, st.lists(names, max_size=4), spaces).map(
        lambda t: t[0] + t[1] + t[3].join(t[2])
    )
    comment = st.sampled_from(["", " # a comment", "#glued", " #"])
    line = st.one_of(
        st.tuples(entry, comment).map("".join),
        st.sampled_from(["", "   ", "# comment", "\t# indented"]),
    )
    ending = st.sampled_from(["", "\r"])
    return st.tuples(line, ending).map(lambda t: (t[0] + t[1]).encode())
