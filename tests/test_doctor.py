"""Judgement from facts (loopback/doctor/_judge.py): every outcome, environment and client.

Tests feed :class:`PortFacts` and :class:`MachineFacts` as plain values; the I/O that
gathers them is tested in ``test_doctor_system.py`` and the tool readers in
``test_doctor_readers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback import Address
from loopback.doctor import (
    Attempt,
    Check,
    Environment,
    ListeningSocket,
    MachineFacts,
    PortFacts,
    Published,
    WslDistro,
    judge_machine,
    judge_port,
    read_listeners,
)

A = Address
PORT = 3000


def tcp(address: str, port: int = PORT, **kwargs: object) -> ListeningSocket:
    return ListeningSocket("tcp", A(address), port, **kwargs)  # type: ignore[arg-type]


def udp(address: str, port: int = PORT, **kwargs: object) -> ListeningSocket:
    return ListeningSocket("udp", A(address), port, **kwargs)  # type: ignore[arg-type]


def facts(
    addresses: list[str],
    outcomes: list[str],
    listeners: list[ListeningSocket] | None,
    *,
    host: str = "localhost",
    resolver: str = "the system resolver",
    environment: Environment | None = None,
) -> PortFacts:
    attempts = tuple(
        Attempt(A(a), PORT, o)  # type: ignore[arg-type]
        for a, o in zip(addresses, outcomes)
    )
    return PortFacts(
        host,
        PORT,
        tuple(A(a) for a in addresses),
        resolver,
        None if listeners is None else tuple(listeners),
        None if listeners is not None else "lsof is not installed",
        attempts,
        environment or Environment(),
    )


def statuses(checks: list[Check]) -> dict[str, str]:
    return {check.title: check.status for check in checks}


def find(checks: list[Check], title: str) -> Check:
    return next(check for check in checks if check.title == title)


class TestResolution:
    def test_order_and_resolver_are_named(self) -> None:
        checks = judge_port(facts(["::1", "127.0.0.1"], ["accepted", "accepted"], [tcp("::")]))
        assert find(checks, "localhost resolves") == Check(
            "pass",
            "localhost resolves",
            "localhost resolves to ::1, then 127.0.0.1 (the system resolver)",
        )

    def test_resolving_to_nothing_fails(self) -> None:
        checks = judge_port(facts([], [], [tcp("127.0.0.1")], resolver="the hosts file /h"))
        assert find(checks, "localhost resolves").status == "fail"
        assert "(the hosts file /h)" in find(checks, "localhost resolves").detail
        assert "connect to 127.0.0.1" not in statuses(checks)
        assert "localhost answers" not in statuses(checks)

    def test_a_subdomain_of_localhost_resolving_to_nothing(self) -> None:
        checks = judge_port(facts([], [], [tcp("127.0.0.1")], host="app.localhost"))
        resolves = find(checks, "app.localhost resolves")
        assert resolves.detail == (
            "app.localhost resolves to nothing (the system resolver); browsers resolve "
            "*.localhost to loopback themselves, other clients do not"
        )
        assert (
            resolves.fix
            == "add '127.0.0.1 app.localhost' and '::1 app.localhost' to the hosts file"
        )

    def test_resolving_elsewhere_fails_and_is_never_contacted(self) -> None:
        checks = judge_port(facts(["10.0.0.1"], [], [tcp("127.0.0.1")]))
        resolves = find(checks, "localhost resolves")
        assert resolves.status == "fail" and "10.0.0.1, which is not loopback" in resolves.detail

    def test_an_address_needs_no_resolution(self) -> None:
        checks = judge_port(
            facts(
                ["127.0.0.1"],
                ["accepted"],
                [tcp("127.0.0.1")],
                host="127.0.0.1",
                resolver="address",
            )
        )
        assert (
            find(checks, "127.0.0.1 resolves").detail
            == "127.0.0.1 is an address: nothing to resolve"
        )
        assert set(statuses(checks).values()) == {"pass"}


class TestRefused:
    def test_ipv4_listener_and_ipv6_first(self) -> None:
        checks = judge_port(
            facts(["::1", "127.0.0.1"], ["refused", "accepted"], [tcp("127.0.0.1")])
        )
        assert statuses(checks) == {
            "localhost resolves": "pass",
            "something listens": "pass",
            "connect to ::1": "warn",
            "connect to 127.0.0.1": "pass",
            "localhost answers": "warn",
            "client node": "warn",
            "client wget": "warn",
        }
        assert find(checks, "connect to ::1").fix == (
            "the server listens on IPv4 only: bind ::1 too, or use 127.0.0.1:3000"
        )
        assert find(checks, "localhost answers").detail == (
            "clients that try ::1 first get a refusal, then try 127.0.0.1"
        )
        assert "setDefaultResultOrder" in str(find(checks, "client node").fix)
        assert "127.0.0.1:3000" in str(find(checks, "client wget").fix)

    def test_ipv6_listener_only(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [tcp("::1")]))
        assert statuses(checks)["connect to 127.0.0.1"] == "fail"
        assert statuses(checks)["localhost answers"] == "fail"
        assert find(checks, "connect to 127.0.0.1").fix == (
            "the server listens on IPv6 only: bind 127.0.0.1 too, or use [::1]:3000"
        )

    def test_another_loopback_address(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [tcp("127.0.0.2")]))
        assert find(checks, "connect to 127.0.0.1").fix == (
            "the server listens on another IPv4 address: bind 127.0.0.1"
        )

    def test_nothing_listens(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], []))
        assert find(checks, "something listens") == Check(
            "fail",
            "something listens",
            "nothing listens on TCP port 3000",
            "start the server, or check the port it uses",
        )
        assert (
            find(checks, "connect to 127.0.0.1").fix
            == "start the server, or check the port it uses"
        )
        assert find(checks, "localhost answers").status == "fail"

    def test_both_answer(self) -> None:
        listeners = [tcp("127.0.0.1"), tcp("::1")]
        checks = judge_port(facts(["::1", "127.0.0.1"], ["accepted", "accepted"], listeners))
        assert set(statuses(checks).values()) == {"pass"}
        assert find(checks, "something listens").detail == (
            "listening on 127.0.0.1:3000, [::1]:3000"
        )

    def test_exposed_listener(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1"], ["accepted"], [tcp("0.0.0.0", name="node", pid=7)])
        )
        assert find(checks, "exposure").status == "warn"
        assert find(checks, "something listens").detail == "listening on 0.0.0.0:3000 by node (7)"

    def test_unknown_owners_are_explained(self) -> None:
        base = facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")])
        note = "some owners are unknown: other users' processes are readable by root only"
        checks = judge_port(
            PortFacts(base.host, PORT, base.addresses, base.resolver, base.listeners, note,
                      base.attempts)
        )  # fmt: skip
        assert find(checks, "owners") == Check("note", "owners", note)

    def test_unknown_listeners(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], None))
        assert find(checks, "something listens") == Check(
            "warn", "something listens", "cannot tell what listens: lsof is not installed"
        )


class TestOtherOutcomes:
    def test_full_backlog_times_out_and_is_not_called_a_refusal(self) -> None:
        full = tcp("127.0.0.1", queued=129, backlog=128)
        checks = judge_port(facts(["127.0.0.1"], ["timed out"], [full]))
        connect = find(checks, "connect to 127.0.0.1")
        assert connect.status == "fail"
        assert "refuses" not in connect.detail and "does not answer" in connect.detail
        assert connect.fix is not None
        assert "accept queue is full (129 waiting, backlog 128)" in connect.fix
        assert "bind" not in connect.fix

    def test_a_listener_that_does_not_answer(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1"], ["timed out"], [tcp("0.0.0.0", queued=0, backlog=5)])
        )
        assert "stopped" in str(find(checks, "connect to 127.0.0.1").fix)

    def test_a_dual_stack_listener_covers_ipv4(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["timed out"], [tcp("::", queued=1, backlog=0)]))
        assert "accept queue is full" in str(find(checks, "connect to 127.0.0.1").fix)

    def test_silence_without_a_listener_is_a_firewall(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["timed out"], []))
        assert "firewall drops loopback traffic" in str(find(checks, "connect to 127.0.0.1").fix)

    def test_windows_reserved_ports(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1"], ["refused"], [], environment=Environment("windows"))
        )
        assert "excludedportrange" in str(find(checks, "windows").fix)

    def test_windows_retries_refusals(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1"], ["timed out"], [], environment=Environment("windows"))
        )
        assert "longer timeout" in str(find(checks, "connect to 127.0.0.1").fix)

    def test_ipv6_disabled_is_not_fixed_by_binding_it(self) -> None:
        checks = judge_port(
            facts(["::1", "127.0.0.1"], ["address not available", "accepted"], [tcp("127.0.0.1")])
        )
        connect = find(checks, "connect to ::1")
        assert connect.status == "warn"
        assert (
            "address not available (IPv6 is disabled on the loopback interface)" in connect.detail
        )
        assert connect.fix is not None and "bind ::1" not in connect.fix
        assert "remove ::1 from the hosts file's localhost line" in connect.fix
        answers = find(checks, "localhost answers")
        assert answers.fix == "drop ::1 from localhost's hosts line"
        assert "bind" not in str(answers.fix)

    def test_an_ipv4_address_not_available(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["address not available"], []))
        assert "is not configured" in str(find(checks, "connect to 127.0.0.1").fix)
        checks = judge_port(facts(["127.0.0.2"], ["address not available"], []))
        assert "sudo ifconfig lo0 alias 127.0.0.2 up" in str(
            find(checks, "connect to 127.0.0.2").fix
        )

    @pytest.mark.parametrize(
        ("outcome", "detail", "fix"),
        [
            ("unreachable", "is unreachable", "ip link set lo up"),
            ("blocked", "is blocked", "iptables -I OUTPUT -o lo -j ACCEPT"),
        ],
    )
    def test_unreachable_and_blocked(self, outcome: str, detail: str, fix: str) -> None:
        checks = judge_port(facts(["127.0.0.1"], [outcome], [tcp("127.0.0.1")]))
        connect = find(checks, "connect to 127.0.0.1")
        assert detail in connect.detail and fix in str(connect.fix)

    def test_another_error(self) -> None:
        attempt = Attempt(A("127.0.0.1"), PORT, "error", "Too many open files")
        base = facts(["127.0.0.1"], [], [])
        checks = judge_port(
            PortFacts(base.host, PORT, base.addresses, base.resolver, (), None, (attempt,))
        )
        assert find(checks, "connect to 127.0.0.1") == Check(
            "fail", "connect to 127.0.0.1", "127.0.0.1:3000 fails: Too many open files"
        )

    def test_a_timeout_first_costs_every_client(self) -> None:
        checks = judge_port(
            facts(["::1", "127.0.0.1"], ["timed out", "accepted"], [tcp("127.0.0.1")])
        )
        assert "wait for their connect timeout" in find(checks, "localhost answers").detail
        assert {c.title for c in checks if c.title.startswith("client ")} == {
            "client node", "client browser", "client curl", "client python", "client wget"
        }  # fmt: skip
        assert all(c.status == "warn" for c in checks if c.title.startswith("client "))


class TestUdp:
    def test_udp_only_is_named(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [udp("0.0.0.0", name="dnsmasq")]))
        listens = find(checks, "something listens")
        assert listens.status == "fail"
        assert "UDP 0.0.0.0:3000 by dnsmasq is bound" in listens.detail

    def test_udp_beside_tcp(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1"), udp("127.0.0.1")])
        )
        assert find(checks, "something listens").detail == (
            "listening on 127.0.0.1:3000; UDP too: 127.0.0.1:3000"
        )


class TestClients:
    def test_one_client(self) -> None:
        checks = judge_port(
            facts(["::1", "127.0.0.1"], ["refused", "accepted"], [tcp("127.0.0.1")]),
            client="python",
        )
        clients = [c for c in checks if c.title.startswith("client ")]
        assert [c.title for c in clients] == ["client python"]
        assert clients[0].status == "note"

    def test_no_client_advice_when_the_first_answers(self) -> None:
        checks = judge_port(
            facts(["127.0.0.1", "::1"], ["accepted", "refused"], [tcp("127.0.0.1")])
        )
        assert not [c for c in checks if c.title.startswith("client ")]
        assert "localhost answers" not in statuses(checks)


class TestFrameworks:
    @pytest.mark.parametrize(
        ("name", "command", "expected"),
        [
            ("node", "node /app/node_modules/.bin/vite", "Vite: set server.host: '127.0.0.1'"),
            ("node", "node /app/node_modules/.bin/next dev", "Next.js: run next dev -H 127.0.0.1"),
            (
                "python3",
                "python3 manage.py runserver",
                "Django: run manage.py runserver 127.0.0.1:PORT",
            ),
            (
                "flask",
                "/venv/bin/python /venv/bin/flask run",
                "Flask: run flask run --host 127.0.0.1",
            ),
            ("uvicorn", None, "uvicorn: run uvicorn --host 127.0.0.1"),
            ("node", "node webpack-dev-server", "webpack-dev-server: set devServer.host"),
        ],
    )
    def test_the_fix_speaks_the_framework(
        self, name: str, command: str | None, expected: str
    ) -> None:
        listener = tcp("::1", name=name, command=command)
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [listener]))
        assert expected in str(find(checks, "connect to 127.0.0.1").fix)

    def test_ipv6_addresses_are_bracketed_for_django(self) -> None:
        listener = tcp("127.0.0.1", command="python manage.py runserver")
        checks = judge_port(facts(["::1", "127.0.0.1"], ["refused", "accepted"], [listener]))
        assert "runserver [::1]:PORT" in str(find(checks, "connect to ::1").fix)

    def test_an_unknown_process_gets_the_plain_fix(self) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [tcp("::1", name="java")]))
        assert "(" not in str(find(checks, "connect to 127.0.0.1").fix).split("[::1]:3000")[1]


class TestSquatters:
    def test_airplay_receiver(self) -> None:
        listener = ListeningSocket("tcp", A("0.0.0.0"), 5000, "ControlCe", 512)
        also = ListeningSocket("tcp", A("::"), 5000, "ControlCe", 512)
        base = facts(["127.0.0.1"], [], [])
        checks = judge_port(
            PortFacts("localhost", 5000, base.addresses, base.resolver, (listener, also), None,
                      (Attempt(A("127.0.0.1"), 5000, "accepted"),))
        )  # fmt: skip
        assert [c.title for c in checks].count("port squatter") == 1
        squatter = find(checks, "port squatter")
        assert squatter.status == "warn" and "AirPlay Receiver" in squatter.detail
        assert "AirPlay Receiver" in str(squatter.fix)

    def test_delivery_optimization_from_netstat_b(self) -> None:
        port, what = 7680, "Delivery Optimization"
        text = f"  TCP    0.0.0.0:{port}   0.0.0.0:0   LISTENING   9016\n  DoSvc\n [svchost.exe]\n"
        listeners = tuple(read_listeners(text, "netstat-windows"))
        base = facts(["127.0.0.1"], [], [])
        checks = judge_port(
            PortFacts("localhost", port, base.addresses, base.resolver, listeners, None,
                      (Attempt(A("127.0.0.1"), port, "accepted"),))
        )  # fmt: skip
        assert what in find(checks, "port squatter").detail


class TestEnvironment:
    def test_container_with_a_loopback_server(self) -> None:
        env = Environment(container="docker")
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=env))
        container = find(checks, "container")
        assert container.status == "warn"
        assert "healthcheck" in container.detail
        assert container.fix == (
            "bind 0.0.0.0 inside the container, and publish on the host's loopback only: "
            "-p 127.0.0.1:3000:3000"
        )

    def test_container_without_a_server_explains_host_docker_internal(self) -> None:
        env = Environment(container="podman")
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env))
        assert "host.docker.internal" in str(find(checks, "container").fix)

    def test_container_with_a_wildcard_server_is_fine(self) -> None:
        env = Environment(container="docker")
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("0.0.0.0")], environment=env))
        assert "container" not in statuses(checks)

    def test_wsl2_nat_without_a_server_here(self) -> None:
        env = Environment(wsl=2, wsl_networking="nat")
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env))
        wsl = find(checks, "WSL")
        assert wsl.status == "warn" and "server running on Windows" in wsl.detail
        assert wsl.fix is not None and wsl.fix.startswith("set networkingMode=mirrored")
        assert "never bind 0.0.0.0" in wsl.fix

    def test_wsl2_serving_windows(self) -> None:
        env = Environment(wsl=2)
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=env))
        assert find(checks, "WSL").status == "note"
        assert "localhost forwarding" in find(checks, "WSL").detail

    def test_wsl2_forwarding_off(self) -> None:
        env = Environment(wsl=2, wsl_forwarding=False)
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=env))
        assert find(checks, "WSL").status == "warn"

    def test_wsl2_mirrored_and_wsl1(self) -> None:
        for env, words in [
            (Environment(wsl=2, wsl_networking="mirrored"), "mirrored mode"),
            (Environment(wsl=1), "WSL 1 shares"),
        ]:
            checks = judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env))
            assert words in find(checks, "WSL").detail

    # WSL from the Windows side: which side localhost:PORT reaches (loopback/doctor/_wsl.py)
    UBUNTU = WslDistro("Ubuntu", "Running", 2, default=True, running=True)
    STOPPED = WslDistro("Debian", "Stopped", 2, running=False)
    LEGACY = WslDistro("Legacy", "Stopped", 1, running=False)

    def windows(self, *distros: WslDistro, **kwargs: object) -> Environment:
        return Environment("windows", wsl_distros=distros, **kwargs)  # type: ignore[arg-type]

    def test_windows_nat_nothing_listens_here(self) -> None:
        env = self.windows(self.UBUNTU, self.LEGACY)
        checks = judge_port(
            facts(["::1", "127.0.0.1"], ["refused", "refused"], [], environment=env)
        )
        wsl = find(checks, "WSL")
        assert wsl == Check(
            "warn",
            "WSL",
            "nothing listens on Windows; a server inside WSL 2 (Ubuntu (WSL 2, running, "
            "default)) is localhost:3000 here only through localhost forwarding, which relays "
            "servers listening on 127.0.0.1 or 0.0.0.0 (IPv4) while their distribution runs: "
            "not one on ::1 only (WSL 2's NAT has no IPv6) or on another 127.x address",
            "inside WSL, bind 127.0.0.1 (a dev server's --host 127.0.0.1), or set "
            "networkingMode=mirrored under [wsl2] in %UserProfile%\\.wslconfig and run "
            "wsl --shutdown; never bind 0.0.0.0 for this",
        )
        stopped = judge_port(
            facts(["127.0.0.1"], ["refused"], [], environment=self.windows(self.STOPPED))
        )
        assert find(stopped, "WSL").status == "note"
        assert "Debian (WSL 2, stopped)" in find(stopped, "WSL").detail

    def test_windows_forwarding_off_and_mirrored(self) -> None:
        env = self.windows(self.UBUNTU, wsl_forwarding=False)
        wsl = find(judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env)), "WSL")
        assert wsl.status == "warn" and wsl.detail.startswith("localhostForwarding=false in ")
        assert wsl.fix is not None and "never bind 0.0.0.0" in wsl.fix
        env = self.windows(self.UBUNTU, wsl_networking="mirrored")
        wsl = find(judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env)), "WSL")
        assert wsl.status == "note" and "runs in mirrored mode" in wsl.detail
        assert wsl.fix == (
            "start the server; inside WSL, bind 127.0.0.1 (::1 and other 127.x addresses are "
            "not shared)"
        )

    def test_windows_wslconfig_ignored(self) -> None:
        problem = "it is saved as UTF-16, which WSL ignores: networkingMode=mirrored does not apply"
        env = self.windows(self.UBUNTU, wsl_config_problem=problem)
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env))
        assert statuses(checks)["WSL"] == "warn"  # NAT, as WSL runs
        ignored = find(checks, "WSL config")
        assert ignored.status == "warn"
        assert ignored.detail == f"%UserProfile%\\.wslconfig: {problem}"
        assert ignored.fix is not None and ignored.fix.endswith("then run wsl --shutdown")
        assert find(judge_machine(machine(environment=env)), "WSL config") == ignored

    def test_windows_relay(self) -> None:
        relay = tcp("::1", name="wslrelay.exe", pid=17584)
        env = self.windows(self.UBUNTU)
        checks = judge_port(facts(["::1"], ["timed out"], [relay], environment=env))
        wsl = find(checks, "WSL")
        assert wsl.detail == (
            "[::1]:3000 is WSL 2's localhost relay (wslrelay.exe): the server runs inside WSL, "
            "and Windows reaches it through the relay"
        )
        assert wsl.fix is not None and wsl.fix.endswith("run wsl --shutdown")

    @pytest.mark.parametrize(
        "env",
        [
            Environment("windows", wsl_distros=(LEGACY,)),  # WSL 1: Windows' own listeners
            Environment("windows", wsl_distros=()),
            Environment("windows"),
            Environment("linux", wsl_distros=(UBUNTU,)),
        ],
    )
    def test_windows_without_wsl_2(self, env: Environment) -> None:
        checks = judge_port(facts(["127.0.0.1"], ["refused"], [], environment=env))
        assert "WSL" not in statuses(checks)

    def test_windows_with_a_server_here(self) -> None:
        env = self.windows(self.UBUNTU)
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=env))
        assert "WSL" not in statuses(checks)

    def test_docker_publishes_the_port(self) -> None:
        published = (
            Published("web", A("0.0.0.0"), PORT, 80, "tcp"),
            Published("api", A("127.0.0.1"), PORT, 8080, "tcp"),
            Published("dns", A("0.0.0.0"), PORT, 53, "udp"),
            Published("db", A("0.0.0.0"), 5432, 5432, "tcp"),
        )
        env = Environment(published=published)
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("0.0.0.0")], environment=env))
        docker = [c for c in checks if c.title == "docker"]
        assert [c.status for c in docker] == ["warn", "note"]
        assert docker[0].fix == "publish on loopback only: -p 127.0.0.1:3000:80"

    def test_host_docker_internal_from_containers(self) -> None:
        env = Environment(published=())
        checks = judge_port(facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=env))
        assert "host.docker.internal" in find(checks, "docker").detail


def machine(**changes: object) -> MachineFacts:
    values: dict[str, object] = {
        "hosts_path": "/etc/hosts",
        "hosts_error": None,
        "hosts_v4": (A("127.0.0.1"),),
        "hosts_v6": (A("::1"),),
        "hosts_any": (A("127.0.0.1"), A("::1")),
        "resolved": (A("127.0.0.1"), A("::1")),
        "ipv6_error": None,
        "listeners": (),
        "listeners_note": None,
        "environment": Environment(),
    }
    values.update(changes)
    return MachineFacts(**values)  # type: ignore[arg-type]


class TestMachine:
    def test_a_good_machine(self) -> None:
        assert set(statuses(judge_machine(machine())).values()) == {"pass"}

    def test_localhost_resolving_to_nothing_fails(self) -> None:
        checks = judge_machine(machine(hosts_v4=(), hosts_v6=(), hosts_any=(), resolved=()))
        assert find(checks, "localhost resolves") == Check(
            "fail",
            "localhost resolves",
            "/etc/hosts gives localhost no address",
            "add '127.0.0.1 localhost' and '::1 localhost'",
        )

    def test_nothing_in_the_file_fails_even_if_dns_answers(self) -> None:
        checks = judge_machine(machine(hosts_v4=(), hosts_v6=(), hosts_any=()))
        resolves = find(checks, "localhost resolves")
        assert resolves.status == "fail" and "the system resolver answers" in resolves.detail

    def test_problems(self) -> None:
        listener = ListeningSocket("tcp", A("0.0.0.0"), 5432, "postgres", 42)
        checks = judge_machine(
            machine(
                hosts_v4=(A("10.0.0.1"),),
                hosts_v6=(A("fd00::1"),),
                hosts_any=(A("fd00::1"), A("10.0.0.1")),
                listeners=(listener,),
                environment=Environment(container="docker", wsl=2, wsl_networking="nat"),
            )
        )
        assert statuses(checks) == {
            "localhost (IPv4)": "fail",
            "localhost (IPv6)": "fail",
            "localhost order": "warn",
            "IPv6 loopback": "pass",
            "exposed services": "warn",
            "container": "note",
            "WSL": "note",
        }
        assert "0.0.0.0:5432 by postgres (42)" in find(checks, "exposed services").detail
        assert find(checks, "WSL").detail == "WSL 2 in nat mode"

    def test_wsl_distributions_on_windows(self) -> None:
        distros = (
            WslDistro("Ubuntu", "Running", 2, default=True, running=True),
            WslDistro("Legacy", "Stopped", 1, running=False),
            WslDistro("Ubuntu-DE", "Wird ausgeführt", 2),
        )
        env = Environment("windows", wsl_distros=distros, wsl_forwarding=False)
        assert find(judge_machine(machine(environment=env)), "WSL") == Check(
            "note",
            "WSL",
            "WSL distributions: Ubuntu (WSL 2, running, default), Legacy (WSL 1, stopped), "
            "Ubuntu-DE (WSL 2, Wird ausgeführt); WSL 2 networking: nat, localhost "
            "forwarding off",
        )
        env = Environment("windows", wsl_distros=distros[1:2])
        assert find(judge_machine(machine(environment=env)), "WSL").detail == (
            "WSL distributions: Legacy (WSL 1, stopped)"
        )
        env = Environment("windows", wsl_distros=distros[:1], wsl_networking="mirrored")
        assert find(judge_machine(machine(environment=env)), "WSL").detail.endswith(
            "; WSL 2 networking: mirrored"
        )
        assert "WSL" not in statuses(judge_machine(machine(environment=Environment("windows"))))

    def test_missing_lines_and_missing_file(self) -> None:
        checks = judge_machine(machine(hosts_v6=(), hosts_any=(A("127.0.0.1"),)))
        assert find(checks, "localhost (IPv6)").status == "warn"
        checks = judge_machine(machine(hosts_error="no such file", hosts_v4=(), hosts_v6=()))
        assert find(checks, "hosts file") == Check("warn", "hosts file", "no such file")
        assert "localhost resolves" not in statuses(checks)

    def test_ipv6_disabled_with_a_v6_localhost_line(self) -> None:
        checks = judge_machine(machine(ipv6_error="Cannot assign requested address"))
        ipv6 = find(checks, "IPv6 loopback")
        assert ipv6.status == "warn" and "address not available" in ipv6.detail
        assert "remove ::1 from the localhost line" in str(ipv6.fix)
        checks = judge_machine(machine(ipv6_error="x", hosts_v6=(), hosts_any=(A("127.0.0.1"),)))
        assert find(checks, "IPv6 loopback").status == "note"

    def test_unknown_listeners_squatters_and_docker(self) -> None:
        checks = judge_machine(machine(listeners=None, listeners_note="netstat failed"))
        assert find(checks, "exposed services").detail == "cannot tell: netstat failed"
        airplay = ListeningSocket("tcp", A("127.0.0.1"), 7000, "ControlCenter", 512)
        published = (
            Published("web", A("::"), 8080, 80, "tcp"),
            Published("db", A("127.0.0.1"), 5432, 5432, "tcp"),
        )
        checks = judge_machine(
            machine(listeners=(airplay,), environment=Environment(published=published))
        )
        assert find(checks, "port squatter").status == "note"
        docker = find(checks, "docker")
        assert docker.detail == "Docker publishes on every interface: [::]:8080 (web)"
        checks = judge_machine(machine(environment=Environment(published=published[1:])))
        assert "docker" not in statuses(checks)


def test_the_reference_lists_every_check() -> None:
    """docs/reference/doctor.md has a row for every check title doctor can print."""
    page = (Path(__file__).resolve().parent.parent / "docs/reference/doctor.md").read_text()
    everywhere = Environment(
        "windows",
        wsl=2,
        container="docker",
        published=(Published("web", A("0.0.0.0"), PORT, 80, "tcp"),),
    )
    airplay = ListeningSocket("tcp", A("0.0.0.0"), 5000, "ControlCe", 1)
    port_facts = [
        facts(["::1", "127.0.0.1"], ["refused", "accepted"], [tcp("0.0.0.0"), udp("::")]),
        facts(["127.0.0.1"], ["refused"], [], environment=everywhere),
        PortFacts("localhost", 5000, (A("127.0.0.1"),), "r",
                  (ListeningSocket("tcp", A("0.0.0.0"), 5000, "ControlCe"),),
                  "some owners are unknown", ()),
        PortFacts("localhost", PORT, (), "r", (tcp("127.0.0.1"),), "some owners are unknown", ()),
        facts(["127.0.0.1"], ["accepted"], [tcp("127.0.0.1")], environment=everywhere),
    ]  # fmt: skip
    titles = {c.title for f in port_facts for c in judge_port(f)}
    titles |= {
        c.title
        for m in (
            machine(hosts_error="x"),
            machine(
                hosts_v4=(),
                hosts_v6=(),
                hosts_any=(),
                ipv6_error="x",
                listeners=(airplay,),
                environment=everywhere,
            ),
            machine(hosts_any=(A("::1"), A("127.0.0.1"))),
        )
        for c in judge_machine(m)
    }
    generic = {
        "localhost resolves": "HOST resolves",
        "connect to ::1": "connect to ADDRESS",
        "connect to 127.0.0.1": "connect to ADDRESS",
        "localhost answers": "HOST answers",
        "client node": "client NAME",
        "client wget": "client NAME",
    }
    missing = sorted(title for title in titles if f"`{generic.get(title, title)}`" not in page)
    assert not missing
