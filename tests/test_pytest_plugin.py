"""The pytest plugin, run in pytester sessions (loopback/pytest_plugin.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    result.assert_outcomes(passed=1, failed=6)
    result.stdout.fnmatch_lines(
        [
            "*socket.bind(('0.0.0.0', 0)) leaves loopback (the loopback guard is on)*",
            "*socket.connect(('192.0.2.1', 9)) leaves loopback*",
            "*socket.bind(('10.0.0.1', 0)) leaves loopback*",
            "*socket.connect(('example.com', 9)) leaves loopback*",
            "*socket.sendto(('192.0.2.1', 9)) leaves loopback*",
            "*socket.sendmsg(('192.0.2.1', 9)) leaves loopback*",
        ]
    )


def test_guard_by_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket
        import pytest

        @pytest.mark.loopback_only
        def test_guarded():
            with socket.socket() as s:
                s.bind(("0.0.0.0", 0))

        def test_not_guarded():
            with socket.socket() as s:
                s.bind(("0.0.0.0", 0))
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=1, failed=1)


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
