"""The pinned UTS #46 table (loopback/_uts46.py) against the idna package's copy."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import idna.uts46data

from loopback import _uts46, is_loopback_host, parse_url_host
from loopback._address import Address
from tests.tools import gen_uts46

GENERATED = Path(_uts46.__file__)


def test_committed_table_is_what_the_generator_makes() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert gen_uts46.main() == 0
    assert GENERATED.read_text(encoding="utf-8") == out.getvalue()


def test_every_ascii_mapping_and_every_ignored_code_point() -> None:
    starts = idna.uts46data.uts46_starts
    statuses, replacements = idna.uts46data.uts46_statuses, idna.uts46data.uts46_replacements
    expected: dict[int, str] = {}
    for i, first in enumerate(starts):
        last = starts[i + 1] if i + 1 < len(starts) else 0x110000
        status, replacement = chr(statuses[i]), replacements[i]
        for code in range(max(first, 0x80), last):
            if status == "I":
                expected[code] = ""
            elif status == "M" and replacement is not None and replacement.isascii():
                expected[code] = replacement
    assert _uts46.table() == expected
    assert idna.uts46data.__version__ == _uts46.UNICODE_VERSION


def test_new_unicode_digits_fold_on_every_python() -> None:
    """Outlined digits (U+1CCF0..) and the Hangul filler are newer than some Pythons'
    unicodedata; the pinned table folds them everywhere."""
    assert parse_url_host("\U0001ccf1\U0001ccf2\U0001ccf7.0.0.1") == Address("127.0.0.1")
    assert parse_url_host("127\u3164.0.0.1") == Address("127.0.0.1")
    assert parse_url_host("\U0001cce1ocalhost") == "localhost"
    assert is_loopback_host("\U0001ccf1\U0001ccf2\U0001ccf7.0.0.1") is True
