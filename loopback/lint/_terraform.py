"""Terraform's Docker and Kubernetes resources: what they publish (``*.tf``, parsed HCL).

- ``docker_container``'s ``ports`` blocks (kreuzwerker/docker): ``internal``, ``external``
  and ``ip``, which "defaults to ``0.0.0.0``": a block without ``ip`` publishes on every
  interface, and one without ``external`` on a random port of them.
- ``kubernetes_service`` (and ``_v1``): ``spec``'s ``type``, ``NodePort`` and
  ``LoadBalancer`` publishing beyond the cluster, as in a Service manifest.
- ``kubernetes_pod``, ``_deployment``, ``_daemonset``, ``_stateful_set``, ``_job``,
  ``_cron_job`` (and ``_v1``): a ``host_network = true`` pod, a container ``port`` with a
  ``host_port``.

Everything else in a ``*.tf`` file names what Terraform or a provider connects to (a
provider's ``host``, a ``connection``'s), or cloud resources it creates: not binds.
Values Terraform computes (``var.port``) are not known.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from ._containers import SERVICE_TYPES
from ._model import Bind, Key, verdict_of
from ._places import Setting
from ._reading import go_ip, port_value
from ._setting import check_setting

__all__ = ["terraform_settings"]


def terraform_settings(root: Mapping[str, object]) -> list[Setting]:
    """The settings of the ``resource`` blocks that publish a port."""
    found: list[Setting] = []
    resources = root.get("resource")
    for kind, named in resources.items() if isinstance(resources, dict) else ():
        for label, body in named.items() if isinstance(named, dict) else ():
            path: tuple[Key, ...] = ("resource", kind, label)
            if not isinstance(body, dict):
                continue
            if kind == "docker_container":
                found += _docker_ports(path, body.get("ports"))
            elif kind in ("kubernetes_service", "kubernetes_service_v1"):
                found += _service(path, body.get("spec"))
            elif kind.startswith("kubernetes_") and kind.removesuffix("_v1") in _WORKLOADS:
                found += list(_pods(path, body))
    return found


def _blocks(
    path: tuple[Key, ...], value: object
) -> list[tuple[tuple[Key, ...], dict[str, object]]]:
    """A block written once (a mapping) or more (a list), each with its path."""
    if isinstance(value, dict):
        return [(path, value)]
    if isinstance(value, list):
        return [((*path, i), item) for i, item in enumerate(value) if isinstance(item, dict)]
    return []


def _docker_ports(path: tuple[Key, ...], value: object) -> list[Setting]:
    found: list[Setting] = []
    for where, block in _blocks((*path, "ports"), value):
        spec: dict[str, object] = {"target": block.get("internal", "")}
        if port_value(block.get("external")) is not None:
            spec["published"] = block["external"]
        address = block.get("ip", "")
        if isinstance(address, str) and address and go_ip(address) is None:
            why = f"ip = {address}: the address Terraform computes is not known here"
            verdict = verdict_of([Bind("depends", address, why)], [])
        else:
            spec["host_ip"] = address
            verdict = check_setting("docker-ports", spec)
            if "ip" not in block:
                message = verdict.message.replace(
                    "no host_ip: Docker publishes", "no ip: the provider publishes"
                )
                verdict = replace(verdict, message=message)
        found.append((where, "docker-ports", block, verdict))
    return found


def _service(path: tuple[Key, ...], value: object) -> list[Setting]:
    found: list[Setting] = []
    for where, spec in _blocks((*path, "spec"), value):
        kind = spec.get("type")
        if isinstance(kind, str) and SERVICE_TYPES.get(kind):
            verdict = check_setting("kubernetes-service", {"type": kind})
            found.append(((*where, "type"), "kubernetes-service", kind, verdict))
    return found


#: Resources whose body holds a pod spec.
_WORKLOADS = frozenset(
    ["kubernetes_pod", "kubernetes_deployment", "kubernetes_daemonset",
     "kubernetes_daemon_set", "kubernetes_stateful_set", "kubernetes_job",
     "kubernetes_cron_job", "kubernetes_replication_controller"]
)  # fmt: skip


def _pods(path: tuple[Key, ...], body: dict[str, object]) -> Iterator[Setting]:
    """``host_network = true`` and containers' ``port`` blocks with a ``host_port``."""
    stack: list[tuple[tuple[Key, ...], object]] = [(path, body)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, list):
            stack.extend(((*where, i), item) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if node.get("host_network") is True:
            verdict = check_setting("kubernetes-container", {"hostNetwork": True})
            yield (*where, "host_network"), "kubernetes-container", True, verdict
        for key, value in node.items():
            if key != "port":
                stack.append(((*where, key), value))
                continue
            for place, block in _blocks((*where, key), value):
                if "container_port" in block and port_value(block.get("host_port")):
                    host_ip = block.get("host_ip", "")
                    ports = [{"hostPort": block["host_port"], "hostIP": host_ip}]
                    verdict = check_setting("kubernetes-container", {"ports": ports})
                    yield place, "kubernetes-container", block, verdict
