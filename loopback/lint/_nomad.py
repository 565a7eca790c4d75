"""Nomad job specifications: the ports a job publishes on its clients (parsed HCL).

A group's ``network { port "http" { static = 8080, to = 80 } }`` allocates a port on the
client's address: the address of its ``network_interface`` (the default route's
interface unless set), which other machines reach. A ``docker`` or ``podman`` task that
lists the port in its ``config``'s ``ports`` (or, before Nomad 0.12, a task's own
``resources { network { port ... } }``) publishes it there, and so does a group in
``bridge`` mode for every port it maps; a task sharing the host's network
(``network_mode = "host"``) or started by another driver binds what its program binds:
an ``exec`` or ``raw_exec`` task's ``command`` and ``args`` are read as a command line run
on the client.
A port on a ``host_network`` the client's configuration names is on that network's
address, which the job does not say (sources: Nomad's job specification, ``network``
and ``port``, and its Docker driver's ``ports``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ._commands import read_command
from ._model import Bind, Key, verdict_of
from ._places import Setting
from ._reading import port_value

__all__ = ["nomad_settings"]

_PUBLISHING_DRIVERS = frozenset(["docker", "podman"])
#: Drivers that start their command on the client itself, in its network.
_HOST_DRIVERS = frozenset(["exec", "raw_exec", "exec2"])
_WHY = (
    "a Nomad port: published on the client's address (its network_interface), which "
    "other machines reach; give it a host_network of a private address, or leave the "
    "port out of the task's ports to keep it in the allocation's network"
)


def nomad_settings(root: Mapping[str, object]) -> list[Setting]:
    """Each port a job publishes on a client's address."""
    found: list[Setting] = []
    for job_path, job in _labelled(("job",), root.get("job")):
        for group_path, group in _labelled((*job_path, "group"), job.get("group")):
            found += _group(group_path, group)
    return found


def _labelled(
    path: tuple[Key, ...], value: object
) -> Iterator[tuple[tuple[Key, ...], Mapping[str, object]]]:
    """The labelled blocks under ``path`` (``group "web" { }``), each with its path."""
    for label, body in value.items() if isinstance(value, dict) else ():
        if isinstance(body, dict):
            yield (*path, label), body


def _group(path: tuple[Key, ...], group: Mapping[str, object]) -> list[Setting]:
    network = group.get("network")
    network = network if isinstance(network, dict) else {}
    bridge = network.get("mode") == "bridge"
    published: set[str] = set()
    found: list[Setting] = []
    for task_path, task in _labelled((*path, "task"), group.get("task")):
        config = task.get("config")
        config = config if isinstance(config, dict) else {}
        if task.get("driver") in _HOST_DRIVERS:
            found += _host_command((*task_path, "config", "command"), config)
        if task.get("driver") not in _PUBLISHING_DRIVERS or config.get("network_mode") == "host":
            continue
        ports = config.get("ports")
        if isinstance(ports, list):
            published.update(port for port in ports if isinstance(port, str))
        resources = task.get("resources")
        old = resources.get("network") if isinstance(resources, dict) else None
        if isinstance(old, dict):  # Nomad before 0.12: the task's own ports, all published
            found += _ports((*task_path, "resources", "network"), old, None)
    found += _ports((*path, "network"), network, None if bridge else published)
    return found


def _host_command(path: tuple[Key, ...], config: Mapping[str, object]) -> list[Setting]:
    """An ``exec``/``raw_exec`` task's command line, judged as it runs: on the client."""
    command, args = config.get("command"), config.get("args", [])
    if not isinstance(command, str) or not isinstance(args, list):
        return []
    words = [command, *(arg for arg in args if isinstance(arg, str))]
    return [(path, s.syntax, s.value, s.verdict) for s in read_command(words)]


def _ports(
    path: tuple[Key, ...], network: Mapping[str, object], published: set[str] | None
) -> list[Setting]:
    """The ports of a ``network`` block that are published (``None``: all of them)."""
    found: list[Setting] = []
    for where, port in _labelled((*path, "port"), network.get("port")):
        label = where[-1]
        if published is not None and label not in published:
            continue
        if port.get("host_network", "default") != "default":
            continue  # the address of a network the client's configuration names
        number = port_value(port.get("static"))
        verdict = verdict_of([Bind("specific_address", "", _WHY)], [number] if number else [])
        found.append((where, "nomad-port", label, verdict))
    return found
