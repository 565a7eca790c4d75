"""The fast paths of the readers give the answers of the full readings behind them."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from loopback import Address, AddressError, parse_address
from loopback._lenient import parse_lenient, read_inet_aton
from loopback._url import parse_url_host
from loopback.classify import _is_loopback_host, is_loopback_host
from tests.property.strategies import address_like_text, ipv4_values
from tests.spellings import dotted

texts = st.one_of(
    address_like_text,
    ipv4_values.map(dotted),
    st.from_regex(r"[a-zA-Z0-9.:_-]{0,20}", fullmatch=True),
    st.sampled_from(["127.0.0.1", "0.0.0.0", "::1", "localhost", "a.localhost.", "1.2.3.4"]),
)


def outcome(function: object, text: str) -> object:
    try:
        return function(text)  # type: ignore[operator]
    except AddressError as error:
        return ("error", error.position, error.reason)


@given(texts)
@example("127.0.0.1")
@example("x.127")
@example("a..")
def test_is_loopback_host(text: str) -> None:
    assert is_loopback_host(text) is _is_loopback_host(text)


@given(texts)
def test_lenient_dotted_quads_read_as_inet_aton_reads_them(text: str) -> None:
    result = outcome(parse_lenient, text)
    if ":" not in text and text.isascii():
        expected = outcome(read_inet_aton, text)
        if isinstance(expected, int):
            assert result == (4, expected, None)
        else:
            assert isinstance(result, tuple) and result[0] == "error"


@given(ipv4_values)
def test_url_hosts_of_dotted_quads(value: int) -> None:
    text = dotted(value)
    assert parse_url_host(text) == Address(text) == parse_url_host(f"{text}\t")


@given(texts)
@example("fe80::1%01")
@example("::1%eth0")
def test_parse_address_lenient_is_parse_lenient(text: str) -> None:
    expected = outcome(parse_lenient, text)
    result = outcome(lambda t: parse_address(t, lenient=True), text)
    if isinstance(expected, tuple) and expected[0] == "error":
        assert isinstance(result, tuple) and result[0] == "error"
    else:
        assert isinstance(result, Address)
        assert expected == (result.version, int(result), result.zone)
