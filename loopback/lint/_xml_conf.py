"""XML configurations: ClickHouse's ``<listen_host>``, Tomcat's ``<Connector>`` (for ``lint_path``).

Every ``listen_host`` element outside comments is a host the server listens on (``::``:
every interface, ``0.0.0.0``: every IPv4 one); without one, ClickHouse listens on
localhost only. Source:
<https://clickhouse.com/docs/operations/server-configuration-parameters/settings#listen_host>.

Each Tomcat ``<Connector>`` outside comments listens on its ``address``; without one an
HTTP connector listens on every interface, and an AJP connector on loopback (Tomcat
9.0.31, 8.5.51 and 7.0.100 on; every interface before). Source:
<https://tomcat.apache.org/tomcat-10.1-doc/config/http.html#Common_Attributes>.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ._model import Bind, SettingFinding, everywhere, verdict_of
from ._places import Places
from ._reading import port_number
from ._setting import check_setting

__all__ = ["read_clickhouse", "read_tomcat"]

_ELEMENT = re.compile(
    r"<!--.*?-->|<listen_host>[ \t\r\n]*([^<]*?)[ \t\r\n]*</listen_host>", re.DOTALL
)


def read_clickhouse(name: str, text: str) -> list[SettingFinding]:
    """Each ``<listen_host>`` of the file."""
    places = Places(text)
    found = []
    for match in _ELEMENT.finditer(text):
        if match[1] is None:  # a comment
            continue
        value = match[1]
        verdict = check_setting("host", value)
        place = places(match.start(1))
        found.append(SettingFinding(("listen_host",), "host", value, verdict, name, *place))
    return found


_CONNECTOR = re.compile(r"<!--|<Connector\b([^>]*)>")
#: An attribute (names of at most 64 characters: a regex that cannot backtrack far).
_ATTRIBUTE = re.compile(r"""([\w.:-]{1,64})[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")


def _connectors(text: str) -> list[re.Match[str]]:
    """The ``<Connector ...>`` tags outside comments (each comment skipped with ``find``)."""
    found: list[re.Match[str]] = []
    position = 0
    while True:
        match = _CONNECTOR.search(text, position)
        if match is None:
            return found
        if match[0] == "<!--":
            end = text.find("-->", match.end())
            if end < 0:  # a comment that never closes: the rest is in it
                return found
            position = end + 3
            continue
        found.append(match)
        position = match.end()


def read_tomcat(name: str, text: str) -> list[SettingFinding]:
    """Each ``<Connector>`` of a Tomcat ``server.xml``: its ``address`` or its default."""
    places = Places(text)
    found = []
    for match in _connectors(text):
        attributes = {
            attribute[1]: (
                match.start(1) + attribute.start(2 if attribute[2] is not None else 3),
                attribute[2] if attribute[2] is not None else attribute[3],
            )
            for attribute in _ATTRIBUTE.finditer(match[1])
        }
        port_text = attributes.get("port", (0, ""))[1]
        port = port_number(port_text)
        if "address" in attributes:
            offset, value = attributes["address"]
            verdict = replace(check_setting("host", value), ports=(port,) if port else ())
            found.append(
                SettingFinding(
                    ("Connector", "address"), "host", value, verdict, name, *places(offset)
                )
            )
            continue
        offset = attributes.get("port", (match.start(), ""))[0]
        if attributes.get("protocol", (0, ""))[1].upper().startswith("AJP"):
            why = "an AJP connector without address listens on loopback (Tomcat 9.0.31 and later)"
            verdict = verdict_of([Bind("loopback", "localhost", why)], [port] if port else [])
        else:
            why = "a connector without address listens on every interface"
            verdict = verdict_of(everywhere(why), [port] if port else [])
        found.append(
            SettingFinding(("Connector", "port"), "host", "", verdict, name, *places(offset))
        )
    return found
