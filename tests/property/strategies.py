"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from loopback.strategies import inet_aton_number, ipv6_spelling

__all__ = ["address_like_text", "inet_aton_text", "ipv4_values", "ipv6_spelling", "ipv6_values"]

V4_LOOPBACK_EDGES = [0x7EFFFFFF, 0x7F000000, 0x7FFFFFFF, 0x80000000]

#: Any IPv4 value, weighted towards 127.0.0.0/8 and its edges.
ipv4_values = st.one_of(
    st.integers(0, 2**32 - 1),
    st.integers(0x7F000000, 0x7FFFFFFF),
    st.sampled_from(V4_LOOPBACK_EDGES),
)
#: Any IPv6 value, weighted towards the interesting ones (zero runs, ::1, mapped, compat).
ipv6_values = st.one_of(
    st.integers(0, 2**128 - 1),
    st.sampled_from([0, 1, 2, 0xFFFF << 32, 0xFFFF7F000001, 0x7F000001]),
    st.builds(lambda v4: 0xFFFF << 32 | v4, ipv4_values),
    st.builds(lambda v4: v4, ipv4_values),  # IPv4-compatible ::a.b.c.d
    st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0xABCD]), min_size=8, max_size=8).map(
        lambda gs: sum(g << (112 - 16 * i) for i, g in enumerate(gs))
    ),
)


#: Any text, weighted towards strings made of address characters.
address_like_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789abcdefABCDEFxX.:%[]/ \t\n-_~+", max_size=50),
    st.text(alphabet="0123456789.", max_size=20),
    st.text(alphabet="0123456789abcdef:.", max_size=45),
)


@st.composite
def inet_aton_text(draw: st.DrawFn) -> str:
    """1 to 5 parts, each decimal, octal or hex (any case, leading zeros), in range or not."""
    values = st.one_of(
        st.integers(0, 255), st.integers(0, 2**33), st.sampled_from([0, 127, 255, 256])
    )
    count = draw(st.integers(1, 5))
    return ".".join(draw(values.flatmap(inet_aton_number)) for _ in range(count))
