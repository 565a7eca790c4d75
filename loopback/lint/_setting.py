"""``check_setting``: one bind setting judged as the server named by its syntax reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..errors import SettingError
from ._containers import docker_ports, kubernetes_container, kubernetes_service
from ._model import ADVICE, Value, Verdict, digits, shown, verdict_of
from ._syntaxes import TEXT_SYNTAXES

__all__ = ["SYNTAXES", "check_setting"]

#: Every syntax :func:`check_setting` knows.
SYNTAXES: tuple[str, ...] = (
    *TEXT_SYNTAXES, "docker-ports", "kubernetes-container", "kubernetes-service"
)  # fmt: skip
_KNOWN = ", ".join(SYNTAXES)


def check_setting(syntax: str, value: Value) -> Verdict:
    """Judge a bind setting exactly as the server named by ``syntax`` reads it.

    >>> check_setting("gunicorn-bind", ":8000").exposure
    'all_interfaces'
    >>> check_setting("postgresql-listen_addresses", "localhost").exposure
    'loopback'
    >>> print(check_setting("redis-bind", "* -::*").message)
    '*' means every interface (*, ::): other machines can reach it; bind 127.0.0.1 (and ::1) instead

    :param syntax: one of :data:`SYNTAXES`.
    :param value: the setting as written: a string (numbers are taken as their digits);
        for ``"docker-ports"`` also a long-syntax mapping, for ``"kubernetes-container"``
        a container spec mapping (with the pod's ``hostNetwork`` if it has one), for
        ``"kubernetes-service"`` a Service spec mapping (``type``, ``ports``,
        ``externalIPs``).
    :raises SettingError: unknown ``syntax``, or a value of a type it never has.
    """
    if not isinstance(syntax, str):
        raise SettingError(shown(syntax), shown(value), f"unknown syntax; known: {_KNOWN}")
    reader = TEXT_SYNTAXES.get(syntax)
    if reader is not None:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise SettingError(syntax, shown(value), "expected a string")
        binds, ports = reader(digits(value) if isinstance(value, int) else value)
    elif syntax == "docker-ports":
        if isinstance(value, bool) or not isinstance(value, (str, int, Mapping)):
            raise SettingError(syntax, shown(value), "expected a string, a number or a mapping")
        binds, ports = docker_ports(value)
    elif syntax in ("kubernetes-container", "kubernetes-service"):
        if not isinstance(value, Mapping):
            what = syntax.split("-")[1]
            raise SettingError(syntax, shown(value), f"expected a {what} spec mapping")
        read_spec = kubernetes_container if syntax == "kubernetes-container" else kubernetes_service
        binds, ports = read_spec(value)
    else:
        raise SettingError(syntax, shown(value), f"unknown syntax; known: {_KNOWN}")
    result = verdict_of(binds, ports)
    if syntax == "kubernetes-service" and result.exposure == "all_interfaces":
        advice = "use type ClusterIP (and kubectl port-forward) instead"
        return replace(result, message=result.message.replace(ADVICE, advice))
    return result
