"""Every public function of every public module is total (issue 11, Why 5).

Called with arbitrary objects (wrong types, ``str``/``bytes``/``int`` subclasses, objects
whose ``__repr__``, ``__str__``, ``__eq__`` or ``__hash__`` raise, huge and negative
numbers), each function returns or raises a documented :class:`loopback.LoopbackError`
subclass (never the base itself) whose message renders and names the input. The walk
covers ``__all__`` of every public module the package has, so modules added later are
walked too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import socket
from typing import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loopback
from loopback import LoopbackError
from loopback.hosts import Block, HostsFile


def public_modules() -> list[str]:
    walked = pkgutil.walk_packages(loopback.__path__, "loopback.")
    names = [info.name for info in walked]
    return ["loopback"] + [n for n in names if not any(p.startswith("_") for p in n.split("."))]


#: Functions that are no API of the package's own: pytest calls its hooks with its objects.
NOT_CALLED = {"pytest_addoption", "pytest_configure", "pytest_unconfigure"}
NOT_CALLED |= {"pytest_runtest_call", "pytest_runtest_setup", "pytest_runtest_teardown"}
#: Functions that bind, connect or read the machine: called with wrong types only, since a
#: valid argument does real work (binds sockets, probes ports, runs tools).
IO = {
    "bind_localhost", "bind_loopback", "free_port", "loopback_hosts", "listening_sockets",
    "diagnose", "health", "check_host", "create_connection", "resolve", "guarded_session",
    "lint_path", "default_path", "reserve_port",
}  # fmt: skip


def functions() -> list[tuple[str, Callable[..., object]]]:
    found: dict[int, tuple[str, Callable[..., object]]] = {}
    for module_name in public_modules():
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # an optional extra that is not installed
            continue
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            qualified = f"{module_name}.{name}"
            if inspect.isfunction(value) and name not in NOT_CALLED:
                found.setdefault(id(value), (qualified, value))
    return sorted(found.values(), key=lambda pair: pair[0])


class Hostile:
    """An object whose every dunder a careless function might call raises."""

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __str__(self) -> str:
        raise RuntimeError("str")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")

    def __len__(self) -> int:
        raise RuntimeError("len")


class Text(str):
    pass


class Number(int):
    pass


class Raw(bytes):
    pass


#: Objects of the wrong type for every function.
wrong_types = st.one_of(
    st.none(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers()),
    st.builds(Hostile),
    st.builds(object),
    st.just(st),  # a module
    st.binary(max_size=20).map(Raw),
    st.binary(max_size=20).map(bytearray),
)
#: Objects of the right types with values out of range or odd.
odd_values = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63),
    st.integers(max_value=-1),
    st.integers().map(Number),
    st.text(max_size=30),
    st.text(max_size=30).map(Text),
    st.binary(max_size=20),
    st.sampled_from(["8080", "-1", "0", "\x00", "\ud800", "127.0.0.1", "::1", "*"]),
)
anything = st.one_of(wrong_types, odd_values)


def required_keywords(function: Callable[..., object]) -> list[str]:
    parameters = inspect.signature(function).parameters.values()
    return [p.name for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty]


def positional_count(function: Callable[..., object]) -> int:
    """How many positional arguments to give: the required ones, or else one optional."""
    positional = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    required = sum(1 for p in positional if p.default is p.empty)
    return required or min(len(positional), 1)


def check_outcome(name: str, call: Callable[[], object]) -> None:
    raised: LoopbackError | None = None
    try:
        result = call()
    except LoopbackError as error:
        raised = error
    else:
        for item in result if isinstance(result, list) else [result]:
            if isinstance(item, socket.socket):
                item.close()
        return
    assert type(raised) is not LoopbackError, f"{name} raised the base LoopbackError"
    message = str(raised)
    assert message, f"{name} raised {type(raised).__name__} with no message"
    assert len(message) < 2000, f"{name}: the message does not truncate the input"


FUNCTIONS = functions()


def test_the_walk_finds_the_api() -> None:
    names = {name for name, _ in FUNCTIONS}
    assert {"loopback.parse_address", "loopback.bind.check_bind_address"} <= names


@pytest.mark.parametrize(("name", "function"), FUNCTIONS, ids=[name for name, _ in FUNCTIONS])
@given(data=st.data())
def test_total(name: str, function: Callable[..., object], data: st.DataObject) -> None:
    strategy = wrong_types if function.__name__ in IO else anything
    args = [data.draw(strategy) for _ in range(positional_count(function))]
    kwargs = {keyword: data.draw(strategy) for keyword in required_keywords(function)}
    check_outcome(name, lambda: function(*args, **kwargs))


def hosts_methods() -> list[str]:
    """Public methods of the hosts objects that touch no file (load, save, ... do)."""
    touching = {"load", "save", "backups", "restore"}
    return [
        f"{cls.__name__}.{name}"
        for cls in (HostsFile, Block)
        for name, value in vars(cls).items()
        if not name.startswith("_") and name not in touching and inspect.isfunction(value)
    ]


@pytest.mark.parametrize("qualified", hosts_methods())
@given(data=st.data())
def test_hosts_methods_total(qualified: str, data: st.DataObject) -> None:
    hosts = HostsFile.parse(
        b"127.0.0.1 localhost\n# BEGIN loopback: me\n127.0.0.2 a\n# END loopback: me\n"
    )
    cls_name, name = qualified.split(".")
    method = getattr(hosts if cls_name == "HostsFile" else hosts.block("me"), name)
    args = [data.draw(anything) for _ in range(positional_count(method))]
    check_outcome(qualified, lambda: method(*args))
