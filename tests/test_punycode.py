"""Punycode in O(n log n) (loopback/_punycode.py): the codec's answers, byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import is_loopback_host, parse_url_host
from loopback._punycode import punycode

# Code points without surrogates, weighted towards few distinct ones and a little ASCII.
labels = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1),
    st.text(st.sampled_from("ab-9\u00e4\u00fc\u4e2d\u6587\U0001f600"), min_size=1),
)


@given(labels)
def test_the_codec_answer(label: str) -> None:
    assert punycode(label) == label.encode("punycode").decode("ascii")


@pytest.mark.parametrize(
    ("label", "expected"),
    [  # RFC 3492 7.1 samples (lower-cased as hosts are)
        ("b\u00fccher", "bcher-kva"),
        ("\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587", "ihqwcrb4cv8a8dqg056pqjye"),
        ("abc", "abc-"),
    ],
)
def test_rfc_samples(label: str, expected: str) -> None:
    assert punycode(label) == expected


@pytest.mark.slow
def test_long_labels_in_linear_time() -> None:
    """Thousands of distinct CJK characters (8,000 took the codec, quadratic, 30 seconds;
    3,000 take it 3): the answers stay the codec's. The speed is in ``nox -s bench``."""
    text = "".join(chr(0x4E00 + i) for i in range(3000))
    assert parse_url_host(text) == "xn--" + text.encode("punycode").decode("ascii")
    assert is_loopback_host(text) is False
    assert is_loopback_host(text + ".localhost") is True  # a browser's reading: a name
    assert is_loopback_host("\u00ad" * 100 + "127.0.0.1") is True  # mapped to nothing first
