"""One reading of every bind host, everywhere (DESIGN 6).

Every part of the package that judges a bind host must give the reading of the core's
reader, :func:`loopback.read_bind_host`, under the policy that part uses. ``CALLERS`` is
the table: one row per caller, with the reader's policy, what the caller answers for a
host, and what that answer must be given the core's reading. A caller added to the
package (lint's host judgement, the pytest plugin's guard) adds its row here.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
from typing import Callable, NamedTuple

from hypothesis import example, given
from hypothesis import strategies as st

from loopback import (
    AddressError,
    BindHost,
    UnsafeBindError,
    _guard,
    is_loopback,
    is_wildcard,
    read_bind_host,
)
from loopback._cli import main
from loopback.bind import check_bind_address
from loopback.lint import check_setting
from tests.property.strategies import address_like_text


class Caller(NamedTuple):
    """A caller of the bind-host reader and how its answers map to the core's reading."""

    #: Who, and with which options.
    name: str
    #: The ``read_bind_host`` keyword arguments that are this caller's policy.
    policy: dict[str, bool]
    #: The caller's answer for a host (an exception is an answer too).
    answer: Callable[[str], object]
    #: What that answer must be, given the core's reading under ``policy``.
    expected: Callable[[BindHost], object]


def outcome(function: Callable[..., object], *args: object, **kwargs: object) -> object:
    try:
        return function(*args, **kwargs)
    except (AddressError, UnsafeBindError) as error:
        return type(error).__name__


def check_bind_address_answer(host: str, *, strip_whitespace: bool) -> object:
    """Everything allowed: the addresses, or the error for what is no host at all."""
    return outcome(
        check_bind_address,
        host,
        allow_wildcard=True,
        allow_public=True,
        strip_whitespace=strip_whitespace,
    )


def check_bind_address_kind(host: str) -> str:
    """Nothing allowed: which refusal (the kinds the messages name) or loopback."""
    try:
        check_bind_address(host)
    except UnsafeBindError as error:
        for kind, words in (
            ("wildcard", "binds every interface"),
            ("address", "is reachable from other machines"),
            ("name", "what a name binds depends on name resolution"),
        ):
            if words in error.reason:
                return kind
        return "invalid"
    return "loopback"


def cli_check(host: str, *, lenient: bool) -> tuple[object, object]:
    """``loopback check --json``: the wildcard column and whether it is a name or invalid."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--json", *(["--lenient"] if lenient else []), "--", host])
    row = json.loads(out.getvalue())[0]
    return row["wildcard"], row["read_as"] if row["read_as"] in ("name", "invalid") else "address"


def cli_expected(reading: BindHost, *, lenient: bool) -> tuple[object, object]:
    if reading.kind == "invalid":
        return False, "invalid"
    if reading.kind == "name" or (reading.kind == "loopback" and len(reading.addresses) == 2):
        return False, "name"
    return reading.kind == "wildcard", "address"


def guard_bind_stays(host: str) -> bool:
    """The pytest guard lets ``bind((host, 0))`` through."""
    return _guard.judge_socket("bind", socket.AF_INET, (host, 0), ()) is None


def guard_bind_expected(reading: BindHost) -> bool:
    """Loopback stays; a name (or text no parser reads) is what the hosts file says."""
    if reading.kind in ("name", "invalid"):
        found = _guard.hosts_file().lookup(reading.host, socket.AF_INET)
        return bool(found) and is_loopback(found[0])
    return reading.kind == "loopback"


#: What lint reports for each kind of reading (its exposures).
LINT_EXPOSURES = {
    "wildcard": "all_interfaces",
    "loopback": "loopback",
    "address": "specific_address",
    "name": "depends",
    "invalid": "invalid",
}


def lint_host(host: str) -> object:
    """``loopback.lint``'s judgement of a host alone (the ``host`` syntax: ``--host``)."""
    return check_setting("host", host).exposure


CALLERS = [
    Caller(
        "check_bind_address, everything allowed",
        {"strip_whitespace": True},
        lambda host: check_bind_address_answer(host, strip_whitespace=True),
        lambda r: "UnsafeBindError" if r.kind == "invalid" else list(r.addresses),
    ),
    Caller(
        "check_bind_address(strip_whitespace=False), everything allowed",
        {"strip_whitespace": False},
        lambda host: check_bind_address_answer(host, strip_whitespace=False),
        lambda r: "UnsafeBindError" if r.kind == "invalid" else list(r.addresses),
    ),
    Caller(
        "check_bind_address, nothing allowed",
        {"strip_whitespace": True},
        check_bind_address_kind,
        lambda r: r.kind,
    ),
    Caller(
        "is_wildcard",
        {"lenient": False},
        lambda host: outcome(is_wildcard, host),
        lambda r: "AddressError" if r.kind in ("invalid", "name") else r.kind == "wildcard",
    ),
    Caller(
        "is_wildcard(lenient=True, strip_whitespace=True)",
        {"lenient": True, "strip_whitespace": True},
        lambda host: outcome(is_wildcard, host, lenient=True, strip_whitespace=True),
        lambda r: "AddressError" if r.kind in ("invalid", "name") else r.kind == "wildcard",
    ),
    Caller("the pytest guard's bind", {}, guard_bind_stays, guard_bind_expected),
    Caller(
        "loopback.lint (a server's --host)",
        {},
        lint_host,
        lambda r: LINT_EXPOSURES[r.kind],
    ),
    Caller(
        "loopback check",
        {"lenient": False},
        lambda host: cli_check(host, lenient=False),
        lambda r: cli_expected(r, lenient=False),
    ),
]

#: Hosts as configs hold them: addresses, wildcard spellings, names, and the near misses.
bind_hosts = st.one_of(
    address_like_text,
    st.sampled_from(["", "*", "0", "0.0.0.0", "::", "[::]", "localhost", "LocalHost.", "db"]),
    st.tuples(
        st.sampled_from(["", " ", "\t", "["]),
        st.sampled_from(["127.0.0.1", "::1", "0x7f.1", "1.2.3.999", "-bad", "a_b.c", "[::1]"]),
        st.sampled_from(["", " ", "\n", "]", ".", "\x00"]),
    ).map("".join),
    st.from_regex(r"[a-z0-9_-]{1,8}(\.[a-z0-9_-]{1,8}){0,3}\.?", fullmatch=True),
)


@given(bind_hosts)
@example(" 127.0.0.1")
@example("1.2.3.999")
@example("-bad")
@example("[0.0.0.0]")
@example("0.0.0.0\x00junk")
def test_every_caller_gives_the_core_reading(host: str) -> None:
    for caller in CALLERS:
        reading = read_bind_host(host, **caller.policy)
        assert caller.answer(host) == caller.expected(reading), caller.name
