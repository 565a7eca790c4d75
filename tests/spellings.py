"""Every way to write an IPv6 address as RFC 4291 text: shared by property and sweep tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterator


def group_spellings(group: int) -> list[str]:
    """Every spelling of one 16-bit group: 1 to 4 hex digits, each digit in either case."""
    digits = f"{group:x}"
    out: list[str] = []
    for width in range(len(digits), 5):
        padded = digits.rjust(width, "0")
        letters = [(c, c.upper()) if c.isalpha() else (c,) for c in padded]
        out.extend("".join(p) for p in itertools.product(*letters))
    return out


def dotted(value: int) -> str:
    """The strict dotted quad of a 32-bit value."""
    return f"{value >> 24}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def spellings(value: int) -> Iterator[str]:
    """Every RFC 4291 spelling of ``value``, each group in every width and letter case."""
    groups = [(value >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    for tail in (False, True):
        n = 6 if tail else 8
        tail_text = [dotted(value & 0xFFFFFFFF)] if tail else []
        choices = [group_spellings(g) for g in groups[:n]]
        runs: list[tuple[int, int] | None] = [None]
        runs += [
            (start, end)
            for start in range(n)
            for end in range(start + 1, n + 1)
            if all(g == 0 for g in groups[start:end])
        ]
        for run in runs:
            if run is None:
                for combo in itertools.product(*choices):
                    yield ":".join([*combo, *tail_text])
                continue
            start, end = run
            left = choices[:start]
            right = choices[end:]
            for lcombo in itertools.product(*left):
                for rcombo in itertools.product(*right):
                    rtext = ":".join([*rcombo, *tail_text])
                    yield ":".join(lcombo) + "::" + rtext
