"""Development servers configured in JavaScript: ``vite.config.*`` and ``astro.config.*``.

The file is never run. It is read as tokens (comments, string and template literals,
names, brackets), enough to find ``host`` written as a literal directly in a ``server``
or ``preview`` object, as Vite reads it (https://vite.dev/config/server-options#server-host,
https://vite.dev/config/preview-options#preview-host) and Astro passes it on
(https://docs.astro.build/en/reference/configuration-reference/#serverhost): ``true`` or
``'0.0.0.0'`` listen on every address, a name or address on that one; without it the
server listens on ``localhost``. A ``host`` computed at run time (``process.env.HOST``)
is not known here, and a nested object's (``server.hmr.host``, the client's) is no bind.
Linear in the text.
"""

from __future__ import annotations

import re

from ._model import SettingFinding
from ._places import Places
from ._setting import check_setting

__all__ = ["read_js_config"]

_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)
    |(?P<name>[A-Za-z_$][\w$]*)
    |(?P<punct>[{}\[\]():,])
    |\S""",
    re.DOTALL | re.VERBOSE,
)
#: The objects whose ``host`` is the server's bind address.
_SERVERS = frozenset(["server", "preview"])
_OPEN, _CLOSE = "{[(", "}])"


def read_js_config(name: str, text: str) -> list[SettingFinding]:
    """The ``server.host`` and ``preview.host`` literals of a Vite or Astro configuration."""
    places = Places(text)
    found = []
    stack: list[str] = []  # the key that opened each bracket ("" for none)
    key = ""  # the key just before a ':', until its value starts
    previous = ""  # the last lexeme (comments left out)
    for match in _TOKEN.finditer(text):
        lexeme = match[0]
        if match["comment"]:
            continue
        if lexeme == ":" and (match_key := _key(previous)):
            key = match_key
        elif lexeme in _OPEN:
            stack.append(key)
            key = ""
        elif lexeme in _CLOSE:
            if stack:
                stack.pop()
            key = ""
        elif key == "host" and stack and stack[-1] in _SERVERS:
            value = _literal(lexeme)
            if value is not None:
                line, column = places(match.start())
                verdict = check_setting("host", "0.0.0.0" if value == "true" else value)
                found.append(
                    SettingFinding((stack[-1], "host"), "host", value, verdict, name, line, column)
                )
            key = ""
        elif lexeme != ":":
            key = ""
        previous = lexeme
    return found


def _key(lexeme: str) -> str:
    """The key a lexeme names before a ``:`` (``""``: none)."""
    if lexeme[:1] in ("'", '"'):
        return lexeme[1:-1]
    return lexeme if lexeme[:1].isalpha() or lexeme[:1] in "_$" else ""


def _literal(lexeme: str) -> str | None:
    """A host written as a literal: a plain string, or ``true`` (``None``: anything else)."""
    if lexeme[:1] in ("'", '"') or (lexeme[:1] == "`" and "${" not in lexeme):
        return lexeme[1:-1]
    return "true" if lexeme == "true" else None
