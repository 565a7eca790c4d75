"""Binding on loopback: checks, sockets, ports, hosts (loopback/bind.py). Real sockets,
loopback addresses only."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loopback import Address, BindError, UnsafeBindError
from loopback import bind as bind_module
from loopback.bind import (
    bind_localhost,
    bind_loopback,
    check_bind_address,
    free_port,
    loopback_hosts,
    reserve_port,
)
from tests.platforms import needs_loopback_alias

A = Address


class TestCheckBindAddress:
    @pytest.mark.parametrize(
        ("host", "expected"),
        [
            ("127.0.0.1", [A("127.0.0.1")]),
            ("127.8.9.10", [A("127.8.9.10")]),
            ("::1", [A("::1")]),
            ("[::1]", [A("::1")]),
            (" ::1 ", [A("::1")]),
            ("::ffff:127.0.0.1", [A("::ffff:127.0.0.1")]),
            ("127.1", [A("127.0.0.1")]),
            ("0x7f.1", [A("127.0.0.1")]),
            ("2130706433", [A("127.0.0.1")]),
            ("localhost", [A("127.0.0.1"), A("::1")]),
            ("LocalHost.", [A("127.0.0.1"), A("::1")]),
            ("app.localhost", [A("127.0.0.1"), A("::1")]),
            ("fe80::1%lo", None),
        ],
    )
    def test_loopback_is_fine(self, host: str, expected: list[Address] | None) -> None:
        if expected is None:
            with pytest.raises(UnsafeBindError, match="reachable from other machines"):
                check_bind_address(host)
        else:
            assert check_bind_address(host) == expected

    @pytest.mark.parametrize(
        ("host", "addresses"),
        [
            ("", ["0.0.0.0", "::"]),
            ("*", ["0.0.0.0", "::"]),
            ("0", ["0.0.0.0"]),
            ("0.0.0.0", ["0.0.0.0"]),
            ("0x0", ["0.0.0.0"]),
            ("::", ["::"]),
            ("[::]", ["::"]),
            ("0:0:0:0:0:0:0:0", ["::"]),
            ("::ffff:0.0.0.0", ["0.0.0.0"]),  # an IPv4 wildcard in disguise
        ],
    )
    def test_wildcards_are_refused_unless_allowed(self, host: str, addresses: list[str]) -> None:
        with pytest.raises(UnsafeBindError, match="binds every interface") as info:
            check_bind_address(host)
        assert info.value.host == host
        assert "bind 127.0.0.1 and ::1 (localhost) instead" in str(info.value)
        assert check_bind_address(host, allow_wildcard=True) == [A(a) for a in addresses]

    @pytest.mark.parametrize(
        "host", ["10.0.0.1", "192.168.1.10", "8.8.8.8", "fd00::1", "2001:db8::1"]
    )
    def test_other_addresses_are_refused_unless_allowed(self, host: str) -> None:
        with pytest.raises(UnsafeBindError, match="is reachable from other machines"):
            check_bind_address(host)
        assert check_bind_address(host, allow_public=True) == [A(host)]

    @pytest.mark.parametrize("host", ["example.com", "db", "my-host.internal"])
    def test_names_depend_on_resolution(self, host: str) -> None:
        with pytest.raises(UnsafeBindError, match="depends on name resolution"):
            check_bind_address(host)
        assert check_bind_address(host, allow_public=True) == []

    @pytest.mark.parametrize("host", ["0.0.0.0\x00", "0\x00.example.com", "127.0.0.1\x00x", "a\tb"])
    def test_control_characters_never_pass(self, host: str) -> None:
        """C reads up to the NUL: "0.0.0.0" followed by NUL and junk binds every interface."""
        with pytest.raises(UnsafeBindError, match="control character"):
            check_bind_address(host, allow_public=True, allow_wildcard=True)

    @pytest.mark.parametrize(
        "host", ["a b", "127.0.0.1:80", "http://x", "[::1", "\u0661\u0662\u0667.0.0.1"]
    )
    def test_not_hosts(self, host: str) -> None:
        with pytest.raises(UnsafeBindError, match="not an address or localhost"):
            check_bind_address(host, allow_public=True)

    def test_not_a_string(self) -> None:
        with pytest.raises(UnsafeBindError, match="must be str, not int") as info:
            check_bind_address(80)  # type: ignore[arg-type]
        assert info.value.host == "80"
        assert str(info.value) == "unsafe bind address '80': a bind host must be str, not int"


class TestBindLoopback:
    @pytest.mark.parametrize(
        ("port", "shown"), [("8080", "'8080'"), (70000, "70000"), (-1, "-1"), (True, "True")]
    )
    def test_what_is_no_port(self, port: object, shown: str) -> None:
        for bind in (bind_loopback, bind_localhost):
            with pytest.raises(BindError) as info:
                bind(port)  # type: ignore[arg-type]
            assert str(info.value) == f"a port must be an int from 0 to 65535, not {shown}"

    def test_what_is_no_socket_type(self) -> None:
        with pytest.raises(BindError, match="a socket type must be an int such as SOCK_STREAM"):
            bind_loopback(0, type="tcp")  # type: ignore[arg-type]

    def test_ipv4(self) -> None:
        with bind_loopback() as sock:
            host, port = sock.getsockname()
            assert host == "127.0.0.1" and port > 0
            assert not sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
            if hasattr(socket, "SO_REUSEPORT"):
                assert not sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)

    def test_ipv6_only(self) -> None:
        with bind_loopback(host="::1") as sock:
            assert sock.getsockname()[0] == "::1"
            assert sock.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY) == 1

    @needs_loopback_alias("127.3.4.5")
    def test_other_loopback_addresses_and_udp(self) -> None:
        with bind_loopback(host=A("127.3.4.5"), type=socket.SOCK_DGRAM) as sock:
            assert sock.getsockname()[0] == "127.3.4.5"

    def test_reuse_address_on_request(self) -> None:
        with bind_loopback(reuse_address=True) as sock:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)

    def test_a_bound_socket_holds_its_port(self) -> None:
        with bind_loopback() as held, pytest.raises(BindError, match="is in use"):
            bind_loopback(held.getsockname()[1])  # held is not even listening

    def test_a_real_server(self) -> None:
        with bind_loopback() as server:
            server.listen()
            with socket.create_connection(server.getsockname(), timeout=5) as client:
                peer, _ = server.accept()
                with peer:
                    client.sendall(b"ping")
                    assert peer.recv(4) == b"ping"

    @pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.1", "", "example.com"])
    def test_refuses_non_loopback(self, host: str) -> None:
        with pytest.raises(UnsafeBindError):
            bind_loopback(host=host)

    def test_refuses_non_loopback_address_objects(self) -> None:
        with pytest.raises(UnsafeBindError, match="not a loopback address"):
            bind_loopback(host=A("10.0.0.1"))

    def test_refuses_mapped_loopback(self) -> None:
        with pytest.raises(UnsafeBindError, match=r"bind 127\.0\.0\.1 instead"):
            bind_loopback(host="::ffff:127.0.0.1")

    def test_refuses_localhost_which_is_two_addresses(self) -> None:
        with pytest.raises(UnsafeBindError, match="use bind_localhost"):
            bind_loopback(host="localhost")

    def test_port_in_use(self) -> None:
        with bind_loopback() as first:
            first.listen()
            port = first.getsockname()[1]
            with pytest.raises(BindError, match=rf"127\.0\.0\.1:{port} is in use") as info:
                bind_loopback(port)
            assert info.value.errno == errno.EADDRINUSE

    def test_other_os_errors(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def refuse(*args: object) -> None:
            raise OSError(errno.EMFILE, "Too many open files")

        monkeypatch.setattr("loopback.bind.socket.socket", refuse)
        with pytest.raises(BindError, match=r"cannot bind 127\.0\.0\.1:0: Too many open files"):
            bind_loopback()


class TestBindLocalhost:
    def test_both_families_on_one_port(self) -> None:
        socks = bind_localhost()
        try:
            assert [s.getsockname()[0] for s in socks] == ["127.0.0.1", "::1"]
            assert len({s.getsockname()[1] for s in socks}) == 1
        finally:
            for s in socks:
                s.close()

    def test_a_fixed_port_taken_for_ipv6_only(self) -> None:
        port = free_port()
        with (
            bind_loopback(port, host="::1"),
            pytest.raises(BindError, match=r"\[::1\]:\d+ is in use"),
        ):
            bind_localhost(port)
        with bind_loopback(port):  # the IPv4 socket was closed again
            pass

    def test_a_fixed_port(self) -> None:
        port = free_port()
        socks = bind_localhost(port)
        try:
            assert {s.getsockname()[1] for s in socks} == {port}
            with pytest.raises(BindError, match="is in use"):
                bind_localhost(port)
        finally:
            for s in socks:
                s.close()

    def test_retries_when_the_ipv6_port_is_taken(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = bind_module.bind_loopback
        calls = []

        def flaky(port: int = 0, **kwargs: object) -> socket.socket:
            calls.append(kwargs["host"])
            if kwargs["host"] == A("::1") and len(calls) < 4:
                raise BindError(errno.EADDRINUSE, "taken")
            return real(port, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(bind_module, "bind_loopback", flaky)
        socks = bind_localhost()
        try:
            assert len(socks) == 2
            assert calls == [A("127.0.0.1"), A("::1")] * 2
        finally:
            for s in socks:
                s.close()

    def test_without_ipv6(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = bind_module.bind_loopback

        def no_ipv6(port: int = 0, **kwargs: object) -> socket.socket:
            if kwargs["host"] == A("::1"):
                raise BindError(errno.EAFNOSUPPORT, "IPv6 is not available here")
            return real(port, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(bind_module, "bind_loopback", no_ipv6)
        (sock,) = bind_localhost()
        sock.close()

    def test_gives_up(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = bind_module.bind_loopback

        def always_taken(port: int = 0, **kwargs: object) -> socket.socket:
            if kwargs["host"] == A("::1"):
                raise BindError(errno.EADDRINUSE, "taken")
            return real(port, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(bind_module, "bind_loopback", always_taken)
        with pytest.raises(BindError, match="no port is free on both"):
            bind_localhost()


@pytest.fixture(autouse=True)
def private_claims(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Each test sees its own claims directory, as a fresh machine would."""
    claims = tmp_path / "tmp"
    claims.mkdir()
    monkeypatch.setattr("loopback.bind.tempfile.tempdir", str(claims))
    monkeypatch.setenv("TMPDIR", str(claims))
    monkeypatch.setenv("LOOPBACK_PORT_CLAIMS", str(claims / "loopback-ports"))
    monkeypatch.setattr(bind_module, "_HANDED_OUT", set())
    return claims


class TestFreePort:
    def test_never_the_same_port_twice(self) -> None:
        ports = [free_port() for _ in range(300)]
        assert len(set(ports)) == 300
        with bind_loopback(ports[0]):
            pass  # the port can be bound

    def test_ipv6(self) -> None:
        assert 0 < free_port("::1") < 65536

    def test_two_processes_share_no_port(self) -> None:
        code = textwrap.dedent(
            """
            from loopback.bind import free_port
            print(" ".join(str(free_port()) for _ in range(300)))
            """
        )
        runs = [
            subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [set(map(int, run.communicate(timeout=60)[0].split())) for run in runs]
        assert all(len(ports) == 300 for ports in outputs)
        assert not outputs[0] & outputs[1]

    def test_a_claim_counts_for_its_period_and_the_next(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bind_module, "_bucket", lambda: 1000)
        assert bind_module._reserve(40001) is True
        assert bind_module._reserve(40001) is False
        monkeypatch.setattr(bind_module, "_bucket", lambda: 1001)
        assert bind_module._reserve(40001) is False
        monkeypatch.setattr(bind_module, "_bucket", lambda: 1002)
        assert bind_module._reserve(40001) is True

    def test_claims_of_past_periods_are_pruned(self, monkeypatch: pytest.MonkeyPatch) -> None:
        directory = Path(bind_module._reservation_directory())
        now = bind_module._bucket()
        for name in (f"40002-{now - 5}", f"40003-{now - 1}", f"40004-{now}", "junk"):
            (directory / name).write_text("1")
        monkeypatch.setattr(bind_module, "_PRUNED", set())
        bind_module._reservation_directory()
        assert sorted(p.name for p in directory.iterdir()) == [f"40003-{now - 1}", f"40004-{now}"]

    def test_a_claimed_port_is_passed_over(self, monkeypatch: pytest.MonkeyPatch) -> None:
        answers = iter([False, False, True])  # two ports claimed by another process
        monkeypatch.setattr(bind_module, "_reserve", lambda port: next(answers))
        free_port()
        assert next(answers, "used up") == "used up"  # asked three times, no more

    def test_refuses_non_loopback(self) -> None:
        with pytest.raises(UnsafeBindError):
            free_port("0.0.0.0")

    def test_probe_errors(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Refusing:
            def __init__(self, *args: object) -> None:
                pass

            def bind(self, address: object) -> None:
                raise OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address")

            def close(self) -> None:
                pass

        monkeypatch.setattr("loopback.bind.socket.socket", Refusing)
        with pytest.raises(BindError, match="not configured"):
            free_port()


class TestClaimsDirectory:
    @pytest.mark.posix_only("the shared directory is in /tmp")
    def test_one_place_for_the_machine_whatever_tmpdir(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.delenv("LOOPBACK_PORT_CLAIMS")
        monkeypatch.setenv("TMPDIR", str(tmp_path))
        assert bind_module._shared_directory() == "/tmp/loopback-ports"  # noqa: S108

    @pytest.mark.parametrize(
        ("data", "expected"), [(r"C:\ProgramData", r"C:\ProgramData"), (None, "temp")]
    )
    def test_one_place_for_the_machine_on_windows(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: str | None, expected: str
    ) -> None:
        """Windows: under %PROGRAMDATA%, which every user may write, else the temp directory."""
        monkeypatch.delenv("LOOPBACK_PORT_CLAIMS")
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setattr("loopback.bind.tempfile.tempdir", str(tmp_path / "temp"))
        if data is None:
            monkeypatch.delenv("PROGRAMDATA", raising=False)
        else:
            monkeypatch.setenv("PROGRAMDATA", data)
        root = str(tmp_path / "temp") if expected == "temp" else expected
        assert bind_module._shared_directory() == os.path.join(root, "loopback-ports")

    @pytest.mark.posix_only("POSIX modes")
    def test_made_sticky_and_writable_for_everyone(self, private_claims: Path) -> None:
        path = bind_module._reservation_directory()
        assert path == str(private_claims / "loopback-ports")
        assert os.stat(path).st_mode & 0o7777 == 0o1777

    @pytest.mark.posix_only("os.getuid, and a symbolic link")
    def test_an_unusable_directory_is_replaced_by_a_private_one(
        self, monkeypatch: pytest.MonkeyPatch, private_claims: Path
    ) -> None:
        private = str(private_claims / f"loopback-ports-{os.getuid()}")
        a_file = private_claims / "file"
        a_file.write_text("")
        link = private_claims / "link"
        link.symlink_to(private_claims)
        for path in (a_file, link, private_claims / "missing" / "claims"):
            monkeypatch.setenv("LOOPBACK_PORT_CLAIMS", str(path))
            assert bind_module._reservation_directory() == private
        assert 0 < free_port() < 65536

    def test_two_processes_with_different_tmpdirs_share_no_port(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.delenv("LOOPBACK_PORT_CLAIMS")
        code = "from loopback.bind import free_port; print(*(free_port() for _ in range(200)))"
        runs = []
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            env = {**os.environ, "TMPDIR": str(tmp_path / name)}
            runs.append(
                subprocess.Popen(
                    [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
                )
            )
        outputs = [set(map(int, run.communicate(timeout=60)[0].split())) for run in runs]
        assert all(len(ports) == 200 for ports in outputs)
        assert not outputs[0] & outputs[1]


class TestPortTypes:
    @pytest.mark.parametrize("kind", [socket.SOCK_DGRAM, "udp"])
    def test_udp(self, kind: object) -> None:
        port = free_port(type=kind)  # type: ignore[arg-type]
        with bind_loopback(port, type=socket.SOCK_DGRAM):
            pass

    @pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
    def test_both(self, host: str) -> None:
        port = free_port(host, type="both")
        with bind_loopback(port, host=host), bind_loopback(port, host=host, type=socket.SOCK_DGRAM):
            pass

    def test_both_looks_again_when_udp_is_taken(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = socket.socket
        refused: list[int] = []

        class UdpTakenOnce(real):  # type: ignore[misc, valid-type]
            def bind(self, address: tuple[str, int]) -> None:
                if self.type == socket.SOCK_DGRAM and not refused:
                    refused.append(address[1])
                    raise OSError(errno.EADDRINUSE, "Address already in use")
                super().bind(address)

        monkeypatch.setattr("loopback.bind.socket.socket", UdpTakenOnce)
        port = free_port(type="both")
        assert refused and refused[0] != 0 and port != refused[0]

    @pytest.mark.parametrize("kind", ["sctp", 3, True, None, 1.0])
    def test_bad_types(self, kind: object) -> None:
        with pytest.raises(BindError) as caught:
            free_port(type=kind)  # type: ignore[arg-type]
        assert str(caught.value) == (
            "type must be socket.SOCK_STREAM, socket.SOCK_DGRAM, 'tcp', 'udp' or 'both', "
            f"not {kind!r}"
        )
        assert caught.value.errno == errno.EINVAL


class TestReservePort:
    def test_held_until_released(self) -> None:
        with reserve_port() as reservation:
            port = reservation.port
            assert repr(reservation) == f"<PortReservation 127.0.0.1:{port} held>"
            with pytest.raises(BindError, match="is in use"):
                bind_loopback(port).close()  # no SO_REUSEADDR: refused
            assert port not in {free_port() for _ in range(50)}
        assert repr(reservation) == f"<PortReservation 127.0.0.1:{port} released>"
        reservation.release()  # again: nothing
        with bind_loopback(port):
            pass

    def test_the_server_binds_it_while_held(self) -> None:
        reservation = reserve_port()
        code = textwrap.dedent(
            f"""
            import socket
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", {reservation.port}))
            s.listen()
            print("listening", flush=True)
            s.accept()[0].close()
            """
        )
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "listening\n"
            reservation.release()
            socket.create_connection(("127.0.0.1", reservation.port), timeout=10).close()
            assert child.wait(timeout=30) == 0
        finally:
            reservation.release()
            child.kill()
            child.communicate()

    @pytest.mark.posix_only("pass_fds")
    def test_the_descriptor_handed_to_a_child(self) -> None:
        with reserve_port() as reservation:
            reservation.sockets[0].listen()
            fd = reservation.fileno()
            code = (
                f"import socket; s = socket.socket(fileno={fd}); "
                "c, _ = s.accept(); c.sendall(b'hi'); c.close()"
            )
            child = subprocess.Popen([sys.executable, "-c", code], pass_fds=[fd])
            with socket.create_connection(("127.0.0.1", reservation.port), timeout=10) as c:
                assert c.recv(2) == b"hi"
            assert child.wait(timeout=30) == 0

    def test_fileno_and_types(self) -> None:
        with reserve_port("::1", type="both") as reservation:
            assert [s.type for s in reservation.sockets] == [socket.SOCK_STREAM, socket.SOCK_DGRAM]
            assert reservation.fileno() == reservation.sockets[0].fileno()
            assert repr(reservation).startswith("<PortReservation [::1]:")
        with pytest.raises(BindError, match=r"the reservation of port \d+ was released"):
            reservation.fileno()

    def test_refusals(self) -> None:
        with pytest.raises(UnsafeBindError):
            reserve_port("0.0.0.0")
        with pytest.raises(BindError, match="type must be"):
            reserve_port(type="x")  # type: ignore[arg-type]


class TestLoopbackHosts:
    def test_distinct_stable_and_away_from_127_0(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
        hosts = loopback_hosts(600)
        assert hosts == loopback_hosts(600)
        assert len(set(hosts)) == 600
        assert hosts[0] == A("127.10.1.1") and hosts[254] == A("127.10.2.1")
        for address in hosts:
            octets = address.packed
            assert octets[1] == 10 and octets[2] not in (0, 255) and octets[3] not in (0, 255)
        assert loopback_hosts(0) == []

    def test_disjoint_per_xdist_worker(self, monkeypatch: pytest.MonkeyPatch) -> None:
        seen = []
        for worker in ("gw0", "gw1", "gw7"):
            monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
            seen.append(set(loopback_hosts(50)))
        assert not (seen[0] & seen[1]) and not (seen[1] & seen[2])
        monkeypatch.setenv("PYTEST_XDIST_WORKER", "master")
        assert loopback_hosts(1) == [A("127.10.1.1")]

    @pytest.mark.parametrize("n", [-1, 70_000, 1.5, True, "3"])
    def test_bad_counts(self, n: object) -> None:
        with pytest.raises(UnsafeBindError, match="number of hosts"):
            loopback_hosts(n)  # type: ignore[arg-type]

    def test_unbindable_address_is_a_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def unavailable(*args: object, **kwargs: object) -> socket.socket:
            raise bind_module._bind_error(OSError(errno.EADDRNOTAVAIL, "x"), A("127.10.1.1"), 0)

        monkeypatch.setattr(bind_module, "bind_loopback", unavailable)
        with pytest.raises(BindError, match=r"127\.10\.1\.1 is not configured on this machine"):
            loopback_hosts(1)

    @pytest.mark.parametrize(
        ("platform", "hint"),
        [("linux", ""), ("darwin", ": add it with 'sudo ifconfig lo0 alias 127.0.0.2 up'")],
    )
    def test_a_missing_alias_says_how_to_add_it(
        self, monkeypatch: pytest.MonkeyPatch, platform: str, hint: str
    ) -> None:
        """macOS answers on 127.0.0.1 only until an address is added to lo0."""
        monkeypatch.setattr(sys, "platform", platform)
        error = bind_module._bind_error(OSError(errno.EADDRNOTAVAIL, "x"), A("127.0.0.2"), 0)
        assert str(error) == f"127.0.0.2 is not configured on this machine{hint}"

    def test_ipv6_unavailable_message(self) -> None:
        error = bind_module._bind_error(OSError(errno.EADDRNOTAVAIL, "x"), A("::1"), 0)
        assert "IPv6 is not available here" in str(error)
        error = bind_module._bind_error(OSError("no errno"), A("::1"), 5)
        assert str(error).startswith("cannot bind [::1]:5")
