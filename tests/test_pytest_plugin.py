"""The pytest plugin, run in pytester sessions (loopback/pytest_plugin.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import loopback._guard  # loaded before pytester's runs, which unload what they load
import loopback._netns  # noqa: F401 - as loopback._guard

GUARDED_TESTS = """
import socket
import pytest

def test_bind_wildcard():
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))

def test_connect_beyond_loopback():
    # UDP connect sends nothing: if the guard failed, no packet would leave anyway.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))

def test_swallowed():
    try:
        with socket.socket() as s:
            s.bind(("10.0.0.1", 0))
    except Exception:
        pass

def test_names_other_than_localhost():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("example.com", 9))

def test_sendto_beyond_loopback():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("192.0.2.1", 9))

def test_sendmsg_beyond_loopback():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendmsg([b"x"], [], 0, ("192.0.2.1", 9))

def test_this_machine_is_fine():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("0.0.0.0", 9))
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.connect(("::", 9))

def test_loopback_is_fine():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        s.connect(("::1", 9))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        port = receiver.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("localhost", port))
            assert s.connect_ex((b"127.0.0.1", port)) == 0
            s.sendmsg([b"x"])
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(b"x", 0, ("127.0.0.1", port))
            s.sendto(b"x", ("127.0.0.1", port))
"""


def test_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_fixtures(free_port, loopback_socket, loopback_host, localhost_sockets):
            assert 0 < free_port < 65536
            assert loopback_socket.getsockname()[0] == "127.0.0.1"
            assert loopback_host.version == 4 and loopback_host.packed[0] == 127
            assert len({s.getsockname()[1] for s in localhost_sockets}) == 1

        def test_hosts_differ(loopback_host, request):
            other = request.getfixturevalue("_loopback_host_allocator").next()
            assert other != loopback_host
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_guard_by_flag(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(GUARDED_TESTS)
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=6)
    allow = "; allow it with --loopback-allow={0}, @pytest.mark.loopback_only(allow=[[]'{0}'])"
    result.stdout.fnmatch_lines(
        [
            "E   *LoopbackGuardError: socket.bind(('0.0.0.0', 0)) leaves loopback: binds every "
            "interface (0.0.0.0): the service is exposed on every network this machine is on "
            "(test_guard_by_flag.py:6)"
            + allow.format("0.0.0.0")
            + " or @pytest.mark.allow_network",
            "*socket.connect(('192.0.2.1', 9)) leaves loopback: 192.0.2.1 is not this machine*",
            (
                "*socket.bind(('10.0.0.1', 0)) leaves loopback: 10.0.0.1 is reachable from other "
                "machines (test_guard_by_flag.py:16)*"
            ),
            (
                "*socket.connect(('example.com', 9)) leaves loopback: looking up example.com would "
                "ask a DNS server*"
            ),
            "*socket.sendto(('192.0.2.1', 9)) leaves loopback*",
            "*socket.sendmsg(('192.0.2.1', 9)) leaves loopback*",
        ]
    )
    # The swallowed call fails its test with the guard's message alone, no traceback.
    result.stdout.fnmatch_lines(
        [
            "*_ test_swallowed _*",
            "socket.bind(('10.0.0.1', 0)) leaves loopback*",
            "*_ test_names_other_than_localhost _*",
        ]
    )


def test_guard_by_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket
        import pytest
        from loopback.pytest_plugin import expect_blocked

        @pytest.mark.loopback_only
        def test_guarded():
            with socket.socket() as s:
                s.bind(("0.0.0.0", 0))

        def test_not_guarded():
            with socket.socket() as s:
                s.bind(("0.0.0.0", 0))

        @pytest.mark.loopback_only(allow=["0.0.0.0", "192.0.2.0/24"])
        def test_allowed():
            with socket.socket() as s:
                s.bind(("0.0.0.0", 0))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))
                with expect_blocked() as blocked:
                    s.connect(("198.51.100.1", 9))
                assert blocked.value.allow == "198.51.100.1"

        @pytest.mark.loopback_only("192.0.2.1:9")
        def test_allowed_positionally():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))

        @pytest.mark.loopback_only(allow="not a spec!")
        def test_bad_spec():
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=3, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*loopback_only marker: invalid allow spec 'not a spec!': not an address, a prefix*"]
    )


def test_the_whole_test_is_guarded(pytester: pytest.Pytester) -> None:
    """Fixtures of every scope, set up and torn down, are guarded; so is the test."""
    pytester.makepyfile(
        """
        import socket
        import pytest

        def leave():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))

        @pytest.fixture(scope="session")
        def session_setup():
            leave()

        @pytest.fixture(scope="module")
        def module_teardown():
            yield
            leave()

        @pytest.fixture
        def function_setup():
            leave()

        def test_session(session_setup):
            pass

        def test_function(function_setup):
            pass

        def test_module(module_teardown):
            pass
        """
    )
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_session*",
            "*leaves loopback: 192.0.2.1 is not this machine (test_the_whole_test_is_*.py:6)*",
            "*ERROR at setup of test_function*",
            "*ERROR at teardown of test_module*",
        ]
    )


def test_errors_turned_into_others_still_fail(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket, threading, urllib.request
        import pytest

        def test_urllib():
            with pytest.raises(OSError):
                urllib.request.urlopen("http://192.0.2.1:9/", timeout=0.1)

        def test_create_connection():
            with pytest.raises(OSError):  # closes its socket: no ResourceWarning
                socket.create_connection(("192.0.2.1", 9), timeout=0.1)

        def test_thread():
            def run():
                try:
                    socket.getaddrinfo("example.com", 80)
                except Exception:
                    pass
            t = threading.Thread(target=run)
            t.start()
            t.join()

        def test_lookup_by_name():
            urllib.request.urlopen("http://example.com/", timeout=0.1)
        """
    )
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(failed=4)
    result.stdout.fnmatch_lines(
        [
            "*_ test_urllib _*",
            "socket.connect(('192.0.2.1', 9)) leaves loopback*",
            "*_ test_create_connection _*",
            "socket.connect(('192.0.2.1', 9)) leaves loopback*",
            "*_ test_thread _*",
            "socket.getaddrinfo('example.com', 80) leaves loopback: it would ask a DNS server*",
            "*_ test_lookup_by_name _*",
            "*socket.getaddrinfo('example.com', 80) leaves loopback*",
        ]
    )


def test_asyncio(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio

        def test_open_connection():
            asyncio.run(asyncio.open_connection("192.0.2.1", 9))

        def test_resolve():
            asyncio.run(asyncio.open_connection("example.com", 80))

        def test_local():
            async def main():
                server = await asyncio.start_server(lambda r, w: w.close(), "localhost", 0)
                port = server.sockets[0].getsockname()[1]
                _, writer = await asyncio.open_connection("localhost", port)
                writer.close()
                server.close()
                await server.wait_closed()
            asyncio.run(main())
        """
    )
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*socket.connect(('192.0.2.1', 9)) leaves loopback*",
            "*socket.getaddrinfo('example.com', 80) leaves loopback*",
        ]
    )


HOSTS_CONFTEST = """
import pytest
from loopback import _guard

@pytest.fixture(autouse=True, scope="session")
def hosts_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("etc") / "hosts"
    path.write_bytes(b"127.0.0.1 localhost\\n10.0.0.5 db.test db\\n127.0.0.7 svc.test\\n")
    _guard.use_hosts_file(str(path))
    yield
    _guard.use_hosts_file(None)
"""


def test_name_lookups(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(HOSTS_CONFTEST)
    pytester.makepyfile(
        """
        import socket
        import pytest

        def test_answered():
            assert socket.gethostbyname("svc.test") == "127.0.0.7"
            assert socket.gethostbyname("db") == "10.0.0.5"
            assert socket.getaddrinfo("app.localhost", 80, socket.AF_INET6)[0][4][0] == "::1"
            assert socket.gethostbyaddr("10.0.0.5")[0] == "db.test"
            assert socket.getaddrinfo("192.0.2.1", 80)[0][4][0] == "192.0.2.1"

        def test_connect_to_a_name_the_file_sends_elsewhere():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("db.test", 9))

        @pytest.mark.parametrize("call", [
            lambda: socket.getaddrinfo("example.com", 80),
            lambda: socket.gethostbyname("example.com"),
            lambda: socket.gethostbyname_ex("example.com"),
            lambda: socket.gethostbyaddr("192.0.2.1"),
            lambda: socket.getnameinfo(("192.0.2.1", 80), 0),
        ])
        def test_asks_dns(call):
            call()
        """
    )
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=6)
    result.stdout.fnmatch_lines(["*the hosts file sends db.test to 10.0.0.5*"])
    # One error line each (the short summary repeats the message only where pytest sees CI)
    errors = [line for line in result.outlines if line.startswith("E ")]
    assert sum("it would ask a DNS server (the hosts file" in line for line in errors) == 5


def test_allowing(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(HOSTS_CONFTEST)
    pytester.makeini(
        """
        [pytest]
        loopback_only = true
        loopback_allow =
            10.0.0.0/8
            [2001:db8::1]:443
        """
    )
    pytester.makepyfile(
        """
        import socket
        import pytest

        def udp(host, port=9, family=socket.AF_INET):
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((host, port))

        def test_ini():
            udp("10.1.2.3")
            udp("2001:db8::1", 443, socket.AF_INET6)

        def test_port_limited():
            udp("2001:db8::1", 80, socket.AF_INET6)

        def test_cli():
            udp("192.0.2.1")
            udp("198.51.100.7", 53)

        @pytest.mark.allow_network
        def test_marker():
            udp("203.0.113.1")

        def test_fixture(allow_network):
            udp("203.0.113.1")

        def test_fixture_asked_for_late(request):
            request.getfixturevalue("allow_network")
            udp("203.0.113.1")

        @pytest.mark.allow_network
        class TestClass:
            @pytest.mark.loopback_only
            def test_closest_marker_decides(self):
                udp("203.0.113.1")
        """
    )
    result = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        "--loopback-allow",
        "192.0.2.0/24",
        "--loopback-allow=198.51.100.7:53,example.org",
    )
    result.assert_outcomes(passed=5, failed=2)
    result.stdout.fnmatch_lines(["*FAILED*test_port_limited*", "*FAILED*test_closest_marker*"])
    result = pytester.runpytest("-p", "no:cacheprovider", "--no-loopback-only")
    result.assert_outcomes(passed=7)


def test_other_failures_are_left_alone(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_fails():
            assert 1 == 2
        """
    )
    result = pytester.runpytest("--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E       assert 1 == 2"])


def test_netns_option_enters_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The controller enters the namespace at configure time (the real thing: test_netns)."""
    from loopback import _netns  # noqa: PLC0415 - replaced below, never entered here

    entered: list[bool] = []
    monkeypatch.setattr(_netns, "enter", lambda: entered.append(True))
    pytester.makepyfile("def test_nothing(): pass")
    pytester.runpytest("--loopback-only=netns", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert entered == [True]

    def refuse() -> None:
        raise _netns.NamespaceError("cannot enter a network namespace: no")

    monkeypatch.setattr(_netns, "enter", refuse)
    result = pytester.runpytest("--loopback-only=netns", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: --loopback-only=netns: cannot enter a network namespace: no"]
    )


def test_usage_errors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("-p", "no:cacheprovider", "--loopback-allow", "db:0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: --loopback-allow: invalid allow spec 'db:0': the port must be a number*"]
    )
    pytester.makeini("[pytest]\nloopback_only = sometimes\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: ini option loopback_only: invalid truth value 'sometimes'"]
    )


def test_ini_spellings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket

        def test_leave():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))
        """
    )
    for value, failed in [("yes", 1), ("1", 1), ("true", 1), ("off", 0), ("False", 0)]:
        pytester.makeini(f"[pytest]\nloopback_only = {value}\n")
        result = pytester.runpytest("-p", "no:cacheprovider")
        result.assert_outcomes(passed=1 - failed, failed=failed)


def test_native_toml_config(pytester: pytest.Pytester) -> None:
    """pytest 9's [tool.pytest] takes TOML values: a bool and a list."""
    if int(pytest.__version__.split(".")[0]) < 9:
        pytest.skip("[tool.pytest] is read by pytest 9 and later")
    pytester.makepyprojecttoml(
        """
        [tool.pytest]
        loopback_only = true
        loopback_allow = ["192.0.2.0/24"]
        """
    )
    pytester.makepyfile(
        """
        import socket

        def test_allowed():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))

        def test_blocked():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("198.51.100.1", 9))
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1, failed=1)


@pytest.mark.posix_only("AF_UNIX")
def test_unix_sockets_are_not_watched(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket

        def test_unix(tmp_path):
            with socket.socket(socket.AF_UNIX) as s:
                s.bind(str(tmp_path / "sock"))
        """
    )
    pytester.runpytest("--loopback-only", "-p", "no:cacheprovider").assert_outcomes(passed=1)


@pytest.mark.slow
@pytest.mark.posix_only("multiprocessing's fork")
def test_child_processes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import multiprocessing, os, socket, subprocess, sys
        import pytest

        LEAVE = (
            "import socket\\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\\n"
            "try:\\n"
            "    s.connect(('192.0.2.1', 9))\\n"
            "except Exception:\\n"
            "    pass\\n"
        )

        def test_subprocess():
            subprocess.run([sys.executable, "-c", LEAVE], check=True)

        def test_subprocess_local():
            code = "import socket; socket.gethostbyname('localhost')"
            subprocess.run([sys.executable, "-c", code], check=True)

        def leave():
            exec(LEAVE)

        @pytest.mark.parametrize("method", ["spawn", "fork"])
        def test_multiprocessing(method):
            process = multiprocessing.get_context(method).Process(target=leave)
            process.start()
            process.join()
        """
    )
    result = pytester.runpytest_subprocess(
        "--loopback-only",
        "--loopback-subprocess",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::DeprecationWarning",
    )
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines(["socket.connect(('192.0.2.1', 9)) leaves loopback*"])
    # Without the option, children are not guarded.
    result = pytester.runpytest_subprocess(
        "--loopback-only", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"
    )
    result.assert_outcomes(passed=4)


def test_sitecustomize_is_chained(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's own sitecustomize still runs under --loopback-subprocess."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "sitecustomize.py").write_text("import os\nos.environ['OWN_SITE'] = 'ran'\n")
    pytester.makepyfile(
        """
        import subprocess, sys

        def test_child():
            code = "import os, loopback._guard as g; print(os.environ.get('OWN_SITE'), g.active())"
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            assert out.stdout.startswith("ran ()")
        """
    )
    monkeypatch.setenv("PYTHONPATH", str(own))
    result = pytester.runpytest(
        "--loopback-only", "--loopback-subprocess", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_xdist_workers_are_guarded(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket
        import pytest

        @pytest.fixture(scope="session")
        def leaves():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))

        @pytest.mark.parametrize("i", range(4))
        def test_local(i):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))

        def test_session_fixture(leaves):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "--loopback-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, errors=1)


def test_plugin_stays_light() -> None:
    code = (
        "import sys, loopback.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m.startswith('loopback.') and m not in "
        "('loopback.errors', 'loopback.pytest_plugin')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip()
    for heavy in ("loopback._guard", "loopback.bind", "loopback.hosts", "loopback._netns"):
        assert heavy not in loaded


@pytest.mark.slow
def test_xdist_workers_get_distinct_hosts_and_ports(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pytester.makepyfile(
        f"""
        import json, os, uuid
        import pytest

        @pytest.mark.parametrize("i", range(8))
        def test_node(i, loopback_host, free_port, loopback_socket):
            record = {{
                "worker": os.environ.get("PYTEST_XDIST_WORKER"),
                "host": str(loopback_host),
                "ports": [free_port, loopback_socket.getsockname()[1]],
            }}
            with open(os.path.join({str(out)!r}, uuid.uuid4().hex), "w") as f:
                json.dump(record, f)
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8)
    records = [json.loads(path.read_text()) for path in out.iterdir()]
    assert len({r["worker"] for r in records}) == 2
    assert len({r["host"] for r in records}) == 8
    ports = [port for r in records for port in r["ports"]]
    assert len(set(ports)) == len(ports)
