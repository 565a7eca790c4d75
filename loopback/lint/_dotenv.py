"""``.env`` files as docker compose and python-dotenv read them (for ``lint_path``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._model import SettingFinding, Verdict
from ._places import Places, lines
from ._reading import port_number
from ._variables import interpolate, judged

__all__ = ["env_lines", "read_dotenv"]

#: Variables read by one server, with its syntax.
_ENV_SYNTAXES = {"FLASK_RUN_HOST": "flask-host", "UVICORN_HOST": "uvicorn-host"}
#: Variables that name a bind host or endpoint whole.
_ENV_NAMES = frozenset(["HOST", "BIND", "LISTEN", "HOST_IP", "SERVER_HOST", "BIND_IP"])
#: Endings of variables that name one (``REDIS_HOST`` names a server to connect to: no).
_ENV_ENDINGS = (
    "_BIND", "_BIND_ADDR", "_BIND_ADDRESS", "_BIND_HOST", "_BIND_IP",
    "_LISTEN", "_LISTEN_ADDR", "_LISTEN_ADDRESS", "_LISTEN_HOST", "_LISTEN_IP",
)  # fmt: skip
_ENV_LINE = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*")
_ENV_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def _env_syntax(variable: str) -> str | None:
    upper = variable.upper()
    if upper in _ENV_SYNTAXES:
        return _ENV_SYNTAXES[upper]
    if upper in _ENV_NAMES or upper.endswith(_ENV_ENDINGS):
        return "generic"
    return None


def read_dotenv(name: str, text: str) -> list[SettingFinding]:
    """``KEY=VALUE`` lines as docker compose and python-dotenv read them.

    The last line of a name wins, and ``${NAME}`` in a value that is not single-quoted is
    a variable set above.
    """
    settings: dict[str, tuple[int, str, str, Verdict]] = {}  # variable -> offset, syntax, ...
    for variable, offset, value, expanded, unset in env_lines(text):
        syntax = _env_syntax(variable)
        if syntax is None or (syntax == "generic" and port_number(expanded) is not None):
            continue  # a port alone: its user (compose ports, a server's flag) says the host
        if expanded or unset:  # VAR= leaves the server's default
            verdict = judged(syntax, value, expanded, unset, "above it")
            settings[variable] = (offset, syntax, value, verdict)
        else:
            settings.pop(variable, None)
    places = Places(text)
    return [
        SettingFinding((variable,), syntax, value, verdict, name, *places(offset))
        for variable, (offset, syntax, value, verdict) in settings.items()
    ]


def env_lines(text: str) -> Iterator[tuple[str, int, str, str, list[str]]]:
    """Each ``KEY=VALUE`` line, read.

    Yields the name, the value's offset, the value as written, the value with the
    variables of the lines above put in, and the names set nowhere above.
    """
    variables: dict[str, str] = {}
    for start, line in lines(text):
        match = _ENV_LINE.match(line)
        if match is None:
            continue
        raw = line[match.end() :]
        value = _env_value(raw)
        unset: list[str] = []
        expanded = value if raw.startswith("'") else interpolate(value, variables, unset)
        variables[match[1]] = expanded
        yield match[1], start + match.end(), value, expanded, unset


def _env_value(raw: str) -> str:
    raw = raw.rstrip("\r")
    if raw.startswith("'"):
        end = raw.find("'", 1)
        return raw[1:] if end < 0 else raw[1:end]
    if raw.startswith('"'):
        chars, i = [], 1
        while i < len(raw) and raw[i] != '"':
            if raw[i] == "\\" and i + 1 < len(raw):
                chars.append(_ENV_ESCAPES.get(raw[i + 1], "\\" + raw[i + 1]))
                i += 2
            else:
                chars.append(raw[i])
                i += 1
        return "".join(chars)
    return re.split(r"[ \t]#", raw, maxsplit=1)[0].strip(" \t")
