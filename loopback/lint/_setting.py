"""Bind settings of real servers, judged as each server reads them (``check_setting``).

Every syntax turns its value into binds (one host each, with why it is judged so) and
ports; the verdict is the widest exposure among the binds. The research behind each
reading, with the servers' documentation, is in ``docs/reference/lint.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple, Union

from .._address import Address, parse_address
from .._lenient import parse_lenient
from .._url import parse_url_host
from ..classify import is_localhost_name, is_loopback, is_unspecified
from ..errors import AddressError, SettingError, render

__all__ = ["SYNTAXES", "Exposure", "Verdict", "check_setting"]

Exposure = Literal[
    "loopback",
    "all_interfaces",
    "specific_address",
    "not_network",
    "not_published",
    "depends",
    "invalid",
]

#: Which exposure wins when a setting binds several hosts: the widest, and ``invalid``
#: above all (a server refuses the whole setting).
_RANK: dict[str, int] = {
    "not_published": 0,
    "not_network": 1,
    "loopback": 2,
    "depends": 3,
    "specific_address": 4,
    "all_interfaces": 5,
    "invalid": 6,
}


@dataclass(frozen=True)
class Verdict:
    """What a bind setting exposes, what it binds, and why.

    >>> verdict = check_setting("docker-ports", "8080:80")
    >>> verdict.exposure, verdict.hosts, verdict.ports, verdict.exposed
    ('all_interfaces', ('0.0.0.0', '::'), (8080,), True)
    """

    __slots__ = ("exposure", "hosts", "message", "ports")

    #: ``"loopback"``, ``"all_interfaces"``, ``"specific_address"``, ``"not_network"``,
    #: ``"not_published"``, ``"depends"`` or ``"invalid"``.
    exposure: Exposure
    #: The hosts bound: canonical addresses, names as written, ``unix:PATH``.
    hosts: tuple[str, ...]
    #: The ports bound on this machine (empty when unknown or ephemeral).
    ports: tuple[int, ...]
    #: Why, in a sentence, with what to do about it.
    message: str

    @property
    def exposed(self) -> bool:
        """Can another machine reach it (every interface, or a non-loopback address)?"""
        return self.exposure in ("all_interfaces", "specific_address")


class _Bind(NamedTuple):
    exposure: Exposure
    host: str
    why: str


_Reading = tuple[list[_Bind], list[int]]
Value = Union[str, int, Mapping[str, object]]

_ALL_V4 = _Bind("all_interfaces", "0.0.0.0", "")
_ALL_V6 = _Bind("all_interfaces", "::", "")


def _judge(host: str) -> _Bind:
    """One host as a server hands it to ``getaddrinfo``/``bind``."""
    if host in ("", "*"):
        return _Bind("all_interfaces", "*", f"{host!r} means every interface")
    bad = next((ch for ch in host if ord(ch) < 0x20 or ord(ch) == 0x7F), None)
    if bad is not None:
        return _Bind("invalid", host, f"a control character ({bad!r}) in the host {host!r}")
    if is_localhost_name(host):
        return _Bind("loopback", host, "")
    inner = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        version, value, zone = parse_lenient(inner)
    except AddressError as error:
        if _is_name(inner):
            why = f"what the name {inner!r} binds depends on name resolution"
            return _Bind("depends", inner, why)
        return _Bind("invalid", host, f"not an address or a host name: {error.reason}")
    address = Address._make(version, value, zone)
    if is_unspecified(address):
        return _Bind("all_interfaces", str(address), "")
    return _Bind("loopback" if is_loopback(address) else "specific_address", str(address), "")


def _is_name(text: str) -> bool:
    """A DNS-shaped name (RFC 1123 letters, digits, hyphens and dots)."""
    labels = text.rstrip(".").split(".")
    return (
        bool(text)
        and not labels[-1].isdigit()
        and all(
            0 < len(label) < 64
            and label.isascii()
            and label.replace("-", "").replace("_", "").isalnum()
            and not label.startswith("-")
            for label in labels
        )
    )


def _port(text: str) -> int | None:
    """A port number, or ``None`` if ``text`` is not one."""
    if text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535:
        return int(text)
    return None


def _invalid(text: str, why: str) -> _Reading:
    return [_Bind("invalid", text, why)], []


def _bracketed(text: str) -> tuple[str, str | None] | None:
    """``[v6]`` or ``[v6]:port`` as the bracketed host and the port text; ``None`` if neither."""
    end = text.find("]")
    host, rest = text[: end + 1], text[end + 1 :]
    if end < 0 or (rest and not rest.startswith(":")):
        return None
    return host, rest[1:] if rest else None


def _everywhere(why: str) -> list[_Bind]:
    """Docker's and Redis's every interface: both families."""
    return [_ALL_V4._replace(why=why), _ALL_V6._replace(why=why)]


# -- the syntaxes ---------------------------------------------------------------------


def _generic(text: str) -> _Reading:
    if "://" in text:
        return _url(text)
    if text.startswith(":") and _port(text[1:]) is not None:  # ":8000": every interface
        return [_Bind("all_interfaces", "*", "a port with no host binds every interface")], [
            int(text[1:])
        ]
    port = _port(text)
    if port is not None and text != "0":  # "0" is 0.0.0.0 to inet_aton: judged as a host
        return [_Bind("depends", "", "a port alone: the host is the server's default")], [port]
    port_text: str | None = None
    if text.startswith("["):
        split = _bracketed(text)
        if split is None:
            return _invalid(text, f"{text!r} is not a host, host:port or [IPv6]:port")
        text, port_text = split
    elif text.count(":") == 1:  # more colons: a bare IPv6 address
        text, port_text = text.split(":")
    port = None if port_text is None else _port(port_text)
    if port_text is not None and port is None:
        return _invalid(text, f"bad port {port_text!r} after {text!r}")
    return [_judge(text)], [] if port is None else [port]


def _url(text: str) -> _Reading:
    scheme, rest = text.split("://", 1)
    if "unix" in scheme.lower():
        return [_Bind("not_network", f"unix:{rest}", "")], []
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    host, port_text = authority, ""
    if authority.startswith("["):
        end = authority.find("]")
        host, port_text = authority[: end + 1], authority[end + 1 :].removeprefix(":")
    elif ":" in authority:
        host, port_text = authority.rsplit(":", 1)
    port = _port(port_text)
    if port_text and port is None:
        return _invalid(text, f"bad port {port_text!r} in the URL {text!r}")
    try:
        read = parse_url_host(host)
    except AddressError as error:
        return _invalid(text, f"bad host in the URL {text!r}: {error.reason}")
    return [_judge(str(read) if isinstance(read, Address) else read)], [] if port is None else [
        port
    ]


def _host_only(text: str) -> _Reading:
    return [_judge(text)], []


def _flask(text: str) -> _Reading:
    if text.startswith("unix://"):  # Werkzeug's run_simple serves a unix socket
        return [_Bind("not_network", f"unix:{text[7:]}", "")], []
    return _host_only(text)


def _gunicorn(text: str) -> _Reading:
    """As gunicorn's ``util.parse_address`` splits it, then binds it."""
    if text.startswith("unix:"):
        return [_Bind("not_network", text, "")], []
    if text.startswith("fd://"):
        why = f"{text!r} serves a socket inherited from the parent: its address decides"
        return [_Bind("depends", text, why)], []
    netloc = text.removeprefix("tcp://")
    if "[" in netloc and "]" in netloc:
        host, port_text = netloc.split("]")[0][1:], ([*netloc.split("]:"), "8000"])[1]
    elif ":" in netloc:  # gunicorn keeps the first two fields
        host, port_text = [*netloc.split(":"), "8000"][:2]
    else:
        host, port_text = netloc or "0.0.0.0", "8000"
    port = _python_int(port_text)
    if port is None:
        return _invalid(text, f"gunicorn cannot read the port {port_text!r} in {text!r}")
    bind = _judge(host.lower())
    if ":" not in netloc and host.isdigit() and bind.exposure != "all_interfaces":
        why = f"gunicorn reads {text!r} as a host ({bind.host}), not a port: write 127.0.0.1:{text}"
        return _invalid(text, why)
    return [bind], [port]


def _python_int(text: str) -> int | None:
    """A port as Python's ``int()`` reads it (spaces, underscores), or ``None``."""
    try:
        number = int(text) if len(text) < 100 else -1
    except ValueError:
        return None
    return number if 0 <= number <= 65535 else None


def _django(text: str) -> _Reading:
    """As runserver's ``naiveip_re`` reads ``[addr:]port`` (``0`` is 0.0.0.0)."""
    if not text:
        return [_judge("127.0.0.1")], [8000]
    host, colon, port_text = text.rpartition(":")
    port = _port(port_text)
    if port is None:
        return _invalid(text, f"runserver needs a port: {text!r} does not end in one")
    if not colon:
        return [_judge("127.0.0.1")], [port]
    if not _django_address(host):
        why = f"runserver does not read {host!r}: an IPv4 address, [IPv6] or a host name"
        return _invalid(text, why)
    if host == "0":  # runserver's shorthand for 0.0.0.0
        return [_Bind("all_interfaces", "0.0.0.0", "'0' is runserver's 0.0.0.0")], [port]
    return [_judge(host)], [port]


_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _django_address(host: str) -> bool:
    """An address runserver's regex takes: IPv4 digits, [hex and colons], or an FQDN."""
    if host.startswith("[") and host.endswith("]"):
        return len(host) > 2 and set(host[1:-1]) <= _HEX_COLON
    labels = host.split(".")
    return all(label and set(label) <= _NAME_CHARS for label in labels)


def _decimal_quad(text: str) -> Address | None:
    """``a.b.c.d`` read in decimal, leading zeros and all (nginx, Kubernetes), or ``None``."""
    parts = text.split(".")
    if len(parts) != 4 or not all(
        0 < len(part) < 10 and part.isascii() and part.isdigit() and int(part) < 256
        for part in parts
    ):
        return None
    a, b, c, d = (int(part) for part in parts)
    return Address.from_int((a << 24) | (b << 16) | (c << 8) | d, version=4)


def _nginx(text: str) -> _Reading:
    """As nginx's ``ngx_parse_inet_url`` reads the first word of ``listen``."""
    words = text.split()
    if not words:
        return _invalid(text, "an empty listen directive")
    target = words[0]
    if target.startswith("unix:"):
        return [_Bind("not_network", target, "")], []
    if target.startswith("["):
        split = _bracketed(target)
        if split is None:
            return _invalid(text, f"nginx cannot read {target!r}")
        host, port_text = split[0], split[1] or "80"
    elif ":" in target:  # nginx splits at the first colon
        host, port_text = target.split(":", 1)
    elif target.isascii() and target.isdigit():  # "listen 8080": every IPv4 interface
        host, port_text = "*", target
    else:
        host, port_text = target, "80"
    port = _port(port_text)
    if not port:
        return _invalid(text, f"nginx: invalid port {port_text!r} in {target!r}")
    if not host:
        return _invalid(text, f"nginx: no host in {target!r}")
    if host == "*":
        return [_ALL_V4._replace(why=f"'listen {target}' binds every IPv4 interface")], [port]
    quad = _decimal_quad(host)
    return [_judge(host if quad is None else str(quad))], [port]


def _postgresql(text: str) -> _Reading:
    members = _guc_list(text.strip(_GUC_SPACE).strip("'").strip(_GUC_SPACE))
    if members == []:
        return [_Bind("not_network", "unix", "'' listens on unix-domain sockets only")], []
    if members is None:  # the server stops with "invalid list syntax"
        return _invalid(text, f"PostgreSQL cannot read the list {text!r}: an empty name")
    return [_judge(m) for m in members], []


_GUC_SPACE = " \t\n\r\f\v"


def _guc_list(text: str) -> list[str] | None:
    """A list as PostgreSQL's ``SplitGUCList`` splits it; ``None`` where it refuses it.

    ``"..."`` quotes a name (``""`` is a quote in it); empty names are refused.
    """
    names: list[str] = []
    i, size = 0, len(text)
    if not text:  # white space is taken off before
        return names
    while True:
        if text[i] == '"':  # a quoted name: "" is a quote in it
            parts, i = [], i + 1
            while True:
                end = text.find('"', i)
                if end < 0:
                    return None
                parts.append(text[i:end])
                i = end + 1
                if text[i : i + 1] != '"':
                    break
                parts.append('"')
                i += 1
            name = "".join(parts)
        else:
            start = i
            while i < size and text[i] != "," and text[i] not in _GUC_SPACE:
                i += 1
            name = text[start:i]
        if not name:
            return None
        names.append(name)
        while i < size and text[i] in _GUC_SPACE:
            i += 1
        if i == size:
            return names
        if text[i] != ",":
            return None
        i += 1
        while i < size and text[i] in _GUC_SPACE:
            i += 1
        if i == size:  # a trailing comma: an empty name
            return None


def _redis(text: str) -> _Reading:
    members = text.split()
    if not members:
        why = "no bind line: Redis listens on every interface"
        return _everywhere(why), []
    binds = []
    for member in members:
        host = member.removeprefix("-")  # "-::1": bind it if it exists
        binds.append(_ALL_V6 if host == "::*" else _judge(host))
    return binds, []


def _mongodb(text: str) -> _Reading:
    binds = []
    for member in (m.strip() for m in text.split(",")):
        if "/" in member:  # a path: a unix-domain socket
            binds.append(_Bind("not_network", f"unix:{member}", ""))
        elif member:  # mongod skips empty members
            binds.append(_judge(member))
    if not binds:
        return [_Bind("not_network", "", f"{text!r} binds no address: no TCP listener")], []
    return binds, []


def _elasticsearch(text: str) -> _Reading:
    binds = []
    for member in (m.strip().strip("'\"") for m in text.strip("[]").split(",")):
        # _local_, _site_, _global_, _eth0_, with an optional :ipv4 or :ipv6 modifier
        special = member.strip("_").split(":", 1)[0] if member.startswith("_") else None
        if special == "local":
            binds.append(_Bind("loopback", member, ""))
        elif special in ("site", "global"):
            why = f"{member!r} binds this machine's {special} addresses: other machines reach it"
            binds.append(_Bind("specific_address", member, why))
        elif special is not None:
            binds.append(_Bind("depends", member, f"{member!r} binds what that interface has"))
        else:
            binds.append(_judge("0.0.0.0" if member == "0" else member))
    return binds, []


def _kubectl(text: str) -> _Reading:
    """``--address``: ``localhost`` or addresses as ``netutils.ParseIPSloppy`` reads them."""
    binds = []
    for member in text.split(","):  # pflag trims nothing
        if member == "localhost":
            binds.append(_Bind("loopback", "localhost", ""))
            continue
        address = _decimal_quad(member) or _go_ipv6(member)
        if address is None:
            why = f"kubectl port-forward takes IP addresses or localhost, not {member!r}"
            return _invalid(member, why)
        binds.append(_judge(str(address)))
    return binds, []


def _go_ip(text: str) -> Address | None:
    """An address as Go's ``net.ParseIP`` reads it (no zones, no leading zeros)."""
    try:
        address = parse_address(text)
    except AddressError:
        return None
    return address if address.zone is None else None


def _go_ipv6(text: str) -> Address | None:
    address = _go_ip(text)
    return address if address is not None and address.version == 6 else None


_PROTOCOLS = ("tcp", "udp", "sctp")


def _docker_ports(value: str | int | Mapping[str, object]) -> _Reading:
    if isinstance(value, Mapping):
        return _docker_long(value)
    text = _digits(value) if isinstance(value, int) else value
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 22:22 as the number 1342
        why = f"the number {text}: quote port mappings in YAML, unquoted 22:22 reads as 1342"
    else:
        why = ""
    head, slash, protocol = text.rpartition("/")
    if slash and protocol.lower() in _PROTOCOLS:  # Docker lower-cases it first
        text = head
    if text.startswith("["):
        end = text.find("]")
        host, rest = text[1:end], text[end + 1 :].split(":")
        if end < 0 or rest[:1] != [""] or len(rest) != 3:
            return _invalid(text, f"{text!r} is not [IPv6]:HOST_PORT:CONTAINER_PORT")
        parts = [host, *rest[1:]]
    else:
        parts = text.rsplit(":", 2)
    if not all(_port_range(p) for p in parts[-1:]):
        return _invalid(text, f"{text!r} does not end in a container port")
    if len(parts) == 1:
        why = why or f"{text!r} publishes the container port on every interface"
        return _everywhere(why), []
    host_port = parts[-2]
    if host_port and not _port_range(host_port):
        return _invalid(text, f"bad host port {host_port!r} in {text!r}")
    ports = [int(host_port)] if _port(host_port) else []
    if len(parts) == 2 or not parts[0]:  # no host IP: every interface
        why = why or f"{text!r} has no host IP: Docker publishes it on every interface"
        return _everywhere(why), ports
    address = _go_ip(parts[0])
    if address is None:
        return _invalid(text, f"Docker takes an IP address, not {parts[0]!r}")
    return [_judge(str(address))], ports


def _port_range(text: str) -> bool:
    low, dash, high = text.partition("-")
    first, last = _port(low), _port(high)
    return first is not None and (not dash or (last is not None and last >= first))


def _docker_long(spec: Mapping[str, object]) -> _Reading:
    if "target" not in spec:
        return _invalid("", "a long-syntax port needs 'target'")
    published, host_ip = spec.get("published"), spec.get("host_ip")
    port = _port_value(published)
    ranged = isinstance(published, str) and _port_range(published)
    if published is not None and port is None and not ranged:
        return _invalid("", f"bad published port {_shown(published)}")
    ports = [] if port is None else [port]
    if host_ip is None or host_ip == "":
        why = "no host_ip: Docker publishes it on every interface"
        return _everywhere(why), ports
    address = _go_ip(host_ip) if isinstance(host_ip, str) else None
    if address is None:
        return _invalid("", f"Docker takes an IP address as host_ip, not {_shown(host_ip)}")
    return [_judge(str(address))], ports


def _port_value(value: object) -> int | None:
    """A port given as a number or as digits, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 65535 else None
    return _port(value) if isinstance(value, str) else None


def _kubernetes(spec: Mapping[str, object]) -> _Reading:
    if spec.get("hostNetwork") is True:
        why = "hostNetwork: the container's own binds are this machine's"
        return [_Bind("depends", "hostNetwork", why)], []
    binds: list[_Bind] = []
    ports: list[int] = []
    raw_ports = spec.get("ports") or []
    if not isinstance(raw_ports, list):
        return _invalid(repr(raw_ports), "'ports' must be a list")
    for entry in raw_ports:
        if not isinstance(entry, Mapping):
            return _invalid("", f"each port must be a mapping, not {_shown(entry)}")
        host_port = entry.get("hostPort")
        if host_port is None or host_port == 0:  # 0 is unset to Kubernetes
            continue
        port = _port_value(host_port)
        if port is None or isinstance(host_port, str):
            return _invalid(
                "", f"hostPort must be a number from 1 to 65535, not {_shown(host_port)}"
            )
        ports.append(port)
        host_ip = entry.get("hostIP")
        if host_ip is None or host_ip == "":
            binds.append(_ALL_V4._replace(why=f"hostPort {port} with no hostIP"))
        elif not isinstance(host_ip, str):
            return _invalid("", f"hostIP must be a string, not {_shown(host_ip)}")
        else:
            binds.append(_judge(host_ip))
    if not binds:
        return [_Bind("not_published", "", "no hostPort: reachable only inside the cluster")], []
    return binds, ports


#: What each type of Kubernetes Service publishes beyond the cluster network.
_SERVICE_TYPES = {
    "ClusterIP": "",
    "NodePort": "type NodePort: kube-proxy opens the node port on every node's addresses",
    "LoadBalancer": "type LoadBalancer: a load balancer, and the node port on every node",
    "ExternalName": "",
}


def _kubernetes_service(spec: Mapping[str, object]) -> _Reading:
    """A Service spec: its type, node ports and external IPs (as kube-proxy serves them)."""
    kind = spec.get("type", "ClusterIP")
    if not isinstance(kind, str) or kind not in _SERVICE_TYPES:
        return _invalid("", f"Kubernetes has no Service type {_shown(kind)}")
    if kind == "ExternalName":
        return [_Bind("not_network", "", "type ExternalName: a DNS alias, no listener")], []
    raw_ports, external = spec.get("ports") or [], spec.get("externalIPs") or []
    if not isinstance(raw_ports, list) or not isinstance(external, list):
        return _invalid("", "'ports' and 'externalIPs' must be lists")
    binds: list[_Bind] = []
    ports: list[int] = []
    for entry in raw_ports:
        node_port = entry.get("nodePort") if isinstance(entry, Mapping) else None
        port = 0 if node_port is None else _port_value(node_port)
        if port is None or isinstance(node_port, str):
            why = f"nodePort must be a number from 1 to 65535, not {_shown(node_port)}"
            return _invalid("", why)
        ports.append(port)  # 0: Kubernetes picks one
    if _SERVICE_TYPES[kind]:
        binds.append(_ALL_V4._replace(why=_SERVICE_TYPES[kind]))
    for address in external:
        if not isinstance(address, str):
            return _invalid("", f"externalIPs are addresses, not {_shown(address)}")
        binds.append(_judge(address))
    if not binds:
        why = "type ClusterIP: reachable only inside the cluster"
        return [_Bind("not_published", "", why)], []
    return binds, ports if _SERVICE_TYPES[kind] else []


_TEXT_SYNTAXES: dict[str, Callable[[str], _Reading]] = {
    "generic": _generic,
    "gunicorn-bind": _gunicorn,
    "uvicorn-host": _host_only,
    "flask-host": _flask,
    "django-runserver": _django,
    "jupyter-ip": _host_only,
    "nginx-listen": _nginx,
    "postgresql-listen_addresses": _postgresql,
    "redis-bind": _redis,
    "mongodb-bindIp": _mongodb,
    "elasticsearch-network.host": _elasticsearch,
    "kubectl-port-forward-address": _kubectl,
}

#: Every syntax :func:`check_setting` knows.
SYNTAXES: tuple[str, ...] = (
    *_TEXT_SYNTAXES, "docker-ports", "kubernetes-container", "kubernetes-service"
)  # fmt: skip


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
    reader = _TEXT_SYNTAXES.get(syntax) if isinstance(syntax, str) else None
    if reader is not None:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise SettingError(syntax, _shown(value), "expected a string")
        binds, ports = reader(_digits(value) if isinstance(value, int) else value)
    elif syntax == "docker-ports":
        if isinstance(value, bool) or not isinstance(value, (str, int, Mapping)):
            raise SettingError(syntax, _shown(value), "expected a string, a number or a mapping")
        binds, ports = _docker_ports(value)
    elif syntax in ("kubernetes-container", "kubernetes-service"):
        if not isinstance(value, Mapping):
            what = syntax.split("-")[1]
            raise SettingError(syntax, _shown(value), f"expected a {what} spec mapping")
        read_spec = _kubernetes if syntax == "kubernetes-container" else _kubernetes_service
        binds, ports = read_spec(value)
    else:
        known = ", ".join(SYNTAXES)
        name = syntax if isinstance(syntax, str) else _shown(syntax)
        raise SettingError(name, _shown(value), f"unknown syntax; known: {known}")
    verdict = _verdict(binds, ports)
    if syntax == "kubernetes-service" and verdict.exposure == "all_interfaces":
        advice = "use type ClusterIP (and kubectl port-forward) instead"
        return replace(verdict, message=verdict.message.replace(_ADVICE, advice))
    return verdict


def _digits(number: int) -> str:
    """``str(number)``, or a note for a number too long for ``str`` (Python 3.11+)."""
    try:
        return str(number)
    except ValueError:
        return "<a number of over 4300 digits>"


def _shown(value: object) -> str:
    """A short ``repr`` of ``value`` for a message, whatever it is."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    return render(text, None)[0]


#: What to do about a setting that binds every interface.
_ADVICE = "bind 127.0.0.1 (and ::1) instead"


def _verdict(binds: list[_Bind], ports: list[int]) -> Verdict:
    worst = max(binds, key=lambda bind: _RANK[bind.exposure])
    exposure = worst.exposure
    hosts = tuple(dict.fromkeys(bind.host for bind in binds if bind.host))
    listed = ", ".join(hosts)
    if exposure == "all_interfaces":
        message = (
            f"{worst.why or 'binds every interface'} ({listed}): other machines can reach it; "
            f"{_ADVICE}"
        )
    elif worst.why:
        message = worst.why
    elif exposure == "specific_address":
        message = (
            f"binds {worst.host}, an address other machines can reach; bind 127.0.0.1 (and "
            "::1) to stay on this machine"
        )
    elif exposure == "loopback":
        message = f"binds loopback only ({listed}): stays on this machine"
    else:  # not_network
        message = f"a unix-domain socket ({listed}): not reachable over the network"
    bound = tuple(dict.fromkeys(port for port in ports if port))  # 0: the kernel picks
    return Verdict(exposure, hosts, bound, message)
