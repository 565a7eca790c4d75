"""Bind settings found in parsed configuration (``lint_mapping``, ``assert_not_exposed``).

Parsed YAML, TOML or JSON is walked without recursion (any depth, cycles included); a
setting is recognised by its key, and judged by :func:`check_setting` with the syntax
that key implies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Union, cast

from ..errors import SettingError
from ._containers import SERVICE_TYPES
from ._model import ALL_V4, Bind, Key, SettingFinding, Verdict, shown, verdict_of
from ._setting import check_setting

__all__ = ["lint_mapping", "path_key"]

#: Keys whose value is one bind host or endpoint, judged as ``"generic"``.
_GENERIC_KEYS = frozenset(
    ["host", "bind", "listen", "address", "addr", "ip", "bind_address", "bind_host",
     "listen_address", "listen_host", "server_host", "host_ip", "hostIP", "listen_addr",
     "http_listen_address", "grpc_listen_address", "http_addr", "listen-address",
     "cluster_address", "rpc_address"]
)  # fmt: skip
#: Keys whose value has a server's own syntax.
_SYNTAX_KEYS = {
    "listen_addresses": "postgresql-listen_addresses",
    "bindIp": "mongodb-bindIp",
    "bind_ip": "mongodb-bindIp",
    "network.host": "elasticsearch-network.host",
    "http.host": "elasticsearch-network.host",
    "transport.host": "elasticsearch-network.host",
    "network.bind_host": "elasticsearch-network.host",
    "http.bind_host": "elasticsearch-network.host",
    "transport.bind_host": "elasticsearch-network.host",
    "server.host": "elasticsearch-network.host",  # Kibana
    "api.http.host": "elasticsearch-network.host",  # Logstash
    "client_addr": "consul-addr",
    "bind_addr": "consul-addr",
    "bind-address": "mysql-bind-address",
    "listen-client-urls": "url-list",  # etcd
    "listen-peer-urls": "url-list",
    "listen-metrics-urls": "url-list",
    "listen-client-http-urls": "url-list",
}
#: Ports whose server binds every interface unless the key beside them names an address
#: (dskit's ``server`` block: Loki, Tempo, Mimir, Grafana Agent).
_PORT_WITHOUT_ADDRESS = {
    "http_listen_port": "http_listen_address",
    "grpc_listen_port": "grpc_listen_address",
}
#: Keys under which addresses are where to connect, never binds (Envoy's upstreams).
_CLIENT_KEYS = frozenset(["clusters", "load_assignment", "extra_hosts"])


#: Settings with one meaning: (the value, the syntax reported, the verdict).
_FIXED: dict[str, tuple[object, str, Verdict]] = {
    "bindIpAll": (True, "mongodb-bindIp", verdict_of([ALL_V4._replace(
        why="bindIpAll: true binds every interface (IPv6 too with net.ipv6)")], [])),
    "network_mode": ("host", "docker-ports", verdict_of([Bind(
        "depends", "host", "network_mode: host: the container's own binds are this "
        "machine's; what it exposes depends on what it binds")], [])),
}  # fmt: skip
#: The walk's marker for a :data:`_FIXED` setting (no syntax has this name).
_FIXED_SYNTAX = "\0fixed"


def lint_mapping(obj: object) -> list[SettingFinding]:
    """Find and judge every bind setting in nested mappings and lists.

    >>> compose = {"services": {"web": {"image": "app", "ports": ["8080:80"]}}}
    >>> [str(finding) for finding in lint_mapping(compose)]  # doctest: +NORMALIZE_WHITESPACE
    ["services.web.ports.0: '8080:80' has no host IP: Docker publishes it on every
    interface (0.0.0.0, ::): other machines can reach it; bind 127.0.0.1 (and ::1) instead"]

    A key's syntax: ``ports`` (Docker and compose entries, a Kubernetes container's or a
    Service's),
    ``listen_addresses`` (PostgreSQL), ``bindIp``/``bind_ip`` (MongoDB),
    ``network.host``/``http.host``/``transport.host`` (Elasticsearch), ``hostNetwork``,
    and ``host``, ``bind``, ``listen``, ``address``, ``addr``, ``ip`` and their
    ``bind_``/``listen_`` forms (``"generic"``). A value a key's syntax never has (a
    mapping under ``host``) is not a setting: the walk goes on inside it.

    :returns: every setting found, in walk order, whatever its exposure; keep those whose
        ``verdict.exposed`` is true to find the exposing ones.
    """
    findings: list[SettingFinding] = []
    seen: set[int] = set()
    on_node: set[int] = set()  # ids of the ports of containers sharing the node's network
    stack: list[_Task] = [(None, None, obj)]
    while stack:
        path, syntax, node = stack.pop()
        if syntax == _FIXED_SYNTAX:
            value, syntax, verdict = cast("tuple[object, str, Verdict]", node)
            findings.append(SettingFinding(_keys(path), syntax, value, verdict))
        elif syntax is not None:
            try:
                verdict = check_setting(syntax, node)  # type: ignore[arg-type]
            except SettingError:  # not a value of that syntax: walk into it instead
                stack.append((path, None, node))
            else:
                check = _DOCKER_BEFORE_28 if _docker_loopback(syntax, verdict) else ""
                findings.append(SettingFinding(_keys(path), syntax, node, verdict, check=check))
        elif not isinstance(node, (str, bytes)) and id(node) not in seen:
            if isinstance(node, Mapping):
                seen.add(id(node))
                stack.extend(reversed(_mapping_tasks(path, node, on_node)))
            elif isinstance(node, (list, tuple)):
                seen.add(id(node))
                stack.extend(((path, i), None, item) for i, item in reversed(list(enumerate(node))))
    return findings


#: Integer keys at least this large are named by their repr (``str`` refuses huge ones).
_BIG = 10**18

#: A path as a linked list, (parent, key), so deep nesting costs no copying.
_Path = Union[tuple["_Path", Key], None]
#: Walk work: a path, the syntax to judge the value as (``None``: walk into it), a value.
_Task = tuple[_Path, Union[str, None], object]


def _keys(path: _Path) -> tuple[Key, ...]:
    keys: list[Key] = []
    while path is not None:
        path, key = path
        keys.append(key)
    return tuple(reversed(keys))


def path_key(raw: object) -> Key:
    """A key as it goes in a path: ``str`` and ``int`` as they are, others by their repr."""
    if isinstance(raw, str) or (
        isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) < _BIG
    ):
        return raw
    return shown(raw)  # None, True, 1.5, a date, a tuple, a huge number


def _mapping_tasks(path: _Path, node: Mapping[object, object], on_node: set[int]) -> list[_Task]:
    """The work for one mapping's items, in document order.

    A pod with ``hostNetwork: true`` is judged once, at that key: its containers' ports are
    the node's own, bound as their servers bind them, with no ``hostPort`` mapping.
    """
    tasks: list[_Task] = []
    parent = path[1] if path is not None else None
    if (
        isinstance(parent, str)
        and parent.lower().endswith("service")
        and SERVICE_TYPES.get(_plain_str(node.get("type")))
        and not isinstance(node.get("ports"), list)
    ):  # a chart's values: service: {type: NodePort}, rendered into its Service
        tasks.append(((path, "type"), "kubernetes-service", {"type": node["type"]}))
    containers = node.get("containers")
    if node.get("hostNetwork") is True and isinstance(containers, list):
        on_node.update(id(c.get("ports")) for c in containers if isinstance(c, Mapping))
    for raw, value in node.items():
        key = path_key(raw)
        here = (path, key)
        if key == "ports" and id(value) in on_node:
            continue
        if key == "status" and "apiVersion" in node and "kind" in node:
            continue  # a Kubernetes object's observed state (a dumped pod's hostIP), not its spec
        if key == "ports" and isinstance(value, list):
            if any(isinstance(item, Mapping) and "containerPort" in item for item in value):
                tasks.extend(_container_ports(here, value, node))
            elif SERVICE_TYPES.get(_plain_str(node.get("type"))) is not None or any(
                isinstance(item, Mapping)
                and ("targetPort" in item or "nodePort" in item or _service_port(item))
                for item in value
            ):
                tasks.append((_service_spot(path, node), "kubernetes-service", node))
            else:
                tasks.extend(((here, i), "docker-ports", item) for i, item in enumerate(value))
        elif (key == "extraPortMappings" and isinstance(value, list)) or (
            key == "apiServerAddress" and parent == "networking"
        ):  # a kind cluster's node ports, and its API server (127.0.0.1 if unset)
            tasks.extend(_kind(here, value))
        elif key == "published_ports" and isinstance(value, list):  # Ansible's docker_container
            tasks.extend(((here, i), *_published(item)) for i, item in enumerate(value))
        elif (
            isinstance(key, str)
            and key.lower().endswith("servicetype")
            and SERVICE_TYPES.get(_plain_str(value))
        ):  # serviceType: LoadBalancer (charts' values, operators' resources)
            tasks.append((here, "kubernetes-service", {"type": value}))
        elif key == "hostNetwork" and value is True:
            tasks.append((here, "kubernetes-container", {"hostNetwork": True}))
        elif isinstance(key, str) and key in _FIXED and _same(value, _FIXED[key][0]):
            tasks.append((here, _FIXED_SYNTAX, _FIXED[key]))
        elif key in _CLIENT_KEYS:
            continue
        elif (
            isinstance(key, str)
            and key in _PORT_WITHOUT_ADDRESS
            and _PORT_WITHOUT_ADDRESS[key] not in node
        ):
            port = _plain_str(value) if not isinstance(value, int) else str(value)
            why = f"{key} without {_PORT_WITHOUT_ADDRESS[key]} binds every interface"
            tasks.append(
                (
                    here,
                    _FIXED_SYNTAX,
                    (
                        value,
                        "listen",
                        verdict_of(
                            [Bind("all_interfaces", "*", why)],
                            [int(port)] if port.isdigit() else [],
                        ),
                    ),
                )
            )
        elif key == "addresses" and isinstance(value, Mapping):  # Consul's http, grpc, dns
            tasks.extend(
                ((here, path_key(name)), "consul-addr", address)
                for name, address in value.items()
                if isinstance(address, str)
            )
        elif key == "listeners" and isinstance(value, Mapping):  # NGINX Unit: "*:8080": {}
            tasks.extend(
                (
                    (here, path_key(name)),
                    _FIXED_SYNTAX,
                    (name, "listen", check_setting("listen", name)),
                )
                for name in value
                if isinstance(name, str) and ":" in name
            )
        elif isinstance(key, str) and (key in _GENERIC_KEYS or key in _SYNTAX_KEYS):
            syntax = _SYNTAX_KEYS.get(key, "generic")
            if isinstance(value, list):
                tasks.extend(((here, i), syntax, item) for i, item in enumerate(value))
            else:
                tasks.append((here, syntax, value))
        else:
            tasks.append((here, None, value))
    return tasks


#: Ansible's ``published_ports: [all]``: every port the image exposes, on random host ports.
_ALL_PUBLISHED = verdict_of(
    [ALL_V4._replace(why="published_ports: all publishes every exposed port of the container "
                     "on a random port of every interface")], []
)  # fmt: skip


def _published(item: object) -> tuple[str, object]:
    """The syntax and value of one of Ansible's ``published_ports`` (``all``: every port)."""
    if item == "all":
        return _FIXED_SYNTAX, ("all", "docker-ports", _ALL_PUBLISHED)
    return "docker-ports", item


#: The check of a port Docker publishes on 127.0.0.1 (reachable from the link before 28.0).
_DOCKER_BEFORE_28 = "docker-before-28"


def _docker_loopback(syntax: str, verdict: Verdict) -> bool:
    """A Docker port published on an IPv4 loopback address."""
    return (
        syntax == "docker-ports"
        and verdict.exposure == "loopback"
        and any(host.startswith("127.") for host in verdict.hosts)
    )


def _kind(path: _Path, value: object) -> list[_Task]:
    """A kind cluster's ``networking.apiServerAddress`` or a node's ``extraPortMappings``.

    Each mapping publishes a port of the node's container on the host, on its
    ``listenAddress``, ``0.0.0.0`` when none is given
    (https://kind.sigs.k8s.io/docs/user/configuration/#extra-port-mappings).
    """
    if not isinstance(value, list):
        return [(path, "host", value)]
    items: list[object] = value
    tasks: list[_Task] = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or "containerPort" not in item:
            continue
        here = (path, index)
        if "listenAddress" in item:
            tasks.append(((here, "listenAddress"), "host", item["listenAddress"]))
            continue
        port = item.get("hostPort")
        why = "extraPortMappings without listenAddress: kind's default address"
        verdict = verdict_of([ALL_V4._replace(why=why)], [port] if isinstance(port, int) else [])
        where = (here, "hostPort" if "hostPort" in item else "containerPort")
        tasks.append((where, _FIXED_SYNTAX, (item.get("hostPort", ""), "host", verdict)))
    return tasks


def _container_ports(
    ports: _Path, items: list[object], container: Mapping[object, object]
) -> list[_Task]:
    """A container's ports, judged at each ``hostPort`` (each publishes one).

    Without one, the container is judged at ``ports`` as a whole (nothing published).
    """
    published = [
        (index, item)
        for index, item in enumerate(items)
        if isinstance(item, Mapping) and item.get("hostPort") not in (None, 0)
    ]
    if not published or len(published) == 1:
        where = ((ports, published[0][0]), "hostPort") if published else ports
        return [(where, "kubernetes-container", container)]
    return [
        (((ports, index), "hostPort"), "kubernetes-container", {**container, "ports": [item]})
        for index, item in published
    ]


def _service_spot(path: _Path, spec: Mapping[object, object]) -> _Path:
    """Where a Service is judged: the ``type`` that publishes it, else its ``ports``."""
    if SERVICE_TYPES.get(_plain_str(spec.get("type"))):
        return (path, "type")
    return (path, "externalIPs" if spec.get("externalIPs") else "ports")


def _service_port(item: Mapping[object, object]) -> bool:
    """A Kubernetes Service port (``port:``, no compose ``target``/``published``)."""
    return "port" in item and "target" not in item and "published" not in item


def _plain_str(value: object) -> str:
    """``value`` if it is a string, else ``""``."""
    return value if isinstance(value, str) else ""


def _same(value: object, expected: object) -> bool:
    """``value == expected`` for a plain value (``1`` is not ``True``; no odd ``__eq__``)."""
    return type(value) is type(expected) and value == expected
