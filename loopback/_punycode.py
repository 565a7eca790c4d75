"""Punycode (RFC 3492) encoding in O(n log n): what ``str.encode("punycode")`` gives.

RFC 3492 section 6.3 walks the whole label once per distinct code point, and CPython's
codec does the same: a label of 8,000 distinct CJK characters takes seconds. Here each
distinct code point is handled once per occurrence: the count of smaller code points
between two occurrences (the RFC's ``delta`` steps) comes from a Fenwick tree over the
positions of the code points already handled. The output is the RFC's, byte for byte
(``tests/test_punycode.py`` compares it with the codec's).
"""

from __future__ import annotations

__all__ = ["punycode"]

_BASE = 36
_TMIN = 1
_TMAX = 26
_SKEW = 38
_DAMP = 700
_INITIAL_BIAS = 72
_INITIAL_N = 0x80
_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _adapt(delta: int, points: int, first: bool) -> int:
    """RFC 3492 6.1: the bias for the next delta."""
    delta = delta // _DAMP if first else delta // 2
    delta += delta // points
    k = 0
    while delta > ((_BASE - _TMIN) * _TMAX) // 2:
        delta //= _BASE - _TMIN
        k += _BASE
    return k + (_BASE - _TMIN + 1) * delta // (delta + _SKEW)


def _digits(delta: int, bias: int, out: list[str]) -> None:
    """RFC 3492 6.3: ``delta`` as a generalized variable-length integer."""
    k = _BASE
    while True:
        t = _TMIN if k <= bias else _TMAX if k >= bias + _TMAX else k - bias
        if delta < t:
            out.append(_DIGITS[delta])
            return
        out.append(_DIGITS[t + (delta - t) % (_BASE - t)])
        delta = (delta - t) // (_BASE - t)
        k += _BASE


def punycode(label: str) -> str:
    """The Punycode of ``label`` (without ``xn--``), as ``label.encode("punycode")``.

    >>> punycode("bücher")
    'bcher-kva'
    """
    size = len(label)
    tree = [0] * (size + 1)  # Fenwick tree: 1 at the positions of code points handled

    def mark(position: int) -> None:
        position += 1
        while position <= size:
            tree[position] += 1
            position += position & -position

    def before(position: int) -> int:  # how many handled code points lie before position
        total = 0
        while position > 0:
            total += tree[position]
            position -= position & -position
        return total

    out = [ch for ch in label if ch < "\x80"]
    basic = len(out)
    if basic:
        out.append("-")
    positions: dict[int, list[int]] = {}
    for i, ch in enumerate(label):
        if ch < "\x80":
            mark(i)
        else:
            positions.setdefault(ord(ch), []).append(i)
    n = _INITIAL_N
    delta = 0
    bias = _INITIAL_BIAS
    handled = basic
    for m in sorted(positions):
        delta += (m - n) * (handled + 1)
        n = m
        counted = 0  # handled code points up to the last occurrence of n so far
        for position in positions[m]:
            delta += before(position) - counted  # the smaller ones since that occurrence
            _digits(delta, bias, out)
            bias = _adapt(delta, handled + 1, handled == basic)
            delta = 0
            handled += 1
            counted = before(position)
        delta += before(size) - counted + 1  # the smaller ones to the end, and one step
        for position in positions[m]:
            mark(position)
        n += 1
    return "".join(out)
