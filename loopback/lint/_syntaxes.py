"""Bind settings of real servers, each read as that server reads it.

Every syntax turns its value (text) into binds and ports; :data:`TEXT_SYNTAXES` names
them. The research behind each reading, with the servers' documentation, is in
``docs/reference/lint.md``.
"""

from __future__ import annotations

from collections.abc import Callable

from .._address import Address
from .._url import parse_url_host
from ..errors import AddressError
from ._model import ALL_V4, ALL_V6, Bind, Reading, everywhere, invalid
from ._reading import (
    bracketed,
    decimal_quad,
    go_ipv6,
    judge,
    port_number,
    python_int,
)

__all__ = ["TEXT_SYNTAXES"]


def _generic(text: str) -> Reading:
    if "://" in text:
        return _url(text)
    if text.startswith(":") and port_number(text[1:]) is not None:  # ":8000": every interface
        return [Bind("all_interfaces", "*", "a port with no host binds every interface")], [
            int(text[1:])
        ]
    port = port_number(text)
    if port is not None and text != "0":  # "0" is 0.0.0.0 to inet_aton: judged as a host
        return [Bind("depends", "", "a port alone: the host is the server's default")], [port]
    port_text: str | None = None
    if text.startswith("["):
        split = bracketed(text)
        if split is None:
            return invalid(text, f"{text!r} is not a host, host:port or [IPv6]:port")
        text, port_text = split
    elif text.count(":") == 1:  # more colons: a bare IPv6 address
        text, port_text = text.split(":")
    port = None if port_text is None else port_number(port_text)
    if port_text is not None and port is None:
        return invalid(text, f"bad port {port_text!r} after {text!r}")
    return [judge(text)], [] if port is None else [port]


def _url(text: str) -> Reading:
    scheme, rest = text.split("://", 1)
    if "unix" in scheme.lower():
        return [Bind("not_network", f"unix:{rest}", "")], []
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    host, port_text = authority, ""
    if authority.startswith("["):
        end = authority.find("]")
        host, port_text = authority[: end + 1], authority[end + 1 :].removeprefix(":")
    elif ":" in authority:
        host, port_text = authority.rsplit(":", 1)
    port = port_number(port_text)
    if port_text and port is None:
        return invalid(text, f"bad port {port_text!r} in the URL {text!r}")
    try:
        read = parse_url_host(host)
    except AddressError as error:
        return invalid(text, f"bad host in the URL {text!r}: {error.reason}")
    return [judge(str(read) if isinstance(read, Address) else read)], [] if port is None else [port]


def _host_only(text: str) -> Reading:
    return [judge(text)], []


def _vagrant(text: str) -> Reading:
    """A forwarded port's ``host_ip``: none binds every interface (for most providers)."""
    if not text:
        why = "no host_ip: Vagrant forwards the port on every interface of this machine"
        return [Bind("all_interfaces", "*", why)], []
    return _host_only(text)


def _flask(text: str) -> Reading:
    if text.startswith("unix://"):  # Werkzeug's run_simple serves a unix socket
        return [Bind("not_network", f"unix:{text[7:]}", "")], []
    return _host_only(text)


def _gunicorn(text: str) -> Reading:
    """As gunicorn's ``util.parse_address`` splits it, then binds it."""
    if text.startswith("unix:"):
        return [Bind("not_network", text, "")], []
    if text.startswith("fd://"):
        why = f"{text!r} serves a socket inherited from the parent: its address decides"
        return [Bind("depends", text, why)], []
    netloc = text.removeprefix("tcp://")
    if "[" in netloc and "]" in netloc:
        host, port_text = netloc.split("]")[0][1:], ([*netloc.split("]:"), "8000"])[1]
    elif ":" in netloc:  # gunicorn keeps the first two fields
        host, port_text = [*netloc.split(":"), "8000"][:2]
    else:
        host, port_text = netloc or "0.0.0.0", "8000"
    port = python_int(port_text)
    if port is None:
        return invalid(text, f"gunicorn cannot read the port {port_text!r} in {text!r}")
    bind = judge(host.lower())
    if ":" not in netloc and host.isdigit() and bind.exposure != "all_interfaces":
        why = f"gunicorn reads {text!r} as a host ({bind.host}), not a port: write 127.0.0.1:{text}"
        return invalid(text, why)
    return [bind], [port]


def _django(text: str) -> Reading:
    """As runserver's ``naiveip_re`` reads ``[addr:]port`` (``0`` is 0.0.0.0)."""
    if not text:
        return [judge("127.0.0.1")], [8000]
    host, colon, port_text = text.rpartition(":")
    port = port_number(port_text)
    if port is None:
        return invalid(text, f"runserver needs a port: {text!r} does not end in one")
    if not colon:
        return [judge("127.0.0.1")], [port]
    if not _django_address(host):
        why = f"runserver does not read {host!r}: an IPv4 address, [IPv6] or a host name"
        return invalid(text, why)
    if host == "0":  # runserver's shorthand for 0.0.0.0
        return [Bind("all_interfaces", "0.0.0.0", "'0' is runserver's 0.0.0.0")], [port]
    return [judge(host)], [port]


_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _django_address(host: str) -> bool:
    """An address runserver's regex takes: IPv4 digits, [hex and colons], or an FQDN."""
    if host.startswith("[") and host.endswith("]"):
        return len(host) > 2 and set(host[1:-1]) <= _HEX_COLON
    labels = host.split(".")
    return all(label and set(label) <= _NAME_CHARS for label in labels)


def _nginx(text: str) -> Reading:
    """As nginx's ``ngx_parse_inet_url`` reads the first word of ``listen``."""
    words = text.split()
    if not words:
        return invalid(text, "an empty listen directive")
    target = words[0]
    if target.startswith("unix:"):
        return [Bind("not_network", target, "")], []
    if target.startswith("["):
        split = bracketed(target)
        if split is None:
            return invalid(text, f"nginx cannot read {target!r}")
        host, port_text = split[0], split[1] or "80"
    elif ":" in target:  # nginx splits at the first colon
        host, port_text = target.split(":", 1)
    elif target.isascii() and target.isdigit():  # "listen 8080": every IPv4 interface
        host, port_text = "*", target
    else:
        host, port_text = target, "80"
    port = port_number(port_text)
    if not port:
        return invalid(text, f"nginx: invalid port {port_text!r} in {target!r}")
    if not host:
        return invalid(text, f"nginx: no host in {target!r}")
    if host == "*":
        return [ALL_V4._replace(why=f"'listen {target}' binds every IPv4 interface")], [port]
    quad = decimal_quad(host)
    return [judge(host if quad is None else str(quad))], [port]


def _postgresql(text: str) -> Reading:
    members = _guc_list(text.strip(_GUC_SPACE).strip("'").strip(_GUC_SPACE))
    if members == []:
        return [Bind("not_network", "unix", "'' listens on unix-domain sockets only")], []
    if members is None:  # the server stops with "invalid list syntax"
        return invalid(text, f"PostgreSQL cannot read the list {text!r}: an empty name")
    return [judge(m) for m in members], []


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


def _redis(text: str) -> Reading:
    members = text.split()
    if not members:
        why = "no bind line: Redis listens on every interface"
        return everywhere(why), []
    binds = []
    for member in members:
        host = member.removeprefix("-")  # "-::1": bind it if it exists
        binds.append(ALL_V6 if host == "::*" else judge(host))
    return binds, []


def _mongodb(text: str) -> Reading:
    binds = []
    for member in (m.strip() for m in text.split(",")):
        if "/" in member:  # a path: a unix-domain socket
            binds.append(Bind("not_network", f"unix:{member}", ""))
        elif member:  # mongod skips empty members
            binds.append(judge(member))
    if not binds:
        return [Bind("not_network", "", f"{text!r} binds no address: no TCP listener")], []
    return binds, []


def _elasticsearch(text: str) -> Reading:
    binds = []
    for member in (m.strip().strip("'\"") for m in text.strip("[]").split(",")):
        # _local_, _site_, _global_, _eth0_, with an optional :ipv4 or :ipv6 modifier
        special = member.strip("_").split(":", 1)[0] if member.startswith("_") else None
        if special == "local":
            binds.append(Bind("loopback", member, ""))
        elif special in ("site", "global"):
            why = f"{member!r} binds this machine's {special} addresses: other machines reach it"
            binds.append(Bind("specific_address", member, why))
        elif special is not None:
            binds.append(Bind("depends", member, f"{member!r} binds what that interface has"))
        else:
            binds.append(judge("0.0.0.0" if member == "0" else member))
    return binds, []


def _kubectl(text: str) -> Reading:
    """``--address``: ``localhost`` or addresses as ``netutils.ParseIPSloppy`` reads them."""
    binds = []
    for member in text.split(","):  # pflag trims nothing
        if member == "localhost":
            binds.append(Bind("loopback", "localhost", ""))
            continue
        address = decimal_quad(member) or go_ipv6(member)
        if address is None:
            why = f"kubectl port-forward takes IP addresses or localhost, not {member!r}"
            return invalid(member, why)
        binds.append(judge(str(address)))
    return binds, []


def _listen(text: str) -> Reading:
    """A port alone binds every interface (systemd ``ListenStream``, Apache ``Listen``, Go)."""
    number = port_number(text)
    if number is not None:
        return [Bind("all_interfaces", "*", f"a port alone ({text}) binds every interface")], [
            number
        ]
    if text.isascii() and text.isdigit():
        return invalid(text, f"{text!r} is not a port (0 to 65535)")
    return _generic(text)


def _haproxy(text: str) -> Reading:
    """The first word of HAProxy's ``bind``: ``[addr]:port[-end]`` items, comma-separated."""
    words = text.split()
    if not words:
        return invalid(text, "an empty bind line")
    binds: list[Bind] = []
    ports: list[int] = []
    for item in words[0].split(","):
        family, at, rest = item.partition("@")
        if not at:
            family, rest = "", item
        if family in ("unix", "abns", "abnsz", "uxst", "uxdg"):
            binds.append(Bind("not_network", f"unix:{rest}", ""))
            continue
        if family.startswith("fd") or family == "sockpair":
            binds.append(Bind("depends", item, f"{item!r} serves an inherited socket"))
            continue
        host, colon, port_text = rest.rpartition(":")
        first = port_number(port_text.split("-")[0])
        if not colon or first is None:
            return invalid(text, f"HAProxy needs [address]:port, not {item!r}")
        host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        if host in ("", "*", "::") and family != "ipv4" and "v4v6" in words:
            binds += everywhere(f"{item!r} with v4v6 binds every interface")
        else:
            why = f"{item!r} binds every interface" if host in ("", "*") else ""
            binds.append(judge(host)._replace(why=why) if why else judge(host))
        ports.append(first)
    return binds, ports


def _mysql(text: str) -> Reading:
    """``bind-address``: ``*`` is every IPv4 and IPv6 address; 8.0.13+ takes a list."""
    binds: list[Bind] = []
    for member in (m.strip() for m in text.split(",")):
        if member == "*":
            binds += everywhere("'*' binds every IPv4 and IPv6 interface")
        else:
            binds.append(judge(member.split("/", 1)[0]))  # 8.0.22+: an address/namespace
    return binds, []


def _consul(text: str) -> Reading:
    """Consul's addresses: a space-separated list, or a go-sockaddr template."""
    if "{{" in text:
        why = f"the template {text!r} binds what it finds on this machine at start"
        return [Bind("depends", text, why)], []
    members = text.split()
    if not members:
        return invalid(text, "an empty address")
    return [judge(member) for member in members], []


def _url_list(text: str) -> Reading:
    """The comma-separated URLs of etcd's ``listen-client-urls`` and ``listen-peer-urls``."""
    binds: list[Bind] = []
    ports: list[int] = []
    for item in (member.strip() for member in text.split(",")):
        if not item:
            continue
        if "://" not in item:
            return invalid(item, f"{item!r} is not a URL (scheme://host:port)")
        more, numbers = _url(item)
        binds += more
        ports += numbers
    return (binds, ports) if binds else invalid(text, "no URL")


def _host_port(text: str) -> tuple[str, str | None] | None:
    """``host:port``, ``[v6]:port``, ``v6:port`` (the last colon) or a host alone."""
    if text.startswith("["):
        split = bracketed(text)
        if split is None:
            return None
        return split[0], split[1]
    host, colon, port_text = text.rpartition(":")
    return (host, port_text) if colon else (text, None)


def _kafka(text: str) -> Reading:
    """Kafka's ``listeners``: ``NAME://host:port`` items; an empty host binds every interface."""
    binds: list[Bind] = []
    ports: list[int] = []
    for item in (member.strip() for member in text.split(",")):
        name, scheme, rest = item.partition("://")
        split = _host_port(rest) if name and scheme else None
        port = None if split is None or split[1] is None else port_number(split[1])
        if split is None or port is None:
            return invalid(item, f"{item!r} is not a listener (NAME://host:port)")
        host = split[0]
        empty = "an empty host binds every interface"
        binds.append(Bind("all_interfaces", "*", empty) if not host else judge(host))
        ports += [port] if port else []
    return binds, ports


def _mosquitto(text: str) -> Reading:
    """A mosquitto ``listener PORT [ADDRESS]``: a port alone binds every interface."""
    words = text.split()
    port = port_number(words[0]) if words else None
    if port is None or len(words) > 2:
        return invalid(text, f"{text!r} is not a listener (port [address])")
    if len(words) == 1:
        return everywhere(f"a listener on a port alone ({port}) binds every interface"), [port]
    if port == 0:  # listener 0 /path: a unix socket (mosquitto 2.0)
        return [Bind("not_network", f"unix:{words[1]}", "")], []
    return [judge(words[1])], [port]


def _aspnetcore(text: str) -> Reading:
    """ASP.NET Core's URLs (``Urls``, Kestrel's endpoints, ``applicationUrl``), ``;``-separated.

    ``*``, ``+`` and any host name but ``localhost`` bind every interface (Kestrel binds
    an address only when the host is one).
    """
    binds: list[Bind] = []
    ports: list[int] = []
    for item in (member.strip() for member in text.split(";")):
        if not item:
            continue
        scheme, colons, rest = item.partition("://")
        authority = rest.split("/", 1)[0]
        split = _host_port(authority) if scheme and colons else None
        port = None if split is None or split[1] is None else port_number(split[1])
        if split is None or (split[1] is not None and port is None):
            return invalid(item, f"{item!r} is not a URL (scheme://host:port)")
        host = split[0]
        bind = judge(host) if host not in ("*", "+") else Bind("all_interfaces", "*", "")
        if bind.exposure in ("depends", "invalid") and host:
            why = f"Kestrel binds every interface for a host name ({host!r}) other than localhost"
            bind = Bind("all_interfaces", host, why)
        binds.append(bind)
        ports += [port] if port else []
    return (binds, ports) if binds else invalid(text, "no URL")


def _php_fpm(text: str) -> Reading:
    """A php-fpm ``listen``: ``/path`` (unix socket), ``port`` (every interface), ``host:port``."""
    if text.startswith("/"):
        return [Bind("not_network", f"unix:{text}", "")], []
    return _listen(text)


def _rabbitmq(text: str) -> Reading:
    """RabbitMQ's listeners: a port alone binds every interface; ``host:port`` (IPv6 bare)."""
    port = port_number(text)
    if port is not None:
        return everywhere(f"a port alone ({text}) binds every interface"), [port]
    split = _host_port(text)
    port = None if split is None or split[1] is None else port_number(split[1])
    if split is None or port is None:
        return invalid(text, f"{text!r} is not a listener (port, or host:port)")
    return [judge(split[0].strip("[]"))], [port]


def _memcached(text: str) -> Reading:
    """The ``-l`` of memcached: comma-separated ``host`` or ``host:port`` items."""
    binds: list[Bind] = []
    ports: list[int] = []
    for item in (member.strip() for member in text.split(",")):
        split = _host_port(item) if item.count(":") == 1 or item.startswith("[") else (item, None)
        port = None if split is None or split[1] is None else port_number(split[1])
        if split is None or not split[0] or (split[1] is not None and port is None):
            return invalid(item, f"{item!r} is not an address (host, or host:port)")
        binds.append(judge(split[0].strip("[]")))
        ports += [port] if port else []
    return binds, ports


TEXT_SYNTAXES: dict[str, Callable[[str], Reading]] = {
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
    "listen": _listen,
    "haproxy-bind": _haproxy,
    "apache-listen": _listen,
    "mysql-bind-address": _mysql,
    "consul-addr": _consul,
    "vagrant-host_ip": _vagrant,
    "host": _host_only,
    "url-list": _url_list,
    "kafka-listeners": _kafka,
    "mosquitto-listener": _mosquitto,
    "aspnetcore-urls": _aspnetcore,
    "php-fpm-listen": _php_fpm,
    "rabbitmq-listener": _rabbitmq,
    "memcached-listen": _memcached,
}
