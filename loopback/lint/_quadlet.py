"""Podman Quadlet units (``*.container``, ``*.pod``, ``*.kube``): the ports they publish.

Quadlet turns each unit into a systemd service that runs ``podman run`` (``podman pod
create``, ``podman kube play``); its files have systemd's syntax (``[Section]`` headers,
``Key=Value`` lines, ``#`` and ``;`` comments, a trailing ``\\`` continuing a line). In
the ``[Container]``, ``[Pod]`` and ``[Kube]`` sections, each ``PublishPort=`` is one
``--publish`` option, ``[[ip:][hostPort]:]containerPort[/protocol]``: as podman-run(1)
says, "if host IP is set to 0.0.0.0 or not set at all, the port is bound on all IPs on
the host", as Docker does. ``Network=host`` shares the host's network: the container's
own binds are this machine's (source: podman-systemd.unit(5)).
"""

from __future__ import annotations

from dataclasses import replace

from ._model import Bind, SettingFinding, verdict_of
from ._places import Places, lines
from ._setting import check_setting

__all__ = ["read_quadlet"]

#: The sections whose ``PublishPort=`` and ``Network=`` Quadlet hands to Podman.
_SECTIONS = frozenset(["Container", "Pod", "Kube"])
_HOST_NETWORK = verdict_of(
    [Bind("depends", "host", "Network=host: the container's own binds are this machine's; "
          "what it exposes depends on what it binds")], []
)  # fmt: skip


def read_quadlet(name: str, text: str) -> list[SettingFinding]:
    """Each ``PublishPort=`` (and ``Network=host``) of a Quadlet unit's Podman section.

    >>> unit = "[Container]\\nImage=nginx\\nPublishPort=8080:80\\nPublishPort=127.0.0.1:9000:9\\n"
    >>> [(f.line, f.value, f.verdict.exposure) for f in read_quadlet("web.container", unit)]
    [(3, '8080:80', 'all_interfaces'), (4, '127.0.0.1:9000:9', 'loopback')]
    """
    places = Places(text)
    found = []
    section = ""
    for offset, key, value in _assignments(text):
        if not key:
            section = value
        elif section in _SECTIONS and key == "PublishPort" and value:
            verdict = check_setting("docker-ports", value)
            message = verdict.message.replace("Docker publishes", "Podman publishes")
            found.append(
                SettingFinding(
                    (section, key),
                    "docker-ports",
                    value,
                    replace(verdict, message=message),
                    name,
                    *places(offset),
                )
            )
        elif section in _SECTIONS and key == "Network" and value == "host":
            found.append(
                SettingFinding((section, key), "docker-ports", value, _HOST_NETWORK, name,
                               *places(offset))
            )  # fmt: skip
    return found


def _assignments(text: str) -> list[tuple[int, str, str]]:
    """``(offset of the value, key, value)`` of each line; a section header has no key.

    A line ending in ``\\`` goes on on the next (systemd joins them with a space).
    """
    found: list[tuple[int, str, str]] = []
    pending: tuple[int, str, str] | None = None
    for start, raw in lines(text):
        line = raw.rstrip("\r")
        if pending is not None:
            offset, key, value = pending
            stripped = line.strip()
            if stripped.startswith(("#", ";")):  # a comment inside a continued line
                continue
            pending = None
            if stripped.endswith("\\"):
                pending = (offset, key, f"{value} {stripped[:-1].strip()}".strip())
            else:
                found.append((offset, key, f"{value} {stripped}".strip()))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            found.append((start, "", stripped[1:-1]))
            continue
        key, equals, value = line.partition("=")
        if not equals:
            continue
        offset = start + len(key) + 1 + (len(value) - len(value.lstrip()))
        value = value.strip()
        if value.endswith("\\"):
            pending = (offset, key.strip(), value[:-1].strip())
        else:
            found.append((offset, key.strip(), value))
    if pending is not None:  # a last line ending in a backslash
        found.append(pending)
    return found
