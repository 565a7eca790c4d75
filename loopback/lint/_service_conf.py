"""Services' own configurations: mosquitto, RabbitMQ, php-fpm, memcached, supervisord, Puma.

Each is read as its server reads it, its default included where the file leaves the
address out:

- **mosquitto** (``mosquitto.conf``): ``listener PORT [ADDRESS]`` (a port alone: every
  interface); the old default listener, ``port`` with ``bind_address``; with neither,
  mosquitto 2.0 listens on loopback only (no finding). Source:
  <https://mosquitto.org/man/mosquitto-conf-5.html>.
- **RabbitMQ** (``rabbitmq.conf``): ``listeners.tcp.*``, ``listeners.ssl.*`` and the
  plugins' listeners (a port alone: every interface; ``listeners.tcp = none``: no TCP
  listener), ``management.tcp.port`` with ``management.tcp.ip``; no ``listeners.tcp``
  key listens on 5672 on every interface. Source:
  <https://www.rabbitmq.com/docs/networking#interfaces>.
- **php-fpm** pools: ``listen`` (a port alone: every interface; a path: a unix socket).
  Source: <https://www.php.net/manual/en/install.fpm.configuration.php#listen>.
- **memcached** option files (Debian's ``/etc/memcached.conf``): ``-l`` (and
  ``--listen``); without one memcached listens on every interface. Lines that are not
  options (a list of servers for clients) are not memcached's.
- **supervisord**: ``[inet_http_server]``'s ``port`` (``*:9001``, or a port alone:
  every interface), and each ``[program:x]``'s ``command``, read as a command line run
  on the host (like a systemd ``ExecStart``), its ``%(ENV_NAME)s`` expressions as
  ``$NAME``; with ``nodaemon=true`` in ``[supervisord]`` (supervisord in the foreground,
  the way a container runs it) the programs run inside a container. Source:
  <https://supervisord.org/configuration.html>.
- **Puma** (``puma.rb``): ``bind "tcp://host:port"`` and ``ssl_bind``; ``port N``
  binds ``0.0.0.0`` (``rails server`` in development passes ``localhost`` instead).
  Source: <https://puma.io/puma/Puma/DSL.html>.
"""

from __future__ import annotations

import re

from ._command_files import command_finding
from ._commands import read_shell
from ._model import Bind, SettingFinding, everywhere, verdict_of
from ._places import Places, lines, value_offset
from ._setting import check_setting

__all__ = [
    "read_memcached",
    "read_mosquitto",
    "read_php_fpm",
    "read_puma",
    "read_rabbitmq",
    "read_supervisord",
]


def _finding(
    name: str, place: tuple[int, int], key: str, syntax: str, value: str
) -> SettingFinding:
    """A setting judged with ``syntax``, at ``place``."""
    return SettingFinding((key,), syntax, value, check_setting(syntax, value), name, *place)


def read_mosquitto(name: str, text: str) -> list[SettingFinding]:
    """``listener`` lines, and the default listener's ``port`` and ``bind_address``."""
    places = Places(text)
    found = []
    default: dict[str, tuple[int, str]] = {}  # port, bind_address -> (offset, value)
    for start, line in lines(text):
        words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not words:
            continue
        offset = start + line.index(words[0])
        if words[0] == "listener" and len(words) > 1:
            value = " ".join(words[1:3])
            found.append(_finding(name, places(offset), "listener", "mosquitto-listener", value))
        elif words[0] in ("port", "bind_address") and len(words) == 2:
            default[words[0]] = (offset, words[1])
    if "port" in default:
        offset, port = default["port"]
        address = default.get("bind_address", (0, ""))[1]
        value = f"{port} {address}".strip()
        found.append(_finding(name, places(offset), "port", "mosquitto-listener", value))
    return sorted(found, key=lambda finding: finding.line or 0)


#: RabbitMQ's listener keys: ``listeners.tcp.NAME``, ``stomp.listeners.ssl.NAME``, ...
_RABBITMQ_LISTENER = re.compile(r"(?:[a-z_]+\.)?listeners\.(?:tcp|ssl)\.[^.\s=]+")
#: Plugins' HTTP listeners: the port key and its address key.
_RABBITMQ_HTTP = ("management", "prometheus", "web_stomp", "web_mqtt")
#: ``key = value`` (greedy parts, stripped after: no backtracking over long lines).
_INI_LINE = re.compile(r"[ \t]*([^#;=\s][^=\n]*)=[ \t]*(.*)")


def _assignments(text: str) -> list[tuple[int, str, str]]:
    """``(offset of the value, key, value)`` of each ``key = value`` line."""
    found = []
    for start, line in lines(text):
        match = _INI_LINE.match(line)
        if match is not None:
            found.append((start + match.start(2), match[1].rstrip(), match[2].rstrip()))
    return found


def read_rabbitmq(name: str, text: str) -> list[SettingFinding]:
    """RabbitMQ's listeners; without ``listeners.tcp``, 5672 on every interface."""
    places = Places(text)
    found = []
    settings = {key: (offset, value) for offset, key, value in _assignments(text)}
    tcp = False
    for key, (offset, value) in settings.items():
        if key == "listeners.tcp" and value == "none":
            tcp = True
            why = "listeners.tcp = none: RabbitMQ opens no AMQP port"
            verdict = verdict_of([Bind("not_network", "", why)], [])
            found.append(
                SettingFinding((key,), "rabbitmq-listener", value, verdict, name, *places(offset))
            )
        elif _RABBITMQ_LISTENER.fullmatch(key):
            tcp = tcp or key.startswith("listeners.tcp.")
            found.append(_finding(name, places(offset), key, "rabbitmq-listener", value))
    for plugin in _RABBITMQ_HTTP:
        for scheme in ("tcp", "ssl"):
            port_key, ip_key = f"{plugin}.{scheme}.port", f"{plugin}.{scheme}.ip"
            if port_key in settings:
                offset, port = settings[ip_key] if ip_key in settings else settings[port_key]
                value = (
                    f"{settings[ip_key][1]}:{settings[port_key][1]}" if ip_key in settings else port
                )
                found.append(_finding(name, places(offset), port_key, "rabbitmq-listener", value))
    if not tcp:
        why = "RabbitMQ without listeners.tcp listens on 5672 on every interface"
        verdict = verdict_of(everywhere(why), [5672])
        found.append(
            SettingFinding(("listeners.tcp",), "rabbitmq-listener", "", verdict, name, 1, 1)
        )
    return sorted(found, key=lambda finding: finding.line or 0)


def read_php_fpm(name: str, text: str) -> list[SettingFinding]:
    """Each pool's ``listen``."""
    places = Places(text)
    return [
        _finding(name, places(offset), key, "php-fpm-listen", value.strip("\"'"))
        for offset, key, value in _assignments(text)
        if key == "listen"
    ]


_MEMCACHED_OPTION = re.compile(r"[ \t]*(-l|--listen)(?:[ \t]*=?[ \t]*)(\S+)|[ \t]*-{1,2}\w")


def read_memcached(name: str, text: str) -> list[SettingFinding]:
    """``-l`` lines of a memcached option file; none listens on every interface."""
    places = Places(text)
    found = []
    options = False
    for start, line in lines(text):
        match = _MEMCACHED_OPTION.match(line)
        if match is None:
            continue
        options = True
        if match[1]:
            found.append(
                _finding(name, places(start + match.start(2)), "-l", "memcached-listen", match[2])
            )
    if options and not found:
        why = "memcached without -l listens on every interface"
        verdict = verdict_of([Bind("all_interfaces", "*", why)], [])
        found.append(SettingFinding(("-l",), "memcached-listen", "", verdict, name, 1, 1))
    return found


_SECTION = re.compile(r"[ \t]*\[([^\]\n]*)\]")


#: supervisord's Python string expressions in ``command`` (``%(ENV_HOST)s``,
#: ``%(process_num)02d``); ``%%`` is a ``%``.
_EXPRESSION = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[-#0 +]*[0-9]*(?:\.[0-9]+)?[a-z]|%%")
#: Its numeric expressions (``8%(process_num)03d`` is a port per process).
_NUMBERS = frozenset(["process_num", "numprocs"])
#: supervisord's true booleans (``datatypes.boolean``).
_TRUE = frozenset(["true", "yes", "on", "1"])


def _expression(match: re.Match[str]) -> str:
    """An expression as a shell would write it: ``${NAME}``, or 0 for a number."""
    name = match[1]
    if name is None:
        return "%"
    if name in _NUMBERS:
        return "0"
    return "${" + name.removeprefix("ENV_") + "}"


def read_supervisord(name: str, text: str) -> list[SettingFinding]:
    """``port`` of ``[inet_http_server]`` (the web interface and XML-RPC), and programs.

    Each ``[program:x]``'s ``command`` is a command line supervisord runs (split as a
    shell would, without one): on the host, or in a container with ``nodaemon=true``.
    """
    places = Places(text)
    found = []
    commands: list[tuple[int, str, str]] = []  # (offset, program section, command)
    foreground = False
    section = ""
    for start, line in lines(text):
        header = _SECTION.match(line)
        if header is not None:
            section = header[1].strip().lower()
            continue
        match = _INI_LINE.match(line)
        if match is None:
            continue
        key = match[1].rstrip()
        value = re.split(r"[ \t]+;", match[2], maxsplit=1)[0].strip()
        if section == "inet_http_server" and key == "port":
            found.append(_finding(name, places(start + match.start(2)), "port", "listen", value))
        elif section == "supervisord" and key == "nodaemon":
            foreground = value.lower() in _TRUE
        elif section.startswith("program:") and key == "command":
            commands.append((start + match.start(2), section, value))
    for at, program, command in commands:
        shown = _EXPRESSION.sub(_expression, command)
        for offset, setting in read_shell(shown):
            place = places(value_offset(text, at + offset, setting.value))
            found.append(
                command_finding(
                    name,
                    place,
                    (program, "command"),
                    setting,
                    in_a_container=foreground,
                    published=False,
                )
            )
    return found


#: ``port N[, "host"]``, ``bind "URL"``, ``ssl_bind "host", port`` at a line's start.
_PUMA = re.compile(
    r"""[ \t]*(?:(port)\b(?![ \t]*=)[ \t(]*(?:[^,\n#(]*?,[ \t]*(['"])([^'"\n]*)\2)?"""
    r"""|(bind)[ \t(]+(['"])([^'"\n]*)\5|(ssl_bind)[ \t(]+(['"])([^'"\n]*)\8)"""
)
#: A port interpolated at run time (``#{port}``), which hides nothing of the host.
_INTERPOLATED_PORT = re.compile(r":#\{[^}\n]*\}")


def read_puma(name: str, text: str) -> list[SettingFinding]:
    """Puma's ``port``, ``bind`` and ``ssl_bind`` directives."""
    places = Places(text)
    found = []
    for start, line in lines(text):
        match = _PUMA.match(line)
        if match is None:
            continue
        if match[1] and match[3] is not None:  # port N, "host"
            found.append(_finding(name, places(start + match.start(3)), "port", "host", match[3]))
        elif match[1]:
            why = "Puma's port binds 0.0.0.0 (rails server in development: localhost)"
            verdict = verdict_of([Bind("all_interfaces", "0.0.0.0", why)], [])
            place = places(start + match.start(1))
            found.append(SettingFinding(("port",), "generic", "", verdict, name, *place))
        elif match[4]:
            url = _INTERPOLATED_PORT.sub("", match[6]).split("?", 1)[0]
            if "#{" in url.split("://", 1)[-1]:  # the host itself is computed
                continue
            found.append(_finding(name, places(start + match.start(6)), "bind", "generic", url))
        else:
            found.append(
                _finding(name, places(start + match.start(9)), "ssl_bind", "host", match[9])
            )
    return found
