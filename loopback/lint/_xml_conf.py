"""ClickHouse's XML configuration: ``<listen_host>`` (for ``lint_path``).

Every ``listen_host`` element outside comments is a host the server listens on (``::``:
every interface, ``0.0.0.0``: every IPv4 one); without one, ClickHouse listens on
localhost only. Source:
<https://clickhouse.com/docs/operations/server-configuration-parameters/settings#listen_host>.
"""

from __future__ import annotations

import re

from ._model import SettingFinding
from ._places import Places
from ._setting import check_setting

__all__ = ["read_clickhouse"]

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
