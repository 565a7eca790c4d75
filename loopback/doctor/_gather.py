"""Gathering the facts of one diagnosis: composes the I/O of :mod:`._system`.

:func:`port_facts` and :func:`machine_facts` are the only functions :func:`diagnose`
and :func:`health` call before judging; tests replace them with plain values.
"""

from __future__ import annotations

import socket

from .._address import Address, parse_address
from ..classify import is_loopback
from ..errors import AddressError, LoopbackError
from ..hosts import HostsFile
from . import _system
from ._judge import MachineFacts
from ._records import Attempt, PortFacts

__all__ = ["machine_facts", "port_facts"]


def _literal(host: str) -> Address | None:
    try:
        return parse_address(host[1:-1] if host.startswith("[") and host.endswith("]") else host)
    except AddressError:
        return None


def port_facts(
    host: str, port: int, *, hosts_file: str | None, timeout: float, docker: bool = True
) -> PortFacts:
    """Resolve ``host``, read the listeners, try each loopback address once."""
    system = _system.this_system()
    literal = _literal(host)
    if literal is not None:
        addresses, resolver = [literal], "address"
    elif hosts_file is not None:
        addresses = HostsFile.load(hosts_file).lookup(host)
        resolver = f"the hosts file {hosts_file}"
    else:
        addresses, resolver = _system.resolve(host, port), "the system resolver"
    found, note = _system.listeners(system)
    if found is not None and system != "windows":
        found = _system.with_commands(found, port)
    attempts: list[Attempt] = [
        _system.attempt(a, port, timeout) for a in addresses if is_loopback(a)
    ]
    return PortFacts(
        host,
        port,
        tuple(addresses),
        resolver,
        None if found is None else tuple(found),
        note,
        tuple(attempts),
        _system.environment(system, docker=docker),
    )


def _ipv6_error() -> str | None:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        return error.strerror or str(error)
    return None


def machine_facts(*, hosts_file: str | None, docker: bool = True) -> MachineFacts:
    """Read the hosts file, ask the resolver, probe ``::1``, read listeners and environment."""
    system = _system.this_system()
    path: str | None
    error_text: str | None
    try:
        hosts = HostsFile.load(hosts_file)
    except LoopbackError as error:
        path, error_text = hosts_file, str(error)
        v4: tuple[Address, ...] = ()
        v6: tuple[Address, ...] = ()
        first: tuple[Address, ...] = ()
    else:
        path, error_text = hosts.path or hosts_file, None
        v4 = tuple(hosts.lookup("localhost", socket.AF_INET, multi=False))
        v6 = tuple(hosts.lookup("localhost", socket.AF_INET6, multi=False))
        first = tuple(hosts.lookup("localhost", multi=False))
    resolved = None if hosts_file is not None else tuple(_system.resolve("localhost", 80))
    found, note = _system.listeners(system)
    return MachineFacts(
        path,
        error_text,
        v4,
        v6,
        first,
        resolved,
        _ipv6_error(),
        None if found is None else tuple(found),
        note,
        _system.environment(system, docker=docker),
    )
