"""Container platforms: Docker and compose ports, Kubernetes containers and Services.

What each publishes on the machine (or node) that runs it, as Docker's ``nat.ParsePortSpec``
and Kubernetes' API validation read the values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ._model import ALL_V4, Bind, Reading, Verdict, digits, everywhere, invalid, shown
from ._reading import go_ip, judge, port_number, port_range, port_value

__all__ = [
    "SERVICE_TYPES",
    "UNREACHABLE",
    "container_ports",
    "docker_ports",
    "in_container",
    "kubernetes_container",
    "kubernetes_service",
    "on_ports",
]

#: The check of a server bound to loopback inside a container whose port is published.
UNREACHABLE = "unreachable"


def in_container(verdict: Verdict, *, published: bool) -> tuple[Verdict, str]:
    """A server's bind judged inside a container (or pod): the verdict, and the check broken.

    Inside a container, binding every interface is how a port becomes publishable, not an
    exposure by itself: what exposes it is publishing it. A server bound to loopback
    there cannot be reached through a published port.

    >>> from loopback.lint import check_setting
    >>> in_container(check_setting("uvicorn-host", "0.0.0.0"), published=True)[0].exposure
    'not_published'
    >>> in_container(check_setting("uvicorn-host", "127.0.0.1"), published=True)[1]
    'unreachable'
    """
    if verdict.exposed:
        message = (
            f"inside a container, {verdict.message.split(': other machines')[0]}: that is how "
            "its port can be published, and only publishing it (compose ports, docker run "
            "-p, hostPort, a NodePort Service) exposes it"
        )
        return Verdict("not_published", verdict.hosts, verdict.ports, message), ""
    if verdict.exposure == "loopback" and published:
        message = (
            f"{verdict.message.split(': stays')[0]} inside a container whose port is "
            "published: the published port cannot reach it; bind 0.0.0.0 in the container "
            "and publish the port on 127.0.0.1 instead"
        )
        return replace(verdict, message=message), UNREACHABLE
    return verdict, ""


def on_ports(ports: tuple[int, ...], container: frozenset[int] | None) -> bool:
    """Can a server on ``ports`` be what the ``container`` ports publish (unknown: yes)?

    A server bound to loopback on a port the container does not publish (an app server
    behind a proxy in the same container) is not what the published port reaches.
    """
    return container is None or not container or not ports or bool(set(ports) & container)


_PROTOCOLS = ("tcp", "udp", "sctp")
#: The most ports a range may name and still be read port by port.
_RANGE_LIMIT = 1024


def container_ports(entries: object) -> frozenset[int] | None:
    """The container's side of published or exposed ports (``None``: not all known).

    Each entry is a Dockerfile ``EXPOSE`` word or a compose ``ports`` item (``"80"``,
    ``"8080:80/tcp"``, ``"127.0.0.1:8000-8001:8000-8001"``, ``8080``, ``{target: 80}``)
    or a Kubernetes container port (``{containerPort: 80}``); a variable or anything
    else makes the whole set unknown.

    >>> sorted(container_ports(["8080:80", "443/tcp", {"target": 9000}]))
    [80, 443, 9000]
    >>> container_ports(["${PORT}:80"]) is None, container_ports(["$PORT"]) is None
    (False, True)
    >>> container_ports([{"published": 80}]) is None, container_ports(["1-65535"]) is None
    (True, True)
    """
    if not isinstance(entries, list):
        return None
    found: set[int] = set()
    for entry in entries:
        port = (
            entry.get("target", entry.get("containerPort")) if isinstance(entry, Mapping) else entry
        )
        if isinstance(port, int) and not isinstance(port, bool):
            port = digits(port)
        if not isinstance(port, str):
            return None
        low, _, high = port.rpartition(":")[2].partition("/")[0].partition("-")
        first, last = port_number(low), port_number(high or low)
        if first is None or last is None or not 0 <= last - first < _RANGE_LIMIT:
            return None
        found.update(range(first, last + 1))
    return frozenset(found)


def docker_ports(value: str | int | Mapping[str, object]) -> Reading:
    if isinstance(value, Mapping):
        return _docker_long(value)
    text = digits(value) if isinstance(value, int) else value
    head, slash, protocol = text.rpartition("/")
    if slash and protocol.lower() in _PROTOCOLS:  # Docker lower-cases it first
        text = head
    if text.startswith("["):
        end = text.find("]")
        host, rest = text[1:end], text[end + 1 :].split(":")
        if end < 0 or rest[:1] != [""] or len(rest) != 3:
            return invalid(text, f"{text!r} is not [IPv6]:HOST_PORT:CONTAINER_PORT")
        parts = [host, *rest[1:]]
    else:
        parts = text.rsplit(":", 2)
    if not all(port_range(p) for p in parts[-1:]):
        return invalid(text, f"{text!r} does not end in a container port")
    if len(parts) == 1:
        return everywhere(f"{text!r} publishes the container port on every interface"), []
    host_port = parts[-2]
    if host_port and not port_range(host_port):
        return invalid(text, f"bad host port {host_port!r} in {text!r}")
    ports = [int(host_port)] if port_number(host_port) else []
    if len(parts) == 2 or not parts[0]:  # no host IP: every interface
        why = f"{text!r} has no host IP: Docker publishes it on every interface"
        return everywhere(why), ports
    address = go_ip(parts[0])
    if address is None:
        return invalid(text, f"Docker takes an IP address, not {parts[0]!r}")
    return [judge(str(address))], ports


def _docker_long(spec: Mapping[str, object]) -> Reading:
    if "target" not in spec:
        return invalid("", "a long-syntax port needs 'target'")
    published, host_ip = spec.get("published"), spec.get("host_ip")
    port = port_value(published)
    ranged = isinstance(published, str) and port_range(published)
    if published is not None and port is None and not ranged:
        return invalid("", f"bad published port {shown(published)}")
    ports = [] if port is None else [port]
    if host_ip is None or host_ip == "":
        why = "no host_ip: Docker publishes it on every interface"
        return everywhere(why), ports
    address = go_ip(host_ip) if isinstance(host_ip, str) else None
    if address is None:
        return invalid("", f"Docker takes an IP address as host_ip, not {shown(host_ip)}")
    return [judge(str(address))], ports


def kubernetes_container(spec: Mapping[str, object]) -> Reading:
    if spec.get("hostNetwork") is True:
        why = "the pod shares the node's network: its containers' own binds are the node's"
        return [Bind("depends", "hostNetwork", why)], []
    binds: list[Bind] = []
    ports: list[int] = []
    raw_ports = spec.get("ports") or []
    if not isinstance(raw_ports, list):
        return invalid(repr(raw_ports), "'ports' must be a list")
    for entry in raw_ports:
        if not isinstance(entry, Mapping):
            return invalid("", f"each port must be a mapping, not {shown(entry)}")
        host_port = entry.get("hostPort")
        if host_port is None or host_port == 0:  # 0 is unset to Kubernetes
            continue
        port = port_value(host_port)
        if port is None or isinstance(host_port, str):
            return invalid("", f"hostPort must be a number from 1 to 65535, not {shown(host_port)}")
        ports.append(port)
        host_ip = entry.get("hostIP")
        if host_ip is None or host_ip == "":
            binds.append(ALL_V4._replace(why=f"hostPort {port} with no hostIP"))
        elif not isinstance(host_ip, str):
            return invalid("", f"hostIP must be a string, not {shown(host_ip)}")
        else:
            binds.append(judge(host_ip))
    if not binds:
        return [Bind("not_published", "", "no hostPort: reachable only inside the cluster")], []
    return binds, ports


#: What each type of Kubernetes Service publishes beyond the cluster network.
SERVICE_TYPES = {
    "ClusterIP": "",
    "NodePort": "type NodePort: kube-proxy opens the node port on every node's addresses",
    "LoadBalancer": "type LoadBalancer: a load balancer, and the node port on every node",
    "ExternalName": "",
}


def kubernetes_service(spec: Mapping[str, object]) -> Reading:
    """A Service spec: its type, node ports and external IPs (as kube-proxy serves them)."""
    kind = spec.get("type", "ClusterIP")
    if not isinstance(kind, str) or kind not in SERVICE_TYPES:
        return invalid("", f"Kubernetes has no Service type {shown(kind)}")
    if kind == "ExternalName":
        return [Bind("not_network", "", "type ExternalName: a DNS alias, no listener")], []
    raw_ports, external = spec.get("ports") or [], spec.get("externalIPs") or []
    if not isinstance(raw_ports, list) or not isinstance(external, list):
        return invalid("", "'ports' and 'externalIPs' must be lists")
    binds: list[Bind] = []
    ports: list[int] = []
    for entry in raw_ports:
        node_port = entry.get("nodePort") if isinstance(entry, Mapping) else None
        port = 0 if node_port is None else port_value(node_port)
        if port is None or isinstance(node_port, str):
            why = f"nodePort must be a number from 1 to 65535, not {shown(node_port)}"
            return invalid("", why)
        ports.append(port)  # 0: Kubernetes picks one
    if SERVICE_TYPES[kind]:
        binds.append(ALL_V4._replace(why=SERVICE_TYPES[kind]))
    for address in external:
        if not isinstance(address, str):
            return invalid("", f"externalIPs are addresses, not {shown(address)}")
        binds.append(judge(address))
    if not binds:
        why = "type ClusterIP: reachable only inside the cluster"
        return [Bind("not_published", "", why)], []
    return binds, ports if SERVICE_TYPES[kind] else []
