"""Java ``.properties`` files (and ZooKeeper's ``zoo.cfg``), read as ``java.util.Properties``.

The keys of four servers are read where each reads them, with its default where the
file leaves the address out:

- **Spring Boot** (``application*.properties``, ``bootstrap*.properties``, and
  ``application*.yml`` through :func:`spring_settings`): ``server.address``; a
  ``server.port`` without ``server.address`` binds every interface (the embedded
  server's default), and so do ``management.server.port`` and
  ``spring.rsocket.server.port`` without their ``address``. Source:
  <https://docs.spring.io/spring-boot/appendix/application-properties/index.html#appendix.application-properties.server>.
  **Quarkus** (``quarkus.http.host``; a ``quarkus.http.port`` without it binds every
  interface in prod mode, localhost in the ``%dev`` and ``%test`` profiles) and
  **Micronaut** (``micronaut.server.host``; a ``micronaut.server.port`` without it:
  every interface) in the same files.
- **Kafka** (brokers, Connect, Schema Registry): ``listeners``; a broker's file
  (``broker.id``, ``node.id`` or ``process.roles``) without ``listeners`` listens on
  ``PLAINTEXT://:9092``, every interface. Source:
  <https://kafka.apache.org/documentation/#brokerconfigs_listeners>.
- **ZooKeeper** (``zoo*.cfg``, ``zookeeper.properties``): ``clientPort`` without
  ``clientPortAddress`` binds every interface (``secureClientPort`` likewise). Source:
  <https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_configuration>.
- **Minecraft** (a ``server.properties`` with ``server-port``, ``motd``, ``level-name``):
  an empty or missing ``server-ip`` binds every interface; so does RCON when enabled.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple, Union

from ._model import Bind, SettingFinding, Verdict, verdict_of
from ._places import Places, lines
from ._reading import port_number
from ._setting import check_setting

__all__ = ["JAVA_PREFIXES", "dotted", "properties", "read_properties", "spring_settings"]

#: Java's escapes in keys and values (``\uXXXX`` apart).
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_UNICODE = re.compile(r"[0-9a-fA-F]{4}")


def _unescaped(text: str) -> str:
    r"""``text`` with Java's escapes read (``\t``, ``\uXXXX``, ``\=``; a lone ``\`` dropped)."""
    if "\\" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\\" or i + 1 == len(text):
            out.append("" if char == "\\" else char)
            i += 1
            continue
        escaped = text[i + 1]
        if escaped == "u" and _UNICODE.fullmatch(text, i + 2, i + 6):
            out.append(chr(int(text[i + 2 : i + 6], 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(escaped, escaped))
        i += 2
    return "".join(out)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each logical line (continuations joined) and the offset where its text starts."""
    pending: list[str] = []
    first = 0
    for start, raw in lines(text):
        line = raw.removesuffix("\r")
        stripped = line.lstrip(" \t\f")
        if not pending:
            if not stripped or stripped[0] in "#!":
                continue
            first = start + len(line) - len(stripped)
        pending.append(stripped)
        trailing = len(stripped) - len(stripped.rstrip("\\"))
        if trailing % 2:  # an odd number of backslashes: the line goes on
            pending[-1] = stripped[:-1]
            continue
        yield first, "".join(pending)
        pending = []
    if pending:
        yield first, "".join(pending)


_KEY_END = re.compile(r"(?:\\.|[^\\=: \t\f])*")
_SEPARATOR = re.compile(r"[ \t\f]*[=:]?[ \t\f]*")


def properties(text: str) -> dict[str, tuple[int, str]]:
    """``key -> (offset of the value, value)`` as ``Properties.load`` reads it (last wins).

    >>> properties("server.port = 8080\\n# a comment\\nserver.address:127.0.0.1\\n")
    {'server.port': (14, '8080'), 'server.address': (46, '127.0.0.1')}
    """
    found: dict[str, tuple[int, str]] = {}
    for offset, line in _logical_lines(text):
        key_end = _KEY_END.match(line).end()  # type: ignore[union-attr]  # always matches
        value_start = _SEPARATOR.match(line, key_end).end()  # type: ignore[union-attr]
        found[_unescaped(line[:key_end])] = (offset + value_start, _unescaped(line[value_start:]))
    return found


def _fixed(why: str, port: str) -> Verdict:
    """Every interface, for a port set without an address (the server's default)."""
    number = port_number(port)
    return verdict_of([Bind("all_interfaces", "*", why)], [number] if number else [])


#: A key on the way to a value in parsed YAML.
_Key = Union[str, int]


def dotted(root: object) -> dict[str, tuple[tuple[_Key, ...], str]]:
    """A parsed document's scalars by dotted key, as Spring reads YAML (``server.port``).

    >>> dotted({"server": {"port": 8080, "ssl": {"enabled": True}}, "a.b": "c"})
    {'server.port': (('server', 'port'), '8080'), 'a.b': (('a.b',), 'c')}
    """
    found: dict[str, tuple[tuple[_Key, ...], str]] = {}
    stack: list[tuple[tuple[_Key, ...], object]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            items = [(key, value) for key, value in node.items() if isinstance(key, str)]
            stack.extend(((*path, key), value) for key, value in reversed(items))
        elif isinstance(node, (str, int)) and not isinstance(node, bool) and path:
            found[".".join(str(key) for key in path)] = (path, str(node))
    return found


class _JavaServer(NamedTuple):
    """A Java framework's embedded server: its port key and the address key beside it."""

    port: str
    address: str
    #: A port that starts no server (``""``: none does).
    off: str = ""
    #: The profiles (``%dev.``) where a port without an address binds loopback only.
    local_profiles: tuple[str, ...] = ()
    #: What a port without an address binds, when it is not loopback.
    default: str = "every interface"


_QUARKUS_DEFAULT = "every interface in prod mode (0.0.0.0; localhost in dev and test mode)"
#: The embedded servers of Spring Boot
#: (<https://docs.spring.io/spring-boot/appendix/application-properties/index.html>),
#: Quarkus (<https://quarkus.io/guides/http-reference>: ``quarkus.http.host`` "defaults to
#: localhost" in dev and test mode, "0.0.0.0" in prod mode) and Micronaut
#: (<https://docs.micronaut.io/latest/guide/#runOnSpecificPort>: without
#: ``micronaut.server.host`` Netty binds every interface; ``-1`` is a random port).
_JAVA_SERVERS = (
    _JavaServer("server.port", "server.address", off="-1"),
    _JavaServer("management.server.port", "management.server.address", off="-1"),
    _JavaServer("spring.rsocket.server.port", "spring.rsocket.server.address", off="-1"),
    _JavaServer("quarkus.http.port", "quarkus.http.host", local_profiles=("dev", "test"),
                default=_QUARKUS_DEFAULT),
    _JavaServer("micronaut.server.port", "micronaut.server.host"),
)  # fmt: skip
#: Configuration key prefixes of the frameworks in ``_JAVA_SERVERS`` (``%dev.`` included).
JAVA_PREFIXES = ("spring.", "quarkus.", "micronaut.", "%")


def spring_settings(settings: Mapping[str, str]) -> list[tuple[str, str, str, Verdict]]:
    """``(key, syntax, value, verdict)`` of Spring Boot's, Quarkus's and Micronaut's servers.

    Keys are dotted, with Quarkus's profiles (``%dev.quarkus.http.host``) as written. An
    address is judged as the host the embedded server binds; a port without its address
    binds the server's default (Spring Boot's ``-1`` turns that server off; ``0`` is a
    random port). A port in a profile is judged with the address its profile or the
    default profile gives.
    """
    profiles: dict[str, dict[str, str]] = {"": {}}  # profile -> key without it -> key
    for key in settings:
        profile, bare = key[1:].split(".", 1) if key.startswith("%") and "." in key else ("", key)
        profiles.setdefault(profile, {})[bare] = key
    found = []
    for server in _JAVA_SERVERS:
        for profile, keys in profiles.items():
            if server.address in keys:
                key = keys[server.address]
                address = settings[key].strip()
                found.append((key, "host", address, check_setting("host", address)))
                continue
            if server.port not in keys or server.address in profiles[""]:
                continue
            if profile in server.local_profiles or server.address in profiles.get("prod", {}):
                continue  # loopback by default there, or the address is the prod profile's
            key = keys[server.port]
            port = settings[key].strip()
            if port == server.off:
                why = f"{server.port}={port} starts no server"
                verdict = verdict_of([Bind("not_network", "", why)], [])
            else:
                why = f"{server.port} without {server.address} binds {server.default}"
                verdict = _fixed(why, port)
            found.append((key, "listen", port, verdict))
    return found


#: Keys of a Kafka broker's file (its listeners default to every interface).
_KAFKA_BROKER = ("broker.id", "node.id", "process.roles")
#: Keys of a Minecraft server's ``server.properties``.
_MINECRAFT = ("server-port", "motd", "level-name", "online-mode")
_SPRING_NAME = re.compile(r"(?:application|bootstrap)(?:[-_.][^\\/]*)?\.properties")


def read_properties(name: str, text: str) -> list[SettingFinding]:
    """The bind settings of a Spring Boot, Kafka, ZooKeeper or Minecraft properties file."""
    settings = properties(text)
    places = Places(text)
    base = os.path.basename(name).lower()
    found = []

    def add(key: str, syntax: str, value: str, verdict: Verdict) -> None:
        offset = settings[key][0] if key in settings else 0
        found.append(SettingFinding((key,), syntax, value, verdict, name, *places(offset)))

    values = {key: value for key, (_, value) in settings.items()}
    if _SPRING_NAME.fullmatch(base) or any(key.startswith(JAVA_PREFIXES) for key in settings):
        for key, syntax, value, verdict in spring_settings(values):
            add(key, syntax, value, verdict)
    if "listeners" in settings:
        add("listeners", "kafka-listeners", values["listeners"], _checked(values["listeners"]))
    elif any(key in settings for key in _KAFKA_BROKER):
        why = "a Kafka broker without listeners listens on PLAINTEXT://:9092, every interface"
        add("", "kafka-listeners", "", _fixed(why, "9092"))
    if base.startswith("zoo") or "clientPort" in settings:
        for port_key in ("clientPort", "secureClientPort"):
            address_key = f"{port_key}Address"
            if address_key in settings:
                address = values[address_key].strip()
                add(address_key, "host", address, check_setting("host", address))
            elif port_key in settings:
                why = f"ZooKeeper's {port_key} without {address_key} binds every interface"
                add(port_key, "listen", values[port_key], _fixed(why, values[port_key].strip()))
    if any(key in settings for key in _MINECRAFT):
        found += _minecraft(name, settings, places)
    return found


def _checked(listeners: str) -> Verdict:
    """Kafka's ``listeners`` judged (an empty value: Kafka refuses it)."""
    return check_setting("kafka-listeners", listeners.strip())


def _minecraft(
    name: str, settings: dict[str, tuple[int, str]], places: Places
) -> list[SettingFinding]:
    """A Minecraft server's ``server-ip`` (empty or missing: every interface) and RCON."""
    offset, host = settings.get("server-ip", settings.get("server-port", (0, "")))
    host = host.strip() if "server-ip" in settings else ""
    why = "an empty server-ip binds every interface"
    verdict = (
        check_setting("host", host) if host else verdict_of([Bind("all_interfaces", "*", why)], [])
    )
    found = [SettingFinding(("server-ip",), "host", host, verdict, name, *places(offset))]
    if settings.get("enable-rcon", (0, ""))[1].strip() == "true" and "rcon.port" in settings:
        rcon_offset = settings["rcon.port"][0]
        found.append(
            SettingFinding(("rcon.port",), "host", host, verdict, name, *places(rcon_offset))
        )
    return found
