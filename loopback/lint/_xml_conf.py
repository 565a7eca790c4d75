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


def _elements(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Where the text between each ``opening`` and the next ``closing`` starts and ends.

    Comments are skipped; each search goes on from where the last ended (linear time: a
    tag or comment that never closes ends the search, as nothing after it can close).
    """
    found: list[tuple[int, int]] = []
    pattern = re.compile("<!--|" + re.escape(opening))
    position = 0
    while True:
        match = pattern.search(text, position)
        if match is None:
            return found
        mark = "-->" if match[0] == "<!--" else closing
        end = text.find(mark, match.end())
        if end < 0:
            return found
        if match[0] != "<!--":
            found.append((match.end(), end))
        position = end + len(mark)


def read_clickhouse(name: str, text: str) -> list[SettingFinding]:
    """Each ``<listen_host>`` of the file."""
    places = Places(text)
    found = []
    for start, end in _elements(text, "<listen_host>", "</listen_host>"):
        content = text[start:end]
        value = content.strip(" \t\r\n")
        if "<" in value:  # not a host: an element inside
            continue
        verdict = check_setting("host", value)
        place = places(start + len(content) - len(content.lstrip(" \t\r\n")))
        found.append(SettingFinding(("listen_host",), "host", value, verdict, name, *place))
    return found


#: An attribute (names of at most 64 characters: a regex that cannot backtrack far).
_ATTRIBUTE = re.compile(r"""([\w.:-]{1,64})[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")


def read_tomcat(name: str, text: str) -> list[SettingFinding]:
    """Each ``<Connector>`` of a Tomcat ``server.xml``: its ``address`` or its default."""
    places = Places(text)
    found = []
    for start, end in _elements(text, "<Connector", ">"):
        if start < end and not (text[start].isspace() or text[start] == "/"):
            continue  # another element whose name starts so (<ConnectorFactory>)
        attributes = {
            attribute[1]: (
                attribute.start(2 if attribute[2] is not None else 3),
                attribute[2] if attribute[2] is not None else attribute[3],
            )
            for attribute in _ATTRIBUTE.finditer(text, start, end)
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
        offset = attributes.get("port", (start, ""))[0]
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
