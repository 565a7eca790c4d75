"""The exception tree and how errors render (loopback/errors.py)."""

from __future__ import annotations

import pickle

import pytest

import loopback
from loopback import AddressError, LoopbackError, parse_address
from loopback._strict import diagnose
from loopback.errors import HostsFileError, HostsSyntaxError, render


def test_tree() -> None:
    assert issubclass(AddressError, LoopbackError)
    assert issubclass(AddressError, ValueError)
    assert issubclass(HostsSyntaxError, ValueError)
    assert issubclass(HostsFileError, OSError)
    for name in loopback.errors.__all__:
        assert issubclass(getattr(loopback.errors, name), LoopbackError)


def test_hosts_syntax_error_names_the_line() -> None:
    error = HostsSyntaxError("END marker without a BEGIN", line=3, column=1)
    assert str(error) == "line 3, column 1: END marker without a BEGIN"
    assert str(HostsSyntaxError("bad name", line=7)) == "line 7: bad name"
    assert str(HostsSyntaxError("bad name")) == "bad name"
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.line, again.column) == (str(error), 3, 1)


def test_hosts_file_error_is_an_os_error() -> None:
    error = HostsFileError(13, "Permission denied", "/etc/hosts")
    assert (error.errno, error.filename) == (13, "/etc/hosts")
    assert str(error) == "Permission denied"  # no "[Errno 13]" prefix: the message is for people


def test_message_quotes_the_input_and_points_at_the_position() -> None:
    with pytest.raises(AddressError) as info:
        parse_address("127.0.0.256")
    assert str(info.value) == (
        "invalid address '127.0.0.256': octet above 255 at position 8\n  127.0.0.256\n          ^"
    )


def test_message_without_position_has_no_caret() -> None:
    assert str(AddressError("", None, "empty string")) == "invalid address '': empty string"


def test_control_characters_are_escaped_and_the_caret_follows() -> None:
    error = AddressError("a\tb\x00c", 4, "bad")
    assert str(error).splitlines() == [
        "invalid address 'a\\tb\\x00c': bad at position 4",
        "  a\\tb\\x00c",
        "          ^",
    ]


def test_long_input_is_cut_to_a_window_around_the_position() -> None:
    text = "1" * 100 + "x" + "2" * 100
    shown, caret = render(text, 100)
    assert shown.startswith("...") and shown.endswith("...")
    assert shown[caret.index("^")] == "x"
    assert len(shown) == 66
    shown, caret = render("9" * 200, 0)
    assert shown == "9" * 60 + "..." and caret == "^"
    shown, caret = render("9" * 199 + "x", 199)
    assert shown == "..." + "9" * 59 + "x" and shown[caret.index("^")] == "x"


def test_lazy_diagnosis_matches_the_eager_one() -> None:
    """The fast path raises AddressError(text, diagnose); the rest is worked out on demand."""
    lazy = AddressError("127.0.0.01", diagnose)
    assert (lazy.text, lazy.position, lazy.reason) == (
        "127.0.0.01", 8, "leading zero (operating systems read it as octal)",
    )  # fmt: skip
    assert lazy.args == ("127.0.0.01", 8, "leading zero (operating systems read it as octal)")
    assert str(AddressError("::1::", diagnose)) == str(AddressError("::1::", 3, "second '::'"))
    assert AddressError("::g", diagnose).position == 2
    with pytest.raises(AddressError) as info:
        parse_address("127.0.0.01")
    assert info.value.args[1] is diagnose  # not worked out until asked for
    assert info.value.position == 8


def test_repr_and_pickle() -> None:
    with pytest.raises(AddressError) as info:
        parse_address("1::2::3")
    error = info.value
    assert repr(error) == "AddressError('1::2::3', 4, \"second '::'\")"
    again = pickle.loads(pickle.dumps(error))
    assert (again.text, again.position, again.reason) == (error.text, error.position, error.reason)
    assert str(again) == str(error)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("127.0.0.1",), "invalid address '127.0.0.1': not an address"),
        (
            ("127.0.0.1", diagnose),
            "invalid address '127.0.0.1': not an address in the form asked for",
        ),
        ((), "invalid address '': not an address"),
        ((5,), "invalid address '5': not an address"),
        (("x", 99, "why"), "invalid address 'x': why"),
        (("x", 1, 2), "invalid address 'x, 1, 2': not an address"),
    ],
)
def test_errors_built_by_hand_still_render(args: tuple[object, ...], message: str) -> None:
    assert str(AddressError(*args)) == message


def test_lazy_reason_first() -> None:
    assert AddressError("1.2.3", diagnose).reason == "3 octets, 4 needed"
