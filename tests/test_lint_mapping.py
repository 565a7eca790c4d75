"""lint_mapping and assert_not_exposed: bind settings found in parsed configuration."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loopback import LoopbackError
from loopback.lint import ExposedError, SettingFinding, assert_not_exposed, lint_mapping

ALL, LOOP = "all_interfaces", "loopback"

COMPOSE = {
    "services": {
        "web": {"image": "app", "ports": ["8080:80", "127.0.0.1:8443:443", {"target": 9000}]},
        "db": {"image": "postgres", "expose": ["5432"], "environment": {"PGHOST": "0.0.0.0"}},
    }
}

POD = {
    "spec": {
        "hostNetwork": True,
        "containers": [
            {"name": "web", "ports": [{"containerPort": 80, "hostPort": 8080}]},
            {"name": "side", "ports": [{"containerPort": 9090}]},
        ],
    }
}


def summary(findings: list[SettingFinding]) -> list[tuple[str, str, str]]:
    return [(".".join(map(str, f.path)), f.syntax, f.verdict.exposure) for f in findings]


def test_compose_ports() -> None:
    assert summary(lint_mapping(COMPOSE)) == [
        ("services.web.ports.0", "docker-ports", "all_interfaces"),
        ("services.web.ports.1", "docker-ports", "loopback"),
        ("services.web.ports.2", "docker-ports", "all_interfaces"),
    ]  # "expose:" publishes nothing, and environment keys are not bind settings


def test_kubernetes_pod() -> None:
    assert summary(lint_mapping(POD)) == [
        ("spec.hostNetwork", "kubernetes-container", "depends"),
    ]  # on the node's network, a container's ports are its servers' own binds: no hostPort
    pod = {"spec": {**POD["spec"], "hostNetwork": False}}
    assert summary(lint_mapping(pod)) == [
        ("spec.containers.0.ports.0.hostPort", "kubernetes-container", "all_interfaces"),
        ("spec.containers.1.ports", "kubernetes-container", "not_published"),
    ]


def test_settings_by_key() -> None:
    config = {
        "server": {"host": "0.0.0.0", "port": 8000},
        "admin": {"bind": ["127.0.0.1:9000", "[::]:9000"]},
        "postgres": {"listen_addresses": "localhost"},
        "mongo": {"net": {"bindIp": "127.0.0.1,10.0.0.5"}},
        "network.host": "_local_",
        "client": {"host": {"name": "db"}, "address": True},  # not bind values: walked into
        7: {"ip": "192.0.2.7"},
    }
    assert summary(lint_mapping(config)) == [
        ("server.host", "generic", "all_interfaces"),
        ("admin.bind.0", "generic", "loopback"),
        ("admin.bind.1", "generic", "all_interfaces"),
        ("postgres.listen_addresses", "postgresql-listen_addresses", "loopback"),
        ("mongo.net.bindIp", "mongodb-bindIp", "specific_address"),
        ("network.host", "elasticsearch-network.host", "loopback"),
        ("7.ip", "generic", "specific_address"),
    ]


def test_json_and_toml_shapes() -> None:
    parsed = json.loads('{"listen": [{"address": "::1"}, {"address": "0"}], "x": [1, "a"]}')
    assert summary(lint_mapping(parsed)) == [
        ("listen.0.address", "generic", "loopback"),
        ("listen.1.address", "generic", "all_interfaces"),
    ]


def test_cycles_and_depth_do_not_hang_or_crash() -> None:
    loop: dict[str, Any] = {"host": "127.0.0.1"}
    loop["self"] = loop
    assert summary(lint_mapping(loop)) == [("host", "generic", "loopback")]
    deep: Any = {"host": "0.0.0.0"}
    for _ in range(100_000):
        deep = {"next": deep}
    assert len(lint_mapping(deep)) == 1


def test_not_a_mapping() -> None:
    assert lint_mapping("0.0.0.0") == []
    assert lint_mapping(None) == []
    assert lint_mapping([{"host": "0.0.0.0"}])[0].path == (0, "host")


def test_assert_not_exposed() -> None:
    assert_not_exposed({"server": {"host": "127.0.0.1"}, "ports": ["127.0.0.1:80:80"]})
    with pytest.raises(ExposedError) as info:
        assert_not_exposed(COMPOSE)
    error = info.value
    assert isinstance(error, AssertionError) and isinstance(error, LoopbackError)
    assert [".".join(map(str, f.path)) for f in error.findings] == [
        "services.web.ports.0",
        "services.web.ports.2",
    ]
    assert str(error).splitlines() == [
        "2 setting(s) expose a service beyond this machine:",
        (
            "  services.web.ports.0: '8080:80' has no host IP: Docker publishes it on every "
            "interface (0.0.0.0, ::): other machines can reach it; bind 127.0.0.1 (and ::1) "
            "instead"
        ),
        (
            "  services.web.ports.2: no host_ip: Docker publishes it on every interface "
            "(0.0.0.0, ::): other machines can reach it; bind 127.0.0.1 (and ::1) instead"
        ),
    ]


def test_allow_by_path_or_host() -> None:
    assert_not_exposed(COMPOSE, allow=["services.web.ports.0", "services.web.ports.2"])
    assert_not_exposed({"a": {"host": "10.0.0.5"}, "b": {"bind": "0.0.0.0"}},
                       allow=["10.0.0.5", "0.0.0.0"])  # fmt: skip
    with pytest.raises(ExposedError):
        assert_not_exposed(COMPOSE, allow=["services.web.ports.0"])
    with pytest.raises(ExposedError):  # both of 0.0.0.0 and :: must be allowed
        assert_not_exposed(COMPOSE, allow=["0.0.0.0"])
    assert_not_exposed(COMPOSE, allow=["0.0.0.0", "::"])


def test_keys_of_any_type_are_named() -> None:
    config = {None: {"host": "0.0.0.0"}, True: {"ip": "0"}, (1, 2): {"bind": "::"},
              10**5000: {"host": "10.0.0.1"}}  # fmt: skip
    assert [f.path for f in lint_mapping(config)] == [
        ("None", "host"), ("True", "ip"), ("(1, 2)", "bind"), ("<int>", "host")
    ]  # fmt: skip


def test_the_top_level_path_is_named() -> None:
    finding = lint_mapping({"hostNetwork": True})[0]
    assert finding.path == ("hostNetwork",)  # the key that shares the node's network
    assert str(finding).startswith("hostNetwork: the pod shares the node's network")
    assert str(replace(finding, path=())).startswith("(top): the pod shares")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["host", "bind", "ports", "listen", "hostNetwork", "bindIp", "x", 3]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_parsed_config_is_walked(value: Any) -> None:
    if isinstance(value, str):  # assert_not_exposed reads a string as a file name
        value = [value]
    exposed = [finding for finding in lint_mapping(value) if finding.verdict.exposed]
    if exposed:
        with pytest.raises(ExposedError) as info:
            assert_not_exposed(value)
        assert info.value.findings == exposed
    else:
        assert_not_exposed(value)


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        # dskit's server block (Loki, Tempo, Mimir): a port without an address binds all
        ({"server": {"http_listen_port": 3100}}, [("server.http_listen_port", ALL, (3100,))]),
        ({"server": {"grpc_listen_port": "x"}}, [("server.grpc_listen_port", ALL, ())]),
        (
            {"server": {"http_listen_port": 3100, "http_listen_address": "127.0.0.1"}},
            [("server.http_listen_address", LOOP, ())],
        ),
        # Consul: client_addr, bind_addr and the addresses block
        (
            {"client_addr": "0.0.0.0", "addresses": {"http": "127.0.0.1", "dns": 1}},
            [("client_addr", ALL, ()), ("addresses.http", LOOP, ())],
        ),
        # NGINX Unit: the listener is the key
        (
            {"listeners": {"*:8080": {"pass": "applications/app"}, "127.0.0.1:81": {}, "x": {}}},
            [("listeners.*:8080", ALL, (8080,)), ("listeners.127.0.0.1:81", LOOP, (81,))],
        ),
        # Elasticsearch's family: Kibana, Logstash
        (
            {"server.host": "0.0.0.0", "api.http.host": "127.0.0.1"},
            [("server.host", ALL, ()), ("api.http.host", LOOP, ())],
        ),
        # Envoy: a listener binds, a cluster's endpoints are where to connect
        (
            {
                "listeners": [{"address": {"socket_address": {"address": "0.0.0.0"}}}],
                "clusters": [{"address": "10.0.0.5"}],
            },
            [("listeners.0.address.socket_address.address", ALL, ())],
        ),
        # a Kubernetes Service without type or targetPort is a Service, not compose ports
        ({"spec": {"ports": [{"port": 80}]}}, [("spec.ports", "not_published", ())]),
    ],
)
def test_more_servers(mapping: object, expected: list[tuple[str, str, tuple[int, ...]]]) -> None:
    found = [(f.dotted_path, f.verdict.exposure, f.verdict.ports) for f in lint_mapping(mapping)]
    assert found == expected
