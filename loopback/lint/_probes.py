"""Health checks that probe loopback, and whether they can reach the server (``probe_settings``).

A Dockerfile's ``HEALTHCHECK``, a compose service's ``healthcheck: test:`` and a
Kubernetes container's ``exec`` probe run inside the container, beside its server. A
probe of ``localhost`` or of a loopback address reaches the server only if it tries the
family (IPv4, IPv6) the server binds:

* curl, GNU wget, OpenBSD nc, Go's dialer (``grpc_health_probe``), libpq
  (``pg_isready``) and hiredis (``redis-cli``) try every address ``localhost`` resolves
  to, in turn: they reach a server on either family.
* BusyBox ``wget`` and ``nc`` (Alpine and busybox images) connect to the first address
  only, and never fall back: musl lists ``::1`` first wherever the container has IPv6
  loopback (Docker's ``/etc/hosts`` names both), so they miss a server that binds
  IPv4 only (``0.0.0.0``, ``127.0.0.1``).
* A literal address (``127.0.0.1``, ``[::1]``; ``0.0.0.0`` and ``[::]`` connect to the
  loopback address of their family) reaches its own family only.

A server that binds ``::`` is left alone (dual-stack or IPv6-only depends on the server),
and so is one that binds a name, or a probe whose server or port is not known: only a
probe that cannot reach, or may miss, the server in the same image or service is reported.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import NamedTuple

from .._host import read_bind_host
from ._commands import CommandSetting
from ._model import Verdict
from ._shell import simple_commands

__all__ = [
    "BUSYBOX_APPLETS",
    "CLIENTS",
    "HEALTHCHECK",
    "Probe",
    "is_busybox",
    "probe_settings",
    "probes",
]

#: The check (and trigger of rule LB007) of a health check that misses its server.
HEALTHCHECK = "healthcheck"


class _Client(NamedTuple):
    """How a probing program names its target."""

    #: ``"url"``: operands are URLs (or ``host[:port][/path]``); ``"operands"``: ``HOST
    #: PORT``; ``"options"``: the values of :attr:`host` and :attr:`port` options.
    form: str
    #: Options followed by a value (skipped over).
    valued: frozenset[str] = frozenset()
    #: Options that send the probe elsewhere (a proxy, a socket): no judgement then.
    elsewhere: frozenset[str] = frozenset()
    #: Does it try every address of a name in turn?
    falls_back: bool = True
    #: Options naming the host (``"options"`` form), and the port.
    host: tuple[str, ...] = ()
    port: tuple[str, ...] = ()
    #: Its host and port when no option names them (``""``: not a network probe).
    default_host: str = ""
    default_port: int | None = None


def _options(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CURL = _Client(
    "url",
    _options(
        "-o --output -H --header -X --request -d --data --data-raw --data-binary -u --user "
        "-m --max-time --connect-timeout -w --write-out -A --user-agent -e --referer -b "
        "--cookie -c --cookie-jar -T --upload-file -F --form -E --cert --key --cacert "
        "--retry --retry-delay --retry-max-time -r --range -Y -y --limit-rate --interface"
    ),
    _options(
        "-x --proxy --preproxy --connect-to --resolve --unix-socket --abstract-unix-socket "
        "-K --config"
    ),
)
_WGET = _Client(
    "url",
    _options(
        "-O --output-document -o --output-file -P --directory-prefix -T --timeout -t "
        "--tries -U --user-agent --header --post-data --body-data --method -Y -w --wait "
        "--user --password --http-user --http-password"
    ),
    _options("-e --execute -i --input-file"),
    falls_back=False,  # only BusyBox's; GNU wget falls back
)
_NC = _Client(
    "operands",
    _options("-w -i -s -p -q -W -T -O -I -V -e -c -G -g"),
    _options("-x -X -U --proxy --unixsock"),
    falls_back=False,  # only BusyBox's; OpenBSD nc falls back
)

#: Programs that probe, by name, with where their options come from.
CLIENTS: dict[str, _Client] = {
    "curl": _CURL,
    "wget": _WGET,
    "nc": _NC,
    "netcat": _NC,
    # https://github.com/grpc-ecosystem/grpc-health-probe
    "grpc_health_probe": _Client("options", host=("-addr", "--addr"), port=()),
    # https://redis.io/docs/latest/develop/tools/cli/
    "redis-cli": _Client("options", host=("-h",), port=("-p",), default_host="127.0.0.1",
                         default_port=6379, elsewhere=_options("-s -u")),
    "valkey-cli": _Client("options", host=("-h",), port=("-p",), default_host="127.0.0.1",
                          default_port=6379, elsewhere=_options("-s -u")),
    # https://www.postgresql.org/docs/current/app-pg-isready.html (no -h: a unix socket)
    "pg_isready": _Client("options", host=("-h", "--host"), port=("-p", "--port"),
                          default_port=5432),
}  # fmt: skip
#: Programs whose BusyBox applet connects to the first address only.
BUSYBOX_APPLETS = frozenset(["wget", "nc"])


def is_busybox(image: str) -> bool:
    """Does a container image ship BusyBox's ``wget`` and ``nc`` (Alpine, busybox)?

    >>> is_busybox("node:20-alpine"), is_busybox("python:3.12-slim")
    (True, False)
    """
    image = image.lower()
    return "alpine" in image or "busybox" in image


#: Wrappers looked through: name -> options followed by a value (the shell's reserved
#: words that can start a command too: ``if curl ...; then``).
_WRAPPERS = {
    "exec": "", "nice": "-n", "env": "-u", "timeout": "-s -k --signal --kill-after",
    "if": "", "then": "", "elif": "", "else": "", "while": "", "until": "", "do": "", "!": "",
}  # fmt: skip


class Probe(NamedTuple):
    """A health probe of this machine: whom it asks, and how it connects."""

    #: The index of the word that names the target.
    word: int
    #: The probing program (``"wget"``).
    program: str
    #: The target as written (``"http://localhost:8080/health"``).
    target: str
    #: The host, brackets removed (``"localhost"``, ``"127.0.0.1"``, ``"::1"``).
    host: str
    #: The IP versions the host's addresses have (4, 6, or both for ``localhost``).
    families: frozenset[int]
    #: The port, or ``None`` when not known.
    port: int | None
    #: Does the program try every address of a name in turn (``None``: BusyBox decides)?
    falls_back: bool | None


def probes(words: list[str]) -> list[Probe]:
    """The probes of this machine in one command (a list of words).

    >>> [(p.program, p.host, sorted(p.families), p.port) for p in probes(
    ...     ["wget", "-q", "--spider", "http://localhost:8080/health"])]
    [('wget', 'localhost', [4, 6], 8080)]
    >>> probes(["curl", "-f", "http://api.internal/health"])
    []
    """
    i, busybox = 0, False
    while i < len(words):
        name = words[i].rsplit("/", 1)[-1]
        if name == "busybox":
            i, busybox = i + 1, True
        elif name in _WRAPPERS:
            valued = _WRAPPERS[name].split()
            i += 1
            while i < len(words) and (words[i].startswith("-") or "=" in words[i]):
                i += 2 if words[i] in valued else 1
            i += name == "timeout"  # its duration
        elif name in ("sh", "bash", "ash", "dash") and words[i + 1 : i + 2] == ["-c"]:
            return []  # read by the caller, as shell text (it knows the offsets)
        else:
            break
    if i >= len(words):
        return []
    name = words[i].rsplit("/", 1)[-1]
    client = CLIENTS.get(name)
    if client is None:
        return []
    falls_back = True if client.falls_back else (False if busybox else None)
    if any(word.split("=", 1)[0] in client.elsewhere for word in words[i + 1 :]):
        return []
    only = frozenset(v for flag, v in _FAMILY_OPTIONS.items() if flag in words[i + 1 :])
    return [
        Probe(word, name, target, host, (families & only) or families, port, falls_back)
        for word, target, host, families, port in _targets(words, i, client)
    ]


#: Options that make curl, wget or nc connect over one family only.
_FAMILY_OPTIONS = {
    "-4": 4, "--ipv4": 4, "--inet4-only": 4, "-6": 6, "--ipv6": 6, "--inet6-only": 6,
}  # fmt: skip


def _targets(
    words: list[str], program: int, client: _Client
) -> Iterator[tuple[int, str, str, frozenset[int], int | None]]:
    """A client's targets: (word, as written, host, families, port) each."""
    if client.form == "options":
        yield from _option_target(words, program, client)
        return
    operands: list[int] = []
    i = program + 1
    while i < len(words):
        word = words[i]
        if word.startswith("-") and len(word) > 1:
            i += 2 if word in client.valued else 1
            continue
        operands.append(i)
        i += 1
    if client.form == "operands":  # nc HOST PORT
        if operands:
            at = operands[0]
            port = _port(words[operands[1]]) if len(operands) > 1 else None
            found = _local(words[at], port)
            if found is not None:
                yield (at, words[at], *found)
        return
    for at in operands:
        found = _url(words[at])
        if found is not None:
            yield (at, words[at], *found)


def _option_target(
    words: list[str], program: int, client: _Client
) -> Iterator[tuple[int, str, str, frozenset[int], int | None]]:
    at, host, port = program, client.default_host, client.default_port
    target = host
    i = program + 1
    while i < len(words):
        flag, equals, value = words[i].partition("=")
        if not equals and i + 1 < len(words):
            value = words[i + 1]
        if (flag in client.host or flag in client.port) and (equals or i + 1 < len(words)):
            if flag in client.host:
                at, host, target = i + (not equals), value, value
            else:
                port = _port(value)
            i += 1 + (not equals)
            continue
        i += 1
    if client.port == () and host:  # -addr=HOST:PORT
        host, port = _host_port(host, None)
    found = _local(host, port) if host else None
    if found is not None:
        yield (at, target, *found)


def _url(text: str) -> tuple[str, frozenset[int], int | None] | None:
    """A URL's (or ``host[:port][/path]``'s) host, families and port, if it is this machine."""
    scheme, sep, rest = text.partition("://")
    if not sep:  # curl and wget take host[:port][/path]; a bare number is some option's value
        if not any(char in text for char in ".:[") and not text.lower().startswith("localhost"):
            return None
        scheme, rest = "http", text
    default = {"http": 80, "https": 443}.get(scheme.lower())
    if default is None:
        return None
    authority = rest
    for end in "/?#":
        authority = authority.split(end, 1)[0]
    host, port = _host_port(authority.rpartition("@")[2], default)
    return _local(host, port)


def _host_port(text: str, default: int | None) -> tuple[str, int | None]:
    """``host[:port]`` or ``[v6][:port]``: the host (brackets kept) and the port."""
    if text.startswith("["):
        end = text.find("]")
        host, rest = (text, "") if end < 0 else (text[: end + 1], text[end + 1 :])
    else:
        host, colon, port_text = text.partition(":")
        rest = colon + port_text
    if rest.startswith(":"):
        return host, _port(rest[1:])
    return host, default


def _port(text: str) -> int | None:
    if text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) <= 65535:
        return int(text)
    return None


def _local(host: str, port: int | None) -> tuple[str, frozenset[int], int | None] | None:
    """``host`` if it reaches this machine: its name, the families it connects to, the port."""
    read = read_bind_host(host)
    if read.kind not in ("loopback", "wildcard") or not read.host or read.host == "*":
        return None
    families = frozenset(address.version for address in read.addresses)
    return read.host, families, port


class _Server(NamedTuple):
    families: frozenset[int] | None
    ports: tuple[int, ...]
    hosts: tuple[str, ...]


def _server(setting: CommandSetting) -> _Server:
    """The families a server binds (``None``: not known: ``::``, a name, a variable)."""
    verdict = setting.verdict
    families: set[int] = set()
    known = verdict.exposure in ("loopback", "all_interfaces", "specific_address")
    for host in verdict.hosts:
        read = read_bind_host(host)
        one = [a for a in read.addresses if a.ipv4_mapped is None]
        if read.kind == "name" or len(read.addresses) != 1 or len(one) != 1 or host == "::":
            known = False
        families.update(address.version for address in one)
    return _Server(
        frozenset(families) if known and families else None, verdict.ports, verdict.hosts
    )


def probe_settings(
    commands: list[list[tuple[int, str]]],
    servers: list[CommandSetting],
    *,
    busybox: Collection[str] | None,
) -> list[tuple[int, CommandSetting]]:
    """The probes among ``commands`` that cannot reach, or may miss, the server.

    :param commands: the health check's simple commands, each a list of (offset, word).
    :param servers: the bind settings of the same image's or service's command line.
    :param busybox: which of :data:`BUSYBOX_APPLETS` are BusyBox's in the image
        (``None``: not known).
    :returns: each probe as a setting (check :data:`HEALTHCHECK`), with its word's offset.
    """
    found = []
    for command in commands:
        words = [word for _, word in command]
        if words[:1] and words[0].rsplit("/", 1)[-1] in ("sh", "bash", "ash", "dash"):
            if words[1:2] == ["-c"] and len(words) > 2:
                base = command[2][0]
                inner = [[(base + w.offset, w.text) for w in c] for c in simple_commands(words[2])]
                found += probe_settings(inner, servers, busybox=busybox)
            continue
        for probe in probes(words):
            message = _miss(probe, [_server(s) for s in servers], busybox)
            if message:
                verdict = Verdict(
                    "loopback", (probe.host,), (probe.port,) if probe.port else (), message
                )
                setting = CommandSetting(
                    probe.word, probe.program, HEALTHCHECK, probe.target, verdict, "",
                    check=HEALTHCHECK,
                )  # fmt: skip
                found.append((command[probe.word][0], setting))
    return found


def _family(families: frozenset[int]) -> str:
    return "IPv4" if families == {4} else "IPv6"


def _miss(probe: Probe, servers: list[_Server], busybox: Collection[str] | None) -> str:
    """Why ``probe`` misses its server (``""``: it reaches it, or that is not known)."""
    server = _target(probe.port, servers)
    if server is None or server.families is None or len(server.families) != 1:
        return ""
    bound = ", ".join(server.hosts)
    if len(probe.families) == 1:
        if probe.families & server.families:
            return ""
        return (
            f"the health check probes {probe.host} ({_family(probe.families)}) but the server "
            f"binds {bound} ({_family(server.families)} only): the probe cannot reach it and "
            f"the container is reported unhealthy; probe "
            f"{'127.0.0.1' if server.families == {4} else '[::1]'} instead"
        )
    falls_back = probe.falls_back
    if falls_back is None:  # wget, nc: BusyBox's, or GNU's and OpenBSD's that fall back
        falls_back = None if busybox is None else probe.program not in busybox
    if falls_back is not False or server.families != {4}:
        return ""
    return (
        f"BusyBox {probe.program} connects to the first address of {probe.host} only, ::1 "
        f"where the container has IPv6 loopback (musl lists it first), and does not fall "
        f"back to 127.0.0.1, but the server binds {bound} (IPv4 only): the health check can "
        "fail while the server runs; probe 127.0.0.1, or bind :: as well"
    )


def _target(port: int | None, servers: list[_Server]) -> _Server | None:
    """The server a probe of ``port`` asks: the one on that port, or the only one."""
    if port is not None:
        on_port = [server for server in servers if port in server.ports]
        if on_port:
            return on_port[0] if len(on_port) == 1 else None
    if len(servers) == 1 and (port is None or not servers[0].ports):
        return servers[0]
    return None
