"""The pytest plugin (entry point ``pytest11``): loopback fixtures and a network guard.

Fixtures: ``free_port`` (a port number no other test was given), ``loopback_socket`` (a TCP
socket bound to ``127.0.0.1``, closed after the test), ``loopback_host`` (a
``127.x.y.z`` address of this test's own, disjoint across pytest-xdist workers),
``localhost_sockets`` (``127.0.0.1`` and ``::1`` on one port) and ``allow_network`` (lets
one test leave this machine).

Guard: ``--loopback-only`` (or the ini option ``loopback_only = true``, or
``@pytest.mark.loopback_only`` on one test) fails a test that binds beyond loopback,
connects or sends anywhere but this machine, or makes a name lookup that would ask a DNS
server, from the setup of its first fixture to the teardown of its last. Allow hosts with
``--loopback-allow SPEC`` (repeatable), the ini option ``loopback_allow`` or
``@pytest.mark.loopback_only(allow=[...])``; let one test out with
``@pytest.mark.allow_network``; switch the guard off with ``--no-loopback-only``.
``--loopback-subprocess`` extends the guard to Python child processes, and
``--loopback-only=netns`` (Linux) runs the session in a network namespace of its own
where only ``lo`` exists. ``docs/reference/pytest-plugin.md`` says what each mode covers.

The plugin imports nothing heavy until a fixture or the guard is used.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, NamedTuple

import pytest

from .errors import LoopbackGuardError, SpecError

if TYPE_CHECKING:
    from types import ModuleType

    from ._address import Address
    from ._guard import Rule

__all__ = [
    "LoopbackGuardError",
    "allow_network",
    "expect_blocked",
    "free_port",
    "localhost_sockets",
    "loopback_host",
    "loopback_socket",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_call",
    "pytest_runtest_setup",
    "pytest_runtest_teardown",
    "pytest_unconfigure",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The guard's options and ini settings."""
    group = parser.getgroup("loopback", "loopback: keep the tests on this machine")
    group.addoption(
        "--loopback-only",
        action="store_const",
        const="guard",
        dest="loopback_only",
        default=None,
        help="fail tests that bind beyond loopback, connect or send to another machine, "
        "or make a name lookup that would ask a DNS server",
    )
    group.addoption(
        "--loopback-only=netns",
        action="store_const",
        const="netns",
        dest="loopback_only",
        help="as --loopback-only, and run the session in a network namespace where only lo "
        "exists (Linux), so nothing at all can leave",
    )
    group.addoption(
        "--no-loopback-only",
        action="store_const",
        const="off",
        dest="loopback_only",
        help="switch the guard off, whatever the ini file and the markers say",
    )
    group.addoption(
        "--loopback-allow",
        action="append",
        default=[],
        metavar="SPEC",
        dest="loopback_allow",
        help="let the guarded tests reach SPEC: a host name, an address, a CIDR prefix, "
        "host:port or [v6]:port (repeatable; commas separate several)",
    )
    group.addoption(
        "--loopback-subprocess",
        action="store_true",
        default=None,
        dest="loopback_subprocess",
        help="guard the Python child processes the tests start, too",
    )
    parser.addini(
        "loopback_only", "guard every test (as --loopback-only)", type="bool", default=False
    )
    parser.addini(
        "loopback_netns",
        "guard every test in a network namespace of the session's own (as --loopback-only=netns)",
        type="bool",
        default=False,
    )
    parser.addini(
        "loopback_allow", "allow specs for the guard, one a line", type="linelist", default=[]
    )
    parser.addini(
        "loopback_subprocess",
        "guard the Python child processes the tests start (as --loopback-subprocess)",
        type="bool",
        default=False,
    )


class _Settings(NamedTuple):
    """The guard's settings for the session."""

    mode: str  # "off", "guard" or "netns"
    forced_off: bool  # --no-loopback-only
    allow: tuple[str, ...]
    #: The directory with the ``sitecustomize`` that guards child processes, or "".
    children: str


#: Put on the ``PYTHONPATH`` of child processes (--loopback-subprocess): it guards them,
#: then imports the ``sitecustomize`` it hides, if there is one.
_SITECUSTOMIZE = """\
\"\"\"Guard this Python process: pytest --loopback-subprocess (the loopback package).\"\"\"
import os
import sys

try:
    from loopback._guard import start_from_environment
except ImportError:  # another interpreter, without loopback: it runs unguarded
    pass
else:
    start_from_environment()
_here = os.path.dirname(os.path.abspath(__file__))
_path = sys.path[:]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
del sys.modules["sitecustomize"]
try:
    import sitecustomize  # noqa: F401 - the one this file hides
except ImportError:
    pass
finally:
    sys.path[:] = _path
"""


def _children_directory() -> str:
    import tempfile  # noqa: PLC0415 - only with --loopback-subprocess

    directory = tempfile.mkdtemp(prefix="loopback-guard-")
    with open(os.path.join(directory, "sitecustomize.py"), "w", encoding="utf-8") as file:
        file.write(_SITECUSTOMIZE)
    return directory


_SETTINGS = pytest.StashKey[_Settings]()
_ALLOWED = pytest.StashKey[bool]()
_RULES = pytest.StashKey["tuple[Rule, ...] | None"]()
#: The guard module, once a test has used it.
_GUARD = pytest.StashKey["ModuleType"]()


def _split_specs(specs: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for spec in specs for part in spec.split(",") if part.strip())


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers; read the guard's settings; enter the namespace for netns."""
    config.addinivalue_line(
        "markers",
        "loopback_only(allow=[...]): fail the test if it leaves this machine, except for the "
        "hosts allowed",
    )
    config.addinivalue_line(
        "markers", "allow_network: let the test leave this machine whatever the guard's settings"
    )
    option = config.getoption("loopback_only")
    ini = "netns" if _ini_bool(config, "loopback_netns") else "off"
    ini = "guard" if ini == "off" and _ini_bool(config, "loopback_only") else ini
    subprocess = config.getoption("loopback_subprocess") or _ini_bool(config, "loopback_subprocess")
    allow = _split_specs([*config.getini("loopback_allow"), *config.getoption("loopback_allow")])
    settings = _Settings(
        mode=option or ini,
        forced_off=option == "off",
        allow=allow,
        children=_children_directory() if subprocess else "",
    )
    config.stash[_SETTINGS] = settings
    if allow:
        _rules(allow, "--loopback-allow")  # refuse a bad spec before any test runs
    if settings.mode == "netns" and not hasattr(config, "workerinput"):
        from ._netns import NamespaceError, enter  # noqa: PLC0415 - Linux, and only when asked

        try:
            enter()
        except NamespaceError as error:
            raise pytest.UsageError(f"--loopback-only=netns: {error}") from None


def _ini_bool(config: pytest.Config, name: str) -> bool:
    """A bool ini option; a value that is no truth value is a usage error naming it.

    (pytest 9 raises a ``UsageError`` that does not name the option, pytest 8 a
    ``ValueError`` that stops the session with a traceback.)
    """
    try:
        return bool(config.getini(name))
    except (ValueError, pytest.UsageError) as error:
        raise pytest.UsageError(f"ini option {name}: {error}") from None


def pytest_unconfigure(config: pytest.Config) -> None:
    """Take the guard's wrappers out of the socket module; remove the children's directory."""
    guard = config.stash.get(_GUARD, None)
    if guard is not None:
        guard.uninstall()
    settings = config.stash.get(_SETTINGS, None)
    if settings is not None and settings.children:
        import shutil  # noqa: PLC0415 - only with --loopback-subprocess

        shutil.rmtree(settings.children, ignore_errors=True)


def _rules(specs: tuple[str, ...], where: str) -> tuple[Rule, ...]:
    from ._guard import parse_rule  # noqa: PLC0415 - the plugin stays light until used

    try:
        return tuple(parse_rule(spec) for spec in specs)
    except SpecError as error:
        raise pytest.UsageError(f"{where}: {error}") from None


def _rules_for(item: pytest.Item) -> tuple[Rule, ...] | None:
    """The allow rules of ``item``'s guard, or ``None`` when the guard is off for it.

    Read at the setup; a marker with a bad spec fails the setup, and the guard is off for
    the rest of that test.
    """
    if item.stash.get(_ALLOWED, False):
        return None
    if _RULES in item.stash:
        return item.stash[_RULES]
    item.stash[_RULES] = None
    settings = item.config.stash[_SETTINGS]
    if settings.forced_off:
        return None
    guarded: bool | None = None
    extra: list[str] = []
    for mark in item.iter_markers():  # closest first: the closest marker decides
        if mark.name == "allow_network" and guarded is None:
            guarded = False
        elif mark.name == "loopback_only":
            guarded = True if guarded is None else guarded
            for allow in (*mark.args, mark.kwargs.get("allow", ())):
                extra += [allow] if isinstance(allow, str) else list(allow)
    if "allow_network" in getattr(item, "fixturenames", ()):
        guarded = False
    if not (settings.mode != "off" if guarded is None else guarded):
        return None
    try:
        item.stash[_RULES] = _rules(settings.allow + _split_specs(extra), "loopback_only marker")
    except pytest.UsageError as error:
        raise pytest.fail.Exception(str(error), pytrace=False) from None
    return item.stash[_RULES]


def _guard_phase(item: pytest.Item) -> Generator[None, None, None]:
    """Run one phase of ``item`` (setup, call, teardown) under its guard.

    A blocked call raises where it is made; if the test swallowed the error (or the code
    under test turned it into another one), the phase fails afterwards with the guard's
    message.
    """
    rules = _rules_for(item)
    if rules is None:
        return (yield)
    from . import _guard  # noqa: PLC0415 - the plugin stays light until used

    item.config.stash[_GUARD] = _guard
    children = item.config.stash[_SETTINGS].children
    report = os.path.join(children, "blocked.txt") if children else ""
    saved = {name: os.environ.get(name) for name in (*_CHILD_VARIABLES, "PYTHONPATH")}
    if children:
        os.environ.update(_guard.child_environment(rules, report))
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [children, saved["PYTHONPATH"]]))
    _guard.install()
    _guard.activate(rules, report=report)
    try:
        result = yield
    except LoopbackGuardError:
        _end(_guard, saved, report)
        raise
    except BaseException as error:
        _fail_if_blocked(_end(_guard, saved, report), error)
        raise
    _fail_if_blocked(_end(_guard, saved, report), None)
    return result


_CHILD_VARIABLES = ("LOOPBACK_GUARD", "LOOPBACK_GUARD_REPORT")


def _end(guard: ModuleType, saved: dict[str, str | None], report: str) -> list[str]:
    """Turn the guard off, restore the environment; what this process and its children blocked."""
    blocked = [str(error) for error in guard.deactivate()]
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    return blocked + (guard.take_reports(report) if report else [])


def _fail_if_blocked(blocked: list[str], cause: BaseException | None) -> None:
    if blocked:
        raise pytest.fail.Exception("\n".join(dict.fromkeys(blocked)), pytrace=False) from cause


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """Guard the fixtures' setup (every scope: a session fixture set up here is guarded)."""
    return (yield from _guard_phase(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Guard the test itself."""
    return (yield from _guard_phase(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    """Guard the fixtures' teardown (the last test's teardown ends the session's fixtures)."""
    return (yield from _guard_phase(item))


@contextlib.contextmanager
def expect_blocked() -> Iterator[pytest.ExceptionInfo[LoopbackGuardError]]:
    """Assert that the guard blocks a call in the block, and let the test pass for it.

    A blocked call fails its test even when caught; this is how a test says it meant it::

        with expect_blocked() as blocked:
            requests.get("https://example.com")
        assert "example.com" in str(blocked.value)
    """
    with pytest.raises(LoopbackGuardError) as caught:
        yield caught
    from . import _guard  # noqa: PLC0415 - the plugin stays light until used

    _guard.forget(caught.value)


@pytest.fixture
def allow_network(request: pytest.FixtureRequest) -> None:
    """Let this test leave this machine, whatever the guard's settings (its opt-out)."""
    request.node.stash[_ALLOWED] = True
    guard = request.config.stash.get(_GUARD, None)
    if guard is not None:
        guard.pause()


@pytest.fixture
def free_port() -> int:
    """A port number on 127.0.0.1 that no other caller of free_port was given."""
    from .bind import free_port as pick  # noqa: PLC0415 - the plugin stays light until used

    return pick()


@pytest.fixture
def loopback_socket() -> Iterator[socket.socket]:
    """A TCP socket bound to 127.0.0.1 on a port of its own; closed after the test."""
    from .bind import bind_loopback  # noqa: PLC0415 - the plugin stays light until used

    sock = bind_loopback()
    try:
        yield sock
    finally:
        sock.close()


@pytest.fixture
def localhost_sockets() -> Iterator[list[socket.socket]]:
    """TCP sockets on 127.0.0.1 and ::1 with one port (IPv4 alone without IPv6)."""
    from .bind import bind_localhost  # noqa: PLC0415 - the plugin stays light until used

    socks = bind_localhost()
    try:
        yield socks
    finally:
        for sock in socks:
            sock.close()


class _Hosts:
    """Hands out this worker's loopback hosts, one after another."""

    def __init__(self) -> None:
        self.given = 0

    def next(self) -> Address:
        from .bind import loopback_hosts  # noqa: PLC0415 - the plugin stays light until used

        self.given += 1
        return loopback_hosts(self.given)[-1]


@pytest.fixture(scope="session")
def _loopback_host_allocator() -> _Hosts:
    return _Hosts()


@pytest.fixture
def loopback_host(_loopback_host_allocator: _Hosts) -> Address:
    """A 127.x.y.z address no other test of this session (on any xdist worker) gets."""
    return _loopback_host_allocator.next()
