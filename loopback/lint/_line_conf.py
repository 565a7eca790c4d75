"""Configurations read line by line: HAProxy, Apache httpd, INI files (MySQL, Grafana, uWSGI).

HAProxy's ``bind`` (in ``frontend`` and ``listen`` sections) and Apache's ``Listen`` are
directives on a line of their own, ``#`` starting a comment. INI files (``my.cnf``,
``grafana.ini``, ``uwsgi.ini``) hold ``key = value`` lines under ``[section]`` headers, as
MySQL's option files, Grafana's and uWSGI's readers take them; a key is read where the
server reads it.
"""

from __future__ import annotations

import re

from ._model import Bind, SettingFinding, everywhere, verdict_of
from ._places import Places, lines
from ._setting import check_setting

__all__ = ["read_apache", "read_haproxy", "read_ini"]

_DIRECTIVE = re.compile(r"[ \t]*([A-Za-z_.-]+)(?:[ \t]+|$)")


def _directives(text: str) -> list[tuple[int, str, str]]:
    """``(offset of the argument, directive, argument)`` of each line, comments left out."""
    found = []
    for start, line in lines(text):
        match = _DIRECTIVE.match(line)
        if match is None:
            continue
        argument = line[match.end() :].split("#", 1)[0].rstrip()
        found.append((start + match.end(), match[1], argument))
    return found


_HAPROXY_SECTIONS = frozenset(
    [
        "global",
        "defaults",
        "frontend",
        "backend",
        "listen",
        "peers",
        "resolvers",
        "userlist",
        "cache",
        "program",
        "http-errors",
        "ring",
        "mailers",
    ]
)


def read_haproxy(name: str, text: str) -> list[SettingFinding]:
    """``bind`` lines of ``frontend``, ``listen`` (and ``peers``/``userlist``-less) sections."""
    places = Places(text)
    found = []
    section = ""
    for offset, directive, argument in _directives(text):
        keyword = directive.lower()
        if keyword in _HAPROXY_SECTIONS:
            section = f"{keyword} {argument.split(maxsplit=1)[0] if argument else ''}".strip()
            if keyword in ("frontend", "listen"):  # listen NAME ADDRESS[,ADDRESS]: binds too
                found.extend(_section_binds(name, section, offset, argument, places))
        elif keyword == "bind" and section.startswith(("frontend", "listen", "peers")):
            verdict = check_setting("haproxy-bind", argument)
            path = (section, "bind")
            found.append(
                SettingFinding(path, "haproxy-bind", argument, verdict, name, *places(offset))
            )
    return found


def _section_binds(
    name: str, section: str, offset: int, argument: str, places: Places
) -> list[SettingFinding]:
    """The addresses after a ``frontend``/``listen`` name, which HAProxy binds as ``bind``."""
    found = []
    end = len(argument.split(maxsplit=1)[0]) if argument else 0  # after the proxy's name
    for match in re.finditer(r"[^,\s]+", argument[end:]):
        verdict = check_setting("haproxy-bind", match[0])
        place = places(offset + end + match.start())
        found.append(
            SettingFinding((section, "bind"), "haproxy-bind", match[0], verdict, name, *place)
        )
    return found


def read_apache(name: str, text: str) -> list[SettingFinding]:
    """``Listen [address:]port [protocol]`` lines (a port alone: every interface)."""
    places = Places(text)
    found = []
    for offset, directive, argument in _directives(text):
        if directive.lower() == "listen" and argument:
            value = argument.split()[0]
            verdict = check_setting("apache-listen", value)
            found.append(
                SettingFinding(("Listen",), "apache-listen", value, verdict, name, *places(offset))
            )
    return found


_SECTION = re.compile(r"[ \t]*\[([^\]\n]*)\]")
_KEY = re.compile(r"[ \t]*([A-Za-z0-9_.-]+)[ \t]*[=:][ \t]*")
#: Keys read in any section: key -> syntax.
_INI_KEYS = {
    "bind-address": "mysql-bind-address",
    "bind_address": "mysql-bind-address",
    "http_addr": "generic",
    "listen_address": "generic",
    "listen_host": "generic",
    "bind_host": "generic",
    "bind_ip": "mongodb-bindIp",
    "server.socket_host": "host",  # CherryPy's configuration files
}
#: Keys of Grafana's ``[server]`` section that no other server's has.
_GRAFANA_KEYS = frozenset(["root_url", "serve_from_sub_path", "enforce_domain", "router_logging"])
#: A uWSGI socket whose port is a placeholder: ``:$(PORT)``, ``0.0.0.0:%(port)``.
_UWSGI_PLACEHOLDER = re.compile(r"(.*):(?:\$\([\w.]+\)|%\([\w.]+\))")
#: CouchDB's HTTP sections, where ``bind_address = any`` is every IPv4 and IPv6 address.
_COUCHDB = frozenset(["chttpd", "httpd"])
#: uWSGI's sockets, in its ``[uwsgi]`` section.
_UWSGI_KEYS = frozenset(["http", "http-socket", "https", "socket", "uwsgi-socket"])


def read_ini(name: str, text: str) -> list[SettingFinding]:
    """``key = value`` lines of INI files: MySQL's ``bind-address``, Grafana's ``http_addr``.

    Grafana's ``[server]`` with ``http_port`` and no ``http_addr`` binds every interface
    (its default, an empty ``http_addr``): reported at ``http_port``.
    """
    places = Places(text)
    found = []
    section = ""
    server: dict[str, int] = {}  # Grafana's [server] keys -> where their values start
    for start, line in lines(text):
        header = _SECTION.match(line)
        if header is not None:
            section = header[1].strip()
            continue
        match = _KEY.match(line)
        if match is None or line.lstrip().startswith(("#", ";")):
            continue
        key = match[1].lower()
        if section.lower() == "server":
            server[key] = start + match.end()
        syntax = _INI_KEYS.get(key)
        if syntax is None and section.lower() == "uwsgi" and key in _UWSGI_KEYS:
            syntax = "listen"
        if syntax is None:
            continue
        value = re.split(r"[ \t][#;]", line[match.end() :], maxsplit=1)[0].strip()
        value = value[1:-1] if len(value) > 1 and value[0] == value[-1] in "\"'" else value
        placeholder = _UWSGI_PLACEHOLDER.fullmatch(value) if syntax == "listen" else None
        # uWSGI fills $(PORT) (an environment variable) and %(name) in at start: the
        # host before it is bound whatever the port
        verdict = check_setting(
            syntax if placeholder is None else "host",
            value if placeholder is None else placeholder[1],
        )
        if key == "bind_address" and section.lower() in _COUCHDB and value.lower() == "any":
            verdict = verdict_of(
                everywhere("CouchDB's bind_address 'any' binds every interface"), []
            )
        place = places(start + match.end())
        found.append(SettingFinding((section, match[1]), syntax, value, verdict, name, *place))
    base = re.split(r"[\\/]", name)[-1].lower()
    grafana = "grafana" in base or not server.keys().isdisjoint(_GRAFANA_KEYS)
    if grafana and "http_port" in server and "http_addr" not in server:
        why = "Grafana's http_port without http_addr binds every interface"
        verdict = verdict_of([Bind("all_interfaces", "*", why)], [])
        place = places(server["http_port"])
        found.append(SettingFinding(("server", "http_port"), "generic", "", verdict, name, *place))
    return found
