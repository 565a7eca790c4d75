"""The Hypothesis strategies users get (loopback/strategies.py): they draw what they say."""

from __future__ import annotations

import importlib
import sys
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import (
    Address,
    is_loopback,
    is_martian_source,
    is_unspecified,
    is_wildcard,
    parse_address,
)
from loopback.hosts import HostsFile
from loopback.strategies import (
    group_spellings,
    hosts_file_lines,
    loopback_addresses,
    martian_sources,
    non_loopback_addresses,
    wildcard_hosts,
)

SPELLINGS = ["canonical", "any", "lenient"]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("version", [4, 6, None])
def test_loopback_addresses(
    spelling: Literal["canonical", "any", "lenient"], version: Literal[4, 6] | None
) -> None:
    @given(loopback_addresses(version=version, spelling=spelling))
    def check(text: str) -> None:
        lenient = spelling == "lenient"
        address = parse_address(text, lenient=lenient)
        assert is_loopback(address)
        assert version is None or address.version == version
        if spelling == "canonical":
            assert str(address) == text

    check()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_non_loopback_addresses(spelling: Literal["canonical", "any", "lenient"]) -> None:
    @given(
        st.one_of(
            non_loopback_addresses(version=4, spelling=spelling), non_loopback_addresses(version=6)
        )
    )
    def check(text: str) -> None:
        address = parse_address(text, lenient=spelling == "lenient")
        assert not is_loopback(address) and not is_unspecified(address)

    check()
    given(non_loopback_addresses())(lambda text: None)()


@given(wildcard_hosts())
def test_wildcard_hosts(host: str) -> None:
    assert is_wildcard(host, lenient=True)


@given(martian_sources())
def test_martian_sources(text: str) -> None:
    assert is_martian_source(text)


@given(hosts_file_lines())
def test_hosts_file_lines(line: bytes) -> None:
    assert b"\n" not in line
    hosts = HostsFile.parse(line + b"\n")
    assert len(hosts) == 1
    assert hosts.to_bytes() == line + b"\n"


def test_group_spellings() -> None:
    assert group_spellings(0xAB) == ["ab", "AB", "0ab", "0AB", "00ab", "00AB"]
    assert group_spellings(1) == ["1", "01", "001", "0001"]
    assert Address("::1") == parse_address(":".join(["0"] * 7 + ["0001"]))


def test_without_hypothesis_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "loopback.strategies")
    with pytest.raises(ModuleNotFoundError) as info:
        importlib.import_module("loopback.strategies")
    assert str(info.value).startswith(
        "loopback.strategies needs Hypothesis: pip install 'loopback-net[hypothesis]' ("
    )
    assert info.value.name == "hypothesis"
