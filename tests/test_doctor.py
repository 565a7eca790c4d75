"""What listens where, and why localhost:PORT does not answer (loopback/doctor.py).

Real listeners on loopback only; name resolution is fixed per test where the answer would
otherwise depend on this machine's hosts file.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from loopback import Address, LoopbackError
from loopback import doctor as doctor_module
from loopback._cli import main
from loopback.doctor import Check, ListeningSocket, diagnose, health, listening_sockets
from loopback.hosts import _io

A = Address


@pytest.fixture
def tcp4() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock


def listener(family: int, host: str, port: int = 0) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    sock.bind((host, port))
    sock.listen()
    return sock


def statuses(checks: list[Check]) -> dict[str, str]:
    return {check.title: check.status for check in checks}


class TestListeningSockets:
    def test_finds_our_sockets(self, tcp4: socket.socket) -> None:
        port4 = tcp4.getsockname()[1]
        with (
            listener(socket.AF_INET6, "::1") as tcp6,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        ):
            udp.bind(("127.0.0.1", 0))
            found = {(s.protocol, str(s.address), s.port): s for s in listening_sockets()}
            mine = found[("tcp", "127.0.0.1", port4)]
            assert mine.exposure == "loopback"
            with open("/proc/self/comm", encoding="utf-8") as comm:  # python, or coverage
                assert mine.process == f"{comm.read().strip()} ({os.getpid()})"
            assert found[("tcp", "::1", tcp6.getsockname()[1])].exposure == "loopback"
            assert ("udp", "127.0.0.1", udp.getsockname()[1]) in found
        assert listening_sockets(processes=False)

    def test_hex_addresses(self) -> None:
        assert doctor_module._hex_address("0100007F", 4) == A("127.0.0.1")
        assert doctor_module._hex_address("00000000000000000000000001000000", 6) == A("::1")
        assert doctor_module._exposure(A("0.0.0.0")) == "all_interfaces"
        assert doctor_module._exposure(A("10.0.0.1")) == "specific_address"

    def test_not_linux(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr("loopback.doctor.os.path.exists", lambda path: False)
        with pytest.raises(LoopbackError, match="Linux only"):
            listening_sockets()

    def test_unreadable_tables_are_skipped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_open = open

        def no_ipv6(path: str, *args: object, **kwargs: object) -> object:
            if str(path).endswith("6"):
                raise FileNotFoundError(path)
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr("builtins.open", no_ipv6)
        assert all(s.address.version == 4 for s in listening_sockets(processes=False))


class TestDiagnose:
    def resolving(self, monkeypatch: pytest.MonkeyPatch, *addresses: str) -> None:
        monkeypatch.setattr(
            doctor_module, "_resolve_localhost", lambda port: [A(a) for a in addresses]
        )

    def test_ipv4_listener_and_ipv6_first(
        self, monkeypatch: pytest.MonkeyPatch, tcp4: socket.socket
    ) -> None:
        self.resolving(monkeypatch, "::1", "127.0.0.1")
        checks = diagnose(tcp4.getsockname()[1])
        assert statuses(checks) == {
            "localhost resolves": "pass",
            "something listens": "pass",
            "connect to ::1": "warn",
            "connect to 127.0.0.1": "pass",
            "localhost answers": "warn",
        }
        fix = next(c.fix for c in checks if c.title == "connect to ::1")
        assert fix is not None and "listens on IPv4 only: bind ::1 too" in fix

    def test_ipv6_listener_only(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.resolving(monkeypatch, "127.0.0.1")
        with listener(socket.AF_INET6, "::1") as tcp6:
            checks = diagnose(tcp6.getsockname()[1], timeout=2)
        assert statuses(checks)["connect to 127.0.0.1"] == "fail"
        assert statuses(checks)["localhost answers"] == "fail"
        fix = next(c.fix for c in checks if c.title == "connect to 127.0.0.1")
        assert fix is not None and "IPv6 only" in fix and "use 127.0.0.1" not in fix

    def test_both(self, monkeypatch: pytest.MonkeyPatch, tcp4: socket.socket) -> None:
        self.resolving(monkeypatch, "::1", "127.0.0.1")
        with listener(socket.AF_INET6, "::1", tcp4.getsockname()[1]):
            checks = diagnose(tcp4.getsockname()[1])
        assert set(statuses(checks).values()) == {"pass"}

    def test_listening_on_another_loopback_address(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.resolving(monkeypatch, "127.0.0.1")
        with listener(socket.AF_INET, "127.0.0.2") as other:
            checks = diagnose(other.getsockname()[1])
        fix = next(c.fix for c in checks if c.title == "connect to 127.0.0.1")
        assert fix == "the server listens on another IPv4 address: bind 127.0.0.1"

    def test_nothing_listens(self, monkeypatch: pytest.MonkeyPatch, tcp4: socket.socket) -> None:
        self.resolving(monkeypatch, "127.0.0.1")
        port = tcp4.getsockname()[1]
        tcp4.close()
        checks = diagnose(port)
        assert statuses(checks)["something listens"] == "fail"
        assert (
            next(c.fix for c in checks if c.title == "connect to 127.0.0.1") == "start the server"
        )

    def test_exposed_listener(self, monkeypatch: pytest.MonkeyPatch, tcp4: socket.socket) -> None:
        self.resolving(monkeypatch, "127.0.0.1")
        port = tcp4.getsockname()[1]
        fake = ListeningSocket("tcp", A("0.0.0.0"), port, "all_interfaces", None)
        monkeypatch.setattr(doctor_module, "listening_sockets", lambda: [fake])
        checks = diagnose(port)
        assert statuses(checks)["exposure"] == "warn"

    def test_localhost_resolving_elsewhere_is_never_contacted(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.resolving(monkeypatch, "10.0.0.1")
        checks = diagnose(9)
        assert statuses(checks)["localhost resolves"] == "fail"
        assert "connect to 10.0.0.1" not in statuses(checks)
        self.resolving(monkeypatch)
        assert statuses(diagnose(9))["localhost resolves"] == "fail"

    def test_resolution(self, monkeypatch: pytest.MonkeyPatch) -> None:
        infos = [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 80, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80)),
        ]
        monkeypatch.setattr("loopback.doctor.socket.getaddrinfo", lambda *args, **kwargs: infos)
        assert doctor_module._resolve_localhost(80) == [A("::1"), A("127.0.0.1")]

        def fails(*args: object, **kwargs: object) -> object:
            raise socket.gaierror(-2, "Name or service not known")

        monkeypatch.setattr("loopback.doctor.socket.getaddrinfo", fails)
        assert doctor_module._resolve_localhost(80) == []

    def test_real_resolution(self, tcp4: socket.socket) -> None:
        checks = diagnose(tcp4.getsockname()[1])
        assert statuses(checks)["localhost resolves"] == "pass"
        assert doctor_module._resolve_localhost(80)

    @pytest.mark.parametrize("port", [0, 65536, "80", True])
    def test_bad_port(self, port: object) -> None:
        with pytest.raises(LoopbackError, match="not a TCP port"):
            diagnose(port)  # type: ignore[arg-type]

    def test_a_huge_port_is_named_without_its_digits(self) -> None:
        with pytest.raises(LoopbackError, match=r"not a TCP port: a number out of range"):
            diagnose(10**5000)

    @pytest.mark.parametrize(
        "timeout",
        [0, -1, float("nan"), float("inf"), 61, "1", 10**5000],
        ids=["0", "-1", "nan", "inf", "61", "str", "huge"],
    )
    def test_bad_timeout(self, timeout: object) -> None:
        with pytest.raises(LoopbackError, match="not a timeout in seconds"):
            diagnose(80, timeout=timeout)  # type: ignore[arg-type]


class TestHealth:
    def hosts(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: bytes) -> None:
        path = tmp_path / "hosts"
        path.write_bytes(data)
        monkeypatch.setattr(_io, "default_path", lambda: str(path))

    def test_a_good_hosts_file(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.hosts(monkeypatch, tmp_path, b"127.0.0.1 localhost\n::1 localhost\n")
        monkeypatch.setattr(doctor_module, "listening_sockets", list)
        monkeypatch.setattr(doctor_module, "_read", lambda path: "")
        monkeypatch.setattr("loopback.doctor.os.path.exists", lambda path: False)
        assert set(statuses(health()).values()) == {"pass"}

    def test_problems(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.hosts(monkeypatch, tmp_path, b"fd00::1 localhost\n10.0.0.1 localhost\n")
        fake = ListeningSocket("tcp", A("0.0.0.0"), 5432, "all_interfaces", "postgres (42)")
        monkeypatch.setattr(doctor_module, "listening_sockets", lambda: [fake])
        monkeypatch.setattr(doctor_module, "_read", lambda path: "0::/docker/abc")
        checks = health()
        assert statuses(checks) == {
            "localhost (IPv4)": "fail",
            "localhost (IPv6)": "fail",
            "localhost order": "warn",
            "IPv6 loopback": "pass",
            "exposed services": "warn",
            "container": "warn",
        }
        assert "0.0.0.0:5432 (postgres (42))" in next(
            c.detail for c in checks if c.title == "exposed services"
        )

    def test_missing_lines_and_missing_file(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        self.hosts(monkeypatch, tmp_path, b"# nothing\n")
        assert statuses(health())["localhost (IPv6)"] == "warn"
        monkeypatch.setattr(_io, "default_path", lambda: str(tmp_path / "missing"))
        assert statuses(health())["hosts file"] == "warn"

    def test_read(self, tmp_path: Path) -> None:
        (tmp_path / "f").write_text("x")
        assert doctor_module._read(str(tmp_path / "f")) == "x"
        assert doctor_module._read(str(tmp_path / "missing")) == ""


class TestCommands:
    def test_ports(self, capsys: pytest.CaptureFixture[str], tcp4: socket.socket) -> None:
        assert main(["ports"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("PROTO")
        assert "127.0.0.1  " in out and str(tcp4.getsockname()[1]) in out
        assert main(["ports", "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {
            "protocol": "tcp",
            "address": "127.0.0.1",
            "port": tcp4.getsockname()[1],
        }.items() <= next(r for r in rows if r["port"] == tcp4.getsockname()[1]).items()

    def test_doctor(self, capsys: pytest.CaptureFixture[str], tcp4: socket.socket) -> None:
        port = tcp4.getsockname()[1]
        assert main(["doctor", f"http://localhost:{port}/path"]) == 0
        assert "PASS  something listens" in capsys.readouterr().out
        assert main(["doctor", f"localhost:{port}", "--json"]) == 0
        assert {row["status"] for row in json.loads(capsys.readouterr().out)} == {"pass"}
        main(["doctor"])
        assert "IPv6 loopback" in capsys.readouterr().out

    def test_doctor_exit_status_and_fixes(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        tcp4: socket.socket,
    ) -> None:
        monkeypatch.setattr(doctor_module, "_resolve_localhost", lambda port: [A("127.0.0.1")])
        port = tcp4.getsockname()[1]
        tcp4.close()
        assert main(["doctor", str(port)]) == 1
        assert "      fix: start the server" in capsys.readouterr().out

    @pytest.mark.parametrize("target", ["nope", "http://localhost/", "70000", "localhost:0"])
    def test_doctor_refuses_what_has_no_port(
        self, capsys: pytest.CaptureFixture[str], target: str
    ) -> None:
        assert main(["doctor", target]) == 2  # a usage error
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("usage: loopback doctor ")
        assert err[1].startswith("loopback doctor: error: no port in") and len(err) == 2
